"""End to end in a real browser: Debian's Chromium, driven by Playwright, on the demo site.

The built demo is served on localhost; every request the pages make is recorded,
and none may leave localhost. Accessibility is checked with axe-core (WCAG 2.1 A
and AA rules) in the same browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import browsing
from bulletin.site.build import build_site
from pdf_check import assert_marked_in_margins, read_pages

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(ROOT, site_dir=tmp_path_factory.mktemp("demo") / "site", quiet=True,
                      as_of="2026-11-28T12:00:00+08:00")
    yield from browsing.served(site)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from browsing.chromium()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def _outside(requests: list[str]) -> list[str]:
    return [u for u in requests
            if urlsplit(u).scheme not in ("data", "blob", "about")
            and urlsplit(u).hostname not in ("127.0.0.1", "localhost")]


def test_home_edition_item_and_back(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served)
    assert page.locator("h1").first.inner_text() == "Qinghe Municipal Information Bulletin"
    page.get_by_role("link", name="2026 No. 11").first.click()
    page.wait_for_url(re.compile(r"/editions/2026/011/$"))
    assert page.locator(".bl-masthead__number").inner_text() == "2026 No. 11"
    # "Classification of this page:" for screen readers, then the marking
    assert page.locator(".bl-marking").first.inner_text().split()[-1] == "INTERNAL"
    lead = page.locator(".bl-item--lead h3 a")
    title = lead.inner_text()
    lead.click()
    page.wait_for_url(re.compile(r"/items/"))
    assert page.locator("h1").inner_text() == title
    assert "Published in" in page.locator(".bl-published").inner_text()
    page.locator(".bl-published").get_by_role("link", name="2026 No. 11").click()
    page.wait_for_url(re.compile(r"/editions/2026/011/$"))
    assert _outside(page.requests) == []


@pytest.mark.parametrize(("query", "expected", "edition"), [
    ("reservoir storage", "Qinghe Reservoir reaches its post-flood storage target", "2026 No. 11"),
    # in the bulletin and in Proposals to the Leadership: each edition that carried it
    ("农民工工资", "建议南湖区300万元以上工程一律开设农民工工资专户",
     "2026 No. 11, Proposals to the Leadership 2026 No. 2"),
])
def test_search_finds_english_and_chinese_items(page, served: str, query: str,  # type: ignore[no-untyped-def]
                                                expected: str, edition: str) -> None:
    page.goto(served + "search/")
    page.get_by_label("Search items").fill(query)
    first = page.locator(".bl-search__result").first
    first.wait_for(timeout=15000)
    results = page.locator(".bl-search__result")
    texts = [results.nth(i).locator("a").first.inner_text() for i in range(results.count())]
    assert any(expected in t for t in texts), texts
    hit = results.filter(has_text=expected).first
    assert ", ".join(hit.locator(".bl-search__edition").all_inner_texts()) == edition
    hit.locator("a").first.click()
    page.wait_for_url(re.compile(r"/items/"))
    assert expected in page.locator("h1").inner_text()
    assert _outside(page.requests) == []


def test_phone_width_has_no_sideways_scrolling(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    for path in ("", "editions/2026/011/", "items/2026-11-17-nanhu-nongmingong-gongzi/",
                 "archive/", "search/"):
        tab.goto(served + path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    context.close()


def test_print_shows_the_edition_without_navigation(page, served: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + "editions/2026/011/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".bl-masthead").is_visible()
    # the marking leaves the page's flow for the margins of every printed page
    assert not page.locator(".bl-marking").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
    assert_marked_in_margins(read_pages(pdf, "INTERNAL"))


AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"


@pytest.mark.parametrize("path", ["", "editions/", "editions/2026/011/",
                                  "items/2026-11-17-nanhu-nongmingong-gongzi/",
                                  "items/2026-11-16-qing-river-diesel-spill/", "archive/",
                                  "archive/units/water/", "pool/", "search/", "guide/",
                                  "assessment/", "assessment/units/agriculture/"])
def test_pages_meet_wcag_aa(page, served: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(served + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                  for v in result["violations"]]
    assert violations == []
