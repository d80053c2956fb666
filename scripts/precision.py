#!/usr/bin/env python3
"""Precision and recall of the quality (Q) and confidentiality (C) rules on a labelled set.

    python scripts/precision.py [--repo DIR [--codes C002] [--by-unit]] [--labels FILE] [--json]

Without ``--repo`` it reports every set in :data:`SETS`: ``tests/labelled`` (every Q
and C rule) and ``tests/labelled-pii`` (personal data, C002, by unit: the units are
regions, ``cn``, ``gb`` and ``us``).

The labelled set is a small bulletin repository whose items were written and
labelled by hand: ``labels.yml`` (beside ``bulletin.yml`` unless ``--labels``
says otherwise) maps each item id to the rule codes a careful editor would
flag in it, an empty list meaning a good item::

    2026-11-18-autumn-trade-fair: [Q101]
    2026-11-16-nanhu-groundwater-recovery: []

The script checks the repository with the library
(:func:`bulletin.check.engine.check_repository`), keeps the Q and C findings, and
compares them with the labels. The unit is an (item, code) pair: a rule that
fires three times in one item counts once.

* TP: the pair is labelled and found;
* FP: found but not labelled (the rule fired on something the editor accepts);
* FN: labelled but not found (the rule missed what the editor would flag).

It prints a table of TP, FP, FN, precision and recall per rule family — the
five quality criteria (``Q-high``, ``Q-novel``, ``Q-comprehensive``,
``Q-true``, ``Q-refined``: the ``criterion`` of each Q rule in the registry)
and ``C`` — and per rule code, then every false positive (with the first
message of the rule in that item) and every false negative (with what the
rule is meant to catch), so that a developer can act on each. ``--json``
prints the same figures as JSON.

Anything else worth knowing is listed as a warning: items without a label,
labels for items that do not exist, unknown codes, and structure (S) or
edition (E) diagnostics, which mean the set itself needs fixing. Precision or
recall is ``None`` (``—`` in the table) when there is nothing to divide by.

The script reports and always exits 0; ``tests/test_precision.py`` holds the
bar the rules must meet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bulletin.check.engine import check_repository
from bulletin.check.rules import REGISTRY
from bulletin.check.rules.registry import CRITERIA
from bulletin.diagnostics import Diagnostic
from bulletin.text import has_cjk

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REPO = ROOT / "tests" / "labelled"
SETS: tuple[tuple[Path, tuple[str, ...] | None, bool], ...] = (
    (DEFAULT_REPO, None, False),
    (ROOT / "tests" / "labelled-pii", ("C002",), True),
)
"""The labelled sets: (repository, the codes judged on it (None: every Q and C rule),
whether to break the figures down by unit)."""
FAMILIES = (*(f"Q-{c}" for c in CRITERIA), "C")
"""Rule families in report order: one per quality criterion, then confidentiality."""


def family(code: str) -> str:
    """The family of a Q or C rule code: ``Q-<criterion>`` or ``C``."""
    if code.startswith("Q"):
        return f"Q-{REGISTRY[code].criterion}"
    return "C"


def judged_codes() -> list[str]:
    """Every Q and C rule code in the registry, in order: the rules that judge items
    (not C007, whose findings are on the pictures beside them)."""
    return sorted(c for c, r in REGISTRY.items() if c[0] in "QC" and r.scope != "load")


# --- figures -----------------------------------------------------------------------------


@dataclass
class Score:
    """Counts of (item, code) pairs, and the precision and recall they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        found = self.tp + self.fp
        return self.tp / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.tp + self.fn
        return self.tp / expected if expected else None

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": _rounded(self.precision), "recall": _rounded(self.recall)}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class Case:
    """One false positive or false negative: the item, the code and what to look at."""

    item: str
    code: str
    path: str
    line: int
    message: str
    count: int = 1
    """For a false positive, how many times the rule fired in the item."""


