"""bulletin submit: branch, commit, push, print where to open the pull request.

Real git throughout: a bare repository stands in for the forge, and a clone of
it for a staff member's working copy.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.review.submit import (
    Change,
    branch_name,
    commit_message,
    infer_forge,
    parse_remote_url,
    pull_request_url,
)
from conftest import GIT_ENV, POLICY, BulletinRepo, front, item_fields

BUS_LANES = {"title": "Bus lanes open on Jianshe Road",
             "summary": "Bus lanes opened on 18 November, cutting trips by 6 minutes.",
             "body": "The lanes cover 4 km; trips on route 12 are 6 minutes shorter.\n"}
CLINICS = {"title": "Clinic hours extended", "unit": "health",
           "summary": "Clinics open until 22:00 from 18 November, so 3 shifts can be covered.",
           "body": "Clinics open until 22:00; 3 shifts are covered.\n"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True, check=True).stdout


@dataclass
class Setup:
    forge: Path  # the bare repository on the "forge"
    clone: BulletinRepo  # the staff member's working copy
    existing: str  # an item already on main


@pytest.fixture
def setup(bulletin_repo: BulletinRepo, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Setup:
    """A forge (bare repository) holding the policy and one item, and a clone of it
    whose working folder is the current folder."""
    for key, value in GIT_ENV.items():  # git run by the command sees the test identity
        monkeypatch.setenv(key, value)
    existing = bulletin_repo.item()
    bulletin_repo.write(".gitignore", ".bulletin-cache/\n")  # as 'bulletin init' writes it
    bulletin_repo.git("add", "-A")
    bulletin_repo.git("commit", "-qm", "Start the bulletin")
    forge = tmp_path / "forge.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(forge))
    bulletin_repo.git("push", "-q", str(forge), "main")
    clone = tmp_path / "zhang"
    git(tmp_path, "clone", "-q", str(forge), str(clone))
    git(clone, "config", "user.name", "Zhang San")  # GIT_ENV's author still wins
    git(clone, "config", "user.email", "zhang.san@example.invalid")
    monkeypatch.chdir(clone)
    return Setup(forge, BulletinRepo(clone), existing)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["submit", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def heads(repo: Path) -> set[str]:
    out = git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads")
    return set(out.split())


def files_in(repo: Path, rev: str) -> set[str]:
    return set(git(repo, "ls-tree", "-r", "--name-only", rev).split())


def status(repo: Path) -> str:
    return git(repo, "status", "--porcelain=v1", "--untracked-files=all")


# --- success ----------------------------------------------------------------------------


def test_submits_a_new_item_and_keeps_the_writers_files(setup: Setup) -> None:
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    text = (setup.clone.root / path).read_text(encoding="utf-8")
    before = status(setup.clone.root)
    main_head = git(setup.clone.root, "rev-parse", "main").strip()

    code, out, err = run(path)

    assert code == 0, err
    branch = "submit/2026-11-18-bus-lanes"
    assert heads(setup.forge) == {"main", branch}
    assert git(setup.forge, "log", "-1", "--format=%B%an <%ae>", branch) == \
        f"Add item: {BUS_LANES['title']}\nTest <test@example.invalid>\n"
    # exactly the item, on top of main
    assert git(setup.forge, "rev-parse", f"{branch}^").strip() == main_head
    assert git(setup.forge, "diff", "--name-status", "main", branch) == f"A\t{path}\n"
    assert git(setup.forge, "show", f"{branch}:{path}") == text
    # the writer: still on main, main unchanged, the file still there and uncommitted
    assert git(setup.clone.root, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert git(setup.clone.root, "rev-parse", "main").strip() == main_head
    assert (setup.clone.root / path).read_text(encoding="utf-8") == text
    assert status(setup.clone.root) == before
    # the local branch tracks the pushed one
    assert git(setup.clone.root, "rev-parse", "--abbrev-ref", f"{branch}@{{upstream}}") \
        .strip() == f"origin/{branch}"
    # a local forge: the branch name and what to do with it
    assert out == f"{branch}: open a pull request for it on your forge.\n"
    assert f"Committed 'Add item: {BUS_LANES['title']}' on the branch {branch}" in err
    assert "still on main" in err and "remove your copies before 'git pull'" in err


def test_a_modified_item_is_an_update_and_stays_modified(setup: Setup) -> None:
    item = setup.clone.root / setup.existing
    item.write_text(item.read_text(encoding="utf-8").replace("60 days", "55 days"),
                    encoding="utf-8")
    before = status(setup.clone.root)
    code, _, err = run(setup.existing)
    assert code == 0, err
    branch = "submit/2026-11-18-reservoir-levels-fall"
    title = item_fields()["title"]
    assert git(setup.forge, "log", "-1", "--format=%s", branch) == f"Update item: {title}\n"
    assert git(setup.forge, "diff", "--name-status", "main", branch) == \
        f"M\t{setup.existing}\n"
    assert status(setup.clone.root) == before == f" M {setup.existing}\n"
    assert "55 days" in item.read_text(encoding="utf-8")


def test_staged_changes_of_the_item_stay_staged(setup: Setup) -> None:
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    setup.clone.git("add", path)
    code, _, err = run(path)
    assert code == 0, err
    assert status(setup.clone.root) == f"A  {path}\n"


def test_several_items_from_a_folder(setup: Setup) -> None:
    water = setup.clone.item("bus-lanes", **BUS_LANES)
    health = setup.clone.item("clinic-hours", **CLINICS)
    code, _, err = run("items/water", "items/health")
    assert code == 0, err
    branch = "submit/2026-11-18-bus-lanes-and-1-more"
    assert branch in heads(setup.forge)
    assert git(setup.forge, "log", "-1", "--format=%B", branch).strip() == (
        f"Add 2 items\n\nAdd item: {BUS_LANES['title']}\nAdd item: {CLINICS['title']}")
    assert files_in(setup.forge, branch) - files_in(setup.forge, "main") == {water, health}


def test_only_the_given_paths_are_committed(setup: Setup) -> None:
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    draft = setup.clone.item("clinic-hours", **CLINICS)  # another untracked draft
    code, _, err = run(path)
    assert code == 0, err
    assert git(setup.forge, "diff", "--name-only", "main", "submit/2026-11-18-bus-lanes") \
        == f"{path}\n"
    assert (setup.clone.root / draft).is_file()


def test_a_taken_branch_name_gets_a_number(setup: Setup) -> None:
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    assert run(path)[0] == 0
    # here and on the forge
    assert run(path)[0] == 0
    # only on the forge, not here (deleted locally, not fetched)
    setup.clone.git("branch", "-D", "submit/2026-11-18-bus-lanes-2")
    setup.clone.git("branch", "-dr", "origin/submit/2026-11-18-bus-lanes-2")
    code, out, _ = run(path)
    assert code == 0
    assert out.startswith("submit/2026-11-18-bus-lanes-3:")
    assert heads(setup.forge) == {"main", "submit/2026-11-18-bus-lanes",
                                  "submit/2026-11-18-bus-lanes-2",
                                  "submit/2026-11-18-bus-lanes-3"}


def test_warnings_are_shown_but_do_not_block(setup: Setup) -> None:
    copy = setup.clone.item("reservoirs-again")  # a near-copy of the existing item
    code, out, err = run(copy)
    assert code == 0, err
    assert f"{copy}:1:1: Q201 near-copy of {setup.existing}" in out
    assert "submit/2026-11-18-reservoirs-again" in heads(setup.forge)


def test_a_detached_head_is_left_as_it_was(setup: Setup) -> None:
    setup.clone.git("checkout", "-q", "--detach")
    head = git(setup.clone.root, "rev-parse", "HEAD").strip()
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    assert run(path)[0] == 0
    assert git(setup.clone.root, "rev-parse", "HEAD").strip() == head
    assert git(setup.clone.root, "status", "--porcelain=v1", "-b").startswith(
        "## HEAD (no branch)")
    assert (setup.clone.root / path).is_file()


def test_a_bulletin_in_a_subfolder_of_the_git_repository(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    forge = tmp_path / "forge.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(forge))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(forge), str(clone))
    bulletin = BulletinRepo(clone / "bulletin")
    bulletin.write("bulletin.yml", POLICY)
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "start")
    git(clone, "push", "-q", "origin", "main")
    path = bulletin.item("bus-lanes", **BUS_LANES)
    monkeypatch.chdir(bulletin.root / "items")
    code, _, err = run(str(Path("water/2026/2026-11-18-bus-lanes.md")))
    assert code == 0, err
    assert git(forge, "diff", "--name-only", "main", "submit/2026-11-18-bus-lanes") == \
        f"bulletin/{path}\n"


# --- refusals ---------------------------------------------------------------------------


def assert_nothing_happened(setup: Setup) -> None:
    assert heads(setup.forge) == {"main"}
    assert heads(setup.clone.root) == {"main"}
    assert git(setup.clone.root, "rev-parse", "main").strip() == \
        git(setup.forge, "rev-parse", "main").strip()


def test_an_item_with_errors_is_refused(setup: Setup) -> None:
    path = setup.clone.item("bus-lanes", priority="urgnet", **BUS_LANES)
    before = status(setup.clone.root)
    code, out, err = run(path)
    assert code == 1
    assert f"{path}:" in out and ": S008 'priority' is 'urgnet'" in out
    assert "Not submitted: 1 error to fix first" in err
    assert_nothing_happened(setup)
    assert status(setup.clone.root) == before


def test_errors_in_other_files_do_not_block(setup: Setup) -> None:
    setup.clone.item("broken-draft", priority="urgnet", unit="health", **{
        k: v for k, v in CLINICS.items() if k != "unit"})
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    code, out, err = run(path)
    assert code == 0, err
    assert "broken-draft" not in out


def test_unrelated_changes_are_refused(setup: Setup) -> None:
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    policy = setup.clone.root / "bulletin.yml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, _, err = run(path)
    assert code == 2
    assert "other files have changes that are not part of this submission" in err
    assert "  bulletin.yml\n" in err and "git stash" in err
    assert_nothing_happened(setup)
    assert status(setup.clone.root) == f" M bulletin.yml\n?? {path}\n"


def test_unrelated_staged_changes_are_refused(setup: Setup) -> None:
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    other = setup.clone.item("clinic-hours", **CLINICS)
    setup.clone.git("add", other)
    code, _, err = run(path)
    assert code == 2
    assert f"  {other}\n" in err
    assert_nothing_happened(setup)


def test_no_remote_is_refused_with_how_to_add_one(setup: Setup) -> None:
    setup.clone.git("remote", "remove", "origin")
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    code, _, err = run(path)
    assert code == 2
    assert "no remote 'origin'" in err and "git remote add origin URL" in err
    assert heads(setup.clone.root) == {"main"}


def test_not_a_git_repository_is_refused(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    repo = BulletinRepo(tmp_path / "plain")
    repo.write("bulletin.yml", POLICY)
    path = repo.item("bus-lanes", **BUS_LANES)
    monkeypatch.chdir(repo.root)
    code, _, err = run(path)
    assert code == 2
    assert "is not in a git repository" in err


def test_a_path_outside_the_repository_is_refused(setup: Setup, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(front(**item_fields()), encoding="utf-8")
    code, _, err = run(str(outside))
    assert code == 2
    assert "is outside the bulletin repository" in err
    code, _, err = run("bulletin.yml")
    assert code == 2
    assert "is not an item" in err
    code, _, err = run("items/water/2026/nope.md")
    assert code == 2
    assert "no such file or folder" in err
    assert_nothing_happened(setup)


def test_nothing_to_submit_is_refused(setup: Setup) -> None:
    new = setup.clone.item("bus-lanes", **BUS_LANES)
    code, _, err = run(new, setup.existing)
    assert code == 2
    assert f"nothing to submit in {setup.existing}" in err
    assert_nothing_happened(setup)


def test_paths_given_from_the_repository_with_repo(setup: Setup, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    monkeypatch.chdir(tmp_path)
    code, _, err = run("--repo", str(setup.clone.root), path)
    assert code == 0, err
    assert "submit/2026-11-18-bus-lanes" in heads(setup.forge)


# --- the push fails -----------------------------------------------------------------------


def test_a_failed_push_loses_nothing(setup: Setup, tmp_path: Path) -> None:
    setup.clone.git("remote", "set-url", "origin", str(tmp_path / "no-such-forge.git"))
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    text = (setup.clone.root / path).read_text(encoding="utf-8")
    before = status(setup.clone.root)
    code, out, err = run(path)
    assert code == 1
    branch = "submit/2026-11-18-bus-lanes"
    assert "could not push to origin" in err
    assert f"git push -u origin {branch}" in err
    assert out == ""
    # the commit is kept on the local branch; the writer is back where they were
    assert heads(setup.clone.root) == {"main", branch}
    assert git(setup.clone.root, "show", f"{branch}:{path}") == text
    assert git(setup.clone.root, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert (setup.clone.root / path).read_text(encoding="utf-8") == text
    assert status(setup.clone.root) == before
    assert heads(setup.forge) == {"main"}
    # following the instructions later works
    setup.clone.git("remote", "set-url", "origin", str(setup.forge))
    setup.clone.git("push", "-q", "-u", "origin", branch)
    assert git(setup.forge, "diff", "--name-only", "main", branch) == f"{path}\n"


# --- pull request addresses ---------------------------------------------------------------


@pytest.mark.parametrize(("fetch_url", "forge", "expected"), [
    ("https://github.com/city-office/bulletin.git", None,
     "https://github.com/city-office/bulletin/compare/{b}?expand=1"),
    ("git@github.com:city-office/bulletin.git", None,
     "https://github.com/city-office/bulletin/compare/{b}?expand=1"),
    ("https://gitlab.example.org/office/bulletin.git", None,
     "https://gitlab.example.org/office/bulletin/-/merge_requests/new"
     "?merge_request[source_branch]={b}"),
    ("git@git.city.example:office/bulletin.git", None,
     "https://git.city.example/office/bulletin/compare/develop...{b}"),
    ("https://code.city.example/office/bulletin", "gitlab",
     "https://code.city.example/office/bulletin/-/merge_requests/new"
     "?merge_request[source_branch]={b}"),
])
def test_prints_the_pull_request_address(setup: Setup, fetch_url: str, forge: str | None,
                                         expected: str) -> None:
    # origin fetches from the forge's address but pushes to the bare repository
    setup.clone.git("remote", "set-url", "--push", "origin", str(setup.forge))
    setup.clone.git("remote", "set-url", "origin", fetch_url)
    setup.clone.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/develop")
    path = setup.clone.item("bus-lanes", **BUS_LANES)
    code, out, err = run(path, *(["--forge", forge] if forge else []))
    assert code == 0, err
    assert out == expected.format(b="submit/2026-11-18-bus-lanes") + "\n"
    assert "Open the pull request here:" in err
    assert "submit/2026-11-18-bus-lanes" in heads(setup.forge)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://github.com/o/r.git", ("https", "github.com", "o/r")),
    ("https://github.com/o/r", ("https", "github.com", "o/r")),
    ("https://github.com/o/r/", ("https", "github.com", "o/r")),
    ("https://user:secret@github.com/o/r.git", ("https", "github.com", "o/r")),
    ("http://git.local:3000/o/r.git", ("http", "git.local:3000", "o/r")),
    ("git@github.com:o/r.git", ("https", "github.com", "o/r")),
    ("github.com:o/r", ("https", "github.com", "o/r")),
    ("ssh://git@gitlab.example.org:2222/group/sub/r.git",
     ("https", "gitlab.example.org", "group/sub/r")),
    ("ssh://git@ssh.github.com:443/o/r.git", ("https", "github.com", "o/r")),
    ("/srv/git/bulletin.git", None),
    ("../forge.git", None),
    ("file:///srv/git/bulletin.git", None),
    ("C:/git/bulletin.git", None),
    ("forge.git", None),
])
def test_parse_remote_url(url: str, expected: tuple[str, str, str] | None) -> None:
    where = parse_remote_url(url)
    assert (None if where is None else (where.scheme, where.host, where.path)) == expected


def test_infer_forge() -> None:
    assert infer_forge("github.com") == "github"
    assert infer_forge("gitlab.com") == "gitlab"
    assert infer_forge("gitlab.city.example") == "gitlab"
    assert infer_forge("code.city.example") == "gitea"
    assert infer_forge("codeberg.org") == "gitea"


def test_pull_request_url() -> None:
    b = "submit/2026-11-18-x"
    assert pull_request_url("git@github.com:o/r.git", b) == \
        f"https://github.com/o/r/compare/{b}?expand=1"
    assert pull_request_url("https://gitlab.com/g/s/r.git", b) == \
        f"https://gitlab.com/g/s/r/-/merge_requests/new?merge_request[source_branch]={b}"
    assert pull_request_url("https://codeberg.org/o/r.git", b) == \
        f"https://codeberg.org/o/r/compare/main...{b}"
    assert pull_request_url("https://codeberg.org/o/r.git", b, base="trunk") == \
        f"https://codeberg.org/o/r/compare/trunk...{b}"
    assert pull_request_url("https://ghe.city.example/o/r.git", b, forge="github") == \
        f"https://ghe.city.example/o/r/compare/{b}?expand=1"
    assert pull_request_url("https://github.com/o/r.git", b, forge="gitea") == \
        f"https://github.com/o/r/compare/main...{b}"
    assert pull_request_url("/srv/git/r.git", b) is None


# --- names and messages ---------------------------------------------------------------------


def test_branch_name() -> None:
    assert branch_name(["2026-11-18-x"]) == "submit/2026-11-18-x"
    assert branch_name(["2026-11-18-x", "2026-11-19-y", "z"]) == "submit/2026-11-18-x-and-2-more"
    assert branch_name(["a"], {"submit/a", "submit/a-2"}) == "submit/a-3"
    assert branch_name(["2026-11-18-水库 水位..lock"]) == "submit/2026-11-18"
    assert branch_name(["水库"]) == "submit/item"


def test_commit_message() -> None:
    new = Change("A", "items/w/2026/2026-11-18-a.md", "", "2026-11-18-a", "Title A")
    old = Change("M", "items/w/2026/2026-11-18-b.md", "", "2026-11-18-b", "Title B")
    image = Change("A", "items/w/2026/map.png", "")
    assert commit_message([new]) == "Add item: Title A"
    assert commit_message([old]) == "Update item: Title B"
    assert commit_message([new, new]) == "Add 2 items\n\nAdd item: Title A\nAdd item: Title A"
    assert commit_message([old, old]).startswith("Update 2 items\n\n")
    assert commit_message([new, old]) == \
        "Submit 2 items\n\nAdd item: Title A\nUpdate item: Title B"
    assert commit_message([new, image]) == \
        "Add 2 files\n\nAdd item: Title A\nAdd file: items/w/2026/map.png"


def test_help_is_there() -> None:
    result = CliRunner().invoke(main, ["submit", "--help"])
    assert result.exit_code == 0
    assert "pull request" in result.output and "--forge" in result.output
