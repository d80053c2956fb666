"""Detectors of personal data in free text: pure functions, no configuration.

Each detector finds one kind of personal data and returns :class:`Match`
objects (kind, start, end) as offsets into the text it was given, so a caller
can turn them into lines and columns without ever copying the value.

The detectors prefer missing a doubtful number to flagging a statistic:

* a candidate must stand alone — not inside a longer run of digits or
  letters (item ids, version numbers, codes) and not the whole or fractional
  part of a decimal number;
* a number written in groups (``138 1234 5678``) must not continue with
  another group in the same style;
* identity numbers must carry a real date of birth and a valid checksum; bank
  card numbers a card-network prefix and a valid Luhn checksum.

Full-width digits and punctuation (``１３８``, ``（０５７１）``) are read as their
ASCII forms; each is one character either way, so offsets are unchanged.

Every pattern is linear in the length of the text: there are no nested
quantifiers, and the open-ended runs (e-mail local parts) may only start where
the previous character cannot belong to them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

Kind = Literal["id-number", "mobile", "landline", "email", "bank-card"]
KINDS: tuple[Kind, ...] = ("id-number", "mobile", "landline", "email", "bank-card")

DESCRIPTIONS: dict[Kind, tuple[str, str]] = {
    "id-number": ("a resident identity number", "resident identity numbers"),
    "mobile": ("a mobile phone number", "mobile phone numbers"),
    "landline": ("a landline phone number", "landline phone numbers"),
    "email": ("an e-mail address", "e-mail addresses"),
    "bank-card": ("a bank card number", "bank card numbers"),
}
"""How messages name each kind: (singular with article, plural)."""


@dataclass(frozen=True, order=True)
class Match:
    """One piece of personal data: its kind and where it is (``text[start:end]``)."""

    start: int
    end: int
    kind: Kind


# --- shared guards ---------------------------------------------------------------------

# Full-width forms are one character each: translating them keeps every offset.
_FULL_WIDTH = str.maketrans({
    **{chr(0xFF10 + d): str(d) for d in range(10)},
    "＋": "+", "－": "-", "（": "(", "）": ")", "Ｘ": "X", "ｘ": "x", "＠": "@", "．": ".",
    "\u3000": " ",
})
# Not preceded by a digit, ASCII letter or underscore, nor by "<digit>." (a decimal).
_BEFORE = r"(?<![0-9A-Za-z_])(?<![0-9]\.)"
# Not followed by a digit, ASCII letter or underscore, nor by ".<digit>".
_AFTER = r"(?![0-9A-Za-z_])(?!\.[0-9])"


def _normalise(text: str) -> str:
    """``text`` with full-width digits and punctuation as ASCII (same length)."""
    return text.translate(_FULL_WIDTH)


def _isolated_groups(text: str, start: int, end: int) -> bool:
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


def _digits(value: str) -> str:
    """The ASCII digits (and a final X) of ``value``, separators removed."""
    return re.sub(r"[^0-9Xx]", "", value).upper()


def _scan(pattern: re.Pattern[str], text: str, kind: Kind,
          valid: Callable[[str], bool], grouped: bool = True) -> Iterator[Match]:
    """Matches of ``pattern`` that stand alone and whose value passes ``valid``.

    With ``grouped`` a match written in groups must not continue with another
    group (see :func:`_isolated_groups`).
    """
    for m in pattern.finditer(_normalise(text)):
        alone = not grouped or _isolated_groups(m.string, m.start(), m.end())
        if alone and valid(m.group(0)):
            yield Match(m.start(), m.end(), kind)


# --- resident identity numbers ----------------------------------------------------------

# Province-level codes: the first two digits of every mainland identity number.
PROVINCES = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
})
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_18 = re.compile(_BEFORE + r"[1-9][0-9]{5}( ?)[0-9]{8}\1[0-9]{3}[0-9Xx]" + _AFTER)
_ID_15 = re.compile(_BEFORE + r"[1-9][0-9]{14}" + _AFTER)


def id_check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _plausible_birth(yyyymmdd: str) -> bool:
    """True for a real calendar date from 1900 to 2099."""
    try:
        day = dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return 1900 <= day.year <= 2099


def valid_id_number(value: str) -> bool:
    """True for an 18-character resident identity number (spaces allowed).

    Checks the province code, the date of birth (characters 7–14) and the
    ISO 7064 MOD 11-2 check character; ``X`` may be written ``x``.
    """
    digits = _digits(value)
    return (len(digits) == 18 and digits[:17].isdigit()
            and int(digits[:2]) in PROVINCES and _plausible_birth(digits[6:14])
            and id_check_digit(digits[:17]) == digits[17])


def valid_legacy_id_number(value: str) -> bool:
    """True for a 15-digit first-generation identity number.

    These have no check digit: the province code and the date of birth
    (``YYMMDD`` in the 1900s, characters 7–12) must both be valid.
    """
    return (len(value) == 15 and value.isdigit() and int(value[:2]) in PROVINCES
            and _plausible_birth("19" + value[6:12]))


def find_id_numbers(text: str) -> Iterator[Match]:
    """Resident identity numbers: 18 characters (6 + 8 + 4, optionally spaced) or 15 digits.

    ``11010519491231002X`` and ``110105 19491231 002X`` are found; a number with
    a wrong check character, an impossible birth date (``19490231``) or 17
    digits is not.
    """
    yield from _scan(_ID_18, text, "id-number", valid_id_number)
    yield from _scan(_ID_15, text, "id-number", valid_legacy_id_number)


# --- phone numbers --------------------------------------------------------------------

_MOBILE = re.compile(_BEFORE + r"(?:(?:\+|00)?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}"
                     + _AFTER)
_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_LANDLINE = re.compile(_BEFORE + rf"(?:\({_AREA}\) ?|{_AREA}-)[1-9][0-9]{{2,3}}-?[0-9]{{4}}"
                       + _AFTER)


def find_mobile_numbers(text: str) -> Iterator[Match]:
    """Mainland mobile numbers: 11 digits starting 13–19, optionally ``+86``/``86``/``0086``.

    Written solid (``13812345678``) or in 3-4-4 groups with spaces or hyphens
    (``138-1234-5678``). Ten or twelve digits, a leading ``12`` or ``10``, and
    service numbers (``12345``, ``110``) are not mobile numbers.
    """
    yield from _scan(_MOBILE, text, "mobile", lambda _: True)


def find_landline_numbers(text: str) -> Iterator[Match]:
    """Landline numbers with an area code: ``010-12345678``, ``(0571)8765-4321``.

    The area code is ``010``, ``02x`` or ``0xxx`` (second digit 3–9), followed by
    a hyphen or in parentheses; the local number has 7 or 8 digits, and an
    extension may follow (``010-12345678-8001``). A number without an area code
    is not reported: it cannot be told from a figure.
    """
    yield from _scan(_LANDLINE, text, "landline", lambda _: True, grouped=False)


# --- e-mail addresses -----------------------------------------------------------------

# The local part may only start where the previous character cannot be part of it.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Reserved for documentation (RFC 2606, RFC 6761): never a real person's address.
_RESERVED = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|invalid|test|localhost)\Z",
                       re.I)


def _real_address(value: str) -> bool:
    """True when the domain ends in an alphabetic top-level label and is not reserved."""
    domain = value.rsplit("@", 1)[1]
    tld = domain.rsplit(".", 1)[-1]
    return len(tld) >= 2 and tld.isalpha() and not _RESERVED.search(domain)


def find_email_addresses(text: str) -> Iterator[Match]:
    """E-mail addresses: ``local@domain.tld``, also inside ``mailto:`` links.

    The top-level domain must be letters (``a@b.c1`` is not an address), and the
    documentation domains (``example.com``, ``*.example``, ``*.invalid``,
    ``*.test``) are never real addresses.
    """
    for m in _EMAIL.finditer(_normalise(text)):
        if _real_address(m.group(0)):
            yield Match(m.start(), m.end(), "email")


# --- bank card numbers ----------------------------------------------------------------

_CARD_SOLID = re.compile(_BEFORE + r"[0-9]{16,19}" + _AFTER)
_CARD_GROUPED = re.compile(_BEFORE + r"[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?"
                           + _AFTER)


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _card_prefix(digits: str) -> bool:
    """True for a card-network prefix: 3–6 (Amex, JCB, Visa, Mastercard, UnionPay)
    or Mastercard's 2221–2720. Numbers starting 19xx or 20xx (dates, serials) fail."""
    return digits[0] in "3456" or 2221 <= int(digits[:4]) <= 2720


