"""Issue 17: IPTC ninjs 2.1 — exports valid against the official schema, and imports
that refuse bad fields with located diagnostics and write nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from bulletin.cli import main
from conftest import BulletinRepo

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_2.1.json")
                    .read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def export(repo: BulletinRepo, target: str, tmp_path: Path) -> dict:
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["export", target, "--format", "ninjs", "--output",
                                       str(out), "--repo", str(repo.root)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    return data


def test_an_item_exports_as_valid_ninjs(bulletin_repo: BulletinRepo, tmp_path: Path) -> None:
    bulletin_repo.item("reservoir-levels-fall", priority="urgent", region="Qiaotou",
                       tags=["water", "drought"], sources=["Telemetry, 17 November"],
                       embargo="2026-11-20T09:00:00",
                       body="Levels **fell**.\n\n<script>alert(1)</script>\n")
    data = export(bulletin_repo, "2026-11-18-reservoir-levels-fall", tmp_path)
    assert data["uri"] == "urn:bulletin:local:item:2026-11-18-reservoir-levels-fall"
    assert data["urgency"] == 1 and data["pubstatus"] == "usable"
    assert data["embargoed"].startswith("2026-11-20T09:00:00+08:00")
    assert data["rightsinfo"] == {"langid": "urn:bulletin:classification",
                                  "encodedrights": "internal"}
    assert "<strong>fell</strong>" in data["bodies"][0]["value"]
    assert "<script" not in data["bodies"][0]["value"]
    assert {"name": "drought", "rel": "tag"} in data["subjects"]
    assert data["located"] == "Qiaotou"
    assert {"name": "Telemetry, 17 November", "role": "source"} in data["infosources"]


def test_a_withdrawn_relayed_item_and_an_edition(bulletin_repo: BulletinRepo,
                                                 tmp_path: Path) -> None:
    bulletin_repo.item("reservoir-levels-fall",
                       withdrawn={"date": "2026-11-22", "reason": "figures wrong"},
                       relayed_from={"office": "xishan", "item": "2026-11-18-x",
                                     "commit": "a" * 40, "sha256": "b" * 64})
    bulletin_repo.item("second-item", title="A second item")
    bulletin_repo.edition(1, ["2026-11-18-second-item", "2026-11-18-reservoir-levels-fall"])
    data = export(bulletin_repo, "2026-11-18-reservoir-levels-fall", tmp_path)
    assert data["pubstatus"] == "withheld"
    assert {"role": "bulletin:relayed-from", "value": f"xishan/2026-11-18-x@{'a' * 40}"} \
        in data["altids"]
    assert data["associations"][0]["uri"] == "urn:bulletin:xishan:item:2026-11-18-x"
    edition = export(bulletin_repo, "2026-001", tmp_path)
    assert edition["type"] == "composite"
    assert [a["altids"][0]["value"] for a in edition["associations"]] == [
        "2026-11-18-second-item", "2026-11-18-reservoir-levels-fall"]


def test_an_edition_export_holds_nothing_above_its_audience(bulletin_repo: BulletinRepo,
                                                            tmp_path: Path) -> None:
    bulletin_repo.item("secret", classification="restricted", title="Restricted item")
    bulletin_repo.item("open", title="Open item")
    bulletin_repo.edition(1, ["2026-11-18-open", "2026-11-18-secret"])
    edition = export(bulletin_repo, "2026-001", tmp_path)
    assert "Restricted item" not in json.dumps(edition)


@pytest.mark.parametrize("target", ["2026-999", "nothing"])
def test_an_unknown_target_is_a_one_line_error(bulletin_repo: BulletinRepo,
                                               target: str) -> None:
    result = CliRunner().invoke(main, ["export", target, "--format", "ninjs",
                                       "--repo", str(bulletin_repo.root)])
    assert result.exit_code == 2 and "no item or edition" in result.stderr
