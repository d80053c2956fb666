"""The files of a repository as the check knows them: one cache record per file.

:func:`collect` walks ``items/`` and ``bulletins/``, takes the record of every
file that has not changed since the cache was written, and has the others
analysed (:mod:`bulletin.check.analyse`), on every core when there are many. The
resulting :class:`Files` rebuilds the repository the cross-file rules read,
gives the cached findings, feeds the near-duplicate index and writes the
cache back.

A file counts as unchanged when its size, times and mode are those recorded,
and it was not changed within :data:`~bulletin.check.analyse.RACY_NS` of being read;
otherwise its bytes are read and compared by git blob id (so a touched but
unchanged file keeps its record).
"""

from __future__ import annotations

import bisect
import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..basics import Progress, reported
from ..changes import ChangeSet
from ..config import POLICY_FILE
from ..diagnostics import Finding
from ..git import history, tracked
from ..load.walk import EDITIONS_DIR, ITEMS_DIR, classify, walk, walk_key
from ..model import Item, Repository
from .analyse import RACY_NS, Job, analyse, analyse_all, blob_id
from .cache.codec import pack_stat, stat_size, unpack_edition, unpack_findings, unpack_responses
from .cache.items import unpack_item
from .cache.key import global_key
from .cache.layout import write_cache
from .cache.records import Blobs, Columns, Record, Records, Ref, Stored
from .cache.stored import StoredRecords, read_cache

log = logging.getLogger("bulletin")

SYNCED = "synced"
"""In the near-duplicate index's folder: the stamp of the index file and the token of
the check's cache file whose records it was last brought up to date with."""
DELTA_LIMIT = 1000
"""Most items (asked about, changed or removed) a check compares with the stored
near-duplicate index one by one; with more, it brings the index up to date."""
READING = "Reading files"  # what the check's progress calls the files read and judged


def cache_folder(root: Path) -> Path | None:
    """The repository's cache folder, outside it (:mod:`bulletin.cachedir`); None, with a
    warning, when it cannot be made or must not be used."""
    try:
        return tracked.cache_folder(root)
    except OSError as exc:
        log.warning(f"bulletin: no cache ({exc})")
        return None


