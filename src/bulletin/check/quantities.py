"""Figures in prose, as the rules that compare them read them: a value and what it counts.

``1.2万户`` is 12,000 households, ``三千二百人`` 3,200 people, ``2.3 million gallons``
2,300,000 gallons; ``about``, ``约``, ``超过`` and ``余`` before or after a figure say it is
approximate. Chinese numerals are read by our own table (:func:`chinese_value`): the
library that does it, ``cn2an``, takes 0.2–0.6 s to import in each worker process and
about 100 µs a call, where the table takes a few microseconds; the tests compare the
two over a range of numbers.

Every pattern here is linear in the length of the text: runs of digits and numerals
are read once, and what is looked for before a figure is a bounded window.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .prose import fold

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
NUMERALS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_BIG)


def chinese_value(text: str) -> int | None:
    """The value of a run of Chinese numerals (``一百五十`` → 150, ``两万三千`` → 23000,
    ``十二`` → 12, ``一千零五`` → 1005, ``二〇二六`` → 2026), or None when it is none."""
    if not text or any(c not in NUMERALS for c in text):
        return None
    if all(c in CN_DIGITS for c in text):  # digit by digit
        return int("".join(str(CN_DIGITS[c]) for c in text)) if len(text) > 1 or \
            text in CN_DIGITS else None
    total = section = number = 0
    for ch in text:
        if ch in CN_DIGITS:
            number = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (number or 1) * CN_UNITS[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        else:  # 亿
            total = (total + section + number) * 100_000_000
            section = number = 0
    return total + section + number


# units a figure may carry; people counted by 人, 名 or 位 are one kind
_CN_UNITS = "|".join(sorted(
    "个 名 人 位 户 家 起 次 辆 所 座 条 项 亩 吨 元 件 处 间 张 宗 例 只 头 株 棵 "
    "支 艘 架 栋 幢 层 台 套 倍 成 天 周 岁 床 份 箱 斤 升 场 批 篇 盏 顶 "
    "平方米 立方米 公里 千米 米 千克 公斤 公顷 毫米 "
    "厘米 小时 分钟 个月 千瓦 人次 车次 班次 万元 亿元".split(), key=len, reverse=True))
_EN_UNITS = (
    r"%|percent|per cent|‰|yuan|dollars?|pounds?|euros?|km|kilometres?|kilometers?|miles?|"
    r"metres?|meters?|feet|tonnes?|tons?|kg|kilograms?|hectares?|acres?|mu|litres?|liters?|"
    r"gallons?|cubic metres?|people|persons?|residents?|households?|homes?|families|"
    r"patients?|cases?|students?|pupils?|workers?|staff|vehicles?|cars?|buses|trips?|beds?|"
    r"schools?|villages?|complaints?|calls?|customers?|businesses|properties|jobs|deaths?|"
    r"injur(?:y|ies)|crashes|visitors?|passengers?|days?|hours?|minutes?|weeks?|months?|"
    r"children|adults?|houses?|buildings?|roads?|bridges?|sites?|applications?|"
    r"claims?|calls?|incidents?|arrests?|tests?|samples?|doses?|vaccinations?")
_SAME = {"％": "%", "percent": "%", "per cent": "%", "名": "人", "位": "人", "persons": "people",
         "person": "people", "万元": "元", "亿元": "元",
         # counting words of things: 63个隐患点 and 隐患点63处 are one count
         **{c: "个" for c in "处家座所项条间栋幢只台套件宗张盏顶"}}
_UNIT_SCALE = {"万元": 1e4, "亿元": 1e8}
SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2, "million": 1e6, "billion": 1e9,
          "thousand": 1e3}

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
# dates and times are when, not how much: Q302's business, not a figure to back up
_DATES = re.compile(rf"\b\d{{1,2}}(?:\s*(?:to|-|–|—)\s*\d{{1,2}})?\s+(?:{MONTHS})\b|"
                    rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:\s*(?:to|-|–|—)\s*\d{{1,2}})?\b|"
                    r"(?<![\d.])\d{1,2}\s*[月日号时点秒](?:\s*(?:至|到|-|—|～)\s*\d{1,2}\s*[月日号时])?|"
                    r"(?<=[时点])\d{1,2}\s*分|\d{1,2}:\d{2}|\b(?:19|20)\d{2}-\d{2}-\d{2}\b|"
                    r"\bweek \d{1,2}\b|第\d+周", re.I)

_DATE_MARKS = re.compile(r"[月日号时点秒分周:-]")
_DATE_WORDS = (re.compile(rf"\d\s+(?:{MONTHS})|week \d"),
               re.compile(rf"(?:{MONTHS})\.?\s+\d"))


def _may_hold_date(text: str) -> bool:
    """False when :data:`DATES` cannot match ``text``: each of its forms needs one of
    月日号时点秒分周, ':' or '-', or an English month's name (or "week") beside a figure."""
    if _DATE_MARKS.search(text):
        return True
    folded = fold(text)
    return any(pattern.search(folded) for pattern in _DATE_WORDS)


