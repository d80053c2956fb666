"""Every piece of personal data in a text, for the regions a bulletin names.

:func:`find_personal_data` runs the detectors of :mod:`.identifiers`,
:mod:`.phones` and :mod:`.email` and keeps one match per stretch of text.
:class:`Scope` says what to look for: the regions (whose phone numbers and national
identifiers count) and an office's public lines and addresses, which never do.
:func:`default_regions` reads the regions from a bulletin's language and time zone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources

from .base import KINDS, Kind, Match, normalise
from .email import ROLE_WORDS, find_email_addresses
from .identifiers import BY_REGION, EVERYWHERE
from .phones import find_phone_numbers, public_numbers

PHONE_KINDS: frozenset[Kind] = frozenset({"mobile", "landline", "phone"})
_ORDER = {kind: i for i, kind in enumerate(("id-number", "bank-card", "bank-account", "mobile",
                                            "landline", "phone", "email"))}
"""Which kind wins when two matches of the same span overlap."""

# every detector needs an '@', or a run of seven digits with single separators, or the
# letters-and-digits layout of an identifier (NINO, HKID, NRIC, IBAN)
_CANDIDATE = re.compile(r"@|[0-9](?:[ ().+\-]?[0-9]){6,}|[A-Z][0-9]{6}|[A-Z]{2} ?[0-9]{2}")


@dataclass(frozen=True)
class Scope:
    """What counts as personal data for one bulletin."""

    regions: tuple[str, ...] = ("CN",)
    """ISO 3166 codes whose phone numbers and national identifiers are looked for."""
    public_phones: frozenset[str] = frozenset()
    """An office's published numbers, in E.164 form (``+861012345``)."""
    public_emails: frozenset[str] = frozenset()
    """An office's published addresses, in lower case."""
    roles: frozenset[str] = field(default=ROLE_WORDS)
    """Local-part words of role mailboxes."""

    @classmethod
    def of(cls, regions: tuple[str, ...], public: list[str] = [],  # noqa: B006 - read only
           roles: frozenset[str] = ROLE_WORDS) -> Scope:
        """A scope from a policy's settings: ``public`` mixes numbers and addresses."""
        emails = frozenset(p.strip().lower() for p in public if "@" in p)
        phones = public_numbers([p for p in public if "@" not in p], regions)
        return cls(regions, phones, emails, roles)


def find_personal_data(text: str, kinds: tuple[Kind, ...] | None = None,
                       scope: Scope = Scope()) -> list[Match]:
    """Every piece of personal data in ``text``, in order, without overlaps.

    ``kinds`` limits the search (default: all). When two matches overlap the
    one that starts first wins, then the longer, then the kind that is more
    specific (an 18-digit ID number is not also a card number; a phone number
    that is the local part of an e-mail address is the address).
    """
    if not _CANDIDATE.search(normalise(text)):
        return []  # nothing any detector could match
    wanted = set(KINDS if kinds is None else kinds)
    found = [m for m in _detect(text, wanted, scope) if m.kind in wanted]
    found.sort(key=lambda m: (m.start, -(m.end - m.start), _ORDER[m.kind]))
    kept: list[Match] = []
    for m in found:
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def _detect(text: str, wanted: set[Kind], scope: Scope) -> Iterator[Match]:
    if "id-number" in wanted:
        for region in scope.regions:
            for detect in BY_REGION.get(region, ()):
                yield from detect(text)
    if wanted & {"bank-card", "bank-account"}:
        for detect in EVERYWHERE:
            yield from detect(text)
    if wanted & PHONE_KINDS:
        yield from find_phone_numbers(text, scope.regions, scope.public_phones)
    if "email" in wanted:
        yield from find_email_addresses(text, scope.public_emails, scope.roles)


@functools.cache
def _zone_countries() -> dict[str, str]:
    """IANA time zone → ISO 3166 country, from tzdata's ``zone.tab``."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    rows = (line.split("\t") for line in table.splitlines() if not line.startswith("#"))
    return {row[2]: row[0] for row in rows if len(row) >= 3}


def default_regions(language: str, timezone: str) -> tuple[str, ...]:
    """The regions of a bulletin that names none: its time zone's country, mainland
    China for a Chinese bulletin, and the UK and the US for an English one in a time
    zone of no country (``UTC``)."""
    regions = [_zone_countries().get(timezone, "")]
    if language == "zh":
        regions.append("CN")
    elif not regions[0]:
        regions += ["GB", "US"]
    return tuple(dict.fromkeys(r for r in regions if r))
