"""S rules whose checks live in ``bulletin.check.rules.structure``.

Every rule has a passing example (no diagnostic of its code) and a failing one
(the code on the right path and line, with a message that names the problem).
"""

from __future__ import annotations

import datetime as dt

import pytest

from bulletin.diagnostics import Diagnostic
from conftest import POLICY, TODAY, BulletinRepo

SOURCES = ["Bureau inspection report, 17 Nov 2026"]
PROBLEM_BODY = "## Problem\nLeaks.\n\n## Causes\nOld pipes.\n\n## Suggestions\nReplace them.\n"


def of(repo: BulletinRepo, code: str, today: dt.date = TODAY) -> list[Diagnostic]:
    return [d for d in repo.check(today).diagnostics if d.code == code]


def line_of(repo: BulletinRepo, rel: str, text: str) -> int:
    """1-based number of the first line of ``rel`` that contains ``text``."""
    lines = (repo.root / rel).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


# --- S010 file-location ---------------------------------------------------------------


def test_s010_item_in_its_unit_and_year_folder_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.item(slug="clinic-queues", unit="health")
    assert of(bulletin_repo, "S010") == []


def test_s010_unit_does_not_match_folder(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(path="items/health/2026/2026-11-18-reservoir-levels-fall.md")
    [d] = of(bulletin_repo, "S010")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "unit:"))
    assert "unit is 'water'" in d.message
    assert "folder of unit 'health'" in d.message
    assert "items/water/" in d.message


def test_s010_year_folder_does_not_match_date(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(path="items/water/2025/2026-11-18-reservoir-levels-fall.md")
    [d] = of(bulletin_repo, "S010")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "date: 2026-11-18"))
    assert "dated 2026" in d.message
    assert "2025/" in d.message
    assert "items/water/2026/" in d.message


