"""Q5xx *refined*: short, and every word carries information.

Q501–Q503 measure the title, summary and body in units (a CJK character or a
Latin word is one unit), Q504 reports long sentences, Q505 filler and empty
official phrases. Q506, punctuation widths, is
:mod:`bulletin.check.rules.quality.punctuation`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ....text import CJK_CHARS, MAX_FORMATTED_BODY, count_units
from ...prose import body_lines, is_heading, sentences
from ..phrases import Phrase, PhraseTable, phrase_table
from ..registry import Context, Option, rule
from .reading import item_prose
from .substance import NO_FACT_CUES, WEAK_PHRASES, no_fact

W = Severity.WARNING


def _length(item: Item, field: str, code: str, limit: int) -> Iterator[Finding]:
    value = getattr(item, field)
    if value and (units := count_units(value)) > limit:
        pos = item.where(field)
        yield Finding(code, f"the {field} is {units} units long; the limit is {limit} (a CJK "
                            "character or a Latin word is one unit)", pos.line, pos.column)


@rule("Q501", "title-length", W, "item",
      options=(Option("max_units", 30, "Longest title, in units."),))
def title_length(item: Item, ctx: Context) -> Iterator[Finding]:
    """The title is too long.

    ## What it does
    Counts the title in units — a CJK character or a Latin word is one
    unit — and reports one over `max_units` (30).

    ## Why
    A title is read in a list of twenty; the *refined* criterion asks for the
    news in a glance.

    ## Example
    "Report on the situation regarding the progress that has been made so far
    in the work on the renovation of the old residential neighbourhoods of
    Xishan District in the third quarter of 2026, and on the plans for the
    next stage" /
    “关于西山区2026年第三季度老旧小区改造工作推进情况及下一步工作打算的报告”

    ## Use instead
    "Xishan renovates 42 of 60 old neighbourhoods by September" /
    “西山区三季度完成42个老旧小区改造”
    """
    yield from _length(item, "title", "Q501", int(ctx.options["max_units"]))


@rule("Q502", "summary-length", W, "item",
      options=(Option("max_units", 100, "Longest summary, in units."),))
def summary_length(item: Item, ctx: Context) -> Iterator[Finding]:
    """The summary is too long.

    ## What it does
    Reports a summary over `max_units` (100) units.

    ## Why
    The summary is one paragraph a leader reads instead of the item; past a
    hundred units it becomes the item.

    ## Example
    A summary that retells the body, paragraph by paragraph.

    ## Use instead
    One or two sentences: what happened, how much, why it matters.
    "Diesel reached the Qing River on 15 November; the Nanhu intake closed
    for nine hours; tap water was not affected." /
    “11月15日柴油泄漏入青河，南湖取水口关闭9小时，自来水未受影响。”
    """
    yield from _length(item, "summary", "Q502", int(ctx.options["max_units"]))


@rule("Q503", "body-length", W, "item",
      options=(Option("max_units", 1500, "Longest body, in units."),))
def body_length(item: Item, ctx: Context) -> Iterator[Finding]:
    """The body is too long.

    ## What it does
    Reports a body over `max_units` (1,500) units.

    ## Why
    An information item is short by definition; a long one is a report and
    belongs in an annex, with the item summarising it.

    ## Example
    A 3,000-word inspection report pasted in full; 一份三千字的检查报告全文照贴。

    ## Use instead
    The findings and figures that matter, and a source line naming the report:
    “检查发现问题23项，已整改19项”，来源注明“市住建局专项检查报告（11月）”。
    """
    units = count_units(" ".join(line.text for line in body_lines(item.body, item.body_line)))
    limit = int(ctx.options["max_units"])
    if units > limit:
        more = "more than " if len(item.body) > MAX_FORMATTED_BODY else ""  # read in part
        yield Finding("Q503", f"the body is {more}{units} units long; the limit is {limit}",
                      item.body_line, 1)


@rule("Q504", "long-sentence", W, "item",
      options=(Option("max_words", 55, "Longest English sentence, in words."),
               Option("max_chars", 130, "Longest Chinese sentence, in characters."),
               Option("tolerated_share", 0.1, "Share of a body's sentences that may be long "
                                              "before any is reported (a long report may "
                                              "hold one long sentence in ten)."),
               Option("min_long", 2, "Fewest long sentences an item must hold before any is "
                                     "reported, unless one is a fifth longer than the "
                                     "limit.")))
def long_sentence(item: Item, ctx: Context) -> Iterator[Finding]:
    """Sentences too long to read at once.

    ## What it does
    Reports sentences (or clauses ending in a semicolon) of more than
    `max_words` (55) Latin words, or more than `max_chars` (130) CJK
    characters, when they are more than `tolerated_share` (a tenth) of the
    body's sentences and at least `min_long` (2): one long sentence in a
    report is not what an editor sends back, unless it is a fifth longer
    than the limit (66 words, 156 characters). A
    list of six or more names (“东城、西城、南湖……”, "Ashford, Brompton,
    Cray, …") counts as one word, and "U.S." or "Mr." does not end a sentence.

    ## Why
    Leaders read quickly and often on a phone; a sentence that must be read
    twice is not *refined*.

    ## Example
    "The bureau, having consulted the districts and the water company, and
    taking into account the forecasts issued by the meteorological service
    for the coming weeks, which indicate ..., has decided that ..."

    ## Use instead
    Split it: one fact per sentence. "The bureau consulted the districts and
    the water company. Forecasts show ... It has decided to ..." /
    “经与各区和水务公司会商，……。据气象预报，……。市水务局决定……。”
    """
    max_words, max_chars = int(ctx.options["max_words"]), int(ctx.options["max_chars"])
    tolerated = float(ctx.options["tolerated_share"])
    found, total, very_long = [], 0, False
    for sentence in sentences(item.body, item.body_line):
        total += 1
        text = _LIST_CJK.sub("、", _LIST_LATIN.sub("list", sentence.text))
        cjk = len(re.findall(rf"[{CJK_CHARS}]", text))
        words = count_units(text) - cjk
        very_long = very_long or cjk > 1.2 * max_chars or (cjk < words and
                                                           words > 1.2 * max_words)
        if cjk > max_chars or (cjk < words and words > max_words):
            size = f"{cjk} characters" if cjk > max_chars else f"{words} words"
            found.append(Finding("Q504", f"this sentence is {size} long; split it",
                                 sentence.line, sentence.column))
    if (len(found) > tolerated * total and len(found) >= int(ctx.options["min_long"])) \
            or very_long:
        yield from found


# lists of names (places, units): six or more short items between enumeration commas
# count as one word; a shorter list (of measures, say) is read as it is
_LIST_CJK = re.compile(rf"(?:[{CJK_CHARS}A-Za-z0-9]{{1,8}}+、){{5,}}[{CJK_CHARS}A-Za-z0-9]{{1,8}}+")
_NAME = r"[A-Z][\w'’.-]*+(?: (?:[A-Z][\w'’.-]*+|of|upon|on|the)){0,3}"
_LIST_LATIN = re.compile(rf"(?:{_NAME}, ){{5,}}(?:and |or )?{_NAME}")


@rule("Q505", "filler-phrase", W, "item",
      options=(Option("extra", [], "More phrases: 'phrase => replacement'."),
               Option("ignore", [], "Shipped phrases not to report."),
               Option("min_phrases", 2, "Fewest different filler phrases in an item before "
                                        "any is reported (one stock phrase is not sent "
                                        "back)."),
               Option("weak", list(WEAK_PHRASES), "Phrases of sound official writing: "
                                                  "reported only beside a phrase not in this "
                                                  "list.")))
def filler_phrase(item: Item, ctx: Context) -> Iterator[Finding]:
    """A filler, cliché or empty official phrase.

    ## What it does
    Reports phrases from the shipped English and Chinese lists (and the
    policy's `extra`), with a suggested replacement: *it is worth noting
    that, in order to, a series of measures, is pleased to announce*;
    *高度重视、进一步加强、取得显著成效、营造了…氛围、砥砺前行*; when an item holds
    at least `min_phrases` (2) different ones, one of them not in `weak`: one
    stock phrase in a factual item, however often, is not what an editor sends
    back, and neither are the phrases of the sound official register that
    `weak` lists (*in order to, relevant departments*; *高度重视、扎实推进、
    有关部门*) until a real filler (*is proud to*, 砥砺前行) stands beside them.
    A phrase may leave a gap (`营造(了)…氛围`
    matches 营造了浓厚的学习氛围). An item with no figure made of meeting words and
    exhortation is left to Q304 and Q101: it is sent back for saying nothing, and a
    list of its phrases would not help.

    ## Why
    The *refined* criterion: every word must carry information. Empty phrases
    cost the reader time and hide what was actually done.

    ## Example
    "It is worth noting that the bureau took a series of measures." /
    “市卫健委高度重视，采取了一系列措施，取得了显著成效。”

    ## Use instead
    "The bureau opened two fever clinics and extended hours to 22:00." /
    “市卫健委新开2个发热门诊，门诊时间延长至22时，候诊时间由3小时缩短至40分钟。”
    """
    if no_fact(item_prose(item), NO_FACT_CUES):
        return  # an item made of nothing but slogans: Q304 and Q101 send it back for that
    table = phrase_table(tuple(ctx.options["extra"]), tuple(ctx.options["ignore"]))
    found = list(_filler_in(item, table))
    distinct = {f.message.split("'")[1].casefold() for f in found}
    weak = {str(w).casefold() for w in ctx.options["weak"]}
    if len(distinct) >= int(ctx.options["min_phrases"]) and distinct - weak:
        yield from found


def _filler_in(item: Item, table: PhraseTable) -> Iterator[Finding]:
    spots: list[tuple[int, int, str, Phrase]] = []
    for field in ("title", "summary"):
        value = getattr(item, field)
        if value:
            pos = item.where(field)
            spots += [(pos.line, pos.column, found, phrase)
                      for _, found, phrase in table.find(value)]
    lines = [line for line in body_lines(item.body, item.body_line)
             if not is_heading(line.text)]
    table = table.within("\n".join(line.text for line in lines))
    for line in lines if table.entries else ():
        spots += [(line.number, start + 1, found, phrase)
                  for start, found, phrase in table.find(line.text)]
    for line_no, column, found, phrase in spots:
        advice = f"write '{phrase.replacement}'" if phrase.replacement and not \
            phrase.replacement.startswith(("(", "（")) else (phrase.replacement or "delete it")
        yield Finding("Q505", f"'{found}' is filler; {advice}", line_no, column)
