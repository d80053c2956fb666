"""Site search with Pagefind: a static, chunked index that segments Chinese.

Measured on 2 cores (see README, *Search*): at 10,000 item pages a first
query downloads 210–260 KB, where Material's built-in search would send every
reader one ~59 MB index. Pagefind (the extended binary, from PyPI) segments
Chinese on pages whose ``<html lang>`` is ``zh``; item pages are indexed with
their language, and the search page merges the other language's index
(``search.js``), so one box finds both.

Item pages are indexed in shards of a few thousand pages (:mod:`.search_shards`;
one shard, ``pagefind/``, on a small site), editions (their title and editor's
note) in a small bundle of their own (``pagefind-editions/``), and the search page
merges them all. Pagefind reads not the built site but small documents
(:mod:`.search_docs`), written as soon as the pages are rendered: the bundles the
cache does not hold are built by one :class:`Batch`, one after another (a Pagefind
process holds ~150 KB per page: never two at once), in a forked process (a thread
where there is no ``fork``) while MkDocs writes the site, on the second core. What
Pagefind reads of an item is the same whichever edition it is in — the edition a
result belongs to is looked up in ``search/editions/<year>.json`` — so a new edition
leaves the items' index as it was (only the editions' small index is made again),
and a rebuild reuses the bundles kept in the cache under the hash of their input:
a one-item change indexes the one shard that holds it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from .. import children
from .bundle import SUMS, Verified, site_holds, verified, write_sums
from .cache import digest, search_bundle, versions
from .search_docs import SearchDoc, document

log = logging.getLogger("mkdocs.plugins.bulletin")

BUNDLE = "pagefind"
EDITIONS_BUNDLE = "pagefind-editions"
SOURCE = "bulletin-source.txt"  # in a bundle: the hash of the documents it indexes
INDEX_VERSION = "2;" + versions("pagefind", "pagefind_bin_extended")


def index_key(docs: list[SearchDoc]) -> str:
    """The hash of everything Pagefind reads: equal keys give equal bundles."""
    parts: list[str] = [INDEX_VERSION]
    for doc in sorted(docs, key=lambda d: d.url):
        parts += [doc.url, document(doc)]
    return digest(*parts)


def build_index(source: Path, output: Path) -> int:
    """Index the HTML files under ``source`` into the bundle ``output``; return the page count.

    Runs the Pagefind binary (from the ``pagefind`` package) as a command, which
    exits only when every file is written. (The package's Python API stops its
    service at most 5 s after the last answer, and on a busy machine that cut
    off files still being written.)
    """
    from pagefind.service import get_executable

    if not any(source.rglob("*.html")):
        return _empty_index(output)
    binary = get_executable()
    if binary is None:
        raise RuntimeError("the Pagefind binary is not installed (pagefind[extended])")
    done = subprocess.run([str(binary), "--site", str(source), "--output-path", str(output)],
                          capture_output=True, text=True, check=False,
                          preexec_fn=children.exec_hook())  # dies with the build
    if done.returncode != 0 or not (output / "pagefind-entry.json").is_file():
        raise RuntimeError(f"Pagefind failed: {done.stderr.strip()[-2000:] or done.stdout[-2000:]}")
    entry = json.loads((output / "pagefind-entry.json").read_text("utf-8"))
    return sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())


def _empty_index(output: Path) -> int:
    """A bundle that finds nothing, for a site without items (the command refuses that)."""
    import asyncio

    from pagefind.index import IndexConfig, PagefindIndex

    async def run() -> None:
        async with PagefindIndex(IndexConfig(output_path=str(output))):
            pass

    asyncio.run(run())  # always in the search thread: no event loop runs there
    return 0


class IndexJob:
    """The search index of ``docs``: reused from ``cache``, or built by a :class:`Batch`.

    Make the jobs of a build as soon as the pages are known, start them together
    (:func:`start`); :meth:`finish` waits for its index and puts the bundle into the
    site.
    """

    def __init__(self, docs: list[SearchDoc], cache: Path | None, name: str = "site",
                 bundle: str = BUNDLE, *, kind: str = BUNDLE, shard: str | None = None,
                 shards: frozenset[str] = frozenset()) -> None:
        """``name``: of the folder of documents kept in the cache (one per audience and
        kind of bundle); ``bundle``: the bundle's folder in the site; ``kind``: which
        folder of the cache keeps its bundles; ``shard``: the subfolder of the documents'
        folder this shard's documents are written to, ``shards`` every shard of the
        build (the documents of any other are removed)."""
        self.cache = cache
        self.name = re.sub(r"[^A-Za-z0-9_-]", "_", name)  # of the folder of pages it reads
        self.shard = shard
        self.shards = shards
        self.target = bundle
        self.kind = kind
        self.count = len(docs)
        self.key = index_key(docs)
        self.bundle = search_bundle(cache, self.key, kind)
        self.error: BaseException | None = None
        self.batch: Batch | None = None
        self.files = None if self.bundle is None else cached_bundle(self.bundle)
        self.reused = self.files is not None
        self.docs = None if self.reused else docs
        self.cached: Path | None = None  # the cache's bundle put into the site, when it is
        self.work: Path | None = None  # where the index is built, when it is
        if not self.reused:
            if self.bundle is not None:  # work beside the cache: the bundle is moved there
                self.bundle.parent.mkdir(parents=True, exist_ok=True)
            where = None if self.bundle is None else self.bundle.parent
            self.work = Path(tempfile.mkdtemp(prefix=".work-", dir=where))

    def _run(self) -> None:
        assert self.work is not None and self.docs is not None
        try:
            output = self.work / "bundle"
            with _pages_folder(self.cache, self.work, self.name, self.shard,
                               self.shards) as source:
                sync_pages(source, self.docs)
                self.count = build_index(source, output)
            # Pagefind writes its filter indexes in varying order (a hash map's), so two
            # bundles of the same documents may differ byte for byte: this names them
            (output / SOURCE).write_text(self.key + "\n", encoding="utf-8")
            if self.bundle is not None:
                write_sums(output)
                self.bundle.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(OSError):  # another build stored it first
                    os.replace(output, self.bundle)
        except BaseException as exc:  # handed to the build's thread by finish()
            self.error = exc

    def _report(self) -> None:
        """In the forked process: what :meth:`_collect` reads."""
        assert self.work is not None
        if self.error is not None:
            (self.work / "error.txt").write_text(repr(self.error), encoding="utf-8")
        else:
            (self.work / "count.txt").write_text(str(self.count), encoding="utf-8")

    def _collect(self) -> None:
        """In the build: the outcome the forked process reported."""
        assert self.work is not None
        error, count = self.work / "error.txt", self.work / "count.txt"
        if error.is_file():
            self.error = RuntimeError(f"search indexing failed: {error.read_text('utf-8')}")
        elif count.is_file():
            self.count = int(count.read_text("utf-8"))
        else:
            self.error = RuntimeError("search indexing failed: the indexing process stopped")

    def _wait(self) -> None:
        if self.batch is not None:
            self.batch.wait()

    def finish(self, site_dir: Path) -> int:
        """Wait for the index and put it in ``site_dir/<bundle>``, unless that holds it
        already, file for file; return the page count."""
        self._wait()
        try:
            if self.error is not None:
                raise self.error
            source, files = self._source()
            target = site_dir / self.target
            if files is not None and site_holds(target, files):
                pass  # the site holds this bundle already (a rebuild in place)
            else:
                if target.exists() or target.is_symlink():
                    _remove(target)
                    log.info(f"bulletin: {self.target}/ of the site folder replaced")
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.parent / f".{target.name}.partial"
                shutil.rmtree(partial, ignore_errors=True)
                if files is not None:
                    shutil.copytree(source, partial, copy_function=_link_or_copy,
                                    ignore=shutil.ignore_patterns(SUMS))
                else:
                    shutil.move(str(source), str(partial))
                os.rename(partial, target)  # whole, or not there
            if files is not None:
                os.utime(source)  # the newest bundles survive pruning
                self.cached = source
        finally:
            self.cancel()
        how = "reused from the cache" if self.reused else "written"
        log.info(f"bulletin: search index of {self.count} pages {how} ({self.target}/)")
        return self.count

    def _source(self) -> tuple[Path, Verified | None]:
        """The bundle to put in the site, and its verified files when it is the cache's."""
        if self.bundle is not None and self.bundle.is_dir():
            files = self.files if self.reused else cached_bundle(self.bundle)
            if files is not None:
                return self.bundle, files
        made = None if self.work is None else self.work / "bundle"
        if made is None or not made.is_dir():
            raise RuntimeError("the search index is missing from the cache; build again")
        return made, None

    def cancel(self) -> None:
        """Remove the working folder (after the indexing, if the build stopped early)."""
        self._wait()
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)


