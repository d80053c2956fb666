"""A relayed item's provenance checked against the fetched downstream repository.

The receiving office has fetched each downstream office into
``refs/bulletin/<office>/main`` (``bulletin network fetch``). A relayed item names
``{office, item, commit, sha256}``: the commit must be in that office's fetched
history, hold the item under ``items/``, and the file's SHA-256 must be the one
named. What cannot be looked at (nothing fetched, the commit not there) is "not
verified", never taken for a match. The result is data for the N rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..config import Policy
from ..load.items import parse_item
from ..load.read import Text
from ..load.walk import ITEMS_DIR
from ..model import Item, Provenance, Verification
from .network import is_ancestor, list_files, office_ref, read_blobs, resolve


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify(root: Path, policy: Policy,
           sources: Iterable[Provenance]) -> dict[Provenance, Verification]:
    """What the fetched repositories say of each source (offices the policy does not
    name downstream are left out: the rules report those)."""
    known = {d.id for d in policy.downstream}
    wanted = sorted({s for s in sources if s.office in known},
                    key=lambda s: (s.office, s.commit, s.item))
    fetched = {office: resolve(root, office_ref(office)) for office in
               {s.office for s in wanted}}
    listings: dict[tuple[str, str], dict[str, str]] = {}  # (office, commit) -> id -> path
    found: dict[Provenance, Verification] = {}
    to_read: list[tuple[Provenance, str]] = []
    for source in wanted:
        if fetched[source.office] is None:
            found[source] = Verification("not-fetched", f"'{source.office}' has not been "
                                         "fetched (bulletin network fetch)")
            continue
        # by office too: a commit of one office's history proves nothing of another's
        where = (source.office, source.commit)
        if where not in listings:
            listings[where] = _items_at(root, source.commit, office_ref(source.office))
        paths = listings[where]
        if not paths and not resolve(root, source.commit):
            found[source] = Verification("not-fetched", f"commit {source.commit[:12]} is "
                                         f"not in what was fetched of '{source.office}'")
        elif source.item not in paths:
            found[source] = Verification("missing", f"'{source.office}' has no item "
                                         f"'{source.item}' at commit {source.commit[:12]}")
        else:
            to_read.append((source, f"{source.commit}:{paths[source.item]}"))
    blobs = read_blobs(root, (spec for _, spec in to_read))
    for (source, spec), data in zip(to_read, blobs, strict=True):
        found[source] = _judged(source, spec, data, policy)
    return found


def _items_at(root: Path, commit: str, ref: str) -> dict[str, str]:
    """Item id → path at ``commit``, when ``commit`` is in the history of ``ref``."""
    if resolve(root, commit) is None or not is_ancestor(root, commit, ref):
        return {}
    return {Path(p).stem: p for p in list_files(root, commit, [ITEMS_DIR])
            if p.endswith(".md")}


def _judged(source: Provenance, spec: str, data: bytes | None,
            policy: Policy) -> Verification:
    if data is None:
        return Verification("missing", f"{spec} cannot be read")
    digest = sha256(data)
    item = source_item(spec.partition(":")[2], data, policy)
    if digest != source.sha256:
        return Verification("mismatch", f"the source file at {source.commit[:12]} has "
                            f"SHA-256 {digest[:12]}…, not {source.sha256[:12]}…",
                            item.classification, item.priority, item.embargo)
    return Verification("verified", "", item.classification, item.priority, item.embargo)


def source_item(path: str, data: bytes, policy: Policy) -> Item:
    """The item in ``data`` (read with this office's policy: its fields, whatever the
    findings)."""
    text = data.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n")
    return parse_item(Text(path, text), policy)[0]
