"""The loader's findings (S001–S009, S013–S018, S025): files that cannot be read or parsed.

Each corrupted file is written next to valid items, a valid edition and valid
responses; the corrupted file gets exactly the expected diagnostics and every
other file stays clean.

Line map of ``GOOD`` (the fixture's item): ``---`` 1, title 2, unit 3,
authors 4, date 5, event_date 6, category 7, priority 8, classification 9,
summary 10, ``---`` 11, blank 12, body 13.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from bulletin import safeyaml
from bulletin.check.engine import CheckResult
from bulletin.diagnostics import Diagnostic, Severity
from conftest import BulletinRepo, front, item_fields

GOOD = front(**item_fields()) + "\nBody.\n"
BAD = "items/water/2026/2026-11-18-bad.md"
EDITION = "bulletins/2026/002.yml"
RESPONSES = "bulletins/2026/responses.yml"
NEIGHBOURS = ("items/water/2026/2026-11-18-good.md", "items/health/2026/2026-11-18-other.md",
              "items/water/2026/2026-11-18-third.md", "bulletins/2026/001.yml")
VALID_EDITION = """\
number: 2
date: 2026-11-21
type: regular
audience: internal
editor: li.na
sections:
  - title: Situation
    items: [2026-11-18-third]
"""
VALID_RESPONSES = """\
- item: 2026-11-18-good
  by: Vice Mayor Wang
  date: 2026-11-21
  kind: instruction
