"""Phrase lists (rules as data, like Vale's): filler with suggested replacements.

The shipped lists live in ``bulletin/data/phrases-<lang>.yml``; a policy adds
entries (``"phrase => replacement"``) and silences shipped ones by phrase.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from .. import safeyaml
from ..text import has_cjk

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Phrase:
    text: str
    replacement: str


def shipped() -> list[Phrase]:
    """Every phrase of the shipped lists."""
    out = []
    for lang in LANGUAGES:
        raw = resources.files("bulletin").joinpath("data", f"phrases-{lang}.yml").read_text(
            "utf-8")
        data = safeyaml.load(raw).data or {}
        out += [Phrase(str(k), "" if v is None else str(v)) for k, v in data.items()]
    return out


def parse_extra(entry: str) -> Phrase:
    text, _, replacement = entry.partition("=>")
    return Phrase(text.strip(), replacement.strip())


@functools.lru_cache(maxsize=16)
def phrase_table(extra: tuple[str, ...] = (),
                 ignore: tuple[str, ...] = ()) -> tuple[re.Pattern[str], dict[str, Phrase]]:
    """One pattern matching every phrase (longest first), and each phrase by its folded text."""
    silenced = {i.casefold() for i in ignore}
    phrases = {p.text.casefold(): p for p in [*shipped(), *map(parse_extra, extra)]
               if p.text and p.text.casefold() not in silenced}
    ordered = sorted(phrases.values(), key=lambda p: len(p.text), reverse=True)
    alternatives = [re.escape(p.text) if has_cjk(p.text) else rf"\b{re.escape(p.text)}\b"
                    for p in ordered]
    pattern = re.compile("|".join(alternatives) or r"(?!)", re.I)
    return pattern, phrases
