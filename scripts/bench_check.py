#!/usr/bin/env python3
"""Print how long `bulletin check` takes, and how much memory it needs.

    python scripts/bench_check.py [--sizes 10000,100000] [--keep DIR] [--json FILE]

Measures the demo repository (the root of this checkout) and one generated
repository per size (``scripts/make_corpus.py --items SIZE --seed 1 --git``).
Each repository is checked three ways, each by ``python -m bulletin check``
in a fresh process:

* **cold**: with the cache removed first, so every file is read, parsed and
  judged (on every core); the caches go to a folder of the benchmark's own
  (``BULLETIN_CACHE_DIR``), never to the user's ``~/.cache/bulletin``;
* **warm**: again, with every file unchanged;
* **pr**: a one-item pull request on the warm cache: one item's text is
  changed in the working tree and ``check --changed-since HEAD`` judges it
  against the whole repository (``check PATH`` on that item when the
  repository is not under git), three times (the median is shown); then the
  item is restored.

bulletin is byte-compiled first, as pip does when it installs it: where
``PYTHONDONTWRITEBYTECODE`` is set, every run would otherwise compile it again.

Every check runs inside its own small wrapper process, so that the wrapper's
``getrusage(RUSAGE_CHILDREN)`` gives the largest RSS of any one process of that
check; the wrapper also samples the proportional set size (PSS) of the whole
process tree (the check and its worker processes) every 250 ms. "peak MB" is the
larger of the two.

The table shows items, wall seconds, items per second, CPU seconds, peak
memory and the summary counts of the check's JSON report (files, errors,
warnings), so a reader can see that the check ran. A generated corpus should
give 0 errors. Nothing is asserted: this prints figures.

``--json FILE`` writes the figures of the generated corpora (not the demo)::

    {"machine": {...}, "check": [{"items": N, "cold_s": f, "cold_items_per_s": f,
     "cold_peak_mb": f, "warm_s": f, "warm_items_per_s": f, "warm_peak_mb": f,
     "pr_one_item_s": f, "pr_peak_mb": f, "errors": int, "warnings": int}]}

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
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT / "scripts" / "make_corpus.py"
CACHES = "BULLETIN_CACHE_DIR"  # set by main() to a folder of this run's own

# Runs one check as a grandchild and reports its wall time and resource use:
# RUSAGE_CHILDREN of this fresh process covers exactly that one check, and a
# thread adds up the PSS of the check's process tree while it runs.
WRAPPER = """\
import json, os, resource, subprocess, sys, threading, time

def tree(pid):
    out = [pid]
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    out += tree(int(child))
        except OSError:
            pass
    return out

def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

cmd = [sys.executable, "-m", "bulletin", "check", *sys.argv[1:]]
start = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
peak = [0]
def sample():
    while proc.poll() is None:
        try:
            peak[0] = max(peak[0], sum(pss(p) for p in tree(proc.pid)))
        except OSError:
            pass
        time.sleep(0.25)
if os.path.exists("/proc/self/smaps_rollup"):
    threading.Thread(target=sample, daemon=True).start()
stdout, stderr = proc.communicate()
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "wall": wall, "maxrss": use.ru_maxrss,
                  "tree_kb": peak[0], "cpu": use.ru_utime + use.ru_stime,
                  "stdout": stdout, "stderr": stderr[-4000:]}))
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
    tree_mb: float
    files: int | None
    errors: int | None
    warnings: int | None
    codes: dict[str, int]
    stderr: str

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb, self.tree_mb)


def count_items(repo: Path) -> int:
    return sum(1 for _ in (repo / "items").glob("*/*/*.md"))


def child_env() -> dict[str, str]:
    """The environment for the check: this checkout's package first on the path."""
    env = dict(os.environ)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


def run_check(args: list[str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", WRAPPER, *args], capture_output=True,
                         text=True, cwd=ROOT, env=child_env(), check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench_check: the wrapper failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def measure(label: str, repo: Path, run: str, extra: list[str] | None = None) -> Run:
    raw = run_check(["--repo", str(repo), "--format", "json", *(extra or [])])
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
               float(raw["cpu"]), rss_mb, float(raw["tree_kb"]) / 1024, files, errors,
               warnings, dict(codes), str(raw["stderr"]))


def is_git(repo: Path) -> bool:
    out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=repo,
                         capture_output=True, text=True, check=False)
    return out.returncode == 0 and Path(out.stdout.strip()).resolve() == repo.resolve()


PR_RUNS = 3


