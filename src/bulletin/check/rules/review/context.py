"""What the review rules judge, and by which policy: the :class:`Review` of a pull
request, and who may change which path (the policy's ``review.member_paths``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ....changes import ChangeSet
from ....config import Policy
from ....load.walk import EDITIONS_DIR, ITEMS_DIR
from ....model import Repository

CONTENT_DIRS = (f"{ITEMS_DIR}/", f"{EDITIONS_DIR}/")


@dataclass
class Review:
    """What a pull request does, who opened it, and the policy that judges it."""

    author: str | None
    changes: ChangeSet
    published: set[str] = field(default_factory=set)
    """Ids of the items the base's editions had published."""
    policy: Policy | None = None
    """The base's policy, which judges the branch: its editors, units, members,
    ``review`` settings and G rule settings (None: the branch's own, see ``policy_note``)."""
    policy_note: str = ""
    """Why the branch's own policy judges (the base has no valid ``bulletin.yml``)."""
    others: tuple[str, ...] = ()
    """Further identities that may have written the change, when the forge does not
    say for certain who opened the pull request: a change must be allowed to each."""
    author_note: str = ""
    """Why the author is not known for certain ('' when it is)."""

    def identities(self) -> list[str]:
        """Everyone judged: the author, then the others."""
        return [i for i in (self.author, *self.others) if i]

    def judge(self, repo: Repository) -> Policy:
        """The policy that judges the pull request."""
        return self.policy or repo.policy

    def units_of(self, policy: Policy, login: str | None = None) -> set[str]:
        """The units ``login`` (default: the author) is a member of."""
        who = self.author if login is None else login
        return {key for key, unit in policy.units.items() if who in unit.members}

    def is_editor(self, policy: Policy, login: str | None = None) -> bool:
        who = self.author if login is None else login
        return who is not None and who in policy.editors

    def staff(self, policy: Policy) -> list[str]:
        """The identities judged that are not editors (whom the permissions bind)."""
        return [i for i in self.identities() if i not in policy.editors]

    def touched(self) -> Iterator[str]:
        """Every path the branch changed (deleted and renamed-from included), but for
        untracked files outside ``items/`` and ``bulletins/``: those are no commit's,
        but what tools left in the working tree (a report, a virtual environment)."""
        c = self.changes
        for path in sorted(c.touched):
            if path not in c.untracked or path.startswith(CONTENT_DIRS):
                yield path


def review_of(repo: Repository) -> Review | None:
    review = repo.review
    return review if isinstance(review, Review) else None


def unit_folder(path: str) -> str | None:
    """The unit whose folder under ``items/`` holds ``path`` (None: not in one)."""
    parts = PurePosixPath(path).parts
    return parts[1] if len(parts) >= 3 and parts[0] == ITEMS_DIR else None


def may_change(policy: Policy, review: Review, login: str, path: str) -> bool:
    """Whether ``login`` may change ``path``: an editor anything, a unit's member
    what ``review.member_paths`` allows for their units, anyone else nothing."""
    if login in policy.editors:
        return True
    units = review.units_of(policy, login)
    return bool(units) and any(_pattern(entry, unit).fullmatch(path)
                               for entry in policy.review.member_paths for unit in units)


def allowed_paths(policy: Policy, review: Review, login: str) -> str:
    """What ``login`` may change, for a message: ``items/water/``, or ``nothing``."""
    units = sorted(review.units_of(policy, login))
    if not units:
        return "nothing"
    shown: dict[str, None] = {}
    for entry in policy.review.member_paths:
        for unit in units if "{unit}" in entry else [""]:
            shown.setdefault(entry.replace("{unit}", unit))
    return ", ".join(shown) or "nothing"


def who(policy: Policy, review: Review, logins: list[str]) -> str:
    """``zhang.san (water)``, ``x (no unit)``: each login with its units."""
    return ", ".join(f"{login} ({', '.join(sorted(review.units_of(policy, login))) or 'no unit'})"
                     for login in logins)


@functools.lru_cache(maxsize=1024)
def _pattern(entry: str, unit: str) -> re.Pattern[str]:
    """One ``member_paths`` entry for one unit, as a regular expression to match a
    whole path: ``*`` within a segment, ``**`` across segments, a trailing ``/``
    for everything below."""
    text = entry.replace("{unit}", unit)
    folder = text.endswith("/")
    out = []
    for part in re.split(r"(\*\*|\*)", text.rstrip("/")):
        out.append("[^/]*" if part == "*" else ".*" if part == "**" else re.escape(part))
    return re.compile("".join(out) + ("/.+" if folder else ""), re.S)
