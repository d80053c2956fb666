"""What git tracks where caches live: such files are never read, and always reported.

A cache is trusted because this machine wrote it. A file that arrived by a commit
was written by whoever made the commit, so a cache folder in which git tracks any
file is not used (:func:`cache_folder`), and the check reports every tracked file
under a cache's name (:func:`tracked_caches`, rule S027).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .. import cachedir


def _ls_files(cwd: Path, *pathspecs: str) -> list[str]:
    """The files git tracks at ``cwd`` that match ``pathspecs`` (relative to ``cwd``);
    empty outside git or when git fails."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", *pathspecs], cwd=cwd,
                             capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return []
    if out.returncode != 0:
        return []
    return [name for name in out.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


def cache_folder(root: Path) -> Path:
    """The cache folder of the repository at ``root``, created; raises
    :class:`~bulletin.cachedir.UnsafeCache` when it must not be used (another user
    may write to it, or git tracks files in it) and OSError when it cannot be made."""
    folder = cachedir.location(root)
    home = folder.parent  # every repository's caches: one tracked file there taints all
    top = cachedir.worktree_of(home)
    rel = None if top is None else cachedir.inside(home, top)
    if top is not None and rel is not None and _ls_files(top, f":(top,literal){rel}"):
        raise cachedir.UnsafeCache(f"{home} holds files committed to git; caches are not "
                                   "used (rule S027)")
    return cachedir.prepare(folder)


def tracked_caches(root: Path) -> list[str]:
    """Files git tracks (relative to ``root``) in a folder of ``root`` named as one of
    :data:`bulletin.cachedir.NAMES`, or in the cache folders' home when it lies inside
    ``root``. (Only there did caches ever live; matching the names at any depth would
    cost git a look at every file of the index, ~0.15 s at 100,000 files.)"""
    specs = [f":(glob){name}/**" for name in cachedir.NAMES]
    try:
        home = cachedir.inside(cachedir.home(), root)
    except OSError:
        home = None
    if home and home != ".":
        specs.append(f":(literal){home}")
    return sorted(set(_ls_files(root, *specs)))
