#!/usr/bin/env python3
"""Print how long a full `bulletin check` takes, and how much memory it needs.

    python scripts/bench_check.py [--sizes 10000,100000] [--keep DIR]

Measures the demo repository (the root of this checkout) and one generated
repository per size (``scripts/make_corpus.py --items SIZE --seed 1``). Each
repository is checked twice, cold then warm, by
``python -m bulletin check --repo REPO --format json`` run as a subprocess.
Every check runs inside its own small wrapper process, so that the wrapper's
``getrusage(RUSAGE_CHILDREN)`` is the peak RSS of that one check alone.

The table shows items, wall seconds, items per second, CPU seconds, peak RSS
and the summary counts of the check's JSON report (files, errors, warnings),
so a reader can see that the check ran. A generated corpus should give 0
errors. Nothing is asserted: this prints figures.

Generated corpora go to a temporary directory that is removed at the end,
or to ``--keep DIR`` (as ``DIR/corpus-SIZE``), where they are reused by the
next run.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT / "scripts" / "make_corpus.py"

# Runs one check as a grandchild and reports its wall time and resource use:
# RUSAGE_CHILDREN of this fresh process covers exactly that one check.
WRAPPER = """\
import json, resource, subprocess, sys, time
cmd = [sys.executable, "-m", "bulletin", "check", "--repo", sys.argv[1], "--format", "json"]
start = time.perf_counter()
proc = subprocess.run(cmd, capture_output=True, text=True)
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "wall": wall, "maxrss": use.ru_maxrss,
                  "cpu": use.ru_utime + use.ru_stime, "stdout": proc.stdout,
                  "stderr": proc.stderr[-4000:]}))
"""


@dataclass
class Run:
    """The figures of one check."""

    label: str
    items: int
    run: str
    rc: int
    wall: float
    cpu: float
    rss_mb: float
    files: int | None
    errors: int | None
    warnings: int | None
    codes: dict[str, int]
    stderr: str


def count_items(repo: Path) -> int:
    return sum(1 for _ in (repo / "items").glob("*/*/*.md"))


def child_env() -> dict[str, str]:
    """The environment for the check: this checkout's package first on the path."""
    env = dict(os.environ)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


def run_check(repo: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", WRAPPER, str(repo)], capture_output=True,
                         text=True, cwd=ROOT, env=child_env(), check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench_check: the wrapper failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def measure(label: str, repo: Path, run: str) -> Run:
    raw = run_check(repo)
    maxrss = float(raw["maxrss"])  # KiB on Linux, bytes on macOS
    rss_mb = maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024
    files = errors = warnings = None
    codes: collections.Counter[str] = collections.Counter()
    try:
        report = json.loads(str(raw["stdout"]))
        summary = report["summary"]
        files, errors, warnings = summary["files"], summary["errors"], summary["warnings"]
        codes.update(d["code"] for d in report.get("diagnostics", []))
    except (ValueError, KeyError, TypeError):
        pass
    return Run(label, count_items(repo), run, int(raw["rc"]), float(raw["wall"]),
               float(raw["cpu"]), rss_mb, files, errors, warnings, dict(codes),
               str(raw["stderr"]))


def corpus(size: int, base: Path) -> tuple[Path, float | None]:
    """The generated repository of ``size`` items, made now unless ``base`` already has it."""
    repo = base / f"corpus-{size}"
    if (repo / "bulletin.yml").exists() and count_items(repo) == size:
        return repo, None
    start = time.perf_counter()
    cmd = [sys.executable, str(MAKE_CORPUS), str(repo), "--items", str(size), "--seed", "1"]
    if repo.exists():
        cmd.append("--force")
    subprocess.run(cmd, check=True)
    return repo, time.perf_counter() - start


def fmt(value: int | None) -> str:
    return "?" if value is None else str(value)


def print_table(runs: list[Run]) -> None:
    header = ("repository", "items", "run", "exit", "wall s", "items/s", "cpu s", "peak MB",
              "files", "errors", "warnings")
    rows = [header]
    for r in runs:
        rate = f"{r.items / r.wall:,.0f}" if r.wall > 0 else "-"
        rows.append((r.label, f"{r.items:,}", r.run, str(r.rc), f"{r.wall:.2f}", rate,
                     f"{r.cpu:.2f}", f"{r.rss_mb:.0f}", fmt(r.files), fmt(r.errors),
                     fmt(r.warnings)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for n, row in enumerate(rows):
        cells = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(
            zip(row, widths, strict=True))]
        print("  ".join(cells))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def print_notes(runs: list[Run]) -> None:
    for r in runs:
        if r.run != "cold":
            continue
        if r.codes:
            top = ", ".join(f"{c} x{n}" for c, n in sorted(r.codes.items(),
                                                          key=lambda kv: (-kv[1], kv[0]))[:8])
            print(f"{r.label}: diagnostics by code: {top}")
        if r.files is None:
            tail = r.stderr.strip().splitlines()[-5:]
            print(f"{r.label}: no JSON report (exit {r.rc}); stderr ends:")
            for line in tail:
                print(f"    {line}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench_check.py", formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__.split("\n\n", 1)[0] if __doc__ else None,
        epilog=__doc__.split("\n\n", 2)[2] if __doc__ else None)
    parser.add_argument("--sizes", default="10000", metavar="N,N,...",
                        help="comma-separated item counts of the generated corpora "
                             "(default 10000; e.g. 10000,100000)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep generated corpora in DIR/corpus-SIZE and reuse them next time")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes comma-separated whole numbers")
    if any(s < 1 for s in args.sizes):
        parser.error("--sizes must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    print(f"bulletin check benchmark: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{platform.system()} {platform.release()}")
    repos: list[tuple[str, Path]] = [("demo", ROOT)]
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            repo, seconds = corpus(size, base)
            made = f"generated in {seconds:.1f} s" if seconds is not None else "reused"
            print(f"corpus-{size}: {repo} ({made})")
            repos.append((f"corpus-{size}", repo))
        print()
        runs = [measure(label, repo, run) for label, repo in repos for run in ("cold", "warm")]
    print_table(runs)
    print()
    print_notes(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
