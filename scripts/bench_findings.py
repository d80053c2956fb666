"""How two runs' findings compare, for ``scripts/bench_check.py --reference``: a
bench's speed counts only when the findings are the same as before."""

from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any


def compare_findings(runs: list[Any], folder: Path | None) -> dict[str, str]:
    """Whether each repository's findings are the same warm as cold, and the same as the
    reference run's in ``folder`` (``LABEL.json``, the cold check's diagnostics, written
    there when it is not yet): {label: "identical" | "different" | "saved" | "no report"}.
    Prints a line per repository, with the first differences."""
    verdicts = {}
    by_label: dict[str, dict[str, Any]] = {}
    for r in runs:
        by_label.setdefault(r.label, {})[r.run] = r
    for label, by in by_label.items():
        cold, warm = by["cold"], by.get("warm")
        if cold.diagnostics is None:
            verdicts[label] = "no report"
            print(f"{label}: no findings to compare (the cold check wrote no report)")
            continue
        notes = []
        if warm is not None and warm.diagnostics != cold.diagnostics:
            notes.append("warm differs from cold: " + _difference(cold.diagnostics,
                                                                  warm.diagnostics or []))
        verdict = "identical" if not notes else "different"
        if folder is not None:
            path = folder / f"{label}.json"
            if path.exists():
                reference = json.loads(path.read_text(encoding="utf-8"))
                if reference != cold.diagnostics:
                    verdict = "different"
                    notes.append(f"differs from {path}: "
                                 + _difference(reference, cold.diagnostics))
            else:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(cold.diagnostics, ensure_ascii=False, indent=1)
                                + "\n", encoding="utf-8")
                verdict = "saved" if verdict == "identical" else verdict
                notes.append(f"saved as the reference: {path}")
        verdicts[label] = verdict
        print(f"{label}: findings {verdict} ({len(cold.diagnostics):,} diagnostics)"
              + "".join(f"; {n}" for n in notes))
    return verdicts


def _difference(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> str:
    """``+2 -1, first: + items/a.md:3 Q402 …``."""
    def key(d: dict[str, Any]) -> str:
        return json.dumps(d, sort_keys=True, ensure_ascii=False)

    old, new = collections.Counter(map(key, before)), collections.Counter(map(key, after))
    added, removed = list((new - old).elements()), list((old - new).elements())
    first = [f"+ {json.loads(k)}" for k in added[:2]] + [f"- {json.loads(k)}" for k in removed[:2]]
    order = "" if added or removed else " (the same findings in another order)"
    return f"+{len(added)} -{len(removed)}{order}" + (", first: " + " | ".join(first)
                                                       if first else "")
