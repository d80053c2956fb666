"""Which Pagefind bundle (shard) each item page is indexed in.

One Pagefind process holds about 150 KB per page it indexes (measured: 8,525 pages
→ 1.31 GB), so a site of 100,000 items cannot be indexed by one process within a
small runner's memory. The items are split into shards of at most ``size`` pages,
indexed one after another, each cached on the hash of its own documents: a change to
one item makes one shard again.

The assignment is stable, so that adding items does not reshuffle every shard:

* a site of at most ``size`` item pages has one shard (``all``);
* otherwise each language has shards of its own (``en-…``, ``zh-…``): Pagefind
  keeps one index per language in a bundle, and the search page loads one index
  chunk per index, so a shard of one language costs a reader half the download of
  a shard of two. A language of at most ``size`` pages is one shard (``zh``);
* a larger language is grouped by year (``other`` for an item without a date),
  oldest first: consecutive years of fewer pages are packed together while they
  fit (``en-2015-2018``); a year of more than ``size`` pages is split, with the
  years packed before it (the first, partial year of a bulletin, say), into ``n``
  shards by a hash of the page's URL (``en-2024-1of3``, ``en-2023-2024-1of2``):
  ``n`` is the smallest count from ``size``'s share whose every part holds at most
  ``size`` pages. So a new item of this year changes one shard (until the year
  needs one more), and a new year starts a shard of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

from .search_docs import SearchDoc

DEFAULT_SIZE = 4000
"""Pages per shard: Pagefind's peak is ~0.6 GB at 4,000 pages (README, *Search*)."""
MIN_SIZE = 20
"""A smaller shard size is raised to this (each shard is one run of Pagefind)."""
ALL = "all"

D = TypeVar("D", bound=SearchDoc)


def shard_docs(docs: Sequence[D], size: int = DEFAULT_SIZE) -> dict[str, list[D]]:
    """``{shard name: its documents}``, the shards of each language in order (oldest
    first)."""
    size = max(size, MIN_SIZE)
    if len(docs) <= size:
        return {ALL: list(docs)}
    by_lang: dict[str, list[D]] = {}
    for doc in docs:
        by_lang.setdefault(doc.lang, []).append(doc)
    out: dict[str, list[D]] = {}
    for lang in sorted(by_lang):
        group = by_lang[lang]
        if len(group) <= size:
            out[lang] = group
        else:
            out.update((f"{lang}-{name}", part) for name, part in _by_year(group, size).items())
    return out


def _by_year(docs: list[D], size: int) -> dict[str, list[D]]:
    """The shards of one language's documents (more than ``size``)."""
    by_year: dict[str, list[D]] = {}
    for doc in docs:
        by_year.setdefault(doc.year or "other", []).append(doc)
    out: dict[str, list[D]] = {}
    packed: list[tuple[str, list[D]]] = []  # whole years waiting to be packed

    def flush() -> None:
        if packed:
            first, last = packed[0][0], packed[-1][0]
            name = first if first == last else f"{first}-{last}"
            out[name] = [d for _year, group in packed for d in group]
            packed.clear()

    for year in sorted(by_year):
        group = by_year[year]
        if len(group) > size:  # split, with the smaller years packed before it
            first = packed[0][0] if packed else year
            pool = [d for _year, g in packed for d in g] + group
            packed.clear()
            parts = _split(pool, size)
            name = year if first == year else f"{first}-{year}"
            for n, part in enumerate(parts, 1):
                if part:
                    out[f"{name}-{n}of{len(parts)}"] = part
            continue
        if sum(len(g) for _y, g in packed) + len(group) > size:
            flush()
        packed.append((year, group))
    flush()
    return out


def _split(group: list[D], size: int) -> list[list[D]]:
    """``group`` in the fewest hash ranges of at most ``size`` documents each."""
    hashes = [(_hash(doc.url), doc) for doc in group]
    count = -(-len(group) // size)
    while True:
        parts: list[list[D]] = [[] for _ in range(count)]
        for value, doc in hashes:
            parts[(value * count) >> 64].append(doc)
        if max(len(p) for p in parts) <= size:
            return parts
        count += 1


def _hash(url: str) -> int:
    return int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:8], "big")
