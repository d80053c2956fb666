"""E — leader responses: to a published item, after the edition that published it."""

from __future__ import annotations

from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Repository
from ....text import did_you_mean
from ..registry import Context, rule

E, W = Severity.ERROR, Severity.WARNING


@rule("E007", "response-unpublished", E, "repo")
def response_unpublished(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A leader response names an item that is not in any edition.

    ## What it does
    Checks that each entry of `responses.yml` names an existing item that an
    edition has published.

    ## Why
    Leaders respond to what they read in an edition; a response to an
    unknown or unpublished item is a typo, and it would be counted for the
    wrong unit.

    ## Example
    ```yaml
    - item: 2026-11-18-reservoir-level-fall
    ```

    ## Use instead
    ```yaml
    - item: 2026-11-18-reservoir-levels-fall
    ```
    """
    by_id = repo.items_by_id()
    published = repo.editions_of()
    for response in repo.responses:
        if not response.item:
            continue
        pos = response.where("item")
        if response.item not in by_id:
            yield Finding("E007", f"no item '{response.item}'{did_you_mean(response.item, by_id)}",
                          pos.line, pos.column, path=response.path)
        elif response.item not in published:
            yield Finding("E007", f"'{response.item}' is not in any edition yet",
                          pos.line, pos.column, path=response.path)


@rule("E008", "response-before-edition", W, "repo")
def response_before_edition(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A leader response is dated before the first edition that published the item.

    ## What it does
    Compares a response's `date` with the date of the edition listing its item.

    ## Why
    A response usually follows publication; an earlier date is most often a
    typo, and it skews the response times the assessment reports.

    ## Example
    A response dated 2026-11-19 to an item published on 2026-11-20.
    （批示日期 2026-11-19，而刊发该信息的期刊是 2026-11-20。）

    ## Use instead
    The date the leader wrote the instruction.
    """
    published = repo.editions_of()
    for response in repo.responses:
        editions = published.get(response.item or "")
        first = editions[0] if editions else None
        if first and first.date and response.date and response.date < first.date:
            pos = response.where("date")
            yield Finding("E008", f"dated {response.date}, before edition {first.id} "
                                  f"({first.date}) published the item",
                          pos.line, pos.column, path=response.path)
