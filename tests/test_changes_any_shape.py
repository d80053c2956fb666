"""What a branch changed, whatever the shape of its folders (issue 19, deliverable 3).

``history._changes`` no longer asks git to compare the base with the whole working tree
and to list untracked and ignored files in separate walks: it compares the committed
trees, lets one ``git status`` look at the working tree, and names only the files those
report. These tests hold it to the answer of the three commands it replaces (kept here
as the oracle, :func:`old_changes`), in real git repositories, with every item in one
folder and in ``items/<unit>/<YYYY>/``, for renames, deletions, staged and unstaged
edits, untracked and ignored files (ignored folders too) and a bulletin in a subfolder
of its repository.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from bulletin.changes import ChangeSet
from bulletin.git import history
from conftest import GIT_ENV, BulletinRepo

SHAPES = ("flat", "folders")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV},
                          capture_output=True, text=True, check=True).stdout


def old_changes(top: Path, prefix: str, base: str) -> ChangeSet:
    """The answer as the check gave it before: ``git diff -M base`` against the working
    tree, ``ls-files --others`` of the whole repository, ``ls-files --ignored`` of
    ``items/`` and ``bulletins/``."""
    def run(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=top, capture_output=True, check=True
                              ).stdout.decode("utf-8", "surrogateescape")

    folders = [f if prefix in ("", ".") else f"{prefix}/{f}" for f in ("items", "bulletins")]
    diff = run("diff", "--name-status", "-z", "-M", "--no-color", base, "--")
    untracked = run("ls-files", "-z", "--others", "--exclude-standard", "--full-name")
    ignored = run("ls-files", "-z", "--others", "--ignored", "--exclude-standard",
                  "--full-name", "--", *folders)
    return history._change_set(base, prefix, diff, untracked.split("\0"),
                               ignored.split("\0"))


def item_path(shape: str, n: int, unit: str = "water") -> str:
    name = f"2026-11-{n % 28 + 1:02d}-item-{n:04d}.md"
    return f"items/{name}" if shape == "flat" else f"items/{unit}/2026/{name}"


def body(n: int) -> str:
    # different enough from each other that git pairs a renamed file with its old self only
    return f"---\nid: item-{n}\n---\n" + "".join(f"Line {n}-{k}: {n * k * 7919 % 10007}.\n"
                                                   for k in range(40))


def make_repo(top: Path, shape: str, prefix: str = "", items: int = 60) -> tuple[Path, str]:
    """A repository at ``top`` (the bulletin at ``top/prefix``) with ``items`` items and an
    edition on main; returns the bulletin root and the main commit."""
    top.mkdir(parents=True)
    git(top, "init", "-q", "-b", "main")
    root = top / prefix if prefix else top
    for n in range(items):
        path = root / item_path(shape, n, unit=("water", "health")[n % 2])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body(n))
    (root / "bulletins/2026").mkdir(parents=True)
    (root / "bulletins/2026/001.yml").write_text("number: 1\n")
    (root / "bulletin.yml").write_text("title: T\n")
    (top / ".gitignore").write_text("site/\n*.tmp\nitems/drafts/\n")
    if prefix:
        (top / "elsewhere").mkdir()
        (top / "elsewhere/notes.md").write_text(body(999))
    git(top, "add", "-A")
    git(top, "commit", "-qm", "main")
    return root, git(top, "rev-parse", "HEAD").strip()


def branch(top: Path, root: Path, shape: str) -> None:
    """A branch that adds, edits, deletes and renames items, then leaves uncommitted,
    staged, untracked and ignored files in the working tree."""
    git(top, "checkout", "-qb", "feature")
    (root / item_path(shape, 100)).parent.mkdir(parents=True, exist_ok=True)
    (root / item_path(shape, 100)).write_text(body(100))                  # added
    p = root / item_path(shape, 3, "health" if 3 % 2 else "water")
    p.write_text(p.read_text() + "An edit.\n")                             # modified
    (root / item_path(shape, 4, "water")).unlink()                        # deleted
    git(top, "mv", str(root / item_path(shape, 5, "health")),
        str(root / item_path(shape, 105, "health")))                      # renamed
    git(top, "add", "-A")
    git(top, "commit", "-qm", "feature")
    # the working tree, uncommitted
    p = root / item_path(shape, 6, "water")
    p.write_text(p.read_text() + "Unstaged.\n")                            # unstaged edit
    p = root / item_path(shape, 7, "health")
    p.write_text(p.read_text() + "Staged.\n")
    git(top, "add", str(p))                                                # staged edit
    (root / item_path(shape, 8, "water")).unlink()                        # deleted, unstaged
    git(top, "mv", str(root / item_path(shape, 9, "health")),
        str(root / item_path(shape, 109, "health")))                      # renamed, staged
    p = root / item_path(shape, 105, "health")
    p.write_text(p.read_text() + "Renamed, then edited.\n")                # committed rename
    (root / item_path(shape, 110)).write_text(body(110))                  # untracked
    (root / item_path(shape, 111)).write_text(body(111))
    git(top, "add", "--intent-to-add", str(root / item_path(shape, 111)))  # intent to add
    (root / "items/x.tmp").write_text("scratch")                           # ignored file
    (root / "items/drafts/2026").mkdir(parents=True)                       # ignored folder
    (root / "items/drafts/2026/a.md").write_text(body(120))
    (root / "items/drafts/b.md").write_text(body(121))
    (root / "bulletins/2026/002.yml.tmp").write_text("number: 2\n")        # ignored edition
    (root / "site/items").mkdir(parents=True)                              # ignored elsewhere
    (root / "site/items/index.html").write_text("<p>")
    (root / "bulletins/2026/002.yml").write_text("number: 2\n")            # untracked edition


def same(top: Path, prefix: str, base: str) -> ChangeSet:
    new = history._changes(top, prefix, base)
    old = old_changes(top, prefix, base)
    assert new == old
    assert new is not None and new.ignored == old.ignored
    return new


@pytest.mark.parametrize("shape", SHAPES)
def test_the_same_change_set_as_before_in_any_folder_shape(tmp_path: Path, shape: str) -> None:
    top = tmp_path / "repo"
    root, main = make_repo(top, shape)
    branch(top, root, shape)
    found = same(top, "", main)
    assert item_path(shape, 100) in found.added and item_path(shape, 110) in found.untracked
    assert item_path(shape, 4, "water") in found.deleted
    assert item_path(shape, 8, "water") in found.deleted
    assert found.renamed[item_path(shape, 105, "health")] == item_path(shape, 5, "health")
    assert found.renamed[item_path(shape, 109, "health")] == item_path(shape, 9, "health")
    assert {item_path(shape, 6, "water"), item_path(shape, 7, "health")} <= found.modified
    assert found.ignored == {"items/x.tmp", "items/drafts/2026/a.md", "items/drafts/b.md",
                             "bulletins/2026/002.yml.tmp"}
    assert "bulletins/2026/002.yml" in found.untracked
    # and what the working tree changed since HEAD (the cache's question)
    head = git(top, "rev-parse", "HEAD").strip()
    assert history.worktree_changes(root) == old_changes(top, "", head)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_clean_working_tree_is_answered_from_the_commits(tmp_path: Path, shape: str) -> None:
    top = tmp_path / "repo"
    root, main = make_repo(top, shape)
    branch(top, root, shape)
    git(top, "add", "-A")
    git(top, "commit", "-qm", "the rest")
    found = same(top, "", main)
    assert found.untracked == set() and item_path(shape, 110) in found.added
    assert found.ignored == {"items/x.tmp", "items/drafts/2026/a.md", "items/drafts/b.md",
                             "bulletins/2026/002.yml.tmp"}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_bulletin_in_a_subfolder_of_its_repository(tmp_path: Path, shape: str) -> None:
    top = tmp_path / "repo"
    root, main = make_repo(top, shape, prefix="office/bulletin")
    branch(top, root, shape)
    # moved in from outside the bulletin, and out of it
    git(top, "mv", "elsewhere/notes.md", f"office/bulletin/{item_path(shape, 130)}")
    git(top, "mv", f"office/bulletin/{item_path(shape, 11, 'health')}", "elsewhere/moved.md")
    (top / "elsewhere/untracked.md").write_text("outside")
    (top / "elsewhere/x.tmp").write_text("ignored outside")
    found = same(top, "office/bulletin", main)
    assert item_path(shape, 110) in found.untracked
    assert not any(p.startswith(("elsewhere", "office")) for p in found.touched)
    assert history.changes_since(root, "main") == found


def test_a_branch_that_touches_more_files_than_it_names(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Past :data:`history.NAMED_PATHS` files (or ``NAMED_CHARS`` characters of their
    names) git compares every file with the base."""
    top = tmp_path / "repo"
    root, main = make_repo(top, "flat")
    branch(top, root, "flat")
    monkeypatch.setattr(history, "NAMED_PATHS", 3)
    same(top, "", main)
    monkeypatch.setattr(history, "NAMED_PATHS", 2000)
    monkeypatch.setattr(history, "NAMED_CHARS", 100)
    same(top, "", main)


