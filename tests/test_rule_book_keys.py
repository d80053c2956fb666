"""The rule book's keys one by one: each validated where it is written (with "did you
mean"), and each clause scored as the office writes it.

Scoring here needs no history: without commits an item is sent, merged and counted
on its front-matter date, so each test's arithmetic is in its own lines.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bulletin.assess.gather import score_repository
from bulletin.assess.period import parse_period
from bulletin.assess.scoreboard import UnitScore
from bulletin.config import parse_policy
from conftest import POLICY, BulletinRepo

Q4 = parse_period("2026-Q4")
AFTER = dt.date(2027, 1, 10)


def findings(book: str, head: str = "") -> set[tuple[str, int, str]]:
    """(code, line, message) of every problem of a policy with this rule book."""
    loaded = parse_policy(POLICY + head + "assessment:\n" + book)
    return {(f.code, f.line, f.message) for f in loaded.findings}


FIRST = POLICY.count("\n") + 2  # the line of the rule book's first key


@pytest.mark.parametrize(("book", "head", "line", "message"), [
    ("  count_by: snt\n", "", 0,
     "'assessment.count_by': 'snt' is not one of sent, merged, adopted (did you mean 'sent'?)"),
    ("  responses_per_item: per-rnk\n", "", 0,
     "'assessment.responses_per_item': 'per-rnk' is not one of all, per-rank, best (did you "
     "mean 'per-rank'?)"),
    ("  adoption:\n    - {publication: daly, points: 1}\n", "publications:\n  daily: "
     "{name: Daily}\n", 1, "'daly' is not a publication (did you mean 'daily'?)"),
    ("  adoption:\n    - {publication: daily, points: 1}\n", "", 1,
     "'daily' is not a publication (bulletin.yml declares no publications:)"),
    ("  adoption:\n    - {level: provnce, points: 5}\n", "", 1,
     "'provnce' is not one of the office_levels (did you mean 'province'?)"),
    ("  adoption:\n    - {level: province, type: flash, points: 5}\n", "", 1,
     "a line with a level scores adoptions by a higher office, whose editions' type the "
     "ledger does not record: name publication, category or priority"),
    ("  responses:\n    instruction: {mayr: 3}\n", "leader_ranks: [mayor, governor]\n", 1,
     "'mayr' is not one of the leader_ranks (did you mean 'mayor'?)"),
    ("  deductions: {criticised: 5}\n", "", 0,
     "'criticised' is under deductions, which takes points: write it negative (5)"),
    ("  awards: {commended: -2}\n", "", 0,
     "'commended' is under awards, which gives points: write it positive (-2)"),
    ("  deductions: {late: -1}\n  awards: {late: 1}\n", "", 1,
     "'late' is both a deduction and an award"),
    ("  caps: {responses: 10}\n", "", 0,
     "'responses' is not a kind of addition (did you mean 'response'?) (one of: submitted, "
     "adopted, lead, response, upstream, award)"),
    ("  floor: 0\n", "", 0, "a floor of 0 at or above the base (0) cancels every deduction: "
                            "give the base (the points a unit starts with), or "
                            "'floor_of: total'"),
    ("  quotas:\n    default: {submitted: 6, per: quarter, judged: month}\n", "", 1,
     "'assessment.quotas.default': a quota judged month by month is a monthly quota: "
     "'judged: month' needs 'per: month'"),
    ("  standards:\n    adoption_rate: {min: 30, points: -2}\n", "", 1,
     "'assessment.standards.adoption_rate.min': Input should be less than or equal to 1"),
])
def test_each_key_is_located_with_did_you_mean(book: str, head: str, line: int,
                                               message: str) -> None:
    found = findings(book, head)
    first = FIRST + head.count("\n")
    assert ("S030", first + line, message) in found, found


def test_publications_are_validated() -> None:
    text = POLICY + ("publications:\n"
                     "  daily: {name: Daily, types: [regular, flsh], audience: secret}\n")
    found = {(f.code, f.message) for f in parse_policy(text).findings}
    assert ("S030", "'publications.daily.types': 'flsh' is not an edition type (did you mean "
                    "'flash'?)") in found
    assert ("S030", "'secret' is not one of the levels") in found
    year = POLICY + "publications:\n  '2026': {name: A year}\n"
    assert {(f.code, f.message) for f in parse_policy(year).findings} == {
        ("S030", "'publications': '2026' cannot name a publication: a folder of digits under "
                 "bulletins/ is a year")}


def test_a_sound_rule_book_has_no_findings() -> None:
    assert findings("  base: 6\n  floor: 0\n  cap: 20\n  caps: {response: 6}\n"
                    "  count_by: sent\n  responses_per_item: best\n"
                    "  awards: {commended: 2}\n  deductions: {criticised: -5}\n"
                    "  standards: {points: 6, adoption_rate: {min: 0.3, points: -2}}\n") == set()


# --- the clauses, scored ---------------------------------------------------------------


def _score(repo: BulletinRepo, book: str, head: str = "") -> dict[str, UnitScore]:
    repo.write("bulletin.yml", POLICY + head + "assessment:\n" + book)
    board = score_repository(repo.root, Q4, today=AFTER)
    return {u.unit: u for u in board.units}


def _items(repo: BulletinRepo, unit: str, days: list[str]) -> list[str]:
    ids = []
    for n, day in enumerate(days):
        date = dt.date.fromisoformat(day)
        repo.item(f"{unit}-{n}", unit=unit, date=date, event_date=date,
                  title=f"{unit} report {n}", summary=f"Report {n} of {unit}, so it counts.")
        ids.append(f"{day}-{unit}-{n}")
    return ids


def _kinds(score: UnitScore) -> list[tuple[str, float]]:
    return [(line.kind, line.points) for line in score.lines]


def test_caps_limit_additions_and_floor_of_total(bulletin_repo: BulletinRepo) -> None:
    """water files four items (4 × 2 = 8 points), capped at 5 for 'submitted' and 4 for
    all additions; health files nothing and a ledger deduction of 10 takes the total to
    the floor of -3 (floor_of: total)."""
    _items(bulletin_repo, "water", ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08"])
    bulletin_repo.write("assessment/ledger.yml", "- {date: 2026-11-01, unit: health, kind: "
                                                 "criticised, reason: x}\n")
    units = _score(bulletin_repo, "  submitted: 2\n  adoption: []\n  caps: {submitted: 5}\n"
                                  "  cap: 4\n  floor: -3\n  floor_of: total\n"
                                  "  deductions: {criticised: -10}\n")
    water, health = units["water"], units["health"]
    assert water.points == 4.0
    assert _kinds(water)[-2:] == [("cap", -3.0), ("cap", -1.0)]
    assert health.points == -3.0 and _kinds(health) == [("ledger", -10.0), ("floor", 7.0)]


def _responses(repo: BulletinRepo, item: str, *rows: tuple[str, str, str]) -> None:
    repo.edition(1, [item], date="2026-10-10")
    repo.write("bulletins/2026/responses.yml", "".join(
        f"- {{item: {item}, by: {by}, rank: {rank}, date: {day}, kind: instruction}}\n"
        for by, rank, day in rows))


def test_best_response_per_item(bulletin_repo: BulletinRepo) -> None:
    """'best': of a city leader's (2) and a province leader's (3) instruction on one item,
    only the province's counts, whichever came first."""
    [item] = _items(bulletin_repo, "water", ["2026-10-05"])
    _responses(bulletin_repo, item, ("Governor Sun", "province", "2026-10-12"),
               ("Mayor Zhou", "city", "2026-10-20"))
    water = _score(bulletin_repo, "  adoption: []\n  responses_per_item: best\n"
                                  "  responses:\n    instruction: {city: 2, province: 3}\n")[
        "water"]
    assert [(k, p) for k, p in _kinds(water) if k == "response"] == [("response", 3.0),
                                                                     ("response", 0.0)]
    assert water.responses == 1 and water.points == 3.0


