"""Pass some of the pages through the theme's templates in a forked process.

Material turns a page's content into the finished page in ~1.3 ms, on one
core: ~13 s of a clean build at 10,000 items, and all of a rebuild after a
change every page shows (the navigation, the theme). When MkDocs starts
writing pages (right after ``on_env``) every page's content and the
navigation are final. So once MkDocs has rendered the first page (and so
compiled the theme's templates), a child process forked then renders the
last :data:`SHARE` of the pages that need the theme — the steps of MkDocs'
``_build_page``: :func:`render_page` — while MkDocs renders the others; just
before MkDocs reaches the child's pages, :class:`ThemeSplit` hands it their
HTML under a template that prints it, and MkDocs writes them as usual,
through ``on_post_page``. The files are the same; a child that fails costs
time, not pages (MkDocs then renders them itself). Measured on 2 cores: a
clean build of 10,000 items ~27 s instead of ~33 s; at 1,000 items, where
Pagefind keeps the second core busy anyway, no gain and no loss.

Where ``fork`` is missing, only one core is free, few pages need the theme or
other threads run (``mkdocs serve``), MkDocs renders every page, as without
this module. Warnings the child logs are logged again by the build, so
``--strict`` sees them.

:func:`precompile` uses the second core earlier still: while the build reads
the repository, a child compiles the theme's templates (~0.15 s) into the
cache, where the build finds them."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .. import children
from . import parallel
from .compiled import has_templates, template_cache
from .spool import Ref, Spool, SpooledContent

log = logging.getLogger("mkdocs.plugins.bulletin")

MIN_PAGES = 200  # below this, forking costs more than it saves
# Of the pages, the share the child renders: half, or a quarter while Pagefind
# indexes on the same core (it costs about what the theme costs per page)
SHARE, SHARE_BESIDE_SEARCH = 0.5, 0.25

Render = Callable[[Page], str]


def render_page(page: Page, config: MkDocsConfig, nav: Navigation, doc_files: Sequence[File],
                env: jinja2.Environment) -> str:
    """The finished HTML of ``page``, as ``mkdocs.commands.build._build_page`` renders it
    (MkDocs 1.6) before it runs ``on_post_page``."""
    config._current_page = page
    page.active = True
    try:
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return template.render(context)
    finally:
        page.active = False
        config._current_page = None


def split(todo: Sequence[Page], config: MkDocsConfig, nav: Navigation,
          doc_files: Sequence[File], env: jinja2.Environment, template: str,
          beside_search: bool = False) -> ThemeSplit | None:
    """The plan for ``todo``, the pages that need the theme, in the order MkDocs builds
    them (None when one process does best); ``template`` prints ``page.content``;
    ``beside_search``: Pagefind indexes on the other core meanwhile."""
    if not can_fork(len(todo)):
        return None
    return ThemeSplit(todo, lambda page: render_page(page, config, nav, doc_files, env),
                      template, SHARE_BESIDE_SEARCH if beside_search else SHARE)


def can_fork(count: int) -> bool:
    """Whether rendering ``count`` pages in a second process is worth it, and safe."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and count >= MIN_PAGES
            and threading.active_count() == 1)


def precompile(config: MkDocsConfig, cache: Path | None) -> int | None:
    """Compile the theme's templates into ``cache`` in a forked child, unless they are
    there already; the child's pid (to be reaped), or None."""
    if cache is None or not can_fork(MIN_PAGES):
        return None
    env = config.theme.get_env()
    bytecode = template_cache(cache, "theme", env)
    if bytecode is None or has_templates(bytecode):
        return None
    pid = children.fork()
    if pid == 0:
        code = 1
        try:
            gc.freeze()
            env.bytecode_cache = bytecode
            for name in _referenced(env, ["main.html", "404.html", "sitemap.xml"]):
                with contextlib.suppress(jinja2.TemplateError):  # the build will say
                    env.get_template(name)
            code = 0
        finally:
            os._exit(code)
    return pid


def _referenced(env: jinja2.Environment, names: list[str]) -> set[str]:
    """``names`` and the templates they extend, include or import, by name, found."""
    found: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        try:
            assert env.loader is not None
            source = env.loader.get_source(env, name)[0]
            refs = meta.find_referenced_templates(env.parse(source))
        except (jinja2.TemplateError, AssertionError):
            continue
        found.add(name)
        todo += [ref for ref in refs if ref]
    return found


