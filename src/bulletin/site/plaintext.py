"""Safe HTML (an item body or an editor's note as the site renders it) as plain text:
for the e-mail edition's text part and for the search documents of editions.

No Markdown syntax survives: headings become lines of their own, list items start with
``•`` or their number, a table's cells are joined with `` | ``, a link keeps its text
and, when ``links`` is set, the address in angle brackets after it. Chinese lines are
joined without a space. The parser keeps no state beyond the current list and link, so
it runs in time linear in its input.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .markdown import BodyRenderer, join_cjk_lines, strip_hidden

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dt",
           "dd", "table", "ul", "ol", "hr", "div"}
_SPACE = re.compile(r"[ \t\r\f\v]+")
_BLANKS = re.compile(r"\n{3,}")
_CELL = re.compile(r"[ \t]*\|[ \t]*")


class _Text(HTMLParser):
    def __init__(self, links: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.links = links
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self.href: list[str | None] = []
        self.pre = 0
        self.cells = 0  # cells so far in the current table row
        self.fresh = False  # a list item's marker was written, none of its text yet

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._break(bool(self.lists))
            start = dict(attrs).get("start")
            self.lists.append([int(start) if start and start.isdigit() and len(start) < 10
                               else 1] if tag == "ol" else [])
        elif tag == "li":
            self._break(True)
            depth = "  " * max(len(self.lists) - 1, 0)
            if self.lists and self.lists[-1]:
                self.out.append(f"{depth}{self.lists[-1][0]}. ")
                self.lists[-1][0] += 1
            else:
                self.out.append(f"{depth}• ")
            self.fresh = True
        elif tag in _BLOCKS and not (tag == "p" and self.fresh):
            self._break(tag == "p" and bool(self.lists))
        if tag == "br":
            self.out.append("\n")
        elif tag == "tr":
            self.out.append("\n")
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.out.append(" | ")
            self.cells += 1
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.out.append(f"[{alt}]")
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._break(bool(self.lists))
        elif tag in ("li", "p") and self.lists:
            self._break(True)
        elif tag in _BLOCKS:
            self._break(False)
        if tag == "a" and self.href:
            href = self.href.pop()
            if self.links and href and href.startswith(("http://", "https://", "mailto:")):
                self.out.append(f" <{href.removeprefix('mailto:')}>")
        if tag == "pre":
            self.pre = max(self.pre - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.out.append(data)
            return
        text = _SPACE.sub(" ", data.replace("\n", " "))
        if self.fresh or self._ended():
            text = text.lstrip()  # no space after a list's marker or a line's start
        if text:
            self.fresh = False
            self.out.append(text)

    def _ended(self) -> bool:
        return not self.out or self.out[-1].endswith("\n")

    def _break(self, single: bool) -> None:
        """Make the text end in one line break, or in a blank line (at least)."""
        tail = 0
        for piece in reversed(self.out):
            stripped = piece.rstrip(" ")
            tail += len(stripped) - len(stripped.rstrip("\n"))
            if stripped.strip("\n") or tail >= 2:
                break
        missing = (1 if single else 2) - tail
        if self.out and missing > 0:
            self.out.append("\n" * missing)

    def text(self) -> str:
        text = _CELL.sub(" | ", "".join(self.out))
        lines = [line.strip() if not line.startswith("  ") else line.rstrip()
                 for line in text.split("\n")]
        return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(html: str, links: bool = False) -> str:
    """The plain text of safe ``html``."""
    parser = _Text(links)
    parser.feed(html)
    parser.close()
    return parser.text()


def markdown_to_text(text: str, path: str = "", links: bool = False,
                     renderer: BodyRenderer | None = None) -> str:
    """The plain text of Markdown ``text`` (a body, a note), rendered as on the site."""
    if not text.strip():
        return ""
    rendered = (renderer or BodyRenderer()).render(strip_hidden(text), path).html
    return html_to_text(rendered, links)


def one_paragraph(text: str) -> str:
    """Markdown-free text on one line (a summary): soft breaks joined, as on the site."""
    return " ".join(join_cjk_lines(strip_hidden(text)).split())
