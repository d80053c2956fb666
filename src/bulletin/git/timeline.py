"""When each item reached the repository, and when it was merged into main.

Two passes over the history of HEAD, each one ``git log`` streamed through
GitPython, whatever the number of items:

* **arrived** — the author time of the first commit, on any branch that main
  has merged, that added a file named ``<id>.md`` under ``items/``: when the
  writer filed it (a rename or a move to another unit is not a new arrival);
* **merged** — the commit time of the first commit on main's first-parent
  line whose change (against its first parent) adds that file: the merge of
  the pull request, or the commit itself when it went straight to main.

Items the history does not hold (not committed yet) are absent from both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import UsageError

RECORD = "\x1e"
FIELD = "\x1f"


@dataclass
class Timeline:
    """Arrival and merge times of items, by id (aware date-times, UTC)."""

    arrived: dict[str, dt.datetime] = field(default_factory=dict)
    merged: dict[str, dt.datetime] = field(default_factory=dict)
    ref: str = "HEAD"
    has_history: bool = True


def read_timeline(root: Path, ref: str = "HEAD") -> Timeline:
    """The timeline of ``ref`` in the git repository holding ``root``.

    A folder outside any git repository (or one with no commit yet) gives an
    empty timeline with ``has_history`` false; an unknown ``ref`` is a usage error.
    """
    import git

    from .history import check_ref

    check_ref(ref, "--ref")
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return Timeline(ref=ref, has_history=False)
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = Path(root).resolve().relative_to(top).as_posix()
    items = "items" if prefix in ("", ".") else f"{prefix}/items"
    try:
        repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except git.GitCommandError:
        if ref == "HEAD":
            return Timeline(ref=ref, has_history=False)
        raise UsageError(f"unknown git revision '{ref}'") from None
    timeline = Timeline(ref=ref)
    base = ["-c", "core.quotepath=off", "log", "--no-renames", "--diff-filter=A",
            f"--format={RECORD}%at{FIELD}%ct", "--name-only"]
    for stamp, _, ids in _entries(repo.git.execute([
            "git", *base, "--end-of-options", ref, "--", items])):
        for item_id in ids:
            _keep_earliest(timeline.arrived, item_id, stamp)
    for _, stamp, ids in _entries(repo.git.execute([
            "git", *base, "--first-parent", "--diff-merges=first-parent", "--end-of-options", ref,
            "--", items])):
        for item_id in ids:
            _keep_earliest(timeline.merged, item_id, stamp)
    return timeline


def _entries(log: str) -> list[tuple[dt.datetime, dt.datetime, list[str]]]:
    out = []
    for record in log.split(RECORD)[1:]:
        head, _, names = record.partition("\n")
        author, _, committer = head.partition(FIELD)
        ids = [PurePosixPath(n).stem for n in names.split("\n") if n.endswith(".md")]
        out.append((_utc(author), _utc(committer), ids))
    return out


def _utc(stamp: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(stamp.strip()), dt.UTC)


def _keep_earliest(table: dict[str, dt.datetime], key: str, when: dt.datetime) -> None:
    if key not in table or when < table[key]:
        table[key] = when


def committed_items(root: Path, ref: str = "HEAD") -> set[str] | None:
    """The ids of the items ``ref``'s tree holds (committed on the current history), or
    None when the folder has no git history (outside a repository, or no commit yet)."""
    import git

    from .history import check_ref

    check_ref(ref, "--ref")
    try:
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir or root).resolve()
        prefix = Path(root).resolve().relative_to(top).as_posix()
        items = "items" if prefix in ("", ".") else f"{prefix}/items"
        names = repo.git.execute(["git", "-c", "core.quotepath=off", "ls-tree", "-r", "-z",
                                  "--name-only", "--end-of-options", ref, "--", items])
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError):
        return None
    return {PurePosixPath(n).stem for n in str(names).split("\0") if n.endswith(".md")}
