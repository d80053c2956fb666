"""Writing files safely: every file bulletin writes is written atomically."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import write_failed


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace ``path`` with ``data`` in one step; readers never see half a file.

    The text is written to a temporary file beside ``path``, flushed to disk,
    given the old file's permissions and renamed over it. When that fails (a full
    disk, a file-size limit) nothing is left behind and :class:`~bulletin.errors.WriteFailed` says
    which file could not be written, and why.
    """
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        _write(target, raw)
    except OSError as exc:
        raise write_failed(exc, target) from exc


def _write(target: Path, raw: bytes) -> None:
    if _special(target):  # -o /dev/null, a pipe: write into it, never rename over it
        with open(target, "wb") as handle:
            handle.write(raw)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _special(target: Path) -> bool:
    """True when ``target`` exists and is not a regular file (a device, a pipe): renaming a
    file over it would replace ``/dev/null`` itself for every process on the machine."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)
