#!/usr/bin/env python3
"""One table of what bulletin costs on this machine: check, build, rebuild, search.

    python scripts/bench.py [--sizes 1000,10000] [--check-sizes 10000,100000]
                            [--plain-sizes 1000,2000] [--keep DIR] [--skip-check]
                            [--skip-plain] [--json FILE]

* **check** — ``scripts/bench_check.py --sizes ... --json FILE``: items per
  second of a full check, cold and warm, and of a one-item pull-request check,
  with the CPU seconds and peak memory of each; the pull request twice: one item
  changed in the working tree (``--changed-since HEAD``) and one item committed on a
  branch (``--changed-since BASE --author LOGIN``, as CI runs it). At the largest size
  also the same corpus with every item in one folder (the folder corpus moved into
  ``items/`` by one commit), where a pull request's check must stay as fast.
* **build** — for each of ``--sizes`` a corpus (``make_corpus.py --seed 1 --git``, the
  check's own when both run at that size)
  built by ``bulletin build`` in a fresh process: clean (no cache, no site),
  then again with nothing changed, and at the largest size once more after one
  new edition. Time, items per second, site size, median page HTML, the bytes
  a first search fetches, and the peak RSS of the build and of Pagefind.
  ``--sizes 1000,10000,100000`` adds the 100,000-item build (about 6 minutes and,
  before issue 19's work on memory, 5.5 GB).

Every process is watched by ``scripts/procpeak.py``: below each table, the peak
RSS of every kind of process of each run (the check and its workers, git, the
build, MkDocs, Pagefind). Rows marked "issue 19" are the figures issue 19 reported
before the work on scale for small runners, for comparison.
* **plain** — the same items built by plain MkDocs + Material (every item a
  Markdown page, the default navigation, Material's own search) at
  ``--plain-sizes``; at the largest of ``--sizes`` it is not run (its cost
  grows as N²) but extrapolated from the two largest points measured, and
  ratios are printed where both ran.

Progress goes to stderr, the table to stdout. Nothing is asserted. Corpora go
to ``--keep DIR`` (reused by the next run) or a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_check  # noqa: E402  (a sibling script)
import bench_site  # noqa: E402

AS_OF = "2026-11-28T12:00:00+08:00"  # the corpus ends on 2026-11-27
RUN = """\
import resource, sys, time
start = time.perf_counter()
code = 0
try:
    if sys.argv[1] == "mkdocs":
        from mkdocs.__main__ import cli
        cli(sys.argv[2:])
    else:
        from bulletin.cli import main
        main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code or 0
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stderr.write("BENCH %d %d %f\\n" % (own, kids, time.perf_counter() - start))
sys.exit(code)
"""
PLAIN_MKDOCS = """\
site_name: Plain Material bulletin
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
plugins:
  - search
"""


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    cpu, memory = "", 0
    with contextlib.suppress(OSError):
        cpu = next((line.split(":", 1)[1].strip() for line in
                    Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    with contextlib.suppress(OSError, ValueError, IndexError):
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_mb": memory,
            "python": platform.python_version(), "system": platform.platform(),
            "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


def run(args: list[str], cwd: Path | None = None) -> dict[str, Any]:
    """Run bulletin (or ``mkdocs``) in a fresh process, watched by ``procpeak.py``: wall
    seconds, its own peak RSS and its largest child's in MB, and the peak RSS of every
    process it started (``processes``: {role: {"count", "peak_mb"}})."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BULLETIN_AS_OF=AS_OF)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, str(HERE / "procpeak.py"), "--", sys.executable,
                          "-c", RUN, *args], capture_output=True, text=True, env=env, cwd=cwd)
    watched = json.loads(out.stdout) if out.returncode == 0 else {}
    wall = float(watched.get("wall", time.perf_counter() - start))
    stderr = str(watched.get("stderr", out.stderr))
    line = next((x for x in stderr.splitlines() if x.startswith("BENCH ")), None)
    if watched.get("rc") != 0 or line is None:
        sys.exit(f"failed: {' '.join(args)}\n{stderr[-3000:]}")
    _, own, kids, _inner = line.split()
    return {"s": wall, "peak_mb": int(own) / 1024, "child_peak_mb": int(kids) / 1024,
            "processes": bench_check.peaks(watched.get("processes", []))}


