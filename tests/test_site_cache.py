"""The build cache (``site/cache.py``) and the record of the site's files (``site/reuse.py``)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bulletin.site.cache import KEEP, SiteCache
from bulletin.site.compiled import template_cache
from bulletin.site.reuse import PageFiles, stamp
from bulletin.site.theme import ThemeJob, precompile, reap
from conftest import BulletinRepo, add_site_config


def _build_with(folder: Path, reads: list[str] = (), puts: dict[str, bytes] | None = None,
                touches: list[str] = ()) -> dict[str, bytes | None]:
    """One "build": read ``reads``, store ``puts``, touch ``touches``; what it read."""
    cache = SiteCache(folder)
    found = {key: cache.get("page", key) for key in reads}
    for key, value in (puts or {}).items():
        cache.put("page", key, value)
    for key in touches:
        cache.touch("page", key)
    cache.close()
    return found


def test_entries_in_use_stay_and_unused_ones_go(tmp_path: Path) -> None:
    _build_with(tmp_path, puts={"read": b"1", "touched": b"2", "unused": b"3"})
    for _ in range(KEEP + 2):
        found = _build_with(tmp_path, reads=["read"], touches=["touched"])
        assert found == {"read": b"1"}
    assert _build_with(tmp_path, reads=["read", "touched", "unused"]) == \
        {"read": b"1", "touched": b"2", "unused": None}


def test_an_entry_unused_for_fewer_than_keep_builds_stays(tmp_path: Path) -> None:
    _build_with(tmp_path, puts={"a": b"1"})
    for _ in range(KEEP - 1):
        _build_with(tmp_path)
    assert _build_with(tmp_path, reads=["a"]) == {"a": b"1"}


def test_a_failed_build_stores_nothing(tmp_path: Path) -> None:
    cache = SiteCache(tmp_path)
    cache.put("page", "a", b"1")
    cache.abandon()
    assert _build_with(tmp_path, reads=["a"]) == {"a": None}


def test_page_files_know_what_each_file_holds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a/index.html").write_text("page a")
    (site / "b.html").write_text("page b")
    (tmp_path / "cache").mkdir()
    cache = SiteCache(tmp_path / "cache")
    files = PageFiles(cache, site, previous=False)
    assert not files.holds("a/index.html", "key-a")  # nothing recorded yet
    files.note("a/index.html", "key-a")
    files.note("b.html", "key-b")
    files.note("gone.html", "key-gone")  # never written: not recorded
    files.save()
    cache.close()

    (site / "b.html").write_text("page B")  # changed since: no longer known
    cache = SiteCache(tmp_path / "cache")
    files = PageFiles(cache, site, previous=True)
    assert files.holds("a/index.html", "key-a")
    assert not files.holds("a/index.html", "another key")
    assert not files.holds("b.html", "key-b")
    assert not files.holds("gone.html", "key-gone")
    assert not PageFiles(cache, tmp_path / "other-site", previous=True).holds("a/index.html",
                                                                            "key-a")
    assert not PageFiles(cache, site, previous=False).holds("a/index.html", "key-a")
    files.save()  # what holds() confirmed is remembered, the rest not
    cache.close()
    cache = SiteCache(tmp_path / "cache")
    assert PageFiles(cache, site, previous=True).before == \
        {"a/index.html": ["key-a", stamp(site / "a/index.html")]}


def test_a_stamp_changes_when_a_file_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("same")
    before = stamp(path)
    os.utime(path, ns=(0, 0))
    assert stamp(path) != before
    path.unlink()
    assert stamp(path) is None


def _render(page: str) -> str:
    if page == "warn":
        logging.getLogger("mkdocs.test").warning("a warning from page %s", page)
    return f"<html>{page}</html>"


def test_theme_job_returns_pages_in_order_and_relays_warnings(
        caplog: pytest.LogCaptureFixture) -> None:
    job = ThemeJob(["a", "warn", "c"], _render)  # type: ignore[list-item, arg-type]
    with caplog.at_level(logging.WARNING):
        places = job.take()
    assert places is not None  # where the child wrote the pages, read when needed
    assert [p.read() for p in places] == ["<html>a</html>", "<html>warn</html>", "<html>c</html>"]
    job.spool.close()
    assert [(r.name, r.getMessage()) for r in caplog.records] == \
        [("mkdocs.test", "a warning from page warn")]


def _fail(page: str) -> str:
    raise RuntimeError(page)


def test_a_failing_theme_job_returns_nothing() -> None:
    assert ThemeJob(["a"], _fail).take() is None  # type: ignore[list-item, arg-type]
    job = ThemeJob(["a"], _render)  # type: ignore[list-item, arg-type]
    job.cancel()  # a build that stopped: the child is gone
    assert job.take() is None and job.child.pid is None


def test_the_themes_templates_are_compiled_ahead_into_the_cache(
        bulletin_repo: BulletinRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.config import load_config

    from bulletin.site import theme

    monkeypatch.setattr(theme.os, "cpu_count", lambda: 2)
    add_site_config(bulletin_repo)
    config = load_config(str(bulletin_repo.root / "mkdocs.yml"))
    pid = precompile(config, tmp_path)
    assert pid is not None
    reap(pid)
    compiled = {p.name for p in (tmp_path / "templates/theme").glob("*.cache")}
    assert len(compiled) > 10  # main.html, base.html and the partials they include
    assert precompile(config, tmp_path) is None  # nothing left to do
    env = config.theme.get_env()  # a build's environment finds them
    env.bytecode_cache = template_cache(tmp_path, "theme", env)
    env.get_template("main.html")
    assert {p.name for p in (tmp_path / "templates/theme").glob("*.cache")} == compiled
