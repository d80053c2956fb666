"""Q406 *true*: dates in the text that contradict the front matter or the calendar.

Dates are read with our own table of Chinese and English forms (``2026年11月3日``,
``11月3日``, ``3 November 2026``, ``Nov. 3, 2026``, ``the 3rd day of November, 2025``,
``2026-11-03``): ``dateparser`` was measured first and takes about 6 s to load its
languages on first use and 10 ms a sentence, and it did not read ``7月2日上午``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ....diagnostics import Finding, Severity
from ....model import Item
from ...prose import body_lines, fold
from ...quantities import matches_from
from ..registry import Context, Option, rule
from .reading import half_width

W = Severity.WARNING

_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE = re.compile(
    r"(?=[\dA-Za-z])(?:"  # (a date opens with a digit or a month's name)
    rf"(?:(?P<cy>(?:19|20)\d{{2}})\s*年\s*)?(?<![\d.])(?P<cm>\d{{1,2}})\s*月\s*(?P<cd>\d{{1,2}})\s*[日号]|"
    rf"\b(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})\b|"
    rf"\b(?P<dd>\d{{1,2}}){_ORD}(?:\s+day\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b|"
    rf"\b(?P<mon2>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) +
    rf")\.?\s+(?P<dd2>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<year2>(?:19|20)\d{{2}}))?)", re.I)
_WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday",
                                         "friday", "saturday", "sunday"))}
_WEEKDAY_BEFORE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r"),?\s*\Z", re.I)
_CN_WEEKDAY_AFTER = re.compile(r"\A\s*[（(]?\s*(?:星期|周)([一二三四五六日天])")
_CN_WEEK = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}
# "today" and its kin, and how many days before the filing date they point at
_RELATIVE = re.compile(r"\b(?P<en>today|this morning|this afternoon|this evening|tonight|"
                       r"yesterday|last night)\b|"
                       r"(?P<zh>今天|今日|今晨|今早|今年今日|昨天|昨日|昨晚|昨夜)",
                       re.I)


# between "today" and a date, a word that hands the date to another day
_ANOTHER_DAY = re.compile(
    r"\b(?:tomorrow|and|or|to|until|through|next)\b|明天|明日|后天|和|至|到|、", re.I)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    month: int
    day: int
    year: int | None
    text: str


_DIGIT = re.compile(r"\d")
_MONTH_START = "|".join(sorted({name[:3] for name in _MONTHS}))
# what an English date needs (a day's figure beside a month's name), read in fold(text):
# most lines with a digit have none, and are then read for 年月日 and ISO dates only
_NEAR_MONTH = (re.compile(rf"\d(?:st|nd|rd|th)?(?:\s+day\s+of)?\s+(?:{_MONTH_START})"),
               re.compile(rf"(?:{_MONTH_START})[a-z]*\.?\s+\d"))


# where a match of _DATE can start: any digit (a year before 年 has no look-behind), or a
# letter a month's name can open with (ſ is an s to a pattern that ignores case) after
# no letter or digit (the \b before a name)
_DATE_START = re.compile(r"[\djfmasondJFMASONDſ](?<!\w[jfmasondJFMASONDſ])")


def _may_hold_date(text: str) -> bool:
    """False when no date of :data:`_DATE` can be in ``text`` (checked much faster than the
    pattern is): each needs 月 (and 日 or 号), two hyphens, or a month's name beside a figure."""
    if "月" in text or "-" in text:
        return True
    folded = fold(text)
    return any(pattern.search(folded) for pattern in _NEAR_MONTH)


def _dates(text: str) -> Iterator[_Found]:
    if not _may_hold_date(text):
        return
    for m in matches_from(_DATE, _DATE_START, text):
        g = m.groupdict()
        if g["cm"]:
            month, day, year = int(g["cm"]), int(g["cd"]), g["cy"]
        elif g["im"]:
            month, day, year = int(g["im"]), int(g["id"]), g["iy"]
        elif g["mon"]:
            month, day, year = _MONTHS[g["mon"].lower()], int(g["dd"]), g["year"]
        else:
            month, day, year = _MONTHS[g["mon2"].lower()], int(g["dd2"]), g["year2"]
        if 1 <= month <= 12 and 1 <= day <= 31:
            yield _Found(m.start(), m.end(), month, day, int(year) if year else None,
                         m.group(0))


def _real(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, filed: dt.date) -> int:
    """The year a date written without one most likely means: the filing year, or the
    one before when that would put it more than two months after the filing date."""
    near = _real(filed.year, month, day) or _real(filed.year, month, min(day, 28))
    return filed.year - 1 if near and (near - filed).days > 60 else filed.year


