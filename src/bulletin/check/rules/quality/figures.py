"""Q403 and Q405, *true*: figures that contradict each other, or are given twice over.

Q403 reads a total and the parts an item lists after it (其中, "including", "of whom",
"Of the 46 bridges, …") and reports parts that add up to more than the total, a part
larger than its whole, or a list said to be complete (分别, "respectively", "In all,
…:", three named of 3个乡镇) that does not add up. Q405 reports a figure with two
approximators (超过150余人, 约200多户, "about more than 300").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ....diagnostics import Finding, Severity
from ....model import Item
from ...prose import body_lines, fold, has_any, sentences
from ...quantities import DATES, Figure, Number, approximate, figures, numbers_in, plain
from ..registry import Context, rule
from .reading import half_width

W = Severity.WARNING

# units whose figures are not parts of a sum: shares, ages, ratios, durations
_NOT_SUMMED = frozenset({"%", "‰", "岁", "倍", "成", "度", "天", "周", "小时", "分钟", "个月",
                         "day", "hour", "minute", "week", "month"})
# what introduces the parts of a total
_ANCHOR = re.compile(r"其中|分别为|分别是|\b(?:including|of whom|of which|of them|of these|"
                     r"among them)\b|(?-i:\bOf (?:the|these|those)\b)|[:：]\s*(?=\d)", re.I)
# what :data:`_ANCHOR` cannot match without, in the text and in fold(text): a scan for
# these literals is many times faster than the pattern's, and most sentences have none
_ANCHOR_MARKS = ("其中", "分别", ":", "：", "Of the", "Of those")
_ANCHOR_WORDS = ("including", "of whom", "of which", "of them", "of these", "among them")


def _may_anchor(text: str) -> bool:
    return has_any(text, _ANCHOR_MARKS) or has_any(fold(text), _ANCHOR_WORDS)


_OF_THE = re.compile(r"\s*(?:the|these|those)?\s*(\d[\d,]*(?:\.\d+)?)?", re.I)
_COMPLETE = re.compile(r"分别|respectively|\bin all\b|\ba total of\b", re.I)
_COUNT_BEFORE = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*个"
                           r"(?:乡镇|乡|镇|街道|县|区|县区|村|社区|片区|部门|单位)")
# a figure after these words compares or qualifies; it is not a part
_NOT_A_PART = re.compile(r"(?:比|较|同比|环比|增加|减少|增长|下降|上升|提高|降低|"
                         r"超过|不足|多|少|约占|占|"
                         r"拉动|带动|累计|合计|总计|"
                         r"\bup|\bdown|\bmore than|\bfewer than|\bless than|\bhigher|\blower|"
                         r"\bfrom|"
                         r"\baged?|\bunder|\bover|\babove|\bbelow|\bat least|\bolder than|"
                         r"\byounger than|\bper|\bevery|\bNo\.|\broute)\s*\Z", re.I)
# a rate or a per-unit figure is no count, and never a part or a total: 5.36批次/千人,
# 每千人5.36批次, 人均3.2吨, "12 cases per 1,000 residents", "4.2 a head"
_RATE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,2}\s*(?:/|／|每)|\s+(?:per|a|an)\s+(?!cent\b)"
                         r"(?:\d|head|person|capita|thousand|hundred|million|household|"
                         r"resident|day|week|month|year|hour|mile|km|kilomet)", re.I)
_RATE_BEFORE = re.compile(r"(?:每[^，。、；,;\d]{0,8}|人均|户均|平均|/|／|"
                          r"\b(?:per|average|averaging|rate of|ratio of)\s*)\Z", re.I)
# after 其中, a figure its clause names as the set the parts are of ("市局完成的4068批次抽检
# 中，…", "在1200名考生中，…"): the total of what follows, like "Of the 46 bridges, …"
_WHOLE_ZH = re.compile(r"[\s，,]*[^，,。；;：:\d]{0,16}?(\d[\d,.]*)[^，,。；;\d]{0,8}?中[，,]")
# a figure compared with (比2020年的11183批次, "up from 11,183") is no total of what follows
_COMPARED = re.compile(r"(?:比|较|同比|环比)[^，。；,;]{0,10}?\Z|(?:增加|减少|增长|下降)了?\s*\Z|"
                       r"\b(?:than|from|compared with|against)\s*\Z", re.I)


def _rate(text: str, start: int, end: int) -> bool:
    """True when the figure at ``text[start:end]`` is a rate or a per-unit figure."""
    return bool(_RATE_AFTER.match(text, end)) or \
        _RATE_BEFORE.search(text, max(0, start - 10), start) is not None


# where an English part stands: at the start of the list or of one of its clauses
_LIST_START = re.compile(r"(?:,|;|:|\band|\bwhile|\bwith)\s*[$£€]?\s*\Z", re.I)
# an English number with no unit is a part when a verb or a preposition follows it
_BARE_PART = re.compile(r"\s+(?:were|was|are|is|had|have|has|from|in|at|on|with|lived?|came|"
                        r"included?|involved|been|remain(?:ed)?|needed|required|received)\b",
                        re.I)


@dataclass(frozen=True)
class _Sum:
    """A total, its parts, and whether the list says it is complete."""

    whole: Figure
    parts: tuple[Number, ...]
    complete: bool
    rough: bool


def _parts(text: str, start: int, end: int, unit: str | None,
           with_unit: dict[int, Figure], units: set[str]) -> tuple[list[Number], str | None]:
    """The parts listed in ``text[start:end]``: figures of ``unit`` (when None, of the
    first part whose unit is one of ``units``, those of the figures before), and
    English numbers without a unit that a verb follows."""
    found: list[Number] = []
    depth = 0
    for number in numbers_in(text[start:end]):
        at = start + number.start
        depth = text.count("(", start, at) + text.count("（", start, at) - \
            text.count(")", start, at) - text.count("）", start, at)
        if depth > 0 or _NOT_A_PART.search(text, max(0, at - 14), at):
            continue
        figure = with_unit.get(at)
        if _rate(text, at, figure.end if figure else start + number.end):
            continue
        if text[start:at].strip(" $£€") and text[at - 1].isascii() and \
                not _LIST_START.search(text, start, at):
            continue  # an English part opens a clause of the list: ", 19 from homes"
        if figure is not None:
            if unit is None and figure.unit in units:
                unit = figure.unit
            if figure.unit == unit:
                found.append(Number(at, figure.end, figure.value))
        elif number.value.is_integer() and _BARE_PART.match(text, start + number.end):
            found.append(Number(at, start + number.end, number.value))
    return found, unit


def _sums(text: str, lead: str = "") -> Iterator[_Sum]:
    """Each total in ``text`` with the parts listed after it (``lead``: the sentence
    before, where the total of a list that opens a sentence stands)."""
    if not _ANCHOR.search(text):
        return  # no 其中, "of whom", "including": nothing to add up (most sentences)
    full = f"{lead} {text}" if lead else text
    offset = len(full) - len(text)
    masked = DATES.sub(lambda m: " " * len(m.group(0)), full)
    with_unit = {f.start: f for f in figures(masked)}
    for anchor in _ANCHOR.finditer(masked, offset):
        # a colon lists the parts of a total in its own sentence ("In all, 1,260
        # customers …: 840 in Ashby, …"), not of one before ("Catering: 2.3 billion")
        first = offset if anchor.group(0)[0] in ":：" else 0
        before = [f for f in with_unit.values() if first <= f.start and f.end <= anchor.start()
                  and not _rate(masked, f.start, f.end)]
        whole: Figure | None = None
        start = anchor.end()
        if anchor.group(0).lower().startswith("of ") and anchor.group(0)[0] == "O":
            named = _OF_THE.match(masked, anchor.end())
            if named and named.group(1):
                whole = with_unit.get(named.start(1)) or Figure(
                    named.start(1), named.end(1), float(named.group(1).replace(",", "")), "",
                    named.group(1))
                start = named.end()
            comma = masked.find(",", start)
            start = comma + 1 if comma >= 0 else len(masked)
        elif (inner := _WHOLE_ZH.match(masked, anchor.end())) and \
                (named_zh := with_unit.get(inner.start(1))) is not None:
            # 其中，市局完成的4068批次抽检中，普通食品3108批次…: a total of its own
            whole, start = named_zh, inner.end()
        units = {f.unit for f in before}
        parts, unit = _parts(masked, start, len(masked), whole.unit if whole and whole.unit
                             else None, with_unit, units)
        if unit is None and before:
            unit = before[-1].unit
            parts, unit = _parts(masked, start, len(masked), unit, with_unit, units)
        if not parts or unit in _NOT_SUMMED:
            continue
        if whole is None:
            # the total is the nearest figure of the unit at least as large as every part
            # (the largest, if none is: then a part is larger than any whole it may have)
            same = [f for f in before if f.unit == unit
                    and not _COMPARED.search(masked, max(0, f.start - 12), f.start)]
            if not same:
                continue
            largest = max(p.value for p in parts)
            whole = next((f for f in reversed(same) if f.value >= largest),
                         max(same, key=lambda f: f.value))
        elif not whole.unit:
            whole = Figure(whole.start, whole.end, whole.value, unit or "", whole.text)
        complete = bool(_COMPLETE.search(masked, max(0, whole.start - 12), anchor.end() + 4)) \
            or _counted(masked, whole, len(parts))
        rough = approximate(masked, whole) or any(
            approximate(masked, Figure(p.start, p.end, p.value, unit or "", "")) for p in parts)
        yield _Sum(whole, tuple(parts), complete, rough)


def _counted(text: str, whole: Figure, parts: int) -> bool:
    """True when the text counts the places or units just before the total and names as
    many parts ("3个乡镇1.2万人受灾，其中石桥镇…、柳河镇…、白沙乡…")."""
    count = None
    for m in _COUNT_BEFORE.finditer(text, max(0, whole.start - 20), whole.start):
        count = m
    if count is None:
        return False
    from ...quantities import value_of

    return value_of(count.group(1)) == parts and parts >= 2


def _verdict(found: _Sum) -> str | None:
    whole = found.whole.value
    running = 0.0
    for i, part in enumerate(found.parts):
        running += part.value
        if i >= 1 and abs(running - whole) < 1e-9 * max(1.0, whole):
            # the first parts make the total exactly: what follows is another measure
            # (普通食品3108批次、农产品960批次，检出不合格158批次)
            return None
    total = sum(p.value for p in found.parts)
    slack = 1.1 if found.rough else 1.0
    larger = [p for p in found.parts if p.value > whole * slack]
    if larger:
        return (f"a part ({plain(larger[0].value)}) is larger than its whole "
                f"({plain(whole)})")
    if len(found.parts) >= 2 and total > whole * slack:
        return (f"the parts ({' + '.join(plain(p.value) for p in found.parts)} = "
                f"{plain(total)}) add up to more than the total ({plain(whole)})")
    if len(found.parts) >= 2 and found.complete and not found.rough and total != whole:
        return (f"the parts ({' + '.join(plain(p.value) for p in found.parts)} = "
                f"{plain(total)}) do not add up to the total ({plain(whole)})")
    return None


@rule("Q403", "figures-dont-add-up", W, "item")
def figures_dont_add_up(item: Item, ctx: Context) -> Iterator[Finding]:
    """Parts that do not add up to their total, or a part larger than its whole.

    ## What it does
    Reads each total and the parts listed after it — after 其中, 分别为,
    "including", "of whom", "Of the 46 bridges, …" or "In all, 1,260
    customers …:", in the same or the next sentence — and reports parts of
    the same unit that add up to more than the total, a part larger than its
    whole, and a list said to be complete (分别, "respectively", "in all", or
    as many parts as 3个乡镇 counts) that does not add up. Comparisons (比去年
    增加320人, "up 18 percent") and ages are not parts, nor are rates and
    per-unit figures (5.36批次/千人, 每千人, 人均, "per 1,000", per cent): only
    counts of the same unit add up. A figure compared with (比2020年的11183批次)
    is no total; one its clause names after 其中 (“市局完成的4068批次抽检中，…”)
    is the total of what follows, and once the first parts make the total
    exactly, what follows is another measure. Approximate figures get ten per
    cent of slack.

    ## Why
    Figures that contradict each other are the first thing a reader checks
    and the last thing a leader should quote: the *true* criterion. One of
    them is wrong, and the item does not say which.

    ## Example
    “全区招收新生4860人，其中小学2780人、初中2180人。” (2780 + 2180 = 4960)
    "Crews rescued 63 people, including 28 from cars, 19 from homes and 21
    from the park." / "Of the 38 confirmed cases, 41 were hospitalized."

    ## Use instead
    Check the figures against the source and give ones that agree:
    “全区招收新生4960人，其中小学2780人、初中2180人。” / "Crews rescued 68
    people …" — or say what the rest are: “其余为随迁子女”.
    """
    if item.summary:
        for message in _contradictions(item.summary, 1):
            pos = item.where("summary")
            yield Finding("Q403", f"the summary: {message}; check the figures against the "
                                  "source", pos.line, pos.column)
            break
    for line, column, message in _located(item.body, item.body_line):
        yield Finding("Q403", f"{message}; check the figures against the source", line, column)


def _located(text: str, first_line: int) -> Iterator[tuple[int, int, str]]:
    """(line, column, message) of each sentence of ``text`` whose figures contradict
    (one message a sentence)."""
    lead = ""
    for sentence in sentences(text, first_line):
        # nothing listed: no sum (most sentences)
        if not _may_anchor(sentence.text) or not _ANCHOR.search(sentence.text):
            lead = sentence.text
            continue
        for found in _sums(half_width(sentence.text), half_width(lead)):
            message = _verdict(found)
            if message:
                yield sentence.line, sentence.column, message
                break
        lead = sentence.text


def _contradictions(text: str, first_line: int) -> Iterator[str]:
    for _, _, message in _located(text, first_line):
        yield message


_TWICE_ZH = re.compile(r"(?:约|大约|大概|近|将近|接近|超过|逾|不足|不到)\s*"
                       r"(?:\d[\d,.]*|[一二两三四五六七八九十百千]+)\s*(?:万|亿|千|百)?\s*(?:多|余)")
_APPROX_EN = r"(?:about|approximately|roughly|around|nearly|almost|some|over|more than|close to)"
_TWICE_EN = re.compile(rf"\b{_APPROX_EN}\s+{_APPROX_EN}\s+[$£€]?\d", re.I)
_APPROX_WORDS = ("about", "approximately", "roughly", "around", "nearly", "almost", "some",
                 "over", "more than", "close to")


def _twice(text: str) -> Iterator[re.Match[str]]:
    """The matches of :data:`_TWICE_ZH` in half-width ``text``, then of :data:`_TWICE_EN`,
    each pattern read only where what it needs is there (多 or 余; two approximators)."""
    if "多" in text or "余" in text:
        yield from _TWICE_ZH.finditer(text)
    folded, count = fold(text), 0
    for word in _APPROX_WORDS:
        count += folded.count(word)
        if count >= 2:
            yield from _TWICE_EN.finditer(text)
            return


@rule("Q405", "double-approximation", W, "item")
def double_approximation(item: Item, ctx: Context) -> Iterator[Finding]:
    """A figure given with two approximators.

    ## What it does
    Reports a figure that carries two words of approximation: one before it
    and 余 or 多 after it (超过150余人、约200多户、近5万多人次), or two before it
    ("about more than 300", "roughly over 90", "approximately some 1,200").

    ## Why
    "More than about 150" says nothing a reader can use and shows that nobody
    checked the figure: the *true* criterion asks for figures given as they
    are known, once.

    ## Example
    “连夜转移群众超过150余人。” "About more than 300 veterans attended."

    ## Use instead
    One approximator, or the count: “连夜转移群众150余人。” / “转移群众156人。” /
    "More than 300 veterans attended."
    """
    texts = [(item.where("title"), item.title or ""), (item.where("summary"), item.summary or "")]
    for pos, text in texts:
        match = _TWICE_ZH.search(half_width(text)) or _TWICE_EN.search(text)
        if match:
            yield Finding("Q405", f"'{match.group(0)}' gives the figure with two "
                                  "approximators; keep one", pos.line, pos.column)
    for line in body_lines(item.body, item.body_line):
        for match in _twice(half_width(line.text)):
            yield Finding("Q405", f"'{match.group(0)}' gives the figure with two "
                                  "approximators; keep one", line.number, match.start() + 1)
