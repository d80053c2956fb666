"""The cache file's layout, and writing it.

Layout: header (:data:`HEADER`) · index blocks · directory · blobs.

The bulk of the file — the per-file rules' findings and the parts of an item the
cross-file rules seldom read (its front matter's positions, headings, title,
summary...) — lies in *blobs* after the index of records, which holds only their
offsets and checksums (:data:`~bulletin.check.cache.records.Ref`): a pull request's
check reads the index and the few blobs it needs
(:class:`~bulletin.check.cache.records.Blobs`). A blob that cannot be read back is
not an error either: its file is read and judged again.

The index itself is a series of marshal blocks of :data:`RECORDS_PER_BLOCK` records,
followed by a *directory*: the columns every check asks of every file (paths, kinds,
item ids, what each item corrects), the block lengths and checksums, the git trees
the records are a snapshot of, and a random *token* naming this writing of the
file. Reading it back, a block at a time, is :mod:`~bulletin.check.cache.stored`'s.

The file is written to a temporary file that then replaces it, so a reader never
sees half a file and concurrent runs cannot corrupt it (the last writer wins).
"""

from __future__ import annotations

import contextlib
import itertools
import marshal
import os
import struct
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from .codec import MARSHAL
from .items import SHARED
from .records import Blobs, Columns, Record, Records, Ref, Stored

FOLDER = "check"
FILE = "files.bin"
FORMAT = 4
MAGIC = b"BULLCHK\n"
HEADER = struct.Struct("<8sI32sIQQQ")
"""Magic, format, global key, crc32 of the directory, the lengths of the index, of the
directory after it and of the blobs after that (each block of the index has its own
crc32, in the directory)."""
RECORDS_PER_BLOCK = 1024
"""Records per marshal block of the index: a block is unpacked when one of its records
is first asked for, so a pull request's check unpacks a few blocks, not the whole index."""


def cache_file(folder: Path) -> Path:
    return folder / FOLDER / FILE


def write_cache(folder: Path, key: bytes, stored: Stored) -> Records | None:
    """Store ``stored`` under ``key``, atomically; None when it cannot be written.

    Every record's blobs must be in memory (bytes, not :data:`Ref`). Returns the
    records as the written file has them (their blobs by reference), with
    ``stored.blobs`` set to a reader of that file (the blobs need not stay in
    memory) and ``stored.token`` to the new file's.
    """
    import tempfile
    import uuid

    target = cache_file(folder)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".files-", suffix=".tmp", dir=target.parent)
        try:
            token = uuid.uuid4().hex
            indexed: dict[str, Record] = {}
            with os.fdopen(fd, "wb") as handle:
                handle.write(b"\0" * HEADER.size)  # written last, with the checksum
                size = 0
                spans = []
                for block in _index_blocks(stored, indexed):
                    handle.write(block)
                    size += len(block)
                    spans.append((len(block), zlib.crc32(block)))
                columns = Columns(indexed)
                directory = marshal.dumps({
                    "count": len(indexed), "trees": stored.trees, "head": stored.head,
                    "token": token, **columns.columns(), "blocks": spans}, MARSHAL)
                handle.write(directory)
                crc = zlib.crc32(directory)
                blobs = 0
                for blob in _blobs_of(stored.records.values()):
                    handle.write(blob)
                    blobs += len(blob)
                handle.seek(0)
                handle.write(HEADER.pack(MAGIC, FORMAT, key, crc, size, len(directory), blobs))
            if os.name != "posix":  # an open file cannot be replaced: keep the blobs
                os.replace(temporary, target)
                return Columns(dict(stored.records))
            reader = open(temporary, "rb")  # noqa: SIM115 - ours, whoever replaces it later
            try:
                os.replace(temporary, target)
            except BaseException:
                reader.close()
                raise
            stored.blobs = Blobs(reader, HEADER.size + size + len(directory))
            stored.token = token
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return None
    return columns


def _index_blocks(stored: Stored, indexed: dict[str, Record]) -> Iterator[bytes]:
    """The index, a marshal block of records at a time, each pointing to its blobs,
    which :func:`_blobs_of` then gives in the same order; each record so (its blobs by
    reference) is put in ``indexed``."""
    at = 0

    def ref(blob: bytes) -> Ref:
        nonlocal at
        at += len(blob)
        return (at - len(blob)) << 64 | len(blob) << 32 | zlib.crc32(blob)

    records = iter(stored.records.items())
    while block := list(itertools.islice(records, RECORDS_PER_BLOCK)):
        for path, record in block:
            if not isinstance(record.ruled, bytes) or (
                    record.kind == "item" and not isinstance(record.value["_lazy"], bytes)):
                raise TypeError("a record's blobs must be read before it is written")
            value = record.value
            ruled = ref(record.ruled) if record.ruled else b""
            if record.kind == "item":
                value = {**value, "_lazy": ref(value["_lazy"])}
                for name in SHARED:  # one string for the many items that share it
                    if type(value[name]) is str:
                        value[name] = sys.intern(value[name])
            indexed[path] = record._replace(ruled=ruled, value=value)
        yield marshal.dumps([tuple(indexed[path]) for path, _ in block], MARSHAL)


def _blobs_of(records: Iterable[Record]) -> Iterator[bytes]:
    for record in records:
        if record.ruled:
            yield record.ruled  # type: ignore[misc]
        if record.kind == "item":
            yield record.value["_lazy"]
