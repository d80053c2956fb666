"""C002: personal data in an item that is not cleared for it.

The detectors are :mod:`bulletin.check.pii`; this rule chooses what to read (the
free-text fields and the whole body, numbers in intranet addresses blanked) and
words the findings. A message names the kind of data, never the value.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from ....config import Policy
from ....diagnostics import Finding, Severity
from ....hosts import is_intranet
from ....model import Item
from ...pii.base import DESCRIPTIONS, KINDS, Kind, Match
from ...pii.find import Scope, default_regions, find_personal_data
from ..registry import Context, Option, rule
from .locate import MAX_PER_ITEM, Positions, addresses

E = Severity.ERROR
_PHONES = frozenset({"mobile", "landline", "phone"})


def _min_level(policy: Policy, option: object) -> str:
    """The lowest level that may hold personal data: the option if it names a level,
    else the repository's top level."""
    return option if isinstance(option, str) and option in policy.levels else policy.top


def _kinds(option: object) -> tuple[Kind, ...]:
    """The detectors the ``kinds`` option selects (unknown names are ignored)."""
    names = option if isinstance(option, list) else list(KINDS)
    return tuple(k for k in KINDS if k in names)


def scope_of(policy: Policy) -> Scope:
    """What counts as personal data under ``policy`` (its ``personal_data`` settings)."""
    settings = policy.personal_data
    regions = tuple(settings.regions) if settings.regions else \
        default_regions(policy.language, policy.timezone)
    roles = None if settings.role_mailboxes is None else tuple(settings.role_mailboxes)
    return _scope(regions, tuple(settings.public), roles)


@functools.lru_cache(maxsize=8)
def _scope(regions: tuple[str, ...], public: tuple[str, ...],
           roles: tuple[str, ...] | None) -> Scope:
    if roles is None:
        return Scope.of(regions, list(public))
    return Scope.of(regions, list(public), frozenset(r.lower() for r in roles))


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span replaced by spaces."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _intranet_addresses_blanked(text: str, policy: Policy) -> str:
    """``text`` with addresses on intranet hosts blanked: numbers in them are document ids."""
    spans = [(a.start, a.end) for a in addresses(text)
             if is_intranet(a.host, policy.intranet_hosts)]
    return _blank(text, spans) if spans else text


def _not_in_addresses(text: str, found: list[Match]) -> list[Match]:
    """``found`` without the phone numbers inside a web address of ``text``: a URL's
    digits are an article, page or document id (``/p/838694221?pid=9075636686``),
    never a phone number."""
    spans = [(a.start, a.end) for a in addresses(text)]
    if not spans:
        return found
    return [m for m in found if m.kind not in _PHONES
            or not any(start <= m.start and m.end <= end for start, end in spans)]


def _front_matter_values(item: Item) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """(description, front-matter path, text) of each free-text field C002 reads."""
    for name in ("title", "summary", "region", "contact"):
        value = getattr(item, name)
        if value:
            yield f"the {name}", (name,), value
    for i, source in enumerate(item.sources):
        yield f"source {i + 1}", ("sources", i), source


def _counted(kind: Kind, count: int) -> str:
    singular, plural = DESCRIPTIONS[kind]
    return singular if count == 1 else f"{count} {plural}"


def _a(word: str) -> str:
    """``word`` with its indefinite article."""
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


@rule("C002", "personal-data", E, "item",
      options=(Option("min_level", "", "Lowest level whose items may hold personal data "
                                       "(default: the repository's top level)."),
               Option("kinds", list(KINDS), "Kinds of personal data to look for: "
                                            + ", ".join(KINDS) + ".")))
def personal_data(item: Item, ctx: Context) -> Iterator[Finding]:
    """Personal data in an item that is not cleared for it.

    ## What it does
    Looks for people's phone numbers, national identity numbers, e-mail
    addresses, bank card numbers and IBANs in the title, summary, sources,
    contact, region and the whole body — code blocks included — of items
    classified below `min_level` (by default the repository's top level). The
    regions come from `personal_data.regions` in `bulletin.yml` (by default
    the time zone's country; mainland China for a Chinese bulletin):

    - phone numbers of those regions through libphonenumber, and any number
      written with a country code: mobiles and landlines, not toll-free,
      shared-cost or premium lines (0800, 0300, 400…), not a line labelled
      as a hotline, switchboard or duty office, not the numbers listed in
      `personal_data.public`, nor an office's line by its context: an
      extension after it ("ext. 7019", 转8012), or before it in its sentence
      the office's web address ("visit https://… or call") or a call to an
      organisation ("Contact the Region's Public Health office by calling")
      with no person in sight (*Mr, Mrs, his, her, tenant*);
    - national identifiers, validated (check digits, birth dates, allocated
      prefixes): CN resident identity numbers; GB National Insurance numbers
      (and NHS numbers where the text says NHS); US Social Security numbers and
      ITINs; Hong Kong identity cards; Singapore NRIC and FIN numbers;
    - everywhere: bank card numbers (Luhn-checked), IBANs, and e-mail addresses
      that are a person's — not a role mailbox (`press@`, `enquiries@`) nor
      one listed in `personal_data.public`.

    A front-matter hit is reported at the field, a body hit at the number
    itself. The message names the kind of data, never the value. Dates,
    money, statistics, postcodes, case and reference numbers, numbers in
    intranet addresses and a web address's digits (a page's or document's id,
    never a phone number) are not personal data.

    ## Why
    Personal information protection law (PIPL, the UK and EU GDPR, US
    privacy law) and the office's own rules allow personal data only in
    material cleared for it. An internal item is read by every unit and kept
    for years; one pasted phone or identity number exposes a person to fraud
    and the office to liability.

    ## Example
    "Contact Zhang San on 138 1234 5678 or zhang.san@qq.com." / "The
    resident, Mrs Ellis (07700 900123, NI number AB 12 34 56 C), was
    rehoused." / "Reach the tenant at (202) 555-0143." /
    “联系人：张三，电话13812345678，身份证号码11010519491231002X。”

    ## Use instead
    Name the office or role, not the person, and give the office's line, not
    a mobile: "Contact the bureau's duty office on 0571-8765 0000." /
    "Residents can call the council's housing line, 0300 123 4567." /
    “联系人：市水务局值班室（0571-87650000）。” List the office's published
    lines and addresses under `personal_data.public`. If the item is really
    about a person, classify it at the level that may hold personal data.
    """
    level = _min_level(ctx.policy, ctx.options.get("min_level"))
    if ctx.policy.level_rank(item.classification) >= ctx.policy.level_rank(level):
        return
    kinds = _kinds(ctx.options.get("kinds"))
    scope = scope_of(ctx.policy)
    rank = ctx.policy.level_rank(item.classification)
    where = f"{_a(item.classification or '')} item" if rank >= 0 else \
        "an item without a valid classification"
    advice = f"personal data may only appear in {level} items"
    yield from _front_matter_hits(item, kinds, where, advice, ctx.policy, scope)
    yield from _body_hits(item, kinds, where, advice, ctx.policy, scope)


