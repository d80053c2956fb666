"""``bulletin submit``: send items for review without knowing git.

For staff who are not git experts: the given items are committed on a new
branch named after the item, the branch is pushed to ``origin``, and the
address where the pull request is opened is printed.

The writer's work is never at risk, because their working tree, index and
current branch are never touched. The commit is built aside, with git's own
commands: a temporary index is filled from ``HEAD`` plus ``git add -- PATHS``,
written as a tree, committed with ``git commit-tree`` on top of ``HEAD`` and
given a branch with ``git branch``. No checkout happens, so the writer stays on
their branch with their files exactly as they were (still uncommitted there),
and a push that fails leaves the commit on the local branch, to push later.

:func:`prepare` does every check and changes nothing (it refuses with
:class:`~bulletin.errors.UsageError`); :func:`submit` creates the branch and
pushes. Pull request addresses come from :func:`pull_request_url`.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..check.engine import check_repository
from ..diagnostics import Diagnostic, Severity
from ..errors import UsageError
from ..load.walk import ITEMS_DIR, classify
from .forge import FORGES

REMOTE = "origin"
BRANCH_PREFIX = "submit/"
LS_REMOTE_TIMEOUT = 60  # seconds; only to avoid a taken branch name, so it may fail


# --- pull request addresses ---------------------------------------------------------


@dataclass(frozen=True)
class RemoteLocation:
    """Where a remote lives on the web: ``scheme://host/path`` (path without ``.git``)."""

    scheme: str
    host: str
    path: str


_SCP_LIKE = re.compile(r"\A(?:[^@/:]+@)?(?P<host>[^/:\\]{2,}):(?P<path>[^/].*)\Z")


def parse_remote_url(url: str) -> RemoteLocation | None:
    """The web location of a git remote URL, or None for a local or file remote.

    Understands ``https://[user@]host[:port]/owner/repo[.git]``, ``http://``,
    ``ssh://[user@]host[:port]/owner/repo[.git]`` and ``[user@]host:owner/repo[.git]``.
    Credentials in the URL and the ssh port are dropped.
    """
    url = url.strip()
    if "://" in url:
        try:
            parts = urlsplit(url)
            port = parts.port  # raises on "host:99999" or "host:x"
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https", "ssh", "git", "git+ssh", "ssh+git") or \
                not parts.hostname:
            return None
        host = parts.hostname
        if scheme in ("http", "https") and port:
            host = f"{host}:{port}"
        web_scheme = "http" if scheme == "http" else "https"
        path = parts.path
    else:
        match = _SCP_LIKE.match(url)
        if match is None:
            return None
        host, path, web_scheme = match["host"].lower(), match["path"], "https"
    path = path.strip("/").removesuffix(".git").strip("/")
    if path.startswith("~") or "/" not in path:
        return None
    if host == "ssh.github.com":  # GitHub's ssh over port 443
        host = "github.com"
    return RemoteLocation(web_scheme, host, path)


def infer_forge(host: str) -> str:
    """github.com is GitHub, a host naming gitlab is GitLab, anything else Gitea/Forgejo."""
    name = host.lower().split(":")[0]
    if name in ("github.com", "www.github.com"):
        return "github"
    if "gitlab" in name:
        return "gitlab"
    return "gitea"


def pull_request_url(remote_url: str, branch: str, forge: str | None = None,
                     base: str = "main") -> str | None:
    """Where to open a pull (merge) request for ``branch``, or None for a local remote.

    ``forge`` (github, gitea or gitlab) overrides what the host suggests;
    ``base`` is the branch Gitea and Forgejo compare against.
    """
    where = parse_remote_url(remote_url)
    if where is None:
        return None
    if forge is not None and forge not in FORGES:
        raise UsageError(f"unknown forge '{forge}' (one of: {', '.join(FORGES)})")
    kind = forge or infer_forge(where.host)
    site = f"{where.scheme}://{where.host}/{where.path}"
    if kind == "github":
        return f"{site}/compare/{branch}?expand=1"
    if kind == "gitlab":
        return f"{site}/-/merge_requests/new?merge_request[source_branch]={branch}"
    return f"{site}/compare/{base}...{branch}"


# --- branch names and commit messages -----------------------------------------------


def branch_name(ids: Sequence[str], taken: Iterable[str] = ()) -> str:
    """``submit/<id>``, or ``submit/<first-id>-and-N-more``; ``-2``, ``-3``... if taken."""
    first = _ref_safe(ids[0]) if ids else "item"
    base = BRANCH_PREFIX + first + (f"-and-{len(ids) - 1}-more" if len(ids) > 1 else "")
    used = set(taken)
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    return name


