"""Site search with Pagefind: a static, chunked index that segments Chinese.

Measured on 2 cores (see README, *Search*): at 10,000 item pages a first
query downloads 210–260 KB, where Material's built-in search would send every
reader one ~59 MB index. Pagefind (the extended binary, from PyPI) segments
Chinese on pages whose ``<html lang>`` is ``zh``; item pages are indexed with
their language, and the search page merges the other language's index
(``search.js``), so one box finds both.

Only item pages are indexed, and Pagefind reads them not from the built site
but from small documents holding just the item (:func:`document`), written as
soon as the item pages are rendered: the index is built in a forked process
(a thread where there is no ``fork``) while MkDocs writes the site, on the
second core. What Pagefind reads is the
same whichever edition an item is in — the edition a result belongs to is
looked up in ``search/editions/<year>.json`` (:func:`edition_maps`) — so a new
edition leaves the index as it was, and a rebuild reuses the bundle kept in
the cache under the hash of its input.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import children
from ..fsutil import write_atomic
from .bundle import SUMS, Verified, site_holds, verified, write_sums
from .cache import digest, prune_search, search_bundle, versions
from .compose import EditionView, Site

log = logging.getLogger("mkdocs.plugins.bulletin")

BUNDLE = "pagefind"
EDITIONS = "search/editions"
INDEX_VERSION = "2;" + versions("pagefind", "pagefind_bin_extended")


@dataclass(frozen=True)
class SearchDoc:
    """One searchable page: its URL (``items/x/``), language, title and HTML body."""

    url: str
    lang: str
    title: str
    body: str


# Parts of an item page Pagefind skips (marked data-pagefind-ignore): the marking,
# the metadata list, and the line that names the item's edition
_IGNORED = re.compile(r"<(p|dl)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>\n?", re.S)


def document(doc: SearchDoc) -> str:
    """The HTML Pagefind reads for ``doc``: the page's language and the body without
    the parts Pagefind would skip anyway — so that the edition an item is in, which
    changes when it is published, is not part of what the index is built from."""
    body = _IGNORED.sub("", doc.body)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(doc.lang)}"><head><meta charset="utf-8">'
            f"<title>{html.escape(doc.title)}</title></head>\n<body>\n{body}</body></html>\n")


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
    """The search index of ``docs``: reused from ``cache`` or built in the background.

    Start it as soon as the pages are known; :meth:`finish` waits for it and
    puts the bundle into the site.
    """

    def __init__(self, docs: list[SearchDoc], cache: Path | None, name: str = "site") -> None:
        self.cache = cache
        self.name = re.sub(r"[^A-Za-z0-9_-]", "_", name)  # of the folder of pages it reads
        self.count = len(docs)
        self.key = index_key(docs)
        self.bundle = search_bundle(cache, self.key)
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        self.pid: int | None = None  # the forked process that indexes, where there is one
        self.files = None if self.bundle is None else cached_bundle(self.bundle)
        self.reused = self.files is not None
        self.work: Path | None = None  # where the index is built, when it is
        if not self.reused:
            if self.bundle is not None:  # work beside the cache: the bundle is moved there
                self.bundle.parent.mkdir(parents=True, exist_ok=True)
            where = None if self.bundle is None else self.bundle.parent
            self.work = Path(tempfile.mkdtemp(prefix=".work-", dir=where))
            if _can_fork():
                self._fork(docs)
            else:
                self.thread = threading.Thread(target=self._run, args=(docs,), daemon=True,
                                               name="bulletin-search")
                self.thread.start()

    def _fork(self, docs: list[SearchDoc]) -> None:
        """Index in a forked process: writing the documents is Python work, and in a
        thread it would wait for the build's own Python work (one interpreter lock)."""
        assert self.work is not None
        pid = children.fork()
        if pid == 0:  # the child: index, report, and leave without any cleanup
            code = 1
            try:
                self._run(docs)
                if self.error is not None:
                    (self.work / "error.txt").write_text(repr(self.error), encoding="utf-8")
                else:
                    (self.work / "count.txt").write_text(str(self.count), encoding="utf-8")
                    code = 0
            finally:
                os._exit(code)
        self.pid = pid

    def _wait(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.pid is not None:
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            assert self.work is not None
            if status != 0:
                error = self.work / "error.txt"
                why = error.read_text("utf-8") if error.is_file() else f"status {status}"
                self.error = RuntimeError(f"search indexing failed: {why}")
            else:
                self.count = int((self.work / "count.txt").read_text("utf-8"))

    def _run(self, docs: list[SearchDoc]) -> None:
        assert self.work is not None
        try:
            output = self.work / BUNDLE
            with _pages_folder(self.cache, self.work, self.name) as source:
                sync_pages(source, docs)
                self.count = build_index(source, output)
            if self.bundle is not None:
                write_sums(output)
                self.bundle.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(OSError):  # another build stored it first
                    os.replace(output, self.bundle)
        except BaseException as exc:  # handed to the build's thread by finish()
            self.error = exc

    def finish(self, site_dir: Path) -> int:
        """Wait for the index and put it in ``site_dir/pagefind``, unless that holds it
        already, file for file; return the page count."""
        self._wait()
        try:
            if self.error is not None:
                raise self.error
            source, files = self._source()
            target = site_dir / BUNDLE
            if files is not None and site_holds(target, files):
                pass  # the site holds this bundle already (a rebuild in place)
            else:
                if target.exists() or target.is_symlink():
                    _remove(target)
                    log.info(f"bulletin: {BUNDLE}/ of the site folder replaced")
                partial = site_dir / f".{BUNDLE}.partial"
                shutil.rmtree(partial, ignore_errors=True)
                if files is not None:
                    shutil.copytree(source, partial, copy_function=_link_or_copy,
                                    ignore=shutil.ignore_patterns(SUMS))
                else:
                    shutil.move(str(source), str(partial))
                os.rename(partial, target)  # whole, or not there
            if files is not None:
                os.utime(source)  # the newest bundle survives pruning
                assert self.cache is not None
                prune_search(self.cache, source)
        finally:
            self.cancel()
        how = "reused from the cache" if self.reused else "written"
        log.info(f"bulletin: search index of {self.count} pages {how} ({BUNDLE}/)")
        return self.count

    def _source(self) -> tuple[Path, Verified | None]:
        """The bundle to put in the site, and its verified files when it is the cache's."""
        if self.bundle is not None and self.bundle.is_dir():
            files = self.files if self.reused else cached_bundle(self.bundle)
            if files is not None:
                return self.bundle, files
        made = None if self.work is None else self.work / BUNDLE
        if made is None or not made.is_dir():
            raise RuntimeError("the search index is missing from the cache; build again")
        return made, None

    def cancel(self) -> None:
        """Remove the working folder (after the indexing, if the build stopped early)."""
        self._wait()
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)


