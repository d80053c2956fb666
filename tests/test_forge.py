"""Forge files: CODEOWNERS per forge, the CLI command, workflows and init's files."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.errors import UsageError
from bulletin.review.forge import FORGE_FILES, RELEASED, forge_template, render_codeowners
from bulletin.review.scaffold import init_repository

ROOT = Path(__file__).resolve().parent.parent

UNITS = {"water": ["zhang.san", "@li.si"], "civil-affairs": [], "roads": ["wang.wu"]}
EDITORS = ["chief", "deputy"]

POLICY = """\
title: Test Bulletin
publisher: Test Office
levels: [public, internal]
editors: [chief, deputy]
units:
  water: {name: Water, members: [zhang.san, li.si]}
  civil-affairs: {name: Civil Affairs}
  roads: {name: Roads, members: [wang.wu]}
categories:
  situation: {name: Situation report}
"""

GLOB_BODY = """\
# The last matching line wins, so the editors' fallback comes first.

# Fallback: the editors own everything no later line names.
* @chief @deputy

# Each unit's items: its members (the editors where it has none).
/items/water/ @zhang.san @li.si
/items/civil-affairs/ @chief @deputy
/items/roads/ @wang.wu

# Editions and the policy: the editors.
/bulletins/ @chief @deputy
/bulletin.yml @chief @deputy
"""


def header(forge: str, name: str, path: str) -> str:
    return (f"# CODEOWNERS for {name}, generated from bulletin.yml by\n"
            f"# `bulletin codeowners --forge {forge}`. Regenerate it whenever units or\n"
            "# editors change; edits by hand are lost.\n"
            f"# Save it as {path} (or CODEOWNERS, docs/CODEOWNERS).\n")


GITHUB = header("github", "GitHub", ".github/CODEOWNERS") + GLOB_BODY
GITLAB = header("gitlab", "GitLab", ".gitlab/CODEOWNERS") + GLOB_BODY
GITEA = header("gitea", "Gitea and Forgejo", ".gitea/CODEOWNERS") + """\
# Each path is a Go regular expression matched against the whole path, and
# every matching line asks its owners for review, so the editors' fallback
# is a negative rule: everything outside the folders of units with members.

!^items/(water|roads)/.*$ @chief @deputy

# Each unit's items: its members (the editors where it has none).
^items/water/.*$ @zhang.san @li.si
^items/civil-affairs/.*$ @chief @deputy
^items/roads/.*$ @wang.wu

# Editions and the policy: the editors.
^bulletins/.*$ @chief @deputy
^bulletin\\\\.yml$ @chief @deputy
"""


@pytest.mark.parametrize(("forge", "expected"),
                         [("github", GITHUB), ("gitlab", GITLAB), ("gitea", GITEA)])
def test_codeowners_text_per_forge(forge: str, expected: str) -> None:
    assert render_codeowners(UNITS, EDITORS, forge) == expected


def _rules(text: str) -> list[tuple[str, list[str]]]:
    out = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            pattern, *owners = line.split()
            out.append((pattern, owners))
    return out


def _github_owners(text: str, path: str) -> list[str]:
    """GitHub's reading, enough for these patterns: the last matching line wins."""
    found: list[str] = []
    for pattern, owners in _rules(text):
        if pattern == "*" or (pattern.endswith("/") and path.startswith(pattern[1:])) \
                or fnmatch.fnmatchcase(path, pattern.lstrip("/")):
            found = owners
    return found


def test_github_fallback_comes_first_and_later_lines_win() -> None:
    text = render_codeowners(UNITS, EDITORS, "github")
    assert _rules(text)[0] == ("*", ["@chief", "@deputy"])
    assert _github_owners(text, "items/water/2026/a.md") == ["@zhang.san", "@li.si"]
    assert _github_owners(text, "items/civil-affairs/2026/a.md") == ["@chief", "@deputy"]
    assert _github_owners(text, "bulletins/2026/001.md") == ["@chief", "@deputy"]
    assert _github_owners(text, "mkdocs.yml") == ["@chief", "@deputy"]


