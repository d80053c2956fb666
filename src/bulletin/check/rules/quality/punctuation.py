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
from ...prose import body_lines
from ..registry import Context, rule
from .reading import half_width

W = Severity.WARNING

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
    out += [(m.start(), m.end(), half_width(m.group(0)))
            for m in _FULL_WIDTH_ALNUM.finditer(line)]
    return sorted(out)


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
