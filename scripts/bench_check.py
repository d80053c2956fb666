#!/usr/bin/env python3
"""Print how long `bulletin check` takes, and how much memory it needs.

    python scripts/bench_check.py [--sizes 10000,100000] [--flat-sizes 100000]
                                  [--keep DIR] [--json FILE] [--reference DIR]

Measures the demo repository (the root of this checkout) and one generated
repository per size (``scripts/make_corpus.py --items SIZE --seed 1 --git``),
plus, per ``--flat-sizes`` (default: the largest of ``--sizes``), the same corpus
with every item in one folder (a clone of it with every item moved into ``items/``
by one commit: git keeps one tree of N entries, the shape in which a pull request's
check was reported to take 10 s at 100,000 items).
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
  item is restored;
* **pr-branch**: the same as CI checks a pull request: one item changed and
  committed on a branch of its own, ``check --changed-since BASE --author LOGIN``
  (a member of the item's unit), three times (the median is shown); then the
  repository goes back to its own branch and the branch is deleted.

bulletin is byte-compiled first, as pip does when it installs it: where
``PYTHONDONTWRITEBYTECODE`` is set, every run would otherwise compile it again.

Every check runs inside its own small wrapper process (``scripts/procpeak.py``), so
that the wrapper's ``getrusage(RUSAGE_CHILDREN)`` gives the largest RSS of any one
process of that check; the wrapper also reads the peak RSS (``VmHWM``) of every
process of the check (the check, its workers, the git commands it runs) every
20 ms, printed per kind of process below the table, and the proportional set size
(PSS) of the whole process tree. "peak MB" is the larger of the largest process and
the tree's PSS.

The table shows items, wall seconds, items per second, CPU seconds, peak
memory and the summary counts of the check's JSON report (files, errors,
warnings), so a reader can see that the check ran. A generated corpus should
give 0 errors. Nothing is asserted: this prints figures.

**Findings.** Each repository's findings are compared warm with cold (the cache
must give what a full read gives), and with ``--reference DIR`` with a reference
run's: the cold check's diagnostics are saved as ``DIR/LABEL.json`` when that file
is not there yet, and compared with it when it is. Run it once with the version to
compare against (``--src`` names its package folder, e.g. a checkout of main's
``src``) and then with this one: a speed-up must give identical findings.
Differences are counted and the first shown.

``--json FILE`` writes the figures of the generated corpora (not the demo)::

    {"machine": {...}, "check": [{"items": N, "layout": "folders" | "one folder",
     "cold_s": f, "cold_items_per_s": f, "cold_peak_mb": f, "warm_s": f,
     "warm_items_per_s": f, "warm_peak_mb": f, "pr_one_item_s": f, "pr_peak_mb": f,
     "cold_cpu_s": f, "warm_cpu_s": f, "pr_cpu_s": f, "pr_branch_s": f,
     "pr_branch_cpu_s": f, "pr_branch_peak_mb": f, "errors": int, "warnings": int,
     "findings": "identical" | "different" | "saved" | "no report",
     "processes": {"cold" | "warm" | "pr" | "pr-branch": {ROLE: {"count": n, "peak_mb": f}}}}]}

A corpus in one folder gives an S010 (file-location) error on every item, as it
should: its figures are for the time and memory, not the findings.

Generated corpora go to a temporary directory that is removed at the end,
or to ``--keep DIR`` (as ``DIR/corpus-SIZE`` and ``DIR/corpus-SIZE-flat``), where
they are reused by the next run.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_findings import compare_findings  # a sibling script

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT / "scripts" / "make_corpus.py"
CACHES = "BULLETIN_CACHE_DIR"  # set by main() to a folder of this run's own

# Runs one check as a grandchild, inside a fresh process of procpeak.py: its
# RUSAGE_CHILDREN covers exactly that one check, and it reads the peak RSS of every
# process of the check (the check, its workers, git) and the PSS of the whole tree.
PROCPEAK = ROOT / "scripts" / "procpeak.py"


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
    processes: list[dict[str, Any]] = field(default_factory=list)
    diagnostics: list[dict[str, Any]] | None = None
    """The check's findings (the JSON report's ``diagnostics``), None without a report."""

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb, self.tree_mb)


def item_files(repo: Path) -> list[Path]:
    """The items of a generated corpus, in ``items/<unit>/<YYYY>/`` or all in ``items/``."""
    return sorted((repo / "items").glob("*/*/*.md")) or sorted((repo / "items").glob("*.md"))


def count_items(repo: Path) -> int:
    return len(item_files(repo))


SOURCE = [ROOT / "src"]  # the bulletin measured: --src, else this checkout's


def child_env() -> dict[str, str]:
    """The environment for the check: the measured package first on the path."""
    env = dict(os.environ)
    src = str(SOURCE[0])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


def run_check(args: list[str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, str(PROCPEAK), "--", sys.executable, "-m",
                          "bulletin", "check", *args], capture_output=True,
                         text=True, cwd=ROOT, env=child_env(), check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench_check: the wrapper failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def measure(label: str, repo: Path, run: str, extra: list[str] | None = None) -> Run:
    raw = run_check(["--repo", str(repo), "--format", "json", *(extra or [])])
    rss_mb = float(raw["maxrss_kb"]) / 1024
    files = errors = warnings = None
    codes: collections.Counter[str] = collections.Counter()
    diagnostics = None
    try:
        report = json.loads(str(raw["stdout"]))
        summary = report["summary"]
        files, errors, warnings = summary["files"], summary["errors"], summary["warnings"]
        diagnostics = list(report.get("diagnostics", []))
        codes.update(d["code"] for d in diagnostics)
    except (ValueError, KeyError, TypeError):
        pass
    return Run(label, count_items(repo), run, int(raw["rc"]), float(raw["wall"]),
               float(raw["cpu"]), rss_mb, float(raw["tree_pss_kb"]) / 1024, files, errors,
               warnings, dict(codes), str(raw["stderr"]), list(raw["processes"]), diagnostics)


def is_git(repo: Path) -> bool:
    out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=repo,
                         capture_output=True, text=True, check=False)
    return out.returncode == 0 and Path(out.stdout.strip()).resolve() == repo.resolve()


PR_RUNS = 3


def pull_request(label: str, repo: Path) -> Run:
    """Check a one-item change on the warm cache (the median of :data:`PR_RUNS` runs, by
    wall time), then put the item back as it was."""
    items = item_files(repo)
    item = items[len(items) // 2]
    original = item.read_bytes()
    try:
        item.write_bytes(original.replace(b"\n\n", b"\n\nA sentence added in review.\n\n", 1))
        args = ["--changed-since", "HEAD"] if is_git(repo) else [str(item)]
        runs = sorted((measure(label, repo, "pr", args) for _ in range(PR_RUNS)),
                      key=lambda r: r.wall)
        return runs[len(runs) // 2]
    finally:
        item.write_bytes(original)


def pull_request_branch(label: str, repo: Path) -> Run | None:
    """A one-item pull request as CI checks it: the item changed and committed on a
    branch of its own, ``check --changed-since BASE --author LOGIN`` (the median of
    :data:`PR_RUNS` runs); then the repository is put back on its own branch."""
    if not is_git(repo):
        return None
    items = item_files(repo)
    item = items[len(items) // 2]
    git = ["git", "-C", str(repo)]
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    branch = subprocess.run([*git, "symbolic-ref", "-q", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    subprocess.run([*git, "checkout", "-q", "-B", "bench-pull-request"], check=True)
    try:
        item.write_bytes(item.read_bytes().replace(
            b"\n\n", b"\n\nA sentence added in review.\n\n", 1))
        subprocess.run([*git, "commit", "-q", "-m", "one item", "--", str(item)], check=True,
                       env=env)
        args = ["--changed-since", head, "--author", author_of(repo, item)]
        runs = sorted((measure(label, repo, "pr-branch", args) for _ in range(PR_RUNS)),
                      key=lambda r: r.wall)
        return runs[len(runs) // 2]
    finally:
        subprocess.run([*git, "checkout", "-q", "-f", branch or head], check=True)
        subprocess.run([*git, "branch", "-q", "-D", "bench-pull-request"], check=False)


def author_of(repo: Path, item: Path) -> str:
    """A member of the item's unit (from its front matter), or the first editor: someone
    the review rules let change it."""
    import yaml

    policy = yaml.safe_load((repo / "bulletin.yml").read_text(encoding="utf-8"))
    unit = next((line.split(":", 1)[1].strip() for line in
                 item.read_text(encoding="utf-8").splitlines() if line.startswith("unit:")), "")
    members = (policy.get("units", {}).get(unit) or {}).get("members") or []
    return str(members[0] if members else policy["editors"][0])


def compile_package() -> None:
    """Byte-compile bulletin, as pip does when it installs a package: with
    PYTHONDONTWRITEBYTECODE set, every run would otherwise compile its sources again."""
    subprocess.run([sys.executable, "-c", "import bulletin, compileall, os; "
                    "compileall.compile_dir(os.path.dirname(bulletin.__file__), quiet=1)"],
                   check=True, stdout=subprocess.DEVNULL, env=child_env())


def measure_all(label: str, repo: Path, pr: bool = True) -> list[Run]:
    shutil.rmtree(os.environ[CACHES], ignore_errors=True)
    runs = [measure(label, repo, "cold"), measure(label, repo, "warm")]
    if pr and (repo / "items").is_dir():
        runs.append(pull_request(label, repo))
        branch = pull_request_branch(label, repo)
        if branch is not None:
            runs.append(branch)
    return runs


def corpus(size: int, base: Path, flat: bool = False) -> tuple[Path, float | None]:
    """The generated repository of ``size`` items (all in ``items/`` when ``flat``), made
    now unless ``base`` already has it."""
    repo = base / f"corpus-{size}{'-flat' if flat else ''}"
    if (repo / "bulletin.yml").exists() and count_items(repo) == size:
        return repo, None
    start = time.perf_counter()
    if flat:  # the folder corpus, moved into one folder by one commit: generating the
        # flat history day by day rewrites a tree of N entries each day (hours at 100,000)
        tree, _ = corpus(size, base)
        if repo.exists():
            shutil.rmtree(repo)
        if flatten(tree, repo):
            return repo, time.perf_counter() - start
        shutil.rmtree(repo, ignore_errors=True)
    cmd = [sys.executable, str(MAKE_CORPUS), str(repo), "--items", str(size), "--seed", "1",
           "--git", *(["--flat"] if flat else [])]
    if repo.exists():
        cmd.append("--force")
    subprocess.run(cmd, check=True)
    return repo, time.perf_counter() - start


def flatten(tree: Path, repo: Path) -> bool:
    """Clone ``tree`` to ``repo`` and move every item into ``items/`` in one commit; false
    (nothing kept) when two items share a file name."""
    subprocess.run(["git", "clone", "-q", str(tree), str(repo)], check=True)
    items = repo / "items"
    files = [p for p in items.rglob("*.md") if p.parent != items]
    if len({p.name for p in files}) != len(files):
        return False
    for path in files:
        path.rename(items / path.name)
    for folder in sorted((p for p in items.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    subprocess.run(["git", "-C", str(repo), "add", "-A", "items"], check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", "every item in one folder"],
                   check=True, env=env)
    return True


def fmt(value: int | None) -> str:
    return "?" if value is None else str(value)


def print_table(runs: list[Run]) -> None:
    header = ("repository", "items", "run", "exit", "wall s", "items/s", "cpu s", "peak MB",
              "files", "errors", "warnings")
    rows = [header]
    for r in runs:
        rate = f"{r.items / r.wall:,.0f}" if r.wall > 0 and r.run in ("cold", "warm") else "-"
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


def peaks(processes: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """The peak RSS of each kind of process of a run: {role: {"count", "peak_mb"}}."""
    roles: dict[str, dict[str, float]] = {}
    for p in processes:
        entry = roles.setdefault(p["role"], {"count": 0, "peak_mb": 0.0})
        entry["count"] += 1
        entry["peak_mb"] = max(entry["peak_mb"], round(p["peak_kb"] / 1024, 1))
    return dict(sorted(roles.items(), key=lambda kv: -kv[1]["peak_mb"]))


def describe(processes: list[dict[str, Any]]) -> str:
    """``python -m bulletin 412 MB · python worker x2 380 MB · git diff 166 MB``."""
    return describe_kinds(peaks(processes))


def describe_kinds(kinds: dict[str, dict[str, float]]) -> str:
    """:func:`describe` of :func:`peaks`."""
    parts = []
    for role, entry in kinds.items():
        count = f" x{int(entry['count'])}" if entry["count"] > 1 else ""
        parts.append(f"{role}{count} {entry['peak_mb']:,.0f} MB")
    return " · ".join(parts) or "—"


def print_processes(runs: list[Run]) -> None:
    print("peak RSS of every process (each kind: how many, the largest; read every 20 ms):")
    for r in runs:
        print(f"  {r.label} {r.run}: {describe(r.processes)}")


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


def figures(size: int, runs: list[Run], flat: bool = False) -> dict[str, Any]:
    """One corpus's entry of the --json report."""
    by = {r.run: r for r in runs}
    cold, warm = by["cold"], by["warm"]
    pr, branch = by.get("pr"), by.get("pr-branch")
    return {"items": size, "layout": "one folder" if flat else "folders",
            "cold_s": round(cold.wall, 3), "cold_items_per_s": round(size / cold.wall, 1),
            "cold_peak_mb": round(cold.peak_mb, 1),
            "warm_s": round(warm.wall, 3), "warm_items_per_s": round(size / warm.wall, 1),
            "warm_peak_mb": round(warm.peak_mb, 1),
            "pr_one_item_s": round(pr.wall, 3) if pr else None,
            "pr_peak_mb": round(pr.peak_mb, 1) if pr else None,
            "cold_cpu_s": round(cold.cpu, 3), "warm_cpu_s": round(warm.cpu, 3),
            "pr_cpu_s": round(pr.cpu, 3) if pr else None,
            "pr_branch_s": round(branch.wall, 3) if branch else None,
            "pr_branch_cpu_s": round(branch.cpu, 3) if branch else None,
            "pr_branch_peak_mb": round(branch.peak_mb, 1) if branch else None,
            "errors": cold.errors if cold.errors is not None else -1,
            "warnings": cold.warnings if cold.warnings is not None else -1,
            "processes": {r.run: peaks(r.processes) for r in runs}}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench_check.py", formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__.split("\n\n", 1)[0] if __doc__ else None,
        epilog=__doc__.split("\n\n", 2)[2] if __doc__ else None)
    parser.add_argument("--sizes", default="10000", metavar="N,N,...",
                        help="comma-separated item counts of the generated corpora "
                             "(default 10000; e.g. 10000,100000)")
    parser.add_argument("--flat-sizes", metavar="N,N,...",
                        help="item counts of corpora with every item in one folder "
                             "(make_corpus.py --flat), checked the same three ways "
                             "(default: the largest of --sizes; '' for none)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep generated corpora in DIR/corpus-SIZE and reuse them next time")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write the generated corpora's figures to FILE as JSON")
    parser.add_argument("--reference", type=Path, metavar="DIR",
                        help="compare each repository's cold findings with DIR/LABEL.json, "
                             "or save them there when it is not yet (run once with the "
                             "version to compare against, e.g. --src main/src, then with "
                             "this one)")
    parser.add_argument("--src", type=Path, metavar="DIR",
                        help="measure the bulletin package in DIR (a src folder, e.g. main's) "
                             "instead of this checkout's")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        args.flat_sizes = [int(s) for s in args.flat_sizes.split(",") if s.strip()] \
            if args.flat_sizes is not None else [max(args.sizes)] if args.sizes else []
    except ValueError:
        parser.error("--sizes and --flat-sizes take comma-separated whole numbers")
    if any(s < 1 for s in args.sizes + args.flat_sizes):
        parser.error("--sizes and --flat-sizes must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.src is not None:
        SOURCE[0] = args.src.resolve()
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
        repos: list[tuple[str, int | None, Path, bool]] = [("demo", None, ROOT, False)]
        for size, flat in [(n, False) for n in args.sizes] + [(n, True) for n in
                                                               args.flat_sizes]:
            repo, seconds = corpus(size, base, flat)
            made = f"generated in {seconds:.1f} s" if seconds is not None else "reused"
            print(f"{repo.name}: {repo} ({made})")
            repos.append((repo.name, size, repo, flat))
        print()
        for label, size, repo, flat in repos:
            if label == "demo":  # the checkout's files are left as they are: no pull request
                done = measure_all(label, repo, pr=False)
            else:
                done = measure_all(label, repo)
                report.append(figures(size or 0, done, flat))
            runs += done
    print_table(runs)
    print()
    print_processes(runs)
    print()
    print_notes(runs)
    print()
    verdicts = compare_findings(runs, args.reference)
    for entry, (label, *_rest) in zip(report, [r for r in repos if r[0] != "demo"],
                                      strict=True):
        entry["findings"] = verdicts.get(label, "no report")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "check": report}, indent=2)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
