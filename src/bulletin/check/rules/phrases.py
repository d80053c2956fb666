"""Phrase lists (rules as data, like Vale's): filler with suggested replacements.

The shipped lists live in ``bulletin/data/phrases-<lang>.yml``; a policy adds
entries (``"phrase => replacement"``) and silences shipped ones by phrase.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ... import safeyaml
from ...text import has_cjk

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Phrase:
    text: str
    replacement: str


def shipped() -> list[Phrase]:
    """Every phrase of the shipped lists."""
    out = []
    for lang in LANGUAGES:
        data_file = resources.files("bulletin.check.rules").joinpath("data", f"phrases-{lang}.yml")
        raw = data_file.read_text("utf-8")
        data = safeyaml.load(raw).data or {}
        out += [Phrase(str(k), "" if v is None else str(v)) for k, v in data.items()]
    return out


def parse_extra(entry: str) -> Phrase:
    text, _, replacement = entry.partition("=>")
    return Phrase(text.strip(), replacement.strip())


@dataclass(frozen=True)
class PhraseTable:
    """Phrases ready to find: each with its own pattern, longest first."""

    entries: tuple[tuple[str, re.Pattern[str], Phrase], ...]

    def find(self, text: str) -> list[tuple[int, str, Phrase]]:
        """(offset, matched text, phrase) of every phrase in ``text``, in order.

        A plain substring test picks the few phrases present before any regex
        runs (one alternation of a hundred phrases is slow in Python's ``re``);
        a longer phrase wins over a shorter one it contains.
        """
        folded = text.casefold()
        hits: list[tuple[int, int, str, Phrase]] = []
        for key, pattern, phrase in self.entries:
            if key in folded:
                hits += [(m.start(), m.end(), m.group(0), phrase) for m in pattern.finditer(text)]
        hits.sort(key=lambda h: (h[0], -h[1]))
        out, end = [], -1
        for start, stop, found, phrase in hits:
            if start >= end:
                out.append((start, found, phrase))
                end = stop
        return out


    def within(self, text: str) -> PhraseTable:
        """The phrases that may occur in ``text``: the same answers from :meth:`find`
        for any part of it, sooner (a body is tested once, not line by line)."""
        folded = text.casefold()
        return PhraseTable(tuple(e for e in self.entries if e[0] in folded))


@functools.lru_cache(maxsize=16)
def phrase_table(extra: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> PhraseTable:
    """The shipped phrases plus ``extra``, less ``ignore``."""
    silenced = {i.casefold() for i in ignore}
    phrases = {p.text.casefold(): p for p in [*shipped(), *map(parse_extra, extra)]
               if p.text and p.text.casefold() not in silenced}
    ordered = sorted(phrases.values(), key=lambda p: len(p.text), reverse=True)
    return PhraseTable(tuple(
        (p.text.casefold(), re.compile(re.escape(p.text) if has_cjk(p.text)
                                       else rf"\b{re.escape(p.text)}\b", re.I), p)
        for p in ordered))
