"""Benchmark the site build: time, size, page weight and first-search payload.

    python scripts/bench_site.py [--sizes 1000,5000] [--keep DIR]

For each size, generates a bulletin with scripts/make_corpus.py (reused from
--keep DIR when present), builds it with `bulletin build` in a fresh process and
prints: items, pages, build seconds, items per second, peak memory of the build,
site size, the median HTML size of a page (all pages, and item pages), and the
bytes a reader's browser downloads for a first search. Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MKDOCS = """\
site_name: Benchmark Bulletin
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - bulletin
"""
RUN = """\
import resource, sys
from bulletin.cli import main
try:
    main(sys.argv[1:])
finally:
    sys.stderr.write("MAXRSS %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def corpus(folder: Path, items: int) -> Path:
    repo = folder / f"corpus-{items}"
    if not (repo / "bulletin.yml").is_file():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(repo), "--items",
                        str(items)], check=True)
    (repo / "mkdocs.yml").write_text(MKDOCS)
    (repo / "docs").mkdir(exist_ok=True)
    (repo / "docs" / "about.md").write_text("# About\n\nA generated bulletin.\n")
    return repo


def build(repo: Path) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one `bulletin build` in a fresh process."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", RUN, "build", "-q", "--repo", str(repo)],
                         capture_output=True, text=True,
                         env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin",
                              # the caches: a folder beside the corpus, not ~/.cache
                              "BULLETIN_CACHE_DIR": str(repo.parent / "caches"),
                              **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}})
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"build failed:\n{out.stderr[-2000:]}")
    rss = next(int(line.split()[1]) for line in out.stderr.splitlines()
               if line.startswith("MAXRSS"))
    return seconds, rss // 1024


def first_search_bytes(site: Path) -> int:
    """What a first query fetches: Pagefind's loader, worker and wasm, the entry and
    metadata of every language index of every shard of the items (``pagefind/`` and
    ``pagefind-items/*/``), one index chunk of each, five fragments, and one year of
    the edition labels (``search/editions/<year>.json``) search.js shows."""
    bundle = site / "pagefind"
    total = sum((bundle / name).stat().st_size for name in
                ("pagefind.js", "pagefind-worker.js")
                if (bundle / name).exists())
    wasm = bundle / "wasm.en.pagefind"
    total += wasm.stat().st_size if wasm.exists() else 0
    shards = [bundle, *sorted((site / "pagefind-items").glob("*/"))]
    fragments: list[int] = []
    for shard in shards:
        entry = json.loads((shard / "pagefind-entry.json").read_text())
        total += (shard / "pagefind-entry.json").stat().st_size
        chunks = sorted(p.stat().st_size for p in (shard / "index").iterdir())
        for info in entry["languages"].values():
            total += (shard / f"pagefind.{info['hash']}.pf_meta").stat().st_size
            total += statistics.median(chunks)
        fragments += [p.stat().st_size for p in (shard / "fragment").iterdir()]
    total += 5 * statistics.median(fragments)
    labels = [p.stat().st_size for p in (site / "search" / "editions").glob("*.json")]
    total += statistics.median(labels) if labels else 0
    return int(total)


def measure(repo: Path) -> dict[str, float]:
    seconds, rss = build(repo)
    site = repo / "site"
    pages = [p for p in site.rglob("*.html")]
    item_pages = [p for p in (site / "items").rglob("*.html")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    items = len(list((repo / "items").rglob("*.md")))
    return {
        "items": items,
        "pages": len(pages),
        "build_s": seconds,
        "items_per_s": items / seconds,
        "peak_mb": rss,
        "site_mb": total / 2**20,
        "page_kb": statistics.median(p.stat().st_size for p in pages) / 1024,
        "item_page_kb": statistics.median(p.stat().st_size for p in item_pages) / 1024,
        "item_page_gz_kb": statistics.median(len(gzip.compress(p.read_bytes()))
                                             for p in item_pages[:500]) / 1024,
        "search_kb": first_search_bytes(site) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000",
                        help="comma-separated item counts (default 1000,5000)")
    parser.add_argument("--keep", type=Path, help="keep generated corpora in this folder "
                                                  "and reuse them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bulletin-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    columns = ("items", "pages", "build_s", "items_per_s", "peak_mb", "site_mb", "page_kb",
               "item_page_kb", "item_page_gz_kb", "search_kb")
    print(" | ".join(f"{c:>14}" for c in columns))
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(corpus(folder, size))
        print(" | ".join(f"{row[c]:>14.1f}" if isinstance(row[c], float) else f"{row[c]:>14}"
                         for c in columns), flush=True)


if __name__ == "__main__":
    main()
