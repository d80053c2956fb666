#!/usr/bin/env python3
"""Make a simulated information network on this machine (issue 17, DESIGN §9).

    python scripts/make_network.py OUT_DIR [--cities 12] [--districts 10]
                                   [--items 1000] [--relays 10] [--jobs N] [--force]

One province, CITIES cities and CITIES × DISTRICTS districts, each office a bulletin
repository of its own: a working clone under ``OUT_DIR/work/<office>`` and a bare
repository standing for its forge under ``OUT_DIR/git/<office>.git`` (the URLs in the
policies). Each district is a synthetic bulletin of ITEMS items with its history
(``scripts/make_corpus.py --git``); its policy names its city upstream. Each city
holds RELAYS items relayed from each of its districts (with their provenance, as
``bulletin relay`` writes it) and editions adopting every other one; the province
likewise holds RELAYS items relayed from each city and adopts every other one.

Relays are written here directly, not through ``bulletin relay`` (which
``scripts/bench_network.py`` measures), so that making the network takes minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from bulletin.review.relayed import relayed_text  # noqa: E402

ENV = {**os.environ, "GIT_AUTHOR_NAME": "Network", "GIT_AUTHOR_EMAIL": "net@example.invalid",
       "GIT_COMMITTER_NAME": "Network", "GIT_COMMITTER_EMAIL": "net@example.invalid",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
BOOK = [{"level": "province", "points": 50}, {"level": "city", "points": 20}]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True,
                          text=True).stdout


def publish(out: Path, key: str) -> None:
    """Commit the working clone and make its bare repository (the office's forge)."""
    work = out / "work" / key
    if not (work / ".git").exists():
        git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "network")
    bare = out / "git" / f"{key}.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], env=ENV, check=True)
    git(work, "remote", "add", "origin", str(bare))


def set_policy(work: Path, **keys: object) -> dict:
    path = work / "bulletin.yml"
    policy = yaml.safe_load(path.read_text(encoding="utf-8"))
    policy.update(keys)
    book = policy.setdefault("assessment", {})
    book["adoption"] = BOOK + [line for line in book.get("adoption", [])
                               if "level" not in line]
    path.write_text(yaml.safe_dump(policy, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return policy


def make_district(args: tuple[Path, str, str, int, int]) -> str:
    out, key, city, items, seed = args
    work = out / "work" / key
    subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(work), "--items",
                    str(items), "--seed", str(seed), "--git", "--force"], check=True,
                   capture_output=True, env=ENV)
    set_policy(work, office={"id": key, "name": f"District {key}", "level": "district"},
               upstream=[{"id": city, "name": f"City {city}", "url": str(out / "git" /
                                                                         f"{city}.git"),
                          "unit": key, "level": "city"}])
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "the network")
    bare = out / "git" / f"{key}.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], env=ENV, check=True)
    git(work, "remote", "add", "origin", str(bare))
    return key


def relay_into(out: Path, upper: str, lower: str, unit: str, count: int,
               taken: set[str], only_relayed: bool) -> list[str]:
    """Write ``count`` of ``lower``'s items into ``upper`` as relayed items."""
    source = out / "work" / lower
    commit = git(source, "rev-parse", "HEAD").strip()
    folder = "items"
    files = sorted((source / folder).rglob("*.md"))
    if only_relayed:
        files = [f for f in files if "relayed_from" in f.read_text(encoding="utf-8")]
    ids = []
    for path in files:
        if len(ids) == count:
            break
        item = path.stem
        if item in taken:
            continue
        data = path.read_bytes()
        text = relayed_text(data.decode("utf-8"), {
            "unit": unit,
            "relayed_from": {"office": lower, "item": item, "commit": commit,
                             "sha256": hashlib.sha256(data).hexdigest()}})
        target = out / "work" / upper / folder / unit / item[:4] / f"{item}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        taken.add(item)
        ids.append(item)
    return ids


def editions(work: Path, ids: list[str], editor: str) -> None:
    """Editions adopting every other relayed item, eight to an edition."""
    adopted = ids[::2]
    folder = work / "bulletins" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    for n, start in enumerate(range(0, len(adopted), 8), 1):
        chunk = adopted[start:start + 8]
        lines = [f"number: {n}", "date: 2026-11-27", "type: regular", "audience: restricted",
                 f"editor: {editor}", "sections:", "  - title: Reports", "    items:"]
        lines += [f"      - {i}" for i in chunk]
        (folder / f"{n:03d}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_upper(out: Path, key: str, level: str, template: Path, lowers: list[str],
               upstream: str | None, relays: int, only_relayed: bool) -> None:
    work = out / "work" / key
    work.mkdir(parents=True)
    shutil.copy(template / "bulletin.yml", work / "bulletin.yml")
    units = {lower: {"name": f"{lower}", "members": []} for lower in lowers}
    keys: dict[str, object] = {
        "title": f"{level.title()} {key} Bulletin", "units": units,
        "office": {"id": key, "name": f"{level.title()} {key}", "level": level},
        "downstream": [{"id": lower, "name": lower, "url": str(out / "git" / f"{lower}.git"),
                        "unit": lower} for lower in lowers]}
    keys["upstream"] = [] if upstream is None else [{"id": upstream, "name": "Province",
                             "url": str(out / "git" / f"{upstream}.git"), "unit": key,
                                                     "level": "province"}]
    policy = set_policy(work, **keys)
    taken: set[str] = set()
    ids = [i for lower in lowers for i in relay_into(out, key, lower, lower, relays, taken,
                                                     only_relayed)]
    editions(work, ids, policy["editors"][0])
    publish(out, key)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--cities", type=int, default=12)
    parser.add_argument("--districts", type=int, default=10, help="districts per city")
    parser.add_argument("--items", type=int, default=1000, help="items per district")
    parser.add_argument("--relays", type=int, default=10,
                        help="items each office relays upward")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    if out.exists():
        if not args.force:
            parser.error(f"{out} exists (use --force)")
        shutil.rmtree(out)
    (out / "git").mkdir(parents=True)
    cities = [f"city-{c:02d}" for c in range(args.cities)]
    districts = {city: [f"{city}-d{d:02d}" for d in range(args.districts)] for city in cities}
    jobs: list[tuple[Path, str, str, int, int]] = []
    for city, ds in districts.items():
        jobs += [(out, d, city, args.items, len(jobs) + n + 1) for n, d in enumerate(ds)]
    with ProcessPoolExecutor(args.jobs) as pool:
        for done, key in enumerate(pool.map(make_district, jobs), 1):
            print(f"\rdistricts: {done}/{len(jobs)} ({key})", end="", file=sys.stderr)
    print(file=sys.stderr)
    template = out / "work" / jobs[0][1]
    for city in cities:
        make_upper(out, city, "city", template, districts[city], "province", args.relays,
                   False)
        print(f"city {city}: {args.relays} items relayed from each of "
              f"{len(districts[city])} districts", file=sys.stderr)
    make_upper(out, "province", "province", template, cities, None, args.relays, True)
    print(f"network in {out}: 1 province, {len(cities)} cities, {len(jobs)} districts "
          f"of {args.items} items", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
