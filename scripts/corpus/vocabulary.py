"""The corpus's vocabularies, read once from the JSON files in ``data/``.

People, places, units, policy areas, events, categories and the sentence
templates are data, edited without touching the generator; this module turns
each file into typed, immutable values (tuples keep the order the files give,
which the seeded choices depend on). JSON, not YAML, keeps the generator to the
standard library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"

Pair = tuple[str, str]
Triple = tuple[str, str, str]
Quintuple = tuple[str, str, str, str, str]
Templates = dict[str, tuple[str, ...]]


def _read(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as f:
        return json.load(f)


def _pairs(rows: list[Any]) -> tuple[Pair, ...]:
    return tuple((a, b) for a, b in rows)


def _triples(rows: list[Any]) -> tuple[Triple, ...]:
    return tuple((a, b, c) for a, b, c in rows)


def _quintuples(rows: list[Any]) -> tuple[Quintuple, ...]:
    return tuple((a, b, c, d, e) for a, b, c, d, e in rows)


def _templates(pools: dict[str, list[str]]) -> Templates:
    return {key: tuple(texts) for key, texts in pools.items()}


@dataclass(frozen=True)
class Domain:
    """The vocabulary of one policy area.

    ``subjects``: (English, Chinese, pinyin slug); ``facilities`` and
    ``groups``: (English plural, Chinese measure word, Chinese noun);
    ``measures``: (English, Chinese).
    """

    tags: tuple[str, ...]
    subjects: tuple[Triple, ...]
    facilities: tuple[Triple, ...]
    groups: tuple[Triple, ...]
    measures: tuple[Pair, ...]


@dataclass(frozen=True)
class Section:
    """A required section of a category: its heading, the sentence pools that fill
    it, and its share of the body's length."""

    en: str
    zh: str
    pools: tuple[str, ...]
    share: float


@dataclass(frozen=True)
class Category:
    """An item category as the policy declares it, and how often items fall in it."""

    name: str
    weight: int
    sections: tuple[Section, ...]
    sources: bool  # the policy requires sources
    news_days: int | None


def _domain(entry: dict[str, Any]) -> Domain:
    return Domain(tuple(entry["tags"]), _triples(entry["subjects"]),
                  _triples(entry["facilities"]), _triples(entry["groups"]),
                  _pairs(entry["measures"]))


def _category(entry: dict[str, Any]) -> Category:
    sections = tuple(Section(s["en"], s["zh"], tuple(s["pools"]), s["share"])
                     for s in entry["sections"])
    return Category(entry["name"], entry["weight"], sections, entry["sources"],
                    entry["news_days"])


# People: (login word, English, Chinese) surnames, (pinyin, Chinese) given names,
# (English, Chinese) official titles, (English, Chinese, rank) leaders.
_people = _read("people.json")
SURNAMES = _triples(_people["surnames"])
GIVEN = _pairs(_people["given_names"])
OFFICIAL_TITLES = _pairs(_people["official_titles"])
LEADERS = _triples(_people["leaders"])

# Places: (key, English, Chinese); counties and districts are both "districts" here.
_places = _read("places.json")
DISTRICTS = _triples(_places["districts"])
TOWNS = _triples(_places["towns"])

# Municipal bureaus: (key, English, Chinese as a municipal bureau, short Chinese, domain).
BUREAUS = _quintuples(_read("units.json")["bureaus"])

DOMAINS: dict[str, Domain] = {key: _domain(entry)
                              for key, entry in _read("domains.json").items()}

# Emergencies: (English noun phrase, Chinese noun phrase, pinyin slug, likely cause in
# English, likely cause in Chinese), and who is affected whatever the unit's domain.
_events = _read("events.json")
EVENTS = _quintuples(_events["events"])
EMERGENCY_GROUPS = _triples(_events["emergency_groups"])

_words = _read("words.json")
MONTHS: tuple[str, ...] = tuple(_words["months"])
MONTHS_SHORT = tuple(m[:3] for m in MONTHS)
SEASONS = _pairs(_words["seasons"])
HOTLINES = _pairs(_words["hotlines"])
TRENDS = _pairs(_words["trends"])
ORDINALS: tuple[str, ...] = tuple(_words["ordinals"])
WEEKDAYS = _pairs(_words["weekdays"])
STOP_WORDS = frozenset(_words["slug_stop_words"])

CATEGORIES: dict[str, Category] = {key: _category(entry)
                                   for key, entry in _read("categories.json").items()}
CATEGORY_WEIGHTS = {key: c.weight for key, c in CATEGORIES.items()}

# Sentence pools of the body, by pool name (fact, issue, cause, ...).
_sentences = _read("sentences.json")
SENTENCES_EN = _templates(_sentences["en"])
SENTENCES_ZH = _templates(_sentences["zh"])

# Titles and summaries by category; one sentence per figure slot of the summaries.
_titles = _read("titles.json")
TITLES_EN = _templates(_titles["en"])
TITLES_ZH = _templates(_titles["zh"])
_summaries = _read("summaries.json")
SUMMARIES_EN = _templates(_summaries["en"])
SUMMARIES_ZH = _templates(_summaries["zh"])
FIGURE_SENTENCES: dict[str, Pair] = {key: (en, zh) for key, (en, zh)
                                     in _summaries["figure_sentences"].items()}

_sources = _read("sources.json")
SOURCES_EN: tuple[str, ...] = tuple(_sources["en"])
SOURCES_ZH: tuple[str, ...] = tuple(_sources["zh"])

# Leader responses: notes by kind ({unit} is the item's unit), and which kinds
# (instruction, endorsement, comment) each category tends to draw.
_responses = _read("responses.json")
RESPONSE_NOTES_EN = _templates(_responses["en"])
RESPONSE_NOTES_ZH = _templates(_responses["zh"])
RESPONSE_KINDS: dict[str, tuple[int, int, int]] = {
    key: (a, b, c) for key, (a, b, c) in _responses["kind_weights"].items()}

# An edition's section title for each category, in the order an edition lists them.
_editions = _read("editions.json")
EDITION_SECTIONS: dict[str, str] = dict(_editions["sections"])
EDITION_THEMES: tuple[str, ...] = tuple(_editions["themes"])
EDITION_NOTES: tuple[str, ...] = tuple(_editions["notes"])
