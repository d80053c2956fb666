#!/usr/bin/env python3
"""Print how long `bulletin check` and `bulletin build` take on hostile item bodies.

    python scripts/bench_adversarial.py [--sizes 10000,100000,1000000] [--all]
                                        [--inputs NAME,...] [--keep DIR]

Each input is one item whose body is a hostile pattern repeated to SIZE
bytes (UTF-8), in a fresh bulletin (``bulletin init``) with that one item. The
inputs of issue 16 (finding 6) are measured by default; ``--all`` adds the
others that the audit of every regular expression and of Python-Markdown
turned up. Every run is a fresh process, with no cache (``check --no-cache``,
``build --no-cache``), so it reads, judges and renders everything:

* **check**: ``python -m bulletin check --no-cache --format json``;
* **build**: ``python -m bulletin build --no-cache --quiet``.

The table gives wall seconds and CPU seconds (the command and every process it
started) per size, and the growth of the CPU time over the empty body's (the
start-up every run pays) from one size to the next: linear time grows by the
ratio of the sizes (x10 for 10 KB → 100 KB), quadratic time by its square.
Under "growth", "~" marks a step whose time is within 0.1 s of start-up (too
small to measure). Bodies over 50,000 characters are shown as plain text
by the site and read in part by the quality rules (S029), so the build's
growth from 10 KB to 100 KB is usually below x10. Nothing is asserted: this
prints figures (a 1 MB item should check and build in well under 10 s).

``--keep DIR`` leaves the generated repositories in DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ITEM = "items/general/2026/2026-12-07-hostile.md"
FRONT = """\
---
title: A hostile body
unit: general
authors: [Bench]
date: 2026-12-07
event_date: 2026-12-07
category: situation
priority: routine
classification: internal
summary: The body below is one pattern repeated; the tools must stay linear.
sources: [Bench]
---

