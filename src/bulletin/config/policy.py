"""The policy of one bulletin repository, ``bulletin.yml``, declared once: units,
categories, levels, editors, and the parts declared beside it."""

from __future__ import annotations

import zoneinfo
from typing import Any, Literal

from pydantic import Field, field_validator

from ..basics import EDITION_TYPES
from ..text import did_you_mean
from .assessment import Assessment
from .base import Key, Strict
from .sections import PersonalData, ReviewPolicy, SiteSettings


class Unit(Strict):
    """A submitting unit; its key is the folder name under ``items/``."""

    name: str
    members: list[str] = []
    tier: str | None = None


class Category(Strict):
    """A category of item, with the body sections and sources it requires."""

    name: str
    sections: list[str | list[str]] = []
    sources: bool = False
    news_days: int = Field(30, ge=0)

    @property
    def required_sections(self) -> list[list[str]]:
        """Each required section as its list of accepted headings."""
        return [[s] if isinstance(s, str) else list(s) for s in self.sections]

    @field_validator("sections")
    @classmethod
    def _non_empty(cls, value: list[str | list[str]]) -> list[str | list[str]]:
        for entry in value:
            if isinstance(entry, list) and not entry:
                raise ValueError("a section needs at least one heading")
        return value


class Publication(Strict):
    """A series of editions, numbered on its own: ``bulletins/<key>/<YYYY>/<NNN>.yml``."""

    name: str
    """The publication's title (每日要情, Proposals)."""
    numbering: Literal["yearly", "running"] = "yearly"
    """``yearly``: No. 1 each January; ``running``: numbers run on across years."""
    frequency: Literal["daily", "weekly", "fortnightly", "monthly", "quarterly",
                       "irregular"] = "irregular"
    """How often it appears (shown to readers)."""
    types: list[str] = list(EDITION_TYPES)
    """The edition types it has (regular, flash, special)."""
    audience: str | None = None
    """Its readership: the highest audience its editions may have, and the audience
    of ``edition new --publication`` (default: the policy's default audience)."""

    @field_validator("types")
    @classmethod
    def _known_types(cls, value: list[str]) -> list[str]:
        for kind in value:
            if kind not in EDITION_TYPES:
                raise ValueError(f"'{kind}' is not an edition type"
                                 f"{did_you_mean(kind, EDITION_TYPES)}")
        if not value:
            raise ValueError("a publication has at least one edition type")
        return value


class Policy(Strict):
    """The validated policy of one bulletin repository."""

    title: str
    publisher: str
    language: Literal["en", "zh"] = "en"
    timezone: str = "UTC"
    levels: list[Key] = Field(min_length=1)
    default_audience: str | None = None
    editors: list[str] = []
    response_kinds: list[Key] = ["instruction", "endorsement", "comment"]
    leader_ranks: list[Key] | None = None
    """The ranks a leader response may name (default: the ranks the rule book's
    ``responses`` table names; any rank when it names none)."""
    office_levels: list[Key] = ["district", "city", "province", "state-council"]
    """Levels of government offices, lowest first: an adoption by a higher office's
    bulletin is scored by its level."""
    publications: dict[Key, Publication] = {}
    """The office's publications, each numbered on its own; none: one bulletin at
    ``bulletins/<YYYY>/``."""
    pool: bool = True
    ceiling: str | None = None
    """The highest level this repository may hold (default: the top level)."""
    intranet_hosts: list[str] = []
    """Hosts items may link to and load images from; every other host is outside."""
    units: dict[Key, Unit] = Field(min_length=1)
    categories: dict[Key, Category] = Field(min_length=1)
    rules: dict[str, str | dict[str, Any]] = {}
    personal_data: PersonalData = PersonalData()
    review: ReviewPolicy = ReviewPolicy()
    assessment: Assessment = Assessment()
    site: SiteSettings = SiteSettings()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(f"unknown time zone '{value}' (use an IANA name such as "
                             "'Asia/Shanghai' or 'UTC')") from None
        return value

    @field_validator("publications")
    @classmethod
    def _not_a_year(cls, value: dict[str, Publication]) -> dict[str, Publication]:
        for key in value:
            if key.isdigit():
                raise ValueError(f"'{key}' cannot name a publication: a folder of digits "
                                 "under bulletins/ is a year")
        return value

    @property
    def default_publication(self) -> str | None:
        """The publication of editions at ``bulletins/<YYYY>/``: the first declared (None
        when the policy declares none)."""
        return next(iter(self.publications), None)

    def publication_name(self, key: str | None) -> str:
        """A publication's name (the bulletin's title for the default of a policy
        without publications; the key itself when unknown)."""
        if key is None:
            return self.title
        spec = self.publications.get(key)
        return spec.name if spec is not None else key

    @property
    def ranks(self) -> list[str] | None:
        """The leader ranks a response may name, or None when any rank goes."""
        if self.leader_ranks is not None:
            return list(self.leader_ranks)
        named = dict.fromkeys(rank for table in self.assessment.responses.values()
                              for rank in table if rank != "default")
        return list(named) or None

    @property
    def top(self) -> str:
        """The highest level this repository may hold."""
        return self.ceiling or self.levels[-1]

    @property
    def audience(self) -> str:
        """The audience of a build that names none."""
        return self.default_audience or self.levels[0]

    def level_rank(self, level: str | None) -> int:
        """Position of ``level`` among the levels (-1 if unknown)."""
        try:
            return self.levels.index(level) if level is not None else -1
        except ValueError:
            return -1

    @property
    def config_audience(self) -> str:
        """The highest audience mkdocs.yml may set for a build (``site.audience``)."""
        return self.site.audience or self.audience

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)
