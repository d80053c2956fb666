"""E — how editions are numbered: the number and its file, gaps, clashes and order, each
within its publication (and year, unless its numbers run on)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ....config import Policy
from ....diagnostics import Finding, Severity
from ....model import Edition, Repository
from ..registry import Context, rule

E, W = Severity.ERROR, Severity.WARNING


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
    """Edition numbers of a publication skip a number.

    ## What it does
    Within each year (each publication's own, when the office has several;
    over all years for a publication with `numbering: running`), reports
    numbers missing between the lowest and the highest edition number.

    ## Why
    Readers and archivists notice a missing number and ask for it; a gap is
    usually an edition that was never merged.

    ## Example
    `bulletins/2026/045.yml` and `047.yml`, but no `046.yml`.
    （《每日要情》2026年有第45期和第47期，没有第46期。）

    ## Use instead
    Merge the missing edition, or renumber the later one.
    """
    groups: dict[tuple[str, ...], dict[int, Edition]] = {}
    for edition in repo.editions:
        stem = PurePosixPath(edition.path).stem
        if stem.isdigit():
            groups.setdefault(numbering(edition, ctx.policy), {})[int(stem)] = edition
    for group, numbers in sorted(groups.items()):
        missing = sorted(set(range(min(numbers), max(numbers))) - set(numbers))
        if missing:
            after = numbers[max(numbers)]
            listed = ", ".join(str(n) for n in missing[:10]) + (" …" if len(missing) > 10 else "")
            yield Finding("E005", f"{_named(group, ctx.policy)} has no edition No. {listed}",
                          path=after.path)


@rule("E012", "edition-order", W, "repo")
def edition_order(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """Edition numbers and dates disagree.

    ## What it does
    Within each year (and each publication), reports an edition dated before an
    edition with a lower number.

    ## Why
    Numbers follow publication order; a later number with an earlier date is
    a typo in one of them and puts the archive out of order.

    ## Example
    No. 47 dated 2026-11-20 and No. 48 dated 2026-11-18.
    （第48期的日期早于第47期。）

    ## Use instead
    Correct the date or the number.
    """
    dated = sorted((e for e in repo.editions if e.number is not None and e.date is not None),
                   key=lambda e: (numbering(e, ctx.policy), e.number or 0, e.id))
    latest: dict[tuple[str, ...], Edition] = {}
    for edition in dated:
        group = numbering(edition, ctx.policy)
        before = latest.get(group)
        assert edition.date is not None
        if before is not None and before.date and edition.date < before.date:
            pos = edition.where("date")
            yield Finding("E012", f"No. {edition.number} is dated {edition.date}, before "
                                  f"No. {before.number} ({before.date})",
                          pos.line, pos.column, path=edition.path)
        else:
            latest[group] = edition


@rule("E013", "number-clash", E, "repo")
def number_clash(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """Two editions of one publication have the same number.

    ## What it does
    Reports an edition whose publication already has an edition with its
    number (in the same year, or in any year for `numbering: running`): the
    same number in `bulletins/2026/` and in the folder of the first
    publication, or in two years of a running series.

    ## Why
    Readers cite an edition by its number; two editions with one number make
    every citation of it ambiguous.

    ## Example
    `bulletins/2026/012.yml` and `bulletins/daily/2026/012.yml`, when `daily`
    is the first publication (whose editions may live in either folder).
    （《专报》连续编号，2025年和2026年各有一期第12期。）

    ## Use instead
    Keep one of them and renumber the other: `bulletin edition new` gives the
    next free number.
    """
    seen: dict[tuple[tuple[str, ...], int], Edition] = {}
    for edition in sorted(repo.editions, key=lambda e: e.path):
        if edition.number is None:
            continue
        key = (numbering(edition, ctx.policy), edition.number)
        first = seen.setdefault(key, edition)
        if first is not edition:
            pos = edition.where("number")
            yield Finding("E013", f"No. {edition.number} is also {first.path}",
                          pos.line, pos.column, path=edition.path)


def numbering(edition: Edition, policy: Policy) -> tuple[str, ...]:
    """What an edition's number counts within: its publication, and its year unless the
    publication's numbers run on across years."""
    spec = policy.publications.get(edition.publication or "")
    if spec is not None and spec.numbering == "running":
        return (edition.series,)
    return edition.series, edition.year


def _named(group: tuple[str, ...], policy: Policy) -> str:
    """``2026``, ``Proposals 2026`` or ``Special reports``: a numbering group in words."""
    if not policy.publications:
        return group[-1]
    return " ".join([policy.publication_name(group[0]), *group[1:]])
