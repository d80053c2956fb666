"""Unit assessment: the rule book applied to a repository, its history and its ledger.

A pure function of typed values (:func:`assess`): the loader, the git timeline
(:mod:`bulletin.git.timeline`), the ledger and the check's diagnostics come in;
a :class:`Scoreboard` comes out, every figure of which is traceable to the
:class:`Line` entries behind a unit's points (``bulletin score --explain``).

Definitions (the README's "Assessment" section says the same to users):

* an item is **submitted** in the period when it reached main then (the merge
  into main; for imported items and repositories without history, its
  front-matter ``date``);
* an item is **adopted** in the period when an edition dated in the period
  carries it; the **lead** item is the first item of an edition's first section;
* **responses** are leader responses dated in the period on the unit's items;
* **lag** is the days from the item's ``event_date`` to its arrival (the first
  commit that added it); an item is **late** when the lag exceeds the rule
  book's ``on_time_days`` for its priority;
* **review** time is from arrival to the merge into main, in hours;
* the **adoption rate** is the share of the period's submitted items that an
  edition has carried (by the end of the period);
* **quality warnings** are the check's Q-rule diagnostics on submitted items.
"""

from __future__ import annotations

import collections
import datetime as dt
import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..check.rules import REGISTRY
from ..config import RANKING_KEYS, AdoptionRule, Policy
from ..diagnostics import Diagnostic, Severity
from ..git.timeline import Timeline
from ..load.ledger import LEDGER_FILE, LedgerEntry
from ..model import Edition, Item, Repository, Response
from .period import Period

HINTS = 3


@dataclass(frozen=True)
class Line:
    """One reason for points (possibly zero): what, how many points, and where from."""

    kind: str
    """submitted, adopted, lead, response, late, ledger, shortfall or quality."""
    points: float
    text: str
    source: str
    """``path:line`` of the file that records it."""
    item: str | None = None


@dataclass
class Filed:
    """One item submitted in the period, as the assessment sees it."""

    item: Item
    arrived: dt.datetime | dt.date
    reached: dt.date
    """The day (policy time zone) the item reached main: its period."""
    source: str
    """Where the arrival time comes from: ``git`` or ``front matter``."""
    lag_days: int | None
    late: bool
    review_hours: float | None
    adopted_in: str | None = None
    warnings: int = 0


@dataclass
class UnitScore:
    """Every figure of one unit in one period."""

    unit: str
    name: str
    tier: str | None
    filed: list[Filed] = field(default_factory=list)
    adopted: int = 0
    lead: int = 0
    responses_by_kind: dict[str, int] = field(default_factory=dict)
    quality_by_criterion: dict[str, int] = field(default_factory=dict)
    quota_submitted: int | None = None
    quota_adopted: int | None = None
    lines: list[Line] = field(default_factory=list)
    hints: list[tuple[str, int]] = field(default_factory=list)
    rank: int = 0

    @property
    def submitted(self) -> int:
        return len(self.filed)

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
        if self.quota_submitted is None or self.quota_adopted is None:
            return None
        return self.submitted >= self.quota_submitted and self.adopted >= self.quota_adopted

    def measure(self, name: str) -> float | None:
        """A ranking measure by name (see ``config.assessment.RANKING_KEYS``)."""
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


def assess(inputs: Inputs, period: Period, today: dt.date | None = None) -> Scoreboard:
    """Score every unit of the policy for ``period``.

    While the period is still running (it ends after ``today``), quotas are
    pro rata to the days gone.
    """
    repo, policy = inputs.repo, inputs.repo.policy
    book = policy.assessment
    units = {key: UnitScore(key, unit.name, unit.tier) for key, unit in policy.units.items()}
    board = Scoreboard(period, list(units.values()), list(book.ranking.by), book.ranking.within)
    items = {item.id: item for item in repo.items if item.unit in units}
    adopted_by = _adoptions(repo.editions, items, period.end)
    warnings = _warnings(inputs.diagnostics)
    unmerged = 0
    for item in items.values():
        filed = _filed(item, inputs.timeline, policy, adopted_by.get(item.id))
        if filed is None:
            unmerged += 1
        elif filed.reached in period:
            _score_filed(units[item.unit or ""], filed, warnings.get(item.path, []), policy)
    for edition, item, line in _carried(repo.editions, items, period):
        _score_adoption(units[item.unit or ""], edition, item, line, policy)
    for response in repo.responses:
        target = items.get(response.item or "")
        if target is not None and response.date in period:
            _score_response(units[target.unit or ""], response, target, policy)
    for entry in inputs.ledger:
        if entry.unit in units and entry.date in period:
            units[entry.unit].lines.append(Line(
                "ledger", entry.points, f"{entry.date} {entry.kind}: {entry.reason}",
                f"{LEDGER_FILE}:{entry.line}", entry.item))
    so_far = period
    if today is not None and period.start <= today < period.end:
        so_far = Period(period.start, today, period.label)
        board.notes.append(f"the period runs to {period.end}: quotas are pro rata to {today}")
    for score in units.values():
        _score_quota(score, policy, so_far)
        _score_quality(score, policy)
        score.hints = training_hints(score, inputs.diagnostics)
    _rank(board)
    if unmerged:
        board.notes.append(f"{unmerged} item(s) not yet in the history of "
                           f"{inputs.timeline.ref} are not counted")
    if not inputs.timeline.has_history:
        board.notes.append("no git history: each item's arrival is its front-matter date")
    return board


