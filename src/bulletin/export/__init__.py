"""Export one edition as a file: self-contained HTML, PDF, e-mail or Word.

Each edition is composed for its own audience as of the end of its date, so an
export carries exactly what that edition's readers saw and nothing above it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..config import Policy
from ..errors import UsageError
from ..load.repository import load_policy, load_repository
from ..site.compose import EditionView, Site, compose

FORMATS = ("html", "pdf", "eml", "docx")
NEWEST_SHOWN = 5


def edition_site(root: Path, edition_id: str) -> tuple[Site, EditionView]:
    """The edition ``edition_id`` (``YYYY-NNN``, or ``<publication>/YYYY-NNN`` in a
    publication's folder) composed for its own audience."""
    loaded = load_policy(root)
    if loaded.policy is None:
        raise UsageError("bulletin.yml is invalid; run 'bulletin check' for details")
    policy: Policy = loaded.policy
    repo, _ = load_repository(root, policy)
    known = sorted((e for e in repo.editions if e.number is not None and e.date is not None),
                   key=lambda e: (e.date or dt.date.min, e.year, e.number or 0, e.id),
                   reverse=True)
    edition = next((e for e in known if e.id == edition_id), None)
    if edition is None:
        newest = ", ".join(e.id for e in known[:NEWEST_SHOWN]) or "none"
        raise UsageError(f"no edition '{edition_id}' (newest: {newest})")
    assert edition.date is not None
    audience = edition.audience or ""
    if policy.level_rank(audience) < 0:
        raise UsageError(f"edition {edition_id} has no known audience ({audience!r})")
    as_of = dt.datetime.combine(edition.date, dt.time.max, tzinfo=policy.tz)
    site = compose(repo, audience, as_of)
    view = next((v for v in site.editions if v.id == edition_id), None)
    if view is None:  # pragma: no cover - compose keeps every edition of a known audience
        raise UsageError(f"edition {edition_id} cannot be composed")
    return site, view


def export_edition(root: Path, edition_id: str, fmt: str, sender: str | None = None) -> bytes:
    """The edition in ``fmt`` (one of :data:`FORMATS`), as bytes to write."""
    site, view = edition_site(root, edition_id)
    if fmt == "html":
        from .html import render_html

        return render_html(site, view, root).encode("utf-8")
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(site, view, root)
    if fmt == "eml":
        from .eml import build_message

        return build_message(site, view, root, sender).as_bytes()
    if fmt == "docx":
        try:
            from .docx import render_docx  # type: ignore[import-not-found,unused-ignore]
        except ImportError as exc:
            raise UsageError(f"the docx export is not available here ({exc})") from None
        data: bytes = render_docx(site, view)
        return data
    raise UsageError(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
