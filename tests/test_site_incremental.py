"""Rebuilds that reuse the cache and the previous site give what a clean build gives.

Real MkDocs builds in temporary folders. Files are compared byte for byte, except
``sitemap.xml.gz``, whose gzip header holds the time it was written (its
content is compared instead), and Pagefind's bundles, whose filter indexes Pagefind
writes in varying order (a hash map's): of a bundle, ``bulletin-source.txt`` (the hash
of the documents it indexes) is compared instead.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from bulletin.site.build import build_site
from bulletin.site.search import SOURCE
from bulletin.site.search_docs import short_key
from bulletin.site.site_search import BUNDLES
from bulletin.site.urls import relpath
from conftest import BulletinRepo, add_site_config, cache_of

AS_OF = "2026-11-28T12:00:00+08:00"


def _build(repo: BulletinRepo, site: Path, **kwargs: object) -> Path:
    return build_site(repo.root, site_dir=site, as_of=AS_OF, quiet=True,
                      **kwargs)  # type: ignore[arg-type]


def _clean_build(repo: BulletinRepo, site: Path, **kwargs: object) -> Path:
    shutil.rmtree(cache_of(repo.root), ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    return _build(repo, site, **kwargs)


def _contents(site: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or (name.startswith(BUNDLES) and path.name != SOURCE):
            continue
        data = path.read_bytes()
        out[name] = gzip.decompress(data) if path.suffix == ".gz" else data
    return out


def _assert_same_site(incremental: Path, clean: Path) -> None:
    a, b = _contents(incremental), _contents(clean)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert differ == []


@pytest.fixture
def repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    """Six items, two of them in an edition, one Chinese, one with a correction."""
    add_site_config(bulletin_repo)
    r = bulletin_repo
    r.item("reservoir-levels-fall", classification="public", tags=["water"])
    r.item("intake-silt", date=dt.date(2026, 11, 19), title="Silt blocks the Xishan intake",
           category="problem", sources=["Intake log"], tags=["water", "silt"],
           body="## Problem\n\nFlow fell.\n\n## Causes\n\nSilt.\n\n## Suggestions\n\nDredge.\n")
    r.item("clinic-queues", unit="health", date=dt.date(2026, 11, 20),
           title="发热门诊排队时间超过三小时", summary="两家发热门诊候诊时间达三小时。",
           body="第一段\n第二段。\n")
    r.item("pump-failure", date=dt.date(2026, 11, 21), title="Pump station fails in Nanhu",
           tags=["water"])
    r.item("pump-repaired", date=dt.date(2026, 11, 22), title="Nanhu pump station repaired",
           corrects="2026-11-21-pump-failure")
    r.item("canal-report", date=dt.date(2026, 11, 23), title="Canal inspection report")
    r.edition(1, ["2026-11-18-reservoir-levels-fall", "2026-11-19-intake-silt"])
    return r


def test_rebuild_after_a_new_edition_equals_a_clean_build(repo: BulletinRepo,
                                                          tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    before = _contents(site)
    repo.edition(2, ["2026-11-21-pump-failure", "2026-11-20-clinic-queues"], date="2026-11-24")
    _build(repo, site)  # in place, with the cache of the first build
    after = _contents(site)
    _assert_same_site(site, _clean_build(repo, tmp_path / "clean"))
    # what depends on the new edition changed ...
    assert "editions/2026/002/index.html" in after
    for page in ("index.html", "items/2026-11-21-pump-failure/index.html",
                 "items/2026-11-20-clinic-queues/index.html", "editions/2026/001/index.html",
                 "pool/index.html", "archive/units/health/index.html", "feed.xml"):
        assert after[page] != before[page], page
    page = after["items/2026-11-21-pump-failure/index.html"]
    assert isinstance(page, bytes) and "2026 No. 2" in page.decode()
    labels = json.loads(str(after["search/editions/2026.json"], "utf-8"))
    edition = labels["i"][short_key("2026-11-21-pump-failure")]
    assert labels["e"][edition] == ["2026 No. 2", "editions/2026/002/", "regular"]
    # ... and the items' search index did not: what Pagefind reads names no edition
    assert {k: v for k, v in after.items() if k.startswith("pagefind/")} == \
        {k: v for k, v in before.items() if k.startswith("pagefind/")}
    assert len(list((cache_of(repo.root) / "search").glob("[!.]*"))) == 1


def test_rebuild_after_an_item_changes_equals_a_clean_build(repo: BulletinRepo,
                                                            tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    repo.item("canal-report", date=dt.date(2026, 11, 23), title="Canal inspection report",
              body="## Details\n\nThe canal is **clear** again.\n")
    _build(repo, site)
    text = (site / "items/2026-11-23-canal-report/index.html").read_text()
    assert "<strong>clear</strong>" in text
    _assert_same_site(site, _clean_build(repo, tmp_path / "clean"))


def test_rebuild_after_front_matter_changes_equals_a_clean_build(repo: BulletinRepo,
                                                                 tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    repo.item("intake-silt", date=dt.date(2026, 11, 19), title="Silt clears from the intake",
              category="problem", sources=["Intake log"], tags=["silt", "dredging"],
              body="## Problem\n\nFlow fell.\n\n## Causes\n\nSilt.\n\n## Suggestions\n\n"
                   "Dredge.\n")
    _build(repo, site)
    for page in ("items/2026-11-19-intake-silt/index.html", "editions/2026/001/index.html",
                 "archive/tags/dredging/index.html", "archive/units/water/index.html"):
        assert "Silt clears from the intake" in (site / page).read_text(), page
    assert not (site / "archive/tags/water/index.html").read_text().count("Silt clears")
    _assert_same_site(site, _clean_build(repo, tmp_path / "clean"))


def test_rebuild_after_an_item_is_deleted_equals_a_clean_build(repo: BulletinRepo,
                                                               tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    (repo.root / "items/health/2026/2026-11-20-clinic-queues.md").unlink()
    _build(repo, site)
    assert not (site / "items/2026-11-20-clinic-queues").exists()
    assert not (site / "archive/units/health").exists()
    _assert_same_site(site, _clean_build(repo, tmp_path / "clean"))


def test_rebuild_after_the_policy_changes_equals_a_clean_build(repo: BulletinRepo,
                                                               tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    policy = (repo.root / "bulletin.yml").read_text()
    repo.write("bulletin.yml", policy.replace("Health Commission", "Municipal Health Commission")
               .replace("Asia/Shanghai", "Europe/London"))
    _build(repo, site)
    assert "Municipal Health Commission" in \
        (site / "items/2026-11-20-clinic-queues/index.html").read_text()
    _assert_same_site(site, _clean_build(repo, tmp_path / "clean"))


def test_a_page_changed_or_deleted_in_the_site_is_written_again(repo: BulletinRepo,
                                                                tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    _build(repo, site)  # every page now as the last build left it: none is written
    item = site / "items/2026-11-23-canal-report/index.html"
    item.write_text(item.read_text().replace("Canal inspection", "Canal INSPECTION"))
    (site / "editions/2026/001/index.html").unlink()
    home = site / "index.html"
    stamp = home.stat().st_mtime_ns
    _build(repo, site)
    assert "Canal INSPECTION" not in item.read_text()
    assert home.stat().st_mtime_ns == stamp  # left as it was
    _assert_same_site(site, _clean_build(repo, tmp_path / "clean"))


def test_a_page_that_leaves_the_site_is_removed_from_it(repo: BulletinRepo,
                                                        tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    assert (site / "items/2026-11-23-canal-report/index.html").is_file()
    repo.item("canal-report", date=dt.date(2026, 11, 23), title="Canal inspection report",
              classification="restricted")
    _build(repo, site)
    assert not (site / "items/2026-11-23-canal-report").exists()
    assert "canal-report" not in (site / "sitemap.xml").read_text()
    _assert_same_site(site, _clean_build(repo, tmp_path / "clean"))


def test_a_lower_audience_rebuilt_in_place_holds_nothing_above_it(repo: BulletinRepo,
                                                                  tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site", audience="internal")
    _build(repo, site, audience="public")
    _assert_same_site(site, _clean_build(repo, tmp_path / "clean", audience="public"))
    assert not (site / "items/2026-11-19-intake-silt").exists()  # internal
    assert (site / "items/2026-11-18-reservoir-levels-fall/index.html").is_file()


def test_build_without_cache_writes_no_cache(repo: BulletinRepo, tmp_path: Path) -> None:
    shutil.rmtree(cache_of(repo.root), ignore_errors=True)
    site = _build(repo, tmp_path / "site", cache=False)
    assert not cache_of(repo.root).exists()
    cached = _build(repo, tmp_path / "cached")
    assert (cache_of(repo.root) / "site-4.sqlite").is_file()
    assert not (repo.root / ".bulletin-cache").exists()
    _assert_same_site(site, cached)


def test_a_build_leaves_the_garbage_collector_as_it_was(repo: BulletinRepo,
                                                       tmp_path: Path) -> None:
    import gc

    from bulletin.site.build import GC_THRESHOLD

    before = gc.get_threshold()
    assert before != GC_THRESHOLD  # (else this test proves nothing)
    _build(repo, tmp_path / "site")
    assert gc.get_threshold() == before


def test_files_that_are_not_the_sites_are_removed_on_rebuild(repo: BulletinRepo,
                                                             tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    (site / "stray").mkdir()
    (site / "stray" / "old.html").write_text("old")
    (site / "items" / "gone.html").write_text("old")
    _build(repo, site)
    assert not (site / "stray").exists() and not (site / "items" / "gone.html").exists()


@pytest.mark.parametrize(("target", "start"), [
    ("items/a/", "items/b/"), ("items/a/", ""), ("", "items/a/"), ("media/x.png", "a/b/c/"),
    ("archive/units/x/", "archive/units/x/page/2/"), ("a/b/", "a/b/"), (".", "a/"),
])
def test_relpath_agrees_with_posixpath(target: str, start: str) -> None:
    import posixpath

    assert relpath(target or ".", start or ".") == posixpath.relpath(target or ".",
                                                                     start or ".")


def test_item_pages_rendered_in_two_processes_are_the_same(repo: BulletinRepo, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin.site import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    one = _clean_build(repo, tmp_path / "one")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    forks = []
    real_fork = os.fork

    def fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(parallel.os, "fork", fork)
    forked = _clean_build(repo, tmp_path / "two")
    assert forks  # the second half came from a child process
    _assert_same_site(forked, one)
    again = _build(repo, tmp_path / "two")  # the child's pages went into the cache
    _assert_same_site(again, one)


def _theme_in_two_processes(monkeypatch: pytest.MonkeyPatch, on: bool) -> list[int]:
    """Let (or not) a small build render pages in a second process; the number of pages
    each such process was given (the real processes run)."""
    from bulletin.site import parallel, theme

    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)  # item pages: all in this process
    monkeypatch.setattr(theme, "MIN_PAGES", 1 if on else 10**9)
    monkeypatch.setattr(theme.os, "cpu_count", lambda: 2)
    jobs: list[int] = []

    class Counted(theme.ThemeJob):
        def __init__(self, pages: Any, render: Any) -> None:
            jobs.append(len(pages))
            super().__init__(pages, render)

    monkeypatch.setattr(theme, "ThemeJob", Counted)
    return jobs


def test_pages_through_the_theme_in_two_processes_are_the_same(
        repo: BulletinRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = _theme_in_two_processes(monkeypatch, on=False)
    one = _clean_build(repo, tmp_path / "one")
    assert jobs == []
    jobs = _theme_in_two_processes(monkeypatch, on=True)
    two = _clean_build(repo, tmp_path / "two")
    assert len(jobs) == 1 and jobs[0] > 1  # the theme's second process had pages
    _assert_same_site(two, one)
    _build(repo, two)  # the child's pages went into the cache
    assert len(jobs) == 1  # ... so this build needed no second process
    _assert_same_site(two, one)
    assert any((cache_of(repo.root) / "templates/theme").glob("*.cache"))


def test_a_failing_theme_process_costs_no_page(repo: BulletinRepo, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin.site import theme

    one = _clean_build(repo, tmp_path / "one")
    jobs = _theme_in_two_processes(monkeypatch, on=True)
    parent, real = os.getpid(), theme.render_page

    def render_page(*args: Any) -> str:
        if os.getpid() != parent:
            raise RuntimeError("the second process fails")
        return real(*args)

    monkeypatch.setattr(theme, "render_page", render_page)
    two = _clean_build(repo, tmp_path / "two")
    assert jobs
    _assert_same_site(two, one)


def test_search_documents_are_synced_not_rewritten(tmp_path: Path) -> None:
    from bulletin.site.search import SearchDoc, document, sync_pages

    a = SearchDoc("items/a/", "en", "A", '<article data-pagefind-body><h1>A</h1>'
                  '<p class="bl-published" data-pagefind-ignore>Published in 1</p></article>')
    b = SearchDoc("items/b/", "zh", "B", "<article data-pagefind-body><h1>B</h1></article>")
    sync_pages(tmp_path, [a, b])
    kept = tmp_path / "items/a/index.html"
    assert "Published in" not in kept.read_text()  # what Pagefind skips is left out
    stamp = kept.stat().st_mtime_ns
    sync_pages(tmp_path, [a])
    assert kept.stat().st_mtime_ns == stamp and kept.read_text() == document(a)
    assert not (tmp_path / "items/b/index.html").exists()


def test_cli_build_no_cache(repo: BulletinRepo, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bulletin.cli import main

    shutil.rmtree(cache_of(repo.root), ignore_errors=True)
    result = CliRunner().invoke(main, ["build", "--repo", str(repo.root), "--no-cache", "-q",
                                       "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()
    assert not cache_of(repo.root).exists()
