"""``check --format github`` and ``--format gitlab``: the forges' own report formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from bulletin.check.engine import CheckResult
from bulletin.cli import main
from bulletin.diagnostics import Diagnostic, Severity
from bulletin.report import render_github, render_gitlab
from bulletin.report.github import PER_KIND, escape_data, escape_property
from conftest import POLICY, BulletinRepo

# S011 (slug) as a warning and S009 (unknown field) as info, so one repository
# has all three severities
MIXED = POLICY + "rules:\n  S011: warning\n  S009: info\n"
ODD_SLUG = "a,b:c"
ODD_PRIORITY = "50% off,\nnow: yes\r"

COMMAND = re.compile(r"::(error|warning|notice)(?: ([^:]*))?::(.*)")


@pytest.fixture(autouse=True)
def no_step_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never append to a real job summary when the tests themselves run in Actions."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)",
                  lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]],
                  text)


def parse(out: str) -> list[tuple[str, dict[str, str], str]]:
    """Each line as (command, properties, message), unescaped; fails on any other line."""
    commands = []
    for line in out.splitlines():
        match = COMMAND.fullmatch(line)
        assert match, f"not a workflow command: {line!r}"
        props = {}
        for prop in (match[2] or "").split(","):
            if prop:
                key, _, value = prop.partition("=")
                props[key] = unescape(value)
        commands.append((match[1], props, unescape(match[3])))
    return commands


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def mixed_repo(repo: BulletinRepo) -> None:
    repo.write("bulletin.yml", MIXED)
    repo.item(slug=ODD_SLUG, priority=ODD_PRIORITY)
    repo.item(slug="pumps-restarted", colour="red",
              body="Pumps at the east station restarted on 17 November after repairs.\n")


def json_diagnostics(root: Path) -> list[dict[str, object]]:
    _, out = run("check", "--repo", str(root), "-f", "json")
    diagnostics: list[dict[str, object]] = json.loads(out)["diagnostics"]
    return diagnostics


# --- github ------------------------------------------------------------------------


def test_github_annotations_round_trip(bulletin_repo: BulletinRepo) -> None:
    mixed_repo(bulletin_repo)
    code, out = run("check", "--repo", str(bulletin_repo.root), "-f", "github")
    assert code == 1
    commands = parse(out)
    expected = json_diagnostics(bulletin_repo.root)
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    assert {kinds[str(d["severity"])] for d in expected} == {"error", "warning", "notice"}
    order = {"error": 0, "warning": 1, "info": 2}
    expected.sort(key=lambda d: order[str(d["severity"])])
    assert [(c, p, m) for c, p, m in commands] == [
        (kinds[str(d["severity"])],
         {"file": d["path"], "line": str(d["line"]), "col": str(d["column"]),
          "title": f"{d['code']} {d['rule']}"},
         d["message"]) for d in expected]
    # the awkward characters were really there, and were escaped on the wire
    assert any(ODD_PRIORITY in m for _, _, m in commands)
    assert any(ODD_SLUG in p["file"] for _, p, _ in commands)
    assert "::'priority' is '50%25 off,%0Anow: yes%0D'" in out  # message: data escaping
    assert "file=items/water/2026/2026-11-18-a%2Cb%3Ac.md,line=" in out


def test_github_escaping() -> None:
    assert escape_data("50%: a,b\r\nc") == "50%25: a,b%0D%0Ac"
    assert escape_property("50%: a,b\r\nc") == "50%25%3A a%2Cb%0D%0Ac"
    assert escape_data("%0A") == "%250A"  # escaped first, so it cannot be forged


def test_github_caps_annotations_and_says_how_many_more(bulletin_repo: BulletinRepo,
                                                        tmp_path: Path) -> None:
    for n in range(PER_KIND + 3):
        bulletin_repo.item(slug=f"item-{n}", priority="urgnet",
                           body=f"Station {n} reported {n * 7} pumps running on 17 November.\n")
    extra = {f"extra_{n}": "x" for n in range(PER_KIND + 2)}
    bulletin_repo.item(slug="many-fields", **extra)
    expected = json_diagnostics(bulletin_repo.root)
    errors = sum(d["severity"] == "error" for d in expected)
    warnings = sum(d["severity"] == "warning" for d in expected)
    assert errors > PER_KIND and warnings > PER_KIND

    code, out = run("check", "--repo", str(bulletin_repo.root), "-f", "github")
    assert code == 1
    commands = parse(out)
    kinds = [c for c, _, _ in commands]
    assert kinds == ["error"] * PER_KIND + ["warning"] * PER_KIND + ["notice"]
    left_out = len(expected) - 2 * PER_KIND
    notice = commands[-1]
    assert notice[1] == {"title": "bulletin check"}
    assert notice[2].startswith(f"{left_out} more problems not annotated")
    assert "'bulletin check' run locally" in notice[2]

    summary = tmp_path / "summary.md"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GITHUB_STEP_SUMMARY", str(summary))
        code, out = run("check", "--repo", str(bulletin_repo.root), "-f", "github")
    assert code == 1
    assert "the job summary has the full list" in parse(out)[-1][2]
    assert summary.read_text(encoding="utf-8").startswith("## bulletin check: ❌")


def test_github_info_notices_leave_room_for_the_closing_notice() -> None:
    diags = [Diagnostic("a.md", n, 1, "S009", Severity.INFO, "unknown-field", f"m{n}")
             for n in range(1, PER_KIND + 2)]
    commands = parse(render_github(CheckResult(diags, 1, True)))
    assert len(commands) == PER_KIND
    assert commands[-1][2].startswith("2 more problems")


def test_github_step_summary_is_appended(bulletin_repo: BulletinRepo, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    mixed_repo(bulletin_repo)
    summary = tmp_path / "step-summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out = run("check", "--repo", str(bulletin_repo.root), "-f", "github")
    assert code == 1
    _, markdown = run("check", "--repo", str(bulletin_repo.root), "-f", "markdown")
    assert read(summary) == "# Earlier step\n" + markdown
    assert "### Problems" in markdown and "S008" in markdown
    parse(out)  # the summary went to the file, not into the annotations
    run("check", "--repo", str(bulletin_repo.root), "-f", "github")
    assert read(summary) == "# Earlier step\n" + markdown * 2


def test_github_clean_repository(bulletin_repo: BulletinRepo, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    bulletin_repo.item()
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert run("check", "--repo", str(bulletin_repo.root), "-f", "github") == (0, "")
    assert "✅ All checks passed" in summary.read_text(encoding="utf-8")


# --- gitlab ------------------------------------------------------------------------

# GitLab's documented required fields of a Code Quality report
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "type": {"const": "issue"},
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32,64}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    # relative, POSIX
                    "path": {"type": "string", "pattern": r"^(?!/|\./|[A-Za-z]:)[^\\]+$"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def gitlab_report(root: Path) -> tuple[int, list[dict[str, object]]]:
    code, out = run("check", "--repo", str(root), "-f", "gitlab")
    report = json.loads(out)
    jsonschema.validate(report, CODE_QUALITY_SCHEMA)
    assert isinstance(report, list)
    return code, report


def test_gitlab_report_validates_and_maps_severities(bulletin_repo: BulletinRepo) -> None:
    mixed_repo(bulletin_repo)
    code, report = gitlab_report(bulletin_repo.root)
    assert code == 1
    expected = json_diagnostics(bulletin_repo.root)
    severity = {"error": "major", "warning": "minor", "info": "info"}
    assert [(i["location"], i["severity"], i["check_name"]) for i in report] == [
        ({"path": d["path"], "lines": {"begin": d["line"]}}, severity[str(d["severity"])],
         f"{d['code']} {d['rule']}") for d in expected]
    assert {i["severity"] for i in report} == {"major", "minor", "info"}
    for issue, diag in zip(report, expected, strict=True):
        assert str(diag["message"]) in str(issue["description"])
        path = issue["location"]["path"]  # type: ignore[index]
        assert (bulletin_repo.root / path).is_file()
    assert len({i["fingerprint"] for i in report}) == len(report)


def test_gitlab_fingerprints_are_stable(bulletin_repo: BulletinRepo) -> None:
    mixed_repo(bulletin_repo)
    _, first = gitlab_report(bulletin_repo.root)
    _, again = gitlab_report(bulletin_repo.root)
    assert first == again

    # a blank line above the problems: their lines move, their fingerprints do not
    rel = "items/water/2026/2026-11-18-pumps-restarted.md"
    path = bulletin_repo.root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n\n", 1),
                    encoding="utf-8")
    _, moved = gitlab_report(bulletin_repo.root)

    def by_fingerprint(report: list[dict[str, object]]) -> dict[object, int]:
        return {i["fingerprint"]: i["location"]["lines"]["begin"]  # type: ignore[index]
                for i in report if i["location"]["path"] == rel}  # type: ignore[index]

    before, after = by_fingerprint(first), by_fingerprint(moved)
    assert before and before.keys() <= after.keys()
    assert all(after[f] == line + 1 for f, line in before.items())


def test_gitlab_duplicates_in_one_file_get_distinct_fingerprints() -> None:
    def diag(line: int, path: str = "a.md") -> Diagnostic:
        return Diagnostic(path, line, 1, "S009", Severity.WARNING, "unknown-field", "same")

    report = json.loads(render_gitlab(CheckResult([diag(3), diag(9), diag(3, "b.md")], 2,
                                                  True)))
    jsonschema.validate(report, CODE_QUALITY_SCHEMA)
    fingerprints = [i["fingerprint"] for i in report]
    assert len(set(fingerprints)) == 3
    # the first occurrence keeps its fingerprint when the second moves
    moved = json.loads(render_gitlab(CheckResult([diag(4), diag(12)], 1, True)))
    assert [i["fingerprint"] for i in moved] == fingerprints[:2]


def test_gitlab_clean_repository(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    assert run("check", "--repo", str(bulletin_repo.root), "-f", "gitlab") == (0, "[]\n")
