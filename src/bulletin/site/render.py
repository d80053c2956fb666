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
from ..text import has_cjk
from . import i18n as _i18n
from . import markdown as _markdown_module
from . import present as _present
from . import urls as _urls
from .cache import SiteCache, digest, package_source, source_hash, versions
from .compiled import template_cache
from .compose import EditionView, Site, pages
from .i18n import labels, long_date
from .markdown import BodyRenderer, Rendered
from .present import Presenter
from .urls import Here, edition_url, item_url, tag_slug, url_of

RECENT_EDITIONS = 10
HOME_POOL = 10
_TEMPLATES = Path(__file__).parent / "templates"
# What a cached body depends on besides its text and path: the sanitiser's code and options
BODY_VERSION = ";".join([versions("markdown", "nh3"),
                         source_hash(_markdown_module, _hosts, _media_module)])
# What every cached page depends on besides its own data: the templates and this code
PAGE_VERSION = digest(BODY_VERSION, *(p.read_bytes() for p in sorted(_TEMPLATES.glob("*.html"))),
                      Path(__file__).read_bytes(),
                      *(Path(m.__file__ or "").read_bytes() for m in (_i18n, _present, _urls)))


@dataclass
class Page:
    """One generated page: its source path (``x/index.md``), title and HTML body."""

    src: str
    title: str
    body: str
    in_nav: bool = False
    nav_group: str = "reader"  # "staff": listed under "For staff"
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
        # the languages of the items' and the editions' search indexes (set by the build)
        self.search_languages: tuple[list[str], list[str]] = (["en", "zh"], ["en", "zh"])
        self._version: str | None = None
        self._field_keys: dict[int, str] = {}  # id(item) → hash of its fields
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("bulletin.site", "templates"),
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.bytecode_cache = template_cache(self.cache.folder, "pages", self.env)
        self.present = Presenter(site)
        self.env.globals.update(self.present.helpers())

    # --- helpers available in templates -------------------------------------------

    def edition_label(self, view: EditionView) -> str:
        return self.present.edition_label(view)

    def long_date(self, day: dt.date) -> str:
        return long_date(day, self.site.policy.language)

    def level_of(self, items: Iterable[Item], *levels: str | None) -> str | None:
        return self.present.level_of(items, *levels)

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
        if self.pool_shown:
            for page in self.listing("pool/", self.t["pool"], self.site.pool, in_nav=True,
                                     intro=self.t["pool_intro"], pool=True):
                page.nav_group = "staff"
                yield page
        yield self.search()
        if self.staff_shown:
            guide = self.writing_guide()
            guide.nav_group = "staff"
            yield guide

    @property
    def staff_shown(self) -> bool:
        """Whether this build shows the staff pages (the writing guide, the pool)."""
        return self.site.policy.shows_staff_pages(self.site.audience)

    @property
    def pool_shown(self) -> bool:
        return self.site.policy.pool and self.staff_shown

    def page(self, src: str, title: str, template: str, in_nav: bool = False,
             here: Here | None = None, key: str | None = None, **context: Any) -> Page:
        """One page from ``template`` (a file in ``templates/``) with ``context``.

        With ``key`` (a hash of everything the template reads for this page),
        the page is taken from the cache when it holds that key.
        """
        if key is not None:
            stored = self._stored(src, title, template, key)
            if stored is not None:
                return Page(src, title, stored, in_nav)
            key = digest(self.version, src, title, template, key)
        here = here or Here(url_of(src))
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
        target = site.items.get(item.corrects) if item.corrects else None
        return digest(self._row_key(item), *(self._view_key(v) for v in views),
                      "".join("1" if v.lead is item else "0" for v in views),
                      json.dumps([target.id, target.title] if target else None),
                      repr(site.responses.get(item.id, [])), str(self.pool_shown),
                      json.dumps(site.adopted_upstream.get(item.id, []), ensure_ascii=False))

    def _row_key(self, item: Item) -> str:
        """Everything a row of ``item`` shows: its fields, edition and corrections."""
        fixes = self.site.corrected_by.get(item.id, [])
        return digest(self._fields(item), self._view_key(self.site.edition_of.get(item.id)),
                      json.dumps([[f.id, f.title, str(f.date), f.summary] for f in fixes],
                                 ensure_ascii=False))

    def _listing_key(self, items: list[Item], **context: Any) -> str:
        """Everything ``listing.html`` reads: the rows' items and editions, the context."""
        return digest(*(self._row_key(i) for i in items), repr(sorted(context.items())))

    def _fields(self, item: Item) -> str:
        found = self._field_keys.get(id(item))
        if found is None:
            found = self._field_keys[id(item)] = digest(_fields(item))
        return found

    def _view_key(self, view: EditionView | None) -> str:
        return "" if view is None else f"{edition_url(view)}|{self.edition_label(view)}"

    def home(self) -> Page:
        site = self.site
        # the front page leads with the bulletin's own latest edition (of its first
        # publication, where there are several); the others' come under "recent"
        own = site.of_publication(next(iter(site.policy.publications))) \
            if site.policy.publications else site.editions
        latest = (own or site.editions)[0] if site.editions else None
        recent = [v for v in site.editions if v is not latest][:RECENT_EDITIONS]
        pool = site.pool[:HOME_POOL] if self.pool_shown else []
        flashes = site.flashes()
        shown = [*(latest.items if latest else []), *pool,
                 *(v.lead for v in [*recent, *flashes] if v.lead)]
        return self.page("index.md", self.t["home"], "home.html", in_nav=True,
                         latest=latest, recent=recent, flashes=flashes, pool=pool,
                         pool_enabled=self.pool_shown, level=self.level_of(shown))

    def editions_index(self) -> Page:
        years: dict[str, list[EditionView]] = {}
        for view in self.site.editions:
            years.setdefault(view.year, []).append(view)
        level = self.level_of([i for v in self.site.editions for i in v.items])
        return self.page("editions/index.md", self.t["editions"], "editions.html",
                         in_nav=True, years=list(years.items()), heading=self.t["editions"],
                         publications=self._publication_links(), level=level)

    def publication_indexes(self) -> Iterator[Page]:
        """With several publications, an index of each one's editions (by year), linked
        from the index of all editions."""
        policy = self.site.policy
        for key, spec in policy.publications.items():
            years: dict[str, list[EditionView]] = {}
            for view in self.site.of_publication(key):
                years.setdefault(view.year, []).append(view)
            level = self.level_of([i for v in self.site.of_publication(key) for i in v.items])
            yield self.page(f"editions/{key}/index.md", spec.name, "editions.html",
                            years=list(years.items()), heading=spec.name, publications=[],
                            level=level)

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
                         older=older, newer=newer,
                         level=self.level_of(view.items, view.edition.audience))

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
            page = self.page(src, title, "item.html", item=item, body=Markup(rendered.html),
                             pool_shown=self.pool_shown)
            self.cache.put_text("item-page", key, json.dumps(rendered.assets) + "\n" + page.body)
        page.lang = "zh" if has_cjk(item.title or "") else "en"
        page.indexed = True
        return page

    def archives(self) -> Iterator[Page]:
        site, t = self.site, self.t
        policy = site.policy
        blocks: list[tuple[str, str, dict[str, list[Item]], Callable[[str], str]]] = [
            (t["by_year"], "", site.groups("year"), str),
            (t["by_unit"], "units/", site.groups("unit"), policy.unit_name),
            (t["by_category"], "categories/", site.groups("category"), policy.category_name),
            (t["by_tag"], "tags/", site.groups("tag"), str),
        ]
        yield self.page("archive/index.md", t["archive"], "archive.html", in_nav=True,
                        blocks=blocks)
        for title, base, groups, name in blocks:
            anchor = "archive/#a-" + (base.strip("/") or "year")
            for key, items in groups.items():
                slug = tag_slug(key) if base == "tags/" else key
                aliases = policy.reader.tag_aliases.get(key, []) if base == "tags/" else []
                yield from self.listing(f"archive/{base}{slug}/", name(key), items,
                                        trail=[(t["archive"], "archive/"), (title, anchor)],
                                        aliases=aliases)

    def listing(self, base: str, heading: str, items: list[Item], in_nav: bool = False,
                intro: str = "", trail: list[tuple[str, str | None]] | None = None,
                aliases: list[str] | None = None, pool: bool = False) -> Iterator[Page]:
        chunks = pages(items)
        trail = [*(trail or []), (heading, None)]
        for number, chunk in enumerate(chunks, 1):
            here = Here(base if number == 1 else f"{base}page/{number}/", number,
                         len(chunks), base)
            title = heading if number == 1 else f"{heading} ({number})"
            context = dict(heading=heading, total=len(items), intro=intro, trail=trail,
                           aliases=aliases or [], pool=pool, level=self.level_of(chunk))
            key = self._listing_key(chunk, number=number, pages=len(chunks), base=base,
                                    **context)
            yield self.page(here.url + "index.md", title, "listing.html",
                            in_nav=in_nav and number == 1, here=here, key=key, items=chunk,
                            **context)

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
        from .site_search import config_json, search_config

        config = search_config(self.site, *self.search_languages)
        return self.page("search/index.md", self.t["search"], "search.html", in_nav=True,
                         config_json=config_json(config))

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


