"""The text of a relayed item: the source's file (or the relaying office's edited
version of it) with the fields the relay sets rewritten in its front matter.

A pure function of texts (:func:`relayed_text`): the relay's I/O lives in
:mod:`.relay`. The front matter's other lines are kept as written; the fields the
relay decides — the unit upstream, the classification, the provenance, and the
source's dates, priority and embargo — are written last, as JSON values (which YAML
reads as they are).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from ..errors import UsageError

_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")
KEPT_FROM_SOURCE = ("date", "event_date", "priority", "embargo")
"""Fields a relay takes from the source whatever the edited text says."""


def split(text: str) -> tuple[list[str], str]:
    """(front-matter lines, the rest from the closing ``---`` on)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise UsageError("the item has no front matter ('---' first)")
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            return lines[1:end], "\n".join(lines[end:])
    raise UsageError("the item's front matter is not closed")


def without(front: list[str], keys: set[str]) -> list[str]:
    """The front-matter lines without the top-level ``keys`` (and their nested lines)."""
    kept: list[str] = []
    dropping = False
    for line in front:
        top = _KEY.match(line)
        if top is not None:
            dropping = top.group(1) in keys
        elif line and not line[0].isspace() and not line.startswith(("-", "#")):
            dropping = False
        if not dropping:
            kept.append(line)
    return kept


def _value(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def relayed_text(text: str, fields: Mapping[str, Any]) -> str:
    """``text`` with ``fields`` written into its front matter (None: the field is
    removed)."""
    front, rest = split(text.replace("\r\n", "\n").removeprefix("\ufeff"))
    front = without(front, set(fields))
    while front and not front[-1].strip():
        front.pop()
    front += [f"{key}: {_value(value)}" for key, value in fields.items() if value is not None]
    return "\n".join(["---", *front, rest])
