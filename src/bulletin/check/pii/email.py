"""E-mail addresses of people, as opposed to an organisation's role mailboxes.

An address is a person's unless its domain is reserved for documentation, the
policy lists it as public, or its local part names a role rather than a person
(``press@``, ``enquiries@``, ``foi-requests@``): a press release that gives the
council's press office address leaks nothing. On an organisation's own domain
(not a free mail provider's) a local part that is one word without digits
(``eoc@``, ``localplan@``, ``gjxw@``) is a mailbox's name too, unless it reads as
a Chinese name in pinyin (``zhangwei@``); ``jane.smith@``, ``zhangwei88@`` or any
address at ``gmail.com`` or ``qq.com`` is a person's.
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
    "tousu", "zx", "zixun", "kefu",
})
"""Words of a local part that make an address a role mailbox (``press.office@``,
``media-enquiries@``, ``xxgk@``); a policy may replace the list
(``personal_data.role_mailboxes``)."""


# free mail providers: an address there is a person's unless its local part names a role
FREE_MAIL = re.compile(
    r"(?:^|\.)(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|aol|gmx|"
    r"protonmail|proton|mail|yandex|zoho|btinternet|sky|virginmedia|talktalk|comcast|"
    r"verizon|att|qq|foxmail|163|126|yeah|sina|sohu|139|189|aliyun|tom|21cn)\.[a-z.]+\Z",
    re.I)
_ONE_WORD = re.compile(r"[a-z]{1,24}\Z", re.I)
# a Chinese name in pinyin: a common surname, then one or two syllables
_SURNAMES = (
    "zhang|wang|li|zhao|liu|chen|yang|huang|wu|zhou|xu|sun|ma|zhu|hu|guo|he|gao|lin|luo|"
    "zheng|liang|xie|song|tang|han|feng|deng|cao|peng|zeng|xiao|tian|dong|yuan|pan|cai|"
    "jiang|yu|du|ye|cheng|wei|su|lu|ding|ren|shen|yao|jin|shi|tan|qian|fan|fu|xue|lei|hao|"
    "kong|bai|cui|kang|mao|qiu|qin|gu|hou|shao|meng|long|wan|duan|yin|yi|chang|qiao|lai|"
    "gong|wen|fang|xia|zou|xiong|ou|niu|an|ni|yan|mo|guan|pang|ke|zhan|zuo|shu|ji|bao")
_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|"
             r"uai|uan|van|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|o|e|i|u|v)")
_PINYIN_NAME = re.compile(rf"(?:{_SURNAMES}){_SYLLABLE}{_SYLLABLE}?\Z", re.I)


def _mailbox_name(address: str) -> bool:
    """True for one word without digits on an organisation's own domain that is not a
    Chinese name in pinyin."""
    local, domain = address.rsplit("@", 1)
    return _ONE_WORD.match(local) is not None and not FREE_MAIL.search(domain) \
        and _PINYIN_NAME.match(local) is None


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
    (``press@council.gov.uk``, ``eoc@county.gov``) are not a person's.
    """
    for m in _EMAIL.finditer(normalise(text)):
        value = m.group(0)
        if _real_address(value) and value.lower() not in public \
                and not is_role_mailbox(value, roles) and not _mailbox_name(value):
            yield Match(m.start(), m.end(), "email")
