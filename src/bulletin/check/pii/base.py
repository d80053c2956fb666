"""What every personal-data detector shares: the match, the kinds, and the guards that
keep a statistic, a date or a code from being read as a number about a person.

Detectors return :class:`Match` objects (kind, start, end) as offsets into the text
they were given, so a caller can turn them into lines and columns without ever
copying the value. They prefer missing a doubtful number to flagging a statistic:

* a candidate must stand alone — not inside a longer run of digits or letters
  (item ids, version numbers, codes) and not the whole or fractional part of a
  decimal number;
* a number written in groups (``138 1234 5678``) must not continue with another
  group in the same style.

Full-width digits and punctuation (``１３８``, ``（０５７１）``) are read as their ASCII
forms; each is one character either way, so offsets are unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["id-number", "mobile", "landline", "phone", "email", "bank-card",
               "bank-account"]
KINDS: tuple[Kind, ...] = ("id-number", "mobile", "landline", "phone", "email", "bank-card",
                           "bank-account")

DESCRIPTIONS: dict[Kind, tuple[str, str]] = {
    "id-number": ("an identity number", "identity numbers"),
    "mobile": ("a mobile phone number", "mobile phone numbers"),
    "landline": ("a landline phone number", "landline phone numbers"),
    "phone": ("a phone number", "phone numbers"),
    "email": ("an e-mail address", "e-mail addresses"),
    "bank-card": ("a bank card number", "bank card numbers"),
    "bank-account": ("a bank account number (IBAN)", "bank account numbers (IBAN)"),
}
"""How messages name each kind: (singular with article, plural)."""


@dataclass(frozen=True, order=True)
class Match:
    """One piece of personal data: its kind and where it is (``text[start:end]``).

    ``what`` names it more precisely when the kind is broad ("a UK National
    Insurance number" for an ``id-number``); it never holds the value.
    """

    start: int
    end: int
    kind: Kind
    what: str = field(default="", compare=False)

    @property
    def description(self) -> str:
        """The words a message uses for this match: ``what``, or the kind's."""
        return self.what or DESCRIPTIONS[self.kind][0]


# Full-width forms are one character each: translating them keeps every offset.
_FULL_WIDTH = str.maketrans({
    **{chr(0xFF10 + d): str(d) for d in range(10)},
    **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
    "＋": "+", "－": "-", "（": "(", "）": ")", "ｘ": "x", "＠": "@", "．": ".",
    "\u3000": " ",
})
# Not preceded by a digit, ASCII letter or underscore, nor by "<digit>." (a decimal).
BEFORE = r"(?<![0-9A-Za-z_])(?<![0-9]\.)"
# Not followed by a digit, ASCII letter or underscore, nor by ".<digit>".
AFTER = r"(?![0-9A-Za-z_])(?!\.[0-9])"
_ALONE_BEFORE = re.compile(BEFORE + r"\Z")
_ALONE_AFTER = re.compile(AFTER)


def normalise(text: str) -> str:
    """``text`` with full-width digits, letters and punctuation as ASCII (same length)."""
    return text.translate(_FULL_WIDTH)


def stands_alone(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is not part of a longer number, code or decimal."""
    return (_ALONE_BEFORE.search(text[max(0, start - 2):start]) is not None
            and _ALONE_AFTER.match(text, end) is not None)


def isolated_groups(text: str, start: int, end: int) -> bool:
    """False when a grouped number (``1234 5678``) continues with another group.

    ``138 1234 5678 9012`` is not a phone number followed by ``9012``: when the
    match uses a space or hyphen as a separator, that separator followed by a
    digit right after the match (or a digit and the separator right before it)
    means the match is part of a longer grouped number.
    """
    value = text[start:end]
    before, after = text[max(0, start - 2):start], text[end:end + 2]
    for sep in " -":
        if sep not in value:
            continue
        if len(after) == 2 and after[0] == sep and after[1].isdigit():
            return False
        if len(before) == 2 and before[1] == sep and before[0].isdigit():
            return False
    return True


def digits_of(value: str) -> str:
    """The ASCII digits (and a final X) of ``value``, separators removed."""
    return re.sub(r"[^0-9Xx]", "", value).upper()


def plausible_birth(yyyymmdd: str) -> bool:
    """True for a real calendar date from 1900 to 2099."""
    try:
        day = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return 1900 <= day.year <= 2099


def scan(pattern: re.Pattern[str], text: str, kind: Kind, valid: Callable[[str], bool],
         grouped: bool = True, what: str = "") -> Iterator[Match]:
    """Matches of ``pattern`` in the normalised ``text`` whose value passes ``valid``.

    With ``grouped`` a match written in groups must not continue with another
    group (see :func:`isolated_groups`).
    """
    for m in pattern.finditer(normalise(text)):
        alone = not grouped or isolated_groups(m.string, m.start(), m.end())
        if alone and valid(m.group(0)):
            yield Match(m.start(), m.end(), kind, what)


def labelled(text: str, start: int, label: re.Pattern[str], reach: int = 32) -> bool:
    """True when ``label`` matches in the ``reach`` characters before ``start``."""
    return label.search(text, max(0, start - reach), start) is not None
