"""Item bodies → safe HTML.

Two layers, so that one mistake is not enough to let script through:

1. Python-Markdown with raw HTML switched off: ``<script>`` in an item is text,
   not markup, and no extension that writes attributes (``attr_list``,
   ``md_in_html``) is loaded, so ``{: onclick=... }`` stays text too.
2. nh3 (the Ammonia sanitiser) with an allowlist of tags, attributes and URL
   schemes cleans the result: event handlers, ``javascript:`` and ``data:``
   URLs, styles and unknown tags never survive.

Images may only come from the repository (files beside the item) or from the
configured intranet hosts; anything else is replaced by its alt text, because
the site must request nothing from outside hosts.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3

from ..hosts import is_intranet
from ..load.items import DIRECTIVE
from ..media import kind_of
from ..text import CJK_CHARS

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
    "code", "em", "strong", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "sup",
    "sub", "del", "dl", "dt", "dd", "abbr",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_CJK_BREAK = re.compile(rf"(?<=[{CJK_CHARS}，。；：！？、）」』”])\n(?=[{CJK_CHARS}（「『“])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)


@dataclass
class Rendered:
    """Safe HTML of one body, and the repository files (images) it refers to."""

    html: str
    assets: list[str] = field(default_factory=list)


class _NoRawHtml(markdown.Extension):
    """Treat raw HTML as text: drop the block and inline HTML processors."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


class BodyRenderer:
    """Renders item bodies; one instance per heading shift (reused: ``reset`` is cheap)."""

    def __init__(self, intranet_hosts: tuple[str, ...] = (), shift: int = 0) -> None:
        self.hosts = {h.lower() for h in intranet_hosts}
        self.shift = shift
        self.md = markdown.Markdown(
            extensions=[_NoRawHtml(), "tables", "fenced_code", "sane_lists", "abbr", "def_list"],
            extension_configs={"tables": {"use_align_attribute": True}},
            output_format="html",
        )

    def render(self, body: str, item_path: str) -> Rendered:
        """Safe HTML for the body of the item at ``item_path`` (a repository path)."""
        self.md.reset()
        html = self.md.convert(join_cjk_lines(DIRECTIVE.sub("", body)))
        html = _shift_headings(html, self.shift)
        assets: list[str] = []
        folder = posixpath.dirname(item_path)

        def keep(tag: str, attr: str, value: str) -> str | None:
            if tag == "img" and attr == "src":
                return self._image(value, folder, assets)
            return value

        clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                          attribute_filter=keep, link_rel="noopener noreferrer",
                          strip_comments=True)
        return Rendered(_alt_for_blocked_images(clean), assets)

    def _image(self, src: str, folder: str, assets: list[str]) -> str | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            host = (parts.hostname or "").lower()
            return src if parts.scheme in ("http", "https") and is_intranet(host, self.hosts) \
                else None
        path = posixpath.normpath(posixpath.join(folder, parts.path))
        if not path.startswith("items/") or ".." in path.split("/") or kind_of(path) is None:
            return None  # only pictures beside items are published (C006 says so)
        assets.append(path)
        return f"{{media}}/{path.removeprefix('items/')}"


def join_cjk_lines(text: str) -> str:
    """Join soft line breaks between CJK characters (outside code fences).

    A line break inside a Chinese paragraph would otherwise show as a space
    between two characters.
    """
    if "\n" not in text or not re.search(rf"[{CJK_CHARS}]", text):
        return text
    chunks = _FENCE.split(text)
    out, fenced = [], False
    for i, chunk in enumerate(chunks):
        if i % 2 == 1:  # a fence marker
            out.append(chunk)
            fenced = not fenced
            continue
        out.append(chunk if fenced else _CJK_BREAK.sub("", chunk))
    return "".join(out)


def _shift_headings(html: str, shift: int) -> str:
    """Move headings down by ``shift`` levels (h1 → h(1+shift)), capped at h6."""
    if not shift:
        return re.sub(r"<(/?)h1\b", r"<\1h2", html)  # the page title is the only h1

    def move(m: re.Match[str]) -> str:
        return f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}"

    return re.sub(r"<(/?)h([1-6])\b", move, html)


def _alt_for_blocked_images(html: str) -> str:
    """An image whose ``src`` was removed becomes its alt text in brackets."""

    def replace(m: re.Match[str]) -> str:
        alt = re.search(r'alt="([^"]*)"', m.group(0))
        return f"[{alt.group(1)}]" if alt and alt.group(1) else ""

    return re.sub(r"<img(?![^>]*\bsrc=)[^>]*>", replace, html)


# --- hand-written pages (docs/) --------------------------------------------------------

PAGE_TAGS = TAGS | {
    "h1", "div", "span", "details", "summary", "figure", "figcaption", "caption", "colgroup",
    "col", "tfoot", "kbd", "mark", "small", "s", "ins", "b", "i", "u", "q", "cite", "dfn",
    "var", "samp", "time", "input", "label", "wbr",
}
"""What MkDocs and the allowed Markdown extensions write (admonitions, code highlighting,
footnotes, tabs, task lists): no script, frame, form, style or object."""
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"align", "colspan", "rowspan", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "time": {"datetime"},
    "col": {"span"},
}
_PAGE_ID = re.compile(r"(?!__)[\w:.\-]{1,200}\Z|__tabbed_[\d_]{1,40}\Z")
_INPUT_TYPES = {"checkbox", "radio"}


def clean_page(html: str, intranet_hosts: tuple[str, ...] = ()) -> str:
    """A hand-written page's HTML (as MkDocs rendered it) with what items may not carry
    taken out: raw HTML beyond Markdown's own, scripts, event handlers, styles (but a
    table cell's alignment), ``javascript:`` links, images from outside hosts.

    An ``id`` that could stand for one of the theme's own elements (``__config`` …)
    is dropped."""
    hosts = {h.lower() for h in intranet_hosts}

    def keep(tag: str, attr: str, value: str) -> str | None:
        if attr == "id" or (tag == "label" and attr == "for"):
            return value if _PAGE_ID.match(value) else None
        if tag == "input" and attr == "type":
            return value if value.lower() in _INPUT_TYPES else None
        if tag == "img" and attr == "src":
            parts = urlsplit(value)
            if parts.scheme or parts.netloc:
                host = (parts.hostname or "").lower()
                return value if parts.scheme in ("http", "https") and is_intranet(host, hosts) \
                    else None
        return value

    clean = nh3.clean(html, tags=PAGE_TAGS, attributes=PAGE_ATTRIBUTES, url_schemes=URL_SCHEMES,
                      attribute_filter=keep, link_rel=None, strip_comments=True,
                      filter_style_properties={"text-align"})
    return _alt_for_blocked_images(clean)