# --- arrival and timeliness -----------------------------------------------------------


def _filed(item: Item, timeline: Timeline, policy: Policy,
           adopted_in: str | None) -> Filed | None:
    """The item as filed, or None when it has not reached the history yet."""
    book = policy.assessment
    arrived: dt.datetime | dt.date | None = timeline.arrived.get(item.id)
    reached = arrived
    review: float | None = None
    source = "git"
    if isinstance(arrived, dt.datetime):
        if book.imported_until is not None and _local(arrived, policy) <= book.imported_until:
            arrived = reached = item.date
            source = "front matter (imported)"
        else:
            merged = reached = timeline.merged.get(item.id, arrived)
            review = round((merged - arrived).total_seconds() / 3600, 1)
    elif not timeline.has_history:
        arrived = reached = item.date
        source = "front matter (no history)"
    if arrived is None or reached is None:
        return None
    day = _local(arrived, policy)
    lag = (day - item.event_date).days if item.event_date else None
    allowed = book.on_time_days.get(item.priority or "", None)
    late = lag is not None and allowed is not None and lag > allowed
    return Filed(item, arrived, _local(reached, policy), source, lag, late, review, adopted_in)


def _local(when: dt.datetime | dt.date, policy: Policy) -> dt.date:
    if isinstance(when, dt.datetime):
        return when.astimezone(policy.tz).date()
    return when


def _score_filed(score: UnitScore, filed: Filed, found: list[Diagnostic],
                 policy: Policy) -> None:
    book = policy.assessment
    item = filed.item
    score.filed.append(filed)
    lag = "no event date" if filed.lag_days is None else f"lag {filed.lag_days} d"
    score.lines.append(Line("submitted", book.submitted,
                            f"submitted {item.id} ({_when(filed.arrived, policy)}, {filed.source}; "
                            f"{lag})", f"{item.path}:1", item.id))
    if filed.late:
        allowed = book.on_time_days.get(item.priority or "")
        score.lines.append(Line("late", book.late, f"late: {item.id} took {filed.lag_days} "
                                f"days from its event ({item.priority}: {allowed} allowed)",
                                f"{item.path}:1", item.id))
    for diag in found:
        rule = REGISTRY.get(diag.code)
        criterion = rule.criterion if rule else None
        if diag.code.startswith("Q") and criterion and diag.severity != Severity.INFO:
            score.quality_by_criterion[criterion] = \
                score.quality_by_criterion.get(criterion, 0) + 1
            filed.warnings += 1


def _when(arrived: dt.datetime | dt.date, policy: Policy) -> str:
    if isinstance(arrived, dt.datetime):
        return arrived.astimezone(policy.tz).strftime("%Y-%m-%d %H:%M %z")
    return arrived.isoformat()


