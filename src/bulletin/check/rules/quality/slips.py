"""Q510 *refined*: slips a careful writer would have caught on reading the item once.

A phrase typed twice ("was reopened was reopened", 涉及涉及), a paragraph that
stops on a comma (“上午10时，”), a character that could not be read (�). Each is
certain: none is a matter of style.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ...prose import body_lines, is_heading
from ..registry import Context, rule

W = Severity.WARNING

# two to four words typed twice in a row ("was reopened was reopened"); one word twice
# ("had had", "that that") is English, and is left alone, but an article or a
# preposition twice ("the the") never is. Each repetition starts on a
# word boundary and takes whole words (possessive), so the search is linear.
_TWICE_LATIN = re.compile(r"\b([A-Za-z]++(?: [A-Za-z]++){1,3}) \1\b|"
                          r"\b(the|an?|of|to|for|with|at|from|by) \2\b", re.I)
# two to four CJK characters typed twice (涉及涉及, 应急管理应急管理); not a run of one
# character (哈哈哈哈) nor counting one by one (一个一个, 一步一步).
# Words are not marked in Chinese: 西山区山区水库 repeats 山区 across two words. Two
# characters twice count only where a word must start (after a mark, a digit or a
# particle); three or four, anywhere.
_TWICE_CJK = re.compile(
    r"(?!一)(?!(.)\1)(?:(?<![\u4e00-\u9fff])|(?<=[的了在和与及是为对将把被从向等]))"
    r"([\u4e00-\u9fff]{2})\2|(?!一)([\u4e00-\u9fff]{3,4})\3")
# a paragraph that ends on a comma: the rest of the sentence was lost
_CUT = re.compile(r"[，,、]\s*$")
_CUT_CJK = re.compile(r"[，、]\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•·]|\d+[.)、])\s*")
_UNREADABLE = "\ufffd"


def _twice(text: str) -> Iterator[tuple[int, str]]:
    for m in _TWICE_LATIN.finditer(text):
        yield m.start(), m.group(0)
    for m in _TWICE_CJK.finditer(text):
        yield m.start(), m.group(0)


@rule("Q510", "typing-slip", W, "item")
def typing_slip(item: Item, ctx: Context) -> Iterator[Finding]:
    """A phrase typed twice, a paragraph cut off, or a character that cannot be read.

    ## What it does
    Reports, in the title, summary and body: two to four words or two to four
    Chinese characters repeated at once ("was reopened was reopened",
    “涉及涉及15个乡镇”), or an article or preposition twice ("the the") — a
    single other word twice ("had had") and counting one by one (“一个一个”)
    are language, not slips; a paragraph that ends on a comma
    (“上午10时，” with nothing after it; a list item may); and the replacement
    character � that stands where copying lost a character.

    ## Why
    Each is a slip a reader trips over, and each says the item was sent
    without being read through: the *refined* criterion. None is a matter of
    taste, so the rule reports them all.

    ## Example
    "Liberty Bridge was reopened was reopened on Saturday." /
    “暴雨导致6个远城区受灾，涉及涉及15个乡镇。” / a paragraph “随后，” and then
    the next one.

    ## Use instead
    "Liberty Bridge reopened on Saturday." / “暴雨导致6个远城区受灾，涉及15个乡镇。”
    — and finish or delete the cut-off sentence.
    """
    for field in ("title", "summary"):
        value = getattr(item, field) or ""
        if not value:
            continue
        pos = item.where(field)
        for _, text in _twice(value):
            yield Finding("Q510", f"'{text}' repeats itself: delete the second one",
                          pos.line, pos.column)
        if _UNREADABLE in value:
            yield Finding("Q510", f"a character in the {field} could not be read (\ufffd): "
                                  "copy the text again from its source", pos.line, pos.column)
    lines = list(body_lines(item.body, item.body_line))
    for i, line in enumerate(lines):
        text = line.text
        if not text.strip() or is_heading(text):
            continue
        # (a paragraph ends where the next line is blank, or at the end of the body)
        last = i + 1 == len(lines) or not lines[i + 1].text.strip()
        for start, found in _twice(text):
            yield Finding("Q510", f"'{found}' repeats itself: delete the second one",
                          line.number, start + 1)
        # (Chinese is not wrapped by hand: a line on a full-width comma is cut off)
        cut = _CUT.search(text) if last else _CUT_CJK.search(text)
        if cut and not _LIST_ITEM.match(text):
            yield Finding("Q510", "this paragraph stops on a comma: finish the sentence or "
                                  "delete it", line.number, len(text.rstrip()))
        if (at := text.find(_UNREADABLE)) >= 0:
            yield Finding("Q510", "a character here could not be read (\ufffd): copy the "
                                  "text again from its source", line.number, at + 1)
