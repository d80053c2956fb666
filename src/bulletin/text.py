"""Text helpers shared by the loader, the rules and the scaffolder.

Lengths are counted in *units*: a CJK character is one unit and a Latin word
(a run of letters, digits, apostrophes or hyphens) is one unit, so one limit
serves Chinese and English items alike.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator

# CJK ideographs (with extensions), kana and hangul: each character is a unit.
CJK_CHARS = (  # character ranges, for use inside a regex class
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003134f"  # CJK extensions B-G
)
MAX_FORMATTED_BODY = 50_000
"""The longest body, in characters, that the site renders as Markdown and the quality
rules read: a longer one is shown as plain text and judged on its first this-many
characters (the check says so: S029). Ten times the longest item a policy's length
limits would pass, and short enough for every body to render in well under a second."""
_UNIT = re.compile(rf"[{CJK_CHARS}]|\d+(?:[,.]\d+)+|"  # 9,860 and 1.5 are one unit
                   rf"[^\s{CJK_CHARS}\W]+(?:['’\-][^\s{CJK_CHARS}\W]+)*")
_HAS_CJK = re.compile(rf"[{CJK_CHARS}]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def count_units(text: str) -> int:
    """Length of ``text`` in units: CJK characters plus Latin words.

    >>> count_units("Reservoir levels fall")
    3
    >>> count_units("水库水位下降 at 3 sites")
    9
    """
    return len(_UNIT.findall(text))


def has_cjk(text: str) -> bool:
    """True when ``text`` holds at least one CJK character."""
    return _HAS_CJK.search(text) is not None


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix, or ``""`` when nothing is close."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def slugify(title: str, max_words: int = 6, max_length: int = 60) -> str:
    """An ASCII, lower-case, hyphenated slug; Chinese is written in pinyin.

    >>> slugify("Reservoir levels fall below the flood-season limit")
    'reservoir-levels-fall-below-the-flood'
    >>> slugify("西山区老旧小区改造进展")
    'xishanqu-laojiu-xiaoqu-gaizao-jinzhan'
    """
    words: list[str] = []
    for chunk in _romanise(title):
        ascii_chunk = unicodedata.normalize("NFKD", chunk).encode("ascii", "ignore").decode()
        words.extend(w for w in re.split(r"[^a-z0-9]+", ascii_chunk.lower()) if w)
    slug = "-".join(words[:max_words])
    return slug[:max_length].strip("-") or "item"


def _romanise(title: str) -> list[str]:
    """Split ``title`` into chunks, with Chinese words written as pinyin."""
    if not has_cjk(title):
        return [title]
    import logging

    import jieba
    from pypinyin import lazy_pinyin

    jieba.setLogLevel(logging.WARNING)
    return ["".join(lazy_pinyin(word)) for word in jieba.cut(title)]


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line with whether it is code: a fence line or inside a fenced block."""
    fence: str | None = None
    for line in lines:
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            yield line, True
        else:
            yield line, fence is not None