@dataclass
class Evaluation:
    """The outcome of comparing the checker with the labels."""

    repo: str
    labels: str
    items: dict[str, int]
    overall: Score
    families: dict[str, Score]
    codes: dict[str, Score]
    false_positives: list[Case]
    false_negatives: list[Case]
    warnings: list[str] = field(default_factory=list)
    label_counts: dict[str, int] = field(default_factory=dict)
    """How many items carry each code in the labels (coverage of the set)."""
    units: dict[str, Score] = field(default_factory=dict)
    """The judged codes' figures per submitting unit (for a set whose units are regions)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "repo": self.repo,
            "labels": self.labels,
            "items": self.items,
            "overall": self.overall.to_json(),
            "families": {name: s.to_json() for name, s in self.families.items()},
            "codes": {code: {"name": REGISTRY[code].name, "family": family(code),
                             "labelled": self.label_counts.get(code, 0), **s.to_json()}
                      for code, s in self.codes.items()},
            "false_positives": [asdict(c) for c in self.false_positives],
            "false_negatives": [asdict(c) for c in self.false_negatives],
            "warnings": self.warnings,
            "units": {unit: s.to_json() for unit, s in self.units.items()},
        }


# --- labels ------------------------------------------------------------------------------


class LabelError(Exception):
    """The labels file cannot be read or has the wrong shape."""


def load_labels(path: Path) -> dict[str, list[str]]:
    """The labels: item id -> list of codes (upper case). Raises :class:`LabelError`."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LabelError(f"cannot read {path}: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LabelError(f"{path}: expected a mapping of item id to a list of rule codes")
    labels: dict[str, list[str]] = {}
    for key, value in data.items():
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LabelError(f"{path}: the label of {key} must be a list of rule codes")
        labels[str(key)] = [v.strip().upper() for v in value]
    return labels


# --- comparison --------------------------------------------------------------------------


def evaluate(repo: Path = DEFAULT_REPO, labels: Path | Mapping[str, Iterable[str]] | None = None,
             today: dt.date | None = None, only: Iterable[str] | None = None) -> Evaluation:
    """Check ``repo`` and compare its Q and C findings with ``labels``.

    ``labels`` is a labels file, a mapping of item id to codes, or ``None`` for
    ``<repo>/labels.yml``; ``only`` limits the judged codes (default: every Q and C
    rule). Raises :class:`LabelError` for an unreadable file.
    """
    repo = Path(repo)
    if labels is None or isinstance(labels, Path | str):
        labels_path = Path(labels) if labels is not None else repo / "labels.yml"
        expected_raw: Mapping[str, Iterable[str]] = load_labels(labels_path)
        labels_name = str(labels_path)
    else:
        expected_raw, labels_name = labels, "(given)"
    codes = judged_codes() if only is None else [c for c in judged_codes() if c in set(only)]
    warnings: list[str] = []

    result = check_repository(repo, today)
    if not result.policy_ok or result.repo is None:
        warnings.append("bulletin.yml is broken: nothing could be checked")
    items = {i.id: i for i in result.repo.items} if result.repo else {}
    by_path = {i.path: i.id for i in items.values()}

    expected: dict[str, set[str]] = {}
    for item_id, item_codes in expected_raw.items():
        known = set()
        for code in item_codes:
            if code in codes:
                known.add(code)
            else:
                warnings.append(f"labels: {item_id}: '{code}' is not a Q or C rule code; "
                                "ignored")
        if item_id in items:
            expected[item_id] = known
        else:
            warnings.append(f"labels: {item_id}: no such item in {repo}; ignored")
    for item_id in sorted(set(items) - set(expected)):
        warnings.append(f"{items[item_id].path}: item {item_id} has no label; its findings "
                        "are not counted")

    found: dict[tuple[str, str], list[Diagnostic]] = {}
    for d in result.diagnostics:
        if d.code[0] in "SE":
            warnings.append(f"{d.path}:{d.line}: {d.code} {d.message} (the set must pass "
                            "the S and E rules)")
            continue
        if d.code not in codes:
            continue
        owner = by_path.get(d.path)
        if owner is None:
            warnings.append(f"{d.path}:{d.line}: {d.code} is not on an item; not counted")
        elif owner in expected:
            found.setdefault((owner, d.code), []).append(d)

    scores = {code: Score() for code in codes}
    units: dict[str, Score] = {}
    false_positives: list[Case] = []
    false_negatives: list[Case] = []
    for (item_id, code), diagnostics in sorted(found.items()):
        unit = units.setdefault(items[item_id].unit or "", Score())
        if code in expected[item_id]:
            scores[code].tp += 1
            unit.tp += 1
        else:
            scores[code].fp += 1
            unit.fp += 1
            first = diagnostics[0]
            false_positives.append(Case(item_id, code, first.path, first.line, first.message,
                                        len(diagnostics)))
    for item_id in sorted(expected):
        for code in sorted(expected[item_id]):
            if (item_id, code) not in found:
                scores[code].fn += 1
                units.setdefault(items[item_id].unit or "", Score()).fn += 1
                rule = REGISTRY[code]
                false_negatives.append(Case(item_id, code, items[item_id].path, 1,
                                            f"not found; {rule.name}: {rule.summary}"))

    families = {name: Score() for name in FAMILIES}
    overall = Score()
    for code, score in scores.items():
        families[family(code)].add(score)
        overall.add(score)

    labelled = [items[i] for i in expected]
    zh = sum(1 for i in labelled if has_cjk(i.title or ""))
    good = sum(1 for i in expected if not expected[i])
    label_counts = {code: sum(1 for i in expected if code in expected[i]) for code in codes}
    return Evaluation(
        repo=str(repo), labels=labels_name,
        items={"total": len(items), "labelled": len(labelled), "en": len(labelled) - zh,
               "zh": zh, "good": good, "bad": len(labelled) - good,
               "pairs": sum(len(v) for v in expected.values())},
        overall=overall, families=families, codes=scores,
        false_positives=false_positives, false_negatives=false_negatives,
        warnings=warnings, label_counts=label_counts,
        units=dict(sorted(units.items())))


