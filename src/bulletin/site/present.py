"""What templates know of the site beside a page's own data: names, markings, dates and
languages, each as readers of that bulletin expect them (the templates' globals)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from ..model import Item
from ..text import has_cjk
from .compose import EditionView, Site
from .i18n import count, item_language, labels, long_date
from .urls import css_string, edition_url, item_url, tag_slug


class Presenter:
    """The helpers every template of one site may call."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.t = labels(site.policy.language)

    def helpers(self) -> dict[str, Any]:
        policy, language = self.site.policy, self.site.policy.language
        words = {lang: labels(lang) for lang in ("en", "zh")}
        return {
            "t": self.t,
            "site": self.site,
            "policy": policy,
            "unit_name": policy.unit_name,
            "category_name": policy.category_name,
            "edition_label": self.edition_label,
            "edition_url": edition_url,
            "item_url": item_url,
            "tag_slug": tag_slug,
            "key_slug": lambda base, key: tag_slug(key) if base == "tags/" else key,
            "is_cjk": lambda text: bool(text) and has_cjk(text),
            "marking": policy.marking,
            "row_marking": self.row_marking,
            "ranked": lambda level: policy.level_rank(level) > 0,
            "long_date": lambda day, lang=None: long_date(day, lang or language),
            "lang": lambda item: item_language(item.title),
            "tl": lambda item: words[item_language(item.title)],
            "lang_attr": lambda item: self.lang_attr(item.title),
            "text_lang": self.lang_attr,
            "css_string": css_string,
            "count": lambda n: count(n, language),
        }

    def edition_label(self, view: EditionView) -> str:
        """``2026 No. 47``; with several publications, its name first: ``Proposals 2026
        No. 3`` (not the bulletin's own title, which the masthead shows already)."""
        label = self.t["edition_label"].format(year=view.year, number=view.edition.number)
        policy = self.site.policy
        name = policy.publication_name(view.publication)
        return label if not policy.publications or name == policy.title else f"{name} {label}"

    def row_marking(self, item: Item) -> str:
        """The marking a row of ``item`` carries: none at the lowest level."""
        policy = self.site.policy
        if policy.level_rank(item.classification) <= 0:
            return ""
        return policy.marking(item.classification, item_language(item.title))

    def lang_attr(self, text: str | None) -> Markup:
        """`` lang="zh"`` (or ``en``) when ``text`` is not in the bulletin's language."""
        language = item_language(text)
        if not text or language == self.site.policy.language:
            return Markup("")
        return Markup(f' lang="{language}"')

    def level_of(self, items: Iterable[Item], *levels: str | None) -> str | None:
        """The highest level among ``items`` and ``levels``: the page's marking (None when
        that is the lowest level, which is not marked)."""
        policy = self.site.policy
        ranked = [(policy.level_rank(level), level) for level in
                  [*levels, *(item.classification for item in items)] if level]
        rank, level = max(ranked, default=(0, None))
        return level if rank > 0 else None
