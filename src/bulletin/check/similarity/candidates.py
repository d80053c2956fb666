"""Candidates: the pairs worth measuring, found without comparing every pair.

Candidates come from two sources, and each candidate is then measured
exactly from the two full signatures (:mod:`bulletin.check.similarity.matches`):

* **LSH over a sketch.** Each signature is summarised by a one-permutation
  MinHash *sketch* of ``SKETCH_BINS`` (128) values, whose ``BANDS`` (21)
  bands of ``ROWS`` (6) values each are hashed to band keys
  (:mod:`bulletin.check.similarity.sketches`); items with an equal band key
  are candidates (:func:`lsh_pairs`). A pair with similarity 0.7 shares a key
  with probability 0.93, 0.8 with 0.999; 0.5 with 0.29. This finds copies
  even when every sentence is common boilerplate. (A band key shared by more
  than ``MAX_BUCKET`` (1000) items is ignored, so that a flood of identical
  routine items cannot blow up the work quadratically.)
* **Shared samples.** One shingle in ``SAMPLE_RATE`` (4), chosen by its hash,
  is *sampled*. Two items that share ``k`` shingles share about ``k/4``
  sampled ones whatever their lengths, so this finds a short item copied into
  a long one (which has a low similarity and escapes the bands). Sampled
  shingles that occur in more than ``max_df`` (100) items are boilerplate and
  are not used; items sharing at least ``MIN_SAMPLES`` (2) of the others are
  candidates (:func:`sample_pairs`).

Before the exact measure, a candidate must look close on the sketches
(:func:`close`): its estimated similarity must reach the threshold less
``SKETCH_MARGIN`` (0.2, five standard errors of the estimate), or its
containment, estimated from that and the two sizes, the containment
threshold less the larger of the margin and three standard errors of this
rougher estimate.

Pairs of docs are handled as codes, ``first << 32 | second``, to sort and
count them as one array.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, TypeVar

import numpy as np
import numpy.typing as npt

from .arrays import Arrays, concatenate
from .matches import MIN_SHARED
from .signatures import Signature, unique
from .sketches import BANDS, SKETCH_BINS, band_keys, sample_mask, sketches

__all__ = [
    "DEFAULT_MAX_DF",
    "MAX_BUCKET",
    "MIN_SAMPLES",
    "SKETCH_MARGIN",
    "Delta",
    "candidates_with",
    "close",
    "lsh_pairs",
    "sample_pairs",
    "sampled_with",
    "sketch_filter",
]

_U32s = npt.NDArray[np.uint32]
_U64s = npt.NDArray[np.uint64]
_I64s = npt.NDArray[np.int64]
_T = TypeVar("_T", bound=np.generic)

SKETCH_MARGIN: Final = 0.2
MIN_SAMPLES: Final = 2
MAX_BUCKET: Final = 1000
DEFAULT_MAX_DF: Final = 100

_LOW32: Final = np.uint64(0xFFFFFFFF)
_SHIFT32: Final = np.uint64(32)
_CHUNK: Final = 32_768  # pairs whose sketches are compared at once
_PAIRS_AT_ONCE: Final = 2_000_000  # pairs of shared samples counted at a time


@dataclass
class Delta:
    """Items to compare that are not (or not so) in the index: ids, signatures, sketches."""

    ids: list[str]
    sigs: list[Signature]
    sketch: _U32s
    bands: _U64s
    eligible: npt.NDArray[np.bool_]
    index: dict[str, int]

    @classmethod
    def of(cls, docs: dict[str, Signature]) -> Delta:
        ids = sorted(docs)
        sigs = [docs[i] for i in ids]
        sketch = sketches(*concatenate(sigs)) if sigs else \
            np.empty((0, SKETCH_BINS), dtype=np.uint32)
        bands = band_keys(sketch) if sigs else np.empty((0, BANDS), dtype=np.uint64)
        eligible = np.array([len(s) >= MIN_SHARED for s in sigs], dtype=bool)
        return cls(ids, sigs, sketch, bands, eligible, {i: k for k, i in enumerate(ids)})


def _self_join(keys: npt.NDArray[np.generic], docs: _U64s, max_group: int) -> _U64s:
    """Pairs ``doc_i << 32 | doc_j`` (``i < j``) of docs with equal keys.

    ``keys`` is sorted, and ``docs`` ascending within equal keys. Groups
    larger than ``max_group`` are left out.
    """
    n = len(keys)
    if n < 2:
        return np.empty(0, dtype=np.uint64)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.append(starts, n))
    wanted = (sizes >= 2) & (sizes <= max_group)
    docs = docs[np.repeat(wanted, sizes)]
    sizes = sizes[wanted]
    ends = np.repeat(np.cumsum(sizes), sizes)
    return _joined(docs, ends, np.arange(len(docs)))


def lsh_pairs(bands: _U64s, eligible: npt.NDArray[np.bool_]) -> _U64s:
    """Pairs of eligible docs that share a band key, as sorted unique codes."""
    docs = np.flatnonzero(eligible).astype(np.uint64)
    found = []
    for band in range(bands.shape[1]):
        keys = bands[eligible, band]
        order = np.argsort(keys, kind="stable")
        found.append(_self_join(keys[order], docs[order], MAX_BUCKET))
    return unique(np.concatenate(found)) if found else np.empty(0, dtype=np.uint64)


def sample_pairs(
    base: Arrays, max_df: int, eligible: npt.NDArray[np.bool_]
) -> Iterator[tuple[int, int, _U64s]]:
    """Pairs of eligible docs sharing MIN_SAMPLES sampled shingles held by at most max_df docs.

    The pairs are counted a range of first docs at a time, so that memory stays
    bounded however many pairs the shared samples give: yields ``(low, high,
    codes)`` for consecutive ranges that together cover every doc.
    """
    keys, docs = base.post_hash, base.post_doc
    n = len(keys)
    if n < 2:
        yield 0, max(len(base.ids), 1), np.empty(0, dtype=np.uint64)
        return
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    sizes = np.diff(np.append(starts, n))
    wanted = (sizes >= 2) & (sizes <= max_df)
    total = int((sizes[wanted] * (sizes[wanted] - 1) // 2).sum())
    # position k pairs with the later positions of its group, which ends before ends[k]
    ends = np.repeat(np.cumsum(sizes).astype(np.int32 if n < 2**31 else np.int64), sizes)
    pairing = np.repeat(wanted, sizes)
    pairing[:-1] &= ends[:-1] > np.arange(1, n, dtype=ends.dtype)
    pairing[-1] = False
    parts = max(1, -(-total // _PAIRS_AT_ONCE))
    bounds = np.linspace(0, len(base.ids), parts + 1).astype(np.int64)
    for low, high in itertools.pairwise(bounds.tolist()):
        active = np.flatnonzero(pairing & (docs >= low) & (docs < high))
        codes = _joined(docs, ends, active)
        if len(codes):
            codes, counts = _counted(codes)
            codes = codes[counts >= MIN_SAMPLES]
            first = (codes >> _SHIFT32).astype(np.int64)
            second = (codes & _LOW32).astype(np.int64)
            codes = codes[eligible[first] & eligible[second]]
        yield int(low), int(high), codes


def _joined(docs: _U32s | _U64s, ends: npt.NDArray[np.signedinteger],
            active: _I64s) -> _U64s:
    """Pairs ``docs[k] << 32 | docs[j]`` for each active position k and each later
    position j of its group (groups end before ``ends[k]``)."""
    out: list[_U64s] = []
    step = 1
    while True:
        active = active[active + step < ends[active]]
        if not len(active):
            break
        out.append((docs[active].astype(np.uint64, copy=False) << _SHIFT32)
                   | docs[active + step])
        step += 1
    return np.concatenate(out) if out else np.empty(0, dtype=np.uint64)


def _counted(values: npt.NDArray[_T]) -> tuple[npt.NDArray[_T], _I64s]:
    """Sorted unique values and how often each occurs."""
    values = np.sort(values)
    first = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return values[starts], np.diff(np.append(starts, len(values)))


def sampled_with(base: Arrays, sig: Signature, max_df: int, extra: int) -> npt.NDArray[np.bool_]:
    """Docs sharing MIN_SAMPLES sampled shingles with ``sig``, counted as in :func:`sample_pairs`.

    ``extra`` is 1 when the query is not in the postings (it adds one doc to
    each of its shingles' counts), 0 when it is.
    """
    count = len(base.ids)
    sample = sig[sample_mask(sig)]
    if not len(sample) or not len(base.post_hash):
        return np.zeros(count, dtype=bool)
    lo = np.searchsorted(base.post_hash, sample, side="left")
    hi = np.searchsorted(base.post_hash, sample, side="right")
    df = hi - lo + extra
    usable = (df >= 2) & (df <= max_df)
    lo, hi = lo[usable], hi[usable]
    if not len(lo):
        return np.zeros(count, dtype=bool)
    lengths = hi - lo
    index = np.repeat(lo - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
    shared = np.bincount(base.post_doc[index], minlength=count)
    result: npt.NDArray[np.bool_] = shared >= MIN_SAMPLES
    return result


def candidates_with(
    base: Arrays,
    live: npt.NDArray[np.bool_],
    eligible: npt.NDArray[np.bool_],
    delta: Delta,
    sig: Signature,
    bands: _U64s,
    max_df: int,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Docs of the base and of the delta that the pairs of every item would pair with ``sig``:
    those of :func:`lsh_pairs` and :func:`sample_pairs` over the index with ``delta``
    added and the docs not ``live`` dropped."""
    # bands: a shared key, in a bucket of at most MAX_BUCKET eligible docs
    same = (base.bands == bands[None, :]) & eligible[:, None]
    same_new = (delta.bands == bands[None, :]) & delta.eligible[:, None]
    bucket = same.sum(axis=0) + same_new.sum(axis=0)
    usable = (bucket >= 2) & (bucket <= MAX_BUCKET)
    on_base = same[:, usable].any(axis=1)
    on_new = same_new[:, usable].any(axis=1)
    # samples: MIN_SAMPLES shared sampled shingles held by 2..max_df docs
    sample = sig[sample_mask(sig)]
    lo = np.searchsorted(base.post_hash, sample, side="left")
    hi = np.searchsorted(base.post_hash, sample, side="right")
    held = np.array([np.isin(sample, s) for s in delta.sigs], dtype=bool).reshape(
        len(delta.sigs), len(sample))
    shared = np.zeros(len(base.ids), dtype=np.int64)
    shared_new = np.zeros(len(delta.sigs), dtype=np.int64)
    for k in range(len(sample)):
        docs = base.post_docs(int(lo[k]), int(hi[k]))
        docs = docs[live[docs]]
        df = len(docs) + int(held[:, k].sum())
        if 2 <= df <= max_df:
            shared[docs] += 1
            shared_new[held[:, k]] += 1
    on_base |= (shared >= MIN_SAMPLES) & eligible
    on_new |= (shared_new >= MIN_SAMPLES) & delta.eligible
    return on_base, on_new


def sketch_filter(
    sketch: _U32s,
    sizes: _I64s,
    first: _I64s,
    second: _I64s,
    threshold: float,
    containment: float | None,
) -> npt.NDArray[np.bool_]:
    """Which pairs ``(first[k], second[k])`` pass :func:`close`, a chunk at a time."""
    keep = np.zeros(len(first), dtype=bool)
    for start in range(0, len(first), _CHUNK):
        a, b = first[start : start + _CHUNK], second[start : start + _CHUNK]
        keep[start : start + _CHUNK] = close(
            sketch[a], sketch[b], sizes[a], sizes[b], threshold, containment
        )
    return keep


def close(
    sketch_a: _U32s,
    sketch_b: _U32s,
    size_a: _I64s | int,
    size_b: _I64s,
    threshold: float,
    containment: float | None,
) -> npt.NDArray[np.bool_]:
    """Whether pairs look close enough on their sketches to be measured exactly.

    The estimated similarity must reach ``threshold - SKETCH_MARGIN``, or the
    containment derived from it and the two sizes must reach ``containment``
    less the larger of ``SKETCH_MARGIN`` and three standard errors of that
    estimate (which grow with the ratio of the sizes).
    """
    similarity = np.count_nonzero(sketch_a == sketch_b, axis=1) / SKETCH_BINS
    ok: npt.NDArray[np.bool_] = similarity >= threshold - SKETCH_MARGIN
    if containment is not None:
        total = size_a + size_b
        smaller = np.minimum(size_a, size_b)
        estimate = similarity / (1 + similarity) * total / smaller
        error = np.sqrt(np.maximum(similarity * (1 - similarity), 0.02) / SKETCH_BINS)
        error *= total / smaller / (1 + similarity) ** 2
        ok |= estimate >= containment - np.maximum(SKETCH_MARGIN, 3 * error)
    return ok