def _warnings(diagnostics: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    by_path: dict[str, list[Diagnostic]] = {}
    for diag in diagnostics:
        by_path.setdefault(diag.path, []).append(diag)
    return by_path


# --- adoption, responses, ledger ------------------------------------------------------


def _published(editions: list[Edition]) -> list[Edition]:
    return sorted((e for e in editions if e.date is not None and e.number is not None),
                  key=lambda e: (e.date or dt.date.min, e.id))


def _adoptions(editions: list[Edition], items: dict[str, Item],
               until: dt.date) -> dict[str, str]:
    """The first edition (dated up to ``until``) that carried each item."""
    first: dict[str, str] = {}
    for edition in _published(editions):
        if edition.date and edition.date <= until:
            for item_id in edition.item_ids():
                if item_id in items:
                    first.setdefault(item_id, edition.id)
    return first


def _carried(editions: list[Edition], items: dict[str, Item],
             period: Period) -> Iterable[tuple[Edition, Item, int]]:
    """(edition, item, line of the reference) for each item first carried by an
    edition dated in the period."""
    seen: set[str] = set()
    for edition in _published(editions):
        for item_id, pos in edition.item_refs():
            if item_id in seen or item_id not in items:
                continue
            seen.add(item_id)
            if edition.date in period:
                yield edition, items[item_id], pos.line


def adoption_rule(rules: list[AdoptionRule], edition: Edition,
                  item: Item) -> tuple[int, AdoptionRule] | None:
    """The first rule-book line that applies to ``item`` in ``edition`` (and its index)."""
    for index, rule in enumerate(rules):
        if all(want is None or want == have for want, have in (
                (rule.type, edition.type), (rule.audience, edition.audience),
                (rule.category, item.category), (rule.priority, item.priority))):
            return index, rule
    return None


def _score_adoption(score: UnitScore, edition: Edition, item: Item, line: int,
                    policy: Policy) -> None:
    book = policy.assessment
    score.adopted += 1
    found = adoption_rule(book.adoption, edition, item)
    where = f"{edition.path}:{line}"
    kind = f"{edition.type or '?'}, {edition.audience or '?'}"
    if found is None:
        score.lines.append(Line("adopted", 0, f"adopted {item.id} in {edition.id} ({kind}); "
                                "no adoption line of the rule book applies", where, item.id))
    else:
        index, rule = found
        score.lines.append(Line("adopted", rule.points, f"adopted {item.id} in {edition.id} "
                                f"({kind}; rule book adoption line {index + 1})", where,
                                item.id))
    if edition.lead == item.id:
        score.lead += 1
        score.lines.append(Line("lead", book.lead, f"{item.id} leads {edition.id}", where,
                                item.id))


def response_points(policy: Policy, response: Response) -> float:
    """The rule book's points for one response (0 when no line names its kind and rank)."""
    table = policy.assessment.responses.get(response.kind or "", {})
    return table.get(response.rank or "", table.get("default", 0))


def _score_response(score: UnitScore, response: Response, item: Item, policy: Policy) -> None:
    kind = response.kind or "?"
    score.responses_by_kind[kind] = score.responses_by_kind.get(kind, 0) + 1
    score.lines.append(Line(
        "response", response_points(policy, response),
        f"{kind} by {response.by} ({response.rank or 'no rank'}) on {item.id}, "
        f"{response.date}", f"{response.path}:{response.where().line}", item.id))


# --- quotas, quality, ranking ---------------------------------------------------------


def _score_quota(score: UnitScore, policy: Policy, period: Period) -> None:
    book = policy.assessment
    quota = book.quotas.get(score.tier or "default") or book.quotas.get("default")
    if quota is None:
        return
    months = period.months
    score.quota_submitted = math.ceil(quota.submitted * months - 1e-9)
    score.quota_adopted = math.ceil(quota.adopted * months - 1e-9)
    short = max(0, score.quota_submitted - score.submitted) + \
        max(0, score.quota_adopted - score.adopted)
    if short:
        score.lines.append(Line(
            "shortfall", book.shortfall * short,
            f"{short} short of the quota ({score.quota_submitted} submitted, "
            f"{score.quota_adopted} adopted for {months:.2f} months as tier "
            f"'{score.tier or 'default'}')",
            "bulletin.yml assessment.quotas, assessment.shortfall"))


def _score_quality(score: UnitScore, policy: Policy) -> None:
    per = policy.assessment.per_warning
    if per and score.quality_warnings:
        score.lines.append(Line("quality", per * score.quality_warnings,
                                f"{score.quality_warnings} quality warning(s) on submitted "
                                "items", "bulletin.yml assessment.per_warning"))


def training_hints(score: UnitScore, diagnostics: list[Diagnostic],
                   limit: int = HINTS) -> list[tuple[str, int]]:
    """The rules the unit's submitted items break most, most frequent first."""
    paths = {f.item.path for f in score.filed}
    counts = collections.Counter(d.code for d in diagnostics
                                 if d.path in paths and d.code[0] in "SQC"
                                 and d.severity != Severity.INFO)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def _rank(board: Scoreboard) -> None:
    """Competition ranking (1, 2, 2, 4) by the measures in order, per group."""
    groups: dict[str, list[UnitScore]] = {}
    for score in board.units:
        group = (score.tier or "default") if board.within == "tier" else "all"
        groups.setdefault(group, []).append(score)

    def key(score: UnitScore) -> tuple[float, ...]:
        out = []
        for name in board.ranking:
            value = score.measure(name)
            higher_first = RANKING_KEYS[name]
            if value is None:
                out.append(math.inf)
            else:
                out.append(-value if higher_first else value)
        return tuple(out)

    ordered: list[UnitScore] = []
    for members in groups.values():
        members.sort(key=lambda s: (key(s), s.unit))
        for position, score in enumerate(members):
            same = position and key(members[position - 1]) == key(score)
            score.rank = members[position - 1].rank if same else position + 1
        ordered += members
    board.units = ordered
