"""Sketches: the short summaries of signatures that candidate pairs are found by.

* The **sketch** of a signature (:func:`sketches`) is a one-permutation MinHash
  of ``SKETCH_BINS`` (128) values: the smallest shingle hash in each of 128
  equal hash ranges (empty ranges borrow from the next one). The share of
  equal values in two sketches estimates the similarity of the two texts.
* Its **band keys** (:func:`band_keys`): ``BANDS`` (21) bands of ``ROWS`` (6)
  sketch values each, every band hashed to a 64-bit key; two texts with an
  equal band key are likely alike.
* Its **samples** (:func:`sample_mask`): one shingle in ``SAMPLE_RATE`` (4),
  chosen by its hash, so that two texts sharing ``k`` shingles share about
  ``k/4`` sampled ones whatever their lengths.

:mod:`bulletin.check.similarity.candidates` says how they are used.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from .signatures import MULT, Signature, mix

__all__ = ["BANDS", "ROWS", "SAMPLE_RATE", "SKETCH_BINS", "band_keys", "sample_mask", "sketches"]

_U32s = npt.NDArray[np.uint32]
_U64s = npt.NDArray[np.uint64]
_I64s = npt.NDArray[np.int64]

SKETCH_BINS: Final = 128
BANDS: Final = 21
ROWS: Final = 6
SAMPLE_RATE: Final = 4  # a power of two

_EMPTY: Final = np.uint32(0xFFFFFFFF)
_BIN_SHIFT: Final = np.uint32(32 - (SKETCH_BINS.bit_length() - 1))
_LOW32: Final = np.uint64(0xFFFFFFFF)
_SKETCH_BLOCK: Final = 8192


def sample_mask(sig: Signature) -> npt.NDArray[np.bool_]:
    """Which shingles of ``sig`` are sampled (one in ``SAMPLE_RATE``, by their hash)."""
    mask: npt.NDArray[np.bool_] = (sig & np.uint32(SAMPLE_RATE - 1)) == 0
    return mask


def sketches(hashes: Signature, offsets: _I64s) -> _U32s:
    """One-permutation MinHash sketches of the signatures ``hashes[offsets[i]:offsets[i+1]]``.

    Value ``k`` of a sketch is the smallest hash whose top bits are ``k``;
    an empty bin takes the value of the next non-empty bin to its right
    (cyclically), shifted by the distance ("rotation" densification).
    """
    count = len(offsets) - 1
    if count > _SKETCH_BLOCK:  # a block of signatures at a time: bounded temporaries
        out = np.empty((count, SKETCH_BINS), dtype=np.uint32)
        for start in range(0, count, _SKETCH_BLOCK):
            end = min(start + _SKETCH_BLOCK, count)
            low, high = offsets[start], offsets[end]
            out[start:end] = sketches(hashes[low:high], offsets[start : end + 1] - low)
        return out
    out = np.full((count, SKETCH_BINS), _EMPTY, dtype=np.uint32)
    if len(hashes):
        bins = hashes >> _BIN_SHIFT
        # Each signature is sorted: the first hash of each run of equal bins
        # within a signature is that bin's minimum.
        first = np.ones(len(hashes), dtype=bool)
        np.not_equal(bins[1:], bins[:-1], out=first[1:])
        first[offsets[:-1][np.diff(offsets) > 0]] = True
        # The signature each hash belongs to: the last one starting at or before it.
        begun = np.zeros(len(hashes) + 1, dtype=np.int32)
        np.add.at(begun, offsets[:-1], 1)
        docs = np.cumsum(begun[:-1], dtype=np.int32)[first].astype(np.int64) - 1
        out.reshape(-1)[docs * SKETCH_BINS + bins[first]] = hashes[first]
    return _densified(out)


def _densified(out: _U32s) -> _U32s:
    """Each hole takes the first non-empty value to its right (cyclically), shifted by
    the distance. Texts with no shingle keep an empty sketch."""
    empty = out == _EMPTY
    empty[empty.all(axis=1)] = False
    rows, cols = np.nonzero(empty)
    filled = out.copy()
    step = 1
    while len(rows):
        value = out[rows, (cols + step) % SKETCH_BINS]
        found = value != _EMPTY
        shift = np.uint64(step * 0x9E3779B97F4A7C15 & 0xFFFFFFFF)
        shifted = (value[found].astype(np.uint64) + shift) & _LOW32
        filled[rows[found], cols[found]] = shifted.astype(np.uint32)
        rows, cols = rows[~found], cols[~found]
        step += 1
    return filled


def band_keys(sketch: _U32s) -> _U64s:
    """``(n, BANDS)`` keys: each band of ``ROWS`` sketch values hashed to 64 bits."""
    keys = np.empty((len(sketch), BANDS), dtype=np.uint64)
    wide = sketch.astype(np.uint64)
    for band in range(BANDS):
        key = np.full(len(sketch), band + 1, dtype=np.uint64)
        for row in range(band * ROWS, (band + 1) * ROWS):
            key = mix(key * MULT + wide[:, row])
        keys[:, band] = key
    return keys
