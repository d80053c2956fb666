"""The Word export of an edition: layout, marking, headings, body conversion."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, RGBColor

from bulletin.export.docx import render_docx
from bulletin.load.repository import load_policy, load_repository
from bulletin.site.compose import EditionView, Site, compose
from conftest import POLICY, BulletinRepo

DEMO = Path(__file__).resolve().parents[1]
AS_OF = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def _site(root: Path, audience: str = "internal") -> Site:
    policy = load_policy(root).policy
    assert policy is not None
    repo, _ = load_repository(root, policy)
    return compose(repo, audience, AS_OF)


def _view(site: Site, edition_id: str) -> EditionView:
    return next(v for v in site.editions if v.id == edition_id)


def _read(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


def _all_text(doc: DocumentObject) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture(scope="module")
def demo() -> tuple[Site, EditionView, DocumentObject]:
    site = _site(DEMO)
    view = _view(site, "2026-011")
    return site, view, _read(render_docx(site, view))


def test_page_is_a4_with_marking_and_page_number(demo: tuple[Site, EditionView,
                                                             DocumentObject]) -> None:
    _, _, doc = demo
    section = doc.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert abs(section.page_width.mm - 210) < 1
    assert abs(section.page_height.mm - 297) < 1
    assert section.left_margin is not None and abs(section.left_margin.cm - 2.5) < 0.1
    assert "INTERNAL" in "\n".join(p.text for p in section.header.paragraphs)
    assert "INTERNAL" in "\n".join(p.text for p in section.footer.paragraphs)
    footer_xml = section.footer._element.xml
    assert "fldChar" in footer_xml and " PAGE " in footer_xml
    assert "Page" in "".join(p.text for p in section.footer.paragraphs)


def test_masthead(demo: tuple[Site, EditionView, DocumentObject]) -> None:
    site, _, doc = demo
    title = doc.paragraphs[0]
    assert title.text == site.policy.title
    run = title.runs[0]
    assert run.bold and run.font.color.rgb == RGBColor(0xB3, 0x14, 0x1B)
    texts = [p.text for p in doc.paragraphs[:6]]
    assert "2026 No. 11" in texts
    # the office left, the date right, in cells of their own: the date never wraps,
    # however long the office's name (a tab stop split "20 / November 2026")
    office, date = doc.tables[0].rows[0].cells
    assert office.text == site.policy.publisher
    assert date.text == "20\u00a0November\u00a02026"
    assert date.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.width >= Cm(4)
    assert any("pBdr" in p._p.xml and "B3141B" in p._p.xml for p in doc.paragraphs[:6])
    assert any(t.startswith("Editor's note") for t in texts)


def test_items_are_headings_in_order(demo: tuple[Site, EditionView, DocumentObject]) -> None:
    _, view, doc = demo
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["★ " + (view.items[0].title or "")] + \
        [i.title for i in view.items[1:]]
    sections = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert sections == [title for title, _ in view.sections]


def test_body_is_converted_without_markup(demo: tuple[Site, EditionView,
                                                      DocumentObject]) -> None:
    _, _, doc = demo
    text = _all_text(doc)
    assert "东城区3个社区试行“时间银行”" in text
    assert "南湖新城建设量大" in text
    assert "##" not in text and "<script" not in text and "<" not in text
    assert any(p.style.name == "Heading 3" for p in doc.paragraphs)
    assert any(p.style.name == "List Number" for p in doc.paragraphs)
    assert any(p.text.startswith("Sources: ") for p in doc.paragraphs)
    normal = doc.styles["Normal"].element.xml
    assert 'w:eastAsia="SimSun"' in normal


BODY = """\
## Facts

Telemetry showed **three reservoirs** below the *limit*.
<script>alert(1)</script> Supply is safe.

- first point
- second point

1. step one
2. step two

| Reservoir | Level |
|-----------|-------|
| Qinghe    | 133.5 |
"""


@pytest.fixture
def synthetic(bulletin_repo: BulletinRepo) -> DocumentObject:
    bulletin_repo.item(slug="reservoir-levels-fall", body=BODY, priority="urgent",
                       sources=["Telemetry, 17 Nov 2026"])
    bulletin_repo.item(slug="clinic-queues", unit="health", title="Clinic queues grow",
                       date=dt.date(2026, 11, 19), body="Waits rose to 40 minutes.\n")
    bulletin_repo.edition(1, ["2026-11-18-reservoir-levels-fall", "2026-11-19-clinic-queues"],
                          title="Water and health")
    site = _site(bulletin_repo.root)
    return _read(render_docx(site, _view(site, "2026-001")))


def test_synthetic_edition(synthetic: DocumentObject) -> None:
    doc = synthetic
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert ("List Bullet", "first point") in styles
    assert ("List Bullet", "second point") in styles
    assert ("List Number", "step one") in styles
    assert ("Heading 3", "Facts") in styles
    assert ("Heading 2", "★ Reservoir levels fall below the flood-season limit") in styles
    assert ("Heading 2", "Clinic queues grow") in styles
    assert any(t == "Water and health" for _, t in styles)
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    italic = [r.text for p in doc.paragraphs for r in p.runs if r.italic]
    assert "three reservoirs" in bold and "limit" in italic
    text = _all_text(doc)
    assert "<script" not in text and "alert" not in text and "Supply is safe." in text
    assert any("Water Resources Bureau" in t and "Urgent" in t for _, t in styles)
    table = doc.tables[1]  # the first is the masthead's
    assert [c.text for c in table.rows[1].cells] == ["Qinghe", "133.5"]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold


def test_chinese_bulletin_labels(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write("bulletin.yml", POLICY + "language: zh\n")
    bulletin_repo.item(slug="shuiku", title="三座水库水位低于汛限",
                       body="## 情况\n\n水位**偏低**。\n")
    bulletin_repo.edition(3, ["2026-11-18-shuiku"])
    site = _site(bulletin_repo.root)
    doc = _read(render_docx(site, _view(site, "2026-003")))
    texts = [p.text for p in doc.paragraphs]
    assert "2026年第3期" in texts
    assert doc.tables[0].rows[0].cells[1].text == "2026年11月20日"
    assert "★ 三座水库水位低于汛限" in texts
    footer = "".join(p.text for p in doc.sections[0].footer.paragraphs)
    assert "内部" in footer and "第" in footer and "页" in footer  # the level's Chinese name