def reap(pid: int | None) -> None:
    """Wait for a child of :func:`precompile` (it may have finished long ago)."""
    if pid is not None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


class ThemeSplit:
    """The plan for one build: which pages the child renders, when it starts, and when
    MkDocs gets their HTML. Call :meth:`after_page` after MkDocs renders each page."""

    def __init__(self, todo: Sequence[Page], render: Render, template: str,
                 share: float = SHARE) -> None:
        """``todo``: the pages that need the theme, in the order MkDocs builds them;
        ``template``: a template that prints ``page.content``; ``share``: of the pages,
        the share the child renders."""
        self.todo, self.render, self.template, self.share = todo, render, template, share
        self.start: Page | None = todo[0] if todo else None
        self.after: Page | None = None  # the page after which the child's pages come
        self.job: ThemeJob | None = None
        self.spool: Spool | None = None  # the child's pages, until MkDocs has written them

    def after_page(self, page: Page) -> None:
        if page is self.start:
            self._start()
        if self.job is not None and page is self.after:
            self._take()  # MkDocs renders the child's pages next

    def _start(self) -> None:
        rest, self.start = self.todo[1:], None
        split = len(rest) - int(len(rest) * self.share)
        if split < len(rest) and can_fork(len(rest)):
            self.job = ThemeJob(rest[split:], self.render)
            self.spool = self.job.spool
            self.after = rest[split - 1] if split else self.todo[0]

    def _take(self) -> None:
        assert self.job is not None
        job, self.job = self.job, None
        rendered = job.take()
        if rendered is None:
            log.info("bulletin: the second rendering process failed; MkDocs renders its pages")
            return
        for page, html in zip(job.pages, rendered, strict=True):
            if isinstance(page, SpooledContent):
                page.attach(html)  # read when MkDocs writes the page, not all at once now
            else:
                page.content = html.read()
            page.meta["template"] = self.template

    def cancel(self) -> None:
        """The build ended (or failed): no child is left behind."""
        self.start = None
        if self.job is not None:
            self.job.cancel()
            self.job = None
        if self.spool is not None:
            self.spool.close()
            self.spool = None


class ThemeJob:
    """``pages`` rendered by ``render`` in a forked process, which writes their HTML to
    :attr:`spool` as it goes (so neither process holds them all); :meth:`take` waits
    for them."""

    def __init__(self, pages: Sequence[Page], render: Render) -> None:
        self.pages = pages
        self.spool = Spool()
        self.child = parallel.Forked(lambda: _render_pages(pages, render, self.spool))

    def take(self) -> list[Ref] | None:
        """Where the pages' HTML lies, in order; None when the child failed (MkDocs
        renders them)."""
        sent: dict[str, Any] | None = self.child.result()
        if sent is None:
            return None
        for name, level, message in sent["logs"]:
            logging.getLogger(name).log(level, message)
        places: list[tuple[int, int]] = sent["pages"]
        size = self.spool.size  # as the child left it
        if len(places) != len(self.pages) or any(at + n > size for at, n in places):
            return None
        return [Ref(self.spool, start, length) for start, length in places]

    def cancel(self) -> None:
        """Stop waiting: the build failed, or ended before it needed the pages."""
        self.child.cancel()


class _Collect(logging.Handler):
    """Keeps the warnings the child's rendering logs, for the parent to log."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _render_pages(pages: Sequence[Page], render: Render, spool: Spool) -> dict[str, Any]:
    """(In the child) the pages' HTML written to ``spool``: where each lies, and the
    warnings rendering them logged."""
    collect = _Collect()
    logger = logging.getLogger()
    logger.handlers, logger.level = [collect], logging.WARNING
    for name in list(logging.root.manager.loggerDict):  # the parent's handlers write
        other = logging.getLogger(name)                  # to its stderr: not here
        other.handlers, other.propagate = [], True
    places = []
    for page in pages:
        ref = spool.put(render(page))
        places.append((ref.offset, ref.length))
    return {"pages": places, "logs": collect.records}
