"""What a draft leaves behind: template placeholders (Q303, Q408) and the newspaper's or
the template's furniture (Q507).

A placeholder where a figure, a date, an amount or a passage should be (``XX个乡镇``,
``[NUMBER]``, ``Sept. XX``, ``TODO``, ``待补充``) means the item is not complete: Q303,
*comprehensive*, lists every placeholder of such an item. One where only a name should
be (``×××同志``, ``[县名]交通运输局``, ``[Name]``) leaves the facts there but unattributed:
Q408, *true*. Q507, *refined*, reports a reporter's credit (本报讯（记者…）, "By Jenna
Ruiz, Staff Writer"), an editor's or photographer's credit, a newspaper's tip-off line
(报料人, "Have a news tip?") and a picture with no source (``![现场]()``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ....diagnostics import Finding, Severity
from ....model import Item
from ....text import MAX_FORMATTED_BODY
from ...prose import body_lines, fold, has_any, mask_code
from ..registry import Context, rule

W = Severity.WARNING

_NAME_WORDS = (r"(?:county|city|town|district|council|department|agency|company|organi[sz]ation|"
               r"person|contact|spokes(?:man|woman|person)|officer|official|title|name|phone|"
               r"telephone|email|e-mail|address)")
# a placeholder where a name stands: ×××同志, ××县, [县名], [Name], [County Name]
# (each pattern opens with a look at the one character a placeholder can start with: the
# alternatives are then tried at a few places, not at every character of the item)
_NAME = re.compile(
    r"(?=[×Ｘ\[【［xX])(?:[×Ｘ]{2,}|"
    r"(?<![A-Za-z])[xX]{3,}(?![A-Za-z])(?=同志|局长|主任|书记|县|市|区|镇|乡|村|局|委|办)|"
    r"[\[【［](?:[县市区镇乡村街道单位部门姓名名称职务电话邮箱地址]{1,6}(?:名称|名)?|"
    rf"[A-Za-z ]{{0,20}}\b{_NAME_WORDS}\b[A-Za-z ]{{0,10}})[\]】］](?![(\[]))",
    re.I)
# a placeholder where a figure, a date, an amount or a passage stands
_DATA = re.compile(
    r"(?=[Xx\[【［T待此（])(?:"
    # (XX before a capitalised noun, not a month, is a Roman numeral: the XX Olympiad)
    # (XX inside a plate or a phone number masks it for publication: 闽A95XXX, 138XXXX1234)
    r"(?<![A-Za-z])(?<![A-Z][0-9])(?<![A-Z][0-9]{2})XX+(?![A-Za-z0-9]|\s+(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r")[A-Z][a-z])|(?<![A-Za-z])xx(?![A-Za-z])|"
    r"[\[【［](?:NUMBER|AMOUNT|DATE|TIME|FIGURE|TOTAL|X+|N|数字|金额|日期|时间|数量|待定|"
    r"[Ii]nsert[^\]】］\n]{0,80})[\]】］](?![(\[])|"
    r"\bTODO\b|\bTBD\b|\bTBC\b|待补充|待核实|待填写?|此处(?:插入|补充|添加)|（待[^）\n]{0,12}）)")

# furniture of a newspaper or an agency: datelines with credits, bylines, tip-off lines,
# editor's and photographer's credits
_FURNITURE = re.compile(
    r"本报讯|本报记者|[\u4e00-\u9fff]{1,6}融媒讯|此前报道[：:]|相关报道[：:]|"
    r"延伸阅读[：:]|记者(?:致电|拨通|再次拨通|从[\u4e00-\u9fff]{2,12}获悉|获悉|了解到|来到|在现场看到)|[（(]\s*记者[^）)\n]{1,20}[）)]|通讯员\s*[\u4e00-\u9fff]{2,4}|"
    r"记者\s*[\u4e00-\u9fff]{2,3}\s*摄|[（(]\s*(?:责任)?编辑[：:][^）)\n]{1,30}[）)]|"
    r"报料人|报料热线|爆料热线|新闻热线|"
    r"^\s*By [A-Z][a-z]+(?: [A-Z][a-z.'-]+){1,2},? (?:[A-Z][a-z]+ )?(?:Staff(?: Writer| Reporter)?|"
    r"Reporter|Correspondent|Writer)\s*$|"
    r"\b(?:Have a news tip|Send (?:us )?(?:your )?tips|Know something we should)\b|"
    r"\bThis (?:story|article) was (?:produced|written|reported) by\b|"
    r"\b(?:Staff|File) photo\b|\(Photo(?: by|:)[^)\n]{1,40}\)", re.M)
# a web page's furniture: advertising, sharing, subscribing, copyright, picture credits,
# a columnist's bio. Each pattern is tried only on an item that holds one of its words
# (found by a plain search): a long alternation tried at every character would double
# the rule's cost on the many items that hold none.
_WEB_FURNITURE: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (keys, re.compile(pattern, re.M)) for keys, pattern in (
        (("story continues",), r"\bStory continues below(?: advertisement)?\b"),
        (("share this",), r"\bShare this (?:story|article)\b"),
        (("follow ",), r"\bFollow (?:him|her|them|us) on (?:Facebook|Twitter|X|Instagram)\b"),
        (("trending", "don't miss", "related ", "reader travel", "online editions"),
         r"^\s*(?:Trending Stories|Don't Miss|Related (?:Stories|Articles|News)|Reader Travel|"
         r"Online Editions)\s*$"),
        (("newsletter",),
         r"\bSign up for our [^\n]{0,40}newsletter\b|\bSubscribe to our newsletter\b"),
        (("reserved",), r"\bCopyright (?:©\s*)?(?:19|20)\d\d\b[^\n]{0,60}All rights reserved\b"),
        (("redistributed",), r"\bmay not be published, broadcast, rewritten,? or redistributed\b"),
        (("credit:",), r"^\s*Credit: [^\n]{0,80}(?:Getty|iStock|Shutterstock|AP Photo|Reuters)"),
        (("local news",), r"\bCatch up on your local news\b"),
        (("editor",), r"\bis the (?:founding )?editor of\b|\bSend all letters to the editor\b"),
        (("reached",), r"\b(?:He|She|They) can be reached (?:at|via|by)\b"),
        (("image/",), r"^\s*Image/[A-Z][\w-]*\s*$"),
        (("@",), r"^\s*[\w.]+@[\w-]+\.(?:com|net)\s+[A-Z][a-z]+\.? \d{1,2}, (?:19|20)\d\d\s*$"),
        (("•", "|"),
         r"^\s*[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}\s+[•|]\s+\(?\d{3}\)?[ -]?\d{3}-\d{4}\s*$"),
    ))
_EMPTY_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\(\s*\)")

# what each pattern cannot match without, looked for in fold(text) for the patterns that
# ignore case: a scan for a few literals is many times faster than the pattern's own,
# and most lines hold none of them
_NEEDS: dict[re.Pattern[str], tuple[tuple[str, ...], bool]] = {
    _NAME: (("××", "×ｘ", "ｘ×", "ｘｘ", "xxx", "[", "【", "［"), True),
    _DATA: (("xx", "[", "【", "［", "todo", "tbd", "tbc", "待", "此处"), True),
    _FURNITURE: (("本报", "融媒讯", "此前报道", "相关报道", "延伸阅读", "记者", "通讯员", "编辑",
                  "报料", "热线", "By ",
                  "Have a news tip", "Send ", "Know something", "This ", "photo", "(Photo"),
                 False),
}


@dataclass(frozen=True)
class _Spot:
    line: int
    column: int
    text: str
    name: bool


def _spots(item: Item, pattern: re.Pattern[str], name: bool) -> Iterator[_Spot]:
    """Where ``pattern`` matches; tried only on texts holding what it needs (a pattern
    not in ``_NEEDS`` is one the caller tries only on an item holding its words)."""
    needs, folded = _NEEDS.get(pattern, ((), False))

    def matches(text: str) -> Iterator[re.Match[str]]:
        if not needs or has_any(fold(text) if folded else text, needs):
            yield from pattern.finditer(text)

    for field in ("title", "summary"):
        value = getattr(item, field)
        for m in matches(value or ""):
            pos = item.where(field)
            yield _Spot(pos.line, pos.column, m.group(0), name)
    for index, source in enumerate(item.sources):
        for m in matches(source):
            pos = item.where("sources", index)
            yield _Spot(pos.line, pos.column, m.group(0), name)
    for line in body_lines(item.body, item.body_line):
        for m in matches(line.text):
            yield _Spot(line.number, m.start() + 1, m.group(0), name)


_LAST: list[tuple[Item, list[_Spot]]] = []  # Q303 and Q408 judge an item one after the other


def _placeholders(item: Item) -> list[_Spot]:
    if _LAST and _LAST[0][0] is item:
        return _LAST[0][1]
    spots = _find_placeholders(item)
    _LAST[:] = [(item, spots)]
    return spots


def _find_placeholders(item: Item) -> list[_Spot]:
    data = list(_spots(item, _DATA, False))
    names = [s for s in _spots(item, _NAME, True)
             if not any(s.line == d.line and d.column <= s.column < d.column + len(d.text)
                        for d in data)]
    return sorted(data + names, key=lambda s: (s.line, s.column))


@rule("Q303", "placeholder", W, "item")
def placeholder(item: Item, ctx: Context) -> Iterator[Finding]:
    """A template placeholder where a figure, a date or a passage should be.

    ## What it does
    Reports placeholders left from a template or a draft — `XX`, `[NUMBER]`,
    `$[AMOUNT]`, `[DATE]`, `Sept. XX`, `[Insert quote]`, `TODO`, `TBD`; `XX个
    乡镇`、`待补充`、`待核实`、`此处插入` — in the title, summary, sources and
    body. In an item that has one, it lists the name placeholders too
    (`[Name]`, `×××`); an item whose only gaps are names is Q408's.

    ## Why
    A placeholder is an element the writer has not filled in: the *how many*,
    *when* or *what was said* of the *comprehensive* criterion. Sent on, it
    reaches a leader as a blank.

    ## Example
    "Damage teams have so far recorded [NUMBER] homes with flood damage." /
    “共排查隐患XX处，已整改XX处。” / “（待补充：使用人次）”

    ## Use instead
    The figure, or say it is not yet known and when it will be:
    "Damage teams had recorded 143 homes by Friday; the count continues." /
    “共排查隐患412处，已整改386处。”
    """
    spots = _placeholders(item)
    if any(not s.name for s in spots):
        for s in spots:
            yield Finding("Q303", f"'{s.text}' is a placeholder: fill it in before the item "
                                  "is sent", s.line, s.column)


@rule("Q408", "unnamed-placeholder", W, "item")
def unnamed_placeholder(item: Item, ctx: Context) -> Iterator[Finding]:
    """A placeholder where a person's or an office's name should be.

    ## What it does
    Reports name placeholders — `×××同志`、`××县`、`[县名]交通运输局`、
    `[Name]`、`[County Name]`、`[Title]` — in an item that has no other gap
    (Q303 lists them with the others when it does).

    ## Why
    The facts are there, but not who did or said them: an editor cannot
    check an item whose source is a blank — the *true* criterion.

    ## Example
    “×××同志出席会议并讲话。” / “[县名]交通运输局定于10月8日……”
    "Cllr [NAME], Cabinet Member for Finance, said …"

    ## Use instead
    The name and office: “副市长王立出席会议并讲话。” / “青山县交通运输局……”
    / "Cllr Amina Shah, Cabinet Member for Finance, said …"
    """
    spots = _placeholders(item)
    if spots and all(s.name for s in spots):
        for s in spots:
            yield Finding("Q408", f"'{s.text}' stands where a name should be: name the person "
                                  "or office", s.line, s.column)


@rule("Q507", "leftover", W, "item")
def leftover(item: Item, ctx: Context) -> Iterator[Finding]:
    """A newspaper's or a template's furniture left in the item, or a picture with no source.

    ## What it does
    Reports what belongs to a newspaper page or a draft, not to a bulletin
    item: a reporter's credit or byline (`本报讯（记者 刘晓 通讯员 陈安）`、
    `东城融媒讯`, "By Jenna Ruiz, Staff Writer"), an editor's or
    photographer's credit (`（编辑：李敏 审核：陈刚）`、`记者 周涛 摄`, "Staff
    photo"), a tip-off line (`报料人`、`新闻热线`, "Have a news tip?") and a
    picture with no source (`![现场]()`).

    ## Why
    Pasted furniture tells the reader the item was copied, not written for
    them, and a picture with no source shows as a broken frame: the
    *refined* criterion covers form as well as words.

    ## Example
    “本报讯（记者 刘晓 通讯员 陈安）10月22日，……” / “（报料人：吴先生）”
    "By Marcus Lee, Ledger Staff" / `![Sinkhole on Cedar Street]()`

    ## Use instead
    Start with the news: “10月22日，……”; cite the newspaper in `sources`;
    put the picture beside the item: `![Sinkhole on Cedar Street](sinkhole.jpg)`.
    """
    lines: set[int] = set()
    text = "\n".join([item.title or "", item.summary or "", *item.sources,
                      item.body[:MAX_FORMATTED_BODY]]).casefold()
    spots = list(_spots(item, _FURNITURE, False))
    for keys, pattern in _WEB_FURNITURE:
        if any(key in text for key in keys):
            spots += _spots(item, pattern, False)
    for spot in sorted(spots, key=lambda s: (s.line, s.column)):
        if spot.line in lines:  # 本报讯（记者 刘晓 通讯员 陈安）: one credit line, one finding
            continue
        lines.add(spot.line)
        yield Finding("Q507", f"'{spot.text.strip()}' is a newspaper's or a template's "
                              "furniture: leave it out (cite the source in sources)",
                      spot.line, spot.column)
    if "](" not in item.body:
        return
    # (the prose masks link targets: read the body with only its code masked)
    for number, line in enumerate(mask_code(item.body[:MAX_FORMATTED_BODY]).split("\n"),
                                  item.body_line):
        for m in _EMPTY_IMAGE.finditer(line):
            yield Finding("Q507", "the picture has no source: put the file beside the item and "
                                  "name it, or leave the picture out", number, m.start() + 1)
