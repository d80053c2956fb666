"""Which pool items ``edition new --auto`` may propose: those committed on the current
history whose files pass the check (no error), read at the I/O edge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..check.engine import check_repository
from ..diagnostics import Severity
from ..errors import UsageError
from ..git.timeline import committed_items
from ..model import Repository


@dataclass
class Ready:
    """The repository as checked, the ids ``--auto`` may propose, and the ids it may not
    with the reason."""

    repo: Repository
    ids: set[str]
    left_out: dict[str, str] = field(default_factory=dict)


def ready_items(root: Path, today: dt.date) -> Ready:
    """Check the repository as of ``today`` and take the items on the history of HEAD
    with no error; a folder without git history has none to propose."""
    committed = committed_items(root)
    if committed is None:
        raise UsageError("--auto proposes items committed on the current branch, and this "
                         "folder has no git history yet: 'git init', commit, then try again "
                         "(or write the edition without --auto)")
    result = check_repository(root, today)
    if not result.policy_ok or result.repo is None:
        raise UsageError("bulletin.yml is invalid; run 'bulletin check' for details")
    failing = {d.path for d in result.diagnostics if d.severity is Severity.ERROR}
    ready = Ready(result.repo, set())
    for item in result.repo.items:
        if item.id not in committed:
            ready.left_out[item.id] = "not committed on this branch"
        elif item.path in failing:
            ready.left_out[item.id] = "has check errors"
        else:
            ready.ids.add(item.id)
    return ready
