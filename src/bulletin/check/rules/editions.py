"""E — editions: what an edition may carry, numbering, and leader responses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ...diagnostics import Finding, Severity
from ...model import Edition, Item, Repository
from ...text import did_you_mean
from .registry import Context, Option, rule

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
    """An item is listed by more than one edition, or twice in one.

    ## What it does
    Reports every listing of an item after its first (by edition id).

    ## Why
    An item appears in at most one edition: a repeat wastes the leaders' time
    and counts twice in the assessment.

    ## Example
    Edition 2026-046 and 2026-047 both list `2026-11-18-reservoir-levels-fall`.

    ## Use instead
    Remove it from the later edition, or file a follow-up item with what is new.
    """
    seen: dict[str, str] = {}
    for edition in sorted(repo.editions, key=lambda e: e.id):
        ids = edition.item_ids()
        clean = seen.keys().isdisjoint(ids) and len(set(ids)) == len(ids)
        if clean or not ctx.wanted(edition.path):
            seen.update((item_id, edition.id) for item_id in ids if item_id not in seen)
            continue  # nothing to report here: the positions need not be read
        for item_id, pos in edition.item_refs():
            if item_id in seen:
                where = "earlier in this edition" if seen[item_id] == edition.id else \
                    f"in edition {seen[item_id]}"
                yield Finding("E002", f"'{item_id}' is already published {where}",
                              pos.line, pos.column, path=edition.path)
            else:
                seen[item_id] = edition.id


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


@rule("E004", "number-mismatch", E, "edition")
def number_mismatch(edition: Edition, ctx: Context) -> Iterator[Finding]:
    """An edition's `number` differs from its file name.

    ## What it does
    Checks that `number: 47` lives in `047.yml`.

    ## Why
    Readers cite editions by number, the site addresses them by file name;
    the two must agree or two editions can claim the same number.

    ## Example
    `bulletins/2026/047.yml` with `number: 46`.

    ## Use instead
    `number: 47`, or rename the file to `046.yml`.
    """
    stem = PurePosixPath(edition.path).stem
    if edition.number is not None and stem.isdigit() and int(stem) != edition.number:
        pos = edition.where("number")
        yield Finding("E004", f"number is {edition.number} but the file is {stem}.yml",
                      pos.line, pos.column)


@rule("E005", "number-gap", W, "repo")
def number_gap(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """Edition numbers in a year skip a number.

    ## What it does
    Within each year, reports numbers missing between the lowest and the
    highest edition number.

    ## Why
    Readers and archivists notice a missing number and ask for it; a gap is
    usually an edition that was never merged.

    ## Example
    `bulletins/2026/045.yml` and `047.yml`, but no `046.yml`.

    ## Use instead
    Merge the missing edition, or renumber the later one.
    """
    years: dict[str, dict[int, Edition]] = {}
    for edition in repo.editions:
        stem = PurePosixPath(edition.path).stem
        if stem.isdigit():
            years.setdefault(edition.id[:4], {})[int(stem)] = edition
    for year, numbers in sorted(years.items()):
        missing = sorted(set(range(min(numbers), max(numbers))) - set(numbers))
        if missing:
            after = numbers[max(numbers)]
            listed = ", ".join(str(n) for n in missing[:10]) + (" …" if len(missing) > 10 else "")
            yield Finding("E005", f"{year} has no edition No. {listed}", path=after.path)


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
    """A leader response is dated before the edition that published the item.

    ## What it does
    Compares a response's `date` with the date of the edition listing its item.

    ## Why
    A response usually follows publication; an earlier date is most often a
    typo, and it skews the response times the assessment reports.

    ## Example
    A response dated 2026-11-19 to an item published on 2026-11-20.

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


@rule("E012", "edition-order", W, "repo")
def edition_order(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """Edition numbers and dates disagree.

    ## What it does
    Within each year, reports an edition dated before an edition with a lower
    number.

    ## Why
    Numbers follow publication order; a later number with an earlier date is
    a typo in one of them and puts the archive out of order.

    ## Example
    No. 47 dated 2026-11-20 and No. 48 dated 2026-11-18.

    ## Use instead
    Correct the date or the number.
    """
    dated = sorted((e for e in repo.editions if e.number is not None and e.date is not None),
                   key=lambda e: (e.id[:4], e.number or 0))
    latest: dict[str, Edition] = {}
    for edition in dated:
        year = edition.id[:4]
        before = latest.get(year)
        assert edition.date is not None
        if before is not None and before.date and edition.date < before.date:
            pos = edition.where("date")
            yield Finding("E012", f"No. {edition.number} is dated {edition.date}, before "
                                  f"No. {before.number} ({before.date})",
                          pos.line, pos.column, path=edition.path)
        else:
            latest[year] = edition

