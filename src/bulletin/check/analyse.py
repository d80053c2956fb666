"""One file → one :class:`~bulletin.check.cache.records.Record`: read it, parse it, run the
per-file rules.

This is the part of a check that is done once per file and cached; it runs in
worker processes when there are many files to read (a cold check), in the
checking process otherwise. A record depends only on the file's path and bytes,
the policy and bulletin's own code: the same file gives the same record in any
process, on any day.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..children import die_with_parent
from ..config import Policy
from ..diagnostics import Finding
from ..load.items import parse_item
from ..load.manifests import parse_edition, parse_responses
from ..load.read import MAX_BYTES, MAX_MANIFEST_BYTES, Text, decode_text, read_file
from ..load.walk import classify
from ..model import Item, Repository
from .cache.codec import pack_edition, pack_findings, pack_responses, pack_stat
from .cache.items import pack_item
from .cache.records import Record
from .rules import REGISTRY, Context

RACY_NS = 2_000_000_000
"""A file changed less than this long before it was read may change again unseen
within the file system's time resolution: its record is trusted only by content."""
PARALLEL_MIN = 400
"""Fewer files to read than this are read in the checking process: starting worker
processes would cost more than it saves."""
CHUNK = 64


@dataclass(frozen=True)
class Job:
    """What every file is judged against: the repository, its policy and rule settings."""

    root: Path
    policy: Policy
    options: dict[str, dict[str, Any]]
    item_rules: tuple[str, ...]
    """Codes of the enabled per-file item rules, in registry order."""


@dataclass
class Analysed:
    """A file's record and, for an item read just now, its text's similarity signature."""

    path: str
    record: Record
    signature: bytes | None = None


def blob_id(data: bytes) -> str:
    """The git blob id of ``data``: equal ids mean equal bytes, here and in git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def similarity_text(item: Item) -> str:
    """What the near-duplicate rule compares: title, summary and body."""
    return "\n".join(filter(None, [item.title, item.summary, item.body]))


def analyse(job: Job, rel: str, is_link: bool) -> Analysed:
    """Read and judge one file of ``items/`` or ``bulletins/``."""
    kind = "link" if is_link else classify(rel)
    if kind == "stray":
        stray = Finding("S025", "not an item, edition or responses file; bulletin ignores it",
                        path=rel)
        return Analysed(rel, Record(kind, None, "", False, pack_findings([stray]),
                                          b"", None, None))
    if kind == "asset":
        return _analyse_media(job, rel)
    limit = MAX_BYTES if kind in ("item", "link") else MAX_MANIFEST_BYTES
    data, found, st = read_file(job.root, rel, limit)
    stat = None if st is None else pack_stat(st)
    racy = st is not None and max(st.st_mtime_ns, st.st_ctime_ns) >= time.time_ns() - RACY_NS
    sha = "" if data is None else blob_id(data)
    if kind == "link":
        return Analysed(rel, Record(kind, stat, "", racy, pack_findings(found), b"",
                                          None, None))
    out = decode_text(rel, data, found)
    if kind == "item":
        return _analyse_item(job, rel, out, Record(kind, stat, sha, racy, b"", b"", None,
                                                        None))
    if kind == "edition":
        edition, findings = parse_edition(out, job.policy)
        value = None if edition is None else pack_edition(edition)
    else:
        responses, findings = parse_responses(out, job.policy)
        value = pack_responses(responses)
    return Analysed(rel, Record(kind, stat, sha, racy, pack_findings(findings), b"",
                                      value, None))


def _analyse_media(job: Job, rel: str) -> Analysed:
    """A picture beside the items: what the build would refuse to publish (C007), where."""
    from ..media import MAX_MEDIA_BYTES, inspect

    data, found, st = read_file(job.root, rel, MAX_MEDIA_BYTES)
    stat = None if st is None else pack_stat(st)
    racy = st is not None and max(st.st_mtime_ns, st.st_ctime_ns) >= time.time_ns() - RACY_NS
    if data is not None:
        found += [Finding("C007", f"{r.message}; the site leaves the picture out", r.line,
                          r.column, path=rel) for r in inspect(rel, data).refusals]
    return Analysed(rel, Record("asset", stat, "" if data is None else blob_id(data), racy,
                                pack_findings(found), b"", None, None))


def _analyse_item(job: Job, rel: str, out: Text, base: Record) -> Analysed:
    from .similarity.signatures import content_key, signature

    item, findings = parse_item(out, job.policy)
    ctx_repo = Repository(root=str(job.root), policy=job.policy)
    ruled: list[Finding] = []
    for code in job.item_rules:
        check = REGISTRY[code].check
        assert check is not None
        ctx = Context(ctx_repo, job.options[code], dt.date.min)  # per-file rules: no today
        ruled += (f if f.path else Finding(f.code, f.message, f.line, f.column, rel, f.fix)
                  for f in check(item, ctx))
    key = sig = None
    if item.meta.ok and isinstance(item.meta.data, dict):
        text = similarity_text(item)
        key, sig = content_key(text), signature(text).tobytes()
    record = base._replace(found=pack_findings(findings), ruled=pack_findings(ruled),
                           value=pack_item(item), similarity=key)
    return Analysed(rel, record, sig)


# --- many files, on every core ------------------------------------------------------------

_worker_job: Job | None = None


def _start_worker(job: Job, parent: int) -> None:
    global _worker_job
    die_with_parent(parent)  # a check killed with -9 leaves no worker behind
    _worker_job = job
    gc.freeze()  # what the worker inherited lives on: spare it the collector's scans


def _analyse_chunk(chunk: Sequence[tuple[str, bool]]) -> list[Analysed]:
    assert _worker_job is not None
    return [analyse(_worker_job, rel, is_link) for rel, is_link in chunk]


def analyse_all(job: Job, files: Sequence[tuple[str, bool]],
                jobs: int | None = None) -> Iterator[Analysed]:
    """Analyse ``files`` (path, is-link), in order, on up to ``jobs`` processes.

    ``jobs=None`` uses every core, but one process for fewer than
    :data:`PARALLEL_MIN` files.
    """
    workers = _workers(len(files), jobs)
    if workers <= 1:
        for rel, is_link in files:
            yield analyse(job, rel, is_link)
        return
    import concurrent.futures  # here: most checks read a few files, in this process

    size = max(1, min(CHUNK, len(files) // (4 * workers)))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=_context(),
                                                initializer=_start_worker,
                                                initargs=(job, os.getpid())) as pool:
        for done in pool.map(_analyse_chunk, chunks):
            yield from done


def _workers(count: int, jobs: int | None) -> int:
    if jobs is None:
        if count < PARALLEL_MIN:
            return 1
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
            (os.cpu_count() or 1)
    return max(1, min(jobs, count))


def _context() -> Any:
    # fork starts a worker in milliseconds with everything imported; elsewhere (macOS,
    # Windows) only spawn is safe
    import multiprocessing

    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