def _gitea_tokens(line: str) -> list[str]:
    """Gitea's TokenizeCodeOwnersLine: ``\\`` escapes one character, ``#`` ends."""
    tokens, token, escape = [], "", False
    for char in line.strip():
        if escape:
            token, escape = token + char, False
        elif char == "\\":
            escape = True
        elif char == "#":
            break
        elif char == " ":
            if token:
                tokens, token = [*tokens, token], ""
        else:
            token += char
    return [*tokens, token] if token else tokens


def _gitea_owners(text: str, path: str) -> set[str]:
    """Gitea's reading: the owners of every matching rule, ``!`` rules inverted."""
    found: set[str] = set()
    for line in text.splitlines():
        tokens = _gitea_tokens(line)
        if len(tokens) < 2:
            continue
        negative = tokens[0].startswith("!")
        matched = re.fullmatch(f"^{tokens[0].removeprefix('!')}$", path) is not None
        if matched != negative:
            found.update(tokens[1:])
    return found


def test_gitea_regexes_escape_unit_keys() -> None:
    text = render_codeowners({"civil-affairs": ["a"], "dept.north": ["b"]}, ["ed"], "gitea")
    assert "^items/civil-affairs/.*$ @a\n" in text
    assert "^items/dept\\\\.north/.*$ @b\n" in text
    assert "!^items/(civil-affairs|dept\\\\.north)/.*$ @ed\n" in text
    assert _gitea_owners(text, "items/dept.north/2026/x.md") == {"@b"}
    assert _gitea_owners(text, "items/deptXnorth/2026/x.md") == {"@ed"}
    assert _gitea_owners(text, "items/civil-affairs/x.md") == {"@a"}
    assert _gitea_owners(text, "bulletin.yml") == {"@ed"}
    assert _gitea_owners(text, "bulletinXyml") == {"@ed"}  # only through the fallback
    assert _gitea_owners(text, "bulletins/2026/001.md") == {"@ed"}


def test_gitea_fallback_without_staffed_units_covers_everything() -> None:
    text = render_codeowners({"water": []}, ["ed"], "gitea")
    assert "\n^.*$ @ed\n" in text
    assert _gitea_owners(text, "items/water/x.md") == {"@ed"}


def test_no_editors_leaves_out_lines_without_owners() -> None:
    text = render_codeowners({"water": ["z"], "roads": []}, [], "github")
    assert _rules(text) == [("/items/water/", ["@z"])]
    assert "names no editors" in text


def test_bad_user_name_and_forge_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="not a forge user name"):
        render_codeowners({"water": ["zhang san"]}, [], "github")
    with pytest.raises(UsageError, match="unknown forge"):
        render_codeowners({}, [], "bitbucket")


@pytest.fixture
def policy_repo(tmp_path: Path) -> Path:
    (tmp_path / "bulletin.yml").write_text(POLICY, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("forge", "expected"),
                         [("github", GITHUB), ("gitlab", GITLAB), ("gitea", GITEA)])
def test_cli_codeowners_prints(policy_repo: Path, forge: str, expected: str) -> None:
    result = CliRunner().invoke(main, ["codeowners", "--forge", forge, "--repo",
                                       str(policy_repo)], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, expected)


