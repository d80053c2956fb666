"""C008: personal details that are not numbers, in an item not cleared for personal data.

The detectors are :func:`bulletin.check.pii.people.find_personal_details`; the level
that may hold them is C002's (its ``min_level``, by default the repository's top
level). A message names the kind of detail, never the detail.
"""

from __future__ import annotations

from collections.abc import Iterator

from ....diagnostics import Finding, Severity
from ....model import Item
from ...pii.people import find_personal_details
from ..registry import Context, Option, rule
from .locate import MAX_PER_ITEM, Positions
from .personal_data import _min_level

W = Severity.WARNING


def _personal_data_level(ctx: Context) -> object:
    """C002's ``min_level`` as the policy sets it (by code or name), if it does."""
    for key in ("C002", "personal-data"):
        setting = ctx.policy.rules.get(key)
        if isinstance(setting, dict) and setting.get("min_level"):
            return setting["min_level"]
    return None


@rule("C008", "personal-details", W, "item",
      options=(Option("min_level", "", "Lowest level whose items may hold personal details "
                                       "(default: C002's, else the repository's top level)."),))
def personal_details(item: Item, ctx: Context) -> Iterator[Finding]:
    """A person described so that they can be found, in an item not cleared for it.

    ## What it does
    In items classified below `min_level` (by default the level C002 allows,
    else the repository's top level), reports in the title, summary and body:

    - a person named, or standing as 王某, with sex or age: “王某（男，45岁，
      石桥镇岔口村人）”, "Kyle Brandt, 29, of Pine Hollow";
    - a home address: a flat's building, unit and room (“3栋2单元501室”),
      “家住建设路56号”, "the family home at 77 Juniper Lane";
    - a vehicle's number plate: “青A·7K329”, "Ohio plate JKR 4417".

    ## Why
    A name with an age and a village, a room number or a plate finds one
    person as surely as an identity number — personal information protection
    law treats them alike — and a bulletin item is read by every unit and
    kept for years. The *confidential* criterion: nothing a reader does not
    need about a private person.

    ## Example
    “其中王某（男，45岁，石桥镇岔口村人）持木棍将邻居李某打伤。”
    "The driver, Kyle Brandt, 29, of Pine Hollow, was arrested."
    “曝光违停车辆：青A·7K329（累计违停11次）。”

    ## Use instead
    “一村民持木棍将邻居打伤，已被刑事拘留。” / "The driver, a Pine Hollow man,
    was arrested." / “曝光违停车辆3辆，车主已被通知到交警大队处理。” — or
    classify the item at the level that may hold personal data.
    """
    option = ctx.options.get("min_level") or _personal_data_level(ctx)
    level = _min_level(ctx.policy, option)
    if ctx.policy.level_rank(item.classification) >= ctx.policy.level_rank(level):
        return
    advice = f"personal details belong only in {level} items"
    for field in ("title", "summary"):
        for detail in find_personal_details(getattr(item, field) or "")[:1]:
            pos = item.where(field)
            yield Finding("C008", f"{detail.what} in the {field}; {advice}", pos.line,
                          pos.column)
    found = find_personal_details(item.body)
    at = Positions(item.body, item.body_line)
    for detail in found[:MAX_PER_ITEM]:
        line, column = at(detail.start)
        yield Finding("C008", f"{detail.what} in the body; {advice}", line, column)
