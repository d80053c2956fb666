"""G — review: in a pull request, who may touch what.

These rules read the review context the check's I/O layer attaches to the
repository (``repo.review``, a :class:`Review`: the author, what the branch
changed, what the base had published, and the base's policy); without
``--changed-since`` there is no change to judge and they are silent.

The base judges the branch: editors, units, members, which paths members may
change (``review.member_paths``) and the G rules' own settings come from
``bulletin.yml`` as the base has it, never from the branch. A unit's staff
change only their unit's items (and what ``member_paths`` adds); editors alone
change everything else; a published item is not edited without a correction
and is never deleted or renamed — by anyone.

Modules: ``context`` (the :class:`Review`, who may change which path),
``permissions`` (G001, G002, G005, G006), ``published`` (G003, G004), ``basis``
(G007, G008: what the review was judged by, when it is not the usual).
"""

from . import basis, permissions, published
from .context import Review

__all__ = ["Review", "basis", "permissions", "published"]
