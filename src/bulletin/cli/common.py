"""What the commands share: the ``--repo`` option, the one-line error message with
exit code 2, the repository and its policy, and paths shown as the user typed them.

Kept cheap to import (click and :mod:`bulletin.basics`): the policy's loader is
imported only when a command asks for the policy."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..basics import find_root
from ..errors import BulletinError, UsageError

if TYPE_CHECKING:
    from ..config import Policy

F = TypeVar("F", bound=Callable[..., Any])


def repo_option(fn: F) -> F:
    """``--repo DIR``, shared by every command."""
    return click.option(
        "--repo", "repo", type=click.Path(file_okay=False, path_type=Path),
        help="The bulletin repository (default: the folder holding bulletin.yml, here or above).",
    )(fn)


def friendly_errors(fn: F) -> F:
    """Turn :class:`BulletinError` into a one-line message and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BulletinError as exc:
            click.echo(f"bulletin: error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def repository_root(repo: Path | None) -> Path:
    """The bulletin repository: ``--repo`` when given, else the folder holding
    bulletin.yml, here or above."""
    if repo is not None and not (repo / "bulletin.yml").is_file():
        raise UsageError(f"{repo} holds no bulletin.yml")
    return find_root(repo) if repo is not None else find_root()


def display_path(path: Path) -> str:
    """``path`` relative to the current folder when it lies below it, else absolute."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(Path(path).resolve()) if rel.startswith("..") else rel


def load_valid_policy(root: Path) -> Policy:
    """The policy in ``root``'s bulletin.yml; a usage error listing its problems
    when it is invalid."""
    from ..load.repository import load_policy

    loaded = load_policy(root)
    if loaded.policy is None:
        lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in loaded.findings]
        raise UsageError("bulletin.yml is invalid:\n" + "\n".join(lines) +
                         "\nrun 'bulletin check' for details")
    return loaded.policy
