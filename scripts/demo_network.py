#!/usr/bin/env python3
"""Make the demo's information network beside it (issue 17, docs/network.md).

    python scripts/demo_network.py [OUT_DIR]      # default: /tmp/bulletin-demo-network

Two districts (Xishan, Dongcheng) report to the city — a copy of the Qinghe demo this
repository carries, with ``office``, ``upstream`` and ``downstream`` added — which
reports to the province. Every office is a working clone (``OUT_DIR/<office>``) of a
bare repository standing for its forge (``OUT_DIR/git/<office>.git``). The script
runs the real commands: each district relays two items (``bulletin relay``); the
city's editors merge the relay branches and adopt three of them in an edition, then
relay the best two onward; the province adopts one. Every office fetches its
neighbours (``bulletin network fetch``), and the score lines of the adoptions upstream
are printed. Serve the city's site with ``bulletin serve --repo OUT_DIR/qinghe``
(``scripts/demo`` still serves the demo itself, which has no network).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src"),
       "GIT_AUTHOR_NAME": "Demo", "GIT_AUTHOR_EMAIL": "demo@example.invalid",
       "GIT_COMMITTER_NAME": "Demo", "GIT_COMMITTER_EMAIL": "demo@example.invalid",
       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
BULLETIN = [sys.executable, "-c", "from bulletin.cli import main; main()"]

ITEMS = {
    "xishan": [
        ("2026-11-24-qiaotou-intake-screens", "problem", "important", "internal",
         "Silt clogs the Qiaotou intake screens for the third time this month",
         "Silt clogged two of the four intake screens; the water works cut output by a "
         "fifth. Dredging upstream is needed before the spring floods.",
         "## Problem\n\nOn 23 November silt clogged two of the four screens at the Qiaotou "
         "intake, and output fell by 20 % for nine hours.\n\n## Causes\n\nSand dredging "
         "3 km upstream stirs the river bed.\n\n## Suggestions\n\nSuspend dredging within "
         "5 km of the intake until the screens are replaced in March.\n"),
        ("2026-11-25-xishan-elderly-canteens", "experience", "routine", "public",
         "Xishan's community canteens serve 3,200 older residents a day",
         "Twenty-six canteens run by residents' committees serve 3,200 meals a day at "
         "cost; the model could be used city-wide.",
         "## What was done\n\nSince June, 26 residents' committees run canteens in "
         "community centres, with meals at 8 yuan.\n\n## Results\n\n3,200 older "
         "residents eat there every day; complaints about isolation fell by a third.\n"),
    ],
    "dongcheng": [
        ("2026-11-24-dongcheng-gas-pipes", "problem", "urgent", "restricted",
         "Corroded gas pipes found under 14 Dongcheng residential blocks",
         "Inspections found corroded gas pipes under 14 blocks built before 1995; "
         "replacement needs 38 million yuan the district does not have.",
         "## Problem\n\nInspections from 10 to 22 November found corroded gas pipes "
         "under 14 residential blocks.\n\n## Causes\n\nThe pipes date from before 1995 "
         "and were never replaced.\n\n## Suggestions\n\nFund the 38 million yuan "
         "replacement from the city's renewal budget in 2027.\n"),
        ("2026-11-25-dongcheng-night-market", "situation", "routine", "public",
         "Dongcheng's new night market draws 12,000 visitors on its first weekend",
         "The riverside night market drew 12,000 visitors on 22-23 November; traffic on "
         "Binjiang Road needs managing.",
         "About 12,000 people visited the riverside night market on 22 and 23 November, "
         "and 180 stalls took 1.1 million yuan.\n\nTraffic on Binjiang Road was jammed "
         "until 23:00 both nights.\n"),
    ],
}


UNITS = {"xishan": ["water", "civil-affairs"], "dongcheng": ["housing", "commerce"]}


def run(cwd: Path, *args: str) -> str:
    done = subprocess.run(list(args), cwd=cwd, env=ENV, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])}… failed in {cwd}:\n{done.stderr}")
    return done.stdout


def bulletin(cwd: Path, *args: str) -> str:
    return run(cwd, *BULLETIN, *args)


def office(out: Path, key: str) -> Path:
    bare = out / "git" / f"{key}.git"
    run(out, "git", "init", "-q", "--bare", "-b", "main", str(bare))
    work = out / key
    work.mkdir(parents=True, exist_ok=True)
    run(work, "git", "init", "-q", "-b", "main")
    run(work, "git", "remote", "add", "origin", str(bare))
    return work


def push(work: Path, message: str) -> None:
    run(work, "git", "add", "-A")
    run(work, "git", "commit", "-q", "-m", message)
    run(work, "git", "push", "-q", "origin", "main")


def merge(work: Path, branch: str) -> None:
    run(work, "git", "fetch", "-q", "origin", f"{branch}:{branch}")
    run(work, "git", "merge", "-q", "--no-edit", branch)


def edition(work: Path, number: int, date: str, items: list[str], editor: str) -> None:
    lines = [f"number: {number}", f"date: {date}", "type: regular", "audience: restricted",
             f"editor: {editor}", "sections:", "  - title: Reports from below", "    items:"]
    (work / "bulletins" / "2026").mkdir(parents=True, exist_ok=True)
    (work / "bulletins" / "2026" / f"{number:03d}.yml").write_text(
        "\n".join(lines + [f"      - {i}" for i in items]) + "\n", encoding="utf-8")


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/bulletin-demo-network").resolve()
    if out.exists():
        shutil.rmtree(out)
    (out / "git").mkdir(parents=True)
    demo = yaml.safe_load((ROOT / "bulletin.yml").read_text(encoding="utf-8"))
    url = {k: str(out / "git" / f"{k}.git") for k in ("xishan", "dongcheng", "qinghe",
                                                       "province")}
    common = {k: demo[k] for k in ("publisher", "language", "timezone", "levels",
                                   "default_audience", "editors", "categories")}
    book = {"adoption": [{"level": "province", "points": 50}, {"level": "city", "points": 20},
                         {"points": 8}]}
    names = {"xishan": "Xishan District", "dongcheng": "Dongcheng District"}
    for key, name in names.items():
        work = office(out, key)
        policy = {"title": f"{name} Information Bulletin", **common,
                  "office": {"id": key, "name": f"{name} People's Government",
                             "level": "district"},
                  "upstream": [{"id": "qinghe", "name": "Qinghe Municipal Government",
                                "url": url["qinghe"], "unit": f"{key}-district",
                                "level": "city"}],
                  "units": {"water": {"name": "Water Bureau"}, "health": {"name": "Health"},
                            "civil-affairs": {"name": "Civil Affairs"},
                            "housing": {"name": "Housing"}, "commerce": {"name": "Commerce"}},
                  "assessment": book}
        (work / "bulletin.yml").write_text(yaml.safe_dump(policy, allow_unicode=True,
                                                          sort_keys=False), encoding="utf-8")
        for n, (item, category, priority, level, title, summary, body) in \
                enumerate(ITEMS[key]):
            unit = UNITS[key][n]
            front = {"title": title, "unit": unit, "authors": ["Staff writer"],
                     "date": item[:10], "event_date": item[:10], "category": category,
                     "priority": priority, "classification": level, "summary": summary,
                     "sources": ["District duty office report"]}
            text = "---\n" + "".join(
                f"{k}: {v if k in ('date', 'event_date') else json.dumps(v)}\n"
                for k, v in front.items()) + "---\n\n" + body
            path = work / "items" / unit / "2026" / f"{item}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        push(work, "items")
    # the city: the demo, with its network
    city = office(out, "qinghe")
    for folder in ("items", "bulletins", "assessment", "docs"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, city / folder)
    shutil.copy(ROOT / "mkdocs.yml", city / "mkdocs.yml")
    text = (ROOT / "bulletin.yml").read_text(encoding="utf-8")
    text += yaml.safe_dump({
        "office": {"id": "qinghe", "name": "Qinghe Municipal People's Government",
                   "level": "city"},
        "upstream": [{"id": "province", "name": "Provincial General Office",
                      "url": url["province"], "unit": "qinghe-city", "level": "province"}],
        "downstream": [{"id": k, "name": n, "url": url[k], "unit": f"{k}-district"}
                       for k, n in names.items()]}, allow_unicode=True, sort_keys=False)
    (city / "bulletin.yml").write_text(text, encoding="utf-8")
    push(city, "the Qinghe demo, in the network")
    province = office(out, "province")
    (province / "bulletin.yml").write_text(yaml.safe_dump({
        "title": "Provincial Information Bulletin", **common,
        "office": {"id": "province", "name": "Provincial General Office",
                   "level": "province"},
        "downstream": [{"id": "qinghe", "name": "Qinghe Municipal People's Government",
                        "url": url["qinghe"], "unit": "qinghe-city"}],
        "units": {"qinghe-city": {"name": "Qinghe Municipal People's Government"}}},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    push(province, "the province")

    for key in names:  # each district relays its two items to the city
        for item in ITEMS[key]:
            print(bulletin(out / key, "relay", item[0]).strip())
            merge(city, f"relay/{key}/{item[0]}")
    adopted = [ITEMS["xishan"][0][0], ITEMS["dongcheng"][0][0], ITEMS["xishan"][1][0]]
    numbers = [int(p.stem) for p in (city / "bulletins" / "2026").glob("[0-9]*.yml")]
    edition(city, max(numbers) + 1, "2026-11-27", adopted, demo["editors"][0])
    push(city, "an edition with the districts' reports")
    for item in adopted[:2]:  # the city relays the best two onward
        print(bulletin(city, "relay", item).strip())
        merge(province, f"relay/qinghe/{item}")
    edition(province, 1, "2026-11-28", adopted[:1], demo["editors"][0])
    push(province, "edition 1")
    for key in (*names, "qinghe", "province"):
        bulletin(out / key, "network", "fetch")
    for key, unit in (("xishan", "water"), ("qinghe", "xishan-district")):
        explained = bulletin(out / key, "score", "--period", "2026-Q4", "--explain", unit,
                             "--as-of", "2026-11-30", "-q")
        print(f"\n{key}: score --explain {unit} (the adoptions upstream)")
        print("\n".join(line for line in explained.splitlines() if "upstream" in line))
    print(f"\nThe network is in {out}. Serve the city's site:\n"
          f"  bulletin serve --repo {city}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
