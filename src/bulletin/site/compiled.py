"""Compiled templates, kept in the repository's cache folder: compiling Material's
templates costs ~0.3 s of CPU a build, loading them ~0.01 s.

Jinja's own ``FileSystemBytecodeCache`` reads each file's source checksum with
:mod:`pickle`, so one planted file runs code. :class:`TemplateCache` unpickles
nothing: a file is the SHA-256 of the rest, then (:mod:`marshal`) the source's
checksum and the code; one whose SHA-256 does not match is removed, never
loaded. The folder is outside the repository (:mod:`bulletin.cachedir`): no
compiled template comes from a commit.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2

from .cache import digest, replace_file, versions

log = logging.getLogger("mkdocs.plugins.bulletin")


def template_cache(folder: Path | None, name: str,
                   env: jinja2.Environment) -> TemplateCache | None:
    """A cache of ``env``'s compiled templates in ``folder/templates/name`` (None without
    a cache folder): compiling Material's templates costs ~0.2 s a build.

    Jinja checks each template's source; what else shapes the compiled code (Python's
    and Jinja's versions, the environment's syntax and options) is in the files'
    names, and files of other settings are removed.
    """
    if folder is None:
        return None
    options: list[Any] = [versions("jinja2"), sys.implementation.cache_tag, marshal.version,
                          sorted(env.extensions), env.optimized,
                          env.is_async, _name(env.autoescape), _name(env.finalize)]
    options += [getattr(env, key) for key in (
        "block_start_string", "block_end_string", "variable_start_string",
        "variable_end_string", "comment_start_string", "comment_end_string",
        "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
        "newline_sequence", "keep_trailing_newline")]
    prefix = digest(repr(options))[:16]
    where = folder / "templates" / name
    try:
        where.mkdir(parents=True, exist_ok=True)
        for old in where.iterdir():
            if not old.name.startswith(prefix):
                old.unlink()
    except OSError as exc:
        log.warning(f"bulletin: no template cache ({exc})")
        return None
    return TemplateCache(where, prefix)


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates, a file each: the SHA-256 of the rest, then (marshal) the
    template source's checksum and its code.

    Unlike Jinja's ``FileSystemBytecodeCache``, which reads the source's checksum
    with :mod:`pickle`, nothing here is unpickled, and a file whose SHA-256 does
    not match is removed, never loaded. The folder is the repository's cache
    folder, outside the repository: no compiled template comes from a commit.
    """

    def __init__(self, directory: Path, prefix: str) -> None:
        self.directory, self.prefix = directory, prefix

    def path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.directory / f"{self.prefix}-{bucket.key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self.path(bucket)
        try:
            data = path.read_bytes()
        except OSError:
            return
        stored = _unpack_template(data)
        if stored is None:
            log.warning(f"bulletin: compiled template {path.name} is damaged; compiled anew")
            path.unlink(missing_ok=True)
        elif stored[0] == bucket.checksum:  # else the template changed: compiled again
            bucket.code = stored[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is None:
            return
        body = marshal.dumps((bucket.checksum, bucket.code))
        replace_file(self.path(bucket), hashlib.sha256(body).digest() + body)

    def clear(self) -> None:
        for old in self.directory.glob(f"{self.prefix}-*.cache"):
            old.unlink(missing_ok=True)


def _unpack_template(data: bytes) -> tuple[Any, CodeType] | None:
    """(source checksum, code) of a file of :class:`TemplateCache`; None if damaged."""
    body = data[32:]
    if hashlib.sha256(body).digest() != data[:32]:
        return None
    try:
        value = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], CodeType):
        return value[0], value[1]
    return None


def has_templates(bytecode: jinja2.BytecodeCache) -> bool:
    """Whether a cache of :func:`template_cache` holds compiled templates already."""
    if not isinstance(bytecode, TemplateCache):
        return False
    return any(name.startswith(bytecode.prefix) and name.endswith(".cache")
               for name in os.listdir(bytecode.directory))


def _name(value: Any) -> str:
    """A setting that may be a function, by name (its ``repr`` changes every run)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    return repr(value)
