"""Which pictures the site publishes, read from the repository as the build finds them.

The verdict is :func:`bulletin.media.inspect`'s (the check reports the same, as
C006 and C007): PNG, JPEG, GIF and WebP files whose first bytes say so are copied
as they are; an SVG is published as the sanitiser re-wrote it; anything else, a
link or a file reached through a linked folder is left out, with the reason.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..media import MAX_MEDIA_BYTES, inspect, kind_of
from ..model import Item

HEAD = 64  # bytes enough to tell a PNG, JPEG, GIF or WebP by its start


@dataclass(frozen=True)
class Picture:
    """What to publish: the file as it is (``source``) or the sanitiser's ``content``."""

    source: Path | None = None
    content: bytes | None = None


def publishable(root: Path, rel: str) -> Picture | str:
    """The picture at ``rel`` (a repository path) as the site may publish it, or why not
    (``path:line:column: reason``)."""
    path = root / rel
    try:
        if os.path.realpath(path) != os.path.join(os.path.realpath(root), rel):
            return f"{rel}:1:1: is a link or lies in a linked folder; bulletin never follows links"
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode):
            return f"{rel}:1:1: not a regular file"
        if st.st_size > MAX_MEDIA_BYTES:
            return f"{rel}:1:1: the picture is {st.st_size:,} bytes; the limit is " \
                   f"{MAX_MEDIA_BYTES:,}"
        with open(path, "rb") as handle:
            data = handle.read(MAX_MEDIA_BYTES + 1 if kind_of(rel) == "svg" else HEAD)
    except OSError as exc:
        return f"{rel}:1:1: cannot be read ({exc.strerror or exc})"
    verdict = inspect(rel, data)
    if not verdict.ok:
        first = verdict.refusals[0]
        more = f" (and {len(verdict.refusals) - 1} more)" if len(verdict.refusals) > 1 else ""
        return f"{rel}:{first.line}:{first.column}: {first.message}{more}"
    return Picture(content=verdict.data) if verdict.kind == "svg" else Picture(source=path)


_IMAGE = re.compile(r"!\[[^\[\]\n]*\]\(\s*<?([^)\s>]*)")


def referrers(items: Iterable[Item], asset: str) -> Iterator[tuple[str, int, str]]:
    """(item path, line, address as written) of each image in ``items`` whose address
    leads to ``asset``: where a warning about a missing picture points the writer."""
    folder = posixpath.dirname(asset)
    for item in items:
        home = posixpath.dirname(item.path)
        if not folder.startswith(home) or "](" not in item.body:
            continue
        for m in _IMAGE.finditer(item.body):
            target = unquote(m.group(1).split("#", 1)[0].split("?", 1)[0])
            if posixpath.normpath(posixpath.join(home, target)) == asset:
                yield item.path, item.body_line + item.body.count("\n", 0, m.start()), \
                    m.group(1)
