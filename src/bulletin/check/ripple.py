"""What a pull request breaks in files it did not touch.

A pull request's check reports on the files the branch changed, yet a change can
break another file: an edition (or a leader response, or a correction) that lists
an item the branch deleted or renamed, an edition that lists an item the branch
changed (its classification, embargo or date), an item whose id a new item takes
as well. :func:`related` names those files, each with the ids that tie it to the
change; the check then reports there the findings of the cross-file rules that
name one of those ids (:func:`caused`), and nothing else of theirs.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

from ..changes import ChangeSet
from ..diagnostics import Finding
from ..load.walk import classify
from ..model import Repository
from .rules import REGISTRY


def related(repo: Repository, changes: ChangeSet) -> dict[str, set[str]]:
    """Files the change did not touch whose cross-file findings it may change, each
    with the item ids that tie it to the change."""
    touched = changes.touched
    by_id = repo.items_by_id()
    present = {_id(p) for p in changes.present} - {None}
    left = {_id(p) for p in changes.deleted | set(changes.renamed.values())} - {None}
    gone = {i for i in left if i is not None and i not in by_id}
    ids: set[str] = {i for i in present | gone if i is not None}
    out: dict[str, set[str]] = defaultdict(set)
    if not ids:
        return {}
    for edition in repo.editions:
        for item_id in ids.intersection(edition.item_ids()):
            out[edition.path].add(item_id)
    for response in repo.responses:
        if response.item in gone:
            out[response.path].add(response.item)
    if gone & repo.corrected_ids():
        for path, item_id in repo.correcting(gone):
            out[path].add(item_id)
    for item_id in ids & repo.duplicate_ids():
        for item in by_id.get(item_id, []):
            out[item.path].add(item_id)
    return {path: found for path, found in out.items() if path not in touched}


def caused(finding: Finding, ties: dict[str, set[str]]) -> bool:
    """Whether ``finding``, on a file the change did not touch, is the change's doing:
    a cross-file rule's finding that names one of the ids tying the file to it."""
    ids = ties.get(finding.path or "")
    if not ids:
        return False
    rule = REGISTRY.get(finding.code)
    if rule is None or (rule.scope == "item" and rule.per_file) or rule.scope == "load":
        return False
    return any(f"'{item_id}'" in finding.message for item_id in ids)


def _id(path: str) -> str | None:
    return PurePosixPath(path).stem if classify(path) == "item" else None
