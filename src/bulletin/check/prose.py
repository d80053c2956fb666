"""The prose of an item, as the quality and confidentiality rules read it.

Like Vale's scopes: fenced and inline code, link targets and bare URLs are
masked, so a rule about wording never fires on code or an address. Masking
keeps every other character in place, so a match's column in the masked line
is its column in the file.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..text import CJK_CHARS, MAX_FORMATTED_BODY, fenced

_TICKS = re.compile(r"`+")
# a target stops at the next "](" as well as at a space or ")": so the attempts that
# start at each "](" of a line never scan the same characters twice (linear time)
_LINK_TARGET = re.compile(r"(\]\()((?:[^)\s\]]|\](?!\())*+)((?:\s+\"[^\"]*\")?\))")
_LIST_MARKER = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
_URL = re.compile(r"\b(?:https?|ftp|mailto):[^\s)<>\]]+|\bwww\.[^\s)<>\]]+", re.I)
_SENTENCE_END_CJK = re.compile(r"[。！？!?；;]|[.](?=\s|$)")  # a ';' clause reads alone
# a full stop that ends an abbreviation, not a sentence: initials ("U.S.", "D.C.", "e.g.",
# "J."), titles and words shortened before a name or number ("Mr.", "St.", "No.", "Jan.")
_ABBREVIATION = re.compile(
    r"(?:(?<![A-Za-z.])(?:[A-Za-z]\.){1,3}[A-Za-z]|(?<![A-Za-z.])[A-Z]|\b(?:Mr|Mrs|Ms|Dr|"
    r"Prof|St|Mt|Ft|No|Nos|Co|Corp|Inc|Ltd|Jr|Sr|Gov|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Cllr|Rev|"
    r"Hon|Ave|Rd|Blvd|approx|est|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|fig|"
    r"ca))\.\Z")
_TIME_OF_DAY = re.compile(r"[ap]\.m\.\Z", re.I)


@dataclass(frozen=True)
class Line:
    """One line of prose: its 1-based line number in the file and its masked text."""

    number: int
    text: str


def mask_inline_code(line: str) -> str:
    """``line`` with inline code spans (```code```) replaced by spaces.

    A run of backticks opens a span that the next run of the same length
    closes; an unmatched run is literal. Linear in the length of the line.
    """
    if "`" not in line:
        return line
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for k in range(len(runs) - 1, -1, -1):
        size = runs[k][1] - runs[k][0]
        following[k], last[size] = last.get(size), k
    out, k, done = [], 0, 0
    while k < len(runs):
        close = following[k]
        if close is None:
            k += 1
            continue
        start, end = runs[k][0], runs[close][1]
        out += [line[done:start], " " * (end - start)]
        done, k = end, close + 1
    return "".join([*out, line[done:]])


@functools.lru_cache(maxsize=8)
def mask_code(body: str) -> str:
    """``body`` with fenced code blocks (fences included) and inline code blanked.

    Every character keeps its offset, so positions in the result are positions
    in the body. Unlike :func:`bulletin.check.prose.mask`, link targets and URLs stay.
    """
    return "\n".join(" " * len(line) if code else mask_inline_code(line)
                     for line, code in fenced(body.split("\n")))


@functools.lru_cache(maxsize=64)
def mask(text: str) -> str:
    """``text`` with code and URLs replaced by spaces of the same length."""
    # each pass only where what it masks can be: most lines have no code, link or URL,
    # and a scan that finds nothing costs as much as one that does
    if "`" in text:
        text = mask_inline_code(text)
    if "](" in text:
        text = _LINK_TARGET.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(3),
                                text)
    if ":" in text or "www." in text.lower():  # every URL has a scheme's ':' or "www."
        text = _URL.sub(lambda m: " " * len(m.group(0)), text)
    return text


def body_lines(body: str, first_line: int) -> Iterator[Line]:
    """The body's lines outside fenced code, masked; headings included.

    Only the first :data:`~bulletin.text.MAX_FORMATTED_BODY` characters are read
    (S029 reports a longer body): what the quality rules judge is bounded.
    """
    return iter(_masked_lines(body[:MAX_FORMATTED_BODY], first_line))


@functools.lru_cache(maxsize=16)
def _masked_lines(body: str, first_line: int) -> tuple[Line, ...]:
    # the rules run item by item: a small cache serves every rule of one item
    return tuple(_scan_lines(body, first_line))


def _scan_lines(body: str, first_line: int) -> Iterator[Line]:
    for number, (line, code) in enumerate(fenced(body.split("\n")), first_line):
        if not code and line.strip():
            yield Line(number, mask(line))


def is_heading(line: str) -> bool:
    return line.lstrip().startswith("#")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body, where it starts, and its text."""

    line: int
    column: int
    text: str


def sentences(body: str, first_line: int) -> Iterator[Sentence]:
    """Sentences of the body's paragraphs (not headings, tables or code).

    A paragraph's lines are joined first, so a sentence can span lines; its
    position is where it starts. Read from :func:`body_lines`.
    """
    return iter(_sentences(body[:MAX_FORMATTED_BODY], first_line))


@functools.lru_cache(maxsize=16)
def _sentences(body: str, first_line: int) -> tuple[Sentence, ...]:
    return tuple(_scan_sentences(body, first_line))


