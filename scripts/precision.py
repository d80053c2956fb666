#!/usr/bin/env python3
"""How well the quality (Q) and confidentiality (C) rules judge labelled sets of items.

    python scripts/precision.py [--repo DIR [--codes C002] [--by-unit]] [--labels FILE] [--json]

Without ``--repo`` it reports every set in :data:`SETS`: ``tests/labelled`` (every Q
and C rule, labelled by rule code), ``tests/labelled-pii`` (personal data, C002, by
unit: the units are regions, ``cn``, ``gb`` and ``us``) and ``tests/labelled-real``
(realistic items, labelled by verdict). ``--repo DIR`` measures any folder in either
format.

A labelled set is a small bulletin repository whose items were written and labelled
by hand, in one of two formats:

* **codes** — ``labels.yml`` maps each item id to the rule codes a careful editor
  would flag in it, an empty list meaning a good item::

      2026-11-18-autumn-trade-fair: [Q101]
      2026-11-16-nanhu-groundwater-recovery: []

* **verdicts** — ``labels.yml`` or ``labels-*.yml`` (one file per language, say)
  give each item the editor's verdict, the criteria the editor would send it back
  for (the five quality criteria, and ``confidential``), what is wrong, and the kind
  of source it was modelled on::

      2026-10-14-xishan-dike-seepage:
        verdict: flawed            # good | flawed
        criteria: [comprehensive, true]
        defects: [figures-dont-add-up, no-when]
        source: county flood situation report

The script checks the repository with the library
(:func:`bulletin.check.engine.check_repository`) and judges what it finds twice.

**Cards** (both formats; a code label names its rule's criterion, ``confidential``
for a C rule). Each item's quality card fails a criterion when a rule of that
criterion reported on it (a C rule fails ``confidential``). Per set, per language
and per criterion it prints the share of good items whose card passes all five
criteria with no error, the share of flawed items whose card fails on a criterion
their labels name, and each rule's precision: a finding of rule R, whose criterion
is c, is right when the item is labelled with c (unit: the (item, code) pair). Then
the cases to act on: good items that fail, flawed items not caught, wrong findings.
An item labelled only with codes of rules that advise (severity info: Q102, Q103)
is left out of the cards, which leave advice out; the code figures still judge it.

**Codes** (code labels only). The unit is an (item, code) pair: TP found and
labelled, FP found but not labelled, FN labelled but not found; precision and recall
per rule family (the five criteria and ``C``) and per rule, then every false
positive and false negative.

Anything else worth knowing is listed as a warning: items without a label, labels for
items that do not exist, unknown codes or criteria, and structure (S) or edition (E)
diagnostics, which mean the set itself needs fixing. A figure is ``None`` (``—`` in
the table) when there is nothing to divide by.

The script reports and always exits 0; ``tests/test_precision.py`` holds the bars.
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

from bulletin.check.engine import check_repository
from bulletin.check.rules import REGISTRY
from bulletin.check.rules.registry import CRITERIA
from bulletin.diagnostics import Diagnostic, Severity
from bulletin.text import has_cjk

sys.path.insert(0, str(Path(__file__).resolve().parent))  # precision_model beside this file
from precision_model import (  # the tests read these from here
    FAMILIES,
    LABEL_CRITERIA,
    LANGUAGES,
    CardCase,
    Cards,
    Case,
    LabelError,
    Score,
    Share,
    Verdict,
    card_codes,
    criterion_of,
    family,
    judged_codes,
    read_labels,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REPO = ROOT / "tests" / "labelled"
REAL_REPO = ROOT / "tests" / "labelled-real"
SETS: tuple[tuple[Path, tuple[str, ...] | None, bool], ...] = (
    (DEFAULT_REPO, None, False),
    (ROOT / "tests" / "labelled-pii", ("C002",), True),
    (REAL_REPO, None, False),
)
"""The labelled sets: (repository, the codes judged on it (None: every Q and C rule),
whether to break the figures down by unit)."""
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
    cards: Cards = field(default_factory=Cards)
    by_code: bool = True
    """Whether the labels name rule codes (the code figures mean something)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "repo": self.repo,
            "labels": self.labels,
            "format": "codes" if self.by_code else "verdicts",
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
            "cards": self.cards.to_json(),
        }


# --- comparison --------------------------------------------------------------------------


