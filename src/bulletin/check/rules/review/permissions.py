"""Who may change what: G001 (another unit's items), G002 (every other path that is
the editors' alone), G005 (a new item filed under another unit), G006 (an author the
policy does not know). Judged by the base's policy (:meth:`Review.judge`)."""

from __future__ import annotations

from collections.abc import Iterator

from ....config import POLICY_FILE, Policy
from ....diagnostics import Finding, Severity
from ....model import Repository
from ..registry import Context, rule
from .context import Review, allowed_paths, may_change, review_of, unit_folder, who

E, W = Severity.ERROR, Severity.WARNING


def _staff_review(repo: Repository) -> tuple[Review, Policy, list[str]] | None:
    """The pull request, the policy that judges it and the identities that are not
    editors, when there is a change to judge and someone to judge by it."""
    review = review_of(repo)
    if review is None:
        return None
    policy = review.judge(repo)
    staff = review.staff(policy)
    return (review, policy, staff) if staff else None


def _refused(repo: Repository) -> Iterator[tuple[str, str, Policy, Review, list[str]]]:
    """(code, path, policy, review, logins) for each changed path some identity judged
    may not change: G001 for another unit's folder under ``items/``, G002 for the rest."""
    judged = _staff_review(repo)
    if judged is None:
        return
    review, policy, staff = judged
    for path in review.touched():
        blocked = [login for login in staff if not may_change(policy, review, login, path)]
        if not blocked:
            continue
        unit = unit_folder(path)
        foreign = unit is not None and any(unit not in review.units_of(policy, login)
                                           for login in blocked)
        yield "G001" if foreign else "G002", path, policy, review, blocked


@rule("G001", "unit-permission", E, "repo")
def unit_permission(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A unit's staff change another unit's items.

    ## What it does
    In a pull request (`bulletin check --changed-since REF`, with `--author` or
    the CI's pull-request author), reports each file added, changed, moved or
    deleted in the folder of a unit under `items/` that the author does not
    belong to. Editors may change any item. Who belongs to which unit is read
    from `bulletin.yml` as the base (REF) has it, never from the branch.

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
    for code, path, policy, review, blocked in _refused(repo):
        if code == "G001":
            yield Finding("G001", f"{who(policy, review, blocked)} may not change items of "
                                  f"unit '{unit_folder(path)}'", path=path)


@rule("G002", "editor-only", E, "repo")
def editor_only(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """Someone other than an editor changes a file that only editors may change.

    ## What it does
    In a pull request, reports every changed path that the author may not
    change: a unit's members change only what `review.member_paths` in
    `bulletin.yml` allows them (by default their unit's folder under `items/`,
    items and media); everything else — editions and leader responses
    (`bulletins/`), the assessment ledger (`assessment/`), the policy
    (`bulletin.yml`), the site (`mkdocs.yml`, `docs/`, `overrides/`), the CI
    (`.github/`, `.gitlab-ci.yml`), the tool (`pyproject.toml`, `scripts/`,
    `src/`) and any other path — is the editors' alone. The editors, units and
    `member_paths` are read from `bulletin.yml` as the base (REF) has it, so a
    branch cannot grant itself a permission.

    ## Why
    Merging an edition publishes it, the ledger deducts points from units, the
    policy decides who may do what, and the site's configuration and the CI run
    code when the bulletin is built: all are the editors' responsibility alone.

    ## Example
    A staff member's branch that adds `bulletins/2026/048.yml`, adds
    `hooks:` to `mkdocs.yml`, or adds its author to `editors:` in `bulletin.yml`.
    （报送单位人员在分支中新增刊期、修改 `mkdocs.yml` 或把自己加入 `editors:`。）

    ## Use instead
    Send the item; an editor composes the edition and changes the configuration.
    （编辑部负责组刊和配置；报送单位只提交信息。）
    """
    for code, path, policy, review, blocked in _refused(repo):
        if code == "G002":
            editors = ", ".join(policy.editors[:3]) + (", ..." if len(policy.editors) > 3 else "")
            mine = "; ".join(f"{login} may change {allowed_paths(policy, review, login)}"
                             for login in blocked)
            yield Finding("G002", f"only editors ({editors or 'none in the policy'}) may change "
                                  f"{path}; {mine}", path=path)


@rule("G005", "author-unit", E, "repo")
def author_unit(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A new item names a unit its author does not belong to.

    ## What it does
    In a pull request by a unit's staff, reports a new item whose `unit`
    field is not one of the author's units (as the base's `bulletin.yml` has them).

    ## Why
    The unit field decides whose item it is in the assessment; filing under
    another unit's name moves credit (or blame).

    ## Example
    `zhang.san` (water bureau) adds an item with `unit: health`.

    ## Use instead
    `unit: water` — or ask the health commission to file it.
    """
    judged = _staff_review(repo)
    if judged is None:
        return
    review, policy, staff = judged
    by_path = {item.path: item for item in repo.items_where(review.changes.added.__contains__)}
    for path in sorted(review.changes.added):
        item = by_path.get(path)
        if item is None or not item.unit:
            continue
        outsiders = [login for login in staff if item.unit not in review.units_of(policy, login)]
        if outsiders:
            pos = item.where("unit")
            verb = "is not a member" if len(outsiders) == 1 else "are not members"
            yield Finding("G005", f"{', '.join(outsiders)} {verb} of unit '{item.unit}'",
                          pos.line, pos.column, path=path)


@rule("G006", "unknown-author", W, "repo")
def unknown_author(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """The pull request's author is not in the policy.

    ## What it does
    Reports an author who is neither an editor nor a member of any unit in
    `bulletin.yml` (as the base has it).

    ## Why
    Permissions follow the policy's `members` and `editors`; an unknown author
    can change nothing on their own behalf, and is probably missing from it.

    ## Example
    A new staff member opens their first pull request.

    ## Use instead
    An editor adds the forge login to the unit's `members` in `bulletin.yml`.
    """
    review = review_of(repo)
    if review is None:
        return
    policy = review.judge(repo)
    for login in review.staff(policy):
        if not review.units_of(policy, login):
            yield Finding("G006", f"'{login}' is not an editor or a member of any unit; "
                                  "add them to bulletin.yml", path=POLICY_FILE)
