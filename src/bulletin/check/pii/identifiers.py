"""National identifiers, bank cards and bank accounts, each validated before it is reported.

A candidate must have the identifier's layout *and* pass its published checks —
check digits (``python-stdnum`` where it has the scheme), a real date of birth,
allocated prefixes — so that a reference number or a statistic of the same length
is not mistaken for one. Numbers that have no check digit and no layout of their
own (a bare nine-digit US Social Security number, a UK NHS number) count only
where the text names them.

Schemes by region (:data:`BY_REGION`): mainland China's resident identity number
(18 characters, and the 15-digit first generation); the UK's National Insurance
number and NHS number; the US Social Security number and ITIN; the Hong Kong
identity card; Singapore's NRIC and FIN. Everywhere: bank card numbers (Luhn) and
IBANs (ISO 13616 check digits).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .base import AFTER, BEFORE, Match, digits_of, labelled, normalise, plausible_birth, scan

# --- mainland China: resident identity numbers ------------------------------------------

# Province-level codes: the first two digits of every mainland identity number. (stdnum's
# table of county codes misses real ones, e.g. 320581 Changshu, so only these are checked.)
PROVINCES = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91,
})
_ID_18 = re.compile(BEFORE + r"[1-9][0-9]{5}( ?)[0-9]{8}\1[0-9]{3}[0-9Xx]" + AFTER)
_ID_15 = re.compile(BEFORE + r"[1-9][0-9]{14}" + AFTER)


def id_check_digit(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number."""
    from stdnum.cn import ric  # (stdnum imports in 70 ms: only when a candidate is seen)

    return ric.calc_check_digit(first17 + "?")  # it reads all but the last character


def valid_id_number(value: str) -> bool:
    """True for an 18-character resident identity number (spaces allowed).

    Checks the province code, the date of birth (characters 7–14) and the
    ISO 7064 MOD 11-2 check character; ``X`` may be written ``x``.
    """
    digits = digits_of(value)
    return (len(digits) == 18 and digits[:17].isdigit()
            and int(digits[:2]) in PROVINCES and plausible_birth(digits[6:14])
            and id_check_digit(digits[:17]) == digits[17])


def valid_legacy_id_number(value: str) -> bool:
    """True for a 15-digit first-generation identity number.

    These have no check digit: the province code and the date of birth
    (``YYMMDD`` in the 1900s, characters 7–12) must both be valid.
    """
    return (len(value) == 15 and value.isdigit() and int(value[:2]) in PROVINCES
            and plausible_birth("19" + value[6:12]))


def find_id_numbers(text: str) -> Iterator[Match]:
    """Resident identity numbers: 18 characters (6 + 8 + 4, optionally spaced) or 15 digits.

    ``11010519491231002X`` and ``110105 19491231 002X`` are found; a number with
    a wrong check character, an impossible birth date (``19490231``) or 17
    digits is not.
    """
    what = "a resident identity number"
    yield from scan(_ID_18, text, "id-number", valid_id_number, what=what)
    yield from scan(_ID_15, text, "id-number", valid_legacy_id_number, what=what)


# --- the United Kingdom ----------------------------------------------------------------

_NINO = re.compile(r"(?<![0-9A-Za-z])([A-Z]{2}) ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]"
                   r"(?![0-9A-Za-z])")
_NINO_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
_NHS = re.compile(BEFORE + r"[0-9]{3}([ -]?)[0-9]{3}\1[0-9]{4}" + AFTER)
_NHS_LABEL = re.compile(r"\bNHS\b", re.I)


def valid_nino(prefix: str) -> bool:
    """True for a National Insurance prefix HMRC allocates: neither letter D, F, I, Q, U
    or V, the second not O, and not BG, GB, KN, NK, NT, TN or ZZ."""
    return (prefix[0] not in "DFIQUV" and prefix[1] not in "DFIOQUV"
            and prefix not in _NINO_NEVER)


def find_ni_numbers(text: str) -> Iterator[Match]:
    """UK National Insurance numbers: ``AB 12 34 56 C`` (spaces optional).

    Two prefix letters HMRC allocates, six digits and a suffix A–D. HMRC's own
    placeholder ``QQ 12 34 56 C`` has a prefix never allocated, so it is not found.
    """
    for m in _NINO.finditer(normalise(text)):
        if valid_nino(m.group(1)):
            yield Match(m.start(), m.end(), "id-number", "a UK National Insurance number")


def find_nhs_numbers(text: str) -> Iterator[Match]:
    """NHS numbers (10 digits, 3-3-4, with a mod-11 check digit) where the text says NHS."""
    for m in _NHS.finditer(normalise(text)):
        if not labelled(m.string, m.start(), _NHS_LABEL):
            continue
        from stdnum.gb import nhs

        if nhs.is_valid(m.group(0)):
            yield Match(m.start(), m.end(), "id-number", "an NHS number")


# --- the United States -----------------------------------------------------------------

_SSN = re.compile(BEFORE + r"[0-9]{3}([ -])[0-9]{2}\1[0-9]{4}" + AFTER)
_SSN_BARE = re.compile(BEFORE + r"[0-9]{9}" + AFTER)
_SSN_LABEL = re.compile(r"\b(?:SSN|social security(?: number| no\.?)?)\b", re.I)


def _us_tin(value: str) -> str | None:
    """What a US taxpayer number is, if it is valid: an SSN or an ITIN."""
    from stdnum.us import itin, ssn

    value = value.replace(" ", "-")  # stdnum reads 123-45-6789 and 123456789
    if ssn.is_valid(value):
        return "a US Social Security number"
    if itin.is_valid(value):
        return "a US Individual Taxpayer Identification Number"
    return None


