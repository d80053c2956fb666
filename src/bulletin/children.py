"""Child processes that die with their parent.

A cold check reads files in worker processes on every core, and a build renders
pages, compiles templates and indexes search in forked children. When the parent
is killed (``kill -9``, the out-of-memory killer, a cancelled CI job) none of them
may live on: they would wait for ever on a pipe nobody reads, holding memory and
a core. On Linux the kernel kills each of them when its parent dies
(``prctl(PR_SET_PDEATHSIG, SIGKILL)``); elsewhere a thread of the child watches
for the parent to go and then ends the child.
"""

from __future__ import annotations

import ctypes
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
POLL_S = 0.5
"""How often the portable fallback looks for its parent."""


@functools.cache
def _prctl() -> Callable[..., int] | None:
    """The C library's ``prctl``, looked up once (in the parent, before a fork)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl  # type: ignore[no-any-return,unused-ignore]
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int) -> None:
    """Make this process (a child of ``parent``) end when ``parent`` does.

    Call it first thing in the child, with the parent's pid taken before the fork:
    if the parent died in between, the child has already been handed to another
    process, and it leaves at once.
    """
    prctl = _prctl()
    if prctl is not None and prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
        if os.getppid() != parent:  # the parent died before the kernel was asked
            os._exit(1)
        return
    threading.Thread(target=_watch, args=(parent,), daemon=True,
                     name="bulletin-parent-watch").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_S)
    os._exit(1)


def fork() -> int:
    """``os.fork()``, the child set to die with its parent (see :func:`die_with_parent`)."""
    parent = os.getpid()
    _prctl()  # looked up here, so the child only calls it
    pid = os.fork()
    if pid == 0:
        die_with_parent(parent)
    return pid


def exec_hook() -> Callable[[], None] | None:
    """A ``preexec_fn`` for :mod:`subprocess` that makes the program die with this
    process (Linux; the setting outlives ``exec``), or None where it cannot: without
    ``prctl``, or with other threads running (``preexec_fn`` is then unsafe)."""
    prctl = _prctl()
    if prctl is None or threading.active_count() > 1:
        return None
    parent = os.getpid()

    def hook() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return hook
