"""Whether an item says something, and says it plainly.

Q304 (*comprehensive*) reports an item with no fact to report: no figure anywhere, and
words of meetings and exhortation instead (会议开得很成功, 统一思想, "a productive
meeting", "urges residents"). Q508 (*refined*) reports a title that praises the
writer's own office (认真开展, 扎实推进, 圆满完成, "successfully", "proudly"). Q509
(*refined*) reports sentences that start with a verb and have no subject (强调指出，…;
"Activated the EOC at 10:15 p.m.").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ...prose import sentences
from ...quantities import DATES, figures
from ..phrases import phrase_table
from ..registry import Context, Option, rule
from .reading import cues, item_prose

W = Severity.WARNING

# what an item without facts is made of: how a meeting went, and what people should do
NO_FACT = cues(
    "productive", "positive(?: and [a-z-]+)? discussion", "constructive", "fruitful",
    "wide-ranging", "went well", "reaffirm\\w*", "shared commitment", "consensus",
    "urg(?:e|es|ed|ing)", "encourag(?:e|es|ed|ing) (?:all|every|residents|people)",
    "do (?:their|your|our) part", "pull in the same direction", "thank(?:s|ed)? all",
    "会议开得", "开得很成功", "达到了?[^，。]{0,12}目的", "统一了?思想", "鼓舞了?士气",
    "凝聚了?共识", "传达学习", "学习贯彻", "研究贯彻落实", "贯彻落实[^，。]{0,8}精神",
    "纷纷表示", "一致认为", "号召", "倡议", "希望(?:广大|全体|各)", "务必", "要以",
    "增强了?[^，。]{0,10}(?:责任感|使命感|荣誉感|意识)", "营造了?[^，。]{0,12}氛围",
    "鼓足干劲", "加油鼓劲", "再接再厉", "会议要求", "会议强调", "会议指出", "调研指出",
    "提出了?要求", "再部署", "倒排工期", "挂图作战", "狠抓落实", "走深走实", "长效机制",
    "形式多样", "内容丰富", "(?:^|(?<=[，。；：]))要(?![求素闻点])")
# a year (2026, 2026年) or an ordinal (第三次) is not a fact's figure; nor a lone 一
_NOT_A_FIGURE = re.compile(r"(?:19|20)\d\d(?=\s*年|\b)|"
                           r"(?<![一二三四五六七八九十])一(?![一二三四五六七八九十百千万])|"
                           r"第\s*[\d一二三四五六七八九十]+")


def _has_figure(text: str) -> bool:
    """Digits or a spelled-out number that is not a date, a year or an ordinal; Chinese
    numerals only with a measure word (“四有”好老师 and 店小二 count nothing)."""
    masked = _NOT_A_FIGURE.sub(" ", DATES.sub(" ", text))
    return _NUMBER.search(masked) is not None or next(iter(figures(masked)), None) is not None


_NUMBER = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"twenty|thirty|forty|fifty|hundred|thousand|million)\b", re.I)


NO_FACT_CUES = 2
"""Words of meetings and exhortation that make an item without a figure say nothing (the
default of Q304's and Q101's ``min_cues``; Q505 leaves such an item alone)."""


@functools.lru_cache(maxsize=4)  # Q101, Q304 and Q505 ask of the same prose
def no_fact(prose: str, min_cues: int) -> list[re.Match[str]]:
    """The words of meetings and exhortation in prose that holds no figure, when there
    are at least ``min_cues`` of them (Q304; Q101 reads the same as saying nothing that
    matters); otherwise nothing."""
    found = list(NO_FACT.finditer(prose))  # (cheaper than looking for a figure)
    return found if len(found) >= min_cues and not _has_figure(prose) else []


# stock phrases of the official register that sound work reports use too (县委、县政府高度
#重视，先后两次召开……; "in order to"): on published items they were as common in good
# items as in flawed ones, so alone they are not what an editor sends back (积极开展 and
# 全面提升 ran through good published work summaries; no committed labelled item holds them)
WEAK_PHRASES = (
    "高度重视", "高度关注", "切实加强", "进一步加强", "进一步提高", "进一步推进", "扎实推进",
    "扎实开展", "认真贯彻落实", "认真落实", "有关部门", "相关部门", "相关单位", "有效提升",
    "积极推进", "大力推进", "全面推进", "稳步推进", "深入推进", "不断提升", "不断增强",
    "持续深化", "积极开展", "全面提升", "in order to", "at this time", "relevant departments",
    "further strengthen",
    "tirelessly", "tireless", "would like to thank")


@rule("Q304", "no-facts", W, "item",
      options=(Option("min_cues", NO_FACT_CUES, "Words of meetings and exhortation an item "
                                                "without a "
                                     "figure must hold to be reported."),))
def no_facts(item: Item, ctx: Context) -> Iterator[Finding]:
    """The item reports no fact: no figure, only how a meeting went or what people should do.

    ## What it does
    Reports an item with no figure anywhere (dates, years and ordinals do not
    count) whose text is made of how a meeting went and exhortation — at
    least `min_cues` (2) of *productive, positive discussion, reaffirmed their
    commitment, urges residents*; *会议开得很成功、统一思想、鼓舞士气、传达学习、
    号召、务必、营造…氛围* — or of as many different stock phrases of Q505's
    lists (*守正创新、砥砺前行、取得阶段性成效*), one of them not of the sound
    official register Q505 calls weak (*would like to thank*, 高度重视).

    ## Why
    An item that says a meeting was held and went well, or that everyone
    must try harder, gives a leader nothing to act on: the *comprehensive*
    criterion asks for who, what, when, where, how much and what next.

    ## Example
    “会议开得很成功，达到了统一思想、明确任务、鼓舞士气的目的。”
    "Partners had a positive and wide-ranging discussion and reaffirmed their
    shared commitment to keeping the borough safe."

    ## Use instead
    What was decided, with figures: “会议确定今年新增市场主体3000户的目标，
    分解到6个县区，每季度通报一次。” / "The partnership agreed to put 12 more
    officers on night patrols in the town centre from December."
    """
    prose = item_prose(item)
    found = [m.group(0) for m in no_fact(prose, int(ctx.options["min_cues"]))]
    if not found:  # or slogans: Q505's stock phrases
        found = list(dict.fromkeys(f for _, f, _ in phrase_table().within(prose).find(prose)))
        strong = {f.casefold() for f in found} - {w.casefold() for w in WEAK_PHRASES}
        found = found if len(found) >= int(ctx.options["min_cues"]) and strong \
            and not _has_figure(prose) else []
    if found:
        words = ", ".join(dict.fromkeys(f"'{m}'" for m in found[:3]))
        yield Finding("Q304", f"no figure and no fact to report, only {words}: say what was "
                              "decided or done, with figures", item.body_line, 1)


# a title that praises the office's own work
SELF_PRAISE = re.compile(
    r"\b(?:successfully|proudly|outstanding|fantastic|amazing|hugely|most successful|"
    r"another (?:successful|outstanding|great|record)|bold new|celebrates its|unwavering|"
    r"celebrat(?:es|ing) (?:its |our |their )?(?:achievements|successes)|"
    r"passion for)\b|"
    r"认真(?:开展|落实|做好|组织|抓好)|扎实(?:推进|开展|做好|抓好)|积极(?:推进|开展)|全力(?:推进|做好|以赴)|"
    r"成功举办|圆满(?:完成|成功|结束)|取得了?(?:明显|显著|积极|良好|阶段性|重大)?成效|成效(?:显著|明显)|"
    r"再创佳绩|硕果累累|亮点纷呈|有声有色|如火如荼", re.I)


@rule("Q508", "self-praising-title", W, "item")
def self_praising_title(item: Item, ctx: Context) -> Iterator[Finding]:
    """The title praises the office's own work instead of saying what happened.

    ## What it does
    Reports a title with words of praise for the work reported: *successfully,
    proudly, outstanding, another successful*; *认真开展、扎实推进、积极推进、
    成功举办、圆满完成、取得明显成效、成效显著*.

    ## Why
    The title is the one line every reader sees. Praise tells them how the
    office feels about its work, not what it did — and a reader discounts an
    office that praises itself: the *refined* criterion.

    ## Example
    “青山县扎实推进秋冬种工作取得明显成效” / "Council successfully delivers
    outstanding summer of events"

    ## Use instead
    What was done, with its figure: “青山县秋冬种完成42万亩，比去年多3万亩” /
    "Summer events drew 48,000 visitors, up a fifth on last year"
    """
    title = item.title or ""
    found = SELF_PRAISE.search(title)
    if found:
        pos = item.where("title")
        yield Finding("Q508", f"'{found.group(0)}' praises the work: say what was done, with "
                              "its figure", pos.line, pos.column)


# a sentence that opens with a verb: a speech verb in Chinese (强调指出，要求…), a past
# tense or "was/were" in English ("Activated the EOC.", "Was told that …")
_NO_SUBJECT_ZH = re.compile(
    r"^(?:强调指出|强调|指出|要求|表示|提出|听取[^。；]{1,40}?后[^。；]{0,4}(?:指出|强调|要求)|"
    r"针对[^。；]{2,60}?，(?:高度重视|立即|迅速|第一时间))")
_NO_SUBJECT_EN = re.compile(r"^(?:(?:Was|Were)\s+[a-z]+|(?!(?:Based|Located|Founded|Funded|"
                            r"Sponsored|Supported|Signed|Closed|Damaged|Flooded|Affected|"
                            r"Detailed|Estimated|Related|Licensed)\b)[A-Z][a-z]{2,}ed\s+(?:the|a|an|"
                            r"that|\d|[a-z]{2,}))\b")


# the -ed word describes the subject when another word joins it (Locked or blocked doors)
# or a finite verb follows it (Unannounced visits and night drills were not …)
_HAS_VERB = re.compile(r"^\S+\s+(?:or|and)\b|^(?:\S+\s+){1,6}?(?:was|were|is|are|has|have|had)\b")


def _no_subject_en(text: str) -> bool:
    if not _NO_SUBJECT_EN.match(text):
        return False
    return text.startswith(("Was ", "Were ")) or not _HAS_VERB.match(text)


@rule("Q509", "subjectless-sentence", W, "item",
      options=(Option("min_sentences", 2, "Sentences without a subject an item must hold "
                                          "before they are reported."),))
def subjectless_sentence(item: Item, ctx: Context) -> Iterator[Finding]:
    """Sentences without a subject: who stressed, who activated?

    ## What it does
    Reports sentences that open with a verb and leave out who acts: *强调指出，
    …*、*要求，…*、*听取汇报后指出…*、*针对…，高度重视，立即…*; "Activated the EOC
    at 10:15 p.m.", "Received 212 calls", "Was told that …" — when an item
    holds at least `min_sentences` (2) of them: the style of meeting minutes
    and duty logs.

    ## Why
    A reader of the bulletin does not know who "stressed" or "activated":
    minutes and logs leave the subject out because their readers were there.
    The *refined* criterion asks for sentences that read alone.

    ## Example
    “会议通报了……。强调指出，要聚焦五个重点领域。要求，各类工地要排查欠薪隐患。”
    "Activated the EOC at Level 2 at 10:15 p.m. Received 212 calls."

    ## Use instead
    Say who: “副市长王立强调，……。会议要求……。” / "The county activated its
    Emergency Operations Center at 10:15 p.m. and took 212 calls overnight."
    """
    found = [s for s in sentences(item.body, item.body_line)
             if _NO_SUBJECT_ZH.match(s.text) or _no_subject_en(s.text)]
    if len(found) >= int(ctx.options["min_sentences"]):
        for s in found:
            yield Finding("Q509", "this sentence has no subject: say who acts",
                          s.line, s.column)
