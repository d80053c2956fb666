"""The build's snapshot of the parsed repository (``site/snapshot.py``) gives what
``load_repository`` gives, whatever changed since the snapshot was taken."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from bulletin.load.read import MAX_BYTES, Text
from bulletin.load.repository import load_policy, load_repository
from bulletin.model import Item, Repository
from bulletin.site import snapshot
from bulletin.site.snapshot import load_site_repository
from conftest import POLICY, BulletinRepo

BIG = "items/water/2026/2026-11-25-big.md"
RESPONSES = """\
- item: 2026-11-18-reservoir-levels-fall
  by: Mayor
  rank: mayor
  date: 2026-11-21
  kind: instruction
  note: Keep me informed.
"""


@pytest.fixture
def repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    """Good and bad items, an image, a stray file, a link, editions and responses."""
    r = bulletin_repo
    r.item("reservoir-levels-fall")
    r.item("intake-silt", date=dt.date(2026, 11, 19), title="Silt blocks the intake",
           category="problem", sources=["Intake log"], embargo="2026-11-30T09:00:00",
           body="## Problem\n\nFlow fell.\n\n<!-- bulletin-ignore Q505: quoted -->\nOK.\n")
    r.write("items/water/2026/2026-11-20-broken.md", "---\ntitle: [unclosed\n---\nBody\n")
    r.write("items/water/2026/2026-11-21-latin1.md", b"---\ntitle: caf\xe9\n---\n")
    r.write("items/water/2026/2026-11-22-dupe.md", "---\ntitle: A\ntitle: B\n---\nBody\n")
    r.write(BIG, "---\ntitle: Big\n---\n" + "x" * MAX_BYTES)  # refused unread
    r.write("items/water/2026/chart.png", b"\x89PNG\r\n")
    r.write("items/water/2026/notes.txt", "not an item\n")
    r.write("items/README.md", "# Items\n")
    os.symlink("2026-11-18-reservoir-levels-fall.md",
               r.root / "items/water/2026/2026-11-23-link.md")
    r.edition(1, ["2026-11-18-reservoir-levels-fall"])
    r.write("bulletins/2026/002.yml", "number: [\n")
    r.write("bulletins/2026/responses.yml", RESPONSES)
    return r


def _without_positions(item: Item) -> dict[str, Any]:
    fields = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}
    meta = fields.pop("meta")
    return {**fields, "data": meta.data, "problems": meta.problems}


def _assert_same(ours: Repository, theirs: Repository) -> None:
    """Equal but for the positions of items' front-matter values (never kept)."""
    assert ours.files == theirs.files
    assert [_without_positions(i) for i in ours.items] == \
        [_without_positions(i) for i in theirs.items]
    assert all(not i.meta.values and not i.meta.keys for i in ours.items)
    assert ours.editions == theirs.editions  # with their positions
    assert ours.responses == theirs.responses


