"""What a branch changed since a base: the data git gives the check (and its review rules).

Kept apart from the model and free of heavy imports, so that a pull request's check
can ask git for it while the rest of the check is still being imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ChangeSet:
    """Repository paths (POSIX, relative to the bulletin root) a branch touched."""

    base: str
    added: set[str] = field(default_factory=set)
    modified: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)  # new path → old path
    untracked: set[str] = field(default_factory=set)
    """The added paths git does not track yet (a working tree's, never a commit's)."""
    ignored: set[str] | None = field(default=None, compare=False)
    """Files under ``items/`` and ``bulletins/`` that git ignores (None: not asked)."""

    @property
    def present(self) -> set[str]:
        """Changed paths that exist now (what to report on)."""
        return self.added | self.modified | set(self.renamed)

    @property
    def touched(self) -> set[str]:
        """Every path the branch changed: deleted and renamed-from paths included."""
        return self.present | self.deleted | set(self.renamed.values())
