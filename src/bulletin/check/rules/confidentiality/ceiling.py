"""C001: nothing classified above the repository's ceiling may be stored in it."""

from __future__ import annotations

from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Repository
from ..registry import Context, rule

E = Severity.ERROR


@rule("C001", "classification-ceiling", E, "repo")
def classification_ceiling(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """An item or edition is classified above what this repository may hold.

    ## What it does
    Compares an item's `classification` and an edition's `audience` with the
    `ceiling` in `bulletin.yml` (by default the highest of the `levels`) and
    reports any that is higher.

    ## Why
    A repository lives on a system cleared up to one level. Anything above it
    must never be stored there: not in a file, not in a branch, not in the
    history. The check runs on every push so that a mistake is caught before
    it is merged and copied to every clone.

    ## Example
    With `ceiling: internal` in `bulletin.yml`:
    ```yaml
    classification: restricted
    ```

    ## Use instead
    Do not file the item here. Remove the file from the branch and its
    history, tell the editors, and send the material through the channel
    cleared for its level. If the item was classified too high by mistake,
    correct it: `classification: internal`.
    （密级高于本仓库上限的信息不得在此报送，应通过相应密级的渠道报送。）
    """
    top = ctx.policy.top
    ceiling = ctx.policy.level_rank(top)
    for item in repo.items_where(ctx.focus):
        if ctx.policy.level_rank(item.classification) > ceiling:
            pos = item.where("classification")
            yield Finding("C001", f"classified '{item.classification}', above this repository's "
                                  f"ceiling '{top}': it may not be stored here; remove it from "
                                  "the branch and its history and tell the editors",
                          pos.line, pos.column, path=item.path)
    for edition in repo.editions:
        if ctx.policy.level_rank(edition.audience) > ceiling:
            pos = edition.where("audience")
            yield Finding("C001", f"audience '{edition.audience}' is above this repository's "
                                  f"ceiling '{top}': no edition here may be made for it",
                          pos.line, pos.column, path=edition.path)
