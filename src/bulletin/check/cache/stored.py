"""Reading the cache file back: its header and directory at once, verified, and each
block of records only when one of its records is first asked for
(:class:`StoredRecords`), so that a pull request's check of a large bulletin unpacks
the few blocks that hold what it reads.

A missing, foreign, truncated or corrupt file is ignored (:func:`read_cache` gives
None) and rebuilt, never an error; so is a block that cannot be read back, whose
records are made anew from their files.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import layout
from .layout import FORMAT, HEADER, MAGIC, cache_file
from .records import Blobs, Record, Records, Stored


class StoredRecords(Records):
    """The records of a cache file, a block unpacked at a time (see :func:`read_cache`).

    A block is read and its checksum verified when one of its records is first
    asked for. A block that cannot be read back is not an error: ``remake`` makes
    its records anew from their files, and :attr:`remade` says it had to.
    """

    def __init__(self, directory: dict[str, Any], handle: Any, start: int) -> None:
        self.paths, self.kinds = directory["paths"], directory["kinds"]
        self.ids, self.corrects = directory["ids"], directory["corrects"]
        self._handle = handle
        self._per_block = layout.RECORDS_PER_BLOCK  # read when opened: a test changes it
        self._spans: list[tuple[int, int, int]] = []  # offset, length, crc32
        at = start
        for length, crc in directory["blocks"]:
            self._spans.append((at, length, crc))
            at += length
        if not len(self.paths) == len(self.kinds) == len(self.ids) == len(self.corrects) or \
                len(self._spans) != -(-len(self.paths) // self._per_block):
            raise ValueError("damaged")
        self._blocks: dict[int, list[Record]] = {}
        self.remake: Callable[[str, str], Record] | None = None
        """Makes the record of a file (path, kind) anew, when its block is lost."""
        self.remade = False

    def record(self, at: int) -> Record:
        block, offset = divmod(at, self._per_block)
        records = self._blocks.get(block)
        if records is None:
            records = self._blocks[block] = self._read(block)
        return records[offset]

    def _read(self, block: int) -> list[Record]:
        start, length, crc = self._spans[block]
        first = block * self._per_block
        count = min(self._per_block, len(self.paths) - first)
        with contextlib.suppress(Exception):  # whatever a damaged block makes marshal do
            data = _read_at(self._handle, start, length)
            if len(data) == length and zlib.crc32(data) == crc:
                records = [Record._make(t) for t in marshal.loads(data)]
                if len(records) == count:
                    return records
        if self.remake is None:
            raise ValueError(f"the check's cache is damaged (block {block})")
        self.remade = True
        return [self.remake(self.paths[at], self.kinds[at]) for at in range(first, first + count)]


def _read_at(handle: Any, offset: int, length: int) -> bytes:
    """``length`` bytes of ``handle`` from ``offset`` (fewer at its end)."""
    handle.seek(offset)
    data: bytes = handle.read(length)
    return data


def read_cache(folder: Path, key: bytes) -> Stored | None:
    """The records stored under ``key`` in ``folder``, or None (never raises).

    Only the directory is read and verified here; the records are read a block
    at a time, when first asked for (:class:`StoredRecords`).
    """
    handle = None
    try:
        handle = open(cache_file(folder), "rb")  # noqa: SIM115 - kept open for the blobs
        magic, form, stored_key, crc, size, directory_size, blobs = \
            HEADER.unpack(handle.read(HEADER.size))
        if magic != MAGIC or form != FORMAT or stored_key != key or \
                os.fstat(handle.fileno()).st_size != HEADER.size + size + directory_size + \
                blobs:
            raise ValueError("not this cache")
        payload = _read_at(handle, HEADER.size + size, directory_size)
        if len(payload) != directory_size or zlib.crc32(payload) != crc:
            raise ValueError("damaged")
        directory = marshal.loads(payload)
        del payload
        records = StoredRecords(directory, handle, HEADER.size)
        if len(records) != directory["count"] or sum(length for length, _ in
                                                     directory["blocks"]) != size:
            raise ValueError("damaged")
        trees = directory["trees"]
        return Stored(records, (str(trees[0]), str(trees[1])) if trees else None,
                      str(directory["head"]), Blobs(handle, HEADER.size + size + directory_size),
                      str(directory["token"]))
    except Exception:
        if handle is not None:
            handle.close()
        return None
