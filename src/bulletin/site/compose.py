"""Compose what one audience may read: a pure function of the repository.

The audience filter lives here and nowhere else. An item is on the site only
when it was read, its classification is known and at or below the audience,
and its embargo (if any) has passed; an edition only when its audience is at
or below the build's. Everything the renderer sees — pages, archives, tags,
feeds, search — comes from a :class:`Site`, so nothing above the audience can
reach any of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..config import Policy
from ..model import Edition, Item, Repository, Response
from ..safeyaml import Document

PAGE_SIZE = 50
EMBARGOED = "under embargo"


@dataclass(frozen=True)
class Withheld:
    """A file the build leaves out, and why: a build warning (``--strict`` fails), or,
    when ``expected`` (an item whose embargo has not passed: it is meant to wait), an
    info line."""

    path: str
    reason: str
    expected: bool = False


@dataclass
class EditionView:
    """An edition as this audience sees it: its sections with the visible items."""

    edition: Edition
    sections: list[tuple[str, list[Item]]]

    @property
    def id(self) -> str:
        return self.edition.id

    @property
    def year(self) -> str:
        return self.edition.year

    @property
    def publication(self) -> str | None:
        return self.edition.publication

    @property
    def lead(self) -> Item | None:
        for _, items in self.sections:
            return items[0] if items else None
        return None

    @property
    def items(self) -> list[Item]:
        return [item for _, items in self.sections for item in items]


@dataclass
class Site:
    """Everything one audience may read, indexed for the renderer."""

    policy: Policy
    audience: str
    as_of: dt.datetime
    items: dict[str, Item] = field(default_factory=dict)
    editions: list[EditionView] = field(default_factory=list)  # newest first
    edition_of: dict[str, EditionView] = field(default_factory=dict)
    """Each published item's first edition."""
    editions_with: dict[str, list[EditionView]] = field(default_factory=dict)
    """Each published item's editions, oldest first: one per publication that carried it."""
    responses: dict[str, list[Response]] = field(default_factory=dict)
    corrected_by: dict[str, list[Item]] = field(default_factory=dict)
    adopted_upstream: dict[str, list[str]] = field(default_factory=dict)
    """Item id → "<office> <edition>" of each edition upstream that adopted it and that
    this audience may read (the information network)."""
    withheld: list[Withheld] = field(default_factory=list)
    _index: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def pool(self) -> list[Item]:
        """Visible items in no visible edition, newest first."""
        return [i for i in self.items_newest_first() if i.id not in self.edition_of]

    def items_newest_first(self) -> list[Item]:
        return sorted(self.items.values(), key=lambda i: (i.date or dt.date.min, i.id),
                      reverse=True)

    def corrections_in(self, view: EditionView) -> list[tuple[Item, Item]]:
        """(item of this edition, the item that corrects it), for the edition page."""
        return [(item, fix) for item in view.items for fix in self.corrected_by.get(item.id, [])]

    def neighbours(self, view: EditionView) -> tuple[EditionView | None, EditionView | None]:
        """(previous, next) edition of the same publication, in publication order."""
        series = self.of_publication(view.edition.series)
        index = self._position()[id(view)]
        older = series[index + 1] if index + 1 < len(series) else None
        newer = series[index - 1] if index > 0 else None
        return older, newer

    def of_publication(self, series: str) -> list[EditionView]:
        """The editions of one publication (its key; ``""`` without publications), newest
        first."""
        return self._series().get(series, [])

    def _series(self) -> dict[str, list[EditionView]]:
        if "series" not in self._index:
            out: dict[str, list[EditionView]] = {}
            for view in self.editions:
                out.setdefault(view.edition.series, []).append(view)
            self._index["series"] = out
        series: dict[str, list[EditionView]] = self._index["series"]
        return series

    def _position(self) -> dict[int, int]:
        """Each edition's place in its publication's list (by ``id`` of the view)."""
        if "position" not in self._index:
            self._index["position"] = {id(v): i for views in self._series().values()
                                       for i, v in enumerate(views)}
        position: dict[int, int] = self._index["position"]
        return position

    def flashes(self, days: int = 2) -> list[EditionView]:
        """Flash editions of the last ``days`` days (for the home page banner)."""
        since = self.as_of.date() - dt.timedelta(days=days)
        return [v for v in self.editions
                if v.edition.type == "flash" and v.edition.date and v.edition.date >= since]

    def groups(self, key: str) -> dict[str, list[Item]]:
        """Visible items grouped by ``year``, ``unit``, ``category`` or ``tag``."""
        out: dict[str, list[Item]] = {}
        for item in self.items_newest_first():
            for value in _group_values(item, key, self.policy):
                out.setdefault(value, []).append(item)
        return dict(sorted(out.items(), reverse=key == "year"))