def valid_card_number(value: str) -> bool:
    """True for 16–19 digits with a card-network prefix and a valid Luhn check.

    A run of one repeated digit is a placeholder, and 18 digits laid out like an
    identity number (province and birth date) are a mistyped ID, not a card.
    """
    digits = _digits(value)
    if not digits.isdigit() or not 16 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    id_like = len(digits) == 18 and int(digits[:2]) in PROVINCES and _plausible_birth(
        digits[6:14])
    return _card_prefix(digits) and not id_like and luhn_valid(digits)


def find_card_numbers(text: str) -> Iterator[Match]:
    """Bank card numbers: 16–19 digits, solid or in groups of four (spaces or hyphens).

    ``6222 0212 3456 7890 128`` is found when its Luhn check passes; the same
    digits with one changed, a run that is part of a longer number, and dates
    and serials (``2026111800012345``) are not.
    """
    yield from _scan(_CARD_SOLID, text, "bank-card", valid_card_number)
    yield from _scan(_CARD_GROUPED, text, "bank-card", valid_card_number)


# --- all together ---------------------------------------------------------------------

DETECTORS: dict[Kind, Callable[[str], Iterator[Match]]] = {
    "id-number": find_id_numbers,
    "bank-card": find_card_numbers,
    "mobile": find_mobile_numbers,
    "landline": find_landline_numbers,
    "email": find_email_addresses,
}
"""Every detector, in order of precedence when two matches overlap."""


