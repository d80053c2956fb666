"""The check's cache and worker processes change how fast it is, never what it finds."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import inspect
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bulletin.check.analyse import Job
from bulletin.check.cache import codec, layout
from bulletin.check.cache.items import pack_item, unpack_item
from bulletin.check.cache.key import global_key
from bulletin.check.cache.stored import read_cache
from bulletin.check.engine import check_repository
from bulletin.check.files import cache_folder, collect
from bulletin.check.rules import REGISTRY
from bulletin.cli import main
from bulletin.load.repository import load_policy
from bulletin.model import Edition, Item
from conftest import TODAY, BulletinRepo, cache_of

PROBLEM_BODY = """\
## Problem

It is worth noting that the pumps at 138 1234 5678 failed <b>twice</b>; see
https://weather.example.com/x for details. 全市共检查186所学校,其中23所限期整改.

## Causes

Ageing parts, as the unprecedented rains showed.

## Suggestions

Replace the pumps before the dry season; the bureau should order 4 new ones.
"""

COPY_BODY = ("Telemetry from the Qinghe, Baishi and Longtan reservoirs on 17 November "
             "showed all three below the flood-season limit for the first time since "
             "2019, after six weeks without rain across the upper catchment. The bureau "
             "has asked the districts to stop irrigation draws from the canals until "
             "levels recover, and it will publish daily readings on the intranet.\n")


def fill(repo: BulletinRepo) -> None:
    """A small repository that gives most kinds of findings, with editions and responses."""
    repo.item("reservoir-levels-fall")
    repo.item("copy-one", body=COPY_BODY, date=dt.date(2026, 11, 10))
    repo.item("copy-two", body=COPY_BODY, unit="health", date=dt.date(2026, 11, 12))
    repo.item("pump-failures", body=PROBLEM_BODY, category="problem", classification="public",
              sources=["Bureau inspection, 12 November"], suppress={"Q505": ""})
    repo.item("future", date=dt.date(2026, 11, 30), event_date=dt.date(2026, 11, 27))
    repo.item("correction", corrects="2026-11-18-reservoir-levels-fal",
              date=dt.date(2026, 11, 19))
    repo.item("embargoed", embargo="2026-11-25T08:00", priority="urgnet",
              body="<!-- bulletin-ignore Q504: a quoted regulation -->\n" + "word " * 60
              + ".\n")
    repo.item("dup", path="items/water/2026/2026-11-18-reservoir-levels-fall-2.md")
    repo.item("dup", path="items/health/2026/2026-11-18-reservoir-levels-fall-2.md",
              unit="health")
    repo.write("items/water/2026/2026-11-20-broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    repo.write("items/water/2026/2026-11-21-crlf.md",
               (repo.root / "items/water/2026/2026-11-18-reservoir-levels-fall.md")
               .read_text().replace("\n", "\r\n"))
    repo.write("items/water/2026/notes.txt", "not an item\n")
    repo.write("items/water/2026/2026-11-22-empty.md", "")
    (repo.root / "items/water/2026/2026-11-23-link.md").symlink_to("2026-11-21-crlf.md")
    repo.edition(1, ["2026-11-18-reservoir-levels-fall", "2026-11-10-copy-one"])
    repo.edition(2, ["2026-11-10-copy-one", "2026-11-25-missing"], date="2026-11-24")
    repo.write("bulletins/2026/responses.yml", textwrap.dedent("""\
        - item: 2026-11-18-reservoir-levels-fall
          by: Mayor
          date: 2026-11-21
          kind: instruction
          note: Keep the districts informed.
        - item: 2026-11-12-copy-two
          by: Mayor
          date: 2026-11-21
          kind: endorsement
        """))


def everything(result: Any) -> list[tuple[Any, ...]]:
    """Every field of every diagnostic, in order."""
    return [(d.path, d.line, d.column, d.code, d.severity, d.rule, d.message,
             d.fix.description if d.fix else None) for d in result.diagnostics]


def run(repo: BulletinRepo, **options: Any) -> list[tuple[Any, ...]]:
    return everything(check_repository(repo.root, today=options.pop("today", TODAY), **options))


@pytest.fixture
def filled(bulletin_repo: BulletinRepo) -> BulletinRepo:
    fill(bulletin_repo)
    return bulletin_repo


def test_cold_warm_uncached_and_parallel_checks_agree(filled: BulletinRepo) -> None:
    reference = run(filled, cache=False, jobs=1)
    assert {code for _, _, _, code, *_ in reference} >= {
        "S003", "S012", "S014", "S001", "S022", "S024", "S025", "Q201", "C002", "C003",
        "E001", "E002", "S020"}
    assert not layout.cache_file(cache_folder(filled.root)).exists()
    assert run(filled) == reference  # cold: writes the cache
    assert layout.cache_file(cache_folder(filled.root)).exists()
    assert run(filled) == reference  # warm
    assert run(filled, jobs=2) == reference
    assert run(filled, cache=False, jobs=2) == reference


def test_an_edited_file_is_judged_again(filled: BulletinRepo) -> None:
    run(filled)
    rel = "items/water/2026/2026-11-18-reservoir-levels-fall.md"
    path = filled.root / rel
    # two different filler phrases: Q505 reports an item from its second
    path.write_text(path.read_text().replace(
        "Telemetry", "It is worth noting that, at this point in time, telemetry"))
    warm = run(filled)
    assert warm == run(filled, cache=False)
    assert any(p == rel and code == "Q505" for p, _, _, code, *_ in warm)


def test_added_and_deleted_files(filled: BulletinRepo) -> None:
    run(filled)
    (filled.root / "items/water/2026/2026-11-10-copy-one.md").unlink()
    filled.item("late", date=dt.date(2026, 11, 26), title="Late news")
    assert run(filled) == run(filled, cache=False)


def test_a_changed_policy_invalidates_every_record(filled: BulletinRepo) -> None:
    before = run(filled)
    policy = filled.root / "bulletin.yml"
    policy.write_text(policy.read_text() + "rules:\n  title-length: {max_units: 3}\n"
                      "  filler-phrase: off\n")
    after = run(filled)
    assert after == run(filled, cache=False)
    assert after != before
    assert not any(code == "Q505" for _, _, _, code, *_ in after)
    assert any(code == "Q501" for _, _, _, code, *_ in after)


@pytest.mark.parametrize("today", [dt.date(2026, 11, 27), dt.date(2026, 12, 30)])
def test_rules_that_depend_on_the_day_are_not_cached(filled: BulletinRepo,
                                                     today: dt.date) -> None:
    run(filled)  # cached on TODAY
    assert run(filled, today=today) == run(filled, cache=False, today=today)


def test_a_touched_file_keeps_its_record(filled: BulletinRepo) -> None:
    run(filled)
    path = filled.root / "items/water/2026/2026-11-18-reservoir-levels-fall.md"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    policy = load_policy(filled.root).policy
    assert policy is not None
    job = Job(filled.root, policy, {c: r.defaults() for c, r in REGISTRY.items()},
              tuple(c for c, r in REGISTRY.items() if r.scope == "item" and r.per_file))
    files = collect(job, cache_folder(filled.root))
    assert files.records  # every readable file's record came from the cache or its bytes
    again = collect(job, cache_folder(filled.root))
    assert again.records == files.records


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "empty", "folder"])
def test_a_damaged_cache_is_ignored_and_rebuilt(filled: BulletinRepo, damage: str) -> None:
    reference = run(filled, cache=False)
    run(filled)
    target = layout.cache_file(cache_folder(filled.root))
    blob = target.read_bytes()
    if damage == "garbage":
        target.write_bytes(blob[:60] + bytes(range(256)) * 40)
    elif damage == "truncated":
        target.write_bytes(blob[: len(blob) // 2])
    elif damage == "foreign":
        target.write_bytes(blob[:8] + (layout.FORMAT + 1).to_bytes(4, "little") + blob[12:])
    elif damage == "empty":
        target.write_bytes(b"")
    else:
        target.unlink()
        target.mkdir()
    assert run(filled) == reference
    if damage != "folder":
        assert read_cache(cache_folder(filled.root),
                          global_key((filled.root / "bulletin.yml").read_bytes()))
    assert run(filled) == reference


def test_a_record_from_another_key_is_not_used(filled: BulletinRepo) -> None:
    run(filled)
    folder = cache_folder(filled.root)
    key = global_key((filled.root / "bulletin.yml").read_bytes())
    assert read_cache(folder, key) is not None
    assert read_cache(folder, global_key(b"title: another policy\n")) is None


def test_concurrent_checks_leave_a_valid_cache(filled: BulletinRepo) -> None:
    reference = run(filled, cache=False)
    command = [sys.executable, "-m", "bulletin", "check", "--repo", str(filled.root),
               "--format", "json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)]
    outputs = [p.communicate() for p in runs]
    assert all(b"Traceback" not in err for _, err in outputs)
    assert len({out for out, _ in outputs}) == 1
    assert run(filled) == reference


def test_packed_values_come_back_equal(filled: BulletinRepo) -> None:
    from bulletin.load.repository import load_repository

    policy = load_policy(filled.root).policy
    assert policy is not None
    repo, _ = load_repository(filled.root, policy)
    for item in repo.items:
        back = unpack_item(pack_item(item))
        item.body = ""
        assert [getattr(back, f.name) for f in dataclasses.fields(Item)] == \
            [getattr(item, f.name) for f in dataclasses.fields(Item)]
        assert back.meta.values == item.meta.values and back.meta.keys == item.meta.keys
    for edition in repo.editions:
        back = codec.unpack_edition(codec.pack_edition(edition))
        assert "meta" not in back.__dict__  # unpacked when first read
        assert [getattr(back, f.name) for f in dataclasses.fields(Edition)] == \
            [getattr(edition, f.name) for f in dataclasses.fields(Edition)]
    assert codec.unpack_responses(codec.pack_responses(repo.responses)) == repo.responses
    stamp = dt.datetime(2026, 11, 25, 8, tzinfo=policy.tz)
    assert codec.decode(codec.encode([stamp, {"a": dt.date(2026, 1, 2)}])) == [
        stamp, {"a": dt.date(2026, 1, 2)}]
    assert codec.decode(codec.encode(stamp)).tzinfo == policy.tz


def test_cached_item_rules_read_only_their_item_and_the_policy() -> None:
    """An item rule that reads other items or the day must say per_file=False."""
    for rule in REGISTRY.values():
        if rule.scope != "item" or rule.check is None:
            continue
        tree = ast.parse(textwrap.dedent(inspect.getsource(rule.check)))
        used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name) and node.value.id == "ctx"}
        assert rule.per_file == (not used & {"repo", "today"}), rule.code


def test_no_cache_option(filled: BulletinRepo) -> None:
    assert "--no-cache" in CliRunner().invoke(main, ["check", "--help"]).stdout
    result = CliRunner().invoke(main, ["check", "--repo", str(filled.root), "--no-cache",
                                       "--format", "json"])
    assert result.exit_code == 1
    assert not cache_of(filled.root).exists()
    cached = CliRunner().invoke(main, ["check", "--repo", str(filled.root), "--format",
                                       "json"])
    assert cached.stdout == result.stdout
    assert layout.cache_file(cache_of(filled.root)).exists()  # outside the repository
    assert not (filled.root / ".bulletin-cache").exists()
    assert filled.git("status", "--porcelain", "--ignored", "--untracked-files=all") == \
        filled.git("status", "--porcelain", "--ignored", "--untracked-files=all",
                   "--", "items", "bulletins", "bulletin.yml")


def test_changed_since_with_a_warm_cache(filled: BulletinRepo) -> None:
    filled.git("add", "-A")
    filled.git("commit", "-qm", "main")
    args = ["check", "--repo", str(filled.root), "--format", "json", "--no-quality"]
    CliRunner().invoke(main, args)  # warm
    filled.git("checkout", "-qb", "feature")
    rel = "items/health/2026/2026-11-12-copy-two.md"
    path = filled.root / rel
    # two different filler phrases: Q505 reports an item from its second
    path.write_text(path.read_text().replace(
        "Telemetry", "It is worth noting that, at this point in time, telemetry"))
    filled.item("new", date=dt.date(2026, 11, 27), title="Pumps replaced",
                body=COPY_BODY, unit="water")
    (filled.root / "items/water/2026/2026-11-10-copy-one.md").unlink()
    pr = [*args, "--changed-since", "main", "--author", "zhang.san"]
    warm = CliRunner().invoke(main, pr)
    cold = CliRunner().invoke(main, [*pr, "--no-cache"])
    assert warm.stdout == cold.stdout
    assert "copy-two" in warm.stdout and "2026-11-27-new" in warm.stdout
    one = CliRunner().invoke(main, [*args, rel])
    assert one.stdout == CliRunner().invoke(main, [*args, rel, "--no-cache"]).stdout


def test_cache_file_is_plain_data(filled: BulletinRepo) -> None:
    run(filled)
    blob = layout.cache_file(cache_folder(filled.root)).read_bytes()
    assert blob.startswith(b"BULLCHK\n")
    assert layout.HEADER.unpack_from(blob)[1] == layout.FORMAT == 4


def test_the_key_covers_the_whole_package_but_the_site() -> None:
    """Every module a check runs is in the global key, wherever the key's own module lies
    in the package: editing the loader, the policy or a rule invalidates the cache."""
    import bulletin
    from bulletin.check.cache.key import source_files

    package = Path(bulletin.__file__).resolve().parent
    hashed = {rel for rel, _ in source_files()}
    modules = {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
    skipped = ("site/", "export/", "review/templates/")
    assert hashed >= {rel for rel in modules if not rel.startswith(skipped)}
    assert {"__init__.py", "config/policy.py", "load/items.py", "check/rules/registry.py",
            "check/cache/key.py"} <= hashed
    assert any(rel.startswith("check/rules/data/") for rel in hashed)  # the phrase lists
    assert not any(rel.startswith(skipped) for rel in hashed)


def test_a_pull_request_check_trusts_git_for_the_base(filled: BulletinRepo) -> None:
    from bulletin.git.history import changes_since

    filled.git("add", "-A")
    filled.git("commit", "-qm", "main")
    run(filled)  # the cache now holds exactly main's files
    stored = read_cache(cache_folder(filled.root),
                        global_key((filled.root / "bulletin.yml").read_bytes()))
    assert stored is not None and stored.trees is not None
    filled.git("checkout", "-qb", "feature")
    rel = filled.item("later", date=dt.date(2026, 11, 26), body=COPY_BODY)
    changes = changes_since(filled.root, "main")
    policy = load_policy(filled.root).policy
    assert policy is not None
    job = Job(filled.root, policy, {c: r.defaults() for c, r in REGISTRY.items()},
              tuple(c for c, r in REGISTRY.items() if r.scope == "item" and r.per_file))
    files = collect(job, cache_folder(filled.root), changes=changes)
    assert files.merged is not None and set(files.signatures) == {rel}
    assert list(files.records) == list(collect(job, None).records)  # the walk's order
    only = {rel}.__contains__
    fast = check_repository(filled.root, today=TODAY, only=only, changes=changes)
    full = check_repository(filled.root, today=TODAY, cache=False)
    mine = [d for d in everything(fast) if d[0] == rel]
    assert mine == [d for d in everything(full) if d[0] == rel]
    assert any(d[3] == "Q201" for d in mine)


@pytest.mark.parametrize("seed", range(4))
def test_pairs_with_agrees_with_near_duplicates(seed: int, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    import random

    from bulletin.check.similarity import candidates
    from bulletin.check.similarity.index import Doc, SimilarityIndex
    from bulletin.check.similarity.signatures import content_key, signature

    monkeypatch.setattr(candidates, "MAX_BUCKET", 4)
    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefghij") for _ in range(5)) for _ in range(60)]
    stems = [" ".join(rng.choice(words) for _ in range(80)) for _ in range(6)]

    def text() -> str:
        stem = rng.choice(stems).split()
        for _ in range(rng.randrange(0, 12)):
            stem[rng.randrange(len(stem))] = rng.choice(words)
        return " ".join(stem[: rng.randrange(20, 80)])

    docs = {f"d{n:02d}": text() for n in range(40)}
    index = SimilarityIndex(None, max_df=6)
    index.update(Doc(i, t) for i, t in docs.items())
    index._compact()
    now = dict(docs)
    for doc_id in rng.sample(sorted(docs), 6):
        del now[doc_id]
    for n in range(5):
        now[rng.choice([f"d{n:02d}", f"n{n}"])] = text()
    changed, removed = index.stale({i: content_key(t) for i, t in now.items()})
    queries = rng.sample(sorted(now), 8)
    found = index.pairs_with(queries, [(i, signature(now[i])) for i in changed], removed,
                             0.5, 0.6)
    after = SimilarityIndex(None, max_df=6)
    after.update(Doc(i, t) for i, t in now.items())
    expected = [m for m in after.near_duplicates(0.5, 0.6) if m.a in queries or m.b in queries]
    assert found == expected and expected


def test_near_duplicates_in_parts_and_judged_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting shared samples a range of docs at a time, and measuring the candidate
    pairs a chunk at a time, find exactly what one pass and :func:`compare` find."""
    import random

    import numpy as np

    from bulletin.check.similarity import candidates, matches
    from bulletin.check.similarity.index import Doc, SimilarityIndex

    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghij") for _ in range(5)) for _ in range(400)]
    stems = [[rng.choice(words) for _ in range(90)] for _ in range(12)]

    def text() -> str:
        stem = list(rng.choice(stems))[rng.randrange(30):]
        for _ in range(rng.randrange(12)):
            stem[rng.randrange(len(stem))] = rng.choice(words)
        return " ".join(stem)

    index = SimilarityIndex(None, max_df=12)
    index.update(Doc(f"d{n:03d}", text()) for n in range(120))
    whole = index.near_duplicates(0.5, 0.6)
    monkeypatch.setattr(candidates, "_PAIRS_AT_ONCE", 7)
    assert index.near_duplicates(0.5, 0.6) == whole and whole
    base = index._compact()
    first = np.array([rng.randrange(120) for _ in range(300)], dtype=np.int64)
    second = np.array([rng.randrange(120) for _ in range(300)], dtype=np.int64)
    judged = matches.judge_all(base, first, second, 0.5, 0.6)
    one_by_one = [matches.judge(base.ids[i], base.sig(i), base.ids[j], base.sig(j), 0.5, 0.6)
                  for i, j in zip(first.tolist(), second.tolist(), strict=True)]
    assert judged == [m for m in one_by_one if m is not None]
    assert matches._shared(base, first, second).tolist() == [
        matches.compare(base.sig(i), base.sig(j))[2]
        for i, j in zip(first.tolist(), second.tolist(), strict=True)]


