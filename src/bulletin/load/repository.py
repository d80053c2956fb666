"""The policy and the whole repository → typed model, with a located finding for
everything that is wrong.

Nothing here raises on bad input: a file that cannot be read or parsed yields
findings and, where possible, a partial value, and every other file is still
read. Only a missing repository raises (:class:`~bulletin.errors.RepositoryNotFound`,
from :func:`bulletin.basics.find_root`).
"""

from __future__ import annotations

from pathlib import Path

from .. import safeyaml
from ..config import POLICY_FILE, LoadedPolicy, Policy, parse_policy
from ..diagnostics import Finding
from ..model import Item, Repository
from .items import load_item
from .manifests import load_edition, load_responses
from .read import read_text
from .walk import EDITIONS_DIR, ITEMS_DIR, classify, walk


def load_policy(root: Path) -> LoadedPolicy:
    """Read and validate ``bulletin.yml`` with the same guards as every other file."""
    out = read_text(root, POLICY_FILE)
    if out.text is None:
        loaded = LoadedPolicy(None, safeyaml.Document())
        loaded.findings = [Finding(f.code if f.code != "S001" else "S030", f.message, f.line,
                                   f.column) for f in out.findings]
        return loaded
    loaded = parse_policy(out.text)
    loaded.findings = [Finding(f.code, f.message, f.line, f.column, path=POLICY_FILE)
                       for f in out.findings + loaded.findings]
    return loaded


def load_repository(root: Path, policy: Policy) -> tuple[Repository, list[Finding]]:
    """Read every item, edition and response file under ``root``."""
    items: list[Item] = []
    repo = Repository(root=str(root), policy=policy, items=items)
    findings: list[Finding] = []
    for top in (ITEMS_DIR, EDITIONS_DIR):
        for rel, is_link in walk(root, top):
            kind = classify(rel)
            if is_link:
                findings += read_text(root, rel).findings
            elif kind not in ("ignored", "asset"):
                findings += _load_one(root, rel, kind, policy, repo, items)
            else:
                continue
            repo.files.append(rel)
    return repo, findings


def _load_one(root: Path, rel: str, kind: str, policy: Policy, repo: Repository,
              items: list[Item]) -> list[Finding]:
    if kind == "item":
        item, found = load_item(root, rel, policy)
        items.append(item)
        return found
    if kind == "edition":
        edition, found = load_edition(root, rel, policy)
        if edition is not None:
            repo.editions.append(edition)
        return found
    if kind == "responses":
        responses, found = load_responses(root, rel, policy)
        repo.responses.extend(responses)
        return found
    return [Finding("S025", "not an item, edition or responses file; bulletin ignores it",
                    path=rel)]