# --- output ------------------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def render(ev: Evaluation, by_unit: bool = False) -> str:
    """The report as text: tables, then the cases to act on, then warnings."""
    n = ev.items
    out = [
        f"Rule precision on {ev.repo} (labels: {ev.labels})",
        f"{n['labelled']} labelled items of {n['total']}: {n['en']} English, {n['zh']} "
        f"Chinese; {n['good']} good, {n['bad']} bad; {n['pairs']} labelled (item, code) "
        "pairs",
        "",
        f"{'family':<17} {'TP':>4} {'FP':>4} {'FN':>4}  {'precision':>9}  {'recall':>6}",
    ]

    def row(name: str, s: Score) -> str:
        return (f"{name:<17} {s.tp:>4} {s.fp:>4} {s.fn:>4}  {_ratio(s.precision):>9}  "
                f"{_ratio(s.recall):>6}")

    out += [row(name, s) for name, s in ev.families.items() if s.tp + s.fp + s.fn]
    out += [row("all", ev.overall), ""]
    if by_unit:
        out.append(f"{'unit':<17} {'TP':>4} {'FP':>4} {'FN':>4}  {'precision':>9}  "
                   f"{'recall':>6}")
        out += [row(unit, s) for unit, s in ev.units.items()] + [""]
    out.append(f"{'code':<5} {'name':<24} {'family':<16} {'labelled':>8} {'TP':>4} {'FP':>4} "
               f"{'FN':>4}  {'precision':>9}  {'recall':>6}")
    for code, s in ev.codes.items():
        out.append(f"{code:<5} {REGISTRY[code].name:<24} {family(code):<16} "
                   f"{ev.label_counts.get(code, 0):>8} {s.tp:>4} {s.fp:>4} {s.fn:>4}  "
                   f"{_ratio(s.precision):>9}  {_ratio(s.recall):>6}")

    out += ["", f"False positives (found, not labelled): {len(ev.false_positives)}"]
    for c in ev.false_positives:
        more = f" (fired {c.count} times)" if c.count > 1 else ""
        out.append(f"  {c.code}  {c.item}\n        {c.path}:{c.line}: {c.message}{more}")
    out += ["", f"False negatives (labelled, not found): {len(ev.false_negatives)}"]
    for c in ev.false_negatives:
        out.append(f"  {c.code}  {c.item}\n        {c.path}: {c.message}")
    if ev.warnings:
        out += ["", f"Warnings: {len(ev.warnings)}"]
        out += [f"  {w}" for w in ev.warnings]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Precision and recall of bulletin's Q and C rules on a labelled set of "
                    "items, per rule family and per rule, with every false positive and "
                    "false negative. Always exits 0: it reports, tests/test_precision.py "
                    "judges.")
    parser.add_argument("--repo", type=Path, default=None,
                        help="one labelled bulletin repository (default: every set in SETS)")
    parser.add_argument("--labels", type=Path, default=None,
                        help="the labels file (default: REPO/labels.yml)")
    parser.add_argument("--codes", default=None,
                        help="judge only these rule codes, comma-separated (e.g. C002)")
    parser.add_argument("--by-unit", action="store_true",
                        help="break the figures down by submitting unit")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    codes = tuple(c.strip().upper() for c in args.codes.split(",")) if args.codes else None
    sets = SETS if args.repo is None else ((args.repo, codes, args.by_unit),)
    reports = []
    for repo, only, by_unit in sets:
        try:
            ev = evaluate(repo, args.labels, only=only)
        except LabelError as exc:
            print(f"precision: {exc}", file=sys.stderr)
            continue
        reports.append((ev, by_unit))
    if args.json:
        data = [ev.to_json() for ev, _ in reports]
        print(json.dumps(data[0] if args.repo is not None and data else data,
                         ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(render(ev, by_unit) for ev, by_unit in reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
