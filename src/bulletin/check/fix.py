"""``bulletin check --fix``: mechanical repairs that keep the writer's text.

Only byte-level problems are fixed — a byte-order mark, CRLF line endings,
trailing whitespace and tabs in YAML indentation. The file is edited as text,
so comments, key order and quoting stay exactly as the writer left them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..diagnostics import Diagnostic
from ..fsutil import write_atomic

FIXABLE = {"S013", "S014", "S015", "S016", "Q506"}


def fix_text(text: str, markdown: bool) -> str:
    """The repaired text of a file (``markdown``: an item with front matter and a body)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    yaml_end = _front_matter_end(lines) if markdown else len(lines)
    out = []
    for n, line in enumerate(lines):
        in_yaml = n < yaml_end
        if in_yaml:
            indent = len(line) - len(line.lstrip(" \t"))
            line = line[:indent].replace("\t", "  ") + line[indent:]
        stripped = line.rstrip(" \t")
        keep_break = not in_yaml and stripped and line[len(stripped):] == "  "
        out.append(line if keep_break else stripped)
    text = "\n".join(out)
    return _fix_punctuation(text, yaml_end + 1) if markdown and yaml_end else text


def _fix_punctuation(text: str, body_start: int) -> str:
    """Q506: normalise punctuation widths in the body's prose (not code or URLs)."""
    from .prose import body_lines
    from .rules.quality.punctuation import punctuation_fixes

    lines = text.split("\n")
    body = "\n".join(lines[body_start:])
    for line in body_lines(body, body_start):
        original = lines[line.number]
        for start, end, replacement in reversed(punctuation_fixes(line.text)):
            original = original[:start] + replacement + original[end:]
        lines[line.number] = original
    return "\n".join(lines)


def _front_matter_end(lines: list[str]) -> int:
    if not lines or lines[0].rstrip() != "---":
        return 0
    for n in range(1, len(lines)):
        if lines[n].rstrip() in ("---", "..."):
            return n
    return 0


def apply_fixes(root: Path, diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """Fix every file with a fixable diagnostic; return the count fixed per file."""
    counts: dict[str, int] = {}
    for diag in diagnostics:
        if diag.code in FIXABLE:
            counts[diag.path] = counts.get(diag.path, 0) + 1
    for rel in counts:
        path = root / rel
        raw = path.read_bytes().decode("utf-8")
        fixed = fix_text(raw, markdown=rel.endswith(".md"))
        if fixed != raw:
            write_atomic(path, fixed)
    return counts
