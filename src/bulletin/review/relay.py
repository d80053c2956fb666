"""``bulletin relay``: report an item to the office upstream (DESIGN §9).

For each item, a new item is written into the upstream bulletin, under this
office's unit there, on a branch ``relay/<office>/<item-id>`` pushed to the
upstream repository, where its editors open the pull request. As with ``submit``,
the user's working tree, index and branch are never touched: the upstream's main
branch is fetched read-only into ``refs/bulletin/<upstream>/main`` and the new
commit is built on it with a temporary index.

The relayed item carries ``relayed_from: {office, item, commit, sha256}`` — the
commit the item is relayed from and the SHA-256 of its file there — and keeps the
source's dates, priority and embargo. Its classification is never lower than the
source's. An item with errors, or with a confidentiality finding, is not relayed;
the source must be committed as it stands, so that the upstream office can verify it.

:func:`prepare` does every check and changes nothing (refusing with
:class:`~bulletin.errors.UsageError`); :func:`relay` builds the commits and pushes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.engine import check_repository
from ..config import POLICY_FILE, Policy, parse_policy
from ..config.network import Upstream
from ..diagnostics import Diagnostic, Severity
from ..errors import UsageError
from ..git import network
from ..git.provenance import sha256, source_item
from ..load.walk import ITEMS_DIR
from ..model import Item
from ..text import did_you_mean
from .relayed import KEPT_FROM_SOURCE, relayed_text
from .submit import Git, pull_request_url

BRANCH_PREFIX = "relay/"


@dataclass
class Relay:
    """One item to relay: its source and the text written upstream."""

    item: Item
    path: str  # in the upstream repository
    text: str
    branch: str


@dataclass
class Plan:
    """What :func:`relay` will write and push."""

    root: Path  # the bulletin's folder: relative URLs are read from here
    top: Path  # the top of the git work tree
    office: str
    upstream: Upstream
    base: str  # the upstream's main, as fetched
    relays: list[Relay]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def choose_upstream(policy: Policy, to: str | None) -> Upstream:
    """The upstream office ``to`` names (or the only one)."""
    if policy.office is None or not policy.upstream:
        raise UsageError("bulletin.yml names no 'office:' and 'upstream:' to relay to "
                         "(see docs/format.md, the information network)")
    ids = [u.id for u in policy.upstream]
    if to is None:
        if len(ids) > 1:
            raise UsageError(f"several offices are upstream ({', '.join(ids)}): name one "
                             "with --to")
        return policy.upstream[0]
    for office in policy.upstream:
        if office.id == to:
            return office
    raise UsageError(f"'{to}' is not an upstream office{did_you_mean(to, ids)}")


def upstream_policy(top: Path, office: Upstream) -> tuple[str, Policy, set[str]]:
    """Fetch the upstream office: (its main's commit, its policy, its item ids)."""
    error = network.fetch(top, office.id, office.url)
    if error:
        raise UsageError(f"cannot fetch {office.label} ({office.url}): {error}")
    ref = network.office_ref(office.id)
    base = network.resolve(top, ref)
    text = network.read_blobs(top, [f"{ref}:{POLICY_FILE}"])[0]
    if base is None or text is None:
        raise UsageError(f"{office.label}'s repository has no {POLICY_FILE} on its main "
                         "branch")
    loaded = parse_policy(text.decode("utf-8", "replace"))
    if loaded.policy is None:
        raise UsageError(f"{office.label}'s {POLICY_FILE} is invalid; their editors must "
                         "fix it before items can be relayed")
    ids = {Path(p).stem for p in network.list_files(top, ref, [ITEMS_DIR])}
    return base, loaded.policy, ids


def prepare(root: Path, names: Sequence[str], to: str | None = None,
            classification: str | None = None, edited: Path | None = None) -> Plan:
    """Check that the items ``names`` (ids or paths) can be relayed; change nothing."""
    if not names:
        raise UsageError("name the items to relay (their ids or files)")
    if edited is not None and len(names) != 1:
        raise UsageError("--edited gives the text of one item: relay one item with it")
    git = Git.open(root)
    root = root.resolve()
    stems = {Path(n).stem if n.endswith(".md") else n for n in names}
    result = check_repository(root, only=lambda path: Path(path).stem in stems)
    if not result.policy_ok or result.repo is None:
        raise UsageError("bulletin.yml is invalid; run 'bulletin check' for details")
    policy = result.repo.policy
    office = choose_upstream(policy, to)
    assert policy.office is not None
    items = [_find(result.repo.items_by_id(), root, name) for name in names]
    paths = {i.path for i in items}
    found = [d for d in result.diagnostics if d.path in paths and
             (d.severity is Severity.ERROR or d.code.startswith("C"))]
    plan = Plan(root, git.top, policy.office.id, office, "", [], found)
    if found:
        return plan
    plan.base, theirs, upstream_ids = upstream_policy(root, office)
    if office.unit not in theirs.units:
        raise UsageError(f"{office.label} has no unit '{office.unit}' (upstream.unit in "
                         f"{POLICY_FILE}){did_you_mean(office.unit, theirs.units)}")
    head = git.head_commit()
    prefix = root.relative_to(git.top).as_posix() if root != git.top else ""
    for item in items:
        if item.withdrawn is not None:
            raise UsageError(f"{item.id} is withdrawn: a withdrawn item is not relayed")
        if item.id in upstream_ids:
            raise UsageError(f"{office.label} already has an item '{item.id}' (relayed "
                             "before?)")
        rel = f"{prefix}/{item.path}" if prefix else item.path
        committed = network.read_blobs(git.top, [f"{head}:{rel}"])[0]
        if committed is None or committed != (root / item.path).read_bytes():
            raise UsageError(f"{item.path}: commit the item as it stands before relaying "
                             "it, so that the office upstream can verify its source")
        text = edited.read_text(encoding="utf-8") if edited is not None else \
            committed.decode("utf-8")
        fields = _fields(item, text, theirs, classification, office, policy.office.id,
                         head, sha256(committed))
        year = item.date.year if item.date else int(item.id[:4])
        plan.relays.append(Relay(item, f"{ITEMS_DIR}/{office.unit}/{year}/{item.id}.md",
                                 relayed_text(text, fields),
                                 f"{BRANCH_PREFIX}{policy.office.id}/{item.id}"))
    return plan


def _find(by_id: Any, root: Path, name: str) -> Item:
    """The item a name (an id, or a file's path) means."""
    stem = Path(name).stem if name.endswith(".md") else name
    found = by_id.get(stem) or []
    if len(found) != 1:
        raise UsageError(f"no item '{name}' in this bulletin" if not found else
                         f"several items have the id '{stem}'")
    return found[0]  # type: ignore[no-any-return]


def _fields(item: Item, text: str, theirs: Policy, requested: str | None,
            office: Upstream, me: str, commit: str, digest: str) -> dict[str, Any]:
    """The fields the relay writes: unit, classification, provenance, the source's
    dates, priority and embargo."""
    edited = source_item(item.path, text.encode("utf-8"), theirs)
    source = item.classification or ""
    wanted = [c for c in (source, edited.classification, requested) if c]
    for level in wanted:
        if theirs.level_rank(level) < 0:
            raise UsageError(f"{item.id}: '{level}' is not one of {office.label}'s levels "
                             f"({', '.join(theirs.levels)})")
    if theirs.level_rank(max(wanted, key=theirs.level_rank)) > theirs.level_rank(theirs.top):
        raise UsageError(f"{item.id}: {office.label}'s bulletin holds nothing above "
                         f"'{theirs.top}'")
    for level in wanted[1:]:
        if theirs.level_rank(level) < theirs.level_rank(source):
            raise UsageError(f"{item.id}: refused: classification '{level}' is below the "
                             f"source's '{source}' (a relay never lowers it)")
    raw = item.meta.data if isinstance(item.meta.data, dict) else {}
    fields: dict[str, Any] = {"unit": office.unit,
                              "classification": max(wanted, key=theirs.level_rank)}
    fields.update({key: raw.get(key) for key in KEPT_FROM_SOURCE})
    fields["corrects"] = None  # an id of the source's bulletin, unknown upstream
    fields["relayed_from"] = {"office": me, "item": item.id, "commit": commit,
                              "sha256": digest}
    return fields


@dataclass
class Outcome:
    """One relayed item: its branch, commit, and where to open the pull request."""

    item: str
    branch: str
    commit: str
    error: str = ""
    url: str | None = None


def relay(plan: Plan, forge: str | None = None) -> list[Outcome]:
    """Commit each relayed item on the upstream's main and push its branch there."""
    out = []
    for one in plan.relays:
        commit = _commit(plan, one)
        network.run(plan.top, "update-ref", f"{network.NAMESPACE}/{plan.upstream.id}/"
                    f"{one.branch}", commit)  # kept here when the push fails
        error = network.push(plan.root, plan.upstream.url, commit, one.branch)
        out.append(Outcome(one.item.id, one.branch, commit, error,
                           pull_request_url(plan.upstream.url, one.branch, forge)))
    return out


def _commit(plan: Plan, one: Relay) -> str:
    """The commit adding ``one`` to the upstream's main, built with a temporary index."""
    with tempfile.TemporaryDirectory(prefix="bulletin-relay-") as tmp:
        env = {"GIT_INDEX_FILE": os.path.join(tmp, "index")}

        def git(*args: str, data: bytes | None = None) -> str:
            status, out, err = network.run(plan.top, *args, data=data, env=env)
            if status != 0:
                raise UsageError(f"git {args[0]} failed: {network.first_lines(err)}")
            return out.decode().strip()

        git("read-tree", plan.base)
        blob = git("hash-object", "-w", "--stdin", data=one.text.encode("utf-8"))
        git("update-index", "--add", "--cacheinfo", f"100644,{blob},{one.path}")
        tree = git("write-tree")
        title = one.item.title or one.item.id
        return git("commit-tree", tree, "-p", plan.base, "-m",
                   f"Relay item: {title}\n\nFrom {plan.office}: {one.item.id}")
