"""Q506 *refined*, in form: punctuation widths in Chinese text.

:func:`punctuation_fixes` finds the marks to normalise; the rule reports them and
``bulletin check --fix`` (:mod:`bulletin.check.fix`) applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ....text import CJK_CHARS
from ...prose import body_lines, has_any, mask
from ..registry import Context, rule
from .reading import half_width

W = Severity.WARNING

# a mark belongs to Chinese text when what it follows does: a Chinese character, or a
# closing quote or bracket, a percentage or spaces after one (“文件”, 3.5%, 南湖 ,); at a
# line's start, when Chinese follows. A bracket pair opened there is Chinese too (and
# the mark right after that pair).
_MARK = re.compile(r"[,;:?!(]|\.(?![\d.])")
_CLOSING = "”’」』》）〕】"
_PAIR = re.compile(r"\(([^()]*)\)")
_FULL_WIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_CJK = re.compile(rf"[{CJK_CHARS}]")
_CHINESE_MARKS = tuple(_CLOSING + "，。；：！？、")
FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}


def _chinese_before(line: str, at: int) -> bool:
    """Whether the mark at ``at`` follows Chinese text (see above)."""
    before = line[max(0, at - 40):at].rstrip(" ")
    if not before:  # at the line's start
        return _CJK.match(line[at + 1:at + 2] or " ") is not None
    last = before[-1]
    if _CJK.match(last) or last in _CLOSING or last in "，。；：！？、":
        return True
    if last in "%％":
        number = re.search(r"[0-9.]*+[%％]\Z", before)
        start = number.start() if number else len(before) - 1
        return start > 0 and _CJK.match(before[start - 1]) is not None
    return False


def punctuation_fixes(line: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each punctuation mark to normalise in ``line``.

    ``line`` is masked prose: code and URLs are blanks, so they are never touched.
    """
    out = []
    done = -1
    # a mark is Chinese only after (or, at the start, before) a Chinese character, a
    # closing mark or Chinese punctuation: a line with none has no mark to change
    chinese = _CJK.search(line) is not None or has_any(line, _CHINESE_MARKS)
    for m in _MARK.finditer(line) if chinese else ():
        if m.start() < done or not _chinese_before(line, m.start()):
            continue
        if m.group(0) != "(":
            out.append((m.start(), m.end(), FULL[m.group(0)]))
            continue
        pair = _PAIR.match(line, m.start())
        if pair is None:
            continue  # an unclosed bracket: leave it for the writer
        out += [(pair.start(), pair.start() + 1, "（"), (pair.end() - 1, pair.end(), "）")]
        done = after = pair.end()
        if after < len(line) and line[after] in ",;:?!.":
            out.append((after, after + 1, FULL[line[after]]))
            done = after + 1
    out += [(m.start(), m.end(), half_width(m.group(0)))
            for m in _FULL_WIDTH_ALNUM.finditer(line)]
    return sorted(out)


@rule("Q506", "cjk-punctuation", W, "item", fixable=True)
def cjk_punctuation(item: Item, ctx: Context) -> Iterator[Finding]:
    """Half-width punctuation in Chinese text, or full-width letters and digits.

    ## What it does
    In the title, the summary and the body, reports ASCII punctuation
    (`, ; : ? ! ( ) .`) in Chinese text, where Chinese uses full-width marks
    (`，；：？！（）。`): after a Chinese character, a closing quote or
    bracket (“通知”,), a percentage (3.5%,) or spaces after one of them, and at
    a line's start before Chinese — brackets as a pair, and not around a
    Chinese name quoted in an English sentence ("Xishan District (西山区)") —
    and full-width digits and letters (`２０２６`, `ＰＭ`), which should be
    half-width. Code and addresses are left alone. `bulletin check --fix`
    normalises them, in the front matter too.

    ## Why
    Mixed widths look careless in print and break search: `２０２６` does not
    match `2026`. The *refined* criterion covers form as well as words.

    ## Example
    “全市共检查186所学校,其中23所限期整改(主要是留样不全).”
    “１至１０月受理投诉２１３件。” “同比增长3.5%,高于全省.”

    ## Use instead
    “全市共检查186所学校，其中23所限期整改（主要是留样不全）。”
    “1至10月受理投诉213件。” “同比增长3.5%，高于全省。”
    """
    for field in ("title", "summary"):
        value = getattr(item, field)
        if value and (fixes := punctuation_fixes(mask(value))):
            pos = item.where(field)
            marks = "".join(dict.fromkeys(r for _, _, r in fixes))
            yield Finding("Q506", f"the {field} needs {marks} here (Chinese text takes "
                                  "full-width punctuation and half-width digits)",
                          pos.line, pos.column)
    for line in body_lines(item.body, item.body_line):
        for start, _, replacement in punctuation_fixes(line.text):
            yield Finding("Q506", f"write '{replacement}' here (Chinese text takes full-width "
                                  "punctuation and half-width digits)", line.number, start + 1)