def _fields(item: Item) -> str:
    """The fields of ``item`` that pages show, as one string (part of a cache key)."""
    return json.dumps([item.id, item.path, item.title, item.unit, item.authors, item.date,
                       item.event_date, item.category, item.priority, item.classification,
                       item.summary, item.sources, item.tags, item.region, item.contact,
                       item.corrects, item.withdrawn, item.withdrawn_reason, item.body,
                       item.relayed_from],
                      default=str, ensure_ascii=False)


def page_text(title: str, body: str) -> str:
    """A page: a YAML header (the title, safe for any theme) and the HTML body.

    Themes put the title into ``<title>`` and headers, some without escaping;
    so angle brackets are replaced and the rest escaped here, once.
    """
    header = (f"---\ntitle: {json.dumps(safe_title(title), ensure_ascii=False)}\n"
              "hide: [navigation, toc]\n---\n\n")
    return header + body.strip() + "\n"


def safe_title(title: str) -> str:
    """``title`` with angle brackets replaced and the rest escaped, once."""
    return html.escape(title.replace("<", "‹").replace(">", "›"), quote=False)


def _media(body: str, here: Here) -> str:
    return body.replace("{media}/", here.rel("media/")) if "{media}/" in body else body


def write_pages(pages_: Iterator[Page], folder: Path) -> int:
    """Write generated pages into ``folder`` (for another site engine); return the count."""
    count = 0
    for page in pages_:
        write_atomic(folder / page.src, page.text)
        count += 1
    return count
