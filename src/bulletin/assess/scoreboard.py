"""Unit assessment: the rule book applied to a repository, its history and its ledger.

A pure function of typed values (:func:`assess`): the loader, the git timeline
(:mod:`bulletin.git.timeline`), the ledger and the check's diagnostics come in;
a :class:`Scoreboard` comes out, every figure of which is traceable to the
:class:`Line` entries behind a unit's points (``bulletin score --explain``).

Definitions (the README's "Assessment" section says the same to users):

* an item is **submitted** in the period that holds the day the rule book counts
  it by (``count_by``, :mod:`.counting`): the day it was sent (its first commit),
  merged into main (the default), or first adopted; for imported items and
  repositories without history, its front-matter ``date``;
* an item is **adopted** in the period when an edition dated in the period is the
  first of its publication to carry it (one adoption per publication: they add up);
  a higher office's adoption comes from the ledger (``adopted-upstream``);
* the **lead** item is the first item of an edition's first section;
* **responses** are leader responses dated in the period on the unit's items
  (``responses_per_item`` says which count);
* **lag** is the days from the item's ``event_date`` to when it was sent; an item is
  **late** when the lag exceeds the rule book's ``on_time_days`` for its priority;
* **review** time is from the first commit to the merge into main, in hours;
* the **adoption rate** is the share of the period's submitted items that an
  edition of this office has carried (by the end of the period);
* **quality warnings** are the check's Q-rule diagnostics on submitted items;
* the **base**, **caps** and the **floor** bound the points (:mod:`.standards`).
"""

from __future__ import annotations

import datetime as dt

from ..config import Policy
from ..load.ledger import LEDGER_FILE
from ..model import Item, Response
from . import counting, points, standards
from .period import Period
from .points import adoption_rule, response_points
from .standards import training_hints
from .units import Elsewhere, Filed, Inputs, Line, Scoreboard, Target, UnitScore

__all__ = ["Elsewhere", "Filed", "Inputs", "Line", "Scoreboard", "Target", "UnitScore",
           "adoption_rule", "assess", "response_points", "training_hints"]


def assess(inputs: Inputs, period: Period, today: dt.date | None = None) -> Scoreboard:
    """Score every unit of the policy for ``period``.

    While the period is still running (it ends after ``today``), quotas are
    pro rata to the days gone.
    """
    repo, policy = inputs.repo, inputs.repo.policy
    book = policy.assessment
    units = {key: UnitScore(key, unit.name, unit.tier) for key, unit in policy.units.items()}
    board = Scoreboard(period, list(units.values()), list(book.ranking.by), book.ranking.within,
                       book=book, publications={k: p.name for k, p in
                                                policy.publications.items()})
    items = {item.id: item for item in repo.items if item.unit in units}
    for score in units.values():
        standards.score_base(score, policy)
    unmerged = _count_items(inputs, items, units, period)
    for edition, item, line in points.carried(repo.editions, items, period):
        points.score_adoption(units[item.unit or ""], edition, item, line, policy)
    _score_responses(repo.responses, items, units, period, policy)
    for entry in inputs.ledger:
        if entry.unit not in units or entry.date not in period:
            continue
        if entry.upstream is not None:
            points.score_upstream(units[entry.unit], entry.upstream, entry.item,
                                  items.get(entry.item or ""), f"{LEDGER_FILE}:{entry.line}",
                                  policy)
        else:
            points.score_ledger(units[entry.unit], entry)
    so_far = period
    if today is not None and period.start <= today < period.end:
        so_far = Period(period.start, today, period.label)
        board.notes.append(f"the period runs to {period.end}: quotas are pro rata to {today}")
    for score in units.values():
        standards.score_quota(score, policy, so_far)
        standards.score_quality(score, policy)
        standards.score_rate(score, policy)
        standards.settle(score, policy)
        score.hints = training_hints(score, inputs.diagnostics)
    standards.rank(board)
    if unmerged:
        board.notes.append(f"{unmerged} item(s) not yet in the history of "
                           f"{inputs.timeline.ref} are not counted")
    if not inputs.timeline.has_history:
        board.notes.append("no git history: each item's arrival is its front-matter date")
    return board


def _count_items(inputs: Inputs, items: dict[str, Item], units: dict[str, UnitScore],
                 period: Period) -> int:
    """Put each item counted in the period on its unit, and each one sent or merged in
    it but counted elsewhere on its unit's list of those; return how many items the
    history does not hold yet."""
    policy = inputs.repo.policy
    adopted_by_end = points.first_adoptions(inputs.repo.editions, items, period.end)
    first = points.first_adoptions(inputs.repo.editions, items)
    warnings = points.warnings_by_path(inputs.diagnostics)
    unmerged = 0
    for item in items.values():
        seen = first.get(item.id)
        by_end = adopted_by_end.get(item.id)
        found = counting.filed(item, inputs.timeline, policy, seen.date if seen else None,
                               by_end.id if by_end else None)
        score = units[item.unit or ""]
        if found is None:
            unmerged += 1
        elif found.counted in period:
            points.score_filed(score, found, warnings.get(item.path, []), policy)
        elif (away := counting.elsewhere(found, period, policy)) is not None:
            score.elsewhere.append(away)
    return unmerged


def _score_responses(responses: list[Response], items: dict[str, Item],
                     units: dict[str, UnitScore], period: Period, policy: Policy) -> None:
    """Each unit's responses up to the end of the period (the rule book's
    ``responses_per_item`` may need the earlier ones), scored for the period."""
    by_unit: dict[str, list[Response]] = {}
    for response in responses:
        target = items.get(response.item or "")
        if target is not None and response.date is not None and response.date <= period.end:
            by_unit.setdefault(target.unit or "", []).append(response)
    for unit, found in by_unit.items():
        points.score_responses(units[unit], found, items, period, policy)
