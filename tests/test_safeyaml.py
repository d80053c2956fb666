"""The front-matter reader: plain data only, positions for everything, never raises."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin import safeyaml


def test_plain_scalars_resolve_without_yaml11_surprises() -> None:
    doc = safeyaml.load("a: yes\nb: off\nc: 1:30\nd: 2026-11-28\ne: '2026-11-28'\n"
                        "f: 12\ng: 1.5\nh: ~\ni: true\nj: 0o17\n")
    assert doc.data == {"a": "yes", "b": "off", "c": "1:30", "d": dt.date(2026, 11, 28),
                        "e": "2026-11-28", "f": 12, "g": 1.5, "h": None, "i": True,
                        "j": "0o17"}
    assert doc.problems == []


def test_datetime_with_offset() -> None:
    doc = safeyaml.load("embargo: 2026-11-19T09:00:00+08:00\n")
    value = doc.data["embargo"]
    assert value == dt.datetime(2026, 11, 19, 1, 0, tzinfo=dt.UTC)


def test_positions_of_values_and_keys_include_the_offset() -> None:
    doc = safeyaml.load("title: x\nsources:\n  - one\n  - two\n", line_offset=1)
    assert doc.where("title") == safeyaml.Pos(2, 8)
    assert doc.where("sources", 1) == safeyaml.Pos(5, 5)
    assert doc.where_key("sources") == safeyaml.Pos(3, 1)
    assert doc.where("missing") == safeyaml.Pos(2, 1)


def test_aliases_anchors_and_tags_are_refused() -> None:
    for text in ("a: &x 1\nb: *x\n", "a: !!python/object/apply:os.system [ls]\n",
                 "a: !!str 1\n", "a: !custom x\n"):
        doc = safeyaml.load(text)
        assert not doc.ok
        assert doc.data is None
        assert doc.problems[0].kind == "unsafe"


def test_billion_laughs_is_refused_without_expansion() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    doc = safeyaml.load("\n".join(lines))
    assert not doc.ok and doc.problems[0].kind == "unsafe"


def test_duplicate_key_keeps_the_first_and_reports_the_second() -> None:
    doc = safeyaml.load("a: 1\nb: 2\na: 3\n")
    assert doc.data == {"a": 1, "b": 2}
    [problem] = doc.problems
    assert problem.kind == "duplicate-key" and problem.pos == safeyaml.Pos(3, 1)
    assert "line 1" in problem.message


def test_nesting_is_bounded() -> None:
    doc = safeyaml.load("a: " + "[" * 30 + "]" * 30)
    assert not doc.ok and "nesting" in doc.problems[0].message


def test_a_second_document_is_an_error() -> None:
    doc = safeyaml.load("a: 1\n---\nb: 2\n")
    assert not doc.ok and doc.problems[0].pos.line == 2


def test_impossible_date_is_reported_and_kept_as_text() -> None:
    doc = safeyaml.load("date: 2026-02-30\n")
    assert doc.data == {"date": "2026-02-30"}
    assert doc.ok and doc.problems[0].kind == "value"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_any_text_never_raises_and_problems_lie_inside_the_text(text: str) -> None:
    doc = safeyaml.load(text, line_offset=1)
    n_lines = text.count("\n") + text.count("\r") + 2
    for problem in doc.problems:
        assert 2 <= problem.pos.line <= n_lines + 1
        assert problem.pos.column >= 1


yaml_ish = st.lists(st.sampled_from([
    "a: 1", "b: [x, y", "- item", "  nested: v", "&x", "*x", "!!tag", "? k", ": v", "---",
    "title: 标题", "c: 'quoted", "d: \"dq\"", "\t", "key:", "  - 1", "{a: b}", "...", "#c",
]), max_size=12).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(yaml_ish)
def test_yaml_like_fragments_never_raise(text: str) -> None:
    doc = safeyaml.load(text)
    assert doc.ok == all(not p.fatal for p in doc.problems)
    if not doc.ok:
        assert doc.data is None
