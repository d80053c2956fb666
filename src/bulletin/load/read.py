"""Reading a file of the repository safely: its bytes within a size limit, never
through a link, decoded as UTF-8 and repaired (BOM, CRLF, control characters),
with a located finding for each thing that was wrong or repaired.

Nothing here raises on bad input: a file that cannot be read gives findings and
no text (:class:`Text`), and the caller goes on with the other files.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Finding

MAX_BYTES = 1 << 20  # a file larger than this is refused: items are short
MAX_MANIFEST_BYTES = 4 * MAX_BYTES
# C0 and C1 controls except tab, LF and CR — NEL and the Unicode line and paragraph
# separators too: YAML reads them as line breaks that editors do not show, which
# would put every later line number off
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Text:
    """A file's text after the mechanical repairs the check reports (BOM, CRLF...)."""

    path: str
    text: str | None
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        self.findings.append(Finding(code, message, line, column, path=self.path))


def read_text(root: Path, rel: str, max_bytes: int = MAX_BYTES) -> Text:
    """Read ``rel`` as UTF-8 text, reporting and repairing what can be repaired."""
    return decode_text(rel, *read_file(root, rel, max_bytes)[:2])


def read_file(root: Path, rel: str, max_bytes: int = MAX_BYTES
              ) -> tuple[bytes | None, list[Finding], os.stat_result | None]:
    """The bytes of ``rel`` (None when it cannot or may not be read, with findings
    saying why) and its ``lstat``; a symbolic link is never followed."""
    out = Text(rel, None)
    st = None
    try:
        st = os.lstat(os.path.join(root, rel))
        if stat.S_ISLNK(st.st_mode):
            out.add("S001", "is a symbolic link; bulletin never follows links in a bulletin "
                            "repository — replace it with the file itself")
            return None, out.findings, st
        if not stat.S_ISREG(st.st_mode):
            out.add("S001", "is not a regular file")
            return None, out.findings, st
        if st.st_size > max_bytes:
            out.add("S001", f"file is {st.st_size:,} bytes; the limit is {max_bytes:,}")
            return None, out.findings, st
        with open(os.path.join(root, rel), "rb") as handle:
            data = handle.read()
    except OSError as exc:
        out.add("S001", f"cannot be read: {exc.strerror or exc}")
        return None, out.findings, st
    return data, out.findings, st


def decode_text(rel: str, data: bytes | None, findings: list[Finding] | None = None) -> Text:
    """``data`` (read by :func:`read_file`) as repaired text, with what was repaired."""
    out = Text(rel, None, list(findings or ()))
    if data is None:
        return out
    text = _decode(data, out)
    if text is not None:
        out.text = _normalise(text, out)
    return out


def _decode(data: bytes, out: Text) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        out.add("S001", "file is UTF-16; save it as UTF-8")
        return None
    if b"\x00" in data:
        out.add("S001", "binary file (it contains NUL bytes); items and manifests are text")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        out.add("S001", f"not valid UTF-8 (byte 0x{data[exc.start]:02X}); save the file as "
                        "UTF-8", line, column)
        return None
    if not text.strip().strip("\ufeff"):
        out.add("S001", "file is empty")
        return None
    return text


def _normalise(text: str, out: Text) -> str:
    if text.startswith("\ufeff"):
        out.add("S013", "file starts with a byte-order mark (BOM); save as UTF-8 without BOM")
        text = text[1:]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        out.add("S014", "Windows (CRLF) or old Mac (CR) line endings; use LF", line)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        for n, line_text in enumerate(text.split("\n"), 1):
            for m in _CONTROL.finditer(line_text):
                out.add("S017", f"control character U+{ord(m.group()):04X} in text", n,
                        m.start() + 1)
        text = _CONTROL.sub(" ", text)
    return text


def report_trailing_space(out: Text, lines: list[str], first_line: int, markdown: bool) -> None:
    """S015 for trailing blanks; a Markdown hard break (exactly two spaces) is kept."""
    for n, line in enumerate(lines, first_line):
        stripped = line.rstrip(" \t")
        if stripped == line or (markdown and stripped and line[len(stripped):] == "  "):
            continue
        out.add("S015", "trailing whitespace", n, len(stripped) + 1)


def expand_yaml_tabs(out: Text, lines: list[str], first_line: int) -> list[str]:
    """S016 for tabs in YAML indentation (invalid YAML); return the lines with spaces."""
    fixed = []
    for n, line in enumerate(lines, first_line):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            out.add("S016", "tab in YAML indentation; indent with spaces", n,
                    line.index("\t") + 1)
            line = line[:indent].replace("\t", "  ") + line[indent:]
        fixed.append(line)
    return fixed
