"""What Pagefind indexes, and what the search page looks up beside the index.

Pagefind reads small documents, not the built pages (:func:`document`): an item's
page without the parts that change when it is published, plus what results show
and filter by — date, unit, category, level, language (``data-pagefind-meta``,
``-filter``, ``-sort``) — and the unit's, category's and tags' names in both
languages, so that 水务局 finds the Water Resources Bureau's items. What Pagefind
reads is the same whichever edition an item is in, so a new edition leaves the
items' index as it was: the edition of a result is looked up in
``search/editions/<year>.json`` (:func:`edition_maps`), and editions (title and
editor's note) have a small index of their own (:func:`edition_doc`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import Policy
from ..fsutil import write_atomic
from ..model import Item
from .compose import EditionView, Site
from .i18n import item_language

EDITIONS = "search/editions"
SUMMARY_CHARS = 160


@dataclass(frozen=True)
class SearchDoc:
    """One searchable page: its URL (``items/x/``), language, title, HTML body,
    ``extra`` HTML put at the start of the part Pagefind indexes, and the year of its
    item (which shard indexes it: :mod:`.search_shards`)."""

    url: str
    lang: str
    title: str
    body: str
    extra: str = ""
    year: str = ""


# Parts of an item page Pagefind skips (marked data-pagefind-ignore): the marking,
# the metadata list, and the line that names the item's edition
_IGNORED = re.compile(r"<(p|dl)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>\n?", re.S)
_BODY_TAG = re.compile(r"<([a-z]+)\b[^>]*\bdata-pagefind-body\b[^>]*>")
_NAMES = '<p class="bl-search-names">'


def document(doc: SearchDoc) -> str:
    """The HTML Pagefind reads for ``doc``: the page's language and the element Pagefind
    indexes (``data-pagefind-body``) without the parts it would skip anyway — so that
    the edition an item is in, which changes when it is published (and the page around
    it shows), is not part of what the index is built from — with ``extra`` added."""
    body = doc.body
    found = _BODY_TAG.search(body)
    if found:
        close = f"</{found.group(1)}>"
        end = body.rfind(close)
        end = end if end > found.end() else len(body)
        meta, _, names = doc.extra.partition(_NAMES)
        inner = _IGNORED.sub("", body[found.end():end])
        names = _NAMES + names if names else ""
        body = f"{found.group(0)}{meta}{inner}{names}{close}\n"
    else:
        body = _IGNORED.sub("", body) + doc.extra
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(doc.lang)}"><head><meta charset="utf-8">'
            f"<title>{html.escape(doc.title)}</title></head>\n<body>\n{body}</body></html>\n")


def _attr(kind: str, key: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{html.escape(f"{key}:{value}", quote=True)}"></span>'


def item_extra(item: Item, policy: Policy) -> str:
    """The meta, filters and sort key of ``item``, and its names in both languages."""
    day = item.date.isoformat() if item.date else ""
    parts = [_attr("meta", "kind", "item"), _attr("meta", "date", day),
             _attr("meta", "unit", item.unit or ""), _attr("meta", "category", item.category or ""),
             _attr("meta", "level", item.classification or ""),
             _attr("meta", "lang", item_language(item.title)),
             _attr("filter", "kind", "item"), _attr("filter", "unit", item.unit or ""),
             _attr("filter", "category", item.category or ""),
             _attr("filter", "language", item_language(item.title)),
             _attr("sort", "date", day)]
    if item.date:
        parts.append(_attr("filter", "year", str(item.date.year)))
    if item.summary:  # shown instead of an excerpt that only the names below matched
        parts.append(_attr("meta", "summary", item.summary[:SUMMARY_CHARS]))
    names = {policy.unit_name(item.unit, lang) for lang in ("en", "zh")}
    names |= {policy.category_name(item.category, lang) for lang in ("en", "zh")}
    for tag in item.tags:
        key = policy.tag(tag)
        names |= {tag, key, *policy.reader.tag_aliases.get(key, [])}
    words = " · ".join(sorted(n for n in names if n))
    return "".join(parts) + f"{_NAMES}{html.escape(words)}</p>"


def edition_doc(view: EditionView, label: str, url: str, note: str) -> SearchDoc:
    """The search document of an edition: its label, theme and editor's note (as text)."""
    edition = view.edition
    title = label + (f" · {edition.title}" if edition.title else "")
    day = edition.date.isoformat() if edition.date else ""
    text = " ".join(p for p in (edition.title, note) if p)
    parts = [_attr("meta", "kind", "edition"), _attr("meta", "date", day),
             _attr("meta", "type", edition.type or "regular"),
             _attr("meta", "level", edition.audience or ""),
             _attr("filter", "kind", "edition"), _attr("filter", "type", edition.type or "regular"),
             _attr("filter", "language", item_language(text)), _attr("sort", "date", day)]
    if edition.date:
        parts.append(_attr("filter", "year", str(edition.date.year)))
    body = (f'<main data-pagefind-body><h1 data-pagefind-meta="title">{html.escape(title)}</h1>'
            f'{"".join(parts)}<p>{html.escape(edition.title or "")}</p>'
            f"<div>{note}</div></main>")
    return SearchDoc(url, item_language(text), title, body)


