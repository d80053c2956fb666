"""``--format gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``).

A JSON array of Code Climate issues with the fields GitLab requires:
``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location.path`` / ``location.lines.begin`` (plus ``type: "issue"``).

Severity: error → ``major``, warning → ``minor``, info → ``info``. ``critical``
and ``blocker`` are left unused: bulletin has no level above *error*, and
``major`` already ranks errors above warnings in the merge-request widget.

The fingerprint is the SHA-256 of path, code, message and an occurrence number
(the n-th identical problem in that file): not of the line, so that a problem
keeps its fingerprint when lines are added above it, and GitLab sees it as the
same problem rather than one fixed and one new.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from ..check.engine import CheckResult
from ..diagnostics import Diagnostic, Severity

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def fingerprint(diag: Diagnostic, occurrence: int) -> str:
    key = "\0".join([diag.path, diag.code, diag.message, str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def render_gitlab(result: CheckResult) -> str:
    """The report as a JSON array, one issue per diagnostic."""
    seen: Counter[tuple[str, str, str]] = Counter()
    issues: list[dict[str, object]] = []
    for diag in result.diagnostics:
        key = (diag.path, diag.code, diag.message)
        seen[key] += 1
        issues.append({
            "type": "issue",
            "description": f"{diag.message} ({diag.code} {diag.rule})",
            "check_name": f"{diag.code} {diag.rule}",
            "fingerprint": fingerprint(diag, seen[key]),
            "severity": SEVERITIES.get(diag.severity, "info"),
            "location": {"path": diag.path.replace("\\", "/"),
                         "lines": {"begin": max(diag.line, 1)}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
