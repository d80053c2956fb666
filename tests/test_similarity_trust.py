"""The near-duplicate index file is trusted without its checksums only while it is the
very file last known whole (its stamp and stat data in ``verified``); any other file
is verified as before, and a pull request's check on a trusted index still sees every
edited, added and removed item."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bulletin.check.files import cache_folder
from bulletin.check.similarity.index import SimilarityIndex
from bulletin.check.similarity.store import INDEX_FILE, VERIFIED, default_cache_dir
from conftest import BulletinRepo
from test_check_cache import COPY_BODY
from test_check_focus import _agrees, _on_a_branch, filled  # noqa: F401 - a fixture
from test_similarity import BASE, DENGUE_COPY, FLOOD_COPY, _flip_in_section

DOCS = [*BASE, FLOOD_COPY, DENGUE_COPY]


def _saved(tmp_path: Path) -> tuple[Path, list[object]]:
    """An index of DOCS saved in a cache folder, and the pairs it finds with FLOOD_COPY."""
    cache = default_cache_dir(tmp_path)
    assert cache is not None
    index = SimilarityIndex.open(cache)
    index.sync(DOCS)
    expected = [m for m in index.near_duplicates() if FLOOD_COPY.id in (m.a, m.b)]
    assert expected  # the comparisons below are not of empty lists
    index.save()
    return cache, list(expected)


def test_a_saved_index_is_read_without_its_checksums(tmp_path: Path) -> None:
    cache, expected = _saved(tmp_path)
    for lazy in (True, False):
        index = SimilarityIndex.open(cache, lazy=lazy)
        assert index.stats.trusted and index._base.check is None
        assert index.stats.rebuilt is None and index.stats.loaded == len(DOCS)
        assert index.pairs_with([FLOOD_COPY.id], [], []) == expected


def test_an_index_changed_in_place_is_verified_and_found_damaged(tmp_path: Path) -> None:
    cache, _ = _saved(tmp_path)
    _flip_in_section(cache / INDEX_FILE, "hashes")  # same size, same inode: new times
    lazy = SimilarityIndex.open(cache, lazy=True)
    assert not lazy.stats.trusted and lazy._base.check is not None
    index = SimilarityIndex.open(cache)
    assert not index.stats.trusted and index.stats.rebuilt is not None


def test_a_copied_index_is_verified_once_then_trusted(tmp_path: Path) -> None:
    """A CI cache restored is a new file: its checksums are read, all of them once."""
    cache, expected = _saved(tmp_path)
    copy = cache / "restored"
    shutil.copyfile(cache / INDEX_FILE, copy)
    os.replace(copy, cache / INDEX_FILE)
    lazy = SimilarityIndex.open(cache, lazy=True)
    assert not lazy.stats.trusted and lazy.pairs_with([FLOOD_COPY.id], [], []) == expected
    whole = SimilarityIndex.open(cache)  # every checksum verified: known whole now
    assert not whole.stats.trusted and whole.stats.rebuilt is None
    again = SimilarityIndex.open(cache, lazy=True)
    assert again.stats.trusted and again.pairs_with([FLOOD_COPY.id], [], []) == expected


def test_a_damaged_copy_is_not_trusted(tmp_path: Path) -> None:
    cache, _ = _saved(tmp_path)
    copy = cache / "restored"
    shutil.copyfile(cache / INDEX_FILE, copy)
    _flip_in_section(copy, "bands")
    os.replace(copy, cache / INDEX_FILE)
    index = SimilarityIndex.open(cache)
    assert not index.stats.trusted and index.stats.rebuilt is not None
    assert not SimilarityIndex.open(cache, lazy=True).stats.trusted  # nor marked whole


@pytest.mark.parametrize("record", ["", "garbage", "0 0 0 0 0 0", "\xff\xfe",
                                    "stamp-of-another-file {identity}"])
def test_a_record_of_another_file_is_ignored(tmp_path: Path, record: str) -> None:
    cache, expected = _saved(tmp_path)
    good = (cache / VERIFIED).read_text(encoding="utf-8").split(" ", 1)
    (cache / VERIFIED).write_text(record.format(identity=good[1].strip()), encoding="utf-8")
    index = SimilarityIndex.open(cache, lazy=True)
    assert not index.stats.trusted and index.pairs_with([FLOOD_COPY.id], [], []) == expected


def _q201(found: list[tuple[object, ...]]) -> set[str]:
    return {Path(str(d[0])).name for d in found if d[3] == "Q201"}


def _edit_into_a_copy(repo: BulletinRepo) -> None:
    path = repo.root / "items/water/2026/2026-11-18-reservoir-levels-fall.md"
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n")
    path.write_text(f"{head}\n---\n{COPY_BODY}", encoding="utf-8")


def _add_a_copy(repo: BulletinRepo) -> None:
    repo.item("copy-three", body=COPY_BODY, unit="health", date=dt.date(2026, 11, 26))


def _remove_one_of_a_pair(repo: BulletinRepo) -> None:
    (repo.root / "items/water/2026/2026-11-10-copy-one.md").unlink()


@pytest.mark.parametrize(("change", "expected"), [
    (_edit_into_a_copy, {"2026-11-18-reservoir-levels-fall.md"}),
    (_add_a_copy, {"2026-11-26-copy-three.md"}),
    (_remove_one_of_a_pair, set()),
])
def test_a_pull_request_on_a_trusted_index_sees_every_change(
        filled: BulletinRepo, change: object, expected: set[str]) -> None:  # noqa: F811
    assert callable(change)
    present = _on_a_branch(filled, change)  # main checked: the index saved, known whole
    folder = cache_folder(filled.root) / "similarity"
    assert SimilarityIndex.open(folder, lazy=True).stats.trusted
    found = _agrees(filled, present)  # the same as a full, uncached check on its files
    assert _q201([d for d in found if d[0] in present]) == expected
    if change is _remove_one_of_a_pair:  # its pair is gone with it, everywhere
        assert "2026-11-12-copy-two.md" not in _q201(found)


def _rewrite_header(path: Path, change: Callable[[dict[str, Any], bytes], None]) -> None:
    """Rewrite the JSON header of an index file with ``change(header, sections)``."""
    from bulletin.check.similarity import store

    data = path.read_bytes()
    magic, version, length = store._HEADER.unpack_from(data, 0)
    end = store._HEADER.size + length
    header = json.loads(data[store._HEADER.size:end])
    sections = data[end + (-end % 8):]
    change(header, sections)
    raw = json.dumps(header, sort_keys=True).encode()
    top = store._HEADER.pack(magic, version, len(raw)) + raw
    path.write_bytes(top + b"\0" * (-len(top) % 8) + sections)


def _as_written_before(header: dict[str, Any], sections: bytes) -> None:
    """Megabyte checksums, the chunk not named: a file of the version before."""
    from bulletin.check.similarity.arrays import OLD_CRC_CHUNK, SECTIONS, chunk_crcs

    del header["chunk"]
    pos = 0
    for name in SECTIONS:
        size = header["sizes"][name]
        header["crcs"][name] = chunk_crcs(memoryview(sections[pos:pos + size]), OLD_CRC_CHUNK)
        pos += size + (-size % 8)


def test_an_index_of_the_version_before_is_read_with_its_megabyte_checksums(
        tmp_path: Path) -> None:
    cache, expected = _saved(tmp_path)
    _rewrite_header(cache / INDEX_FILE, _as_written_before)
    lazy = SimilarityIndex.open(cache, lazy=True)
    assert lazy.stats.rebuilt is None and not lazy.stats.trusted
    assert lazy.pairs_with([FLOOD_COPY.id], [], []) == expected
    whole = SimilarityIndex.open(cache)
    assert whole.stats.rebuilt is None and whole.stats.loaded == len(DOCS)
    _flip_in_section(cache / INDEX_FILE, "sketch")  # and its checksums still find damage
    assert SimilarityIndex.open(cache).stats.rebuilt is not None


@pytest.mark.parametrize("chunk", [0, 3, 1 << 11, 3 << 14, 1 << 21, "16384", None, True])
def test_an_index_naming_a_bad_chunk_is_rebuilt(tmp_path: Path, chunk: object) -> None:
    cache, _ = _saved(tmp_path)
    _rewrite_header(cache / INDEX_FILE, lambda header, _: header.update(chunk=chunk))
    index = SimilarityIndex.open(cache)
    assert index.stats.rebuilt is not None and len(index) == 0


def test_a_question_about_one_item_reads_a_few_chunks(tmp_path: Path) -> None:
    """A lazy index not known whole verifies the chunks a question reads: a few of
    the signatures' and sketches', not all."""
    import random

    from bulletin.check.similarity.index import Doc

    rng = random.Random(7)
    words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(3000)]
    docs = [*DOCS, *(Doc(f"items/x/2026/2026-01-01-filler-{n:03d}.md",
                         " ".join(rng.choices(words, k=250))) for n in range(300))]
    cache = default_cache_dir(tmp_path)
    assert cache is not None
    index = SimilarityIndex.open(cache)
    index.sync(docs)
    expected = [m for m in index.near_duplicates() if FLOOD_COPY.id in (m.a, m.b)]
    index.save()
    (cache / VERIFIED).unlink()
    lazy = SimilarityIndex.open(cache, lazy=True)
    assert not lazy.stats.trusted
    assert expected and lazy.pairs_with([FLOOD_COPY.id], [], []) == expected
    check = lazy._base.check
    assert check is not None
    for name in ("hashes", "sketch"):
        assert len(check._done[name]) > 8  # many chunks, of which few were read
        assert 0 < sum(check._done[name]) < len(check._done[name]) / 4
