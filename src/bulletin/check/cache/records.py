"""The check's cache: what each file gave last time, so that an unchanged file is not
read, parsed or judged again (like ruff's cache).

One file, ``.bulletin-cache/check/files.bin``, holds a :class:`Record` per file of
``items/`` and ``bulletins/``: the file's size, times and git blob id, the loader's
findings, the findings of the per-file rules (:attr:`Rule.per_file`) and the value
the file gave — an item's front matter, headings and suppressions, an edition, the
responses — packed as plain data. The whole file is only valid under one *global
key*: a hash of bulletin's own code and data, the Python version and the policy
(``bulletin.yml``), so that a change to any of them invalidates everything.
What depends on other files or on the day (editions, near-duplicates, id
uniqueness, the review rules, ``per_file=False`` item rules) is never cached.

The file is written to a temporary file that then replaces it, so a reader never
sees half a file and concurrent runs cannot corrupt it (the last writer wins). It
is read with :mod:`marshal` (plain data only: nothing in it can run code) after its
checksum is verified; a missing, foreign, truncated or corrupt file is ignored and
rebuilt, never an error.

The bulk of it — the per-file rules' findings and the parts of an item the
cross-file rules seldom read (its front matter's positions, headings, title,
summary...) — lies in *blobs* after the index of records, which holds only their
offsets and checksums: a pull request's check reads the index and the few blobs
it needs (:class:`Blobs`). A blob that cannot be read back is not an error
either: its file is read and judged again.

The index itself is a series of marshal blocks of :data:`_RECORDS_PER_BLOCK`
records, followed by a *directory*: the columns every check asks of every file
(paths, kinds, item ids, what each item corrects), the block lengths, the git
trees the records are a snapshot of, and a random *token* naming this writing
of the file. A block is unpacked when one of its records is first asked for
(:class:`StoredRecords`), so a pull request's check of a large bulletin
unpacks the few blocks that hold what it reads.

Layout: header (:data:`_HEADER`) · index blocks · directory · blobs.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import functools
import hashlib
import itertools
import marshal
import os
import struct
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from .. import __version__
from ..diagnostics import Finding, Fix
from ..load.walk import ITEMS_DIR
from ..model import Directive, Edition, Heading, Item, Response, Section
from ..safeyaml import Document, Pos, YamlProblem

FOLDER = "check"
FILE = "files.bin"
FORMAT = 4
_MAGIC = b"BULLCHK\n"
# magic, format, global key, crc32 of the directory, the lengths of the index, of the
# directory after it and of the blobs after that (each block of the index has its own
# crc32, in the directory)
_HEADER = struct.Struct("<8sI32sIQQQ")
_MARSHAL = 4


Ref = int
"""Where a blob lies in the cache file: its offset from the first blob, its length and
its crc32, as one number (``offset << 64 | length << 32 | crc32``): one value for the
index to hold and to read back per blob, not a tuple of three."""


class Blobs:
    """Reads the blobs of the cache file it was opened with (see the module's docstring)."""

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
    """What one file gave the check, as plain data (see the module's docstring).

    ``sha`` is the git blob id of the bytes that were read ("" when none were:
    a link, a stray or unreadable file, which are judged again on every run);
    ``racy`` says that the file was changed so shortly before it was read that
    its size and times alone cannot prove it unchanged later.
    """

    kind: str
    stat: bytes | None  # size, mtime_ns, ctime_ns, mode (see :func:`pack_stat`)
    sha: str
    racy: bool
    found: bytes  # the loader's findings (see :func:`pack_findings`)
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


# --- the global key ---------------------------------------------------------------------


def global_key(policy: bytes) -> bytes:
    """The key every record is valid under: bulletin's code and data, Python, the policy."""
    h = hashlib.blake2b(digest_size=32)
    for part in (f"{FORMAT}", __version__, sys.implementation.cache_tag or "",
                 f"{sys.version_info[:3]}/{marshal.version}"):
        h.update(part.encode() + b"\0")
    h.update(_source_digest())
    h.update(policy)
    return h.digest()


@functools.lru_cache(maxsize=1)
def _source_digest() -> bytes:
    """A hash of the package's files that decide what a check finds (not the site's)."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(digest_size=32)
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package).as_posix()
        if not path.is_file() or rel.startswith(("site/", "export/", "review/templates/")) \
                or "__pycache__" in rel:
            continue
        h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


# --- reading and writing the file --------------------------------------------------------


def cache_file(folder: Path) -> Path:
    return folder / FOLDER / FILE


_BISECTIONS = 64
"""Paths a :class:`Records` looks up by bisection before it maps them all."""
_RECORDS_PER_BLOCK = 1024
"""Records per marshal block of the index: a block is unpacked when one of its records
is first asked for, so a pull request's check unpacks a few blocks, not the whole index."""


def walk_key(rel: str) -> tuple[int, list[tuple[int, str]]]:
    """Sorts paths as :func:`bulletin.load.walk.walk` yields them: top folder, then each
    folder's files before its subfolders, by name."""
    parts = rel.split("/")
    top = 0 if parts[0] == ITEMS_DIR else 1
    return top, [(1, p) for p in parts[1:-1]] + [(0, parts[-1])]


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
        :func:`walk_key`); after that, a mapping of every path is made and used.
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


