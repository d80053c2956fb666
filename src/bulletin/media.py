"""Media an item may carry and the site publishes: an allowlist of picture types,
judged by name and by content, and a strict SVG sanitiser.

The site serves a picture from its own origin, so a file that a browser would
run as a page (HTML, or an SVG with a script) would run with the site's origin
when opened. Only these are published:

* PNG, JPEG, GIF and WebP pictures, whose first bytes say so (a ``.png`` that
  holds HTML, an SVG or anything else is refused);
* SVG pictures, parsed with expat (no DTD internal subset, so no entity is ever
  declared, expanded or fetched) and checked against an allowlist of SVG elements
  and attributes: ``<script>``, ``<foreignObject>``, animation, event handlers
  (``onload=``), references to other documents (``href`` other than ``#id``,
  ``url(...)`` other than ``url(#id)``, ``@import``) and ``javascript:`` are
  refused, with the line and column. What is published is the sanitiser's own
  re-writing of the allowed elements and attributes, never the file's bytes:
  comments, processing instructions, the DOCTYPE, editors' metadata (Inkscape,
  Sodipodi, RDF) and unknown harmless attributes are left out.

PDF and other documents are not published: a link to a file beside an item is not
a picture, and a PDF viewer runs the document's own scripts.

Pure functions of bytes, shared by the check (which reports what the build would
refuse) and the site (which publishes what passes).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

KINDS = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".gif": "gif", ".webp": "webp",
         ".svg": "svg"}
"""The file name extensions the site publishes, and the kind of picture each must hold."""
NAMES = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP", "svg": "SVG"}
MAX_MEDIA_BYTES = 8 << 20
"""A picture larger than this is refused (check and build alike)."""
MAX_REFUSALS = 20
"""Most reasons listed for refusing one SVG."""


def escape(data: str) -> str:
    """``xml.sax.saxutils.escape``: &, < and > as entities. (That module imports
    ``urllib.request``, and with it http, ssl and email: a tenth of a second of every
    check's start for two lines.)"""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """``xml.sax.saxutils.quoteattr``: ``data`` escaped and quoted as an attribute value."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in data:
        return f'"{data}"'
    if "'" not in data:
        return f"'{data}'"
    return '"{}"'.format(data.replace('"', "&quot;"))


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Namespaces of drawing programs' own notes: inert in a browser, left out of what is published
INERT_NS = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#", "http://web.resource.org/cc/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/", "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Extensibility/1.0/", "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/", "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/", "http://ns.adobe.com/GenericCustomNamespace/1.0/",
    "http://ns.adobe.com/XPath/1.0/", "http://www.bohemiancoding.com/sketch/ns",
})


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


ELEMENTS = _names("""
svg g defs symbol use title desc metadata switch style path rect circle ellipse line polyline
polygon text tspan textPath linearGradient radialGradient stop pattern clipPath mask marker
image filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight
feSpecularLighting feSpotLight feTile feTurbulence
""")
"""SVG elements a published picture may hold (drawing, text, paint servers, filters)."""
ATTRIBUTES = _names("""
id class style transform d x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height viewBox
preserveAspectRatio points pathLength fill fill-opacity fill-rule stroke stroke-width
stroke-opacity stroke-linecap stroke-linejoin stroke-dasharray stroke-dashoffset
stroke-miterlimit opacity color display visibility overflow version baseProfile
font-family font-size font-size-adjust font-weight font-style font-variant font-stretch font
text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing
text-decoration writing-mode direction unicode-bidi dx dy rotate textLength lengthAdjust
startOffset method spacing side offset stop-color stop-opacity gradientUnits
gradientTransform spreadMethod patternUnits patternContentUnits patternTransform
clipPathUnits clip-path clip-rule mask mask-type maskUnits maskContentUnits marker-start
marker-mid marker-end markerWidth markerHeight markerUnits refX refY orient filter
filterUnits primitiveUnits in in2 result stdDeviation mode type values operator k1 k2 k3 k4
flood-color flood-opacity lighting-color tableValues slope intercept amplitude exponent
order kernelMatrix kernelUnitLength divisor bias targetX targetY edgeMode preserveAlpha
surfaceScale specularConstant specularExponent diffuseConstant azimuth elevation z
pointsAtX pointsAtY pointsAtZ limitingConeAngle baseFrequency numOctaves seed stitchTiles
scale xChannelSelector yChannelSelector radius vector-effect paint-order shape-rendering
text-rendering image-rendering color-interpolation color-interpolation-filters
color-rendering enable-background isolation mix-blend-mode requiredFeatures
requiredExtensions systemLanguage lang role aria-label aria-hidden aria-labelledby
aria-describedby tabindex focusable href
""")
"""Attributes (without a namespace) a published picture may carry; ``href`` only to
``#id`` (and, on ``<image>``, a PNG, JPEG, GIF or WebP ``data:`` address)."""
_RASTER_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")
# In CSS (a style attribute or a <style> element): what loads from elsewhere or runs.
# url() is checked apart (url(#id) is fine); a backslash could spell any of these.
_CSS_DANGER = re.compile(r"@import|@font-face|image-set|cross-fade|element\s*\(|image\s*\("
                         r"|src\s*\(|expression\s*\(|behaviou?r|-moz-binding|javascript:|\\",
                         re.I)