# --- check ----------------------------------------------------------------------------


def check(sizes: str, folder: Path) -> dict[str, Any] | None:
    report = folder / "check.json"
    progress(f"check at {sizes} items (scripts/bench_check.py)")
    out = subprocess.run([sys.executable, str(HERE / "bench_check.py"), "--sizes", sizes,
                          "--keep", str(folder), "--json", str(report)],
                         capture_output=True, text=True)
    if out.returncode != 0 or not report.is_file():
        progress(f"bench_check.py failed: {out.stderr.strip()[-500:]}")
        return None
    data: dict[str, Any] = json.loads(report.read_text())
    return data


# --- our build ------------------------------------------------------------------------


def site_figures(site: Path) -> dict[str, float]:
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    sizes = [p.stat().st_size for p in pages]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"pages": len(pages), "items_shown": len(list((site / "items").glob("*/index.html"))),
            "site_mb": total / 2**20, "page_kb": statistics.median(sizes) / 1024,
            "search_kb": first_search(site) / 1024}


def first_search(site: Path) -> int:
    """As bench_site.py counts it (Pagefind's files and one year of edition labels)."""
    return bench_site.first_search_bytes(site)


def build(repo: Path, label: str) -> dict[str, Any]:
    progress(f"{label}: bulletin build {repo.name}")
    figures = run(["build", "-q", "--repo", str(repo)])
    result: dict[str, Any] = {"run": label, **figures, **site_figures(repo / "site")}
    result["items"] = count_items(repo)
    result["items_per_s"] = result["items"] / figures["s"]
    return result


def count_items(repo: Path) -> int:
    return sum(1 for _ in (repo / "items").glob("*/*/*.md"))


def clean(repo: Path) -> None:
    """No site and no cache: the next build is a clean one (the caches of this run are
    in a folder of its own, ``BULLETIN_CACHE_DIR``, set by main())."""
    shutil.rmtree(repo / "site", ignore_errors=True)
    shutil.rmtree(os.environ["BULLETIN_CACHE_DIR"], ignore_errors=True)


def add_edition(repo: Path) -> Path:
    """Write the next edition of the newest pool items, as an editor would."""
    from bulletin.load.repository import load_policy, load_repository
    from bulletin.site.compose import compose

    policy = load_policy(repo).policy
    assert policy is not None
    loaded, _ = load_repository(repo, policy)
    site = compose(loaded, policy.audience, dt.datetime.fromisoformat(AS_OF))
    chosen = site.pool[:6]
    year = site.as_of.year
    numbers = [e.number or 0 for e in loaded.editions if e.id.startswith(str(year))]
    number = max(numbers, default=0) + 1
    lines = [f"number: {number}", f"date: {site.as_of.date().isoformat()}", "type: regular",
             f"audience: {policy.audience}", f"editor: {policy.editors[0]}", "sections:",
             "  - title: Latest", "    items:"] + [f"      - {i.id}" for i in chosen]
    path = repo / "bulletins" / str(year) / f"{number:03d}.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ours(folder: Path, sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        # the check's corpus (seed 1, under git), reused by whichever bench comes first
        bench_check.corpus(size, folder)
        repo = bench_site.corpus(folder, size)
        clean(repo)
        rows.append(build(repo, "clean"))
        rows.append(build(repo, "rebuild, no change"))
        if size == max(sizes):
            edition = add_edition(repo)
            try:
                rows.append(build(repo, "rebuild, 1 new edition"))
            finally:
                edition.unlink()
        shutil.rmtree(repo / "site", ignore_errors=True)  # large; its figures are taken
    return rows


# --- plain MkDocs + Material ------------------------------------------------------------