class Guarded:
    """A pattern whose scans are skipped where a quick test says it cannot match, and
    tried only where ``starts`` says a match may begin.

    ``needs(text)`` must be true of every text the pattern matches somewhere in, and
    ``starts`` must match wherever a match of the pattern (never empty) can begin: both
    are many times faster than the pattern, whose alternatives the regex engine tries
    at every character. The matches are the pattern's own.
    """

    def __init__(self, pattern: re.Pattern[str], needs: Callable[[str], bool],
                 starts: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.needs = needs
        self.starts = starts

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return matches_from(self.pattern, self.starts, string) if self.needs(string) \
            else iter(())

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str) -> str:
        pieces, done = [], 0
        for m in self.finditer(string):
            pieces += [string[done:m.start()], repl if isinstance(repl, str) else repl(m)]
            done = m.end()
        return "".join([*pieces, string[done:]]) if pieces else string


# where a match of _DATES can start: a digit, 第, or a letter that opens a month's name
# or "week" (ſ is an s to a pattern that ignores case) after no letter or digit
_DATES_START = re.compile(r"[\d第jfmasondwJFMASONDWſ](?<!\w[jfmasondwJFMASONDWſ])")
DATES = Guarded(_DATES, _may_hold_date, _DATES_START)
"""Dates and times in a text (``3 November``, ``11月3日``, ``10:15``, ``2026-11-03``)."""

ARABIC = r"(?<![0-9A-Za-z_.,])\d[\d,]*+(?:\.\d+)?"
_FIGURE = re.compile(
    rf"(?P<num>{ARABIC}|(?<![{NUMERALS}第])[{NUMERALS}]+)\s*"
    r"(?:(?P<scale>万|亿|million|billion|thousand)\s*)?(?P<more>多|余)?\s*"
    rf"(?:(?P<sym>%|％|‰)|\b(?P<en>{_EN_UNITS})\b|(?P<cn>{_CN_UNITS}))", re.I)
_RANGE_START = re.compile(rf"({ARABIC})\s*(?:to|and|-|–|—|至|到)\s*\Z")
APPROXIMATE_BEFORE = re.compile(
    r"(?:约|大约|大概|近|将近|接近|超过|逾|达|不足|不到|上万|about|around|approximately|"
    r"roughly|nearly|almost|over|more than|some|up to|under|less than|fewer than|close to)"
    r"\s*\Z", re.I)


@dataclass(frozen=True)
class Figure:
    """A figure in a text: where, its value, its unit (normalised) and how it is given."""

    start: int
    end: int
    value: float
    unit: str
    text: str
    more: bool = False
    """Written with 多 or 余: "150余人" is at least 150."""


def _unit(m: re.Match[str]) -> str:
    raw = m.group("sym") or m.group("en") or m.group("cn")
    unit = _SAME.get(raw.lower(), raw.lower())
    if unit.isascii() and len(unit) > 3 and unit not in ("%", "people", "staff", "feet"):
        unit = unit.removesuffix("es") if unit.endswith(("ches", "sses", "xes")) else \
            unit.removesuffix("s")
    return _SAME.get(unit, unit)


