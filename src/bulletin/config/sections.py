"""The parts of the policy that say what the check and the build may accept: personal
data (``personal_data:``), who may change what in a pull request (``review:``), and
what mkdocs.yml may ask of a build (``site:``)."""

from __future__ import annotations

import re

from pydantic import field_validator

from ..text import did_you_mean
from .base import Strict


class PersonalData(Strict):
    """What counts as personal data (rule C002), region by region."""

    regions: list[str] = []
    """ISO 3166 codes (``CN``, ``GB``, ``US``, ``HK``, ``SG``…) whose phone numbers and
    national identifiers are looked for; default: the time zone's country, plus ``CN``
    for a Chinese bulletin, or ``GB`` and ``US`` for an English one in ``UTC``."""
    public: list[str] = []
    """An office's published lines and addresses (switchboards, hotlines, role
    mailboxes), in any usual form: never personal data."""
    role_mailboxes: list[str] | None = None
    """Words that make an e-mail address a role's (``press``, ``enquiries``…); replaces
    the built-in list when given."""

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, value: list[str]) -> list[str]:
        from phonenumbers import SUPPORTED_REGIONS

        for code in value:
            if code not in SUPPORTED_REGIONS:
                hint = did_you_mean(code.upper(), SUPPORTED_REGIONS) if code != code.upper() \
                    else ""
                raise ValueError(f"unknown region '{code}'{hint}; use an ISO 3166 code such "
                                 "as CN, GB, US, HK or SG")
        return value


SAFE_PLUGINS = ("bulletin", "search", "material/search", "tags", "material/tags", "offline",
                "material/offline")
"""MkDocs plugins mkdocs.yml may always use: they read no files but the pages and run
nothing of the repository's."""
SAFE_EXTENSIONS = (
    # Python-Markdown's own (none reads a file or runs code)
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
    "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks", "codehilite",
    "legacy_attrs", "legacy_em", "extra",
    # PyMdown's that only transform text (not snippets, which reads files, nor b64)
    "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic",
    "pymdownx.details", "pymdownx.emoji", "pymdownx.escapeall", "pymdownx.fancylists",
    "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.magiclink",
    "pymdownx.mark", "pymdownx.progressbar", "pymdownx.saneheaders", "pymdownx.smartsymbols",
    "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
    "pymdownx.blocks.admonition", "pymdownx.blocks.details", "pymdownx.blocks.tab",
    "pymdownx.blocks.caption", "pymdownx.blocks.definition",
)
"""Markdown extensions mkdocs.yml may always use."""


class SiteSettings(Strict):
    """What mkdocs.yml may ask of a build (``site:``), checked before MkDocs reads it.

    Hooks, ``extra_templates``, ``!!python`` tags and paths outside the repository
    are never allowed; the lists below add to the safe defaults."""

    plugins: list[str] = []
    """MkDocs plugins allowed besides :data:`SAFE_PLUGINS` (e.g. ``material/blog``)."""
    markdown_extensions: list[str] = []
    """Markdown extensions allowed besides :data:`SAFE_EXTENSIONS` (e.g.
    ``pymdownx.snippets``, which reads files: allow it only knowingly)."""
    extra_javascript: list[str] = []
    """Scripts mkdocs.yml may add to every page (``extra_javascript``); none by default."""
    audience: str | None = None
    """The highest audience mkdocs.yml may give the bulletin plugin (default: the
    policy's ``default_audience``); ``bulletin build --audience`` is not limited by it."""

    def allows_plugin(self, name: str) -> bool:
        return name in SAFE_PLUGINS or name in self.plugins

    def allows_extension(self, name: str) -> bool:
        name = name.removeprefix("markdown.extensions.")
        return name in SAFE_EXTENSIONS or name in self.markdown_extensions


class ReviewPolicy(Strict):
    """Who may change what in a pull request, beyond the editors (who may change
    anything): read from the policy of the branch's base, never the branch's own."""

    member_paths: list[str] = ["items/{unit}/"]
    """Paths a unit's members may change, relative to the repository root: ``{unit}``
    stands for each of the member's units, an entry ending in ``/`` for everything
    under that folder, ``*`` for any part of one path segment, ``**`` for any number
    of segments. Every other path is for editors alone."""

    @field_validator("member_paths")
    @classmethod
    def _plain_paths(cls, value: list[str]) -> list[str]:
        for entry in value:
            problem = _path_pattern_problem(entry)
            if problem:
                raise ValueError(f"'{entry}': {problem}")
        return value


def _path_pattern_problem(entry: str) -> str | None:
    """What is wrong with one ``member_paths`` entry (None: nothing)."""
    segments = entry.rstrip("/").split("/")
    if not entry.strip() or entry.startswith("/") or "\\" in entry:
        return "a path relative to the repository root, with '/' between folders"
    if any(part in ("", ".", "..") for part in segments):
        return "no empty, '.' or '..' segments"
    if re.sub(r"\{unit\}", "", entry).count("{") or "}" in re.sub(r"\{unit\}", "", entry):
        return "the only placeholder is {unit}"
    if entry.count("**") > 1 or "***" in entry:
        return "at most one '**'"
    return None
