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

Python-Markdown takes time that grows with the square of some inputs (every
inline match rebuilds the paragraph; a link's brackets and parentheses are
scanned to the end of the text when they never close). So a body longer than
:data:`~bulletin.text.MAX_FORMATTED_BODY` characters is shown as plain text (its
paragraphs, escaped, without formatting; the check reports it as S029), and the
link patterns look for a closing bracket or parenthesis only so far (:data:`MAX_LINK_TEXT`,
:data:`MAX_LINK_TARGET`): past that the brackets are text. Every body then
renders in time linear in its length.
"""

from __future__ import annotations

import html as htmlmod
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3
from markdown import inlinepatterns

from ..hosts import is_intranet
from ..load.items import DIRECTIVE
from ..media import kind_of
from ..text import CJK_CHARS, MAX_FORMATTED_BODY

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
MAX_LINK_TEXT = 1_000
"""The most characters between a link's ``[`` and its ``]`` (at most 4 brackets deep)."""
MAX_LINK_TARGET = 1_000
"""The most characters between a link's ``(`` and its ``)``."""
# the text of a link: balanced brackets, at most four deep, found by the C regex engine
# in one pass (possessive: no backtracking), where Python-Markdown counts in Python
_NEST = r"[^\[\]]*+"
for _ in range(3):
    _NEST = rf"(?:[^\[\]]|\[{_NEST}\])*+"
_LINK_TEXT = re.compile(_NEST + r"\]")
_CJK_BREAK = re.compile(rf"(?<=[{CJK_CHARS}，。；：！？、）」』”])\n(?=[{CJK_CHARS}（「『“])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)


@dataclass
class Rendered:
    """Safe HTML of one body, and the repository files (images) it refers to."""

    html: str
    assets: list[str] = field(default_factory=list)


class _NoRawHtml(markdown.Extension):
    """Treat raw HTML as text: drop the block and inline HTML processors; and look for
    the ends of links only so far (:class:`_Bounded`)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        for name, (bounded, priority) in _BOUNDED.items():
            # the same pattern and place as Python-Markdown's own (inlinepatterns.py)
            pattern = md.inlinePatterns[name].pattern
            md.inlinePatterns.register(bounded(pattern, md), name, priority)


class _Bounded(inlinepatterns.LinkInlineProcessor):
    """Link patterns whose search for a closing ``]`` or ``)`` is bounded."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        m = _LINK_TEXT.match(data, index, index + MAX_LINK_TEXT)
        if m is None:
            return "", index, False
        return data[index:m.end() - 1], m.end(), True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        end = index + MAX_LINK_TARGET
        if data.find(")", index, end) < 0:
            return "", None, index, False
        return super().getLink(data[:end] if end < len(data) else data, index)


class _Image(_Bounded, inlinepatterns.ImageInlineProcessor):
    pass


class _Reference(_Bounded, inlinepatterns.ReferenceInlineProcessor):
    pass


class _ShortReference(_Bounded, inlinepatterns.ShortReferenceInlineProcessor):
    pass


class _ImageReference(_Bounded, inlinepatterns.ImageReferenceInlineProcessor):
    pass


class _ShortImageReference(_Bounded, inlinepatterns.ShortImageReferenceInlineProcessor):
    pass


_BOUNDED: dict[str, tuple[type[_Bounded], int]] = {
    "reference": (_Reference, 170), "link": (_Bounded, 160), "image_link": (_Image, 150),
    "image_reference": (_ImageReference, 140), "short_reference": (_ShortReference, 130),
    "short_image_ref": (_ShortImageReference, 125),
}


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
        if len(body) > MAX_FORMATTED_BODY:
            return Rendered(plain_html(DIRECTIVE.sub("", body)))
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
        try:
            parts = urlsplit(src)
        except ValueError:  # "//[" is no address (an unclosed IPv6 host): no image
            return None
        if parts.scheme or parts.netloc:
            host = (parts.hostname or "").lower()
            return src if parts.scheme in ("http", "https") and is_intranet(host, self.hosts) \
                else None
        path = posixpath.normpath(posixpath.join(folder, parts.path))
        if not path.startswith("items/") or ".." in path.split("/") or kind_of(path) is None:
            return None  # only pictures beside items are published (C006 says so)
        assets.append(path)
        return f"{{media}}/{path.removeprefix('items/')}"


_OPENERS = {"<!--": re.compile("<!--"), "script": re.compile(r"<script\b", re.I),
            "style": re.compile(r"<style\b", re.I)}
_CLOSERS = {"<!--": re.compile("-->"), "script": re.compile(r"</script\s*>", re.I),
            "style": re.compile(r"</style\s*>", re.I)}


def strip_hidden(text: str, kinds: tuple[str, ...] = ("<!--", "script", "style")) -> str:
    """``text`` without its HTML comments and script and style elements (``kinds``):
    each from its opening to the first closing after it, as a lazy regular expression
    would remove them, but in linear time. An opening with no closing after it stays;
    then no later opening of its kind can close either, so its kind is no longer
    looked for (the regular expression would look again from every opening)."""
    nexts = {kind: _OPENERS[kind].search(text) for kind in kinds}
    out, done = [], 0
    while live := [(m.start(), kind, m) for kind, m in nexts.items() if m is not None]:
        start, kind, m = min(live)
        close = _CLOSERS[kind].search(text, m.end())
        if close is None:
            nexts[kind] = None
            continue
        out.append(text[done:start])
        done = close.end()
        for other, found in nexts.items():
            if found is not None and found.start() < done:
                nexts[other] = _OPENERS[other].search(text, done)
    return "".join([*out, text[done:]])


def plain_html(text: str) -> str:
    """``text`` as escaped paragraphs (split at blank lines), its lines kept: what the
    site shows of a body too long to render as Markdown. Safe as it is: every ``<``,
    ``>``, ``&`` and quote is escaped."""
    paragraphs: list[list[str]] = [[]]
    for line in htmlmod.escape(text).split("\n"):
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n".join(f"<p>{'<br>'.join(lines)}</p>" for lines in paragraphs if lines)


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
