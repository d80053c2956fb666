"""An item ↔ its record's plain data, in two parts: the fields the cross-file rules
read of every item, kept as they are, and one compressed blob of the rest, unpacked
only when one of its fields is first read (:class:`CachedItem`).

Most items of a large bulletin are never read beyond their id, dates and unit: their
front matter's positions, headings, lists and longer texts stay packed, in memory
or — once the cache file is written — in that file, as a blob the record points to.
"""

from __future__ import annotations

import datetime as dt
import functools
import marshal
import zlib
from collections.abc import Callable
from typing import Any

from ...model import Directive, Heading, Item, Provenance
from .codec import MARSHAL, decode, encode, pack_document, unpack_document
from .records import Blobs

# Item fields kept as they are (or, for dates, encoded): those the cross-file rules
# read. The others are packed in one blob that a CachedItem unpacks when one of them
# is first read.
_EAGER = ("id", "path", "body_line", "unit", "date", "event_date", "category",
          "priority", "classification", "embargo", "corrects", "withdrawn", "suppress",
          "relayed_from")
_DATES = ("date", "event_date", "withdrawn", "embargo")
SHARED = ("unit", "category", "priority", "classification")
"""Fields whose few values recur across items: written once, read back as one object."""
_LAZY = ("meta", "headings", "authors", "sources", "tags", "title", "summary", "region",
         "contact", "withdrawn_reason")

Reparse = Callable[[str], Item]
"""Reads and parses an item's file again, by path: what a lost blob is made of anew."""


class _Lazy:
    """A field of a :class:`CachedItem` unpacked on first reading (then a plain attribute:
    the instance's own value hides this descriptor)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, item: Any, owner: type | None = None) -> Any:
        if item is None:
            return self
        fields = item.__dict__
        if "_lazy" not in fields:
            raise AttributeError(self.name)
        lazy, source = fields.pop("_lazy"), fields.pop("_source", None)
        blob = lazy if isinstance(lazy, bytes) else None
        if blob is None and source is not None:
            blob = source[0].get(lazy)
        try:
            fields.update(_unpack_lazy(blob))  # type: ignore[arg-type]
        except Exception:
            if source is None:
                raise
            again = source[1](fields["path"])
            fields.update({name: getattr(again, name) for name in _LAZY})
        return fields[self.name]


class CachedItem(Item):
    """An item rebuilt from its record: every field but the body, which the check
    no longer needs once the per-file rules have read it.

    The front matter's positions, the headings, the lists and the longer texts are
    unpacked when one of them is first read, as most items of a large bulletin never
    are; from the cache file's blob when it was not read with the record.
    """

    meta = _Lazy()
    headings = _Lazy()
    authors = _Lazy()
    sources = _Lazy()
    tags = _Lazy()
    title = _Lazy()
    summary = _Lazy()
    region = _Lazy()
    contact = _Lazy()
    withdrawn_reason = _Lazy()


def pack_item(item: Item) -> dict[str, Any]:
    """The item (without its body) as plain data."""
    packed = {name: getattr(item, name) for name in _EAGER}
    for name in _DATES:  # a plain day as its ordinal: one number, not a tagged tuple
        value = packed[name]
        packed[name] = value.toordinal() if type(value) is dt.date else encode(value)
    packed["suppress"] = dict(item.suppress)
    source = item.relayed_from
    packed["relayed_from"] = None if source is None else \
        (source.office, source.item, source.commit, source.sha256)
    packed["directives"] = tuple((d.rule, d.reason, d.line, d.column, d.first, d.last)
                                 for d in item.directives)
    packed["_lazy"] = zlib.compress(marshal.dumps((
        pack_document(item.meta), tuple((h.text, h.line) for h in item.headings),
        list(item.authors), list(item.sources), list(item.tags), item.title, item.summary,
        item.region, item.contact, item.withdrawn_reason), MARSHAL), 1)
    return packed


Source = tuple[Blobs, Reparse]
"""Where a cached item's blob is read (when its record only points to it) and what
makes the fields in it anew when that blob is lost; one for all the items."""


def unpack_item(packed: dict[str, Any], source: Source | None = None) -> Item:
    """The item of a record, made of the record's own mapping: the record is spent."""
    for name in _DATES:
        value = packed[name]
        if value is not None:
            packed[name] = _day(value) if type(value) is int else decode(value)
    packed["directives"] = [Directive(*d) for d in packed["directives"]] \
        if packed["directives"] else []
    if packed["relayed_from"] is not None:
        packed["relayed_from"] = Provenance(*packed["relayed_from"])
    if source is not None:
        packed["_source"] = source
    item = object.__new__(CachedItem)
    item.__dict__ = packed
    return item


@functools.lru_cache(maxsize=8192)
def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


def _unpack_lazy(blob: bytes) -> dict[str, Any]:
    meta, headings, authors, sources, tags, *texts = marshal.loads(zlib.decompress(blob))
    return {"meta": unpack_document(meta),
            "headings": [Heading(text, line) for text, line in headings],
            "authors": authors, "sources": sources, "tags": tags,
            **dict(zip(_LAZY[5:], texts, strict=True))}
