"""Q4xx *true*: every fact traceable, no achievement inflated.

Q401 asks for sources where the category requires them, Q402 for the summary's
figures to be backed by the title, body or sources, Q404 for superlatives to be
replaced by a measure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ...prose import body_lines, fold, has_any, mask, numbers
from ...quantities import (
    DATES,
    NUMERALS,
    Figure,
    approximate,
    chinese_value,
    figures,
    plain,
)
from ..phrases import phrase_table
from ..registry import Context, rule
from .reading import cues, half_width

W, E = Severity.WARNING, Severity.ERROR


@rule("Q401", "sources-required", E, "item")
def sources_required(item: Item, ctx: Context) -> Iterator[Finding]:
    """The category requires sources and the item lists none.

    ## What it does
    Reports an item without `sources` when its category says `sources: true`
    in bulletin.yml (problems, experience and emergencies in the shipped
    policy).

    ## Why
    The *true* criterion: every fact traceable to a document, a statistic or
    a visit. An editor must be able to check a figure before a leader acts on it.

    ## Example
    A problem report with figures but no `sources:`.

    ## Use instead
    ```yaml
    sources:
      - Municipal Statistics Bureau, October release
      - Site inspection of the Xishan intake, 17 November 2026
      - 市信访局12345热线工单统计（1—10月）
    ```
    """
    category = ctx.policy.categories.get(item.category or "")
    if category is None or not category.sources or item.sources:
        return
    if isinstance(item.meta.data, dict) and item.meta.ok:
        pos = item.where("sources") if item.has("sources") else item.where()
        yield Finding("Q401", f"category '{item.category}' requires sources: list where the "
                              "facts come from", pos.line, pos.column)


@rule("Q402", "unsupported-figure", W, "item")
def unsupported_figure(item: Item, ctx: Context) -> Iterator[Finding]:
    """A figure in the summary disagrees with the title and body.

    ## What it does
    Compares each figure of the summary that carries a unit (`3 tonnes`,
    `94 %`, `1,240 complaints`; `3吨`、`94%`、`1240件`) with the title, the
    body and the sources, and reports one they do not contain while they give
    a different figure of the same unit: the body says `2 tonnes`, the
    summary `3 tonnes`. Years, dates and times are not counted, nor figures
    written in words (“两个”), nor sums and differences of the body's figures,
    nor a difference from a figure the item does not give (“比去年同期低0.14元”),
    nor honest rounding ("about 800" for 836). People counted by 人, 名 or 位
    are one unit, and so are things counted by 个, 处, 家, 座 …. A summary figure
    the body gives with two digits swapped (213 and 231 件) is reported even when
    the title repeats it.

    ## Why
    The summary is what gets quoted. A figure there that the body contradicts
    — a typo, or a number from an older draft — is how wrong facts reach
    leaders: the *true* criterion.

    ## Example
    Summary: "about 3 tonnes of diesel leaked"; body: "about 2 tonnes ran into
    the drain." / 摘要“泄漏约3吨”，正文“约2吨流入雨水管”。

    ## Use instead
    The same figure in both, and its source listed.
    """
    if not item.summary:
        return
    summary = DATES.sub(" ", half_width(item.summary))
    said = [f for f in figures(summary) if f.text[0].isdigit()]
    if not said:
        return
    body = half_width(mask(item.body))
    in_body = list(figures(body))
    by_unit: dict[str, set[float]] = {}
    scanned = []
    for text, found in ((half_width(item.title or ""), None), (body, in_body),
                        *((source, None) for source in item.sources)):
        found = list(figures(text)) if found is None else found
        for f in found:
            by_unit.setdefault(f.unit, set()).add(f.value)
        scanned.append((text, found))
    bare: set[float] | None = None  # figures without a unit ("about 2,300 of whom", 一辆)

    def unbacked(f: Figure) -> bool:
        nonlocal bare
        if f.unit not in by_unit or _COMPARED.search(summary, max(0, f.start - 14), f.start) \
                or f.value in by_unit[f.unit]:
            return False
        if bare is None:  # read only when a figure gets this far (few items)
            bare = set().union(*(_bare(text, found) for text, found in scanned))
        return f.value not in bare and not _is_year(plain(f.value)) \
            and not (approximate(summary, f) and _near(f.value, by_unit[f.unit])) \
            and not _derived(f.value, by_unit[f.unit])

    missing = [plain(f.value) for f in said if unbacked(f)]
    missing += _transposed(said, in_body, missing)
    if missing:
        pos = item.where("summary")
        listed = ", ".join(dict.fromkeys(missing[:5]))
        what = f"figures {listed} appear" if len(missing) > 1 else f"figure {listed} appears"
        yield Finding("Q402", f"the summary's {what} nowhere in the title or body, which "
                              "give other figures of the same kind", pos.line, pos.column)


def _transposed(said: list[Figure], body: list[Figure], reported: list[str]) -> list[str]:
    """Summary figures the body gives with two digits swapped (213 and 231 件), even when
    the title repeats the summary's: a typo one of them carries."""
    in_body: dict[str, set[float]] = {}
    for f in body:
        in_body.setdefault(f.unit, set()).add(f.value)
    out = []
    for f in said:
        text = plain(f.value)
        if len(text) < 3 or not text.isdigit() or text in reported or _is_year(text) \
                or f.value in in_body.get(f.unit, ()):
            continue
        if any(plain(v) != text and sorted(plain(v)) == sorted(text) for v in
               in_body.get(f.unit, ())):
            out.append(text)
    return out


