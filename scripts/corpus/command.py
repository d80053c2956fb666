"""The command line: arguments, refusing to overwrite what is not a corpus, and the
summary line on stderr."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from .generate import generate
from .policy import MARKER

# What --force may delete: a corpus, and what the benchmarks add to one to build a site.
REPLACEABLE = ("bulletin.yml", "items", "bulletins", ".git", "mkdocs.yml", "docs", "site",
               ".bulletin-cache", ".gitignore")


def prepare(out: Path, force: bool) -> None:
    """Refuse a non-empty OUT_DIR unless --force; with --force, clear a previous corpus."""
    if out.exists() and not out.is_dir():
        raise SystemExit(f"make_corpus: {out} exists and is not a directory")
    existing = sorted(p.name for p in out.iterdir()) if out.exists() else []
    if not existing:
        out.mkdir(parents=True, exist_ok=True)
        return
    if not force:
        raise SystemExit(f"make_corpus: {out} is not empty (use --force to replace a corpus)")
    foreign = [name for name in existing if name not in REPLACEABLE]
    policy = out / "bulletin.yml"
    if policy.is_file() and not policy.read_text(encoding="utf-8", errors="replace").startswith(
            MARKER):
        foreign.insert(0, "bulletin.yml not written by make_corpus.py")
    if foreign:
        raise SystemExit(f"make_corpus: {out} is not a generated corpus ({', '.join(foreign[:5])})"
                         "; refusing to clear it even with --force")
    for name in existing:
        path = out / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make_corpus.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write a deterministic synthetic bulletin repository (policy, items,\n"
                    "editions, leader responses) for tests and benchmarks.",
        epilog="""\
what is written:
  bulletin.yml                       policy: ~1 unit per 400 items (8-300), 2-3 editors,
                                     the five categories and their required sections
  items/<unit>/<YYYY>/<date>-<slug>.md
                                     ~10,000 items a year ending 2026-11-27, so N items
                                     span N/10,000 years; bodies of 150-700 units
  bulletins/<YYYY>/<NNN>.yml         regular editions on Tuesdays and Fridays (4-8 items
                                     each, so ~6 % of items are published) and about
                                     one flash edition a month
  bulletins/<YYYY>/responses.yml     leader responses on ~5 % of published items

The same --seed and --items always give byte-identical files (--git adds .git/
and does not change them; --flat writes the same files, every item directly in
items/, the shape of a bulletin whose items all sit in one folder). --force only
clears a previous corpus: a directory whose bulletin.yml this script wrote and
that holds nothing but bulletin.yml, items/, bulletins/, .git/ and a
benchmark's mkdocs.yml, docs/ and site/.

example:
  python scripts/make_corpus.py /tmp/corpus --items 100000 --git
""")
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path,
                        help="directory to write (created if missing; must be empty)")
    parser.add_argument("--items", type=int, required=True, metavar="N",
                        help="number of items to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--git", action="store_true",
                        help="git init OUT_DIR and write a dated history, one commit per day, "
                             "with one git fast-import process")
    parser.add_argument("--chinese", type=float, default=0.3, metavar="SHARE",
                        help="share of items written in Chinese, 0-1 (default 0.3)")
    parser.add_argument("--units", type=int, metavar="N",
                        help="number of units (default: one per 400 items, 8 to 300; at most "
                             "the 300 the vocabulary names)")
    parser.add_argument("--flat", action="store_true",
                        help="put every item in items/ itself (one folder of N files) "
                             "instead of items/<unit>/<YYYY>/; the check then reports "
                             "S010 file-location on every item")
    parser.add_argument("--force", action="store_true",
                        help="replace a previous corpus in OUT_DIR")
    args = parser.parse_args(argv)
    if args.items < 1:
        parser.error("--items must be at least 1")
    if args.units is not None and not 1 <= args.units <= 300:
        parser.error("--units must be between 1 and 300")
    if not 0.0 <= args.chinese <= 1.0:
        parser.error("--chinese must be between 0 and 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    prepare(args.out_dir, args.force)
    state = generate(args.out_dir, args.items, args.seed, args.chinese, args.git, args.flat,
                     args.units)
    seconds = time.perf_counter() - started
    share = state.published / state.items if state.items else 0.0
    print(f"make_corpus: {state.items} items, {state.editions} editions ({state.flashes} flash), "
          f"{state.response_count} responses, {share:.1%} of items published, "
          f"{len(state.policy.units)} units{', one folder' if args.flat else ''}"
          f"{', git history' if args.git else ''}, "
          f"{seconds:.1f} s -> {args.out_dir}", file=sys.stderr)
    return 0
