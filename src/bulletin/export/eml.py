"""The edition as an e-mail: plain text and the HTML export as alternatives.

Both parts link every title to its page on the intranet site of the edition's audience
(``reader.site_urls`` in the policy), when the policy gives that address. The plain
text holds no Markdown: bodies are rendered as on the site, then written as text
(:mod:`bulletin.site.plaintext`).
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from ..model import Item
from ..site.compose import EditionView, Site
from ..site.i18n import item_language, labels, long_date
from ..site.markdown import BodyRenderer
from ..site.plaintext import markdown_to_text, one_paragraph
from ..site.render import Renderer
from ..site.urls import edition_url, item_url
from .html import render_html

DEFAULT_SENDER = "bulletin@localhost"
# Headers unfolded: Python's folder drops the quotes of a long display name
# holding a comma (a publisher's name often does), which corrupts From.
POLICY = email.policy.default.clone(max_line_length=998)
RULE = "=" * 60
SECTION_RULE = "-" * 60


def marking_of(site: Site, view: EditionView) -> str:
    return site.policy.marking(view.edition.audience)


def subject(site: Site, view: EditionView) -> str:
    """``<title> <YYYY No. N> [MARKING]``."""
    renderer = Renderer(site)
    return f"{site.policy.title} {renderer.edition_label(view)} [{marking_of(site, view)}]"


def site_url_of(site: Site, view: EditionView) -> str | None:
    """The intranet site of the edition's audience (None: the policy names none)."""
    return site.policy.reader.site_url(view.edition.audience or site.audience)


def plain_text(site: Site, view: EditionView) -> str:
    """The edition as plain text: masthead, marking, then every item in full, each title
    followed by the address of its page on the intranet site."""
    renderer = Renderer(site)
    policy, edition = site.policy, view.edition
    t = renderer.t
    base = site_url_of(site, view)
    marking = marking_of(site, view)
    day = long_date(edition.date, policy.language) if edition.date else ""
    lines = [marking, "", policy.title, renderer.edition_label(view)
             + (f"{t['dot']}{t[edition.type]}" if edition.type in ("flash", "special") else ""),
             f"{policy.publisher}{t['dot']}{day}", RULE, ""]
    if base:
        lines += [f"{base}{edition_url(view)}", ""]
    if edition.title:
        lines += [edition.title, ""]
    if edition.note:
        lines += [f"{t['editors_note']}{t['colon']}{markdown_to_text(edition.note)}", ""]
    bodies = BodyRenderer(shift=1)
    for title, items in view.sections:
        lines += [title, SECTION_RULE, ""]
        for item in items:
            lines += _item(site, item, item is view.lead, base, bodies)
    lines += [RULE, marking]
    return "\n".join(lines) + "\n"


def _item(site: Site, item: Item, lead: bool, base: str | None,
          bodies: BodyRenderer) -> list[str]:
    """One item as lines of text: title and address, byline, notices, summary, body."""
    policy = site.policy
    language = item_language(item.title)
    w = labels(language)
    lines = [("★ " if lead else "") + (item.title or item.id)]
    if base:
        lines.append(f"<{base}{item_url(item)}>")
    byline = [policy.unit_name(item.unit, language)]
    if item.date:
        byline.append(long_date(item.date, language))
    if item.priority in ("urgent", "important"):
        byline.append(w[item.priority])
    if policy.level_rank(item.classification) > 0:
        byline.append(policy.marking(item.classification, language))
    lines += [w["dot"].join(byline), ""]
    if item.withdrawn:
        lines += [f"{w['withdrawn']} {long_date(item.withdrawn, language)}{w['colon']}"
                  f"{item.withdrawn_reason or ''}", ""]
    for fix in site.corrected_by.get(item.id, []):
        when = long_date(fix.date, language) if fix.date else ""
        what = one_paragraph(fix.summary or "")
        link = f" <{base}{item_url(fix)}>" if base else ""
        lines += [f"{w['corrected']} {when}{w['colon']}{what} {w['corrected_by']}{w['colon']}"
                  f"{fix.title}{link}", ""]
    if item.summary:
        lines += [one_paragraph(item.summary), ""]
    body = markdown_to_text(item.body, item.path, links=True, renderer=bodies)
    if body:
        lines += [body, ""]
    if item.sources:
        lines += [f"{w['sources']}{w['colon']}{w['list_sep'].join(item.sources)}", ""]
    return lines


def build_message(site: Site, view: EditionView, media_root: Path | None = None,
                  sender: str | None = None) -> EmailMessage:
    """The edition as a multipart/alternative message, without recipients."""
    msg = EmailMessage(policy=POLICY)
    address = sender or DEFAULT_SENDER
    msg["Subject"] = subject(site, view)
    msg["From"] = Address(display_name=site.policy.publisher, addr_spec=address)
    msg["Date"] = email.utils.format_datetime(dt.datetime.now(site.policy.tz))
    msg["Message-ID"] = email.utils.make_msgid(
        idstring=f"bulletin-{view.id}", domain=address.rpartition("@")[2] or "localhost")
    msg["X-Classification"] = marking_of(site, view)
    msg["Content-Language"] = site.policy.language
    msg.set_content(plain_text(site, view))
    msg.add_alternative(render_html(site, view, media_root, site_url_of(site, view)),
                        subtype="html")
    return msg
