"""Issue 15 in a real browser (Debian's Chromium through Playwright): what the office's
readers see on the demo — a restricted build marks every restricted row, an edition
that carried a corrected item says so under it, the header's search works from every
page and on a phone, ``?q=`` opens with results — and axe-core finds no WCAG 2.1 A/AA
violation on those pages in English and in a ``language: zh`` copy of the demo.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import browsing
from bulletin.site.build import build_site

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-28T12:00:00+08:00"
AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
CORRECTED = "2026-10-12-autumn-harvest-progress"  # corrected by a later item
CARRIED_IN = "editions/2026/006/"  # the edition that carried it
# every kind of page, for the header search and axe-core
PAGES = ["", "editions/", "editions/2026/011/", "editions/2026/008/", CARRIED_IN,
         f"items/{CORRECTED}/", "items/2026-11-17-nanhu-nongmingong-gongzi/", "archive/",
         "archive/units/water/", "pool/", "search/?q=reservoir", "assessment/",
         "assessment/units/water/", "guide/", "404.html"]


def _copy_demo(target: Path, language: str) -> Path:
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".git", ".venv", "site", "tests", "src", "scripts", "*.egg-info"))
    policy = target / "bulletin.yml"
    policy.write_text(policy.read_text("utf-8").replace("language: en",
                                                        f"language: {language}"), "utf-8")
    return target


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The demo as built for its default audience, for restricted readers, and in Chinese."""
    top = tmp_path_factory.mktemp("reader")
    built = {
        "en": build_site(ROOT, site_dir=top / "en", quiet=True, as_of=AS_OF),
        "restricted": build_site(ROOT, site_dir=top / "restricted", audience="restricted",
                                 quiet=True, as_of=AS_OF),
        "zh": build_site(_copy_demo(top / "demo-zh", "zh"), site_dir=top / "zh", quiet=True,
                         as_of=AS_OF),
    }
    servers = {name: browsing.serve(site) for name, site in built.items()}
    yield {name: url for name, (url, _) in servers.items()}
    for _, server in servers.values():
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browsing.chromium()


