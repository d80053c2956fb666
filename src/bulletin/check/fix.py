"""``bulletin check --fix``: mechanical repairs that keep the writer's text.

Only mechanical problems are fixed — a byte-order mark, CRLF line endings,
trailing whitespace, tabs in YAML indentation, and punctuation widths in Chinese
text (Q506: the body, the title and the summary). The file is edited as text,
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
    """Q506: normalise punctuation widths in the body's prose (not code or URLs), and in
    the title and summary."""
    from .prose import body_lines
    from .rules.quality.punctuation import punctuation_fixes

    lines = _fix_front_matter(text.split("\n"), body_start - 1)
    body = "\n".join(lines[body_start:])
    for line in body_lines(body, body_start):
        original = lines[line.number]
        for start, end, replacement in reversed(punctuation_fixes(line.text)):
            original = original[:start] + replacement + original[end:]
        lines[line.number] = original
    return "\n".join(lines)


FIELDS = ("title", "summary")
"""The front-matter fields whose punctuation Q506 judges and ``--fix`` repairs."""


def _fix_front_matter(lines: list[str], end: int) -> list[str]:
    """``lines`` with the punctuation of the title and summary normalised: only their
    values' text (a comment after a plain or quoted value stays), and only when the
    front matter still reads the same apart from those marks."""
    from .. import safeyaml
    from .prose import mask
    from .rules.quality.punctuation import punctuation_fixes

    header = "\n".join(lines[1:end])
    doc = safeyaml.load(header)
    if not doc.ok or not isinstance(doc.data, dict):
        return lines
    out = list(lines)
    for name in FIELDS:
        if not isinstance(doc.data.get(name), str) or (name,) not in doc.values:
            continue
        first = doc.values[(name,)]
        later = [k.line for k in doc.keys.values() if k.line > first.line]
        stop = min(later, default=end)
        block = lines[first.line][first.column - 1:first.column][:1] in ("|", ">")
        for n in range(first.line, stop):  # 1-based header line n is lines[n]
            line = out[n]
            begin = first.column - 1 if n == first.line else 0
            if line.lstrip().startswith("#"):
                continue
            cut = len(line) if block else _comment_start(line, begin)
            part = mask(line[begin:cut])
            for start, stop_at, replacement in reversed(punctuation_fixes(part)):
                line = line[:begin + start] + replacement + line[begin + stop_at:]
            out[n] = line
    fixed = safeyaml.load("\n".join(out[1:end]))
    same = fixed.ok and isinstance(fixed.data, dict) and fixed.data.keys() == doc.data.keys() \
        and all(fixed.data[k] == doc.data[k] for k in doc.data if k not in FIELDS)
    return out if same else lines


def _comment_start(line: str, begin: int) -> int:
    """Where a comment starts on a plain or quoted value's line (``  # ...``)."""
    at = line.find(" #", begin)
    return len(line) if at < 0 else at


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
