"""Where bulletin keeps its caches: outside the repository, one folder per repository.

Everything a repository carries is written by whoever can open a pull request, so
nothing bulletin reads back as a cache may live in it: a committed "cache" would be
trusted as if this machine had written it (a compiled template runs code, a parsed
item says what its file does not). The caches of the repository at ``root`` live in

* ``$BULLETIN_CACHE_DIR`` if set (CI sets it to a folder its cache step saves),
* else ``$XDG_CACHE_HOME/bulletin`` (an absolute ``XDG_CACHE_HOME`` only, as the
  XDG specification says),
* else ``~/.cache/bulletin``,

in a folder named from the repository's resolved path, ``<basename>-<sha256[:12]>``
(:func:`location`), so that two clones never share one. Deleting it, or all of
``~/.cache/bulletin``, is always safe: the next run is a clean one.

A folder another user could write to is not used (:func:`prepare`), and one inside
a git working tree is used only while git tracks nothing in it (``git/tracked.py``
asks git). :data:`NAMES` are the names caches had (or have) inside a repository:
the check reports a tracked file under any of them (rule S027).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

from .fsutil import write_atomic

ENV = "BULLETIN_CACHE_DIR"
"""The environment variable that names the folder every repository's caches go in."""
NAMES = (".bulletin-cache", ".bulletin-ci-cache", ".bulletin-previous-*")
"""Folder names bulletin's caches have had in a repository's top folder: ``.bulletin-cache``
(every cache, before they moved out), ``.bulletin-ci-cache`` (where the GitLab
template keeps them, as GitLab caches only folders of the project) and
``.bulletin-previous-<site>`` (the last site, moved aside during a build)."""
IGNORE = "# Created by bulletin: a cache, never committed\n*\n"
TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
       "# This file is a cache directory tag created by bulletin.\n"
       "# For information about cache directory tags see https://bford.info/cachedir/\n")


class UnsafeCache(OSError):
    """A cache folder bulletin will not read: another user may write to it, or git
    tracks files in it."""


def home(environ: Mapping[str, str] | None = None) -> Path:
    """The folder every repository's cache folder is in (not created); OSError when
    there is no home folder to put it in."""
    env = os.environ if environ is None else environ
    if env.get(ENV):
        return Path(env[ENV]).expanduser().absolute()
    xdg = env.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "bulletin"
    try:
        user = Path(env["HOME"]) if env.get("HOME") else Path.home()
    except RuntimeError as exc:  # no HOME, and no entry in the password database
        raise OSError(f"no folder for caches ({exc}); set {ENV}") from None
    return user / ".cache" / "bulletin"


def location(root: str | os.PathLike[str], environ: Mapping[str, str] | None = None) -> Path:
    """The cache folder of the repository at ``root`` (not created)."""
    resolved = Path(root).resolve()
    raw = os.fsencode(resolved)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", resolved.name)[:48].lstrip(".") or "repository"
    return home(environ) / f"{name}-{hashlib.sha256(raw).hexdigest()[:12]}"


def prepare(folder: Path) -> Path:
    """``folder``, created (private to this user) and marked as a cache; raises
    :class:`UnsafeCache` when another user could write to it, OSError when it cannot
    be made."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _check_owner(folder)
    for name, text in ((".gitignore", IGNORE), ("CACHEDIR.TAG", TAG)):
        marker = folder / name
        if not marker.exists():
            write_atomic(marker, text)
    return folder


def _check_owner(folder: Path) -> None:
    """Refuse a folder that is a link, or that this user does not own, or that others
    may write to: whoever can write a cache decides what the build publishes."""
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeCache(f"{folder} is not a folder (a link?); caches are not used")
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows: no owners to compare
        return
    if st.st_uid != getuid():
        raise UnsafeCache(f"{folder} belongs to another user; caches are not used")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeCache(f"{folder} may be written by other users; caches are not used "
                          f"(chmod go-w {folder}, or delete it)")


def worktree_of(path: Path) -> Path | None:
    """The top of the git working tree ``path`` lies in (None: in none)."""
    resolved = path.resolve()
    for folder in (resolved, *resolved.parents):
        if (folder / ".git").exists():
            return folder
    return None


def inside(folder: Path, top: Path) -> str | None:
    """``folder`` relative to ``top`` (POSIX) when it lies inside it, else None."""
    try:
        rel = folder.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        return None
    return rel
