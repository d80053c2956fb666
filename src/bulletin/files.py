"""The files of a repository as the check knows them: one cache record per file.

:func:`collect` walks ``items/`` and ``bulletins/``, takes the record of every
file that has not changed since the cache was written, and has the others
analysed (:mod:`bulletin.analyse`), on every core when there are many. The
resulting :class:`Files` rebuilds the repository the cross-file rules read,
gives the cached findings, feeds the near-duplicate index and writes the
cache back.

A file counts as unchanged when its size, times and mode are those recorded,
and it was not changed within :data:`~bulletin.analyse.RACY_NS` of being read;
otherwise its bytes are read and compared by git blob id (so a touched but
unchanged file keeps its record).
"""

from __future__ import annotations

import bisect
import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import cache, history
from .analyse import RACY_NS, Job, analyse, analyse_all, blob_id
from .config import POLICY_FILE
from .diagnostics import Finding
from .load import EDITIONS_DIR, ITEMS_DIR, classify, walk
from .model import Item, Repository

CACHE_DIR = ".bulletin-cache"
DELTA_LIMIT = 1000
"""Most items (asked about, changed or removed) a check compares with the stored
near-duplicate index one by one; with more, it brings the index up to date."""


def cache_folder(root: Path) -> Path:
    return root / CACHE_DIR


