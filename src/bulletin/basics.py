"""What every command needs before anything heavy is imported: the fixed vocabularies
its options offer, and where the repository is.

Importing this module costs next to nothing (no YAML, no pydantic, no rules), so that
``bulletin check --changed-since`` can set git to work while the check's own modules
are still being imported.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import RepositoryNotFound

POLICY_FILE = "bulletin.yml"
PRIORITIES = ("routine", "important", "urgent")
EDITION_TYPES = ("regular", "flash", "special")
CHECK_FORMATS = ("text", "json", "markdown", "github", "gitlab")
"""Report formats of ``bulletin check``."""
SCORE_FORMATS = ("text", "csv", "json", "markdown")
"""Report formats of ``bulletin score``."""
FORGES = ("github", "gitea", "gitlab")


def find_root(start: str | os.PathLike[str] | None = None) -> Path:
    """The nearest folder at or above ``start`` that holds ``bulletin.yml``."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / POLICY_FILE).is_file():
            return folder
    where = "here" if start is None else str(start)
    raise RepositoryNotFound(f"no {POLICY_FILE} found {where} or in any parent folder; "
                             "run 'bulletin init DIR' to start a bulletin, or pass --repo DIR")