@pytest.fixture
def desk(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    yield context.new_page()
    context.close()


def _rows(page: Any, selector: str) -> list[tuple[str, str]]:
    """(title, badges) of each row ``selector`` finds."""
    rows = page.locator(selector)
    return [(rows.nth(i).locator("a").first.inner_text(),
             " ".join(rows.nth(i).locator(".bl-badge").all_inner_texts()))
            for i in range(rows.count())]


def _restricted_titles() -> set[str]:
    from bulletin.load.repository import load_policy, load_repository

    policy = load_policy(ROOT).policy
    assert policy is not None
    repo, _ = load_repository(ROOT, policy)
    return {item.title or "" for item in repo.items
            if item.classification == "restricted"}


# --- finding 2: restricted rows are marked --------------------------------------------------

@pytest.mark.parametrize("path", ["", "pool/", "archive/units/emergency/"])
def test_every_restricted_row_is_marked(desk: Any, sites: dict[str, str], path: str) -> None:
    restricted = _restricted_titles()
    desk.goto(sites["restricted"] + path)
    rows = _rows(desk, ".bl-row, .bl-lead, .bl-edition-entry__lead, .bl-headlines li")
    shown = [(title, badges) for title, badges in rows if title in restricted]
    assert shown, f"no restricted row on {path or 'home'}: {rows[:5]}"
    assert [title for title, badges in shown if "RESTRICTED" not in badges] == []
    # and the page says so at top and bottom
    markings = desk.locator(".bl-marking").all_inner_texts()
    assert len(markings) == 2 and all(m.split()[-1] == "RESTRICTED" for m in markings)


def test_restricted_search_results_are_marked(desk: Any, sites: dict[str, str]) -> None:
    restricted = _restricted_titles()
    desk.goto(sites["restricted"] + "search/?q=safety")
    desk.locator(".bl-search__result").first.wait_for(timeout=15000)
    desk.wait_for_timeout(500)  # the later sources merge in
    rows = _rows(desk, ".bl-search__result")
    shown = [(title, badges) for title, badges in rows if title in restricted]
    assert shown, rows
    assert [title for title, badges in shown if "RESTRICTED" not in badges] == []
    assert "RESTRICTED" in desk.locator(".bl-marking").first.inner_text()


def test_the_default_build_holds_no_restricted_row(desk: Any, sites: dict[str, str]) -> None:
    restricted = _restricted_titles()
    for path in ("", "pool/"):
        desk.goto(sites["en"] + path)
        assert not restricted & set(desk.locator("a").all_inner_texts()), path
        assert "RESTRICTED" not in desk.content()


# --- finding 3: corrections where the figure is read ----------------------------------------

@pytest.mark.parametrize("site", ["en", "zh"])
def test_the_edition_that_carried_a_corrected_item_shows_the_notice(
        desk: Any, sites: dict[str, str], site: str) -> None:
    desk.goto(sites[site] + CARRIED_IN)
    article = desk.locator(f"article:has(a[href$='items/{CORRECTED}/'])").first
    notice = article.locator(".bl-notice--correction")
    assert notice.count() == 1 and notice.is_visible()
    text = notice.inner_text()
    assert re.search(r"Corrected|更正", text), text
    link = notice.locator("a")
    href = link.get_attribute("href") or ""
    link.click()
    desk.wait_for_url(re.compile(r"/items/2026-10-22-harvest-estimate-correction/$"))
    assert "harvest-estimate-correction" in href


# --- finding 4 (deliverable 4): search in the header, ?q= -----------------------------------

@pytest.mark.parametrize("path", PAGES)
def test_the_header_search_works_from_every_page(desk: Any, sites: dict[str, str],
                                                 path: str) -> None:
    desk.goto(sites["en"] + path)
    # (the 404 page, self-contained to work at any address, has it under its heading)
    field = desk.locator(("" if path == "404.html" else "header ") +
                         "form[role=search] input[name=q]")
    assert field.is_visible()
    field.fill("reservoir")
    field.press("Enter")
    desk.wait_for_url(re.compile(r"/search/\?q=reservoir$"))
    desk.locator(".bl-search__result").first.wait_for(timeout=15000)
    assert "Qinghe Reservoir" in desk.locator(".bl-search__results").inner_text()


@pytest.mark.parametrize("site", ["en", "zh"])
def test_the_header_search_on_a_phone(phone: Any, sites: dict[str, str], site: str) -> None:
    query = "reservoir" if site == "en" else "水库"
    for path in ("", "editions/2026/011/", "items/2026-11-17-nanhu-nongmingong-gongzi/"):
        phone.goto(sites[site] + path)
        field = phone.locator("header form[role=search] input[name=q]")
        box = field.bounding_box()
        assert field.is_visible() and box is not None and box["width"] >= 120, (path, box)
        assert box["x"] + box["width"] <= 390 and box["y"] < 120, (path, box)
        field.tap()
        field.fill(query)
        phone.locator("header form[role=search] button").tap()
        phone.wait_for_url(re.compile(r"/search/\?q="))
        phone.locator(".bl-search__result").first.wait_for(timeout=15000)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize(("site", "query", "expected"), [
    ("en", "reservoir", "Qinghe Reservoir reaches its post-flood storage target"),
    ("zh", "农民工工资", "建议南湖区300万元以上工程一律开设农民工工资专户"),
])
def test_a_q_link_opens_with_results(desk: Any, sites: dict[str, str], site: str, query: str,
                                     expected: str) -> None:
    desk.goto(sites[site] + "search/?q=" + query)
    desk.locator(".bl-search__result").first.wait_for(timeout=15000)
    assert desk.locator("#bl-search-input, input[type=search]").first.input_value() == query
    titles = desk.locator(".bl-search__result > * a").all_inner_texts()
    assert any(expected in t for t in titles), titles
    assert re.search(r"\d", desk.locator(".bl-search__status").inner_text())


def test_a_filter_narrows_the_results_and_sorts_newest_first(desk: Any,
                                                              sites: dict[str, str]) -> None:
    desk.goto(sites["en"] + "search/?q=reservoir")
    desk.locator(".bl-search__result").first.wait_for(timeout=15000)
    desk.select_option("#bl-filter-unit", "water")
    desk.select_option("#bl-sort", "newest")
    # the filter and the order are applied one after the other (each re-renders the
    # list): wait for both, not for the first alone
    desk.wait_for_function(
        "() => { const m = [...document.querySelectorAll('.bl-search__meta')]"
        ".map(p => p.textContent); if (!m.length || !m.every(t => t.includes("
        "'Water Resources Bureau'))) return false; const d = m.map(t => Date.parse("
        "t.split(' · ')[0])); return d.every((x, i) => i === 0 || d[i - 1] >= x); }",
        timeout=15000)
    metas = desk.locator(".bl-search__meta").all_inner_texts()
    assert metas and all("Water Resources Bureau" in m for m in metas), metas
    dates = [dt.datetime.strptime(m.split(" · ")[0], "%d %B %Y") for m in metas]
    assert dates == sorted(dates, reverse=True)


# --- axe-core: WCAG 2.1 A/AA in both languages ----------------------------------------------

# every page in both languages; the restricted build on its lists
WCAG_PAGES = [(site, path) for site in ("en", "zh") for path in PAGES] + \
    [("restricted", path) for path in ("", "pool/", "search/?q=reservoir")]


@pytest.mark.parametrize(("site", "path"), WCAG_PAGES)
def test_pages_meet_wcag_aa_in_both_languages(desk: Any, sites: dict[str, str], site: str,
                                              path: str) -> None:
    desk.goto(sites[site] + path)
    if "search/" in path:
        desk.locator(".bl-search__result").first.wait_for(timeout=15000)
    desk.add_script_tag(path=str(AXE))
    result = desk.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                  for v in result["violations"]]
    assert violations == []


@pytest.mark.parametrize("path", ["", "editions/2026/008/", "search/?q=reservoir",
                                  "assessment/"])
def test_pages_meet_wcag_aa_on_a_phone(phone: Any, sites: dict[str, str], path: str) -> None:
    """At 390 px: the header's search field, the flash banner, charts that scroll sideways
    in their frame (reachable by keyboard)."""
    phone.goto(sites["en"] + path)
    if "search/" in path:
        phone.locator(".bl-search__result").first.wait_for(timeout=15000)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.add_script_tag(path=str(AXE))
    result = phone.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]] == []
