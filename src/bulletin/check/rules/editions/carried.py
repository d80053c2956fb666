"""E — what an edition may carry: known items, once per publication, cleared for its
audience, out of embargo, filed before it, in non-empty sections; flashes; and what its
publication allows."""

from __future__ import annotations

from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Edition, Item, Repository
from ....text import did_you_mean
from ..registry import Context, Option, rule

E, W = Severity.ERROR, Severity.WARNING


def _listed(edition: Edition, ctx: Context) -> Iterator[tuple[Item, int, int]]:
    """The known items an edition lists, with the position of each reference."""
    by_id = ctx.repo.items_by_id()
    for item_id, pos in edition.item_refs():
        for item in by_id.get(item_id, [])[:1]:
            yield item, pos.line, pos.column


@rule("E001", "unknown-item", E, "edition")
def unknown_item(edition: Edition, ctx: Context) -> Iterator[Finding]:
    """An edition lists an item that does not exist.

    ## What it does
    Checks every id under `sections: … items:` against the items in the
    repository.

    ## Why
    Publishing an edition with a hole in it, or with the wrong item, is the
    one mistake readers always see.

    ## Example
    ```yaml
    items: [2026-11-18-reservoir-level-fall]
    ```

    ## Use instead
    ```yaml
    items: [2026-11-18-reservoir-levels-fall]
    ```
    (the id is the item's file name without `.md`; merge the item first.)
    """
    by_id = ctx.repo.items_by_id()
    for item_id, pos in edition.item_refs():
        if item_id not in by_id:
            yield Finding("E001", f"no item '{item_id}'{did_you_mean(item_id, by_id)}",
                          pos.line, pos.column)


