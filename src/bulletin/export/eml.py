"""The edition as an e-mail: plain text and the HTML export as alternatives."""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from ..site.compose import EditionView, Site
from ..site.markdown import strip_hidden
from ..site.render import Renderer
from .html import render_html

DEFAULT_SENDER = "bulletin@localhost"
# Headers unfolded: Python's folder drops the quotes of a long display name
# holding a comma (a publisher's name often does), which corrupts From.
POLICY = email.policy.default.clone(max_line_length=998)


def marking_of(site: Site, view: EditionView) -> str:
    return Renderer(site).t["marking"].format(level=str(view.edition.audience).upper())


def subject(site: Site, view: EditionView) -> str:
    """``<title> <YYYY No. N> [MARKING]``."""
    renderer = Renderer(site)
    return f"{site.policy.title} {renderer.edition_label(view)} [{marking_of(site, view)}]"


def plain_text(site: Site, view: EditionView) -> str:
    """The edition as plain text: masthead, marking, then every item in full."""
    renderer = Renderer(site)
    policy, edition = site.policy, view.edition
    marking = marking_of(site, view)
    lines = [marking, "", policy.title, renderer.edition_label(view),
             f"{policy.publisher}  {renderer.long_date(edition.date) if edition.date else ''}",
             "=" * 60, ""]
    if edition.title:
        lines += [edition.title, ""]
    if edition.note:
        lines += [f"{renderer.t['editors_note']}:", edition.note.strip(), ""]
    for title, items in view.sections:
        lines += [title, "-" * 60, ""]
        for item in items:
            lines += [item.title or item.id, ""]
            if item.summary:
                lines += [item.summary.strip(), ""]
            body = strip_hidden(item.body, ("<!--",)).strip()
            if body:
                lines += [body, ""]
            if item.sources:
                lines += [f"{renderer.t['sources']}: {'; '.join(item.sources)}", ""]
    lines += ["=" * 60, marking]
    return "\n".join(lines) + "\n"


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
    msg.add_alternative(render_html(site, view, media_root), subtype="html")
    return msg