# a difference from a figure the item does not give (比去年同期低0.14元, "up 3 percent"):
# derived, not a figure the body must repeat
_COMPARED = re.compile(r"(?:比|较)[^，。；\d]{0,10}?"
                       r"(?:低|高|多|少|增加|减少|增长|下降|上升|提高|降低)?"
                       r"(?:了)?\s*\Z|\b(?:up|down|more than|fewer than|less than|higher than|"
                       r"lower than|an increase of|a decrease of|a rise of|a fall of)\s*\Z", re.I)


def _bare(text: str, found: list[Figure]) -> set[float]:
    """The figures of ``text`` that carry no unit, Chinese numerals included."""
    chars = list(text)
    for f in found:
        chars[f.start:f.end] = " " * (f.end - f.start)
    rest = "".join(chars)
    out = {float(n) for n in numbers(rest)}
    return out | {float(v) for m in _CN_RUN.finditer(rest)
                  if (v := chinese_value(m.group(0))) is not None}


_CN_RUN = re.compile(f"[{NUMERALS}]+")


def _near(value: float, figures: set[float]) -> bool:
    """Honest rounding: a figure of the body within 10 % ("about 800" for 836)."""
    return any(abs(other - value) <= 0.1 * value for other in figures)


def _derived(value: float, figures: set[float]) -> bool:
    """True when ``value`` is the sum or difference of two figures of its unit in the
    body ("cut by 0.6 million gallons" from 2.9 to 2.3): arithmetic, not a new fact."""
    known = sorted(figures)[:40]
    near = 1e-6 * max(1.0, value)
    return any(abs(abs(a - b) - value) < near or abs(a + b - value) < near
               for i, a in enumerate(known) for b in known[i + 1:])


def _is_year(number: str) -> bool:
    return number.isdigit() and len(number) == 4 and number[:2] in ("19", "20")


SUPERLATIVES = cues(
    "best[- ]ever", "unprecedented", "record[- ]breaking", "world[- ]class", "first[- ]class",
    "second to none", "huge success", "complete success", "perfect(?:ly)?", "fully solved",
    "completely solved", "once and for all", "greatly improved", "dramatically", "remarkabl[ey]",
    "outstanding", "the (?:best|largest|highest|first) in the (?:country|nation|province|world)",
    "史上最", "前所未有", "空前", "全国领先", "国内领先", "全国第一", "全省第一", "世界一流",
    "国际一流", "圆满成功", "彻底解决", "完美", "巨大成功", "重大突破", "历史性", "最好水平")
# what every superlative holds, in fold(text): a quick test before the pattern's scan
_SUPERLATIVE_WORDS = (
    "best", "unprecedented", "record", "world", "first", "second to none", "success",
    "perfect", "solved", "once and for all", "greatly improved", "dramatically", "remarkabl",
    "outstanding", "largest", "highest", "史上最", "前所未有", "空前", "领先", "第一", "一流",
    "圆满成功", "彻底解决", "完美", "巨大成功", "重大突破", "历史性", "最好水平")


# the ordinary senses of a superlative's word: "outstanding" as owed or not yet dealt with
# (outstanding loans, fines, applications; the balance remains outstanding), and
# "unprecedented" / 前所未有 / 空前 of a hardship (unprecedented times, 前所未有的挑战):
# no praise, so no measure to ask for
_OWED = (r"loans?|debts?|balances?|fees?|fines?|payments?|amounts?|sums?|bills?|invoices?|"
         r"arrears|rent|tax(?:es)?|charges?|claims?|applications?|requests?|cases?|"
         r"complaints?|issues?|items?|orders?|warrants?|repairs?|tasks?|actions?|matters?|"
         r"questions?|concerns?|queries|enquiries|books?|appeals?|objections?|permits?|"
         r"paperwork")
