"""Issue 17: IPTC ninjs 2.1 — exports valid against the official schema, and imports
that refuse bad fields with located diagnostics and write nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from bulletin.cli import main
from conftest import BulletinRepo

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_2.1.json")
                    .read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def test_the_validator_checks_the_schemas_formats() -> None:
    """date-time and uri are validated (with rfc3339-validator and rfc3986-validator),
    not skipped: an export with a bad date would fail."""
    assert not VALIDATOR.is_valid({"uri": "urn:x:1", "versioncreated": "18 November 2026"})
    assert not VALIDATOR.is_valid({"uri": "not a uri"})
    assert VALIDATOR.is_valid({"uri": "urn:x:1", "versioncreated": "2026-11-18T00:00:00+08:00"})


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


BAD = """\
{
  "uri": "urn:newsroom:4711",
  "type": "text",
  "firstcreated": "18 November 2026",
  "urgency": 12,
  "headlines": [{"value": "Silt blocks the Qiaotou intake"}],
  "bodies": [{"contenttype": "text/html", "value": "<p>Two pumps stopped.</p>"}],
  "subjects": [{"name": "Situation", "rel": "category", "literal": "situaton"}],
  "infosources": [{"name": "Water", "role": "originator", "literal": "water"}],
  "rightsinfo": {"langid": "urn:bulletin:classification", "encodedrights": "secret"}
}
"""


def import_(repo: BulletinRepo, *files: Path, args: tuple[str, ...] = ()) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", "--format", "ninjs", *args,
                                       *map(str, files), "--repo", str(repo.root)])
    return result.exit_code, result.stdout


def test_an_import_with_bad_fields_gives_located_diagnostics_and_writes_nothing(
        bulletin_repo: BulletinRepo, tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(BAD.replace('"18 November 2026"', '"2026-11-18T09:00:00+08:00"')
                    .replace("12,", "3,").replace("situaton", "situation")
                    .replace('"secret"', '"internal"'), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(BAD, encoding="utf-8")
    before = sorted(p for p in bulletin_repo.root.rglob("*") if ".git" not in p.parts)
    code, out = import_(bulletin_repo, good, bad)
    assert code == 1
    lines = out.splitlines()
    assert f"{bad}:4:19: N010 'firstcreated': '18 November 2026' is not an ISO 8601 " \
           "date-time" in lines
    assert f"{bad}:5:14: N010 'urgency' is a number from 1 to 9" in lines
    assert any(line.startswith(f"{bad}:8:") and "situaton" in line for line in lines)
    assert any(line.startswith(f"{bad}:10:") and "'secret' is not one of the levels" in line
               for line in lines)
    assert sorted(p for p in bulletin_repo.root.rglob("*") if ".git" not in p.parts) == before


def test_not_json_and_no_classification(bulletin_repo: BulletinRepo, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"uri": "x",\n  "headlines": [}\n', encoding="utf-8")
    bare = tmp_path / "bare.json"
    bare.write_text(BAD.replace('  "rightsinfo": {"langid": "urn:bulletin:classification", '
                                '"encodedrights": "secret"}\n', '  "by": "Zhang San"\n'),
                    encoding="utf-8")
    code, out = import_(bulletin_repo, broken, bare)
    assert code == 1
    assert f"{broken}:2:17: N010 not JSON: Expecting value" in out
    assert "the classification is required" in out


def test_an_exported_item_imports_back_sanitised(bulletin_repo: BulletinRepo,
                                                 tmp_path: Path) -> None:
    bulletin_repo.item("reservoir-levels-fall", classification="restricted",
                       sources=["Telemetry"], tags=["water"],
                       body="## Problem\n\nLevels **fell**.\n\n- one\n- two\n")
    data = export(bulletin_repo, "2026-11-18-reservoir-levels-fall", tmp_path)
    data["bodies"][0]["value"] += '<script>alert(1)</script><img src=x onerror=alert(2)>'
    data["headlines"][0]["value"] = "Reservoir levels fall again"
    source = tmp_path / "item.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, out = import_(bulletin_repo, source)
    assert code == 0, out
    written = bulletin_repo.root / out.strip()
    text = written.read_text(encoding="utf-8")
    assert 'classification: "restricted"' in text
    assert "## Problem" in text and "**fell**" in text and "- two" in text
    assert "<script" not in text and "onerror" not in text and "alert(1)" not in text
    assert not [d for d in bulletin_repo.check().diagnostics
                if d.path == out.strip() and d.severity.value == "error"]


def test_an_import_keeps_the_senders_day_across_time_zones(bulletin_repo: BulletinRepo,
                                                            tmp_path: Path) -> None:
    """Filed on 18 November in Shanghai (local midnight, 17 November in UTC): an office in
    another time zone files it on the 18th, the day its sender gave it."""
    source = tmp_path / "item.json"
    source.write_text(BAD.replace('"18 November 2026"', '"2026-11-18T00:00:00+08:00"')
                      .replace("12,", "3,").replace("situaton", "situation")
                      .replace('"secret"', '"internal"'), encoding="utf-8")
    policy = bulletin_repo.root / "bulletin.yml"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(re.sub(r"timezone: .*", "timezone: UTC", text), encoding="utf-8")
    assert "timezone: UTC" in policy.read_text(encoding="utf-8")
    code, out = import_(bulletin_repo, source)
    assert code == 0, out
    written = (bulletin_repo.root / out.strip()).read_text(encoding="utf-8")
    assert Path(out.strip()).name.startswith("2026-11-18-"), out
    assert re.search(r"^date: \"?2026-11-18", written, re.M), written
