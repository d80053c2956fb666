"""How the Q rules read an item: cue-word patterns, the item's prose, full-width digits.

What the criteria's modules share; no rule lives here.
"""

from __future__ import annotations

import re

from ....model import Item
from ....text import has_cjk
from ...prose import body_lines, is_heading

TO_HALF = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B)}
"""Full-width digits, letters and the marks between them, mapped to ASCII."""


def cues(*words: str) -> re.Pattern[str]:
    """One pattern for English words (on word boundaries at both ends: *so* is not
    *software*; a pattern that wants a stem says so, ``addict\\w*``) and Chinese terms."""
    latin = [w for w in words if not has_cjk(w)]
    cjk = [w for w in words if has_cjk(w)]
    parts = []
    if latin:
        parts.append(r"\b(?:" + "|".join(latin) + r")(?!\w)")
    if cjk:
        parts.append("|".join(cjk))  # our own terms; a few are patterns (由…到)
    return re.compile("|".join(parts), re.I)


# a negation shortly before a cue: up to three English words ("no one was injured"),
# up to four Chinese characters ("未造成人员受伤", but not "未成年人溺水死亡")
_NEGATED = re.compile(r"\b(?:no|not|none|nobody|without|never)\b(?:\W+[A-Za-z]+){0,3}\W*$|"
                      r"(?:未|无|没有)[^，。；,;]{0,4}$", re.I)


def negated(text: str, at: int) -> bool:
    """True when a negation stands shortly before ``text[at]`` ("no one was …", 未造成)."""
    # the negation is read in the 80 characters before the cue: one search per cue
    # then costs the same however long the text (a title may be 64 KB)
    return _NEGATED.search(text[max(0, at - 80): at]) is not None


def names(pattern: re.Pattern[str], text: str) -> bool:
    """True when ``text`` has a match of ``pattern`` that is not negated."""
    return any(not negated(text, m.start()) for m in pattern.finditer(text))


def item_prose(item: Item) -> str:
    """Title, summary and body prose (code, URLs and headings left out)."""
    prose = " ".join(line.text for line in body_lines(item.body, item.body_line)
                     if not is_heading(line.text))
    return " ".join(filter(None, [item.title, item.summary, prose]))


_FULL_WIDTH = re.compile("[\uff10-\uff5a]")


def half_width(text: str) -> str:
    """Full-width digits as ASCII (Q506 reports them; figures are still figures)."""
    # translate reads a text character by character: only when there is one to change
    if text.isascii() or _FULL_WIDTH.search(text) is None:
        return text
    return text.translate(TO_HALF)
