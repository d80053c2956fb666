"""What a unit is held to and what bounds its points: quotas (per month, quarter or
year; judged over the period or month by month), the standards (the adoption rate,
the points that meet the standard, 达标), quality, the base, caps on additions and the
floor under deductions (扣完为止); then ranking and training hints."""

from __future__ import annotations

import calendar
import collections
import datetime as dt
import math

from ..config import RANKING_KEYS, Policy, Quota
from ..diagnostics import Diagnostic, Severity
from .period import Period
from .units import Line, Scoreboard, Target, UnitScore

HINTS = 3
MONTHS_PER = {"month": 1, "quarter": 3, "year": 12}
POLICY = "bulletin.yml assessment"


def score_base(score: UnitScore, policy: Policy) -> None:
    base = policy.assessment.base
    if base:
        score.lines.append(Line("base", base, "the base every unit starts the period with",
                                f"{POLICY}.base"))


def score_quota(score: UnitScore, policy: Policy, period: Period) -> None:
    """The quota of the unit's tier for ``period`` (pro rata to its days), the shortfall's
    points and the quota's target."""
    book = policy.assessment
    quota = book.quotas.get(score.tier or "default") or book.quotas.get("default")
    if quota is None:
        return
    tier = f"tier '{score.tier or 'default'}'"
    if quota.judged == "month":
        _month_by_month(score, quota, period, book.shortfall, tier)
        return
    share = period.months / MONTHS_PER[quota.per]
    score.quota_submitted = math.ceil(quota.submitted * share - 1e-9)
    score.quota_adopted = math.ceil(quota.adopted * share - 1e-9)
    short = max(0, score.quota_submitted - score.submitted) + \
        max(0, score.quota_adopted - score.adopted)
    per = "a month" if quota.per == "month" else f"a {quota.per}"
    reached = _reached(score.submitted, score.quota_submitted, score.adopted,
                       score.quota_adopted)
    score.targets.append(Target("quota", not short, reached))
    if short:
        score.lines.append(Line(
            "shortfall", book.shortfall * short,
            f"{short} short of the quota: {reached} ({_figure(quota.submitted)} submitted and "
            f"{_figure(quota.adopted)} adopted {per} as {tier}, for {period.months:.2f} "
            "months)", f"{POLICY}.quotas, {POLICY}.shortfall"))


def _month_by_month(score: UnitScore, quota: Quota, period: Period, shortfall: float,
                    tier: str) -> None:
    """A monthly quota judged in each month of the period on its own."""
    asked_s = asked_a = 0
    missed: list[str] = []
    months: list[str] = []
    short = 0
    for month in months_of(period):
        share = month.months
        want_s = math.ceil(quota.submitted * share - 1e-9)
        want_a = math.ceil(quota.adopted * share - 1e-9)
        got_s = sum(1 for f in score.filed if f.counted in month)
        got_a = sum(1 for day in score.adoption_days if day in month)
        asked_s, asked_a = asked_s + want_s, asked_a + want_a
        gap = max(0, want_s - got_s) + max(0, want_a - got_a)
        if gap:
            short += gap
            months.append(month.label)
            missed.append(f"{month.label} {_reached(got_s, want_s, got_a, want_a)}")
    score.quota_submitted, score.quota_adopted = asked_s, asked_a
    text = "every month met" if not missed else "; ".join(missed)
    score.targets.append(Target("quota", not short, text, months=tuple(months)))
    if short:
        score.lines.append(Line(
            "shortfall", shortfall * short,
            f"{short} short of the monthly quota, month by month ({_figure(quota.submitted)} "
            f"submitted and {_figure(quota.adopted)} adopted a month as {tier}): "
            + "; ".join(missed), f"{POLICY}.quotas, {POLICY}.shortfall"))


def months_of(period: Period) -> list[Period]:
    """The calendar months of ``period``, each cut to the period's days."""
    out = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        days = calendar.monthrange(year, month)[1]
        out.append(Period(max(period.start, dt.date(year, month, 1)),
                          min(period.end, dt.date(year, month, days)), f"{year}-{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _reached(submitted: int, want_s: int, adopted: int, want_a: int) -> str:
    return f"submitted {submitted} of {want_s}, adopted {adopted} of {want_a}"


def _figure(value: float) -> str:
    return f"{value:g}"


def score_quality(score: UnitScore, policy: Policy) -> None:
    per = policy.assessment.per_warning
    if per and score.quality_warnings:
        score.lines.append(Line("quality", per * score.quality_warnings,
                                f"{score.quality_warnings} quality warning(s) on submitted "
                                "items", f"{POLICY}.per_warning"))


def score_rate(score: UnitScore, policy: Policy) -> None:
    """The adoption-rate standard: its points when the unit falls below it."""
    standard = policy.assessment.standards.adoption_rate
    rate = score.adoption_rate
    if standard is None or rate is None:
        return
    score.rate_met = rate >= standard.min
    if not score.rate_met:
        score.lines.append(Line("rate", standard.points, f"adoption rate {rate:.0%} is below "
                                f"{standard.min:.0%}", f"{POLICY}.standards.adoption_rate"))


def settle(score: UnitScore, policy: Policy) -> None:
    """Caps on additions, then the floor under deductions, as lines that add up; then the
    points standard (达标), judged on the total."""
    book = policy.assessment
    for kind, cap in book.caps.items():
        added = sum(line.points for line in score.lines if line.kind == kind and line.points > 0)
        if added > cap:
            score.lines.append(Line("cap", round(cap - added, 2), f"{kind} points capped at "
                                    f"{cap:g} a period ({added:g} earned)",
                                    f"{POLICY}.caps.{kind}"))
    if book.cap is not None:
        added = sum(line.points for line in score.lines if line.points > 0) + \
            sum(line.points for line in score.lines if line.kind == "cap")
        if added > book.cap:
            score.lines.append(Line("cap", round(book.cap - added, 2), f"additions capped at "
                                    f"{book.cap:g} a period ({added:g} earned)",
                                    f"{POLICY}.cap"))
    _floor(score, policy)
    if book.standards.points is not None:
        met = score.points >= book.standards.points
        score.targets.append(Target("points", met, f"{score.points:g} points of "
                                    f"{book.standards.points:g}", score.points,
                                    book.standards.points))


def _floor(score: UnitScore, policy: Policy) -> None:
    book = policy.assessment
    if book.floor is None:
        return
    if book.floor_of == "total":
        below = book.floor - score.points
        what = f"the total stops at {book.floor:g}"
    else:
        taken = sum(line.points for line in score.lines
                    if line.points < 0 and line.kind != "cap")
        below = book.floor - (book.base + taken)
        what = (f"deductions stop at {book.floor:g} (扣完为止): {-taken:g} deducted from a "
                f"base of {book.base:g}")
    if below > 0:
        score.lines.append(Line("floor", round(below, 2), f"{what}; {below:g} not taken",
                                f"{POLICY}.floor"))


def training_hints(score: UnitScore, diagnostics: list[Diagnostic],
                   limit: int = HINTS) -> list[tuple[str, int]]:
    """The rules the unit's submitted items break most, most frequent first."""
    paths = {f.item.path for f in score.filed}
    counts = collections.Counter(d.code for d in diagnostics
                                 if d.path in paths and d.code[0] in "SQC"
                                 and d.severity != Severity.INFO)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def rank(board: Scoreboard) -> None:
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
