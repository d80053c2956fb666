"""Q201 *novel*, across items: an item that repeats another item's text.

A repository rule. The engine finds the pairs, keeping the similarity index
(:mod:`bulletin.check.similarity`), and hands them over in ``Repository.similar``;
the rule words the findings. It is registered after the item rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Repository
from ..registry import Context, Option, rule

W = Severity.WARNING


@rule("Q201", "near-duplicate", W, "repo",
      options=(Option("threshold", 0.7, "Similarity (0-1) from which two items are copies."),
               Option("containment", 0.8, "Share of an item found inside a longer one.")))
def near_duplicate(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """An item repeats another item's text.

    ## What it does
    Compares every item with every other, across units, by the overlap of
    their word (or, in Chinese, character) sequences, with figures and dates
    masked — so a resubmission with a new date, changed figures, a sentence
    moved or a few words added is still recognised, and so is an item copied
    into a longer one. Reports the later of the two, naming the earlier. An
    index kept in the cache (outside the repository) makes the comparison
    fast on large bulletins.

    ## Why
    The *novel* criterion: leaders must not read the same news twice, and an
    item resubmitted by another unit must not be counted twice in the
    assessment.

    ## Example
    The water bureau's “水库水位降至汛限以下” of 18 November, filed again by
    the district on 20 November with the figures updated; or "Reservoir levels
    fall below the flood-season limit" copied into a longer weekly report.

    ## Use instead
    Report what is new since the first item — "Levels have risen 0.4 m since
    our report of 18 November" / “较11月18日报送时回升0.4米” — and refer to it
    (`corrects:` if the first was wrong).
    """
    by_id = repo.items_by_id()
    for match in repo.similar or ():  # found by the engine, which keeps the index
        first, second = by_id[match.a][0], by_id[match.b][0]
        if (second.date or dt.date.min, second.id) < (first.date or dt.date.min, first.id):
            first, second = second, first
        how = (f"{match.similarity:.0%} the same" if match.similarity >= ctx.options["threshold"]
               else f"{match.containment:.0%} of it is in the other")
        yield Finding("Q201", f"near-copy of {first.path} ({how}); report what is new, or "
                              "withdraw it", path=second.path)
