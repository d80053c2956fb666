"""Formatters of the assessment: text, csv, json (DESIGN §5) and markdown, and the
``--explain`` trail of one unit."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from ..assess.scoreboard import Scoreboard, UnitScore
from ..basics import SCORE_FORMATS as SCORE_FORMATS
from ..check.rules import REGISTRY
from ..text import display_width
from .markdown import cell

# (heading, value) of the table's columns, in order
Column = tuple[str, Callable[[UnitScore], str]]


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _target(score: UnitScore) -> str:
    met = score.target_met
    if met is None:
        return "—"
    quota = f"{score.quota_submitted}/{score.quota_adopted}"
    return f"met ({quota})" if met else f"missed ({quota})"


COLUMNS: list[Column] = [
    ("rank", lambda s: str(s.rank)),
    ("unit", lambda s: s.name),
    ("submitted", lambda s: str(s.submitted)),
    ("adopted", lambda s: str(s.adopted)),
    ("lead", lambda s: str(s.lead)),
    ("responses", lambda s: str(s.responses)),
    ("rate", lambda s: "—" if s.adoption_rate is None else f"{s.adoption_rate:.0%}"),
    ("lag d", lambda s: _num(s.median_lag_days)),
    ("late", lambda s: str(s.late)),
    ("review h", lambda s: _num(s.median_review_hours)),
    ("quality", lambda s: str(s.quality_warnings)),
    ("points", lambda s: _num(s.points)),
    ("target", _target),
]


def unit_json(score: UnitScore) -> dict[str, Any]:
    """One unit: the keys of DESIGN §5 first, then the detail behind them."""
    return {
        "unit": score.unit, "name": score.name,
        "submitted": score.submitted, "adopted": score.adopted, "lead": score.lead,
        "responses": score.responses, "adoption_rate": score.adoption_rate,
        "median_lag_days": score.median_lag_days,
        "quality_warnings": score.quality_warnings, "points": score.points,
        "target_met": score.target_met, "rank": score.rank,
        "tier": score.tier, "responses_by_kind": dict(sorted(score.responses_by_kind.items())),
        "late": score.late, "share_late": score.share_late,
        "median_review_hours": score.median_review_hours,
        "quality_by_criterion": dict(sorted(score.quality_by_criterion.items())),
        "corrections": score.corrections,
        "quota": None if score.quota_submitted is None else
        {"submitted": score.quota_submitted, "adopted": score.quota_adopted},
        "hints": [{"code": code, "rule": REGISTRY[code].name if code in REGISTRY else code,
                   "count": count} for code, count in score.hints],
    }


def render_score_json(board: Scoreboard) -> str:
    data = {"period": board.period.to_json(), "label": board.period.label,
            "ranking": {"within": board.within, "by": board.ranking},
            "units": [unit_json(s) for s in board.units], "notes": board.notes}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_score_csv(board: Scoreboard) -> str:
    out = io.StringIO()
    rows = [unit_json(s) for s in board.units]
    flat = ["unit", "name", "tier", "rank", "points", "target_met", "submitted", "adopted",
            "lead", "responses", "adoption_rate", "median_lag_days", "late", "share_late",
            "median_review_hours", "quality_warnings", "corrections"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period_from", "period_to", *flat])
    for row in rows:
        writer.writerow([board.period.start, board.period.end,
                         *("" if row[k] is None else row[k] for k in flat)])
    return out.getvalue()


def _ranking_text(board: Scoreboard) -> str:
    within = "within each tier" if board.within == "tier" else "across all units"
    return f"ranked {within} by {', then '.join(board.ranking)}"


def render_score_text(board: Scoreboard) -> str:
    lines = [f"Assessment {board.period.label} ({board.period.start} to {board.period.end}),"
             f" {_ranking_text(board)}"]
    for tier, scores in board.groups():
        rows = [[h for h, _ in COLUMNS]] + [[cell(s) for _, cell in COLUMNS] for s in scores]
        widths = [max(display_width(r[i]) for r in rows) for i in range(len(COLUMNS))]
        lines += ["", f"Tier: {tier}" if tier else "All units"]
        for n, row in enumerate(rows):
            cells = [c + " " * (w - display_width(c)) if i == 1 else
                     " " * (w - display_width(c)) + c for i, (c, w) in enumerate(zip(row, widths,
                                                                                      strict=True))]
            lines.append("  ".join(cells).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
    lines += [""] + [f"note: {n}" for n in board.notes]
    return "\n".join(lines).rstrip() + "\n"


def render_score_markdown(board: Scoreboard) -> str:
    lines = [f"## Assessment {board.period.label}", "",
             f"{board.period.start} to {board.period.end}; {_ranking_text(board)}."]
    for tier, scores in board.groups():
        lines += ["", f"### Tier: {tier}" if tier else "### All units", "",
                  "| " + " | ".join(h for h, _ in COLUMNS) + " |",
                  "|" + "|".join("---:" if h != "unit" else "---" for h, _ in COLUMNS) + "|"]
        lines += ["| " + " | ".join(cell(value(s)) for _, value in COLUMNS) + " |"
                  for s in scores]
    if board.notes:
        lines += [""] + [f"> {cell(n)}" for n in board.notes]
    return "\n".join(lines) + "\n"


def render_explain(board: Scoreboard, score: UnitScore, fmt: str = "text") -> str:
    """Every line behind one unit's points; the points add up to its total."""
    if fmt == "json":
        return json.dumps({"period": board.period.to_json(), "unit": unit_json(score),
                           "lines": [{"kind": ln.kind, "points": ln.points, "text": ln.text,
                                      "source": ln.source, "item": ln.item}
                                     for ln in score.lines]},
                          ensure_ascii=False, indent=2) + "\n"
    head = (f"{score.name} ({score.unit}), {board.period.label} "
            f"({board.period.start} to {board.period.end})")
    out = [head, "=" * display_width(head)]
    for line in score.lines:
        out.append(f"{line.points:+8.1f}  {line.kind:<9}  {line.text}")
        out.append(f"{'':8}  {'':<9}  {line.source}")
    out.append(f"{'-' * 8}")
    out.append(f"{score.points:+8.1f}  total (rank {score.rank}"
               f"{', tier ' + score.tier if score.tier else ''})")
    facts = [f"submitted {score.submitted}", f"adopted {score.adopted}", f"lead {score.lead}",
             f"responses {score.responses}", f"late {score.late}",
             f"quality warnings {score.quality_warnings}"]
    if score.quota_submitted is not None:
        facts.append(f"quota {score.quota_submitted} submitted / {score.quota_adopted} "
                     "adopted")
    out += ["", "; ".join(facts)]
    if score.hints:
        out += ["", "Training hints (the rules its items break most; see the writing guide):"]
        out += [f"  {code} {REGISTRY[code].name if code in REGISTRY else ''}: {count} time(s)"
                f" — bulletin rule {code}" for code, count in score.hints]
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[Scoreboard], str]] = {
    "text": render_score_text, "csv": render_score_csv, "json": render_score_json,
    "markdown": render_score_markdown}
