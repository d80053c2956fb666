"""Run the days: spread the items over the days and units, publish editions, and
write each day's files (and commit) before the next."""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .editions import flash_edition, publish, regular_edition, render_edition, render_responses
from .files import FileWriter
from .history import GitStream, commit_day
from .items import new_item
from .model import END_DATE, Edition, Files, ItemRecord, State
from .policy import make_policy, render_policy

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

T = TypeVar("T")
ITEMS_PER_YEAR = 10_000
GITIGNORE = b"/site/\n.bulletin-cache/\n"
"""As `bulletin init` writes it: git (and so a pull request's check) never walks a built
site."""


class FastRandom(random.Random):
    """``random.Random`` with cheap ``randint`` and ``choice``.

    The standard versions go through ``randrange`` and rejection sampling,
    which dominates the generator's run time; scaling ``random()`` is plenty
    for synthetic text and is just as deterministic.
    """

    def _randbelow(self, n: int) -> int:  # used by shuffle() and sample()
        return int(self.random() * n)

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[int(self.random() * len(seq))]


def day_weights(days: list[dt.date]) -> list[float]:
    """Weekdays are busy, weekends quiet."""
    return [(1.0, 1.0, 1.0, 1.0, 0.9, 0.35, 0.25)[d.weekday()] for d in days]


def items_per_day(rng: random.Random, n_items: int) -> dict[dt.date, int]:
    span = max(7, -(-n_items * 365 // ITEMS_PER_YEAR))
    days = [END_DATE - dt.timedelta(days=i) for i in range(span - 1, -1, -1)]
    counts = dict.fromkeys(days, 0)
    for day in rng.choices(days, weights=day_weights(days), k=n_items):
        counts[day] += 1
    return counts


def generate(out: Path, n_items: int, seed: int, zh_share: float, git: bool,
             flat: bool = False, units: int | None = None) -> State:
    """Write the whole corpus under ``out``, day by day; return the counters.

    ``flat`` puts every item in ``items/`` itself instead of ``items/<unit>/<YYYY>/``
    (the same files otherwise), the folder shape of a bulletin that never sorted its
    items: git then keeps one tree of N entries. ``units`` sets the number of units
    (default: one per 400 items, 8 to 300)."""
    rng = FastRandom(seed)
    policy = make_policy(rng, n_items, units)
    counts = items_per_day(rng, n_items)
    state = State(rng, policy, zh_share)
    writer = FileWriter(out)
    stream = GitStream(out) if git else None
    files: Files = [("bulletin.yml", render_policy(policy).encode()), (".gitignore", GITIGNORE)]
    for day, count in counts.items():
        records = add_items(state, day, count, files, flat)
        editions = publish_day(state, day, records)
        files += [(f"bulletins/{day.year}/{e.number:03d}.yml", render_edition(e).encode())
                  for e in editions]
        responses = state.scheduled.pop(day, [])
        if responses:
            year_list = state.responses.setdefault(day.year, [])
            year_list.extend(responses)
            state.response_count += len(responses)
            files.append((f"bulletins/{day.year}/responses.yml",
                          render_responses(year_list).encode()))
        for rel, data in files:
            if not rel.endswith("/responses.yml"):  # written once, at the end
                writer.write(rel, data)
        if stream and files:
            commit_day(stream, state, day, records, editions, len(responses), files)
        files = []
    for year, year_list in state.responses.items():
        writer.write(f"bulletins/{year}/responses.yml", render_responses(year_list).encode())
    writer.close()
    if stream:
        stream.close()
    return state


def add_items(state: State, day: dt.date, count: int, files: Files,
              flat: bool = False) -> list[ItemRecord]:
    """Generate the ``count`` items filed on ``day``, spread over the units by weight
    (written to ``items/<unit>/<YYYY>/``, or all to ``items/`` when ``flat``)."""
    units = state.policy.units
    chosen = sorted(state.rng.choices(range(len(units)), weights=[u.weight for u in units],
                                      k=count))
    used_slugs: set[str] = set()
    records: list[ItemRecord] = []
    for index in chosen:
        unit = units[index]
        record, text = new_item(state, day, unit, used_slugs)
        folder = "items" if flat else f"items/{unit.key}/{day.year}"
        files.append((f"{folder}/{record.id}.md", text.encode()))
        records.append(record)
    state.items += count
    return records


def publish_day(state: State, day: dt.date, records: list[ItemRecord]) -> list[Edition]:
    """Add the day's items to the pool and make the day's editions."""
    for record in records:
        state.pool.append(record)
        state.recent_by_unit.setdefault(record.unit.key, deque(maxlen=40)).append(record.id)
    horizon = day - dt.timedelta(days=14)
    while state.pool and state.pool[0].date < horizon:
        state.pool.popleft()
    editions: list[Edition] = []
    makers = [flash_edition] + ([regular_edition] if day.weekday() in (1, 4) else [])
    for make in makers:
        edition = make(state, day)
        if edition:
            publish(state, edition)  # before the next edition picks its items
            editions.append(edition)
    return editions