def test_per_rank_reaches_back_into_earlier_periods(bulletin_repo: BulletinRepo) -> None:
    """A second city instruction in the next quarter on an item counted in this one adds
    nothing either: the item is one piece."""
    [item] = _items(bulletin_repo, "water", ["2026-10-05"])
    _responses(bulletin_repo, item, ("Mayor Zhou", "city", "2026-10-12"),
               ("Vice Mayor Wang", "city", "2027-01-05"))
    bulletin_repo.write("bulletin.yml", POLICY + "assessment:\n  adoption: []\n"
                        "  responses_per_item: per-rank\n"
                        "  responses:\n    instruction: {city: 2}\n")
    q1 = score_repository(bulletin_repo.root, parse_period("2027-Q1"), today=AFTER)
    water = q1.unit("water")
    assert water is not None and water.points == 0.0
    assert "the instruction of 2026-10-12 counts" in water.lines[0].text


def test_counted_by_the_day_adopted(bulletin_repo: BulletinRepo) -> None:
    """count_by: adopted: an item filed in September and adopted in October counts in
    Q4; one never adopted counts nowhere, and --explain says so."""
    ids = _items(bulletin_repo, "water", ["2026-09-28", "2026-10-03"])
    bulletin_repo.edition(1, [ids[0]], date="2026-10-02")
    water = _score(bulletin_repo, "  count_by: adopted\n  submitted: 1\n")["water"]
    assert [f.item.id for f in water.filed] == [ids[0]]
    [away] = water.elsewhere
    assert away.item.id == ids[1] and away.counted is None
    assert "not adopted yet, so not counted" in away.reason