def plain_docs(repo: Path, target: Path) -> int:
    """The corpus's visible items and editions as Markdown pages in ``target/docs``."""
    from bulletin.load.repository import load_policy, load_repository
    from bulletin.site.compose import compose

    policy = load_policy(repo).policy
    assert policy is not None
    loaded, _ = load_repository(repo, policy)
    site = compose(loaded, policy.audience, dt.datetime.fromisoformat(AS_OF))
    shutil.rmtree(target, ignore_errors=True)
    docs = target / "docs"
    for item in site.items.values():
        meta = (f"*{item.unit} · {item.date} · {item.category} · {item.priority} · "
                f"{item.classification}*")
        sources = "".join(f"- {s}\n" for s in item.sources)
        text = (f"# {item.title}\n\n{meta}\n\n**{item.summary or ''}**\n\n{item.body}\n"
                + (f"\n## Sources\n\n{sources}" if sources else ""))
        path = docs / "items" / (item.unit or "x") / f"{item.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for view in site.editions:
        links = "".join(f"- [{i.title}](../items/{i.unit}/{i.id}.md)\n" for i in view.items)
        path = docs / "editions" / f"{view.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {view.id}\n\n{links}", encoding="utf-8")
    (docs / "index.md").write_text(f"# {policy.title}\n\nEvery item is a page.\n")
    (target / "mkdocs.yml").write_text(PLAIN_MKDOCS)
    return len(site.items)


def plain(folder: Path, size: int) -> dict[str, Any]:
    repo = bench_site.corpus(folder, size)
    target = folder / f"plain-{size}"
    shown = plain_docs(repo, target)
    progress(f"plain MkDocs + Material, {size} items ({shown} pages of items)")
    figures = run(["mkdocs", "build", "-q", "-f", str(target / "mkdocs.yml")])
    site = target / "site"
    pages = [p.stat().st_size for p in site.rglob("*.html")]
    search = site / "search" / "search_index.json"
    workers = sum(p.stat().st_size for p in (site / "assets/javascripts/workers").glob("*.js"))
    result = {"run": "plain", "items": size, "items_shown": shown, **figures,
              "items_per_s": size / figures["s"], "pages": len(pages),
              "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20,
              "page_kb": statistics.median(pages) / 1024,
              "search_kb": (search.stat().st_size + workers) / 1024}
    shutil.rmtree(site, ignore_errors=True)  # it is large; the figures are taken
    return result


def extrapolate(points: list[dict[str, Any]], size: int) -> dict[str, Any]:
    """Power-law fit through the two largest points (N² for a nav that lists every page)."""
    a, b = sorted(points, key=lambda r: r["items"])[-2:]
    out: dict[str, Any] = {"run": "plain (estimate)", "items": size}
    for key in ("s", "site_mb", "page_kb", "search_kb", "peak_mb"):
        if a[key] > 0 and b[key] > 0 and b["items"] != a["items"]:
            k = math.log(b[key] / a[key]) / math.log(b["items"] / a["items"])
            out[key] = b[key] * (size / b["items"]) ** k
            out[f"{key}_exponent"] = k
    out["items_per_s"] = size / out["s"] if out.get("s") else None
    return out


# --- output ---------------------------------------------------------------------------

