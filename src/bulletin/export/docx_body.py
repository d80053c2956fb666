"""One edition as a Word document (.docx), laid out like the printed bulletin.

A4 pages with the classification marking in the header and footer of every
page, a page number (a ``PAGE`` field) in the footer, the red masthead, the
editor's note, then each section and its items. Item bodies go through the
site's :class:`~bulletin.site.markdown.BodyRenderer` (raw HTML off, nh3
allowlist) and the safe HTML is mapped onto Word styles, so the document shows
exactly what the site shows and no markup leaks into it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..model import Item
from ..site.compose import EditionView, Site
from ..site.i18n import labels
from ..site.markdown import BodyRenderer, join_cjk_lines

RED = RGBColor(0xB3, 0x14, 0x1B)
GREY = RGBColor(0x59, 0x59, 0x59)
LATIN_FONT = "Times New Roman"
CJK_FONT = "SimSun"
CJK_HEADING_FONT = "SimHei"
MONO_FONT = "Courier New"
LEAD_MARK = "★ "
MARGIN_CM = 2.5
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SPACE = re.compile(r"\s+")
_AFTER_SHD = (  # what follows w:pBdr and w:shd in w:pPr (the schema fixes the order)
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def render_docx(site: Site, view: EditionView) -> bytes:
    """The edition ``view`` of ``site`` as the bytes of a .docx file."""
    doc = Document()
    t = labels(site.policy.language)
    _set_up(doc, site)
    marking = t["marking"].format(level=(view.edition.audience or site.audience).upper())
    _header_footer(doc.sections[0], marking, site.policy.language)
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


# --- page and styles --------------------------------------------------------------


def _set_up(doc: DocumentObject, site: Site) -> None:
    """A4 portrait, 2.5 cm margins, fonts that cover Chinese, sober headings."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    section.header_distance = section.footer_distance = Cm(1.2)
    zh = site.policy.language == "zh"
    normal = doc.styles["Normal"]
    _set_fonts(normal, LATIN_FONT, CJK_FONT)
    _set_language(normal, "zh-CN" if zh else "en-GB")
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(6)
    for level, size in ((1, 16), (2, 14), (3, 12), (4, 12)):
        style = doc.styles[f"Heading {level}"]
        _set_fonts(style, LATIN_FONT, CJK_HEADING_FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RED if level == 1 else RGBColor(0, 0, 0)
    doc.core_properties.title = site.policy.title
    doc.core_properties.author = site.policy.publisher
    doc.core_properties.language = "zh-CN" if zh else "en-GB"


def _set_fonts(style: BaseStyle, latin: str, east_asian: str) -> None:
    """Name the Latin and East Asian fonts of ``style`` (replacing theme fonts)."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("cs", latin),
                       ("eastAsia", east_asian)):
        fonts.set(qn(f"w:{attr}"), name)


def _set_language(style: BaseStyle, language: str) -> None:
    """Tag the text of ``style`` with ``language`` (spelling, line breaking)."""
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB" if language != "zh-CN" else "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _header_footer(section: Section, marking: str, language: str) -> None:
    """The marking top right; the marking and ``Page N`` at the foot of every page."""
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _styled(head.add_run(marking), bold=True, color=RED)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _styled(foot.add_run(marking), bold=True, color=RED)
    page = section.footer.add_paragraph()
    page.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = ("第", "页") if language == "zh" else ("Page ", "")
    page.add_run(before)
    _add_field(page, "PAGE", "1")
    if after:
        page.add_run(after)


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``…) to ``paragraph``."""
    def char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    for part in (char("begin"), code, char("separate")):
        paragraph.add_run()._r.append(part)
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(char("end"))


def _border_below(paragraph: Paragraph, color: str = "B3141B", size: int = 18) -> None:
    """A rule under ``paragraph`` (``size`` in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("val", "single"), ("sz", str(size)), ("space", "4"),
                        ("color", color)):
        bottom.set(qn(f"w:{attr}"), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, "w:shd", *_AFTER_SHD)


def _shade(paragraph: Paragraph, fill: str = "F3F0E8") -> None:
    """A background colour behind ``paragraph``."""
    shading = OxmlElement("w:shd")
    for attr, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shading.set(qn(f"w:{attr}"), value)
    paragraph._p.get_or_add_pPr().insert_element_before(shading, *_AFTER_SHD)


def _styled(run: Run, bold: bool | None = None, italic: bool | None = None,
            color: RGBColor | None = None, size: float | None = None) -> Run:
    """Set the character formatting of ``run``; return it."""
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if color is not None:
        run.font.color.rgb = color
    if size is not None:
        run.font.size = Pt(size)
    return run


# --- masthead and note ------------------------------------------------------------


def _masthead(doc: DocumentObject, site: Site, view: EditionView) -> None:
    """Title, edition number, publisher and date over a red rule, edition title."""
    t = labels(site.policy.language)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    _styled(title.add_run(site.policy.title), bold=True, color=RED, size=26)
    number = doc.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = t["edition_label"].format(year=view.year, number=view.edition.number)
    kind = view.edition.type
    if kind and kind != "regular" and kind in t:
        label += f" · {t[kind]}"
    _styled(number.add_run(label), size=14)
    line = doc.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Cm(21 - 2 * MARGIN_CM), WD_TAB_ALIGNMENT.RIGHT)
    day = view.edition.date
    line.add_run(site.policy.publisher + ("\t" + long_date(day, site) if day else ""))
    _border_below(line)
    if view.edition.title:
        heading = doc.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_before = Pt(12)
        _styled(heading.add_run(view.edition.title), bold=True, size=18)


def _note(doc: DocumentObject, view: EditionView, t: dict[str, str]) -> None:
    """The editor's note: indented and shaded, its label in bold."""
    if not view.edition.note:
        return
    colon = "：" if t["editors_note"] == "编者按" else ": "
    for index, text in enumerate(_paragraphs(view.edition.note)):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent \
            = Cm(0.75)
        _shade(paragraph)
        if index == 0:
            _styled(paragraph.add_run(t["editors_note"] + colon), bold=True, color=RED)
        paragraph.add_run(text)


def _paragraphs(text: str) -> list[str]:
    """Plain text cut at blank lines, soft line breaks joined."""
    text = join_cjk_lines(_TAG.sub("", _SCRIPT.sub("", text)))
    return [_SPACE.sub(" ", part).strip() for part in re.split(r"\n\s*\n", text)
            if part.strip()]


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
    _styled(byline.add_run(_byline(site, item)), color=GREY, size=10)
    if item.summary:
        summary = doc.add_paragraph()
        summary.add_run(_paragraphs(item.summary)[0] if item.summary.strip() else "").bold = True
    html = bodies.render(_SCRIPT.sub("", item.body), item.path).html
    _HtmlToDocx(doc).convert(html)
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
    _styled(paragraph.add_run(t["sources"] + ("：" if zh else ": ")), bold=True, size=9)
    joined = ("；" if zh else "; ").join(_SPACE.sub(" ", s).strip() for s in item.sources)
    _styled(paragraph.add_run(joined), size=9, color=GREY)


# --- safe HTML → Word -------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    """Character formatting in force at a point of the HTML."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    sup: bool = False
    sub: bool = False


_INLINE = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "code": "code",
           "del": "strike", "sup": "sup", "sub": "sub", "dt": "bold"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd", "td", "th"}


@dataclass
class _Cell:
    """A table cell being collected: its runs, and whether it is a header cell."""

    header: bool
    runs: list[tuple[str, _Format]]


class _HtmlToDocx(HTMLParser):
    """Writes the sanitised HTML of an item body into a document."""

    def __init__(self, doc: DocumentObject) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.paragraph: Paragraph | None = None
        self.formats: list[_Format] = [_Format()]
        self.lists: list[tuple[str, int | None]] = []  # (tag, numbering id)
        self.quote = 0
        self.pre = 0
        self.rows: list[list[_Cell]] | None = None
        self.cell: _Cell | None = None
        self.links: list[str | None] = []

    def convert(self, html: str) -> None:
        """Write ``html`` into the document."""
        self.feed(html)
        self.close()

    # parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INLINE:
            self.formats.append(replace(self.formats[-1], **{_INLINE[tag]: True}))
        if tag in ("ul", "ol"):
            self._open_list(tag, dict(attrs).get("start"))
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "table":
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.cell = _Cell(tag == "th", [])
            self.rows[-1].append(self.cell)
        elif tag in _BLOCKS and self.cell is None:
            self._start_block(tag)
        elif tag == "br":
            self._text("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            self._text(f"[{alt}]" if alt else "")
        elif tag == "a":
            self.links.append(dict(attrs).get("href"))
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE and len(self.formats) > 1:
            self.formats.pop()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.paragraph = None
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag == "table":
            self._table()
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag == "a" and self.links:
            self._link_end(self.links.pop())
        if tag in _BLOCKS and self.cell is None:
            self.paragraph = None
        if tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data: str) -> None:
        self._text(data)

    # blocks

    def _start_block(self, tag: str) -> None:
        """A new paragraph, styled for ``tag`` and its surroundings."""
        if tag == "p" and self.lists and self.paragraph is not None \
                and not self.paragraph.text:
            return  # a loose list item's first paragraph: keep the bullet
        self.paragraph = self.doc.add_paragraph(style=self._style(tag))
        if tag == "li" and self.lists and self.lists[-1][1] is not None:
            self._number(self.paragraph, self.lists[-1][1])
        if self.quote and tag != "li":
            self.paragraph.paragraph_format.left_indent = Cm(1 * self.quote)

    def _style(self, tag: str) -> str:
        """The Word style of a block."""
        if tag[0] == "h" and tag[1:].isdigit():
            return f"Heading {min(max(int(tag[1:]), 3), 6)}"
        if tag == "li":
            depth = min(len(self.lists), 3)
            kind = "List Number" if self.lists and self.lists[-1][0] == "ol" else "List Bullet"
            return kind if depth <= 1 else f"{kind} {depth}"
        if self.lists:
            return "List Continue" if len(self.lists) <= 1 else \
                f"List Continue {min(len(self.lists), 3)}"
        return "Quote" if self.quote else "Normal"

    def _open_list(self, tag: str, start: str | None) -> None:
        """Enter a list; an ordered list gets its own numbering, from ``start``."""
        self.paragraph = None
        if tag == "ul":
            self.lists.append((tag, None))
            return
        depth = min(len(self.lists) + 1, 3)
        style = "List Number" if depth == 1 else f"List Number {depth}"
        self.lists.append((tag, _restart_numbering(self.doc, style,
                                                   int(start) if start and start.isdigit()
                                                   else 1)))

    def _number(self, paragraph: Paragraph, num_id: int) -> None:
        """Number ``paragraph`` with the list ``num_id``."""
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = 0
        numbering.get_or_add_numId().val = num_id

    # text

    def _text(self, data: str) -> None:
        """Add text in the current formatting (tag-like text is dropped outside code)."""
        fmt = self.formats[-1]
        if not self.pre:
            data = _SPACE.sub(" ", data if fmt.code else _TAG.sub("", data))
        if self.cell is not None:
            self.cell.runs.append((data, fmt))
            return
        if self.paragraph is None:
            if not data.strip():
                return
            self._start_block("p")
        assert self.paragraph is not None
        if not self.paragraph.text:
            data = data.lstrip(" ")
        if data:
            _write(self.paragraph, data, fmt)

    def _link_end(self, href: str | None) -> None:
        """After a link to the web, its address in brackets (paper has no links)."""
        if href and href.startswith(("http://", "https://")) \
                and (self.paragraph is None or not self.paragraph.text.endswith(href)):
            self._text(f" ({href})")

    def _table(self) -> None:
        """Write the collected rows as a bordered table."""
        rows, self.rows, self.cell = self.rows or [], None, None
        columns = max((len(r) for r in rows), default=0)
        if not columns:
            return
        table = self.doc.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                text = "".join(t for t, _ in cell.runs).strip()
                if text:
                    for data, fmt in cell.runs:
                        _write(paragraph, data, replace(fmt, bold=fmt.bold or cell.header))
        self.paragraph = None


def _write(paragraph: Paragraph, data: str, fmt: _Format) -> None:
    """Add ``data`` to ``paragraph`` as runs in ``fmt`` (``\\n`` becomes a line break)."""
    for index, line in enumerate(data.split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.text = line
        run.bold, run.italic = fmt.bold or None, fmt.italic or None
        if fmt.strike:
            run.font.strike = True
        if fmt.sup or fmt.sub:
            run.font.superscript, run.font.subscript = fmt.sup or None, fmt.sub or None
        if fmt.code:
            run.font.name = MONO_FONT


def _restart_numbering(doc: DocumentObject, style: str, start: int) -> int:
    """A new numbering instance for ``style``'s list, counting from ``start``."""
    numbering = doc.part.numbering_part.element
    style_ppr = doc.styles[style].element.pPr
    num_pr = style_ppr.numPr if style_ppr is not None else None
    if num_pr is None or num_pr.numId is None:
        return 0
    base = numbering.num_having_numId(num_pr.numId.val)
    num = numbering.add_num(base.abstractNumId.val)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)
