"""Phone numbers of the regions a bulletin names, through Google's libphonenumber.

``phonenumbers`` (the Python port of libphonenumber) knows every region's
numbering plan: which numbers are valid, and which are mobiles, landlines or an
organisation's lines (toll-free, shared-cost, premium-rate and "universal
access" numbers such as UK 0300 and Chinese 400 numbers). A number is reported
when

* libphonenumber holds it valid for one of the regions (written in that
  region's national form, or internationally with ``+``/``00`` and any country
  code), and it is a mobile, a landline, or either; or
* it is written like a mobile of that region with the trunk prefix or a country
  code (``07700 900123``) though the plan does not list its range — examples and
  reserved "drama" numbers are copied into real items too.

Lines that belong to an organisation are never reported: numbering-plan types
that are always corporate, numbers the policy lists as public (compared in
E.164 form), and landlines a label calls a hotline, switchboard or duty office
(``咨询电话``, ``hotline:``). For mainland numbers two forms the plan no longer
holds are kept: old seven-digit local numbers after an area code
(``0755-2345678``) and numbers with an extension (``010-12345678-8001``).

Only runs of at least seven digits are handed to libphonenumber, so the cost
stays linear in the text and small for prose without numbers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from .base import AFTER, BEFORE, Kind, Match, isolated_groups, normalise, stands_alone

if TYPE_CHECKING:
    import phonenumbers


@functools.cache
def _types() -> dict[int, Kind]:
    """Plan types that may belong to a person; every other type is an organisation's line.
    (phonenumbers is imported only when a text holds a run of digits: it takes 75 ms.)"""
    from phonenumbers import PhoneNumberType as T

    return {T.MOBILE: "mobile", T.FIXED_LINE: "landline", T.FIXED_LINE_OR_MOBILE: "phone",
            T.PERSONAL_NUMBER: "phone", T.PAGER: "phone", T.VOIP: "phone"}

# A run that may hold a phone number: an optional + or (, then at least seven digits
# with at most three separators between any two (each repetition takes a digit, so
# matching is linear).
_RUN = re.compile(r"[+(]?[0-9](?:[ ().\-/]{0,3}[0-9]){6,}\)?")
_LONGEST_RUN = 48  # two numbers side by side, written out with a country code

# an office's published number (a hotline, a duty desk) is not personal data
PUBLIC_LABEL = re.compile(
    r"(?:咨询|服务|热线|值班|举报|投诉|办公|传真|总机|客服|联系)(?:电话|热线|专线|室)?\s*[：:为是]?\s*$|"
    r"(?:hotline|helpline|switchboard|duty\s+(?:desk|office)|enquir(?:y|ies)|office|"
    r"media\s+desk|customer\s+service|call\s+cent(?:re|er)|contact\s+cent(?:re|er)|"
    r"front\s+desk|reception|fax|team|unit|department|dept\.?|service|cent(?:re|er)|"
    r"bureau|agency|council|authority|"
    # "the appointment line", "the council's main line" — but not "her direct line"
    r"(?<![A-Za-z])(?!(?:his|her|their|my|your|our|home|private|personal|direct|mobile|"
    r"own|land)\b)[A-Za-z][A-Za-z-]*\s+line)"
    r"(?:\s+(?:phone|tel\.?|number|line))?\s*[:：,，]?\s*(?:on|at|is|number)?\s*$", re.I)

# a date (2026-11-18, 18/11/2026) or a clock time right after: a timestamp, not a number
_DATE_LIKE = re.compile(r"\(?(?:(?:19|20)[0-9]{2}[-./][0-9]{1,2}[-./][0-9]{1,2}|"
                        r"[0-9]{1,2}[-./][0-9]{1,2}[-./](?:19|20)[0-9]{2})")
_TIME_AFTER = re.compile(r"[:：][0-5][0-9]")
_CODE_BEFORE = re.compile(r"[A-Za-z]-\Z")

_AREA = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
_CN_LANDLINE = re.compile(BEFORE + rf"(?:\({_AREA}\) ?|{_AREA}-)[1-9][0-9]{{2,3}}-?[0-9]{{4}}"
                          + AFTER)


def _kind(number: phonenumbers.PhoneNumber, raw: str, region: str) -> Kind | bool:
    """What the number is as written for ``region``: a person's kind, True for an
    organisation's line, or False when it is no number of that region."""
    import phonenumbers
    from phonenumbers import PhoneNumberType

    written = raw.lstrip("(")
    trunk = phonenumbers.ndd_prefix_for_region(region, True) or ""
    prefixed = written.startswith(("+", "00")) or (bool(trunk) and written.startswith(trunk))
    if phonenumbers.is_valid_number(number):
        kind = _types().get(phonenumbers.number_type(number))
        if trunk == "0" and not prefixed and kind != "mobile":
            # where a trunk 0 is dialled (China, the UK) a number written without it or a
            # country code is not read as one of that region's lines
            return False
        return kind if kind is not None else True
    if prefixed and phonenumbers.is_possible_number_for_type(number, PhoneNumberType.MOBILE) \
            and _mobile_range(number):
        return "mobile"
    return False