# The figures issue 19 reported before the scale work on small runners (another machine,
# 2 cores), printed beside this run's for comparison.
BEFORE_CHECK = [
    ["issue 19", "10,000", "folders", "—", "499", "—", "—", "—", "2,590", "—", "—", "—", "—",
     "—", "—", "—", "—"],
    ["issue 19", "100,000", "folders", "182.0", "551", "—", "—", "—", "20,517", "—",
     "0.67–0.84", "—", "—", "—", "—", "—", "—"],
    ["issue 19", "100,000", "one folder", "—", "—", "—", "—", "—", "—", "—", "9.9–13.5", "—",
     "—", "—", "—", "—", "—"],
]
BEFORE_BUILD = [
    ["issue 19: clean", "100,000", "—", "—", "326.0", "307", "2,662", "—", "433 (Pagefind)",
     "5,530", "—"],
]


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in
                        enumerate(zip(r, widths, strict=True))) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def report(result: dict[str, Any]) -> str:
    out = []
    m = result["machine"]
    out.append(f"machine: {m['cpus']} cores, {m['cpu']}, {m['memory_mb']:,} MB, Python "
               f"{m['python']}, load {fmt(m['load'], 2)} at start")
    if result.get("check"):
        rows = [["check", "items", "folders", "cold s", "cold items/s", "cold cpu s",
                 "cold MB", "warm s", "warm items/s", "warm MB", "PR 1 item s", "PR cpu s",
                 "PR branch s", "PR branch cpu s", "PR MB", "errors", "warnings"]]
        for r in result["check"].get("check", []):
            rows.append(["bulletin check", fmt(r.get("items")), r.get("layout", "folders"),
                         fmt(r.get("cold_s")), fmt(r.get("cold_items_per_s"), 0),
                         fmt(r.get("cold_cpu_s")), fmt(r.get("cold_peak_mb"), 0),
                         fmt(r.get("warm_s")), fmt(r.get("warm_items_per_s"), 0),
                         fmt(r.get("warm_peak_mb"), 0), fmt(r.get("pr_one_item_s"), 2),
                         fmt(r.get("pr_cpu_s"), 2), fmt(r.get("pr_branch_s"), 2),
                         fmt(r.get("pr_branch_cpu_s"), 2),
                         fmt(max(r.get("pr_peak_mb") or 0, r.get("pr_branch_peak_mb") or 0),
                             0),
                         fmt(r.get("errors")), fmt(r.get("warnings"))])
        rows += BEFORE_CHECK
        out += ["", table(rows), "", "peak RSS of every process of the check (the largest of "
                "each kind):"]
        for r in result["check"].get("check", []):
            for name, kinds in r.get("processes", {}).items():
                out.append(f"  {r['items']:,} items, {r.get('layout', 'folders')}, {name}: "
                           f"{bench_check.describe_kinds(kinds)}")
    else:
        out += ["", "check: not run"]
    rows = [["build", "items", "on site", "pages", "s", "items/s", "site MB", "page KB (median)",
             "first search KB", "peak MB", "Pagefind MB"]]
    for r in result["build"]:
        rows.append([f"bulletin: {r['run']}", fmt(r["items"]), fmt(r["items_shown"]),
                     fmt(r["pages"]), fmt(r["s"]), fmt(r["items_per_s"], 0), fmt(r["site_mb"]),
                     fmt(r["page_kb"]), fmt(r["search_kb"]), fmt(r["peak_mb"], 0),
                     fmt(r["child_peak_mb"], 0)])
    for r in result.get("plain", []):
        rows.append(["plain Material", fmt(r["items"]), fmt(r["items_shown"]), fmt(r["pages"]),
                     fmt(r["s"]), fmt(r["items_per_s"], 0), fmt(r["site_mb"]),
                     fmt(r["page_kb"]), fmt(r["search_kb"]), fmt(r["peak_mb"], 0), "—"])
    rows += BEFORE_BUILD
    for r in result.get("plain_estimates", []):
        rows.append(["plain Material: NOT RUN, est.", fmt(r["items"]), "—", "—", fmt(r.get("s")),
                     fmt(r.get("items_per_s"), 0), fmt(r.get("site_mb")), fmt(r.get("page_kb")),
                     fmt(r.get("search_kb")), fmt(r.get("peak_mb"), 0), "—"])
    out += ["", table(rows), "", "peak RSS of every process of the build (the largest of "
            "each kind):"]
    for r in result["build"]:
        kinds = bench_check.describe_kinds(r.get("processes", {}))
        out.append(f"  {r['items']:,} items, {r['run']}: {kinds}")
    out.append("(\"issue 19\" rows: the figures the issue reported before this work, on "
               "another machine; targets: build >= 300 items/s within 2,048 MB at 100,000 "
               "items, cold check >= 1,000 items/s, PR <= 1 s in any folder shape)")
    out += ["", "issue 19's targets, this run:", *targets(result)]
    ratios = result.get("ratios", [])
    if ratios:
        rows = [["plain ÷ bulletin (clean)", "items", "time", "site size", "page HTML",
                 "first search"]]
        for r in ratios:
            rows.append(["", fmt(r["items"]), f"{r['s']:.1f}×", f"{r['site_mb']:.1f}×",
                         f"{r['page_kb']:.1f}×", f"{r['search_kb']:.1f}×"])
        out += ["", table(rows)]
    for r in result.get("plain_estimates", []):
        out.append(f"\nplain Material at {r['items']:,} items was not run: extrapolated from "
                   f"the measured points (time ∝ N^{r.get('s_exponent', 0):.2f}, site ∝ "
                   f"N^{r.get('site_mb_exponent', 0):.2f}), about {fmt(r.get('s'), 0)} s and "
                   f"{fmt(r.get('site_mb'), 0)} MB.")
    return "\n".join(out)


