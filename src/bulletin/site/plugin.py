"""The ``bulletin`` MkDocs plugin: thin glue between MkDocs and compose/render.

``mkdocs build`` / ``mkdocs serve`` with ``plugins: [bulletin]`` generate the
bulletin's pages from ``items/`` and ``bulletins/``. The hooks only load,
call :func:`~bulletin.site.compose.compose` and the renderer, and hand the
pages to MkDocs; everything else lives in the pure layers.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from ..errors import BulletinError
from ..load import EDITIONS_DIR, ITEMS_DIR, find_root, load_policy, load_repository
from .compose import Site, compose
from .feeds import write_feeds
from .render import Renderer

log = logging.getLogger("mkdocs.plugins.bulletin")

AUDIENCE_ENV = "BULLETIN_AUDIENCE"
AS_OF_ENV = "BULLETIN_AS_OF"
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


class BulletinPlugin(BasePlugin[BulletinConfig]):  # type: ignore[no-untyped-call]
    """Generates the bulletin's pages, feeds and search index."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.root: Path | None = None
        self.page_lang: dict[str, str] = {}  # src_uri → lang of pages in the other language

    # --- configuration ------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = self._find_root(config)
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
                del config.plugins[name]
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

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.root is not None
        self.site = self._compose()
        for withheld in self.site.withheld:
            log.warning(f"bulletin: {withheld.path}: {withheld.reason}")
        hosts = (*self.config.intranet_hosts, *self.site.policy.intranet_hosts)
        renderer = Renderer(self.site, hosts)
        user_nav: list[Any] = []
        site_lang = self.site.policy.language
        log.info(f"bulletin: {len(self.site.items)} items, {len(self.site.editions)} editions "
                 f"for audience '{self.site.audience}'")
        for page in renderer.render_all():
            if page.lang and page.lang != site_lang:
                self.page_lang[page.src] = page.lang
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                log.warning(f"bulletin: docs/{page.src} is replaced by the generated page")
                files.remove(existing)
            level = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src, content=page.text, inclusion=level))
            if page.in_nav:
                user_nav.append({page.title: page.src})
        for asset in sorted(renderer.assets):
            self._add_media(files, config, asset)
        assets = [("bulletin.css", CSS)]
        if self.config.search == "pagefind":
            assets.append(("search.js", JS))
        for name, uri in assets:
            text = resources.files("bulletin.site").joinpath("assets", name).read_text("utf-8")
            files.append(File.generated(config, uri, content=text))
        if config.nav is None:
            config.nav = user_nav + _docs_pages(files, {p for d in user_nav for p in d.values()})
        return files

    def _compose(self) -> Site:
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
        repo, _ = load_repository(self.root, policy)
        return compose(repo, audience, self._as_of(policy.tz))

    def _as_of(self, tz: dt.tzinfo) -> dt.datetime:
        raw = os.environ.get(AS_OF_ENV) or self.config.as_of
        if not raw:
            return dt.datetime.now(tz)
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise PluginError(f"bulletin: as_of '{raw}' is not an ISO date-time") from None
        return value if value.tzinfo else value.replace(tzinfo=tz)

    def _add_media(self, files: Files, config: MkDocsConfig, asset: str) -> None:
        assert self.root is not None
        source = self.root / asset
        if source.is_symlink() or not source.is_file():
            log.warning(f"bulletin: {asset}: image not found (or a link); left out")
            return
        uri = "media/" + asset.removeprefix(f"{ITEMS_DIR}/")
        files.append(File.generated(config, uri, abs_src_path=str(source)))

    def on_post_page(self, output: str, /, *, page: Any, config: MkDocsConfig) -> str:
        lang = self.page_lang.get(page.file.src_uri)
        if lang is None:
            return output
        # Pagefind segments Chinese only on pages whose <html lang> says so
        return re.sub(r'<html lang="[^"]*"', f'<html lang="{lang}"', output, count=1)

    # --- after the build ----------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.site is not None
        write_feeds(self.site, Path(config.site_dir), config.site_url or "")
        if self.config.search == "pagefind":
            from .search import build_index

            build_index(Path(config.site_dir))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        assert self.root is not None
        for name in (ITEMS_DIR, EDITIONS_DIR, "bulletin.yml"):
            if (self.root / name).exists():
                server.watch(str(self.root / name))
        return server


def _docs_pages(files: Files, taken: set[str]) -> list[str]:
    """Hand-written pages from docs/, after the bulletin's own, in path order."""
    return sorted(f.src_uri for f in files.documentation_pages()
                  if not f.generated_by and f.src_uri not in taken)
