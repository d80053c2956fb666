"""A pull request's check reads the base commit's records on demand, and finds on the
changed files exactly what a full, uncached check finds there."""

from __future__ import annotations

import datetime as dt
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bulletin.check import files
from bulletin.check.analyse import Job
from bulletin.check.cache import layout
from bulletin.check.cache.key import global_key
from bulletin.check.cache.records import Columns, Record
from bulletin.check.cache.stored import StoredRecords, read_cache
from bulletin.check.engine import check_repository
from bulletin.check.files import SYNCED, cache_folder, collect
from bulletin.check.focus import FocusedRepository
from bulletin.check.rules import REGISTRY
from bulletin.check.similarity.index import SimilarityIndex
from bulletin.git.history import changes_since
from bulletin.load.repository import load_policy
from conftest import TODAY, BulletinRepo
from test_check_cache import COPY_BODY, everything, fill


def _new_items(repo: BulletinRepo) -> None:
    repo.item("copy-three", body=COPY_BODY, unit="health", date=dt.date(2026, 11, 26))
    repo.item("dup", path="items/health/2026/2026-11-18-reservoir-levels-fall.md",
              unit="health")  # the id of an item on main, in another unit
    repo.item("fixes", corrects="2026-11-18-no-such-item", date=dt.date(2026, 11, 26))
    repo.item("ceiling", classification="restricted", date=dt.date(2026, 11, 26))


def _edits(repo: BulletinRepo) -> None:
    path = repo.root / "items/health/2026/2026-11-12-copy-two.md"
    path.write_text(path.read_text().replace("Telemetry", "It is worth noting that telemetry"))
    (repo.root / "items/health/2026/2026-11-18-reservoir-levels-fall-2.md").unlink()
    repo.git("mv", "items/water/2026/2026-11-19-correction.md",
             "items/water/2026/2026-11-19-correction-of-levels.md")


def _editions(repo: BulletinRepo) -> None:
    repo.edition(2, ["2026-11-10-copy-one", "2026-11-18-reservoir-levels-fall",
                     "2026-11-25-missing-too"], date="2026-11-24")
    repo.edition(3, ["2026-11-18-reservoir-levels-fall"], date="2026-11-26")
    (repo.root / "items/water/2026/2026-11-10-copy-one.md").unlink()  # edition 1 lists it
    repo.write("bulletins/2026/responses.yml", textwrap.dedent("""\
        - item: 2026-11-12-copy-two
          by: Mayor
          date: 2026-11-19
          kind: endorsement
        - item: 2026-11-12-no-such
          by: Mayor
          date: 2026-11-21
          kind: instruction
        """))


CHANGES: dict[str, Callable[[BulletinRepo], None]] = {
    "new items": _new_items, "edits, a deletion and a rename": _edits,
    "editions and responses": _editions,
    "all at once": lambda repo: (_new_items(repo), _edits(repo), _editions(repo)),
}


def _on_a_branch(repo: BulletinRepo, change: Callable[[BulletinRepo], None]) -> set[str]:
    """Commit main, check it (a warm cache of main), branch and change; the changed paths."""
    repo.git("add", "-A")
    repo.git("commit", "-qm", "main")
    check_repository(repo.root, today=TODAY)
    repo.git("checkout", "-qb", "feature")
    change(repo)
    return changes_since(repo.root, "main").present


def _agrees(repo: BulletinRepo, present: set[str]) -> list[tuple[object, ...]]:
    """The pull request's findings, having checked they are the full, uncached check's
    on its files."""
    fast = check_repository(repo.root, today=TODAY, only=present.__contains__,
                            changes=changes_since(repo.root, "main"))
    full = check_repository(repo.root, today=TODAY, cache=False)
    return _as_full(fast, full, present)


def _as_full(fast: Any, full: Any, present: set[str]) -> list[tuple[object, ...]]:
    """``fast``'s findings, having checked them against the full check's: on the pull
    request's files, the same; on the files its change broke (``fast.related``),
    some of the full check's (those that name what the change touched)."""
    mine = everything(fast)
    wanted = present | {"bulletin.yml"}
    assert [d for d in mine if d[0] in wanted] == \
        [d for d in everything(full) if d[0] in wanted]
    elsewhere = [d for d in mine if d[0] not in wanted]
    assert {d[0] for d in elsewhere} == set(fast.related)
    assert set(elsewhere) <= set(everything(full))
    return mine


@pytest.fixture
def filled(bulletin_repo: BulletinRepo) -> BulletinRepo:
    fill(bulletin_repo)
    policy = bulletin_repo.root / "bulletin.yml"
    policy.write_text(policy.read_text() + "ceiling: internal\n")
    return bulletin_repo