"""


def repeat(unit: str) -> Callable[[int], str]:
    """A body of ``unit`` repeated to the size asked for, in UTF-8 bytes (a file may have
    1 MiB: 1 MB of Chinese is 333,333 characters)."""
    return lambda size: unit * (size // len(unit.encode("utf-8")))


def references(size: int) -> str:
    """Link reference definitions, one a line, then a paragraph that uses each."""
    count = size // 60
    defs = "".join(f"[r{n}]: https://intranet.example/{n}\n" for n in range(count))
    uses = " ".join(f"[see][r{n}]" for n in range(count))
    return (defs + "\n" + uses)[:size]


INPUTS: dict[str, tuple[str, Callable[[int], str]]] = {
    # finding 6 of issue 16
    "link-targets": ("[](", repeat("[](")),
    "suppressions": ("<!-- bulletin-ignore Q504: x -->⏎",
                     repeat("<!-- bulletin-ignore Q504: x -->\n")),
    "brackets": ("[", repeat("[")),
    "references": ("[rN]: url⏎ … [see][rN]", references),
}
MORE: dict[str, tuple[str, Callable[[int], str]]] = {
    "inline-suppressions": ("a <!-- bulletin-ignore Q504: x --> ",
                            repeat("a <!-- bulletin-ignore Q504: x --> ")),
    "open-suppressions": ("<!-- bulletin-ignore Q504: x ", repeat("<!-- bulletin-ignore Q504: x ")),
    "images": ("![](", repeat("![](")),
    # issue 14's second round: typing slips and a web page's furniture
    "repeated-words": ("a b ", repeat("a b ")),
    "cjk-repeats": ("涉及", repeat("涉及")),
    "comma-lines": ("，⏎", repeat("，\n")),
    "web-furniture": ("Share this story @ • ", repeat("Share this story @ • ")),
    "emphasis": ("*a* ", repeat("*a* ")),
    "definitions": ("a⏎: b⏎", repeat("a\n: b\n")),
    "quotes": (">", repeat(">")),
    "headings": ("## a⏎", repeat("## a\n")),
    "heading-spaces": ("## a␣…␣b", lambda size: "## a" + " " * (size - 5) + "b"),
    "table-rows": ("|a|b|⏎", lambda size: ("|a|b|\n|-|-|\n" + "|a|b|\n" * size)[:size]),
    "lines": ("⏎ (empty lines)", repeat("a\n")),
    "sentences": ("!", repeat("!")),
    "cjk-sentences": ("。", repeat("。")),
    "figures": ("1,", repeat("1,")),
    "numerals": ("二", repeat("二")),
    "comments": ("<!-- ", repeat("<!-- ")),
    "tags": ("<b>", repeat("<b>")),
}
# in the summary of a routine emergency, which Q103 reads for the people affected
SUMMARIES: dict[str, tuple[str, Callable[[int], str]]] = {
    "summary-digits": ("1 (summary)", repeat("1")),
}


def make_repo(folder: Path, body: str, summary: str | None = None) -> None:
    """A fresh bulletin in ``folder`` whose one item has ``body`` (and ``summary``: then
    the item is a routine emergency)."""
    subprocess.run([sys.executable, "-m", "bulletin", "init", str(folder)], check=True,
                   capture_output=True, env=_env())
    for old in (folder / "items").rglob("*.md"):
        old.unlink()
    policy = folder / "bulletin.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "intranet_hosts: []", "intranet_hosts: [intranet.example]"), encoding="utf-8")
    path = folder / ITEM
    path.parent.mkdir(parents=True, exist_ok=True)
    front = FRONT if summary is None else FRONT.replace(
        "category: situation", "category: emergency").replace(
        "summary: The body below is one pattern repeated; the tools must stay linear.",
        f"summary: '{summary}'")
    path.write_text(front + body + "\n", encoding="utf-8")


def _env() -> dict[str, str]:
    src = str(ROOT / "src")
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{path}" if path else src}


def timed(args: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of it and its children, exit code) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bulletin", *args], capture_output=True,
                          env=_env(), check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
    return wall, cpu, done.returncode


def measure(folder: Path) -> dict[str, tuple[float, float, int]]:
    check = timed(["check", "--no-cache", "--format", "json", "--repo", str(folder)])
    build = timed(["build", "--no-cache", "--quiet", "--repo", str(folder),
                   "--site-dir", str(folder / "site")])
    return {"check": check, "build": build}


def growth(cpu: float, previous: float | None, start: float, ratio: float) -> str:
    if previous is None:
        return ""
    now, before = cpu - start, previous - start
    if now < 0.1:
        return "~"  # within the start-up's noise
    return f"x{now / max(before, 0.1):.1f}" + ("" if ratio == 10 else f" (of x{ratio:g})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="body sizes in bytes (default: 10 KB, 100 KB, 1 MB)")
    parser.add_argument("--all", action="store_true", help="measure every hostile input")
    parser.add_argument("--inputs", help="only these inputs (comma-separated names)")
    parser.add_argument("--keep", type=Path, help="leave the repositories in this folder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    inputs = {**INPUTS, **(MORE | SUMMARIES if args.all or args.inputs else {})}
    if args.inputs:
        inputs = {k: v for k, v in inputs.items() if k in args.inputs.split(",")}
    work = Path(tempfile.mkdtemp(prefix="bench-adversarial-")) if args.keep is None \
        else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        base = work / "empty"
        if not base.exists():
            make_repo(base, "An ordinary body: 3 reservoirs, 60 days of supply.")
        start = measure(base)
        print(f"start-up (an ordinary item): check {start['check'][0]:.2f} s wall, "
              f"{start['check'][1]:.2f} s CPU; build {start['build'][0]:.2f} s wall, "
              f"{start['build'][1]:.2f} s CPU\n")
        head = f"{'input':22} {'size':>9}  {'check s':>7} {'cpu':>6} {'growth':>8}  " \
               f"{'build s':>7} {'cpu':>6} {'growth':>8}  exit"
        print(head)
        print("-" * len(head))
        worst = {"check": 0.0, "build": 0.0}
        for name, (shown, make) in inputs.items():
            previous: dict[str, float] | None = None
            for index, size in enumerate(sizes):
                folder = work / f"{name}-{size}"
                if not folder.exists():
                    if name in SUMMARIES:
                        make_repo(folder, "Fire at a depot.", make(size))
                    else:
                        make_repo(folder, make(size))
                got = measure(folder)
                ratio = size / sizes[index - 1] if index else 10
                cells = []
                for kind in ("check", "build"):
                    wall, cpu, _ = got[kind]
                    worst[kind] = max(worst[kind], wall)
                    grew = growth(cpu, previous and previous[kind], start[kind][1], ratio)
                    cells.append(f"{wall:7.2f} {cpu:6.2f} {grew:>8}")
                label = name if index == 0 else ""
                print(f"{label:22} {size:>9,}  {cells[0]}  {cells[1]}  "
                      f"{got['check'][2]}/{got['build'][2]}", flush=True)
                previous = {kind: got[kind][1] for kind in got}
            print(f"{'':22} ({shown})")
        print(f"\nslowest: check {worst['check']:.2f} s, build {worst['build']:.2f} s (wall)")
        print(json.dumps({"slowest_check_s": round(worst["check"], 2),
                          "slowest_build_s": round(worst["build"], 2)}))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
