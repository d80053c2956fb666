"""Progress of long work (issue 16): one line on standard error when it is a terminal,
redrawn a few times a second and cleared at the end; nothing when standard error is not
a terminal, with -q or TERM=dumb; standard output the same either way. The commands run
for real, with standard error on a pseudo-terminal (``pty.openpty``)."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bulletin.basics import reported
from bulletin.cli.progress import CLEAR, TerminalProgress, _Interleaved, line
from conftest import BulletinRepo, add_site_config

# --- the line ------------------------------------------------------------------------------


def test_the_line_says_count_share_rate_and_time_left() -> None:
    assert line("Reading files", 0, 1_000, 0.0) == "Reading files: 0/1,000 (0%)"
    assert line("Reading files", 250, 1_000, 2.0) == \
        "Reading files: 250/1,000 (25%), 125/s, 0:06 left"
    assert line("Reading files", 5, 1_000, 2.0) == "Reading files: 5/1,000 (0%)"  # too early
    assert line("Rendering pages", 3_000, 0, 2.0) == "Rendering pages... 3,000, 1,500/s"
    assert line("Comparing items", 0, 0, 0.0) == "Comparing items..."


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_at_most_five_redraws_a_second_but_every_new_stage_at_once() -> None:
    out, clock = io.StringIO(), Clock()
    progress = TerminalProgress(out, clock)
    for done in range(1, 1000):  # a thousand files within 0.1 s: one line
        clock.now += 0.0001
        progress("Reading files", done, 1000)
    assert out.getvalue() == CLEAR + "Reading files: 1/1,000 (0%)"
    progress("Reading files", 1000, 1000)  # its end is drawn however soon
    assert out.getvalue().endswith(CLEAR + "Reading files: 1,000/1,000 (100%)")
    progress("Comparing items", 0, 0)  # and so is a new stage
    assert out.getvalue().count(CLEAR) == 3
    assert out.getvalue().endswith(CLEAR + "Comparing items...")
    progress.clear()
    progress.clear()  # once gone, it is not cleared again
    assert out.getvalue().endswith("Comparing items..." + CLEAR)
    assert out.getvalue().count(CLEAR) == 4


def test_other_text_on_standard_error_clears_the_line_first() -> None:
    out = io.StringIO()
    progress = TerminalProgress(out, Clock())
    stderr = _Interleaved(out, progress)  # type: ignore[arg-type]
    progress("Writing pages", 1, 10)
    stderr.write("")  # click's probe: nothing happens
    stderr.write("WARNING - a log line\n")
    assert out.getvalue() == CLEAR + "Writing pages: 1/10 (10%)" + CLEAR + \
        "WARNING - a log line\n"


def test_reported_counts_what_is_done() -> None:
    heard: list[tuple[str, int, int]] = []
    assert list(reported(iter("abc"), "Letters", 3, lambda *a: heard.append(a))) == \
        ["a", "b", "c"]
    assert heard == [("Letters", 0, 3), ("Letters", 1, 3), ("Letters", 2, 3),
                     ("Letters", 3, 3)]
    heard.clear()
    assert list(reported([], "Nothing", 0, lambda *a: heard.append(a))) == []
    assert heard == []  # work that yields nothing says nothing


# --- the commands, on a pseudo-terminal ------------------------------------------------------


def _run(args: list[str], cwd: Path, stderr_tty: bool, **env: str) -> tuple[int, str, str]:
    """Run ``bulletin ARGS``; standard output always to a pipe, standard error to a
    pseudo-terminal or a pipe. Returns the exit code, stdout and stderr as read."""
    environment = {**os.environ, "TERM": "xterm", "COLUMNS": "200", **env}
    environment.pop("NO_COLOR", None)
    command = [sys.executable, "-m", "bulletin", *args]
    if not stderr_tty:
        done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True,
                              text=True, timeout=300, check=False)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:  # the terminal's buffer is small: read while the command runs
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        proc = subprocess.Popen(command, cwd=cwd, env=environment, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        stdout, _ = proc.communicate(timeout=300)
        reader.join(timeout=30)
    finally:
        os.close(master)
    return proc.returncode, stdout.decode(), b"".join(chunks).decode(errors="replace")


@pytest.fixture
def filled(bulletin_repo: BulletinRepo) -> BulletinRepo:
    for n in range(12):
        bulletin_repo.item(f"item-number-{n}", title=f"Reservoir {n} falls below its limit")
    bulletin_repo.git("add", ".")
    bulletin_repo.git("commit", "-q", "-m", "items")
    return bulletin_repo


def test_check_shows_progress_on_a_terminal_only(filled: BulletinRepo) -> None:
    args = ["check", "--no-cache", "--no-source"]
    code, out, err = _run(args, filled.root, stderr_tty=True)
    assert code in (0, 1)
    assert "Reading files: 12/12 (100%)" in err and "Comparing items..." in err
    assert err.endswith(CLEAR)  # the line is gone before the report is written
    assert "Reading files" not in out and CLEAR not in out
    piped = _run(args, filled.root, stderr_tty=False)
    assert piped[:2] == (code, out)  # the report is the same either way
    assert piped[2] == ""  # and nothing goes to a pipe
    for quiet in (["-q"], ["--quiet"]):
        assert _run([*args, *quiet], filled.root, stderr_tty=True) == (code, out, "")
    assert _run(args, filled.root, stderr_tty=True, TERM="dumb") == (code, out, "")


def test_score_shows_progress_on_a_terminal_only(filled: BulletinRepo) -> None:
    args = ["score", "--period", "2026-11", "--as-of", "2026-11-28", "--format", "json"]
    code, out, err = _run(args, filled.root, stderr_tty=True)
    assert code == 0
    assert "Reading files: 12/12 (100%)" in err and "Reading the history..." in err
    assert err.endswith(CLEAR)
    assert _run(args, filled.root, stderr_tty=False) == (code, out, "")
    assert _run([*args, "-q"], filled.root, stderr_tty=True) == (code, out, "")


def test_build_shows_progress_and_its_log_lines_start_on_a_line_of_their_own(
        filled: BulletinRepo, tmp_path: Path) -> None:
    add_site_config(filled)
    args = ["build", "--as-of", "2026-11-28T12:00:00", "--no-cache", "-d", str(tmp_path / "s")]
    code, out, err = _run(args, filled.root, stderr_tty=True)
    assert (code, out) == (0, "")
    for stage in ("Reading items...", "Rendering item pages: 12/12 (100%)",
                  "Rendering pages...", "Writing pages: ", "Indexing for search..."):
        assert stage in err
    # every log line is written where a line starts: the progress line is cleared first
    for log_line in [s for s in err.split("\n") if "INFO" in s or "WARNING" in s]:
        assert log_line.lstrip("\r").startswith((CLEAR, "INFO", "WARNING", "\x1b")), log_line
    assert "Site written to" in err
    quiet = _run([*args, "-q"], filled.root, stderr_tty=True)
    assert quiet[:2] == (0, "") and "Rendering" not in quiet[2] and CLEAR not in quiet[2]
    piped = _run(args, filled.root, stderr_tty=False)
    assert piped[:2] == (0, "") and "Rendering" not in piped[2] and CLEAR not in piped[2]


def test_the_command_line_starts_without_the_progress_module() -> None:
    """It is imported by the commands that show progress, when they run."""
    code = "import sys, bulletin.cli; print('bulletin.cli.progress' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout == "False\n"
