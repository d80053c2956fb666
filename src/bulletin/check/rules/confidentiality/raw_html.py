"""C — confidentiality and safety: what a repository may hold and what an item may carry.

C001 keeps material above the repository's ceiling out; C002 finds personal
data (detectors in :mod:`bulletin.check.pii`) in items below the level cleared for
it; C003 finds raw HTML and attribute lists, which the site shows as text;
C004 and C005 find links and images that point outside the intranet.

Messages never repeat the offending value: they name its kind and where it
is, because diagnostics end up in CI logs, merge-request comments and reports.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ...config import Policy
from ...diagnostics import Finding, Severity
from ...hosts import host_of, is_intranet
from ...model import Item, Repository
from .. import pii
from ..prose import mask_code
from .registry import Context, Option, rule

E, W = Severity.ERROR, Severity.WARNING
MAX_PER_ITEM = 20
"""Most findings C002 and C003 list for one item; the rest are counted in one more."""


# --- positions and code ------------------------------------------------------------------


class Positions:
    """Turns offsets in a text into 1-based (line, column), columns in characters."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.first_line = first_line

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1




def _a(word: str) -> str:
    """``word`` with its indefinite article."""
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


# --- addresses ---------------------------------------------------------------------------

# scheme://authority, then the rest of the address; only ASCII, so that Chinese
# punctuation or text right after an address is not part of it.
_URL = re.compile(r"(?<![A-Za-z0-9+.\-])(?:https?|ftp)://([A-Za-z0-9.\-_~%:@]*)"
                  r"[A-Za-z0-9.\-_~%:@/?#!$&'*+,;=]*", re.I)
_WWW = re.compile(r"(?<![A-Za-z0-9.\-/@])www\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+", re.I)


@dataclass(frozen=True)
class Address:
    """An absolute address in a text: where it is and its host (lower case, may be '')."""

    start: int
    end: int
    host: str


def addresses(text: str) -> Iterator[Address]:
    """Absolute addresses in ``text``: ``http(s)://`` and ``ftp://`` ones and bare ``www.``."""
    if "://" not in text and "www." not in text.casefold():
        return  # most texts hold none: spare the two scans
    for m in _URL.finditer(text):
        yield Address(m.start(), m.end(), host_of(m.group(1)))
    for m in _WWW.finditer(text):
        yield Address(m.start(), m.end(), m.group(0).lower())


# --- C001 classification-ceiling ---------------------------------------------------------


