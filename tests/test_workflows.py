"""The CI files (issue 16, finding 13): every action pinned by the commit of a release,
no checkout that keeps its credentials, and in this repository, which is the tool as
well as a demo bulletin, a pull request's content judged by the tool of the merge base,
never by the branch's own code."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from bulletin.review.forge import forge_template
from conftest import GIT_ENV

ROOT = Path(__file__).resolve().parent.parent
PINNED = re.compile(r"(?P<repo>[\w.-]+/[\w.-]+)(?:/[\w.-]+)*@(?P<sha>[0-9a-f]{40}) "
                    r"# (?P<tag>v\d+\.\d+\.\d+)")
"""``owner/repo[/path]@<commit> # vX.Y.Z``: a tag can be moved to other code, a commit
cannot; the comment says which release the commit is (and lets Dependabot update it)."""


def _workflows() -> dict[str, str]:
    """Every GitHub workflow: this repository's and those ``bulletin init`` writes."""
    found = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted((ROOT / ".github" / "workflows").glob("*.yml"))}
    found.update({f"template {name}": forge_template(name) for name in ("review.yml",
                                                                        "publish.yml")})
    return found


WORKFLOWS = _workflows()


def _uses(text: str) -> list[str]:
    """What each step's ``uses:`` line says, comment included."""
    return re.findall(r"^\s*(?:- )?uses:\s*(.+?)\s*$", text, re.MULTILINE)


@pytest.mark.parametrize("name", WORKFLOWS)
def test_every_action_is_pinned_by_a_commit_with_its_release_in_a_comment(name: str) -> None:
    uses = _uses(WORKFLOWS[name])
    assert uses
    assert [line for line in uses if not PINNED.fullmatch(line)] == []


def test_an_action_is_pinned_to_one_release_everywhere() -> None:
    releases: dict[str, set[tuple[str, str]]] = {}
    for text in WORKFLOWS.values():
        for line in _uses(text):
            pin = PINNED.fullmatch(line)
            assert pin is not None
            releases.setdefault(pin["repo"], set()).add((pin["sha"], pin["tag"]))
    assert {repo: len(pins) for repo, pins in releases.items() if len(pins) > 1} == {}
    # actions/cache/save and actions/cache/restore are one repository, one commit
    assert {"actions/checkout", "actions/setup-python", "actions/cache",
            "actions/upload-artifact"} <= set(releases)


@pytest.mark.parametrize("name", WORKFLOWS)
def test_every_checkout_keeps_no_credentials(name: str) -> None:
    """actions/checkout would leave the job's token in .git/config, where the code the
    job installs and runs next could read it and push with it."""
    workflow = yaml.safe_load(WORKFLOWS[name])
    checkouts = [step for job in workflow["jobs"].values() for step in job["steps"]
                 if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    assert [s for s in checkouts if s.get("with", {}).get("persist-credentials") is not False] \
        == []


# --- this repository's pull-request check: the base's tool --------------------------------


def _install_step(steps: list[dict[str, str]]) -> dict[str, str]:
    (step,) = [s for s in steps if s.get("name", "").startswith("Install bulletin")]
    return step


def test_this_repositorys_review_is_the_template_but_for_the_tool_it_installs() -> None:
    ours = yaml.safe_load((ROOT / ".github/workflows/review.yml").read_text(encoding="utf-8"))
    template = yaml.safe_load(forge_template("review.yml", "."))
    mine, theirs = ours["jobs"]["check"]["steps"], template["jobs"]["check"]["steps"]
    assert [s for s in mine if s is not _install_step(mine)] == \
        [s for s in theirs if s is not _install_step(theirs)]
    assert _install_step(theirs)["run"] == "pip install ."
    assert "git worktree add" in _install_step(mine)["run"]
    assert "pip install ." not in _install_step(mine)["run"]
    assert {k: v for k, v in ours.items() if k != "jobs"} == \
        {k: v for k, v in template.items() if k != "jobs"}
    assert set(ours["jobs"]) == {"check"}


def test_the_check_runs_the_base_branchs_workflow_on_the_pull_requests_files() -> None:
    """On ``pull_request`` GitHub runs the branch's own copy of the workflow, which a
    hostile branch could rewrite to pass; on ``pull_request_target`` the base's runs,
    and the pull request's files are checked out only to be read."""
    for text in (forge_template("review.yml"),
                 (ROOT / ".github/workflows/review.yml").read_text(encoding="utf-8")):
        workflow = yaml.safe_load(text)
        assert set(workflow[True]) == {"pull_request_target"}  # YAML reads `on` as True
        assert workflow["permissions"] == {"contents": "read"}
        (checkout,) = [s for s in workflow["jobs"]["check"]["steps"]
                       if s.get("uses", "").startswith("actions/checkout@")]
        assert checkout["with"]["ref"] == "${{ github.event.pull_request.head.sha }}"
        runs = " ".join(s.get("run", "") for s in workflow["jobs"]["check"]["steps"])
        assert "pip install ." not in runs and ".ci/run" not in runs  # nothing of the branch


def test_the_branchs_code_is_tested_in_a_workflow_of_its_own() -> None:
    """This repository's code is linted and tested as CI runs it, on ``pull_request``
    (the branch's code, a read-only token, no secrets)."""
    test = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text(encoding="utf-8"))
    assert set(test[True]) == {"pull_request"}
    assert test["permissions"] == {"contents": "read"}
    assert test["jobs"]["test"]["steps"][-1]["run"] == "bash .ci/run"