@dataclass
class Files:
    """Every file's record, in the order of the walk, and what is needed to save them."""

    job: Job
    folder: Path | None
    key: bytes
    records: Records
    signatures: dict[str, bytes] = field(default_factory=dict)
    """Similarity signatures of the items read in this run, by path."""
    dirty: bool = False
    trees: tuple[str, str] | None = None
    head: str = ""
    blobs: Blobs | None = None
    """Reads the blobs of the stored records (None when none were read)."""
    token: str = ""
    """The token of the cache file the records are those of ("" if none): see
    :attr:`bulletin.check.cache.records.Stored.token`."""

    @property
    def merged(self) -> Merged | None:
        """A pull request's records (the base commit's, with the changed files' own),
        which are never saved; None for the records of one working tree."""
        return self.records if isinstance(self.records, Merged) else None

    # -- the model --------------------------------------------------------------------

    def repository(self, only: Callable[[str], bool] | None = None
                   ) -> tuple[Repository, list[Finding]]:
        """The repository rebuilt from the records, and the loader's findings (on the
        files ``only`` accepts, default: all).

        The items are made of the records' own values: call it once, after
        :meth:`save`. A pull request's repository unpacks its items on demand
        (:class:`bulletin.check.focus.FocusedRepository`).
        """
        source = (self.blobs or Blobs(None), self._reparse)
        findings = [f for _, record in self.records.where(only) if record.found
                    for f in unpack_findings(record.found)]
        if self.merged is not None:
            from .focus import FocusedRepository

            return FocusedRepository(str(self.job.root), self.job.policy, self.records,
                                     source), findings
        repo = Repository(root=str(self.job.root), policy=self.job.policy)
        items: list[Item] = []
        for rel, record in self.records.items():
            repo.files.append(rel)
            if record.kind == "item":
                items.append(unpack_item(record.value, source))
            elif record.kind == "edition" and record.value is not None:
                repo.editions.append(unpack_edition(record.value))
            elif record.kind == "responses":
                repo.responses.extend(unpack_responses(record.value))
        repo.items = items
        return repo, findings

    def cached_findings(self, only: Callable[[str], bool] | None) -> list[Finding]:
        """The per-file rules' findings of the items ``only`` accepts (default: all)."""
        return [f for rel, record in self.records.where(only) if record.ruled
                for f in unpack_findings(self._blob(rel, record.ruled, "ruled"))]

    def _blob(self, rel: str, blob: bytes | Ref, name: str) -> Any:
        """A blob of ``rel``'s record, read from the cache file if need be; made anew
        from the file (unchanged, or the record would not be here) if it is lost."""
        found = blob if isinstance(blob, bytes) else \
            self.blobs.get(blob) if self.blobs is not None else None
        if found is not None:
            return found
        record = analyse(self.job, rel, False).record
        return record.ruled if name == "ruled" else record.value["_lazy"]

    def _reparse(self, rel: str) -> Item:
        from ..load.items import parse_item
        from ..load.read import read_text

        return parse_item(read_text(self.job.root, rel), self.job.policy)[0]

    def _read_blobs(self) -> None:
        """Bring every record's blobs into memory, to write them (and close the file)."""
        if self.blobs is None:
            return
        records = {}
        for rel, record in self.records.items():
            ruled = self._blob(rel, record.ruled, "ruled")
            value = record.value
            if record.kind == "item" and not isinstance(value["_lazy"], bytes):
                value = {**value, "_lazy": self._blob(rel, value["_lazy"], "_lazy")}
            records[rel] = record if ruled is record.ruled and value is record.value else \
                record._replace(ruled=ruled, value=value)
        self.records = Columns(records)
        self.blobs.close()
        self.blobs = None

    # -- near-duplicates ----------------------------------------------------------------

    def near_duplicates(self, threshold: float, containment: float,
                        only: Callable[[str], bool] | None = None) -> list[Any]:
        """Near-duplicate pairs of items (Q201), with the index kept in the cache folder.

        With ``only``, the pairs that involve an item it accepts (all that the rule
        can report on those items): a pull request's few items are compared with
        the stored index as it would be, without rebuilding it.
        """
        from .similarity.arrays import CorruptIndex
        from .similarity.index import SimilarityIndex

        folder = None if self.folder is None else self.folder / "similarity"
        if only is not None and folder is not None:
            # a few items against a large index: verify only the parts read
            index = SimilarityIndex.open(folder, lazy=True)
            with contextlib.suppress(CorruptIndex):  # then as below, which finds it damaged
                delta = self._delta(index, folder, only)
                if sum(map(len, delta)) <= DELTA_LIMIT:
                    queries, changed, removed = delta
                    signatures = [(doc_id, self._signature(rel))
                                  for doc_id, rel in changed.items()]
                    return index.pairs_with(queries, signatures, removed, threshold,
                                            containment)
        index = SimilarityIndex.open(folder)
        current, paths = self._similarity_keys()
        missing = index.sync_keys((doc_id, key, self.signatures.get(paths[doc_id]))
                                  for doc_id, key in current.items())
        for doc_id in missing:  # the index lost them: read their texts again
            index.put(doc_id, current[doc_id], self._signature(paths[doc_id]))
        self.signatures.clear()  # the index holds them now: each goes once it is copied
        index.compact()
        release_memory()  # what the signatures and the cache's blobs held, before the search
        matches = index.near_duplicates(threshold, containment)
        if folder is not None and index.save() and self.token and self.merged is None \
                and _synced(folder) != (index.stamp, self.token):
            with contextlib.suppress(OSError):
                from ..fsutil import write_atomic

                write_atomic(folder / SYNCED, f"{index.stamp} {self.token}\n")
        return matches

    def _similarity_keys(self) -> tuple[dict[str, bytes], dict[str, str]]:
        """Every item's similarity key and path, by id (the last item with an id wins)."""
        current: dict[str, bytes] = {}
        paths: dict[str, str] = {}
        for rel, record in self.records.items():
            if record.kind == "item" and record.similarity is not None:
                current[record.value["id"]] = record.similarity
                paths[record.value["id"]] = rel
        return current, paths

    def _delta(self, index: Any, folder: Path, only: Callable[[str], bool]
               ) -> tuple[list[str], dict[str, str], list[str]]:
        """What the near-duplicate rule must ask the stored index: the ids of the items
        ``only`` accepts, the ids to add or re-hash (with their paths), and the ids to
        drop.

        When the index was last brought up to date with the very records a pull
        request's records were made from (:data:`SYNCED` says so), only the ids of the
        files the pull request changed can differ; otherwise every key is compared.
        """
        records = self.records
        if self.merged is not None and self.token and \
                _synced(folder) == (index.stamp, self.token):
            asked = [*self.merged.fresh_positions(), *records.positions_where(only)]
            touched = set(self.merged.dropped_ids)
            touched.update(i for at in asked if (i := records.ids[at]) is not None)
            current: dict[str, tuple[str, bytes]] = {}
            for doc_id in touched:
                for at in reversed(records.positions_of(doc_id)):  # the last item wins
                    similarity = records.record(at).similarity
                    if records.kinds[at] == "item" and similarity is not None:
                        current[doc_id] = (records.paths[at], similarity)
                        break
            changed = {doc_id: rel for doc_id, (rel, key) in current.items()
                       if index.key_of(doc_id) != key}
            removed = [doc_id for doc_id in touched
                       if doc_id not in current and index.key_of(doc_id) is not None]
            return [doc_id for doc_id, (rel, _) in current.items() if only(rel)], \
                changed, removed
        keys, paths = self._similarity_keys()
        stale, removed = index.stale(keys)
        return [doc_id for doc_id, rel in paths.items() if only(rel)], \
            {doc_id: paths[doc_id] for doc_id in stale}, removed

    def _signature(self, rel: str) -> Any:
        """The similarity signature of an item's text, read again if not read in this run."""
        import numpy as np

        from .similarity.signatures import signature

        raw = self.signatures.get(rel)
        if raw is not None:
            return np.frombuffer(raw, dtype=np.uint32)
        from ..load.items import parse_item
        from ..load.read import read_text
        from .analyse import similarity_text

        item, _ = parse_item(read_text(self.job.root, rel), self.job.policy)
        return signature(similarity_text(item))

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the records back when anything changed; False when that failed."""
        if self.folder is None or self.merged is not None:
            return True
        head = history.head(self.job.root)
        if not self.dirty and head == self.head:
            return True
        # the record of a stray file or a link does not depend on its bytes
        shas = {rel: {"stray": "*", "link": "*link"}.get(record.kind, record.sha)
                for rel, record in self.records.items()}
        self.trees = history.snapshot(self.job.root, shas, listed) if head else None
        self._read_blobs()
        stored = Stored(self.records, self.trees, head)
        written = write_cache(self.folder, self.key, stored)
        if written is None:
            return False
        # the blobs are in the file now: read them from there when asked, not from memory
        self.records, self.blobs, self.token = written, stored.blobs, stored.token
        self.dirty = False
        return True


def collect(job: Job, folder: Path | None, jobs: int | None = None,
            changes: ChangeSet | None = None, progress: Progress | None = None) -> Files:
    """The records of every file under ``items/`` and ``bulletins/``.

    ``folder`` is the cache folder (None: no cache is read or written).
    ``changes`` are what git says changed since a base commit (default: HEAD):
    when the cache holds exactly that commit's files, only the changed files
    are looked at. ``progress`` hears of each file read and judged.
    """
    key = global_key(_policy_bytes(job.root))
    stored = read_cache(folder, key) if folder is not None else None
    if stored is not None and isinstance(stored.records, StoredRecords):
        stored.records.remake = lambda rel, kind: analyse(job, rel, kind == "link").record
    if stored is not None and stored.trees is not None:
        pull_request = changes is not None
        changes = changes or history.worktree_changes(job.root)
        if changes is not None and stored.trees == history.trees(job.root, changes.base):
            return _collect_changed(job, folder, key, stored, changes, jobs, progress)
        # a pull request's check with a cache saved at another commit (an older main
        # restored by CI into a fresh clone, where no stat data matches): what changed
        # since that commit, if this clone has it. (Elsewhere the walk below brings the
        # cache up to date and saves it at HEAD: a mixture of records is never saved.)
        own = _since_saved(job.root, stored) if pull_request else None
        if own is not None:
            return _collect_changed(job, folder, key, stored, own, jobs, progress)
    old: Mapping[str, Record] = stored.records if stored is not None else {}
    kept: dict[str, Record] = {}
    todo: list[tuple[str, bool]] = []
    order = []
    for rel, is_link in listing(job.root):
        order.append(rel)
        record = old.get(rel)
        if record is not None and not is_link:
            record = _still_valid(job.root, rel, record)
        if record is None:
            todo.append((rel, is_link))
        else:
            kept[rel] = record
    files = Files(job, folder, key, Columns({}), dirty=stored is None or
                  order != list(old) or any(record is not old[rel] for rel, record in kept.items()),
                  blobs=stored.blobs if stored is not None else None)
    for done in reported(analyse_all(job, todo, jobs), READING, len(todo), progress):
        kept[done.path] = done.record
        if done.signature is not None:
            files.signatures[done.path] = done.signature
        files.dirty = True
    files.records = Columns({rel: kept[rel] for rel in order})
    if isinstance(old, StoredRecords) and old.remade:
        files.dirty = True  # a block of the cache was lost: write it again
    if stored is not None and not files.dirty:
        files.trees, files.head, files.token = stored.trees, stored.head, stored.token
    return files


def _since_saved(root: Path, stored: Stored) -> ChangeSet | None:
    """What changed since the commit the cache was saved at, when this repository has
    that commit and its trees are the cache's (a shallow clone may not have it)."""
    if not stored.head or stored.trees != history.trees(root, stored.head):
        return None
    return history.worktree_changes(root, stored.head)