def _scan_sentences(body: str, first_line: int) -> Iterator[Sentence]:
    paragraph: list[Line] = []
    for line in [*body_lines(body, first_line), None]:
        boundary = line is None or (paragraph and line.number != paragraph[-1].number + 1) \
            or (paragraph and _LIST_MARKER.match(line.text) is not None
                and _LIST_MARKER.match(line.text).group(1) in "-*+")  # type: ignore[union-attr]
        if line is not None and (is_heading(line.text) or line.text.lstrip().startswith("|")):
            boundary = True
        if boundary and paragraph:
            yield from _split(paragraph)
            paragraph = []
        if line is not None and not is_heading(line.text) and \
                not line.text.lstrip().startswith("|"):
            paragraph.append(line)


def _split(paragraph: list[Line]) -> Iterator[Sentence]:
    starts: list[tuple[int, int, int]] = []  # (offset in joined text, line, column)
    joined = ""
    in_list = False
    for index, line in enumerate(paragraph):
        # a list marker starts a list item only at the paragraph's start or inside a
        # list; elsewhere "2027. At the rate ..." is wrapped text
        marker = _LIST_MARKER.match(line.text)
        bullet = marker is not None and (index == 0 or in_list or marker.group(1) in "-*+")
        in_list = in_list or bullet
        stripped = (" " * marker.end() + line.text[marker.end():]) if bullet and marker \
            else line.text
        if joined:
            joined += "" if _cjk_edge(joined[-1:], stripped.lstrip()[:1]) else " "
        starts.append((len(joined), line.number, 1))
        joined += stripped
    position = 0
    for m in _SENTENCE_END_CJK.finditer(joined + "\n"):
        if m.group(0) == "." and not _ends_sentence(joined, m.end()):
            continue  # "U.S.", "Mr.", "No. 3": the sentence goes on
        end = m.end()
        chunk = joined[position:end]
        if chunk.strip():
            offset = position + len(chunk) - len(chunk.lstrip())
            number, column = _locate(starts, offset)
            yield Sentence(number, column, chunk.strip())
        position = end
    rest = joined[position:]
    if rest.strip():
        offset = position + len(rest) - len(rest.lstrip())
        number, column = _locate(starts, offset)
        yield Sentence(number, column, rest.strip())


def _ends_sentence(text: str, end: int) -> bool:
    """Whether the full stop before ``end`` ends a sentence: not after an abbreviation,
    unless it is "a.m." or "p.m." and a capital letter follows."""
    start = max(0, end - 8)
    if not _ABBREVIATION.search(text, start, end):
        return True
    after = text[end:end + 3].lstrip()
    return bool(_TIME_OF_DAY.search(text, start, end)) and after[:1].isupper()


_CJK_LEFT = re.compile(rf"[{CJK_CHARS}，。；：！？、]")
_CJK_RIGHT = re.compile(rf"[{CJK_CHARS}]")


def _cjk_edge(left: str, right: str) -> bool:
    return bool(_CJK_LEFT.match(left or " ")) and bool(_CJK_RIGHT.match(right or " "))


def _locate(starts: list[tuple[int, int, int]], offset: int) -> tuple[int, int]:
    at = max(0, bisect.bisect_right(starts, offset, key=lambda start: start[0]) - 1)
    return starts[at][1], offset - starts[at][0] + 1


_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
               "eighty": 80, "ninety": 90, "hundred": 100})
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORDS) + r")(?:-(" + "|".join(_WORDS) + r"))?\b",
                          re.I)


# ``(?<![A-Za-z0-9_.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![A-Za-z0-9_.,])\d+(?:\.\d+)?``,
# written to start with a digit (the look-behinds moved past it), so that the
# regex engine skips straight to the digits instead of trying every position
_FIGURE = re.compile(r"\d(?<![A-Za-z0-9_.]\d)\d{0,2}(?:,\d{3})+(?:\.\d+)?"
                     r"|\d(?<![A-Za-z0-9_.,]\d)\d*(?:\.\d+)?")


def numbers(text: str) -> list[str]:
    """Figures in ``text``, normalised: ``1,240`` → ``1240``, ``Fourteen`` → ``14``."""
    found = [m.group(0).replace(",", "") for m in _FIGURE.finditer(text)]
    for m in _WORD_NUMBER.finditer(text):
        value = _WORDS[m.group(1).lower()] + (_WORDS[m.group(2).lower()] if m.group(2) else 0)
        if value >= 2:  # "one" is more often a pronoun than a figure
            found.append(str(value))
    return found


# the only characters outside ASCII that re.IGNORECASE matches with an ASCII letter
# (İ ı ſ K: i, i, s, k), checked over every code point
_ASCII_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}


def has_any(text: str, literals: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``literals``: the quickest test there is (each a
    substring search), for a guard that skips a pattern's scan."""
    for literal in literals:  # noqa: SIM110 (a loop: any() over a generator is slower)
        if literal in text:
            return True
    return False


def fold(text: str) -> str:
    """``text`` as a case-insensitive pattern of ASCII words sees it: an English word a
    pattern with ``re.I`` finds in ``text`` is in ``fold(text)`` in lower case.

    For guards (``"including" in fold(text)``) that skip a pattern's scan where it
    cannot match: a substring test is many times faster than a scan that tries the
    pattern's alternatives at every character.
    """
    if text.isascii() or not any(c in text for c in "İıſK"):
        return text.lower()  # (translate is slow: most texts do without it)
    return text.translate(_ASCII_FOLD).lower()
