"""The compact form of an index: its items' signatures, sketches and samples as arrays.

:class:`Arrays` holds a set of items sorted by id, in the very layout of the
index file (:mod:`bulletin.check.similarity.store` maps the file and reads
them from it without a copy): their ids and content keys, their signatures
laid end to end with the offsets where each starts, their sketches and band
keys, and the postings of their sampled shingles (hash, item), sorted. The
queries read these arrays; :func:`folded` makes new ones with an index's
pending changes folded in.

Read from a mapped file, the arrays are verified against the file's checksums
(:class:`Checksums`), one chunk of ``CRC_CHUNK`` bytes (16 KiB; files written
before have megabyte chunks, which their header does not name) when any of it is
first read, so that a question about a few items of a large index reads and
verifies a small part of it. A damaged chunk raises :class:`CorruptIndex`. A file
known whole (see :mod:`.store`) is read without its checksums.
"""

from __future__ import annotations

import mmap
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .signatures import KEY_BYTES, Signature
from .sketches import BANDS, SKETCH_BINS, band_keys, sample_mask, sketches

__all__ = [
    "CRC_CHUNK",
    "OLD_CRC_CHUNK",
    "SECTIONS",
    "Arrays",
    "Checksums",
    "CorruptIndex",
    "Entry",
    "chunk_crcs",
    "concatenate",
    "folded",
    "stale_ids",
]

_U32s = npt.NDArray[np.uint32]
_U64s = npt.NDArray[np.uint64]
_I64s = npt.NDArray[np.int64]

_SHIFT32: Final = np.uint64(32)

SECTIONS: Final = (
    "ids",
    "keys",
    "offsets",
    "hashes",
    "sketch",
    "bands",
    "post_hash",
    "post_doc",
)
"""The arrays of an index, in the order the file holds them."""


class CorruptIndex(Exception):
    """The index file is damaged (found out when its damaged part is read)."""


CRC_CHUNK: Final = 1 << 14
"""Bytes of a section covered by one checksum: what is verified when any of it is read.

Small, because a pull request's question reads one signature and one sketch row of
each candidate, scattered over the file: with megabyte chunks, 250 candidates at
100,000 items read and checksummed 250 MB; with 16 KiB ones, 8 MB. (The checksums
then take about 0.02% of the file.)"""
OLD_CRC_CHUNK: Final = 1 << 20
"""The chunk of files written before :data:`CRC_CHUNK` was named in the file."""