def test_the_figure_pattern_is_the_one_it_replaces() -> None:
    import random
    import re

    from bulletin.check.prose import _FIGURE

    before = re.compile(r"(?<![A-Za-z0-9_.])\d{1,3}(?:,\d{3})+(?:\.\d+)?"
                        r"|(?<![A-Za-z0-9_.,])\d+(?:\.\d+)?")
    rng = random.Random(3)
    for _ in range(20_000):
        text = "".join(rng.choice("0123456789,. a_Z-١２") for _ in range(rng.randrange(1, 14)))
        assert [m.span() for m in _FIGURE.finditer(text)] == \
            [m.span() for m in before.finditer(text)], text


def test_sketches_by_blocks_are_the_sketches(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from bulletin.check.similarity import sketches
    from bulletin.check.similarity.arrays import concatenate
    from bulletin.check.similarity.signatures import signature

    texts = ["", "one two", *(" ".join(f"word{chr(97 + n % 26)}{n}" for n in range(k, 3 * k))
                              for k in range(1, 40))]
    sigs = [signature(t) for t in texts]
    hashes, offsets = concatenate(sigs)
    whole = sketches.sketches(hashes, offsets)
    monkeypatch.setattr(sketches, "_SKETCH_BLOCK", 3)
    assert np.array_equal(sketches.sketches(hashes, offsets), whole)


def test_a_bulletin_without_items_is_checked_and_cached(bulletin_repo: BulletinRepo) -> None:
    assert run(bulletin_repo) == run(bulletin_repo, cache=False) == run(bulletin_repo) == []


@pytest.mark.parametrize("how", ["zeroed", "scrambled"])
def test_lost_blobs_are_made_again_from_the_files(filled: BulletinRepo, how: str) -> None:
    """The index is intact but the blobs after it are not: every lazily read field and
    cached finding comes from the file again, and a full check rewrites them."""
    reference = run(filled, cache=False)
    run(filled)
    target = layout.cache_file(cache_folder(filled.root))
    blob = bytearray(target.read_bytes())
    start = layout.HEADER.size + sum(layout.HEADER.unpack_from(blob)[4:6])  # after the index
    end = len(blob)
    assert end > start
    blob[start:end] = bytes(end - start) if how == "zeroed" else bytes(
        (b * 7 + 3) % 256 for b in blob[start:end])
    target.write_bytes(bytes(blob))
    key = global_key((filled.root / "bulletin.yml").read_bytes())
    assert read_cache(cache_folder(filled.root), key) is not None  # the index still reads
    assert run(filled) == reference
    assert run(filled) == reference


def test_lost_blobs_in_a_pull_request_check(filled: BulletinRepo) -> None:
    filled.git("add", "-A")
    filled.git("commit", "-qm", "main")
    run(filled)
    target = layout.cache_file(cache_folder(filled.root))
    blob = bytearray(target.read_bytes())
    start = layout.HEADER.size + sum(layout.HEADER.unpack_from(blob)[4:6])  # after the index
    blob[start:] = bytes(len(blob) - start)
    target.write_bytes(bytes(blob))
    filled.git("checkout", "-qb", "feature")
    filled.item("later", date=dt.date(2026, 11, 26), body=COPY_BODY)
    args = ["check", "--repo", str(filled.root), "--format", "json", "--changed-since", "main"]
    warm = CliRunner().invoke(main, args)
    assert warm.exception is None or isinstance(warm.exception, SystemExit)
    assert warm.stdout == CliRunner().invoke(main, [*args, "--no-cache"]).stdout


def test_cached_items_read_their_blobs_only_when_asked(filled: BulletinRepo) -> None:
    from bulletin.load.repository import load_repository

    run(filled)
    policy = load_policy(filled.root).policy
    assert policy is not None
    job = Job(filled.root, policy, {c: r.defaults() for c, r in REGISTRY.items()},
              tuple(c for c, r in REGISTRY.items() if r.scope == "item" and r.per_file))
    files = collect(job, cache_folder(filled.root))
    assert files.blobs is not None
    repo, _ = files.repository()
    loaded, _ = load_repository(filled.root, policy)
    by_path = {item.path: item for item in loaded.items}
    for item in repo.items:
        assert "_lazy" in vars(item) and "title" not in vars(item)
        original = by_path[item.path]
        original.body = ""
        assert [getattr(item, f.name) for f in dataclasses.fields(Item)] == \
            [getattr(original, f.name) for f in dataclasses.fields(Item)]
        assert "_lazy" not in vars(item)


def test_stale_compares_keys_all_at_once_as_one_by_one() -> None:
    from bulletin.check.similarity.index import Doc, SimilarityIndex
    from bulletin.check.similarity.signatures import content_key

    texts = {f"d{n}": f"text number {n} " * 5 for n in range(12)}
    index = SimilarityIndex(None)
    index.update(Doc(i, t) for i, t in texts.items())
    index._compact()
    now = {i: content_key(t) for i, t in texts.items() if i not in ("d3", "d7")}
    now["d5"] = content_key("another text")
    now["new"] = content_key("a new text")
    expected = (["d5", "new"], ["d3", "d7"])
    assert index.stale(now) == expected
    now["odd"] = b"short"  # not a key of this index: the one-by-one way
    assert index.stale(now) == (["d5", "new", "odd"], ["d3", "d7"])
    assert SimilarityIndex(None).stale({}) == ([], [])
    assert SimilarityIndex(None).stale({"a": content_key("a")}) == (["a"], [])


def test_after_saving_the_blobs_are_read_from_the_file(filled: BulletinRepo) -> None:
    """A cold check does not keep every item's blob in memory once it has written them."""
    from bulletin.check.files import release_memory
    from bulletin.load.repository import load_repository

    policy = load_policy(filled.root).policy
    assert policy is not None
    job = Job(filled.root, policy, {c: r.defaults() for c, r in REGISTRY.items()},
              tuple(c for c, r in REGISTRY.items() if r.scope == "item" and r.per_file))
    files = collect(job, cache_folder(filled.root))
    assert files.blobs is None and files.save()
    assert files.blobs is not None
    items = [r for r in files.records.values() if r.kind == "item"]
    assert items and all(isinstance(r.value["_lazy"], int) for r in items)
    repo, _ = files.repository()
    release_memory()
    loaded, _ = load_repository(filled.root, policy)
    by_path = {item.path: item for item in loaded.items}
    for item in repo.items:
        by_path[item.path].body = ""
        assert [getattr(item, f.name) for f in dataclasses.fields(Item)] == \
            [getattr(by_path[item.path], f.name) for f in dataclasses.fields(Item)]
