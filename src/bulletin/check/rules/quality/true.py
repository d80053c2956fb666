"""Q — quality: the office's five criteria, judged in English and Chinese.

Q1xx *high* (decision-relevant), Q2xx *novel*, Q3xx *comprehensive*, Q4xx *true*,
Q5xx *refined*. Each rule reads the item's prose with code and URLs masked
(:mod:`bulletin.check.prose`), counts lengths in units (a CJK character or a Latin
word), and reports where the writer can act.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

from ...diagnostics import Finding, Severity
from ...model import Item, Repository
from ...text import CJK_CHARS, count_units, has_cjk
from ..prose import body_lines, is_heading, mask, numbers, sentences
from .phrases import Phrase, PhraseTable, phrase_table
from .registry import Context, Option, rule

W, E = Severity.WARNING, Severity.ERROR


def _cues(*words: str) -> re.Pattern[str]:
    """One pattern for English words (on word boundaries) and Chinese terms."""
    latin = [w for w in words if not has_cjk(w)]
    cjk = [w for w in words if has_cjk(w)]
    parts = []
    if latin:
        parts.append(r"\b(?:" + "|".join(latin) + r")")
    if cjk:
        parts.append("|".join(cjk))  # our own terms; a few are patterns (由…到)
    return re.compile("|".join(parts), re.I)


def _text(item: Item) -> str:
    """Title, summary and body prose (code, URLs and headings left out)."""
    prose = " ".join(line.text for line in body_lines(item.body, item.body_line)
                     if not is_heading(line.text))
    return " ".join(filter(None, [item.title, item.summary, prose]))


# --- high --------------------------------------------------------------------------

SIGNIFICANCE = _cues(
    "because", "so that", "so", "therefore", "which (?:means|leaves|puts|would|could|will|"
    "allows|keeps|cuts|raises|lowers|threatens)", "mean(?:s|ing)?", "risks?", "threat",
    "affect(?:s|ed|ing)?", "impact", "leav(?:es|ing)", "need(?:s|ed)?", "must", "should",
    "to (?:prevent|avoid|keep|secure|protect|cut|reduce|meet|cover)", "unless", "if", "would",
    "could", "will", "may", "cost(?:s|ing)?", "sav(?:es|ed|ing)", "secur(?:es|ed|ing)",
    "enough", "short(?:age|fall)?", "without", "until", "before", "deadline", "ahead of",
    "matters?", "but", "while", "although", "target", "still", "remains?", "only", "show(?:s|ing)",
    "drag", "than", "compared", "up", "down", "rose", "fell", "doubled?", "halved?",
    "against", "grew", "grow(?:s|ing)?", "increas(?:e|ed|es|ing)", "decreas(?:e|ed|es|ing)",
    "from [^.]{1,40} to", "(?:ending|adding|leaving|freeing|saving|cutting|raising|halving|"
    "doubling|allowing|letting)", ", which \\w+",
    "但", "低于", "高于", "目标", "拖累", "尚未", "比上年", "比去年", "增长", "下降", "减少",
    "增加",
    "缩短", "提高", "降至", "降到", "升至", "同比", "环比", "由[^，。]{1,20}(?:到|至)",
    "影响", "导致", "造成", "意味着", "将", "需", "建议", "风险", "隐患", "确保", "保障",
    "以免", "避免", "如果", "若", "可能", "亟需", "亟待", "有利于", "便于", "从而", "因此",
    "所以", "由于", "足以", "不足", "缺口", "威胁", "压力", "来源", "之前", "以前", "才能",
    "可保障", "可满足", "仍有", "仍然", "不得", "不能", "须", "必须", "前不", "以后", "之后",
)


@rule("Q101", "summary-significance", W, "item")
def summary_significance(item: Item, ctx: Context) -> Iterator[Finding]:
    """The summary does not say why the item matters.

    ## What it does
    Reports a summary that repeats the title, or a one-sentence summary that
    states a fact without any word of consequence or comparison: what it
    means, risks or costs, what must happen next, how it compares (*because,
    so, risk, will, needs, but, than …*; *影响、导致、将、需、风险、但、比 …*).

    ## Why
    Leaders read the summary and decide whether to read on. A fact without its
    significance leaves them to work out why they were told — the *high*
    criterion: write from the reader's vantage point.

    ## Example
    ```yaml
    summary: The Qinghe Reservoir held 458 million cubic metres on 17 November.
    summary: 11月17日青河水库蓄水4.58亿立方米。
    ```

    ## Use instead
    ```yaml
    summary: >-
      The Qinghe Reservoir reached its dry-season target of 458 million cubic
      metres on 17 November, which secures drinking water until next June.
    summary: 11月17日青河水库蓄水4.58亿立方米，达到冬季蓄水目标，可保障明年6月前城区供水。
    ```
    """
    summary = (item.summary or "").strip()
    if not summary:
        return
    pos = item.where("summary")
    title = (item.title or "").strip()
    if title and summary.rstrip("。.") == title.rstrip("。."):
        yield Finding("Q101", "the summary repeats the title; say what happened and why it "
                              "matters", pos.line, pos.column)
    elif len(list(sentences(summary, 1))) <= 1 and not SIGNIFICANCE.search(summary):
        yield Finding("Q101", "the summary states what happened but not why it matters to the "
                              "reader (its consequence, risk or what must happen next)",
                      pos.line, pos.column)


CATEGORY_CUES = {
    "problem": _cues(
        "problems?", "risks?", "short(?:age|fall)s?", "backlogs?", "delay(?:s|ed)?",
        "fail(?:s|ed|ure|ing)?", "complaints?", "overdue", "unsafe", "lack(?:s|ing)?",
        "gaps?", "defects?", "cracks?", "leak(?:s|ing)?", "arrears", "unpaid", "overcrowd\\w*",
        "insufficient", "exceed(?:s|ed)?", "below", "unlicensed", "illegal\\w*", "violat\\w*",
        "undersized", "flood\\w*", "trapp\\w*", "damage\\w*", "block\\w*", "worn",
        "ageing", "aging", "outdated", "without", "cannot", "unable",
        "问题", "风险", "隐患", "不足", "短缺", "滞后", "投诉", "欠", "超标", "违规", "违法",
        "困难", "矛盾", "缺", "难", "拖欠", "积压", "下降", "偏低", "偏高", "未"),
    "proposal": _cues(
        "propos\\w*", "recommend\\w*", "suggest\\w*", "should", "ask(?:s|ed)? (?:for|that)",
        "request\\w*", "extend", "introduce", "set up", "create", "建议", "提议", "拟",
        "应当", "应", "请", "恳请", "增设", "设立", "推行"),
    "experience": _cues(
        "results?", "reduc\\w*", "increas\\w*", "cut", "rose", "fell", "improv\\w*", "saved?",
        "down", "up", "from .* to", "成效", "下降", "提高", "减少", "增加", "缩短", "提升",
        "节约", "实现", "做法", "经验", "降", "清除", "无新", "缩减", "压减"),
    "emergency": _cues(
        "fires?", "flood\\w*", "collaps\\w*", "injur\\w*", "dead", "deaths?", "died",
        "killed", "evacuat\\w*", "leak\\w*", "burst", "landslides?", "accidents?",
        "explosions?", "typhoon", "storm", "trapped", "outbreak", "poisoning", "spill\\w*",
        "closed", "火灾", "事故", "伤", "死亡", "遇难", "疏散", "转移", "泄漏", "爆管",
        "滑坡", "塌", "爆炸", "台风", "暴雨", "被困", "中毒", "疫情", "停水", "停电", "险情"),
}


@rule("Q102", "category-fit", W, "item")
def category_fit(item: Item, ctx: Context) -> Iterator[Finding]:
    """The item does not read like its category.

    ## What it does
    Looks for the words a category's items use: a *problem* names a problem
    or risk, a *proposal* proposes, *local experience* reports results, an
    *emergency* names an incident. Reports an item in which none appear.

    ## Why
    Editors sort items into an edition's sections by category, and the
    assessment counts categories; a misfiled item lands in the wrong place in
    front of a leader.

    ## Example
    A *proposal* that only describes a situation:
    "Bus ridership rose 8 % in October." / “10月公交客流增长8%。”

    ## Use instead
    Say what you propose: "We propose adding two night routes from December,
    costing 1.2 million yuan a year." / “建议12月起增开两条夜间线路，年需资金120万元。”
    — or file it as a *situation* report.
    """
    cues = CATEGORY_CUES.get(item.category or "")
    if cues is None or not (item.summary or item.body.strip()):
        return
    if not cues.search(_text(item)):
        pos = item.where("category")
        name = ctx.policy.categories[item.category].name if item.category in \
            ctx.policy.categories else item.category
        yield Finding("Q102", f"nothing in the item reads like a '{name}' item; check the "
                              "category", pos.line, pos.column)


# what makes an item urgent, read in its title: casualties, people in danger now,
# an incident under way, a deadline within hours
INCIDENT = _cues(
    "dead", "died", "killed", "injured", "trapped",
    "evacuat(?:ed|ing|ion)", "explosion", "collapsed?", "on fire", "burst", "spill(?:ed)?",
    "contaminated", "outbreak", "red alert",
    "死亡", "遇难", "受伤", "失踪", "被困", "疏散", "爆炸", "坍塌", "起火", "泄漏",
    "爆管", "红色预警", "中毒", "险情")
URGENT = re.compile(INCIDENT.pattern + "|" + _cues(
    "within (?:the|an|one|two|\\d+) hours?", "tonight", "今晚", "小时内").pattern, re.I)


# a negation shortly before a cue: up to three English words ("no one was injured"),
# up to four Chinese characters ("未造成人员受伤", but not "未成年人溺水死亡")
_NEGATED = re.compile(r"\b(?:no|not|none|nobody|without|never)\b(?:\W+[A-Za-z]+){0,3}\W*$|"
                      r"(?:未|无|没有)[^，。；,;]{0,4}$", re.I)


def _names(pattern: re.Pattern[str], text: str) -> bool:
    """True when ``text`` has a match of ``pattern`` that is not negated."""
    return any(not _NEGATED.search(text[: m.start()]) for m in pattern.finditer(text))


@rule("Q103", "priority-fit", W, "item")
def priority_fit(item: Item, ctx: Context) -> Iterator[Finding]:
    """The priority does not match what the item reports.

    ## What it does
    Reads the title. Reports an *urgent* item that is not an emergency and
    names no casualty, evacuation, incident or deadline within hours; and a
    *routine* item that is an emergency or whose title names casualties, an
    evacuation or an incident (not in a negation: "no injuries", “无人员伤亡”).

    ## Why
    Urgent items interrupt leaders and may go out as a flash edition within
    the hour. An urgent label on routine news teaches readers to ignore it;
    a routine label on an emergency delays it.

    ## Example
    `priority: urgent` on "Library opening hours extended in December" /
    “图书馆12月延长开放时间”.

    ## Use instead
    `priority: routine` — and keep `urgent` for items like "Chemical plant
    fire: 2 injured, 300 residents evacuated" / “化工厂火灾致2人受伤，疏散居民300人”.
    """
    pos = item.where("priority")
    emergency = item.category == "emergency"
    if item.priority == "urgent" and not (emergency or _names(URGENT, item.title or "")):
        yield Finding("Q103", "marked urgent, but it reports no emergency, casualty or "
                              "deadline within hours; is it 'important'?", pos.line, pos.column)
    elif item.priority == "routine" and (emergency or _names(INCIDENT, item.title or "")):
        yield Finding("Q103", "marked routine, but it reports an emergency or casualties; "
                              "should it be 'urgent'?", pos.line, pos.column)


# --- novel -------------------------------------------------------------------------


@rule("Q202", "stale-event", W, "item")
def stale_event(item: Item, ctx: Context) -> Iterator[Finding]:
    """The event is too old to be news.

    ## What it does
    Compares `event_date` with the filing `date`, and reports an event more
    than the category's `news_days` before it (bulletin.yml; 30 days by
    default, 2 for emergencies).

    ## Why
    Leaders need to hear of events while they can still act: the *novel*
    criterion. An old event needs a new angle — what has changed since.

    ## Example
    ```yaml
    date: 2026-11-18
    event_date: 2025-11-20
    ```

    ## Use instead
    Report what is new — "A year after the landslide, 40 of 62 households
    are rehoused" / “滑坡一年后，62户中已有40户安置” — dated now, or file
    within the category's window.
    """
    if not (item.date and item.event_date):
        return
    category = ctx.policy.categories.get(item.category or "")
    limit = category.news_days if category else 30
    age = (item.date - item.event_date).days
    if age > limit:
        pos = item.where("event_date")
        yield Finding("Q202", f"the event is {age} days older than the filing date; "
                              f"'{item.category}' items are news for {limit} days",
                      pos.line, pos.column)


# --- comprehensive -----------------------------------------------------------------

UNIT_WORDS = (
    r"%|percent|per cent|‰|yuan|RMB|dollars?|km|kilometres?|kilometers?|metres?|meters?|"
    r"m|cm|mm|tonnes?|tons?|kg|kilograms?|hectares?|ha|mu|litres?|liters?|cubic|square|"
    r"people|persons?|residents?|households?|families|patients?|cases?|students?|workers?|"
    r"vehicles?|cars?|buses|trips?|beds?|schools?|villages?|sites?|items?|complaints?|"
    r"days?|hours?|minutes?|weeks?|months?|years?|times|million|billion|thousand|hundred|"
    r"degrees?|°C|mg|μg|ppm|MW|kWh|GWh|m3|m²|m³"
)
# Chinese measure words and units that make a number a quantity (not 年月日时, a date)
_MEASURE = ("(?:个|名|人|户|家|起|次|辆|所|座|条|项|亩|吨|元|公里|千米|米|平方|立方|千克|"
            "公斤|台|套|件|处|间|张|宗|例|只|头|株|棵|支|艘|架|栋|幢|层|公顷|毫米|厘米|度|"
            "倍|成|%|％|‰|天|小时|分钟|周|个月|岁|床|份|箱|斤|升|毫升|千瓦|万|亿)")
_NUMBER_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                 r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|dozens?|"
                 r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?")
_SCALE = re.compile(
    rf"\d[\d,.]*\s*(?:{UNIT_WORDS})\b|\b(?:{_NUMBER_WORDS})[- ](?:{UNIT_WORDS})\b|"
    r"\b\d[\d,.]*\s+(?:[a-z-]+\s+){0,3}[a-z]+s\b|"
    rf"\d[\d,.]*\s*(?:%|‰|°C|m³|m²)|"
    rf"(?:\d[\d,.]*|(?<!一)[一二三四五六七八九十百千万两]+)\s*[万亿千百]?\s*{_MEASURE}",
    re.I)
TIME = _cues(
    "today", "yesterday", "this (?:morning|afternoon|evening|week|month)", "last (?:week|month)",
    "(?:on|since|by|until|from) (?:\\d{1,2} )?(?:january|february|march|april|may|june|july|"
    "august|september|october|november|december)", "\\d{1,2}:\\d{2}", "\\d{4}-\\d{2}-\\d{2}",
    "(?:january|february|march|april|may|june|july|august|september|october|november|"
    "december) \\d{1,2}", "\\d{1,2} (?:january|february|march|april|may|june|july|august|"
    "september|october|november|december)", "(?:19|20)\\d{2}", "quarter", "Q[1-4]",
    "今天", "昨天", "今年", "去年", "上月", "本月", "上旬", "中旬", "下旬", "凌晨", "上午",
    "下午", "傍晚", "夜间", "季度")
TIME = re.compile(TIME.pattern + r"|[0-9一二三四五六七八九十两]+\s*[年月日时号]", re.I)
NEEDS_SCALE = ("situation", "problem", "emergency", "experience")


@rule("Q301", "missing-scale", W, "item")
def missing_scale(item: Item, ctx: Context) -> Iterator[Finding]:
    """The item gives no figure with a unit: how many, how much, how large.

    ## What it does
    For situation, problem, emergency and experience items, reports an item
    with no number that carries a unit (people, households, yuan, tonnes,
    km, %, 人、户、万元、吨、公里 …) anywhere in its title, summary or body.

    ## Why
    Scale is what lets a leader weigh an item against others: the
    *comprehensive* criterion — who, what, when, where, *how much*, what next.

    ## Example
    "Many residents were affected by the water cut." / “停水影响了大量居民。”

    ## Use instead
    "About 3,000 households in two streets were without water for 9 hours." /
    “两个街道约3000户居民停水9小时。”
    """
    if item.category not in NEEDS_SCALE or not item.summary:
        return
    if not _SCALE.search(_text(item)):
        yield Finding("Q301", "no figure with a unit anywhere (how many, how much, how "
                              "large)", item.body_line, 1)


@rule("Q302", "missing-time", W, "item")
def missing_time(item: Item, ctx: Context) -> Iterator[Finding]:
    """The item does not say when the event happened.

    ## What it does
    For situation, problem, emergency and experience items, reports an item
    with no `event_date` and no date or time in its text.

    ## Why
    *When* is one of the essential elements; without it the reader cannot
    tell whether the item is news, and the assessment cannot measure
    timeliness.

    ## Example
    "A landslide blocked the county road." / “山体滑坡阻断县道。”

    ## Use instead
    `event_date: 2026-11-20`, and in the text: "At 05:40 on 20 November a
    landslide blocked the county road." / “11月20日5时40分，山体滑坡阻断县道。”
    """
    if item.category not in NEEDS_SCALE or item.event_date or not item.summary:
        return
    if not TIME.search(_text(item)):
        pos = item.where("date")
        yield Finding("Q302", "no event_date and no date or time in the text: say when it "
                              "happened", pos.line, pos.column)


# --- true --------------------------------------------------------------------------


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
    """A figure in the summary appears nowhere in the title or body.

    ## What it does
    Compares the numbers in the summary (`1,240` and `1240` alike) with those
    of the title, the body and the sources, and reports a summary figure they do not
    contain. Years, dates and times are not counted.

    ## Why
    The summary is what gets quoted. A figure there that the body does not
    back — a typo, or a number from an older draft — is how wrong facts reach
    leaders: the *true* criterion.

    ## Example
    Summary: "about 3 tonnes of diesel leaked"; body: "about 2 tonnes ran into
    the drain." / 摘要“泄漏约3吨”，正文“约2吨流入雨水管”。

    ## Use instead
    The same figure in both, and its source listed.
    """
    if not item.summary:
        return
    support = set(numbers(_half(item.title or ""))) | set(numbers(_half(mask(item.body))))
    for source in item.sources:
        support |= set(numbers(source))
    summary = _DATES.sub(" ", _half(item.summary))
    missing = [n for n in dict.fromkeys(numbers(summary))
               if n not in support and not _is_year(n) and not _rounded(summary, n, support)]
    if missing and support:
        pos = item.where("summary")
        listed = ", ".join(missing[:5])
        what = f"figures {listed} appear" if len(missing) > 1 else f"figure {listed} appears"
        yield Finding("Q402", f"the summary's {what} nowhere in the title or body",
                      pos.line, pos.column)


_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
           "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
# dates and times are when, not how much: Q302's business, not a figure to back up
_DATES = re.compile(rf"\b\d{{1,2}}(?:\s*(?:to|-|–|—)\s*\d{{1,2}})?\s+(?:{_MONTHS})\b|"
                    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:\s*(?:to|-|–|—)\s*\d{{1,2}})?\b|"
                    r"(?<![\d.])\d{1,2}\s*[月日号时点秒](?:\s*(?:至|到|-|—|～)\s*\d{1,2}\s*[月日号时])?|"
                    r"(?<=[时点])\d{1,2}\s*分|\d{1,2}:\d{2}|\b(?:19|20)\d{2}-\d{2}-\d{2}\b|"
                    r"\bweek \d{1,2}\b|第\d+周", re.I)


_HEDGE = re.compile(r"(?:约|大约|超过|逾|近|将近|不足|上万|about|around|over|nearly|almost|"
                    r"more than|some|roughly|under|less than)\s*$", re.I)


def _rounded(summary: str, number: str, support: set[str]) -> bool:
    """True when the summary hedges ``number`` ("about 800") and the body has a figure
    within 10 % of it (836): honest rounding, not a new fact."""
    at = summary.find(number)
    if at < 0 or not _HEDGE.search(summary[max(0, at - 12):at]):
        return False
    value = float(number)
    return any(_close(value, s) for s in support)


def _close(value: float, other: str) -> bool:
    try:
        return abs(float(other) - value) <= 0.1 * value
    except ValueError:
        return False


def _half(text: str) -> str:
    """Full-width digits as ASCII (Q506 reports them; figures are still figures)."""
    return text.translate(_TO_HALF)


def _is_year(number: str) -> bool:
    return number.isdigit() and len(number) == 4 and number[:2] in ("19", "20")


SUPERLATIVES = _cues(
    "best[- ]ever", "unprecedented", "record[- ]breaking", "world[- ]class", "first[- ]class",
    "second to none", "huge success", "complete success", "perfect(?:ly)?", "fully solved",
    "completely solved", "once and for all", "greatly improved", "dramatically", "remarkabl[ey]",
    "outstanding", "the (?:best|largest|highest|first) in the (?:country|nation|province|world)",
    "史上最", "前所未有", "空前", "全国领先", "国内领先", "全国第一", "全省第一", "世界一流",
    "国际一流", "圆满成功", "彻底解决", "完美", "巨大成功", "重大突破", "历史性", "最好水平")


@rule("Q404", "unsupported-superlative", W, "item")
def unsupported_superlative(item: Item, ctx: Context) -> Iterator[Finding]:
    """A superlative claims more than a figure shows.

    ## What it does
    Reports words of praise that state no measure: *unprecedented, best ever,
    world-class, completely solved*; *史上最、前所未有、全国领先、圆满成功、彻底解决*.

    ## Why
    The *true* criterion: achievements are not inflated. A superlative
    invites the question "compared with what?", and leaders discount the
    whole item when it cannot be answered.

    ## Example
    "The campaign was an unprecedented success." / “整治行动取得前所未有的成功。”

    ## Use instead
    "Complaints fell from 412 in September to 96 in October." /
    “投诉量由9月的412件降至10月的96件。”
    """
    filler = phrase_table()

    def in_filler(text: str, start: int, end: int) -> bool:
        # "achieved remarkable results" is Q505's (with its replacement), not Q404's too
        return any(s <= start and end <= s + len(found) for s, found, _ in filler.find(text))

    yield from _phrase_hits(item, SUPERLATIVES, "Q404",
                            "'{match}' claims more than a figure shows; say by how much, "
                            "compared with what", skip=in_filler)


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


# --- refined -----------------------------------------------------------------------


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
        yield Finding("Q503", f"the body is {units} units long; the limit is {limit}",
                      item.body_line, 1)


@rule("Q504", "long-sentence", W, "item",
      options=(Option("max_words", 40, "Longest English sentence, in words."),
               Option("max_chars", 100, "Longest Chinese sentence, in characters.")))
def long_sentence(item: Item, ctx: Context) -> Iterator[Finding]:
    """A sentence is too long to read at once.

    ## What it does
    Reports a sentence (or a clause ending in a semicolon) of more than
    `max_words` (40) Latin words, or more than `max_chars` (100) CJK characters.

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
    for sentence in sentences(item.body, item.body_line):
        cjk = len(re.findall(rf"[{CJK_CHARS}]", sentence.text))
        words = count_units(sentence.text) - cjk
        if cjk > max_chars or (cjk < words and words > max_words):
            size = f"{cjk} characters" if cjk > max_chars else f"{words} words"
            yield Finding("Q504", f"this sentence is {size} long; split it", sentence.line,
                          sentence.column)