def evaluate(repo: Path = DEFAULT_REPO, labels: Path | Mapping[str, Iterable[str]] | None = None,
             today: dt.date | None = None, only: Iterable[str] | None = None) -> Evaluation:
    """Check ``repo`` and compare its Q and C findings with ``labels``.

    ``labels`` is a labels file (either format), a mapping of item id to codes, or
    ``None`` for the set's own files; ``only`` limits the judged codes (default: every
    Q and C rule, and S019 on the cards). Raises :class:`LabelError` for an unreadable
    file.
    """
    repo = Path(repo)
    verdicts, by_code, labels_name = read_labels(repo, labels)
    codes = judged_codes() if only is None else [c for c in judged_codes() if c in set(only)]
    on_cards = card_codes() if only is None else codes
    warnings: list[str] = []

    result = check_repository(repo, today)
    if not result.policy_ok or result.repo is None:
        warnings.append("bulletin.yml is broken: nothing could be checked")
    items = {i.id: i for i in result.repo.items} if result.repo else {}
    by_path = {i.path: i.id for i in items.values()}

    expected: dict[str, Verdict] = {}
    for item_id, verdict in verdicts.items():
        unknown = verdict.criteria - set(LABEL_CRITERIA)
        if unknown:
            warnings.append(f"labels: {item_id}: {', '.join(sorted(unknown))} is not a "
                            "criterion; ignored")
        for code in sorted(verdict.codes or ()):
            if code not in codes:
                warnings.append(f"labels: {item_id}: '{code}' is not a Q or C rule code; "
                                "ignored")
        if item_id in items:
            expected[item_id] = verdict
        else:
            warnings.append(f"labels: {item_id}: no such item in {repo}; ignored")
    for item_id in sorted(set(items) - set(expected)):
        warnings.append(f"{items[item_id].path}: item {item_id} has no label; its findings "
                        "are not counted")

    found: dict[tuple[str, str], list[Diagnostic]] = {}
    for d in result.diagnostics:
        if d.code[0] in "SE" and d.code not in on_cards:
            warnings.append(f"{d.path}:{d.line}: {d.code} {d.message} (the set must pass "
                            "the S and E rules)")
            continue
        if d.code not in on_cards:
            continue
        owner = by_path.get(d.path)
        if owner is None:
            warnings.append(f"{d.path}:{d.line}: {d.code} is not on an item; not counted")
        elif owner in expected:
            found.setdefault((owner, d.code), []).append(d)

    ev = _by_codes(repo, labels_name, items, expected, found, codes, warnings)
    ev.by_code = by_code
    ev.cards = _cards(items, expected, found, on_cards)
    return ev


def _by_codes(repo: Path, labels_name: str, items: dict[str, Any],
              expected: dict[str, Verdict], found: dict[tuple[str, str], list[Diagnostic]],
              codes: list[str], warnings: list[str]) -> Evaluation:
    """The (item, code) figures: meaningful when the labels name codes."""
    wanted = {i: set(v.codes or ()) & set(codes) for i, v in expected.items()}
    scores = {code: Score() for code in codes}
    units: dict[str, Score] = {}
    false_positives: list[Case] = []
    false_negatives: list[Case] = []
    for (item_id, code), diagnostics in sorted(found.items()):
        if code not in scores:
            continue
        unit = units.setdefault(items[item_id].unit or "", Score())
        if code in wanted[item_id]:
            scores[code].tp += 1
            unit.tp += 1
        else:
            scores[code].fp += 1
            unit.fp += 1
            first = diagnostics[0]
            false_positives.append(Case(item_id, code, first.path, first.line, first.message,
                                        len(diagnostics)))
    for item_id in sorted(wanted):
        for code in sorted(wanted[item_id]):
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

    zh = sum(1 for i in expected if _language(items[i]) == "zh")
    good = sum(1 for v in expected.values() if v.good)
    return Evaluation(
        repo=str(repo), labels=labels_name,
        items={"total": len(items), "labelled": len(expected), "en": len(expected) - zh,
               "zh": zh, "good": good, "bad": len(expected) - good,
               "pairs": sum(len(v) for v in wanted.values())},
        overall=overall, families=families, codes=scores,
        false_positives=false_positives, false_negatives=false_negatives,
        warnings=warnings,
        label_counts={code: sum(1 for v in wanted.values() if code in v) for code in codes},
        units=dict(sorted(units.items())))


def _language(item: Any) -> str:
    return "zh" if has_cjk(item.title or "") else "en"


def _advice(code: str) -> bool:
    """True for a rule that only advises (severity info): Q102 and Q103 say what a
    category's or a priority's items usually read like, and are not on the card."""
    rule = REGISTRY.get(code)
    return rule is not None and rule.severity is Severity.INFO


