"""The base judges the branch (issue 16, findings 2 and 4): who may change what is read
from bulletin.yml as the merge base has it, and every path has an owner.

Real branches in real git repositories: a member's pull request that makes its
author an editor, or switches the review rules off, is judged by main's policy."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import GIT_ENV, POLICY, BulletinRepo
from test_rules_review import CI_VARIABLES, POOL, WATER, commit, edit
from test_rules_review import base as base  # the fixture: main, and a branch

Found = list[tuple[str, str, str]]


def report(root: Path, *args: str, env: dict[str, str] | None = None
           ) -> tuple[int, list[dict[str, Any]]]:
    clean: dict[str, str | None] = {name: None for name in CI_VARIABLES}
    result = CliRunner(env={**clean, **(env or {})}).invoke(
        main, ["check", "--repo", str(root), "--format", "json", "--changed-since", "main",
               *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def g_found(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, Found]:
    """(exit code, [(code, path, message)] of the G findings)."""
    code, diagnostics = report(root, *args, env=env)
    return code, sorted((d["code"], d["path"], d["message"]) for d in diagnostics
                        if d["code"][0] == "G")


def codes(found: Found) -> set[tuple[str, str]]:
    return {(code, path) for code, path, _ in found}


def policy_with(repo: BulletinRepo, old: str, new: str) -> None:
    edit(repo, "bulletin.yml", old, new)


def test_a_member_who_makes_themselves_an_editor_is_judged_by_mains_policy(
        base: BulletinRepo) -> None:
    """Finding 2: editors: in the branch, then another unit's item, an edition and the
    ledger in the same pull request."""
    policy_with(base, "editors: [li.na]", "editors: [li.na, zhang.san]")
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    edition = base.edition(2, ["2026-11-19-vaccine-stock"], date="2026-11-21")
    base.write("assessment/ledger.yml", "[]\n")
    commit(base)
    code, found = g_found(base.root, "--author", "zhang.san")
    assert code == 1
    assert codes(found) == {("G002", "bulletin.yml"), ("G001", POOL), ("G002", edition),
                            ("G002", "assessment/ledger.yml")}
    # an editor of main's policy may make every one of those changes
    assert g_found(base.root, "--author", "li.na") == (0, [])


def test_the_branch_cannot_switch_off_the_rules_that_judge_it(base: BulletinRepo) -> None:
    policy_with(base, "categories:", "rules: {G001: off, G002: off, unit-permission: off}\n"
                                     "categories:")
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit(base)
    code, found = g_found(base.root, "--author", "zhang.san")
    assert code == 1
    assert codes(found) == {("G002", "bulletin.yml"), ("G001", POOL)}


def test_an_item_cannot_suppress_a_review_finding(base: BulletinRepo) -> None:
    path = base.root / POOL
    path.write_text(path.read_text().replace(
        "---\n\n", "suppress: {G001: we agreed with the health commission}\n---\n\n", 1))
    commit(base)
    assert codes(g_found(base.root, "--author", "zhang.san")[1]) == {("G001", POOL)}


def test_mains_own_rule_settings_apply(base: BulletinRepo) -> None:
    """The editors may switch a G rule off on main: then it is off for every branch."""
    base.git("checkout", "-q", "main")
    policy_with(base, "categories:", "rules: {G001: warning}\ncategories:")
    commit(base)
    base.git("checkout", "-qb", "later")
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit(base)
    code, diagnostics = report(base.root, "--author", "zhang.san")
    assert code == 0
    assert [(d["code"], d["severity"]) for d in diagnostics if d["code"][0] == "G"] == \
        [("G001", "warning")]


def test_a_branch_that_adds_a_member_does_not_make_them_one(base: BulletinRepo) -> None:
    policy_with(base, "members: [wang.wu]", "members: [wang.wu, zhang.san]")
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit(base)
    assert codes(g_found(base.root, "--author", "zhang.san")[1]) == \
        {("G002", "bulletin.yml"), ("G001", POOL)}


def test_without_a_policy_at_the_base_the_branch_judges_and_says_so(
        bulletin_repo: BulletinRepo) -> None:
    """The first pull request: main has no bulletin.yml yet."""
    repo = bulletin_repo
    (repo.root / "bulletin.yml").unlink()
    repo.write("README.md", "A bulletin, soon.\n")
    repo.git("add", "-A")
    repo.git("commit", "-qm", "start")
    repo.git("checkout", "-qb", "first")
    repo.write("bulletin.yml", POLICY)
    repo.item()
    repo.git("add", "-A")
    repo.git("commit", "-qm", "policy and an item")
    code, found = g_found(repo.root, "--author", "li.na")
    assert code == 0
    assert [(c, p) for c, p, _ in found] == [("G007", "bulletin.yml")]
    assert "has no bulletin.yml, so this branch's own judges" in found[0][2]
    _, found = g_found(repo.root, "--author", "zhang.san")
    assert codes(found) == {("G007", "bulletin.yml"), ("G002", "bulletin.yml")}
    # nor does the branch's own policy, judging, set the review rules' severities
    policy_with(repo, "categories:", "rules: {G002: off, G007: off}\ncategories:")
    repo.git("commit", "-qam", "rules off")
    _, found = g_found(repo.root, "--author", "zhang.san")
    assert codes(found) == {("G007", "bulletin.yml"), ("G002", "bulletin.yml")}


def test_a_bulletin_in_a_subfolder_reads_its_base_policy_there(tmp_path: Path) -> None:
    top = tmp_path / "office"
    repo = BulletinRepo(top / "bulletin")
    repo.write("bulletin.yml", POLICY)
    repo.item()
    (top / "README.md").write_text("The office's repository.\n")
    repo.git("init", "-q", "-b", "main", str(top))
    repo.git("add", "-A", str(top))
    repo.git("commit", "-qm", "main")
    repo.git("checkout", "-qb", "change")
    policy_with(repo, "editors: [li.na]", "editors: [li.na, wang.wu]")
    edit(repo, WATER, "Telemetry", "Gauges")
    repo.git("add", "-A", str(top))
    repo.git("commit", "-qm", "change")
    code, found = g_found(repo.root, "--author", "wang.wu")
    assert code == 1
    assert codes(found) == {("G002", "bulletin.yml"), ("G001", WATER)}


EDITOR_ONLY = ["mkdocs.yml", "docs/about.md", ".github/workflows/review.yml", ".gitlab-ci.yml",
               "pyproject.toml", "scripts/test", "src/bulletin/plugin.py",
               "overrides/main.html", "assessment/ledger.yml", "bulletins/2026/002.yml",
               "notes/anything.txt"]


def test_every_path_outside_the_members_folder_is_the_editors(base: BulletinRepo) -> None:
    """Finding 4, the review side: the site's configuration, the CI, the tool and any
    other path; the message names the path and who may change it."""
    for rel in EDITOR_ONLY:
        base.write(rel, "hooks: [evil.py]\n" if rel == "mkdocs.yml" else "x\n")
    base.write("items/water/2026/chart.png", b"\x89PNG\r\n\x1a\n")  # the unit's own media
    commit(base)
    code, found = g_found(base.root, "--author", "zhang.san")
    assert code == 1
    assert codes(found) == {("G002", rel) for rel in EDITOR_ONLY}
    message = next(m for c, p, m in found if p == "mkdocs.yml")
    assert message == ("only editors (li.na) may change mkdocs.yml; zhang.san may change "
                       "items/water/")
    assert g_found(base.root, "--author", "li.na")[1] == []  # (the edition "x" is invalid)


def test_member_paths_come_from_the_base(base: BulletinRepo) -> None:
    """review.member_paths on main lets members change more; in a branch it does not."""
    base.write("docs/units/water.md", "x\n")
    base.write("docs/units/health.md", "x\n")
    commit(base)
    _, found = g_found(base.root, "--author", "zhang.san")
    assert codes(found) == {("G002", "docs/units/water.md"), ("G002", "docs/units/health.md")}
    # granted in the branch itself: not granted
    policy_with(base, "categories:", 'review: {member_paths: ["items/{unit}/", "docs/**"]}\n'
                                     "categories:")
    commit(base)
    assert codes(g_found(base.root, "--author", "zhang.san")[1]) == {
        ("G002", "bulletin.yml"), ("G002", "docs/units/water.md"),
        ("G002", "docs/units/health.md")}
    # granted on main: each member their unit's page
    base.git("checkout", "-q", "main")
    policy_with(base, "categories:", 'review: {member_paths: ["items/{unit}/", '
                                     '"docs/units/{unit}.md"]}\ncategories:')
    commit(base)
    base.git("checkout", "-qb", "pages")
    base.write("docs/units/water.md", "x\n")
    base.write("docs/units/health.md", "x\n")
    commit(base)
    _, found = g_found(base.root, "--author", "zhang.san")
    assert codes(found) == {("G002", "docs/units/health.md")}
    assert found[0][2].endswith("zhang.san may change items/water/, docs/units/water.md")


def test_a_bad_member_paths_entry_is_located(base: BulletinRepo) -> None:
    policy_with(base, "categories:", 'review: {member_paths: ["../{team}/"]}\ncategories:')
    result = CliRunner().invoke(main, ["check", "--repo", str(base.root), "--no-source"])
    assert result.exit_code == 2
    assert "bulletin.yml:" in result.stdout and "S030" in result.stdout
    assert "'../{team}/'" in result.stdout


def test_moving_another_units_item_into_ones_own_folder(base: BulletinRepo) -> None:
    moved = "items/water/2026/2026-11-19-vaccine-stock.md"
    base.git("mv", POOL, moved)
    edit(base, moved, "unit: \"health\"", "unit: \"water\"")
    commit(base)
    code, found = g_found(base.root, "--author", "zhang.san")
    assert code == 1 and ("G001", POOL) in codes(found)  # the old path: health's


def test_what_tools_leave_untracked_is_not_judged(base: BulletinRepo) -> None:
    edit(base, WATER, "Telemetry", "Gauges")
    commit(base)
    base.write("gl-code-quality-report.json", "[]\n")  # the CI job's own output
    base.item("draft", unit="health", path="items/health/2026/2026-11-22-draft.md")
    _, found = g_found(base.root, "--author", "zhang.san")
    draft = "items/health/2026/2026-11-22-draft.md"  # untracked, but an item: judged
    assert codes(found) == {("G001", draft), ("G005", draft)}


@pytest.mark.parametrize("tracked", [True, False])
def test_a_renamed_edition_is_the_editors(base: BulletinRepo, tracked: bool) -> None:
    base.git("mv", "bulletins/2026/001.yml", "bulletins/2026/009.yml")
    if tracked:
        commit(base)
    _, found = g_found(base.root, "--author", "wang.wu")
    assert {("G002", "bulletins/2026/001.yml"), ("G002", "bulletins/2026/009.yml")} <= \
        codes(found)


def run_git(cwd: Path, *args: str, **env: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV, **env},
                          capture_output=True, text=True, check=True).stdout
