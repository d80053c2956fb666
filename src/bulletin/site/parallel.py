"""Work on two cores: half of it in a forked process.

Item pages are most of a large site and each is a pure function of the
composed site, so a child process forked from the build renders the second
half while the build renders the first; the child sends its pages (and the
cache entries and images they use) back through a pipe. The pages and their
order are those of :meth:`Renderer.item_pages`; where ``fork`` is missing,
only one core is free, the site is small or other threads run (``mkdocs
serve``), everything is rendered here, as without this module. A child that
fails costs time, not pages: its half is rendered again here.

:func:`halves` does the same for any pure work on a list (parsing files)."""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import marshal
import os
import signal
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .. import children
from ..basics import Progress, reported
from ..model import Item
from .cache import SiteCache
from .progress import ITEMS
from .render import Page, Renderer
from .spool import Spool

MIN_ITEMS = 500  # below this, forking costs more than it saves (at 1,000 it saves ~0.4 s)

T = TypeVar("T")
R = TypeVar("R")


def item_pages(renderer: Renderer, cache: Path | None,
               progress: Progress | None = None) -> list[Page]:
    """Every item page, as ``renderer.item_pages()`` makes them, on up to two cores.
    ``progress`` hears of each page made here (the child's arrive all at once)."""
    items = list(renderer.site.items.values())
    if not _can_fork(len(items)) or _mostly_cached(renderer, items):
        return list(reported(renderer.item_pages(), ITEMS, len(items), progress))
    split = len(items) // 2
    mine, theirs = items[:split], items[split:]
    spool = Spool()  # the child's pages: read back one by one, not sent in one piece
    try:
        child = Forked(lambda: _render_items(renderer, theirs, cache, spool))
        pages = list(reported(map(renderer.item, mine), ITEMS, len(items), progress))
        sent: dict[str, Any] | None = child.result()
        if progress is not None:
            progress(ITEMS, len(items), len(items))
        if sent is None or len(sent["pages"]) != len(theirs):
            return pages + [renderer.item(item) for item in theirs]
        renderer.assets.update(sent["assets"])
        for kind, key, start, length in sent["new"]:
            renderer.cache.put(kind, key, spool.read_bytes(start, length))
        for kind, keys in sent["used"].items():
            renderer.cache.used.setdefault(kind, set()).update(keys)
        for src, title, (start, length), *rest in sent["pages"]:
            pages.append(Page(src, title, spool.read(start, length), *rest))
        return pages
    finally:
        spool.close()


def give_back_memory() -> None:
    """Return the memory freed so far to the system (glibc's ``malloc_trim``), so that the
    processes forked later start smaller and the build's peak is what it holds, not what
    it once held. Nothing where the C library has no such call."""
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _can_fork(count: int, minimum: int | None = None) -> bool:
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and count >= (MIN_ITEMS if minimum is None else minimum)
            and threading.active_count() == 1)


def halves(work: Callable[[Sequence[T]], list[R]], items: Sequence[T],
           minimum: int = MIN_ITEMS) -> list[R]:
    """``work(items)``, the second half of ``items`` done by a forked child when there
    are ``minimum`` or more. ``work`` must be pure, its results plain data (what
    :mod:`marshal` writes); a child that fails costs time: its half is done here."""
    if not _can_fork(len(items), minimum):
        return work(items)
    split = len(items) // 2
    child = Forked(lambda: work(items[split:]))
    mine = work(items[:split])
    theirs: list[R] | None = child.result()
    return mine + (work(items[split:]) if theirs is None else theirs)


class Forked:
    """``work()`` run in a forked child, whose result (plain data: what :mod:`marshal`
    writes; no pickle, here or anywhere in bulletin) comes back through a pipe:
    :meth:`result` waits for it, None when the child failed; :meth:`cancel` stops it.
    The child leaves without running any cleanup of the parent's."""

    def __init__(self, work: Callable[[], Any]) -> None:
        read_end, write_end = os.pipe()
        self.pid: int | None = children.fork()
        if self.pid == 0:
            os.close(read_end)
            code = 1
            try:
                gc.freeze()  # what the parent made stays shared: no collection touches it
                data = marshal.dumps(work(), 4)
                view = memoryview(data)
                while view:
                    view = view[os.write(write_end, view):]
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.fd: int | None = read_end

    def result(self) -> Any:
        if self.fd is None or self.pid is None:
            return None
        data = _read_all(self.fd)
        self.fd = None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if status != 0:
            return None
        try:
            return marshal.loads(data)  # from our own child
        except (ValueError, EOFError, TypeError):
            return None

    def cancel(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None


def _mostly_cached(renderer: Renderer, items: list[Item], sample: int = 50) -> bool:
    """Whether a rebuild finds most pages in the cache (then a second process costs more
    than it saves): judged on every n-th item."""
    step = max(1, len(items) // sample)
    picked = items[::step]
    return sum(renderer.item_cached(item) for item in picked) * 2 > len(picked)


def _render_items(renderer: Renderer, items: list[Item], cache: Path | None,
                  spool: Spool) -> dict[str, Any]:
    """(In the child) the pages of ``items``, their bodies written to ``spool``, and what
    rendering them would store."""
    # a connection must not cross a fork: the child opens its own, and sends what it
    # would store to the parent, which stores it
    renderer.cache = SiteCache(cache)
    renderer.assets = set()
    pages = []
    for item in items:
        page = renderer.item(item)
        ref = spool.put(page.body)
        fields = dataclasses.astuple(page)
        pages.append((*fields[:2], (ref.offset, ref.length), *fields[3:]))
    new = []  # what the child would store: in the same spool, for the parent to store
    for kind, refs in renderer.cache.new.items():
        for key, stored in refs.items():
            ref = spool.put_bytes(stored.read_bytes())
            new.append((kind, key, ref.offset, ref.length))
    return {"pages": pages, "assets": renderer.assets, "new": new, "used": renderer.cache.used}


def _read_all(fd: int) -> bytes:
    chunks = []
    with os.fdopen(fd, "rb") as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    return b"".join(chunks)
