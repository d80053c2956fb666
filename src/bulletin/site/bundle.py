"""Checksums of a Pagefind bundle: the cache's copy is used only as it was written,
and the site's copy is replaced unless it is that bundle, file for file.

With each bundle it keeps, the cache keeps :data:`SUMS`: the SHA-256, size and
modification time of each of its files. Hashing 10,000 fragments on every rebuild
would cost more than the rest of putting the index in place, so a file whose size
and time are those recorded counts as unchanged (writing to a file changes its
time) and only the others are read and hashed. A bundle with a file missing,
added, turned into a link or changed is damaged: it is removed and indexed anew.

The site's bundle is normally hard links to the cache's files (Pagefind never
rewrites a file): a file that is the cache's file (same inode) is that file, any
other is hashed; a file the bundle does not have means the site's copy is
replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from ..fsutil import write_atomic

SUMS = ".bulletin-sums.json"
"""In a cached bundle: ``{path: [SHA-256, size, mtime_ns]}`` of each of its other files."""

Verified = dict[str, tuple[str, int, int]]
"""Each file of a verified bundle: its SHA-256, inode and device."""


def write_sums(bundle: Path) -> None:
    """Record the checksums of the files of ``bundle`` (a bundle Pagefind just wrote)."""
    sums = {}
    for rel, entry in _files(bundle):
        st = entry.stat(follow_symlinks=False)
        sums[rel] = [sha256(entry.path), st.st_size, st.st_mtime_ns]
    write_atomic(bundle / SUMS, json.dumps(sums, sort_keys=True))


def verified(bundle: Path) -> Verified | None:
    """The files of a cached bundle when each is as :func:`write_sums` recorded it and
    there is no other; None when it is not (a missing or unreadable record, a file
    missing, added, a link, or of other bytes)."""
    try:
        sums = json.loads((bundle / SUMS).read_bytes())
        if not isinstance(sums, dict):
            return None
        out: Verified = {}
        for rel, entry in _files(bundle):
            known = sums.get(rel)
            if entry.is_symlink() or not isinstance(known, list) or len(known) != 3:
                return None
            st = entry.stat(follow_symlinks=False)
            if [st.st_size, st.st_mtime_ns] != known[1:] and sha256(entry.path) != known[0]:
                return None
            out[rel] = (str(known[0]), st.st_ino, st.st_dev)
    except (OSError, ValueError):
        return None
    return out if out.keys() == sums.keys() else None


def site_holds(target: Path, files: Verified) -> bool:
    """Whether ``target`` (the site's bundle) holds exactly the verified bundle ``files``:
    the cache's own files (hard links) or files of the same bytes, and no other."""
    if target.is_symlink() or not target.is_dir():
        return False
    seen = 0
    try:
        for rel, entry in _files(target):
            known = files.get(rel)
            if known is None or entry.is_symlink():
                return False
            st = entry.stat(follow_symlinks=False)
            if (st.st_ino, st.st_dev) != known[1:] and sha256(entry.path) != known[0]:
                return False
            seen += 1
    except OSError:
        return False
    return seen == len(files)


def sha256(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every file (and link) under ``folder`` but :data:`SUMS`, with its POSIX path in it."""
    stack = [("", str(folder))]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((rel + "/", entry.path))
                elif rel != SUMS:
                    yield rel, entry
