"""Render a composed :class:`Site` into pages: Markdown files holding safe HTML.

The output is engine-neutral — ``{path: text}`` with a small YAML header — so
MkDocs (through our plugin) builds it, and :func:`write_pages` can put it in a
folder for another engine. Templates are Jinja2 with autoescaping: every field
from an item is escaped, and item bodies arrive already sanitised.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from ..fsutil import write_atomic
from ..model import Item
from ..text import has_cjk, slugify
from .compose import EditionView, Site, pages
from .i18n import labels
from .markdown import BodyRenderer

RECENT_EDITIONS = 10
HOME_POOL = 10


@dataclass
class Page:
    """One generated page: its source path (``x/index.md``) and its text."""

    src: str
    title: str
    text: str
    in_nav: bool = False
    lang: str | None = None  # set when the page's language is known (item pages)

    @property
    def url(self) -> str:
        return url_of(self.src)


def url_of(src: str) -> str:
    """The directory URL of a generated page: ``items/x/index.md`` → ``items/x/``."""
    return src.removesuffix("index.md")


class _Here:
    """The page being rendered: makes links relative to it, for any base path."""

    def __init__(self, url: str, number: int = 1, count: int = 1, base: str = "") -> None:
        self.url, self.number, self.pages, self.base = url, number, count, base

    def rel(self, target: str) -> str:
        if target == self.url:
            return "./"
        rel = posixpath.relpath(target or ".", self.url or ".")
        return rel + "/" if target.endswith("/") or not target else rel

    def page_url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"


class Renderer:
    """Turns a :class:`Site` into :class:`Page` objects."""

    def __init__(self, site: Site, intranet_hosts: tuple[str, ...] = ()) -> None:
        self.site = site
        self.t = labels(site.policy.language)
        self.page_bodies = BodyRenderer(intranet_hosts, shift=0)
        self.edition_bodies = BodyRenderer(intranet_hosts, shift=2)
        self.assets: set[str] = set()
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("bulletin.site", "templates"),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.globals.update(self._helpers())

    # --- helpers available in templates -------------------------------------------

    def _helpers(self) -> dict[str, Any]:
        policy = self.site.policy
        return {
            "t": self.t,
            "site": self.site,
            "policy": policy,
            "unit_name": lambda key: policy.units[key].name if key in policy.units else key,
            "category_name": lambda key: (policy.categories[key].name
                                          if key in policy.categories else key),
            "edition_label": self.edition_label,
            "edition_url": edition_url,
            "item_url": item_url,
            "tag_slug": tag_slug,
            "key_slug": lambda base, key: tag_slug(key) if base == "tags/" else key,
            "is_cjk": lambda text: bool(text) and has_cjk(text),
            "marking": lambda level: self.t["marking"].format(level=str(level).upper()),
            "long_date": self.long_date,
        }

    def edition_label(self, view: EditionView) -> str:
        return self.t["edition_label"].format(year=view.year, number=view.edition.number)

    def long_date(self, day: dt.date) -> str:
        if self.site.policy.language == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {day.strftime('%B')} {day.year}"

    # --- pages --------------------------------------------------------------------

    def render_all(self) -> Iterator[Page]:
        """Every page of the site, each rendered once."""
        yield self.home()
        yield self.editions_index()
        for view in self.site.editions:
            yield self.edition(view)
        for item in self.site.items.values():
            yield self.item(item)
        yield from self.archives()
        if self.site.policy.pool:
            yield from self.listing("pool/", self.t["pool"], self.site.pool, in_nav=True,
                                    intro=self.t["pool_intro"])
        yield self.search()
        yield self.writing_guide()

    def _page(self, src: str, title: str, template: str, in_nav: bool = False,
              here: _Here | None = None, **context: Any) -> Page:
        here = here or _Here(url_of(src))
        body = self.env.get_template(template).render(page=here, **context)
        return Page(src, title, page_text(title, _media(body, here)), in_nav)

    def home(self) -> Page:
        site = self.site
        latest = site.editions[0] if site.editions else None
        return self._page("index.md", self.t["home"], "home.html", in_nav=True,
                          latest=latest, recent=site.editions[1:RECENT_EDITIONS + 1],
                          flashes=site.flashes(), pool=site.pool[:HOME_POOL],
                          pool_enabled=site.policy.pool)

    def editions_index(self) -> Page:
        years: dict[str, list[EditionView]] = {}
        for view in self.site.editions:
            years.setdefault(view.year, []).append(view)
        return self._page("editions/index.md", self.t["editions"], "editions.html",
                          in_nav=True, years=list(years.items()))

    def edition(self, view: EditionView) -> Page:
        bodies = {item.id: self._body(self.edition_bodies, item) for item in view.items}
        older, newer = self.site.neighbours(view)
        note = self._note(view)
        return self._page(edition_url(view) + "index.md", self.edition_label(view),
                          "edition.html", view=view, bodies=bodies, note=note,
                          older=older, newer=newer)

    def item(self, item: Item) -> Page:
        page = self._page(item_url(item) + "index.md", item.title or item.id, "item.html",
                          item=item, body=self._body(self.page_bodies, item))
        page.lang = "zh" if has_cjk(item.title or "") else "en"
        return page

    def archives(self) -> Iterator[Page]:
        site, t = self.site, self.t
        policy = site.policy
        blocks: list[tuple[str, str, dict[str, list[Item]], Callable[[str], str]]] = [
            (t["by_year"], "", site.groups("year"), str),
            (t["by_unit"], "units/", site.groups("unit"),
             lambda k: policy.units[k].name if k in policy.units else k),
            (t["by_category"], "categories/", site.groups("category"),
             lambda k: policy.categories[k].name if k in policy.categories else k),
            (t["by_tag"], "tags/", site.groups("tag"), str),
        ]
        yield self._page("archive/index.md", t["archive"], "archive.html", in_nav=True,
                         blocks=blocks)
        for _, base, groups, name in blocks:
            for key, items in groups.items():
                slug = tag_slug(key) if base == "tags/" else key
                yield from self.listing(f"archive/{base}{slug}/", name(key), items)

    def listing(self, base: str, heading: str, items: list[Item], in_nav: bool = False,
                intro: str = "") -> Iterator[Page]:
        chunks = pages(items)
        for number, chunk in enumerate(chunks, 1):
            here = _Here(base if number == 1 else f"{base}page/{number}/", number,
                         len(chunks), base)
            title = heading if number == 1 else f"{heading} ({number})"
            yield self._page(here.url + "index.md", title, "listing.html",
                             in_nav=in_nav and number == 1, here=here, heading=heading,
                             items=chunk, total=len(items), intro=intro)

    def writing_guide(self) -> Page:
        """Every rule's documentation, grouped by family and (for quality) criterion."""
        from ..rules import REGISTRY
        from ..rules.registry import CRITERIA, DOC_PARTS, FAMILIES

        rules = sorted(REGISTRY.values(), key=lambda r: r.code)
        groups = [(f"{FAMILIES['Q']}: {c}", [r for r in rules if r.criterion == c
                                             and r.code[0] == "Q"]) for c in CRITERIA]
        groups += [(FAMILIES[f], [r for r in rules if r.code[0] == f and not
                                  (f == "Q" and r.criterion)]) for f in FAMILIES if f != "Q"]
        md = markdown.Markdown(extensions=["fenced_code", "tables"])
        parts = {r.code: [(p, Markup(md.reset().convert(r.parts.get(p, ""))))
                          for p in DOC_PARTS] for r in rules}
        return self._page("guide/index.md", self.t["guide"], "guide.html", in_nav=True,
                          groups=[g for g in groups if g[1]], parts=parts)

    def search(self) -> Page:
        return self._page("search/index.md", self.t["search"], "search.html", in_nav=True)

    # --- bodies -------------------------------------------------------------------

    def _body(self, renderer: BodyRenderer, item: Item) -> Markup:
        rendered = renderer.render(item.body, item.path)
        self.assets.update(rendered.assets)
        return Markup(rendered.html)

    def _note(self, view: EditionView) -> Markup | None:
        note = view.edition.note
        if not note:
            return None
        return Markup(self.page_bodies.render(note, view.edition.path).html)


def item_url(item: Item) -> str:
    return f"items/{item.id}/"


def edition_url(view: EditionView) -> str:
    return f"editions/{view.year}/{Path(view.edition.path).stem}/"


def tag_slug(tag: str) -> str:
    return slugify(tag, max_words=8) if tag.strip() else "tag"


def page_text(title: str, body: str) -> str:
    """A page: a YAML header (the title, safe for any theme) and the HTML body.

    Themes put the title into ``<title>`` and headers, some without escaping;
    so angle brackets are replaced and the rest escaped here, once.
    """
    safe_title = html.escape(title.replace("<", "‹").replace(">", "›"), quote=False)
    header = f"---\ntitle: {json.dumps(safe_title, ensure_ascii=False)}\nhide: [toc]\n---\n\n"
    return header + body.strip() + "\n"


def _media(body: str, here: _Here) -> str:
    return body.replace("{media}/", here.rel("media/")) if "{media}/" in body else body


def write_pages(pages_: Iterator[Page], folder: Path) -> int:
    """Write generated pages into ``folder`` (for another site engine); return the count."""
    count = 0
    for page in pages_:
        write_atomic(folder / page.src, page.text)
        count += 1
    return count