def short_key(text: str) -> str:
    """48 bits of hash of ``text`` in 12 hex digits (``search.js`` computes the same): the
    key of an item in the edition maps, a third of the length of its id. Two 32-bit
    FNV-1a hashes with different starting values give 24 bits each."""
    return _fnv1a(text, 0x811C9DC5)[:6] + _fnv1a(text, 0x050C5D1F)[:6]


def _fnv1a(text: str, value: int) -> str:
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def edition_maps(site: Site, label: Callable[[EditionView], str],
                 url: Callable[[EditionView], str]) -> dict[str, dict[str, object]]:
    """``{shard: {"e": [[label, url, type], …], "i": {key: index}}}`` of the published
    items this audience sees, where ``key`` is :func:`short_key` of the item's id, or
    the id itself when two ids of a shard share a key (``search.js`` looks for the id
    first), and ``index`` a list when several publications carried the item (an edition
    of each). An item of the pool whose key is a published item's would be shown in that
    edition: at 48 bits, about once in 10¹¹ results at 10,000 published items a year.

    The shard is the year an item id starts with (``other`` for an id that does
    not), so a first search fetches the editions of one year, not all.
    """
    out: dict[str, dict[str, object]] = {}
    for name, rows in _by_shard(site).items():
        entries: list[list[str]] = []
        index: dict[str, int] = {}
        owner: dict[str, str] = {}
        ids: dict[str, int | list[int]] = {}
        for item_id, views in rows:
            for view in views:
                if view.id not in index:
                    index[view.id] = len(entries)
                    entries.append([label(view), url(view), view.edition.type or "regular"])
            found = [index[view.id] for view in views]
            value: int | list[int] = found[0] if len(found) == 1 else found
            key = short_key(item_id)
            if key in owner:  # a clash: both go under their ids
                other = owner[key]
                if key in ids:
                    ids[other] = ids.pop(key)
                ids[item_id] = value
            else:
                owner[key] = item_id
                ids[key] = value
        out[name] = {"e": entries, "i": ids}
    return out


def _by_shard(site: Site) -> dict[str, list[tuple[str, list[EditionView]]]]:
    """The published items of each shard with the editions that carried them (one of
    each publication)."""
    out: dict[str, list[tuple[str, list[EditionView]]]] = {}
    for item_id, views in sorted(site.editions_with.items()):
        out.setdefault(shard(item_id), []).append((item_id, views))
    return out


def shard(item_id: str) -> str:
    """The edition-map shard of ``item_id`` (``search.js`` computes the same)."""
    return item_id[:4] if re.match(r"\d{4}", item_id) else "other"


def write_edition_maps(site_dir: Path, maps: dict[str, dict[str, object]]) -> list[Path]:
    """``search/editions/<year>.json``: what the search page shows beside a result."""
    written = []
    for year, block in maps.items():
        path = site_dir / EDITIONS / f"{year}.json"
        write_atomic(path, json.dumps(block, ensure_ascii=False, separators=(",", ":")))
        written.append(path)
    return written
