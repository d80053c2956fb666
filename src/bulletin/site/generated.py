"""The bulletin's pages as MkDocs sees them: files and pages whose HTML lies in a spool.

The renderer makes each page's HTML once; :func:`add_page` puts it in the build's
:class:`~bulletin.site.spool.Spool` and gives MkDocs a :class:`GeneratedFile` and a
:class:`GeneratedPage` that keep only where it lies, the page's title, language
and source path (:class:`~bulletin.site.render.Page` without its body). MkDocs
reads no file and runs no Markdown for them; their ``content`` is read from the
spool when MkDocs or the theme asks for it (see ``spool.py``).
"""

from __future__ import annotations

import dataclasses

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import render as _render
from .spool import Ref, Spool, SpooledContent


class GeneratedFile(File):
    """A generated page's file: its text is read from the spool when asked for (text a
    plugin sets is kept in memory, as by any MkDocs file)."""

    body: Ref | None = None

    @property
    def content_string(self) -> str:
        return super().content_string if self.body is None else self.body.read()

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.body = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8", "surrogatepass") if self.body is not None \
            else super().content_bytes

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.body = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]


class GeneratedPage(SpooledContent, Page):
    """A page the bulletin rendered: MkDocs reads no file and converts no Markdown."""

    def __init__(self, page: _render.Page, body: Ref, file: File, config: MkDocsConfig) -> None:
        """``page``: the rendered page without its body, which lies at ``body``."""
        self.spool = body.spool
        super().__init__(page.title if page.in_nav else None, file, config)
        self.generated = page
        self.body = body
        self.cache_key: str | None = None  # of the finished page, when the page cache is on
        self.cached = False  # the finished page came from the cache (or the file has it)
        self.kept = False  # the site's file holds the finished page already

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {"title": self.generated.safe_title, "hide": ["navigation", "toc"]}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.attach(self.body)
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


def add_page(page: _render.Page, spool: Spool, files: Files,
             config: MkDocsConfig) -> GeneratedPage:
    """Put ``page`` in ``files`` (its body in ``spool``); its MkDocs page."""
    level = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
    body = spool.put(page.body)
    file = GeneratedFile.generated(config, page.src, content="", inclusion=level)
    assert isinstance(file, GeneratedFile)
    file.body = body
    files.append(file)
    return GeneratedPage(dataclasses.replace(page, body=""), body, file, config)
