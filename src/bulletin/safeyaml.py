"""A safe, position-aware YAML reader for front matter and manifests.

PyYAML's own loaders resolve ``yes``/``no``/``on``/``off`` to booleans, read
``1:30`` as sexagesimal 90, expand aliases (the "billion laughs") and, outside
``safe_load``, construct arbitrary objects. Bulletin files are plain data, so we
read the event stream from PyYAML's (C, when available) parser and build the
values ourselves:

* anchors, aliases and tags are refused — nothing is ever constructed or expanded
  (a caller may name tags to keep as data: :class:`Tagged`, e.g. MkDocs' ``!ENV``);
* plain scalars resolve like YAML 1.2's core schema, minus the surprises:
  ``null``/``~``/empty, ``true``/``false``, decimal ints and floats,
  ``YYYY-MM-DD`` dates and ISO date-times; everything else is text;
* mapping keys are always text, duplicates are reported;
* nesting is bounded;
* every value's and key's position is recorded, so a diagnostic can point at it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C parser is ~10x faster; fall back to pure Python where libyaml is missing
    from yaml import CBaseLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _EventLoader  # type: ignore[assignment]

MAX_DEPTH = 20
MAX_INT_DIGITS = 4000
"""The most digits an unquoted integer may have (Python reads at most 4,300)."""

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True)
class Tagged:
    """A value under a tag the caller allowed (``load(..., tags=...)``), kept as data:
    the scalar's text or the built list or mapping; nothing is constructed."""

    tag: str
    value: Any


@dataclass
class YamlProblem:
    """Something wrong with a document. ``fatal`` problems leave no usable data."""

    kind: str  # syntax | unsafe | duplicate-key | shape
    message: str
    pos: Pos
    fatal: bool = True


@dataclass
class Document:
    """Parsed data with the position of every value and every mapping key."""

    data: Any = None
    values: dict[Path, Pos] = field(default_factory=dict)
    keys: dict[Path, Pos] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.fatal for p in self.problems)

    def where(self, *path: str | int) -> Pos:
        """Position of the value at ``path``, or of its nearest ancestor."""
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Pos(1, 1))

    def where_key(self, *path: str | int) -> Pos:
        """Position of the key that holds ``path`` (falls back to the value)."""
        return self.keys.get(path) or self.where(*path)


_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
    r"(?:[ ]?(?:Z|[-+][0-9]{2}(?::?[0-9]{2})?))?\Z"
)


class _ScalarError(ValueError):
    pass