@rule("E002", "already-published", E, "repo")
def already_published(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """An item is listed by more than one edition of a publication, or twice in one.

    ## What it does
    Reports every listing of an item after its first within one publication
    (by year and number). An office with several publications (`publications:`
    in `bulletin.yml`) may carry one item once in each: adoption by several
    publications adds up in the assessment (多刊采用累加).

    ## Why
    An item appears at most once in a publication: a repeat wastes the
    leaders' time and counts twice in the assessment.

    ## Example
    Edition 2026-046 and 2026-047 both list `2026-11-18-reservoir-levels-fall`.
    （每日要情第46期和第47期都编入了同一条信息。）

    ## Use instead
    Remove it from the later edition, or file a follow-up item with what is new.
    Another publication (`proposals/2026-003`) may carry it.
    """
    seen: dict[tuple[str, str], str] = {}
    for edition in sorted(repo.editions, key=_order):
        ids = edition.item_ids()
        series = edition.series
        clean = len(set(ids)) == len(ids) and not any((series, i) in seen for i in ids)
        if clean or not ctx.wanted(edition.path):
            for item_id in ids:
                seen.setdefault((series, item_id), edition.id)
            continue  # nothing to report here: the positions need not be read
        for item_id, pos in edition.item_refs():
            first = seen.get((series, item_id))
            if first is None:
                seen[(series, item_id)] = edition.id
                continue
            where = "earlier in this edition" if first == edition.id else f"in edition {first}"
            once = " (once per publication)" if ctx.policy.publications else ""
            yield Finding("E002", f"'{item_id}' is already published {where}{once}",
                          pos.line, pos.column, path=edition.path)


def _order(edition: Edition) -> tuple[str, str, int, str]:
    return edition.series, edition.year, edition.number or 0, edition.id


@rule("E003", "audience-exceeded", E, "edition")
def audience_exceeded(edition: Edition, ctx: Context) -> Iterator[Finding]:
    """An item is classified above the edition's audience.

    ## What it does
    Compares each item's `classification` with the edition's `audience`,
    using the order of `levels` in `bulletin.yml`.

    ## Why
    The edition goes to everyone cleared for its audience; a restricted item
    in an internal edition leaks to readers who may not see it.

    ## Example
    A `restricted` item in an edition with `audience: internal`.

    ## Use instead
    Move the item to a restricted edition, or have its unit declassify it.
    """
    policy = ctx.policy
    limit = policy.level_rank(edition.audience)
    if limit < 0:
        return
    for item, line, column in _listed(edition, ctx):
        if policy.level_rank(item.classification) > limit:
            yield Finding("E003", f"'{item.id}' is {item.classification}, above this "
                                  f"edition's audience '{edition.audience}'", line, column)


@rule("E006", "embargo-after-edition", E, "edition")
def embargo_after_edition(edition: Edition, ctx: Context) -> Iterator[Finding]:
    """An edition carries an item still under embargo on its date.

    ## What it does
    Compares each item's `embargo` with the edition's date (in the policy's
    time zone).

    ## Why
    An embargo is a promise to the source; publishing early breaks it.

    ## Example
    An item with `embargo: 2026-11-21T09:00:00+08:00` in the edition of
    2026-11-20.

    ## Use instead
    Carry the item in a later edition.
    """
    if edition.date is None:
        return
    tz = ctx.policy.tz
    for item, line, column in _listed(edition, ctx):
        if item.embargo and item.embargo.astimezone(tz).date() > edition.date:
            yield Finding("E006", f"'{item.id}' is embargoed until "
                                  f"{item.embargo.isoformat()}, after this edition's date "
                                  f"{edition.date}", line, column)


@rule("E009", "item-after-edition", E, "edition")
def item_after_edition(edition: Edition, ctx: Context) -> Iterator[Finding]:
    """An edition carries an item filed after the edition's date.

    ## What it does
    Compares each item's filing `date` with the edition's `date`.

    ## Why
    An edition cannot publish what had not been written; one of the two
    dates is wrong.

    ## Example
    The edition of 2026-11-20 lists an item dated 2026-11-21.

    ## Use instead
    Correct the date, or carry the item in a later edition.
    """
    if edition.date is None:
        return
    for item, line, column in _listed(edition, ctx):
        if item.date and item.date > edition.date:
            yield Finding("E009", f"'{item.id}' is dated {item.date}, after this edition "
                                  f"({edition.date})", line, column)


@rule("E010", "empty-edition", E, "edition")
def empty_edition(edition: Edition, ctx: Context) -> Iterator[Finding]:
    """A section of an edition lists no items.

    ## What it does
    Reports a section with no items (an edition without sections is reported
    as a missing required field).

    ## Why
    An empty section prints as a bare heading in front of a leader.

    ## Example
    ```yaml
    sections:
      - title: Proposals
        items: []
    ```

    ## Use instead
    Remove the section, or add the items it was meant for.
    """
    for section in edition.sections:
        if not section.items:
            pos = edition.where("sections", section.index)
            yield Finding("E010", f"section '{section.title}' lists no items",
                          pos.line, pos.column)


@rule("E011", "flash-edition", W, "edition",
      options=(Option("max_items", 3, "Most items a flash edition may carry."),))
def flash_edition(edition: Edition, ctx: Context) -> Iterator[Finding]:
    """A flash edition carries routine items or too many items.

    ## What it does
    For `type: flash`, reports items whose priority is not `urgent`, and more
    than `max_items` (default 3) items.

    ## Why
    A flash goes out at once, outside the regular rhythm, to be read within
    the hour; routine news in it teaches readers to ignore flashes.

    ## Example
    A flash edition with a routine situation report.

    ## Use instead
    Carry routine items in the next regular edition.
    """
    if edition.type != "flash":
        return
    listed = list(_listed(edition, ctx))
    for item, line, column in listed:
        if item.priority and item.priority != "urgent":
            yield Finding("E011", f"'{item.id}' is {item.priority}; a flash edition carries "
                                  "urgent items", line, column)
    limit = int(ctx.options["max_items"])
    if len(edition.item_refs()) > limit:
        pos = edition.where("sections")
        yield Finding("E011", f"a flash edition carries at most {limit} items, this one "
                              f"{len(edition.item_refs())}", pos.line, pos.column)


@rule("E014", "publication-mismatch", E, "edition")
def publication_mismatch(edition: Edition, ctx: Context) -> Iterator[Finding]:
    """An edition's type or audience is not one its publication has.

    ## What it does
    For an office with several publications (`publications:` in
    `bulletin.yml`), checks that the edition's `type` is among its
    publication's `types` and that its `audience` is not above the
    publication's `audience`.

    ## Why
    Each publication has its own readers and rhythm: a flash in the proposals
    series, or a restricted edition of a publication that goes to every
    internal reader, reaches people it was not meant for.

    ## Example
    `bulletins/proposals/2026/004.yml` with `type: flash`, when `proposals`
    has `types: [regular]`.
    （《政务建议》只有常规期，却出了一期 `type: flash`。）

    ## Use instead
    Put the flash in the publication that has flashes (`bulletin edition new
    --publication daily --type flash`), or give the edition the publication's
    audience.
    """
    spec = ctx.policy.publications.get(edition.publication or "")
    if spec is None:
        return
    name = spec.name
    if edition.type and edition.type not in spec.types:
        pos = edition.where("type")
        yield Finding("E014", f"'{name}' has no {edition.type} editions (its types: "
                              f"{', '.join(spec.types)})", pos.line, pos.column)
    policy = ctx.policy
    if spec.audience and policy.level_rank(edition.audience) > policy.level_rank(spec.audience):
        pos = edition.where("audience")
        yield Finding("E014", f"audience '{edition.audience}' is above '{name}''s readers "
                              f"('{spec.audience}')", pos.line, pos.column)
