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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..model import Item
from ..site.compose import EditionView, Site
from ..site.i18n import item_language, labels
from ..site.i18n import long_date as site_long_date
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
NBSP = "\u00a0"


def render_docx(site: Site, view: EditionView) -> bytes:
    """The edition ``view`` of ``site`` as the bytes of a .docx file."""
    doc = Document()
    t = labels(site.policy.language)
    set_up_document(doc, site)
    marking = site.policy.marking(view.edition.audience or site.audience)
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
    _publisher_and_date(doc, site, view)
    if view.edition.title:
        heading = doc.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_before = Pt(12)
        styled(heading.add_run(view.edition.title), bold=True, size=18)


def _publisher_and_date(doc: DocumentObject, site: Site, view: EditionView) -> None:
    """The issuing office left and the date right, over the red rule: a borderless table
    of two cells, the date's cell as wide as the date, which never wraps (its spaces
    are no-break spaces), however long the office's name."""
    day = view.edition.date
    date = long_date(day, site).replace(" ", NBSP) if day else ""
    width = Cm(21 - 2 * MARGIN_CM)
    date_width = Cm(min(7.0, 0.9 + 0.24 * len(date) * (2 if site.policy.language == "zh"
                                                         else 1)))
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = width - date_width, date_width
    left.paragraphs[0].add_run(site.policy.publisher)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    right.paragraphs[0].add_run(date)
    rule = doc.add_paragraph()
    rule.paragraph_format.space_after = Pt(6)
    border_below(rule)


def _note(doc: DocumentObject, view: EditionView, t: dict[str, str]) -> None:
    """The editor's note: indented and shaded, its label in bold."""
    if not view.edition.note:
        return
    colon = t["colon"]
    for index, text in enumerate(plain_paragraphs(view.edition.note)):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent \
            = Cm(0.75)
        shade(paragraph)
        if index == 0:
            styled(paragraph.add_run(t["editors_note"] + colon), bold=True, color=RED)
        paragraph.add_run(text)


def long_date(day: dt.date, site: Site, language: str | None = None) -> str:
    """``20 November 2026`` or ``2026年11月20日``, as on the site."""
    return site_long_date(day, language or site.policy.language)


# --- items ------------------------------------------------------------------------


def _item(doc: DocumentObject, site: Site, item: Item, lead: bool,
          bodies: BodyRenderer) -> None:
    """One item: title, byline, notices, summary in bold, body, sources."""
    doc.add_heading((LEAD_MARK if lead else "") + (item.title or item.id), level=2)
    byline = doc.add_paragraph()
    styled(byline.add_run(_byline(site, item)), color=GREY, size=10)
    _notices(doc, site, item)
    if item.summary:
        summary = doc.add_paragraph()
        # a summary of markup alone ("<br>", "<!-- x -->") has no paragraph left
        first = next(iter(plain_paragraphs(item.summary)), "")
        summary.add_run(first).bold = True
    write_body(doc, item, bodies)
    _sources(doc, site, item)


def _byline(site: Site, item: Item) -> str:
    """``Unit · date · Priority · MARKING`` in the item's language (the priority only when
    it is not routine, the marking only above the lowest level)."""
    language = item_language(item.title)
    t = labels(language)
    parts = [site.policy.unit_name(item.unit, language)]
    if item.date:
        parts.append(long_date(item.date, site, language))
    if item.priority and item.priority != "routine":
        parts.append(t.get(item.priority, item.priority))
    if site.policy.level_rank(item.classification) > 0:
        parts.append(site.policy.marking(item.classification, language))
    return " · ".join(p for p in parts if p)


def _notices(doc: DocumentObject, site: Site, item: Item) -> None:
    """A withdrawal or correction of the item, in a shaded paragraph with a red label."""
    language = item_language(item.title)
    t = labels(language)
    notes = []
    if item.withdrawn:
        notes.append((f"{t['withdrawn']} {long_date(item.withdrawn, site, language)}"
                      f"{t['colon']}", item.withdrawn_reason or ""))
    for fix in site.corrected_by.get(item.id, []):
        when = long_date(fix.date, site, language) if fix.date else ""
        what = " ".join(plain_paragraphs(fix.summary or ""))
        notes.append((f"{t['corrected']} {when}{t['colon']}",
                      f"{what} {t['corrected_by']}{t['colon']}{fix.title}"))
    for label, text in notes:
        paragraph = doc.add_paragraph()
        shade(paragraph, "FBF1F1")
        styled(paragraph.add_run(label), bold=True, color=RED)
        paragraph.add_run(text)


def _sources(doc: DocumentObject, site: Site, item: Item) -> None:
    """The sources in a small paragraph."""
    if not item.sources:
        return
    t = labels(item_language(item.title))
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    styled(paragraph.add_run(t["sources"] + t["colon"]), bold=True, size=9)
    joined = t["list_sep"].join(one_line(s) for s in item.sources)
    styled(paragraph.add_run(joined), size=9, color=GREY)
