"""Issue 16, finding 12: the processes a check or a build starts die with it.

A cold check of a few thousand items reads them in worker processes on every
core; ``kill -9`` of the check must not leave them behind (they used to wait for
ever on a pipe nobody read). The same for a child forked by the build
(:func:`bulletin.children.fork`) and for a program it runs (Pagefind). Real
processes, real signals; the waits are bounded polls of /proc.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bulletin import children

ROOT = Path(__file__).resolve().parent.parent
linux = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


def _children_of(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.update(int(p) for p in handle.read().split())
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _poll(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _env() -> dict[str, str]:
    src = str(ROOT / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


@linux
def test_kill_9_of_a_cold_check_leaves_no_worker(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_corpus.py"), "--items", "3000",
                    str(corpus)], check=True, capture_output=True, env=_env())
    check = subprocess.Popen([sys.executable, "-m", "bulletin", "check", "--repo", str(corpus),
                              "--format", "json", "--output", str(tmp_path / "out.json")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(),
                             start_new_session=True)
    try:
        workers: set[int] = set()

        def started() -> bool:
            workers.update(_children_of(check.pid))
            return len(workers) >= 2 or check.poll() is not None

        assert _poll(started, 120), "the check started no worker processes"
        assert check.poll() is None, "the check ended before it could be killed"
        assert workers
        os.kill(check.pid, signal.SIGKILL)
        check.wait(30)
        survivors = lambda: {w for w in workers if _alive(w)}  # noqa: E731
        assert _poll(lambda: not survivors(), 10), f"workers outlived the check: {survivors()}"
    finally:
        if check.poll() is None:
            os.killpg(check.pid, signal.SIGKILL)
            check.wait()


# A parent that forks a child with bulletin.children.fork (as the build does) and a
# program with bulletin.children.exec_hook (as the build runs Pagefind), prints both
# pids, then sleeps until it is killed.
PARENT = """
import os, subprocess, sys, time
from bulletin import children
pid = children.fork()
if pid == 0:
    while True:
        time.sleep(1)
program = subprocess.Popen(["sleep", "600"], preexec_fn=children.exec_hook())
print(pid, program.pid, flush=True)
time.sleep(600)
"""


@linux
def test_forked_children_and_programs_die_with_the_build() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True,
                              env=_env(), start_new_session=True)
    try:
        assert parent.stdout is not None
        child, program = map(int, parent.stdout.readline().split())
        assert _alive(child) and _alive(program)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(30)
        assert _poll(lambda: not _alive(child) and not _alive(program), 10), \
            "a forked child or its program outlived the parent"
    finally:
        if parent.poll() is None:
            os.killpg(parent.pid, signal.SIGKILL)
            parent.wait()


def test_a_child_whose_parent_is_already_gone_leaves_at_once() -> None:
    # the parent died between fork and die_with_parent: the child must not stay
    pid = os.fork()
    if pid == 0:
        try:
            children.die_with_parent(parent=os.getppid() + 1_000_000)  # not our parent
        finally:
            os._exit(0)  # reached only if die_with_parent did not end the process
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1


def test_no_exec_hook_while_other_threads_run() -> None:
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert children.exec_hook() is None  # preexec_fn is unsafe with threads
    finally:
        stop.set()
        thread.join()
