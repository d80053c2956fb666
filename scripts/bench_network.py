#!/usr/bin/env python3
"""Measure the information network made by ``scripts/make_network.py`` (issue 17).

    python scripts/make_network.py /tmp/network          # 1 + 12 + 120 offices
    python scripts/bench_network.py /tmp/network

Prints, and asserts nothing:

* relaying one item from a district to its city (``bulletin relay``: the district's
  check of the item, fetching the city, the commit, the push);
* a city fetching all its districts, then again with nothing new
  (``bulletin network fetch``);
* the province fetching all its cities, then again;
* the city's check verifying every relayed item against the fetched districts;
* scoring with upstream adoptions: a district after fetching its city, the city after
  fetching the province (``bulletin score``);
* the size of what a fetch adds to the repository.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = {**os.environ, "PYTHONPATH": str(HERE.parent / "src"),
       "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
       "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
BULLETIN = [sys.executable, "-c", "from bulletin.cli import main; main()"]


def run(label: str, *args: str, ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run([*BULLETIN, *args], env=ENV, capture_output=True, text=True,
                          check=False)
    took = time.perf_counter() - start
    if done.returncode not in ok:
        print(f"  {label}: failed ({done.returncode}): {done.stderr.strip()[:400]}")
    else:
        print(f"  {label:<58} {took:8.2f} s")
    return took


def objects(repo: Path) -> str:
    out = subprocess.run(["git", "count-objects", "-vH"], cwd=repo, capture_output=True,
                         text=True, check=False).stdout
    fields = dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)
    return f"{fields.get('size-pack', '?')} packed + {fields.get('size', '?')} loose"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    base = Path(sys.argv[1]).resolve()
    work = base / "work"
    cities = sorted(p.name for p in work.iterdir() if p.name.startswith("city-")
                    and p.name.count("-") == 1)
    districts = sorted(p.name for p in work.iterdir() if p.name.count("-") == 2)
    items = sum(1 for _ in (work / districts[0] / "items").rglob("*.md"))
    print(f"network: 1 province, {len(cities)} cities, {len(districts)} districts "
          f"(~{items} items each); {os.cpu_count()} cores")
    city, district = cities[0], f"{cities[0]}-d00"
    mine = sorted(p for p in (work / city / "items").rglob("*.md"))
    relayed = {p.stem for p in mine}
    source = next(p.stem for p in sorted((work / district / "items").rglob("*.md"))
                  if p.stem not in relayed)
    subprocess.run(["git", "branch", "-q", "-D", f"relay/{district}/{source}"],
                   cwd=base / "git" / f"{city}.git", capture_output=True, check=False)
    print("relay")
    run(f"check cache warm-up ({district}: bulletin check)", "check", "--repo",
        str(work / district), "-q", ok=(0, 1))
    run(f"relay one item ({district} -> {city})", "relay", source, "--repo",
        str(work / district))
    print("fetch")
    run(f"{city} fetches its {len(districts) // len(cities)} districts",
        "network", "fetch", "--repo", str(work / city))
    run(f"{city} fetches them again (nothing new)", "network", "fetch", "--repo",
        str(work / city))
    run(f"province fetches its {len(cities)} cities", "network", "fetch", "--repo",
        str(work / "province"))
    run("province fetches them again (nothing new)", "network", "fetch", "--repo",
        str(work / "province"))
    print(f"  what the fetches hold: {city}: {objects(work / city)}; "
          f"province: {objects(work / 'province')}")
    print("check (provenance verified against the fetched districts)")
    run(f"{city}: bulletin check ({len(mine)} relayed items)", "check", "--repo",
        str(work / city), "-q", ok=(0, 1))
    run("province: bulletin check", "check", "--repo", str(work / "province"), "-q",
        ok=(0, 1))
    print("score with upstream adoptions")
    run(f"{district} fetches {city}", "network", "fetch", "--repo", str(work / district))
    run(f"{district}: bulletin score (2026-Q4)", "score", "--period", "2026-Q4", "--repo",
        str(work / district), "-q", "--format", "json")
    run(f"{city} fetches the province", "network", "fetch", "--office", "province",
        "--repo", str(work / city))
    run(f"{city}: bulletin score (2026-Q4)", "score", "--period", "2026-Q4", "--repo",
        str(work / city), "-q", "--format", "json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
