"""What the reader's site and the exports show besides the content: the levels' names in
each language (``level_names:``), the other language's names of units and categories
(``names:``), and the ``reader:`` section (contact, the sites' addresses, who sees the
staff pages, tag aliases)."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import field_validator

from .base import Key, Strict

LANGUAGES = ("en", "zh")

DEFAULT_LEVEL_NAMES = {
    "public": {"en": "PUBLIC", "zh": "公开"},
    "internal": {"en": "INTERNAL", "zh": "内部"},
    "restricted": {"en": "RESTRICTED", "zh": "限制"},
    "confidential": {"en": "CONFIDENTIAL", "zh": "秘密"},
    "secret": {"en": "SECRET", "zh": "机密"},
    "top-secret": {"en": "TOP SECRET", "zh": "绝密"},
}
"""Names of the usual level keys when the policy gives none; any other key is shown
upper-cased, in both languages."""

STAFF_PAGES = ["format.md", "how-to-submit.md"]
"""Hand-written pages of ``docs/`` that are for staff, not readers (the default)."""


class Names(Strict):
    """A name in each language; a language left out falls back to the other name."""

    en: str | None = None
    zh: str | None = None

    def get(self, language: str) -> str | None:
        value: str | None = getattr(self, language, None) if language in LANGUAGES else None
        return value

    @field_validator("en", "zh")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("a name cannot be empty")
        return value


class ReaderSettings(Strict):
    """What readers see around the content (``reader:``); every key is optional."""

    contact: str | None = None
    """Who readers write or call about the site: the footer of every page shows it."""
    site_urls: dict[Key, str] = {}
    """The address of the site built for each audience (``internal: https://oa…/``): the
    e-mail edition links every title to its page there."""
    staff_audience: str | None = None
    """The lowest audience whose site shows the staff pages (the writing guide, the
    information pool and :attr:`staff_pages`); default: the level above the lowest, so
    a public site shows none of them."""
    staff_pages: list[str] = STAFF_PAGES
    """Pages of ``docs/`` (paths under it) listed under "For staff", not for readers."""
    tag_aliases: dict[str, list[str]] = {}
    """Tags that mean the same: ``flood-control: [防汛, flood season]`` lists items tagged
    with any of them on one tag page, named by the key."""

    @field_validator("site_urls")
    @classmethod
    def _web_addresses(cls, value: dict[str, str]) -> dict[str, str]:
        for level, url in value.items():
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"'{level}': '{url}' is not an http(s) address")
        return value

    @field_validator("tag_aliases")
    @classmethod
    def _aliases_once(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        seen: dict[str, str] = {}
        for tag, aliases in value.items():
            for alias in [tag, *aliases]:
                folded = alias.strip().casefold()
                if not folded:
                    raise ValueError(f"'{tag}': an alias cannot be empty")
                if seen.get(folded, tag) != tag:
                    raise ValueError(f"'{alias}' is an alias of both '{seen[folded]}' "
                                     f"and '{tag}'")
                seen[folded] = tag
        return value

    def site_url(self, audience: str) -> str | None:
        """The site built for ``audience``, ending in ``/`` (None when not given)."""
        url = self.site_urls.get(audience)
        return None if url is None else url if url.endswith("/") else url + "/"


def level_name(names: dict[str, Names], level: str, language: str) -> str:
    """The marking of ``level`` in ``language``: the policy's name, or the default."""
    given = names.get(level)
    chosen = given.get(language) if given else None
    if chosen:
        return chosen
    default = DEFAULT_LEVEL_NAMES.get(level, {})
    other = given.get("en") or given.get("zh") if given else None
    return default.get(language) or other or level.replace("-", " ").upper()