@rule("C001", "classification-ceiling", E, "repo")
def classification_ceiling(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """An item or edition is classified above what this repository may hold.

    ## What it does
    Compares an item's `classification` and an edition's `audience` with the
    `ceiling` in `bulletin.yml` (by default the highest of the `levels`) and
    reports any that is higher.

    ## Why
    A repository lives on a system cleared up to one level. Anything above it
    must never be stored there: not in a file, not in a branch, not in the
    history. The check runs on every push so that a mistake is caught before
    it is merged and copied to every clone.

    ## Example
    With `ceiling: internal` in `bulletin.yml`:
    ```yaml
    classification: restricted
    ```

    ## Use instead
    Do not file the item here. Remove the file from the branch and its
    history, tell the editors, and send the material through the channel
    cleared for its level. If the item was classified too high by mistake,
    correct it: `classification: internal`.
    （密级高于本仓库上限的信息不得在此报送，应通过相应密级的渠道报送。）
    """
    top = ctx.policy.top
    ceiling = ctx.policy.level_rank(top)
    for item in repo.items_where(ctx.focus):
        if ctx.policy.level_rank(item.classification) > ceiling:
            pos = item.where("classification")
            yield Finding("C001", f"classified '{item.classification}', above this repository's "
                                  f"ceiling '{top}': it may not be stored here; remove it from "
                                  "the branch and its history and tell the editors",
                          pos.line, pos.column, path=item.path)
    for edition in repo.editions:
        if ctx.policy.level_rank(edition.audience) > ceiling:
            pos = edition.where("audience")
            yield Finding("C001", f"audience '{edition.audience}' is above this repository's "
                                  f"ceiling '{top}': no edition here may be made for it",
                          pos.line, pos.column, path=edition.path)


# --- C002 personal-data ------------------------------------------------------------------


def _min_level(policy: Policy, option: object) -> str:
    """The lowest level that may hold personal data: the option if it names a level,
    else the repository's top level."""
    return option if isinstance(option, str) and option in policy.levels else policy.top


def _kinds(option: object) -> tuple[pii.Kind, ...]:
    """The detectors the ``kinds`` option selects (unknown names are ignored)."""
    names = option if isinstance(option, list) else list(pii.KINDS)
    return tuple(k for k in pii.KINDS if k in names)


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span replaced by spaces."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _intranet_addresses_blanked(text: str, policy: Policy) -> str:
    """``text`` with addresses on intranet hosts blanked: numbers in them are document ids."""
    spans = [(a.start, a.end) for a in addresses(text)
             if is_intranet(a.host, policy.intranet_hosts)]
    return _blank(text, spans) if spans else text


def _front_matter_values(item: Item) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """(description, front-matter path, text) of each free-text field C002 reads."""
    for name in ("title", "summary", "region", "contact"):
        value = getattr(item, name)
        if value:
            yield f"the {name}", (name,), value
    for i, source in enumerate(item.sources):
        yield f"source {i + 1}", ("sources", i), source


def _counted(kind: pii.Kind, count: int) -> str:
    singular, plural = pii.DESCRIPTIONS[kind]
    return singular if count == 1 else f"{count} {plural}"


@rule("C002", "personal-data", E, "item",
      options=(Option("min_level", "", "Lowest level whose items may hold personal data "
                                       "(default: the repository's top level)."),
               Option("kinds", list(pii.KINDS), "Kinds of personal data to look for: "
                                                + ", ".join(pii.KINDS) + ".")))
def personal_data(item: Item, ctx: Context) -> Iterator[Finding]:
    """Personal data in an item that is not cleared for it.

    ## What it does
    Looks for resident identity numbers (checksum and birth date verified),
    mobile and landline phone numbers, e-mail addresses and bank card numbers
    (Luhn-checked) in the title, summary, sources, contact, region and the
    whole body — code blocks included — of items classified below
    `min_level` (by default the repository's top level). A front-matter hit is
    reported at the field; a body hit at the number itself. The message names
    the kind of data, never the value. Dates, money, statistics, ids and
    numbers in intranet addresses are not personal data.

    ## Why
    Personal information protection law and the office's rules allow personal
    data only in material cleared for it. An internal item is read by every
    unit and kept for years; one pasted phone number or ID number exposes a
    person to fraud and the office to liability.

    ## Example
    "Contact Zhang San on 138 1234 5678 or zhang.san@qq.com." /
    “联系人：张三，电话13812345678，身份证号码11010519491231002X。”

    ## Use instead
    Name the office or role, not the person: "Contact the bureau's duty
    office." / “联系人：市水务局值班室。” If the item is really about a
    person, classify it at the level that may hold personal data.
    """
    level = _min_level(ctx.policy, ctx.options.get("min_level"))
    if ctx.policy.level_rank(item.classification) >= ctx.policy.level_rank(level):
        return
    kinds = _kinds(ctx.options.get("kinds"))
    rank = ctx.policy.level_rank(item.classification)
    where = f"{_a(item.classification or '')} item" if rank >= 0 else \
        "an item without a valid classification"
    advice = f"personal data may only appear in {level} items"
    yield from _front_matter_hits(item, kinds, where, advice, ctx.policy)
    yield from _body_hits(item, kinds, where, advice, ctx.policy)


def _front_matter_hits(item: Item, kinds: tuple[pii.Kind, ...], where: str, advice: str,
                       policy: Policy) -> Iterator[Finding]:
    """One finding per field and kind, at the field's value."""
    for field, path, value in _front_matter_values(item):
        found = pii.find_personal_data(_intranet_addresses_blanked(value, policy), kinds)
        pos = item.where(*path)
        for kind in dict.fromkeys(m.kind for m in found):
            count = sum(1 for m in found if m.kind == kind)
            yield Finding("C002", f"{_counted(kind, count)} in {field} of {where}; {advice}",
                          pos.line, pos.column)


def _body_hits(item: Item, kinds: tuple[pii.Kind, ...], where: str, advice: str,
               policy: Policy) -> Iterator[Finding]:
    """One finding per hit in the body, at the hit, up to :data:`MAX_PER_ITEM`."""
    found = pii.find_personal_data(_intranet_addresses_blanked(item.body, policy), kinds)
    at = Positions(item.body, item.body_line)
    for m in found[:MAX_PER_ITEM]:
        line, column = at(m.start)
        yield Finding("C002", f"{pii.DESCRIPTIONS[m.kind][0]} in the body of {where}; {advice}",
                      line, column)
    if len(found) > MAX_PER_ITEM:
        line, column = at(found[MAX_PER_ITEM].start)
        yield Finding("C002", f"{len(found) - MAX_PER_ITEM} more pieces of personal data in the "
                              f"body are not listed (only the first {MAX_PER_ITEM} are); "
                              f"{advice}", line, column)


# --- C003 raw-html -----------------------------------------------------------------------

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


# --- C004 outside-link / C005 outside-image ----------------------------------------------

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
        if not is_intranet(a.host, hosts):
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
    addresses (`https://...`, `www....`) and link references whose host is not
    one of the `intranet_hosts` in `bulletin.yml` or a subdomain of one, and
    links with a scheme other than http, https, ftp, mailto and tel (such as
    `javascript:`). Relative links (files in the repository, other items) and
    `mailto:` are fine. Addresses in code are not links. The message names
    the host.

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
