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
