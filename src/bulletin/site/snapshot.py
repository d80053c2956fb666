"""The repository as the build reads it, parsing only the files that changed.

:func:`~bulletin.load.repository.load_repository` parses every item on every build: at
10,000 items ~2.5 s of a ~8 s rebuild, for files that mostly did not change.
:func:`load_site_repository` reads every file too (cheap: ~0.1 s at 10,000),
but parses only those whose bytes it has not parsed before (on two cores
when there are many, as in a first build); the parsed values are kept in
``repository.bin`` of the repository's cache folder (outside the repository, see
:mod:`bulletin.cachedir`) under the hash of each file's bytes. A
parse is a function of the path, the bytes, the policy and the loader's code,
so the snapshot is keyed by the last two (:func:`snapshot_key`; the code is
that of every module of the package but the site's, through any of which the
loader could change) and a file by the first two: an edited, added, moved or
deleted file shows in the next build, and so does a change to ``bulletin.yml``.

The :class:`~bulletin.model.Repository` it returns is what ``load_repository``
returns, with one difference: an item's front matter keeps its data and
problems but not the position of every value (``meta.values``, ``meta.keys``),
which the site never shows and which would make loading the snapshot cost
more than parsing saves. Editions and responses keep theirs (the Assessment
section cites their lines). The loader's findings are not returned: the build
reports what it leaves out itself, and ``bulletin check`` reports the rest.

The file is plain data read with :mod:`marshal`, packed as the check's cache
packs it (:mod:`bulletin.check.cache.codec`): nothing in it can run code. It
starts with a BLAKE2b checksum of the rest, checked before anything is
unpacked: one that cannot be read (another Python, a half-written or a damaged
file) is ignored, with a log line, and the build parses everything.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import marshal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..check.cache import codec
from ..config import Policy
from ..diagnostics import Finding
from ..load.items import parse_item
from ..load.manifests import parse_edition, parse_responses
from ..load.read import MAX_BYTES, MAX_MANIFEST_BYTES, Text, decode_text, read_file
from ..load.walk import EDITIONS_DIR, ITEMS_DIR, classify, walk
from ..model import Directive, Heading, Item, Provenance, Repository
from ..safeyaml import Document, Pos, YamlProblem
from . import parallel
from .cache import digest, package_source, replace_file, source_hash, versions

log = logging.getLogger("mkdocs.plugins.bulletin")

FILE = "repository.bin"
MIN_PARSE = 400  # files to parse from which a second process parses half
FORMAT = "3"  # bump when what is stored, or how, changes
MAGIC = b"BULSNAP\n"
DIGEST = 32  # bytes of the BLAKE2b checksum after MAGIC
# Everything a file's parse depends on besides its bytes and the policy
LOADER_VERSION = ";".join([FORMAT, versions("pyyaml", "pydantic", "pydantic-core"),
                           source_hash(sys.modules[__name__]), package_source()])
_ITEM_FIELDS = tuple(f.name for f in dataclasses.fields(Item)
                     if f.name not in ("meta", "headings", "directives"))
_DIRECTIVE_FIELDS = tuple(f.name for f in dataclasses.fields(Directive))

Parsed = Any  # what one file holds: a packed item, an edition or None, a list of responses
Entry = tuple[bytes, str, Parsed]  # (hash of the bytes, kind, parsed)


def snapshot_key(policy: Policy) -> str:
    """What every parse in the snapshot depends on besides the file: code and policy."""
    return digest(LOADER_VERSION, repr(policy))


def load_site_repository(root: Path, policy: Policy, cache: Path | None) -> Repository:
    """Every item, edition and response under ``root``, as ``load_repository`` reads
    them (see the module's docstring for the one difference), reusing the parses of
    ``cache/repository.bin`` for files whose bytes are unchanged; ``cache`` None
    parses everything and keeps nothing. Many files to parse are parsed on two cores."""
    key = snapshot_key(policy)
    before = _read(cache / FILE, key) if cache is not None else {}
    files: list[str] = []
    read: list[tuple[str, str, bytes | None, list[Finding]]] = []
    for top in (ITEMS_DIR, EDITIONS_DIR):
        for rel, is_link in walk(root, top):
            kind = classify(rel)
            if kind in ("ignored", "asset") and not is_link:
                continue
            files.append(rel)
            if is_link or kind == "stray":
                continue  # read by nobody: load_repository only reports them
            limit = MAX_BYTES if kind == "item" else MAX_MANIFEST_BYTES
            read.append((rel, kind, *read_file(root, rel, limit)[:2]))
    after = _parse_new(read, before, policy)
    # the files' bytes are parsed now: let go of them before the items are made
    unread = [(rel, kind, data is None, findings) for rel, kind, data, findings in read]
    del read
    items: list[Item] = []
    repo = Repository(root=str(root), policy=policy, items=items, files=files)
    for rel, kind, missing, findings in unread:
        if missing:  # cannot be read: nothing worth keeping
            _add(repo, items, kind,
                 _parse_text(decode_text(rel, None, findings), kind, policy))
        else:  # without a cache to write, each parse goes once its values are made
            _add(repo, items, kind, (after.pop(rel) if cache is None else after[rel])[2])
    if cache is not None and (after.keys() != before.keys()
                              or any(after[rel] is not before[rel] for rel in after)):
        _write(cache / FILE, key, after)  # (read again only by the next build)
    return repo


def _parse_new(read: list[tuple[str, str, bytes | None, list[Finding]]],
               before: dict[str, Entry], policy: Policy) -> dict[str, Entry]:
    """The entries of the files ``read``: from ``before`` when the bytes are the same."""
    after: dict[str, Entry] = {}
    todo: list[tuple[str, str, bytes]] = []
    hashes: list[bytes] = []
    for rel, kind, data, _ in read:
        if data is None:
            continue
        sha = hashlib.sha256(data).digest()
        old = before.get(rel)
        if old is not None and old[0] == sha and old[1] == kind:
            after[rel] = old
        else:
            todo.append((rel, kind, data))
            hashes.append(sha)
    parsed = parallel.halves(functools.partial(_parse_all, policy), todo, MIN_PARSE)
    for (rel, kind, _), sha, value in zip(todo, hashes, parsed, strict=True):
        after[rel] = (sha, kind, value)
    return after


def _parse_all(policy: Policy, todo: Sequence[tuple[str, str, bytes]]) -> list[Parsed]:
    return [_parse_text(decode_text(rel, data), kind, policy) for rel, kind, data in todo]


def _parse_text(out: Text, kind: str, policy: Policy) -> Parsed:
    """A file's parse as plain data (what marshal stores)."""
    if kind == "item":
        return _pack(parse_item(out, policy)[0])
    if kind == "edition":
        edition = parse_edition(out, policy)[0]
        return None if edition is None else codec.pack_edition(edition)
    return codec.pack_responses(parse_responses(out, policy)[0])


def _add(repo: Repository, items: list[Item], kind: str, parsed: Parsed) -> None:
    """Add a parsed file to ``repo`` (whose items are ``items``) as ``load_repository`` does;
    each value is made anew: the snapshot's plain data stays as it is."""
    if kind == "item":
        items.append(_unpack(parsed))
    elif kind == "edition":
        if parsed is not None:
            repo.editions.append(codec.unpack_edition(parsed, lazy=False))
    else:
        repo.responses.extend(codec.unpack_responses(parsed))


def _pack(item: Item) -> tuple[Any, ...]:
    """``item`` as plain data (dates tagged, see :func:`bulletin.check.cache.codec.encode`)."""
    return (tuple(codec.encode(_plain(getattr(item, name))) for name in _ITEM_FIELDS),
            tuple((h.text, h.line) for h in item.headings),
            tuple(tuple(getattr(d, name) for name in _DIRECTIVE_FIELDS)
                  for d in item.directives),
            codec.encode(item.meta.data),
            tuple((p.kind, p.message, p.pos.line, p.pos.column, p.fatal)
                  for p in item.meta.problems))


def _plain(value: Any) -> Any:
    """A relayed item's provenance as one string (marshal takes no dataclass; its fields
    hold no control character)."""
    return "\x1f".join(dataclasses.astuple(value)) if isinstance(value, Provenance) else value


def _unpack(packed: tuple[Any, ...]) -> Item:
    values, headings, directives, data, problems = packed
    item = Item(**dict(zip(_ITEM_FIELDS, map(codec.decode, values), strict=True)),
                meta=Document(codec.decode(data), problems=[
                    YamlProblem(kind, message, Pos(line, column), fatal)
                    for kind, message, line, column, fatal in problems]))
    item.headings = [Heading(*h) for h in headings]
    item.directives = [Directive(*d) for d in directives]
    source: Any = item.relayed_from
    if isinstance(source, str):
        item.relayed_from = Provenance(*source.split("\x1f"))
    return item


def _read(path: Path, key: str) -> dict[str, Entry]:
    """The snapshot at ``path`` when it was made under ``key``; else an empty one."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        log.info(f"bulletin: {path.name} not read ({exc}); parsing all files")
        return {}
    head = len(MAGIC) + DIGEST
    body = memoryview(data)[head:]
    if data[:len(MAGIC)] != MAGIC or \
            hashlib.blake2b(body, digest_size=DIGEST).digest() != data[len(MAGIC):head]:
        log.warning(f"bulletin: {path.name} in the cache is damaged; parsing all files")
        return {}
    try:
        stored = marshal.loads(body)
        if stored["key"] == key:
            entries: dict[str, Entry] = stored["files"]
            return entries
    except Exception as exc:  # whole but not this format: parse everything again
        log.info(f"bulletin: {path.name} not read ({exc.__class__.__name__}); parsing all files")
    return {}


def _write(path: Path, key: str, entries: dict[str, Entry]) -> None:
    """Replace the snapshot in one step (no fsync: a damaged one fails its checksum)."""
    body = marshal.dumps({"key": key, "files": entries}, 4)
    replace_file(path, MAGIC + hashlib.blake2b(body, digest_size=DIGEST).digest() + body)
