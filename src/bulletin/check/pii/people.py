"""Personal details that are not numbers: a person named with age or home, a home
address, a vehicle's number plate.

Where :mod:`.identifiers`, :mod:`.phones` and :mod:`.email` find numbers that identify
a person, these find the descriptions that do: a name (or a 某 standing for one) with
sex and age, a named person "41, of 18 Tern Close", a flat's building, unit and room
(3栋2单元501室), a home at a street number, and a plate (青A·7K329, "Ohio plate
JKR 4417"). Each pattern reads a bounded window: linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 王某（男，45岁…）, 李某某（女，12岁）, 陈某（63岁）
    ("a person named with sex or age", re.compile(
        r"[\u4e00-\u9fff]某{1,2}\s*[（(]\s*(?:[男女]\s*[，,、]?\s*)?(?:[\u4e00-\u9fff]{0,6}\s*[，,、]\s*)?"
        r"(?:现年|年龄|今年)?\d{1,3}\s*(?:岁|周岁)|"
        # 5岁多的双胞胎儿童（廖某旭、廖某阳）: an age, then the names
        r"\d{1,3}\s*(?:岁|周岁)[多余]?[^，。；（(\n]{0,12}[（(]\s*[\u4e00-\u9fff]某[\u4e00-\u9fff]{0,2}"
        r"(?:、[\u4e00-\u9fff]某[\u4e00-\u9fff]{0,2})*\s*[）)]")),
    # a flat: building, unit and room; a house number with its room
    ("a home address", re.compile(
        r"\d{1,4}\s*(?:栋|幢|号楼)\s*(?:\d{1,3}\s*单元\s*)?\d{2,5}\s*(?:室|房|号房)|"
        r"\d{1,4}\s*号\s*(?:\d{1,3}\s*(?:栋|幢)\s*)?(?:\d{1,3}\s*单元\s*)?\d{2,5}\s*室|"
        r"家住[\u4e00-\u9fff\d]{2,30}?\d{1,5}\s*号")),
    # "Ronald Haskins, 67, of 412 Birch Street", "Kyle Brandt, 29, of Pine Hollow"
    ("a person named with age and home", re.compile(
        r"\b[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2},\s+(?:aged\s+)?\d{1,3},\s+of\s+(?:\d{1,5}\s+)?"
        r"[A-Z]|"
        # "36-year-old Darrell Lee Taylor, a resident of Louisville"
        r"\b\d{1,3}-year-old [A-Z][a-z'’-]+(?: [A-Z][a-z'’.-]*){1,2},\s+"
        r"(?:a resident of|of|from)\s+[A-Z]")),
    ("a home address", re.compile(
        r"\b(?:home|house|residence|flat|apartment|property)\s+(?:at|on)\s+\d{1,5}[A-Za-z]?\s+"
        r"[A-Z][a-z]+|\b(?:lives|lived|living|resides|resided)\s+(?:at|on)\s+\d{1,5}[A-Za-z]?\s+"
        r"[A-Z][a-z]+")),
    ("a vehicle's number plate", re.compile(
        # (a plate masked for publication, 闽A95XXX, names no one)
        rf"(?<![A-Za-z0-9])[{_PROVINCES}][A-HJ-NP-Z](?![·•.A-Z0-9]{{0,5}}(?:XX|\*\*|××))"
        rf"(?:[·•.]?[A-HJ-NP-Z0-9]){{5,6}}(?![A-Za-z0-9])|"
        r"\b(?:number |license |licence |registration )?plates?(?: number)?:?\s+"
        r"(?=[A-Z0-9 -]{4,10}\b)(?=[A-Z -]*\d)[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,2}\b|"
        r"\bregistration(?: number)?:?\s+[A-Z]{2}\d{2}\s?[A-Z]{3}\b")),
)


@dataclass(frozen=True)
class Detail:
    """One personal detail: what it is and where (``text[start:end]``)."""

    start: int
    end: int
    what: str


_AGE_OF = re.compile(r",\s+(?:aged\s+)?\d{1,3},\s+of\s")
_AT_NUMBER = re.compile(r"\s(?:at|on)\s+\d")
_PROVINCE = re.compile(f"[{_PROVINCES}][A-HJ-NP-Z]")
# what each pattern cannot match without (a scan for it is many times faster than the
# pattern's own, which tries every position): most texts hold none of them
_NEEDS: tuple[Callable[[str], object], ...] = (
    lambda t: "某" in t,
    lambda t: "栋" in t or "幢" in t or "号" in t or "家住" in t,
    lambda t: "-year-old" in t or _AGE_OF.search(t),
    _AT_NUMBER.search,
    lambda t: "plate" in t or "registration" in t or _PROVINCE.search(t),
)


def find_personal_details(text: str) -> list[Detail]:
    """Every personal detail of ``text``, in order, without overlaps."""
    found = sorted((Detail(m.start(), m.end(), what)
                    for (what, pattern), needs in zip(_PATTERNS, _NEEDS, strict=True)
                    if needs(text) for m in pattern.finditer(text)),
                   key=lambda d: (d.start, -d.end))
    kept: list[Detail] = []
    for detail in found:
        if not kept or detail.start >= kept[-1].end:
            kept.append(detail)
    return kept