def targets(result: dict[str, Any]) -> list[str]:
    """One line per target of issue 19 this run measured: the figure, and met or not."""
    lines = []

    def verdict(name: str, value: float | None, ok: bool, unit: str) -> None:
        if value is not None:
            lines.append(f"  {name}: {value:,.2f} {unit} — {'met' if ok else 'NOT MET'}")

    for r in (result.get("check") or {}).get("check", []):
        if r["items"] < 10_000:  # the sizes the targets name: 10,000 and 100,000
            continue
        where = f"{r['items']:,} items, {r.get('layout', 'folders')}"
        if r.get("layout", "folders") == "folders":
            rate = r.get("cold_items_per_s")
            verdict(f"cold check >= 1,000 items/s ({where})", rate, (rate or 0) >= 1000,
                    "items/s")
        for key, name in (("pr_one_item_s", "working tree"), ("pr_branch_s", "branch")) \
                if r["items"] >= 100_000 else ():
            s = r.get(key)
            verdict(f"one-item pull request ({name}) <= 1 s ({where})", s, (s or 99) <= 1, "s")
    for r in result["build"]:
        if r["run"] == "clean" and r["items"] >= 100_000:
            peak = max([r["peak_mb"], r["child_peak_mb"],
                        *(k["peak_mb"] for k in r.get("processes", {}).values())])
            verdict(f"clean build >= 300 items/s ({r['items']:,} items)", r["items_per_s"],
                    r["items_per_s"] >= 300, "items/s")
            verdict(f"clean build peak RSS <= 2,048 MB, largest process ({r['items']:,} "
                    "items)", peak, peak <= 2048, "MB")
    return lines or ["  (none of the sizes the targets name was run)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="item counts for the build (default 1000,10000)")
    parser.add_argument("--check-sizes", default="10000,100000",
                        help="item counts for the check (default 10000,100000)")
    parser.add_argument("--plain-sizes", default="1000,2000",
                        help="item counts built by plain MkDocs + Material (default 1000,2000)")
    parser.add_argument("--keep", type=Path, help="keep corpora in this folder, and reuse them")
    parser.add_argument("--skip-check", action="store_true", help="do not run the check bench")
    parser.add_argument("--skip-plain", action="store_true",
                        help="do not build with plain MkDocs + Material")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bulletin-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["BULLETIN_CACHE_DIR"] = str(folder / "caches")  # never the user's own
    sizes = [int(s) for s in args.sizes.split(",")]
    result: dict[str, Any] = {"machine": machine(), "as_of": AS_OF}
    started = time.perf_counter()
    if not args.skip_check:
        result["check"] = check(args.check_sizes, folder)
    result["build"] = ours(folder, sizes)
    if not args.skip_plain:
        plain_sizes = sorted(int(s) for s in args.plain_sizes.split(","))
        result["plain"] = [plain(folder, n) for n in plain_sizes]
        cleans = {r["items"]: r for r in result["build"] if r["run"] == "clean"}
        result["ratios"] = [
            {"items": p["items"], **{k: p[k] / cleans[p["items"]][k]
                                     for k in ("s", "site_mb", "page_kb", "search_kb")}}
            for p in result["plain"] if p["items"] in cleans]
        missing = [n for n in sizes if n not in plain_sizes]
        if len(result["plain"]) >= 2:
            result["plain_estimates"] = [extrapolate(result["plain"], n) for n in missing]
    result["bench_s"] = time.perf_counter() - started
    text = report(result)
    print(text)
    print(f"\n(bench took {result['bench_s'] / 60:.1f} min)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
