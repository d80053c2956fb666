"""An item's body in the Word edition: the safe HTML the site renders for it,
written as Word paragraphs, lists and tables in the document's styles.

The HTML comes from the site's :class:`~bulletin.site.markdown.BodyRenderer`
(raw HTML off, nh3 allowlist), so the document shows exactly what the site shows;
what is left of a tag is dropped outside code, so no markup leaks into the
document. Also the plain text of a summary or an editor's note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from ..model import Item
from ..site.markdown import BodyRenderer, join_cjk_lines, strip_hidden
from .docx_style import MONO_FONT

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SPACE = re.compile(r"\s+")
_TAIL = 4096  # longer than any link address a body can hold (site.markdown.MAX_LINK_TARGET)


def write_body(doc: DocumentObject, item: Item, bodies: BodyRenderer) -> None:
    """Write the body of ``item``, rendered as on the site, into ``doc``."""
    html = bodies.render(strip_hidden(item.body), item.path).html
    _HtmlToDocx(doc).convert(html)


def plain_paragraphs(text: str) -> list[str]:
    """Plain text cut at blank lines, soft line breaks joined."""
    text = join_cjk_lines(_TAG.sub("", strip_hidden(text)))
    return [one_line(part) for part in re.split(r"\n\s*\n", text) if part.strip()]


def one_line(text: str) -> str:
    """``text`` with each run of white space, line breaks too, made one space."""
    return _SPACE.sub(" ", text).strip()


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
        self.tail = ""
        """The end of the text of :attr:`paragraph`: python-docx's ``Paragraph.text``
        reads every run again, which made a paragraph of many runs quadratic."""

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
        if tag == "p" and self.lists and self.paragraph is not None and not self.tail:
            return  # a loose list item's first paragraph: keep the bullet
        self.paragraph = self.doc.add_paragraph(style=self._style(tag))
        self.tail = ""
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
        # Word numbers a list from at most 32767; "9999…" of 5,000 digits is no number
        first = int(start) if start and start.isascii() and start.isdigit() and \
            len(start) <= 5 else 1
        self.lists.append((tag, _restart_numbering(self.doc, style, min(first, 32767))))

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
        if not self.tail:
            data = data.lstrip(" ")
        if data:
            _write(self.paragraph, data, fmt)
            self.tail = (self.tail + data)[-_TAIL:]

    def _link_end(self, href: str | None) -> None:
        """After a link to the web, its address in brackets (paper has no links)."""
        if href and href.startswith(("http://", "https://")) \
                and (self.paragraph is None or not self.tail.endswith(href)):
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
        for row, made in zip(rows, table.rows, strict=True):
            cells = made.cells  # table.cell(r, c) lists every cell of the table each time
            for c, cell in enumerate(row):
                paragraph = cells[c].paragraphs[0]
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
