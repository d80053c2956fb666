"""A repository read on demand from the check's cache: what a pull request's check needs.

A pull request changes a few files of a bulletin that may hold 100,000 items. Its
check (``--changed-since``) reports only on those files, yet the cross-file rules
relate them to everything else. :class:`FocusedRepository` is the repository over the
cache's records (:class:`bulletin.check.cache.records.Records`): editions and responses, which are
few, are unpacked at once; an item only when a rule asks for it, by id
(:meth:`~FocusedRepository.items_by_id`) or by path
(:meth:`~FocusedRepository.items_where`). What is asked of every item — which ids
exist, which are taken twice, which are corrected — is answered from the records'
columns, without unpacking any. Going through :attr:`~FocusedRepository.items`
still works, unpacking each item as it comes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import overload

from ..config import Policy
from ..model import Item, Repository
from .cache.codec import unpack_edition, unpack_responses
from .cache.items import Source, unpack_item
from .cache.records import Records


class LazyItems(Sequence[Item]):
    """The items of a :class:`~bulletin.check.cache.records.Records`, each unpacked when
    first read."""

    def __init__(self, records: Records, source: Source) -> None:
        self.records = records
        self._count = records.kinds.count("item")
        self._source = source
        self._made: dict[int, Item] = {}

    @functools.cached_property
    def positions(self) -> list[int]:
        """Where each item's record is in ``records``."""
        kinds = self.records.kinds
        if kinds[:self._count].count("item") == self._count:  # the walk gives items first
            return list(range(self._count))
        return [at for at, kind in enumerate(kinds) if kind == "item"]

    def at(self, position: int) -> Item:
        """The item of the record at ``position`` (of ``records``)."""
        item = self._made.get(position)
        if item is None:
            record = self.records.record(position)
            item = self._made[position] = unpack_item(record.value, self._source)
        return item

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            return [self.at(p) for p in self.positions[index]]
        return self.at(self.positions[index])

    def __iter__(self) -> Iterator[Item]:
        return (self.at(p) for p in self.positions)


class _ById(Mapping[str, list[Item]]):
    """Items by id, from the records' id column: an id's items are unpacked when asked for."""

    def __init__(self, items: LazyItems) -> None:
        self._items = items
        self._ids = items.records.item_ids()

    def __getitem__(self, item_id: str) -> list[Item]:
        found = [self._items.at(p) for p in self._items.records.positions_of(item_id)]
        if not found:
            raise KeyError(item_id)
        return found

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._ids

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class FocusedRepository(Repository):
    """A repository over cache records, its items unpacked on demand (see the module)."""

    def __init__(self, root: str, policy: Policy, records: Records,
                 source: Source) -> None:
        super().__init__(root=root, policy=policy)
        self.lazy = LazyItems(records, source)
        self.items = self.lazy
        self.files = records.paths
        for at, kind in enumerate(records.kinds):
            if kind == "edition":
                value = records.record(at).value
                if value is not None:
                    self.editions.append(unpack_edition(value))
            elif kind == "responses":
                self.responses.extend(unpack_responses(records.record(at).value))

    def items_by_id(self) -> Mapping[str, list[Item]]:
        if "items" not in self._index:
            self._index["items"] = _ById(self.lazy)
        result: _ById = self._index["items"]
        return result

    def items_where(self, path: Callable[[str], bool] | None) -> Iterable[Item]:
        if path is None:
            return self.lazy
        records = self.lazy.records
        return (self.lazy.at(p) for p in records.positions_where(path)
                if records.kinds[p] == "item")

    def duplicate_ids(self) -> set[str]:
        return self.lazy.records.duplicate_ids()

    def correcting(self, ids: set[str]) -> list[tuple[str, str]]:
        records = self.lazy.records
        return [(records.paths[at], target) for at, target in enumerate(records.corrects)
                if target is not None and target in ids]

    def corrected_ids(self) -> set[str]:
        if "corrected" not in self._index:
            self._index["corrected"] = set(filter(None, self.lazy.records.corrects))
        result: set[str] = self._index["corrected"]
        return result
