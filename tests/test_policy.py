"""``bulletin.yml``: policy validation (S030/S031) and per-rule settings under ``rules:``."""

from __future__ import annotations

import datetime as dt

import pytest

from bulletin.check.engine import check_repository
from bulletin.config import parse_policy
from bulletin.diagnostics import Diagnostic, Severity
from conftest import POLICY, BulletinRepo


def policy_diags(repo: BulletinRepo, text: str) -> list[Diagnostic]:
    repo.write("bulletin.yml", text)
    return repo.check().diagnostics


def at(diags: list[Diagnostic], code: str, line: int) -> Diagnostic:
    """The one diagnostic of ``code`` on ``line`` of bulletin.yml."""
    [d] = [d for d in diags if (d.path, d.code, d.line) == ("bulletin.yml", code, line)]
    return d


def with_rules(rules: str) -> str:
    return POLICY + "rules:\n" + rules


def test_the_fixture_policy_is_valid(bulletin_repo: BulletinRepo) -> None:
    result = bulletin_repo.check()
    assert result.policy_ok
    assert result.diagnostics == []


BROKEN = """\
title: Test Bulletin
publisher: [Test Office]
timezone: Mars/Olympus
levels: public
editor: [li.na]
units:
  water:
    name: Water Resources Bureau
    teir: bureau
  Health_Dept:
    name: Health Commission
categories:
  situation:
    name: Situation report
    news_days: -1
"""


def test_every_problem_is_collected_with_line_and_column(bulletin_repo: BulletinRepo) -> None:
    diags = policy_diags(bulletin_repo, BROKEN)
    located = {(d.code, d.line, d.column) for d in diags}
    assert located == {
        ("S030", 2, 12),   # publisher is a list
        ("S030", 3, 11),   # unknown time zone
        ("S030", 4, 9),    # levels is not a list
        ("S031", 5, 1),    # editor: unknown key
        ("S031", 9, 5),    # units.water.teir: unknown key
        ("S030", 10, 3),   # Health_Dept: bad unit key
        ("S030", 15, 16),  # news_days < 0
    }
    assert all(d.path == "bulletin.yml" for d in diags)
    assert "'publisher'" in at(diags, "S030", 2).message
    assert "'levels'" in at(diags, "S030", 4).message
    assert "news_days" in at(diags, "S030", 15).message


@pytest.mark.parametrize(("policy", "line", "words"), [
    (POLICY.replace("editors:", "editor:"), 6, ["'editor'", "did you mean 'editors'"]),
    (POLICY.replace("timezone:", "time_zone:"), 3, ["'time_zone'", "did you mean 'timezone'"]),
    (POLICY.replace("    members: [zhang.san]", "    membres: [zhang.san]"), 10,
     ["'units.water.membres'", "did you mean 'members'"]),
    (POLICY.replace("    sources: true\n", "    source: true\n", 1), 20,
     ["'categories.problem.source'", "did you mean 'sources'"]),
])
def test_unknown_key_is_s031_with_did_you_mean(bulletin_repo: BulletinRepo, policy: str,
                                               line: int, words: list[str]) -> None:
    result_diags = policy_diags(bulletin_repo, policy)
    d = at(result_diags, "S031", line)
    assert d.severity is Severity.WARNING
    for word in words:
        assert word in d.message


