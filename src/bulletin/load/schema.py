"""Field types of items, editions and responses, declared once.

The loader validates with these models; ``bulletin schema`` prints the item
model as JSON Schema (with the repository's units, categories and levels as
enums) for editor autocompletion. Every field is optional here: which fields
are *required* depends on the kind of file, and a missing one is reported as
its own diagnostic (``S002``; sources that a category asks for are ``Q401``'s).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..config import EDITION_TYPES, PRIORITIES, Policy


def _one_or_many(value: Any) -> Any:
    """Accept ``sources: One source`` as a one-element list."""
    return [value] if isinstance(value, str) else value


TextList = Annotated[list[str], BeforeValidator(_one_or_many)]


class _Fields(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=False, defer_build=True)


class Withdrawal(BaseModel):
    """When and why an item was withdrawn."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    date: dt.date
    reason: str = Field(min_length=1)


class ItemFields(_Fields):
    """Front matter of an information item."""

    title: str | None = Field(None, description="Headline; length-limited (a CJK character or "
                                                "a Latin word counts as one unit).")
    unit: str | None = Field(None, description="Submitting unit key; equals the folder "
                                               "under items/.")
    authors: TextList | None = Field(None, description="Names of the writers.")
    date: dt.date | None = Field(None, description="Date filed, YYYY-MM-DD; equals the file "
                                                   "name's prefix.")
    event_date: dt.date | None = Field(None, description="When the reported event happened.")
    category: str | None = Field(None, description="Category key from bulletin.yml.")
    priority: str | None = Field(None, description="routine, important or urgent.")
    classification: str | None = Field(None, description="Classification level from "
                                                         "bulletin.yml.")
    summary: str | None = Field(None, description="One-paragraph lede: what happened and why "
                                                  "it matters.")
    sources: TextList | None = Field(None, description="Where the facts come from.")
    tags: TextList | None = Field(None, description="Free keywords.")
    region: str | None = Field(None, description="Place the item is about.")
    contact: str | None = Field(None, description="Office to contact (no personal data).")
    embargo: dt.datetime | dt.date | None = Field(None, description="Not to be published "
                                                                    "before this date-time.")
    corrects: str | None = Field(None, description="Id of an earlier item this one corrects.")
    withdrawn: Withdrawal | None = Field(None, description="Withdrawn from the bulletin: "
                                                           "{date, reason}; the page stays, "
                                                           "with the notice.")
    suppress: dict[str, str | None] | None = Field(None, description="Rule code or name → "
                                                                     "the reason it is silenced.")


class SectionFields(_Fields):
    title: str | None = None
    items: TextList | None = None


class EditionFields(_Fields):
    """An edition manifest."""

    number: int | None = Field(None, ge=1)
    date: dt.date | None = None
    type: str | None = None
    title: str | None = None
    audience: str | None = None
    editor: str | None = None
    note: str | None = None
    sections: list[dict[str, Any]] | None = None


class ResponseFields(_Fields):
    """One leader response."""

    item: str | None = None
    by: str | None = None
    rank: str | None = None
    date: dt.date | None = None
    kind: str | None = None
    note: str | None = None


class LedgerFields(_Fields):
    """One line of the assessment ledger: a deduction, an award, or an adoption by a
    higher office (``adopted-upstream``, :class:`UpstreamFields`)."""

    date: dt.date | None = None
    unit: str | None = None
    kind: str | None = None
    reason: str | None = None
    points: float | None = None
    item: str | None = None
    by: str | None = None


class UpstreamFields(_Fields):
    """An adoption by a higher office's bulletin (``adopted-upstream`` in the ledger)."""

    level: str | None = None
    date: dt.date | None = None
    office: str | None = None
    publication: str | None = None
    edition: str | None = None


ITEM_REQUIRED = ("title", "unit", "authors", "date", "category", "priority",
                 "classification", "summary")
EDITION_REQUIRED = ("number", "date", "type", "audience", "editor", "sections")
SECTION_REQUIRED = ("title", "items")
RESPONSE_REQUIRED = ("item", "by", "date", "kind")
LEDGER_REQUIRED = ("date", "unit", "kind", "reason")
LEDGER_KEYS = [*LedgerFields.model_fields, "adopted-upstream"]
UPSTREAM_ENTRY_REQUIRED = ("unit", "item", "adopted-upstream")
UPSTREAM_REQUIRED = ("level", "date")


def item_enums(policy: Policy) -> dict[str, list[str]]:
    """Fields whose values come from the policy (or a fixed list)."""
    return {
        "unit": list(policy.units),
        "category": list(policy.categories),
        "priority": list(PRIORITIES),
        "classification": list(policy.levels),
    }


def edition_enums(policy: Policy) -> dict[str, list[str]]:
    return {"type": list(EDITION_TYPES), "audience": list(policy.levels),
            "editor": list(policy.editors)}


def response_enums(policy: Policy) -> dict[str, list[str]]:
    ranks = policy.ranks
    return {"kind": list(policy.response_kinds), **({"rank": ranks} if ranks else {})}


def item_json_schema(policy: Policy) -> dict[str, Any]:
    """JSON Schema of item front matter for this repository's policy."""
    schema = ItemFields.model_json_schema()
    schema["title"] = f"{policy.title}: item front matter"
    schema["additionalProperties"] = False
    schema["required"] = list(ITEM_REQUIRED)
    props = schema["properties"]
    for name, values in item_enums(policy).items():
        props[name] = {"description": props[name].get("description", ""), "enum": values}
    props["date"] = {**props["date"], "anyOf": [{"type": "string", "format": "date"}]}
    props["suppress"]["propertyNames"] = {"pattern": "^[A-Z][0-9]{3}$|^[a-z][a-z0-9-]*$"}
    return schema


def ledger_enums(policy: Policy) -> dict[str, list[str]]:
    book = policy.assessment
    return {"unit": list(policy.units), "kind": [*book.deductions, *book.awards]}
