"""Hand-written pages and files from ``docs/``: through the same sanitiser as items.

MkDocs renders ``docs/*.md`` with raw HTML passed through and copies every other
file of ``docs/`` as it is; Material prints a page's title, table of contents and
``description`` without escaping them. A pull request can change ``docs/``, so the
plugin hands these to the pure helpers of :mod:`.markdown` and :mod:`.pictures`:

* a page's HTML goes through :func:`~.markdown.clean_page` (no script, event
  handler, style, frame, form or outside image), its title and table of contents
  are escaped once (as the bulletin's own pages' are), and of its front matter
  only ``title``, ``description``, ``hide``, ``tags`` and ``search`` are kept;
* of the other files only pictures (as :func:`~.pictures.publishable` allows them:
  an SVG re-written by the sanitiser), style sheets, fonts, icons and text files
  are published; a link, or a file reached through a linked folder, never is.

Measured on the demo: the pages' HTML is what MkDocs wrote but for a table cell's
``style="text-align: left;"``, written ``text-align:left``.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nh3
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from ..media import kind_of
from .markdown import clean_page
from .pictures import Picture, publishable
from .render import safe_title

log = logging.getLogger("mkdocs.plugins.bulletin")

OTHER_FILES = frozenset({".css", ".woff", ".woff2", ".ico", ".txt"})
"""Files of docs/ besides pages and pictures that are published: none of them runs."""
HIDE = frozenset({"navigation", "toc", "footer", "path", "tags", "feedback"})


def clean_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The front matter of a hand-written page, as far as the theme may print it."""
    out: dict[str, Any] = {}
    if isinstance(meta.get("title"), str | int | float):
        out["title"] = safe_title(str(meta["title"]))  # the theme prints it as it is
    if isinstance(meta.get("description"), str):
        out["description"] = html.escape(meta["description"], quote=True)
    if isinstance(meta.get("hide"), list):
        out["hide"] = [h for h in meta["hide"] if h in HIDE]
    if isinstance(meta.get("tags"), list):
        out["tags"] = [safe_title(str(t)) for t in meta["tags"] if isinstance(t, str | int)]
    search = meta.get("search")
    if isinstance(search, dict):
        out["search"] = {k: v for k, v in search.items()
                         if (k == "exclude" and isinstance(v, bool)) or
                         (k == "boost" and isinstance(v, int | float))}
    return out


def clean_content(page: Page, content: str, hosts: tuple[str, ...]) -> str:
    """The page's HTML cleaned, with its title and table of contents escaped once."""
    if "title" not in page.meta:  # from the first heading or the file name: escaped here
        page.title = safe_title(str(page.title or ""))
    _escape_toc(list(page.toc))
    return clean_page(content, hosts)


def _escape_toc(links: list[AnchorLink]) -> None:
    """The entries' titles as text: MkDocs gives them escaped, and so they stay, but
    with no tag left (the theme prints them as they are)."""
    for link in links:
        link.title = nh3.clean(link.title, tags=set())
        _escape_toc(list(link.children))


def screen_files(files: Files, config: MkDocsConfig) -> None:
    """Take out of ``files`` what ``docs/`` holds that may not be published; put an SVG's
    sanitised re-writing in its place."""
    docs = Path(config.docs_dir)
    for file in list(files):
        excluded = file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
        if file.generated_by or file.abs_src_path is None or excluded or \
                not Path(file.abs_src_path).is_relative_to(docs):  # the theme's own files
            continue
        reason = _refusal(docs, file)
        if isinstance(reason, Picture):
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=reason.content or b""))
        elif reason is not None:
            files.remove(file)
            log.warning(f"bulletin: {docs.name}/{reason}; left out")


def _refusal(docs: Path, file: File) -> str | Picture | None:
    """Why a file of docs/ is left out, a sanitised SVG to publish instead, or None."""
    rel = file.src_uri
    if os.path.realpath(str(file.abs_src_path)) != os.path.join(os.path.realpath(docs), rel):
        return f"{rel}: is a link or lies in a linked folder; bulletin never follows links"
    if file.is_documentation_page():
        return None
    if kind_of(rel) is not None:
        picture = publishable(docs, rel)
        if isinstance(picture, str):
            return picture
        return picture if picture.content is not None else None
    if posixpath.splitext(rel)[1].lower() in OTHER_FILES:
        return None
    return (f"{rel}: '{posixpath.splitext(rel)[1] or rel}' files are not published from "
            "docs/ (a browser could run them with the site's address)")
