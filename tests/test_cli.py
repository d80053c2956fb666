"""The command line, through click's CliRunner: exit codes and whole outputs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import BulletinRepo


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_clean_repository(runner: CliRunner, bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    code, out, _ = run(runner, "check", "--repo", str(bulletin_repo.root))
    assert (code, out) == (0, "Checked 2 files: no problems found.\n")


def test_check_text_output_shows_the_offending_line(runner: CliRunner,
                                                    bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(priority="urgnet")
    code, out, _ = run(runner, "check", "--repo", str(bulletin_repo.root))
    assert code == 1
    assert out == (
        f"{rel}:8:11: S008 'priority' is 'urgnet', which is not defined (did you mean "
        "'urgent'?)\n"
        "   |\n"
        ' 8 | priority: "urgnet"\n'
        "   |           ^ error: invalid-value\n"
        "Checked 2 files: 1 error, 0 warnings.\n"
    )


def test_check_json_matches_the_contract(runner: CliRunner, bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(summary=None, tags="x", colour="red")
    code, out, _ = run(runner, "check", "--repo", str(bulletin_repo.root), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report == {
        "version": 1,
        "summary": {"files": 2, "errors": 1, "warnings": 1},
        "diagnostics": [
            {"path": rel, "line": 2, "column": 1, "code": "S002", "severity": "error",
             "rule": "required-field", "message": "missing required field 'summary'"},
            {"path": rel, "line": 11, "column": 1, "code": "S009", "severity": "warning",
             "rule": "unknown-field",
             "message": "unknown field 'colour' in an item"},
        ],
    }


def test_check_output_file_and_strict(runner: CliRunner, bulletin_repo: BulletinRepo,
                                      tmp_path: Path) -> None:
    bulletin_repo.item(colour="red")
    report = tmp_path / "report.json"
    code, out, _ = run(runner, "check", "--repo", str(bulletin_repo.root), "-f", "json",
                       "-o", str(report))
    assert (code, out) == (0, "")
    assert json.loads(report.read_text())["summary"]["warnings"] == 1
    code, _, _ = run(runner, "check", "--repo", str(bulletin_repo.root), "--strict")
    assert code == 1


def test_check_paths_limit_the_report(runner: CliRunner, bulletin_repo: BulletinRepo,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    bad_water = bulletin_repo.item(slug="a", priority="x")
    bad_health = bulletin_repo.item(
        slug="b", unit="health", priority="x", title="Fever clinics extend evening hours",
        summary="Two fever clinics now open until 22:00, so patients wait 40 minutes less.",
        body="The two clinics in Dongcheng and Nanhu extended hours on 17 November; waits "
             "fell by 40 minutes, from 90 to 50.\n")
    monkeypatch.chdir(bulletin_repo.root)
    code, out, _ = run(runner, "check", "--no-source", "--no-quality", "items/health")
    assert code == 1
    assert bad_health in out and bad_water not in out
    assert out.endswith("Checked 1 file: 1 error, 0 warnings.\n")


def test_check_paths_still_see_the_whole_repository(runner: CliRunner,
                                                    bulletin_repo: BulletinRepo,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    bulletin_repo.item(slug="same")
    other = bulletin_repo.item(slug="same", unit="health")
    monkeypatch.chdir(bulletin_repo.root)
    code, out, _ = run(runner, "check", "--no-source", other)
    assert code == 1
    assert f"{other}:1:1: S012 id '2026-11-18-same' is also used by" in out


def test_check_unknown_path_is_a_usage_error(runner: CliRunner,
                                             bulletin_repo: BulletinRepo) -> None:
    code, _, err = run(runner, "check", "--repo", str(bulletin_repo.root), "nope.md")
    assert code == 2
    assert err == "bulletin: error: nope.md: no such file or folder\n"


def test_check_outside_a_repository(runner: CliRunner, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(runner, "check")
    assert code == 2
    assert "no bulletin.yml found" in err and "bulletin init" in err


def test_broken_policy_exits_2(runner: CliRunner, bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write("bulletin.yml", "title: T\npublisher: P\nlevels: [a]\nunits: {}\n"
                                        "categories: {x: {name: X}}\n")
    code, out, _ = run(runner, "check", "--repo", str(bulletin_repo.root), "--no-source")
    assert code == 2
    assert out.startswith("bulletin.yml:4:8: S030 'units': ")


def test_fix_repairs_mechanical_problems_and_keeps_comments(runner: CliRunner,
                                                            bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item()
    path = bulletin_repo.root / rel
    text = path.read_text().replace('"internal"', '"internal"  # cleared by the bureau')
    lines = text.split("\n")
    lines.insert(3, "# a writer's comment   ")
    dirty = "\ufeff" + "\r\n".join(lines).replace("Body text.", "Body text.\t \r\nline  ")
    path.write_bytes(dirty.encode("utf-8"))
    code, _, _ = run(runner, "check", "--repo", str(bulletin_repo.root))
    assert code == 0  # warnings only
    code, out, err = run(runner, "check", "--repo", str(bulletin_repo.root), "--fix")
    assert err.startswith("Fixed ")
    assert (code, out) == (0, "Checked 2 files: no problems found.\n")
    fixed = path.read_text()
    assert fixed == "\n".join(lines).replace("comment   ", "comment").replace(
        "Body text.", "Body text.\nline  ")


def test_new_writes_a_template_and_prints_the_path(runner: CliRunner,
                                                   bulletin_repo: BulletinRepo,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bulletin_repo.root)
    code, out, _ = run(runner, "new", "--unit", "water", "--category", "problem",
                       "--date", "2026-11-28", "--author", "Zhang San",
                       "Silt blocks the Xishan intake")
    assert code == 0
    assert out == "items/water/2026/2026-11-28-silt-blocks-the-xishan-intake.md\n"
    text = (bulletin_repo.root / out.strip()).read_text()
    assert text.startswith('---\ntitle: "Silt blocks the Xishan intake"\nunit: water\n'
                           'authors: ["Zhang San"]\ndate: 2026-11-28\n')
    assert "## Problem\n\n\n## Causes\n\n\n## Suggestions\n" in text
    # the writer still has to fill in the summary and the sources
    codes = {d.code for d in bulletin_repo.check().diagnostics}
    assert codes == {"S002", "Q401"}


def test_new_chinese_title(runner: CliRunner, bulletin_repo: BulletinRepo,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(bulletin_repo.root)
    code, out, _ = run(runner, "new", "-u", "water", "-c", "problem", "--date", "2026-11-28",
                       "西山区老旧小区改造进展")
    assert code == 0
    assert out == "items/water/2026/2026-11-28-xishanqu-laojiu-xiaoqu-gaizao-jinzhan.md\n"
    text = (bulletin_repo.root / out.strip()).read_text()
    assert "## 问题\n" in text and "## 原因\n" in text and "## 建议\n" in text
    code, out2, _ = run(runner, "new", "-u", "water", "-c", "problem", "--date", "2026-11-28",
                        "西山区老旧小区改造进展")
    assert out2 == out.replace(".md", "-2.md")


def test_new_rejects_unknown_unit(runner: CliRunner, bulletin_repo: BulletinRepo) -> None:
    code, out, err = run(runner, "new", "--repo", str(bulletin_repo.root), "-u", "watr",
                         "-c", "situation", "X")
    assert (code, out) == (2, "")
    assert err == "bulletin: error: unknown unit 'watr' (did you mean 'water'?)\n"


def test_init_writes_a_repository_that_passes_check(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "office"
    code, out, _ = run(runner, "init", str(target), "--title", "Office: Bulletin")
    assert code == 0
    assert "bulletin.yml" in out
    code, out, _ = run(runner, "check", "--repo", str(target))
    assert (code, out) == (0, "Checked 2 files: no problems found.\n")
    code, _, err = run(runner, "init", str(target))
    assert code == 2 and "already holds a bulletin" in err


def test_init_starts_the_git_repository(runner: CliRunner, tmp_path: Path) -> None:
    """Scoring and review read git: init makes the folder a repository on main, or says
    whose history it is when it already lies in one."""
    import subprocess

    target = tmp_path / "office"
    code, _, err = run(runner, "init", str(target))
    assert code == 0
    assert f"Started a git repository in {target} (branch main); commit the files" in err
    head = subprocess.run(["git", "symbolic-ref", "HEAD"], cwd=target, capture_output=True,
                          text=True, check=True).stdout
    assert head.strip() == "refs/heads/main"
    inner = target / "second"
    code, _, err = run(runner, "init", str(inner))
    assert code == 0 and f"{inner} is inside the git repository {target}" in err
    assert not (inner / ".git").exists()


def test_schema_lists_the_repository_enums(runner: CliRunner,
                                           bulletin_repo: BulletinRepo) -> None:
    code, out, _ = run(runner, "schema", "--repo", str(bulletin_repo.root))
    assert code == 0
    schema = json.loads(out)
    assert schema["properties"]["unit"]["enum"] == ["water", "health"]
    assert schema["properties"]["classification"]["enum"] == ["public", "internal",
                                                               "restricted"]
    assert "title" in schema["required"]
    assert schema["additionalProperties"] is False


def test_schema_validates_a_real_item(runner: CliRunner, bulletin_repo: BulletinRepo) -> None:
    import jsonschema

    _, out, _ = run(runner, "schema", "--repo", str(bulletin_repo.root))
    schema = json.loads(out)
    good = {"title": "T", "unit": "water", "authors": ["A"], "date": "2026-11-18",
            "category": "situation", "priority": "routine", "classification": "internal",
            "summary": "S"}
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, "unit": "fire"}, schema)


def test_rule_list_and_detail(runner: CliRunner) -> None:
    code, out, _ = run(runner, "rule")
    assert code == 0
    assert "  S002  required-field             error    A required field is missing" in out
    assert "E003  audience-exceeded" in out
    code, out, _ = run(runner, "rule", "required-field")
    assert code == 0
    assert out.startswith("S002 required-field — A required field is missing or empty.\n")
    for part in ("What it does", "Why", "Example", "Use instead"):
        assert f"\n{part}\n" in out


def test_rule_unknown(runner: CliRunner) -> None:
    code, _, err = run(runner, "rule", "S0002")
    assert code == 2
    assert "no rule 'S0002' (did you mean" in err


def test_help_for_every_command(runner: CliRunner) -> None:
    for command in ("init", "new", "check", "schema", "rule"):
        code, out, _ = run(runner, command, "--help")
        assert code == 0
        assert out.startswith("Usage: ") and f" {command} [OPTIONS]" in out


def test_today_is_used_when_no_date(runner: CliRunner, bulletin_repo: BulletinRepo) -> None:
    code, out, _ = run(runner, "new", "--repo", str(bulletin_repo.root), "-u", "water",
                       "-c", "situation", "Pumps restarted")
    import zoneinfo

    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    assert code == 0
    assert out.strip().endswith(f"/{today.year}/{today.isoformat()}-pumps-restarted.md")
