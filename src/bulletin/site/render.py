"""Render a composed :class:`Site` into pages: Markdown files holding safe HTML.

The output is engine-neutral — ``{path: text}`` with a small YAML header — so
MkDocs (through our plugin) builds it, and :func:`write_pages` can put it in a
folder for another engine. Templates are Jinja2 with autoescaping: every field
from an item is escaped, and item bodies arrive already sanitised.

Item bodies are the costly part (Markdown, then the nh3 sanitiser); with a
:class:`~bulletin.site.cache.SiteCache` each body is rendered once and reused
while its text, path and the options stay the same.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from .. import hosts as _hosts
from .. import media as _media_module
from ..fsutil import write_atomic
from ..model import Item
from ..text import has_cjk, slugify
from . import i18n as _i18n
from . import markdown as _markdown_module
from .cache import SiteCache, digest, package_source, source_hash, versions
from .compiled import template_cache
from .compose import EditionView, Site, pages
from .i18n import labels
from .markdown import BodyRenderer, Rendered

RECENT_EDITIONS = 10
HOME_POOL = 10
_TEMPLATES = Path(__file__).parent / "templates"
# What a cached body depends on besides its text and path: the sanitiser's code and options
BODY_VERSION = ";".join([versions("markdown", "nh3"),
                         source_hash(_markdown_module, _hosts, _media_module)])
# What every cached page depends on besides its own data: the templates and this code
PAGE_VERSION = digest(BODY_VERSION, *(p.read_bytes() for p in sorted(_TEMPLATES.glob("*.html"))),
                      Path(__file__).read_bytes(), Path(_i18n.__file__ or "").read_bytes())


@dataclass
class Page:
    """One generated page: its source path (``x/index.md``), title and HTML body."""

    src: str
    title: str
    body: str
    in_nav: bool = False
    lang: str | None = None  # set when the page's language is known (item pages)
    indexed: bool = False  # searchable: the body carries ``data-pagefind-body``

    @property
    def url(self) -> str:
        return url_of(self.src)

    @property
    def safe_title(self) -> str:
        """The title as themes may print it unescaped (see :func:`page_text`)."""
        return safe_title(self.title)

    @property
    def text(self) -> str:
        """The page as a Markdown file: a YAML header and the HTML body."""
        return page_text(self.title, self.body)


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
        rel = relpath(target or ".", self.url or ".")
        return rel + "/" if target.endswith("/") or not target else rel

    def page_url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"


def relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for the site's clean relative paths, without the file system."""
    to = [p for p in target.split("/") if p and p != "."]
    here = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