def resolve_plain(text: str) -> Any:
    """Resolve an unquoted scalar. Raises ``_ScalarError`` for an impossible date."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(text):
            if len(text) > MAX_INT_DIGITS:  # int() refuses it: Python's int-string limit
                raise _ScalarError(f"'{text[:20]}…' is a number of {len(text):,} digits; "
                                   f"a number may have at most {MAX_INT_DIGITS} (quote it "
                                   "to make it text)")
            return int(text)
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError as exc:
                raise _ScalarError(f"'{text}' is not a valid date: {exc}") from None
        if _DATETIME.match(text):
            try:
                return dt.datetime.fromisoformat(text.replace(" Z", "Z").replace(" +", "+"))
            except ValueError as exc:
                raise _ScalarError(f"'{text}' is not a valid date-time: {exc}") from None
        if _FLOAT.match(text):
            return float(text)
    return text


def _pos(mark: Any, line_offset: int) -> Pos:
    return Pos(mark.line + 1 + line_offset, mark.column + 1)


class _Builder:
    """Turns PyYAML events into plain values, recording positions and problems."""

    def __init__(self, doc: Document, line_offset: int, tags: Collection[str] = ()) -> None:
        self.doc = doc
        self.offset = line_offset
        self.tags = tags

    def problem(self, kind: str, message: str, mark: Any, fatal: bool = True) -> None:
        self.doc.problems.append(YamlProblem(kind, message, _pos(mark, self.offset), fatal))

    def refuse_unsafe(self, event: Any) -> bool:
        if isinstance(event, yaml.AliasEvent):
            self.problem("unsafe", f"alias '*{event.anchor}' is not allowed", event.start_mark)
            return True
        if getattr(event, "anchor", None):
            self.problem("unsafe", f"anchor '&{event.anchor}' is not allowed", event.start_mark)
            return True
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in self.tags:
            self.problem("unsafe", f"YAML tag '{tag}' is not allowed", event.start_mark)
            return True
        return False

    def build(self, events: Any, first: Any, path: Path, depth: int) -> Any:
        """Build the value that starts with ``first``; consume its events."""
        if self.refuse_unsafe(first):
            raise _Stop
        self.doc.values[path] = _pos(first.start_mark, self.offset)
        if depth > MAX_DEPTH:
            self.problem("syntax", f"nesting deeper than {MAX_DEPTH} levels", first.start_mark)
            raise _Stop
        if isinstance(first, yaml.ScalarEvent):
            value = self.scalar(first)
        elif isinstance(first, yaml.SequenceStartEvent):
            value = self.sequence(events, path, depth)
        elif isinstance(first, yaml.MappingStartEvent):
            value = self.mapping(events, path, depth)
        else:
            self.problem("syntax", f"unexpected {type(first).__name__}", first.start_mark)
            raise _Stop
        tag = getattr(first, "tag", None)
        return value if tag is None else Tagged(tag, value)

    def scalar(self, event: Any) -> Any:
        if not event.implicit[0]:  # quoted, or a literal/folded block: always text
            return event.value
        try:
            return resolve_plain(event.value)
        except _ScalarError as exc:
            self.problem("value", str(exc), event.start_mark, fatal=False)
            return event.value

    def sequence(self, events: Any, path: Path, depth: int) -> list[Any]:
        out: list[Any] = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return out
            out.append(self.build(events, event, (*path, len(out)), depth + 1))
        raise _Stop  # pragma: no cover - the parser always closes sequences

    def mapping(self, events: Any, path: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                return out
            if self.refuse_unsafe(event):
                raise _Stop
            if not isinstance(event, yaml.ScalarEvent):
                self.problem("syntax", "a mapping key must be plain text", event.start_mark)
                raise _Stop
            key = event.value
            key_pos = _pos(event.start_mark, self.offset)
            duplicate = key in out
            # a duplicate's value is built (to consume its events) where its positions
            # cannot overwrite those of the value that is kept
            where = (*path, key, "\0duplicate") if duplicate else (*path, key)
            value = self.build(events, next(events), where, depth + 1)
            if duplicate:
                first = self.doc.keys[(*path, key)]
                self.problem("duplicate-key",
                             f"duplicate key '{key}' (first defined on line {first.line})",
                             event.start_mark, fatal=False)
                continue  # the first definition wins, as most YAML tools do
            self.doc.keys[(*path, key)] = key_pos
            out[key] = value
        raise _Stop  # pragma: no cover


class _Stop(Exception):
    """Abandon the document: a fatal problem has been recorded."""


def load(text: str, line_offset: int = 0, *, tags: Collection[str] = ()) -> Document:
    """Parse one YAML document from ``text``; never raises on bad input.

    ``line_offset`` is added to every reported line (front matter starts below
    the opening ``---``). A value under one of ``tags`` (exactly as the parser
    reports them: ``!ENV``, or ``tag:yaml.org,2002:str`` for ``!!str``) becomes a
    :class:`Tagged`; any other tag is refused.
    """
    doc = Document()
    builder = _Builder(doc, line_offset, tags)
    loader = _EventLoader(text)
    try:
        events = iter(loader.get_event, None)
        _expect(next(events), yaml.StreamStartEvent)
        start = next(events)
        if isinstance(start, yaml.StreamEndEvent):
            return doc  # an empty document: data stays None
        _expect(start, yaml.DocumentStartEvent)
        doc.data = builder.build(events, next(events), (), 0)
        _expect(next(events), yaml.DocumentEndEvent)
        extra = next(events)
        if not isinstance(extra, yaml.StreamEndEvent):
            builder.problem("syntax", "more than one YAML document (a second '---')",
                            extra.start_mark)
            doc.data = None
    except _Stop:
        doc.data = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p.split("\n")[0] for p in (exc.context, exc.problem) if p)
        doc.problems.append(YamlProblem("syntax", message or "invalid YAML",
                                        _pos(mark, line_offset) if mark else Pos(1, 1)))
        doc.data = None
    except yaml.YAMLError as exc:  # e.g. a reader error without a mark
        doc.problems.append(YamlProblem("syntax", str(exc), Pos(1 + line_offset, 1)))
        doc.data = None
    finally:
        loader.dispose()
    return doc


def _expect(event: Any, kind: type) -> None:
    if not isinstance(event, kind):  # pragma: no cover - guaranteed by the parser
        raise _Stop
