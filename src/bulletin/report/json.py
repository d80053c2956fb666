"""``--format json``: the stable machine contract of DESIGN §5."""

from __future__ import annotations

import json

from ..check import CheckResult
from ..diagnostics import Severity


def render_json(result: CheckResult) -> str:
    """The report as JSON: version, summary counts and every diagnostic."""
    payload = {
        "version": 1,
        "summary": {
            "files": result.files,
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
        },
        "diagnostics": [d.to_json() for d in result.diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
