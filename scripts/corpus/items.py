"""One item: its category, priority, level and slug, its front matter in the order of
docs/format.md, and the record editions and responses need."""

from __future__ import annotations

import datetime as dt
import random

from .model import LEVELS, ItemRecord, State, Unit
from .prose import back_figures, make_body, make_sources, make_summary, make_title
from .templates import ItemContext, item_context
from .text import slug_words, wrap, yaml_str
from .vocabulary import CATEGORIES, CATEGORY_WEIGHTS


def choose_category(rng: random.Random) -> str:
    return rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]


def choose_priority(rng: random.Random, category: str) -> str:
    if category == "emergency":
        return "urgent" if rng.random() < 0.6 else "important"
    return rng.choices(("routine", "important", "urgent"), weights=(76, 23, 1))[0]


def choose_level(rng: random.Random) -> int:
    return rng.choices((0, 1, 2), weights=(25, 60, 15))[0]


def item_slug(ctx: ItemContext, title: str, category: str) -> str:
    if not ctx.zh:
        return slug_words(title)
    tail = ctx.event[2] if category == "emergency" else ctx.base["subject_slug"]
    return f"{ctx.place.key}-{tail}"


def render_item(ctx: ItemContext, meta: dict[str, str | list[str] | None], summary: str,
                sources: list[str], body: str) -> str:
    """The item file: front matter in the order of docs/format.md, then the body."""
    lines = ["---"]
    for key, value in meta.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        else:
            lines.append(f"{key}: {value}")
        if key == "classification":
            lines.append("summary: >-")
            lines.append("  " + summary if ctx.zh else wrap(summary))
            if sources:
                lines.append("sources:")
                lines.extend(f"  - {yaml_str(s)}" for s in sources)
    lines.append("---")
    lines.append("")
    lines.append(body)
    return "\n".join(lines) + "\n"


def new_item(state: State, day: dt.date, unit: Unit, used_slugs: set[str]) -> tuple[
        ItemRecord, str]:
    """Generate one item; return its record and file text."""
    rng = state.rng
    zh = rng.random() < state.zh_share
    category = choose_category(rng)
    ctx = item_context(rng, state.policy, unit, day, zh, category)
    title = make_title(ctx, category, state.titles)
    slug = item_slug(ctx, title, category)
    base, n = slug, 2
    while slug in used_slugs:
        slug, n = f"{base}-{n}", n + 1
    used_slugs.add(slug)
    item_id = f"{day.isoformat()}-{slug}"
    priority = choose_priority(rng, category)
    level = choose_level(rng)
    summary, figures = make_summary(ctx, category)
    sources = make_sources(ctx, CATEGORIES[category].sources)
    body = make_body(ctx, category, rng.randint(240, 480) if zh else rng.randint(180, 400))
    body = back_figures(ctx, body, figures)
    authors = rng.sample(unit.members, 1 if rng.random() < 0.75 or len(unit.members) < 2 else 2)
    embargo = None
    if rng.random() < 0.02:
        embargo = f"{(day + dt.timedelta(days=1)).isoformat()}T09:00:00+08:00"
    corrects = None
    recent = state.recent_by_unit.get(unit.key)
    if recent and rng.random() < 0.005:
        corrects = rng.choice(list(recent))
    tags = rng.sample(ctx.domain.tags, rng.randint(1, min(3, len(ctx.domain.tags))))
    meta: dict[str, str | list[str] | None] = {
        "title": yaml_str(title),
        "unit": unit.key,
        "authors": [a.zh if zh else a.en for a in authors],
        "date": day.isoformat(),
        "event_date": ctx.event_date.isoformat(),
        "category": category,
        "priority": priority,
        "classification": LEVELS[level],
        "tags": tags,
        "region": yaml_str(ctx.place.zh if zh else ctx.place.en),
        "contact": yaml_str(contact(ctx)),
        "embargo": embargo,
        "corrects": corrects,
    }
    text = render_item(ctx, meta, summary, sources, body)
    wait = 2 if embargo else 0
    record = ItemRecord(item_id, day, unit, category, priority, level, zh, ctx.base["subject_en"],
                        day + dt.timedelta(days=wait))
    return record, text


def contact(ctx: ItemContext) -> str:
    options = (("duty office", "值班室"), ("general office", "办公室"),
               ("information section", "信息科"))
    en, zh = ctx.rng.choice(options)
    return f"{ctx.unit.zh}{zh}" if ctx.zh else f"{ctx.unit.en} {en}"