def _cards(items: dict[str, Any], expected: dict[str, Verdict],
           found: dict[tuple[str, str], list[Diagnostic]], codes: list[str]) -> Cards:
    """The card figures: each item's card against its verdict."""
    criteria_judged = sorted({c for c in map(criterion_of, codes) if c},
                             key=LABEL_CRITERIA.index)
    cards = Cards()
    for lang in LANGUAGES:
        cards.good_criterion[lang] = {c: Share() for c in criteria_judged}
        cards.flawed_criterion[lang] = {c: Share() for c in criteria_judged}
        cards.rules[lang] = {code: Score() for code in codes}
        cards.criteria[lang] = {c: Score() for c in criteria_judged}
    on_item: dict[str, list[tuple[str, list[Diagnostic]]]] = {}
    for (item_id, code), diagnostics in sorted(found.items()):
        on_item.setdefault(item_id, []).append((code, diagnostics))
    for item_id, verdict in sorted(expected.items()):
        if verdict.codes and all(_advice(c) for c in verdict.codes):
            continue  # labelled only with advice (info) rules: the card leaves advice out
        item = items[item_id]
        langs = ("all", _language(item))
        failing: dict[str, list[str]] = {}
        error = False
        for code, all_found in on_item.get(item_id, []):
            # a rule set to info advises; the card, and so this count, leave it out
            diagnostics = [d for d in all_found if d.severity is not Severity.INFO]
            if not diagnostics:
                continue
            criterion = criterion_of(code)
            error = error or any(d.severity is Severity.ERROR for d in diagnostics)
            if criterion is None:
                continue
            failing.setdefault(criterion, []).append(f"{code} {diagnostics[0].message}")
            right = criterion in verdict.criteria
            for lang in langs:
                score = cards.rules[lang][code]
                for s in (score, cards.criteria[lang][criterion]):
                    s.tp += right
                    s.fp += not right
            if not right:
                first = diagnostics[0]
                cards.wrong.append(Case(item_id, code, first.path, first.line, first.message,
                                        len(diagnostics)))
        quality_fails = set(failing) & set(CRITERIA)
        for lang in langs:
            for c in criteria_judged:
                if verdict.good:
                    cards.good_criterion[lang][c].count(c not in failing)
                elif c in verdict.criteria:
                    cards.flawed_criterion[lang][c].count(c in failing)
        findings = tuple(f for c in failing for f in failing[c])
        case = CardCase(item_id, item.path, langs[1], tuple(sorted(verdict.criteria)),
                        verdict.defects, findings)
        if verdict.good:
            ok = not quality_fails and not error
            for lang in langs:
                cards.good_pass[lang].count(ok)
            if not ok:
                cards.good_failing.append(case)
        else:
            caught = bool(set(failing) & verdict.criteria)
            for lang in langs:
                cards.flawed_caught[lang].count(caught)
            if not caught:
                cards.flawed_missed.append(case)
    return cards


# --- output ------------------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _precision(s: Score) -> str:
    return "—" if s.tp + s.fp == 0 else f"{_ratio(s.precision)} ({s.tp}/{s.tp + s.fp})"


def _share(s: Share) -> str:
    return f"{_ratio(s.ratio)} ({s.hit}/{s.total})" if s.total else "—"


def render_cards(cards: Cards) -> list[str]:
    """The card figures as text: per language, per criterion, per rule, then the cases."""
    out = ["Quality cards against the verdicts",
           f"{'':<34} {'all':>14} {'en':>14} {'zh':>14}",
           f"{'good items passing all, no error':<34} "
           + " ".join(f"{_share(cards.good_pass[k]):>14}" for k in LANGUAGES),
           f"{'flawed items caught on a named one':<34} "
           + " ".join(f"{_share(cards.flawed_caught[k]):>14}" for k in LANGUAGES), "",
           "per criterion: good items passing it; flawed items labelled with it that fail "
           "it; its rules' precision",
           f"{'criterion':<14} {'':<4}" + "".join(f"{k:>15}" for k in LANGUAGES)]
    for c in cards.good_criterion["all"]:
        rows = (("good", [_share(cards.good_criterion[k][c]) for k in LANGUAGES]),
                ("flaw", [_share(cards.flawed_criterion[k][c]) for k in LANGUAGES]),
                ("prec", [_precision(cards.criteria[k][c]) for k in LANGUAGES]))
        for n, (label, values) in enumerate(rows):
            out.append(f"{c if n == 0 else '':<14} {label:<4}"
                       + "".join(f"{v:>15}" for v in values))
    out += ["", f"{'code':<5} {'name':<26} {'criterion':<14} {'right':>5} {'wrong':>5}  "
                f"{'precision':>9}  {'en':>5}  {'zh':>5}"]
    for code, s in cards.rules["all"].items():
        if s.tp + s.fp == 0:
            continue
        en, zh = cards.rules["en"][code], cards.rules["zh"][code]
        out.append(f"{code:<5} {REGISTRY[code].name:<26} {criterion_of(code) or '':<14} "
                   f"{s.tp:>5} {s.fp:>5}  {_ratio(s.precision):>9}  "
                   f"{_ratio(en.precision):>5}  {_ratio(zh.precision):>5}")
    out += ["", f"Good items whose card fails or holds an error: {len(cards.good_failing)}"]
    for case in cards.good_failing:
        out.append(f"  {case.item} ({case.language})")
        out += [f"        {f}" for f in case.findings] or ["        (an error)"]
    out += ["", f"Flawed items not caught on a criterion they are labelled with: "
                f"{len(cards.flawed_missed)}"]
    for case in cards.flawed_missed:
        said = "; ".join(case.findings) or "nothing"
        out.append(f"  {case.item} ({case.language}) labelled {', '.join(case.labelled)}"
                   f"{' — ' + ', '.join(case.defects) if case.defects else ''}\n"
                   f"        card: {said}")
    out += ["", f"Findings on items not labelled with their criterion: {len(cards.wrong)}"]
    for wrong in cards.wrong:
        more = f" (fired {wrong.count} times)" if wrong.count > 1 else ""
        out.append(f"  {wrong.code}  {wrong.item}\n        {wrong.path}:{wrong.line}: "
                   f"{wrong.message}{more}")
    return out


