"""C004 and C005: links and images that point outside the intranet.

Both read the same references, found once per item: Markdown links and images,
link reference definitions and bare addresses outside code whose host is not one
of the policy's ``intranet_hosts``, or whose scheme is not a safe one. An outside
link is a warning; an outside image, which the site never loads, is an error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ....config import Policy
from ....diagnostics import Finding, Severity
from ....hosts import host_of, is_intranet
from ....model import Item
from ...prose import mask_code
from ..registry import Context, rule
from .locate import Positions, addresses

E, W = Severity.ERROR, Severity.WARNING

_TARGET = re.compile(r"(!?)\[[^\[\]\n]*\]\([ \t]*<?([^)\s>]*)")
_REF_DEF = re.compile(r"^ {0,3}\[([^\[\]\n]+)\]:[ \t]*<?", re.M)
_IMAGE_REF = re.compile(r"!\[([^\[\]\n]*)\](?:\[([^\[\]\n]*)\])?(?![(\[])")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "ftp", "mailto", "tel"})


@dataclass(frozen=True)
class Reference:
    """A link or image target outside the intranet: where, which host or scheme."""

    start: int
    image: bool
    host: str
    scheme: str = ""


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def _image_targets(text: str) -> set[int]:
    """Offsets where an image's address starts: inline images and the definitions
    of references used by images (``![alt][ref]`` … ``[ref]: https://...``)."""
    starts = {m.start(2) for m in _TARGET.finditer(text) if m.group(1)}
    labels = {_label(m.group(2) or m.group(1)) for m in _IMAGE_REF.finditer(text)}
    starts |= {m.end() for m in _REF_DEF.finditer(text) if _label(m.group(1)) in labels}
    return starts


def _references(text: str, hosts: list[str]) -> Iterator[Reference]:
    """Every link and image in code-masked ``text`` that leaves the intranet (``hosts``)."""
    images = _image_targets(text)
    for a in addresses(text):
        # a bare host name ("澎湃新闻（www.thepaper.cn）") is text on the site, not a link
        if not is_intranet(a.host, hosts) and text[a.start:a.start + 4].lower() != "www.":
            yield Reference(a.start, a.start in images, a.host)
    for m in _TARGET.finditer(text):
        target, image = m.group(2), bool(m.group(1))
        scheme = _SCHEME.match(target)
        if target.startswith("//"):
            host = host_of(target[2:].split("/", 1)[0])
            if not is_intranet(host, hosts):
                yield Reference(m.start(2), image, host)
        elif scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            yield Reference(m.start(2), image, "", scheme.group(1).lower())


@functools.lru_cache(maxsize=8)
def _sorted_references(text: str, hosts: tuple[str, ...]) -> tuple[Reference, ...]:
    # C004 and C005 both read them: found once per item
    if "](" not in text and "://" not in text and "www." not in text.casefold():
        return ()
    return tuple(sorted(_references(text, list(hosts)), key=lambda r: r.start))


def _outside(item: Item, ctx: Context, image: bool) -> Iterator[tuple[int, int, Reference]]:
    """(line, column, reference) of outside links (or images), one per line and host."""
    text = mask_code(item.body)
    refs = _sorted_references(text, tuple(ctx.policy.intranet_hosts))
    if not refs:
        return
    at = Positions(text, item.body_line)
    seen: set[tuple[int, str, str]] = set()
    for ref in refs:
        line, column = at(ref.start)
        key = (line, ref.host, ref.scheme)
        if ref.image == image and key not in seen:
            seen.add(key)
            yield line, column, ref


def _host_text(ref: Reference, policy: Policy) -> str:
    if ref.scheme:
        return f"a '{ref.scheme}:' address"
    listed = "" if policy.intranet_hosts else " (bulletin.yml lists no intranet_hosts)"
    return (f"the outside host '{ref.host}'" if ref.host else "an address whose host cannot "
            "be read") + listed


@rule("C004", "outside-link", W, "item")
def outside_link(item: Item, ctx: Context) -> Iterator[Finding]:
    """A link to a host outside the intranet.

    ## What it does
    Reports links (`[text](https://...)`), autolinks (`<https://...>`), bare
    addresses (`https://...`) and link references whose host is not
    one of the `intranet_hosts` in `bulletin.yml` or a subdomain of one, and
    links with a scheme other than http, https, ftp, mailto and tel (such as
    `javascript:`). Relative links (files in the repository, other items) and
    `mailto:` are fine. Addresses in code are not links, and neither is a
    bare host name in running text (“澎湃新闻（www.thepaper.cn）”), which the
    site shows as text. A bulletin whose `bulletin.yml` lists no
    `intranet_hosts` has not said which hosts are inside, so only unsafe
    schemes are reported there (a published item links to the agency's own
    site as a matter of course). The message names the host.

    ## Why
    Readers work on the intranet: an outside address usually does not open
    there, and following it from a work machine tells the outside site what
    the office is reading. Sources belong in `sources`, where they are cited,
    not clicked.

    ## Example
    "See [the forecast](https://weather.example.com/qinghe/7day)." /
    “详见https://www.example.com/news/123.html。”

    ## Use instead
    Cite the source in `sources` ("Provincial Meteorological Bureau, 7-day
    forecast, 17 Nov 2026" / “省气象台7日预报，2026年11月17日”), or link to
    an intranet copy: `[the forecast](https://docs.gov.example/forecast)`.
    """
    for line, column, ref in _outside(item, ctx, image=False):
        if ref.host and not ctx.policy.intranet_hosts:
            continue  # no intranet declared: an outside host cannot be told from an inside one
        yield Finding("C004", f"link to {_host_text(ref, ctx.policy)}; intranet readers may "
                              "not reach it: cite it in sources or link to an intranet copy",
                      line, column)


@rule("C005", "outside-image", E, "item")
def outside_image(item: Item, ctx: Context) -> Iterator[Finding]:
    """An image loaded from a host outside the intranet.

    ## What it does
    Reports images (`![alt](https://...)`, and `![alt][ref]` whose reference
    is an outside address) whose host is not one of the `intranet_hosts` in
    `bulletin.yml` or a subdomain of one, and images with a scheme such as
    `data:`. Images beside the item (relative paths) are fine. The message
    names the host.

    ## Why
    The site must request nothing from outside hosts: an outside image would
    tell that host who reads the bulletin and when. So the site never loads
    one — readers see only the alt text, and the picture the writer meant is
    missing.

    ## Example
    `![Reservoir levels](https://charts.example.com/levels.png)` /
    `![水位变化](http://img.example.cn/a.png)`

    ## Use instead
    Save the picture beside the item and use a relative path:
    `![Reservoir levels](levels.png)` / `![水位变化](water-levels.png)`.
    """
    for line, column, ref in _outside(item, ctx, image=True):
        yield Finding("C005", f"image from {_host_text(ref, ctx.policy)} is never loaded: the "
                              "site shows only its alt text; put the picture beside the item "
                              "and use a relative path", line, column)
