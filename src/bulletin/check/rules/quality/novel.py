"""Q2xx *novel*, item by item: Q202 reports an event too old to be news.

Q201, which compares items with each other, is
:mod:`bulletin.check.rules.quality.near_duplicate`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ..registry import Context, rule

W = Severity.WARNING


@rule("Q202", "stale-event", W, "item")
def stale_event(item: Item, ctx: Context) -> Iterator[Finding]:
    """The event is too old to be news.

    ## What it does
    Compares `event_date` with the filing `date`, and reports an event more
    than the category's `news_days` before it (bulletin.yml; 30 days by
    default, 2 for emergencies).

    ## Why
    Leaders need to hear of events while they can still act: the *novel*
    criterion. An old event needs a new angle — what has changed since.

    ## Example
    ```yaml
    date: 2026-11-18
    event_date: 2025-11-20
    ```

    ## Use instead
    Report what is new — "A year after the landslide, 40 of 62 households
    are rehoused" / “滑坡一年后，62户中已有40户安置” — dated now, or file
    within the category's window.
    """
    if not (item.date and item.event_date):
        return
    category = ctx.policy.categories.get(item.category or "")
    limit = category.news_days if category else 30
    age = (item.date - item.event_date).days
    if age > limit:
        pos = item.where("event_date")
        yield Finding("Q202", f"the event is {age} days older than the filing date; "
                              f"'{item.category}' items are news for {limit} days",
                      pos.line, pos.column)