def test_odd_file_names_are_taken_literally(tmp_path: Path) -> None:
    """Names git would read as patterns or options, or that need quoting."""
    top = tmp_path / "repo"
    root, main = make_repo(top, "flat", items=5)
    odd = ["items/*.md", "items/:(glob)x.md", "items/-n.md", "items/a b\tc.md",
           "items/ünï 中文.md", "items/[ab].md"]
    for name in odd:
        (root / name).write_text(body(len(name)))
    git(top, "add", "-A")
    git(top, "commit", "-qm", "odd names")
    for name in odd:
        (root / name).write_text(body(len(name)) + "edited\n")
    found = same(top, "", main)
    assert set(odd) <= found.added
    assert history.worktree_changes(root) == old_changes(
        top, "", git(top, "rev-parse", "HEAD").strip())
    assert set(odd) <= history.worktree_changes(root).modified  # type: ignore[union-attr]


def test_an_index_without_stat_data_is_refreshed(tmp_path: Path) -> None:
    """An index read from a tree (as ``git read-tree`` or a fast-import leave it) has no
    stat data, so git must hash every file to compare it: the check's look at the
    working tree refreshes it (as ``git status`` does), and the answer is the same."""
    top = tmp_path / "repo"
    root, main = make_repo(top, "flat")
    git(top, "read-tree", "HEAD")
    stale = git(top, "ls-files", "--debug")
    assert "mtime: 0:0" in stale
    p = root / item_path("flat", 2, "water")
    p.write_text(p.read_text() + "An edit.\n")
    same(top, "", main)
    # every file has its stat data now but the edited one (whose bytes the index lacks)
    assert git(top, "ls-files", "--debug").count("mtime: 0:0") == 1