@rule("Q505", "filler-phrase", W, "item",
      options=(Option("extra", [], "More phrases: 'phrase => replacement'."),
               Option("ignore", [], "Shipped phrases not to report.")))
def filler_phrase(item: Item, ctx: Context) -> Iterator[Finding]:
    """A filler, cliché or empty official phrase.

    ## What it does
    Reports phrases from the shipped English and Chinese lists (and the
    policy's `extra`), with a suggested replacement: *it is worth noting
    that, in order to, a series of measures*; *高度重视、进一步加强、取得显著成效、相关部门*.

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
    table = phrase_table(tuple(ctx.options["extra"]), tuple(ctx.options["ignore"]))
    yield from _filler_in(item, table)


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


# --- punctuation (fixable) ---------------------------------------------------------

# a mark right after a Chinese character belongs to Chinese text; so does a bracket
# pair opened right after one (and the mark right after that pair)
_HALF_AFTER_CJK = re.compile(rf"(?<=[{CJK_CHARS}])(?:[,;:?!]|\.(?![\d.])|\()")
_PAIR = re.compile(r"\(([^()]*)\)")
_FULL_WIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}


def punctuation_fixes(line: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each punctuation mark to normalise in ``line``.

    ``line`` is masked prose: code and URLs are blanks, so they are never touched.
    """
    out = []
    for m in _HALF_AFTER_CJK.finditer(line):
        if m.group(0) != "(":
            out.append((m.start(), m.end(), FULL[m.group(0)]))
            continue
        pair = _PAIR.match(line, m.start())
        if pair is None:
            continue  # an unclosed bracket: leave it for the writer
        out += [(pair.start(), pair.start() + 1, "（"), (pair.end() - 1, pair.end(), "）")]
        after = pair.end()
        if after < len(line) and line[after] in ",;:?!.":
            out.append((after, after + 1, FULL[line[after]]))
    out += [(m.start(), m.end(), m.group(0).translate(_TO_HALF))
            for m in _FULL_WIDTH_ALNUM.finditer(line)]
    return sorted(out)