def _group_values(item: Item, key: str, policy: Policy) -> Iterable[str]:
    if key == "year":
        return [str(item.date.year)] if item.date else []
    if key == "tag":  # a tag's aliases join it (the policy's reader.tag_aliases)
        return sorted({policy.tag(tag) for tag in item.tags})
    value = getattr(item, key)
    return [value] if value else []


def visible_item(item: Item, policy: Policy, limit: int, as_of: dt.datetime) -> str | None:
    """Why ``item`` must stay off this audience's site, or None when it may be shown."""
    if not isinstance(item.meta.data, dict) or not item.meta.ok:
        return "cannot be read"
    if not item.title or item.date is None:
        return "has no title or date"
    rank = policy.level_rank(item.classification)
    if rank < 0:
        return f"has no known classification ({item.classification!r})"
    if rank > limit:
        return "above the audience"
    if item.embargo is not None and item.embargo > as_of:
        return EMBARGOED
    return None


def compose(repo: Repository, audience: str, as_of: dt.datetime,
            upstream: Iterable[Any] = ()) -> Site:
    """The site for ``audience`` as of ``as_of`` (an aware date-time); ``upstream``: the
    adoptions upstream read from the fetched repositories
    (:class:`bulletin.git.upstream.Adopted`)."""
    policy = repo.policy
    limit = policy.level_rank(audience)
    if limit < 0:
        raise ValueError(f"unknown audience {audience!r}")
    site = Site(policy, audience, as_of)
    seen: set[str] = set()
    for item in repo.items:
        reason = visible_item(item, policy, limit, as_of)
        if item.id in seen:
            reason = f"repeats the id {item.id}"
        if reason is None:
            site.items[item.id] = item
            seen.add(item.id)
        elif reason != "above the audience":
            site.withheld.append(Withheld(item.path, f"left out: {reason}",
                                          expected=reason == EMBARGOED))
    _add_editions(site, repo.editions, limit)
    for response in repo.responses:
        if response.item in site.edition_of:
            site.responses.setdefault(response.item, []).append(response)
    for item in site.items.values():
        if item.corrects in site.items:
            site.corrected_by.setdefault(item.corrects, []).append(item)
    for adopted in upstream:  # an edition's level this audience may not read stays unsaid
        rank = policy.level_rank(adopted.audience)
        if adopted.item in site.items and 0 <= rank <= limit:
            office = policy.neighbour(adopted.upstream.office)
            site.adopted_upstream.setdefault(adopted.item, []).append(
                f"{office.label if office else adopted.upstream.office} "
                f"{adopted.upstream.edition}")
    return site


def release_sources(site: Site) -> None:
    """Once every page is rendered: let go of what only rendering reads — each item's
    Markdown body, headings, directives and front matter — keeping the fields the feeds
    and the search page's maps read (title, date, unit, summary...). At 100,000 items
    the sources are hundreds of megabytes a build would otherwise hold to its end."""
    for item in site.items.values():
        item.body, item.headings, item.directives = "", [], []
        item.meta = Document(problems=item.meta.problems)


def _add_editions(site: Site, editions: list[Edition], limit: int) -> None:
    policy = site.policy
    last = site.as_of.astimezone(policy.tz).date()  # a preview as of a day: no later edition
    ordered = sorted((e for e in editions if e.number is not None and e.date is not None
                      and e.date <= last),
                     key=lambda e: (e.date or dt.date.min, e.year, e.number or 0, e.id))
    carried: set[tuple[str, str]] = set()
    for edition in ordered:  # oldest first: an item listed twice in a publication belongs
        # to its first edition there
        rank = policy.level_rank(edition.audience)
        if rank < 0 or rank > limit:
            if rank < 0:
                site.withheld.append(Withheld(edition.path, "left out: no known audience"))
            continue
        view = EditionView(edition, [])
        for section in edition.sections:
            shown = []
            for item_id in section.items:
                item = site.items.get(item_id)
                if item is None or (edition.series, item_id) in carried:
                    continue  # unknown, above this audience, embargoed, or already published
                if policy.level_rank(item.classification) > rank:
                    site.withheld.append(Withheld(edition.path, f"{item_id} is above the "
                                                                "edition's audience"))
                    continue
                shown.append(item)
                carried.add((edition.series, item_id))
                site.edition_of.setdefault(item_id, view)
                site.editions_with.setdefault(item_id, []).append(view)
            if shown:
                view.sections.append((section.title, shown))
        site.editions.append(view)
    site.editions.reverse()


def pages(items: list[Item], size: int = PAGE_SIZE) -> list[list[Item]]:
    """``items`` cut into pages of ``size`` (at least one page, possibly empty)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]
