"""C003: raw HTML, HTML comments and Markdown attribute lists in an item's body.

The site never renders them (they show as text); scripts, frames, forms and event
handlers are never allowed. Each finding says what to write in Markdown instead,
or to remove it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ....diagnostics import Finding, Severity
from ....model import Item
from ...prose import mask_code
from ..registry import Context, rule
from .locate import MAX_PER_ITEM, Positions

E = Severity.ERROR


def _names(text: str) -> frozenset[str]:
    """The whitespace-separated names in ``text``."""
    return frozenset(text.split())


HTML_TAGS = _names("""
a abbr acronym address applet area article aside audio b base basefont bdi bdo big blink
blockquote body br button canvas caption center cite code col colgroup data datalist dd del
details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame
frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend
li link main map mark marquee math menu meta meter nav nobr noembed noframes noscript object
ol optgroup option output p param picture plaintext portal pre progress q rp rt ruby s samp
script search section select slot small source span strike strong style sub summary sup svg
table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp
""")
DANGEROUS_TAGS = _names("""
applet base embed form frame frameset iframe input link math meta object portal script style
svg template textarea button select
""")
MARKDOWN_FOR = {
    **dict.fromkeys(("b", "strong"), "**bold**"),
    **dict.fromkeys(("i", "em"), "*italic*"),
    "a": "[text](address)",
    "img": "![description](picture.png)",
    **dict.fromkeys(("br", "p"), "a blank line between paragraphs"),
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "## Heading"),
    **dict.fromkeys(("ul", "ol", "li"), "'- ' list items"),
    **dict.fromkeys(("table", "thead", "tbody", "tr", "td", "th"), "a | Markdown | table |"),
    **dict.fromkeys(("code", "pre", "kbd", "tt", "samp"), "`code` in backticks"),
    "blockquote": "'> ' quotations",
    "hr": "a line of three hyphens",
    **dict.fromkeys(("del", "s", "strike"), "plain words ('was 40, now 35')"),
}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9\-]*)(?=[\s/>])([^<>]*)>")
_HANDLER = re.compile(r"(?<![A-Za-z0-9])on[a-z]+\s*=", re.I)
_ATTR_LIST = re.compile(r"\{:[^{}\n]*\}|\{[ \t]*[#.][A-Za-z][^{}\n]*\}"
                        r"|\{[^{}\n]*(?<![A-Za-z0-9])on[a-z]+[ \t]*=[^{}\n]*\}", re.I)
_NEVER = "<script>, frames, forms, styles and event handlers (onclick=…) are never allowed"


@dataclass(frozen=True, order=True)
class Markup:
    """One piece of raw HTML or attribute list in a body: where it is and what to say."""

    start: int
    message: str


def _comments(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each HTML comment; an unclosed one runs to the end of the text.

    Inline suppressions (``<!-- bulletin-ignore ... -->``) are not comments to
    report: the site removes them.
    """
    start = text.find("<!--")
    while start >= 0:
        close = text.find("-->", start + 4)
        end = len(text) if close < 0 else close + 3
        if not re.match(r"<!--\s*bulletin-ignore\b", text[start:start + 40]):
            yield start, end
        start = text.find("<!--", end)


def _tag_message(name: str, attributes: str) -> str:
    """What to tell the writer about one ``<name ...>`` tag (attribute values left out)."""
    shown = f"<{name.lower()}>"
    if name.lower() in DANGEROUS_TAGS or _HANDLER.search(attributes):
        handler = " with an event handler" if _HANDLER.search(attributes) else ""
        return (f"raw HTML {shown}{handler} is shown as text, never run: {_NEVER} in an "
                "item; remove it")
    markdown = MARKDOWN_FOR.get(name.lower(), "plain Markdown text")
    return (f"raw HTML {shown} is shown as text: the site never renders HTML; write "
            f"Markdown instead ({markdown}). {_NEVER}")


def _markup(text: str) -> list[Markup]:
    """Every HTML tag, comment and attribute list in code-masked ``text``, in order."""
    comments = list(_comments(text))
    found = [Markup(s, "an HTML comment (<!-- … -->) is shown as text on the site; delete it "
                       "and keep notes for reviewers in the merge request") for s, _ in comments]
    ends = [e for _, e in comments]
    starts = [s for s, _ in comments]
    opened: set[str] = set()
    for m in _TAG.finditer(text):
        index = bisect.bisect_right(starts, m.start()) - 1
        inside = index >= 0 and m.start() < ends[index]
        name = m.group(2).lower()
        if inside or (name not in HTML_TAGS and not _HANDLER.search(m.group(3))):
            continue
        if m.group(1) and name in opened:
            continue  # the closing tag of one already reported
        opened.add(name)
        found.append(Markup(m.start(), _tag_message(name, m.group(3))))
    for m in _ATTR_LIST.finditer(text):
        danger = _HANDLER.search(m.group(0))
        found.append(Markup(m.start(), "a Markdown attribute list ({: …}, {#id .class}) is "
                                       "shown as text: the site does not apply attributes"
                                       + ("; event handlers are never allowed" if danger else "")
                                       + "; remove it and use plain Markdown"))
    return sorted(found)


@rule("C003", "raw-html", E, "item")
def raw_html(item: Item, ctx: Context) -> Iterator[Finding]:
    """Raw HTML or a Markdown attribute list in an item's body.

    ## What it does
    Reports every HTML tag (`<b>`, `<div onclick=...>`, `<img ...>`,
    `<script>`, `<iframe>` ...), HTML comment (`<!-- -->`) and attribute list
    (`{: onclick=...}`, `{#id .class}`) outside code, up to 20 per item.
    Inline and fenced code are fine, and so are inline suppressions
    (`<!-- bulletin-ignore ...: reason -->`).

    ## Why
    The site never renders raw HTML — it is escaped and shows up as text —
    so the markup cannot do what the writer meant. Scripts, frames and event
    handlers are never allowed: an item is read inside the intranet by people
    whose browsers must not run anything a writer pasted.

    ## Example
    `Levels are <b>below</b> the limit <img src="chart.png" onerror="...">` /
    `水位<font color="red">低于</font>汛限{: .warning }`

    ## Use instead
    Markdown: `Levels are **below** the limit ![Levels by site](chart.png)` /
    `水位**低于**汛限`. To show markup as an example, put it in backticks.
    """
    text = mask_code(item.body)
    found = _markup(text)
    at = Positions(text, item.body_line)
    for markup in found[:MAX_PER_ITEM]:
        yield Finding("C003", markup.message, *at(markup.start))
    if len(found) > MAX_PER_ITEM:
        yield Finding("C003", f"{len(found) - MAX_PER_ITEM} more pieces of raw HTML are not "
                              f"listed (only the first {MAX_PER_ITEM} are); write the body in "
                              "Markdown", *at(found[MAX_PER_ITEM].start))
