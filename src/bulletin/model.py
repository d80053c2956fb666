"""The typed domain: items, editions, leader responses and the repository.

Values are parsed once, by :mod:`bulletin.load`; rules, composition and
scoring read these objects and never touch the disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .config import Policy
from .diagnostics import Diagnostic
from .safeyaml import Document, Pos


@dataclass(frozen=True)
class Heading:
    """A level-2 heading in an item's body."""

    text: str
    line: int


@dataclass(frozen=True)
class Directive:
    """An inline suppression in a body: ``<!-- bulletin-ignore Q505: reason -->``.

    Alone on a line it covers the paragraph below it; after text, its own line.
    """

    rule: str
    reason: str
    line: int
    column: int
    first: int
    last: int


@dataclass
class Item:
    """One information item: ``items/<unit>/<YYYY>/<YYYY-MM-DD>-<slug>.md``.

    Fields that were missing or invalid in the front matter are ``None`` (or
    empty); the loader has already reported them.
    """

    id: str
    path: str
    meta: Document
    body: str = ""
    body_line: int = 1
    headings: list[Heading] = field(default_factory=list)
    title: str | None = None
    unit: str | None = None
    authors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    event_date: dt.date | None = None
    category: str | None = None
    priority: str | None = None
    classification: str | None = None
    summary: str | None = None
    sources: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    region: str | None = None
    contact: str | None = None
    embargo: dt.datetime | None = None
    corrects: str | None = None
    withdrawn: dt.date | None = None
    withdrawn_reason: str | None = None
    suppress: dict[str, str] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)

    def where(self, *path: str | int) -> Pos:
        """Position of a front-matter value (or of the front matter's start)."""
        return self.meta.where(*path)

    def has(self, name: str) -> bool:
        """True when the front matter holds ``name`` at all (valid or not)."""
        return isinstance(self.meta.data, dict) and name in self.meta.data


@dataclass(frozen=True)
class Section:
    """A section of an edition: a title and the ids of its items, in order."""

    title: str
    items: tuple[str, ...]
    index: int


@dataclass
class Edition:
    """An edition manifest: ``bulletins/<YYYY>/<NNN>.yml``, id ``YYYY-NNN``; or, of a
    publication the policy declares, ``bulletins/<publication>/<YYYY>/<NNN>.yml``, id
    ``<publication>/YYYY-NNN``."""

    id: str
    path: str
    meta: Document
    publication: str | None = None
    """Its publication's key: the folder's, or the policy's first publication for an
    edition at ``bulletins/<YYYY>/``; None when the policy declares no publications."""
    number: int | None = None
    date: dt.date | None = None
    type: str | None = None
    title: str | None = None
    audience: str | None = None
    editor: str | None = None
    note: str | None = None
    sections: list[Section] = field(default_factory=list)

    def where(self, *path: str | int) -> Pos:
        return self.meta.where(*path)

    @property
    def year(self) -> str:
        """The year of the folder it lives in (``2026``)."""
        parts = self.path.split("/")
        return parts[-2] if len(parts) >= 3 else self.id[:4]

    @property
    def series(self) -> str:
        """Its publication's key, or ``""`` for the one bulletin of a policy without
        publications: what numbering and "once per publication" are counted within."""
        return self.publication or ""

    def item_refs(self) -> list[tuple[str, Pos]]:
        """Every item id the edition lists, with the position of the reference."""
        return [(item_id, self.where("sections", s.index, "items", i))
                for s in self.sections for i, item_id in enumerate(s.items)]

    def item_ids(self) -> list[str]:
        """Every item id the edition lists, in order (:meth:`item_refs` without the
        positions, which a large bulletin's editions need not all unpack)."""
        return [item_id for s in self.sections for item_id in s.items]

    @property
    def lead(self) -> str | None:
        """The id of the lead item: the first item of the first section."""
        for section in self.sections:
            return section.items[0] if section.items else None
        return None


@dataclass
class Response:
    """A leader's instruction or endorsement on a published item."""

    path: str
    index: int
    meta: Document
    item: str | None = None
    by: str | None = None
    rank: str | None = None
    date: dt.date | None = None
    kind: str | None = None
    note: str | None = None

    def where(self, *path: str | int) -> Pos:
        return self.meta.where(self.index, *path)


@dataclass
class Repository:
    """Everything read from one bulletin repository."""

    root: str
    policy: Policy
    items: Sequence[Item] = field(default_factory=list)
    """Every item (a check of a pull request reads most of them only on demand: ask
    :meth:`items_where` and :meth:`items_by_id` rather than going through them all)."""
    editions: list[Edition] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    review: Any = None
    """The pull request being checked (``bulletin.check.rules.review.Review``), if any."""
    similar: list[Any] | None = None
    """Near-duplicate pairs (``bulletin.check.similarity.matches.Match``), found by the check's I/O
    layer with its persistent index; None when not computed."""
    tracked_caches: list[str] = field(default_factory=list)
    """Files git tracks under a cache folder's name (``bulletin.cachedir.NAMES``), as
    git lists them for the check's I/O layer (rule S027)."""
    _index: dict[str, Any] = field(default_factory=dict, repr=False)

    def items_by_id(self) -> Mapping[str, list[Item]]:
        """Items grouped by id (a list: duplicate ids are possible until checked)."""
        if "items" not in self._index:
            by_id: dict[str, list[Item]] = {}
            for item in self.items:
                by_id.setdefault(item.id, []).append(item)
            self._index["items"] = by_id
        result: Mapping[str, list[Item]] = self._index["items"]
        return result

    def items_where(self, path: Callable[[str], bool] | None) -> Iterable[Item]:
        """The items whose path ``path`` accepts (None: every item), in order."""
        return self.items if path is None else (i for i in self.items if path(i.path))

    def duplicate_ids(self) -> set[str]:
        """The ids more than one item has."""
        return {item_id for item_id, items in self.items_by_id().items() if len(items) > 1}

    def corrected_ids(self) -> set[str]:
        """The ids that items correct (their ``corrects``)."""
        if "corrected" not in self._index:
            self._index["corrected"] = {i.corrects for i in self.items if i.corrects}
        result: set[str] = self._index["corrected"]
        return result

    def correcting(self, ids: set[str]) -> list[tuple[str, str]]:
        """(path, id) of each item that corrects one of ``ids``."""
        return [(i.path, i.corrects) for i in self.items if i.corrects in ids and i.corrects]

    def editions_of(self) -> dict[str, list[Edition]]:
        """For each item id, the editions that list it (by date, then id)."""
        if "editions_of" not in self._index:
            of: dict[str, list[Edition]] = {}
            for edition in sorted(self.editions, key=lambda e: (e.date or dt.date.max, e.id)):
                for item_id in edition.item_ids():
                    of.setdefault(item_id, []).append(edition)
            self._index["editions_of"] = of
        result: dict[str, list[Edition]] = self._index["editions_of"]
        return result
