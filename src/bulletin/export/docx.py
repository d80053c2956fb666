"""One edition as a Word document (.docx), laid out like the printed bulletin.

A4 pages with the classification marking in the header and footer of every
page, a page number (a ``PAGE`` field) in the footer, the red masthead, the
editor's note, then each section and its items. Item bodies go through the
site's :class:`~bulletin.site.markdown.BodyRenderer` (raw HTML off, nh3
allowlist) and the safe HTML is mapped onto Word styles
(:mod:`~bulletin.export.docx_body`), so the document shows exactly what the site
shows and no markup leaks into it. The page and styles are set in
:mod:`~bulletin.export.docx_style`.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt

from ..model import Item
from ..site.compose import EditionView, Site
from ..site.i18n import labels
from ..site.markdown import BodyRenderer
from .docx_body import one_line, plain_paragraphs, write_body
from .docx_style import (
    GREY,
    MARGIN_CM,
    RED,
    add_header_footer,
    border_below,
    set_up_document,
    shade,
    styled,
)

LEAD_MARK = "★ "


def render_docx(site: Site, view: EditionView) -> bytes:
    """The edition ``view`` of ``site`` as the bytes of a .docx file."""
    doc = Document()
    t = labels(site.policy.language)
    set_up_document(doc, site)
    marking = t["marking"].format(level=(view.edition.audience or site.audience).upper())
    add_header_footer(doc.sections[0], marking, site.policy.language)
    _masthead(doc, site, view)
    _note(doc, view, t)
    bodies = BodyRenderer(shift=1)
    lead = view.lead
    for title, items in view.sections:
        doc.add_heading(title, level=1)
        for item in items:
            _item(doc, site, item, item is lead, bodies)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- masthead and note ------------------------------------------------------------


def _masthead(doc: DocumentObject, site: Site, view: EditionView) -> None:
    """Title, edition number, publisher and date over a red rule, edition title."""
    t = labels(site.policy.language)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    styled(title.add_run(site.policy.title), bold=True, color=RED, size=26)
    number = doc.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = t["edition_label"].format(year=view.year, number=view.edition.number)
    name = site.policy.publication_name(view.publication)
    if site.policy.publications and name != site.policy.title:
        label = f"{name} {label}"
    kind = view.edition.type
    if kind and kind != "regular" and kind in t:
        label += f" · {t[kind]}"
    styled(number.add_run(label), size=14)
    line = doc.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Cm(21 - 2 * MARGIN_CM), WD_TAB_ALIGNMENT.RIGHT)
    day = view.edition.date
    line.add_run(site.policy.publisher + ("\t" + long_date(day, site) if day else ""))
    border_below(line)
    if view.edition.title:
        heading = doc.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_before = Pt(12)
        styled(heading.add_run(view.edition.title), bold=True, size=18)


def _note(doc: DocumentObject, view: EditionView, t: dict[str, str]) -> None:
    """The editor's note: indented and shaded, its label in bold."""
    if not view.edition.note:
        return
    colon = "：" if t["editors_note"] == "编者按" else ": "
    for index, text in enumerate(plain_paragraphs(view.edition.note)):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent \
            = Cm(0.75)
        shade(paragraph)
        if index == 0:
            styled(paragraph.add_run(t["editors_note"] + colon), bold=True, color=RED)
        paragraph.add_run(text)


def long_date(day: dt.date, site: Site) -> str:
    """``20 November 2026`` or ``2026年11月20日``, as on the site."""
    if site.policy.language == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


# --- items ------------------------------------------------------------------------


def _item(doc: DocumentObject, site: Site, item: Item, lead: bool,
          bodies: BodyRenderer) -> None:
    """One item: title, byline, summary in bold, body, sources."""
    doc.add_heading((LEAD_MARK if lead else "") + (item.title or item.id), level=2)
    byline = doc.add_paragraph()
    styled(byline.add_run(_byline(site, item)), color=GREY, size=10)
    if item.summary:
        summary = doc.add_paragraph()
        # a summary of markup alone ("<br>", "<!-- x -->") has no paragraph left
        first = next(iter(plain_paragraphs(item.summary)), "")
        summary.add_run(first).bold = True
    write_body(doc, item, bodies)
    _sources(doc, site, item)


def _byline(site: Site, item: Item) -> str:
    """``Unit · date · Priority`` (the priority only when it is not routine)."""
    t = labels(site.policy.language)
    units = site.policy.units
    parts = [units[item.unit].name if item.unit in units else (item.unit or "")]
    if item.date:
        parts.append(long_date(item.date, site))
    if item.priority and item.priority != "routine":
        parts.append(t.get(item.priority, item.priority))
    return " · ".join(p for p in parts if p)


def _sources(doc: DocumentObject, site: Site, item: Item) -> None:
    """The sources in a small paragraph."""
    if not item.sources:
        return
    zh = site.policy.language == "zh"
    t = labels(site.policy.language)
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    styled(paragraph.add_run(t["sources"] + ("：" if zh else ": ")), bold=True, size=9)
    joined = ("；" if zh else "; ").join(one_line(s) for s in item.sources)
    styled(paragraph.add_run(joined), size=9, color=GREY)
