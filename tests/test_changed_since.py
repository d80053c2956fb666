"""check --changed-since REF: only what the branch changed, judged against everything."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from click.testing import CliRunner

from bulletin.cli import main
from conftest import GIT_ENV, BulletinRepo


def run_check(repo: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--repo", str(repo), "--no-source",
                                       "--no-quality", *args])
    return result.exit_code, result.stdout, result.stderr


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True, check=True).stdout


def branch_with_changes(repo: BulletinRepo) -> tuple[str, str]:
    """main: an item with an error; branch 'feature': a new item with an error."""
    old = repo.item("old-problem", priority="urgnet")
    repo.git("add", "-A")
    repo.git("commit", "-qm", "main")
    repo.git("checkout", "-qb", "feature")
    new = repo.item("new-problem", date=dt.date(2026, 11, 19), priority="routin",
                    title="Bus lanes open on Jianshe Road",
                    summary="Bus lanes opened on 18 November, cutting trips by 6 minutes.",
                    body="The lanes cover 4 km; trips on route 12 are 6 minutes shorter.\n")
    repo.git("add", "-A")
    repo.git("commit", "-qm", "feature")
    return old, new


def test_reports_only_what_the_branch_changed(bulletin_repo: BulletinRepo) -> None:
    old, new = branch_with_changes(bulletin_repo)
    code, out, _ = run_check(bulletin_repo.root, "--changed-since", "main")
    assert code == 1
    assert new in out and old not in out
    assert out.endswith("Checked 1 file: 1 error, 0 warnings.\n")


def test_uncommitted_and_untracked_changes_count(bulletin_repo: BulletinRepo) -> None:
    old, new = branch_with_changes(bulletin_repo)
    path = bulletin_repo.root / old
    path.write_text(path.read_text().replace("Telemetry", "Gauges"))
    draft = bulletin_repo.item("draft", date=dt.date(2026, 11, 20), unit="health",
                               classification="secret")
    _, out, _ = run_check(bulletin_repo.root, "--changed-since", "main")
    assert old in out and new in out and draft in out


def test_cross_file_rules_still_see_the_whole_repository(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item("same-id")
    bulletin_repo.git("add", "-A")
    bulletin_repo.git("commit", "-qm", "main")
    bulletin_repo.git("checkout", "-qb", "feature")
    clash = bulletin_repo.item("same-id", unit="health", title="Clinic hours extended",
                               summary="Clinics open until 22:00 from 18 November, so 3 "
                                       "shifts can be covered.",
                               body="Clinics open until 22:00; 3 shifts are covered.\n")
    code, out, _ = run_check(bulletin_repo.root, "--changed-since", "main")
    assert code == 1
    assert f"{clash}:1:1: S012 id '2026-11-18-same-id' is also used by items/water" in out
    # the untouched item the new one clashes with: what the change broke there
    assert f"items/water/2026/2026-11-18-same-id.md:1:1: S012 id '2026-11-18-same-id' is " \
           f"also used by {clash}" in out


def test_nothing_changed_reports_nothing(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item("old-problem", priority="urgnet")
    bulletin_repo.git("add", "-A")
    bulletin_repo.git("commit", "-qm", "main")
    code, out, _ = run_check(bulletin_repo.root, "--changed-since", "HEAD")
    assert (code, out) == (0, "Checked 0 files: no problems found.\n")


def test_unknown_ref_is_a_clear_usage_error(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.git("add", "-A")
    bulletin_repo.git("commit", "-qm", "main")
    code, _, err = run_check(bulletin_repo.root, "--changed-since", "origin/nope")
    assert code == 2
    assert "--changed-since origin/nope: no such branch" in err


def test_a_shallow_ci_clone_fetches_and_deepens(bulletin_repo: BulletinRepo,
                                                tmp_path: Path) -> None:
    old, new = branch_with_changes(bulletin_repo)
    for n in range(3):  # more history on the branch, so depth 1 lacks the merge base
        bulletin_repo.item(f"more-{n}", date=dt.date(2026, 11, 20 + n),
                           title=f"Pump station {n} restarted",
                           summary=f"Pump station {n} restarted on 20 November, so 2 streets "
                                   "have water again.",
                           body=f"Station {n} restarted; 2 streets have water again.\n")
        bulletin_repo.git("add", "-A")
        bulletin_repo.git("commit", "-qm", f"more {n}")
    forge = tmp_path / "forge.git"
    git(tmp_path, "clone", "-q", "--bare", str(bulletin_repo.root), str(forge))
    ci = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{forge}",
        str(ci))
    assert (ci / ".git" / "shallow").exists()
    code, out, err = run_check(ci, "--changed-since", "origin/main")
    assert code == 1, err
    assert new in out and old not in out and "more-0" not in out
