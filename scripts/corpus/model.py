"""The values the generator passes around: people, places, units, the policy, a
generated item's record, editions, leader responses, and the run's mutable state."""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from dataclasses import dataclass, field

Files = list[tuple[str, bytes]]  # (path relative to OUT_DIR, content)

END_DATE = dt.date(2026, 11, 27)
LEVELS = ("public", "internal", "restricted")


@dataclass(frozen=True)
class Person:
    """A member of staff: forge user name, English and Chinese display names."""

    login: str
    en: str
    zh: str


@dataclass(frozen=True)
class Place:
    """A district, county or town, with the slug word used in ids."""

    key: str
    en: str
    zh: str


@dataclass
class Unit:
    """A submitting unit of the policy."""

    key: str
    en: str
    zh: str
    tier: str
    domain: str | None  # None: a district government, reporting on every domain
    home: list[Place]
    members: list[Person]
    weight: float


@dataclass
class Policy:
    """Everything random about the policy, decided once per corpus."""

    editors: list[Person]
    units: list[Unit]
    places: list[Place]


@dataclass
class ItemRecord:
    """What editions and responses need to know about a generated item."""

    id: str
    date: dt.date
    unit: Unit
    category: str
    priority: str
    level: int
    zh: bool
    subject: str
    publishable_from: dt.date
    used: bool = False


@dataclass
class Edition:
    """An edition as its file records it (``kind``: regular or flash)."""

    number: int
    date: dt.date
    kind: str
    audience: int
    editor: str
    items: list[ItemRecord]
    title: str | None = None
    note: str | None = None


@dataclass
class Response:
    """A leader's response to a published item; ``leader``: (English, Chinese, rank)."""

    item: ItemRecord
    date: dt.date
    leader: tuple[str, str, str]
    with_rank: bool
    kind: str
    note: str


@dataclass
class State:
    """Mutable state of one run of the generator."""

    rng: random.Random
    policy: Policy
    zh_share: float
    titles: set[str] = field(default_factory=set)
    pool: deque[ItemRecord] = field(default_factory=deque)
    recent_by_unit: dict[str, deque[str]] = field(default_factory=dict)
    edition_numbers: dict[int, int] = field(default_factory=dict)
    flash_month: tuple[int, int] | None = None
    flash_target: int = 15
    scheduled: dict[dt.date, list[Response]] = field(default_factory=dict)
    responses: dict[int, list[Response]] = field(default_factory=dict)
    items: int = 0
    editions: int = 0
    flashes: int = 0
    published: int = 0
    response_count: int = 0