def test_s010_item_at_the_wrong_depth(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(path="items/water/2026-11-18-reservoir-levels-fall.md")
    [d] = of(bulletin_repo, "S010")
    assert d.path == rel
    assert "items/<unit>/<YYYY>/" in d.message


def test_s010_not_reported_for_an_undefined_unit(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(unit="watr", path="items/water/2026/2026-11-18-reservoir.md")
    codes = [(d.path, d.code) for d in bulletin_repo.diagnostics()]
    assert (rel, "S008") in codes
    assert (rel, "S010") not in codes


# --- S011 file-name ----------------------------------------------------------------------


def test_s011_date_prefix_and_slug_pass(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="reservoir-levels-fall-3-sites")
    assert of(bulletin_repo, "S011") == []


def test_s011_prefix_differs_from_date(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(path="items/water/2026/2026-11-17-reservoir-levels-fall.md")
    [d] = of(bulletin_repo, "S011")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "date: 2026-11-18"))
    assert "2026-11-17" in d.message and "dated 2026-11-18" in d.message


@pytest.mark.parametrize("slug", ["Reservoir-Levels", "reservoir_levels", "reservoir--levels",
                                  "水库水位"])
def test_s011_bad_slug(bulletin_repo: BulletinRepo, slug: str) -> None:
    rel = bulletin_repo.item(slug=slug)
    [d] = of(bulletin_repo, "S011")
    assert d.path == rel
    assert f"slug '{slug}'" in d.message
    assert "lower-case" in d.message


def test_s011_name_without_date(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(path="items/water/2026/reservoir-levels.md")
    [d] = of(bulletin_repo, "S011")
    assert (d.path, d.line) == (rel, 1)
    assert "'reservoir-levels.md'" in d.message
    assert "<YYYY-MM-DD>-<slug>.md" in d.message


# --- S012 duplicate-id -------------------------------------------------------------------


def test_s012_distinct_ids_pass(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="flood-warning")
    bulletin_repo.item(slug="flood-warning-xishan", unit="health")
    assert of(bulletin_repo, "S012") == []


def test_s012_same_id_in_two_unit_folders_reported_on_both(bulletin_repo: BulletinRepo) -> None:
    water = bulletin_repo.item(slug="flood-warning")
    health = bulletin_repo.item(slug="flood-warning", unit="health")
    found = of(bulletin_repo, "S012")
    assert sorted(d.path for d in found) == sorted([water, health])
    by_path = {d.path: d for d in found}
    assert "'2026-11-18-flood-warning'" in by_path[water].message
    assert health in by_path[water].message
    assert water in by_path[health].message


def test_s012_same_id_in_two_year_folders(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="flood-warning")
    bulletin_repo.item(path="items/water/2025/2026-11-18-flood-warning.md")
    assert len(of(bulletin_repo, "S012")) == 2


# --- S019 required-section ---------------------------------------------------------------


def test_s019_sections_in_order_pass(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(category="problem", sources=SOURCES, body=PROBLEM_BODY)
    assert bulletin_repo.codes(families="SCE") == []


def test_s019_cjk_alternatives_accepted(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(category="problem", sources=SOURCES,
                       body="## 问题\n漏水。\n\n## 原因\n管道老化。\n\n## 建议\n更换。\n")
    assert bulletin_repo.codes(families="SCE") == []


def test_s019_mixed_languages_and_case_accepted(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(category="problem", sources=SOURCES,
                       body="## 问题\nx\n\n## causes\ny\n\n## SUGGESTIONS\nz\n")
    assert of(bulletin_repo, "S019") == []


def test_s019_category_without_sections_needs_none(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(category="situation", body="Just prose, no headings.\n")
    assert of(bulletin_repo, "S019") == []


def test_s019_missing_section(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(category="problem", sources=SOURCES,
                             body="## Problem\nx\n\n## Suggestions\nz\n")
    [d] = of(bulletin_repo, "S019")
    assert d.path == rel
    assert "'## Causes'" in d.message and "'problem'" in d.message
    # reported at the start of the body, below the front matter
    assert d.line > line_of(bulletin_repo, rel, "sources:")
    assert d.line <= line_of(bulletin_repo, rel, "## Problem")


def test_s019_every_missing_section_reported(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(category="emergency", sources=SOURCES, priority="urgent",
                       body="Something happened.\n")
    messages = [d.message for d in of(bulletin_repo, "S019")]
    assert len(messages) == 2
    assert any("'## What happened'" in m for m in messages)
    assert any("'## Response'" in m for m in messages)


def test_s019_names_the_chinese_heading_of_a_chinese_item(bulletin_repo: BulletinRepo) -> None:
    """Issue 14: a Chinese item was told it lacked '## What happened' although `bulletin
    new` writes '## 基本情况' for it."""
    from click.testing import CliRunner

    from bulletin.cli import main

    result = CliRunner().invoke(main, ["new", "--repo", str(bulletin_repo.root), "--unit",
                                       "water", "--category", "emergency", "南湖路爆管停水"])
    assert result.exit_code == 0, result.output
    path = bulletin_repo.root / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    assert "## 基本情况" in text
    path.write_text(text.replace("## 基本情况", "## 情况"), encoding="utf-8")
    [d] = of(bulletin_repo, "S019")
    assert "'## 基本情况'" in d.message and "What happened" not in d.message
    bulletin_repo.item(category="emergency", sources=SOURCES, priority="urgent",
                       body="Something happened.\n\n## Response\nCrews.\n")
    english = [d.message for d in of(bulletin_repo, "S019") if "基本情况" not in d.message]
    assert english == ["missing section '## What happened' required for category "
                       "'emergency'"]


def test_s019_heading_in_code_block_does_not_count(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(category="problem", sources=SOURCES,
                       body="## Problem\nx\n```\n## Causes\n```\n## Suggestions\nz\n")
    [d] = of(bulletin_repo, "S019")
    assert "'## Causes'" in d.message


def test_s019_sections_out_of_order(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(category="problem", sources=SOURCES,
                             body="## Problem\nx\n\n## Suggestions\nz\n\n## Causes\ny\n")
    [d] = of(bulletin_repo, "S019")
    assert d.path == rel
    assert "out of order" in d.message
    assert d.line in (line_of(bulletin_repo, rel, "## Suggestions"),
                      line_of(bulletin_repo, rel, "## Causes"))


# --- S020 invalid-suppression / S021 unused-suppression ------------------------------------


SHORT_PROBLEM = {"category": "problem", "sources": SOURCES, "body": "## Problem\nx\n"}


@pytest.mark.parametrize("key", ["S019", "required-section"])
def test_s020_suppression_with_reason_silences_rule(bulletin_repo: BulletinRepo,
                                                    key: str) -> None:
    bulletin_repo.item(suppress={key: "a one-paragraph flash; full report tomorrow"},
                       **SHORT_PROBLEM)
    assert bulletin_repo.codes(families="SCE") == []


def test_s020_suppression_only_silences_its_own_item(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="silenced", suppress={"S019": "flash"}, **SHORT_PROBLEM)
    other = bulletin_repo.item(slug="not-silenced", **SHORT_PROBLEM)
    assert {d.path for d in of(bulletin_repo, "S019")} == {other}


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_s020_suppression_without_reason(bulletin_repo: BulletinRepo, reason: str | None) -> None:
    rel = bulletin_repo.item(suppress={"S019": reason}, **SHORT_PROBLEM)
    [d] = of(bulletin_repo, "S020")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "suppress:"))
    assert "S019" in d.message and "needs a reason" in d.message
    # without a reason nothing is silenced
    assert len(of(bulletin_repo, "S019")) == 2
    assert of(bulletin_repo, "S021") == []


def test_s020_suppression_of_unknown_rule(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(suppress={"S999": "a reason"})
    [d] = of(bulletin_repo, "S020")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "suppress:"))
    assert "'S999'" in d.message and "not a rule" in d.message


def test_s020_located_at_the_key_of_a_block_mapping(bulletin_repo: BulletinRepo) -> None:
    rel = "items/water/2026/2026-11-18-reservoir.md"
    bulletin_repo.write(rel, """\
---
title: Reservoir levels fall
unit: water
authors: [Zhang San]
date: 2026-11-18
category: situation
priority: routine
classification: internal
summary: Three reservoirs fell below their limit.
suppress:
  S023: body follows tomorrow
  S019:
---

Body.
""")
    found = of(bulletin_repo, "S020")
    assert [(d.line, d.column) for d in found] == [(12, 3)]


def test_s021_used_suppression_is_not_reported(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(suppress={"S019": "flash"}, **SHORT_PROBLEM)
    assert of(bulletin_repo, "S021") == []


@pytest.mark.parametrize("key", ["S019", "required-section"])
def test_s021_unused_suppression(bulletin_repo: BulletinRepo, key: str) -> None:
    rel = bulletin_repo.item(suppress={key: "flash report"})  # a situation: no sections needed
    [d] = of(bulletin_repo, "S021")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "suppress:"))
    assert key in d.message and "not needed" in d.message
    assert d.severity.value == "warning"


def test_s021_suppression_of_a_loader_finding_is_used(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(summery="typo kept on purpose", suppress={"S009": "legacy field"})
    assert bulletin_repo.codes(families="SCE") == []


def test_s020_lower_case_code_is_consistent(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(suppress={"s019": "flash report"}, **SHORT_PROBLEM)
    codes = {c for _, c, _ in bulletin_repo.codes(families="SCE")}
    assert not {"S019", "S021"} <= codes


# --- S022 unknown-correction -------------------------------------------------------------


def _original(repo: BulletinRepo) -> None:
    repo.item(slug="reservoir-levels", date=dt.date(2026, 11, 10),
              event_date=dt.date(2026, 11, 9))


def test_s022_correction_of_an_earlier_item_passes(bulletin_repo: BulletinRepo) -> None:
    _original(bulletin_repo)
    bulletin_repo.item(slug="reservoir-levels-corrected", corrects="2026-11-10-reservoir-levels")
    assert bulletin_repo.codes(families="SCE") == []


def test_s022_correction_on_the_same_day_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="first")
    bulletin_repo.item(slug="second", corrects="2026-11-18-first")
    assert of(bulletin_repo, "S022") == []


def test_s022_corrects_a_missing_item(bulletin_repo: BulletinRepo) -> None:
    _original(bulletin_repo)
    rel = bulletin_repo.item(slug="fix", corrects="2026-11-10-reservoir-level")
    [d] = of(bulletin_repo, "S022")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "corrects:"))
    assert "'2026-11-10-reservoir-level'" in d.message and "not an item" in d.message
    assert "did you mean '2026-11-10-reservoir-levels'" in d.message


def test_s022_corrects_itself(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(slug="fix", corrects="2026-11-18-fix")
    [d] = of(bulletin_repo, "S022")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "corrects:"))
    assert "itself" in d.message


def test_s022_corrects_a_later_item(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(slug="later", date=dt.date(2026, 11, 20), event_date=dt.date(2026, 11, 19))
    rel = bulletin_repo.item(slug="fix", corrects="2026-11-20-later")
    [d] = of(bulletin_repo, "S022")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "corrects:"))
    assert "'2026-11-20-later'" in d.message and "dated after" in d.message


# --- S023 empty-body ------------------------------------------------------------------------


def test_s023_item_with_body_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(body="One line.\n")
    assert of(bulletin_repo, "S023") == []


@pytest.mark.parametrize("body", ["", "\n\n\n"])
def test_s023_empty_body(bulletin_repo: BulletinRepo, body: str) -> None:
    rel = bulletin_repo.item(body=body)
    [d] = of(bulletin_repo, "S023")
    assert d.path == rel
    assert d.line > line_of(bulletin_repo, rel, "summary:")
    assert "no body" in d.message
    assert d.severity.value == "warning"


# --- S024 implausible-date -----------------------------------------------------------------


def test_s024_plausible_dates_pass(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(date=dt.date(2026, 11, 18), event_date=dt.date(2026, 11, 18))
    assert of(bulletin_repo, "S024") == []


def test_s024_event_date_years_after_filing_date(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item(event_date=dt.date(2028, 11, 20))
    [d] = of(bulletin_repo, "S024")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "event_date:"))
    assert "event_date 2028-11-20" in d.message
    assert "366 days after the filing date 2026-11-18" in d.message


@pytest.mark.parametrize("event", [dt.date(2026, 11, 20), dt.date(2026, 11, 25),
                                   dt.date(2027, 3, 1)], ids=["2-days", "next-week", "march"])
def test_s024_a_scheduled_event_is_not_an_error(bulletin_repo: BulletinRepo,
                                                event: dt.date) -> None:
    """Issue 14: offices announce scheduled events ("a recovery centre opens next week");
    an event_date after the filing date used to be an error."""
    bulletin_repo.item(title="Disaster recovery centre opens in Xishan next week",
                       event_date=event)
    bulletin_repo.item(slug="zh", title="西山区灾后救助中心下周开放", event_date=event)
    assert of(bulletin_repo, "S024") == []


def test_s024_event_days_ahead_is_an_option(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(event_date=dt.date(2026, 12, 20))
    assert of(bulletin_repo, "S024") == []
    bulletin_repo.write("bulletin.yml", POLICY + "rules:\n  S024: {event_days_ahead: 14}\n")
    [d] = of(bulletin_repo, "S024")
    assert "more than 14 days after" in d.message


@pytest.mark.parametrize(("day", "flagged"), [
    (dt.date(2026, 11, 28), False),  # today
    (dt.date(2026, 11, 29), False),  # one day ahead (time zones) is allowed by default
    (dt.date(2026, 11, 30), True),
    (dt.date(2027, 11, 18), True),   # a typo in the year
])
def test_s024_filing_date_in_the_future(bulletin_repo: BulletinRepo, day: dt.date,
                                        flagged: bool) -> None:
    rel = bulletin_repo.item(date=day, event_date=day)
    found = of(bulletin_repo, "S024", today=dt.date(2026, 11, 28))
    if not flagged:
        assert found == []
        return
    [d] = found
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "date:"))
    assert f"filed {day.isoformat()}" in d.message and "future" in d.message


def test_s024_future_is_relative_to_the_today_passed(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(date=dt.date(2026, 11, 18), event_date=dt.date(2026, 11, 18))
    assert of(bulletin_repo, "S024", today=dt.date(2026, 11, 17)) == []
    assert len(of(bulletin_repo, "S024", today=dt.date(2026, 11, 16))) == 1


# --- S026 edition-location ------------------------------------------------------------------


def test_s026_edition_in_its_year_folder_passes(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    bulletin_repo.edition(47, ["2026-11-18-reservoir-levels-fall"])
    assert bulletin_repo.codes(families="SCE") == []


EDITION = """\
number: 47
date: 2026-11-20
type: regular
audience: internal
editor: li.na
sections:
  - title: Situation
    items: [2026-11-18-reservoir-levels-fall]
"""


@pytest.mark.parametrize("rel", ["bulletins/2026/edition-47.yml", "bulletins/2026/47.yml",
                                 "bulletins/047.yml", "bulletins/2026/extra/047.yml",
                                 "bulletins/2026/047.yaml"])
def test_s026_misplaced_or_misnamed_manifest(bulletin_repo: BulletinRepo, rel: str) -> None:
    bulletin_repo.item()
    bulletin_repo.write(rel, EDITION)
    [d] = of(bulletin_repo, "S026")
    assert (d.path, d.line) == (rel, 1)
    assert "bulletins/<YYYY>/<NNN>.yml" in d.message
    assert rel in d.message


def test_s026_year_folder_differs_from_date(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item()
    rel = bulletin_repo.edition(47, ["2026-11-18-reservoir-levels-fall"], year=2025)
    [d] = of(bulletin_repo, "S026")
    assert (d.path, d.line) == (rel, line_of(bulletin_repo, rel, "date:"))
    assert "dated 2026" in d.message and "bulletins/2025/" in d.message
