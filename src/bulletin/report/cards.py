"""Quality cards: each item judged on the office's five criteria, from its diagnostics.

A card is derived, not computed anew: a criterion *warns* when a rule that
judges it (``Rule.criterion``) reported on the item as a warning or an error,
with that diagnostic's message as a reason; otherwise it *passes*. A rule an
office has set to ``info`` advises the writer without failing the criterion:
the card names only what an editor would send back. (The rules hold themselves
to the same: one long sentence in a long report, one stock phrase, a routine
incident that is over are not reported at all.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..check.engine import CheckResult
from ..check.rules import REGISTRY
from ..check.rules.registry import CRITERIA
from ..diagnostics import Diagnostic, Severity


@dataclass
class Card:
    """One item's card: for each criterion, the diagnostics that make it warn."""

    path: str
    item: str
    reasons: dict[str, list[Diagnostic]] = field(
        default_factory=lambda: {c: [] for c in CRITERIA})

    def status(self, criterion: str) -> str:
        return "warn" if self.reasons[criterion] else "pass"

    @property
    def passed(self) -> int:
        return sum(1 for c in CRITERIA if not self.reasons[c])

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "item": self.item,
            "criteria": {c: {"status": self.status(c),
                             "reasons": [f"{d.code} {d.message}" for d in self.reasons[c]]}
                         for c in CRITERIA},
        }


def quality_cards(result: CheckResult, paths: set[str] | None = None) -> list[Card]:
    """Cards for the checked items (only those in ``paths`` when given), by path."""
    if result.repo is None:
        return []
    cards = {item.path: Card(item.path, item.id)
             for item in result.repo.items_where(None if paths is None else paths.__contains__)}
    for diag in result.diagnostics:
        card = cards.get(diag.path)
        criterion = REGISTRY[diag.code].criterion
        if card is not None and criterion is not None and diag.severity is not Severity.INFO:
            card.reasons[criterion].append(diag)
    return [cards[p] for p in sorted(cards)]