def test_a_pull_request_in_one_folder_is_checked_on_its_files(
        bulletin_repo: BulletinRepo) -> None:
    """Every item in ``items/`` itself (each an S010 finding): a one-item pull request on
    the warm cache of main reads and reports that item only, as a full check would."""
    from bulletin.check.engine import check_repository
    from bulletin.check.focus import FocusedRepository
    from conftest import TODAY
    from test_check_focus import _as_full

    for n in range(12):
        bulletin_repo.item(f"flat-{n}", path=f"items/2026-11-{n + 1:02d}-flat-{n}.md",
                           date=dt.date(2026, 11, n + 1))
    bulletin_repo.git("add", "-A")
    bulletin_repo.git("commit", "-qm", "main")
    check_repository(bulletin_repo.root, today=TODAY)  # the warm cache of main
    bulletin_repo.git("checkout", "-qb", "feature")
    path = bulletin_repo.root / "items/2026-11-05-flat-4.md"
    path.write_text(path.read_text().replace("Telemetry", "Gauges"))
    changes = history.changes_since(bulletin_repo.root, "main")
    assert changes.present == {"items/2026-11-05-flat-4.md"}
    fast = check_repository(bulletin_repo.root, today=TODAY,
                            only=changes.present.__contains__, changes=changes)
    assert isinstance(fast.repo, FocusedRepository)  # from the cache, not a walk
    full = check_repository(bulletin_repo.root, today=TODAY, cache=False)
    mine = _as_full(fast, full, changes.present)
    assert {(d[0], d[3]) for d in mine} >= {("items/2026-11-05-flat-4.md", "S010")}


