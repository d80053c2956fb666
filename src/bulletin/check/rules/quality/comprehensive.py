"""Q3xx *comprehensive*: the essential elements are there.

Q301 asks for a figure with a unit (how many, how much, how large), Q302 for
when it happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ..registry import Context, Option, rule
from .reading import cues, item_prose, names

W = Severity.WARNING

UNIT_WORDS = (
    r"%|percent|per cent|‰|yuan|RMB|dollars?|km|kilometres?|kilometers?|metres?|meters?|"
    r"m|cm|mm|tonnes?|tons?|kg|kilograms?|hectares?|ha|mu|litres?|liters?|cubic|square|"
    r"people|persons?|residents?|households?|families|patients?|cases?|students?|workers?|"
    r"vehicles?|cars?|buses|trips?|beds?|schools?|villages?|sites?|items?|complaints?|"
    r"days?|hours?|minutes?|weeks?|months?|years?|times|million|billion|thousand|hundred|"
    r"degrees?|°C|mg|μg|ppm|ppb|parts? per (?:million|billion)|MW|kWh|GWh|m3|m²|m³"
)
# Chinese measure words and units that make a number a quantity (not 年月日时, a date)
_MEASURE = ("(?:个|名|人|户|家|起|次|辆|所|座|条|项|亩|吨|元|公里|千米|米|平方|立方|千克|"
            "公斤|台|套|件|处|间|张|宗|例|只|头|株|棵|支|艘|架|栋|幢|层|公顷|毫米|厘米|度|"
            "倍|成|%|％|‰|天|小时|分钟|周|个月|岁|床|份|箱|斤|升|毫升|千瓦|万|亿)")
_NUMBER_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                 r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|dozens?|"
                 r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?")
# A figure starts where a run of digits (with its separators) or of Chinese numerals
# starts, never inside one: the search then reads each run once (linear time)
_FIGURE = r"(?<![\d,.])\d[\d,.]*+"
# ... but not a year ("in 2026 the councils"), nor an ordinal (第二次会议, 第三周), nor a
# lone 一, which is more often an article or an idiom (一次性, 最后一米) than a count
# (a figure ends on a digit: "2. Require noise monitors" is a list's number)
_QUANTITY = r"(?<![\d,.第])(?!(?:19|20)\d\d(?![\d,.]))\d(?:[\d,.]*\d)?"
_NUMERALS = "一二三四五六七八九十百千万两"
_CJK_COUNT = rf"(?<![{_NUMERALS}第])(?:[{_NUMERALS}]{{2,}}|[二三四五六七八九十两])"
_SCALE = re.compile(
    rf"{_QUANTITY}\s*(?:{UNIT_WORDS})\b|\b(?:{_NUMBER_WORDS})[- ](?:{UNIT_WORDS})\b|"
    rf"\b{_QUANTITY}\s++(?:[a-z-]+\s+){{0,3}}[a-z]+s\b|"
    rf"\b(?:{_NUMBER_WORDS})\s++(?:[a-z-]+\s+){{0,3}}[a-z]+s\b|"
    # one person, named by what they are: "killing the driver and injuring a passenger"
    r"\b(?:an?|one|the) (?:[a-z-]+ )?(?:man|woman|boy|girl|child|driver|passenger|pedestrian|"
    r"person|resident|victim|teenager|motorist|cyclist|motorcyclist|officer|firefighter|"
    r"worker)\b|(?<![第统唯])一(?:名|人(?![民大])|辆|户|起|座|处|具)|"
    rf"{_QUANTITY}\s*(?:%|‰|°C|m³|m²)|"
    rf"(?:{_QUANTITY}|{_CJK_COUNT})\s*+[万亿千百]?[多余]?\s*{_MEASURE}",
    re.I)
# words that speak of a quantity without giving it: where a figure is natural
VAGUE = cues(
    "many", "numerous", "a (?:large |great |small )?number of", "several", "dozens", "hundreds",
    "thousands", "most", "majority", "a (?:lot|raft|range|host) of", "lots of", "widespread",
    "large(?:-scale| numbers)", "significant(?:ly)?", "substantial(?:ly)?", "sharp(?:ly)?",
    "dramatic(?:ally)?", "considerabl[ey]", "more and more", "fewer",
    # a trend without its size ("rose sharply", "an increase in"); not a verb of motion
    # (trees may fall) nor a purpose ("to increase capacity")
    "(?:rose|fell|increased|decreased|grew|declined|dropped|risen|fallen|doubled)"
    " (?:sharply|steadily|significantly|substantially|dramatically|markedly|rapidly)",
    "(?:an?|the) (?:sharp |steady |significant |marked |rapid )?"
    "(?:increase|decrease|rise|fall|drop|decline|growth) (?:in|of)",
    "(?:increasing|growing|rising|falling|declining) (?:numbers?|demand|costs?)",
    "大量", "大批", "众多", "多名", "多人", "多户", "多家", "多处", "多起", "多项", "不少", "部分",
    "一批", "若干", "大幅", "明显(?:增加|减少|上升|下降|提高|提升|改善)",
    "显著(?:增加|减少|提升|改善)",
    "逐年", "不断增加", "增多", "减少", "增长", "下降", "上升", "提升", "提高")
# harm, damage and people affected: in an incident, the words that call for a figure
# (a main break repaired or an evacuation order lifted does not)
IMPACT = cues(
    "injur(?:ed|ies|y)", "killed", "(?-i:dead)", "deaths?", "died", "fatalit\\w*", "casualt\\w*",
    "hospitali[sz]ed", "missing", "trapped", "displaced", "homeless", "destroyed",
    "damaged", "damage to", "(?:were|was|been) evacuated", "without (?:power|water|heat)",
    "affected", "losses", "stranded", "rescued",
    "伤亡", "受伤", "死亡", "遇难", "失踪", "被困", "受灾", "损毁", "损坏", "倒塌", "冲毁",
    "转移", "疏散", "受损", "损失", "受影响", "影响[^，。；]{0,6}(?:群众|居民|用户|户)",
    "救出", "获救", "送医", "就医", "住院", "患者", "病例", "感染", "泄漏", "spill(?:ed|s)?")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
TIME = cues(
    "today", "yesterday", "tonight", "tomorrow", "this (?:morning|afternoon|evening|week|month|"
    "weekend)", "(?:last|next) (?:week|month|year)",
    "(?:on |from |until |by |since )?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    "sunday)",
    f"(?:on|since|by|until|from) (?:\\d{{1,2}} )?{_MONTH}", f"{_MONTH} \\d{{1,2}}",
    f"\\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}", "\\d{1,2}:\\d{2}", "\\d{1,2} ?[ap]\\.?m\\b",
    "\\d{4}-\\d{2}-\\d{2}", "(?:19|20)\\d{2}", "quarter", "Q[1-4]",
    # an update filed the day it is written puts events in time by the hour
    "(?:this|the|yesterday|late|early|throughout the) (?:morning|afternoon|evening|night|day)",
    "overnight", "at this time", "as of", "currently", "right now", "at present",
    "今天", "昨天", "今年", "去年", "上月", "本月", "上旬", "中旬", "下旬", "凌晨", "上午",
    "下午", "傍晚", "夜间", "季度", "本周", "上周", "下周", "明天", "今晚",
    "今日", "昨日", "昨晚", "昨夜", "今晨", "当天", "当日", "当晚", "目前", "截至", "中午", "深夜")
TIME = re.compile(TIME.pattern + r"|(?<![0-9一二三四五六七八九十两第])[0-9一二三四五六七八九十两]+"
                                 r"\s*[年月日时号]", re.I)
# a day, not a time of day: what an event put in time by "recently" still lacks
DAY = re.compile(cues(
    "today", "yesterday", "tonight", "tomorrow", "this (?:week|month|weekend)",
    "(?:last|next) (?:week|month|year)", "(?:monday|tuesday|wednesday|thursday|friday|"
    "saturday|sunday)", f"{_MONTH} \\d{{1,2}}", f"\\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}",
    "\\d{4}-\\d{2}-\\d{2}", "(?:19|20)\\d{2}", "今天", "昨天", "今年", "去年", "上月", "本月",
    "上旬", "中旬", "下旬", "本周", "上周").pattern +
    r"|(?<![0-9一二三四五六七八九十两])[0-9一二三四五六七八九十两]+\s*[年月日号]", re.I)


@rule("Q301", "missing-scale", W, "item",
      options=(Option("always", ["problem", "experience"],
                      "Categories whose items always need a figure with a unit."),
               Option("when_harm", ["emergency"],
                      "Categories whose items need one when they report harm, damage or "
                      "people affected ('injured', '受灾'), or speak of a quantity without "
                      "giving it."),
               Option("when_vague", ["situation"],
                      "Categories whose items need one when they speak of a quantity "
                      "without giving it ('many', '大量').")))
def missing_scale(item: Item, ctx: Context) -> Iterator[Finding]:
    """The item gives no figure with a unit: how many, how much, how large.

    ## What it does
    Reports an item with no number that carries a unit (people, households,
    yuan, tonnes, km, %, 人、户、万元、吨、公里 …) anywhere in its title,
    summary or body, where a figure is natural: always in the categories
    `always` lists (problem, experience); in those `when_harm` lists
    (emergency) when the item reports harm, damage, a spill or people
    affected (*injured, damaged, evacuated, without power*; *受伤、受灾、损毁、
    泄漏、转移、受影响*; not in a negation: “无人员伤亡”) or speaks of a quantity
    without giving it; and in those `when_vague` lists (situation) when it
    speaks of a quantity without giving it (*many, several, most, rose
    sharply*; *大量、多名、部分、明显增加*). Where no quantity is natural — a main
    break repaired, an order lifted, a service that continues as usual, a
    council that welcomes a decision — it says nothing. A year, an ordinal (第二次会议,
    week 3) or a lone 一 (最后一米) is not a figure; "two water main breaks"
    is.

    ## Why
    Scale is what lets a leader weigh an item against others: the
    *comprehensive* criterion — who, what, when, where, *how much*, what next.

    ## Example
    "Many residents were affected by the water cut." / “停水影响了大量居民。”

    ## Use instead
    "About 3,000 households in two streets were without water for 9 hours." /
    “两个街道约3000户居民停水9小时。”
    """
    always, harm = ctx.options["always"], ctx.options["when_harm"]
    vague = ctx.options["when_vague"]
    if item.category not in (*always, *harm, *vague) or not item.summary:
        return
    prose = item_prose(item)
    if _SCALE.search(prose):
        return
    if item.category not in always and not VAGUE.search(prose) and not (
            item.category in harm and names(IMPACT, prose)):
        return
    yield Finding("Q301", "no figure with a unit anywhere (how many, how much, how large)",
                  item.body_line, 1)


# words that put an event in time without saying when: where a date is wanted
VAGUE_TIME = cues(
    "recent(?:ly)?", "lately", "of late", "the other day", "earlier this (?:week|month|year)",
    "in recent (?:days|weeks|months)", "(?:has|have) been (?:notified|told|informed|reported)",
    "近日", "日前", "近期", "前不久", "不久前", "最近", "前段时间", "此前不久")


@rule("Q302", "missing-time", W, "item",
      options=(Option("always", ["emergency"],
                      "Categories whose items always need a date or time."),
               Option("when_vague", ["situation", "problem", "experience"],
                      "Categories whose items need one when they put the event in time "
                      "without a date ('recently', 近日).")))
def missing_time(item: Item, ctx: Context) -> Iterator[Finding]:
    """The item does not say when the event happened.

    ## What it does
    Reports an item with no `event_date` and no date or time in its text
    (*17 November, Oct. 7, Monday, 05:40, 7 a.m., this afternoon, overnight,
    at this time*; *11月20日、上午、上旬、今日、当晚、目前*; an update filed the day it
    is written may put events in time by the hour, but not one that says
    *recently* (近日) and gives only an hour):
    always in the categories `always` lists (emergency), and in those
    `when_vague` lists (situation, problem, experience) when the item puts
    the event in time without a date — *recently, a recent campaign, has
    been notified*; *近日、日前、近期、前不久*. An item about a programme or a
    state of things needs no date.

    ## Why
    *When* is one of the essential elements; without it the reader cannot
    tell whether the item is news, and the assessment cannot measure
    timeliness.

    ## Example
    "A landslide blocked the county road." (an emergency) /
    “近日，全市儿童肺炎支原体感染就诊人数明显增多。”

    ## Use instead
    `event_date: 2026-11-20`, and in the text: "At 05:40 on 20 November a
    landslide blocked the county road." / “11月中旬以来，……”
    """
    always, vague = ctx.options["always"], ctx.options["when_vague"]
    if (item.category not in always and item.category not in vague) or item.event_date \
            or not item.summary:
        return
    prose = item_prose(item)
    if item.category in always and TIME.search(prose) and not (
            VAGUE_TIME.search(prose) and not DAY.search(prose)):
        return  # (an emergency "近日" with only an hour, “当天18时”, still lacks its day)
    if item.category not in always and (not VAGUE_TIME.search(prose) or DAY.search(prose)):
        return
    pos = item.where("date")
    yield Finding("Q302", "no event_date and no date or time in the text: say when it "
                          "happened", pos.line, pos.column)
