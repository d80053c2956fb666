"""The site's Assessment section: real MkDocs builds of the dated fixture of
test_score.py, for two audiences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bulletin.site.build import build_site
from conftest import BulletinRepo, add_site_config
from site_scan import all_text, outside_requests
from test_score import scored  # noqa: F401  (the fixture)

AS_OF = "2026-11-28T12:00:00+08:00"  # in 2026-Q4: the section shows Q4 to date


@pytest.fixture
def site(scored: BulletinRepo) -> BulletinRepo:  # noqa: F811
    add_site_config(scored)
    policy = (scored.root / "bulletin.yml").read_text()
    scored.write("bulletin.yml", policy.replace("assessment:\n",
                                                "assessment:\n  audience: internal\n"))
    return scored


def _build(repo: BulletinRepo, tmp_path: Path, audience: str) -> Path:
    return build_site(repo.root, audience=audience, site_dir=tmp_path / audience, quiet=True,
                      as_of=AS_OF)


def _text(page: Path) -> str:
    main = page.read_text(encoding="utf-8")
    main = main[main.find("bl-assessment"):]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_section_pages_and_charts(site: BulletinRepo, tmp_path: Path) -> None:
    out = _build(site, tmp_path, "restricted")
    index = out / "assessment" / "index.html"
    text = _text(index)
    assert "Assessment 2026-Q4 (to date)" in text
    assert index.read_text().count("<svg class=\"bl-chart\"") == 2
    assert 'role="img"' in index.read_text()
    # the table: water first with its points as `bulletin score` counts them to date
    assert re.search(r"1 Water Resources Bureau 2 3 1 1 100% 4\.0 1 0 ", text)
    for period in ("2026-q3", "2026-q2", "2026-q1"):
        assert (out / "assessment" / period / "index.html").exists()
    unit = _text(out / "assessment" / "units" / "xishan" / "index.html")
    assert "Training hints" in unit and "Q501 title-length" in unit
    assert "late-emergency" in unit  # the ledger line, in the points trail
    guide = re.search(r'href="([^"]*guide/)#Q501"',
                      (out / "assessment/units/xishan/index.html").read_text())
    assert guide and (out / "assessment/units/xishan" / guide[1] / "index.html").resolve()\
        .exists()
    assert outside_requests(out) == []


def test_figures_follow_the_audience(site: BulletinRepo, tmp_path: Path) -> None:
    """The warehouse fire is restricted: an internal build neither counts nor names it,
    nor the ledger line about it."""
    internal = _build(site, tmp_path, "internal")
    leaks = [str(p.relative_to(internal)) for p, text in all_text(internal)
             if "warehouse" in text.lower()]
    assert leaks == []
    unit = _text(internal / "assessment" / "units" / "xishan" / "index.html")
    assert "late-emergency" not in unit
    restricted = _build(site, tmp_path, "restricted")
    assert "warehouse" in (restricted / "assessment/units/xishan/index.html").read_text()


def test_section_absent_below_its_audience(site: BulletinRepo, tmp_path: Path) -> None:
    public = _build(site, tmp_path, "public")
    assert not (public / "assessment").exists()
    assert "assessment/" not in (public / "sitemap.xml").read_text()