@pytest.mark.parametrize("name", CHANGES)
def test_a_pull_request_finds_on_its_files_what_a_full_check_finds(filled: BulletinRepo,
                                                                   name: str) -> None:
    present = _on_a_branch(filled, CHANGES[name])
    changes = changes_since(filled.root, "main")
    fast = check_repository(filled.root, today=TODAY, only=present.__contains__,
                            changes=changes)
    full = check_repository(filled.root, today=TODAY, cache=False)
    assert isinstance(fast.repo, FocusedRepository)  # the records were read on demand
    assert len(fast.repo.lazy._made) < len(fast.repo.items)  # not every item was unpacked
    mine = _as_full(fast, full, present)
    assert {d[0] for d in mine} <= present | fast.related | {"bulletin.yml"}
    assert mine  # each change brings findings: the comparison is not of two empty lists


def test_the_changes_bring_the_cross_file_findings(filled: BulletinRepo) -> None:
    present = _on_a_branch(filled, CHANGES["all at once"])
    result = check_repository(filled.root, today=TODAY, only=present.__contains__,
                              changes=changes_since(filled.root, "main"))
    codes = {(Path(d.path).name, d.code) for d in result.diagnostics}
    assert {("2026-11-26-copy-three.md", "Q201"),
            ("2026-11-18-reservoir-levels-fall.md", "S012"),
            ("2026-11-26-fixes.md", "S022"), ("2026-11-26-ceiling.md", "C001"),
            ("002.yml", "E001"), ("002.yml", "E002"), ("003.yml", "E002"),
            ("responses.yml", "E007")} <= codes


def test_merged_records_are_those_of_the_walk(filled: BulletinRepo) -> None:
    _on_a_branch(filled, CHANGES["all at once"])
    policy = load_policy(filled.root).policy
    assert policy is not None
    job = Job(filled.root, policy, {c: r.defaults() for c, r in REGISTRY.items()},
              tuple(c for c, r in REGISTRY.items() if r.scope == "item" and r.per_file))
    merged = collect(job, cache_folder(filled.root),
                     changes=changes_since(filled.root, "main")).records
    walked = collect(job, None).records
    assert isinstance(merged, files.Merged)
    for column in ("paths", "kinds", "ids", "corrects"):
        assert getattr(merged, column) == getattr(walked, column), column
    assert [r.sha for r in merged.values()] == [r.sha for r in walked.values()]


def _pull_request_files(repo: BulletinRepo) -> tuple[files.Files, Callable[[str], bool]]:
    policy = load_policy(repo.root).policy
    assert policy is not None
    job = Job(repo.root, policy, {c: r.defaults() for c, r in REGISTRY.items()},
              tuple(c for c, r in REGISTRY.items() if r.scope == "item" and r.per_file))
    changes = changes_since(repo.root, "main")
    return collect(job, cache_folder(repo.root), changes=changes), changes.present.__contains__


def test_a_synced_index_is_asked_only_about_the_changes(filled: BulletinRepo) -> None:
    _on_a_branch(filled, CHANGES["all at once"])
    folder = cache_folder(filled.root) / "similarity"
    index = SimilarityIndex.open(folder)
    stamp, token = (folder / SYNCED).read_text().split()
    assert stamp == index.stamp != ""
    pr, only = _pull_request_files(filled)
    assert pr.token == token and pr.merged is not None
    synced = pr._delta(index, folder, only)
    pr.token = ""  # as if the index were of other records: every key is compared
    compared = pr._delta(index, folder, only)
    assert synced is not None and compared is not None
    assert sorted(synced[0]) == sorted(compared[0])
    assert synced[1] == compared[1] and sorted(synced[2]) == sorted(compared[2])
    assert synced[1] and synced[2]  # there is something to add and something to drop


@pytest.mark.parametrize("damage", ["missing", "garbage", "another stamp"])
def test_an_index_not_known_to_be_synced_is_compared_key_by_key(filled: BulletinRepo,
                                                                damage: str) -> None:
    present = _on_a_branch(filled, CHANGES["all at once"])
    synced = cache_folder(filled.root) / "similarity" / SYNCED
    if damage == "missing":
        synced.unlink()
    else:
        token = synced.read_text().split()[1]
        synced.write_text("\0\1 not a stamp" if damage == "garbage" else f"ab12 {token}\n")
    assert any(d[3] == "Q201" for d in _agrees(filled, present))


