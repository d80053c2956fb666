"""``bulletin score``: gather what the assessment reads, at the I/O edge.

The repository and the check's diagnostics come from one ``check_repository``
run, the timeline from git, the ledger from ``assessment/ledger.yml``; then
:func:`bulletin.assess.scoreboard.assess` does the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..basics import Progress
from ..check.engine import check_repository
from ..diagnostics import Severity
from ..errors import UsageError
from ..git.timeline import read_timeline
from ..load.ledger import LEDGER_FILE, ledger_conflicts, load_ledger
from ..load.walk import EDITIONS_DIR
from .period import Period, period_of
from .scoreboard import Inputs, Scoreboard, assess

HISTORY = "Reading the history"  # the progress of reading git's history


def gather(root: Path, ref: str = "HEAD", today: dt.date | None = None,
           progress: Progress | None = None) -> Inputs:
    """Everything the assessment of the repository at ``root`` needs; ``progress``
    hears how far it is (the check's files, then git's history)."""
    result = check_repository(root, today, progress=progress)
    if not result.policy_ok or result.repo is None:
        problems = [f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}"
                    for d in result.diagnostics if d.severity is Severity.ERROR]
        raise UsageError("bulletin.yml is invalid:\n" + "\n".join(problems))
    repo = result.repo
    ledger, findings = load_ledger(root, repo.policy)
    findings += ledger_conflicts(ledger, repo.items_by_id())
    if findings:
        lines = [f"{f.path or LEDGER_FILE}:{f.line}:{f.column}: {f.code} {f.message}"
                 for f in findings]
        raise UsageError(f"{LEDGER_FILE} has problems; fix them before scoring:\n"
                         + "\n".join(lines))
    if progress is not None:
        progress(HISTORY, 0, 0)
    return Inputs(repo, read_timeline(root, ref), ledger, result.diagnostics)


def default_period(inputs: Inputs, today: dt.date | None = None) -> Period:
    """The rule book's period (month, quarter or year) holding today."""
    policy = inputs.repo.policy
    today = today or dt.datetime.now(policy.tz).date()
    return period_of(policy.assessment.period, today)


def score_repository(root: Path, period: Period | None, ref: str = "HEAD",
                     today: dt.date | None = None,
                     progress: Progress | None = None) -> Scoreboard:
    inputs = gather(root, ref, today, progress)
    today = today or dt.datetime.now(inputs.repo.policy.tz).date()
    board = assess(inputs, period or default_period(inputs, today), today)
    broken = sorted({d.path for d in inputs.diagnostics if d.severity is Severity.ERROR
                     and d.path.startswith(EDITIONS_DIR + "/")})
    if broken:
        board.notes.append(f"bulletin check finds errors in {len(broken)} edition or "
                           f"response file(s) ({', '.join(broken[:3])}"
                           f"{' …' if len(broken) > 3 else ''}): what they record may be "
                           "scored wrongly or not at all until they are fixed")
    return board
