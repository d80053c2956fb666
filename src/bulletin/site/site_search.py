"""The site's search indexes (the items' shards, the editions) and the files the search
page reads beside them, as one job for the plugin: start it when the pages are
rendered, finish it after MkDocs has written the site.

The items' shards (:mod:`.search_shards`) are indexed one after another; the first
goes in ``pagefind/`` (the search page loads Pagefind from there), the others in
``pagefind-items/<shard>/``, and the search page merges them all, each with a
filter ``shard`` of its name (Pagefind's ``mergeFilter``: nothing of it is in the
index), so that "newest first" can ask each shard on its own.
"""

from __future__ import annotations

import html
import json
import logging
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..config import Policy
from .cache import prune_search
from .compose import Site
from .i18n import chrome_words, labels
from .search import BUNDLE, EDITIONS_BUNDLE, IndexJob, start
from .search_docs import SearchDoc, edition_doc, edition_maps, item_extra, write_edition_maps
from .search_shards import DEFAULT_SIZE, MIN_SIZE, shard_docs

log = logging.getLogger("mkdocs.plugins.bulletin")

SEARCH_CONFIG = "search/config.json"
SHARDS = "pagefind-items"
"""The folder of the site that holds the items' shards but the first."""


class ItemLanguages(list[str]):
    """The languages of the items' indexes, and ``shards``: ``[name, languages, years]``
    of each shard, the one in ``pagefind/`` first (what ``search.js`` merges)."""

    def __init__(self, languages: Iterable[str], shards: list[list[Any]]) -> None:
        super().__init__(languages)
        self.shards = shards


class SiteSearch:
    """The indexes of one build: ``items`` (a job per shard of the item pages) and
    ``editions``."""

    def __init__(self, site: Site, item_docs: list[SearchDoc], edition_docs: list[SearchDoc],
                 folder: Path | None, shard_size: int = DEFAULT_SIZE) -> None:
        self.site = site
        self.folder = folder
        if shard_size < MIN_SIZE:
            log.warning(f"bulletin: search_shard_size {shard_size} is raised to {MIN_SIZE}")
        shards = shard_docs(item_docs, shard_size)
        first = self.first = _first(shards, site.policy.language)
        self.names = frozenset(shards)
        order = [first, *(n for n in shards if n != first)]
        self.items = [IndexJob(shards[name], folder, site.audience,
                               BUNDLE if name == first else f"{SHARDS}/{name}",
                               shard=name, shards=self.names) for name in order]
        layout = [[name, sorted({d.lang for d in shards[name]}),
                   sorted({d.year for d in shards[name] if d.year})] for name in order]
        self.languages = ItemLanguages(sorted({d.lang for d in item_docs}), layout)
        self.edition_languages = sorted({d.lang for d in edition_docs})
        self.editions = IndexJob(edition_docs, folder, f"{site.audience}-editions",
                                 EDITIONS_BUNDLE, kind=EDITIONS_BUNDLE)
        self.batch = start([self.editions, *self.items])  # the small one first

    @property
    def reused(self) -> bool:
        """Whether every bundle comes from the cache (nothing is indexed meanwhile)."""
        return self.editions.reused and all(job.reused for job in self.items)

    def finish(self, site_dir: Path, renderer: Any) -> list[Path]:
        """Wait for the indexes, put them in the site, write the edition maps; the files
        written besides the bundles."""
        from .urls import edition_url

        written = write_edition_maps(site_dir, edition_maps(self.site, renderer.edition_label,
                                                            edition_url))
        try:
            for job in [self.editions, *self.items]:  # the order they are indexed in
                job.finish(site_dir)
        finally:
            self.cancel()
        _remove_other_shards(site_dir / SHARDS, self.names - {self.first})
        if self.folder is not None:
            for kind, jobs in ((BUNDLE, self.items), (EDITIONS_BUNDLE, [self.editions])):
                prune_search(self.folder, [j.cached for j in jobs if j.cached], kind)
        return written

    def cancel(self) -> None:
        self.editions.cancel()
        for job in self.items:
            job.cancel()


BUNDLES = (BUNDLE, EDITIONS_BUNDLE, SHARDS)


def _first(shards: dict[str, list[SearchDoc]], language: str) -> str:
    """The shard put in ``pagefind/``: the newest with pages in the site's language (the
    search page's first index, whose language Pagefind reads queries in)."""
    having = [name for name, docs in shards.items() if any(d.lang == language for d in docs)]
    return having[-1] if having else next(iter(shards))


