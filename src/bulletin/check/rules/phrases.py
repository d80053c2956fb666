"""Phrase lists (rules as data, like Vale's): filler with suggested replacements.

The shipped lists live in ``bulletin/data/phrases-<lang>.yml``; a policy adds
entries (``"phrase => replacement"``) and silences shipped ones by phrase.

A phrase is matched as written (case-insensitively; English on word boundaries),
except for three marks: ``…`` stands for a few words of the same clause (up to
:data:`GAP` characters, no sentence or clause punctuation: ``营造(了)…氛围`` matches
营造了浓厚的学习氛围), ``(了)`` for an optional word (``取得(了)显著成效``) and ``(is|are)``
for a choice of words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ... import safeyaml
from ...text import has_cjk

LANGUAGES = ("en", "zh")
GAP = 12
"""Most characters ``…`` stands for in a phrase."""
_GAP = rf"[^，。；：！？、,.;:!?\n]{{0,{GAP}}}?"
_OPTIONAL = re.compile(r"\(([^()]+)\)")


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
    return PhraseTable(tuple((_key(p.text), _pattern(p.text), p) for p in ordered))


def _pieces(text: str) -> list[str]:
    """The literal pieces of a phrase: split at gaps, optional words left out."""
    return [piece for part in re.split(r"\s*(?:…|\.\.\.)\s*", text)
            for piece in _OPTIONAL.split(part)[::2] if piece.strip()]


def _key(text: str) -> str:
    """The longest literal piece of a phrase, folded: a text without it cannot match."""
    return max(_pieces(text) or [text], key=len).strip().casefold()


def _group(inside: str) -> str:
    """``(a|b)``, a choice, or ``(x)``, an optional part, as a regular expression."""
    choices = [re.escape(c) for c in inside.split("|")]
    return f"(?:{'|'.join(choices)})" if len(choices) > 1 else f"(?:{choices[0]})?"


def _pattern(text: str) -> re.Pattern[str]:
    """A phrase's pattern: its literal parts escaped, ``…`` a short gap, ``(x)`` optional."""
    parts = []
    latin = not has_cjk(text)
    for index, part in enumerate(re.split(r"\s*(?:…|\.\.\.)\s*", text)):
        if index:
            parts.append(rf"\s+(?:{_GAP}\s+)?" if latin else _GAP)
        pieces = _OPTIONAL.split(part)
        parts += [re.escape(piece) if k % 2 == 0 else _group(piece)
                  for k, piece in enumerate(pieces)]
    body = "".join(parts)
    return re.compile(rf"\b{body}\b" if latin else body, re.I)