def _collect_changed(job: Job, folder: Path | None, key: bytes, stored: Stored,
                     changes: ChangeSet, jobs: int | None, progress: Progress | None) -> Files:
    """The stored records of the base commit's files, with the changed files read now.

    Git has compared every file with the base (the cache's own snapshot of it),
    so the others are not even looked at, nor their records unpacked unless asked
    for (:class:`Merged`). Such a mixture of records is not saved.
    """
    base = stored.records
    assert isinstance(base, Records)
    dropped = changes.deleted | set(changes.renamed.values()) | changes.present
    todo = []
    ignored = history.ignored(job.root) if changes.ignored is None else changes.ignored
    for rel in sorted(changes.present | ignored, key=walk_key):
        is_link = os.path.islink(os.path.join(job.root, rel))
        if (rel in dropped or base.position(rel) is None) and listed(rel, is_link) and \
                os.path.lexists(os.path.join(job.root, rel)):
            todo.append((rel, is_link))
    files = Files(job, folder, key, base, blobs=stored.blobs, token=stored.token)
    fresh = {}
    for done in reported(analyse_all(job, todo, jobs), READING, len(todo), progress):
        fresh[done.path] = done.record
        if done.signature is not None:
            files.signatures[done.path] = done.signature
    files.records = Merged(base, dropped, fresh)
    return files


