"""Where things are in an item's text, as the C rules report them.

Offsets turned into (line, column), the absolute addresses a text holds, and how
many findings a rule lists for one item.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ....hosts import host_of

MAX_PER_ITEM = 20
"""Most findings C002 and C003 list for one item; the rest are counted in one more."""


class Positions:
    """Turns offsets in a text into 1-based (line, column), columns in characters."""

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.text = text
        self.first_line = first_line

    @functools.cached_property
    def starts(self) -> list[int]:
        """Where each line starts (found when first asked: most texts have no finding)."""
        return [0, *(m.end() for m in re.finditer("\n", self.text))]

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1


# scheme://authority, then the rest of the address; only ASCII, so that Chinese
# punctuation or text right after an address is not part of it.
_URL = re.compile(r"(?<![A-Za-z0-9+.\-])(?:https?|ftp)://([A-Za-z0-9.\-_~%:@]*)"
                  r"[A-Za-z0-9.\-_~%:@/?#!$&'*+,;=]*", re.I)
_WWW = re.compile(r"(?<![A-Za-z0-9.\-/@])www\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+", re.I)


@dataclass(frozen=True)
class Address:
    """An absolute address in a text: where it is and its host (lower case, may be '')."""

    start: int
    end: int
    host: str


def addresses(text: str) -> Iterator[Address]:
    """Absolute addresses in ``text``: ``http(s)://`` and ``ftp://`` ones and bare ``www.``."""
    if "://" not in text and "www." not in text.casefold():
        return  # most texts hold none: spare the two scans
    for m in _URL.finditer(text):
        yield Address(m.start(), m.end(), host_of(m.group(1)))
    for m in _WWW.finditer(text):
        yield Address(m.start(), m.end(), m.group(0).lower())