_TO_HALF = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B)}


@rule("Q506", "cjk-punctuation", W, "item", fixable=True)
def cjk_punctuation(item: Item, ctx: Context) -> Iterator[Finding]:
    """Half-width punctuation in Chinese text, or full-width letters and digits.

    ## What it does
    In the body, reports ASCII punctuation (`, ; : ? ! ( ) .`) that follows a
    Chinese character, where Chinese uses full-width marks (`，；：？！（）。`) —
    brackets as a pair, and not around a Chinese name quoted in an English
    sentence ("Xishan District (西山区)") — and
    full-width digits and letters (`２０２６`, `ＰＭ`), which should be half-width.
    Code and addresses are left alone. `bulletin check --fix` normalises them.

    ## Why
    Mixed widths look careless in print and break search: `２０２６` does not
    match `2026`. The *refined* criterion covers form as well as words.

    ## Example
    “全市共检查186所学校,其中23所限期整改(主要是留样不全).”
    “１至１０月受理投诉２１３件。”

    ## Use instead
    “全市共检查186所学校，其中23所限期整改（主要是留样不全）。”
    “1至10月受理投诉213件。”
    """
    for line in body_lines(item.body, item.body_line):
        for start, _, replacement in punctuation_fixes(line.text):
            yield Finding("Q506", f"write '{replacement}' here (Chinese text takes full-width "
                                  "punctuation and half-width digits)", line.number, start + 1)


