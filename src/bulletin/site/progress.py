"""How far a build is, for the command that asked (``bulletin build``).

MkDocs makes the plugin itself, so the progress callback cannot be handed to it:
:func:`reporting` sets it for the build it surrounds (:func:`~bulletin.site.build.
build_site` does), and the plugin's :class:`BuildProgress` finds it there. Without
one, a build counts nothing. Forked helpers (the second core's pages, the search
index, the theme's pages) never report: only the building process does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from ..basics import Progress, reported

T = TypeVar("T")

READING = "Reading items"
ITEMS = "Rendering item pages"
PAGES = "Rendering pages"
WRITING = "Writing pages"
INDEXING = "Indexing for search"

_REPORTER: ContextVar[Progress | None] = ContextVar("bulletin_build_progress", default=None)


@contextlib.contextmanager
def reporting(progress: Progress | None) -> Iterator[None]:
    """Have the builds run inside report to ``progress``."""
    token = _REPORTER.set(progress)
    try:
        yield
    finally:
        _REPORTER.reset(token)


class BuildProgress:
    """What one build reports: its stages, and how many of a stage's pages are done."""

    def __init__(self) -> None:
        self.report = _REPORTER.get()
        self._pages = self._written = 0

    def stage(self, what: str) -> None:
        """Work of unknown size has begun."""
        if self.report is not None:
            self.report(what, 0, 0)

    def counted(self, work: Iterable[T], what: str, total: int = 0) -> Iterator[T]:
        """``work``'s values, each reported done (of ``total``, 0 when unknown)."""
        return reported(work, what, total, self.report)

    def writing(self, pages: int) -> None:
        """MkDocs starts writing ``pages`` pages."""
        self._pages, self._written = pages, 0

    def page_written(self) -> None:
        if self.report is not None:
            self._written += 1
            self.report(WRITING, self._written, self._pages)
