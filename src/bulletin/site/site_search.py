"""The site's two search indexes (items, editions) and the files the search page reads
beside them, as one job for the plugin: start it when the pages are rendered, finish it
after MkDocs has written the site."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..config import Policy
from .compose import Site
from .i18n import chrome_words, labels
from .search import BUNDLE, EDITIONS_BUNDLE, IndexJob
from .search_docs import SearchDoc, edition_doc, edition_maps, item_extra, write_edition_maps

SEARCH_CONFIG = "search/config.json"


class SiteSearch:
    """Both indexes of one build: ``items`` (item pages) and ``editions``."""

    def __init__(self, site: Site, item_docs: list[SearchDoc], edition_docs: list[SearchDoc],
                 folder: Path | None) -> None:
        self.site = site
        self.languages = sorted({d.lang for d in item_docs})
        self.edition_languages = sorted({d.lang for d in edition_docs})
        self.items = IndexJob(item_docs, folder, site.audience)
        self.editions = IndexJob(edition_docs, folder, f"{site.audience}-editions",
                                 EDITIONS_BUNDLE)

    @property
    def reused(self) -> bool:
        """Whether both bundles come from the cache (nothing is indexed meanwhile)."""
        return self.items.reused and self.editions.reused

    def finish(self, site_dir: Path, renderer: Any) -> list[Path]:
        """Wait for the indexes, put them in the site, write the edition maps; the files
        written besides the bundles."""
        from .urls import edition_url

        written = write_edition_maps(site_dir, edition_maps(self.site, renderer.edition_label,
                                                            edition_url))
        self.items.finish(site_dir)
        self.editions.finish(site_dir)
        return written

    def cancel(self) -> None:
        self.items.cancel()
        self.editions.cancel()


BUNDLES = (BUNDLE, EDITIONS_BUNDLE)


def item_doc(url: str, lang: str, title: str, body: str, item: Any, policy: Policy) -> SearchDoc:
    """The search document of one item page."""
    return SearchDoc(url, lang, title, body, item_extra(item, policy))


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
