"""IPTC ninjs 2.1 (News in JSON) for offices not on git and for newsroom systems.

An item becomes one ninjs object; an edition a ``composite`` whose associations are
its items, composed for the edition's own audience. The mapping:

=========================  ===============================================================
ninjs                      bulletin
=========================  ===============================================================
uri                        ``urn:bulletin:<office>:item:<id>`` (``…:edition:<id>``)
firstcreated               the item's ``date``
versioncreated             its withdrawal date when withdrawn, else its ``date``
contentcreated             ``event_date``
embargoed                  ``embargo``
pubstatus                  ``usable``; ``withheld`` for a withdrawn item
urgency                    priority: urgent 1, important 3, routine 5
headlines / descriptions   title / summary (role ``summary``)
bodies                     the body as the site renders it: sanitised HTML
language                   the policy's ``language``
located, places            ``region``
subjects                   the category (rel ``category``) and tags (rel ``tag``)
infosources                ``sources`` (role ``source``) and the unit (role ``originator``)
by                         ``authors``
altids                     the item id (role ``bulletin:id``); of a relayed item, its
                           source (role ``bulletin:relayed-from``, ``office/item@commit``)
associations               a relayed item's source (name ``relayed-from``, with its
                           SHA-256 in altids); a correction's corrected item (``corrects``)
rightsinfo                 the classification extension: ``langid`` is
                           ``urn:bulletin:classification``, ``encodedrights`` the level
usageterms                 the classification in words
=========================  ===============================================================

ninjs 2.1 admits no properties of its own at the top level, so the classification
travels as a rights expression of a language of ours (``rightsinfo``), which every
ninjs reader keeps; ``import --format ninjs`` requires it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..config import Policy
from ..model import Item
from ..site.markdown import BodyRenderer

CLASSIFICATION_LANG = "urn:bulletin:classification"
URGENCY = {"urgent": 1, "important": 3, "routine": 5}
RELAYED = "bulletin:relayed-from"


def item_uri(office: str, item_id: str) -> str:
    return f"urn:bulletin:{office}:item:{item_id}"


def _office(policy: Policy) -> str:
    return policy.office.id if policy.office is not None else "local"


def _stamp(day: dt.date | dt.datetime | None, policy: Policy) -> str | None:
    if day is None:
        return None
    when = day if isinstance(day, dt.datetime) else \
        dt.datetime.combine(day, dt.time(), tzinfo=policy.tz)
    return when.isoformat()


def item_ninjs(item: Item, policy: Policy, renderer: BodyRenderer | None = None) -> dict[str, Any]:
    """One item as a ninjs 2.1 object."""
    renderer = renderer or BodyRenderer(tuple(policy.intranet_hosts))
    office = _office(policy)
    html = renderer.render(item.body, item.path).html
    unit = policy.units.get(item.unit or "")
    category = policy.categories.get(item.category or "")
    level = item.classification or policy.levels[0]
    out: dict[str, Any] = {
        "uri": item_uri(office, item.id), "type": "text", "representationtype": "full",
        "firstcreated": _stamp(item.date, policy),
        "versioncreated": _stamp(item.withdrawn or item.date, policy),
        "contentcreated": _stamp(item.event_date, policy),
        "embargoed": _stamp(item.embargo, policy),
        "pubstatus": "withheld" if item.withdrawn else "usable",
        "urgency": URGENCY.get(item.priority or "routine", 5),
        "language": policy.language,
        "headlines": [{"value": item.title or item.id}],
        "descriptions": [{"role": "summary", "value": item.summary}] if item.summary else None,
        "bodies": [{"contenttype": "text/html", "value": html,
                    "charcount": len(item.body)}],
        "by": ", ".join(item.authors) or None,
        "located": item.region,
        "places": [{"name": item.region}] if item.region else None,
        "subjects": ([{"name": category.name if category else item.category,
                       "rel": "category", "literal": item.category}] if item.category else [])
        + [{"name": tag, "rel": "tag"} for tag in item.tags] or None,
        "infosources": [{"name": s, "role": "source"} for s in item.sources]
        + ([{"name": unit.name, "role": "originator", "literal": item.unit}] if unit else [])
        or None,
        "altids": [{"role": "bulletin:id", "value": item.id}],
        "rightsinfo": {"langid": CLASSIFICATION_LANG, "encodedrights": level},
        "usageterms": f"Classification: {level}. Not to be passed to a wider audience.",
        "ednote": f"Withdrawn: {item.withdrawn_reason}" if item.withdrawn else None,
    }
    associations = []
    source = item.relayed_from
    if source is not None:
        out["altids"].append({"role": RELAYED,
                              "value": f"{source.office}/{source.item}@{source.commit}"})
        associations.append({"name": "relayed-from",
                             "uri": item_uri(source.office, source.item),
                             "version": source.commit,
                             "altids": [{"role": "sha256", "value": source.sha256}]})
    if item.corrects:
        associations.append({"name": "corrects", "uri": item_uri(office, item.corrects)})
    if associations:
        out["associations"] = associations
    return {k: v for k, v in out.items() if v is not None}


def edition_ninjs(policy: Policy, edition: Any, items: list[Item]) -> dict[str, Any]:
    """An edition (as its audience sees it) as a ninjs ``composite``."""
    renderer = BodyRenderer(tuple(policy.intranet_hosts))
    office = _office(policy)
    title = policy.publication_name(edition.publication)
    headline = f"{title} {edition.year}, No. {edition.number}" + \
        (f": {edition.title}" if edition.title else "")
    out: dict[str, Any] = {
        "uri": f"urn:bulletin:{office}:edition:{edition.id}", "type": "composite",
        "firstcreated": _stamp(edition.date, policy),
        "versioncreated": _stamp(edition.date, policy), "pubstatus": "usable",
        "language": policy.language, "headlines": [{"value": headline}],
        "altids": [{"role": "bulletin:edition", "value": edition.id}],
        "rightsinfo": {"langid": CLASSIFICATION_LANG,
                       "encodedrights": edition.audience or policy.audience},
        "associations": [{"name": f"item-{n}", **item_ninjs(item, policy, renderer)}
                         for n, item in enumerate(items, 1)],
    }
    return out


def dumps(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
