"""G — review: in a pull request, who may touch what.

These rules read the review context the check's I/O layer attaches to the
repository (``repo.review``: the author, what the branch changed, what was
published on the base); without ``--changed-since`` there is no change to
judge and they are silent. A unit's staff change only their unit's items;
editors alone change editions, responses and the policy; a published item is
not edited without a correction and is never deleted — by anyone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ...changes import ChangeSet
from ...config import POLICY_FILE, Policy
from ...diagnostics import Finding, Severity
from ...load.ledger import ASSESSMENT_DIR
from ...load.walk import EDITIONS_DIR, ITEMS_DIR
from ...model import Item, Repository
from .registry import Context, rule

E, W = Severity.ERROR, Severity.WARNING
CORRECTION_HEADINGS = {"correction", "corrections", "更正", "更正说明"}


@dataclass
class Review:
    """What a pull request does, and who opened it."""

    author: str | None
    changes: ChangeSet
    published: set[str] = field(default_factory=set)

    def units_of(self, policy: Policy) -> set[str]:
        return {key for key, unit in policy.units.items() if self.author in unit.members}

    def is_editor(self, policy: Policy) -> bool:
        return self.author is not None and self.author in policy.editors

    def touched(self) -> Iterator[str]:
        """Every path the branch changed, deleted and renamed-from included."""
        c = self.changes
        yield from sorted(c.added | c.modified | c.deleted | set(c.renamed)
                          | set(c.renamed.values()))


def _review(repo: Repository) -> Review | None:
    review = repo.review
    return review if isinstance(review, Review) else None


def _staff(repo: Repository) -> tuple[Review, set[str]] | None:
    """The review and the author's units, when the author is known and not an editor."""
    review = _review(repo)
    if review is None or review.author is None or review.is_editor(repo.policy):
        return None
    return review, review.units_of(repo.policy)


