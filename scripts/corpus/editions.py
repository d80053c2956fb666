"""Editions (regular on Tuesdays and Fridays, about one flash a month) chosen from the
pool of recent items, the leader responses they draw, and both written as YAML."""

from __future__ import annotations

import datetime as dt

from .model import END_DATE, LEVELS, Edition, ItemRecord, Response, State
from .text import capitalise, fmt_date, wrap, yaml_str
from .vocabulary import (
    EDITION_NOTES,
    EDITION_SECTIONS,
    EDITION_THEMES,
    LEADERS,
    MONTHS,
    RESPONSE_KINDS,
    RESPONSE_NOTES_EN,
    RESPONSE_NOTES_ZH,
)


def next_number(state: State, year: int) -> int:
    state.edition_numbers[year] = state.edition_numbers.get(year, 0) + 1
    return state.edition_numbers[year]


def eligible(state: State, day: dt.date, audience: int) -> list[ItemRecord]:
    return [r for r in state.pool if not r.used and r.level <= audience
            and r.publishable_from <= day]


def regular_edition(state: State, day: dt.date) -> Edition | None:
    rng = state.rng
    audience = rng.choices((0, 1, 2), weights=(15, 70, 15))[0]
    candidates = eligible(state, day, audience)
    want = rng.randint(4, 8)
    if len(candidates) < 4:
        return None
    weights = [{"urgent": 4.0, "important": 2.5}.get(r.priority, 1.0) for r in candidates]
    picked: dict[int, None] = {}
    while len(picked) < min(want, len(candidates)):
        picked[rng.choices(range(len(candidates)), weights=weights)[0]] = None
    chosen = [candidates[i] for i in picked]
    order = list(EDITION_SECTIONS)
    chosen.sort(key=lambda r: order.index(r.category))
    edition = Edition(next_number(state, day.year), day, "regular", audience,
                      rng.choice(state.policy.editors).login, chosen)
    if rng.random() < 0.3:
        edition.title = rng.choice(EDITION_THEMES)
    if rng.random() < 0.2:
        first = min(r.date for r in chosen)
        edition.note = rng.choice(EDITION_NOTES).format(
            unit=f"the {chosen[0].unit.en}", subject=chosen[0].subject,
            first=fmt_date(first, False), last=fmt_date(max(r.date for r in chosen), False))
    return edition


def flash_edition(state: State, day: dt.date) -> Edition | None:
    """About one flash a month: a single urgent emergency item filed today or yesterday."""
    rng = state.rng
    month = (day.year, day.month)
    if state.flash_month != month:
        state.flash_month = month
        state.flash_target = rng.randint(1, 28)
    if state.flash_target == 0 or day.day < state.flash_target:
        return None
    candidates = [r for r in state.pool if not r.used and r.category == "emergency"
                  and r.priority == "urgent" and r.publishable_from <= day
                  and (day - r.date).days <= 1]
    if not candidates:
        return None
    state.flash_target = 0
    item = rng.choice(candidates)
    edition = Edition(next_number(state, day.year), day, "flash", max(1, item.level),
                      rng.choice(state.policy.editors).login, [item])
    edition.title = "Flash report"
    return edition


def publish(state: State, edition: Edition) -> None:
    """Mark the edition's items as used and schedule leader responses on some of them."""
    rng = state.rng
    state.editions += 1
    state.flashes += edition.kind == "flash"
    for record in edition.items:
        record.used = True
        state.published += 1
        if rng.random() >= 0.05:
            continue
        last = min(END_DATE, dt.date(edition.date.year, 12, 31))
        when = min(last, edition.date + dt.timedelta(days=rng.randint(0, 6)))
        leader = rng.choice(LEADERS)
        kind = rng.choices(("instruction", "endorsement", "comment"),
                           weights=RESPONSE_KINDS[record.category])[0]
        notes = (RESPONSE_NOTES_ZH if record.zh else RESPONSE_NOTES_EN)[kind]
        m = when.month % 12 + 1
        unit = record.unit.zh if record.zh else f"the {record.unit.en}"
        note = rng.choice(notes).format(unit=unit,
                                        next_month=f"{m}月" if record.zh else MONTHS[m - 1])
        note = capitalise(note)
        response = Response(record, when, leader, rng.random() < 0.8, kind, note)
        state.scheduled.setdefault(when, []).append(response)


def render_edition(edition: Edition) -> str:
    lines = [f"number: {edition.number}", f"date: {edition.date.isoformat()}",
             f"type: {edition.kind}"]
    if edition.title:
        lines.append(f"title: {yaml_str(edition.title)}")
    lines += [f"audience: {LEVELS[edition.audience]}", f"editor: {edition.editor}"]
    if edition.note:
        lines += ["note: |", wrap(edition.note)]
    lines.append("sections:")
    current = None
    for record in edition.items:
        if record.category != current:
            current = record.category
            lines += [f"  - title: {EDITION_SECTIONS[current]}", "    items:"]
        lines.append(f"      - {record.id}")
    return "\n".join(lines) + "\n"


def render_responses(responses: list[Response]) -> str:
    lines: list[str] = []
    for r in responses:
        lines.append(f"- item: {r.item.id}")
        lines.append(f"  by: {yaml_str(r.leader[1] if r.item.zh else r.leader[0])}")
        if r.with_rank:
            lines.append(f"  rank: {r.leader[2]}")
        lines += [f"  date: {r.date.isoformat()}", f"  kind: {r.kind}",
                  f"  note: {yaml_str(r.note)}"]
    return "\n".join(lines) + "\n"
