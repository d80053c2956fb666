"""E-mail addresses of people, as opposed to an organisation's role mailboxes.

An address is a person's unless its domain is reserved for documentation, the
policy lists it as public, or its local part names a role rather than a person
(``press@``, ``enquiries@``, ``foi-requests@``): a press release that gives the
council's press office address leaks nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from .base import Match, normalise

# The local part may only start where the previous character cannot be part of it.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Reserved for documentation (RFC 2606, RFC 6761): never a real person's address.
_RESERVED = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|invalid|test|localhost)\Z",
                       re.I)

ROLE_WORDS = frozenset({
    # functions an office's mailbox is named after
    "accounts", "admin", "admissions", "appointments", "benefits", "bookings", "budget",
    "bulletin", "careers", "clerk", "comms", "communications", "complaints", "consultation",
    "consultations", "contact", "contactus", "council", "customer", "customers",
    "democratic", "desk", "duty", "editor", "editorial", "editors", "education",
    "elections", "emergency", "enquiries", "enquiry", "events", "feedback", "finance",
    "foi", "general", "grants", "help", "helpdesk", "highways", "hotline", "housing", "hr",
    "info", "information", "inquiries", "inquiry", "jobs", "libraries", "library",
    "licensing", "mailbox", "media", "news", "newsroom", "no-reply", "noreply", "office",
    "parking", "planning", "pr", "press", "procurement", "reception", "recruitment",
    "recycling", "registrar", "revenues", "schools", "secretariat", "service", "services",
    "support", "switchboard", "team", "waste", "webmaster",
    # the pinyin initials Chinese offices name theirs with: 信息公开, 政务公开, 政务服务,
    # 办公室, 信访, 举报, 投诉, 咨询
    "xxgk", "zwgk", "zwfw", "bgs", "xf", "xfb", "xfj", "xinfang", "jb", "jubao", "ts",
    "tousu", "zx", "zixun",
})
"""Words of a local part that make an address a role mailbox (``press.office@``,
``media-enquiries@``, ``xxgk@``); a policy may replace the list
(``personal_data.role_mailboxes``)."""


def _real_address(value: str) -> bool:
    """True when the domain ends in an alphabetic top-level label and is not reserved."""
    domain = value.rsplit("@", 1)[1]
    tld = domain.rsplit(".", 1)[-1]
    return len(tld) >= 2 and tld.isalpha() and not _RESERVED.search(domain)


def is_role_mailbox(address: str, roles: Collection[str] = ROLE_WORDS) -> bool:
    """True when the local part (before any ``+tag``) is, or holds, a role word."""
    local = address.rsplit("@", 1)[0].split("+", 1)[0].lower()
    return local in roles or any(word in roles for word in re.split(r"[._-]", local))


def find_email_addresses(text: str, public: Collection[str] = (),
                         roles: Collection[str] = ROLE_WORDS) -> Iterator[Match]:
    """People's e-mail addresses: ``local@domain.tld``, also inside ``mailto:`` links.

    The top-level domain must be letters (``a@b.c1`` is not an address); the
    documentation domains (``example.com``, ``*.example``, ``*.invalid``,
    ``*.test``), the addresses in ``public`` (lower case) and role mailboxes
    (``press@council.gov.uk``) are not a person's.
    """
    for m in _EMAIL.finditer(normalise(text)):
        value = m.group(0)
        if _real_address(value) and value.lower() not in public \
                and not is_role_mailbox(value, roles):
            yield Match(m.start(), m.end(), "email")
