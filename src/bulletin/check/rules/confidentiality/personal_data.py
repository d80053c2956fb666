"""C002: personal data in an item that is not cleared for it.

The detectors are :mod:`bulletin.check.pii`; this rule chooses what to read (the
free-text fields and the whole body, numbers in intranet addresses blanked) and
words the findings. A message names the kind of data, never the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ....config import Policy
from ....diagnostics import Finding, Severity
from ....hosts import is_intranet
from ....model import Item
from ... import pii
from ..registry import Context, Option, rule
from .locate import MAX_PER_ITEM, Positions, addresses

E = Severity.ERROR


def _min_level(policy: Policy, option: object) -> str:
    """The lowest level that may hold personal data: the option if it names a level,
    else the repository's top level."""
    return option if isinstance(option, str) and option in policy.levels else policy.top


def _kinds(option: object) -> tuple[pii.Kind, ...]:
    """The detectors the ``kinds`` option selects (unknown names are ignored)."""
    names = option if isinstance(option, list) else list(pii.KINDS)
    return tuple(k for k in pii.KINDS if k in names)


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


def _front_matter_values(item: Item) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """(description, front-matter path, text) of each free-text field C002 reads."""
    for name in ("title", "summary", "region", "contact"):
        value = getattr(item, name)
        if value:
            yield f"the {name}", (name,), value
    for i, source in enumerate(item.sources):
        yield f"source {i + 1}", ("sources", i), source


def _counted(kind: pii.Kind, count: int) -> str:
    singular, plural = pii.DESCRIPTIONS[kind]
    return singular if count == 1 else f"{count} {plural}"


def _a(word: str) -> str:
    """``word`` with its indefinite article."""
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


@rule("C002", "personal-data", E, "item",
      options=(Option("min_level", "", "Lowest level whose items may hold personal data "
                                       "(default: the repository's top level)."),
               Option("kinds", list(pii.KINDS), "Kinds of personal data to look for: "
                                                + ", ".join(pii.KINDS) + ".")))
def personal_data(item: Item, ctx: Context) -> Iterator[Finding]:
    """Personal data in an item that is not cleared for it.

    ## What it does
    Looks for resident identity numbers (checksum and birth date verified),
    mobile and landline phone numbers, e-mail addresses and bank card numbers
    (Luhn-checked) in the title, summary, sources, contact, region and the
    whole body — code blocks included — of items classified below
    `min_level` (by default the repository's top level). A front-matter hit is
    reported at the field; a body hit at the number itself. The message names
    the kind of data, never the value. Dates, money, statistics, ids and
    numbers in intranet addresses are not personal data.

    ## Why
    Personal information protection law and the office's rules allow personal
    data only in material cleared for it. An internal item is read by every
    unit and kept for years; one pasted phone number or ID number exposes a
    person to fraud and the office to liability.

    ## Example
    "Contact Zhang San on 138 1234 5678 or zhang.san@qq.com." /
    “联系人：张三，电话13812345678，身份证号码11010519491231002X。”

    ## Use instead
    Name the office or role, not the person: "Contact the bureau's duty
    office." / “联系人：市水务局值班室。” If the item is really about a
    person, classify it at the level that may hold personal data.
    """
    level = _min_level(ctx.policy, ctx.options.get("min_level"))
    if ctx.policy.level_rank(item.classification) >= ctx.policy.level_rank(level):
        return
    kinds = _kinds(ctx.options.get("kinds"))
    rank = ctx.policy.level_rank(item.classification)
    where = f"{_a(item.classification or '')} item" if rank >= 0 else \
        "an item without a valid classification"
    advice = f"personal data may only appear in {level} items"
    yield from _front_matter_hits(item, kinds, where, advice, ctx.policy)
    yield from _body_hits(item, kinds, where, advice, ctx.policy)


def _front_matter_hits(item: Item, kinds: tuple[pii.Kind, ...], where: str, advice: str,
                       policy: Policy) -> Iterator[Finding]:
    """One finding per field and kind, at the field's value."""
    for field, path, value in _front_matter_values(item):
        found = pii.find_personal_data(_intranet_addresses_blanked(value, policy), kinds)
        pos = item.where(*path)
        for kind in dict.fromkeys(m.kind for m in found):
            count = sum(1 for m in found if m.kind == kind)
            yield Finding("C002", f"{_counted(kind, count)} in {field} of {where}; {advice}",
                          pos.line, pos.column)


def _body_hits(item: Item, kinds: tuple[pii.Kind, ...], where: str, advice: str,
               policy: Policy) -> Iterator[Finding]:
    """One finding per hit in the body, at the hit, up to :data:`MAX_PER_ITEM`."""
    found = pii.find_personal_data(_intranet_addresses_blanked(item.body, policy), kinds)
    at = Positions(item.body, item.body_line)
    for m in found[:MAX_PER_ITEM]:
        line, column = at(m.start)
        yield Finding("C002", f"{pii.DESCRIPTIONS[m.kind][0]} in the body of {where}; {advice}",
                      line, column)
    if len(found) > MAX_PER_ITEM:
        line, column = at(found[MAX_PER_ITEM].start)
        yield Finding("C002", f"{len(found) - MAX_PER_ITEM} more pieces of personal data in the "
                              f"body are not listed (only the first {MAX_PER_ITEM} are); "
                              f"{advice}", line, column)