def render(ev: Evaluation, by_unit: bool = False) -> str:
    """The report as text: card figures, code figures, then the cases and warnings."""
    n = ev.items
    out = [
        f"Rule precision on {ev.repo} (labels: {ev.labels})",
        f"{n['labelled']} labelled items of {n['total']}: {n['en']} English, {n['zh']} "
        f"Chinese; {n['good']} good, {n['bad']} flawed"
        + (f"; {n['pairs']} labelled (item, code) pairs" if ev.by_code else ""),
        "",
        *render_cards(ev.cards),
    ]
    if ev.by_code:
        out += ["", *_render_codes(ev, by_unit)]
    if ev.warnings:
        out += ["", f"Warnings: {len(ev.warnings)}"]
        out += [f"  {w}" for w in ev.warnings]
    return "\n".join(out)


def _render_codes(ev: Evaluation, by_unit: bool) -> list[str]:
    out = ["Rule codes against the code labels",
           f"{'family':<17} {'TP':>4} {'FP':>4} {'FN':>4}  {'precision':>9}  {'recall':>6}"]

    def row(name: str, s: Score) -> str:
        return (f"{name:<17} {s.tp:>4} {s.fp:>4} {s.fn:>4}  {_ratio(s.precision):>9}  "
                f"{_ratio(s.recall):>6}")

    out += [row(name, s) for name, s in ev.families.items() if s.tp + s.fp + s.fn]
    out += [row("all", ev.overall), ""]
    if by_unit:
        out.append(f"{'unit':<17} {'TP':>4} {'FP':>4} {'FN':>4}  {'precision':>9}  "
                   f"{'recall':>6}")
        out += [row(unit, s) for unit, s in ev.units.items()] + [""]
    out.append(f"{'code':<5} {'name':<26} {'family':<16} {'labelled':>8} {'TP':>4} {'FP':>4} "
               f"{'FN':>4}  {'precision':>9}  {'recall':>6}")
    for code, s in ev.codes.items():
        out.append(f"{code:<5} {REGISTRY[code].name:<26} {family(code):<16} "
                   f"{ev.label_counts.get(code, 0):>8} {s.tp:>4} {s.fp:>4} {s.fn:>4}  "
                   f"{_ratio(s.precision):>9}  {_ratio(s.recall):>6}")
    out += ["", f"False positives (found, not labelled): {len(ev.false_positives)}"]
    for c in ev.false_positives:
        more = f" (fired {c.count} times)" if c.count > 1 else ""
        out.append(f"  {c.code}  {c.item}\n        {c.path}:{c.line}: {c.message}{more}")
    out += ["", f"False negatives (labelled, not found): {len(ev.false_negatives)}"]
    for c in ev.false_negatives:
        out.append(f"  {c.code}  {c.item}\n        {c.path}: {c.message}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="How well bulletin's Q and C rules judge labelled sets of items: quality "
                    "cards against verdicts per language and criterion, each rule's "
                    "precision, and the cases to act on. Always exits 0: it reports, "
                    "tests/test_precision.py judges.")
    parser.add_argument("--repo", type=Path, default=None,
                        help="one labelled bulletin repository, in either label format "
                             "(default: every set in SETS)")
    parser.add_argument("--labels", type=Path, default=None,
                        help="the labels file (default: REPO/labels.yml or REPO/labels-*.yml)")
    parser.add_argument("--codes", default=None,
                        help="judge only these rule codes, comma-separated (e.g. C002)")
    parser.add_argument("--by-unit", action="store_true",
                        help="break the code figures down by submitting unit")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    codes = tuple(c.strip().upper() for c in args.codes.split(",")) if args.codes else None
    sets = [s for s in SETS if s[0].is_dir()] if args.repo is None else \
        [(args.repo, codes, args.by_unit)]
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