class Checksums:
    """Verifies the sections of a mapped index file against their checksums, a chunk
    of :data:`CRC_CHUNK` bytes when it is first read."""

    def __init__(self, mm: mmap.mmap, spans: dict[str, tuple[int, int]],
                 crcs: dict[str, list[int]], chunk: int = CRC_CHUNK) -> None:
        self._mm = mm
        self._chunk = chunk
        self._spans = spans
        self._crcs = crcs
        self._done = {name: bytearray(len(c)) for name, c in crcs.items()}

    def range(self, name: str, start: int, end: int) -> None:
        """Verify bytes ``start:end`` of section ``name`` (raises :class:`CorruptIndex`)."""
        offset, length = self._spans[name]
        done, crcs = self._done[name], self._crcs[name]
        chunk = self._chunk
        for k in range(start // chunk, min(-(-end // chunk), len(crcs))):
            if not done[k]:
                part = memoryview(self._mm)[
                    offset + k * chunk : offset + min(length, (k + 1) * chunk)
                ]
                if zlib.crc32(part) != crcs[k]:
                    raise CorruptIndex(f"index checksum mismatch in {name}")
                done[k] = 1

    def whole(self, *names: str) -> None:
        for name in names:
            self.range(name, 0, self._spans[name][1])


def chunk_crcs(data: memoryview, chunk: int = CRC_CHUNK) -> list[int]:
    """The checksums of ``data``, one per chunk of ``chunk`` bytes."""
    return [zlib.crc32(data[k : k + chunk]) for k in range(0, len(data), chunk)]


@dataclass
class Arrays:
    """An index's compact form, sorted by id, as stored in the file."""

    ids: list[str]
    keys: npt.NDArray[np.void]  # (n,) 16-byte content keys
    offsets: _I64s  # (n + 1,): signature i is hashes[offsets[i]:offsets[i + 1]]
    hashes: Signature
    sketch: _U32s  # (n, SKETCH_BINS)
    bands: _U64s  # (n, BANDS): band keys of the sketches
    post_hash: _U32s  # the sampled shingles as (hash, doc), sorted
    post_doc: _U32s
    check: Checksums | None = field(default=None, repr=False, compare=False)
    """Verifies the parts of a mapped file as they are read (None: nothing to verify)."""

    @classmethod
    def empty(cls) -> Arrays:
        """The arrays of no items."""
        hashes, offsets = concatenate([])
        return cls.of([], np.empty(0, dtype=f"V{KEY_BYTES}"), hashes, offsets,
                      np.empty((0, SKETCH_BINS), dtype=np.uint32),
                      np.empty((0, BANDS), dtype=np.uint64))

    @classmethod
    def of(
        cls,
        ids: list[str],
        keys: npt.NDArray[np.void],
        hashes: Signature,
        offsets: _I64s,
        sketch: _U32s,
        bands: _U64s,
    ) -> Arrays:
        post_hash, post_doc = _postings(hashes, offsets)
        return cls(ids, keys, offsets, hashes, sketch, bands, post_hash, post_doc)

    def sig(self, i: int) -> Signature:
        start, end = int(self.offsets[i]), int(self.offsets[i + 1])
        if self.check is not None:
            self.check.range("hashes", start * 4, end * 4)
        return self.hashes[start:end]

    def sketch_row(self, i: int) -> _U32s:
        if self.check is not None:
            self.check.range("sketch", i * SKETCH_BINS * 4, (i + 1) * SKETCH_BINS * 4)
        row: _U32s = self.sketch[i]
        return row

    def post_docs(self, lo: int, hi: int) -> _U32s:
        if self.check is not None:
            self.check.range("post_doc", lo * 4, hi * 4)
        return self.post_doc[lo:hi]

    def verify(self, *sections: str) -> None:
        """Verify these sections whole (default: all) before they are read at will."""
        if self.check is not None:
            self.check.whole(*(sections or SECTIONS))
            if not sections:
                self.check = None

    def sizes(self) -> _I64s:
        return np.diff(self.offsets)


def stale_ids(base: Arrays, positions: Mapping[str, int], current: dict[str, bytes]
              ) -> tuple[list[str], list[str]]:
    """The ids of ``current`` (id → key) whose key ``base`` does not hold (new, or with
    another key), and the ids of ``base`` that ``current`` lacks; ``positions`` are
    the ids' positions in ``base``."""
    ids = list(current)
    keys = b"".join(current.values())
    if len(keys) != len(ids) * KEY_BYTES:  # not all keys of this index: compare one by one
        raw = base.keys.tobytes()
        changed = [doc_id for doc_id, key in current.items()
                   if (i := positions.get(doc_id)) is None
                   or raw[i * KEY_BYTES : (i + 1) * KEY_BYTES] != key]
        return changed, [doc_id for doc_id in base.ids if doc_id not in current]
    # all at once (a pull request's check asks about every item of a large bulletin)
    at = np.fromiter((positions.get(doc_id, -1) for doc_id in ids), dtype=np.int64,
                     count=len(ids))
    known = at >= 0
    stored = base.keys.view(np.uint8).reshape(len(base.ids), KEY_BYTES)
    asked = np.frombuffer(keys, dtype=np.uint8).reshape(len(ids), KEY_BYTES)
    same = np.zeros(len(ids), dtype=bool)
    same[known] = (stored[at[known]] == asked[known]).all(axis=1)
    kept = np.zeros(len(base.ids), dtype=bool)
    kept[at[known]] = True
    return ([ids[k] for k in np.flatnonzero(~same).tolist()],
            [base.ids[i] for i in np.flatnonzero(~kept).tolist()])


@dataclass
class Entry:
    """An item's content key and signature, not yet folded into the arrays."""

    key: bytes
    sig: Signature


def folded(base: Arrays, changed: dict[str, Entry | None]) -> Arrays:
    """``base`` with ``changed`` folded in: each id with an entry added or replaced,
    each id with None dropped.

    ``changed`` is left empty: the signatures go into one array, and each is let go
    once it is copied, so that none is held twice.
    """
    kept = [i for i, doc_id in enumerate(base.ids) if doc_id not in changed]
    new = sorted((doc_id, e) for doc_id, e in changed.items() if e is not None)
    changed.clear()
    ids = [base.ids[i] for i in kept] + [doc_id for doc_id, _ in new]
    order = sorted(range(len(ids)), key=ids.__getitem__)
    sigs = [base.sig(i) for i in kept] + [e.sig for _, e in new]
    raw = base.keys.tobytes()
    keys = [raw[i * KEY_BYTES : (i + 1) * KEY_BYTES] for i in kept] + [e.key for _, e in new]
    if kept:
        new_sketch = sketches(*concatenate(sigs[len(kept) :]))
        sketch = np.concatenate([base.sketch[kept], new_sketch])[order]
        bands = np.concatenate([base.bands[kept], band_keys(new_sketch)])[order]
    del new
    hashes, offsets = _concatenate_spending(sigs, order)
    if not kept:  # every item is new (a first index): sketch them from the one array
        sketch = sketches(hashes, offsets)
        bands = band_keys(sketch)
    return Arrays.of(
        [ids[k] for k in order],
        np.frombuffer(b"".join(keys[k] for k in order), dtype=f"V{KEY_BYTES}"),
        hashes,
        offsets,
        sketch,
        bands,
    )


def concatenate(sigs: list[Signature]) -> tuple[Signature, _I64s]:
    """The signatures end to end, and the offsets where each starts (and the last ends)."""
    offsets = np.zeros(len(sigs) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in sigs], out=offsets[1:])
    hashes = np.concatenate(sigs) if sigs else np.empty(0, dtype=np.uint32)
    return hashes, offsets


def _concatenate_spending(sigs: list[Any], order: list[int]) -> tuple[Signature, _I64s]:
    """:func:`concatenate` of ``sigs`` in ``order``, letting each go once it is copied
    (``sigs`` is left empty): the signatures are not held twice."""
    offsets = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum([len(sigs[k]) for k in order], out=offsets[1:])
    hashes = np.empty(int(offsets[-1]), dtype=np.uint32)
    for n, k in enumerate(order):
        hashes[offsets[n] : offsets[n + 1]] = sigs[k]
        sigs[k] = None
    sigs.clear()
    return hashes, offsets


def _postings(hashes: Signature, offsets: _I64s) -> tuple[_U32s, _U32s]:
    """The sampled shingles as (hash, doc) pairs sorted by hash, then doc."""
    # few temporaries, and none wider than needed: this runs over every shingle of a
    # large bulletin while its checking process holds everything else
    mask = sample_mask(hashes)
    at = np.flatnonzero(mask)
    per_doc = np.diff(np.searchsorted(at, offsets, side="left"))
    del at
    combined = hashes[mask].astype(np.uint64)
    del mask
    combined <<= _SHIFT32
    combined |= np.repeat(np.arange(len(per_doc), dtype=np.uint32), per_doc)
    combined.sort()
    post_doc = combined.astype(np.uint32)
    combined >>= _SHIFT32
    return combined.astype(np.uint32), post_doc