"""


def neighbours(repo: BulletinRepo) -> None:
    """Valid files that must stay clean whatever happens to the file under test."""
    repo.item(slug="good")
    repo.item(slug="other", unit="health")
    repo.item(slug="third")  # listed by VALID_EDITION
    repo.edition(1, ["2026-11-18-good", "2026-11-18-other"])


def on(result: CheckResult, rel: str) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.path == rel]


def only(repo: BulletinRepo, rel: str) -> list[Diagnostic]:
    """The diagnostics of ``rel``, after asserting that no other file has any."""
    result = repo.check()
    result.diagnostics = [d for d in result.diagnostics if d.code[0] != "Q"]
    assert [d for d in result.diagnostics if d.path != rel] == []
    return on(result, rel)


@dataclass
class Case:
    id: str
    rel: str
    content: str | bytes
    expected: list[tuple[str, int, int]]  # (code, line, column)
    words: tuple[str, ...] = ()          # in the first expected diagnostic's message


def replaced(*pairs: tuple[str, str]) -> str:
    text = GOOD
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    return text


CASES = [
    # --- S001 unreadable-file
    Case("latin-1 byte", BAD, GOOD.encode().replace(b"Three", b"Thr\xe9e"),
         [("S001", 10, 14)], ("not valid UTF-8", "0xE9")),
    Case("bad byte after CJK", BAD, replaced(('"Reservoir levels', '"水库 levels')).encode()
         .replace("水库".encode(), "水库".encode() + b"\xff"),
         [("S001", 2, 11)], ("0xFF",)),
    Case("bad byte in body", BAD, GOOD.encode().replace(b"Body.", b"Bo\x80dy."),
         [("S001", 13, 3)], ("UTF-8",)),
    Case("GBK", BAD, replaced(("Body.", "正文。")).encode("gbk"), [("S001", 13, 1)], ("UTF-8",)),
    Case("UTF-16", BAD, GOOD.encode("utf-16"), [("S001", 1, 1)], ("UTF-16",)),
    Case("UTF-16 without BOM", BAD, GOOD.encode("utf-16-le"), [("S001", 1, 1)], ("NUL",)),
    Case("NUL byte", BAD, GOOD.encode() + b"\x00", [("S001", 1, 1)], ("binary", "NUL")),
    Case("empty file", BAD, b"", [("S001", 1, 1)], ("empty",)),
    Case("blank file", BAD, b" \n\n\t\n", [("S001", 1, 1)], ("empty",)),
    Case("empty manifest", EDITION, b"", [("S001", 1, 1)], ("empty",)),
    Case("oversized item", BAD, GOOD.encode() + b"x" * (1 << 20), [("S001", 1, 1)],
         ("limit is 1,048,576",)),
    Case("oversized manifest", EDITION, VALID_EDITION + "note: " + "x" * (4 << 20) + "\n",
         [("S001", 1, 1)], ("limit is 4,194,304",)),
    # --- S003 invalid-yaml
    Case("colon in plain value", BAD,
         replaced(('"Reservoir levels fall below the flood-season limit"',
                   "Water main burst: 3,000 households")),
         [("S003", 2, 24)], ("mapping values",)),
    Case("syntax error in manifest", EDITION, VALID_EDITION.replace("items: [2026-11-18-third]",
                                                                    "items: [2026-11-18-third"),
         [("S003", 9, 1)], ()),
    Case("unclosed front matter", BAD, GOOD.replace("---\n\nBody.", "\nBody."),
         [("S003", 1, 1)], ("not closed",)),
    Case("two documents in a manifest", EDITION, VALID_EDITION + "---\nnumber: 3\n",
         [("S003", 9, 1)], ("more than one YAML document",)),
    Case("two documents in responses", RESPONSES, VALID_RESPONSES + "---\n- item: x\n",
         [("S003", 5, 1)], ("more than one YAML document",)),
    Case("nesting deeper than 20", BAD,
         replaced(('category: "situation"', 'category: "situation"\ntags: '
                   + "[" * 25 + "x" + "]" * 25)),
         [("S003", 8, 27)], ("nesting deeper than 20",)),
    Case("front matter over 64 KB", BAD,
         replaced(('---\n\nBody', "contact: " + "x" * (64 << 10) + "\n---\n\nBody")),
         [("S003", 2, 1)], ("64 KB",)),
    Case("non-text mapping key", BAD, replaced(('category:', '[a, b]: x\ncategory:')),
         [("S003", 7, 1)], ("mapping key",)),
    # --- S004 unsafe-yaml
    Case("anchor", BAD, replaced(('authors: ["Zhang San"]',
                                  'authors: &team ["Zhang San"]\ncontact: *team')),
         [("S004", 4, 10)], ("anchor '&team'",)),
    Case("alias", BAD, replaced(('category:', 'contact: *team\ncategory:')),
         [("S004", 7, 10)], ("alias '*team'",)),
    Case("str tag", BAD, replaced(('title: "Reservoir', 'title: !!str "Reservoir')),
         [("S004", 2, 8)], ("tag",)),
    Case("local tag", BAD, replaced(('category:', 'contact: !include secret.yml\ncategory:')),
         [("S004", 7, 10)], ("tag '!include'",)),
    Case("tag in manifest", EDITION, VALID_EDITION.replace("editor: li.na", "editor: !!str li.na"),
         [("S004", 5, 9)], ("tag",)),
    # --- S005 duplicate-key
    Case("duplicate key", BAD, replaced(('priority: "routine"',
                                         'priority: "routine"\npriority: "urgent"')),
         [("S005", 9, 1)], ("duplicate key 'priority'", "first defined on line 8")),
    Case("duplicate key in a response", RESPONSES, VALID_RESPONSES + "  by: Mayor Li\n",
         [("S005", 5, 3)], ("'by'",)),
    # --- S006 missing-front-matter
    Case("no front matter", BAD, "# Reservoir levels fall\n\nThree reservoirs ...\n",
         [("S006", 1, 1)], ("no front matter", "'---'")),
    Case("blank line before front matter", BAD, "\n" + GOOD, [("S006", 1, 1)], ()),
    # --- S007 not-a-mapping
    Case("list as front matter", BAD, "---\n- title: x\n- unit: water\n---\n\nBody.\n",
         [("S007", 2, 1)], ("mapping", "a list")),
    Case("empty front matter", BAD, "---\n---\n\nBody.\n", [("S007", 2, 1)], ("mapping",)),
    Case("manifest is a string", EDITION, "Flood season wrap-up\n", [("S007", 1, 1)],
         ("edition manifest must be a mapping", "text")),
    Case("responses is a mapping", RESPONSES, VALID_RESPONSES.replace("- item", "item")
         .replace("  ", ""), [("S007", 1, 1)], ("must be a list", "a mapping")),
    Case("response is text", RESPONSES, VALID_RESPONSES + "- thanks for the report\n",
         [("S007", 5, 3)], ("a response must be a mapping", "text")),
    # --- S008 invalid-value
    Case("list field given a mapping", BAD,
         replaced(('authors: ["Zhang San"]', 'authors: {name: Zhang San}')),
         [("S008", 4, 10)], ("'authors' must be a list", "not a mapping")),
    Case("date field given text", BAD, replaced(("event_date: 2026-11-17", "event_date: soon")),
         [("S008", 6, 13)], ("'event_date' must be a date", "not text")),
    Case("text field given a number", BAD,
         replaced(('title: "Reservoir levels fall below the flood-season limit"', "title: 2026")),
         [("S008", 2, 8)], ("'title' must be text", "a number")),
    Case("list element of the wrong type", BAD,
         replaced(('authors: ["Zhang San"]', 'authors: ["Zhang San", [Li Si]]')),
         [("S008", 4, 24)], ("'authors[2]'",)),
    Case("unknown unit", BAD, replaced(('unit: "water"', 'unit: "watr"')),
         [("S008", 3, 7)], ("'unit' is 'watr'", "did you mean 'water'")),
    Case("unknown classification", BAD,
         replaced(('classification: "internal"', 'classification: "internel"')),
         [("S008", 9, 17)], ("did you mean 'internal'",)),
    Case("impossible date", BAD, replaced(("date: 2026-11-18", "date: 2026-02-30")),
         [("S008", 5, 7)], ("'2026-02-30' is not a valid date",)),
    Case("impossible event date", BAD, replaced(("event_date: 2026-11-17",
                                                 "event_date: 2026-11-31")),
         [("S008", 6, 13)], ("'2026-11-31'",)),
    Case("impossible embargo", BAD,
         replaced(('category:', 'embargo: 2026-11-20T25:00:00+08:00\ncategory:')),
         [("S008", 7, 10)], ("not a valid date-time",)),
    Case("impossible edition date", EDITION, VALID_EDITION.replace("2026-11-21", "2026-02-29"),
         [("S008", 2, 7)], ("'2026-02-29'",)),
    Case("impossible response date", RESPONSES, VALID_RESPONSES.replace("2026-11-21",
                                                                         "2026-13-01"),
         [("S008", 3, 9)], ("'2026-13-01'",)),
    Case("unknown editor", EDITION, VALID_EDITION.replace("li.na", "li.nn"),
         [("S008", 5, 9)], ("did you mean 'li.na'",)),
    Case("unknown response kind", RESPONSES, VALID_RESPONSES.replace("instruction", "order"),
         [("S008", 4, 9)], ("'kind' is 'order'", "instruction")),
    # --- S009 unknown-field
    Case("unknown item field", BAD, replaced(("summary:", "summery:")),
         [("S002", 2, 1), ("S009", 10, 1)], ("missing required field 'summary'",)),
    Case("unknown edition field", EDITION, VALID_EDITION + "colour: red\n",
         [("S009", 9, 1)], ("unknown field 'colour' in an edition",)),
    Case("unknown section field", EDITION, VALID_EDITION + "    subtitle: x\n",
         [("S009", 9, 5)], ("in a section",)),
    Case("unknown response field", RESPONSES, VALID_RESPONSES + "  rnk: mayor\n",
         [("S009", 5, 3)], ("'rnk' in a response", "did you mean 'rank'")),
    # --- S013 .. S018
    Case("byte-order mark", BAD, "\ufeff" + GOOD, [("S013", 1, 1)], ("byte-order mark",)),
    Case("CRLF", BAD, GOOD.replace("\n", "\r\n"), [("S014", 1, 1)], ("CRLF",)),
    Case("CR in body only", BAD, GOOD + "second line\r\n", [("S014", 14, 1)], ("CRLF",)),
    Case("CRLF manifest", EDITION, VALID_EDITION.replace("\n", "\r\n"), [("S014", 1, 1)], ()),
    Case("trailing blanks in YAML", BAD, replaced(('"internal"', '"internal"\t ')),
         [("S015", 9, 27)], ("trailing whitespace",)),
    Case("trailing blanks in body", BAD, GOOD.replace("Body.", "Body.   "),
         [("S015", 13, 6)], ()),
    Case("trailing blanks in manifest", EDITION, VALID_EDITION.replace("regular", "regular  "),
         [("S015", 3, 14)], ()),
    Case("tab indentation", BAD, replaced(('authors: ["Zhang San"]', 'authors:\n\t- Zhang San')),
         [("S016", 5, 1)], ("tab",)),
    Case("tab indentation in manifest", EDITION, VALID_EDITION.replace("    items", "\t\titems"),
         [("S016", 8, 1)], ()),
    Case("backspace in YAML", BAD, replaced(("Three", "Th\bree")), [("S017", 10, 13)],
         ("U+0008",)),
    Case("escape in body", BAD, GOOD.replace("Body.", "Bo\x1bdy."), [("S017", 13, 3)],
         ("U+001B",)),
    Case("form feed in manifest", EDITION, VALID_EDITION.replace("Situation", "Situ\x0cation"),
         [("S017", 7, 16)], ("U+000C",)),
    Case("second front matter", BAD, GOOD.replace("Body.", "---\ntags: [water]\n---\nBody."),
         [("S018", 13, 1)], ("second '---' block",)),
    # --- S025 stray-file
    Case("Word file under items", "items/water/2026/flood-report.docx", b"PK\x03\x04",
         [("S025", 1, 1)], ("not an item",)),
    Case("text file under items", "items/water/2026/2026-11-18-draft.txt", GOOD,
         [("S025", 1, 1)], ()),
    Case("Markdown under bulletins", "bulletins/2026/notes.md", "# Notes\n", [("S025", 1, 1)],
         ()),
    Case("JSON under bulletins", "bulletins/2026/047.json", "{}", [("S025", 1, 1)], ()),
    Case("manifest under items", "items/water/2026/001.yml", VALID_EDITION, [("S025", 1, 1)],
         ()),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_loader_finding(bulletin_repo: BulletinRepo, case: Case) -> None:
    neighbours(bulletin_repo)
    bulletin_repo.write(case.rel, case.content)
    found = only(bulletin_repo, case.rel)
    assert sorted((d.code, d.line, d.column) for d in found) == sorted(case.expected)
    first = next(d for d in found if (d.code, d.line, d.column) == case.expected[0])
    for word in case.words:
        assert word in first.message


def test_loader_severities(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="a", body="Body.   \n", summery="x")
    bulletin_repo.write("items/water/2026/2026-11-18-b.md", b"\xff")
    severities = {d.code: d.severity for d in bulletin_repo.diagnostics()}
    assert severities == {"S001": Severity.ERROR, "S009": Severity.WARNING,
                          "S015": Severity.WARNING}


# --- S001: sizes, symbolic links --------------------------------------------------------------


def test_manifest_larger_than_an_item_limit_is_read(bulletin_repo: BulletinRepo) -> None:
    neighbours(bulletin_repo)
    bulletin_repo.write(EDITION, VALID_EDITION + "note: " + "x" * (2 << 20) + "\n")
    assert only(bulletin_repo, EDITION) == []


def test_symlink_to_a_file_outside_the_repository(bulletin_repo: BulletinRepo) -> None:
    neighbours(bulletin_repo)
    outside = bulletin_repo.root.parent / "outside.md"
    outside.write_text(GOOD.replace("Reservoir", "SECRET"), encoding="utf-8")
    link = bulletin_repo.root / BAD
    os.symlink(outside, link)
    result = bulletin_repo.check()
    [d] = on(result, BAD)
    assert (d.code, d.line) == ("S001", 1)
    assert "symbolic link" in d.message
    # (the identical neighbours are near-copies of each other: Q201, beside the point)
    assert [d for d in result.diagnostics if d.path != BAD and d.code != "Q201"] == []
    assert result.repo is not None
    assert all(i.title is None or "SECRET" not in i.title for i in result.repo.items)
    assert "2026-11-18-bad" not in result.repo.items_by_id()


def test_symlink_to_an_item_inside_the_repository(bulletin_repo: BulletinRepo) -> None:
    neighbours(bulletin_repo)
    os.symlink(bulletin_repo.root / NEIGHBOURS[0], bulletin_repo.root / BAD)
    [d] = only(bulletin_repo, BAD)
    assert d.code == "S001"


def test_dangling_symlink(bulletin_repo: BulletinRepo) -> None:
    neighbours(bulletin_repo)
    os.symlink(bulletin_repo.root.parent / "nowhere.md", bulletin_repo.root / BAD)
    [d] = only(bulletin_repo, BAD)
    assert d.code == "S001" and "symbolic link" in d.message


def test_symlinked_manifest(bulletin_repo: BulletinRepo) -> None:
    neighbours(bulletin_repo)
    outside = bulletin_repo.root.parent / "002.yml"
    outside.write_text(VALID_EDITION, encoding="utf-8")
    os.symlink(outside, bulletin_repo.root / EDITION)
    [d] = only(bulletin_repo, EDITION)
    assert d.code == "S001" and "symbolic link" in d.message


def _outside_unit(repo: BulletinRepo) -> Path:
    folder = repo.root.parent / "elsewhere"
    (folder / "2026").mkdir(parents=True)
    (folder / "2026" / "2026-11-18-secret.md").write_text(GOOD, encoding="utf-8")
    return folder


def test_symlinked_directory_under_items(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="good")
    os.symlink(_outside_unit(bulletin_repo), bulletin_repo.root / "items" / "health")
    result = bulletin_repo.check()
    assert [(d.path, d.code, d.line) for d in result.diagnostics] == [
        ("items/health", "S001", 1)]
    assert "symbolic link" in result.diagnostics[0].message
    assert result.repo is not None
    assert [i.id for i in result.repo.items] == ["2026-11-18-good"]


def test_symlinked_items_folder(bulletin_repo: BulletinRepo) -> None:
    outside = bulletin_repo.root.parent / "items-elsewhere"
    (outside / "water").mkdir(parents=True)
    _outside_unit(bulletin_repo).rename(outside / "water" / "x")
    (outside / "water" / "x" / "2026").rename(outside / "water" / "2026")
    os.symlink(outside, bulletin_repo.root / "items")
    result = bulletin_repo.check()
    assert result.repo is not None
    assert "2026-11-18-secret" not in result.repo.items_by_id()
    assert [d.code for d in result.diagnostics] == ["S001"]


# --- S003: limits ---------------------------------------------------------------------------


def test_nesting_of_twenty_levels_is_allowed(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="good")
    bulletin_repo.write(BAD, replaced(('category:', 'tags: ' + "[" * 19 + "x" + "]" * 19
                                       + "\ncategory:")))
    codes = [d.code for d in only(bulletin_repo, BAD)]
    assert "S003" not in codes
    assert codes == ["S008"]  # tags is a list of text, not of lists


def test_front_matter_just_under_64_kb_is_read(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="good")
    bulletin_repo.write(BAD, replaced(('category:', "contact: " + "x" * (60 << 10)
                                       + "\ncategory:")))
    assert only(bulletin_repo, BAD) == []


def test_long_body_does_not_count_as_front_matter(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, GOOD + ("A sentence of the body.\n" * 4000))
    # 96 KB: over the 64 KB of front matter, and long enough to be shown as plain text
    assert [code for _, code, _ in bulletin_repo.codes(families="SCE")] == ["S029"]


# --- S004: nothing is constructed or executed -------------------------------------------------


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system",
    "!!python/object/apply:subprocess.call",
])
def test_python_tag_is_refused_and_not_executed(bulletin_repo: BulletinRepo, tmp_path: Path,
                                                tag: str) -> None:
    marker = tmp_path / "PWNED"
    argument = f'["touch {marker}"]' if "os.system" in tag else f'[["touch", "{marker}"]]'
    neighbours(bulletin_repo)
    bulletin_repo.write(BAD, replaced(('"Reservoir levels fall below the flood-season limit"',
                                       f"{tag} {argument}")))
    [d] = only(bulletin_repo, BAD)
    assert (d.code, d.line, d.column) == ("S004", 2, 8)
    assert "python/object" in d.message
    assert not marker.exists()


def test_python_object_in_manifest_not_constructed(bulletin_repo: BulletinRepo,
                                                   tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    neighbours(bulletin_repo)
    bulletin_repo.write(EDITION, VALID_EDITION.replace(
        "title: Situation", f'title: !!python/object/apply:os.system ["touch {marker}"]'))
    [d] = only(bulletin_repo, EDITION)
    assert (d.code, d.line) == ("S004", 7)
    assert not marker.exists()


def test_billion_laughs_is_refused_at_the_first_anchor() -> None:
    lol = "a: &a [lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    doc = safeyaml.load(lol)
    assert not doc.ok
    assert doc.data is None
    assert [(p.kind, p.pos.line) for p in doc.problems] == [("unsafe", 1)]


# --- S005: the first value wins ---------------------------------------------------------------


def test_duplicate_key_keeps_the_first_value(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, replaced(('priority: "routine"',
                                       'priority: "routine"\npriority: "urgent"')))
    result = bulletin_repo.check()
    assert result.repo is not None
    [bad] = result.repo.items
    assert bad.priority == "routine"


def test_duplicate_key_positions_stay_on_the_kept_value(bulletin_repo: BulletinRepo) -> None:
    # the kept event_date (line 6) is years after the filing date: S024 belongs on line 6
    bulletin_repo.write(BAD, replaced(("event_date: 2026-11-17", "event_date: 2028-11-20"),
                                      ("summary:", "event_date: 2026-11-10\nsummary:")))
    located = {(d.code, d.line) for d in bulletin_repo.diagnostics()}
    assert ("S005", 10) in located
    assert ("S024", 6) in located


# --- S008: an impossible date is reported once ---------------------------------------------------


def test_impossible_date_reported_once_and_nothing_else(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, replaced(("date: 2026-11-18", "date: 2026-02-30")))
    diagnostics = bulletin_repo.diagnostics()
    assert [(d.code, d.line) for d in diagnostics] == [("S008", 5)]
    assert diagnostics[0].message.count("2026-02-30") == 1


def test_wrong_type_is_dropped_and_other_fields_are_kept(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, replaced(('authors: ["Zhang San"]', 'authors: {a: b}')))
    result = bulletin_repo.check()
    assert result.repo is not None
    [bad] = result.repo.items
    assert bad.authors == []
    assert bad.unit == "water" and bad.date == dt.date(2026, 11, 18)


def test_one_text_is_accepted_for_a_list(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, replaced(('authors: ["Zhang San"]', 'authors: Zhang San')))
    result = bulletin_repo.check()
    assert [d for d in result.diagnostics if d.code[0] != "Q"] == []
    assert result.repo is not None and result.repo.items[0].authors == ["Zhang San"]


# --- plain scalars stay text ---------------------------------------------------------------------


def test_yes_no_on_off_and_sexagesimal_stay_text(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, replaced(
        ('"Reservoir levels fall below the flood-season limit"', "yes"),
        ('summary: "Three reservoirs fell below their limit; supply is safe for 60 days."',
         "summary: no\nregion: off\ncontact: 1:30\ntags: [on, No, Y, n]")))
    result = bulletin_repo.check()
    assert [d for d in result.diagnostics if d.code[0] != "Q"] == []
    assert result.repo is not None
    [bad] = result.repo.items
    assert (bad.title, bad.summary, bad.region, bad.contact) == ("yes", "no", "off", "1:30")
    assert bad.tags == ["on", "No", "Y", "n"]


@pytest.mark.parametrize(("text", "value"), [
    ("yes", "yes"), ("No", "No"), ("on", "on"), ("OFF", "OFF"), ("1:30", "1:30"),
    ("0o17", "0o17"), ("0x1F", "0x1F"), (".inf", ".inf"), ("1_000", "1_000"),
    ("true", True), ("null", None), ("12", 12), ("2026-11-18", dt.date(2026, 11, 18)),
])
def test_plain_scalar_resolution(text: str, value: object) -> None:
    doc = safeyaml.load(f"k: {text}\n")
    assert doc.ok
    assert doc.data == {"k": value}
    assert type(doc.data["k"]) is type(value)


# --- S013 – S018 extras ---------------------------------------------------------------------------


def test_bom_file_is_otherwise_read(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, "\ufeff" + GOOD)
    result = bulletin_repo.check()
    assert [d.code for d in result.diagnostics] == ["S013"]
    assert result.repo is not None and result.repo.items[0].unit == "water"


def test_markdown_hard_break_is_not_trailing_whitespace(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, GOOD.replace("Body.", "First line,  \nsecond line."))
    assert bulletin_repo.codes(families="SCE") == []


def test_tab_indentation_is_read_as_spaces(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, replaced(('authors: ["Zhang San"]',
                                       'authors:\n\t- Zhang San\n\t- Li Si')))
    result = bulletin_repo.check()
    assert [d.code for d in result.diagnostics] == ["S016", "S016"]
    assert result.repo is not None and result.repo.items[0].authors == ["Zhang San", "Li Si"]


def test_several_control_characters_each_reported(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, replaced(("Three", "\x07Thr\x7fee")))
    found = [(d.code, d.line, d.column) for d in bulletin_repo.diagnostics()]
    assert found == [("S017", 10, 11), ("S017", 10, 15)]


def test_c1_control_character_is_s017_at_its_position(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, replaced(("Three", "Th\x9bree")))
    found = [(d.code, d.line, d.column) for d in bulletin_repo.diagnostics()]
    assert found == [("S017", 10, 13)]


def test_trailing_whitespace_on_the_delimiter(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, "---   \n" + GOOD[4:])
    assert [(d.code, d.line) for d in bulletin_repo.diagnostics()] == [("S015", 1)]


def test_horizontal_rule_later_in_body_is_not_s018(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write(BAD, GOOD.replace("Body.", "Body.\n\n---\n\nMore.\n"))
    assert bulletin_repo.codes(families="SCE") == []


# --- S025 and files that are not stray ------------------------------------------------------------


@pytest.mark.parametrize("rel", ["items/water/2026/photo.png", "items/water/2026/chart.SVG",
                                 "items/README.md", "bulletins/README.md",
                                 "items/water/2026/.gitkeep", "items/water/2026/.draft.md"])
def test_images_readmes_and_hidden_files_are_not_stray(bulletin_repo: BulletinRepo,
                                                       rel: str) -> None:
    neighbours(bulletin_repo)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    bulletin_repo.write(rel, svg if rel.endswith(".SVG") else b"\x89PNG\r\n\x1a\n\x00")
    assert bulletin_repo.codes(families="SCE") == []


def test_a_list_where_a_key_is_expected_is_s008_not_a_crash(bulletin_repo: BulletinRepo) -> None:
    # found by hypothesis: the category looked up the required fields with a list as key
    rel = bulletin_repo.item(category=["problem", "situation"])
    result = bulletin_repo.check()
    assert [(d.path, d.code, d.line) for d in result.diagnostics] == [(rel, "S008", 7)]
    assert "'category' must be text, not a list" in result.diagnostics[0].message


def test_unicode_line_separators_are_control_characters(bulletin_repo: BulletinRepo) -> None:
    # found by hypothesis: YAML reads NEL, LS and PS as line breaks, editors do not, so
    # every later line number was off; they are reported and read as spaces
    rel = bulletin_repo.item(summary="Levels fell\u0085today; supply is safe\u2028for 60 days.",
                             priority="urgnet")
    found = [(d.code, d.line) for d in bulletin_repo.check().diagnostics
             if d.path == rel and d.code[0] == "S"]
    assert ("S017", 10) in found and ("S008", 8) in found