def _front_matter_hits(item: Item, kinds: tuple[Kind, ...], where: str, advice: str,
                       policy: Policy, scope: Scope) -> Iterator[Finding]:
    """One finding per field and kind, at the field's value."""
    for field, path, value in _front_matter_values(item):
        found = _not_in_addresses(value, find_personal_data(
            _intranet_addresses_blanked(value, policy), kinds, scope))
        pos = item.where(*path)
        for what in dict.fromkeys((m.kind, m.what) for m in found):
            same = [m for m in found if (m.kind, m.what) == what]
            name = same[0].description if len(same) == 1 else _counted(what[0], len(same))
            yield Finding("C002", f"{name} in {field} of {where}; {advice}",
                          pos.line, pos.column)


# an office's line by what surrounds it: an extension after it ("905-688-8248 ext. 7019",
# 转8012); before it, in the same sentence, the office's web address ("visit https://…
# or call"), or a call to an organisation named by its kind ("Contact Niagara Region
# Public Health … by calling") with no person in sight (Mr, Mrs, his, her)
_EXTENSION = re.compile(r"\s*,?\s*(?:ext\.?|extension|x|转|分机)\s*\d", re.I)
_SENTENCE_START = re.compile(r"(?:[.!?](?=\s)|[。！？\n])(?!.*(?:[.!?]\s|[。！？\n]))", re.S)
_WEB = re.compile(r"(?:https?://|\bwww\.)\S*", re.I)
_CALL_ORG = re.compile(
    r"\b(?:call|calling|contact|phone|ring)\b.*\b(?:Department|Dept|Region|Council|County|"
    r"City|Town|Borough|Office|Health|Services|Center|Centre|Agency|Authority|Police|"
    r"Sheriff|Fire|Hospital|Library|District|Commission|Board|Bureau|Utilit(?:y|ies)|Works|"
    r"Academy|Registry|Clerk)\b", re.S)
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|his|her|him|tenant|resident|owner|victim|"
                     r"mother|father|son|daughter|wife|husband)\b\.?|"
                     r"联系人|手机|先生|女士|家属|本人|家人", re.I)


def _office_line(text: str, start: int, end: int) -> bool:
    """True when the phone number at ``text[start:end]`` reads as an office's line."""
    if _EXTENSION.match(text, end, end + 16):
        return True
    window = text[max(0, start - 160):start]
    cut = _SENTENCE_START.search(window)
    sentence = window[cut.end():] if cut else window
    if _PERSON.search(sentence):
        return False
    # (an address that runs into the number holds it: https://x.example/u/13812345678 —
    # such numbers never get here, see _not_in_addresses)
    web = any(m.end() < len(sentence) for m in _WEB.finditer(sentence))
    return web or bool(_CALL_ORG.search(sentence))


def _body_hits(item: Item, kinds: tuple[Kind, ...], where: str, advice: str,
               policy: Policy, scope: Scope) -> Iterator[Finding]:
    """One finding per hit in the body, at the hit, up to :data:`MAX_PER_ITEM`."""
    found = [m for m in _not_in_addresses(item.body, find_personal_data(
                 _intranet_addresses_blanked(item.body, policy), kinds, scope))
             if m.kind not in _PHONES or not _office_line(item.body, m.start, m.end)]
    at = Positions(item.body, item.body_line)
    for m in found[:MAX_PER_ITEM]:
        line, column = at(m.start)
        yield Finding("C002", f"{m.description} in the body of {where}; {advice}",
                      line, column)
    if len(found) > MAX_PER_ITEM:
        line, column = at(found[MAX_PER_ITEM].start)
        yield Finding("C002", f"{len(found) - MAX_PER_ITEM} more pieces of personal data in the "
                              f"body are not listed (only the first {MAX_PER_ITEM} are); "
                              f"{advice}", line, column)