def test_cli_codeowners_defaults_to_github_and_writes_output(policy_repo: Path) -> None:
    out = policy_repo / ".github" / "CODEOWNERS"
    result = CliRunner().invoke(main, ["codeowners", "-o", str(out), "--repo",
                                       str(policy_repo)], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_text(encoding="utf-8") == GITHUB
    assert not [p for p in out.parent.iterdir() if p.name != "CODEOWNERS"]  # no temp left


def test_cli_codeowners_rejects_unknown_forge(policy_repo: Path) -> None:
    result = CliRunner().invoke(main, ["codeowners", "--forge", "bitbucket", "--repo",
                                       str(policy_repo)])
    assert result.exit_code == 2
    assert "bitbucket" in result.stderr


# --- workflows and the other forge files ---------------------------------------------


def _actionlint() -> str | None:
    beside = Path(sys.executable).parent / "actionlint"
    return str(beside) if beside.is_file() else shutil.which("actionlint")


def _lint(files: list[Path]) -> None:
    binary = _actionlint()
    if binary is None:
        pytest.fail("actionlint is not installed: pip install -e '.[test]' brings it")
    out = subprocess.run([binary, "-no-color", *map(str, files)], capture_output=True,
                         text=True, timeout=120, check=False)
    assert (out.returncode, out.stdout, out.stderr) == (0, "", "")


REPO_FILES = {  # this repository's copies: the templates, installing the checkout
    "publish.yml": ".github/workflows/publish.yml",
    "pull_request_template.md": ".github/pull_request_template.md",
}
# review.yml and .gitlab-ci.yml differ: their checks install the tool from the merge base
# (tests/test_workflows.py)


@pytest.mark.parametrize(("name", "rel"), REPO_FILES.items())
def test_repository_files_are_the_templates(name: str, rel: str) -> None:
    assert (ROOT / rel).read_text(encoding="utf-8") == forge_template(name, ".")


def test_repository_workflows_pass_actionlint() -> None:
    _lint(sorted((ROOT / ".github" / "workflows").glob("*.yml")))


def test_workflows_review_and_publish() -> None:
    review = yaml.safe_load(forge_template("review.yml"))
    steps = review["jobs"]["check"]["steps"]
    assert review[True] == {"pull_request_target": None}  # YAML 1.1 reads `on` as true
    assert steps[0]["with"]["fetch-depth"] == 0
    assert steps[1]["with"]["python-version"] == "3.11"
    assert [s["run"] for s in steps if "run" in s] == [
        f"pip install {RELEASED}",
        'bulletin check --format github --changed-since "origin/${GITHUB_BASE_REF}"']
    publish = yaml.safe_load(forge_template("publish.yml"))
    assert publish[True]["push"] == {"branches": ["main"]}
    built = publish["jobs"]["build"]["steps"]
    runs = [s.get("run") for s in built]
    assert "bulletin build --strict -d site" in runs
    assert built[-1]["with"]["path"] == "site/"
    # main's check cache is kept by publish and restored by review, under the same paths
    # (actions/cache finds a cache only with the paths it was saved with)
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore"))
    save = next(s for s in built if s.get("uses", "").startswith("actions/cache/save"))
    assert steps.index(restore) < next(i for i, s in enumerate(steps)
                                       if "bulletin check" in s.get("run", ""))
    assert restore["with"]["path"] == save["with"]["path"]
    # ... outside the checkout, where bulletin keeps them (BULLETIN_CACHE_DIR)
    assert save["with"]["path"].splitlines() == [
        f"${{{{ runner.temp }}}}/bulletin-cache/*/{name}"
        for name in ("check", "similarity", "published")]
    for step in [*steps, *built]:
        if "bulletin " in step.get("run", ""):
            assert step["env"] == {"BULLETIN_CACHE_DIR": "${{ runner.temp }}/bulletin-cache"}
    assert save["with"]["key"] == "bulletin-check-${{ github.ref_name }}-${{ github.sha }}"
    assert restore["with"]["restore-keys"] == "bulletin-check-${{ github.base_ref }}-"
    checked = next(s for s in built if s.get("run") == "bulletin check --no-source")
    assert checked["continue-on-error"] is True and built.index(checked) < built.index(save)


def test_gitlab_ci_has_check_and_pages() -> None:
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    check, pages = ci["check"], ci["pages"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert 'bulletin check --format gitlab --changed-since "$BASE" -o gl-code-quality-report.json' \
        in check["script"][0]
    assert check["variables"] == {"BASE": "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"}
    assert check["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["script"] == ["bulletin check --no-source || true",
                               "bulletin build --strict -d public"]
    # the default branch's check cache: pushed by pages, pulled by the merge requests' check
    assert pages["cache"]["policy"] == "pull-push" and ci[".bulletin"]["cache"]["policy"] == "pull"
    assert pages["cache"]["key"] == ci[".bulletin"]["cache"]["key"] == \
        "bulletin-check-$CI_DEFAULT_BRANCH"
    assert pages["cache"]["paths"] == ci[".bulletin"]["cache"]["paths"] == [
        ".bulletin-ci-cache/*/.gitignore", ".bulletin-ci-cache/*/check/",
        ".bulletin-ci-cache/*/similarity/", ".bulletin-ci-cache/*/published/"]
    assert ci["variables"]["BULLETIN_CACHE_DIR"] == "$CI_PROJECT_DIR/.bulletin-ci-cache"
    assert pages["artifacts"]["paths"] == ["public"]
    assert ci[".bulletin"]["before_script"][-1] == "pip install ."


def test_pre_commit_hooks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks == [{
        "id": "bulletin-check", "name": "bulletin check",
        "description": "Check the items, editions and policy a commit changes.",
        "entry": "bulletin check", "language": "python",
        "files": r"^(items|bulletins)/|^bulletin\.yml$", "pass_filenames": True,
    }]
    pattern = re.compile(hooks[0]["files"])
    assert [p for p in ["items/water/a.md", "bulletins/2026/001.md", "bulletin.yml",
                        "mkdocs.yml", "docs/items/x.md"] if pattern.search(p)] == \
        ["items/water/a.md", "bulletins/2026/001.md", "bulletin.yml"]
    local = yaml.safe_load(forge_template("pre-commit-config.yaml"))
    hook = local["repos"][0]["hooks"][0]
    assert local["repos"][0]["repo"] == "local"
    assert {k: hook[k] for k in ("id", "entry", "files", "pass_filenames")} == \
        {k: hooks[0][k] for k in ("id", "entry", "files", "pass_filenames")}
    assert hook["language"] == "system"


def test_pull_request_template_lists_the_criteria() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for word in ("**High**", "**Novel**", "**Comprehensive**", "**True**", "**Refined**",
                 "classification", "Personal data", "sources"):
        assert word in text
    assert text.count("- [ ]") == 10


# --- bulletin init -----------------------------------------------------------------------


def test_init_writes_forge_files_that_check_and_lint(tmp_path: Path) -> None:
    target = tmp_path / "bulletin"
    written = init_repository(target, "Bulletin", "Office", dt.date(2026, 11, 20))
    rels = {p.relative_to(target).as_posix() for p in written}
    assert set(FORGE_FILES.values()) | {".github/CODEOWNERS"} <= rels
    for name, rel in FORGE_FILES.items():
        assert (target / rel).read_text(encoding="utf-8") == forge_template(name)
    assert "pip install ." not in (target / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert _rules((target / ".github" / "CODEOWNERS").read_text(encoding="utf-8")) == [
        ("*", ["@editor"]), ("/items/general/", ["@staff"]),
        ("/bulletins/", ["@editor"]), ("/bulletin.yml", ["@editor"])]
    yaml.safe_load((target / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["check", "--repo", str(target)],
                                catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, "Checked 2 files: no problems found.\n")
    _lint(sorted((target / ".github" / "workflows").glob("*.yml")))


def test_this_repositorys_codeowners_follows_its_policy() -> None:
    root = Path(__file__).resolve().parents[1]
    result = CliRunner().invoke(main, ["codeowners", "--repo", str(root)])
    assert result.exit_code == 0
    assert (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == result.stdout, (
        "run: bulletin codeowners -o .github/CODEOWNERS")