def test_stored_records_are_unpacked_a_block_at_a_time(filled: BulletinRepo,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "RECORDS_PER_BLOCK", 3)
    reference = everything(check_repository(filled.root, today=TODAY, cache=False))
    assert everything(check_repository(filled.root, today=TODAY)) == reference
    key = global_key((filled.root / "bulletin.yml").read_bytes())
    stored = read_cache(cache_folder(filled.root), key)
    assert stored is not None and isinstance(stored.records, StoredRecords)
    records = stored.records
    assert len(records) > 9 and not records._blocks
    at = len(records) // 2
    assert records.record(at).kind == records.kinds[at]
    assert list(records._blocks) == [at // 3]  # only the block that holds it
    assert [r.kind for r in records.values()] == records.kinds
    assert everything(check_repository(filled.root, today=TODAY)) == reference




@pytest.mark.parametrize("pull_request", [False, True])
def test_a_damaged_block_is_made_again_from_the_files(filled: BulletinRepo, pull_request: bool,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The directory is intact but a block of records is not: its files are read again,
    the findings do not change, and a full check writes the cache again."""
    monkeypatch.setattr(layout, "RECORDS_PER_BLOCK", 4)
    present = _on_a_branch(filled, CHANGES["new items"]) if pull_request else None
    reference = everything(check_repository(filled.root, today=TODAY, cache=False))
    if present is None:
        check_repository(filled.root, today=TODAY)
    else:  # a pull request's findings, the files its change broke included
        reference = everything(check_repository(filled.root, today=TODAY, cache=False,
                                                only=present.__contains__,
                                                changes=changes_since(filled.root, "main")))
    # the last block: it holds the editions and responses, which every check reads
    key = global_key((filled.root / "bulletin.yml").read_bytes())
    stored = read_cache(cache_folder(filled.root), key)
    assert stored is not None and isinstance(stored.records, StoredRecords)
    start, length, _ = stored.records._spans[-1]
    last = len(stored.records) - 1
    assert stored.records.kinds[last] != "item" and length > 60
    target = layout.cache_file(cache_folder(filled.root))
    data = bytearray(target.read_bytes())
    data[start + 10:start + 60] = bytes(50)
    target.write_bytes(bytes(data))
    stored = read_cache(cache_folder(filled.root), key)
    assert stored is not None and isinstance(stored.records, StoredRecords)
    with pytest.raises(ValueError, match="damaged"):  # nobody to make the records again
        stored.records.record(last)
    if present is None:
        assert everything(check_repository(filled.root, today=TODAY)) == reference
        again = read_cache(cache_folder(filled.root), key)
        assert again is not None and again.records.record(last).kind  # written again, whole
        assert target.read_bytes() != bytes(data)
    else:
        fast = check_repository(filled.root, today=TODAY, only=present.__contains__,
                                changes=changes_since(filled.root, "main"))
        assert everything(fast) == reference


def test_a_pull_request_with_a_damaged_index_finds_the_same(filled: BulletinRepo) -> None:
    from test_similarity import _flip_in_section

    present = _on_a_branch(filled, CHANGES["new items"])
    _flip_in_section(cache_folder(filled.root) / "similarity" / "index.bin", "hashes")
    assert any(d[3] == "Q201" for d in _agrees(filled, present))
    assert SimilarityIndex.open(cache_folder(filled.root) / "similarity").stats.rebuilt is None


@pytest.mark.parametrize("author", ["zhang.san", "li.na", "someone.else"])
def test_the_review_rules_find_the_same_in_a_pull_request(filled: BulletinRepo,
                                                          author: str) -> None:
    """G rules on a focused repository: another unit's item edited, a published item
    edited without a correction and one deleted, editions touched, a new item in a unit
    not the author's."""
    from bulletin.check.rules.review import Review
    from bulletin.git.history import published_at

    def edits(repo: BulletinRepo) -> None:
        _edits(repo)  # edits health's copy-two, deletes a health item, renames a water one
        published = repo.root / "items/water/2026/2026-11-18-reservoir-levels-fall.md"
        published.write_text(published.read_text().replace("Telemetry", "Gauges"))
        (repo.root / "items/water/2026/2026-11-10-copy-one.md").unlink()
        repo.edition(3, ["2026-11-12-copy-two"], date="2026-11-26")
        repo.item("elsewhere", unit="health", date=dt.date(2026, 11, 26))

    present = _on_a_branch(filled, edits)
    changes = changes_since(filled.root, "main")
    review = Review(author, changes, published_at(filled.root, changes.base))
    assert review.published  # the base had published items
    fast = check_repository(filled.root, today=TODAY, review=review,
                            only=(present | changes.deleted).__contains__, changes=changes)
    full = check_repository(filled.root, today=TODAY, review=review, cache=False)
    mine = _as_full(fast, full, present | changes.deleted)
    codes = {d[3] for d in mine if d[3].startswith("G")}
    expected = {"zhang.san": {"G001", "G002", "G003", "G004", "G005"},
                "li.na": {"G003", "G004"}, "someone.else": {"G001", "G002", "G003", "G004",
                                                            "G006"}}[author]
    assert expected <= codes


def test_records_find_items_by_id_from_the_column() -> None:
    def record(kind: str, item_id: str | None = None) -> Record:
        value = {"id": item_id, "corrects": None} if kind == "item" else None
        return Record(kind, None, "", False, b"", b"", value, None)

    records = Columns({
        "items/a/1.md": record("item", "x"), "items/a/2.md": record("item", "y"),
        "items/b/1.md": record("item", "x"), "items/b/3.md": record("item", "z"),
        "items/c/1.md": record("item", "x"), "bulletins/2026/001.yml": record("edition")})
    assert records.positions_of("x") == [0, 2, 4]
    assert records.positions_of("y") == [1] and records.positions_of("nope") == []
    assert records.duplicate_ids() == {"x"}
    assert set(records.item_ids()) == {"x", "y", "z"}  # not the edition's None


def test_a_cache_saved_at_an_older_commit_reads_only_what_changed_since(
        filled: BulletinRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI restores the cache of an older main, in a fresh clone (no file's stat data
    matches): the check asks git what changed since the cache's commit, and reads only
    those files, yet finds what a full check finds."""
    filled.git("add", "-A")
    filled.git("commit", "-qm", "main")
    check_repository(filled.root, today=TODAY)  # the cache: saved at this commit
    _new_items(filled)  # main moves on
    filled.git("add", "-A")
    filled.git("commit", "-qm", "main moves on")
    filled.git("checkout", "-qb", "feature")
    _edits(filled)
    for path in (filled.root / "items").rglob("*.md"):  # a fresh clone's stat data
        path.touch()
    read: list[str] = []
    real = files.analyse_all

    def spy(job: Job, todo: list[tuple[str, bool]], jobs: int | None = None) -> Any:
        read.extend(rel for rel, _ in todo)
        return real(job, todo, jobs)

    monkeypatch.setattr(files, "analyse_all", spy)
    changes = changes_since(filled.root, "main")
    fast = check_repository(filled.root, today=TODAY, only=changes.present.__contains__,
                            changes=changes)
    assert read and set(read) <= {
        "items/health/2026/2026-11-26-copy-three.md",
        "items/health/2026/2026-11-18-reservoir-levels-fall.md",
        "items/water/2026/2026-11-26-fixes.md", "items/water/2026/2026-11-26-ceiling.md",
        "items/health/2026/2026-11-12-copy-two.md",
        "items/water/2026/2026-11-19-correction-of-levels.md"}, read
    read.clear()
    full = check_repository(filled.root, today=TODAY, cache=False)
    assert len(read) > 12  # without the cache, every file is read
    assert _as_full(fast, full, changes.present)


def test_a_cache_saved_at_a_commit_this_clone_lacks_reads_every_file(
        filled: BulletinRepo) -> None:
    filled.git("add", "-A")
    filled.git("commit", "-qm", "main")
    check_repository(filled.root, today=TODAY)
    saved = filled.git("rev-parse", "HEAD").strip()
    branch = filled.git("branch", "--show-current").strip()
    filled.git("checkout", "-q", "--orphan", "other")  # a history without that commit
    filled.git("commit", "-qm", "another history")
    filled.git("branch", "-D", branch)
    filled.git("reflog", "expire", "--expire=now", "--all")
    filled.git("gc", "-q", "--prune=now")
    assert subprocess.run(["git", "cat-file", "-e", saved], cwd=filled.root).returncode != 0
    path = filled.root / "items/health/2026/2026-11-12-copy-two.md"
    path.write_text(path.read_text().replace("Telemetry", "It is worth noting that telemetry"))
    cached = everything(check_repository(filled.root, today=TODAY))
    assert cached == everything(check_repository(filled.root, today=TODAY, cache=False))


def test_a_check_outside_a_pull_request_saves_the_cache_at_the_new_commit(
        filled: BulletinRepo) -> None:
    """Only a pull request's check reads a cache of an older commit through git's diff
    (and saves nothing); a check of one's own working tree brings it up to HEAD and
    saves it there, so the next check starts from HEAD, not from an ever older commit."""
    filled.git("add", "-A")
    filled.git("commit", "-qm", "main")
    check_repository(filled.root, today=TODAY)
    _new_items(filled)
    filled.git("add", "-A")
    filled.git("commit", "-qm", "main moves on")
    check_repository(filled.root, today=TODAY)
    key = global_key((filled.root / "bulletin.yml").read_bytes())
    stored = read_cache(cache_folder(filled.root), key)
    assert stored is not None and stored.head == filled.git("rev-parse", "HEAD").strip()
