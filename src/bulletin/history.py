"""Git, through GitPython, in one place: what a branch changed since a base.

``changes_since`` answers ``bulletin check --changed-since REF``: the files
added, modified, renamed or deleted between the merge base of REF and HEAD
and the working tree (untracked files count as added). In a shallow CI clone
it fetches the base and deepens the history until the merge base is there,
and otherwise says exactly what is missing.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError

DEEPEN_STEPS = (50, 200, 1000)


@dataclass
class ChangeSet:
    """Repository paths (POSIX, relative to the bulletin root) a branch touched."""

    base: str
    added: set[str] = field(default_factory=set)
    modified: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)  # new path → old path

    @property
    def present(self) -> set[str]:
        """Changed paths that exist now (what to report on)."""
        return self.added | self.modified | set(self.renamed)


def changes_since(root: Path, ref: str) -> ChangeSet:
    """What changed since the merge base of ``ref`` and HEAD (working tree included)."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UsageError(f"--changed-since needs a git repository; {root} is not in one") \
            from None
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = Path(root).resolve().relative_to(top).as_posix()
    base = _merge_base(repo, ref)
    changes = ChangeSet(base)
    diff = repo.git.diff("--name-status", "-M", "--no-color", base, "--")
    for line in diff.splitlines():
        status, *paths = line.split("\t")
        paths = [_under(p, prefix) for p in paths]
        if status.startswith("R") and len(paths) == 2:
            if paths[1] is not None:
                changes.renamed[paths[1]] = paths[0] or ""
        elif paths and paths[0] is not None:
            {"A": changes.added, "D": changes.deleted}.get(status[0], changes.modified).add(
                paths[0])
    for path in repo.untracked_files:
        rel = _under(path, prefix)
        if rel is not None:
            changes.added.add(rel)
    return changes


def _under(path: str, prefix: str) -> str | None:
    """``path`` (relative to the git top) relative to the bulletin root, or None."""
    if prefix in ("", "."):
        return path
    return path[len(prefix) + 1:] if path.startswith(prefix + "/") else None


def _merge_base(repo: object, ref: str) -> str:
    import git

    assert isinstance(repo, git.Repo)
    if not _resolves(repo, ref):
        _fetch(repo, ref)
    if not _resolves(repo, ref):
        raise UsageError(f"--changed-since {ref}: no such branch, tag or commit here, and it "
                         "could not be fetched from 'origin'; in CI, fetch it first "
                         f"(git fetch origin {ref.removeprefix('origin/')})")
    shallow = Path(repo.git_dir, "shallow").exists()
    for depth in (0, *(DEEPEN_STEPS if shallow else ())):
        if depth:
            try:
                repo.git.fetch("--deepen", str(depth), "origin")
            except git.GitCommandError:
                break
        try:
            return str(repo.git.merge_base(ref, "HEAD")).strip()
        except git.GitCommandError:
            continue
    if shallow:
        try:
            repo.git.fetch("--unshallow", "origin")
            return str(repo.git.merge_base(ref, "HEAD")).strip()
        except git.GitCommandError:
            pass
    raise UsageError(f"--changed-since {ref}: {ref} and HEAD share no history here"
                     + (" (a shallow clone that could not be deepened: use fetch-depth: 0)"
                        if shallow else ""))


def _resolves(repo: object, ref: str) -> bool:
    import git

    assert isinstance(repo, git.Repo)
    try:
        repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
        return True
    except git.GitCommandError:
        return False


def _fetch(repo: object, ref: str) -> None:
    import git

    assert isinstance(repo, git.Repo)
    if "origin" not in [r.name for r in repo.remotes]:
        return
    name = ref.removeprefix("origin/")
    try:
        repo.git.fetch("--no-tags", "origin", f"+refs/heads/{name}:refs/remotes/origin/{name}")
    except git.GitCommandError:
        with contextlib.suppress(git.GitCommandError):
            repo.git.fetch("--no-tags", "origin", name)


def published_at(root: Path, commit: str) -> set[str]:
    """Ids of the items the edition manifests list at ``commit`` (published then)."""
    import git

    from . import safeyaml

    repo = git.Repo(root, search_parent_directories=True)
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = Path(root).resolve().relative_to(top).as_posix()
    folder = "bulletins" if prefix in ("", ".") else f"{prefix}/bulletins"
    try:
        names = repo.git.ls_tree("-r", "--name-only", commit, "--", folder).splitlines()
    except git.GitCommandError:
        return set()
    published: set[str] = set()
    for name in names:
        if not name.endswith((".yml", ".yaml")) or name.endswith("responses.yml"):
            continue
        try:
            text = repo.git.show(f"{commit}:{name}")
        except git.GitCommandError:
            continue
        data = safeyaml.load(text).data
        sections = data.get("sections") if isinstance(data, dict) else None
        for section in sections if isinstance(sections, list) else []:
            items = section.get("items") if isinstance(section, dict) else None
            published.update(i for i in items or [] if isinstance(i, str))
    return published


def ci_author(environ: dict[str, str]) -> str | None:
    """The forge login of whoever opened the pull request, from the CI environment.

    GitHub and Gitea/Forgejo: the event payload's ``pull_request.user.login``
    (``GITHUB_EVENT_PATH``); GitLab: ``GITLAB_USER_LOGIN``.
    """
    import json

    if environ.get("GITLAB_USER_LOGIN"):
        return environ["GITLAB_USER_LOGIN"]
    event = environ.get("GITHUB_EVENT_PATH")
    if event:
        try:
            with open(event, encoding="utf-8") as handle:
                payload = json.load(handle)
            login = payload["pull_request"]["user"]["login"]
            return login if isinstance(login, str) else None
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return None
