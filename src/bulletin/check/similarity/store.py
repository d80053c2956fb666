"""The index file: one file in the cache folder holding an index's arrays.

A repository keeps its index in ``similarity/`` of its cache folder, outside the
repository (see :func:`default_cache_dir`), in one file, ``index.bin``, that is mapped into
memory when read: its sections are the :class:`~.arrays.Arrays` themselves,
read without a copy.

The file is written to a temporary file that then replaces it
(:func:`os.replace`), so a reader never sees half a file and concurrent runs
cannot corrupt it (the last writer wins). It carries a format version, the
parameters of the signatures and sketches, and checksums of its contents: a
file from another version or with other parameters, a truncated or a corrupt
one raises :class:`~.arrays.CorruptIndex` when read, and the index is then
rebuilt; opening an index never fails because of the file.

Layout::

    magic (8 bytes) | format version (u32) | header length (u32) | header
    (JSON) | zero padding to a multiple of 8 | sections, each padded to 8

The header holds a random stamp naming this very file, the parameters, the
item count, each section's length in bytes, the bytes each checksum covers
(``chunk``, :data:`~.arrays.CRC_CHUNK`; a megabyte when the file does not say) and
the CRC-32 of each chunk of each section. Sections, in this order: ids (UTF-8,
separated by NUL), keys (16 bytes each), offsets (int64), hashes (uint32),
sketch (uint32, count x SKETCH_BINS), bands (uint64, count x BANDS), post_hash
and post_doc (uint32). Integers are little-endian.

Beside it, ``verified`` names the file as it was when last known whole: its stamp
and its stat data (device, inode, size, modification and change times) just after
this code wrote it, or after every checksum was verified. A file that still has
them is read without its checksums: a pull request's check then reads only the few
pages its questions need, not a megabyte of checksummed data for each candidate
(at 100,000 items that was 250 MB). Any other file (restored from a CI cache,
copied, truncated or rewritten in place, which changes its times) is verified as
before. The checksums catch damage, not attacks: whoever can write the cache folder
can write both files, as they could write the checksums.
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import struct
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .arrays import (
    CRC_CHUNK,
    OLD_CRC_CHUNK,
    SECTIONS,
    Arrays,
    Checksums,
    CorruptIndex,
    chunk_crcs,
)
from .signatures import CJK_N, KEY_BYTES, LATIN_N
from .sketches import BANDS, ROWS, SAMPLE_RATE, SKETCH_BINS

__all__ = [
    "FORMAT_VERSION",
    "INDEX_FILE",
    "VERIFIED",
    "default_cache_dir",
    "mark_verified",
    "read",
    "remove_stale_temporaries",
    "write",
]

FORMAT_VERSION: Final = 2
INDEX_FILE: Final = "index.bin"
VERIFIED: Final = "verified"
"""Beside the index file: its stamp and stat data when it was last known whole."""

_MAGIC: Final = b"BULLSIM\n"
_HEADER: Final = struct.Struct("<8sII")  # magic, format version, header length
_PARAMS: Final = {
    "normalise": "nfkc-lower-digits0",
    "latin_n": LATIN_N,
    "cjk_n": CJK_N,
    "hash": "blake2b8-poly-splitmix-hi32",
    "sketch": f"oph{SKETCH_BINS}-rotation-bands{BANDS}x{ROWS}",
    "sample_rate": SAMPLE_RATE,
}


def default_cache_dir(repo: Path) -> Path | None:
    """Where a repository keeps its similarity index: ``similarity/`` in its cache
    folder, outside the repository (:mod:`bulletin.cachedir`); None when there is no
    cache folder to use."""
    from ...git.tracked import cache_folder

    try:
        return cache_folder(repo) / "similarity"
    except OSError:
        return None


def _pad(n: int) -> bytes:
    return b"\0" * (-n % 8)


def write(path: Path, base: Arrays) -> str:
    """Write ``base`` to ``path``, atomically; the new file's stamp."""
    # views of the arrays where they already have the file's layout: no copy of the index
    blobs = {
        "ids": memoryview(_joined_ids(base.ids)),
        "keys": _bytes_of(base.keys, base.keys.dtype),
        "offsets": _bytes_of(base.offsets, "<i8"),
        "hashes": _bytes_of(base.hashes, "<u4"),
        "sketch": _bytes_of(base.sketch, "<u4"),
        "bands": _bytes_of(base.bands, "<u8"),
        "post_hash": _bytes_of(base.post_hash, "<u4"),
        "post_doc": _bytes_of(base.post_doc, "<u4"),
    }
    crcs = {name: chunk_crcs(blobs[name]) for name in SECTIONS}
    stamp = uuid.uuid4().hex
    header = json.dumps(
        {
            "stamp": stamp,
            "params": _PARAMS,
            "count": len(base.ids),
            "sizes": {name: len(blobs[name]) for name in SECTIONS},
            "crcs": crcs,
            "chunk": CRC_CHUNK,
        },
        sort_keys=True,
    ).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_HEADER.pack(_MAGIC, FORMAT_VERSION, len(header)))
            out.write(header)
            out.write(_pad(_HEADER.size + len(header)))
            for name in SECTIONS:
                out.write(blobs[name])
                out.write(_pad(len(blobs[name])))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    mark_verified(path, stamp)  # written whole by this very call
    return stamp


