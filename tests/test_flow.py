"""The review desk end to end, with real git: a bare repository as the forge, a clone
for a staff member and one for an editor — from `bulletin new` to a merged edition."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import GIT_ENV, POLICY


def git(cwd: Path, *args: str, who: str = "Test") -> str:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": who, "GIT_COMMITTER_NAME": who}
    out = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                         check=False)
    assert out.returncode == 0, (args, out.stderr)
    return out.stdout


def bulletin(cwd: Path, *args: str) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner(env={**GIT_ENV, "GIT_AUTHOR_NAME": "Zhang San",
                                "GIT_COMMITTER_NAME": "Zhang San"}).invoke(main, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def forge(tmp_path: Path) -> Path:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "bulletin.yml").write_text(POLICY)
    (seed / "items").mkdir()
    (seed / "items" / ".gitkeep").write_text("")
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "-A")
    git(seed, "commit", "-qm", "A new bulletin")
    bare = tmp_path / "forge.git"
    git(tmp_path, "clone", "-q", "--bare", str(seed), str(bare))
    return bare


def test_from_new_item_to_merged_edition(forge: Path, tmp_path: Path) -> None:
    staff = tmp_path / "staff"
    git(tmp_path, "clone", "-q", str(forge), str(staff))

    # a staff member of the water bureau writes an item ...
    code, out, _ = bulletin(staff, "new", "--unit", "water", "--category", "situation",
                            "--date", "2026-11-18", "--author", "Zhang San",
                            "Reservoir levels fall below the flood-season limit")
    assert code == 0
    rel = out.strip()
    path = staff / rel
    text = path.read_text().replace(
        'summary: ""', 'summary: "Three reservoirs fell below their limit on 17 November; '
                       'supply is safe for 60 days."')
    path.write_text(text + "Telemetry on 17 November showed three reservoirs below the "
                           "limit.\n\nSupply is safe for 60 days.\n")
    # ... and submits it
    code, out, err = bulletin(staff, "submit", rel)
    assert code == 0, err
    branch = "submit/2026-11-18-reservoir-levels-fall-below-the-flood"
    assert branch in git(forge, "branch", "--list")

    # the editor reviews the pull request the way CI does, as the author opened it
    editor = tmp_path / "editor"
    git(tmp_path, "clone", "-q", str(forge), str(editor))
    git(editor, "checkout", "-q", "-b", "review", f"origin/{branch}")
    code, out, _ = bulletin(editor, "check", "--changed-since", "origin/main", "--author",
                            "zhang.san", "--format", "json")
    report = json.loads(out)
    assert code == 0, report
    assert {d["path"] for d in report["diagnostics"]} <= {rel}
    # merge = accept into the information pool
    git(editor, "checkout", "-q", "main")
    git(editor, "merge", "-q", "--no-ff", "review", "-m", "Merge the item", who="Li Na")
    git(editor, "push", "-q", "origin", "main")

    # the editor composes an edition on a branch; the check passes for an editor ...
    git(editor, "checkout", "-q", "-b", "edition-1")
    manifest = editor / "bulletins" / "2026" / "001.yml"
    manifest.parent.mkdir(parents=True)
    item_id = Path(rel).stem
    manifest.write_text("number: 1\ndate: 2026-11-20\ntype: regular\naudience: internal\n"
                        f"editor: li.na\nsections:\n  - title: Situation\n    items: [{item_id}]\n")
    git(editor, "add", "-A")
    git(editor, "commit", "-qm", "Edition 2026 No. 1", who="Li Na")
    code, out, _ = bulletin(editor, "check", "--changed-since", "origin/main", "--author",
                            "li.na", "--no-source")
    assert code == 0, out
    # ... and fails for a staff member
    code, out, _ = bulletin(editor, "check", "--changed-since", "origin/main", "--author",
                            "zhang.san", "--no-source")
    assert code == 1 and "G002 only editors (li.na) may change bulletins/2026/001.yml" in out
    git(editor, "checkout", "-q", "main")
    git(editor, "merge", "-q", "--no-ff", "edition-1", "-m", "Publish 2026 No. 1", who="Li Na")
    git(editor, "push", "-q", "origin", "main")

    # once published, the staff member's silent edit is refused, by anyone's hand
    git(staff, "checkout", "-q", "main")
    (staff / rel).unlink()  # the submitted copy, now merged upstream
    git(staff, "pull", "-q", "origin", "main")
    git(staff, "checkout", "-q", "-b", "fix-figure")
    edited = (staff / rel).read_text().replace("60 days", "50 days")
    (staff / rel).write_text(edited)
    code, out, _ = bulletin(staff, "check", "--changed-since", "origin/main", "--author",
                            "zhang.san", "--no-source")
    assert code == 1 and "G003" in out
