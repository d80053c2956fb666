"""The assessment ledger, ``assessment/ledger.yml``: what editors record by hand.

Some things no file shows — a false report, a late emergency report, a problem
concealed, an item the province's bulletin adopted — and the rule book scores
them. Editors record each one as a line. A deduction or an award has a date,
unit, kind, reason and (optionally) its points; the kinds and their default
points are the rule book's ``deductions`` and ``awards``::

    - date: 2026-10-20
      unit: nanhu-district
      kind: late-emergency
      reason: The 12 October landslide reached the office nine hours late.
      item: 2026-10-12-landslide-qiaotou     # optional
      points: -80                            # optional: overrides the kind's points

An adoption by a higher office's bulletin is typed, not free points: the rule
book's adoption lines with a ``level`` score it (the information network will
bring the same facts from the upstream repositories)::

    - unit: water
      item: 2026-10-02-reservoir-a
      adopted-upstream: {level: province, office: hebei, publication: daily,
                         edition: 2026-051, date: 2026-10-20}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import safeyaml
from ..config import UPSTREAM, Policy
from ..diagnostics import Finding
from ..model import Item
from . import schema
from .fields import check_fields, validate_fields
from .manifests import load_yaml_file

ASSESSMENT_DIR = "assessment"
LEDGER_FILE = f"{ASSESSMENT_DIR}/ledger.yml"


@dataclass(frozen=True)
class Upstream:
    """An adoption of an item by a higher office's bulletin: what the rule book's
    adoption lines with a ``level`` score."""

    level: str
    date: dt.date
    office: str | None = None
    publication: str | None = None
    edition: str | None = None

    def describe(self) -> str:
        parts = [p for p in (self.office, self.publication, self.edition) if p]
        return f"{self.level}" + (f" ({', '.join(parts)})" if parts else "")


@dataclass(frozen=True)
class LedgerEntry:
    """One valid ledger line, with its points resolved from the rule book (an upstream
    adoption's points come from the adoption lines when it is scored)."""

    line: int
    date: dt.date
    unit: str
    kind: str
    reason: str
    points: float
    item: str | None = None
    by: str | None = None
    upstream: Upstream | None = None
    award: bool = False


def has_ledger(root: Path) -> bool:
    """True when ``assessment/ledger.yml`` is there (even as a link, to be refused)."""
    path = root / LEDGER_FILE
    return path.exists() or path.is_symlink()


def load_ledger(root: Path, policy: Policy) -> tuple[list[LedgerEntry], list[Finding]]:
    """Every valid line of the ledger, and a located finding for every bad one.

    A repository without a ledger has no deductions; that is not a problem.
    """
    if not has_ledger(root):
        return [], []
    doc, findings = load_yaml_file(root, LEDGER_FILE)
    if doc is None or not doc.ok or doc.data is None:
        return [], findings
    if not isinstance(doc.data, list):
        findings.append(Finding("S007", "the ledger must be a list of entries, not a "
                                        f"{type(doc.data).__name__}", path=LEDGER_FILE))
        return [], findings
    entries = []
    for i, raw in enumerate(doc.data):
        pos = doc.where(i)
        if not isinstance(raw, dict):
            findings.append(Finding("S007", "a ledger entry must be a mapping", pos.line,
                                    pos.column, path=LEDGER_FILE))
            continue
        entry, problems = (_upstream_entry if UPSTREAM in raw else _kind_entry)(
            doc, raw, i, policy)
        findings += problems
        if entry is not None:
            entries.append(entry)
    return entries, findings


def _kind_entry(doc: safeyaml.Document, raw: dict[str, Any], i: int,
                policy: Policy) -> tuple[LedgerEntry | None, list[Finding]]:
    """A deduction or an award: its kind gives its points unless it names them."""
    book = policy.assessment
    problems = check_fields(doc, raw, (i,), LEDGER_FILE, schema.LEDGER_KEYS,
                            schema.LEDGER_REQUIRED, schema.ledger_enums(policy),
                            "a ledger entry")
    fields, bad = validate_fields(doc, schema.LedgerFields, raw, (i,), LEDGER_FILE)
    if problems or bad:
        return None, problems + bad
    assert fields.date and fields.unit and fields.kind and fields.reason
    points = fields.points if fields.points is not None else book.ledger_kind(fields.kind)
    assert points is not None
    return LedgerEntry(doc.where(i).line, fields.date, fields.unit, fields.kind, fields.reason,
                       float(points), fields.item, fields.by,
                       award=fields.kind in book.awards), []


def _upstream_entry(doc: safeyaml.Document, raw: dict[str, Any], i: int,
                    policy: Policy) -> tuple[LedgerEntry | None, list[Finding]]:
    """An adoption by a higher office: a unit, an item and ``adopted-upstream``."""
    problems = check_fields(doc, raw, (i,), LEDGER_FILE, schema.LEDGER_KEYS,
                            schema.UPSTREAM_ENTRY_REQUIRED, {"unit": list(policy.units)},
                            "a ledger entry")
    for name, why in (("points", "its points come from the rule book's adoption lines with a "
                                 "level"), ("kind", f"'{UPSTREAM}' is its kind")):
        if name in raw and not (name == "kind" and raw[name] == UPSTREAM):
            where = doc.where_key(i, name)
            problems.append(Finding("S008", f"an upstream adoption takes no '{name}': {why}",
                                    where.line, where.column, path=LEDGER_FILE))
    fields, bad = validate_fields(doc, schema.LedgerFields,
                                  {k: v for k, v in raw.items() if k != UPSTREAM}, (i,),
                                  LEDGER_FILE)
    upstream, more = _upstream(doc, raw.get(UPSTREAM), i, policy)
    problems += bad + more
    if problems or upstream is None:
        return None, problems
    assert fields.unit and fields.item
    return LedgerEntry(doc.where(i).line, upstream.date, fields.unit, UPSTREAM,
                       fields.reason or "", 0.0, fields.item, fields.by, upstream), []


def _upstream(doc: safeyaml.Document, raw: Any, i: int,
              policy: Policy) -> tuple[Upstream | None, list[Finding]]:
    where = (i, UPSTREAM)
    if not isinstance(raw, dict):
        pos = doc.where(*where)
        return None, [Finding("S008", f"'{UPSTREAM}' must be a mapping: {{level, date, "
                                      "office, publication, edition}", pos.line, pos.column,
                              path=LEDGER_FILE)]
    problems = check_fields(doc, raw, where, LEDGER_FILE,
                            list(schema.UpstreamFields.model_fields), schema.UPSTREAM_REQUIRED,
                            {"level": list(policy.office_levels)}, f"'{UPSTREAM}'")
    fields, bad = validate_fields(doc, schema.UpstreamFields, raw, where, LEDGER_FILE)
    if problems or bad:
        return None, problems + bad
    assert fields.level and fields.date
    return Upstream(fields.level, fields.date, fields.office, fields.publication,
                    fields.edition), []


def check_ledger(root: Path, policy: Policy,
                 items: Mapping[str, Sequence[Item]]) -> list[Finding]:
    """What ``bulletin check`` reports on the ledger: every problem of
    :func:`load_ledger`, and what the repository contradicts (:func:`ledger_conflicts`)."""
    entries, findings = load_ledger(root, policy)
    return findings + ledger_conflicts(entries, items)


def ledger_conflicts(entries: list[LedgerEntry],
                     items: Mapping[str, Sequence[Item]]) -> list[Finding]:
    """Entries naming an item the repository lacks, or an item of another unit (its
    points would go to the wrong unit)."""
    findings = []
    for entry in entries:
        if entry.item is None:
            continue
        found = items.get(entry.item)
        if not found:
            findings.append(Finding("S008", f"'item' is '{entry.item}', which is not an item "
                                            "of this repository", entry.line, 3,
                                    path=LEDGER_FILE))
        elif found[0].unit is not None and found[0].unit != entry.unit:
            findings.append(Finding("S008", f"'{entry.item}' is an item of '{found[0].unit}', "
                                            f"not of '{entry.unit}': the line would count for "
                                            "the wrong unit", entry.line, 3, path=LEDGER_FILE))
    return findings
