"""Q510 *refined*: slips a careful writer would have caught on reading the item once.

A phrase typed twice ("was reopened was reopened", 涉及涉及), a paragraph that
stops on a comma (“上午10时，”), a character that could not be read (�). Each is
certain: none is a matter of style.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ...prose import body_lines, is_heading
from ..registry import Context, rule

W = Severity.WARNING

# two to four words typed twice in a row ("was reopened was reopened"); one word twice
# ("had had", "that that") is English, and is left alone, but an article or a
# preposition twice ("the the") never is. Read word by word: a repetition starts where
# a word comes back one to four words on (one comparison per word and length).
_WORD = re.compile(r"[A-Za-z]+")
_NEVER_TWICE = frozenset({"the", "a", "an", "of", "to", "for", "with", "at", "from", "by"})
# two to four CJK characters typed twice (涉及涉及, 应急管理应急管理); not a run of one
# character (哈哈哈哈) nor counting one by one (一个一个, 一步一步). Words are not
# marked in Chinese: 西山区山区水库 repeats 山区 across two words, so two characters
# twice count only where a word must start (after a mark, a digit or a particle).
_TWICE_CJK = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PARTICLES = frozenset("的了在和与及是为对将把被从向等")
# a paragraph that ends on a comma: the rest of the sentence was lost
_COMMAS = ("，", ",", "、")
_CJK_COMMAS = ("，", "、")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•·]|\d+[.)、])\s*")
_UNREADABLE = "\ufffd"
MAX_SLIPS = 20
"""The most findings Q510 makes on one item."""


def _twice(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each phrase typed twice in ``text``."""
    words = list(map(str.lower, _WORD.findall(text)))
    found: dict[int, int] = {}  # first word -> last word of the repetition
    for k in range(1, 5):
        # (where a word comes back k words on: compared pairwise, at C speed)
        for i in [i for i, (a, b) in enumerate(zip(words, words[k:], strict=False)) if a == b]:
            if i not in found and words[i:i + k] == words[i + k:i + 2 * k] and (
                    k > 1 or words[i] in _NEVER_TWICE):
                found[i] = i + 2 * k - 1
    if found:  # (rare: only then are the words placed in the text)
        spans, end = [m.span() for m in _WORD.finditer(text)], -1
        for i, last in sorted(found.items()):
            if i <= end:
                continue  # (inside the repetition just reported)
            end = last
            # (the words run on with single spaces: "had, had" is no slip)
            if all(text[spans[j][1]:spans[j + 1][0]] == " " for j in range(i, last)):
                yield spans[i][0], text[spans[i][0]:spans[last][1]]
    for m in _TWICE_CJK.finditer(text) if _CJK.search(text) else ():
        phrase, at = m.group(1), m.start()
        if phrase[0] == "一" or len(set(phrase)) == 1:
            continue
        before = text[at - 1] if at else ""
        if len(phrase) == 2 and _CJK.match(before) and before not in _PARTICLES:
            continue
        yield at, m.group(0)


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
    character � that stands where copying lost a character. At most twenty
    findings an item.

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
    # (a hostile body of a million commas is one item's slips, not a million findings)
    yield from itertools.islice(_slips(item), MAX_SLIPS)


def _slips(item: Item) -> Iterator[Finding]:
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
    if not lines:
        return
    texts = [line.text for line in lines]
    # the body is read whole, once (no repetition runs across a line break), and a
    # finding placed on its line by the offsets where lines start
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    body = "\n".join(texts)
    for start, found in _twice(body):
        i = bisect.bisect_right(starts, start) - 1
        if not is_heading(texts[i]):
            yield Finding("Q510", f"'{found}' repeats itself: delete the second one",
                          lines[i].number, start - starts[i] + 1)
    for i, text in enumerate(texts):
        stripped = text.rstrip()
        if stripped.endswith(_COMMAS) and not is_heading(text):
            # (a paragraph ends where the next line is blank, or at the end of the body;
            # Chinese is not wrapped by hand: a line on a full-width comma is cut off)
            last = i + 1 == len(texts) or not texts[i + 1].strip()
            if (last or stripped.endswith(_CJK_COMMAS)) and not _LIST_ITEM.match(text):
                yield Finding("Q510", "this paragraph stops on a comma: finish the sentence "
                                      "or delete it", lines[i].number, len(stripped))
    at = body.find(_UNREADABLE)
    if at >= 0:
        i = bisect.bisect_right(starts, at) - 1
        yield Finding("Q510", "a character here could not be read (\ufffd): copy the text "
                              "again from its source", lines[i].number, at - starts[i] + 1)