def _mobile_range(number: phonenumbers.PhoneNumber) -> bool:
    """True when the number starts like the mobiles of its country: with the first digit
    of the plan's example mobile (7 in the UK, 1 in mainland China)."""
    import phonenumbers
    from phonenumbers import PhoneNumberType

    region = phonenumbers.region_code_for_country_code(number.country_code or 0)
    example = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
    if example is None:
        return False
    return str(number.national_number)[:1] == str(example.national_number)[:1]


def _reading(found_in: Iterator[tuple[str, phonenumbers.PhoneNumber, str]]) -> Kind | None:
    """What a number is, read in every region: None when a region reads it as an
    organisation's line (``1-800-222-8683`` is US toll-free, though the same digits make
    a Chinese mobile), else the first region's personal kind."""
    kinds = [_kind(number, raw, region) for raw, number, region in found_in]
    if True in kinds:
        return None
    return next((k for k in kinds if not isinstance(k, bool)), None)


def find_phone_numbers(text: str, regions: Collection[str] = ("CN",),
                       public: Collection[str] = ()) -> Iterator[Match]:
    """Mobile and landline numbers of ``regions`` (and any number written with a country
    code), except organisations' lines and the E.164 numbers in ``public``.

    ``138 1234 5678``, ``+44 20 7946 0958``, ``(202) 555-0143`` and ``07700 900123`` are
    found; ``0800 123 456`` (toll-free), ``400-123-4567``, a hotline labelled as
    one, dates, amounts and a 12-digit serial are not.
    """
    normal = normalise(text)
    runs = list(_RUN.finditer(normal))
    if runs:
        from phonenumbers import Leniency, PhoneNumberMatcher
    for run in runs:
        if run.end() - run.start() > _LONGEST_RUN:
            continue  # a table of figures or a code, not a phone number written out
        spans: dict[tuple[int, int], list[tuple[str, phonenumbers.PhoneNumber, str]]] = {}
        for region in regions:
            for found in PhoneNumberMatcher(run.group(0), region, leniency=Leniency.POSSIBLE):
                span = (run.start() + found.start, run.start() + found.end)
                spans.setdefault(span, []).append((found.raw_string, found.number, region))
        for (start, end), readings in spans.items():
            if not _alone(normal, start, end):
                continue
            kind = _reading(iter(readings))
            if kind is not None and not _public(normal, start, kind, readings[0][1], public):
                yield Match(start, end, kind)
    if "CN" in regions:
        for m in _CN_LANDLINE.finditer(normal):
            if not labelled_public(normal, m.start()):
                yield Match(m.start(), m.end(), "landline")


def _alone(text: str, start: int, end: int) -> bool:
    """The number stands alone — not a date, the hour of a clock time, nor the tail of a
    code (``FOI-2026-004567``)."""
    body = text[start:end].lstrip("(+")
    first = end - len(body)
    return (stands_alone(text, first, end) and isolated_groups(text, first, end)
            and not _DATE_LIKE.match(text, start) and not _TIME_AFTER.match(text, end)
            and not _CODE_BEFORE.search(text, max(0, first - 2), first))


def labelled_public(text: str, start: int) -> bool:
    """True when the number at ``start`` is labelled as an office's public line."""
    return PUBLIC_LABEL.search(text, max(0, start - 24), start) is not None


def _public(text: str, start: int, kind: Kind, number: phonenumbers.PhoneNumber,
            public: Collection[str]) -> bool:
    if public and e164(number) in public:
        return True
    return kind != "mobile" and labelled_public(text, start)


def e164(number: phonenumbers.PhoneNumber) -> str:
    import phonenumbers

    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def public_numbers(entries: Collection[str], regions: Collection[str]) -> frozenset[str]:
    """The E.164 forms of the phone numbers among ``entries`` (an office's public lines,
    written in any form a region of ``regions`` reads)."""
    import phonenumbers

    out = set()
    for entry in entries:
        for region in (*regions, "ZZ"):
            try:
                number = phonenumbers.parse(normalise(entry), region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_possible_number(number):
                out.add(e164(number))
                break
    return frozenset(out)
