"""``bulletin edition new``: the next edition manifest, optionally proposed from the pool.

The proposal is a pure function of the repository: items committed on the current
history that pass the check (:mod:`.ready` finds them) and are in no edition of the
publication, cleared for the edition's audience, out of embargo by the edition's date,
most urgent and important first, grouped into sections by category. The editor
reviews and edits the manifest before opening the pull request.

Each publication is numbered on its own (by year, or running on across years); an
office without publications has one, at ``bulletins/<YYYY>/``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..config import EDITION_TYPES, Policy
from ..errors import UsageError
from ..fsutil import write_atomic
from ..load.walk import EDITIONS_DIR
from ..model import Item, Repository

PRIORITY_ORDER = {"urgent": 0, "important": 1, "routine": 2}
DEFAULT_SIZE = 8
FLASH_SIZE = 3


@dataclass
class Proposal:
    """An edition to write: its number, date and sections of item ids."""

    year: int
    number: int
    date: dt.date
    type: str
    audience: str
    editor: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    folder: str | None = None
    """The publication's folder under ``bulletins/`` (None: ``bulletins/<YYYY>/``)."""

    @property
    def path(self) -> str:
        folder = f"{self.folder}/" if self.folder else ""
        return f"{EDITIONS_DIR}/{folder}{self.year}/{self.number:03d}.yml"


def next_number(repo: Repository, year: int, publication: str | None = None) -> int:
    """One more than the highest number of ``publication``'s editions of ``year`` (of
    any year when its numbers run on); 1 for a new year."""
    spec = repo.policy.publications.get(publication or "")
    running = spec is not None and spec.numbering == "running"
    numbers = [e.number for e in repo.editions if e.series == (publication or "")
               and e.number and (running or e.year == str(year))]
    return max(numbers, default=0) + 1


def folder_of(repo: Repository, publication: str | None) -> str | None:
    """Where the next edition of ``publication`` goes: where its latest edition is; for
    a publication with none, its own folder, except the first (the default), whose
    editions live at ``bulletins/<YYYY>/`` as a bulletin without publications has them."""
    if publication is None:
        return None
    own = sorted((e for e in repo.editions if e.publication == publication),
                 key=lambda e: (e.year, e.number or 0, e.date or dt.date.min))
    if own:
        return publication if own[-1].path.count("/") == 3 else None
    return None if publication == repo.policy.default_publication else publication


def candidates(repo: Repository, audience: str, day: dt.date, flash: bool,
               publication: str | None = None, ready: set[str] | None = None) -> list[Item]:
    """Pool items an edition of ``publication`` for ``audience`` dated ``day`` may carry,
    best first: in no edition of that publication, and (when ``ready`` is given) among
    the ids ``ready`` holds."""
    policy = repo.policy
    limit = policy.level_rank(audience)
    published = {item_id for item_id, editions in repo.editions_of().items()
                 if any(e.series == (publication or "") for e in editions)}
    end_of_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), policy.tz)
    out = []
    for item in repo.items:
        if item.id in published or not item.meta.ok or item.date is None or item.date > day \
                or item.withdrawn is not None or (ready is not None and item.id not in ready):
            continue
        if not 0 <= policy.level_rank(item.classification) <= limit:
            continue
        if item.embargo is not None and item.embargo >= end_of_day:
            continue
        if flash and item.priority != "urgent":
            continue
        out.append(item)
    return sorted(out, key=lambda i: (PRIORITY_ORDER.get(i.priority or "", 3),
                                      -(i.date or day).toordinal(), i.id))


def propose(repo: Repository, *, day: dt.date, kind: str, audience: str, editor: str,
            auto: bool, size: int | None = None, publication: str | None = None,
            ready: set[str] | None = None) -> Proposal:
    """The next edition of ``publication`` (the default one when None) in ``day``'s
    year; with ``auto``, filled from the pool (of the ids ``ready`` holds, if given)."""
    if kind not in EDITION_TYPES:
        raise UsageError(f"unknown edition type '{kind}' (one of: {', '.join(EDITION_TYPES)})")
    publication = publication or repo.policy.default_publication
    spec = repo.policy.publications.get(publication or "")
    if spec is not None and kind not in spec.types:
        raise UsageError(f"'{spec.name}' has no {kind} editions (its types: "
                         f"{', '.join(spec.types)})")
    proposal = Proposal(day.year, next_number(repo, day.year, publication), day, kind,
                        audience, editor, folder=folder_of(repo, publication))
    if not auto:
        return proposal
    chosen = candidates(repo, audience, day, kind == "flash", publication, ready)[: size or (
        FLASH_SIZE if kind == "flash" else DEFAULT_SIZE)]
    if not chosen:
        raise UsageError(f"no item in the pool can go into a {kind} edition for "
                         f"'{audience}' on {day}")
    proposal.sections = _sections(repo.policy, chosen)
    return proposal


def _sections(policy: Policy, items: list[Item]) -> list[tuple[str, list[str]]]:
    """Items grouped by category, in the order the categories' best items came."""
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(item.category or "", []).append(item.id)
    return [(policy.categories[key].name if key in policy.categories else key or "Other",
             ids) for key, ids in groups.items()]


def render_manifest(proposal: Proposal) -> str:
    """The manifest's YAML text (strings quoted as JSON, which is valid YAML)."""
    lines = [
        f"number: {proposal.number}",
        f"date: {proposal.date.isoformat()}",
        f"type: {proposal.type}",
        f"audience: {proposal.audience}",
        f"editor: {json.dumps(proposal.editor, ensure_ascii=False)}",
        "# title: optional theme of the edition",
        "# note: |",
        "#   The editor's note, in Markdown.",
        "sections:",
    ]
    if not proposal.sections:
        lines += ["  - title: Situation", "    items: []  # item ids (file names without .md)"]
    for title, ids in proposal.sections:
        lines.append(f"  - title: {json.dumps(title, ensure_ascii=False)}")
        lines.append("    items:")
        lines += [f"      - {item_id}" for item_id in ids]
    return "\n".join(lines) + "\n"


def write_manifest(root: Path, proposal: Proposal) -> Path:
    path = root / proposal.path
    if path.exists():
        raise UsageError(f"{proposal.path} already exists")
    write_atomic(path, render_manifest(proposal))
    return path
