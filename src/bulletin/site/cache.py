"""What a rebuild may reuse: rendered HTML kept in ``<repo>/.bulletin-cache/``.

Every entry is stored under a hash of everything its output depends on (the
input text, the options, the versions of the tools, :data:`VERSION`), so an
entry is never stale: a change makes a new key, and the old entry is simply
not read again. Entries no build has used for :data:`KEEP` builds are dropped,
which keeps one cache per audience without growing for ever.

``site-<VERSION>.sqlite`` holds item bodies, finished pages and what each file of
the site holds (``reuse.PageFiles``); ``search/<key>/`` holds Pagefind bundles;
``repository.bin`` the files as the last build parsed them (``snapshot.py``);
``templates/`` compiled templates (:func:`template_cache`). The folder ignores
itself in git (a ``.gitignore`` of ``*``). Deleting it is always safe: the next
build is a clean one.

Which entries a build used is kept apart from the entries themselves (table
``used``): marking a used page must not make SQLite rewrite its HTML, which at
10,000 pages cost more than a second.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import shutil
import sqlite3
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2

from ..fsutil import write_atomic

log = logging.getLogger("mkdocs.plugins.bulletin")

CACHE_DIR = ".bulletin-cache"
VERSION = "3"  # bump when what a key stands for, or how a value is stored, changes
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
    """``root/.bulletin-cache``, created, and kept out of git."""
    folder = root / CACHE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / ".gitignore"
    if not marker.exists():
        write_atomic(marker, "# Created by bulletin: a cache, never committed\n*\n")
    return folder


class SiteCache:
    """Bodies and pages by key, in one SQLite file; ``SiteCache(None)`` keeps nothing.

    Reads go to the file; writes are collected and stored by :meth:`close`, in
    one transaction, so a build that fails leaves the cache as it was.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.db: sqlite3.Connection | None = None
        self.generation = 0
        self.used: dict[str, set[str]] = {}
        self.new: dict[str, dict[str, bytes]] = {}
        self.empty = True
        if folder is not None:
            for old in folder.glob("site*.sqlite"):
                if old.name != f"site-{VERSION}.sqlite":  # written by another version
                    old.unlink(missing_ok=True)
            try:
                self.db = self._open(folder / f"site-{VERSION}.sqlite")
            except sqlite3.Error as exc:
                log.warning(f"bulletin: cache {folder} not usable ({exc}); building without it")
                self.db = None

    def _open(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=60)
        db.execute("CREATE TABLE IF NOT EXISTS entries (kind TEXT, key TEXT, value BLOB, "
                   "PRIMARY KEY (kind, key)) WITHOUT ROWID")
        db.execute("CREATE TABLE IF NOT EXISTS used (kind TEXT, key TEXT, build INTEGER, "
                   "PRIMARY KEY (kind, key)) WITHOUT ROWID")
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        self.generation = int(row[0]) + 1 if row else 1
        # a first build finds nothing: it need not look
        self.empty = db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None
        return db

    @property
    def enabled(self) -> bool:
        return self.db is not None

    def get(self, kind: str, key: str) -> bytes | None:
        if kind in self.new and key in self.new[kind]:
            return self.new[kind][key]
        if self.db is None or self.empty:
            return None
        row = self.db.execute("SELECT value FROM entries WHERE kind = ? AND key = ?",
                              (kind, key)).fetchone()
        if row is None:
            return None
        self.used.setdefault(kind, set()).add(key)
        return bytes(row[0])

    def touch(self, kind: str, key: str) -> None:
        """Keep the entry ``key`` (if there is one) as if this build had read it."""
        if self.db is not None:
            self.used.setdefault(kind, set()).add(key)

    def put(self, kind: str, key: str, value: bytes) -> None:
        if self.db is not None:
            self.new.setdefault(kind, {})[key] = value

    def get_text(self, kind: str, key: str) -> str | None:
        value = self.get(kind, key)
        return None if value is None else value.decode("utf-8")

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
        self.new.clear()

    def close(self) -> None:
        """Store what this build made, mark what it used, drop what no build wants."""
        if self.db is None:
            return
        db, gen = self.db, self.generation
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                               ((kind, key, value) for kind, values in self.new.items()
                                for key, value in values.items()))
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
        finally:
            db.close()
            self.db = None


def template_cache(folder: Path | None, name: str,
                   env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """A cache of ``env``'s compiled templates in ``folder/templates/name`` (None without
    a cache folder): compiling Material's templates costs ~0.2 s a build.

    Jinja checks each template's source; what else shapes the compiled code (Jinja's
    version, the environment's syntax and options) is in the files' names, and
    files of other settings are removed.
    """
    if folder is None:
        return None
    options: list[Any] = [versions("jinja2"), sorted(env.extensions), env.optimized,
                          env.is_async, _name(env.autoescape), _name(env.finalize)]
    options += [getattr(env, key) for key in (
        "block_start_string", "block_end_string", "variable_start_string",
        "variable_end_string", "comment_start_string", "comment_end_string",
        "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
        "newline_sequence", "keep_trailing_newline")]
    prefix = digest(repr(options))[:16]
    where = folder / "templates" / name
    try:
        where.mkdir(parents=True, exist_ok=True)
        for old in where.iterdir():
            if not old.name.startswith(prefix):
                old.unlink()
    except OSError as exc:
        log.warning(f"bulletin: no template cache ({exc})")
        return None
    return jinja2.FileSystemBytecodeCache(str(where), f"{prefix}-%s.cache")


def has_templates(bytecode: jinja2.BytecodeCache) -> bool:
    """Whether a cache of :func:`template_cache` holds compiled templates already."""
    if not isinstance(bytecode, jinja2.FileSystemBytecodeCache):
        return False
    prefix = bytecode.pattern.split("%s", 1)[0]
    return any(name.startswith(prefix) and name.endswith(".cache")
               for name in os.listdir(bytecode.directory))


def _name(value: Any) -> str:
    """A setting that may be a function, by name (its ``repr`` changes every run)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    return repr(value)


def search_bundle(folder: Path | None, key: str) -> Path | None:
    """Where the Pagefind bundle for ``key`` is (or goes); None without a cache."""
    return None if folder is None else folder / "search" / key


def prune_search(folder: Path, keep: Path) -> None:
    """Keep ``keep`` and the newest other bundles, up to :data:`SEARCH_BUNDLES` in all."""
    base = folder / "search"
    if not base.is_dir():
        return
    others = sorted((p for p in base.iterdir() if p.is_dir() and p != keep
                     and not p.name.startswith(".")),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[SEARCH_BUNDLES - 1:]:
        shutil.rmtree(old, ignore_errors=True)