@contextlib.contextmanager
def _pages_folder(cache: Path | None, work: Path, name: str) -> Iterator[Path]:
    """Where the documents Pagefind reads are written.

    With a cache, a folder kept between builds (``search/pages-<name>``, one per
    audience), brought up to date by :func:`sync_pages` under a lock: writing
    8,000 folders is quick, but deleting them takes ~15 s on the reference
    machine. Without one (or without ``fcntl``), a folder of ``work``.
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
        yield base / f".pages-{name}"


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


def edition_maps(site: Site, label: Callable[[EditionView], str]) -> dict[str, dict[str, str]]:
    """``{shard: {item id: edition label}}`` of the published items this audience sees.

    The shard is the year an item id starts with (``other`` for an id that
    does not), so a first search fetches the labels of one year, not all.
    """
    out: dict[str, dict[str, str]] = {}
    sep = "、" if site.policy.language == "zh" else ", "
    for item_id, views in sorted(site.editions_with.items()):
        out.setdefault(shard(item_id), {})[item_id] = sep.join(label(v) for v in views)
    return out


def shard(item_id: str) -> str:
    """The edition-map shard of ``item_id`` (``search.js`` computes the same)."""
    return item_id[:4] if re.match(r"\d{4}", item_id) else "other"


def write_edition_maps(site_dir: Path, maps: dict[str, dict[str, str]]) -> list[Path]:
    """``search/editions/<year>.json``: what the search page shows beside a result."""
    written = []
    for year, labels in maps.items():
        path = site_dir / EDITIONS / f"{year}.json"
        write_atomic(path, json.dumps(labels, ensure_ascii=False, separators=(",", ":")))
        written.append(path)
    return written
