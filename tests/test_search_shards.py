"""Issue 19, deliverable 1 (the Pagefind side): the items' search index in shards.

One Pagefind process holds ~150 KB per page it indexes, so the items are indexed in
shards of at most ``search_shard_size`` pages, one after another, each cached on its
own key. Real MkDocs builds with the size set small (so that a test site has four
shards), a real Chromium searching them, and the shard assignment on its own.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import browsing
from bulletin.site.build import build_site
from bulletin.site.search import SOURCE
from bulletin.site.search_docs import SearchDoc
from bulletin.site.search_shards import MIN_SIZE, shard_docs
from bulletin.site.site_search import SHARDS
from conftest import POLICY, BulletinRepo, cache_of
from site_scan import all_text

AS_OF = "2026-11-28T12:00:00+08:00"
TOKEN = "Qx9ShardSecret"  # in restricted items only
MKDOCS = """\
site_name: Test Bulletin
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - bulletin:
      search_shard_size: {size}
"""
YEARS = {2024: 12, 2025: 12, 2026: 40}
SECRET = (3, 8)  # restricted, English


def _chinese(n: int) -> bool:
    return n % 3 == 1


def _count(chinese: bool, internal: bool = True) -> int:
    """How many items of a language a build holds (internal: without the restricted)."""
    return sum(1 for c in YEARS.values() for n in range(c)
               if _chinese(n) == chinese and not (internal and n in SECRET))


def _fill(repo: BulletinRepo, size: int = MIN_SIZE) -> None:
    """64 items over three years, every third in Chinese, two restricted a year: at
    shards of 20, an internal build has en-2024-2026-1of2 and 2of2 (2024 and 2025 are
    packed with 2026, which is split), zh-2024-2025 and zh-2026; a restricted build
    the English ones in three."""
    repo.write("mkdocs.yml", MKDOCS.format(size=size))
    repo.write("docs/about.md", "# About\n\nA test bulletin.\n")
    for year, count in YEARS.items():
        for n in range(count):
            day = dt.date(year, 1 + n % 11, 1 + n % 28)
            secret = n in SECRET
            fields = dict(date=day, event_date=day,
                          classification="restricted" if secret else "internal",
                          unit="water" if n % 2 else "health")
            if _chinese(n):
                repo.item(f"shuiku-{year}-{n}", title=f"{year}年第{n}号水库巡查发现防汛物资不足",
                          summary="巡查发现防汛物资不足。",
                          body=f"巡查人员在第{n}号水库发现防汛物资储备不足，已要求补齐。\n",
                          **fields)
            else:
                word = f"{TOKEN} " if secret else ""
                repo.item(f"reservoir-{year}-{n}", title=f"Reservoir {n} of {year} inspected",
                          summary=f"Inspectors checked reservoir {n} {word}in {year}.",
                          body=f"Inspectors checked the spillway of reservoir {n} {word}"
                               f"in {year} and found it sound.\n", **fields)


def _build(repo: BulletinRepo, site: Path, audience: str | None = None) -> Path:
    return build_site(repo.root, site_dir=site, audience=audience, as_of=AS_OF, quiet=True)


def _shards(site: Path) -> dict[str, Path]:
    """The site's item bundles by folder: ``pagefind`` and ``pagefind-items/<shard>``."""
    out = {"pagefind": site / "pagefind"}
    if (site / SHARDS).is_dir():
        out.update({f"{SHARDS}/{p.name}": p for p in (site / SHARDS).iterdir()})
    return out


