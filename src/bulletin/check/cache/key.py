"""The global key the whole cache file is valid under: a hash of the file's format,
bulletin's own code and data, the Python version and the policy (``bulletin.yml``),
so that a change to any of them invalidates every record.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sys
from pathlib import Path

import bulletin

from .layout import FORMAT

PACKAGE = Path(bulletin.__file__).resolve().parent
"""The folder of the whole ``bulletin`` package, wherever this module lies in it."""
_NOT_CHECKED = ("site/", "export/", "review/templates/")
"""Folders of the package that decide nothing a check finds."""


def global_key(policy: bytes) -> bytes:
    """The key every record is valid under: bulletin's code and data, Python, the policy."""
    h = hashlib.blake2b(digest_size=32)
    for part in (f"{FORMAT}", bulletin.__version__, sys.implementation.cache_tag or "",
                 f"{sys.version_info[:3]}/{marshal.version}"):
        h.update(part.encode() + b"\0")
    h.update(_source_digest())
    h.update(policy)
    return h.digest()


def source_files() -> list[tuple[str, Path]]:
    """The package's files that decide what a check finds (not the site's), by their
    paths in the package, in order."""
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if not path.is_file() or rel.startswith(_NOT_CHECKED) or "__pycache__" in rel:
            continue
        files.append((rel, path))
    return files


@functools.lru_cache(maxsize=1)
def _source_digest() -> bytes:
    """A hash of :func:`source_files`, each with its path."""
    h = hashlib.blake2b(digest_size=32)
    for rel, path in source_files():
        h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()
