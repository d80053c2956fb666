"""Queries: the near-duplicate pairs in an index's arrays, asked three ways.

* :func:`all_pairs`: every pair of the index (a whole check);
* :func:`pairs_with_text`: the pairs one text makes with the index (an item
  not yet added, or one of its own);
* :func:`pairs_with_changes`: the pairs that involve a few items once a few
  changes are made, without folding them in (a pull request's items against
  a large stored index).

Each finds the candidate pairs (:mod:`bulletin.check.similarity.candidates`),
keeps those that look close on their sketches and measures them exactly
(:mod:`bulletin.check.similarity.matches`); the last two answer as
:func:`all_pairs` would over the same items. Each returns what it found as a
:class:`Found`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Final, NamedTuple

import numpy as np

from .arrays import Arrays, concatenate
from .candidates import (
    Delta,
    candidates_with,
    close,
    lsh_pairs,
    sample_pairs,
    sampled_with,
    sketch_filter,
)
from .matches import MIN_SHARED, Match, judge, judge_all, ordered
from .signatures import Signature, content_key, signature, unique
from .sketches import band_keys, sketches

__all__ = ["Found", "all_pairs", "pairs_with_changes", "pairs_with_text"]

_LOW32: Final = np.uint64(0xFFFFFFFF)
_SHIFT32: Final = np.uint64(32)


class Found(NamedTuple):
    """What a query found: its matches, in the reported order, and how many candidate
    pairs it found and how many of them it measured exactly."""

    matches: list[Match]
    candidates: int
    compared: int


def all_pairs(base: Arrays, max_df: int, threshold: float,
              containment: float | None) -> Found:
    """Every near-duplicate pair of ``base``, each once, with ``a < b``."""
    sizes = base.sizes()
    eligible = sizes >= MIN_SHARED
    banded = lsh_pairs(base.bands, eligible)
    banded_first = banded >> _SHIFT32
    candidates = compared = 0
    matches = []
    # a range of first docs at a time, so that memory stays bounded
    for low, high, sampled in sample_pairs(base, max_df, eligible):
        ranged = banded[(banded_first >= low) & (banded_first < high)]
        codes = unique(np.concatenate([ranged, sampled]))
        candidates += len(codes)
        first = (codes >> _SHIFT32).astype(np.int64)
        second = (codes & _LOW32).astype(np.int64)
        keep = sketch_filter(base.sketch, sizes, first, second, threshold, containment)
        first, second = first[keep], second[keep]
        compared += len(first)
        matches += judge_all(base, first, second, threshold, containment)
    return Found(ordered(matches), candidates, compared)


def pairs_with_text(base: Arrays, own: int, doc_id: str, text: str, max_df: int,
                    threshold: float, containment: float | None) -> Found:
    """The items of ``base`` that ``text`` nearly duplicates, as ``Match(doc_id, other, ...)``.

    ``own`` is the position of ``doc_id`` in ``base`` (-1: none); that item is
    left out. When it holds this very text, it already counts in the postings.
    """
    key = content_key(text)
    if own >= 0 and bytes(base.keys[own]) == key:
        sig, sketch = base.sig(own), base.sketch[own]
        extra = 0  # the query is already counted in the postings
    else:
        sig = signature(text)
        sketch = sketches(*concatenate([sig]))[0]
        extra = 1
    if len(sig) < MIN_SHARED:
        return Found([], 0, 0)
    sizes = base.sizes()
    eligible = sizes >= MIN_SHARED
    banded = (base.bands == band_keys(sketch[None, :])).any(axis=1)
    sampled = sampled_with(base, sig, max_df, extra)
    found = (banded | sampled) & eligible
    if own >= 0:
        found[own] = False
    others = np.flatnonzero(found)
    candidates = len(others)
    keep = close(
        sketch[None, :], base.sketch[others], len(sig), sizes[others], threshold, containment
    )
    others = others[keep]
    matches = []
    for j in others.tolist():
        match = judge(doc_id, sig, base.ids[j], base.sig(j), threshold, containment)
        if match is not None:
            matches.append(match)
    return Found(ordered(matches, keep_a=True), candidates, len(others))


def pairs_with_changes(
    base: Arrays,
    find: Callable[[str], int | None],
    queries: Iterable[str],
    changed: Iterable[tuple[str, Signature]],
    removed: Iterable[str],
    max_df: int,
    threshold: float,
    containment: float | None,
) -> Found:
    """The pairs :func:`all_pairs` would find once ``changed`` (id, signature) were
    added or re-hashed and ``removed`` dropped, that involve one of ``queries``.

    ``find`` gives an id's position in ``base``. The parts of a mapped ``base``
    are verified as they are read (a few items' worth).
    """
    base.verify("bands", "post_hash")  # read whole by every question
    new = dict(changed)
    live = np.ones(len(base.ids), dtype=bool)
    for doc_id in itertools.chain(new, removed):
        if (at := find(doc_id)) is not None:
            live[at] = False
    for doc_id in removed:
        new.pop(doc_id, None)
    delta = Delta.of(new)
    sizes = base.sizes()
    eligible = live & (sizes >= MIN_SHARED)
    found: dict[tuple[str, str], Match] = {}
    for query in dict.fromkeys(queries):
        if query in delta.index:
            k = delta.index[query]
            sig, sketch, bands = delta.sigs[k], delta.sketch[k], delta.bands[k]
        elif (i := find(query)) is not None and live[i]:
            sig, sketch, bands = base.sig(i), base.sketch_row(i), base.bands[i]
        else:
            continue
        if len(sig) < MIN_SHARED:
            continue  # never a candidate: too short to judge
        on_base, on_new = candidates_with(base, live, eligible, delta, sig, bands, max_df)
        if (at := find(query)) is not None:
            on_base[at] = False
        if query in delta.index:
            on_new[delta.index[query]] = False
        others = [(base.ids[j], base.sig(j), base.sketch_row(j))
                  for j in np.flatnonzero(on_base).tolist()]
        others += [(delta.ids[k], delta.sigs[k], delta.sketch[k])
                   for k in np.flatnonzero(on_new).tolist()]
        if not others:
            continue
        keep = close(sketch[None, :], np.array([o[2] for o in others]), len(sig),
                     np.array([len(o[1]) for o in others]), threshold, containment)
        for (other, other_sig, _), kept in zip(others, keep.tolist(), strict=True):
            match = judge(query, sig, other, other_sig, threshold, containment) \
                if kept else None
            if match is not None:
                found[min(query, other), max(query, other)] = match
    return Found(ordered(list(found.values())), len(found), len(found))