# --- novel: near-duplicates (a repository rule) ---------------------------------------


@rule("Q201", "near-duplicate", W, "repo",
      options=(Option("threshold", 0.7, "Similarity (0-1) from which two items are copies."),
               Option("containment", 0.8, "Share of an item found inside a longer one.")))
def near_duplicate(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """An item repeats another item's text.

    ## What it does
    Compares every item with every other, across units, by the overlap of
    their word (or, in Chinese, character) sequences, with figures and dates
    masked — so a resubmission with a new date, changed figures, a sentence
    moved or a few words added is still recognised, and so is an item copied
    into a longer one. Reports the later of the two, naming the earlier. An
    index kept in `.bulletin-cache/` makes the comparison fast on large
    bulletins.

    ## Why
    The *novel* criterion: leaders must not read the same news twice, and an
    item resubmitted by another unit must not be counted twice in the
    assessment.

    ## Example
    The water bureau's “水库水位降至汛限以下” of 18 November, filed again by
    the district on 20 November with the figures updated; or "Reservoir levels
    fall below the flood-season limit" copied into a longer weekly report.

    ## Use instead
    Report what is new since the first item — "Levels have risen 0.4 m since
    our report of 18 November" / “较11月18日报送时回升0.4米” — and refer to it
    (`corrects:` if the first was wrong).
    """
    by_id = repo.items_by_id()
    for match in repo.similar or ():  # found by the engine, which keeps the index
        first, second = by_id[match.a][0], by_id[match.b][0]
        if (second.date or dt.date.min, second.id) < (first.date or dt.date.min, first.id):
            first, second = second, first
        how = (f"{match.similarity:.0%} the same" if match.similarity >= ctx.options["threshold"]
               else f"{match.containment:.0%} of it is in the other")
        yield Finding("Q201", f"near-copy of {first.path} ({how}); report what is new, or "
                              "withdraw it", path=second.path)