class Merged(Records):
    """The stored records of a base commit's files less those ``dropped``, with the
    ``fresh`` records (of files read now) in their places in the walk's order.

    The columns are made at once, from slices of the stored ones; a stored record is
    unpacked only when asked for.
    """

    def __init__(self, base: Records, dropped: Iterable[str],
                 fresh: dict[str, Record]) -> None:
        gone = {at for rel in dropped if (at := base.position(rel)) is not None}
        self.dropped_ids = [i for at in gone if (i := base.ids[at]) is not None]
        """The ids of the stored items dropped."""
        self._base = base
        self._fresh = list(fresh.values())
        names = list(fresh)
        adds = sorted((bisect.bisect_left(base.paths, walk_key(rel), key=walk_key),
                       walk_key(rel), k) for k, rel in enumerate(names))
        self.paths, self.kinds, self.ids, self.corrects = [], [], [], []
        columns: tuple[list[Any], ...] = (self.paths, self.kinds, self.ids, self.corrects)
        stored: tuple[list[Any], ...] = (base.paths, base.kinds, base.ids, base.corrects)
        self._where: list[int] = []  # a stored record's position, or -1 - a fresh one's
        self._fresh_at: list[int] = []

        def copy(start: int, end: int) -> None:
            self._where.extend(range(start, end))
            for column, source in zip(columns, stored, strict=True):
                column.extend(source[start:end])

        start = 0
        pending = iter(adds)
        add = next(pending, None)
        for point in sorted(gone | {a[0] for a in adds}):
            copy(start, point)
            while add is not None and add[0] == point:
                rel, record = names[add[2]], self._fresh[add[2]]
                self._fresh_at.append(len(self.paths))
                self._where.append(-1 - add[2])
                item = record.kind == "item"
                for column, value in zip(columns, (
                        rel, record.kind, record.value["id"] if item else None,
                        record.value["corrects"] if item else None), strict=True):
                    column.append(value)
                add = next(pending, None)
            start = point + 1 if point in gone else point
        copy(start, len(base.paths))

    def record(self, at: int) -> Record:
        where = self._where[at]
        return self._base.record(where) if where >= 0 else self._fresh[-1 - where]

    def fresh_positions(self) -> list[int]:
        """Where the fresh records are."""
        return self._fresh_at


