"""The demo bulletin this repository carries: what the issue promises of it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from bulletin.check.engine import check_repository
from bulletin.cli import main
from bulletin.text import has_cjk

ROOT = Path(__file__).resolve().parents[1]


def test_demo_checks_clean_with_strict() -> None:
    result = CliRunner().invoke(main, ["check", "--repo", str(ROOT), "--strict", "--format",
                                       "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report["diagnostics"][:5]
    assert set(report) == {"version", "summary", "diagnostics"}
    assert report["version"] == 1
    assert report["summary"]["errors"] == report["summary"]["warnings"] == 0
    assert report["summary"]["files"] > 80


def test_demo_is_as_rich_as_promised() -> None:
    repo = check_repository(ROOT).repo
    assert repo is not None
    policy = repo.policy
    assert len(policy.units) >= 8 and len(policy.categories) >= 5 and len(policy.levels) == 3
    assert len(repo.items) >= 60
    dates = sorted(i.date for i in repo.items if i.date)
    assert (dates[-1] - dates[0]).days >= 89
    chinese = sum(1 for i in repo.items if i.title and has_cjk(i.title))
    assert 0.2 <= chinese / len(repo.items) <= 0.5
    assert len({i.unit for i in repo.items}) >= 8
    assert len({i.category for i in repo.items}) >= 5
    assert set(Counter(i.classification for i in repo.items)) == set(policy.levels)
    assert len(repo.editions) >= 8
    assert {"flash", "regular"} <= {e.type for e in repo.editions}
    assert len(repo.responses) >= 5


def test_demo_quarter_is_scored_under_its_rule_book() -> None:
    result = CliRunner().invoke(main, ["score", "--repo", str(ROOT), "--period", "2026-Q4",
                                       "--as-of", "2026-12-31", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    units = report["units"]
    assert len(units) == 13 and report["ranking"]["within"] == "tier"
    for tier in ("bureau", "district"):
        ranked = [u for u in units if u["tier"] == tier]
        assert [u["rank"] for u in ranked] == sorted(u["rank"] for u in ranked)
        assert [u["points"] for u in ranked] == sorted((u["points"] for u in ranked),
                                                       reverse=True)
    # the ledger's two fourth-quarter deductions and the provincial instruction count
    by_unit = {u["unit"]: u for u in units}
    assert by_unit["ecology"]["responses_by_kind"] == {"instruction": 2}
    explain = CliRunner().invoke(main, ["score", "--repo", str(ROOT), "--period", "2026-Q4",
                                        "--as-of", "2026-12-31", "--explain", "dongcheng-district",
                                        "--format", "json"])
    trail = json.loads(explain.stdout)
    assert sum(line["points"] for line in trail["lines"]) == trail["unit"]["points"]
    assert [line["points"] for line in trail["lines"] if line["kind"] == "ledger"] == [-50.0]
