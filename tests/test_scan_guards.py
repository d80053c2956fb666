"""Issue 19, deliverable 2: the cold check's shortcuts find exactly what the full scans find.

A cold check skips a pattern's scan where a quick test (a few substring searches, or a
class the regex engine skips to) says it cannot match, and tries the patterns of
figures and dates only where a match can start. Each shortcut is compared here with
the full scan it replaces, on texts made of the very words, figures, marks and odd
characters the patterns read (İ ı ſ K, which a pattern that ignores case takes for
i, i, s, k; full-width letters and digits): a guard that refused a text its pattern
matches, or a start the pattern can take, fails here. scripts/bench_check.py
--reference compares whole checks with a reference run.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.check import quantities
from bulletin.check.pii import people
from bulletin.check.prose import _LINK_TARGET, _URL, fold, has_any, mask, mask_inline_code
from bulletin.check.quantities import _DATES, _FIGURE, _FIGURE_START, DATES, matches_from
from bulletin.check.rules.quality import dates, figures, leftovers, punctuation, true
from bulletin.check.rules.quality.reading import half_width

# pieces of text the patterns look for, and what sits around them
PIECES = [
    # figures, dates, numerals
    "1", "2", "12", "2026", "1,240", "3.5", "0.14", "一", "两", "三千二百", "1.2万", "〇",
    "第", "年", "月", "日", "号", "时", "点", "分", "秒", "周", "至", "-", "–", ":", "：",
    "%", "％", "人", "户", "元", "万元", "多", "余", "约", "超过", "其中", "分别", "分别为",
    # English words the patterns hold
    "Nov", "nov.", "November", "SEPT", "May", "mar", "march", "Oct", "week ", "day of ",
    "3rd", "21st", " to ", "about", "approximately", "more than", "some", "over", "nearly",
    "including", "of whom", "Of the", "of these", "among them", "households", "people",
    "percent", "million", "Homes", "best", "best-ever", "unprecedented", "world class",
    "second to none", "remarkably", "the largest in the country", "TODO", "tbd", "XX",
    "xx", "xxx", "[NUMBER]", "[Name]", "[县名]", "××", "待补充", "此处插入", "本报讯",
    "By ", "Jenna Ruiz", ", Staff Writer", "Have a news tip", "Staff photo", "(Photo by x)",
    "史上最", "前所未有", "全国领先", "记者", "通讯员", "编辑：", "报料人",
    "王某", "（男，45岁）", "3栋2单元501室", "家住", "建设路56号", "Kyle Brandt", ", 29, of ",
    "home at ", "77 Juniper Lane", "lives at ", "青A·7K329", "plate ", "JKR 4417",
    "registration ", "AB12 CDE",
    # marks, code, links, spacing
    " ", "  ", "\t", ".", ",", ";", "(", ")", "（", "）", "“", "”", "’", "`", "``", "](",
    "https://x.example/a", "www.", "WWW.", "，", "。", "、",
    # characters that fold or widen: ignore-case equals of i, s, k; full-width forms
    "İ", "ı", "ſ", "K", "ſept", "İncluding", "Ｘ", "ｘ", "１２", "Ｎｏｖ", "ａｂｏｕｔ",
    # plain prose
    "The county", "residents", "会议", "群众", "a", "A", "de", "Sunday",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _spans(found: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in found]  # type: ignore[attr-defined]


@SETTINGS
@given(TEXTS)
def test_figures_are_tried_only_where_one_can_start(text: str) -> None:
    assert _spans(matches_from(_FIGURE, _FIGURE_START, text)) == _spans(_FIGURE.finditer(text))


@SETTINGS
@given(TEXTS)
def test_dates_are_tried_only_where_one_can_start(text: str) -> None:
    assert _spans(matches_from(dates._DATE, dates._DATE_START, text)) == \
        _spans(dates._DATE.finditer(text))


def _unguarded_dates(text: str) -> list[dates._Found]:
    saved = dates._may_hold_date
    dates._may_hold_date = lambda _: True  # type: ignore[assignment]
    try:
        return list(dates._dates(text))
    finally:
        dates._may_hold_date = saved


@SETTINGS
@given(TEXTS)
def test_dates_found_with_the_guard_are_those_found_without(text: str) -> None:
    assert list(dates._dates(text)) == _unguarded_dates(text)
    assert list(dates._dates(half_width(text))) == _unguarded_dates(half_width(text))


# (pattern, the guard's test): the guard must pass every text the pattern matches in
GUARDS: dict[str, tuple[re.Pattern[str], Callable[[str], object]]] = {
    "DATES": (_DATES, DATES.needs),
    "Q403 anchor": (figures._ANCHOR, figures._may_anchor),
    "Q404 superlatives": (true.SUPERLATIVES,
                          lambda t: has_any(fold(t), true._SUPERLATIVE_WORDS)),
    **{f"C008 {n}": (pattern, needs) for n, ((_, pattern), needs)
       in enumerate(zip(people._PATTERNS, people._NEEDS, strict=True))},
    **{f"leftovers {n}": (pattern, lambda t, needs=needs, folded=folded:
                          has_any(fold(t) if folded else t, needs))
       for n, (pattern, (needs, folded)) in enumerate(leftovers._NEEDS.items())},
}


@pytest.mark.parametrize("name", list(GUARDS))
@SETTINGS
@given(text=TEXTS)
def test_a_guard_passes_every_text_its_pattern_matches(name: str, text: str) -> None:
    pattern, guard = GUARDS[name]
    for sample in (text, half_width(text)):
        if pattern.search(sample):
            assert guard(sample), f"{name} refused {sample!r}"


# texts each of the guarded patterns matches (from the rules' own examples): a guard
# written for an older pattern refuses a newer alternative's text
EXAMPLES = [
    "The rider was 52-year-old Marion Ellis Grant, a resident of Cedar Falls, police said.",
    "Kyle Brandt, 29, of Pine Hollow was taken to hospital.",
    "王某（男，45岁）驾车途经此处。", "5岁多的双胞胎儿童（廖某旭、廖某阳）走失。",
    "住在3栋2单元501室的居民", "家住建设路56号", "He lives at 77 Juniper Lane.",
    "车牌号为青A·7K329的货车", "a car with Ohio plate JKR 4417", "registration AB12 CDE",
    "此前报道：河道清淤已完成。", "相关报道：", "延伸阅读：", "记者致电区应急局。",
    "记者从市水务局获悉，", "（记者 刘晓 通讯员 陈安）", "本报讯", "东城融媒讯",
    "记者 王芳 摄", "（责任编辑：李明）", "报料热线：12345", "新闻热线",
    "By Jenna Ruiz, Staff Writer", "Have a news tip? Email us.", "Staff photo",
    "(Photo by Sam Lee)", "This story was produced by the desk.", "[County Name]",
    "XX县", "×××同志", "TODO: figures", "待补充", "此处插入图片",
    "the best-ever result", "前所未有", "史上最大", "on 3 November", "11月3日", "10:15",
]


@pytest.mark.parametrize("name", list(GUARDS))
def test_a_guard_passes_the_rules_own_examples(name: str) -> None:
    pattern, guard = GUARDS[name]
    for sample in EXAMPLES:
        if pattern.search(sample):
            assert guard(sample), f"{name} refused {sample!r}"


@SETTINGS
@given(TEXTS)
def test_q405_finds_what_both_patterns_find(text: str) -> None:
    text = half_width(text)
    both = [*figures._TWICE_ZH.finditer(text), *figures._TWICE_EN.finditer(text)]
    assert _spans(figures._twice(text)) == _spans(both)


@SETTINGS
@given(TEXTS)
def test_masking_and_widths_are_unchanged_by_their_shortcuts(text: str) -> None:
    assert half_width(text) == text.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B)})
    if "`" not in text:
        assert mask_inline_code(text) == text
    full = _LINK_TARGET.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(3),
                            mask_inline_code(text))
    assert mask(text) == _URL.sub(lambda m: " " * len(m.group(0)), full)


@SETTINGS
@given(TEXTS)
def test_q506_marks_are_judged_only_on_lines_with_chinese(text: str) -> None:
    line = mask(text)
    found = punctuation.punctuation_fixes(line)
    saved = punctuation._CHINESE_MARKS
    punctuation._CHINESE_MARKS = tuple(",;:?!(.")  # a guard every line with a mark passes
    try:
        assert punctuation.punctuation_fixes(line) == found
    finally:
        punctuation._CHINESE_MARKS = saved


def test_fold_lowers_every_character_an_ascii_letter_matches_ignoring_case() -> None:
    letters = re.compile("[a-z]", re.I)
    for code in range(0x110000):
        char = chr(code)
        if letters.fullmatch(char):
            assert fold(char) == char.lower() if char.isascii() else fold(char) in "iisk", \
                hex(code)
    assert fold("İncluding ſept K") == "including sept k"


@SETTINGS
@given(TEXTS)
def test_dates_are_blanked_as_the_full_pattern_blanks_them(text: str) -> None:
    for sample in (text, half_width(text)):
        assert DATES.sub(" ", sample) == _DATES.sub(" ", sample)
        assert DATES.sub(lambda m: " " * len(m.group(0)), sample) == \
            _DATES.sub(lambda m: " " * len(m.group(0)), sample)


def _figures_in_full(text: str) -> list[quantities.Figure]:
    """quantities.figures as it was before its shortcuts: every pattern, every character."""
    out = []
    for m in _FIGURE.finditer(text):
        if m.group("en") and not m.group("en")[0].islower():
            continue
        value = quantities.value_of(m.group("num"))
        if value is None:
            continue
        scale = (quantities.SCALES[m.group("scale").lower()] if m.group("scale") else 1) * \
            quantities._UNIT_SCALE.get(m.group("cn") or "", 1)
        unit = quantities._unit(m)
        out.append(quantities.Figure(m.start(), m.end(), value * scale, unit, m.group(0),
                                     bool(m.group("more"))))
        first = quantities._RANGE_START.search(text, max(0, m.start() - 24), m.start())
        if first and (start := quantities.value_of(first.group(1))) is not None:
            out.append(quantities.Figure(first.start(1), first.end(1), start * scale, unit,
                                         first.group(1)))
    return out


@SETTINGS
@given(TEXTS)
def test_figures_are_those_of_the_full_scan(text: str) -> None:
    for sample in (text, half_width(text)):
        assert list(quantities.figures(sample)) == _figures_in_full(sample)
