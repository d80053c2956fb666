"""The cache's records as the check holds them: a :class:`Record` per file, the
:class:`Records` mapping of them in the order of the walk with the columns every
check reads of every file, :class:`Columns` (records in memory), and
:class:`Blobs`, which reads back the blobs a record only points to.

How records are written and read back is :mod:`~bulletin.check.cache.layout`'s and
:mod:`~bulletin.check.cache.stored`'s.
"""

from __future__ import annotations

import bisect
import functools
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ...load.walk import walk_key

Ref = int
"""Where a blob lies in the cache file: its offset from the first blob, its length and
its crc32, as one number (``offset << 64 | length << 32 | crc32``): one value for the
index to hold and to read back per blob, not a tuple of three."""


class Blobs:
    """Reads the blobs of the cache file it was opened with (see :data:`Ref`)."""

    def __init__(self, handle: Any, start: int = 0) -> None:
        self._handle = handle
        self._start = start

    def get(self, ref: bytes | Ref) -> bytes | None:
        """The blob ``ref`` points to (``ref`` itself if it is one), None if it is lost."""
        if isinstance(ref, bytes):
            return ref
        if self._handle is None:
            return None
        length, crc = (ref >> 32) & 0xFFFFFFFF, ref & 0xFFFFFFFF
        try:
            self._handle.seek(self._start + (ref >> 64))
            data: bytes = self._handle.read(length)
        except (OSError, ValueError, TypeError, OverflowError):
            return None
        return data if len(data) == length and zlib.crc32(data) == crc else None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


class Record(NamedTuple):
    """What one file gave the check, as plain data (see :mod:`bulletin.check.cache`).

    ``sha`` is the git blob id of the bytes that were read ("" when none were:
    a link, a stray or unreadable file, which are judged again on every run);
    ``racy`` says that the file was changed so shortly before it was read that
    its size and times alone cannot prove it unchanged later.
    """

    kind: str
    stat: bytes | None  # size, mtime_ns, ctime_ns, mode (see codec.pack_stat)
    sha: str
    racy: bool
    found: bytes  # the loader's findings (see codec.pack_findings)
    ruled: bytes | Ref  # the per-file rules' findings (or where the blob of them is)
    value: Any  # the packed item, edition or responses, or None
    similarity: bytes | None  # the similarity index's key of an item's text


@dataclass
class Stored:
    """The content of the cache file: records by path, in the order of the walk."""

    records: Mapping[str, Record] = field(default_factory=dict)
    trees: tuple[str, str] | None = None
    """Git tree ids of ``items/`` and ``bulletins/`` when the records are exactly those
    trees' files; lets a pull-request check trust git for what changed."""
    head: str = ""
    """The commit whose trees were compared with the records ("" if none was)."""
    blobs: Blobs | None = None
    """The reader of the blobs the records point to."""
    token: str = ""
    """Names this one writing of the file (random): a derived cache made from exactly
    these records (the near-duplicate index) records it, to be trusted with them."""


_BISECTIONS = 64
"""Paths a :class:`Records` looks up by bisection before it maps them all."""


class Records(Mapping[str, Record]):
    """Records by path, in the order of the walk, unpacked when first asked for.

    Besides the mapping, the columns every check reads of every file, without
    unpacking its record: :attr:`paths`, :attr:`kinds`, :attr:`ids` (an item's id,
    else None) and :attr:`corrects` (the id an item corrects, else None).
    """

    paths: list[str]
    kinds: list[str]
    ids: list[str | None]
    corrects: list[str | None]

    def record(self, at: int) -> Record:
        """The record of ``paths[at]``."""
        raise NotImplementedError

    def position(self, path: str) -> int | None:
        """Where ``path`` is in :attr:`paths` (None if it is not there).

        The first few are looked up by bisection (the paths are in the walk's order,
        :func:`~bulletin.load.walk.walk_key`); after that, a mapping of every path is
        made and used.
        """
        positions = self.__dict__.get("_positions")
        if positions is not None:
            found: int | None = positions.get(path)
            return found
        asked = self.__dict__["_asked"] = self.__dict__.get("_asked", 0) + 1
        if asked > _BISECTIONS:
            self.__dict__["_positions"] = {p: i for i, p in enumerate(self.paths)}
            return self.position(path)
        at = bisect.bisect_left(self.paths, walk_key(path), key=walk_key)
        return at if at < len(self.paths) and self.paths[at] == path else None

    def positions_of(self, item_id: str) -> list[int]:
        """Where the items with id ``item_id`` are, in order ([] when there is none)."""
        last, twice = self._by_id
        if item_id in twice:
            return twice[item_id]
        at = last.get(item_id)
        return [] if at is None else [at]

    def item_ids(self) -> Mapping[str, int]:
        """The ids of the items, each with where its last item is."""
        return self._by_id[0]

    def duplicate_ids(self) -> set[str]:
        """The ids more than one item has."""
        return set(self._by_id[1])

    @functools.cached_property
    def _by_id(self) -> tuple[dict[str, int], dict[str, list[int]]]:
        """Where each id's last item is; and, for an id taken twice, where each item is."""
        last: dict[Any, int] = dict(zip(self.ids, range(len(self.ids)), strict=True))
        last.pop(None, None)  # what is not an item
        twice: dict[str, list[int]] = {}
        if len(last) != len(self.ids) - self.ids.count(None):
            for at, item_id in enumerate(self.ids):
                if (item_id is not None and last[item_id] != at) or item_id in twice:
                    twice.setdefault(item_id, []).append(at)
        return last, twice

    def __getitem__(self, path: str) -> Record:
        at = self.position(path)
        if at is None:
            raise KeyError(path)
        return self.record(at)

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def items(self) -> Iterator[tuple[str, Record]]:  # type: ignore[override]
        return ((path, self.record(at)) for at, path in enumerate(self.paths))

    def values(self) -> Iterator[Record]:  # type: ignore[override]
        return (self.record(at) for at in range(len(self.paths)))

    def where(self, path: Callable[[str], bool] | None) -> Iterator[tuple[str, Record]]:
        """(path, record) of the files ``path`` accepts (None: all), in order."""
        if path is None:
            return self.items()
        return ((self.paths[at], self.record(at)) for at in self.positions_where(path))

    def positions_where(self, path: Callable[[str], bool]) -> list[int]:
        """The positions of the paths ``path`` accepts, in order.

        When ``path`` is a set's own ``__contains__`` (as a check of a few files
        passes), the set's paths are looked up instead of every path tested.
        """
        wanted = getattr(path, "__self__", None)
        if isinstance(wanted, set | frozenset) and len(wanted) <= _BISECTIONS:
            return sorted(at for p in wanted if (at := self.position(p)) is not None)
        return [at for at, p in enumerate(self.paths) if path(p)]


class Columns(Records):
    """Records held in memory, by path (a plain mapping, with the columns)."""

    def __init__(self, records: dict[str, Record]) -> None:
        self._records = records
        self.paths = list(records)
        self._values = list(records.values())
        self.kinds = [r.kind for r in self._values]
        self.ids = [r.value["id"] if r.kind == "item" else None for r in self._values]
        self.corrects = [r.value["corrects"] if r.kind == "item" else None
                         for r in self._values]

    def record(self, at: int) -> Record:
        return self._values[at]

    def __getitem__(self, path: str) -> Record:
        return self._records[path]

    def columns(self) -> dict[str, list[Any]]:
        return {"paths": self.paths, "kinds": self.kinds, "ids": self.ids,
                "corrects": self.corrects}