@rule("G001", "unit-permission", E, "repo")
def unit_permission(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A unit's staff change another unit's items.

    ## What it does
    In a pull request (`bulletin check --changed-since REF`, with `--author` or
    the CI's pull-request author), reports each item file added, changed,
    moved or deleted outside the folders of the units the author belongs to.
    Editors may change any item.

    ## Why
    Each unit answers for its own items, and the assessment scores them by
    unit; an item changed by another unit's staff is no longer the unit's own
    report.

    ## Example
    `zhang.san` of the water bureau edits `items/health/2026/2026-11-20-clinic-queues.md`.

    ## Use instead
    Ask the health commission's staff to make the change, or an editor.
    （请由本单位人员或编辑修改其他单位的信息。）
    """
    staff = _staff(repo)
    if staff is None:
        return
    review, units = staff
    for path in review.touched():
        parts = PurePosixPath(path).parts
        if len(parts) >= 2 and parts[0] == ITEMS_DIR and parts[1] not in units:
            mine = ", ".join(sorted(units)) or "no unit"
            yield Finding("G001", f"{review.author} ({mine}) may not change items of unit "
                                  f"'{parts[1]}'", path=path)


@rule("G002", "editor-only", E, "repo")
def editor_only(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """Someone other than an editor changes an edition, the responses or the policy.

    ## What it does
    In a pull request, reports changes to `bulletins/` (editions and leader
    responses), to `assessment/` (the assessment ledger) and to `bulletin.yml`
    by an author who is not one of the policy's `editors`.

    ## Why
    Merging an edition publishes it, the ledger deducts points from units, and
    the policy decides who may do what: all three are the editors'
    responsibility alone.

    ## Example
    A staff member's branch that adds `bulletins/2026/048.yml`.

    ## Use instead
    Send the item; an editor composes the edition.
    （编辑部负责组刊；报送单位只提交信息。）
    """
    staff = _staff(repo)
    if staff is None:
        return
    review, _ = staff
    for path in review.touched():
        if path == POLICY_FILE or path.startswith((f"{EDITIONS_DIR}/", f"{ASSESSMENT_DIR}/")):
            yield Finding("G002", f"only editors may change {path}; {review.author} is not "
                                  "an editor", path=path)


def _corrected(item: Item, repo: Repository) -> bool:
    """The item carries a correction section, or another item corrects it."""
    if any(h.text.casefold() in CORRECTION_HEADINGS for h in item.headings):
        return True
    return item.id in repo.corrected_ids()


@rule("G003", "published-edit", E, "repo")
def published_edit(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A published item is edited without a correction.

    ## What it does
    In a pull request, reports a change to an item that an edition on the
    base branch had published, unless the item gains a `## Correction`
    (`## 更正`) section or another item `corrects:` it. Applies to editors too.

    ## Why
    Leaders have read and may have acted on the published text; a silent
    change rewrites the record. A correction is visible and dated.

    ## Example
    Changing "3 tonnes" to "2 tonnes" in an item published in 2026 No. 11.

    ## Use instead
    File a correction item with `corrects: 2026-11-16-qing-river-diesel-spill`,
    or add a `## Correction` section saying what changed and why.
    """
    review = _review(repo)
    if review is None:
        return
    by_id = repo.items_by_id()
    changed = review.changes.modified | set(review.changes.renamed)
    for path in sorted(changed):
        item_id = PurePosixPath(path).stem
        if not path.startswith(f"{ITEMS_DIR}/") or item_id not in review.published:
            continue
        item = next((i for i in by_id.get(item_id, []) if i.path == path), None)
        if item is not None and not _corrected(item, repo):
            yield Finding("G003", f"'{item_id}' was published; add a '## Correction' section "
                                  "or file an item that corrects it", path=path)


@rule("G004", "published-delete", E, "repo")
def published_delete(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A published item is deleted.

    ## What it does
    In a pull request, reports the deletion of an item that an edition on the
    base branch had published — by anyone, editors included.

    ## Why
    The bulletin is a record: editions refer to their items, leader responses
    to what they read, the assessment to what was adopted.

    ## Example
    `git rm items/water/2026/2026-11-18-reservoir-levels-fall.md` after it was
    published.

    ## Use instead
    Keep the file; if it was wrong, file a correction (`corrects:`).
    （已刊发信息不得删除，如有错误请报送更正。）
    """
    review = _review(repo)
    if review is None:
        return
    for path in sorted(review.changes.deleted):
        item_id = PurePosixPath(path).stem
        if path.startswith(f"{ITEMS_DIR}/") and item_id in review.published:
            yield Finding("G004", f"'{item_id}' was published and may not be deleted", path=path)


@rule("G005", "author-unit", E, "repo")
def author_unit(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A new item names a unit its author does not belong to.

    ## What it does
    In a pull request by a unit's staff, reports a new item whose `unit`
    field is not one of the author's units.

    ## Why
    The unit field decides whose item it is in the assessment; filing under
    another unit's name moves credit (or blame).

    ## Example
    `zhang.san` (water bureau) adds an item with `unit: health`.

    ## Use instead
    `unit: water` — or ask the health commission to file it.
    """
    staff = _staff(repo)
    if staff is None:
        return
    review, units = staff
    by_path = {item.path: item for item in repo.items_where(review.changes.added.__contains__)}
    for path in sorted(review.changes.added):
        item = by_path.get(path)
        if item is not None and item.unit and item.unit not in units:
            pos = item.where("unit")
            yield Finding("G005", f"{review.author} is not a member of unit '{item.unit}'",
                          pos.line, pos.column, path=path)


@rule("G006", "unknown-author", W, "repo")
def unknown_author(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """The pull request's author is not in the policy.

    ## What it does
    Reports an author who is neither an editor nor a member of any unit in
    `bulletin.yml`.

    ## Why
    Permissions follow the policy's `members` and `editors`; an unknown author
    can change nothing on their own behalf, and is probably missing from it.

    ## Example
    A new staff member opens their first pull request.

    ## Use instead
    An editor adds the forge login to the unit's `members` in `bulletin.yml`.
    """
    review = _review(repo)
    if review is None or review.author is None or review.is_editor(repo.policy):
        return
    if not review.units_of(repo.policy):
        yield Finding("G006", f"'{review.author}' is not an editor or a member of any unit; "
                              "add them to bulletin.yml", path=POLICY_FILE)
