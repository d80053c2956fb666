"""What a rebuild may reuse: rendered HTML kept in the repository's cache folder.

The folder lies outside the repository (:mod:`bulletin.cachedir`): what a commit
carries is never read as a cache. Every entry is stored under a hash of
everything its output depends on (the input text, the options, the versions of
the tools, :data:`VERSION`), so an entry is never stale: a change makes a new
key, and the old entry is simply not read again. Entries no build has used for
:data:`KEEP` builds are dropped, which keeps one cache per audience without
growing for ever.

``site-<VERSION>.sqlite`` holds item bodies, finished pages and what each file of
the site holds (``reuse.PageFiles``); ``search/<key>/`` holds Pagefind bundles;
``repository.bin`` the files as the last build parsed them (``snapshot.py``);
``templates/`` compiled templates (``compiled.py``). Everything read back
is checked against a checksum stored with it: a damaged entry is dropped and made
anew (with a log line), never used, and a damaged database is replaced. Deleting
the folder is always safe: the next build is a clean one.

Which entries a build used is kept apart from the entries themselves (table
``used``): marking a used page must not make SQLite rewrite its HTML, which at
10,000 pages cost more than a second.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import shutil
import sqlite3
import tempfile
import zlib
from collections.abc import Collection
from importlib import metadata
from pathlib import Path
from types import ModuleType

from ..git import tracked
from .spool import Ref, Spool

log = logging.getLogger("mkdocs.plugins.bulletin")

VERSION = "4"  # bump when what a key stands for, or how a value is stored, changes
KEEP = 4  # builds an unused entry survives (e.g. one per audience)
SEARCH_BUNDLES = 2  # Pagefind bundles kept


def digest(*parts: str | bytes) -> str:
    """A hex key for ``parts`` (their boundaries count: ``("ab", "c") != ("a", "bc")``)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def versions(*packages: str) -> str:
    """Installed versions of ``packages``, for keys whose output those packages shape."""
    out = []
    for name in packages:
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}==none")
    return ";".join(out)


def source_hash(*modules: ModuleType) -> str:
    """A hash of the source of ``modules``: a key changes when their code does."""
    return digest(*(Path(m.__file__ or "").read_bytes() for m in modules))[:16]


@functools.cache
def package_source() -> str:
    """A hash of the bulletin package's files but the site's (its code and data): what
    parsing the repository and the rules' documentation are functions of."""
    package = Path(__file__).resolve().parent.parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix != ".pyc"
                   and p.relative_to(package).parts[0] != "site")
    return digest(*(part for p in files
                    for part in (p.relative_to(package).as_posix(), p.read_bytes())))[:16]


def cache_folder(root: Path) -> Path:
    """The repository's cache folder, outside it (:mod:`bulletin.cachedir`), created;
    raises OSError when it cannot be made or must not be used."""
    return tracked.cache_folder(root)