_URL = re.compile(r"url\([\x00-\x20\"']*(.?)", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_CSS_HINT = "@import, url(...) other than url(#id), image-set, backslash escapes"


@dataclass(frozen=True)
class Refusal:
    """Why a file is not published, and where in it (1-based line and column)."""

    message: str
    line: int = 1
    column: int = 1


@dataclass
class Verdict:
    """What the site may publish of one file: ``data`` (for an SVG, the sanitiser's
    re-writing), or nothing, with the reasons."""

    kind: str | None
    data: bytes | None = None
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.refusals


def kind_of(path: str) -> str | None:
    """The kind of picture a file of this name must hold (None: never published)."""
    return KINDS.get(posixpath.splitext(path)[1].lower())


def allowed_list() -> str:
    return ", ".join(dict.fromkeys(NAMES.values()))


def sniff(data: bytes) -> str | None:
    """The kind of picture ``data`` holds, by its first bytes (SVG: looks like XML)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "xml"
    return None


def inspect(path: str, data: bytes) -> Verdict:
    """Whether the file ``path`` holding ``data`` may be published, and what to publish."""
    kind = kind_of(path)
    if kind is None:
        return Verdict(None, refusals=[Refusal(
            f"'{posixpath.splitext(path)[1] or path}' files are never published; the site "
            f"publishes {allowed_list()} pictures")])
    if len(data) > MAX_MEDIA_BYTES:
        return Verdict(kind, refusals=[Refusal(
            f"the picture is {len(data):,} bytes; the limit is {MAX_MEDIA_BYTES:,}")])
    found = sniff(data)
    if kind == "svg":
        if found != "xml":
            return Verdict(kind, refusals=[Refusal("named .svg but does not hold SVG (XML)")])
        return clean_svg(data)
    if found != kind:
        held = {"xml": "markup (HTML, XML or SVG)", None: "something else"}.get(
            found, f"a {NAMES.get(found or '', '')} picture")
        return Verdict(kind, refusals=[Refusal(
            f"named as a {NAMES[kind]} picture but holds {held}; save it in the format its "
            "name says")])
    return Verdict(kind, data)


def clean_svg(data: bytes) -> Verdict:
    """The SVG in ``data`` re-written from its allowed elements and attributes, or the
    reasons (each located) it is refused."""
    return _SvgCleaner().run(data)


class _Stop(Exception):
    pass


class _SvgCleaner:
    def __init__(self) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.out: list[str] = []
        self.refusals: list[Refusal] = []
        self.open: list[str | None] = []  # each open element's name, None when left out
        self.skipping = 0  # depth inside an element left out with its content
        self.style: list[str] = []  # the text of the <style> element being read
        self.style_at = (1, 1)  # where it starts
        self.xlink = False

    def run(self, data: bytes) -> Verdict:
        p = self.parser
        p.StartDoctypeDeclHandler = self._doctype
        p.EntityDeclHandler = self._entity
        p.ExternalEntityRefHandler = self._external
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._text
        try:
            p.Parse(data, True)
        except _Stop:
            pass
        except expat.ExpatError as exc:
            self.refusals.append(Refusal(f"not well-formed SVG (XML): "
                                         f"{expat.ErrorString(exc.code)}", exc.lineno,
                                         exc.offset + 1))
        if self.refusals:
            return Verdict("svg", refusals=self.refusals)
        if not self.out:
            return Verdict("svg", refusals=[Refusal("holds no <svg> element")])
        text = "".join(self.out)
        if self.xlink:
            text = text.replace("<svg", f'<svg xmlns:xlink="{XLINK_NS}"', 1)
        return Verdict("svg", text.encode("utf-8"))

    def _refuse(self, message: str, at: tuple[int, int] | None = None) -> None:
        line, column = at or (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        self.refusals.append(Refusal(message, line, column))
        if len(self.refusals) >= MAX_REFUSALS:
            raise _Stop

    # --- the document type: never an internal subset -----------------------------

    def _doctype(self, name: str, system: str | None, public: str | None,
                 internal: int) -> None:
        if internal:
            self._refuse("a DOCTYPE with declarations (entities) is not allowed in a "
                         "published SVG; remove the DOCTYPE")
            raise _Stop

    def _entity(self, *args: Any) -> None:
        self._refuse("an entity declaration is not allowed in a published SVG")
        raise _Stop

    def _external(self, *args: Any) -> int:
        self._refuse("a reference to an outside entity is not allowed in a published SVG")
        raise _Stop

    # --- elements ----------------------------------------------------------------

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        if self.skipping or ns in INERT_NS or (ns == SVG_NS and local == "metadata"):
            self._leave_out()
            return
        if not self.open and (ns, local) != (SVG_NS, "svg"):
            self._refuse(f'the document\'s root is <{local}>, not <svg xmlns="{SVG_NS}">')
            raise _Stop
        if ns != SVG_NS or local not in ELEMENTS:
            what = f"<{local}>" if ns == SVG_NS else f"<{local}> of {ns or 'no namespace'}"
            self._refuse(f"element {what} is not allowed in a published SVG (scripts, "
                         "foreign objects, links, animation and HTML never are); remove it")
            self._leave_out()
            return
        kept = self._attributes(local, attrs)
        if local == "style":
            self.style_at = (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        tag = local if self.open else f'svg xmlns="{SVG_NS}"'
        self.out.append(f"<{tag}{kept}>")
        self.open.append(local)

    def _leave_out(self) -> None:
        self.skipping += 1
        self.open.append(None)

    def _end(self, name: str) -> None:
        local = self.open.pop()
        if local is None:
            self.skipping -= 1
            return
        if local == "style":
            css = "".join(self.style)
            self.style = []
            if _css_loads(css):
                self._refuse(f"the <style> sheet loads or runs something ({_CSS_HINT}); "
                             "remove it", self.style_at)
            self.out.append(escape(css))
        self.out.append(f"</{local}>")

    def _text(self, text: str) -> None:
        if self.skipping or not self.open:
            return
        if self.open[-1] == "style":
            self.style.append(text)  # judged whole, when the element ends
        else:
            self.out.append(escape(text))

    # --- attributes --------------------------------------------------------------

    def _attributes(self, element: str, attrs: dict[str, str]) -> str:
        kept = []
        for name, value in attrs.items():
            ns, _, local = name.rpartition(" ")
            if local.lower().startswith("on"):
                self._refuse(f"event handler '{local}' on <{element}>: a published SVG runs "
                             "no script; remove it")
            elif ns == XML_NS and local in ("space", "lang"):
                kept.append(f"xml:{local}={quoteattr(value)}")
            elif local == "href" and ns in ("", XLINK_NS):
                if self._href_ok(element, value):
                    self.xlink = self.xlink or bool(ns)
                    kept.append(f"{'xlink:' if ns else ''}href={quoteattr(value)}")
            elif not ns and local in ATTRIBUTES and self._value_ok(element, local, value):
                kept.append(f"{local}={quoteattr(value)}")
            # anything else (editors' notes, unknown names) is inert: left out
        return "".join(" " + k for k in kept)

    def _href_ok(self, element: str, value: str) -> bool:
        plain = _INVISIBLE.sub("", value)
        if plain.startswith("#"):
            return True
        if element == "image" and _RASTER_DATA.match(value.strip()):
            return True
        target = "a script" if plain.lower().startswith("javascript:") else "another document"
        self._refuse(f"<{element}> refers to {target} (href other than '#id'); a published "
                     "SVG loads nothing from outside it: put the drawing itself in the file")
        return False

    def _value_ok(self, element: str, name: str, value: str) -> bool:
        if "javascript:" in _INVISIBLE.sub("", value).lower() or \
                (_css_loads(value) if name == "style" else _outside_url(value)):
            self._refuse(f"attribute '{name}' of <{element}> loads or runs something "
                         f"({_CSS_HINT}, javascript:); remove it")
            return False
        return True


def _outside_url(text: str) -> bool:
    """Whether ``text`` holds a CSS ``url(...)`` to anything but ``#id``."""
    return "url(" in text.lower() and any(m.group(1) != "#" for m in _URL.finditer(text))


def _css_loads(css: str) -> bool:
    """Whether CSS text loads from elsewhere or runs anything."""
    return bool(_CSS_DANGER.search(css)) or _outside_url(css)
