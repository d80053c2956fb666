"""The look of the Word edition: the page, the fonts and heading styles, the
marking in the header and footer, and the small formatting helpers (a rule under
a paragraph, shading, a run's bold, colour and size) that the content uses.

python-docx has no API for some of these (East Asian fonts, borders, shading,
fields), so they are written as OOXML elements here, in the order the schema
fixes.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..site.compose import Site

RED = RGBColor(0xB3, 0x14, 0x1B)
GREY = RGBColor(0x59, 0x59, 0x59)
LATIN_FONT = "Times New Roman"
CJK_FONT = "SimSun"
CJK_HEADING_FONT = "SimHei"
MONO_FONT = "Courier New"
MARGIN_CM = 2.5
_AFTER_SHD = (  # what follows w:pBdr and w:shd in w:pPr (the schema fixes the order)
    "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def set_up_document(doc: DocumentObject, site: Site) -> None:
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


def add_header_footer(section: Section, marking: str, language: str) -> None:
    """The marking top right; the marking and ``Page N`` at the foot of every page."""
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    styled(head.add_run(marking), bold=True, color=RED)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styled(foot.add_run(marking), bold=True, color=RED)
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


def border_below(paragraph: Paragraph, color: str = "B3141B", size: int = 18) -> None:
    """A rule under ``paragraph`` (``size`` in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("val", "single"), ("sz", str(size)), ("space", "4"),
                        ("color", color)):
        bottom.set(qn(f"w:{attr}"), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, "w:shd", *_AFTER_SHD)


def shade(paragraph: Paragraph, fill: str = "F3F0E8") -> None:
    """A background colour behind ``paragraph``."""
    shading = OxmlElement("w:shd")
    for attr, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shading.set(qn(f"w:{attr}"), value)
    paragraph._p.get_or_add_pPr().insert_element_before(shading, *_AFTER_SHD)


def styled(run: Run, bold: bool | None = None, italic: bool | None = None,
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
