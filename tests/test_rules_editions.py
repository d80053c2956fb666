"""E rules (``bulletin.check.rules.editions``): what an edition may carry, numbering, responses.

The fixture's edition manifest puts ``number`` on line 1, ``date`` on line 2,
``sections`` on line 6 and the listed item ids from line 9 on.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bulletin.diagnostics import Diagnostic
from conftest import BulletinRepo

A = "2026-11-18-reservoir-levels-fall"


def of(repo: BulletinRepo, code: str) -> list[Diagnostic]:
    return [d for d in repo.check().diagnostics if d.code == code]


def line_of(repo: BulletinRepo, rel: str, text: str, nth: int = 1) -> int:
    """1-based number of the ``nth`` line of ``rel`` that contains ``text``."""
    lines = (repo.root / rel).read_text(encoding="utf-8").split("\n")
    hits = [n for n, line in enumerate(lines, 1) if text in line]
    return hits[nth - 1]


def responses(repo: BulletinRepo, *entries: tuple[str, str, str]) -> str:
    """Write bulletins/2026/responses.yml from (item, date, kind) entries."""
    text = "".join(f"- item: {item}\n  by: Vice Mayor Wang\n  rank: vice-mayor\n"
                   f"  date: {date}\n  kind: {kind}\n  note: Report daily.\n"
                   for item, date, kind in entries)
    rel = "bulletins/2026/responses.yml"
    repo.write(rel, text)
    return rel


def test_a_complete_valid_bulletin_is_clean(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.item(slug="bridge-backlog", unit="health", classification="public")
    bulletin_repo.edition(1, [A, "2026-11-18-bridge-backlog"], date="2026-11-20")
    bulletin_repo.item(slug="clinic-queues", date=dt.date(2026, 11, 21),
                       event_date=dt.date(2026, 11, 20))
    bulletin_repo.edition(2, ["2026-11-21-clinic-queues"], date="2026-11-22")
    responses(bulletin_repo, (A, "2026-11-21", "instruction"),
              ("2026-11-21-clinic-queues", "2026-11-22", "comment"))
    assert bulletin_repo.codes(families="SCE") == []


# --- E001 unknown-item ------------------------------------------------------------------


def test_e001_known_item_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(1, [A])
    assert of(bulletin_repo, "E001") == []


def test_e001_unknown_item_with_did_you_mean(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    rel = bulletin_repo.edition(1, [A, "2026-11-18-reservoir-level-fall"])
    [d] = of(bulletin_repo, "E001")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "reservoir-level-fall"))
    assert "no item '2026-11-18-reservoir-level-fall'" in d.message
    assert f"did you mean '{A}'" in d.message


def test_e001_unknown_item_nothing_close(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    rel = bulletin_repo.edition(1, ["2026-01-02-something-else-entirely"])
    [d] = of(bulletin_repo, "E001")
    assert d.path == rel and d.line == 9
    assert "did you mean" not in d.message


# --- E002 already-published --------------------------------------------------------------


def test_e002_item_in_one_edition_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.item(slug="other")
    bulletin_repo.edition(1, [A])
    bulletin_repo.edition(2, ["2026-11-18-other"], date="2026-11-21")
    assert of(bulletin_repo, "E002") == []


def test_e002_item_in_two_editions_reported_on_the_later(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(1, [A])
    later = bulletin_repo.edition(2, [A], date="2026-11-21")
    [d] = of(bulletin_repo, "E002")
    assert (d.path, d.line) == (later, line_of(bulletin_repo, later, A))
    assert f"'{A}'" in d.message and "edition 2026-001" in d.message


def test_e002_later_edition_of_earlier_year_first(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(50, [A], date="2025-12-30", year=2025)
    rel = bulletin_repo.edition(1, [A], date="2026-11-20")
    [d] = of(bulletin_repo, "E002")
    assert d.path == rel and "2025-050" in d.message


def test_e002_item_twice_in_one_edition(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    rel = bulletin_repo.edition(1, [A, A])
    [d] = of(bulletin_repo, "E002")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, A, nth=2))
    assert "earlier in this edition" in d.message


# --- E003 audience-exceeded ---------------------------------------------------------------


@pytest.mark.parametrize("classification", ["public", "internal"])
def test_e003_item_at_or_below_audience_passes(bulletin_repo: BulletinRepo,
                                               classification: str) -> None:
    bulletin_repo.item(classification=classification)
    bulletin_repo.edition(1, [A], audience="internal")
    assert of(bulletin_repo, "E003") == []


def test_e003_restricted_item_in_restricted_edition_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(classification="restricted")
    bulletin_repo.edition(1, [A], audience="restricted")
    assert of(bulletin_repo, "E003") == []


def test_e003_restricted_item_in_internal_edition(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(classification="restricted")
    rel = bulletin_repo.edition(1, [A], audience="internal")
    [d] = of(bulletin_repo, "E003")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, A))
    assert f"'{A}' is restricted" in d.message and "audience 'internal'" in d.message


def test_e003_internal_item_in_public_edition(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(classification="internal")
    bulletin_repo.edition(1, [A], audience="public")
    [d] = of(bulletin_repo, "E003")
    assert "is internal" in d.message and "'public'" in d.message


# --- E004 number-mismatch -----------------------------------------------------------------


def test_e004_number_matches_file_name(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(47, [A])
    assert of(bulletin_repo, "E004") == []


def test_e004_number_differs_from_file_name(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    rel = "bulletins/2026/047.yml"
    bulletin_repo.write(rel, "number: 46\ndate: 2026-11-20\ntype: regular\naudience: internal\n"
                             f"editor: li.na\nsections:\n  - title: Situation\n    items: [{A}]\n")
    [d] = of(bulletin_repo, "E004")
    assert (d.path, d.line, d.column) == (rel, 1, 9)
    assert "number is 46" in d.message and "047.yml" in d.message


# --- E005 number-gap ------------------------------------------------------------------------


def test_e005_consecutive_numbers_pass(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.item(slug="b")
    bulletin_repo.edition(1, [A])
    bulletin_repo.edition(2, ["2026-11-18-b"], date="2026-11-21")
    assert of(bulletin_repo, "E005") == []


def test_e005_numbering_restarts_each_year(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.item(slug="b")
    bulletin_repo.edition(52, [A], date="2025-12-30", year=2025)
    bulletin_repo.edition(1, ["2026-11-18-b"], date="2026-11-20")
    assert of(bulletin_repo, "E005") == []


def test_e005_gap_is_a_warning_on_the_latest_edition(bulletin_repo: BulletinRepo) -> None:
    for slug in ("a", "b", "c"):
        bulletin_repo.item(slug=slug)
    bulletin_repo.edition(1, ["2026-11-18-a"])
    bulletin_repo.edition(3, ["2026-11-18-b"], date="2026-11-21")
    latest = bulletin_repo.edition(5, ["2026-11-18-c"], date="2026-11-22")
    [d] = of(bulletin_repo, "E005")
    assert d.path == latest
    assert d.severity.value == "warning"
    assert "2026 has no edition No. 2, 4" in d.message


# --- E006 embargo-after-edition ------------------------------------------------------------


@pytest.mark.parametrize("embargo", [
    "2026-11-20T09:00:00+08:00",   # the edition's own day
    "2026-11-20T15:30:00+00:00",   # 23:30 in Shanghai: still 11-20
    "2026-11-19",
])
def test_e006_embargo_ends_by_edition_date(bulletin_repo: BulletinRepo, embargo: str) -> None:
    bulletin_repo.item(embargo=embargo)
    bulletin_repo.edition(1, [A], date="2026-11-20")
    assert bulletin_repo.codes(families="SCE") == []


@pytest.mark.parametrize("embargo", [
    "2026-11-21T09:00:00+08:00",
    "2026-11-20T23:30:00+00:00",   # 07:30 on 11-21 in Shanghai (the policy's time zone)
    "2026-11-21T00:30:00",         # no offset: read in the policy's time zone
    "2026-11-21",
])
def test_e006_embargo_after_edition_date(bulletin_repo: BulletinRepo, embargo: str) -> None:
    bulletin_repo.item(embargo=embargo)
    rel = bulletin_repo.edition(1, [A], date="2026-11-20")
    [d] = of(bulletin_repo, "E006")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, A))
    assert f"'{A}' is embargoed until" in d.message and "2026-11-20" in d.message


def test_e006_unquoted_embargo_in_front_matter(bulletin_repo: BulletinRepo) -> None:
    rel = "items/water/2026/2026-11-18-embargoed.md"
    bulletin_repo.write(rel, "---\ntitle: Embargoed\nunit: water\nauthors: [Zhang San]\n"
                             "date: 2026-11-18\ncategory: situation\npriority: routine\n"
                             "classification: internal\nsummary: Figures.\n"
                             "embargo: 2026-11-20T23:30:00+00:00\n---\n\nBody.\n")
    bulletin_repo.edition(1, ["2026-11-18-embargoed"], date="2026-11-20")
    assert [d.code for d in bulletin_repo.diagnostics()] == ["E006"]


# --- E007 response-unpublished / E008 response-before-edition ---------------------------------


def test_e007_response_to_published_item_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(1, [A])
    responses(bulletin_repo, (A, "2026-11-21", "instruction"))
    assert bulletin_repo.codes(families="SCE") == []


def test_e007_response_to_unknown_item(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(1, [A])
    rel = responses(bulletin_repo, (A, "2026-11-21", "instruction"),
                    ("2026-11-18-reservoir-level-fall", "2026-11-21", "comment"))
    [d] = of(bulletin_repo, "E007")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "reservoir-level-fall"))
    assert "no item '2026-11-18-reservoir-level-fall'" in d.message
    assert f"did you mean '{A}'" in d.message


def test_e007_response_to_unpublished_item(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.item(slug="in-the-pool")
    bulletin_repo.edition(1, [A])
    rel = responses(bulletin_repo, ("2026-11-18-in-the-pool", "2026-11-21", "instruction"))
    [d] = of(bulletin_repo, "E007")
    assert (d.path, d.line) == (rel, 1)
    assert "'2026-11-18-in-the-pool'" in d.message and "not in any edition" in d.message


def test_e008_response_on_the_edition_date_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(1, [A], date="2026-11-20")
    responses(bulletin_repo, (A, "2026-11-20", "endorsement"))
    assert of(bulletin_repo, "E008") == []


def test_e008_response_before_the_edition(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(1, [A], date="2026-11-20")
    rel = responses(bulletin_repo, (A, "2026-11-21", "instruction"),
                    (A, "2026-11-19", "comment"))
    [d] = of(bulletin_repo, "E008")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "date: 2026-11-19"))
    assert d.severity.value == "warning"
    assert "dated 2026-11-19" in d.message and "2026-001" in d.message


# --- E009 item-after-edition ----------------------------------------------------------------


def test_e009_item_filed_on_edition_date_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(1, [A], date="2026-11-18")
    assert of(bulletin_repo, "E009") == []


def test_e009_item_dated_after_edition(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="late", date=dt.date(2026, 11, 21), event_date=dt.date(2026, 11, 20))
    rel = bulletin_repo.edition(1, ["2026-11-21-late"], date="2026-11-20")
    [d] = of(bulletin_repo, "E009")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "2026-11-21-late"))
    assert "dated 2026-11-21" in d.message and "(2026-11-20)" in d.message


# --- E010 empty-edition ----------------------------------------------------------------------


def test_e010_sections_with_items_pass(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(1, [A])
    assert of(bulletin_repo, "E010") == []


def test_e010_empty_section(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    rel = "bulletins/2026/001.yml"
    bulletin_repo.write(rel, "number: 1\ndate: 2026-11-20\ntype: regular\naudience: internal\n"
                             f"editor: li.na\nsections:\n  - title: Situation\n    items: [{A}]\n"
                             "  - title: Proposals\n    items: []\n")
    [d] = of(bulletin_repo, "E010")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "title: Proposals"))
    assert "'Proposals'" in d.message and "no items" in d.message


# --- E011 flash-edition -----------------------------------------------------------------------


def test_e011_flash_with_urgent_items_passes(bulletin_repo: BulletinRepo) -> None:
    for slug in ("a", "b", "c"):
        bulletin_repo.item(slug=slug, priority="urgent")
    bulletin_repo.edition(1, ["2026-11-18-a", "2026-11-18-b", "2026-11-18-c"], type="flash")
    assert bulletin_repo.codes(families="SCE") == []


def test_e011_routine_item_in_regular_edition_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(priority="routine")
    bulletin_repo.edition(1, [A], type="regular")
    assert of(bulletin_repo, "E011") == []


@pytest.mark.parametrize("priority", ["routine", "important"])
def test_e011_flash_with_non_urgent_item(bulletin_repo: BulletinRepo, priority: str) -> None:
    bulletin_repo.item(slug="urgent", priority="urgent")
    bulletin_repo.item(slug="slow", priority=priority)
    rel = bulletin_repo.edition(1, ["2026-11-18-urgent", "2026-11-18-slow"], type="flash")
    [d] = of(bulletin_repo, "E011")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "2026-11-18-slow"))
    assert d.severity.value == "warning"
    assert f"'2026-11-18-slow' is {priority}" in d.message and "urgent" in d.message


def test_e011_flash_with_too_many_items(bulletin_repo: BulletinRepo) -> None:
    ids = []
    for slug in ("a", "b", "c", "d"):
        bulletin_repo.item(slug=slug, priority="urgent")
        ids.append(f"2026-11-18-{slug}")
    rel = bulletin_repo.edition(1, ids, type="flash")
    [d] = of(bulletin_repo, "E011")
    assert d.path == rel
    assert line_of(bulletin_repo, rel, "sections:") <= d.line < line_of(bulletin_repo, rel, ids[0])
    assert "at most 3 items" in d.message and "this one 4" in d.message


# --- E012 edition-order ------------------------------------------------------------------------


def test_e012_dates_follow_numbers(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.item(slug="b")
    bulletin_repo.edition(1, [A], date="2026-11-20")
    bulletin_repo.edition(2, ["2026-11-18-b"], date="2026-11-20")
    assert of(bulletin_repo, "E012") == []


def test_e012_dates_go_backwards(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.item(slug="b")
    bulletin_repo.edition(47, [A], date="2026-11-20")
    rel = bulletin_repo.edition(48, ["2026-11-18-b"], date="2026-11-19")
    [d] = of(bulletin_repo, "E012")
    assert (d.path, d.line) == (rel, 2)
    assert d.severity.value == "warning"
    assert "No. 48 is dated 2026-11-19" in d.message and "No. 47 (2026-11-20)" in d.message


def test_e012_compares_with_the_latest_in_order_edition(bulletin_repo: BulletinRepo) -> None:
    for slug in ("a", "b", "c"):
        bulletin_repo.item(slug=slug)
    bulletin_repo.edition(1, ["2026-11-18-a"], date="2026-11-22")
    bulletin_repo.edition(2, ["2026-11-18-b"], date="2026-11-19")
    bulletin_repo.edition(3, ["2026-11-18-c"], date="2026-11-20")
    found = of(bulletin_repo, "E012")
    assert sorted(d.path for d in found) == ["bulletins/2026/002.yml", "bulletins/2026/003.yml"]
    assert all("No. 1 (2026-11-22)" in d.message for d in found)