def _log_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where every git command run from now on is written, one a line (a wrapper on PATH)."""
    log = tmp_path / "git.log"
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True,
                          check=True).stdout.strip()
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    return log


def test_git_looks_at_the_working_tree_once(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The regression of issue 19: a pull request's check asked git three times to walk
    the whole working tree (one flat folder of 100,000 files took 10 s). Now the
    committed trees are compared without it, one ``git status`` looks at it, and the
    base is compared with the working tree only for the files those name."""
    top = tmp_path / "repo"
    root, main = make_repo(top, "flat")
    branch(top, root, "flat")
    log = _log_git(tmp_path, monkeypatch)

    def commands() -> list[str]:
        history._changes(top, "", main)
        ran = log.read_text().splitlines()
        log.unlink()
        return ran

    ran = commands()  # uncommitted changes: their files only are compared with the base
    assert sum(c.startswith("status ") for c in ran) == 1
    assert not any(c.startswith("ls-files") and "--ignored" not in c for c in ran)
    worktree = [c for c in ran if " diff " in f" {c} " and " HEAD " not in f" {c} "]
    assert len(worktree) == 1 and worktree[0].split(" -- ", 1)[1].strip()  # named files
    git(top, "add", "-A")
    git(top, "commit", "-qm", "the rest")
    log.unlink()
    ran = commands()  # a clean working tree: the commits' trees answer
    assert sorted(c.split()[0] for c in ran) == ["--literal-pathspecs", "diff", "status"]
    assert f"{main} HEAD --" in next(c for c in ran if c.startswith("diff"))
    # and the one ignored folder's files are listed, that folder only
    assert next(c for c in ran if "ls-files" in c).endswith(" -- items/drafts/")


@pytest.mark.parametrize("policy_at_base", [True, False])
def test_the_base_policy_and_trees_are_asked_while_the_check_imports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy_at_base: bool) -> None:
    """What the pull request's check asks git about the base next (its policy, its
    trees) is asked by :func:`changes_since`, which runs beside the check's imports:
    afterwards neither runs git again, and both answer as git does."""
    top = tmp_path / "repo"
    root, main = make_repo(top, "flat")
    if not policy_at_base:
        git(top, "rm", "-q", "bulletin.yml")
        git(top, "commit", "-qm", "no policy")
        main = git(top, "rev-parse", "HEAD").strip()
    branch(top, root, "flat")
    expected = (history._git(root, "cat-file", "blob", f"{main}:./bulletin.yml"),
                history._git(root, "ls-tree", "-z", main, "--", "items", "bulletins"))
    assert (expected[0] is not None) == policy_at_base and expected[1]
    log = _log_git(tmp_path, monkeypatch)
    monkeypatch.setattr(history, "_KNOWN", {})
    assert history.changes_since(root, "main").base == main
    log.unlink()
    policy = history.file_at(root, main, "bulletin.yml")
    assert policy == (expected[0] if policy_at_base else None)
    assert history.trees(root, main) is not None
    assert not log.exists()  # no git run for either
    assert history.trees(root, "HEAD") is not None and log.exists()  # others still ask
