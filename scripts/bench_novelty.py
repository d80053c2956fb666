#!/usr/bin/env python3
"""Print how fast near-duplicate detection (bulletin.check.similarity) is, and what it finds.

    python scripts/bench_novelty.py [--sizes 10000,100000] [--keep DIR] [--plant 200]

For the demo bulletin (the root of this checkout) it prints the most similar
pairs of items, compared exhaustively. For one generated repository per size
(``scripts/make_corpus.py --items SIZE --seed 1``) it runs, each in a fresh
process so that its peak RSS is its own:

* ``cold``: read every item, build the index from nothing (cache folder
  emptied first), find all near-duplicate pairs, save the index;
* ``warm``: the same with the saved index (nothing should be re-hashed);
* ``query``: open the saved index and ask for the items similar to one new
  item (an edited copy of an indexed one, which should be found), then to an
  unrelated one; timed from before the index is opened;
* ``planted``: add ``--plant`` edited copies of random items (two figures
  changed, two sentences swapped, a sentence and three words added) and as
  many items that hold such a copy between two other items' texts, then
  count how many of these pairs are found (the host items also contain the
  two surrounding texts: those pairs are counted apart);
* ``incremental``: change 10 items and delete 10, then sync, find the pairs
  again and save.

Items are read simply: the front matter between the ``---`` lines gives the
title and the summary, which with the body make the compared text. The
index is kept in a temporary folder, removed at the end. Generated corpora go
to a temporary directory that is removed at the end, or to ``--keep DIR``
(as ``DIR/corpus-SIZE``), where they are reused by the next run. Nothing is
asserted: this prints figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_check import corpus  # the same generated corpora, made once, shared

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

# --------------------------------------------------------------------------
# Reading items (deliberately independent of the bulletin loader)
# --------------------------------------------------------------------------

_BLOCK = {">", ">-", ">+", "|", "|-", "|+", ""}


def item_text(raw: str) -> str:
    """Title, summary and body of an item file, joined by newlines."""
    if not raw.startswith("---"):
        return raw
    end = raw.find("\n---", 3)
    if end < 0:
        return raw
    front, body = raw[3:end], raw[end + 4 :].split("\n", 1)[-1]
    lines = front.split("\n")
    parts: list[str] = []
    for n, line in enumerate(lines):
        for key in ("title:", "summary:"):
            if not line.startswith(key):
                continue
            value = line[len(key) :].strip()
            if value in _BLOCK:  # a block scalar: the indented lines below
                block = itertools.takewhile(
                    lambda s: s.startswith((" ", "\t")) or not s.strip(), lines[n + 1 :]
                )
                value = " ".join(s.strip() for s in block)
            elif len(value) > 1 and value[0] in "\"'" and value[-1] == value[0]:
                value = value[1:-1]
            parts.append(value)
    parts.append(body)
    return "\n".join(parts)


def item_paths(repo: Path) -> list[Path]:
    return sorted((repo / "items").glob("**/*.md"))


def read_docs(repo: Path) -> list[Any]:
    from bulletin.check.similarity.index import Doc

    return [
        Doc(p.relative_to(repo).as_posix(), item_text(p.read_text(encoding="utf-8")))
        for p in item_paths(repo)
    ]


# --------------------------------------------------------------------------
# Edited copies
# --------------------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.。!?！？])\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDS_EN = ("also", "new", "revised", "additional", "further")
_WORDS_ZH = ("新", "另外", "也", "进一步")


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def edited(text: str, other: str, rnd: random.Random) -> str:
    """``text`` with two figures changed, two sentences swapped, a sentence
    of ``other`` and three words added."""
    numbers = list(re.finditer(r"\d+", text))
    chosen = {m.start() for m in rnd.sample(numbers, min(2, len(numbers)))}
    text = re.sub(
        r"\d+",
        lambda m: str(int(m.group()) + rnd.randint(1, 9)) if m.start() in chosen else m.group(),
        text,
    )
    parts = sentences(text)
    if len(parts) > 3:
        i = rnd.randrange(1, len(parts) - 1)
        parts[i], parts[i + 1] = parts[i + 1], parts[i]
    extra = sentences(other)
    if extra:
        parts.insert(rnd.randrange(len(parts) + 1), rnd.choice(extra))
    chinese = bool(_CJK.search(text))
    text = ("" if chinese else " ").join(parts)
    for _ in range(3):
        k = rnd.randrange(len(text) + 1)
        if chinese:
            text = text[:k] + rnd.choice(_WORDS_ZH) + text[k:]
        else:
            k = text.rfind(" ", 0, k) + 1
            text = text[:k] + rnd.choice(_WORDS_EN) + " " + text[k:]
    return text


def embedded(text: str, first: str, second: str, rnd: random.Random) -> str:
    """An edited copy of ``text`` (see :func:`edited`) between two other texts."""
    return f"{first}\n\n{edited(text, first, rnd)}\n\n{second}"


# --------------------------------------------------------------------------
# Phases, each run in a child process
# --------------------------------------------------------------------------


def rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def top(matches: list[Any], n: int = 5) -> list[list[Any]]:
    return [[m.a, m.b, m.similarity, m.containment, m.shared] for m in matches[:n]]


def phase_build(repo: Path, cache: Path, cold: bool) -> dict[str, Any]:
    start = time.perf_counter()
    from bulletin.check.similarity.index import SimilarityIndex

    if cold and cache.exists():
        shutil.rmtree(cache)
    t0 = time.perf_counter()
    docs = read_docs(repo)
    t1 = time.perf_counter()
    index = SimilarityIndex.open(cache)
    t2 = time.perf_counter()
    index.sync(docs)
    count = len(index)  # folds the changes in
    t3 = time.perf_counter()
    matches = index.near_duplicates()
    t4 = time.perf_counter()
    index.save()
    t5 = time.perf_counter()
    return {
        "items": count,
        "import": t0 - start,
        "read": t1 - t0,
        "open": t2 - t1,
        "index": t3 - t2,
        "pairs": t4 - t3,
        "save": t5 - t4,
        "total": t5 - t0,
        "rss": rss_mb(),
        "found": len(matches),
        "top": top(matches),
        "stats": vars(index.stats),
        "file_mb": (cache / "index.bin").stat().st_size / 2**20,
    }


def phase_query(repo: Path, cache: Path) -> dict[str, Any]:
    paths = item_paths(repo)
    rnd = random.Random(3)
    base, other = rnd.sample(paths, 2)
    text = item_text(base.read_text(encoding="utf-8"))
    unrelated = item_text(other.read_text(encoding="utf-8"))
    copy_text = edited(text, unrelated, rnd)
    demo = item_paths(ROOT)
    fresh_text = item_text(demo[len(demo) // 2].read_text(encoding="utf-8"))
    start = time.perf_counter()
    from bulletin.check.similarity.index import Doc, SimilarityIndex

    t0 = time.perf_counter()
    index = SimilarityIndex.open(cache)
    t1 = time.perf_counter()
    copy = index.similar_to(Doc("new/edited-copy.md", copy_text))
    t2 = time.perf_counter()
    candidates = index.stats.candidates
    fresh = index.similar_to(Doc("new/unrelated.md", fresh_text))
    t3 = time.perf_counter()
    return {
        "import": t0 - start,
        "open": t1 - t0,
        "first": t2 - t1,
        "second": t3 - t2,
        "open_and_query": t2 - t0,
        "rss": rss_mb(),
        "copy_of": base.relative_to(repo).as_posix(),
        "copy_found": top(copy),
        "copy_candidates": candidates,
        "fresh_found": top(fresh),
    }


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def phase_planted(repo: Path, cache: Path, plant: int) -> dict[str, Any]:
    from bulletin.check.similarity.index import Doc, SimilarityIndex

    docs = read_docs(repo)
    rnd = random.Random(11)
    planted: list[Any] = []
    truth: dict[tuple[str, str], str] = {}
    for n in range(plant):
        item, other, first, second = rnd.sample(docs, 4)
        copy = Doc(f"planted/edited-{n:05d}.md", edited(item.text, other.text, rnd))
        host = Doc(
            f"planted/embedded-{n:05d}.md", embedded(item.text, first.text, second.text, rnd)
        )
        planted += [copy, host]
        truth[pair(item.id, copy.id)] = "edited"
        truth[pair(item.id, host.id)] = "embedded"
        # The host also contains the two texts around the copy.
        truth[pair(first.id, host.id)] = truth[pair(second.id, host.id)] = "surrounding"
        truth[pair(copy.id, host.id)] = "sibling"  # two copies of one item
    index = SimilarityIndex.open(cache)
    index.update(docs)
    t0 = time.perf_counter()
    index.update(planted)
    len(index)
    t1 = time.perf_counter()
    matches = index.near_duplicates()
    t2 = time.perf_counter()
    found: dict[str, list[Any]] = {"edited": [], "embedded": [], "surrounding": [], "sibling": []}
    extra = []
    for m in matches:
        kind = truth.get((m.a, m.b))
        if kind is not None:
            found[kind].append(m)
        elif m.a.startswith("planted/") or m.b.startswith("planted/"):
            extra.append(m)
    return {
        "add": t1 - t0,
        "pairs": t2 - t1,
        "edited": len(found["edited"]),
        "embedded": len(found["embedded"]),
        "edited_min_similarity": min((m.similarity for m in found["edited"]), default=None),
        "embedded_min_containment": min((m.containment for m in found["embedded"]), default=None),
        "surrounding": len(found["surrounding"]),
        "sibling": len(found["sibling"]),
        "extra": len(extra),
        "extra_top": top(extra, 3),
    }


def phase_incremental(repo: Path, cache: Path) -> dict[str, Any]:
    from bulletin.check.similarity.index import Doc, SimilarityIndex

    docs = read_docs(repo)
    rnd = random.Random(5)
    picked = rnd.sample(range(len(docs)), 20)
    changed, deleted = set(picked[:10]), set(picked[10:])
    kept = []
    for n, doc in enumerate(docs):
        if n in changed:
            kept.append(Doc(doc.id, doc.text + "\n\nA follow-up visit is planned next week."))
        elif n not in deleted:
            kept.append(doc)
    t0 = time.perf_counter()
    index = SimilarityIndex.open(cache)
    index.sync(kept)
    len(index)
    t1 = time.perf_counter()
    matches = index.near_duplicates()
    t2 = time.perf_counter()
    index.save()
    t3 = time.perf_counter()
    return {
        "sync": t1 - t0,
        "pairs": t2 - t1,
        "save": t3 - t2,
        "total": t3 - t0,
        "found": len(matches),
        "stats": vars(index.stats),
    }


def run_phase(name: str, repo: Path, cache: Path, plant: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--phase", name, "--repo", str(repo), "--cache", str(cache)]
    cmd += ["--plant", str(plant)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench_novelty: phase {name} failed:\n{out.stderr}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def demo_report() -> None:
    from bulletin.check.similarity.matches import compare
    from bulletin.check.similarity.signatures import signature

    docs = read_docs(ROOT)
    sigs = {d.id: signature(d.text) for d in docs}
    pairs = []
    for a, b in itertools.combinations(sorted(sigs), 2):
        similarity, contained, shared = compare(sigs[a], sigs[b])
        pairs.append((similarity, contained, shared, a, b))
    pairs.sort(reverse=True)
    print(f"demo: {len(docs)} items, {len(pairs):,} pairs compared exhaustively; most similar:")
    for similarity, contained, shared, a, b in pairs[:5]:
        print(f"    {similarity:.3f} sim  {contained:.3f} cont  {shared:3d} shared  {a}  {b}")
    by_containment = max(pairs, key=lambda p: p[1])
    print(
        f"    highest containment: {by_containment[1]:.3f} ({by_containment[3]}, "
        f"{by_containment[4]})"
    )
    from bulletin.check.similarity.index import SimilarityIndex

    index = SimilarityIndex.open(None)
    index.update(docs)
    print(f"    near_duplicates() at the defaults: {len(index.near_duplicates())} pairs")


def show_pairs(rows: list[list[Any]], indent: str = "      ") -> None:
    for a, b, similarity, contained, shared in rows:
        print(f"{indent}{similarity:.3f} sim  {contained:.3f} cont  {shared} shared  {a}  {b}")


def report(size: int, repo: Path, cache: Path, plant: int) -> None:
    print(f"corpus-{size}:")
    for label in ("cold", "warm"):
        r = run_phase(label, repo, cache, plant)
        s = r["stats"]
        print(
            f"  {label:<5} total {r['total']:6.2f} s = read {r['read']:5.2f} + open "
            f"{r['open']:5.2f} + index {r['index']:5.2f} + pairs {r['pairs']:5.2f} + save "
            f"{r['save']:5.2f};  peak RSS {r['rss']:6.0f} MB;  hashed {s['hashed']:,}, "
            f"reused {s['reused']:,};  candidates {s['candidates']:,}, compared "
            f"{s['compared']:,};  pairs found {r['found']};  index file {r['file_mb']:.0f} MB"
        )
        if label == "cold":
            show_pairs(r["top"])
    q = run_phase("query", repo, cache, plant)
    print(
        f"  query open+query {q['open_and_query']:.3f} s (open {q['open']:.3f}, query "
        f"{q['first']:.3f}; a second query {q['second']:.3f}; import {q['import']:.3f});  "
        f"peak RSS {q['rss']:.0f} MB"
    )
    print(f"        edited copy of {q['copy_of']}: {q['copy_candidates']} candidates, found:")
    show_pairs(q["copy_found"], "          ")
    print(f"        unrelated new item: {len(q['fresh_found'])} found")
    if plant:
        p = run_phase("planted", repo, cache, plant)
        print(
            f"  planted: found {p['edited']}/{plant} edited copies (lowest similarity "
            f"{p['edited_min_similarity']}), {p['embedded']}/{plant} embedded copies (lowest "
            f"containment {p['embedded_min_containment']}), {p['surrounding']}/{2 * plant} "
            f"surrounding texts, {p['sibling']}/{plant} pairs of copies of one item; "
            f"{p['extra']} other pairs with a planted item;  add "
            f"{p['add']:.2f} s, pairs {p['pairs']:.2f} s"
        )
        show_pairs(p["extra_top"])
    i = run_phase("incremental", repo, cache, plant)
    s = i["stats"]
    print(
        f"  incremental (10 changed, 10 deleted): total {i['total']:.2f} s = sync "
        f"{i['sync']:.2f} + pairs {i['pairs']:.2f} + save {i['save']:.2f};  hashed "
        f"{s['hashed']}, dropped {s['dropped']};  pairs found {i['found']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench_novelty.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__.split("\n\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument("--sizes", default="10000,100000", metavar="N,N,...")
    parser.add_argument("--keep", type=Path, metavar="DIR")
    parser.add_argument("--plant", type=int, default=200, metavar="N")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--repo", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        phases = {
            "cold": lambda: phase_build(args.repo, args.cache, cold=True),
            "warm": lambda: phase_build(args.repo, args.cache, cold=False),
            "query": lambda: phase_query(args.repo, args.cache),
            "planted": lambda: phase_planted(args.repo, args.cache, args.plant),
            "incremental": lambda: phase_incremental(args.repo, args.cache),
        }
        print(json.dumps(phases[args.phase]()))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(
        f"novelty benchmark: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}"
    )
    demo_report()
    with tempfile.TemporaryDirectory(prefix="bench-novelty-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            repo, seconds = corpus(size, base)
            made = f"generated in {seconds:.1f} s" if seconds is not None else "reused"
            print(f"\ncorpus-{size}: {repo} ({made})")
            report(size, repo, Path(tmp) / f"similarity-{size}", args.plant)
    return 0


if __name__ == "__main__":
    sys.exit(main())