def value_of(number: str) -> float | None:
    """The value of an Arabic figure (``1,240``, ``3.5``) or a run of Chinese numerals."""
    if number[0].isdigit():
        try:
            return float(number.replace(",", ""))
        except ValueError:
            return None
    found = chinese_value(number)
    return None if found is None else float(found)


# where a match of _FIGURE can start: a digit or a numeral its look-behind allows (a
# superset: _FIGURE, which ignores case, also refuses a digit after ı, İ, ſ or K); this
# pattern opens with a class, which the regex engine skips to at C speed
_FIGURE_START = re.compile(rf"[\d{NUMERALS}](?<![0-9A-Za-z_.,]\d)(?<![{NUMERALS}第][{NUMERALS}])")


def matches_from(pattern: re.Pattern[str], starts: re.Pattern[str], text: str
                 ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where ``starts`` finds that a match may begin.

    The same matches, when every match of ``pattern`` (never empty) begins where
    ``starts`` matches: a pattern that opens with a look-behind or a choice is tried
    by the regex engine at every character, a few of which can start it.
    """
    pos = 0
    while (start := starts.search(text, pos)) is not None:
        found = pattern.match(text, start.start())
        if found is None:
            pos = start.start() + 1
        else:
            yield found
            pos = max(found.end(), start.start() + 1)


def _ends_range(before: str) -> bool:
    """Whether ``before`` ends as :data:`_RANGE_START` needs, with a word that joins two
    figures and spaces (tested before the pattern: most figures start no range)."""
    return before.rstrip()[-3:].lower().endswith(("to", "and", "-", "–", "—", "至", "到"))


def figures(text: str) -> Iterator[Figure]:
    """Each figure of ``text`` that carries a unit, with its value scaled (``1.2万户``:
    12000 户; ``3,000 homes``: 3000 home). A capitalised English word after a figure is
    a name, not a unit ("£620,000 Household Support Fund")."""
    for m in matches_from(_FIGURE, _FIGURE_START, text):
        if m.group("en") and not m.group("en")[0].islower():
            continue
        value = value_of(m.group("num"))
        if value is None:
            continue
        scale = (SCALES[m.group("scale").lower()] if m.group("scale") else 1) * \
            _UNIT_SCALE.get(m.group("cn") or "", 1)
        unit = _unit(m)
        yield Figure(m.start(), m.end(), value * scale, unit, m.group(0), bool(m.group("more")))
        # the first figure of a range takes the unit of the second ("from 2.9 to 2.3
        # million gallons", 由3.2至2.8万户)
        first = _RANGE_START.search(text, max(0, m.start() - 24), m.start()) \
            if _ends_range(text[max(0, m.start() - 24):m.start()]) else None
        if first and (start := value_of(first.group(1))) is not None:
            yield Figure(first.start(1), first.end(1), start * scale, unit, first.group(1))


def approximate(text: str, figure: Figure) -> bool:
    """Whether ``figure`` is given as approximate ("about 3,000", 约3000, 3000余)."""
    return figure.more or APPROXIMATE_BEFORE.search(text, max(0, figure.start - 16),
                                                    figure.start) is not None


def plain(value: float) -> str:
    """A value as a figure is written: ``3000``, ``1.2``."""
    return f"{value:.10g}"


EN_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
EN_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                 "eighty": 80, "ninety": 90})
_TOKEN = re.compile(rf"(?P<num>{ARABIC})|(?P<cn>(?<![{NUMERALS}第])[{NUMERALS}]+)|"
                    r"\b(?P<word>" + "|".join(EN_WORDS) + r")\b", re.I)


@dataclass(frozen=True)
class Number:
    """A number in a text, with or without a unit: where and its value."""

    start: int
    end: int
    value: float


def numbers_in(text: str) -> Iterator[Number]:
    """Every number of ``text``: digits, runs of Chinese numerals, English number words
    from two to ninety (not "one", more often a pronoun than a figure)."""
    for m in _TOKEN.finditer(text):
        if m.group("word"):
            word = float(EN_WORDS[m.group("word").lower()])
            if word < 2:
                continue
            value: float | None = word
        else:
            value = value_of(m.group(0))
        if value is not None:
            yield Number(m.start(), m.end(), value)
