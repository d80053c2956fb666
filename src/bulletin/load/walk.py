"""Which files a bulletin repository holds and what each is: the walk of ``items/``
and ``bulletins/`` and the kind of every file it finds.

Nothing here reads a file: :mod:`bulletin.load.read` does, and the callers
(:func:`bulletin.load.repository.load_repository`, the check, the site) choose
what to read by the kind :func:`classify` gives.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

ITEMS_DIR = "items"
EDITIONS_DIR = "bulletins"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
IGNORED_NAMES = {"README.md", ".gitkeep", ".DS_Store", "Thumbs.db"}
EDITION_NAME = re.compile(r"(\d{3,})\.ya?ml\Z")
RESPONSES_NAME = "responses.yml"


def walk(root: Path, top: str) -> Iterator[tuple[str, bool]]:
    """POSIX paths under ``top`` (relative to root), sorted, with an is-symlink flag.

    Hidden entries are skipped; symbolic links are yielded, never followed.
    """
    if (root / top).is_symlink():
        yield top, True
        return
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(root / folder), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                subdirs.append(rel)
            else:
                yield rel, entry.is_symlink()
        stack.extend(reversed(subdirs))


def walk_key(rel: str) -> tuple[int, list[tuple[int, str]]]:
    """Sorts paths as :func:`walk` yields them: top folder, then each folder's files
    before its subfolders, by name."""
    parts = rel.split("/")
    top = 0 if parts[0] == ITEMS_DIR else 1
    return top, [(1, p) for p in parts[1:-1]] + [(0, parts[-1])]


def classify(rel: str) -> str:
    """What kind of file ``rel`` is: item, edition, responses, asset, or stray."""
    parts = rel.split("/")
    name = parts[-1]
    if name in IGNORED_NAMES:
        return "ignored"
    suffix = os.path.splitext(name)[1].lower()
    if parts[0] == ITEMS_DIR:
        return "item" if suffix == ".md" else "asset" if suffix in IMAGE_SUFFIXES else "stray"
    if name == RESPONSES_NAME:
        return "responses"
    return "edition" if suffix in (".yml", ".yaml") else "stray"
