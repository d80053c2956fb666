"""The parts of every page around the bulletin's own content — header, footer, navigation,
the 404 page — dressed for the office: the theme speaks the bulletin's language, the
header holds a search field, the footer says who publishes the site, its classification
and whom to contact, and staff tools sit under "For staff", apart from what readers read.

Material for MkDocs draws these parts; the package's templates in ``overrides/``
replace its header, its footer's copyright line and its 404 page (searched before the
theme's own, after a ``custom_dir`` of mkdocs.yml).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel

from ..config import Policy
from .i18n import chrome_words, labels

log = logging.getLogger("mkdocs.plugins.bulletin")

OVERRIDES = Path(__file__).parent / "overrides"


def dress_theme(config: MkDocsConfig, policy: Policy | None) -> None:
    """The theme speaks the bulletin's language and uses the package's overrides."""
    theme = config.theme
    if policy is not None and theme.get("language") != policy.language:
        if theme.get("language") not in (None, "en"):
            log.info(f"bulletin: theme.language is set to '{policy.language}', the "
                     "bulletin's language")
        theme["language"] = policy.language
    if theme.name != "material" or str(OVERRIDES) in theme.dirs:
        return
    theme.dirs.insert(1 if theme.custom_dir else 0, str(OVERRIDES))


def overrides_hash() -> str:
    """A hash of the override templates (part of every cached page's key)."""
    digest = hashlib.sha256()
    for path in sorted(OVERRIDES.rglob("*.html")):
        digest.update(path.relative_to(OVERRIDES).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def chrome_context(policy: Policy, audience: str, search: bool) -> dict[str, Any]:
    """What the override templates print (``config.extra.bulletin``); ``search``: the
    site has a search page (the header's field leads there)."""
    words = chrome_words(policy.language)
    return {
        "title": policy.title, "publisher": policy.publisher,
        "contact": policy.reader.contact or "", "lang": policy.language, "search": search,
        "marking": policy.marking(audience), "ranked": policy.level_rank(audience) > 0,
        "words": words, "sections": ["items", "editions", "archive", "pool", "search",
                                     "assessment", "guide"],
    }


def staff_docs(files: Files, policy: Policy, audience: str) -> list[str]:
    """The hand-written staff pages of ``docs/`` (their paths); left out of a build whose
    audience sees no staff pages."""
    staff = set(policy.reader.staff_pages)
    found = [f.src_uri for f in files.documentation_pages() if not f.generated_by
             and f.src_uri in staff]
    if not policy.shows_staff_pages(audience):
        for src in found:
            file = files.get_file_from_path(src)
            if file is not None:
                file.inclusion = InclusionLevel.EXCLUDED
        return []
    return found


def navigation(reader: list[dict[str, str]], staff: list[dict[str, str]],
               reader_docs: list[str], staff_docs_: list[str],
               policy: Policy) -> list[Any]:
    """The site's navigation: what readers read, then "For staff"."""
    nav: list[Any] = [*reader, *reader_docs]
    tools: list[Any] = [*staff, *staff_docs_]
    if tools:
        nav.append({labels(policy.language)["staff"]: tools})
    return nav
