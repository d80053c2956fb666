"""What an assessment is made of: the lines behind a unit's points, the items it filed,
each unit's figures, and the scoreboard of a period."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from ..config import RANKING_KEYS, Assessment
from ..diagnostics import Diagnostic
from ..git.timeline import Timeline
from ..load.ledger import LedgerEntry
from ..model import Item, Repository
from .period import Period


@dataclass(frozen=True)
class Line:
    """One reason for points (possibly zero): what, how many points, and where from."""

    kind: str
    """base, submitted, adopted, lead, response, upstream, late, ledger (a deduction),
    award, shortfall, quality, rate, cap or floor."""
    points: float
    text: str
    source: str
    """``path:line`` of the file that records it."""
    item: str | None = None


@dataclass
class Filed:
    """One item counted in the period, as the assessment sees it."""

    item: Item
    arrived: dt.datetime | dt.date
    """When it was sent: the first commit that added it (or its front-matter date)."""
    counted: dt.date
    """The day (policy time zone) that puts the item in a period (``count_by``)."""
    source: str
    """Where the arrival time comes from: ``git`` or ``front matter``."""
    lag_days: int | None
    late: bool
    review_hours: float | None
    adopted_in: str | None = None
    """The first edition of this office that carried it, by the end of the period."""
    warnings: int = 0
    sent: dt.date | None = None
    merged: dt.date | None = None
    adopted: dt.date | None = None
    """The day of its first edition (any time), if any."""


@dataclass(frozen=True)
class Elsewhere:
    """An item sent or merged in the period but counted in another one (or not yet)."""

    item: Item
    sent: dt.date
    counted: dt.date | None
    reason: str


@dataclass(frozen=True)
class Target:
    """One standard a unit is held to (its quota, the points that meet the standard)."""

    name: str
    """``quota`` or ``points``."""
    met: bool
    text: str
    """What was asked and what was reached, in words: "submitted 2 of 6, adopted 3 of 3"."""
    got: float = 0
    wanted: float = 0
    """The points reached and asked for (a ``points`` target)."""
    months: tuple[str, ...] = ()
    """The months missed (a quota judged month by month)."""


@dataclass
class UnitScore:
    """Every figure of one unit in one period."""

    unit: str
    name: str
    tier: str | None
    filed: list[Filed] = field(default_factory=list)
    adopted: int = 0
    """Adoptions by this office's editions: one per publication that carried an item."""
    adopted_by_publication: dict[str, int] = field(default_factory=dict)
    adoption_days: list[dt.date] = field(default_factory=list)
    upstream_by_level: dict[str, int] = field(default_factory=dict)
    lead: int = 0
    responses_by_kind: dict[str, int] = field(default_factory=dict)
    quality_by_criterion: dict[str, int] = field(default_factory=dict)
    quota_submitted: int | None = None
    quota_adopted: int | None = None
    targets: list[Target] = field(default_factory=list)
    rate_met: bool | None = None
    lines: list[Line] = field(default_factory=list)
    elsewhere: list[Elsewhere] = field(default_factory=list)
    hints: list[tuple[str, int]] = field(default_factory=list)
    rank: int = 0

    @property
    def submitted(self) -> int:
        return len(self.filed)

    @property
    def adopted_upstream(self) -> int:
        return sum(self.upstream_by_level.values())

    @property
    def responses(self) -> int:
        return sum(self.responses_by_kind.values())

    @property
    def points(self) -> float:
        return round(sum(line.points for line in self.lines), 2)

    @property
    def adoption_rate(self) -> float | None:
        if not self.filed:
            return None
        return round(sum(1 for f in self.filed if f.adopted_in) / len(self.filed), 2)

    @property
    def median_lag_days(self) -> float | None:
        lags = [f.lag_days for f in self.filed if f.lag_days is not None]
        return float(statistics.median(lags)) if lags else None

    @property
    def late(self) -> int:
        return sum(1 for f in self.filed if f.late)

    @property
    def share_late(self) -> float | None:
        timed = [f for f in self.filed if f.lag_days is not None]
        return round(self.late / len(timed), 2) if timed else None

    @property
    def median_review_hours(self) -> float | None:
        hours = [f.review_hours for f in self.filed if f.review_hours is not None]
        return round(statistics.median(hours), 1) if hours else None

    @property
    def quality_warnings(self) -> int:
        return sum(self.quality_by_criterion.values())

    @property
    def quality_per_item(self) -> float | None:
        return round(self.quality_warnings / len(self.filed), 2) if self.filed else None

    @property
    def corrections(self) -> int:
        return sum(1 for f in self.filed if f.item.corrects)

    @property
    def target_met(self) -> bool | None:
        """Whether the unit meets the standard: the points the rule book sets for it
        (达标; quota shortfalls cost points on the way), or else its quota; None when the
        rule book sets neither."""
        target = self.standard
        return None if target is None else target.met

    @property
    def standard(self) -> Target | None:
        """The target that decides :attr:`target_met`."""
        return self.target("points") or self.target("quota")

    def target(self, name: str) -> Target | None:
        return next((t for t in self.targets if t.name == name), None)

    def measure(self, name: str) -> float | None:
        """A ranking measure by name (see ``config.assessment.RANKING_KEYS``)."""
        assert name in RANKING_KEYS
        value = getattr(self, name)
        return None if value is None else float(value)


@dataclass
class Scoreboard:
    """The assessment of every unit for one period."""

    period: Period
    units: list[UnitScore]
    ranking: list[str]
    within: str
    notes: list[str] = field(default_factory=list)
    book: Assessment = field(default_factory=lambda: Assessment())
    """The rule book it was scored under."""
    publications: dict[str, str] = field(default_factory=dict)
    """The office's publications (key → name), when it has several."""

    def unit(self, key: str) -> UnitScore | None:
        return next((u for u in self.units if u.unit == key), None)

    def groups(self) -> list[tuple[str | None, list[UnitScore]]]:
        """The units as tables show them: by tier when ranked within tiers, in rank order."""
        if self.within != "tier":
            return [(None, self.units)]
        out: dict[str, list[UnitScore]] = {}
        for score in self.units:
            out.setdefault(score.tier or "default", []).append(score)
        return list(out.items())


@dataclass(frozen=True)
class Inputs:
    """What the assessment reads, gathered by the I/O layer."""

    repo: Repository
    timeline: Timeline
    ledger: list[LedgerEntry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
