"""The site's Assessment section: real MkDocs builds of the dated fixture of
test_score.py, for two audiences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bulletin.site.build import build_site
from conftest import BulletinRepo, add_site_config
from site_scan import all_text, outside_requests
from test_rule_book import quarter  # noqa: F401  (the fixture)
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


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_pages_show_the_rule_book(quarter: BulletinRepo, tmp_path: Path,  # noqa: F811
                                      language: str) -> None:
    """The district's rule book of test_rule_book.py: base, floor, standards and
    publications on the Assessment pages, in the site's language."""
    add_site_config(quarter, search="none")
    policy = (quarter.root / "bulletin.yml").read_text()
    quarter.write("bulletin.yml", policy.replace("timezone:", f"language: {language}\n"
                                                 "timezone:", 1))
    out = build_site(quarter.root, audience="restricted", site_dir=tmp_path / language,
                     quiet=True, as_of="2026-12-31T23:30:00+08:00")
    index = _text(out / "assessment" / "index.html")
    if language == "en":
        assert "Rule book: items count in the period of the day they were sent; every unit " \
               "starts with 6 points; deductions stop at 0; additions have no cap; one leader " \
               "response of each rank counts per item; the standard is met at 6 points; an " \
               "adoption rate below 30% costs 2 points; adoption counts in each publication: " \
               "每日要情, 政务建议." in index
        assert "Xishan Town 4 1 1 0 25% 1.0 0 0 3.0 missed (3 of 6 points)" in index
        assert "2026-Q4" in index
    else:
        assert "考核办法：信息按报送日期计入考核期；基础分6分；扣分扣完为止（最低0分）；" \
               "加分不封顶；领导批示按件计分，同一信息同级批示不重复计分；得分不低于6分为达标；" \
               "采用率低于30%扣2分；多刊采用累加：每日要情、政务建议。" in index
        assert "Xishan Town 4 1 1 0 25% 1.0 0 0 3.0 未完成（3分/6分）" in index
        # the period as Chinese readers name it (the English label is 2026-Q4)
        assert "2026年第四季度" in index and "2026-Q4" not in index
    unit = _text(out / "assessment" / "units" / "water" / "index.html")
    if language == "en":
        assert "Adopted by publication 每日要情 3, 政务建议 1 Adopted upstream province 1" in unit
        assert "Sent or merged in this period, counted in another 2026-09-29-w1-canal" in unit
    else:
        assert "各刊采用 每日要情 3、政务建议 1 上级采用 province 1" in unit
