"""Issue 15 on built pages (real MkDocs builds of small repositories): what the office's
readers see — markings named per language, urgency that cannot be missed, pool items
apart, corrections in lists, Chinese as the interface, staff pages apart, tag aliases,
``--as-of`` previews. (The browser tests, tests/test_browser_reader.py, look at the demo.)
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from bulletin.site.build import build_site
from conftest import POLICY, BulletinRepo, add_site_config

AS_OF = "2026-11-28T12:00:00+08:00"
LEVEL_NAMES = """\
level_names:
  internal: {en: FOR OFFICIAL USE, zh: 内部资料}
  restricted: {en: RESTRICTED, zh: 机密}
"""


def _build(repo: BulletinRepo, tmp_path: Path, name: str = "site", **kwargs: object) -> Path:
    return build_site(repo.root, site_dir=tmp_path / name, quiet=True,  # type: ignore[arg-type]
                      **{"as_of": AS_OF, **kwargs})


def _read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8") if not page.endswith(".html") \
        else (site / page).read_text("utf-8")


def _main(html: str) -> str:
    """The page's content, without the theme's header and footer."""
    found = re.search(r'<article class="md-content__inner.*</article>', html, re.S)
    return found.group(0) if found else html


@pytest.fixture
def office(bulletin_repo: BulletinRepo) -> BulletinRepo:
    """A regular and a later flash edition, a corrected item, an urgent one, the pool."""
    r = bulletin_repo
    add_site_config(r, search="none")
    r.write("bulletin.yml", POLICY + LEVEL_NAMES + "pool: true\nreader:\n"
            "  contact: Information Division, tel. 0571-8700 1234\n"
            "  tag_aliases:\n    flood season: [防汛]\n")
    r.item("reservoir-levels-fall", title="Reservoir levels fall to 61 per cent",
           tags=["flood season"])
    r.item("intake-silt", date=dt.date(2026, 11, 19), title="Silt blocks the Xishan intake",
           category="problem", sources=["Intake log"], tags=["防汛"],
           body="## Problem\n\nFlow fell.\n\n## Causes\n\nSilt.\n\n## Suggestions\n\nDredge.\n")
    r.item("levels-corrected", date=dt.date(2026, 11, 21),
           title="Correction: reservoir levels are 58 per cent, not 61",
           summary="The gauge at Xishan read high; levels are 58 per cent.",
           corrects="2026-11-18-reservoir-levels-fall")
    r.item("dam-seepage", date=dt.date(2026, 11, 22), title="Seepage found at the Xishan dam",
           category="emergency", priority="urgent", sources=["Dam log"],
           body="## What happened\n\nSeepage.\n\n## Response\n\nDrained.\n")
    r.item("pool-only", date=dt.date(2026, 11, 23), title="Pumps serviced ahead of winter")
    r.edition(1, ["2026-11-18-reservoir-levels-fall", "2026-11-19-intake-silt"],
              date="2026-11-20")
    r.edition(2, ["2026-11-22-dam-seepage"], date="2026-11-22", type="flash")
    r.edition(3, ["2026-11-21-levels-corrected"], date="2026-12-05")  # after --as-of
    return r


# --- finding 1 and deliverable 1: markings, named per language --------------------------------

def test_level_names_mark_rows_pages_and_print_margins(office: BulletinRepo,
                                                       tmp_path: Path) -> None:
    site = _build(office, tmp_path)
    edition = _read(site, "editions/2026/001")
    assert edition.count('<p class="bl-marking') == 2  # top and bottom of the page
    assert "FOR OFFICIAL USE" in edition and "INTERNAL" not in _main(edition)
    # print puts it in the page margins (@page), never in the flow over the text
    assert re.search(r"@page \{ @top-center \{ content: \"FOR OFFICIAL USE\"", edition)
    pool = _main(_read(site, "pool"))
    rows = re.findall(r'<li class="bl-row[^"]*".*?</li>', pool, re.S)
    assert rows and all('class="bl-badge bl-badge--internal">FOR OFFICIAL USE<' in row
                        for row in rows)


def test_a_level_name_for_an_unknown_level_is_located(office: BulletinRepo) -> None:
    office.write("bulletin.yml", POLICY + "level_names:\n  secret: {en: SECRET}\n")
    found = [(d.code, d.line) for d in office.diagnostics() if d.path == "bulletin.yml"]
    assert found and found[0][1] > 0, found


# --- finding 3: corrections in lists ---------------------------------------------------------

def test_the_home_page_and_lists_flag_a_corrected_item(office: BulletinRepo,
                                                       tmp_path: Path) -> None:
    site = _build(office, tmp_path, as_of="2026-12-06T12:00:00+08:00")
    for page in ("archive/units/water", "archive/categories/situation", "editions/2026/001"):
        html = _main(_read(site, page))
        notice = re.search(r'<p class="bl-notice bl-notice--correction".*?</p>', html, re.S)
        assert notice, page
        assert "levels are 58 per cent" in notice.group(0), page  # what changed
        assert "2026-11-21-levels-corrected/" in notice.group(0), page  # the correcting item
    # the home page's list of recent editions flags the corrected lead item
    home = _main(_read(site, ""))
    assert re.search(r"Reservoir levels fall to 61 per cent</a> "
                     r'<span class="bl-flag">Corrections</span>', home)


# --- finding 4: urgency, the lead item, the pool apart ---------------------------------------

def test_a_flash_edition_is_unmistakable(office: BulletinRepo, tmp_path: Path) -> None:
    site = _build(office, tmp_path, as_of="2026-11-23T12:00:00+08:00")  # the day after it
    home = _main(_read(site, ""))
    assert re.search(r'<aside class="bl-flash-banner[^>]*>.*?2026 No\. 2.*?'
                     r"Seepage found at the Xishan dam", home, re.S)
    flash = _main(_read(site, "editions/2026/002"))
    assert "bl-flash-banner" in flash and "bl-edition--flash" in flash
    assert re.search(r'class="bl-urgent">Urgent<', flash)  # red, not grey
    regular = _main(_read(site, "editions/2026/001"))
    assert "bl-flash-banner" not in regular


def test_the_home_page_leads_and_keeps_the_pool_apart(office: BulletinRepo,
                                                      tmp_path: Path) -> None:
    site = _build(office, tmp_path)
    home = _main(_read(site, ""))
    lead = re.search(r'<article class="bl-lead".*?</article>', home, re.S)
    assert lead and "Seepage found at the Xishan dam" in lead.group(0)
    pool = re.search(r'<section class="bl-pool-box".*?</section>', home, re.S)
    assert pool and "Not yet published" in pool.group(0)
    assert "Pumps serviced ahead of winter" in pool.group(0)
    assert "bl-row--pool" in pool.group(0)


# --- deliverables 3, 5, 8: staff pages, Chinese, tags, previews ------------------------------

def test_a_public_build_shows_no_staff_pages(office: BulletinRepo, tmp_path: Path) -> None:
    office.write("docs/format.md", "# File formats\n\nFor staff.\n")
    internal = _build(office, tmp_path, "internal")
    public = _build(office, tmp_path, "public", audience="public")
    assert (internal / "guide" / "index.html").is_file()
    assert (internal / "pool" / "index.html").is_file()
    assert not (public / "guide").exists() and not (public / "pool").exists()
    assert not (public / "format").exists()
    assert "For staff" not in _read(public, "")


def test_chinese_is_the_interface_of_a_chinese_bulletin(office: BulletinRepo,
                                                        tmp_path: Path) -> None:
    office.write("bulletin.yml", POLICY.replace("timezone:", "language: zh\ntimezone:")
                 + LEVEL_NAMES + "pool: true\n")
    site = _build(office, tmp_path)
    edition = _read(site, "editions/2026/001")
    assert '<html lang="zh"' in edition
    assert "2026年第1期" in edition and "2026年11月20日" in edition
    assert "内部资料" in _main(edition) and "FOR OFFICIAL USE" not in edition
    not_found = _read(site, "404.html")
    assert "页面不存在" in not_found and '<html lang="zh"' in not_found
    # an English item keeps its own labels, marked as English
    item = _read(site, "items/2026-11-18-reservoir-levels-fall")
    assert 'lang="en"' in _main(item) and "Published in" in _main(item)


def test_tags_join_across_languages(office: BulletinRepo, tmp_path: Path) -> None:
    site = _build(office, tmp_path)
    tags = sorted(p.parent.name for p in (site / "archive" / "tags").glob("*/index.html"))
    page = _main(_read(site, "archive/tags/flood-season"))
    assert "Reservoir levels fall" in page and "Silt blocks the Xishan intake" in page, tags
    # counted in words that agree with the number wherever a count is shown
    pages = [path.read_text("utf-8") for path in site.rglob("index.html")]
    assert not any(re.search(r"\b1 items\b", html) for html in pages)
    assert any(re.search(r"\b1 item\b", html) for html in pages)


def test_an_as_of_preview_leaves_out_later_editions(office: BulletinRepo,
                                                    tmp_path: Path) -> None:
    before = _build(office, tmp_path, "before")
    after = _build(office, tmp_path, "after", as_of="2026-12-06T12:00:00+08:00")
    assert not (before / "editions" / "2026" / "003").exists()
    assert (after / "editions" / "2026" / "003" / "index.html").is_file()
    assert "2026 No. 3" not in _read(before, "editions")


def test_counts_agree_with_their_number() -> None:
    from bulletin.site.i18n import count

    assert [count(n, "en") for n in (0, 1, 2)] == ["0 items", "1 item", "2 items"]
    assert count(1, "zh") == "1 条"