class Renderer:
    """Turns a :class:`Site` into :class:`Page` objects.

    Item pages and listing pages — all but a few dozen of a large site's pages —
    are kept in the cache under a key of everything their templates read
    (:meth:`_item_key`, :meth:`_listing_key`), so a rebuild renders only those
    whose content changed.
    """

    def __init__(self, site: Site, intranet_hosts: tuple[str, ...] = (),
                 cache: SiteCache | None = None) -> None:
        self.site = site
        self.cache = cache or SiteCache(None)
        self.hosts = ",".join(sorted(h.lower() for h in intranet_hosts))
        self.t = labels(site.policy.language)
        self.page_bodies = BodyRenderer(intranet_hosts, shift=0)
        self.edition_bodies = BodyRenderer(intranet_hosts, shift=2)
        self.assets: set[str] = set()
        self._version: str | None = None
        self._field_keys: dict[int, str] = {}  # id(item) → hash of its fields
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("bulletin.site", "templates"),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.bytecode_cache = template_cache(self.cache.folder, "pages", self.env)
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
        """``2026 No. 47``; with several publications, its name first: ``Proposals 2026
        No. 3`` (not the bulletin's own title, which the masthead shows already)."""
        label = self.t["edition_label"].format(year=view.year, number=view.edition.number)
        policy = self.site.policy
        name = policy.publication_name(view.publication)
        return label if not policy.publications or name == policy.title else f"{name} {label}"

    def long_date(self, day: dt.date) -> str:
        if self.site.policy.language == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {day.strftime('%B')} {day.year}"

    # --- pages --------------------------------------------------------------------

    def render_all(self, item_pages: Iterable[Page] | None = None) -> Iterator[Page]:
        """Every page of the site, each rendered once: the item pages (``item_pages``
        when the caller rendered them already), then the others."""
        yield from self.item_pages() if item_pages is None else item_pages
        yield from self.other_pages()

    def item_pages(self) -> Iterator[Page]:
        """The item pages: all that search indexes (so the index can start on them)."""
        for item in self.site.items.values():
            yield self.item(item)

    def other_pages(self) -> Iterator[Page]:
        """Every page but the item pages: home, editions, archives, pool, search, guide
        (the Assessment section's pages come from :mod:`.assessment`)."""
        yield self.home()
        yield self.editions_index()
        yield from self.publication_indexes()
        for view in self.site.editions:
            yield self.edition(view)
        yield from self.archives()
        if self.site.policy.pool:
            yield from self.listing("pool/", self.t["pool"], self.site.pool, in_nav=True,
                                    intro=self.t["pool_intro"])
        yield self.search()
        yield self.writing_guide()

    def page(self, src: str, title: str, template: str, in_nav: bool = False,
             here: _Here | None = None, key: str | None = None, **context: Any) -> Page:
        """One page from ``template`` (a file in ``templates/``) with ``context``.

        With ``key`` (a hash of everything the template reads for this page),
        the page is taken from the cache when it holds that key.
        """
        if key is not None:
            stored = self._stored(src, title, template, key)
            if stored is not None:
                return Page(src, title, stored, in_nav)
            key = digest(self.version, src, title, template, key)
        here = here or _Here(url_of(src))
        body = self.env.get_template(template).render(page=here, **context)
        page = Page(src, title, _media(body, here).strip() + "\n", in_nav)
        if key is not None:
            self.cache.put_text("page-body", key, page.body)
        return page

    def _stored(self, src: str, title: str, template: str, key: str) -> str | None:
        """The body :meth:`page` rendered before for these arguments and ``key``, if kept."""
        return self.cache.get_text("page-body", digest(self.version, src, title, template, key))

    @property
    def version(self) -> str:
        """What every cached page shares: the templates, this code, the policy."""
        if self._version is None:
            self._version = digest(PAGE_VERSION, repr(self.site.policy))
        return self._version

    def _item_key(self, item: Item) -> str:
        """Everything ``item.html`` reads for ``item``: its fields, edition, corrections,
        responses. A template that reads more of the site must add it here."""
        site = self.site
        views = site.editions_with.get(item.id, [])
        fixes = site.corrected_by.get(item.id, [])
        target = site.items.get(item.corrects) if item.corrects else None
        return digest(self._fields(item), *(self._view_key(v) for v in views),
                      "".join("1" if v.lead is item else "0" for v in views),
                      json.dumps([[f.id, f.title, str(f.date)] for f in fixes]),
                      json.dumps([target.id, target.title] if target else None),
                      repr(site.responses.get(item.id, [])))

    def _listing_key(self, items: list[Item], **context: Any) -> str:
        """Everything ``listing.html`` reads: the rows' items and editions, the context."""
        rows = [(self._fields(i), self._view_key(self.site.edition_of.get(i.id))) for i in items]
        return digest(json.dumps(rows), repr(sorted(context.items())))

    def _fields(self, item: Item) -> str:
        found = self._field_keys.get(id(item))
        if found is None:
            found = self._field_keys[id(item)] = digest(_fields(item))
        return found

    def _view_key(self, view: EditionView | None) -> str:
        return "" if view is None else f"{edition_url(view)}|{self.edition_label(view)}"

    def home(self) -> Page:
        site = self.site
        latest = site.editions[0] if site.editions else None
        return self.page("index.md", self.t["home"], "home.html", in_nav=True,
                         latest=latest, recent=site.editions[1:RECENT_EDITIONS + 1],
                         flashes=site.flashes(), pool=site.pool[:HOME_POOL],
                         pool_enabled=site.policy.pool)

    def editions_index(self) -> Page:
        years: dict[str, list[EditionView]] = {}
        for view in self.site.editions:
            years.setdefault(view.year, []).append(view)
        return self.page("editions/index.md", self.t["editions"], "editions.html",
                         in_nav=True, years=list(years.items()), heading=self.t["editions"],
                         publications=self._publication_links())

    def publication_indexes(self) -> Iterator[Page]:
        """With several publications, an index of each one's editions (by year), linked
        from the index of all editions."""
        policy = self.site.policy
        for key, spec in policy.publications.items():
            years: dict[str, list[EditionView]] = {}
            for view in self.site.of_publication(key):
                years.setdefault(view.year, []).append(view)
            yield self.page(f"editions/{key}/index.md", spec.name, "editions.html",
                            years=list(years.items()), heading=spec.name, publications=[])

    def _publication_links(self) -> list[tuple[str, str]]:
        """(name, address) of each publication's index, when there are several."""
        return [(spec.name, f"editions/{key}/")
                for key, spec in self.site.policy.publications.items()]

    def edition(self, view: EditionView) -> Page:
        bodies = {item.id: self._body(self.edition_bodies, item) for item in view.items}
        older, newer = self.site.neighbours(view)
        note = self._note(view)
        return self.page(edition_url(view) + "index.md", self.edition_label(view),
                         "edition.html", view=view, bodies=bodies, note=note,
                         older=older, newer=newer)

    def item_cached(self, item: Item) -> bool:
        """Whether the cache holds ``item``'s page as it would be rendered now."""
        return self.cache.get("item-page", self._item_page_key(item)) is not None

    def _item_page_key(self, item: Item) -> str:
        return digest(self.version, item_url(item), item.title or item.id, self._item_key(item))

    def item(self, item: Item) -> Page:
        src, title = item_url(item) + "index.md", item.title or item.id
        key = self._item_page_key(item)
        stored = self.cache.get_text("item-page", key)
        if stored is not None:  # first line: the images the body uses
            assets, body = stored.split("\n", 1)
            self.assets.update(json.loads(assets))
            page = Page(src, title, body)
        else:
            rendered = self._rendered(self.page_bodies, item)
            self.assets.update(rendered.assets)
            page = self.page(src, title, "item.html", item=item, body=Markup(rendered.html))
            self.cache.put_text("item-page", key, json.dumps(rendered.assets) + "\n" + page.body)
        page.lang = "zh" if has_cjk(item.title or "") else "en"
        page.indexed = True
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
        yield self.page("archive/index.md", t["archive"], "archive.html", in_nav=True,
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
            key = self._listing_key(chunk, number=number, pages=len(chunks), base=base,
                                    heading=heading, total=len(items), intro=intro)
            yield self.page(here.url + "index.md", title, "listing.html",
                            in_nav=in_nav and number == 1, here=here, key=key,
                            heading=heading, items=chunk, total=len(items), intro=intro)

    def writing_guide(self) -> Page:
        """Every rule's documentation, grouped by family and (for quality) criterion.

        The rules' documentation comes from the package's code: while that is the same,
        the page is taken from the cache without importing the rules (~50 ms)."""
        key = digest(versions("markdown"), package_source())
        stored = self._stored("guide/index.md", self.t["guide"], "guide.html", key)
        if stored is not None:
            return Page("guide/index.md", self.t["guide"], stored, in_nav=True)
        from ..check.rules import REGISTRY
        from ..check.rules.registry import CRITERIA, DOC_PARTS, FAMILIES

        rules = sorted(REGISTRY.values(), key=lambda r: r.code)
        groups = [(f"{FAMILIES['Q']}: {c}", [r for r in rules if r.criterion == c
                                             and r.code[0] == "Q"]) for c in CRITERIA]
        groups += [(FAMILIES[f], [r for r in rules if r.code[0] == f and not
                                  (f == "Q" and r.criterion)]) for f in FAMILIES if f != "Q"]
        md = markdown.Markdown(extensions=["fenced_code", "tables"])
        parts = {r.code: [(p, Markup(md.reset().convert(r.parts.get(p, ""))))
                          for p in DOC_PARTS] for r in rules}
        return self.page("guide/index.md", self.t["guide"], "guide.html", in_nav=True,
                         key=key, groups=[g for g in groups if g[1]], parts=parts)

    def search(self) -> Page:
        return self.page("search/index.md", self.t["search"], "search.html", in_nav=True)

    # --- bodies -------------------------------------------------------------------

    def _body(self, renderer: BodyRenderer, item: Item) -> Markup:
        rendered = self._rendered(renderer, item)
        self.assets.update(rendered.assets)
        return Markup(rendered.html)

    def _rendered(self, renderer: BodyRenderer, item: Item) -> Rendered:
        """The safe HTML of ``item``'s body, from the cache when it was rendered before."""
        key = digest(BODY_VERSION, self.hosts, str(renderer.shift), item.path, item.body)
        stored = self.cache.get("body", key)
        if stored is not None:
            html_, *assets = json.loads(stored)
            return Rendered(html_, assets)
        rendered = renderer.render(item.body, item.path)
        self.cache.put("body", key, json.dumps([rendered.html, *rendered.assets],
                                               ensure_ascii=False).encode("utf-8"))
        return rendered

    def _note(self, view: EditionView) -> Markup | None:
        note = view.edition.note
        if not note:
            return None
        return Markup(self.page_bodies.render(note, view.edition.path).html)


def item_url(item: Item) -> str:
    return f"items/{item.id}/"


def edition_url(view: EditionView) -> str:
    """``editions/2026/047/``; of a publication's folder, ``editions/daily/2026/047/``."""
    parts = view.edition.path.split("/")
    folder = f"{parts[1]}/" if len(parts) == 4 else ""
    return f"editions/{folder}{view.year}/{Path(view.edition.path).stem}/"


def tag_slug(tag: str) -> str:
    return slugify(tag, max_words=8) if tag.strip() else "tag"


def _fields(item: Item) -> str:
    """The fields of ``item`` that pages show, as one string (part of a cache key)."""
    return json.dumps([item.id, item.path, item.title, item.unit, item.authors, item.date,
                       item.event_date, item.category, item.priority, item.classification,
                       item.summary, item.sources, item.tags, item.region, item.contact,
                       item.corrects, item.withdrawn, item.withdrawn_reason, item.body],
                      default=str, ensure_ascii=False)


def page_text(title: str, body: str) -> str:
    """A page: a YAML header (the title, safe for any theme) and the HTML body.

    Themes put the title into ``<title>`` and headers, some without escaping;
    so angle brackets are replaced and the rest escaped here, once.
    """
    header = (f"---\ntitle: {json.dumps(safe_title(title), ensure_ascii=False)}\n"
              "hide: [toc]\n---\n\n")
    return header + body.strip() + "\n"


def safe_title(title: str) -> str:
    """``title`` with angle brackets replaced and the rest escaped, once."""
    return html.escape(title.replace("<", "‹").replace(">", "›"), quote=False)


def _media(body: str, here: _Here) -> str:
    return body.replace("{media}/", here.rel("media/")) if "{media}/" in body else body


def write_pages(pages_: Iterator[Page], folder: Path) -> int:
    """Write generated pages into ``folder`` (for another site engine); return the count."""
    count = 0
    for page in pages_:
        write_atomic(folder / page.src, page.text)
        count += 1
    return count