@dataclass
class Files:
    """Every file's record, in the order of the walk, and what is needed to save them."""

    job: Job
    folder: Path | None
    key: bytes
    records: dict[str, cache.Record]
    signatures: dict[str, bytes] = field(default_factory=dict)
    """Similarity signatures of the items read in this run, by path."""
    dirty: bool = False
    frozen: bool = False
    """Records of different commits' files (a pull request's): never saved."""
    trees: tuple[str, str] | None = None
    head: str = ""
    blobs: cache.Blobs | None = None
    """Reads the blobs of the stored records (None when none were read)."""

    # -- the model --------------------------------------------------------------------

    def repository(self) -> tuple[Repository, list[Finding]]:
        """The repository rebuilt from the records, and the loader's findings.

        The items are made of the records' own values: call it once, after
        :meth:`save`.
        """
        repo = Repository(root=str(self.job.root), policy=self.job.policy)
        findings: list[Finding] = []
        source = (self.blobs or cache.Blobs(None), self._reparse)
        for rel, record in self.records.items():
            repo.files.append(rel)
            if record.found:
                findings += cache.unpack_findings(record.found)
            if record.kind == "item":
                repo.items.append(cache.unpack_item(record.value, source))
            elif record.kind == "edition" and record.value is not None:
                repo.editions.append(cache.unpack_edition(record.value))
            elif record.kind == "responses":
                repo.responses.extend(cache.unpack_responses(record.value))
        return repo, findings

    def cached_findings(self, only: Callable[[str], bool] | None) -> list[Finding]:
        """The per-file rules' findings of the items ``only`` accepts (default: all)."""
        return [f for rel, record in self.records.items()
                if record.ruled and (only is None or only(rel))
                for f in cache.unpack_findings(self._blob(rel, record.ruled, "ruled"))]

    def _blob(self, rel: str, blob: bytes | cache.Ref, name: str) -> Any:
        """A blob of ``rel``'s record, read from the cache file if need be; made anew
        from the file (unchanged, or the record would not be here) if it is lost."""
        found = blob if isinstance(blob, bytes) else \
            self.blobs.get(blob) if self.blobs is not None else None
        if found is not None:
            return found
        record = analyse(self.job, rel, False).record
        return record.ruled if name == "ruled" else record.value["_lazy"]

    def _reparse(self, rel: str) -> Item:
        from .load import parse_item, read_text

        return parse_item(read_text(self.job.root, rel), self.job.policy)[0]

    def _read_blobs(self) -> None:
        """Bring every record's blobs into memory, to write them (and close the file)."""
        if self.blobs is None:
            return
        for rel, record in self.records.items():
            ruled = self._blob(rel, record.ruled, "ruled")
            value = record.value
            if record.kind == "item" and not isinstance(value["_lazy"], bytes):
                value = {**value, "_lazy": self._blob(rel, value["_lazy"], "_lazy")}
            if ruled is not record.ruled or value is not record.value:
                self.records[rel] = record._replace(ruled=ruled, value=value)
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
        from .similarity import SimilarityIndex

        index = SimilarityIndex.open(None if self.folder is None else
                                     self.folder / "similarity")
        current: dict[str, bytes] = {}
        paths: dict[str, str] = {}
        for rel, record in self.records.items():  # the last item with an id wins
            if record.kind == "item" and record.similarity is not None:
                current[record.value["id"]] = record.similarity
                paths[record.value["id"]] = rel
        if only is not None and self.folder is not None:
            queries = [doc_id for doc_id, rel in paths.items() if only(rel)]
            changed, removed = index.stale(current)
            if len(queries) + len(changed) + len(removed) <= DELTA_LIMIT:
                signatures = [(doc_id, self._signature(paths[doc_id])) for doc_id in changed]
                return index.pairs_with(queries, signatures, removed, threshold, containment)
        missing = index.sync_keys((doc_id, key, self.signatures.get(paths[doc_id]))
                                  for doc_id, key in current.items())
        for doc_id in missing:  # the index lost them: read their texts again
            index.put(doc_id, current[doc_id], self._signature(paths[doc_id]))
        self.signatures.clear()  # the index holds them now: each goes once it is copied
        index.compact()
        release_memory()  # what the signatures and the cache's blobs held, before the search
        matches = index.near_duplicates(threshold, containment)
        if self.folder is not None and index.save():
            ignore_cache(self.folder)
        return matches

    def _signature(self, rel: str) -> Any:
        """The similarity signature of an item's text, read again if not read in this run."""
        import numpy as np

        from .similarity import signature

        raw = self.signatures.get(rel)
        if raw is not None:
            return np.frombuffer(raw, dtype=np.uint32)
        from .analyse import similarity_text
        from .load import parse_item, read_text

        item, _ = parse_item(read_text(self.job.root, rel), self.job.policy)
        return signature(similarity_text(item))

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the records back when anything changed; False when that failed."""
        if self.folder is None or self.frozen:
            return True
        head = history.head(self.job.root)
        if not self.dirty and head == self.head:
            return True
        # the record of a stray file or a link does not depend on its bytes
        shas = {rel: {"stray": "*", "link": "*link"}.get(record.kind, record.sha)
                for rel, record in self.records.items()}
        self.trees = history.snapshot(self.job.root, shas, listed) if head else None
        self._read_blobs()
        stored = cache.Stored(self.records, self.trees, head)
        written = cache.write(self.folder, self.key, stored)
        if written is None:
            return False
        # the blobs are in the file now: read them from there when asked, not from memory
        self.records, self.blobs = written, stored.blobs
        ignore_cache(self.folder)
        self.dirty = False
        return True


def collect(job: Job, folder: Path | None, jobs: int | None = None,
            changes: history.ChangeSet | None = None) -> Files:
    """The records of every file under ``items/`` and ``bulletins/``.

    ``folder`` is the cache folder (None: no cache is read or written).
    ``changes`` are what git says changed since a base commit (default: HEAD):
    when the cache holds exactly that commit's files, only the changed files
    are looked at.
    """
    key = cache.global_key(_policy_bytes(job.root))
    if folder is not None and history.tracked(job.root, CACHE_DIR):
        folder = None  # committed, so anyone's: never trusted (it ignores itself in git)
    stored = cache.read(folder, key) if folder is not None else None
    if stored is not None and stored.trees is not None:
        changes = changes or history.worktree_changes(job.root)
        if changes is not None and stored.trees == history.trees(job.root, changes.base):
            return _collect_changed(job, folder, key, stored, changes, jobs)
    old = stored.records if stored is not None else {}
    kept: dict[str, cache.Record] = {}
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
    files = Files(job, folder, key, {}, dirty=stored is None or order != list(old) or any(
        record is not old[rel] for rel, record in kept.items()),
        blobs=stored.blobs if stored is not None else None)
    for done in analyse_all(job, todo, jobs):
        kept[done.path] = done.record
        if done.signature is not None:
            files.signatures[done.path] = done.signature
        files.dirty = True
    files.records = {rel: kept[rel] for rel in order}
    if stored is not None and not files.dirty:
        files.trees, files.head = stored.trees, stored.head
    return files


def _collect_changed(job: Job, folder: Path | None, key: bytes, stored: cache.Stored,
                     changes: history.ChangeSet, jobs: int | None) -> Files:
    """The stored records of the base commit's files, with the changed files read now.

    Git has compared every file with the base (the cache's own snapshot of it),
    so the others are not even looked at. Such a mixture of records is not saved.
    """
    records = dict(stored.records)
    for rel in changes.deleted | set(changes.renamed.values()) | changes.present:
        records.pop(rel, None)
    order = list(records)
    todo = []
    ignored = history.ignored(job.root) if changes.ignored is None else changes.ignored
    for rel in sorted(changes.present | ignored, key=walk_key):
        is_link = os.path.islink(os.path.join(job.root, rel))
        if rel not in records and listed(rel, is_link) and \
                os.path.lexists(os.path.join(job.root, rel)):
            bisect.insort(order, rel, key=walk_key)
            todo.append((rel, is_link))
    files = Files(job, folder, key, {}, frozen=True, blobs=stored.blobs)
    for done in analyse_all(job, todo, jobs):
        records[done.path] = done.record
        if done.signature is not None:
            files.signatures[done.path] = done.signature
    files.records = {rel: records[rel] for rel in order}
    return files


def walk_key(rel: str) -> tuple[int, list[tuple[int, str]]]:
    """Sorts paths as :func:`bulletin.load.walk` yields them: top folder, then each
    folder's files before its subfolders, by name."""
    parts = rel.split("/")
    top = 0 if parts[0] == ITEMS_DIR else 1
    return top, [(1, p) for p in parts[1:-1]] + [(0, parts[-1])]


def listed(rel: str, is_link: bool) -> bool:
    """Whether the walk yields ``rel`` and the check reads it."""
    parts = rel.split("/")
    return len(parts) >= 2 and parts[0] in (ITEMS_DIR, EDITIONS_DIR) and \
        not any(p.startswith(".") for p in parts) and \
        (is_link or classify(rel) not in ("ignored", "asset"))


def listing(root: Path) -> Iterator[tuple[str, bool]]:
    """The files the check reads, in the order it reports them: (path, is-link)."""
    for top in (ITEMS_DIR, EDITIONS_DIR):
        for rel, is_link in walk(root, top):
            if is_link or classify(rel) not in ("ignored", "asset"):
                yield rel, is_link


def _still_valid(root: Path, rel: str, record: cache.Record) -> cache.Record | None:
    """``record`` if the file is unchanged (with its times updated if they moved), else None."""
    if not record.sha or record.stat is None:
        return None  # links, strays and unreadable files: cheap, and judged every time
    try:
        st = os.lstat(os.path.join(root, rel))
    except OSError:
        return None
    stat = cache.pack_stat(st)
    if stat == record.stat and not record.racy:
        return record
    if st.st_size != cache.stat_size(record.stat):
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


def ignore_cache(folder: Path) -> None:
    """Keep the cache out of git even where .gitignore does not name it (like ruff)."""
    marker = folder / ".gitignore"
    if not marker.exists():
        from .fsutil import write_atomic

        write_atomic(marker, "# Created by bulletin: a cache, never committed\n*\n")

