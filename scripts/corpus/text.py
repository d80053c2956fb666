"""Small text helpers: length in units as the checker counts it, YAML scalars,
dates, word wrap, slugs and the numbers of a text."""

from __future__ import annotations

import datetime as dt
import re

from .vocabulary import MONTHS, STOP_WORDS

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_UNIT_RE = re.compile(rf"[{_CJK}]|[^\s{_CJK}\W]+(?:['’\-][^\s{_CJK}\W]+)*")
# A plain scalar may not start with an indicator, contain ": " or " #", or end in
# ":" or a space; in a flow collection it may not contain ",[]{}" either. A single
# word starting with a digit may read as a number or a date, so it is quoted.
_PLAIN_BLOCK = re.compile(r"(?!\d\S*\Z)[A-Za-z0-9\u4e00-\u9fff](?!.*(?:: | #|[:\s]\Z))[^\n]*\Z")
_PLAIN_FLOW = re.compile(r"(?!\d\S*\Z)[A-Za-z0-9\u4e00-\u9fff](?!.*(?:: | #|[:\s]\Z))"
                         r"[^\n,\[\]{}]*\Z")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NOT_TEXT = frozenset(["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"])


def count_units(text: str) -> int:
    """Length in units: a CJK character or a Latin word is one unit (as the checker counts)."""
    return len(_UNIT_RE.findall(text))


def yaml_str(value: str, flow: bool = False) -> str:
    """A YAML scalar for ``value``: plain when unambiguous, double-quoted otherwise."""
    plain = _PLAIN_FLOW if flow else _PLAIN_BLOCK
    if plain.match(value) and value.lower() not in _NOT_TEXT:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def fmt_date(day: dt.date, zh: bool) -> str:
    return f"{day.month}月{day.day}日" if zh else f"{day.day} {MONTHS[day.month - 1]}"


def wrap(text: str, width: int = 76, indent: str = "  ") -> str:
    """Greedy word wrap for an English paragraph inside a YAML block scalar."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return "\n".join(lines)


def slug_words(text: str, limit: int = 5) -> str:
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower())
             if w and w not in STOP_WORDS and not w.isdigit()]
    return "-".join(words[:limit]) or "item"


def numbers_in(text: str) -> list[str]:
    """The numbers of ``text``, thousands separators removed (``12,345`` → ``12345``)."""
    return [m.replace(",", "") for m in _NUMBER.findall(text)]
