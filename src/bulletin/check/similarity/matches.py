"""Matches: when two items are near-duplicates, measured exactly from their signatures.

* **Similarity** is the Jaccard index of two shingle sets, ``|A∩B| / |A∪B|``;
  **containment** is ``|A∩B| / min(|A|, |B|)``, near 1 when a short item was
  copied into a longer one (:func:`compare`).

Two items are **near-duplicates** when they share at least ``MIN_SHARED``
(30) shingles *and* their similarity reaches the threshold (default 0.7)
*or* their containment reaches the containment threshold (default 0.8).
The ``MIN_SHARED`` floor is the rule for short texts: texts with fewer than
about 30 words (or 30 Chinese characters) in common are too short to judge,
so two short routine items that share boilerplate ("no incidents this
week") are never reported, however alike they are.

Pairs are reported once, as ``Match(a, b, ...)`` with ``a < b`` (by id), in a
deterministic order (:func:`ordered`): descending similarity, then descending
containment, then ``a`` and ``b``. A query about one item may put that item in
``a`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from .arrays import Arrays
from .signatures import Signature

__all__ = [
    "DEFAULT_CONTAINMENT",
    "DEFAULT_THRESHOLD",
    "MIN_SHARED",
    "Match",
    "check_thresholds",
    "compare",
    "judge",
    "judge_all",
    "ordered",
]

_U64s = npt.NDArray[np.uint64]
_I64s = npt.NDArray[np.int64]

MIN_SHARED: Final = 30  # shared shingles below which a pair is never reported
DEFAULT_THRESHOLD: Final = 0.7
DEFAULT_CONTAINMENT: Final = 0.8

_SHIFT32: Final = np.uint64(32)
_JUDGED_AT_ONCE: Final = 1024  # pairs whose shared shingles are counted at once


@dataclass(frozen=True)
class Match:
    """A near-duplicate pair of item ids.

    ``similarity`` is the Jaccard index of their shingle sets, ``containment``
    the share of the smaller set found in the other (both rounded to four
    places) and ``shared`` the number of shingles they have in common.
    """

    a: str
    b: str
    similarity: float
    containment: float
    shared: int


def compare(a: Signature, b: Signature) -> tuple[float, float, int]:
    """``(similarity, containment, shared)`` of two signatures.

    Similarity is the Jaccard index, containment the share of the smaller
    set found in the other, shared the size of the intersection.

    >>> from bulletin.check.similarity.signatures import signature
    >>> compare(signature("the flood gates at the dam were opened"),
    ...         signature("the flood gates at the dam were closed"))
    (0.7142857142857143, 0.8333333333333334, 5)
    """
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0, 0
    shared = int(np.intersect1d(a, b, assume_unique=True).size)
    return shared / (len(a) + len(b) - shared), shared / min(len(a), len(b)), shared


def check_thresholds(threshold: float, containment: float | None) -> None:
    """Raise ValueError unless both thresholds are in (0, 1] (``containment`` may be None)."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    if containment is not None and not 0 < containment <= 1:
        raise ValueError(f"containment must be in (0, 1] or None, not {containment}")


def judge(
    a: str,
    sig_a: Signature,
    b: str,
    sig_b: Signature,
    threshold: float,
    containment: float | None,
) -> Match | None:
    """The match of items ``a`` and ``b`` if they are near-duplicates, else None."""
    similarity, contained, shared = compare(sig_a, sig_b)
    if shared < MIN_SHARED:
        return None
    if similarity >= threshold or (containment is not None and contained >= containment):
        return Match(a, b, round(similarity, 4), round(contained, 4), shared)
    return None


def judge_all(
    base: Arrays,
    first: _I64s,
    second: _I64s,
    threshold: float,
    containment: float | None,
) -> list[Match]:
    """:func:`judge` of every pair ``(first[k], second[k])`` of the index, a chunk at a time.

    The shared shingles of a chunk of pairs are counted at once: each pair's two
    signatures are tagged with the pair's number, so that one search of the
    tagged second signatures in the tagged (still sorted) first ones finds them
    all. The figures are those of :func:`compare`, to the last bit.
    """
    matches = []
    sizes = base.sizes()
    for start in range(0, len(first), _JUDGED_AT_ONCE):
        a, b = first[start : start + _JUDGED_AT_ONCE], second[start : start + _JUDGED_AT_ONCE]
        shared = _shared(base, a, b)
        size_a, size_b = sizes[a], sizes[b]
        union = np.maximum(size_a + size_b - shared, 1)
        smaller = np.maximum(np.minimum(size_a, size_b), 1)
        similarity, contained = shared / union, shared / smaller
        ok = similarity >= threshold
        if containment is not None:
            ok |= contained >= containment
        for k in np.flatnonzero(ok & (shared >= MIN_SHARED)).tolist():
            matches.append(Match(base.ids[a[k]], base.ids[b[k]], round(float(similarity[k]), 4),
                                 round(float(contained[k]), 4), int(shared[k])))
    return matches


def _shared(base: Arrays, a: _I64s, b: _I64s) -> _I64s:
    """How many shingles the signatures ``a[k]`` and ``b[k]`` of the index share, for each k."""
    both = np.concatenate([_tagged(base, a), _tagged(base, b)])
    both.sort(kind="stable")  # two sorted runs: merged in linear time
    equal = both[1:] == both[:-1]  # a hash twice under one tag: shared by the pair
    pairs = (both[1:][equal] >> _SHIFT32).astype(np.int64)
    return np.bincount(pairs, minlength=len(a)).astype(np.int64)


def _tagged(base: Arrays, docs: _I64s) -> _U64s:
    """The signatures of ``docs`` one after the other, each hash tagged with its pair's
    number in the high bits (so the whole is sorted)."""
    starts, ends = base.offsets[docs], base.offsets[docs + 1]
    lengths = ends - starts
    pair = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    index = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(
        starts - (np.cumsum(lengths) - lengths), lengths)
    tagged: _U64s = (pair.astype(np.uint64) << _SHIFT32) | base.hashes[index].astype(np.uint64)
    return tagged


def ordered(matches: list[Match], keep_a: bool = False) -> list[Match]:
    """The matches in the reported order, each with ``a < b`` unless ``keep_a``."""
    if not keep_a:
        matches = [
            m if m.a < m.b else Match(m.b, m.a, m.similarity, m.containment, m.shared)
            for m in matches
        ]
    return sorted(matches, key=lambda m: (-m.similarity, -m.containment, m.a, m.b))
