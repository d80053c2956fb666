#!/usr/bin/env python3
"""Run one command and report the peak memory of every process it starts.

    python scripts/procpeak.py [--cwd DIR] -- COMMAND [ARG ...]

Prints one JSON object on stdout: the command's exit code, wall and CPU seconds, its
stdout and the end of its stderr, and

* ``maxrss_kb``: ``getrusage(RUSAGE_CHILDREN)`` of this (fresh) process: the peak RSS
  of the largest single process of the run, exact (Linux counts every descendant
  that was waited for);
* ``tree_pss_kb``: the largest proportional set size of the whole process tree at one
  moment (shared pages counted once), sampled;
* ``processes``: every process seen in the tree, each ``{"pid", "role", "peak_kb"}``,
  where ``peak_kb`` is the kernel's own high-water mark of its RSS (``VmHWM``) as last
  read; the tree is read every 20 ms, so a process that lives shorter than that may be
  missing (the largest one never is: see ``maxrss_kb``), and a fork of the command
  seen only once (most often one about to run git) is left out.

Linux only for the per-process figures (it reads /proc); elsewhere ``processes`` is
empty. Used by bench_check.py and bench.py; only the standard library.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from typing import Any

PERIOD = 0.02


def children(pid: int) -> list[int]:
    """``pid`` and all its descendants now."""
    out = [pid]
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    out += children(int(child))
        except (OSError, ValueError):
            pass
    return out


def status(pid: int) -> dict[str, int]:
    """VmHWM and VmRSS of ``pid`` in KiB ({} once it is gone)."""
    found = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    found[line[:5]] = int(line.split()[1])
    except (OSError, ValueError):
        return {}
    return found


def pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return []


def role(pid: int, root: list[str] | None = None) -> str:
    """A short name for what ``pid`` runs: ``git diff``, ``pagefind``, ``python -m
    bulletin``, ``python worker`` (a multiprocessing child, or a fork of the ``root``
    command's process) and the like."""
    argv = cmdline(pid)
    if not argv:
        return "?"
    if root is not None and argv == root:
        return "python worker" if os.path.basename(argv[0]).startswith("python") \
            else f"{os.path.basename(argv[0])} (fork)"
    name = os.path.basename(argv[0])
    if name.startswith("python"):
        if "-c" in argv[1:-1] and argv[argv.index("-c") + 1].startswith(
                "from multiprocessing"):
            return "python worker"
        if "-m" in argv[1:-1]:
            return f"python -m {argv[argv.index('-m') + 1]}"
        if "-c" in argv[1:]:  # and what it was asked to do: "python -c … build"
            after = argv[argv.index("-c") + 2:][:1]
            return f"python -c … {after[0]}" if after else "python -c"
        return "python " + os.path.basename(argv[1]) if len(argv) > 1 else "python"
    if name == "git":
        sub = next((a for a in argv[1:] if not a.startswith("-") and "=" not in a), "")
        return f"git {sub}".strip()
    return name


def watch(pid: int, done: threading.Event, seen: dict[int, dict[str, Any]],
          tree_pss: list[int]) -> None:
    """Read the tree below ``pid`` every :data:`PERIOD` until ``done``."""
    rollup = os.path.exists("/proc/self/smaps_rollup")
    tick = 0
    top: list[str] | None = None
    young: dict[int, int] = {}
    while not done.is_set():
        pids = children(pid)
        for p in pids:
            now = status(p)
            if not now:
                continue
            if p == pid:
                top = cmdline(p) or top  # (the command runs once its fork has exec'd)
            mine = None if p == pid else top  # a fork of the command is its worker
            entry = seen.get(p)
            if entry is None:
                entry = seen[p] = {"pid": p, "role": role(p, mine), "peak_kb": 0,
                                   "samples": 0}
                young[p] = 0
            elif young.get(p, 0) < 10 or tick % 10 == 0:
                # a fork becomes what it runs (exec) a little later: look again
                entry["role"] = role(p, mine) if status(p) else entry["role"]
                young[p] = young.get(p, 0) + 1
            entry["samples"] += 1
            entry["peak_kb"] = max(entry["peak_kb"], now.get("VmHWM", now.get("VmRSS", 0)))
        if rollup and tick % 5 == 0:  # PSS costs more to read: every 100 ms
            tree_pss[0] = max(tree_pss[0], sum(pss(p) for p in pids))
        tick += 1
        done.wait(PERIOD)


def run(cmd: list[str], cwd: str | None = None) -> dict[str, Any]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    seen: dict[int, dict[str, Any]] = {}
    tree_pss = [0]
    done = threading.Event()
    watcher = None
    if os.path.isdir("/proc/self/task"):
        watcher = threading.Thread(target=watch, args=(proc.pid, done, seen, tree_pss),
                                   daemon=True)
        watcher.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    if watcher is not None:
        watcher.join()
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss = use.ru_maxrss // 1024 if sys.platform == "darwin" else use.ru_maxrss
    return {"rc": proc.returncode, "wall": wall, "cpu": use.ru_utime + use.ru_stime,
            "maxrss_kb": maxrss, "tree_pss_kb": tree_pss[0],
            "processes": [e for e in sorted(seen.values(), key=lambda e: e["pid"])
                          if not (e["role"] == "python worker" and e["samples"] < 2)],
            "stdout": stdout.decode("utf-8", "replace"),
            "stderr": stderr.decode("utf-8", "replace")[-6000:]}


def summary(processes: list[dict[str, Any]]) -> str:
    """``python -m bulletin 412 MB · python worker x2 380 MB · git diff 166 MB``: the
    peak of each role (the largest of its processes), largest first."""
    roles: dict[str, list[int]] = {}
    for p in processes:
        roles.setdefault(p["role"], []).append(p["peak_kb"])
    parts = sorted(roles.items(), key=lambda kv: -max(kv[1]))
    return " · ".join(f"{name}{f' x{len(kb)}' if len(kb) > 1 else ''} {max(kb) / 1024:.0f} MB"
                      for name, kb in parts)


def main(argv: list[str]) -> int:
    cwd = None
    if argv[:1] == ["--cwd"]:
        cwd, argv = argv[1], argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr if not argv else sys.stdout)
        return 2 if not argv else 0
    try:
        print(json.dumps(run(argv, cwd)))
    except OSError as exc:  # no such command, a folder that is not there
        print(f"procpeak: {argv[0]}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
