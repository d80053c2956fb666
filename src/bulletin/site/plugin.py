"""The ``bulletin`` MkDocs plugin: thin glue between MkDocs and compose/render.

``mkdocs build`` / ``mkdocs serve`` with ``plugins: [bulletin]`` generate the
bulletin's pages from ``items/`` and ``bulletins/``. The hooks only load,
call :func:`~bulletin.site.compose.compose` and the renderer, and hand the
pages to MkDocs; everything else lives in the pure layers.

The pages arrive as finished HTML, so MkDocs gets them as
:class:`GeneratedPage` objects that read no file and run no Markdown. With
``cache: true`` (the default) a page whose HTML, navigation and theme are
unchanged since an earlier build is not passed through the theme's templates
again: its finished HTML comes from the repository's cache folder, outside the
repository (see ``cache.py`` and :mod:`bulletin.cachedir`).
The cache is content-addressed, so a cached build writes the same files as a
clean one; it is off when another plugin works on pages. A rebuild in place
does not even look up a page whose file already holds it (``reuse.PageFiles``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..basics import find_root
from ..config import Policy
from ..errors import BulletinError
from ..load.repository import load_policy
from ..load.walk import EDITIONS_DIR, ITEMS_DIR
from . import chrome, handwritten, mkdocs_state, parallel
from . import render as _render
from . import theme as _theme
from .cache import SiteCache, cache_folder, digest, source_hash
from .compiled import template_cache
from .compose import Site, compose, release_sources
from .feeds import write_feeds
from .generated import GeneratedPage, add_page
from .media_files import add_media
from .progress import INDEXING, PAGES, READING, BuildProgress
from .render import Renderer
from .reuse import SKIPPED as _SKIPPED
from .reuse import PageFiles, move_aside, move_back, remove_stale, unchanged
from .search_docs import SearchDoc
from .search_shards import DEFAULT_SIZE
from .site_search import BUNDLES, SiteSearch, edition_docs, item_doc
from .snapshot import load_site_repository
from .spool import Spool

log = logging.getLogger("mkdocs.plugins.bulletin")

AUDIENCE_ENV = "BULLETIN_AUDIENCE"
AS_OF_ENV = "BULLETIN_AS_OF"
CACHE_ENV = "BULLETIN_CACHE"  # "0": build without the cache (bulletin build --no-cache)
CACHED_TEMPLATE = "bulletin/cached-page.html"
CSS = "assets/bulletin/bulletin.css"
JS = "assets/bulletin/search.js"


class BulletinConfig(Config):  # type: ignore[no-untyped-call]
    """Options under ``plugins: - bulletin:`` in mkdocs.yml."""

    repo = opt.Optional(opt.Type(str))
    """The bulletin repository (default: the folder of mkdocs.yml, or above)."""
    audience = opt.Optional(opt.Type(str))
    """Build for this classification level (default: the policy's default_audience)."""
    as_of = opt.Optional(opt.Type(str))
    """Publish as of this ISO date-time (embargoes); default: now."""
    intranet_hosts = opt.ListOfItems(opt.Type(str), default=[])
    """Hosts items may load images from; every other host is blocked."""
    search = opt.Choice(("pagefind", "none"), default="pagefind")
    """Site search: Pagefind (indexes English and Chinese), or none."""
    search_shard_size = opt.Type(int, default=DEFAULT_SIZE)
    """At most this many item pages in one Pagefind index (shard); at least 20."""
    cache = opt.Type(bool, default=True)
    """Reuse rendered bodies, pages and the search index from the repository's cache
    folder (outside the repository: ~/.cache/bulletin or $BULLETIN_CACHE_DIR)."""


def _drain(pages: list[_render.Page]) -> Iterator[_render.Page]:
    """``pages`` in order, each let go of as it is taken (the list ends empty)."""
    pages.reverse()
    while pages:
        yield pages.pop()


def _log_withheld(site: Site) -> None:
    """A warning for each file left out (``--strict`` fails), an info line for each
    item that waits for its embargo: the publish build leaves it out and succeeds."""
    for withheld in site.withheld:
        say = log.info if withheld.expected else log.warning
        say(f"bulletin: {withheld.path}: {withheld.reason}")


def _guard(root: Path, config: MkDocsConfig) -> Policy | None:
    """What ``bulletin build`` refuses before MkDocs reads mkdocs.yml (``guard.py``),
    refused here too for plain ``mkdocs build``: after MkDocs has read the file, so
    as far as it still can (a ``!!python`` tag has run by now). The policy, if valid."""
    from .guard import check_config

    policy = load_policy(root).policy
    if policy is None or not config.config_file_path:
        return policy  # an invalid policy stops the build in on_files
    problems = check_config(root, Path(config.config_file_path), policy, site_dir_given=True)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PluginError(f"bulletin: {problems[0]}{more}")
    return policy


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[no-untyped-call]
    """Generates the bulletin's pages, feeds and search index."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.root: Path | None = None
        self.cache = SiteCache(None)
        self.search: SiteSearch | None = None
        self.fingerprint: str | None = None  # of what every page shares; None: no page cache
        self.renderer: Renderer | None = None
        self.aside: Path | None = None  # the previous site, while MkDocs "cleans"
        self.site_dir: Path | None = None
        self.reusing = False
        self.page_files: PageFiles | None = None
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.theme: _theme.ThemeSplit | None = None  # pages rendered by another process
        self.compiling: int | None = None  # the process compiling the theme's templates
        self.progress = BuildProgress()
        self.folder: Path | None = None  # the cache folder of this build (None: no cache)
        self.spool: Spool | None = None  # the generated pages' HTML, until they are written

    # --- configuration ------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = self._find_root(config)
        chrome.dress_theme(config, _guard(self.root, config))
        if not config.use_directory_urls:
            log.warning("bulletin: use_directory_urls is false; the bulletin's pages use "
                        "directory URLs, so it is switched on")
            config.use_directory_urls = True
        theme = config.theme
        if theme.name == "material" and theme.get("font") is not False:
            # Material loads Google Fonts by default: an intranet site must not
            log.info("bulletin: theme.font is set to false (no web fonts from outside hosts)")
            theme["font"] = False
        for name in ("search",):
            if name in config.plugins and self.config.search == "pagefind":
                log.info("bulletin: the theme's search plugin is replaced by Pagefind")
                mkdocs_state.remove_plugin(config, name)
        config.extra_css.insert(0, CSS)
        if self.config.search == "pagefind":
            config.extra_javascript.append(JS)
        return config

    def _find_root(self, config: MkDocsConfig) -> Path:
        start = self.config.repo or os.path.dirname(config.config_file_path or ".") or "."
        try:
            return find_root(Path(start))
        except BulletinError as exc:
            raise PluginError(f"bulletin: {exc}") from None

    # --- pages --------------------------------------------------------------------

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.reusing, self.site_dir = False, Path(config.site_dir)
        self.progress = BuildProgress()
        _SKIPPED.clear()
        self.folder = self._cache_folder()
        if self.folder is not None and list(config.plugins) == ["bulletin"]:
            self.aside = move_aside(Path(config.site_dir), self.folder)
            self.compiling = _theme.precompile(config, self.folder)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.root is not None
        handwritten.screen_files(files, config)  # docs/: only what cannot run
        if self.aside is not None:  # MkDocs has "cleaned" an empty place: the old site returns
            move_back(self.aside, Path(config.site_dir))
            self.aside, self.reusing = None, True
        folder = self.folder
        self.progress.stage(READING)
        self.site = self._compose(folder)
        _log_withheld(self.site)
        hosts = self._hosts()
        self.cache = SiteCache(folder)
        self.page_files = (PageFiles(self.cache, Path(config.site_dir), self.reusing)
                           if self.cache.enabled else None)
        renderer = self.renderer = Renderer(self.site, hosts, self.cache)
        policy, audience = self.site.policy, self.site.audience
        config.extra["bulletin"] = chrome.chrome_context(policy, audience,
                                                         self.config.search == "pagefind")
        boards = self._assessment(self.site)
        user_nav: dict[str, list[Any]] = {"reader": [], "staff": []}
        docs: list[SearchDoc] = []
        log.info(f"bulletin: {len(self.site.items)} items, {len(self.site.editions)} editions "
                 f"for audience '{audience}'")
        items = parallel.item_pages(renderer, folder, self.progress.report)
        for page in items:
            if page.indexed:
                item = self.site.items[page.url.split("/")[1]]
                docs.append(item_doc(page.url, self._html_lang(page), page.title,
                                     page.body, item, policy))
        if self.config.search == "pagefind":  # indexes on the other core from now on
            self.search = SiteSearch(self.site, docs, edition_docs(self.site, renderer), folder,
                                     self.config.search_shard_size)
            renderer.search_languages = (self.search.languages, self.search.edition_languages)
        del docs  # the pages' HTML goes to the spool, and from memory, page by page
        self._new_spool()
        pages = renderer.render_all(_drain(items))
        if boards is not None:
            from .assessment import pages as assessment_pages

            pages = itertools.chain(pages, assessment_pages(renderer, boards))
        for page in self.progress.counted(pages, PAGES):
            self._add_page(page, files, config, user_nav)
        for asset in sorted(renderer.assets):
            add_media(self.root, files, config, asset, self.site.items.values())
        assets = [("bulletin.css", CSS)]
        if self.config.search == "pagefind":
            assets.append(("search.js", JS))
        for name, uri in assets:
            text = resources.files("bulletin.site").joinpath("assets", name).read_text("utf-8")
            files.append(File.generated(config, uri, content=text))
        release_sources(self.site)  # every page is made: the items' Markdown is not needed
        parallel.give_back_memory()  # before the theme's child is forked
        staff = chrome.staff_docs(files, policy, audience)
        if config.nav is None:
            taken = {p for d in [*user_nav["reader"], *user_nav["staff"]] for p in d.values()}
            others = [p for p in mkdocs_state.docs_pages(files, taken | set(staff))]
            config.nav = chrome.navigation(user_nav["reader"], user_nav["staff"], others, staff,
                                           policy)
        return files

    def _add_page(self, page: _render.Page, files: Files, config: MkDocsConfig,
                  user_nav: dict[str, list[Any]]) -> None:
        existing = files.get_file_from_path(page.src)
        if existing is not None:
            log.warning(f"bulletin: docs/{page.src} is replaced by the generated page")
            files.remove(existing)
        assert self.spool is not None
        add_page(page, self.spool, files, config)
        if page.in_nav:
            user_nav[page.nav_group].append({page.title: page.src})

    def _new_spool(self) -> None:
        if self.spool is not None:
            self.spool.close()
        self.spool = Spool()

    def _end_spool(self) -> None:
        """The pages are written: their spool goes (a page's ``content`` is gone)."""
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    def _hosts(self) -> tuple[str, ...]:
        """Hosts pages may load images from: the plugin's option and the policy's."""
        policy = self.site.policy.intranet_hosts if self.site is not None else []
        return (*self.config.intranet_hosts, *policy)

    def _cache_wanted(self) -> bool:
        return bool(self.config.cache) and os.environ.get(CACHE_ENV) != "0"

    def _cache_folder(self) -> Path | None:
        assert self.root is not None
        if not self._cache_wanted():
            return None
        try:
            return cache_folder(self.root)
        except OSError as exc:
            log.warning(f"bulletin: no cache ({exc}); building without it")
            return None

    def _html_lang(self, page: _render.Page) -> str:
        """The language Pagefind indexes ``page`` in: its item's (Pagefind segments
        Chinese only in a document whose ``<html lang>`` is ``zh``)."""
        assert self.site is not None
        return page.lang or self.site.policy.language

    def _compose(self, cache: Path | None) -> Site:
        assert self.root is not None
        loaded = load_policy(self.root)
        if loaded.policy is None:
            problems = "; ".join(f"{f.line}:{f.column} {f.message}" for f in loaded.findings[:5])
            raise PluginError(f"bulletin: bulletin.yml is invalid ({problems}); "
                              "run 'bulletin check'")
        policy = loaded.policy
        audience = os.environ.get(AUDIENCE_ENV) or self.config.audience or policy.audience
        if audience not in policy.levels:
            raise PluginError(f"bulletin: unknown audience '{audience}' (levels: "
                              f"{', '.join(policy.levels)})")
        repo = load_site_repository(self.root, policy, cache)
        from ..git.upstream import read_credit  # the network's adoptions, read as data

        credit = read_credit(self.root, policy).adoptions if policy.upstream else []
        return compose(repo, audience, self._as_of(policy.tz), credit)

    def _assessment(self, site: Site) -> Any:
        """The Assessment section's scoreboards, for builds whose audience may see it."""
        from .assessment import boards_for, shows_assessment

        if not shows_assessment(site.policy, site.audience):
            return None
        from ..assess.gather import gather

        assert self.root is not None
        try:
            inputs = gather(self.root, today=site.as_of.astimezone(site.policy.tz).date(),
                            progress=self.progress.report)
        except BulletinError as exc:
            log.warning(f"bulletin: no Assessment section: {exc}")
            return None
        return boards_for(site, inputs)

    def _as_of(self, tz: dt.tzinfo) -> dt.datetime:
        raw = os.environ.get(AS_OF_ENV) or self.config.as_of
        if not raw:
            return dt.datetime.now(tz)
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise PluginError(f"bulletin: as_of '{raw}' is not an ISO date-time") from None
        return value if value.tzinfo else value.replace(tzinfo=tz)

    # --- the page cache -----------------------------------------------------------

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.fingerprint, self.nav = None, nav
        if self.cache.enabled:
            others = mkdocs_state.page_plugins(config, self)
            if others:
                log.info(f"bulletin: no page cache, as {', '.join(others)} also work on pages")
            else:
                code = digest(source_hash(sys.modules[__name__]), source_hash(mkdocs_state),
                              chrome.overrides_hash())
                self.fingerprint = mkdocs_state.fingerprint(config, nav, code)
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        self.files = files
        self.progress.writing(len(files.documentation_pages()))
        if env.loader is not None:
            cached = jinja2.DictLoader({CACHED_TEMPLATE: "{{ page.content }}"})
            env.loader = jinja2.ChoiceLoader([cached, env.loader])
            self._plan_theme_job(config, files, env)
        if env.bytecode_cache is None:
            env.bytecode_cache = template_cache(self.cache.folder, "theme", env)
        return env

    def _plan_theme_job(self, config: MkDocsConfig, files: Files,
                        env: jinja2.Environment) -> None:
        """Let another process render some of the pages that need the theme (see
        ``theme.py``); only when the bulletin plugin is the only plugin, so that no
        other changes pages, or the files, after this."""
        if self.theme is not None:
            self.theme.cancel()
        self.theme = None
        if self.nav is None or list(config.plugins) != ["bulletin"]:
            return
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        todo = [f.page for f in doc_files if isinstance(f.page, GeneratedPage)
                and not f.page.cached]
        indexing = self.search is not None and not self.search.reused
        self.theme = _theme.split(todo, config, self.nav, doc_files, env, CACHED_TEMPLATE,
                                  beside_search=indexing)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if not isinstance(page, GeneratedPage):  # docs/: the front matter the theme prints
            page.meta = handwritten.clean_meta(page.meta)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        if not isinstance(page, GeneratedPage):  # docs/: the same sanitiser as items
            return handwritten.clean_content(page, html, self._hosts())
        if self.fingerprint is None:
            return html
        generated = page.generated
        key = page.cache_key = digest(self.fingerprint, generated.src, generated.title,
                                      str(page.title), generated.lang or "", html)
        if self.page_files is not None and self.page_files.holds(page.file.dest_uri, key):
            self.cache.touch("page", key)  # still wanted, should the file go
            page.kept = page.cached = True
            page.meta["template"] = CACHED_TEMPLATE
            return ""  # nothing to render, nothing to write
        stored = self.cache.get_text("page", key)
        if stored is None:
            return html
        page.cached = True  # the finished page: the theme's templates are not run again
        page.meta["template"] = CACHED_TEMPLATE
        return stored

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.progress.page_written()
        if self.theme is not None:
            self.theme.after_page(page)
        if not isinstance(page, GeneratedPage):
            return output
        if page.kept:
            _SKIPPED.add(page.file.src_uri)
            return ""  # MkDocs writes no file for an empty page
        if not page.cached and page.cache_key is not None:
            self.cache.put_text("page", page.cache_key, output)
        if page.cache_key is not None and self.page_files is not None:
            self.page_files.note(page.file.dest_uri, page.cache_key)
        if self.reusing and unchanged(page.file.abs_dest_path, output):
            # the file already holds this page: rewriting it costs I/O and changes nothing
            _SKIPPED.add(page.file.src_uri)
            return ""  # MkDocs writes no file for an empty page
        return output

    # --- after the build ----------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.site is not None
        if self.theme is not None:
            self.theme.cancel()
            self.theme = None
        site_dir = Path(config.site_dir)
        written = write_feeds(self.site, site_dir, config.site_url or "")
        if self.search is not None:
            self.progress.stage(INDEXING)
            search, self.search = self.search, None
            try:
                written += search.finish(site_dir, self.renderer)
            except (RuntimeError, OSError) as exc:  # the build fails: said in one line
                raise PluginError(f"bulletin: search index: {exc}") from None
        if self.reusing and self.files is not None:
            theirs = mkdocs_state.written_by_mkdocs(self.files, config)
            keep = list(BUNDLES) if self.config.search == "pagefind" else []  # replaced whole
            removed = remove_stale(site_dir, [*written, *theirs], keep=keep)
            log.info(f"bulletin: rebuilt in place; {removed} files of the last build removed")
        if self.page_files is not None:
            self.page_files.save()
        self._end_spool()
        self.cache.close()
        _theme.reap(self.compiling)
        self.compiling = None

    def on_build_error(self, *, error: Exception) -> None:
        if self.aside is not None and self.site_dir is not None:
            move_back(self.aside, self.site_dir)  # failed before the pages: the old site returns
            self.aside = None
        if self.search is not None:
            self.search.cancel()
            self.search = None
        if self.theme is not None:
            self.theme.cancel()
            self.theme = None
        _theme.reap(self.compiling)
        self.compiling = None
        self._end_spool()
        self.cache.abandon()  # what this build made is not stored

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.root is not None
        for name in (ITEMS_DIR, EDITIONS_DIR, "bulletin.yml"):
            if (self.root / name).exists():
                server.watch(str(self.root / name))
        return server
