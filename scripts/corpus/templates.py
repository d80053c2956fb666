"""Fill sentence templates for one item: its fixed facts (place, subject, the figures
its title, summary and body must agree on) and a fresh random value for every other
slot."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Place, Policy, Unit
from .text import capitalise, fmt_date
from .vocabulary import (
    DOMAINS,
    EMERGENCY_GROUPS,
    EVENTS,
    HOTLINES,
    MONTHS,
    MONTHS_SHORT,
    OFFICIAL_TITLES,
    ORDINALS,
    SEASONS,
    SURNAMES,
    TRENDS,
    WEEKDAYS,
    Domain,
)


@dataclass
class ItemContext:
    """The fixed facts of one item that its sentences share."""

    rng: random.Random
    zh: bool
    date: dt.date
    event_date: dt.date
    unit: Unit
    place: Place
    domain: Domain
    policy: Policy
    event: tuple[str, str, str, str, str]
    base: dict[str, str] = field(default_factory=dict)
    slots: Slots = field(init=False)


def _other_place(c: ItemContext) -> str:
    for _ in range(4):
        p = c.rng.choice(c.policy.places)
        if p is not c.place:
            break
    return p.zh if c.zh else p.en


def _other_unit(c: ItemContext, article: str = "the ") -> str:
    for _ in range(4):
        u = c.rng.choice(c.policy.units)
        if u is not c.unit:
            break
    return u.zh if c.zh else article + u.en


def _official(c: ItemContext) -> str:
    s = c.rng.choice(SURNAMES)
    title_en, title_zh = c.rng.choice(OFFICIAL_TITLES)
    return f"{s[2]}{title_zh}" if c.zh else f"{title_en} {s[1]}"


def _money(c: ItemContext) -> str:
    r = c.rng
    return f"{r.randint(30, 6000)}万元" if c.zh else f"{r.uniform(0.3, 60):.1f} million yuan"


def _big(c: ItemContext) -> str:
    v = c.rng.randint(1200, 90000)
    return f"{v:,}" if not c.zh else str(v)


def _recent(c: ItemContext, lo: int, hi: int) -> str:
    return fmt_date(c.date - dt.timedelta(days=c.rng.randint(lo, hi)), c.zh)


def _next_month(c: ItemContext) -> str:
    m = c.date.month % 12 + 1
    return f"{m}月" if c.zh else MONTHS[m - 1]


def _rank(c: ItemContext, lo: int, hi: int) -> str:
    n = c.rng.randint(lo, hi)
    if c.zh:
        return f"第{n}位"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _pick(c: ItemContext, pairs: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    en, zh = c.rng.choice(pairs)
    return zh if c.zh else en


GENERATORS: dict[str, Callable[[ItemContext], str]] = {
    "n": lambda c: str(c.rng.randint(2, 40)),
    "n2": lambda c: str(c.rng.randint(41, 900)),
    "n3": lambda c: str(c.rng.randint(20, 800)),
    "n4": lambda c: str(c.rng.randint(3, 60)),
    "big": _big,
    "pct": lambda c: f"{c.rng.uniform(1.5, 45):.1f}",
    "pct2": lambda c: f"{c.rng.uniform(80, 99):.1f}",
    "money": _money,
    "date": lambda c: _recent(c, 0, 6),
    "date2": lambda c: _recent(c, 10, 40),
    "dfull": lambda c: (lambda d: f"{d.day} {MONTHS_SHORT[d.month - 1]} {d.year}")(
        c.date - dt.timedelta(days=c.rng.randint(0, 5))),
    "time": lambda c: f"{c.rng.randint(0, 23):02d}:{c.rng.randrange(0, 60, 5):02d}",
    "days": lambda c: str(c.rng.randint(3, 30)),
    "dlong": lambda c: str(c.rng.randint(15, 60)),
    "dshort": lambda c: str(c.rng.randint(2, 10)),
    "hours": lambda c: str(c.rng.randint(2, 48)),
    "year0": lambda c: str(c.rng.randint(1985, 2012)),
    "place2": _other_place,
    "unit2": _other_unit,
    "uname2": lambda c: _other_unit(c, ""),
    "k": lambda c: str(c.rng.randint(2, 9)),
    "official": _official,
    "season": lambda c: _pick(c, SEASONS),
    "ordinal": lambda c: c.rng.choice(ORDINALS),
    "hotline": lambda c: _pick(c, HOTLINES),
    "level": lambda c: c.rng.choice(("三", "四")) if c.zh else c.rng.choice(("3", "4")),
    "trend": lambda c: _pick(c, TRENDS),
    "next_month": _next_month,
    "weekday": lambda c: _pick(c, WEEKDAYS),
    "minutes": lambda c: str(5 * c.rng.randint(1, 12)),
    "rank_low": lambda c: _rank(c, 9, 20),
    "rank_high": lambda c: _rank(c, 1, 5),
}


class Slots(dict[str, str]):
    """Template values: the item's fixed facts, plus a fresh random value for every
    other slot each time it is read (no template names a random slot twice).
    The random values drawn are kept in ``drawn`` (the last one of each slot)."""

    __slots__ = ("ctx", "drawn")

    def __init__(self, ctx: ItemContext) -> None:
        super().__init__(ctx.base)
        self.ctx = ctx
        self.drawn: dict[str, str] = {}

    def __missing__(self, key: str) -> str:
        value = self.drawn[key] = GENERATORS[key](self.ctx)
        return value


def fill(template: str, ctx: ItemContext) -> str:
    text = template.format_map(ctx.slots)
    return text if ctx.zh else capitalise(text)


def item_context(rng: random.Random, policy: Policy, unit: Unit, day: dt.date, zh: bool,
                 category: str) -> ItemContext:
    """Choose the item's place, subject and vocabulary."""
    domain_key = unit.domain or rng.choice(list(DOMAINS))
    domain = DOMAINS[domain_key]
    place = rng.choice(unit.home) if unit.home and rng.random() < 0.85 else rng.choice(
        policy.places)
    news = 1 if category == "emergency" else 14
    event_date = day - dt.timedelta(days=rng.randint(0, news))
    ctx = ItemContext(rng, zh, day, event_date, unit, place, domain, policy,
                      rng.choice(EVENTS))
    subject = rng.choice(domain.subjects)
    fac = rng.choice(domain.facilities)
    group = rng.choice(EMERGENCY_GROUPS if category == "emergency" else domain.groups)
    moved = rng.randint(120, 9000)
    measure = rng.choice(domain.measures)
    ctx.base = {
        "place": place.zh if zh else place.en,
        "subject": subject[1] if zh else subject[0],
        "subject_slug": subject[2],
        "subject_en": subject[0],
        "fac": fac[2] if zh else fac[0],
        "fmw": fac[1],
        "group": group[2] if zh else group[0],
        "gmw": group[1],
        "measure": measure[1] if zh else measure[0],
        "unit": unit.zh if zh else f"the {unit.en}",
        "uname": unit.zh if zh else unit.en,
        "event": ctx.event[1] if zh else ctx.event[0],
        "cause_e": ctx.event[4] if zh else ctx.event[3],
        # Figures that the title, summary and body of one item must agree on.
        "moved": str(moved) if zh else f"{moved:,}",
        "affected": str(rng.randint(41, 900)),
        "hurt": str(rng.randint(2, 12)),
        "failed": str(rng.randint(2, 40)),
        "rain": str(rng.randint(60, 320)),
        "edate": fmt_date(event_date, zh),
        "month": f"{day.month}月" if zh else MONTHS[day.month - 1],
        "mshort": MONTHS_SHORT[day.month - 1],
        "year": str(day.year),
    }
    ctx.slots = Slots(ctx)
    return ctx
