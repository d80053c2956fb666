"""An item's text: a unique title, a summary whose figures the body repeats, sources,
and a Markdown body with its category's required sections."""

from __future__ import annotations

import string
from collections.abc import Iterator

from .templates import ItemContext, fill
from .text import capitalise, count_units, numbers_in
from .vocabulary import (
    CATEGORIES,
    FIGURE_SENTENCES,
    SENTENCES_EN,
    SENTENCES_ZH,
    SOURCES_EN,
    SOURCES_ZH,
    SUMMARIES_EN,
    SUMMARIES_ZH,
    TITLES_EN,
    TITLES_ZH,
)


def make_title(ctx: ItemContext, category: str, titles: set[str]) -> str:
    """A title of at most 30 units that no other item has."""
    templates = (TITLES_ZH if ctx.zh else TITLES_EN)[category]
    title = ""
    for _ in range(30):
        title = fill(ctx.rng.choice(templates), ctx)
        if title not in titles and count_units(title) <= 30:
            break
    else:  # pragma: no cover - extremely unlikely
        title = f"{title[:20]} {len(titles)}"
    titles.add(title)
    return title


def make_summary(ctx: ItemContext, category: str) -> tuple[str, dict[str, str]]:
    """The summary, and the values of its figure slots (which the body must repeat)."""
    templates = (SUMMARIES_ZH if ctx.zh else SUMMARIES_EN)[category]
    for _ in range(10):
        template = ctx.rng.choice(templates)
        ctx.slots.drawn.clear()
        summary = fill(template, ctx)
        if count_units(summary) <= 95:
            break
    else:
        template = templates[0]
        ctx.slots.drawn.clear()
        summary = fill(template, ctx)[:60]
    values = {**ctx.base, **ctx.slots.drawn}
    keys = [k for _, k, _, _ in string.Formatter().parse(template) if k in FIGURE_SENTENCES]
    return summary, {k: values[k] for k in keys if k in values}


def back_figures(ctx: ItemContext, body: str, figures: dict[str, str]) -> str:
    """Open the body's first paragraph with a sentence for each summary figure the body
    lacks, so that the summary quotes only what the body says (as a writer would)."""
    present = set(numbers_in(body))
    missing = [k for k, v in figures.items() if not set(numbers_in(v)) <= present]
    if not missing:
        return body
    values = {**ctx.base, **figures}
    added = [(FIGURE_SENTENCES[k][1] if ctx.zh else FIGURE_SENTENCES[k][0]).format_map(values)
             for k in missing]
    lede = "".join(added) if ctx.zh else " ".join(capitalise(a) for a in added)
    head, sep, rest = body.partition("\n\n") if body.startswith("## ") else ("", "", body)
    joined = lede + ("" if ctx.zh else " ") + rest
    return head + sep + joined


def make_sources(ctx: ItemContext, required: bool) -> list[str]:
    if not required and ctx.rng.random() < 0.5:
        return []
    templates = SOURCES_ZH if ctx.zh else SOURCES_EN
    chosen = ctx.rng.sample(range(len(templates)), ctx.rng.randint(1, 3))
    return [fill(templates[i], ctx) for i in sorted(chosen)]


def sentences(ctx: ItemContext, pools: tuple[str, ...], budget: int) -> Iterator[str]:
    """Sentences from the given template pools until about ``budget`` units are used.

    The order is random, except that an emergency report opens with what
    happened, when and where (the first ``event`` template).
    """
    table = SENTENCES_ZH if ctx.zh else SENTENCES_EN
    templates = [t for p in pools for t in table[p]]
    ctx.rng.shuffle(templates)
    if pools[0] == "event":
        templates.remove(table["event"][0])
        templates.insert(0, table["event"][0])
    used, i = 0, 0
    while used < budget:
        text = fill(templates[i % len(templates)], ctx)
        i += 1
        used += len(text) if ctx.zh else text.count(" ") + 1
        yield text


def paragraphs(ctx: ItemContext, texts: list[str], as_list: bool) -> str:
    """Join sentences into Markdown paragraphs, a numbered list, or one-sentence lines."""
    rng = ctx.rng
    if as_list:
        return "\n".join(f"{n}. {t}" for n, t in enumerate(texts, 1))
    joiner = "" if ctx.zh else (" " if rng.random() < 0.6 else "\n")
    out: list[str] = []
    i = 0
    while i < len(texts):
        k = rng.randint(2, 4)
        out.append(joiner.join(texts[i:i + k]))
        i += k
    return "\n\n".join(out)


def make_body(ctx: ItemContext, category: str, target: int) -> str:
    """The Markdown body: required sections, each with a share of ``target`` units."""
    sections = CATEGORIES[category].sections
    if not sections:
        texts = list(sentences(ctx, ("fact",), target))
        body = paragraphs(ctx, texts, False)
        if ctx.rng.random() < 0.25:
            body += "\n\n" + place_list(ctx)
        return body
    parts: list[str] = []
    for section in sections:
        pools = section.pools
        texts = list(sentences(ctx, pools, max(20, int(target * section.share))))
        as_list = pools[0] in ("suggestion", "plan") and ctx.rng.random() < 0.5
        heading = section.zh if ctx.zh else section.en
        parts.append(f"## {heading}\n\n{paragraphs(ctx, texts, as_list)}")
    return "\n\n".join(parts)


def place_list(ctx: ItemContext) -> str:
    rng = ctx.rng
    places = rng.sample(ctx.policy.places, min(len(ctx.policy.places), rng.randint(3, 5)))
    fac = ctx.base["fac"]
    if ctx.zh:
        return "\n".join(f"- {p.zh}：{rng.randint(2, 40)}{ctx.base['fmw']}{fac}，"
                         f"完成率{rng.uniform(40, 99):.1f}%" for p in places)
    return "\n".join(f"- {p.en}: {rng.randint(2, 40)} {fac}, {rng.uniform(40, 99):.1f}% "
                     "of target" for p in places)
