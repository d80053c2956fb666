"""The rule book's points for what a unit did: items counted, adoptions by this office's
publications and by higher offices, leader responses (per piece when the rule book says
so), and the ledger's deductions and awards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from ..check.rules import REGISTRY
from ..config import AdoptionRule, Policy
from ..diagnostics import Diagnostic, Severity
from ..load.ledger import LEDGER_FILE, LedgerEntry, Upstream
from ..model import Edition, Item, Response
from .counting import when
from .period import Period
from .units import Filed, Line, UnitScore


def score_filed(score: UnitScore, filed: Filed, found: list[Diagnostic],
                policy: Policy) -> None:
    """An item counted in the period: its points, lateness and quality warnings."""
    book = policy.assessment
    item = filed.item
    score.filed.append(filed)
    lag = "no event date" if filed.lag_days is None else f"lag {filed.lag_days} d"
    counted = "" if book.count_by == "merged" else f"; counted by the day {book.count_by}, " \
                                                   f"{filed.counted}"
    score.lines.append(Line("submitted", book.submitted,
                            f"submitted {item.id} ({when(filed.arrived, policy)}, "
                            f"{filed.source}; {lag}{counted})", f"{item.path}:1", item.id))
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


# --- adoption by this office's editions ------------------------------------------------


def published(editions: list[Edition]) -> list[Edition]:
    """Editions with a number and a date, in the order they appeared."""
    return sorted((e for e in editions if e.date is not None and e.number is not None),
                  key=lambda e: (e.date or dt.date.min, e.id))


def first_adoptions(editions: list[Edition], items: dict[str, Item],
                    until: dt.date = dt.date.max) -> dict[str, Edition]:
    """The first edition (of any publication, dated up to ``until``) that carried each
    item."""
    first: dict[str, Edition] = {}
    for edition in published(editions):
        if edition.date and edition.date <= until:
            for item_id in edition.item_ids():
                if item_id in items:
                    first.setdefault(item_id, edition)
    return first


def carried(editions: list[Edition], items: dict[str, Item],
            period: Period) -> Iterator[tuple[Edition, Item, int]]:
    """(edition, item, line of the reference) for each item first carried by a
    publication in an edition dated in the period: one adoption per publication
    (多刊采用累加)."""
    seen: set[tuple[str, str]] = set()
    for edition in published(editions):
        for item_id, pos in edition.item_refs():
            key = (edition.series, item_id)
            if key in seen or item_id not in items:
                continue
            seen.add(key)
            if edition.date in period:
                yield edition, items[item_id], pos.line


def adoption_rule(rules: list[AdoptionRule], edition: Edition,
                  item: Item) -> tuple[int, AdoptionRule] | None:
    """The first rule-book line that applies to ``item`` in ``edition`` (and its index):
    lines without a ``level`` score this office's own editions."""
    for index, rule in enumerate(rules):
        if rule.level is None and all(want is None or want == have for want, have in (
                (rule.type, edition.type), (rule.audience, edition.audience),
                (rule.publication, edition.publication),
                (rule.category, item.category), (rule.priority, item.priority))):
            return index, rule
    return None


def score_adoption(score: UnitScore, edition: Edition, item: Item, line: int,
                   policy: Policy) -> None:
    book = policy.assessment
    score.adopted += 1
    score.adoption_days.append(edition.date or dt.date.min)
    if edition.publication is not None:
        score.adopted_by_publication[edition.publication] = \
            score.adopted_by_publication.get(edition.publication, 0) + 1
    found = adoption_rule(book.adoption, edition, item)
    where = f"{edition.path}:{line}"
    kind = ", ".join(filter(None, (policy.publication_name(edition.publication)
                                   if edition.publication else None,
                                   edition.type or "?", edition.audience or "?")))
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
        if book.lead:
            score.lines.append(Line("lead", book.lead, f"{item.id} leads {edition.id}", where,
                                    item.id))


# --- adoption by a higher office (the ledger's adopted-upstream) -------------------------
# An adoption comes as an :class:`Upstream` with the item and where it is recorded, so that
# adoptions read from the upstream repositories (the information network) score the same.


