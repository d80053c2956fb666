"""The few exceptions bulletin raises: only for "cannot go on".

Problems in a user's files are never exceptions; they are diagnostics
(:mod:`bulletin.diagnostics`). The CLI turns these exceptions into a message
and exit code 2.
"""

from __future__ import annotations


class BulletinError(Exception):
    """Base class: a problem the user can act on, with a message that says how."""


class RepositoryNotFound(BulletinError):
    """Raised by :func:`bulletin.basics.find_root` when no ``bulletin.yml`` is found."""


class PolicyError(BulletinError):
    """Raised by the CLI when ``bulletin.yml`` has errors and nothing can be checked.

    ``diagnostics`` holds the located problems.
    """

    def __init__(self, message: str, diagnostics: list[object]) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics


class UsageError(BulletinError):
    """Raised by library functions for a bad argument (unknown unit, bad date...)."""


class WriteFailed(BulletinError, OSError):
    """Raised by :func:`bulletin.fsutil.write_atomic` (and the build) when a file cannot be
    written: a full disk, a file-size limit, no permission. An ``OSError`` too, so that
    code that may do without a file (a cache) goes on as for any other I/O error."""

    def __str__(self) -> str:
        return str(self.strerror or super().__str__())


def write_failed(exc: OSError, path: object = None, within: object = None) -> WriteFailed:
    """A :class:`WriteFailed` for ``exc``: "cannot write PATH: No space left on device".
    ``within`` names where the file was, when ``exc`` does not say which it was."""
    where = path if path is not None else exc.filename2 or exc.filename
    what = f"cannot write {where}" if where is not None else \
        f"cannot write a file in {within}" if within is not None else "cannot write a file"
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = " (the disk is full)" if exc.errno in (28, 122) else \
        " (a file-size limit)" if exc.errno == 27 else ""
    return WriteFailed(exc.errno or 0, f"{what}: {reason}{hint}")