def _loads(repo: BulletinRepo, cache: Path,
           parsed: list[str] | None = None) -> tuple[Repository, Repository]:
    """(the snapshot's repository, load_repository's) for the repository as it is now;
    ``parsed`` is left holding what the snapshot's load parsed."""
    policy = load_policy(repo.root).policy
    assert policy is not None
    fresh = load_repository(repo.root, policy)[0]
    if parsed is not None:
        parsed.clear()
    return load_site_repository(repo.root, policy, cache), fresh


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the items parsed from now on (the real parser runs)."""
    paths: list[str] = []
    real = snapshot.parse_item

    def parse_item(out: Text, policy: Any) -> Any:
        paths.append(out.path)
        return real(out, policy)

    monkeypatch.setattr(snapshot, "parse_item", parse_item)
    return paths


def test_a_first_and_a_second_load_equal_load_repository(repo: BulletinRepo, tmp_path: Path,
                                                         parsed: list[str]) -> None:
    first, fresh = _loads(repo, tmp_path, parsed)
    _assert_same(first, fresh)
    assert (tmp_path / snapshot.FILE).is_file()
    assert len(first.items) == 6 and first.responses and len(first.editions) == 1
    assert len(parsed) == 6
    second, fresh = _loads(repo, tmp_path, parsed)
    _assert_same(second, fresh)
    assert parsed == [BIG]  # not read, so not kept


def test_changes_show_in_the_next_load(repo: BulletinRepo, tmp_path: Path,
                                       parsed: list[str]) -> None:
    _loads(repo, tmp_path)
    changed = repo.item("reservoir-levels-fall", title="Reservoir levels recover",
                        tags=["water"])
    (repo.root / "items/water/2026/2026-11-22-dupe.md").unlink()
    os.rename(repo.root / "items/water/2026/2026-11-20-broken.md",
              repo.root / "items/water/2026/2026-11-24-broken.md")
    repo.edition(1, ["2026-11-19-intake-silt"])
    repo.write("bulletins/2026/responses.yml", RESPONSES.replace("Mayor", "Deputy Mayor"))
    ours, fresh = _loads(repo, tmp_path, parsed)
    _assert_same(ours, fresh)
    assert ours.items[0].title == "Reservoir levels recover"
    assert ours.editions[0].sections[0].items == ("2026-11-19-intake-silt",)
    assert ours.responses[0].by == "Deputy Mayor"
    assert "items/water/2026/2026-11-22-dupe.md" not in ours.files
    # only what changed (or cannot be kept) was parsed again; a moved file is new
    assert sorted(parsed) == sorted([changed, BIG, "items/water/2026/2026-11-24-broken.md"])


def test_a_changed_policy_parses_everything_again(repo: BulletinRepo, tmp_path: Path,
                                                  parsed: list[str]) -> None:
    before, _ = _loads(repo, tmp_path)
    embargo = next(i.embargo for i in before.items if i.embargo)
    assert embargo.utcoffset() == dt.timedelta(hours=8)  # read in the policy's time zone
    repo.write("bulletin.yml", POLICY.replace("Asia/Shanghai", "Europe/London"))
    ours, fresh = _loads(repo, tmp_path, parsed)
    _assert_same(ours, fresh)
    assert len(parsed) == 6
    assert next(i.embargo for i in ours.items if i.embargo).utcoffset() == dt.timedelta(0)


def test_a_damaged_snapshot_is_ignored(repo: BulletinRepo, tmp_path: Path) -> None:
    _loads(repo, tmp_path)
    (tmp_path / snapshot.FILE).write_bytes(b"\xfb\x05 not marshal data")
    ours, fresh = _loads(repo, tmp_path)
    _assert_same(ours, fresh)
    again, _ = _loads(repo, tmp_path)  # and it was written anew
    _assert_same(again, fresh)


class _Planted:
    """What a pickle would run when loaded: it leaves a file behind."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.write_text, (self.marker, "code from the cache ran"))


def test_a_snapshot_is_plain_data_and_never_runs_code(repo: BulletinRepo,
                                                      tmp_path: Path) -> None:
    import marshal
    import pickle

    _loads(repo, tmp_path)
    data = (tmp_path / snapshot.FILE).read_bytes()
    assert data.startswith(snapshot.MAGIC)  # then a checksum of the rest
    stored = marshal.loads(data[len(snapshot.MAGIC) + snapshot.DIGEST:])
    assert set(stored) == {"key", "files"}  # marshal: plain values only
    marker = tmp_path / "ran"
    (tmp_path / snapshot.FILE).write_bytes(pickle.dumps(_Planted(marker)))  # e.g. committed
    ours, fresh = _loads(repo, tmp_path)
    _assert_same(ours, fresh)
    assert not marker.exists()


def test_without_a_cache_folder_nothing_is_kept(repo: BulletinRepo, tmp_path: Path) -> None:
    policy = load_policy(repo.root).policy
    assert policy is not None
    ours = load_site_repository(repo.root, policy, None)
    _assert_same(ours, load_repository(repo.root, policy)[0])
    assert not any(repo.root.rglob(snapshot.FILE)) and not any(tmp_path.rglob(snapshot.FILE))


def test_items_of_two_loads_are_separate_objects(repo: BulletinRepo, tmp_path: Path) -> None:
    first, _ = _loads(repo, tmp_path)
    first.items[0].tags.append("changed by the first build")
    second, fresh = _loads(repo, tmp_path)
    _assert_same(second, fresh)


def test_files_parsed_in_two_processes_are_the_same(repo: BulletinRepo, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin.site import parallel

    monkeypatch.setattr(snapshot, "MIN_PARSE", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    forks: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(parallel.os, "fork", fork)
    (tmp_path / "cache").mkdir()
    ours, fresh = _loads(repo, tmp_path / "cache")
    assert forks  # half the files were parsed by a child
    _assert_same(ours, fresh)
    forks.clear()
    again, fresh = _loads(repo, tmp_path / "cache")  # the child's parses were kept
    assert forks == []
    _assert_same(again, fresh)