def test_quota_per_quarter_and_month_by_month(bulletin_repo: BulletinRepo) -> None:
    """water files 3 items, all in October. A quarterly quota of 3 is met; the same 1 a
    month judged month by month misses November and December (2 short, -2)."""
    _items(bulletin_repo, "water", ["2026-10-05", "2026-10-06", "2026-10-07"])
    quarterly = _score(bulletin_repo, "  quotas:\n    default: {submitted: 3, per: quarter}\n"
                                      "  shortfall: -1\n")["water"]
    assert (quarterly.quota_submitted, quarterly.target_met, quarterly.points) == (3, True, 0.0)
    monthly = _score(bulletin_repo, "  quotas:\n    default: {submitted: 1, judged: month}\n"
                                    "  shortfall: -1\n  adoption: []\n")["water"]
    assert (monthly.quota_submitted, monthly.target_met, monthly.points) == (3, False, -2.0)
    assert monthly.standard is not None and monthly.standard.months == ("2026-11", "2026-12")
    assert "2026-11 submitted 0 of 1, adopted 0 of 0; 2026-12 submitted 0 of 1" in \
        monthly.lines[-1].text


def test_awards_are_named_as_such(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write("assessment/ledger.yml", "- {date: 2026-11-01, unit: water, kind: "
                                                 "commended, reason: Flood reports.}\n")
    water = _score(bulletin_repo, "  awards: {commended: 3}\n")["water"]
    [line] = water.lines
    assert (line.kind, line.points) == ("award", 3.0)
    assert line.text == "2026-11-01 award commended: Flood reports."


def test_target_wording_names_what_was_asked(bulletin_repo: BulletinRepo) -> None:
    """A quota missed reads "submitted 1 of 3, adopted 0 of 3", not "(3/3)"."""
    from bulletin.report.score import target_text

    _items(bulletin_repo, "water", ["2026-10-05"])
    water = _score(bulletin_repo, "  quotas:\n    default: {submitted: 1, adopted: 1}\n"
                                  "  shortfall: -1\n")["water"]
    assert target_text(water) == "missed: submitted 1 of 3, adopted 0 of 3"
    assert water.lines[-1].text == (
        "5 short of the quota: submitted 1 of 3, adopted 0 of 3 (1 submitted and 1 adopted a "
        "month as tier 'default', for 3.00 months)")