class SiteCache:
    """Bodies and pages by key, in one SQLite file; ``SiteCache(None)`` keeps nothing.

    Reads go to the file; writes are collected — on disk, in a spool (``spool.py``),
    not in memory — and stored by :meth:`close`, in one transaction, so a build that
    fails leaves the cache as it was. Each entry
    is stored with the CRC-32 of its value: one that does not match is not used
    (the build makes it anew and replaces it), and a file SQLite cannot read is
    replaced by an empty one.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.db: sqlite3.Connection | None = None
        self.generation = 0
        self.used: dict[str, set[str]] = {}
        # what this build made, stored by close(): kept on disk meanwhile (a first build
        # at 100,000 items makes gigabytes), in a spool made when the first entry comes
        self.new: dict[str, dict[str, Ref]] = {}
        self.spool: Spool | None = None
        self.damaged: set[tuple[str, str]] = set()
        self.empty = True
        self.path = None if folder is None else folder / f"site-{VERSION}.sqlite"
        if folder is not None:
            for old in folder.glob("site*.sqlite"):
                if old.name != f"site-{VERSION}.sqlite":  # written by another version
                    old.unlink(missing_ok=True)
            self.db = self._open_or_replace()

    def _open_or_replace(self) -> sqlite3.Connection | None:
        """The database, or a new one in place of a damaged one; None when neither works."""
        assert self.path is not None
        for attempt in (1, 2):
            try:
                return self._open(self.path)
            except (sqlite3.Error, ValueError) as exc:
                if attempt == 2 or not _damage(exc) or not self.path.exists():
                    log.warning(f"bulletin: cache {self.path} not usable ({exc}); "
                                "building without it")
                    return None
                log.warning(f"bulletin: cache {self.path.name} is damaged ({exc}); "
                            "starting it anew")
                self._remove()
        return None

    def _remove(self) -> None:
        assert self.path is not None
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _open(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=60)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT, key TEXT, value BLOB, "
                       "crc INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID")
            db.execute("CREATE TABLE IF NOT EXISTS used (kind TEXT, key TEXT, build INTEGER, "
                       "PRIMARY KEY (kind, key)) WITHOUT ROWID")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
            self.generation = int(row[0]) + 1 if row else 1
            # a first build finds nothing: it need not look
            self.empty = db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None
        except BaseException:
            db.close()
            raise
        return db

    @property
    def enabled(self) -> bool:
        return self.db is not None

    def get(self, kind: str, key: str) -> bytes | None:
        if kind in self.new and key in self.new[kind]:
            return self.new[kind][key].read_bytes()
        if self.db is None or self.empty:
            return None
        try:
            # as bytes, whatever SQLite holds (a value edited as text is damaged, not fatal)
            row = self.db.execute("SELECT CAST(value AS BLOB), crc FROM entries "
                                  "WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        except sqlite3.Error as exc:
            self._broken(exc)
            return None
        if row is None:
            return None
        value = row[0]
        if not isinstance(value, bytes) or zlib.crc32(value) != row[1]:
            self._damaged(kind, key)
            return None
        self.used.setdefault(kind, set()).add(key)
        return value

    def _damaged(self, kind: str, key: str) -> None:
        """An entry that does not match its checksum: not used, and dropped (or replaced)."""
        log.warning(f"bulletin: cache entry {kind}/{key[:12]} is damaged; made anew")
        self.damaged.add((kind, key))
        self.used.get(kind, set()).discard(key)

    def _broken(self, exc: Exception) -> None:
        """SQLite cannot read the file: build without it (and start it anew if damaged)."""
        damaged = _damage(exc)
        log.warning(f"bulletin: cache {self.path} not usable ({exc}); building without it"
                    + ("; it is made anew" if damaged else ""))
        if self.db is not None:
            self.db.close()
            self.db = None
        self._drop_new()
        if damaged:
            self._remove()

    def touch(self, kind: str, key: str) -> None:
        """Keep the entry ``key`` (if there is one) as if this build had read it."""
        if self.db is not None:
            self.used.setdefault(kind, set()).add(key)

    def put(self, kind: str, key: str, value: bytes) -> None:
        if self.db is not None:
            if self.spool is None:
                self.spool = Spool()
            self.new.setdefault(kind, {})[key] = self.spool.put_bytes(value)

    def _drop_new(self) -> None:
        self.new.clear()
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    def get_text(self, kind: str, key: str) -> str | None:
        value = self.get(kind, key)
        if value is None:
            return None
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:  # stored so by another build's bug: never by a damaged disk
            self._damaged(kind, key)
            return None

    def put_text(self, kind: str, key: str, text: str) -> None:
        # not compressed: a rebuild reads ~20,000 of these, and inflating them all
        # costs more than reading twice the bytes
        if self.db is not None:
            self.put(kind, key, text.encode("utf-8"))

    def abandon(self) -> None:
        """Close without storing anything (a build that failed)."""
        if self.db is not None:
            self.db.close()
            self.db = None
        self._drop_new()

    def close(self) -> None:
        """Store what this build made, mark what it used, drop what no build wants."""
        if self.db is None:
            return
        db, gen = self.db, self.generation
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                               ((kind, key, value, zlib.crc32(value))
                                for kind, values in self.new.items()
                                for key, ref in values.items()
                                for value in (ref.read_bytes(),)))
                db.executemany("DELETE FROM entries WHERE kind = ? AND key = ?",
                               ((kind, key) for kind, key in self.damaged
                                if key not in self.new.get(kind, {})))
                db.executemany("INSERT OR REPLACE INTO used VALUES (?, ?, ?)",
                               ((kind, key, gen) for kinds in (self.new, self.used)
                                for kind, keys in kinds.items() for key in keys))
                # by key: a scan of the entries would read every page's HTML
                stale = db.execute("SELECT kind, key FROM used WHERE build <= ?",
                                   (gen - KEEP,)).fetchall()
                db.executemany("DELETE FROM entries WHERE kind = ? AND key = ?", stale)
                db.executemany("DELETE FROM used WHERE kind = ? AND key = ?", stale)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(gen),))
        except sqlite3.Error as exc:
            log.warning(f"bulletin: cache not updated ({exc})")
            if _damage(exc):
                db.close()
                self._remove()
        finally:
            db.close()
            self.db = None
            self._drop_new()


def _damage(exc: Exception) -> bool:
    """Whether ``exc`` says the cache's file is damaged (not locked, or the disk full)."""
    return isinstance(exc, ValueError) or (isinstance(exc, sqlite3.DatabaseError)
                                           and not isinstance(exc, sqlite3.OperationalError))


def replace_file(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` in one step, without waiting for the disk (a cache
    file: one a crash leaves damaged fails its checksum and is made again); False, with
    a log line, when it cannot be written."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning(f"bulletin: {path.name} not written to the cache ({exc})")
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False
    return True


def search_bundle(folder: Path | None, key: str, kind: str = "pagefind") -> Path | None:
    """Where the Pagefind bundle for ``key`` is (or goes); None without a cache. Bundles
    of another ``kind`` than the items' (``pagefind``) are kept in a folder of their own."""
    if folder is None:
        return None
    return folder / ("search" if kind == "pagefind" else f"search-{kind}") / key


def prune_search(folder: Path, keep: Path | Collection[Path], kind: str = "pagefind") -> None:
    """Keep the bundles ``keep`` (this build's: one, or one per shard) and the newest
    other bundles of their ``kind``: :data:`SEARCH_BUNDLES` - 1 times as many."""
    kept = {keep} if isinstance(keep, Path) else set(keep)
    base = folder / ("search" if kind == "pagefind" else f"search-{kind}")
    if not base.is_dir() or not kept:
        return
    others = sorted((p for p in base.iterdir() if p.is_dir() and p not in kept
                     and not p.name.startswith(".")),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[(SEARCH_BUNDLES - 1) * len(kept):]:
        shutil.rmtree(old, ignore_errors=True)