class Batch:
    """Builds the indexes of ``jobs`` that the cache does not hold, one after another
    (one Pagefind process at a time: each holds ~150 KB a page), in a forked process
    (a thread where there is no ``fork``) while MkDocs writes the site."""

    def __init__(self, jobs: list[IndexJob]) -> None:
        self.jobs = [job for job in jobs if not job.reused]
        self.pid: int | None = None
        self.thread: threading.Thread | None = None
        self.ran: list[IndexJob] = []
        for job in self.jobs:
            job.batch = self
        if not self.jobs:
            return
        if _can_fork():
            self._fork()
        else:
            self.thread = threading.Thread(target=self._run, daemon=True,
                                           name="bulletin-search")
            self.thread.start()

    def _run(self) -> None:
        for job in self.jobs:
            job._run()
            self.ran.append(job)
            if job.error is not None:
                break  # the build fails: the rest is not worth indexing

    def _fork(self) -> None:
        """Index in a forked process: writing the documents is Python work, and in a
        thread it would wait for the build's own Python work (one interpreter lock)."""
        pid = children.fork()
        if pid == 0:  # the child: index, report, and leave without any cleanup
            code = 1
            try:
                self._run()
                for job in self.ran:
                    job._report()
                code = 0
            finally:
                os._exit(code)
        self.pid = pid

    def wait(self) -> None:
        """Wait for every job (each knows its count or error afterwards)."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.pid is not None:
            os.waitpid(self.pid, 0)
            self.pid = None
            for job in self.jobs:
                job._collect()


def start(jobs: list[IndexJob]) -> Batch:
    """Start indexing what the cache does not hold of ``jobs``, in this order."""
    return Batch(jobs)


@contextlib.contextmanager
def _pages_folder(cache: Path | None, work: Path, name: str, shard: str | None = None,
                  shards: frozenset[str] = frozenset()) -> Iterator[Path]:
    """Where the documents Pagefind reads are written.

    With a cache, a folder kept between builds (``search/.pages-<name>``, one per
    audience and kind, with a subfolder per shard of the items), brought up to date by
    :func:`sync_pages` under a lock: writing 8,000 folders is quick, but deleting them
    takes ~15 s on the reference machine. Subfolders of shards this build does not
    have are removed. Without a cache (or without ``fcntl``), a folder of ``work``.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        fcntl = None  # type: ignore[assignment]
    if cache is None or fcntl is None:
        yield work / "pages"
        return
    base = cache / "search"
    base.mkdir(parents=True, exist_ok=True)
    with open(base / f".pages-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time writes and reads it
        folder = base / f".pages-{name}"
        if shard is None:
            yield folder
            return
        if folder.is_dir():
            for entry in os.scandir(folder):
                if entry.name not in shards:
                    _remove(Path(entry.path))
        yield folder / shard


def sync_pages(folder: Path, docs: list[SearchDoc]) -> None:
    """Make ``folder`` hold exactly one ``<url>/index.html`` per doc, writing only changes."""
    wanted = {}
    for doc in docs:
        wanted[os.path.normpath(folder / doc.url / "index.html")] = document(doc)
    for path, text in wanted.items():
        try:
            with open(path, encoding="utf-8") as handle:
                if handle.read() == text:
                    continue
        except OSError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.normpath(os.path.join(root, name))
            if path not in wanted:
                os.unlink(path)


def _can_fork() -> bool:
    """A fork is safe only from a process with one thread (``mkdocs serve`` has more)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def cached_bundle(bundle: Path) -> Verified | None:
    """The files of the cached bundle ``bundle`` when it is whole and as it was written
    (:func:`bundle.verified`); None when there is none, or a damaged one, which is
    removed (with a log line) and made anew."""
    if not bundle.exists():
        return None
    files = verified(bundle)
    if files is None:
        log.warning(f"bulletin: the cached search index {bundle.name[:12]} is damaged; "
                    "indexed anew")
        shutil.rmtree(bundle, ignore_errors=True)
    return files


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _link_or_copy(source: str, target: str) -> None:
    """Hard-link a bundle file from the cache (Pagefind never rewrites one), else copy it."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
