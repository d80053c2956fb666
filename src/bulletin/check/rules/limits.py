"""S — what no renderer or file system can hold: a body too long to format (S029), a
path with a name too long to be a file (S028).

Both are bounds the site keeps so that one item cannot stall or break a build;
these rules tell the writer before the build has to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from ...diagnostics import Finding, Severity
from ...model import Item
from ...text import MAX_FORMATTED_BODY
from ..prose import mask_code
from .confidentiality.locate import Positions
from .registry import Context, rule

E, W = Severity.ERROR, Severity.WARNING
MAX_NAME_BYTES = 255
"""The longest name of a file or folder (in UTF-8 bytes) that common file systems hold."""
# the target of an inline link or image (closed by ')' or followed by its title), or of a
# reference definition; the runs are possessive and end at a space, ')', '>' or the next
# "](", so the attempts that start at each "](" never read the same characters twice
_TARGET = re.compile(r"\]\([ \t]*+<?((?:[^)\s>\]]|\](?!\())++)(?=>?(?:\)|[ \t]))"
                     r"|^ {0,3}\[[^\[\]\n]++\]:[ \t]*+<?([^\s>]++)", re.M)


@rule("S028", "name-too-long", E, "item")
def name_too_long(item: Item, ctx: Context) -> Iterator[Finding]:
    """A link or image names a file whose name no file system can hold.

    ## What it does
    Reports a link or image in the body whose path (beside the item) has a
    file or folder name longer than 255 bytes in UTF-8 — 255 Latin letters,
    85 Chinese characters.

    ## Why
    No such file can exist: the image is left out of the site and the link
    leads nowhere. (Before this rule such a name stopped the whole build.)

    ## Example
    `![Levels by site](charts/levels-at-every-reservoir-of-the-city-….png)` with a
    300-letter name; `![各水库水位](图表/……)` with a 100-character name.

    ## Use instead
    A short name: `![Levels by site](levels.png)` / `![各水库水位](水位.png)`.
    """
    text = mask_code(item.body)
    if "](" not in text and "]:" not in text:
        return
    at: Positions | None = None
    for m in _TARGET.finditer(text):
        target = m.group(1) or m.group(2)
        try:
            parts = urlsplit(target)
        except ValueError:  # "//[": an unclosed IPv6 host, not a path
            continue
        if parts.scheme or parts.netloc:
            continue
        long = next((name for name in unquote(parts.path).split("/")
                     if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES), None)
        if long is not None:
            at = at or Positions(text, item.body_line)
            size = len(long.encode("utf-8", "surrogatepass"))
            yield Finding("S028", f"'{long[:20]}…' is a name of {size} bytes; a file or folder "
                                  f"name has at most {MAX_NAME_BYTES}: shorten it (an image "
                                  "with such a name is left out of the site)",
                          *at(m.start(1) if m.group(1) else m.start(2)))


@rule("S029", "body-too-long", W, "item")
def body_too_long(item: Item, ctx: Context) -> Iterator[Finding]:
    """A body is too long to format.

    ## What it does
    Reports a body of more than 50,000 characters. The site shows such a body
    as plain text (its paragraphs, without headings, lists, tables or links),
    and the quality rules read only its first 50,000 characters; the
    confidentiality rules still read all of it.

    ## Why
    An item is a page or two; fifty thousand characters is ten times the
    longest that the length rules pass. Formatting a body takes time that can
    grow with the square of its length, so without a bound one pasted
    document (or a hostile one) could stall every build of the site.

    ## Example
    A 200-page annual report pasted into an item's body; 把整本年度报告全文粘贴进一条信息。

    ## Use instead
    The findings that matter, with the report named as a source:
    "Inspectors found 23 faults; 19 are fixed (annual safety report, p. 12)." /
    “检查发现问题23项，已整改19项（见年度安全报告第12页）。”
    """
    if len(item.body) > MAX_FORMATTED_BODY:
        yield Finding("S029", f"the body is {len(item.body):,} characters; the site shows a "
                              f"body over {MAX_FORMATTED_BODY:,} as plain text, without "
                              f"formatting, and the quality rules read only its first "
                              f"{MAX_FORMATTED_BODY:,}", item.body_line, 1)
