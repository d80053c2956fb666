"""What every command needs before anything heavy is imported: the fixed vocabularies
its options offer, where the repository is, and how long work reports its progress.

Importing this module costs next to nothing (no YAML, no pydantic, no rules), so that
``bulletin check --changed-since`` can set git to work while the check's own modules
are still being imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from .errors import RepositoryNotFound

T = TypeVar("T")

Progress = Callable[[str, int, int], None]
"""How long work reports how far it is: ``progress(what, done, total)`` says that
``done`` of ``total`` units of ``what`` (e.g. "Reading files") are finished; a
``total`` of 0 means the work has begun and its size is unknown. The library calls it
as often as it likes and never prints: the command that passes it decides what to
show, where and how often (``bulletin.cli.progress``)."""

POLICY_FILE = "bulletin.yml"
PRIORITIES = ("routine", "important", "urgent")
EDITION_TYPES = ("regular", "flash", "special")
CHECK_FORMATS = ("text", "json", "markdown", "github", "gitlab")
"""Report formats of ``bulletin check``."""
SCORE_FORMATS = ("text", "csv", "json", "markdown")
"""Report formats of ``bulletin score``."""
FORGES = ("github", "gitea", "gitlab")


def find_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``bulletin.yml``."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / POLICY_FILE).is_file():
            return folder
    where = "here" if start is None else str(start)
    raise RepositoryNotFound(f"no {POLICY_FILE} found {where} or in any parent folder; "
                             "run 'bulletin init DIR' to start a bulletin, or pass --repo DIR")


def reported(work: Iterable[T], what: str, total: int, progress: Progress | None
             ) -> Iterator[T]:
    """``work``'s values, each one counted to ``progress`` as done (of ``total``, 0 when
    unknown). Nothing is reported of work that yields nothing."""
    if progress is None:
        yield from work
        return
    if total:
        progress(what, 0, total)
    for done, value in enumerate(work, 1):
        progress(what, done, total)
        yield value
