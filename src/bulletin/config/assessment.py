"""The rule book of ``bulletin score`` (``assessment:``): points, deductions and awards,
the base and its floor, caps, quotas and standards, ranking."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..text import did_you_mean
from .base import Strict

PERIODS = ("month", "quarter", "year")
RANKING_KEYS = {
    # measure: True when a higher value ranks first
    "points": True, "adopted": True, "lead": True, "responses": True, "submitted": True,
    "adoption_rate": True, "median_lag_days": False, "share_late": False,
    "quality_per_item": False,
}
COUNT_BY = ("sent", "merged", "adopted")
"""Which day puts an item in a period: the day it was sent (its first commit), merged
into main, or first adopted by an edition."""
RESPONSES_PER_ITEM = ("all", "per-rank", "best")
LINE_KINDS = ("submitted", "adopted", "lead", "response", "upstream", "award")
"""The kinds of addition a cap (``caps:``) may limit."""
UPSTREAM = "adopted-upstream"
"""The ledger's word for an adoption by a higher office's bulletin."""


class AdoptionRule(Strict):
    """Points for an adopted item; the first line whose conditions all hold applies."""

    type: str | None = None
    """Edition type (regular, flash, special)."""
    audience: str | None = None
    """Edition audience (a level)."""
    category: str | None = None
    priority: str | None = None
    publication: str | None = None
    """A publication of this office (``publications:``); with ``level``, the name of a
    higher office's publication as the ledger records it."""
    level: str | None = None
    """An office level (``office_levels``): the line scores adoptions by a higher office
    at that level (ledger ``adopted-upstream``). Without it, the line scores this
    office's own editions."""
    points: float


class Quota(Strict):
    """What a unit of one tier must achieve: per month unless ``per`` says otherwise."""

    submitted: float = Field(0, ge=0)
    adopted: float = Field(0, ge=0)
    per: Literal["month", "quarter", "year"] = "month"
    """The period the figures are for (a quarter's quota need not be three months')."""
    judged: Literal["period", "month"] = "period"
    """``period``: the period's totals against the period's quota; ``month``: each month
    of the period against a month's quota, shortfalls added up (a monthly quota)."""

    @model_validator(mode="after")
    def _month_by_month(self) -> Quota:
        if self.judged == "month" and self.per != "month":
            raise ValueError("a quota judged month by month is a monthly quota: "
                             "'judged: month' needs 'per: month'")
        return self


class RateStandard(Strict):
    """A lowest adoption rate, and what falling below it costs."""

    min: float = Field(ge=0, le=1)
    """The share of submitted items an edition must carry (0.3 for 30 %)."""
    points: float = Field(0, le=0)
    """Points for a unit below it (0 or negative)."""


class Standards(Strict):
    """What a unit must reach to meet the standard (达标), besides its quota."""

    points: float | None = None
    """The fewest points that meet the standard (below it: not met)."""
    adoption_rate: RateStandard | None = None


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
    count_by: Literal["sent", "merged", "adopted"] = "merged"
    """The day that puts an item in a period: ``sent`` (its first commit, as git
    shows it), ``merged`` (into main) or ``adopted`` (its first edition)."""
    base: float = 0
    """Points every unit starts each period with (基础分)."""
    floor: float | None = None
    """Deductions stop here (扣完为止); None: no floor."""
    floor_of: Literal["base", "total"] = "base"
    """``base``: deductions use up the base and stop at the floor, additions come on top;
    ``total``: the total never goes below the floor."""
    cap: float | None = Field(default=None, ge=0)
    """The most points additions may bring in a period (None: no cap, 加分不封顶)."""
    caps: dict[str, float] = {}
    """The most points one kind of addition may bring in a period (``response: 10``)."""
    submitted: float = 0
    """Points per item counted in the period."""
    adoption: list[AdoptionRule] = [AdoptionRule(points=10)]
    lead: float = 0
    """Extra points for an item that leads an edition."""
    responses: dict[str, dict[str, float]] = {}
    """Points per leader response: kind → leader rank → points (rank ``default``
    for any other rank)."""
    responses_per_item: Literal["all", "per-rank", "best"] = "all"
    """Which responses on one item count: ``all``; ``per-rank`` (按件计: one of each kind
    and rank); ``best`` (only the one worth most)."""
    on_time_days: dict[str, int] = {"routine": 7, "important": 3, "urgent": 1}
    """Days an item may take from its event to the repository, by priority."""
    late: float = 0
    """Points per item that arrived late (usually negative)."""
    deductions: dict[str, float] = {}
    """Kinds of ledger entry (``assessment/ledger.yml``) that take points (negative)."""
    awards: dict[str, float] = {}
    """Kinds of ledger entry that give points (positive)."""
    quotas: dict[str, Quota] = {}
    """Quota per unit tier (``default`` for units with no tier)."""
    shortfall: float = 0
    """Points per item short of a quota (usually negative)."""
    per_warning: float = 0
    """Points per quality warning on a submitted item (usually negative or 0)."""
    standards: Standards = Standards()
    ranking: Ranking = Ranking()

    def ledger_kind(self, kind: str) -> float | None:
        """The points of a ledger kind (a deduction or an award), or None if unknown."""
        return self.deductions.get(kind, self.awards.get(kind))