# an office's published number (a hotline, a duty desk) is not personal data
_PUBLIC_LABEL = re.compile(
    r"(?:咨询|服务|热线|值班|举报|投诉|办公|传真|总机)(?:电话|热线)?\s*[：:为是]?\s*$|"
    r"(?:hotline|helpline|switchboard|duty (?:desk|office|line)|enquir(?:y|ies)|office)"
    r"(?:\s+(?:phone|tel\.?|number|line))?\s*[:：]?\s*(?:on|at|is)?\s*$", re.I)


def _public_line(text: str, start: int) -> bool:
    """True when the number at ``start`` is labelled as an office's public line."""
    return _PUBLIC_LABEL.search(text[max(0, start - 24):start]) is not None


# every detector needs an '@' or at least seven digits with single separators between
_CANDIDATE = re.compile(r"@|[0-9](?:[ ()+\-]?[0-9]){6,}")


def find_personal_data(text: str, kinds: tuple[Kind, ...] | None = None) -> list[Match]:
    """Every piece of personal data in ``text``, in order, without overlaps.

    ``kinds`` limits the search (default: all). When two matches overlap the
    one that starts first wins, then the longer, then the kind listed first in
    :data:`DETECTORS` (an 18-digit ID number is not also a card number; a
    phone number that is the local part of an e-mail address is the address).
    """
    if not _CANDIDATE.search(_normalise(text)):
        return []  # no '@' and no run of 7 digits: nothing any detector could match
    order = list(DETECTORS)
    found = [m for kind, detect in DETECTORS.items() if kinds is None or kind in kinds
             for m in detect(text) if not (m.kind == "landline" and _public_line(text, m.start))]
    found.sort(key=lambda m: (m.start, -(m.end - m.start), order.index(m.kind)))
    kept: list[Match] = []
    for m in found:
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept
