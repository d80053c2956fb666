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


def target_text(score: UnitScore) -> str:
    """Whether the unit met the standard, and what was asked and reached when it did
    not: ``missed: submitted 2 of 6, adopted 3 of 3`` or ``missed: 4.5 points of 6``."""
    target = score.standard
    if target is None:
        return "—"
    return "met" if target.met else f"missed: {target.text}"


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
    ("target", target_text),
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
        "adopted_by_publication": dict(sorted(score.adopted_by_publication.items())),
        "adopted_upstream": score.adopted_upstream,
        "upstream_by_level": dict(sorted(score.upstream_by_level.items())),
        "standards": {"quota": _met(score, "quota"), "points": _met(score, "points"),
                      "adoption_rate": score.rate_met},
        "targets": [{"name": t.name, "met": t.met, "text": t.text} for t in score.targets],
        "hints": [{"code": code, "rule": REGISTRY[code].name if code in REGISTRY else code,
                   "count": count} for code, count in score.hints],
    }


def _met(score: UnitScore, name: str) -> bool | None:
    target = score.target(name)
    return None if target is None else target.met


def rule_book_json(board: Scoreboard) -> dict[str, Any]:
    """What bounds and judges the points: base, floor, caps, standards, the counting day,
    and the publications adoption is counted in."""
    book = board.book
    rate = book.standards.adoption_rate
    return {"count_by": book.count_by, "base": book.base,
            "floor": None if book.floor is None else {"points": book.floor,
                                                      "of": book.floor_of},
            "cap": book.cap, "caps": dict(book.caps),
            "responses_per_item": book.responses_per_item,
            "standards": {"points": book.standards.points,
                          "adoption_rate": None if rate is None else
                          {"min": rate.min, "points": rate.points}},
            "publications": dict(board.publications)}


def render_score_json(board: Scoreboard) -> str:
    data = {"period": board.period.to_json(), "label": board.period.label,
            "ranking": {"within": board.within, "by": board.ranking},
            "units": [unit_json(s) for s in board.units], "notes": board.notes,
            "rule_book": rule_book_json(board)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_score_csv(board: Scoreboard) -> str:
    out = io.StringIO()
    rows = [unit_json(s) for s in board.units]
    flat = ["unit", "name", "tier", "rank", "points", "target_met", "submitted", "adopted",
            "lead", "responses", "adoption_rate", "median_lag_days", "late", "share_late",
            "median_review_hours", "quality_warnings", "corrections", "adopted_upstream"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period_from", "period_to", *flat])
    for row in rows:
        writer.writerow([board.period.start, board.period.end,
                         *("" if row[k] is None else row[k] for k in flat)])
    return out.getvalue()


def _ranking_text(board: Scoreboard) -> str:
    within = "within each tier" if board.within == "tier" else "across all units"
    return f"ranked {within} by {', then '.join(board.ranking)}"


def rule_book_text(board: Scoreboard) -> list[str]:
    """The rule book's bounds and standards in words, one clause each (none for a rule
    book that sets none of them)."""
    book = board.book
    out = []
    if book.count_by != "merged":
        out.append(f"items count in the period of the day they were {book.count_by}")
    if book.base:
        out.append(f"every unit starts with {book.base:g} points")
    if book.floor is not None:
        out.append(f"deductions stop at {book.floor:g}" if book.floor_of == "base" else
                   f"the total stops at {book.floor:g}")
    if book.cap is not None or book.caps:
        caps = [f"{kind} at {cap:g}" for kind, cap in book.caps.items()]
        if book.cap is not None:
            caps.append(f"all additions at {book.cap:g}")
        out.append("additions capped: " + ", ".join(caps))
    elif book.floor is not None:
        out.append("additions have no cap")
    if book.responses_per_item != "all":
        out.append("leader responses per item: " + (
            "one of each rank" if book.responses_per_item == "per-rank" else "the best one"))
    if book.standards.points is not None:
        out.append(f"the standard is met at {book.standards.points:g} points")
    rate = book.standards.adoption_rate
    if rate is not None:
        out.append(f"an adoption rate below {rate.min:.0%} costs {-rate.points:g} points")
    if board.publications:
        out.append("publications: " + ", ".join(board.publications.values()))
    return out


def render_score_text(board: Scoreboard) -> str:
    lines = [f"Assessment {board.period.label} ({board.period.start} to {board.period.end}),"
             f" {_ranking_text(board)}"]
    if clauses := rule_book_text(board):
        lines.append("Rule book: " + "; ".join(clauses) + ".")
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
    if clauses := rule_book_text(board):
        lines += ["", "Rule book: " + "; ".join(clauses) + "."]
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
    """Every line behind one unit's points (they add up to its total), then the items
    sent or merged in the period that another period counts, and why."""
    if fmt == "json":
        return json.dumps({"period": board.period.to_json(), "unit": unit_json(score),
                           "lines": [{"kind": ln.kind, "points": ln.points, "text": ln.text,
                                      "source": ln.source, "item": ln.item}
                                     for ln in score.lines],
                           "elsewhere": [{"item": e.item.id, "sent": e.sent.isoformat(),
                                          "counted": e.counted and e.counted.isoformat(),
                                          "reason": e.reason} for e in score.elsewhere],
                           "rule_book": rule_book_json(board)},
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
    if score.adopted_by_publication:
        facts.append("adopted by publication " + ", ".join(
            f"{board.publications.get(k, k)} {n}" for k, n in
            sorted(score.adopted_by_publication.items())))
    if score.adopted_upstream:
        facts.append("adopted upstream " + ", ".join(
            f"{level} {n}" for level, n in sorted(score.upstream_by_level.items())))
    out += ["", "; ".join(facts)]
    out += [f"{'standard' if t.name == 'points' else t.name}: {'met' if t.met else 'missed'}"
            f" ({t.text})" for t in score.targets]
    if score.rate_met is not None:
        out.append(f"adoption rate: {'met' if score.rate_met else 'missed'}")
    if score.elsewhere:
        out += ["", "Sent or merged in this period, counted in another:"]
        out += [f"  {e.item.id}: {e.reason}" for e in score.elsewhere]
    if score.hints:
        out += ["", "Training hints (the rules its items break most; see the writing guide):"]
        out += [f"  {code} {REGISTRY[code].name if code in REGISTRY else ''}: {count} time(s)"
                f" — bulletin rule {code}" for code, count in score.hints]
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[Scoreboard], str]] = {
    "text": render_score_text, "csv": render_score_csv, "json": render_score_json,
    "markdown": render_score_markdown}