def _ref_safe(text: str) -> str:
    """``text`` as one component of a branch name: ASCII letters, digits, ``.-_``."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", text)
    safe = re.sub(r"\.{2,}", ".", safe).strip("-.")
    safe = safe.removesuffix(".lock").strip("-.")
    return safe or "item"


@dataclass(frozen=True)
class Change:
    """One file the submission commits."""

    status: str  # A added, M modified, D deleted
    path: str  # relative to the bulletin root (as in diagnostics)
    git_path: str  # relative to the top of the git work tree
    item_id: str | None = None  # None: not an item (an image, say)
    title: str | None = None

    @property
    def label(self) -> str:
        verb = {"A": "Add", "D": "Remove"}.get(self.status, "Update")
        if self.item_id is None:
            return f"{verb} file: {self.path}"
        return f"{verb} item: {self.title or self.item_id}"


def commit_message(changes: Sequence[Change]) -> str:
    """``Add item: <title>`` / ``Update item: <title>``; for several, ``Add N items``
    and one line per file in the body."""
    if len(changes) == 1:
        return changes[0].label
    verbs = {c.status for c in changes}
    verb = "Add" if verbs == {"A"} else "Update" if verbs == {"M"} else \
        "Remove" if verbs == {"D"} else "Submit"
    noun = "items" if all(c.item_id is not None for c in changes) else "files"
    return f"{verb} {len(changes)} {noun}\n\n" + "\n".join(c.label for c in changes)


# --- preparing: every check, nothing changed -----------------------------------------


@dataclass
class Submission:
    """What :func:`submit` will commit and push, and what the check found."""

    root: Path
    top: Path
    base: str  # the commit the branch starts from (HEAD)
    current: str  # the writer's branch, or the commit when HEAD is detached
    tree: str  # the tree of the commit-to-be
    changes: list[Change]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is not Severity.ERROR]

    @property
    def message(self) -> str:
        return commit_message(self.changes)

    @property
    def item_ids(self) -> list[str]:
        ids = [c.item_id for c in self.changes if c.item_id is not None]
        return ids or [Path(c.path).stem for c in self.changes]


def prepare(root: Path, paths: Sequence[Path], cwd: Path | None = None) -> Submission:
    """Check that PATHS can be submitted from the repository at ``root``.

    Raises :class:`UsageError` when this is not a git repository, there is no
    remote ``origin``, a path is outside ``items/`` or has no changes, or other
    tracked files have changes in the way. Item errors are not raised: they are
    in :attr:`Submission.errors`, for the caller to print and refuse.
    """
    if not paths:
        raise UsageError("name the item files (or folders of items) to submit")
    git = Git.open(root)
    base = git.head_commit()
    if REMOTE not in git.remotes():
        raise UsageError(f"this repository has no remote '{REMOTE}' to send the item to; "
                         f"add the bulletin's repository on your forge with "
                         f"'git remote add {REMOTE} URL' and try again")
    root = root.resolve()
    prefix = root.relative_to(git.top).as_posix() if root != git.top else ""
    given = [_inside(root, path, cwd or Path.cwd()) for path in paths]
    to_git = [f"{prefix}/{rel}" if prefix else rel for rel in given]

    unrelated = [p for p in git.changed_tracked() if not any(_under(p, g) for g in to_git)]
    if unrelated:
        listing = "\n".join(f"  {p}" for p in unrelated)
        raise UsageError("other files have changes that are not part of this submission:\n"
                         f"{listing}\ncommit them or set them aside first "
                         "('git stash' keeps them until 'git stash pop'), then try again")

    tree, changed = git.tree_with(base, to_git)
    empty = [str(p) for p, g in zip(paths, to_git, strict=True)
             if not any(_under(path, g) for _, path in changed)]
    if empty:
        raise UsageError(f"nothing to submit in {', '.join(empty)}: no changes since the last "
                         "commit (was it submitted already?)")

    submitted = {path[len(prefix) + 1:] if prefix else path for _, path in changed}
    result = check_repository(root, only=submitted.__contains__)  # item rules: these only
    if not result.policy_ok:
        lines = [f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}"
                 for d in result.diagnostics]
        raise UsageError("bulletin.yml is invalid, so the items cannot be checked:\n"
                         + "\n".join(lines) + "\nrun 'bulletin check' for details")
    items = {i.path: i for i in result.repo.items_where(submitted.__contains__)} \
        if result.repo else {}
    changes = []
    for status, path in changed:
        rel = path[len(prefix) + 1:] if prefix else path
        item = items.get(rel)
        is_item = classify(rel) == "item"
        changes.append(Change(status, rel, path, Path(rel).stem if is_item else None,
                              item.title if item is not None else None))
    present = {c.path for c in changes if c.status != "D"}
    diagnostics = [d for d in result.diagnostics if d.path in present]
    return Submission(root, git.top, base, git.current_branch() or base, tree, changes,
                      diagnostics)


def _inside(root: Path, path: Path, cwd: Path) -> str:
    """``path`` (from the current folder, or else from the repository) relative to
    ``root``, refused unless it lies in ``items/``."""
    candidates = [path] if path.is_absolute() else [cwd / path, root / path]
    full = next((c for c in candidates if c.exists() or c.is_symlink()), None)
    if full is None:
        raise UsageError(f"{path}: no such file or folder")
    full = full.parent.resolve() / full.name if full.is_symlink() else full.resolve()
    try:
        rel = full.relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{path} is outside the bulletin repository {root}") from None
    if rel != ITEMS_DIR and not rel.startswith(ITEMS_DIR + "/"):
        raise UsageError(f"{path} is not an item: 'bulletin submit' sends items, which live "
                         f"under {ITEMS_DIR}/")
    return rel


def _under(path: str, given: str) -> bool:
    return path == given or path.startswith(given.rstrip("/") + "/")


# --- submitting ----------------------------------------------------------------------


@dataclass
class Outcome:
    """What :func:`submit` did."""

    branch: str
    commit: str
    pushed: bool
    push_error: str = ""
    remote_url: str = ""
    url: str | None = None  # where to open the pull request; None for a local remote


def submit(sub: Submission, forge: str | None = None) -> Outcome:
    """Commit the submission on a new branch and push it to ``origin``.

    The writer's branch, index and files are left as they are. When the push
    fails the branch stays, with its commit, for ``git push -u origin BRANCH``.
    """
    git = Git.open(sub.top)
    branch = branch_name(sub.item_ids, git.branches_taken())
    commit = git.commit_tree(sub.tree, sub.base, sub.message)
    git.create_branch(branch, commit)
    remote_url = git.remote_url()
    error = git.push(branch)
    url = pull_request_url(remote_url, branch, forge, git.remote_default_branch())
    return Outcome(branch, commit, not error, error, remote_url, url)


class Git:
    """The git commands ``submit`` needs, run in the top folder of the work tree."""

    def __init__(self, repo: Any) -> None:
        self.repo = repo
        self.top = Path(repo.working_tree_dir).resolve()

    @classmethod
    def open(cls, root: Path) -> Git:
        import git

        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise UsageError(f"{root} is not in a git repository, so there is nothing to "
                             "submit to; clone the bulletin's repository from your forge "
                             "and write the item there") from None
        if repo.bare or repo.working_tree_dir is None:
            raise UsageError(f"{root} is in a bare git repository; work in a clone")
        return cls(repo)

    def run(self, *args: str, env: dict[str, str] | None = None,
            timeout: float | None = None) -> tuple[int, str, str]:
        """``git ARGS``: (exit status, output, error output); pathspecs are literal."""
        status, out, err = self.repo.git.execute(
            ["git", *args], with_extended_output=True, with_exceptions=False,
            strip_newline_in_stdout=False, kill_after_timeout=timeout,
            env={"GIT_LITERAL_PATHSPECS": "1", **(env or {})})
        return int(status), str(out), str(err)

    def out(self, *args: str, env: dict[str, str] | None = None) -> str:
        """``git ARGS``'s output; a failure is a :class:`UsageError` with git's message."""
        status, out, err = self.run(*args, env=env)
        if status != 0:
            raise UsageError(f"git {args[0]} failed: {_first_lines(err)}")
        return out

    def head_commit(self) -> str:
        status, out, _ = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        if status != 0:
            raise UsageError("this repository has no commits yet; a submission starts from "
                             "the bulletin's history, so clone it from your forge")
        return out.strip()

    def current_branch(self) -> str | None:
        status, out, _ = self.run("symbolic-ref", "--quiet", "--short", "HEAD")
        return out.strip() if status == 0 else None

    def remotes(self) -> list[str]:
        return self.out("remote").split()

    def remote_url(self) -> str:
        return self.out("remote", "get-url", REMOTE).strip()

    def changed_tracked(self) -> list[str]:
        """Tracked files with staged or unstaged changes (both names of a rename)."""
        out = self.out("status", "--porcelain=v1", "-z", "--untracked-files=no",
                       "--ignore-submodules=none")
        fields = out.split("\0")
        paths: list[str] = []
        i = 0
        while i < len(fields):
            entry = fields[i]
            i += 1
            if len(entry) < 4:
                continue
            paths.append(entry[3:])
            if entry[0] in "RC" or entry[1] in "RC":  # the original name follows
                paths.append(fields[i])
                i += 1
        return paths

    def tree_with(self, base: str, paths: Sequence[str]) -> tuple[str, list[tuple[str, str]]]:
        """The tree of ``base`` with ``git add -- PATHS`` applied, and what changed
        ((status, path) in the order of PATHS), using a temporary index: the
        writer's own index and files are not touched."""
        with tempfile.TemporaryDirectory(prefix="bulletin-submit-") as tmp:
            env = {"GIT_INDEX_FILE": os.path.join(tmp, "index")}
            self.out("read-tree", base, env=env)
            status, _, err = self.run("add", "--", *paths, env=env)
            if status != 0:
                raise UsageError(f"git could not add {', '.join(paths)}: {_first_lines(err)}")
            tree = self.out("write-tree", env=env).strip()
            diff = self.out("diff", "--cached", "--name-status", "--no-renames", "-z", base,
                            "--", *paths, env=env)
        fields = diff.split("\0")
        found = dict(zip(fields[1::2], (s[:1] for s in fields[0::2]), strict=False))
        ordered: list[tuple[str, str]] = []
        for given in paths:
            for path in sorted(p for p in found if _under(p, given)):
                if all(path != p for _, p in ordered):
                    ordered.append((found[path], path))
        return tree, ordered

    def branches_taken(self) -> set[str]:
        """Branch names in use here, on the remote as last fetched, and on the
        remote now (when it can be asked)."""
        refs = self.out("for-each-ref", "--format=%(refname)", "refs/heads",
                        f"refs/remotes/{REMOTE}").split()
        taken = {r.removeprefix("refs/heads/") for r in refs if r.startswith("refs/heads/")}
        taken |= {r.removeprefix(f"refs/remotes/{REMOTE}/") for r in refs
                  if r.startswith("refs/remotes/")}
        status, push_url, _ = self.run("remote", "get-url", "--push", REMOTE)
        if status == 0:
            status, out, _ = self.run("ls-remote", "--heads", "--end-of-options",
                                      push_url.strip(),
                                      env={"GIT_TERMINAL_PROMPT": "0"},
                                      timeout=LS_REMOTE_TIMEOUT)
            if status == 0:
                taken |= {line.split("\t")[-1].removeprefix("refs/heads/")
                          for line in out.splitlines() if "\t" in line}
        return taken

    def commit_tree(self, tree: str, parent: str, message: str) -> str:
        status, out, err = self.run("commit-tree", tree, "-p", parent, "-m", message)
        if status != 0:
            if "identity" in err or "tell me who you are" in err:
                raise UsageError("git does not know who you are, so it cannot sign the "
                                 "commit; run 'git config --global user.name \"Your Name\"' "
                                 "and 'git config --global user.email you@example.org', "
                                 "then try again")
            raise UsageError(f"git could not commit: {_first_lines(err)}")
        return out.strip()

    def create_branch(self, branch: str, commit: str) -> None:
        self.out("branch", "--no-track", branch, commit)

    def push(self, branch: str) -> str:
        """Push ``branch`` to origin with upstream; git's error message, or ''."""
        status, _, err = self.run("push", "--set-upstream", REMOTE,
                                  f"refs/heads/{branch}:refs/heads/{branch}")
        return "" if status == 0 else (_first_lines(err, 5) or f"git push exited {status}")

    def remote_default_branch(self) -> str:
        """The remote's default branch as last fetched (origin/HEAD), else ``main``."""
        status, out, _ = self.run("symbolic-ref", "--quiet", f"refs/remotes/{REMOTE}/HEAD")
        name = out.strip().removeprefix(f"refs/remotes/{REMOTE}/")
        return name if status == 0 and name else "main"


def _first_lines(text: str, n: int = 3) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return "; ".join(lines[:n])