def upstream_rule(rules: list[AdoptionRule], upstream: Upstream,
                  item: Item | None) -> tuple[int, AdoptionRule] | None:
    """The first adoption line with the adoption's ``level`` whose conditions hold."""
    for index, rule in enumerate(rules):
        if rule.level == upstream.level and all(want is None or want == have for want, have in (
                (rule.publication, upstream.publication),
                (rule.category, item.category if item else None),
                (rule.priority, item.priority if item else None))):
            return index, rule
    return None


def score_upstream(score: UnitScore, upstream: Upstream, item_id: str | None,
                   item: Item | None, source: str, policy: Policy) -> None:
    """One adoption by a higher office of the unit's item ``item_id``, recorded at
    ``source``."""
    score.upstream_by_level[upstream.level] = score.upstream_by_level.get(upstream.level, 0) + 1
    found = upstream_rule(policy.assessment.adoption, upstream, item)
    text = f"adopted {item_id} upstream, {upstream.describe()}, {upstream.date}"
    if found is None:
        points, text = 0.0, f"{text}; no adoption line of the rule book has level " \
                            f"'{upstream.level}' for it"
    else:
        index, rule = found
        points, text = rule.points, f"{text} (rule book adoption line {index + 1})"
    score.lines.append(Line("upstream", points, text, source, item_id))


# --- leader responses --------------------------------------------------------------------


def response_points(policy: Policy, response: Response) -> float:
    """The rule book's points for one response (0 when no line names its kind and rank)."""
    table = policy.assessment.responses.get(response.kind or "", {})
    return table.get(response.rank or "", table.get("default", 0))


def score_responses(score: UnitScore, responses: list[Response], items: dict[str, Item],
                    period: Period, policy: Policy) -> None:
    """The unit's responses dated in the period, each counted or not as the rule book's
    ``responses_per_item`` says; ``responses`` holds every response on the unit's items
    up to the end of the period (earlier ones decide what a later one adds)."""
    mode = policy.assessment.responses_per_item
    counted: dict[tuple[str, ...], Response] = {}
    best: dict[str, Response] = {}
    for response in sorted(responses, key=lambda r: (r.date or dt.date.min, r.path, r.index)):
        best.setdefault(response.item or "", response)
        if response_points(policy, response) > response_points(policy,
                                                               best[response.item or ""]):
            best[response.item or ""] = response
    for response in sorted(responses, key=lambda r: (r.date or dt.date.min, r.path, r.index)):
        key = (response.item or "", response.kind or "", response.rank or "")
        first = counted.setdefault(key, response)
        if response.date not in period:
            continue
        item = items[response.item or ""]
        why = None
        if mode == "per-rank" and first is not response:
            why = f"counted once per rank on an item (responses_per_item: per-rank): " \
                  f"the {first.kind} of {first.date} counts"
        elif mode == "best" and best[response.item or ""] is not response:
            other = best[response.item or ""]
            why = f"only the response worth most on an item counts (responses_per_item: " \
                  f"best): {other.by}'s of {other.date}"
        _response_line(score, response, item, why, policy)


def _response_line(score: UnitScore, response: Response, item: Item, why: str | None,
                   policy: Policy) -> None:
    kind = response.kind or "?"
    if why is None:
        score.responses_by_kind[kind] = score.responses_by_kind.get(kind, 0) + 1
    text = f"{kind} by {response.by} ({response.rank or 'no rank'}) on {item.id}, " \
           f"{response.date}" + (f"; not counted: {why}" if why else "")
    score.lines.append(Line("response", 0 if why else response_points(policy, response), text,
                            f"{response.path}:{response.where().line}", item.id))


# --- the ledger's deductions and awards --------------------------------------------------


def score_ledger(score: UnitScore, entry: LedgerEntry) -> None:
    word = "award" if entry.award else "deduction"
    score.lines.append(Line("award" if entry.award else "ledger", entry.points,
                            f"{entry.date} {word} {entry.kind}: {entry.reason}",
                            f"{LEDGER_FILE}:{entry.line}", entry.item))


def warnings_by_path(diagnostics: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    by_path: dict[str, list[Diagnostic]] = {}
    for diag in diagnostics:
        by_path.setdefault(diag.path, []).append(diag)
    return by_path