def find_us_numbers(text: str) -> Iterator[Match]:
    """US Social Security numbers and ITINs: ``123-45-6789`` (or spaced), and nine bare
    digits where the text says SSN or Social Security.

    Numbers never issued (area 000, 666 or 900–999 for an SSN, group 00, serial
    0000, and the numbers known from advertising) are not found.
    """
    normal = normalise(text)
    for m in _SSN.finditer(normal):
        what = _us_tin(m.group(0))
        if what and isolated_groups_ok(normal, m.start(), m.end()):
            yield Match(m.start(), m.end(), "id-number", what)
    for m in _SSN_BARE.finditer(normal):
        if labelled(normal, m.start(), _SSN_LABEL):
            what = _us_tin(m.group(0))
            if what:
                yield Match(m.start(), m.end(), "id-number", what)


def isolated_groups_ok(text: str, start: int, end: int) -> bool:
    """A hyphenated SSN must not continue with another hyphenated group (a case number)."""
    return not (text[end:end + 1] in ("-", " ") and text[end + 1:end + 2].isdigit())


# --- Hong Kong and Singapore -----------------------------------------------------------

_HKID = re.compile(r"(?<![0-9A-Za-z])([A-Z]{1,2})([0-9]{6}) ?\(?([0-9A])\)?(?![0-9A-Za-z])")
_NRIC = re.compile(r"(?<![0-9A-Za-z])([STFG])([0-9]{7})([A-Z])(?![0-9A-Za-z])")
_NRIC_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
_NRIC_LETTERS = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK",
                 "G": "XWUTRQPNMLK"}


def hkid_check(letters: str, digits: str) -> str:
    """The check character of a Hong Kong identity card number (mod 11; 10 is ``A``)."""
    values = [36] * (2 - len(letters)) + [ord(c) - 55 for c in letters]  # space 36, A 10
    total = sum(v * w for v, w in zip(values + [int(d) for d in digits], range(9, 1, -1),
                                      strict=True))
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


def find_hk_ids(text: str) -> Iterator[Match]:
    """Hong Kong identity card numbers: ``A123456(3)``, with a valid check character."""
    for m in _HKID.finditer(normalise(text)):
        if hkid_check(m.group(1), m.group(2)) == m.group(3):
            yield Match(m.start(), m.end(), "id-number", "a Hong Kong identity card number")


def nric_check(prefix: str, digits: str) -> str:
    """The check letter of a Singapore NRIC (S, T) or FIN (F, G)."""
    total = sum(int(d) * w for d, w in zip(digits, _NRIC_WEIGHTS, strict=True))
    total += 4 if prefix in "TG" else 0
    return _NRIC_LETTERS[prefix][total % 11]


def find_sg_ids(text: str) -> Iterator[Match]:
    """Singapore NRIC and FIN numbers: ``S1234567D``, with a valid check letter."""
    for m in _NRIC.finditer(normalise(text)):
        if nric_check(m.group(1), m.group(2)) == m.group(3):
            yield Match(m.start(), m.end(), "id-number", "a Singapore NRIC or FIN number")


# --- bank cards and accounts, everywhere ------------------------------------------------

_CARD_SOLID = re.compile(BEFORE + r"[0-9]{16,19}" + AFTER)
_CARD_GROUPED = re.compile(BEFORE + r"[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?"
                           + AFTER)
_IBAN = re.compile(r"(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}(?: ?[0-9A-Z]{4}){2,7}(?: ?[0-9A-Z]{1,3})?"
                   r"(?![0-9A-Za-z])")


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
    digits = digits_of(value)
    if not digits.isdigit() or not 16 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    id_like = len(digits) == 18 and int(digits[:2]) in PROVINCES and plausible_birth(
        digits[6:14])
    return _card_prefix(digits) and not id_like and luhn_valid(digits)


def find_card_numbers(text: str) -> Iterator[Match]:
    """Bank card numbers: 16–19 digits, solid or in groups of four (spaces or hyphens).

    ``6222 0212 3456 7890 128`` is found when its Luhn check passes; the same
    digits with one changed, a run that is part of a longer number, and dates
    and serials (``2026111800012345``) are not.
    """
    yield from scan(_CARD_SOLID, text, "bank-card", valid_card_number)
    yield from scan(_CARD_GROUPED, text, "bank-card", valid_card_number)


def find_ibans(text: str) -> Iterator[Match]:
    """International bank account numbers (``GB82 WEST 1234 5698 7654 32``), solid or in
    groups of four, with valid ISO 13616 check digits and the country's length."""
    for m in _IBAN.finditer(normalise(text)):
        from stdnum import iban

        if iban.is_valid(m.group(0)):
            yield Match(m.start(), m.end(), "bank-account")


Detector = Callable[[str], Iterator[Match]]

BY_REGION: dict[str, tuple[Detector, ...]] = {
    "CN": (find_id_numbers,),
    "GB": (find_ni_numbers, find_nhs_numbers),
    "US": (find_us_numbers,),
    "HK": (find_hk_ids,),
    "SG": (find_sg_ids,),
}
"""The national identifiers looked for when a policy names the region."""

EVERYWHERE: tuple[Detector, ...] = (find_card_numbers, find_ibans)
"""Looked for whatever the regions: bank cards and IBANs."""
