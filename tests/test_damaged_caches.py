"""Issue 16, finding 10: a damaged build cache is found, dropped and made anew.

Every cache the build reads back carries a checksum: an entry of the SQLite
file, ``repository.bin``, a compiled template, a Pagefind bundle. A damaged one
costs time, never a traceback, and never reaches the site; Pagefind files in the
site folder that are not this build's index are replaced. Each test damages a real
build's cache and compares the next build with a clean one, file for file.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.site import snapshot
from bulletin.site.build import build_site
from conftest import BulletinRepo, add_site_config, cache_of

AS_OF = "2026-11-28T12:00:00+08:00"


@pytest.fixture
def repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    """Four items (one Chinese), two in an edition, with a site configuration."""
    add_site_config(bulletin_repo)
    r = bulletin_repo
    r.item("reservoir-levels-fall", classification="public", tags=["water"])
    r.item("intake-silt", date=dt.date(2026, 11, 19), title="Silt blocks the Xishan intake",
           category="problem", sources=["Intake log"],
           body="## Problem\n\nFlow fell.\n\n## Causes\n\nSilt.\n\n## Suggestions\n\nDredge.\n")
    r.item("clinic-queues", unit="health", date=dt.date(2026, 11, 20),
           title="发热门诊排队时间超过三小时", summary="两家发热门诊候诊时间达三小时。",
           body="第一段\n第二段。\n")
    r.item("pump-failure", date=dt.date(2026, 11, 21), title="Pump station fails in Nanhu")
    r.edition(1, ["2026-11-18-reservoir-levels-fall", "2026-11-19-intake-silt"])
    return r


def build(repo: BulletinRepo, site: Path, **kwargs: bool) -> Path:
    return build_site(repo.root, site_dir=site, as_of=AS_OF, quiet=True, **kwargs)


def contents(site: Path) -> dict[str, object]:
    """The site's files, each as bytes to compare; of a Pagefind bundle, whose filter
    indexes Pagefind writes in varying order (a hash map's) under names that hash them,
    each page's fragment and the bundle's own files, and of the hashed index files how
    many there are of each kind (a damaged or planted file still shows)."""
    out: dict[str, object] = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            name = path.relative_to(site).as_posix()
            data = path.read_bytes()
            if path.suffix in (".gz", ".pf_fragment", ".pf_meta", ".pf_index", ".pf_filter"):
                data = gzip.decompress(data)  # the gzip header holds the time it was written
            top = name.split("/")[0]
            if top.startswith("pagefind") and path.suffix in (".pf_meta", ".pf_index",
                                                              ".pf_filter"):
                key = f"{top}/*{path.suffix}"
                out[key] = int(str(out.get(key, 0))) + 1
            elif top.startswith("pagefind") and path.suffix == ".pf_fragment":
                fragments = out.setdefault(f"{top}/fragments", [])
                assert isinstance(fragments, list)
                fragments.append(data)
                fragments.sort()
            elif path.name == "pagefind-entry.json":
                entry = json.loads(data)
                out[name] = sorted((lang, info.get("page_count")) for lang, info in
                                   entry.get("languages", {}).items())
            else:
                out[name] = data
    return out


def assert_clean(site: Path, repo: BulletinRepo, tmp_path: Path) -> None:
    """``site`` is file for file what a build without any cache makes."""
    clean = build(repo, tmp_path / "clean-reference", cache=False)
    a, b = contents(site), contents(clean)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def entries(repo: BulletinRepo) -> sqlite3.Connection:
    return sqlite3.connect(cache_of(repo.root) / "site-4.sqlite")


# --- the SQLite file -------------------------------------------------------------------


def test_a_damaged_page_entry_is_made_anew(repo: BulletinRepo, tmp_path: Path,
                                           caplog: pytest.LogCaptureFixture) -> None:
    """One invalid UTF-8 byte in a cached page broke every build with a traceback."""
    build(repo, tmp_path / "first")
    with entries(repo) as db:
        damaged = db.execute("UPDATE entries SET value = X'FF' || value "
                             "WHERE kind IN ('page', 'item-page', 'body')").rowcount
    assert damaged > 3
    with caplog.at_level(logging.WARNING, "mkdocs.plugins.bulletin"):
        site = build(repo, tmp_path / "second")  # a new folder: every page is read back
    assert caplog.text.count("is damaged; made anew") == damaged
    assert_clean(site, repo, tmp_path)
    with entries(repo) as db:  # replaced by what this build made
        bad = [kind for kind, value, crc in db.execute("SELECT kind, value, crc FROM entries")
               if value.startswith(b"\xff")]
    assert bad == []
    caplog.clear()
    with caplog.at_level(logging.WARNING, "mkdocs.plugins.bulletin"):
        build(repo, tmp_path / "third")
    assert "damaged" not in caplog.text


def test_a_damaged_database_is_replaced(repo: BulletinRepo, tmp_path: Path,
                                        caplog: pytest.LogCaptureFixture) -> None:
    build(repo, tmp_path / "first")
    path = cache_of(repo.root) / "site-4.sqlite"
    data = bytearray(path.read_bytes())
    data[100:len(data) // 2] = b"\xa5" * (len(data) // 2 - 100)  # pages, indexes, all
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, "mkdocs.plugins.bulletin"):
        site = build(repo, tmp_path / "second")
    assert "site-4.sqlite" in caplog.text
    assert_clean(site, repo, tmp_path)
    with entries(repo) as db:  # a new one, which the next build uses
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > 0


def test_the_cli_gives_no_traceback_for_garbage_in_the_cache(repo: BulletinRepo,
                                                             tmp_path: Path) -> None:
    build(repo, tmp_path / "first")
    folder = cache_of(repo.root)
    (folder / "site-4.sqlite").write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    (folder / snapshot.FILE).write_bytes(os.urandom(300))
    result = CliRunner().invoke(main, ["build", "--repo", str(repo.root), "--site-dir",
                                       str(tmp_path / "site"), "-q", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None
    assert_clean(tmp_path / "site", repo, tmp_path)


# --- repository.bin ------------------------------------------------------------------------


def test_a_damaged_snapshot_is_not_used(repo: BulletinRepo, tmp_path: Path,
                                        caplog: pytest.LogCaptureFixture) -> None:
    build(repo, tmp_path / "first")
    path = cache_of(repo.root) / snapshot.FILE
    data = bytearray(path.read_bytes())
    # "public" becomes "pubXic" inside the stored values: a bit flip marshal reads fine
    at = data.find(b"public", len(snapshot.MAGIC) + snapshot.DIGEST)
    assert at > 0
    data[at + 3] = ord("X")
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, "mkdocs.plugins.bulletin"):
        site = build(repo, tmp_path / "second", cache=True)
    assert f"{snapshot.FILE} in the cache is damaged" in caplog.text
    assert_clean(site, repo, tmp_path)
    assert path.read_bytes() != bytes(data)  # written again, whole


# --- compiled templates ---------------------------------------------------------------------


def test_a_damaged_compiled_template_is_compiled_anew(repo: BulletinRepo, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    build(repo, tmp_path / "first")
    compiled = sorted((cache_of(repo.root) / "templates").rglob("*.cache"))
    assert compiled
    for path in compiled:
        data = bytearray(path.read_bytes())
        data[-5] ^= 0xFF
        path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, "mkdocs.plugins.bulletin"):
        site = build(repo, tmp_path / "second")
    assert "is damaged; compiled anew" in caplog.text
    assert_clean(site, repo, tmp_path)


# --- Pagefind bundles --------------------------------------------------------------------------


def _bundle(repo: BulletinRepo) -> Path:
    bundles = [p for p in (cache_of(repo.root) / "search").iterdir()
               if p.is_dir() and not p.name.startswith(".")]
    assert len(bundles) == 1
    return bundles[0]


def test_a_damaged_cached_fragment_is_indexed_anew(repo: BulletinRepo, tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """A damaged fragment in the cache shipped broken search, silently."""
    site = build(repo, tmp_path / "site")
    fragment = sorted((_bundle(repo) / "fragment").iterdir())[0]
    with open(fragment, "r+b") as handle:  # in place: the site's hard link shares it
        handle.write(b"\x00damaged")
    with caplog.at_level(logging.WARNING, "mkdocs.plugins.bulletin"):
        build(repo, site)  # in place
    assert "cached search index" in caplog.text and "indexed anew" in caplog.text
    assert_clean(site, repo, tmp_path)


def test_a_replaced_cached_file_is_indexed_anew(repo: BulletinRepo, tmp_path: Path) -> None:
    build(repo, tmp_path / "site")
    index = sorted((_bundle(repo) / "index").iterdir())[0]
    index.unlink()
    index.write_bytes(b"not an index")  # a new file: the site's copy is still right
    (_bundle(repo) / "stray.js").write_text("alert(1)")
    build(repo, tmp_path / "other")
    assert_clean(tmp_path / "other", repo, tmp_path)
    assert not (_bundle(repo) / "stray.js").exists()


def test_pagefind_files_in_the_site_folder_are_replaced(repo: BulletinRepo,
                                                        tmp_path: Path) -> None:
    """Damaged Pagefind files in the site folder survived cached rebuilds."""
    site = build(repo, tmp_path / "site")
    bundle = site / "pagefind"
    fragment = sorted((bundle / "fragment").iterdir())[0]
    fragment.unlink()  # not the cache's file any more ...
    fragment.write_bytes(b"<script>alert(1)</script>")  # ... and not its bytes
    (bundle / "planted.js").write_text("alert(1)")
    build(repo, site)
    assert not (bundle / "planted.js").exists()
    assert_clean(site, repo, tmp_path)


def test_a_site_without_search_keeps_no_pagefind_folder(repo: BulletinRepo,
                                                        tmp_path: Path) -> None:
    site = build(repo, tmp_path / "site")
    add_site_config(repo, search="none")
    (site / "pagefind" / "planted.js").write_text("alert(1)")
    build(repo, site)
    assert not (site / "pagefind").exists()


def test_a_cached_bundle_without_checksums_is_not_used(repo: BulletinRepo,
                                                       tmp_path: Path) -> None:
    build(repo, tmp_path / "site")
    bundle = _bundle(repo)
    (bundle / ".bulletin-sums.json").unlink()
    shutil.copy(bundle / "pagefind-entry.json", tmp_path / "entry.json")
    build(repo, tmp_path / "other")
    assert (_bundle(repo) / ".bulletin-sums.json").is_file()
    assert not (tmp_path / "other" / "pagefind" / ".bulletin-sums.json").exists()
    assert_clean(tmp_path / "other", repo, tmp_path)
