"""The edition as one self-contained HTML file: no link, image or style from outside.

The renderer's edition page is reused; links to items of the edition become
in-page anchors, other links become their text (with the address in
parentheses), and media from the repository are inlined as ``data:`` URIs.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import posixpath
import re
from importlib import resources
from pathlib import Path

from ..site.compose import EditionView, Site
from ..site.pictures import Picture, publishable
from ..site.render import Renderer
from ..site.urls import edition_url

EXPORT_CSS = """
body.bl-export { margin: 0; background: #eee; color: #111;
  font-family: Georgia, "Times New Roman", "Noto Serif CJK SC", "Source Han Serif SC",
    "Songti SC", SimSun, serif;
  line-height: 1.6; }
.bl-export :lang(zh) { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC",
  SimSun, serif; }
.bl-export .bl-sheet { max-width: 46rem; margin: 1.5rem auto; background: #fff;
  padding: 2rem 2.5rem; box-shadow: 0 0 .4rem rgba(0,0,0,.2); }
.bl-export .bl-masthead__title { font-size: 2.2em; }
.bl-export .bl-masthead p { margin: .2rem 0; }
.bl-export .bl-marking { font-size: 1.05em; }
.bl-export h2 { font-size: 1.2em; border-bottom: 1px solid #d0d0d0; }
.bl-export h3 { font-size: 1.1em; margin-bottom: .2rem; }
.bl-export a { color: inherit; text-decoration: none; }
.bl-export.bl-linked h3 a { color: #a3161c; text-decoration: underline; }
.bl-export img { max-width: 100%; }
.bl-export table { border-collapse: collapse; }
.bl-export td, .bl-export th { border: 1px solid #d0d0d0; padding: .2rem .4rem; }
@media print {
  body.bl-export { background: #fff; font-size: 11pt; }
  .bl-export .bl-sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .bl-export h2, .bl-export h3 { break-inside: avoid-page; break-after: avoid-page; }
  .bl-export .bl-item { break-inside: auto; orphans: 3; widows: 3; }
}
"""

_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S | re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(["'])(.*?)\1""", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*(["'])(.*?)\1""", re.S | re.I)
_PREVNEXT = re.compile(r'<nav class="bl-prevnext".*?</nav>\s*', re.S)
_ITEM_LINK = re.compile(r"^(?:\.\./)*items/([^/#?]+)/?(?:#.*)?$")
_MEDIA = re.compile(r"^(?:\.\./)*media/(.+)$")


def site_css() -> str:
    """The site's stylesheet, shipped with the package."""
    return resources.files("bulletin.site").joinpath("assets/bulletin.css").read_text("utf-8")


def edition_body(site: Site, view: EditionView, media_root: Path | None = None,
                 site_url: str | None = None) -> str:
    """The edition page's HTML body, with every outside reference removed; with
    ``site_url`` (the intranet site of the edition's audience, ending in ``/``), links
    to its pages become links there (the e-mail edition), else in-page anchors or text."""
    renderer = Renderer(site)
    text = renderer.edition(view).text
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    body = _PREVNEXT.sub("", body)
    ids = {item.id for item in view.items}
    here = edition_url(view)
    body = _ANCHOR.sub(lambda m: _anchor(m, ids, here, site_url), body)
    return _IMG.sub(lambda m: _image(m.group(0), media_root), body).strip()


def _anchor(match: re.Match[str], ids: set[str], here: str, site_url: str | None) -> str:
    attrs, inner = match.group(1), match.group(2)
    href_match = _HREF.search(attrs)
    href = html.unescape(href_match.group(2)) if href_match else ""
    if not href or href.startswith("#"):
        return match.group(0)
    item = _ITEM_LINK.match(href)
    if site_url and "://" not in href and not href.startswith("mailto:"):
        target = site_url + posixpath.normpath(posixpath.join(here, href)).lstrip("/")
        if href.endswith("/"):
            target += "/"
        return f'<a href="{html.escape(target)}">{inner}</a>'
    if item and item.group(1) in ids:
        return f'<a href="#{html.escape(item.group(1))}">{inner}</a>'
    if item or ("://" not in href and not href.startswith("mailto:")):
        return inner  # a page of the site that is not in this file
    shown = href.split("://", 1)[-1].removeprefix("mailto:")
    return f"{inner} ({html.escape(shown)})" if shown not in inner else inner


def _image(tag: str, media_root: Path | None) -> str:
    src_match = _SRC.search(tag)
    src = html.unescape(src_match.group(2)) if src_match else ""
    media = _MEDIA.match(src)
    if src_match and media and media_root is not None:
        rel = posixpath.normpath("items/" + media.group(1))
        mime = mimetypes.guess_type(rel)[0]
        picture = publishable(media_root, rel) if rel.startswith("items/") else None
        if isinstance(picture, Picture) and mime and mime.startswith("image/"):
            # the site's verdict: an SVG as its sanitiser re-wrote it, nothing it refuses
            raw = picture.source.read_bytes() if picture.source else picture.content or b""
            data = base64.b64encode(raw).decode("ascii")
            tag = re.sub(r"\s+srcset\s*=\s*([\"']).*?\1", "", tag, flags=re.S | re.I)
            return tag.replace(src_match.group(0), f'src="data:{mime};base64,{data}"')
    alt = re.search(r"""\balt\s*=\s*(["'])(.*?)\1""", tag, re.S | re.I)
    return f"<span class=\"bl-image-alt\">[{alt.group(2)}]</span>" if alt and alt.group(2) \
        else ""


def render_html(site: Site, view: EditionView, media_root: Path | None = None,
                site_url: str | None = None) -> str:
    """The whole HTML document for ``view``.

    Printed (the PDF), every page carries the marking in its top and bottom margins
    and its number at the foot (``@page`` margin boxes): never over the text, once
    each. ``site_url``: see :func:`edition_body`.
    """
    renderer = Renderer(site)
    policy = site.policy
    marking = policy.marking(view.edition.audience)
    title = f"{policy.title} {renderer.edition_label(view)}"
    classes = "bl-export bl-linked" if site_url else "bl-export"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(policy.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="classification" content="{html.escape(marking)}">\n'
        f"<title>{html.escape(title)} [{html.escape(marking)}]</title>\n"
        f"<style>\n{site_css()}\n{EXPORT_CSS}</style>\n</head>\n"
        f'<body class="{classes}">\n<main class="bl-sheet md-typeset">\n'
        f"{edition_body(site, view, media_root, site_url)}\n</main>\n</body>\n</html>\n"
    )
