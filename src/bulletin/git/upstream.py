"""Credit flowing back (DESIGN §9): what the offices upstream did with the items this
office relayed, read from their repositories as fetched (``bulletin network fetch``).

For each upstream office, the items under this office's unit there that name this
office in ``relayed_from`` are this office's items; an edition of theirs that lists
one is an adoption (typed as the ledger's :class:`~bulletin.load.ledger.Upstream`, so
the rule book's adoption lines with a ``level`` score it), and a leader response to
one is a response. Their files are read as blobs, with their own policy, never run.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from ..config import POLICY_FILE, Policy, parse_policy
from ..config.network import Upstream as Office
from ..load.items import parse_item
from ..load.ledger import Upstream
from ..load.manifests import parse_edition, parse_responses
from ..load.read import Text
from ..load.walk import EDITIONS_DIR, ITEMS_DIR, classify
from ..model import Edition, Response
from .network import list_files, office_ref, read_blobs, resolve


@dataclass(frozen=True)
class Adopted:
    """This office's item ``item`` adopted by an edition upstream."""

    item: str
    upstream: Upstream
    source: str
    """Where it is recorded: ``<office>:<edition file>``."""
    audience: str | None = None
    """The upstream edition's audience (a level)."""


@dataclass
class Credit:
    """Everything the offices upstream record of this office's items."""

    adoptions: list[Adopted] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reported: dict[str, str] = field(default_factory=dict)
    """Upstream office id → its name (for pages)."""


def _text(path: str, data: bytes | None) -> Text:
    text = None if data is None else data.decode("utf-8", "replace").removeprefix("\ufeff")
    return Text(path, text)


def read_credit(root: Path, policy: Policy) -> Credit:
    """The adoptions and responses upstream of this office's relayed items."""
    credit = Credit()
    if policy.office is None:
        return credit
    for office in policy.upstream:
        _read_office(root, policy.office.id, office, credit)
    return credit


def _read_office(root: Path, me: str, office: Office, credit: Credit) -> None:
    ref = office_ref(office.id)
    if resolve(root, ref) is None:
        credit.notes.append(f"{office.label} has not been fetched (bulletin network fetch): "
                            "its adoptions are not counted")
        return
    raw = read_blobs(root, [f"{ref}:{POLICY_FILE}"])[0]
    theirs = parse_policy(raw.decode("utf-8", "replace")).policy if raw else None
    if theirs is None:
        credit.notes.append(f"{office.label}'s {POLICY_FILE} cannot be read: its adoptions "
                            "are not counted")
        return
    level = office.level or (theirs.office.level if theirs.office else None)
    if level is None:
        credit.notes.append(f"{office.label} has no level (upstream.level in {POLICY_FILE})"
                            ": its adoptions are not counted")
        return
    credit.reported[office.id] = office.label
    paths = [p for p in list_files(root, ref, [f"{ITEMS_DIR}/{office.unit}", EDITIONS_DIR])
             if classify(p) in ("item", "edition", "responses")]
    blobs = read_blobs(root, [f"{ref}:{p}" for p in paths])
    ours: dict[str, str] = {}  # their item id -> our item id
    editions: list[Edition] = []
    responses: list[Response] = []
    for path, data in zip(paths, blobs, strict=True):
        kind = classify(path)
        if kind == "item":
            item = parse_item(_text(path, data), theirs)[0]
            if item.relayed_from is not None and item.relayed_from.office == me:
                ours[item.id] = item.relayed_from.item
        elif kind == "edition":
            edition = parse_edition(_text(path, data), theirs)[0]
            if edition is not None:
                editions.append(edition)
        else:
            responses += parse_responses(_text(path, data), theirs)[0]
    _adoptions(office, level, ours, editions, credit)
    for response in responses:
        if response.item in ours:
            credit.responses.append(dataclasses.replace(
                response, item=ours[response.item], path=f"{office.id}:{response.path}"))


def _adoptions(office: Office, level: str, ours: dict[str, str],
               editions: list[Edition], credit: Credit) -> None:
    """Each of our items adopted upstream: once per publication, its first edition."""
    seen: set[tuple[str, str]] = set()
    for edition in sorted(editions, key=lambda e: (e.date or e.id, e.id)):
        if edition.date is None:
            continue
        for their_id in edition.item_ids():
            if their_id not in ours or (their_id, edition.series) in seen:
                continue
            seen.add((their_id, edition.series))
            credit.adoptions.append(Adopted(
                ours[their_id], Upstream(level, edition.date, office.id, edition.publication,
                                         edition.id),
                f"{office.id}:{edition.path}", edition.audience))
