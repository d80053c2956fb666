"""``--format json``: the stable machine contract of DESIGN §5."""

from __future__ import annotations

import json

from ..check.engine import CheckResult
from ..diagnostics import Severity
from .cards import Card


def render_json(result: CheckResult, cards: list[Card] | None = None) -> str:
    """The report as JSON: version, summary counts and every diagnostic.

    With ``cards``, a ``quality`` list adds each item's five-criteria card.
    """
    payload: dict[str, object] = {
        "version": 1,
        "summary": {
            "files": result.files,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
        },
        "diagnostics": [d.to_json() for d in result.diagnostics],
    }
    if cards is not None:
        payload["quality"] = [card.to_json() for card in cards]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
