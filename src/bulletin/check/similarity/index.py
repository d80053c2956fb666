"""The similarity index: the signatures of a set of items, kept, stored and asked about.

:class:`SimilarityIndex` keeps the signatures and sketches of a set of items;
it and its file (:mod:`bulletin.check.similarity.store`) are the only parts
that do I/O. With a cache folder it is loaded from and saved to one file
there. Items are keyed by a hash of their text
(:func:`~.signatures.content_key`), so an unchanged item is not hashed again.
A missing, outdated or damaged file is ignored and the index rebuilt;
opening never fails because of the file.

Changes (:meth:`~SimilarityIndex.update`, :meth:`~SimilarityIndex.sync`, ...)
are kept aside and folded into the index's arrays
(:mod:`bulletin.check.similarity.arrays`) before a question that needs them;
the questions themselves are :mod:`bulletin.check.similarity.queries`.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .arrays import Arrays, CorruptIndex, Entry, folded, stale_ids
from .candidates import DEFAULT_MAX_DF
from .matches import DEFAULT_CONTAINMENT, DEFAULT_THRESHOLD, Match, check_thresholds
from .queries import Found, all_pairs, pairs_with_changes, pairs_with_text
from .signatures import KEY_BYTES, Signature, content_key, signature
from .store import INDEX_FILE, mark_verified, read, remove_stale_temporaries, write

__all__ = ["Doc", "IndexStats", "SimilarityIndex"]


@dataclass(frozen=True)
class Doc:
    """An item to compare: its id (e.g. its path) and its text.

    The text is what is compared: title, summary and body joined by
    newlines, without the rest of the front matter.
    """

    id: str
    text: str


@dataclass
class IndexStats:
    """Counters of what an index did since it was opened.

    ``loaded``: items read from the cache file; ``trusted``: it was the very file
    last known whole (see :mod:`.store`), read without checksums. ``rebuilt``: why a cache
    file was ignored (``None`` if it was used or there was none).
    ``unsaved``: why the last :meth:`SimilarityIndex.save` failed, if it did.
    ``hashed``: items whose signature was computed; ``reused``: items whose
    stored signature was kept (same id and text, or the same text under
    another id); ``dropped``: items removed. ``candidates`` and
    ``compared``: for the last query, the candidate pairs found and those
    measured exactly.
    """

    loaded: int = 0
    trusted: bool = False
    rebuilt: str | None = None
    unsaved: str | None = None
    hashed: int = 0
    reused: int = 0
    dropped: int = 0
    candidates: int = 0
    compared: int = 0


@dataclass
class SimilarityIndex:
    """The signatures of a set of items, optionally kept in a cache folder.

    Make one with :meth:`open`, give it the items with :meth:`update` (or
    :meth:`sync` for the complete set), ask :meth:`near_duplicates` or
    :meth:`similar_to`, and :meth:`save` it.
    """

    cache_dir: Path | None
    max_df: int = DEFAULT_MAX_DF
    stats: IndexStats = field(default_factory=IndexStats)
    _base: Arrays = field(default_factory=Arrays.empty, repr=False)
    _positions: dict[str, int] | None = field(default=None, repr=False)
    _stamp: str = field(default="", repr=False)
    _changed: dict[str, Entry | None] = field(default_factory=dict, repr=False)
    _dirty: bool = field(default=False, repr=False)

    # -- opening and saving ------------------------------------------------

    @classmethod
    def open(cls, cache_dir: Path | None, *, max_df: int = DEFAULT_MAX_DF,
             lazy: bool = False) -> SimilarityIndex:
        """The index stored in ``cache_dir``, or an empty one.

        ``cache_dir=None`` keeps the index in memory only. A missing file
        gives an empty index; a file of another format version or with other
        parameters, or a damaged one, is ignored (``stats.rebuilt`` says why)
        and replaced on :meth:`save`.

        ``lazy=True`` verifies the file's checksums only for the parts that are
        read, when they are read: a few items asked about (:meth:`pairs_with`) in
        a large index read a small part of it. Damage is then found late: a
        question may raise :class:`CorruptIndex`; open the index again, not lazily,
        to have it found at once (an empty index, ``stats.rebuilt`` saying why).
        """
        index = cls(cache_dir=cache_dir, max_df=max_df)
        if cache_dir is None:
            return index
        try:
            base, stamp = read(cache_dir / INDEX_FILE)
            index.stats.trusted = base.check is None
            if not lazy and not index.stats.trusted:
                base.verify()
                mark_verified(cache_dir / INDEX_FILE, stamp)  # unless it was replaced since
        except FileNotFoundError:
            return index
        except (CorruptIndex, OSError, ValueError) as exc:
            index.stats.rebuilt = str(exc) or type(exc).__name__
            index._dirty = True
            return index
        index._base, index._stamp = base, stamp
        index.stats.loaded = len(base.ids)
        return index

    def save(self) -> bool:
        """Write the index to its cache folder, atomically; False if it could not be written.

        Does nothing (and returns True) for an in-memory index, or when
        nothing changed since it was loaded or saved. A cache that cannot be
        written (read-only checkout, full disk) is not an error: the reason
        is kept in ``stats.unsaved``.
        """
        if self.cache_dir is None:
            return True
        path = self.cache_dir / INDEX_FILE
        base = self._compact()
        if not self._dirty and self._stamp and path.exists():
            return True  # (a file without a stamp is written again, to have one)
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(self.cache_dir)
            self._stamp = write(path, base)
        except (OSError, ValueError) as exc:  # ValueError: an id the file cannot hold
            self.stats.unsaved = str(exc)
            return False
        self._dirty = False
        self.stats.unsaved = None
        return True

    @property
    def stamp(self) -> str:
        """Names the index file as last read or written (random; "" when there is none):
        another cache may record it, to know the file has not been replaced since."""
        return "" if self._changed else self._stamp

    def key_of(self, doc_id: str) -> bytes | None:
        """The content key an item is indexed under (None: not indexed)."""
        entry = self._changed.get(doc_id, False)
        if entry is not False:
            return None if entry is None else entry.key  # type: ignore[union-attr]
        i = self._find(doc_id)
        return None if i is None else bytes(self._base.keys[i])

    @property
    def _pos(self) -> dict[str, int]:
        """Positions in the stored arrays, by id."""
        if self._positions is None:
            self._positions = {doc_id: i for i, doc_id in enumerate(self._base.ids)}
        return self._positions

    def _find(self, doc_id: str) -> int | None:
        """Where ``doc_id`` is in the stored arrays, without building :attr:`_pos` (the
        ids are sorted)."""
        if self._positions is not None:
            return self._positions.get(doc_id)
        ids = self._base.ids
        i = bisect.bisect_left(ids, doc_id)
        return i if i < len(ids) and ids[i] == doc_id else None

    # -- contents ----------------------------------------------------------

    def __len__(self) -> int:
        return len(self._compact().ids)

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, str):
            return False
        if doc_id in self._changed:
            return self._changed[doc_id] is not None
        return doc_id in self._pos

    @property
    def ids(self) -> list[str]:
        """The ids of the indexed items, sorted."""
        return list(self._compact().ids)

    def update(self, docs: Iterable[Doc]) -> None:
        """Add these items, replacing any with the same id.

        An item whose text is unchanged, or already indexed under another
        id, keeps the stored signature; the others are hashed.
        """
        stored = functools.cache(self._signatures_by_key)
        for doc in docs:
            key = content_key(doc.text)
            if not self._kept(doc.id, key) and not self._copied(doc.id, key, stored):
                sig = stored()[key] = signature(doc.text)  # another doc may have this text
                self._changed[doc.id] = Entry(key, sig)
                self.stats.hashed += 1

    def remove(self, ids: Iterable[str]) -> None:
        """Drop the items with these ids; unknown ids are ignored."""
        for doc_id in ids:
            if doc_id in self:
                self._changed[doc_id] = None
                self.stats.dropped += 1

    def sync_keys(self, entries: Iterable[tuple[str, bytes, bytes | None]]) -> list[str]:
        """Make the index hold exactly these items, given as ``(id, key, signature)``.

        Like :meth:`sync`, for a caller that knows each text's :func:`content_key`
        and, for the texts it has just read, their signatures (``signature(text)``
        as bytes; None when not computed). Returns the ids whose signature is
        still needed: a new key, and no stored text with that key; give them to
        :meth:`put`.
        """
        entries = list(entries)
        wanted = {doc_id for doc_id, _, _ in entries}
        self.remove([doc_id for doc_id in self.ids if doc_id not in wanted])
        stored = functools.cache(self._signatures_by_key)
        missing = []
        for doc_id, key, raw in entries:
            if self._kept(doc_id, key):
                continue
            if raw is not None:
                self._changed[doc_id] = Entry(key, np.frombuffer(raw, dtype=np.uint32))
                self.stats.hashed += 1
            elif not self._copied(doc_id, key, stored):
                missing.append(doc_id)
        return missing

    def _kept(self, doc_id: str, key: bytes) -> bool:
        """Whether ``doc_id`` is indexed under ``key`` already (then counted as reused)."""
        current = self._entry(doc_id)
        if current is None or current.key != key:
            return False
        self.stats.reused += 1
        return True

    def _copied(self, doc_id: str, key: bytes,
                stored: Callable[[], dict[bytes, Signature]]) -> bool:
        """Index ``doc_id`` under ``key`` with the signature another text with that key
        has (``stored()``: the signatures by key); False when none has."""
        sig = stored().get(key)
        if sig is None:
            return False
        self._changed[doc_id] = Entry(key, sig)
        self.stats.reused += 1
        return True

    def compact(self) -> None:
        """Fold the pending changes in now (queries do it anyway)."""
        self._compact()

    def put(self, doc_id: str, key: bytes, sig: Signature) -> None:
        """Store one item's signature under ``key`` (see :meth:`sync_keys`)."""
        self._changed[doc_id] = Entry(key, sig)
        self.stats.hashed += 1

    def sync(self, docs: Iterable[Doc]) -> None:
        """Make the index hold exactly ``docs``: update them and drop every other id."""
        docs = list(docs)
        wanted = {doc.id for doc in docs}
        self.remove([doc_id for doc_id in self.ids if doc_id not in wanted])
        self.update(docs)

    # -- queries -------------------------------------------------------------

    def near_duplicates(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        containment: float | None = DEFAULT_CONTAINMENT,
    ) -> list[Match]:
        """Every near-duplicate pair of indexed items, each once, with ``a < b``.

        A pair is reported when it shares at least ``MIN_SHARED`` shingles
        and its similarity reaches ``threshold`` or its containment reaches
        ``containment`` (``None``: similarity alone decides). Thresholds
        well below the default lose recall: the bands are tuned for 0.7.
        """
        check_thresholds(threshold, containment)
        return self._answer(all_pairs(self._compact(), self.max_df, threshold, containment))

    def similar_to(
        self,
        doc: Doc,
        threshold: float = DEFAULT_THRESHOLD,
        containment: float | None = DEFAULT_CONTAINMENT,
    ) -> list[Match]:
        """The indexed items that ``doc`` nearly duplicates, as ``Match(doc.id, other, ...)``.

        The index is not changed. An indexed item with the same id is left
        out of the comparison. The rule is that of :meth:`near_duplicates`:
        for an item not in the index, the answer is the pairs that
        :meth:`near_duplicates` would report with it after it was added;
        for an indexed item, the pairs it reports with it. (For an indexed id
        with a new text, the stored text still counts towards how common a
        shingle is.)
        """
        check_thresholds(threshold, containment)
        base = self._compact()
        own = self._pos.get(doc.id, -1)
        return self._answer(pairs_with_text(base, own, doc.id, doc.text, self.max_df,
                                            threshold, containment))

    def stale(self, current: dict[str, bytes]) -> tuple[list[str], list[str]]:
        """What :meth:`sync_keys` with ``current`` (id → key) would change: the ids to
        add or re-hash, and the ids to drop (without changing anything)."""
        return stale_ids(self._compact(partial=True), self._pos, current)  # the keys only

    def pairs_with(
        self,
        queries: Iterable[str],
        changed: Iterable[tuple[str, Signature]],
        removed: Iterable[str],
        threshold: float = DEFAULT_THRESHOLD,
        containment: float | None = DEFAULT_CONTAINMENT,
    ) -> list[Match]:
        """The pairs :meth:`near_duplicates` would report once ``changed`` (id, signature)
        were added or re-hashed and ``removed`` dropped, that involve one of ``queries``.

        Nothing is changed and nothing is folded in: the cost grows with the queries
        and the changes, not with the index, which suits a pull request's few items
        against a large stored index. Candidates are found by the same bands (and
        bucket limit) and the same shared samples (and ``max_df``), counted over the
        index as it would be, so the answer is that of :meth:`near_duplicates`.
        """
        check_thresholds(threshold, containment)
        base = self._compact(partial=True)
        return self._answer(pairs_with_changes(base, self._find, queries, changed, removed,
                                               self.max_df, threshold, containment))

    def _answer(self, found: Found) -> list[Match]:
        """The matches a query found, its counts kept in :attr:`stats`."""
        self.stats.candidates, self.stats.compared = found.candidates, found.compared
        return found.matches

    # -- internals -----------------------------------------------------------

    def _entry(self, doc_id: str) -> Entry | None:
        if doc_id in self._changed:
            return self._changed[doc_id]
        i = self._pos.get(doc_id)
        if i is None:
            return None
        return Entry(bytes(self._base.keys[i]), self._base.sig(i))

    def _signatures_by_key(self) -> dict[bytes, Signature]:
        base = self._base
        raw = base.keys.tobytes()
        found = {
            raw[i * KEY_BYTES : (i + 1) * KEY_BYTES]: base.sig(i) for i in range(len(base.ids))
        }
        found.update({e.key: e.sig for e in self._changed.values() if e is not None})
        return found

    def _compact(self, partial: bool = False) -> Arrays:
        """Fold the pending changes into the sorted arrays, verified whole unless
        ``partial`` (then each part is verified as it is read, see :meth:`open`)."""
        if not partial or self._changed:
            self._base.verify()
        if not self._changed:
            return self._base
        changed, self._changed = self._changed, {}
        self._base = folded(self._base, changed)  # empties changed: no signature held twice
        self._positions = None
        self._stamp = ""  # not what the file holds
        self._dirty = True
        return self._base