def _problems(text: str, item: Item, ctx: Context) -> Iterator[tuple[int, str]]:
    """(offset, message) of each date of ``text`` that contradicts the item or the calendar."""
    filed = item.date
    if filed is None or not _DIGIT.search(text):
        return  # every date the rule reads has a digit; most lines have none
    window = int(ctx.options["year_window_days"])
    anchors = [d for d in (item.date, item.event_date) if d]
    for found in _dates(text):
        year = found.year or _year_for(found.month, found.day, filed)
        day = _real(year, found.month, found.day)
        if day is None:
            yield found.start, f"'{found.text}' is not a date (that month has no day " \
                               f"{found.day})"
            continue
        if found.year and all(a.year != found.year for a in anchors) and any(
                abs((_real(a.year, found.month, found.day) or a) - a).days <= window
                for a in anchors):
            yield found.start, (f"'{found.text}' is dated {found.year}, but the item is filed "
                                f"{filed.isoformat()}; check the year")
            continue
        # a date with no year near the filing date is in the year nearest it; one far
        # from it may be another year's, and its weekday is judged against each
        near = found.year or abs((day - filed).days) <= window
        years = [year] if near else [filed.year - 1, filed.year, filed.year + 1]
        yield from _weekday(text, found, [d for y in years if (d := _real(y, found.month,
                                                                       found.day))])
        yield from _relative(text, found, day, filed)


def _weekday(text: str, found: _Found, days: list[dt.date]) -> Iterator[tuple[int, str]]:
    """A weekday beside a date that it is not, in any year the date may mean."""
    named = _WEEKDAY_BEFORE.search(text, max(0, found.start - 12), found.start)
    after = _CN_WEEKDAY_AFTER.match(text[found.end:found.end + 8])
    said = _WEEKDAYS[named.group(1).lower()] if named else \
        (_CN_WEEK[after.group(1)] if after else None)
    if said is not None and days and all(said != d.weekday() for d in days):
        day = days[len(days) // 2]
        yield found.start, (f"{day.isoformat()} is a {day.strftime('%A')}, not the day the "
                            "text names")


def _relative(text: str, found: _Found, day: dt.date, filed: dt.date) -> Iterator[tuple[int,
                                                                                       str]]:
    """'this morning, 2 October' in an item filed on 6 October."""
    before = text[max(0, found.start - 30):found.start]
    near = before + " " + text[found.end:found.end + 4]
    for m in _RELATIVE.finditer(near):
        word = (m.group("en") or m.group("zh")).lower()
        if m.end() <= len(before) and _ANOTHER_DAY.search(before, m.end()):
            return  # "today and tomorrow (Tuesday 22 November)": the date is the other day's
        back = 1 if word in ("yesterday", "last night", "昨天", "昨日", "昨晚", "昨夜") else 0
        meant = filed - dt.timedelta(days=back)
        if day != meant:
            yield found.start, (f"'{word}' is {day.isoformat()} here, but the item is filed "
                                f"{filed.isoformat()}")
        return


@rule("Q406", "date-contradiction", W, "item",
      options=(Option("year_window_days", 10, "How close a date of another year must fall to "
                                              "the filing or event day, by month and day, to "
                                              "be read as a slip of the year."),))
def date_contradiction(item: Item, ctx: Context) -> Iterator[Finding]:
    """A date in the text contradicts the item's dates or the calendar.

    ## What it does
    Reads the dates in the title, summary and body (`2026年11月3日`, `11月3日`,
    `3 November 2026`, `Nov. 3, 2025`, `the 3rd day of November, 2025`) and
    reports:

    - a date of another year that falls, by month and day, within
      `year_window_days` (10) of the filing or event date — a signature or
      dateline left from last year's release;
    - "today", "this morning", 今天, 今晨 (or "yesterday", 昨天) beside a date
      that is not the filing day (or the day before);
    - a weekday that does not match its date ("Friday, 2 October" in a year
      when 2 October is a Tuesday);
    - a date that does not exist (11月31日, 30 February).

    A text that recounts an event from an earlier day than `event_date` is
    not reported: the event date may be that of the latest development.

    ## Why
    Dates are facts a reader checks; one that contradicts the front matter
    makes the whole item doubtful and, copied into an edition, misinforms:
    the *true* criterion. Most are leftovers of an earlier text.

    ## Example
    Filed 2026-11-04: “……2025年11月3日” as the signature;
    filed 2026-10-06: "Students were evacuated this morning, Friday, 2 October."
    / “今天上午（10月9日）10时20分，……”。

    ## Use instead
    The date the item reports, in the year it happened: “2026年11月3日”;
    "on Friday, 2 October" / “10月9日10时20分，……”.
    """
    texts = [(item.where("title"), half_width(item.title or "")),
             (item.where("summary"), half_width(item.summary or ""))]
    for pos, text in texts:
        for _, message in _problems(text, item, ctx):
            yield Finding("Q406", message, pos.line, pos.column)
            break
    lines = [line for line in body_lines(item.body, item.body_line)
             if not line.text.lstrip().startswith(("#", "|"))]
    for line in lines:
        for offset, message in _problems(half_width(line.text), item, ctx):
            yield Finding("Q406", message, line.number, offset + 1)
