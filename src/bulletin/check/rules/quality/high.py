"""Q1xx *high*: the item is written from the reader's vantage point.

Q101 asks the summary to say why the item matters, Q102 that the item reads like
its category, Q103 that its priority matches what it reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ...prose import sentences
from ..phrases import phrase_table
from ..registry import Context, Option, rule
from .reading import cues, item_prose, names, negated
from .substance import NO_FACT_CUES, no_fact

W, INFO = Severity.WARNING, Severity.INFO

_MONTHS = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\\w*"
SIGNIFICANCE = cues(
    "because", "so that", "so", "therefore", "which (?:means|leaves|puts|would|could|will|"
    "allows|keeps|cuts|raises|lowers|threatens)", "mean(?:s|ing)?", "risks?", "threat",
    "affect(?:s|ed|ing)?", "impact", "leav(?:es|ing)", "need(?:s|ed)?", "must", "should",
    "to (?:prevent|avoid|keep|secure|protect|cut|reduce|meet|cover)", "unless", "if", "would",
    "could", "will", "may", "cost(?:s|ing)?", "sav(?:es|ed|ing)", "secur(?:es|ed|ing)",
    "enough", "short(?:age|fall)?", "without", "until", "before", "deadline", "ahead of",
    "matters?", "but", "while", "although", "target", "still", "remains?", "only", "show(?:s|ing)",
    "drag", "than", "compared", "up", "down", "rose", "fell", "doubled?", "halved?",
    "against", "grew", "grow(?:s|ing)?", "increas(?:e|ed|es|ing)", "decreas(?:e|ed|es|ing)",
    # (a change from one figure to another, not a run of days: "from 14 to 16 November")
    "from (?!\\d{1,2}(?:st|nd|rd|th)? to \\d{1,2}(?:st|nd|rd|th)? " + _MONTHS + ")(?!" + _MONTHS +
    " \\d{1,2}(?:st|nd|rd|th)? to )[^.]{1,40} to",
    "(?:ending|adding|leaving|freeing|saving|cutting|raising|halving|"
    "doubling|allowing|letting)", ", which \\w+",
    # purpose: what the action is for
    "to (?:help|ensure|support|improve|enable|allow|give|speed|ease|boost|strengthen|address|"
    "tackle|provide|restore|maintain|limit|minimi[sz]e|encourage|attract|create|bring|make "
    "sure|serve)", "aim(?:s|ed|ing)? to", "designed to", "help(?:s|ed|ing)?",
    "ensur(?:e|es|ed|ing)", "benefit\\w*", "so (?:that|residents|people|families|patients)",
    "为了", "以便", "旨在", "助力", "惠及", "受益", "便民", "为民", "缓解",
    "有效(?:解决|减少|降低|防止|遏制)", "防范", "防止", "应对", "优化", "改善", "方便", "节省",
    "为(?:防范|防止|应对|确保|保障|做好|加强|进一步|切实|有效|推动|促进|落实|满足|方便|解决|"
    "提升|提高|减少|降低|避免)",
    "to (?:help|ensure|protect|prevent|prepare|reduce|keep|make|give|let|allow)",
    "in (?:case|the event) of", "(?:for|in) (?:your|their|public) safety", "precaution\\w*",
    "advis(?:e|es|ed|ing)", "urg(?:e|es|ed|ing)", "warn(?:s|ed|ing)?", "expect(?:s|ed)?",
    "为[^，。；]{1,30}(?:提供|创造|奠定|保障|打下|营造|服务|助力|推动|夯实|解决|减轻|缓解|护航|保驾)",
    "但", "低于", "高于", "目标", "拖累", "尚未", "比上年", "比去年", "增长", "下降", "减少",
    "增加",
    "缩短", "提高", "降至", "降到", "升至", "同比", "环比", "由[^，。]{1,20}(?:到|至)",
    "影响", "导致", "造成", "意味着", "将", "需", "建议", "风险", "隐患", "确保", "保障",
    "以免", "避免", "如果", "若", "可能", "亟需", "亟待", "有利于", "便于", "从而", "因此",
    "所以", "由于", "足以", "不足", "缺口", "威胁", "压力", "来源", "之前", "以前", "才能",
    "可保障", "可满足", "仍有", "仍然", "不得", "不能", "须", "必须", "前不", "以后", "之后",
)


# the office's own process rather than a result: a meeting, a training, a survey, a
# contract, a policy adopted; news to its own staff, not yet to a leader
PROCESS = cues(
    "meetings?", "training", "workshops?", "seminars?", "surveys?", "questionnaires?",
    "contracts?", "polic(?:y|ies)", "strateg(?:y|ies)", "attended", "convened", "briefing",
    "会议", "培训", "座谈", "问卷", "调研", "学习", "部署", "印发", "签订", "合同", "训练",
    "推进会", "动员会", "交流会", "研讨")
# a title that says only that an event took place ("Autumn Trade Fair held", 召开座谈会)
HELD = cues("held", "took place", "hosted", "召开", "举办", "举行", "开展")
# a meeting that assigns the next round of work says what must happen next
WHAT_NEXT = cues("部署[^，。；]{0,12}(?:工作|任务|行动|攻坚)")


@rule("Q101", "summary-significance", W, "item",
      options=(Option("min_cues", NO_FACT_CUES,
                      "Words of meetings and exhortation (as Q304 reads them) that make an "
                      "item without a figure say nothing that matters."),))
def summary_significance(item: Item, ctx: Context) -> Iterator[Finding]:
    """The summary does not say why the item matters.

    ## What it does
    Reports a summary that repeats the title; a one-sentence summary that
    reports only the office's own process — a meeting, a training, a survey,
    a contract, a policy adopted (*meeting, training, survey*; *会议、培训、
    问卷、调研、学习*) — when neither it nor the title says what it means,
    risks or costs, what must happen next, what it is for or how it compares
    (*because, so, to help, to ensure, risk, will, but, than …*; *为…提供、
    确保、以便、影响、导致、将、需、风险、但、比、部署…工作 …*); and an item
    with no figure at all that holds `min_cues` (2) words of how a meeting
    went or what people should do (what Q304 reads: *productive, reaffirmed,
    urges*; *会议开得很成功、统一思想、传达学习、号召*); and a summary made of two or
    more of Q505's stock phrases (*高度重视、多措并举、全面推进*) with no such word.
    A fact that carries its own weight (an earthquake, a road reopened) is not
    reported.

    ## Why
    Leaders read the summary and decide whether to read on. A meeting held
    or a training given is news to the office's own staff; without what it
    changes the reader is left to work out why they were told — the *high*
    criterion: write from the reader's vantage point.

    ## Example
    ```yaml
    summary: On 17 November the bureau held a training day for 120 pump operators.
    summary: 11月17日，市水务局举办泵站操作人员培训班，培训120人。
    ```

    ## Use instead
    ```yaml
    summary: >-
      120 pump operators trained on 17 November to run the new flood pumps, so
      that every station can be staffed round the clock in the flood season.
    summary: 市水务局培训泵站操作人员120人，汛期每座泵站可实现24小时有人值守。
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
    elif no_fact(item_prose(item), int(ctx.options["min_cues"])):
        yield Finding("Q101", "the item reports only that a meeting or campaign took place, or "
                              "what people should do: say what it changes for the reader",
                      pos.line, pos.column)
    elif SIGNIFICANCE.search(f"{title} {summary}") or WHAT_NEXT.search(f"{title} {summary}"):
        return
    elif len({found for _, found, _ in phrase_table().within(summary).find(summary)}) >= 2:
        yield Finding("Q101", "the summary is made of stock phrases: say what was done and why "
                              "it matters to the reader", pos.line, pos.column)
    elif PROCESS.search(summary) and (len(list(sentences(summary, 1))) <= 1 or (
            HELD.search(title) and len(list(sentences(summary, 1))) <= 2)):
        yield Finding("Q101", "the summary states what happened but not why it matters to the "
                              "reader (its consequence, risk or what must happen next)",
                      pos.line, pos.column)


# disasters and service incidents by name: an item about one reads like an emergency
DISASTERS = (
    "hurricanes?", "tornado(?:es)?", "earthquakes?", "quakes?", "tremors?", "aftershocks?",
    "wildfires?", "bushfires?", "blizzards?", "typhoons?", "cyclones?", "tsunami",
    "mudslides?", "sinkholes?", "hailstorms?", "heatwave", "heat wave", "ice storm",
    "(?:water|gas|sewer) ?main (?:break|burst|failure)s?", "main breaks?",
    "boil[- ]water (?:notice|advisory|order)", "do[- ]not[- ]drink", "outages?",
    "power cuts?", "gas leaks?", "derail\\w*", "shooting", "stabbing", "drown\\w*",
    "地震", "余震", "台风", "飓风", "龙卷风", "冰雹", "山火", "森林火灾", "山洪", "洪水", "洪涝",
    "内涝", "泥石流", "崩塌", "地面塌陷", "地质灾害", "寒潮", "暴雪", "冰冻", "雷击", "溺水",
    "爆燃", "燃气泄漏", "断水", "管网破裂", "水管破裂", "煮沸", "停运", "侧翻", "追尾", "坠落",
    "踩踏")

CATEGORY_CUES = {
    "problem": cues(
        "problems?", "risks?", "short(?:age|fall)s?", "backlogs?", "delay(?:s|ed)?",
        "fail(?:s|ed|ure|ing)?", "complaints?", "overdue", "unsafe", "lack(?:s|ing)?",
        "gaps?", "defects?", "cracks?", "leak(?:s|ing)?", "arrears", "unpaid", "overcrowd\\w*",
        "insufficient", "exceed(?:s|ed)?", "below", "unlicensed", "illegal\\w*", "violat\\w*",
        "undersized", "flood\\w*", "trapp\\w*", "damage\\w*", "block\\w*", "worn",
        "ageing", "aging", "outdated", "without", "cannot", "unable", "harm\\w*", "hazard\\w*",
        "addict\\w*", "vap(?:e|es|ing)", "concern\\w*", "worr\\w*", "unknown", "may contain",
        "contamina\\w*", "expos\\w*", "lead pipes?", "rising", "rise in", "poor(?:ly)?",
        "shortage", "waiting lists?", "overdue", "deteriorat\\w*",
        "问题", "风险", "隐患", "不足", "短缺", "滞后", "投诉", "欠", "超标", "违规", "违法",
        "困难", "矛盾", "缺", "难", "拖欠", "积压", "下降", "偏低", "偏高", "未", "隐患", "堵点",
        "短板", "薄弱", "紧张", "增多", "上升", "反映"),
    "proposal": cues(
        "propos\\w*", "recommend\\w*", "suggest\\w*", "should", "ask(?:s|ed)? (?:for|that)",
        "request\\w*", "extend", "introduce", "set up", "create", "建议", "提议", "拟",
        "应当", "应", "请", "恳请", "增设", "设立", "推行"),
    "experience": cues(
        "results?", "reduc\\w*", "increas\\w*", "cut", "rose", "fell", "improv\\w*", "saved?",
        "down", "up", "from .* to", "completed", "resurfaced", "built", "delivered", "opened",
        "served", "helped", "成效", "下降", "提高", "减少", "增加", "缩短", "提升",
        "节约", "实现", "做法", "经验", "降", "清除", "无新", "缩减", "压减", "增长", "同比",
        "化解", "解决", "破解", "办结", "带动", "促进", "受益", "覆盖"),
    "emergency": cues(*DISASTERS,
        "fires?", "flood\\w*", "windstorms?", "storms?", "winds?", "damag\\w*", "overflow\\w*",
        "sewage", "起火", "着火", "失火", "火情", "扑灭", "受灾", "损毁", "冲毁", "collaps\\w*",
        "injur\\w*", "dead", "deaths?", "died",
        "killed", "evacuat\\w*", "leak\\w*", "burst", "landslides?", "accidents?",
        "explosions?", "storm", "trapped", "outbreak", "poisoning", "spill\\w*",
        "closed", "火灾", "事故", "受伤", "伤亡", "死伤", "伤者", "伤员", "重伤", "轻伤", "死亡",
        "遇难", "疏散", "转移", "泄漏", "爆管", "滑坡", "塌", "爆炸", "暴雨", "被困", "中毒",
        "疫情", "停水", "停电", "险情"),
}


# a title about a drill or an exercise: no emergency happened
DRILL = cues("drills?", "exercises?(?! caution)", "simulat\\w*", "tabletop", "演练", "演习")


@rule("Q104", "drill-as-emergency", W, "item")
def drill_as_emergency(item: Item, ctx: Context) -> Iterator[Finding]:
    """An exercise filed as an emergency.

    ## What it does
    Reports an *emergency* item whose title names a drill or an exercise
    (*drill, exercise, tabletop, simulation*; *演练、演习*): nothing happened.

    ## Why
    Emergency items interrupt leaders and may go out as a flash edition; the
    assessment counts them. A drill reported as an emergency is read as one.

    ## Example
    `category: emergency` on "County holds earthquake drill at 12 schools" /
    “我市开展地震应急疏散演练”.

    ## Use instead
    `category: situation` — the drill is a piece of the office's work: say how
    many took part and what it showed ("evacuation took 6 minutes, 2 fewer than
    last year" / “疏散用时6分钟，比去年缩短2分钟”).
    """
    if item.category != "emergency":
        return
    drill = DRILL.search(item.title or "")
    if drill:
        pos = item.where("category")
        yield Finding("Q104", f"'{drill.group(0)}' in the title: a drill is not an emergency; "
                              "file it as a situation report", pos.line, pos.column)


@rule("Q102", "category-fit", INFO, "item")
def category_fit(item: Item, ctx: Context) -> Iterator[Finding]:
    """The item does not read like its category (advice).

    ## What it does
    Looks for the words a category's items use: a *problem* names a problem
    or risk, a *proposal* proposes, *local experience* reports results, an
    *emergency* names an incident. Advises (severity info, not on the
    quality card) on an item in which none appear; an item of slogans is left
    to Q505, and a drill filed as an emergency is Q104's. Cue words cannot
    know every incident or every way of proposing, so this rule only advises:
    on published items it was wrong more often than right as a warning.

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
    if item.category == "emergency" and DRILL.search(item.title or ""):
        return  # Q104's
    prose = item_prose(item)
    if len(phrase_table().within(prose).find(prose)) >= 2:
        return  # slogans, not news: Q505's to report; its category shows once it says something
    if not names(cues, prose):
        pos = item.where("category")
        name = ctx.policy.categories[item.category].name if item.category in \
            ctx.policy.categories else item.category
        yield Finding("Q102", f"nothing in the item reads like a '{name}' item; check the "
                              "category", pos.line, pos.column)


# what makes an item urgent, read in its title: casualties, people in danger now,
# an incident under way, a deadline within hours
INCIDENT = cues(
    "dead", "died", "killed", "injured", "trapped",
    "evacuat(?:ed|ing|ion)", "explosion", "collapsed?", "on fire", "burst", "spill(?:ed)?",
    "contaminated", "outbreak", "red alert", "clusters?", "legionnaires", "measles",
    "死亡", "遇难", "受伤", "失踪", "被困", "疏散", "爆炸", "坍塌", "起火", "泄漏",
    "爆管", "红色预警", "中毒", "险情", "聚集性", "疫情")
# what makes 'routine' wrong: people harmed or in danger, in the title or the summary
HARMED = cues(
    "dead", "died", "killed", "fatal\\w*", "injur(?:e|es|ed|ies|ing|y)", "trapped", "missing",
    "evacuat(?:ed|ing|ion)", "hospitali[sz]ed", "red alert",
    "死亡", "遇难", "受伤", "重伤", "失踪", "被困", "疏散", "转移", "中毒", "红色预警")
# ... or many people affected: a thousand people or households, or more
_MANY = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d{4,})(?:\.\d+)?\s*(?:people|residents|"
                   r"households|homes|customers|families)\b|(?<![\d.])(?:\d+(?:\.\d+)?万|\d{4,})"
                   r"[余多]?(?:人|户|名|居民|群众)", re.I)
URGENT = re.compile(INCIDENT.pattern + "|" + cues(
    *DISASTERS, "within (?:the|an|one|two|\\d+) hours?", "tonight", "今晚", "小时内").pattern,
    re.I)
# a title about an incident that is over, or not an incident at all: not a reason for
# 'urgent' ("All evacuation orders lifted", 疏散群众全部返回, an earthquake drill)
NOT_NOW = re.compile(cues(
    "lifted", "lifts", "ended", "ends", "(?:is|are|was) over", "dropped", "downgraded",
    "cancell?ed", "called off",
    "stood down", "reopen\\w*", "resum\\w*", "restored", "return(?:s|ed)? home", "all clear",
    "repaired", "fixed", "contained", "extinguished", "put out",
    "recover\\w*", "rebuil\\w*", "anniversary", "drills?", "exercises?", "simulat\\w*",
    "lessons", "review", "preparedness", "plans?").pattern + r"\b|" + cues(
    "解除", "撤销", "结束", "恢复", "返回", "返家", "重建", "复工", "复产", "通车", "周年",
    "扑灭", "修复", "排除", "抢通",
    "演练", "演习", "预案", "复盘", "总结").pattern, re.I)


@rule("Q103", "priority-fit", INFO, "item")
def priority_fit(item: Item, ctx: Context) -> Iterator[Finding]:
    """The priority may not match what the item reports (advice).

    ## What it does
    Advises (severity info, not on the quality card): priority is the
    submitting unit's judgement of how fast leaders must read the item, and
    cue words cannot weigh it with certainty. Reads the title and summary of
    a *routine* emergency or incident still under way and reports one that
    names people harmed or in danger (casualties, people trapped or
    evacuated; not in a negation: "no injuries", “无人员伤亡”). A finished
    incident ("main break repaired", “已扑灭”) is not reported. The certain
    cases are warnings of their own: Q105 (urgent, with no incident) and Q106
    (a routine emergency that affects a thousand people or moves hundreds).

    ## Why
    Urgent items interrupt leaders and may go out as a flash edition within
    the hour; a routine label on an emergency delays it. Whether five people
    hurt in a bus crash is urgent is for the unit and the editor to weigh.

    ## Example
    `priority: routine` on "Landslide blocks the mountain road; 12 drivers
    trapped" / “公交车与货车相撞，5名乘客受伤”.

    ## Use instead
    `priority: urgent` if leaders must hear of it within the hour; otherwise
    keep `routine` and say in the summary that the incident is contained:
    "all 12 led out unhurt by 10:45" / “伤者均无生命危险，交通已恢复”.
    """
    pos = item.where("priority")
    emergency = item.category == "emergency"
    title = item.title or ""
    lead = f"{title}. {item.summary or ''}"
    under_way = not NOT_NOW.search(title)
    if item.priority == "urgent" and not (emergency or names(URGENT, title)):
        return  # Q105's
    if emergency and item.priority == "routine" and under_way and _major(lead):
        return  # Q106's
    if item.priority == "routine" and under_way and (emergency or names(INCIDENT, title)) \
            and (names(HARMED, lead) or _MANY.search(lead)):
        yield Finding("Q103", "marked routine, but it reports an emergency or casualties; "
                              "should it be 'urgent'?", pos.line, pos.column)


@rule("Q105", "urgent-without-incident", W, "item")
def urgent_without_incident(item: Item, ctx: Context) -> Iterator[Finding]:
    """An item marked urgent that reports no emergency.

    ## What it does
    Reports an item with `priority: urgent` that is not filed as an
    emergency and whose title names no casualty, evacuation, disaster,
    incident or deadline within hours (*injured, evacuated, earthquake, main
    break, boil-water notice, tonight*; *死亡、疏散、地震、爆管、险情、今晚*).

    ## Why
    Urgent items interrupt leaders and may go out as a flash edition within
    the hour. An urgent label on routine news teaches readers to ignore it.

    ## Example
    `priority: urgent` on "Library opening hours extended in December" /
    “公园冬季开放时间调整”.

    ## Use instead
    `priority: important` or `routine` — and keep `urgent` for items like
    "Chemical plant fire: 2 injured, 300 residents evacuated" /
    “化工厂火灾致2人受伤，疏散居民300人”.
    """
    if item.priority == "urgent" and item.category != "emergency" \
            and not names(URGENT, item.title or ""):
        pos = item.where("priority")
        yield Finding("Q105", "marked urgent, but it reports no emergency, casualty or "
                              "deadline within hours; is it 'important'?", pos.line, pos.column)


# people evacuated, moved or trapped, in hundreds or more: a number of three digits or
# more (or 万) within a few words of the cue, either side
_EVACUATED = re.compile(r"evacuat\w*|疏散|转移|撤离|被困", re.I)
_HUNDREDS = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d{3,})(?![\d,])|\d+(?:\.\d+)?万")


def _major(lead: str) -> bool:
    """Many people affected (a thousand or more) or hundreds evacuated, in ``lead``."""
    return _MANY.search(lead) is not None or any(
        not negated(lead, m.start()) and _HUNDREDS.search(lead[max(0, m.start() - 30):
                                                              m.end() + 30])
        for m in _EVACUATED.finditer(lead))


@rule("Q106", "routine-major-incident", W, "item")
def routine_major_incident(item: Item, ctx: Context) -> Iterator[Finding]:
    """An emergency under way that affects many people, marked routine.

    ## What it does
    Reports an *emergency* item with `priority: routine` whose title names an
    incident that is not over (not *lifted, reopened, restored*; 解除、恢复) and
    whose title or summary says that a thousand people or households or more
    are affected, or that hundreds are evacuated, moved or trapped (*3,000
    households without water, 300 residents evacuated*; *约300名居民紧急疏散*).
    Smaller incidents and casualties are left to Q103's advice: an editor may
    well file one injured driver as routine.

    ## Why
    Routine items wait for the next edition; an incident that moves hundreds of
    people out of their homes is one a leader must hear of now.

    ## Example
    `priority: routine` on "Water main bursts under Jiefang Road; 3,000
    households without water" / “施工挖断燃气管道，周边约300名居民紧急疏散”.

    ## Use instead
    `priority: urgent`, so that the item can go out as a flash edition.
    """
    title = item.title or ""
    if item.category != "emergency" or item.priority != "routine" or NOT_NOW.search(title):
        return
    if _major(f"{title}. {item.summary or ''}"):
        pos = item.where("priority")
        yield Finding("Q106", "marked routine, but the incident affects a thousand people or "
                              "more, or moves hundreds: should it be 'urgent'?",
                      pos.line, pos.column)