def _pages(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return sum(lang["page_count"] for lang in entry["languages"].values())


def _cached(repo: BulletinRepo) -> set[str]:
    return {p.name for p in (cache_of(repo.root) / "search").iterdir()
            if p.is_dir() and not p.name.startswith(".")}


@pytest.fixture
def repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    _fill(bulletin_repo)
    return bulletin_repo


def test_a_small_shard_size_gives_several_bundles_of_at_most_that_many(
        repo: BulletinRepo, tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site", "restricted")
    shards = _shards(site)
    assert len(shards) == 5
    counts = [_pages(b) for b in shards.values()]
    assert max(counts) <= MIN_SIZE and sum(counts) == sum(YEARS.values())
    config = _search_config(site)
    assert [s[0] for s in config["shards"]][1:] == sorted(n.split("/")[1] for n in shards
                                                         if n != "pagefind")
    assert config["shards"][0][0] not in {n.split("/")[-1] for n in shards if "/" in n}
    names = [s[0] for s in config["shards"]]
    assert sorted(names) == ["en-2024-2026-1of3", "en-2024-2026-2of3", "en-2024-2026-3of3",
                             "zh-2024-2025", "zh-2026"]
    assert names[0] == "en-2024-2026-3of3"  # the newest of the site's language
    assert [s[1] for s in config["shards"]] == [[n[:2]] for n in names]


def test_a_one_item_change_indexes_exactly_one_shard_again(repo: BulletinRepo,
                                                           tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    before = _cached(repo)
    sources = {name: (b / SOURCE).read_text() for name, b in _shards(site).items()}
    path = repo.root / "items/health/2025/2025-03-03-reservoir-2025-2.md"
    assert path.is_file()
    path.write_text(path.read_text("utf-8").replace("found it sound", "found a crack"),
                    encoding="utf-8")
    site = _build(repo, tmp_path / "site")
    after = _cached(repo)
    assert len(after - before) == 1  # one bundle indexed anew, the others reused
    changed = [n for n, b in _shards(site).items() if (b / SOURCE).read_text() != sources[n]]
    assert len(changed) == 1 and changed[0] in ("pagefind", "pagefind-items/en-2024-2026-1of2")
    # a clean build in another folder gives the same bundles
    clean = _build(repo, tmp_path / "clean")
    assert {n: (b / SOURCE).read_text() for n, b in _shards(clean).items()} == \
        {n: (b / SOURCE).read_text() for n, b in _shards(site).items()}


def test_a_site_that_fits_one_shard_again_drops_the_others(repo: BulletinRepo,
                                                          tmp_path: Path) -> None:
    site = _build(repo, tmp_path / "site")
    assert (site / SHARDS).is_dir()
    repo.write("mkdocs.yml", MKDOCS.format(size=4000))
    site = _build(repo, tmp_path / "site")
    assert not (site / SHARDS).exists()
    assert _pages(site / "pagefind") == _count(True) + _count(False)
    assert _search_config(site)["shards"] == [["all", ["en", "zh"], ["2024", "2025", "2026"]]]


def test_a_damaged_shard_in_the_cache_is_indexed_anew(repo: BulletinRepo, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    site = _build(repo, tmp_path / "site")
    sources = {name: (b / SOURCE).read_text() for name, b in _shards(site).items()}
    victim = next((cache_of(repo.root) / "search" / sorted(_cached(repo))[0] / "fragment")
                  .iterdir())
    victim.write_bytes(b"planted")  # the site's copy is a hard link: damaged too
    with caplog.at_level(logging.WARNING):
        site = _build(repo, tmp_path / "site")
    assert "cached search index" in caplog.text and "indexed anew" in caplog.text
    assert {name: (b / SOURCE).read_text() for name, b in _shards(site).items()} == sources
    assert [p for p in site.rglob("*") if p.is_file() and p.read_bytes() == b"planted"] == []


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_no_shard_of_a_lower_build_holds_restricted_text(repo: BulletinRepo, tmp_path: Path,
                                                         audience: str) -> None:
    site = _build(repo, tmp_path / audience, audience)
    leaks = [str(p.relative_to(site)) for p, text in all_text(site) if TOKEN in text]
    assert leaks == []
    higher = _build(repo, tmp_path / "restricted", "restricted")
    found = {p.relative_to(higher).parts[0] for p, text in all_text(higher) if TOKEN in text}
    assert {"pagefind", SHARDS} <= found  # the token is in more than one shard there


def test_shards_are_stable_when_items_are_added() -> None:
    def doc(year: int, n: int) -> SearchDoc:
        return SearchDoc(f"items/{year}-{n:05d}/", "en", "t", "b", year=str(year))

    docs = [doc(y, n) for y in (2019, 2020, 2021) for n in range(300)] + \
        [doc(2022, n) for n in range(2500)]
    before = shard_docs(docs, 1000)
    assert max(len(v) for v in before.values()) <= 1000
    assert list(before) == ["en-2019-2022-1of4", "en-2019-2022-2of4", "en-2019-2022-3of4",
                            "en-2019-2022-4of4"]  # the small years with the large one
    later = [doc(2023, n) for n in range(10)]
    assert list(shard_docs([*docs, *later], 1000))[-1] == "en-2023"  # a new year
    after = shard_docs([*docs, doc(2022, 99999)], 1000)
    assert list(after) == list(before)
    changed = [k for k in after if [d.url for d in after[k]] != [d.url for d in before.get(k, [])]]
    assert len(changed) == 1 and changed[0].startswith("en-2019-2022-")
    assert shard_docs(docs[:50], 1000) == {"all": docs[:50]}
    chinese = [SearchDoc(f"items/zh-{n}/", "zh", "t", "b", year="2022") for n in range(10)]
    assert list(shard_docs([*docs, *chinese], 1000))[-1] == "zh"  # one shard of its own
    names = list(shard_docs([*docs[:900], *chinese], 100))  # 300 a year: each split alone
    assert {n.rsplit("-", 1)[0] for n in names[:-1]} == {"en-2019", "en-2020", "en-2021"}
    assert names[-1] == "zh"
    small = [doc(y, n) for y in (2019, 2020, 2021, 2022) for n in range(40)]
    assert list(shard_docs(small, 100)) == ["en-2019-2020", "en-2021-2022"]
    assert shard_docs(docs, 1000) == before  # the same documents, the same shards
    assert max(len(v) for v in shard_docs(docs, 1).values()) <= MIN_SIZE  # raised to 20


def _search_config(site: Path) -> dict[str, object]:
    import html

    page = (site / "search/index.html").read_text("utf-8")
    found = re.search(r'data-config="([^"]*)"', page)
    assert found
    return json.loads(html.unescape(found.group(1)))  # type: ignore[no-any-return]


# --- in a browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = BulletinRepo(tmp_path_factory.mktemp("shards") / "repo")
    repo.write("bulletin.yml", POLICY)
    repo.git("init", "-q", "-b", "main")
    _fill(repo)
    site = build_site(repo.root, site_dir=repo.root.parent / "site", audience="internal",
                      as_of=AS_OF, quiet=True)
    assert len(_shards(site)) == 4
    yield from browsing.served(site)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browsing.chromium()


def _results(browser: object, url: str) -> list[tuple[str, str]]:
    """(title, date line) of every result of the search page at ``url``."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(url)
        status = page.locator(".bl-search__status")
        status.filter(has_text=re.compile(r"\d+ (result|条)")).wait_for(timeout=20000)
        more = page.locator(".bl-search__more")
        while more.is_visible():
            count = page.locator(".bl-search__result").count()
            more.click()  # then wait for the whole page of results (or the last)
            page.wait_for_function(f"document.querySelectorAll('.bl-search__result').length"
                                   f" >= {count + 10} || document.querySelector("
                                   f"'.bl-search__more').hidden", timeout=20000)
        rows = page.locator(".bl-search__result")
        return [(rows.nth(i).locator(".bl-search__title a").inner_text(),
                 rows.nth(i).locator(".bl-search__meta").inner_text())
                for i in range(rows.count())]
    finally:
        page.close()


def test_search_finds_items_of_every_shard(browser: object, served: str) -> None:
    found = _results(browser, served + "search/?q=spillway")
    years = {re.search(r"of (\d{4})", t).group(1) for t, _ in found}  # type: ignore[union-attr]
    assert years == {"2024", "2025", "2026"}
    assert len(found) == _count(False)


def test_chinese_words_are_found_in_every_shard(browser: object, served: str) -> None:
    found = _results(browser, served + "search/?q=防汛物资")
    titles = [t for t, _ in found]
    assert {t[:4] for t in titles} == {"2024", "2025", "2026"}, titles
    assert len(titles) == _count(True)  # in zh-2024-2025 and zh-2026


def test_newest_first_is_by_date_across_shards(browser: object, served: str) -> None:
    found = _results(browser, served + "search/?q=spillway&sort=newest")
    days = [dt.datetime.strptime(line.split(" · ")[0], "%d %B %Y").date() for _, line in found]
    assert len(days) > 20 and days == sorted(days, reverse=True), found
    assert {d.year for d in days} == {2024, 2025, 2026}