def _remove_other_shards(folder: Path, names: frozenset[str]) -> None:
    """Remove the shards of an earlier build from the site's ``pagefind-items/``."""
    if not folder.is_dir() or folder.is_symlink():
        if folder.is_symlink() or folder.is_file():
            folder.unlink()
        return
    for entry in folder.iterdir():
        if entry.name not in names or entry.is_symlink() or not entry.is_dir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    if not any(folder.iterdir()):
        folder.rmdir()


def item_doc(url: str, lang: str, title: str, body: str, item: Any, policy: Policy) -> SearchDoc:
    """The search document of one item page."""
    year = str(item.date.year) if getattr(item, "date", None) else ""
    return SearchDoc(url, lang, title, body, item_extra(item, policy), year)


def edition_docs(site: Site, renderer: Any) -> list[SearchDoc]:
    """The search documents of the editions this audience sees."""
    from .plaintext import markdown_to_text
    from .urls import edition_url

    docs = []
    for view in site.editions:
        note = html.escape(markdown_to_text(view.edition.note or "", view.edition.path))
        docs.append(edition_doc(view, renderer.edition_label(view), edition_url(view), note))
    return docs


def search_config(site: Site, languages: Iterable[str], edition_languages: Iterable[str],
                  ) -> dict[str, Any]:
    """What ``search.js`` needs besides the index: names of units, categories, levels and
    edition types in the page's language, the indexes' languages, its words."""
    policy = site.policy
    language = policy.language
    t = labels(language)
    years = sorted({str(i.date.year) for i in site.items.values() if i.date}, reverse=True)
    return {
        "lang": language,
        "units": {k: policy.unit_name(k) for k in policy.units},
        "categories": {k: policy.category_name(k) for k in policy.categories},
        "unit_names": {k: sorted({policy.unit_name(k, lang) for lang in ("en", "zh")})
                       for k in policy.units},
        "category_names": {k: sorted({policy.category_name(k, lang) for lang in ("en", "zh")})
                           for k in policy.categories},
        "levels": {k: [policy.level_rank(k), policy.marking(k, "en"), policy.marking(k, "zh")]
                   for k in policy.levels},
        "types": {k: t[k] for k in ("regular", "flash", "special")},
        "years": years,
        "languages": {"en": "English", "zh": "中文"},
        "items": list(languages), "editions": list(edition_languages),
        "shards": getattr(languages, "shards", None) or [["all", list(languages), years]],
        "pool": bool(site.pool),
        "words": {**_SEARCH_WORDS["zh" if language == "zh" else "en"],
                  "search_button": chrome_words(language)["search_button"]},
    }


def config_json(config: dict[str, Any]) -> str:
    return json.dumps(config, ensure_ascii=False, separators=(",", ":"))


_SEARCH_WORDS = {
    "en": {
        "label": "Search items and editions", "any_unit": "All units",
        "any_category": "All categories", "any_year": "All years",
        "any_language": "Both languages", "any_type": "Any edition type",
        "pool_type": "Not yet published", "sort": "Order", "relevance": "Best match first",
        "newest": "Newest first", "filters": "Narrow the results", "unit": "Unit",
        "category": "Category", "year": "Year", "language": "Language",
        "type": "Edition type", "none": "Nothing found.", "loading": "Searching…",
        "result_one": "{n} result", "result_many": "{n} results",
        "items_one": "{n} item", "items_many": "{n} items",
        "editions_one": "{n} edition", "editions_many": "{n} editions",
        "with_pool": "Items not yet published in an edition (the information pool) are "
                     "included and marked.",
        "no_pool": "Every item found has been published in an edition.",
        "edition": "Edition", "more": "More results", "scanned": "Edition type is read "
        "from the first {n} matches; narrow the search to see more.",
        "date_fmt": "en", "marking_page": "Classification of these results",
    },
    "zh": {
        "label": "搜索信息和期刊", "any_unit": "全部单位", "any_category": "全部类别",
        "any_year": "全部年份", "any_language": "中英文", "any_type": "全部期刊类型",
        "pool_type": "尚未刊发", "sort": "排序", "relevance": "相关度优先",
        "newest": "最新优先", "filters": "筛选结果", "unit": "单位", "category": "类别",
        "year": "年份", "language": "语言", "type": "期刊类型", "none": "未找到。",
        "loading": "搜索中…", "result_one": "{n} 条结果", "result_many": "{n} 条结果",
        "items_one": "{n} 条信息", "items_many": "{n} 条信息",
        "editions_one": "{n} 期期刊", "editions_many": "{n} 期期刊",
        "with_pool": "结果包括尚未编入期刊的信息（信息库），并已标明。",
        "no_pool": "找到的信息均已编入期刊。", "edition": "期刊", "more": "更多结果",
        "scanned": "期刊类型只在前 {n} 条结果中筛选；请缩小搜索范围。",
        "date_fmt": "zh", "marking_page": "本页结果密级",
    },
}
