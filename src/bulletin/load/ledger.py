"""The assessment ledger, ``assessment/ledger.yml``: deductions editors record by hand.

Some things no file shows — a false report, a late emergency report, a problem
concealed — and the rule book punishes them. Editors record each one as a
line with its date, unit, kind, reason and (optionally) its points; the kinds
and their default points are the rule book's ``deductions``::

    - date: 2026-10-20
      unit: nanhu-district
      kind: late-emergency
      reason: The 12 October landslide reached the office nine hours late.
      item: 2026-10-12-landslide-qiaotou     # optional
      points: -80                            # optional: overrides the kind's points
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import Policy
from ..diagnostics import Finding
from . import schema
from .fields import check_fields, validate_fields
from .manifests import load_yaml_file

ASSESSMENT_DIR = "assessment"
LEDGER_FILE = f"{ASSESSMENT_DIR}/ledger.yml"


@dataclass(frozen=True)
class LedgerEntry:
    """One valid ledger line, with its points resolved from the rule book."""

    line: int
    date: dt.date
    unit: str
    kind: str
    reason: str
    points: float
    item: str | None = None
    by: str | None = None


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
        problems = check_fields(doc, raw, (i,), LEDGER_FILE, list(schema.LedgerFields.model_fields),
                                schema.LEDGER_REQUIRED, schema.ledger_enums(policy),
                                "a ledger entry")
        fields, bad = validate_fields(doc, schema.LedgerFields, raw, (i,), LEDGER_FILE)
        findings += problems + bad
        if problems or bad:
            continue
        assert fields.date and fields.unit and fields.kind and fields.reason
        points = fields.points if fields.points is not None else \
            policy.assessment.deductions[fields.kind]
        entries.append(LedgerEntry(pos.line, fields.date, fields.unit, fields.kind,
                                   fields.reason, float(points), fields.item, fields.by))
    return entries, findings


def check_ledger(root: Path, policy: Policy, item_ids: Iterable[str]) -> list[Finding]:
    """What ``bulletin check`` reports on the ledger: every problem of
    :func:`load_ledger`, and entries naming an item the repository lacks."""
    entries, findings = load_ledger(root, policy)
    known = set(item_ids)
    for entry in entries:
        if entry.item is not None and entry.item not in known:
            findings.append(Finding("S008", f"'item' is '{entry.item}', which is not an item "
                                            "of this repository", entry.line, 3,
                                    path=LEDGER_FILE))
    return findings