_HARDSHIP = (r"times?|circumstances?|situations?|challenges?|crisis|crises|pressures?|"
             r"demands?|disruption|difficult(?:y|ies)|period|pandemic|emergency|events?")
_ORDINARY_AFTER = re.compile(
    rf"(?<=outstanding)\s+(?:[A-Za-z-]+\s+)?(?:{_OWED})\b|"
    rf"(?<=unprecedented)\s+(?:[A-Za-z-]+\s+)?(?:{_HARDSHIP})\b|"
    r"(?<=前所未有)的?(?:困难|挑战|压力|考验|冲击|风险|危机|险情|灾情|降雨|暴雨|洪水|干旱|"
    r"严峻|复杂)|(?<=空前)(?:严峻|复杂|困难|紧张|巨大的?(?:压力|挑战))", re.I)
# (not "is outstanding": "the response was outstanding" is praise)
_ORDINARY_BEFORE = re.compile(r"\b(?:remains?|remained|remaining|still|currently)\s+\Z", re.I)


def _ordinary_sense(text: str, start: int, end: int) -> bool:
    """True when the superlative at ``text[start:end]`` is used in an ordinary sense:
    outstanding loans, a balance still outstanding, unprecedented times, 前所未有的挑战."""
    if _ORDINARY_AFTER.match(text, end):
        return True
    word = text[start:end].lower()
    return word == "outstanding" and _ORDINARY_BEFORE.search(text, max(0, start - 12),
                                                             start) is not None


# Q404 judges *refined*, though its code is a Q4xx: editors send an unmeasured
# superlative back as empty praise, a matter of style (the labelled sets show it); a
# figure that contradicts another is Q402's and Q403's, *true*
@rule("Q404", "unsupported-superlative", W, "item", criterion="refined")
def unsupported_superlative(item: Item, ctx: Context) -> Iterator[Finding]:
    """A superlative claims more than a figure shows.

    ## What it does
    Reports words of praise that state no measure: *unprecedented, best ever,
    world-class, completely solved*; *史上最、前所未有、全国领先、圆满成功、彻底解决*.
    Not their ordinary senses: *outstanding loans*, a fine "still
    outstanding", *unprecedented times*, 前所未有的挑战.

    ## Why
    Achievements are not inflated: a superlative invites the question
    "compared with what?", and leaders discount the whole item when it cannot
    be answered. Editors send it back as empty praise, so it fails the
    *refined* criterion on the quality card.

    ## Example
    "The campaign was an unprecedented success." / “整治行动取得前所未有的成功。”

    ## Use instead
    "Complaints fell from 412 in September to 96 in October." /
    “投诉量由9月的412件降至10月的96件。”
    """
    filler = phrase_table()

    def skipped(text: str, start: int, end: int) -> bool:
        # "achieved remarkable results" is Q505's (with its replacement), not Q404's too
        return _ordinary_sense(text, start, end) or any(
            s <= start and end <= s + len(found) for s, found, _ in filler.find(text))

    if not has_any(fold(" ".join([item.title or "", item.summary or "", item.body])),
                   _SUPERLATIVE_WORDS):
        return  # (body_lines hold the body's text, masked: nothing that is not in it)
    yield from _phrase_hits(item, SUPERLATIVES, "Q404",
                            "'{match}' claims more than a figure shows; say by how much, "
                            "compared with what", skip=skipped)


def _phrase_hits(item: Item, pattern: re.Pattern[str], code: str, template: str,
                 skip: Callable[[str, int, int], bool] | None = None) -> Iterator[Finding]:
    for field in ("title", "summary"):
        value = getattr(item, field)
        if value:
            for m in pattern.finditer(value):
                if skip is None or not skip(value, m.start(), m.end()):
                    pos = item.where(field)
                    yield Finding(code, template.format(match=m.group(0)), pos.line,
                                  pos.column)
    lines = list(body_lines(item.body, item.body_line))
    # a match in a line is a match in the lines joined (the patterns have no anchors
    # and see a line break as a non-word character): most bodies need one scan
    if not pattern.search("\n".join(line.text for line in lines)):
        return
    for line in lines:
        for m in pattern.finditer(line.text):
            if skip is None or not skip(line.text, m.start(), m.end()):
                yield Finding(code, template.format(match=m.group(0)), line.number,
                              m.start() + 1)
