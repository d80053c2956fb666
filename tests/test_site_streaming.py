"""A build keeps no page's HTML in memory: it lies in a spool until MkDocs writes it.

Real MkDocs builds of a few hundred generated items, on two processes where the
build uses them (the item pages' child, the theme's child); what the plugin holds
after the build is inspected object by object (see ``site/spool.py``).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from bulletin.site import parallel, theme
from bulletin.site.build import build_site
from bulletin.site.generated import GeneratedFile, GeneratedPage
from bulletin.site.plugin import BulletinPlugin
from bulletin.site.spool import Spool, SpooledContent
from conftest import BulletinRepo, add_site_config

AS_OF = "2026-11-28T12:00:00+08:00"
ITEMS = 240


class _Content(SpooledContent):
    def __init__(self, spool: Spool) -> None:
        self.spool = spool


@pytest.fixture
def spool() -> Any:
    made = Spool()
    yield made
    made.close()


def test_a_spool_gives_back_every_text_exactly(spool: Spool) -> None:
    texts = ["<p>Flow fell.</p>\n", "<p>发热门诊排队时间超过三小时</p>", "", "a" * 300_000,
             "lone \ud800 surrogate", "emoji 🌊 and \x00 nul"]
    refs = [spool.put(text) for text in texts]
    assert [ref.read() for ref in reversed(refs)] == texts[::-1]
    assert spool.size == sum(len(t.encode("utf-8", "surrogatepass")) for t in texts)
    spool.close()
    with pytest.raises(ValueError, match="spool is gone"):
        refs[0].read()


def test_content_handed_back_unchanged_stays_on_disk(spool: Spool) -> None:
    page, other = _Content(spool), _Content(spool)
    page.attach(spool.put("<p>one</p>"))
    other.attach(spool.put("<p>two</p>"))
    size = spool.size
    page.content = page.content  # what MkDocs does with on_page_content's result
    assert page.spooled and spool.size == size and page.content == "<p>one</p>"
    page.content = other.content  # another page's text: it lies where that one does
    assert page.spooled and spool.size == size and page.content == "<p>two</p>"
    page.content = "<p>changed by a hook</p>"  # new text goes to the spool, not to memory
    assert page.spooled and spool.size > size and page.content == "<p>changed by a hook</p>"
    page.content = ""
    assert page.content == "" and page.spooled
    page.content = None
    assert page.content is None


def _many_items(repo: BulletinRepo) -> None:
    add_site_config(repo)
    for n in range(ITEMS):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        chinese = n % 3 == 0
        repo.item(f"report-{n}", date=day, unit="health" if n % 2 else "water",
                  title=f"第{n}号报告：水库水位下降" if chinese else f"Report {n}: levels fall",
                  summary="水库水位持续下降。" if chinese else "Levels keep falling.",
                  body=f"## Situation\n\nReading {n} of the gauge, **{n % 7} m** below.\n")
    repo.edition(1, [f"2026-01-0{d}-report-{d - 1}" for d in range(1, 6)], date="2026-02-01")


def _watched(monkeypatch: pytest.MonkeyPatch) -> list[BulletinPlugin]:
    """The plugin of every build that runs, once it has ended."""
    seen: list[BulletinPlugin] = []
    real = BulletinPlugin.on_post_build

    def on_post_build(self: BulletinPlugin, *, config: Any) -> None:
        real(self, config=config)
        seen.append(self)

    monkeypatch.setattr(BulletinPlugin, "on_post_build", on_post_build)
    return seen


@pytest.mark.parametrize("cache", [False, True])
def test_a_build_holds_no_page_html_or_markdown(bulletin_repo: BulletinRepo, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                cache: bool) -> None:
    _many_items(bulletin_repo)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)  # two processes, as in a large build
    monkeypatch.setattr(theme, "MIN_PAGES", 1)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(theme.os, "cpu_count", lambda: 2)
    seen = _watched(monkeypatch)
    site = tmp_path / "site"
    for _ in range(2 if cache else 1):  # with the cache: a rebuild takes pages from it
        build_site(bulletin_repo.root, site_dir=site, as_of=AS_OF, quiet=True, cache=cache)
    plugin = seen[-1]
    assert plugin.files is not None and plugin.spool is None
    pages = [f.page for f in plugin.files.documentation_pages()
             if isinstance(f.page, GeneratedPage)]
    assert len(pages) > ITEMS
    for page in pages:
        assert page.spooled, page.file.src_uri  # no HTML held ...
        assert page.generated.body == "" and page.markdown == ""  # ... nor its source
        assert isinstance(page.file, GeneratedFile) and page.file._content == ""
    on_disk = [page for page in pages if page._ref is not None]
    assert on_disk or cache  # a rebuild in place keeps files that hold their page already
    for page in on_disk[:3]:
        with pytest.raises(ValueError):  # the spool went with the build
            _ = page.content
    assert plugin.site is not None and len(plugin.site.items) == ITEMS
    for item in plugin.site.items.values():  # the items' sources went once pages were made
        assert item.body == "" and item.meta.data is None and item.headings == []
    held = [name for name, value in vars(plugin).items()
            if isinstance(value, list) and value and isinstance(value[0], str)]
    assert held == []
    written = (site / "items/2026-01-04-report-3/index.html").read_text("utf-8")
    assert "Reading 3 of the gauge" in written and "第3号报告" in written
    assert os.path.getsize(site / "index.html") > 0


def test_what_a_build_adds_to_the_cache_waits_on_disk(tmp_path: Path) -> None:
    from bulletin.site.cache import SiteCache
    from bulletin.site.spool import Ref

    cache = SiteCache(tmp_path)
    page = "<p>发热门诊</p>".encode() * 1000
    cache.put_text("page", "a", page.decode())
    cache.put("body", "b", b"<p>b</p>")
    assert all(isinstance(ref, Ref) for refs in cache.new.values() for ref in refs.values())
    assert cache.get("page", "a") == page  # read back from the spool
    cache.close()
    assert cache.spool is None and cache.new == {}
    again = SiteCache(tmp_path)
    assert again.get("page", "a") == page and again.get("body", "b") == b"<p>b</p>"
    again.put("page", "c", b"c")
    spool = again.spool
    again.abandon()  # a failed build: nothing stored, the spool gone
    assert spool is not None and again.spool is None
    assert SiteCache(tmp_path).get("page", "c") is None