def test_unknown_key_alone_does_not_stop_the_check(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(summery="typo")
    bulletin_repo.write("bulletin.yml", POLICY.replace("editors:", "editor:"))
    result = bulletin_repo.check()
    assert result.policy_ok
    assert {d.code for d in result.diagnostics} == {"S031", "S009"}


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Asia/Shangai", "", "."])
def test_invalid_time_zone(bulletin_repo: BulletinRepo, zone: str) -> None:
    diags = policy_diags(bulletin_repo, POLICY.replace("Asia/Shanghai", f"'{zone}'"))
    d = at(diags, "S030", 3)
    assert d.column == 11
    assert "unknown time zone" in d.message and "IANA" in d.message


def test_time_zone_that_names_a_region_folder(bulletin_repo: BulletinRepo) -> None:
    diags = policy_diags(bulletin_repo, POLICY.replace("Asia/Shanghai", "Asia"))
    assert "unknown time zone" in at(diags, "S030", 3).message


def test_default_audience_not_in_levels(bulletin_repo: BulletinRepo) -> None:
    diags = policy_diags(bulletin_repo,
                         POLICY.replace("default_audience: internal", "default_audience: internl"))
    d = at(diags, "S030", 5)
    assert d.column == 19
    assert "default_audience 'internl'" in d.message
    assert "did you mean 'internal'" in d.message


def test_default_audience_reported_with_other_errors(bulletin_repo: BulletinRepo) -> None:
    policy = POLICY.replace("default_audience: internal", "default_audience: secret")
    diags = policy_diags(bulletin_repo, policy.replace("Asia/Shanghai", "Mars/Olympus"))
    assert "unknown time zone" in at(diags, "S030", 3).message
    assert "default_audience" in at(diags, "S030", 5).message


def test_levels_must_be_distinct(bulletin_repo: BulletinRepo) -> None:
    diags = policy_diags(bulletin_repo, POLICY.replace("[public, internal, restricted]",
                                                       "[public, internal, internal]"))
    assert "distinct" in at(diags, "S030", 4).message


@pytest.mark.parametrize("key", ["Water", "water_2", "水务", "-water"])
def test_bad_unit_key(bulletin_repo: BulletinRepo, key: str) -> None:
    diags = policy_diags(bulletin_repo, POLICY.replace("  health:\n", f"  {key}:\n"))
    d = at(diags, "S030", 11)
    assert d.column == 3
    assert "lower-case letters, digits and hyphens" in d.message and key in d.message


def test_missing_required_key(bulletin_repo: BulletinRepo) -> None:
    diags = policy_diags(bulletin_repo, POLICY.replace("publisher: Test Office\n", ""))
    assert any(d.code == "S030" and "missing required key 'publisher'" in d.message
               for d in diags)


def test_missing_unit_name_is_located_at_the_unit(bulletin_repo: BulletinRepo) -> None:
    diags = policy_diags(bulletin_repo, POLICY.replace(
        "    name: Health Commission\n", "    nme: Health Commission\n"))
    assert "missing required key 'units.health.name'" in at(diags, "S030", 12).message
    assert "did you mean 'name'" in at(diags, "S031", 12).message


@pytest.mark.parametrize(("text", "line", "words"), [
    ("title: [\n", 2, ["expected"]),
    ("", 1, ["empty"]),
    ("- title\n- publisher\n", 1, ["mapping"]),
    (POLICY.replace("levels: [public, internal, restricted]", "levels: &l [public]"), 4,
     ["anchor"]),
    (b"title: Test\xff\n", 1, ["UTF-8"]),
])
def test_unreadable_policy_is_s030(bulletin_repo: BulletinRepo, text: str | bytes, line: int,
                                   words: list[str]) -> None:
    bulletin_repo.write("bulletin.yml", text)
    result = bulletin_repo.check()
    assert not result.policy_ok
    d = at(result.diagnostics, "S030", line)
    for word in words:
        assert word in d.message


def test_broken_policy_returns_only_policy_diagnostics(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(unit="nope", summery="typo", body="")
    bulletin_repo.edition(1, ["2026-01-01-missing"])
    bulletin_repo.write("bulletin.yml", POLICY.replace("Asia/Shanghai", "Mars/Olympus"))
    result = check_repository(bulletin_repo.root, today=dt.date(2026, 11, 28))
    assert result.policy_ok is False
    assert result.diagnostics
    assert {d.path for d in result.diagnostics} == {"bulletin.yml"}
    assert {d.code for d in result.diagnostics} <= {"S030", "S031"}


def test_parse_policy_never_raises_and_collects(bulletin_repo: BulletinRepo) -> None:
    loaded = parse_policy(BROKEN)
    assert loaded.fatal
    assert loaded.policy is None
    assert len(loaded.findings) == 7


# --- rules: severities and options -------------------------------------------------------------


TRAILING = "Body text.   \n"  # S015 trailing-whitespace, a warning by default


def _trailing_item(repo: BulletinRepo) -> None:
    repo.item(body=TRAILING)


def test_default_severity(bulletin_repo: BulletinRepo) -> None:
    _trailing_item(bulletin_repo)
    [d] = bulletin_repo.diagnostics()
    assert (d.code, d.severity, d.rule) == ("S015", Severity.WARNING, "trailing-whitespace")


@pytest.mark.parametrize(("setting", "severity"), [
    ("  S015: error\n", Severity.ERROR),
    ("  S015: {severity: info}\n", Severity.INFO),
    ("  trailing-whitespace: error\n", Severity.ERROR),
    ("  trailing-whitespace: {severity: info}\n", Severity.INFO),
    ("  s015: error\n", Severity.ERROR),
])
def test_severity_by_code_or_name(bulletin_repo: BulletinRepo, setting: str,
                                  severity: Severity) -> None:
    _trailing_item(bulletin_repo)
    bulletin_repo.write("bulletin.yml", with_rules(setting))
    [d] = bulletin_repo.diagnostics()
    assert (d.code, d.severity) == ("S015", severity)


@pytest.mark.parametrize("setting", ["  S015: off\n", "  trailing-whitespace: off\n",
                                     "  S015: {severity: 'off'}\n"])
def test_off_disables_a_rule(bulletin_repo: BulletinRepo, setting: str) -> None:
    _trailing_item(bulletin_repo)
    bulletin_repo.write("bulletin.yml", with_rules(setting))
    result = bulletin_repo.check()
    assert result.policy_ok
    assert result.diagnostics == []


def test_off_disables_a_rule_function(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(event_date=dt.date(2028, 11, 20))  # S024
    assert [d.code for d in bulletin_repo.diagnostics()] == ["S024"]
    bulletin_repo.write("bulletin.yml", with_rules("  implausible-date: off\n"))
    assert bulletin_repo.diagnostics() == []


def test_unknown_rule_is_s030_with_did_you_mean(bulletin_repo: BulletinRepo) -> None:
    _trailing_item(bulletin_repo)
    diags = policy_diags(bulletin_repo, with_rules("  trailing-whitespac: off\n"))
    d = at(diags, "S030", POLICY.count("\n") + 2)
    assert "unknown rule 'trailing-whitespac'" in d.message
    assert "did you mean 'trailing-whitespace'" in d.message
    assert not bulletin_repo.check().policy_ok
    assert {x.path for x in diags} == {"bulletin.yml"}


@pytest.mark.parametrize("setting", ["  S015: loud\n", "  S015: {severity: loud}\n"])
def test_unknown_severity_is_s030(bulletin_repo: BulletinRepo, setting: str) -> None:
    diags = policy_diags(bulletin_repo, with_rules(setting))
    d = at(diags, "S030", POLICY.count("\n") + 2)
    assert "'loud'" in d.message and "error, warning, info, off" in d.message


def test_list_severity_is_s030(bulletin_repo: BulletinRepo) -> None:
    diags = policy_diags(bulletin_repo, with_rules("  S015: {severity: [error]}\n"))
    assert at(diags, "S030", POLICY.count("\n") + 2)


def test_unknown_option_is_s031_with_did_you_mean(bulletin_repo: BulletinRepo) -> None:
    _trailing_item(bulletin_repo)
    bulletin_repo.write("bulletin.yml", with_rules("  S024: {future_dayz: 3}\n"))
    result = bulletin_repo.check()
    assert result.policy_ok
    d = at(result.diagnostics, "S031", POLICY.count("\n") + 2)
    assert "S024 has no option 'future_dayz'" in d.message
    assert "did you mean 'future_days'" in d.message
    assert {x.code for x in result.diagnostics} == {"S031", "S015"}


def test_option_of_the_wrong_type_is_s030(bulletin_repo: BulletinRepo) -> None:
    diags = policy_diags(bulletin_repo, with_rules("  S024: {future_days: soon}\n"))
    assert "'future_days'" in at(diags, "S030", POLICY.count("\n") + 2).message


def test_option_changes_future_days(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(date=dt.date(2026, 12, 1), event_date=dt.date(2026, 12, 1),
                       path="items/water/2026/2026-12-01-ahead.md")
    assert [d.code for d in bulletin_repo.diagnostics()] == ["S024"]
    bulletin_repo.write("bulletin.yml", with_rules("  S024: {future_days: 3}\n"))
    assert bulletin_repo.diagnostics() == []
    bulletin_repo.write("bulletin.yml", with_rules("  implausible-date: {future_days: 2}\n"))
    assert [d.code for d in bulletin_repo.diagnostics()] == ["S024"]


def test_option_changes_flash_max_items(bulletin_repo: BulletinRepo) -> None:
    ids = []
    for slug in ("a", "b", "c", "d"):
        bulletin_repo.item(slug=slug, priority="urgent")
        ids.append(f"2026-11-18-{slug}")
    bulletin_repo.edition(1, ids, type="flash")
    assert [d.code for d in bulletin_repo.diagnostics()] == ["E011"]
    bulletin_repo.write("bulletin.yml", with_rules("  E011: {max_items: 4}\n"))
    assert bulletin_repo.diagnostics() == []
    bulletin_repo.write("bulletin.yml", with_rules("  flash-edition: {max_items: 2, "
                                                   "severity: error}\n"))
    [d] = bulletin_repo.diagnostics()
    assert (d.code, d.severity) == ("E011", Severity.ERROR)
    assert "at most 2 items" in d.message


def test_loader_rule_severity_can_be_changed(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item(summery="typo", summary=None)  # S009, and S002 for the missing summary
    bulletin_repo.write("bulletin.yml", with_rules("  unknown-field: error\n  S002: warning\n"))
    severities = {d.code: d.severity for d in bulletin_repo.diagnostics()}
    assert severities == {"S009": Severity.ERROR, "S002": Severity.WARNING}
