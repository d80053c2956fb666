"""Rebuild into the previous site folder instead of deleting it first.

MkDocs empties ``site_dir`` before every build. At 10,000 items that is
10,000 folders, and on the reference machine removing them takes ~18 s —
longer than the rest of a rebuild. So the plugin moves the folder aside
before MkDocs cleans, moves it back, lets MkDocs overwrite the files, and
then removes exactly what this build did not write (:func:`remove_stale`):
the result is the same tree a clean build makes, and a page that left the
site (an item withdrawn, or above a new audience) is gone as it would be.

A page whose file already holds exactly its HTML is not written again
(:func:`unchanged`): on the reference machine rewriting a file costs ~1 ms
even when nothing changes. Only for builds where the bulletin plugin is the
only plugin, so that every file of the site is known to it.

Better still, a page need not even be read to know that: :class:`PageFiles`
remembers which page (by the cache key of its finished HTML) each file of the
last build holds, with the file's size, times and inode. A page whose key and
file are both unchanged is neither fetched from the cache nor compared.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from .cache import SiteCache, digest

ASIDE = ".bulletin-previous-"
SKIPPED: set[str] = set()  # pages left as they were in this build (their src_uri)


class _QuietSkips(logging.Filter):
    """Drops MkDocs' "Page skipped" note for the pages left as they were."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("Page skipped: '"):
            return message.split("'", 2)[1] not in SKIPPED
        return True


logging.getLogger("mkdocs.commands.build").addFilter(_QuietSkips())


def unchanged(path: str | os.PathLike[str], output: str) -> bool:
    """Whether the file at ``path`` holds ``output`` already (as MkDocs would write it)."""
    try:
        with open(path, "rb") as handle:
            return handle.read() == output.encode("utf-8", errors="xmlcharrefreplace")
    except OSError:
        return False


def stamp(path: str | os.PathLike[str]) -> str | None:
    """What changes whenever the file at ``path`` is written: size, times, inode."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


class PageFiles:
    """Which finished page each file of a site folder holds, as written by the last build.

    Kept in the cache (kind ``page-files``, one entry per site folder) as
    ``{dest_uri: [page key, stamp]}``; only the files of pages this build
    :meth:`note`-s are remembered by :meth:`save`.
    """

    KIND = "page-files"

    def __init__(self, cache: SiteCache, site_dir: Path, previous: bool) -> None:
        """``previous``: the folder holds the last build's files (rebuilt in place)."""
        self.cache, self.site_dir = cache, site_dir
        self.key = digest(os.path.abspath(site_dir))
        self.before: dict[str, list[str]] = {}
        if previous:
            stored = cache.get(self.KIND, self.key)
            if stored is not None:
                self.before = _page_files(stored)
        self.after: dict[str, tuple[str, str | None]] = {}  # uri → (key, stamp if known)

    def holds(self, uri: str, key: str) -> bool:
        """Whether the file ``uri`` holds the page ``key`` already (and is left as it is)."""
        entry = self.before.get(uri)
        if entry is None or entry[0] != key:
            return False
        now = stamp(os.path.join(self.site_dir, uri))
        if now != entry[1]:
            return False
        self.after[uri] = (key, now)
        return True

    def note(self, uri: str, key: str) -> None:
        """The file ``uri`` holds (or will, once MkDocs writes it) the page ``key``."""
        if uri not in self.after:
            self.after[uri] = (key, None)

    def save(self) -> None:
        """Remember the files noted, with their stamps as they are now."""
        out = {}
        for uri, (key, known) in self.after.items():
            now = known or stamp(os.path.join(self.site_dir, uri))
            if now is not None:
                out[uri] = [key, now]
        self.cache.put(self.KIND, self.key, json.dumps(out, sort_keys=True).encode("utf-8"))


def _page_files(stored: bytes) -> dict[str, list[str]]:
    """What :meth:`PageFiles.save` stored, or nothing when it is not that (the cache's
    checksum makes that unlikely; a rebuild then compares every page's file)."""
    try:
        value = json.loads(stored)
    except ValueError:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
            for v in value.values()):
        return {}
    return value


def move_aside(site_dir: Path, cache: Path | None = None) -> Path | None:
    """Move ``site_dir`` out of MkDocs' way (so it finds nothing to clean); return where.

    Into the ``cache`` folder (outside the repository) when it is on the same file system,
    else beside ``site_dir``; None when neither works (MkDocs then cleans as usual).
    """
    if not site_dir.is_dir() or site_dir.is_symlink():
        return None
    places = [cache / "previous-site"] if cache is not None else []
    places.append(site_dir.with_name(f"{ASIDE}{site_dir.name}"))
    for aside in places:
        if aside.exists():
            shutil.rmtree(aside, ignore_errors=True)
        try:
            os.rename(site_dir, aside)
        except OSError:
            continue
        return aside
    return None


def move_back(aside: Path, site_dir: Path) -> None:
    """Put the previous site back where MkDocs will write, or drop it when it cannot be."""
    try:
        os.rename(aside, site_dir)
    except OSError:
        shutil.rmtree(aside, ignore_errors=True)


def remove_stale(site_dir: Path, written: Iterable[Path | str], keep: Iterable[str] = ()) -> int:
    """Delete files under ``site_dir`` that are not in ``written``, then empty folders.

    ``keep`` names top-level folders to leave alone (written by other means, such
    as the search bundle, which replaces itself). Returns the number of files removed.
    """
    root = os.path.normpath(os.path.abspath(site_dir))
    wanted = {os.path.normpath(os.path.abspath(p)) for p in written}
    kept = {os.path.join(root, k) for k in keep}
    removed = 0
    stack = [root]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.path not in kept:
                        stack.append(entry.path)
                elif entry.path not in wanted:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.path)
                    removed += 1
    if removed:
        for folder, _dirs, _names in os.walk(root, topdown=False):
            if folder != root and folder not in kept:
                with contextlib.suppress(OSError):
                    os.rmdir(folder)  # only succeeds when empty
    return removed