def _synced(folder: Path) -> tuple[str, str] | None:
    """What the :data:`SYNCED` file in ``folder`` says (None: nothing readable)."""
    try:
        stamp, token = (folder / SYNCED).read_text(encoding="utf-8").split()
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return stamp, token


def listed(rel: str, is_link: bool) -> bool:
    """Whether the walk yields ``rel`` and the check reads it."""
    parts = rel.split("/")
    return len(parts) >= 2 and parts[0] in (ITEMS_DIR, EDITIONS_DIR) and \
        not any(p.startswith(".") for p in parts) and \
        (is_link or classify(rel) != "ignored")


def listing(root: Path) -> Iterator[tuple[str, bool]]:
    """The files the check reads, in the order it reports them: (path, is-link)."""
    for top in (ITEMS_DIR, EDITIONS_DIR):
        for rel, is_link in walk(root, top):
            if is_link or classify(rel) != "ignored":  # pictures too: see C007
                yield rel, is_link


def _still_valid(root: Path, rel: str, record: Record) -> Record | None:
    """``record`` if the file is unchanged (with its times updated if they moved), else None."""
    if not record.sha or record.stat is None:
        return None  # links, strays and unreadable files: cheap, and judged every time
    try:
        st = os.lstat(os.path.join(root, rel))
    except OSError:
        return None
    stat = pack_stat(st)
    if stat == record.stat and not record.racy:
        return record
    if st.st_size != stat_size(record.stat):
        return None
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if blob_id(data) != record.sha:
        return None
    racy = max(st.st_mtime_ns, st.st_ctime_ns) >= time.time_ns() - RACY_NS
    return record._replace(stat=stat, racy=racy)


def _policy_bytes(root: Path) -> bytes:
    try:
        return (root / POLICY_FILE).read_bytes()
    except OSError:
        return b""


def release_memory() -> None:
    """Give the memory of freed values back to the system.

    The C library keeps what many small values freed for later small values, but
    the near-duplicate search then asks for large arrays: without this, a check of
    a large bulletin would hold both.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None).malloc_trim(0)  # glibc; not every C library has it
