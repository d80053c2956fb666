"""Which period counts an item: the days it was sent, merged and first adopted, and the
one of them the rule book counts by (``count_by``); and why an item sent in a period
is counted in another.

* **sent** — the author time of the first commit that added the item (as git shows
  it: when the writer filed it for review);
* **merged** — the commit time of the merge into main;
* **adopted** — the date of the first edition of this office that carried it.

Imported items (``imported_until``) and repositories without history take their
front-matter ``date`` for all three but adoption.
"""

from __future__ import annotations

import datetime as dt

from ..config import Policy
from ..git.timeline import Timeline
from ..model import Item
from .period import Period
from .units import Elsewhere, Filed

COUNTED_BY = {"sent": "the day it was sent (its first commit)",
              "merged": "the day it was merged into main",
              "adopted": "the day an edition first adopted it"}


def filed(item: Item, timeline: Timeline, policy: Policy, adopted: dt.date | None,
          adopted_in: str | None) -> Filed | None:
    """The item as filed, or None when it has not reached the history yet."""
    book = policy.assessment
    arrived: dt.datetime | dt.date | None = timeline.arrived.get(item.id)
    merged_at = arrived
    review: float | None = None
    source = "git"
    if isinstance(arrived, dt.datetime):
        if book.imported_until is not None and local(arrived, policy) <= book.imported_until:
            arrived = merged_at = item.date
            source = "front matter (imported)"
        else:
            merged_at = timeline.merged.get(item.id, arrived)
            review = round((merged_at - arrived).total_seconds() / 3600, 1)
    elif not timeline.has_history:
        arrived = merged_at = item.date
        source = "front matter (no history)"
    if arrived is None or merged_at is None:
        return None
    sent, merged = local(arrived, policy), local(merged_at, policy)
    counted = {"sent": sent, "merged": merged, "adopted": adopted}[book.count_by]
    lag = (sent - item.event_date).days if item.event_date else None
    allowed = book.on_time_days.get(item.priority or "", None)
    late = lag is not None and allowed is not None and lag > allowed
    return Filed(item, arrived, counted or dt.date.max, source, lag, late, review, adopted_in,
                 sent=sent, merged=merged, adopted=adopted)


def elsewhere(found: Filed, period: Period, policy: Policy) -> Elsewhere | None:
    """Why an item sent or merged in ``period`` is not counted in it (None when it is,
    or when neither day is in the period)."""
    book = policy.assessment
    if found.counted in period or not (found.sent in period or found.merged in period):
        return None
    assert found.sent is not None
    rule = f"the rule book counts items by {COUNTED_BY[book.count_by]} (count_by: " \
           f"{book.count_by})"
    days = [f"sent {found.sent}"]
    if found.merged is not None and found.merged != found.sent:
        days.append(f"merged {found.merged}")
    if found.counted == dt.date.max:
        return Elsewhere(found.item, found.sent, None,
                         f"{', '.join(days)}; not adopted yet, so not counted: {rule}")
    if found.adopted is not None and book.count_by == "adopted":
        days.append(f"first adopted {found.adopted}")
    when = "after" if found.counted > period.end else "before"
    return Elsewhere(found.item, found.sent, found.counted,
                     f"{', '.join(days)}: counted on {found.counted}, {when} this period; "
                     f"{rule}")


def local(when: dt.datetime | dt.date, policy: Policy) -> dt.date:
    """The day of ``when`` in the policy's time zone."""
    if isinstance(when, dt.datetime):
        return when.astimezone(policy.tz).date()
    return when


def when(arrived: dt.datetime | dt.date, policy: Policy) -> str:
    """``arrived`` as the explanation prints it."""
    if isinstance(arrived, dt.datetime):
        return arrived.astimezone(policy.tz).strftime("%Y-%m-%d %H:%M %z")
    return arrived.isoformat()
