"""Model values ↔ plain data that :mod:`marshal` stores: YAML values with their dates,
a file's stat, findings, a front matter with its positions, editions and responses.

Plain data only (text, numbers, tuples, lists, mappings), so that reading it back
can run no code. Items, packed in two parts of which one is read only when asked
for, are :mod:`bulletin.check.cache.items`'. The site's snapshot of the repository
(:mod:`bulletin.site.snapshot`) packs editions and responses with these too.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import struct
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from ...diagnostics import Finding, Fix
from ...model import Edition, Response, Section
from ...safeyaml import Document, Pos, YamlProblem

MARSHAL = 4
"""The :mod:`marshal` version everything in the cache is written with."""


def encode(value: Any) -> Any:
    """``value`` (YAML data: text, numbers, dates, lists, mappings) as marshal-able data.

    Dates and date-times become tagged tuples: tuples never occur in YAML data.
    """
    if isinstance(value, dt.datetime):
        if isinstance(value.tzinfo, ZoneInfo):
            return ("z", value.replace(tzinfo=None).isoformat(), value.tzinfo.key)
        return ("t", value.isoformat())
    if isinstance(value, dt.date):
        return ("d", value.toordinal())
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if isinstance(value, tuple):
        tag = value[0]
        if tag == "d":
            return dt.date.fromordinal(value[1])
        if tag == "t":
            return dt.datetime.fromisoformat(value[1])
        return dt.datetime.fromisoformat(value[1]).replace(tzinfo=ZoneInfo(value[2]))
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        return {k: decode(v) for k, v in value.items()}
    return value


_STAT = struct.Struct("<qqqq")


def pack_stat(st: os.stat_result) -> bytes:
    """What says a file may have changed: size, modification and change times, mode."""
    return _STAT.pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_mode)


def stat_size(packed: bytes) -> int:
    size: int = _STAT.unpack(packed)[0]
    return size


def pack_findings(findings: Iterable[Finding]) -> bytes:
    """Findings as one blob (most files have none: b"")."""
    packed = tuple((f.code, f.message, f.line, f.column, f.path,
                    f.fix.description if f.fix else None) for f in findings)
    return marshal.dumps(packed, MARSHAL) if packed else b""


def unpack_findings(blob: bytes) -> list[Finding]:
    return [Finding(t[0], t[1], t[2], t[3], t[4], Fix(t[5]) if t[5] is not None else None)
            for t in marshal.loads(blob)] if blob else []


def pack_document(doc: Document) -> tuple[Any, ...]:
    return (encode(doc.data),
            tuple((path, p.line, p.column) for path, p in doc.values.items()),
            tuple((path, p.line, p.column) for path, p in doc.keys.items()),
            tuple((p.kind, p.message, p.pos.line, p.pos.column, p.fatal)
                  for p in doc.problems))


def unpack_document(t: tuple[Any, ...]) -> Document:
    data, values, keys, problems = t
    return Document(decode(data), {path: Pos(line, col) for path, line, col in values},
                    {path: Pos(line, col) for path, line, col in keys},
                    [YamlProblem(kind, message, Pos(line, col), fatal)
                     for kind, message, line, col, fatal in problems])


# --- editions and responses ----------------------------------------------------------------

_EDITION = ("id", "path", "publication", "number", "date", "type", "title", "audience", "editor",
            "note")
_RESPONSE = ("path", "index", "item", "by", "rank", "date", "kind", "note")


def pack_edition(edition: Edition) -> tuple[Any, ...]:
    return (tuple(encode(getattr(edition, name)) for name in _EDITION),
            pack_document(edition.meta),
            tuple((s.title, tuple(s.items), s.index) for s in edition.sections))


class _LazyMeta:
    """A :class:`CachedEdition`'s front matter, unpacked on first reading (then a plain
    attribute: the instance's own value hides this descriptor)."""

    def __get__(self, edition: Any, owner: type | None = None) -> Any:
        if edition is None:
            return self
        fields = edition.__dict__
        fields["meta"] = unpack_document(fields.pop("_meta"))
        return fields["meta"]


class CachedEdition(Edition):
    """An edition rebuilt from its record, its front matter's positions unpacked only
    when asked for: most editions of a large bulletin report nothing."""

    meta = _LazyMeta()


def unpack_edition(t: tuple[Any, ...], lazy: bool = True) -> Edition:
    """The edition of a record; ``lazy``: its positions unpacked when first read."""
    values, meta, sections = t
    fields = dict(zip(_EDITION, map(decode, values), strict=True))
    fields["sections"] = [Section(title, tuple(ids), index) for title, ids, index in sections]
    if not lazy:
        return Edition(meta=unpack_document(meta), **fields)
    fields["_meta"] = meta
    edition = object.__new__(CachedEdition)
    edition.__dict__ = fields
    return edition


def pack_responses(responses: list[Response]) -> tuple[Any, ...]:
    meta = pack_document(responses[0].meta) if responses else None
    return meta, tuple(tuple(encode(getattr(r, name)) for name in _RESPONSE)
                       for r in responses)


def unpack_responses(t: tuple[Any, ...]) -> list[Response]:
    meta, responses = t
    if meta is None:
        return []
    doc = unpack_document(meta)  # one document, shared as the loader shares it
    return [Response(meta=doc, **dict(zip(_RESPONSE, map(decode, values), strict=True)))
            for values in responses]