class StoredRecords(Records):
    """The records of a cache file, a block unpacked at a time (see :func:`read`).

    A block is read and its checksum verified when one of its records is first
    asked for. A block that cannot be read back is not an error: ``remake`` makes
    its records anew from their files, and :attr:`remade` says it had to.
    """

    def __init__(self, directory: dict[str, Any], handle: Any, start: int) -> None:
        self.paths, self.kinds = directory["paths"], directory["kinds"]
        self.ids, self.corrects = directory["ids"], directory["corrects"]
        self._handle = handle
        self._spans: list[tuple[int, int, int]] = []  # offset, length, crc32
        at = start
        for length, crc in directory["blocks"]:
            self._spans.append((at, length, crc))
            at += length
        if not len(self.paths) == len(self.kinds) == len(self.ids) == len(self.corrects) or \
                len(self._spans) != -(-len(self.paths) // _RECORDS_PER_BLOCK):
            raise ValueError("damaged")
        self._blocks: dict[int, list[Record]] = {}
        self.remake: Callable[[str, str], Record] | None = None
        """Makes the record of a file (path, kind) anew, when its block is lost."""
        self.remade = False

    def record(self, at: int) -> Record:
        block, offset = divmod(at, _RECORDS_PER_BLOCK)
        records = self._blocks.get(block)
        if records is None:
            records = self._blocks[block] = self._read(block)
        return records[offset]

    def _read(self, block: int) -> list[Record]:
        start, length, crc = self._spans[block]
        first = block * _RECORDS_PER_BLOCK
        count = min(_RECORDS_PER_BLOCK, len(self.paths) - first)
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


def read(folder: Path, key: bytes) -> Stored | None:
    """The records stored under ``key`` in ``folder``, or None (never raises).

    Only the directory is read and verified here; the records are read a block
    at a time, when first asked for (:class:`StoredRecords`).
    """
    handle = None
    try:
        handle = open(cache_file(folder), "rb")  # noqa: SIM115 - kept open for the blobs
        magic, form, stored_key, crc, size, directory_size, blobs = \
            _HEADER.unpack(handle.read(_HEADER.size))
        if magic != _MAGIC or form != FORMAT or stored_key != key or \
                os.fstat(handle.fileno()).st_size != _HEADER.size + size + directory_size + \
                blobs:
            raise ValueError("not this cache")
        payload = _read_at(handle, _HEADER.size + size, directory_size)
        if len(payload) != directory_size or zlib.crc32(payload) != crc:
            raise ValueError("damaged")
        directory = marshal.loads(payload)
        del payload
        records = StoredRecords(directory, handle, _HEADER.size)
        if len(records) != directory["count"] or sum(length for length, _ in
                                                     directory["blocks"]) != size:
            raise ValueError("damaged")
        trees = directory["trees"]
        return Stored(records, (str(trees[0]), str(trees[1])) if trees else None,
                      str(directory["head"]), Blobs(handle, _HEADER.size + size + directory_size),
                      str(directory["token"]))
    except Exception:
        if handle is not None:
            handle.close()
        return None


def write(folder: Path, key: bytes, stored: Stored) -> Records | None:
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
                handle.write(b"\0" * _HEADER.size)  # written last, with the checksum
                size = 0
                spans = []
                for block in _index_blocks(stored, indexed):
                    handle.write(block)
                    size += len(block)
                    spans.append((len(block), zlib.crc32(block)))
                columns = Columns(indexed)
                directory = marshal.dumps({
                    "count": len(indexed), "trees": stored.trees, "head": stored.head,
                    "token": token, **columns.columns(), "blocks": spans}, _MARSHAL)
                handle.write(directory)
                crc = zlib.crc32(directory)
                blobs = 0
                for blob in _blobs_of(stored.records.values()):
                    handle.write(blob)
                    blobs += len(blob)
                handle.seek(0)
                handle.write(_HEADER.pack(_MAGIC, FORMAT, key, crc, size, len(directory), blobs))
            if os.name != "posix":  # an open file cannot be replaced: keep the blobs
                os.replace(temporary, target)
                return Columns(dict(stored.records))
            reader = open(temporary, "rb")  # noqa: SIM115 - ours, whoever replaces it later
            try:
                os.replace(temporary, target)
            except BaseException:
                reader.close()
                raise
            stored.blobs = Blobs(reader, _HEADER.size + size + len(directory))
            stored.token = token
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return None
    return columns


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
    while block := list(itertools.islice(records, _RECORDS_PER_BLOCK)):
        for path, record in block:
            if not isinstance(record.ruled, bytes) or (
                    record.kind == "item" and not isinstance(record.value["_lazy"], bytes)):
                raise TypeError("a record's blobs must be read before it is written")
            value = record.value
            ruled = ref(record.ruled) if record.ruled else b""
            if record.kind == "item":
                value = {**value, "_lazy": ref(value["_lazy"])}
                for name in _SHARED:  # one string for the many items that share it
                    if type(value[name]) is str:
                        value[name] = sys.intern(value[name])
            indexed[path] = record._replace(ruled=ruled, value=value)
        yield marshal.dumps([tuple(indexed[path]) for path, _ in block], _MARSHAL)


def _blobs_of(records: Iterable[Record]) -> Iterator[bytes]:
    for record in records:
        if record.ruled:
            yield record.ruled  # type: ignore[misc]
        if record.kind == "item":
            yield record.value["_lazy"]


# --- plain values ------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """``value`` (YAML data: text, numbers, dates, lists, mappings) as marshal-able data.

    Dates and date-times become tagged tuples: tuples never occur in YAML data.
    """
    if isinstance(value, dt.datetime):
        if isinstance(value.tzinfo, ZoneInfo):
            return ("z", value.replace(tzinfo=None).isoformat(), value.tzinfo.key)
        return ("t", value.isoformat())
    if isinstance(value, dt.date):
        return ("d", value.toordinal())
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if isinstance(value, tuple):
        tag = value[0]
        if tag == "d":
            return dt.date.fromordinal(value[1])
        if tag == "t":
            return dt.datetime.fromisoformat(value[1])
        return dt.datetime.fromisoformat(value[1]).replace(tzinfo=ZoneInfo(value[2]))
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        return {k: decode(v) for k, v in value.items()}
    return value


_STAT = struct.Struct("<qqqq")


def pack_stat(st: os.stat_result) -> bytes:
    """What says a file may have changed: size, modification and change times, mode."""
    return _STAT.pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)


def stat_size(packed: bytes) -> int:
    size: int = _STAT.unpack(packed)[0]
    return size


def pack_findings(findings: Iterable[Finding]) -> bytes:
    """Findings as one blob (most files have none: b"")."""
    packed = tuple((f.code, f.message, f.line, f.column, f.path,
                    f.fix.description if f.fix else None) for f in findings)
    return marshal.dumps(packed, _MARSHAL) if packed else b""


def unpack_findings(blob: bytes) -> list[Finding]:
    return [Finding(t[0], t[1], t[2], t[3], t[4], Fix(t[5]) if t[5] is not None else None)
            for t in marshal.loads(blob)] if blob else []


def pack_document(doc: Document) -> tuple[Any, ...]:
    return (encode(doc.data),
            tuple((path, p.line, p.column) for path, p in doc.values.items()),
            tuple((path, p.line, p.column) for path, p in doc.keys.items()),
            tuple((p.kind, p.message, p.pos.line, p.pos.column, p.fatal)
                  for p in doc.problems))


def unpack_document(t: tuple[Any, ...]) -> Document:
    data, values, keys, problems = t
    return Document(decode(data), {path: Pos(line, col) for path, line, col in values},
                    {path: Pos(line, col) for path, line, col in keys},
                    [YamlProblem(kind, message, Pos(line, col), fatal)
                     for kind, message, line, col, fatal in problems])


# --- items -------------------------------------------------------------------------------

# Item fields kept as they are (or, for dates, encoded): those the cross-file rules
# read. The others are packed in one blob that a CachedItem unpacks when one of them
# is first read.
_EAGER = ("id", "path", "body_line", "unit", "date", "event_date", "category",
          "priority", "classification", "embargo", "corrects", "withdrawn", "suppress")
_DATES = ("date", "event_date", "withdrawn", "embargo")
_SHARED = ("unit", "category", "priority", "classification")
"""Fields whose few values recur across items: written once, read back as one object."""
_LAZY = ("meta", "headings", "authors", "sources", "tags", "title", "summary", "region",
         "contact", "withdrawn_reason")

Reparse = Callable[[str], Item]
"""Reads and parses an item's file again, by path: what a lost blob is made of anew."""


class _Lazy:
    """A field of a :class:`CachedItem` unpacked on first reading (then a plain attribute:
    the instance's own value hides this descriptor)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, item: Any, owner: type | None = None) -> Any:
        if item is None:
            return self
        fields = item.__dict__
        if "_lazy" not in fields:
            raise AttributeError(self.name)
        lazy, source = fields.pop("_lazy"), fields.pop("_source", None)
        blob = lazy if isinstance(lazy, bytes) else None
        if blob is None and source is not None:
            blob = source[0].get(lazy)
        try:
            fields.update(_unpack_lazy(blob))  # type: ignore[arg-type]
        except Exception:
            if source is None:
                raise
            again = source[1](fields["path"])
            fields.update({name: getattr(again, name) for name in _LAZY})
        return fields[self.name]


class CachedItem(Item):
    """An item rebuilt from its record: every field but the body, which the check
    no longer needs once the per-file rules have read it.

    The front matter's positions, the headings, the lists and the longer texts are
    unpacked when one of them is first read, as most items of a large bulletin never
    are; from the cache file's blob when it was not read with the record.
    """

    meta = _Lazy()
    headings = _Lazy()
    authors = _Lazy()
    sources = _Lazy()
    tags = _Lazy()
    title = _Lazy()
    summary = _Lazy()
    region = _Lazy()
    contact = _Lazy()
    withdrawn_reason = _Lazy()


def pack_item(item: Item) -> dict[str, Any]:
    """The item (without its body) as plain data."""
    packed = {name: getattr(item, name) for name in _EAGER}
    for name in _DATES:  # a plain day as its ordinal: one number, not a tagged tuple
        value = packed[name]
        packed[name] = value.toordinal() if type(value) is dt.date else encode(value)
    packed["suppress"] = dict(item.suppress)
    packed["directives"] = tuple((d.rule, d.reason, d.line, d.column, d.first, d.last)
                                 for d in item.directives)
    packed["_lazy"] = zlib.compress(marshal.dumps((
        pack_document(item.meta), tuple((h.text, h.line) for h in item.headings),
        list(item.authors), list(item.sources), list(item.tags), item.title, item.summary,
        item.region, item.contact, item.withdrawn_reason), _MARSHAL), 1)
    return packed


Source = tuple[Blobs, Reparse]
"""Where a cached item's blob is read (when its record only points to it) and what
makes the fields in it anew when that blob is lost; one for all the items."""


def unpack_item(packed: dict[str, Any], source: Source | None = None) -> Item:
    """The item of a record, made of the record's own mapping: the record is spent."""
    for name in _DATES:
        value = packed[name]
        if value is not None:
            packed[name] = _day(value) if type(value) is int else decode(value)
    packed["directives"] = [Directive(*d) for d in packed["directives"]] \
        if packed["directives"] else []
    if source is not None:
        packed["_source"] = source
    item = object.__new__(CachedItem)
    item.__dict__ = packed
    return item


@functools.lru_cache(maxsize=8192)
def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


def _unpack_lazy(blob: bytes) -> dict[str, Any]:
    meta, headings, authors, sources, tags, *texts = marshal.loads(zlib.decompress(blob))
    return {"meta": unpack_document(meta),
            "headings": [Heading(text, line) for text, line in headings],
            "authors": authors, "sources": sources, "tags": tags,
            **dict(zip(_LAZY[5:], texts, strict=True))}


# --- editions and responses ----------------------------------------------------------------

_EDITION = ("id", "path", "number", "date", "type", "title", "audience", "editor", "note")
_RESPONSE = ("path", "index", "item", "by", "rank", "date", "kind", "note")


def pack_edition(edition: Edition) -> tuple[Any, ...]:
    return (tuple(encode(getattr(edition, name)) for name in _EDITION),
            pack_document(edition.meta),
            tuple((s.title, tuple(s.items), s.index) for s in edition.sections))


class _LazyMeta:
    """A :class:`CachedEdition`'s front matter, unpacked on first reading (then a plain
    attribute: the instance's own value hides this descriptor)."""

    def __get__(self, edition: Any, owner: type | None = None) -> Any:
        if edition is None:
            return self
        fields = edition.__dict__
        fields["meta"] = unpack_document(fields.pop("_meta"))
        return fields["meta"]


class CachedEdition(Edition):
    """An edition rebuilt from its record, its front matter's positions unpacked only
    when asked for: most editions of a large bulletin report nothing."""

    meta = _LazyMeta()


def unpack_edition(t: tuple[Any, ...], lazy: bool = True) -> Edition:
    """The edition of a record; ``lazy``: its positions unpacked when first read."""
    values, meta, sections = t
    fields = dict(zip(_EDITION, map(decode, values), strict=True))
    fields["sections"] = [Section(title, tuple(ids), index) for title, ids, index in sections]
    if not lazy:
        return Edition(meta=unpack_document(meta), **fields)
    fields["_meta"] = meta
    edition = object.__new__(CachedEdition)
    edition.__dict__ = fields
    return edition


def pack_responses(responses: list[Response]) -> tuple[Any, ...]:
    meta = pack_document(responses[0].meta) if responses else None
    return meta, tuple(tuple(encode(getattr(r, name)) for name in _RESPONSE)
                       for r in responses)


def unpack_responses(t: tuple[Any, ...]) -> list[Response]:
    meta, responses = t
    if meta is None:
        return []
    doc = unpack_document(meta)  # one document, shared as the loader shares it
    return [Response(meta=doc, **dict(zip(_RESPONSE, map(decode, values), strict=True)))
            for values in responses]