def _joined_ids(ids: list[str]) -> bytes:
    """The ids as one text, each ended by NUL but the last (no id may hold a NUL)."""
    if any("\0" in doc_id for doc_id in ids):
        raise ValueError("an item id holds a NUL character")
    return "\0".join(ids).encode("utf-8")


def _bytes_of(array: npt.NDArray[np.generic], dtype: npt.DTypeLike) -> memoryview:
    """The bytes of ``array`` laid out as ``dtype``, copied only if they are not already."""
    if not array.size:
        return memoryview(b"")
    return np.ascontiguousarray(array, dtype=dtype).data.cast("B")


def remove_stale_temporaries(folder: Path, age: float = 3600.0) -> None:
    """Delete temporary files left by writers that died more than ``age`` seconds ago."""
    now = time.time()
    for stale in folder.glob(".index-*.tmp"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > age:
                stale.unlink()


def read(path: Path) -> tuple[Arrays, str]:
    """The arrays of the index file at ``path``, and its stamp; only the ids, keys and
    offsets are verified (see :meth:`Arrays.verify`), and nothing when the file is
    the one :data:`VERIFIED` names (then ``Arrays.check`` is None)."""
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        if st.st_size < _HEADER.size:
            raise CorruptIndex("index file too short")
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        return _parse(mm, st.st_size, _verified(path), _identity(st))
    except CorruptIndex:
        raise
    except Exception as exc:  # whatever a damaged file makes the parser do
        raise CorruptIndex(f"unreadable index file ({type(exc).__name__}: {exc})") from exc


def _parse(mm: mmap.mmap, size: int, verified: str | None = None, identity: str = ""
           ) -> tuple[Arrays, str]:
    header, end = _header(mm, size)
    count = header["count"]
    spans = _spans(header, end, size)
    crcs = header["crcs"]
    chunk = header.get("chunk", OLD_CRC_CHUNK)  # (not named by the files written before)
    if type(chunk) is not int or chunk < 1 << 12 or chunk > OLD_CRC_CHUNK or chunk & (chunk - 1):
        raise CorruptIndex("bad checksum chunk")
    if not isinstance(crcs, dict) or any(
        not isinstance(crcs.get(name), list) or len(crcs[name]) != -(-spans[name][1] // chunk)
        for name in SECTIONS
    ):
        raise CorruptIndex("bad checksums")
    stamp = header.get("stamp", "")
    stamp = stamp if isinstance(stamp, str) else ""
    check: Checksums | None = None
    if not stamp or verified != f"{stamp} {identity}":
        check = Checksums(mm, spans, crcs, chunk)
        check.whole("ids", "keys", "offsets")  # read whole here; the others as they are read
    return _arrays(mm, count, spans, check), stamp


def _identity(st: os.stat_result) -> str:
    """What names a file as it stands: device, inode, size, modification and change
    times (any write, replacement or copy changes one of them)."""
    return f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def _verified(path: Path) -> str | None:
    """What :data:`VERIFIED` beside ``path`` says (None: nothing readable)."""
    try:
        return (path.parent / VERIFIED).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def mark_verified(path: Path, stamp: str) -> None:
    """Record that the index file at ``path``, of ``stamp``, is whole as it stands now
    (just written, or every checksum verified): while its stat data stay the same,
    :func:`read` trusts it. Does nothing when the record cannot be written."""
    if not stamp:
        return
    from ...fsutil import write_atomic

    with contextlib.suppress(OSError):  # (WriteFailed is an OSError)
        write_atomic(path.parent / VERIFIED, f"{stamp} {_identity(os.stat(path))}\n")


def _header(mm: mmap.mmap, size: int) -> tuple[dict[str, Any], int]:
    """The file's header, and where it ends; checks the magic, version and parameters."""
    magic, version, header_len = _HEADER.unpack_from(mm, 0)
    if magic != _MAGIC:
        raise CorruptIndex("not a similarity index file")
    if version != FORMAT_VERSION:
        raise CorruptIndex(f"index format {version}, expected {FORMAT_VERSION}")
    end = _HEADER.size + header_len
    if end > size:
        raise CorruptIndex("index header truncated")
    header: dict[str, Any] = json.loads(mm[_HEADER.size : end].decode("utf-8"))
    if header["params"] != _PARAMS:
        raise CorruptIndex("index built with other parameters")
    return header, end


def _spans(header: dict[str, Any], end: int, size: int) -> dict[str, tuple[int, int]]:
    """Each section's offset and length in the file, which they must fill exactly."""
    pos = end + (-end % 8)
    spans = {}
    for name in SECTIONS:
        length = header["sizes"][name]
        if not isinstance(length, int) or length < 0:
            raise CorruptIndex("bad section length")
        spans[name] = (pos, length)
        pos += length + (-length % 8)
    if pos != size:
        raise CorruptIndex("index file has the wrong length")
    return spans


def _arrays(mm: mmap.mmap, count: int, spans: dict[str, tuple[int, int]],
            check: Checksums | None) -> Arrays:
    """The sections as arrays over the mapped file, checked for consistent sizes."""

    def section(name: str, dtype: str) -> npt.NDArray[np.generic]:
        offset, length = spans[name]
        width = np.dtype(dtype).itemsize
        if length % width:
            raise CorruptIndex(f"bad {name} section")
        return np.frombuffer(mm, dtype=dtype, count=length // width, offset=offset)

    offset, length = spans["ids"]
    ids = mm[offset : offset + length].decode("utf-8").split("\0") if count else []
    if len(ids) != count or ids != sorted(ids):
        raise CorruptIndex("bad ids section")
    keys: npt.NDArray[np.void] = section("keys", f"V{KEY_BYTES}")  # type: ignore[assignment]
    offsets = section("offsets", "<i8").astype(np.int64, copy=False)
    hashes = section("hashes", "<u4").astype(np.uint32, copy=False)
    sketch = section("sketch", "<u4").astype(np.uint32, copy=False)
    bands = section("bands", "<u8").astype(np.uint64, copy=False)
    post_hash = section("post_hash", "<u4").astype(np.uint32, copy=False)
    post_doc = section("post_doc", "<u4").astype(np.uint32, copy=False)
    if (
        len(keys) != count
        or len(offsets) != count + 1
        or offsets[0] != 0
        or offsets[-1] != len(hashes)
        or bool(np.any(np.diff(offsets) < 0))
        or len(sketch) != count * SKETCH_BINS
        or len(bands) != count * BANDS
        or len(post_hash) != len(post_doc)
    ):
        raise CorruptIndex("inconsistent index file")
    return Arrays(
        ids,
        keys,
        offsets,
        hashes,
        sketch.reshape(count, SKETCH_BINS),
        bands.reshape(count, BANDS),
        post_hash,
        post_doc,
        check,
    )
