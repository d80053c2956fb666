"""The rule book of ``bulletin score`` (``assessment:``): points, deductions, quotas,
ranking."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from ..text import did_you_mean
from .base import Strict

PERIODS = ("month", "quarter", "year")
RANKING_KEYS = {
    # measure: True when a higher value ranks first
    "points": True, "adopted": True, "lead": True, "responses": True, "submitted": True,
    "adoption_rate": True, "median_lag_days": False, "share_late": False,
    "quality_per_item": False,
}


class AdoptionRule(Strict):
    """Points for an adopted item; the first line whose conditions all hold applies."""

    type: str | None = None
    """Edition type (regular, flash, special)."""
    audience: str | None = None
    """Edition audience (a level)."""
    category: str | None = None
    priority: str | None = None
    points: float


class Quota(Strict):
    """What a unit of one tier must achieve each month."""

    submitted: float = Field(0, ge=0)
    adopted: float = Field(0, ge=0)


class Ranking(Strict):
    """How units are ranked: by the first measure, ties broken by the next ones."""

    within: Literal["tier", "all"] = "tier"
    by: list[str] = ["points", "adopted", "lead", "responses", "median_lag_days"]

    @field_validator("by")
    @classmethod
    def _known_measures(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in RANKING_KEYS:
                raise ValueError(f"cannot rank by '{name}'{did_you_mean(name, RANKING_KEYS)};"
                                 f" use one of {', '.join(RANKING_KEYS)}")
        if not value:
            raise ValueError("rank by at least one measure")
        return value


class Assessment(Strict):
    """The rule book of ``bulletin score``: points, deductions, quotas and ranking."""

    period: Literal["month", "quarter", "year"] = "quarter"
    """The period of ``bulletin score`` without --period, and of the site's page."""
    audience: str | None = None
    """The lowest build audience that shows the Assessment page (default: the top level)."""
    imported_until: dt.date | None = None
    """Items first committed on or before this day came in a bulk import: their
    front-matter ``date`` is when they arrived, and their review time is unknown."""
    submitted: float = 0
    """Points per item that reached main."""
    adoption: list[AdoptionRule] = [AdoptionRule(points=10)]
    lead: float = 0
    """Extra points for an item that leads an edition."""
    responses: dict[str, dict[str, float]] = {}
    """Points per leader response: kind → leader rank → points (rank ``default``
    for any other rank)."""
    on_time_days: dict[str, int] = {"routine": 7, "important": 3, "urgent": 1}
    """Days an item may take from its event to the repository, by priority."""
    late: float = 0
    """Points per item that arrived late (usually negative)."""
    deductions: dict[str, float] = {}
    """Kinds of ledger entry (``assessment/ledger.yml``) and their points (negative)."""
    quotas: dict[str, Quota] = {}
    """Monthly quota per unit tier (``default`` for units with no tier)."""
    shortfall: float = 0
    """Points per item short of a quota (usually negative)."""
    per_warning: float = 0
    """Points per quality warning on a submitted item (usually negative or 0)."""
    ranking: Ranking = Ranking()
