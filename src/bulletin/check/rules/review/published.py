"""Published items stay as published: G003 (edited or moved without a correction),
G004 (deleted, renamed to another id, or deleted and filed again under another name).

What was published is what the base's editions list (:attr:`Review.published`); a
renamed file is judged by its old path and old id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ....diagnostics import Finding, Severity
from ....load.walk import ITEMS_DIR
from ....model import Item, Repository
from ..registry import Context, rule
from .context import Review, review_of

E = Severity.ERROR
CORRECTION_HEADINGS = {"correction", "corrections", "更正", "更正说明"}


def _corrected(item: Item, repo: Repository) -> bool:
    """The item carries a correction section, or another item corrects it."""
    if any(h.text.casefold() in CORRECTION_HEADINGS for h in item.headings):
        return True
    return item.id in repo.corrected_ids()


def _item_id(path: str) -> str | None:
    """The id of the item file at ``path`` (None: not under ``items/``, or not Markdown)."""
    pure = PurePosixPath(path)
    return pure.stem if pure.parts[:1] == (ITEMS_DIR,) and pure.suffix == ".md" else None


def _published(review: Review, path: str) -> str | None:
    """The id of the published item at ``path`` (None: not a published item)."""
    item_id = _item_id(path)
    return item_id if item_id is not None and item_id in review.published else None


def _moved(review: Review) -> dict[str, str]:
    """Published items that left their path but keep their id: new path → old path.

    A rename that keeps the file name, and a deletion with an item of the same id
    added elsewhere (git pairs only similar files as a rename).
    """
    c = review.changes
    moved = {new: old for new, old in c.renamed.items()
             if _published(review, old) and _item_id(new) == _item_id(old)}
    added: dict[str, str] = {}
    for path in c.added:
        item_id = _item_id(path)
        if item_id is not None:
            added.setdefault(item_id, path)
    for old in c.deleted:
        item_id = _published(review, old)
        if item_id is not None and item_id in added:
            moved.setdefault(added[item_id], old)
    return moved


@rule("G003", "published-edit", E, "repo")
def published_edit(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A published item is edited or moved without a correction.

    ## What it does
    In a pull request, reports a change to an item that an edition on the
    base branch had published — edited in place, moved to another folder
    (`git mv`, with or without edits), or deleted and added again elsewhere
    under the same file name — unless the item gains a `## Correction`
    (`## 更正`) section or another item `corrects:` it. Applies to editors too.

    ## Why
    Leaders have read and may have acted on the published text; a silent
    change rewrites the record. A correction is visible and dated.

    ## Example
    Changing "3 tonnes" to "2 tonnes" in an item published in 2026 No. 11.
    （把已刊发信息中的"3吨"悄悄改为"2吨"。）

    ## Use instead
    File a correction item with `corrects: 2026-11-16-qing-river-diesel-spill`,
    or add a `## Correction` section saying what changed and why.
    （报送更正信息（`corrects:`），或在原信息中增加"## 更正"一节说明改了什么、为什么。）
    """
    review = review_of(repo)
    if review is None:
        return
    by_id = repo.items_by_id()
    moved = _moved(review)
    changed = {path: path for path in review.changes.modified} | moved
    for path, old in sorted(changed.items()):
        item_id = _published(review, old)
        if item_id is None:
            continue
        item = next((i for i in by_id.get(item_id, []) if i.path == path), None)
        if item is not None and not _corrected(item, repo):
            where = f" (moved from {old})" if old != path else ""
            yield Finding("G003", f"'{item_id}' was published{where}; add a '## Correction' "
                                  "section or file an item that corrects it", path=path)


@rule("G004", "published-delete", E, "repo")
def published_delete(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A published item is deleted or renamed.

    ## What it does
    In a pull request, reports an item that an edition on the base branch had
    published and that is gone from the branch: deleted, or renamed to another
    id (`git mv` to another file name, or deleted and filed again under another
    name) — by anyone, editors included.

    ## Why
    The bulletin is a record: editions refer to their items by id, leader
    responses to what they read, the assessment to what was adopted. An item
    renamed is an item deleted for every one of them.

    ## Example
    `git rm items/water/2026/2026-11-18-reservoir-levels-fall.md` after it was
    published, or `git mv` of it to `2026-11-18-reservoir-levels-recover.md`.
    （删除已刊发信息，或把它改名为另一个文件名。）

    ## Use instead
    Keep the file and its name; if it was wrong, file a correction (`corrects:`).
    （已刊发信息不得删除或改名，如有错误请报送更正。）
    """
    review = review_of(repo)
    if review is None:
        return
    kept = set(_moved(review).values())
    for path in sorted(review.changes.deleted - kept):
        item_id = _published(review, path)
        if item_id is not None:
            yield Finding("G004", f"'{item_id}' was published and may not be deleted", path=path)
    for new, old in sorted(review.changes.renamed.items()):
        item_id = _published(review, old)
        if item_id is not None and _item_id(new) != item_id:
            yield Finding("G004", f"'{item_id}' was published and may not be renamed: "
                                  f"{old} became {new}", path=new)