def test_this_repositorys_gitlab_check_is_the_template_but_for_the_tool_it_installs() -> None:
    ours = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    template = yaml.safe_load(forge_template("gitlab-ci.yml", "."))
    install = ours["check"].pop("before_script")
    assert ours == template
    assert template[".bulletin"]["before_script"][-1] == "pip install ."
    assert install[0] == template[".bulletin"]["before_script"][0]  # git, in the slim image
    assert "$CI_MERGE_REQUEST_DIFF_BASE_SHA" in install[-1]


def _git(cwd: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV},
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, str]:
    """A clone checked out as GitHub checks out a pull request — the branch merged into
    the base branch's tip — whose branch rewrote the tool; and the base branch's tip."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    _git(tmp_path, "clone", "-q", str(origin), str(work))
    (work / "rules.py").write_text("the base's rules\n", encoding="utf-8")
    _git(work, "add", ".")
    _git(work, "commit", "-q", "-m", "the tool")
    _git(work, "push", "-q", "origin", "main")
    _git(work, "switch", "-q", "-c", "branch")
    (work / "rules.py").write_text("rules that let the branch through\n", encoding="utf-8")
    _git(work, "commit", "-q", "-am", "judge me kindly")
    _git(work, "switch", "-q", "main")
    (work / "other.py").write_text("main moved on\n", encoding="utf-8")
    _git(work, "add", ".")
    _git(work, "commit", "-q", "-m", "main moves on")
    _git(work, "push", "-q", "origin", "main")
    _git(work, "switch", "-q", "--detach", "origin/main")
    _git(work, "merge", "-q", "--no-ff", "-m", "Merge the pull request", "branch")
    assert (work / "rules.py").read_text(encoding="utf-8").startswith("rules that let")
    return work, _git(work, "rev-parse", "origin/main")


def _run_with_fake_pip(script: str, cwd: Path, tmp_path: Path, env: dict[str, str]) -> Path:
    """Run a CI step's shell ``script`` with a ``pip`` that only notes what it was asked
    to install; return that folder."""
    bin_dir, log = tmp_path / "bin", tmp_path / "pip.log"
    bin_dir.mkdir()
    (bin_dir / "pip").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$PIP_LOG"\n',
                                 encoding="utf-8")
    (bin_dir / "pip").chmod(0o755)
    subprocess.run(["bash", "-e", "-c", script], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, **GIT_ENV, **env, "PIP_LOG": str(log),
                        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    command, installed = log.read_text(encoding="utf-8").split()
    assert command == "install"
    return Path(installed)


def test_github_check_installs_the_tool_of_the_merge_base(
        pull_request: tuple[Path, str], tmp_path: Path) -> None:
    work, base = pull_request
    review = yaml.safe_load((ROOT / ".github/workflows/review.yml").read_text(encoding="utf-8"))
    script = _install_step(review["jobs"]["check"]["steps"])["run"]
    runner = tmp_path / "runner"
    runner.mkdir()
    installed = _run_with_fake_pip(script, work, tmp_path,
                                   {"GITHUB_BASE_REF": "main", "RUNNER_TEMP": str(runner)})
    assert installed.parent == runner
    assert (installed / "rules.py").read_text(encoding="utf-8") == "the base's rules\n"
    assert _git(installed, "rev-parse", "HEAD") == base


def test_gitlab_check_installs_the_tool_of_the_merge_base(
        pull_request: tuple[Path, str], tmp_path: Path) -> None:
    work, _ = pull_request
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    script = "\n".join(ci["check"]["before_script"][1:])  # not the apt-get of git
    merge_base = _git(work, "merge-base", "HEAD^1", "HEAD^2")  # what GitLab's variable holds
    temp = tmp_path / "temp"
    temp.mkdir()
    installed = _run_with_fake_pip(script, work, tmp_path, {
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": merge_base, "TMPDIR": str(temp)})
    assert installed.is_relative_to(temp)
    assert (installed / "rules.py").read_text(encoding="utf-8") == "the base's rules\n"
    assert _git(installed, "rev-parse", "HEAD") == merge_base
