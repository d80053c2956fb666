"""S — structure: where files live, what they are called, ids, sections, dates."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from ...diagnostics import Finding, Severity
from ...model import Edition, Item, Repository
from ...text import did_you_mean
from .registry import Context, Option, lookup, rule

E, W = Severity.ERROR, Severity.WARNING
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
ITEM_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)\Z")


@rule("S010", "file-location", E, "item")
def file_location(item: Item, ctx: Context) -> Iterator[Finding]:
    """An item is not in its unit's folder for its year.

    ## What it does
    Checks that an item lives at `items/<unit>/<YYYY>/`, where `<unit>` is
    the item's `unit` and `<YYYY>` the year of its `date`.

    ## Why
    The folder is how reviewers, CODEOWNERS and the review rules know whose
    item it is; an item in another unit's folder is reviewed by the wrong
    people and counted for the wrong unit.

    ## Example
    `items/health/2026/2026-11-18-reservoir-levels-fall.md` with `unit: water`.

    ## Use instead
    `items/water/2026/2026-11-18-reservoir-levels-fall.md` (`git mv` keeps
    the history; the id stays the same).
    """
    parts = item.path.split("/")
    if len(parts) != 4:
        yield Finding("S010", f"items live at items/<unit>/<YYYY>/<file>.md, not {item.path}")
        return
    _, folder_unit, folder_year, _ = parts
    if item.unit in ctx.policy.units and folder_unit != item.unit:
        pos = item.where("unit")
        yield Finding("S010", f"unit is '{item.unit}' but the item is in the folder of unit "
                              f"'{folder_unit}'; move it to items/{item.unit}/",
                      pos.line, pos.column)
    if item.date and folder_year != str(item.date.year):
        pos = item.where("date")
        yield Finding("S010", f"dated {item.date.year} but filed under {folder_year}/; move it "
                              f"to items/{folder_unit}/{item.date.year}/", pos.line, pos.column)


@rule("S011", "file-name", E, "item")
def file_name(item: Item, ctx: Context) -> Iterator[Finding]:
    """An item's file name does not follow `<YYYY-MM-DD>-<slug>.md`.

    ## What it does
    Checks that the file name starts with the item's `date` and that the slug
    after it is lower-case ASCII letters, digits and single hyphens.

    ## Why
    The file name is the item's id and its web address: it must be stable,
    readable in any tool, and sort by date.

    ## Example
    `items/water/2026/Reservoir Levels.md`, or `2026-11-17-reservoir.md` for an
    item dated 2026-11-18.

    ## Use instead
    `items/water/2026/2026-11-18-reservoir-levels-fall.md` — `bulletin new`
    picks the name for you (pinyin for a Chinese title).
    """
    m = ITEM_NAME.match(item.id)
    if not m:
        yield Finding("S011", f"file name '{item.id}.md' should be <YYYY-MM-DD>-<slug>.md")
        return
    prefix, slug = m.groups()
    if item.date and prefix != item.date.isoformat():
        pos = item.where("date")
        yield Finding("S011", f"file name starts with {prefix} but the item is dated "
                              f"{item.date.isoformat()}", pos.line, pos.column)
    if not SLUG.match(slug):
        yield Finding("S011", f"slug '{slug}' should be lower-case ASCII letters, digits and "
                              "hyphens")


@rule("S012", "duplicate-id", E, "repo")
def duplicate_id(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """Two items have the same id.

    ## What it does
    Reports every item whose file name (its id) is also used by another item
    anywhere under `items/`, in any unit's folder.

    ## Why
    Editions and responses name items by id; two items with one id make every
    reference ambiguous and one of them unreachable on the site.

    ## Example
    `items/water/2026/2026-11-18-flood-warning.md` and
    `items/emergency/2026/2026-11-18-flood-warning.md`.

    ## Use instead
    Give one of them a more specific slug:
    `2026-11-18-flood-warning-xishan-reservoir.md`.
    """
    by_id = repo.items_by_id()
    for item_id in sorted(repo.duplicate_ids()):
        items = by_id[item_id]
        for item in items:
            if ctx.wanted(item.path):
                others = ", ".join(o.path for o in items if o is not item)
                yield Finding("S012", f"id '{item_id}' is also used by {others}", path=item.path)


@rule("S019", "required-section", E, "item", criterion="comprehensive")
def required_section(item: Item, ctx: Context) -> Iterator[Finding]:
    """An item lacks a section its category requires.

    ## What it does
    Checks that the body has a level-2 heading (`## ...`) for each section
    the category lists under `sections` in `bulletin.yml`, in that order.
    Any of a section's alternative headings will do (e.g. `Problem` or `问题`).

    ## Why
    Leaders read a problem report for the problem, its causes and what to
    do; a fixed shape lets them find each part at a glance.

    ## Example
    A *problem* item with `## Problem` and `## Suggestions` but no causes.

    ## Use instead
    ```markdown
    ## Problem
    ## Causes
    ## Suggestions
    ```
    """
    category = ctx.policy.categories.get(item.category or "")
    if category is None or not category.sections:
        return
    found = [h.text.casefold() for h in item.headings]
    position = 0
    for alternatives in category.required_sections:
        names = {a.casefold() for a in alternatives}
        index = next((i for i, h in enumerate(found) if h in names), None)
        if index is None:
            yield Finding("S019", f"missing section '## {alternatives[0]}' required for "
                                  f"category '{item.category}'", item.body_line, 1)
        elif index < position:
            line = item.headings[index].line
            yield Finding("S019", f"section '## {alternatives[0]}' is out of order", line, 1)
        else:
            position = index


@rule("S020", "invalid-suppression", E, "item")
def invalid_suppression(item: Item, ctx: Context) -> Iterator[Finding]:
    """A suppression has no reason or names no rule.

    ## What it does
    Checks each entry under `suppress:` in an item's front matter (the key
    must be a rule code or name, the value a reason), and each inline
    `<!-- bulletin-ignore CODE: reason -->` in its body. Inline, alone on a
    line, it silences the rule for the paragraph below; after text, for that
    line.

    ## Why
    A silenced rule is a decision an editor should be able to read and
    question; without a reason it is just a way around the check.

    ## Example
    ```yaml
    suppress:
      S019:
    ```

    ## Use instead
    ```yaml
    suppress:
      S019: a one-paragraph flash; the full report follows tomorrow
    ```
    """
    for key, reason in item.suppress.items():
        pos = item.meta.where_key("suppress", key)
        if lookup(key) is None:
            yield Finding("S020", f"suppress names '{key}', which is not a rule",
                          pos.line, pos.column)
        elif not reason.strip():
            yield Finding("S020", f"suppressing {key} needs a reason", pos.line, pos.column)
    for d in item.directives:
        if lookup(d.rule) is None:
            yield Finding("S020", f"bulletin-ignore names '{d.rule}', which is not a rule",
                          d.line, d.column)
        elif not d.reason:
            yield Finding("S020", f"bulletin-ignore {d.rule} needs a reason: "
                                  f"<!-- bulletin-ignore {d.rule}: why -->", d.line, d.column)


@rule("S021", "unused-suppression", W, "load")
def unused_suppression(_: object, __: Context) -> Iterable[Finding]:
    """A `suppress` entry silences nothing.

    ## What it does
    Reports an entry under `suppress:` whose rule raised nothing in the item.

    ## Why
    Stale suppressions hide the next real problem of the same kind.

    ## Example
    ```yaml
    suppress:
      S019: flash report  # the item now has all its sections
    ```

    ## Use instead
    Delete the entry.
    """
    return ()


@rule("S022", "unknown-correction", E, "item", per_file=False)
def unknown_correction(item: Item, ctx: Context) -> Iterator[Finding]:
    """`corrects` does not name an earlier item.

    ## What it does
    Checks that `corrects` names an existing item other than this one, filed
    on or before this item's date.

    ## Why
    A correction is shown on the item it corrects; a wrong id leaves the
    wrong figure standing without notice.

    ## Example
    ```yaml
    corrects: 2026-11-10-reservoir-level
    ```
    (the item is `2026-11-10-reservoir-levels`.)

    ## Use instead
    ```yaml
    corrects: 2026-11-10-reservoir-levels
    ```
    """
    if not item.corrects:
        return
    pos = item.where("corrects")
    targets = ctx.repo.items_by_id().get(item.corrects)
    if item.corrects == item.id:
        yield Finding("S022", "an item cannot correct itself", pos.line, pos.column)
    elif not targets:
        hint = did_you_mean(item.corrects, ctx.repo.items_by_id())
        yield Finding("S022", f"corrects '{item.corrects}', which is not an item{hint}",
                      pos.line, pos.column)
    elif item.date and targets[0].date and targets[0].date > item.date:
        yield Finding("S022", f"corrects '{item.corrects}', which is dated after this item",
                      pos.line, pos.column)


@rule("S023", "empty-body", W, "item")
def empty_body(item: Item, ctx: Context) -> Iterator[Finding]:
    """An item has no body text.

    ## What it does
    Reports an item whose body, below the front matter, is empty.

    ## Why
    A title and a summary are rarely the whole picture; editors need the
    facts, figures and what comes next.

    ## Example
    Front matter followed by nothing.

    ## Use instead
    Write the facts below the front matter; `bulletin new` gives a template.
    """
    if item.meta.data is not None and not item.body.strip():
        yield Finding("S023", "the item has no body text", item.body_line, 1)


@rule("S024", "implausible-date", E, "item",
      options=(Option("future_days", 1, "How many days after today a filing date may lie "
                                        "(time zones)."),), per_file=False)
def implausible_date(item: Item, ctx: Context) -> Iterator[Finding]:
    """An item's dates contradict each other or lie in the future.

    ## What it does
    Reports an `event_date` after the filing `date`, and a filing date more
    than `future_days` (default 1) after today.

    ## Why
    Timeliness is measured from these dates; a typo in the year turns a fresh
    item into a stale one, or the reverse.

    ## Example
    ```yaml
    date: 2026-11-18
    event_date: 2026-11-20
    ```

    ## Use instead
    ```yaml
    date: 2026-11-20
    event_date: 2026-11-20
    ```
    """
    if item.date and item.event_date and item.event_date > item.date:
        pos = item.where("event_date")
        yield Finding("S024", f"event_date {item.event_date} is after the filing date "
                              f"{item.date}", pos.line, pos.column)
    limit = ctx.today + dt.timedelta(days=int(ctx.options["future_days"]))
    if item.date and item.date > limit:
        pos = item.where("date")
        yield Finding("S024", f"filed {item.date}, which is in the future", pos.line, pos.column)


@rule("S026", "edition-location", E, "edition")
def edition_location(edition: Edition, ctx: Context) -> Iterator[Finding]:
    """An edition manifest is not at `bulletins/<YYYY>/<NNN>.yml`, or at
    `bulletins/<publication>/<YYYY>/<NNN>.yml` for a publication the policy declares.

    ## What it does
    Checks that a manifest lives in the folder of its year (inside the folder of
    its publication, when the office has several) and is named by its
    three-digit number.

    ## Why
    The path is the edition's id (`2026-047`, `daily/2026-047`), used in
    addresses, exports and `bulletin export`; a publication folder that
    `bulletin.yml` does not declare is a typo whose editions would be numbered
    and counted apart from the publication they belong to.

    ## Example
    `bulletins/2026/edition-47.yml`, `bulletins/2025/047.yml` dated 2026, or
    `bulletins/dialy/2026/003.yml` when the publication is `daily`.
    （`bulletins/meiri/2026/003.yml`，而 bulletin.yml 中的刊物是 `daily`。）

    ## Use instead
    `bulletins/2026/047.yml`, `bulletins/daily/2026/003.yml` — `bulletin edition
    new [--publication KEY]` picks the name for you.
    """
    parts = edition.path.split("/")
    publications = list(ctx.policy.publications)
    if len(parts) == 4 and re.fullmatch(r"\d{4}", parts[2]) and parts[1] not in publications:
        hint = did_you_mean(parts[1], publications) or (
            f" (one of: {', '.join(publications)})" if publications else
            "; declare it under publications: in bulletin.yml")
        yield Finding("S026", f"'{parts[1]}' is not a publication of this bulletin{hint}")
        return
    if len(parts) not in (3, 4) or not re.fullmatch(r"\d{4}", parts[-2]) or not re.fullmatch(
            r"\d{3,}\.yml", parts[-1]):
        where = "bulletins/<YYYY>/<NNN>.yml (e.g. bulletins/2026/047.yml)"
        if publications:
            where += f" or bulletins/<publication>/<YYYY>/<NNN>.yml (e.g. bulletins/" \
                     f"{publications[0]}/2026/047.yml)"
        yield Finding("S026", f"edition manifests live at {where}, not {edition.path}")
    elif edition.date and parts[-2] != str(edition.date.year):
        pos = edition.where("date")
        folder = "/".join(parts[:-1])
        yield Finding("S026", f"dated {edition.date.year} but filed under {folder}/",
                      pos.line, pos.column)


@rule("S027", "tracked-cache", E, "repo")
def tracked_cache(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """A file is committed where bulletin keeps caches.

    ## What it does
    Reports every file git tracks under the folders `.bulletin-cache`,
    `.bulletin-ci-cache` or `.bulletin-previous-*` of the repository, or under
    the folder `BULLETIN_CACHE_DIR` names when that lies inside it.

    ## Why
    A cache is trusted because this machine wrote it: a compiled template runs
    as code, a parsed item says which audience may read it. A cache that
    arrives by commit was written by whoever made the commit. bulletin keeps
    its caches outside the repository and never reads such a file, but it has
    no business in the bulletin, and a pull request that adds one is hostile
    or mistaken.

    ## Example
    `.bulletin-cache/templates/theme/3f2a…-main.html.cache` or
    `.bulletin-cache/published/9c1e….json` in a pull request.
    （拉取请求中提交了 `.bulletin-cache/repository.bin` 等缓存文件。）

    ## Use instead
    Remove it from git (`git rm -r --cached .bulletin-cache`) and commit; the
    caches live in `~/.cache/bulletin/` (or `$BULLETIN_CACHE_DIR`).
    （缓存不进入版本库：用 `git rm -r --cached .bulletin-cache` 移除后提交。）
    """
    # (no ctx.wanted: the focus holds items and manifests; the engine keeps what a pull
    # request changed)
    for path in repo.tracked_caches:
        yield Finding("S027", "a cache file is committed to git; bulletin never reads it "
                              "(caches live outside the repository): remove it with "
                              "'git rm --cached'", path=path)
