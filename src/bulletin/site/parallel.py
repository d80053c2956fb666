"""Render the item pages on two cores: half of them in a forked process.

Item pages are most of a large site and each is a pure function of the
composed site, so a child process forked from the build renders the second
half while the build renders the first; the child sends its pages (and the
cache entries and images they use) back through a pipe. The pages and their
order are those of :meth:`Renderer.item_pages`; where ``fork`` is missing,
only one core is free, the site is small or other threads run (``mkdocs
serve``), everything is rendered here, as without this module. A child that
fails costs time, not pages: its half is rendered again here.
"""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path
from typing import Any

from ..model import Item
from .cache import SiteCache
from .render import Page, Renderer

MIN_ITEMS = 2000  # below this, forking costs more than it saves


def item_pages(renderer: Renderer, cache: Path | None) -> list[Page]:
    """Every item page, as ``renderer.item_pages()`` makes them, on up to two cores."""
    items = list(renderer.site.items.values())
    if not _can_fork(len(items)) or _mostly_cached(renderer, items):
        return list(renderer.item_pages())
    split = len(items) // 2
    mine, theirs = items[:split], items[split:]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send, and leave without running any cleanup
        os.close(read_end)
        _child(renderer, theirs, cache, write_end)
    os.close(write_end)
    pages = [renderer.item(item) for item in mine]
    data = _read_all(read_end)
    _, status = os.waitpid(pid, 0)
    try:
        if status != 0:
            raise ValueError("the rendering process failed")
        sent: dict[str, Any] = pickle.loads(data)  # from our own child
    except (ValueError, EOFError, pickle.UnpicklingError):
        return pages + [renderer.item(item) for item in theirs]
    renderer.assets.update(sent["assets"])
    for kind, values in sent["new"].items():
        for key, value in values.items():
            renderer.cache.put(kind, key, value)
    for kind, keys in sent["used"].items():
        renderer.cache.used.setdefault(kind, set()).update(keys)
    return pages + list(sent["pages"])


def _can_fork(count: int) -> bool:
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and count >= MIN_ITEMS
            and threading.active_count() == 1)


def _mostly_cached(renderer: Renderer, items: list[Item], sample: int = 50) -> bool:
    """Whether a rebuild finds most pages in the cache (then a second process costs more
    than it saves): judged on every n-th item."""
    step = max(1, len(items) // sample)
    picked = items[::step]
    return sum(renderer.item_cached(item) for item in picked) * 2 > len(picked)


def _child(renderer: Renderer, items: list[Item], cache: Path | None, out: int) -> None:
    code = 1
    try:
        # a connection must not cross a fork: the child opens its own, and sends
        # what it would store to the parent, which stores it
        renderer.cache = SiteCache(cache)
        renderer.assets = set()
        pages = [renderer.item(item) for item in items]
        data = pickle.dumps({"pages": pages, "assets": renderer.assets,
                             "new": renderer.cache.new, "used": renderer.cache.used},
                            protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(out, view):]
        code = 0
    finally:
        os._exit(code)


def _read_all(fd: int) -> bytes:
    chunks = []
    with os.fdopen(fd, "rb") as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    return b"".join(chunks)