def pull_request(label: str, repo: Path) -> Run:
    """Check a one-item change on the warm cache (the median of :data:`PR_RUNS` runs, by
    wall time), then put the item back as it was."""
    item = sorted((repo / "items").glob("*/*/*.md"))[len(list((repo / "items").glob(
        "*/*/*.md"))) // 2]
    original = item.read_bytes()
    try:
        item.write_bytes(original.replace(b"\n\n", b"\n\nA sentence added in review.\n\n", 1))
        args = ["--changed-since", "HEAD"] if is_git(repo) else [str(item)]
        runs = sorted((measure(label, repo, "pr", args) for _ in range(PR_RUNS)),
                      key=lambda r: r.wall)
        return runs[len(runs) // 2]
    finally:
        item.write_bytes(original)


def compile_package() -> None:
    """Byte-compile bulletin, as pip does when it installs a package: with
    PYTHONDONTWRITEBYTECODE set, every run would otherwise compile its sources again."""
    subprocess.run([sys.executable, "-c", "import bulletin, compileall, os; "
                    "compileall.compile_dir(os.path.dirname(bulletin.__file__), quiet=1)"],
                   check=True, stdout=subprocess.DEVNULL)


def measure_all(label: str, repo: Path, pr: bool = True) -> list[Run]:
    shutil.rmtree(os.environ[CACHES], ignore_errors=True)
    runs = [measure(label, repo, "cold"), measure(label, repo, "warm")]
    if pr and (repo / "items").is_dir():
        runs.append(pull_request(label, repo))
    return runs


def corpus(size: int, base: Path) -> tuple[Path, float | None]:
    """The generated repository of ``size`` items, made now unless ``base`` already has it."""
    repo = base / f"corpus-{size}"
    if (repo / "bulletin.yml").exists() and count_items(repo) == size:
        return repo, None
    start = time.perf_counter()
    cmd = [sys.executable, str(MAKE_CORPUS), str(repo), "--items", str(size), "--seed", "1",
           "--git"]
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
        rate = f"{r.items / r.wall:,.0f}" if r.wall > 0 and r.run != "pr" else "-"
        rows.append((r.label, f"{r.items:,}", r.run, str(r.rc), f"{r.wall:.2f}", rate,
                     f"{r.cpu:.2f}", f"{r.peak_mb:.0f}", fmt(r.files), fmt(r.errors),
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
        if r.run == "cold" and r.codes:
            top = ", ".join(f"{c} x{n}" for c, n in sorted(r.codes.items(),
                                                          key=lambda kv: (-kv[1], kv[0]))[:8])
            print(f"{r.label}: diagnostics by code: {top}")
        if r.files is None:
            tail = r.stderr.strip().splitlines()[-5:]
            print(f"{r.label} ({r.run}): no JSON report (exit {r.rc}); stderr ends:")
            for line in tail:
                print(f"    {line}")


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "system": f"{platform.system()} {platform.release()}",
            "machine": platform.machine()}


def figures(size: int, runs: list[Run]) -> dict[str, Any]:
    """One corpus's entry of the --json report."""
    by = {r.run: r for r in runs}
    cold, warm = by["cold"], by["warm"]
    pr = by.get("pr")
    return {"items": size,
            "cold_s": round(cold.wall, 3), "cold_items_per_s": round(size / cold.wall, 1),
            "cold_peak_mb": round(cold.peak_mb, 1),
            "warm_s": round(warm.wall, 3), "warm_items_per_s": round(size / warm.wall, 1),
            "warm_peak_mb": round(warm.peak_mb, 1),
            "pr_one_item_s": round(pr.wall, 3) if pr else None,
            "pr_peak_mb": round(pr.peak_mb, 1) if pr else None,
            "errors": cold.errors if cold.errors is not None else -1,
            "warnings": cold.warnings if cold.warnings is not None else -1}


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
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write the generated corpora's figures to FILE as JSON")
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
    compile_package()
    print(f"bulletin check benchmark: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{platform.system()} {platform.release()}")
    runs: list[Run] = []
    report: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        os.environ[CACHES] = str(Path(tmp) / "caches")
        repos: list[tuple[str, int | None, Path]] = [("demo", None, ROOT)]
        for size in args.sizes:
            repo, seconds = corpus(size, base)
            made = f"generated in {seconds:.1f} s" if seconds is not None else "reused"
            print(f"corpus-{size}: {repo} ({made})")
            repos.append((f"corpus-{size}", size, repo))
        print()
        for label, size, repo in repos:
            if label == "demo":  # the checkout's files are left as they are: no pull request
                done = measure_all(label, repo, pr=False)
            else:
                done = measure_all(label, repo)
                report.append(figures(size or 0, done))
            runs += done
    print_table(runs)
    print()
    print_notes(runs)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "check": report}, indent=2)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
