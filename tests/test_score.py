"""`bulletin score`: a repository whose history is built commit by commit with set
dates, and the tables computed by hand for it.

The story (times are Asia/Shanghai, +08:00; the fourth quarter of 2026):

====  =======  ===========================  =========================  =================
item  unit     first commit (author date)   reached main               event, priority
====  =======  ===========================  =========================  =================
F     water    2026-09-20 10:00 (on main)   same (Q3!)                 09-19, routine
A     water    2026-10-02 09:00 (branch)    merge 2026-10-02 15:00     10-01, routine
B     water    2026-10-10 08:00 (branch)    merge 2026-10-11 08:00     10-03, important
C     health   2026-10-20 12:00 (on main)   same                       10-19, routine
D     health   2026-12-31 20:00 (branch)    merge 2027-01-01 00:30     12-29, routine
E     xishan   2026-11-05 09:00 (on main)   same                       11-03, urgent
====  =======  ===========================  =========================  =================

D reaches main after midnight in Shanghai (16:30 UTC on 31 December): it is a
first-quarter item. Editions: 2026-001 (10-05, regular, internal: F lead, A),
2026-002 (10-21, flash: C), 2026-003 (11-06, regular, restricted: E lead, B).
Responses: the mayor's instruction on A (10-08), a director's comment on C
(10-25), a provincial instruction on F (2027-01-05, next quarter). Ledger: xishan
late-emergency 11-07 (-50), water false-report 07-01 (Q3).

Hand-computed for 2026-Q4 (quotas: bureau 2 submitted + 1 adopted a month,
others 1 + 0; three months; shortfall -5 an item):

water:  submitted A, B (+1 +1); B late, 7 days > 3 (-2); adopted F +8 +5 lead,
        A +8, B +12 (restricted); mayor's instruction +40; quota 6/3:
        4 short (-20).                                   = 53
health: submitted C (+1); adopted C in a flash +15 +5 lead; comment +5;
        quota 6/3: 5 + 2 short (-35).                    = -9
xishan: submitted E (+1); late, 2 days > 1 (-2); adopted E +12 +5 lead;
        ledger -50; quota 3/0: 2 short (-10); one quality warning (-1;
        the title is too long, Q501).                    = -45
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.assess.gather import score_repository
from bulletin.assess.period import parse_period
from bulletin.cli import main
from conftest import GIT_ENV, POLICY, BulletinRepo

RULE_BOOK = POLICY[:POLICY.index("units:")] + """\
units:
  water: {name: Water Resources Bureau, members: [zhang.san], tier: bureau}
  health: {name: Health Commission, members: [wang.wu], tier: bureau}
  xishan: {name: Xishan District, members: [gao.feng]}
categories:
  situation: {name: Situation report}
  emergency: {name: Emergency, news_days: 2}
assessment:
  period: quarter
  submitted: 1
  adoption:
    - {type: flash, points: 15}
    - {audience: restricted, points: 12}
    - {points: 8}
  lead: 5
  responses:
    instruction: {vice-mayor: 20, mayor: 40, provincial: 80}
    comment: {default: 5}
  on_time_days: {routine: 7, important: 3, urgent: 1}
  late: -2
  deductions: {late-emergency: -50, false-report: -200}
  quotas:
    bureau: {submitted: 2, adopted: 1}
    default: {submitted: 1, adopted: 0}
  shortfall: -5
  per_warning: -1
  ranking: {within: all, by: [points, adopted, median_lag_days]}
"""

LEDGER = """\
- date: 2026-07-01
  unit: water
  kind: false-report
  reason: An old case, outside the quarter.
- date: 2026-11-07
  unit: xishan
  kind: late-emergency
  item: 2026-11-05-warehouse-fire
  reason: The fire reached the office two days late.
"""

RESPONSES = """\
- item: 2026-10-02-reservoir-a
  by: Mayor Zhou
  rank: mayor
  date: 2026-10-08
  kind: instruction
- item: 2026-10-20-clinic-c
  by: Director Li
  rank: director
  date: 2026-10-25
  kind: comment
- item: 2026-09-20-canal-f
  by: Vice Governor Sun
  rank: provincial
  date: 2027-01-05
  kind: instruction
"""

# distinct texts, so that the check finds no near-duplicates or unsupported figures
TEXTS = {
    "canal-f": ("The Beiqu canal lining cracked along 40 metres; it must be repaired before "
                "the spring irrigation.",
                "Inspectors found the Beiqu canal lining cracked along 40 metres near the "
                "pumping station on 19 September; repairs start next week."),
    "reservoir-a": ("Qinghe reservoir fell to 128 metres, safe for winter supply.",
                    "On 1 October the Qinghe reservoir stood at 128 metres. Winter supply to "
                    "the city is secure."),
    "pump-b": ("Two of five Nanhu drainage pumps failed their autumn test, which puts 300 "
               "homes at risk of flooding.",
               "The autumn test on 3 October found two of the five Nanhu drainage pumps "
               "unable to start, leaving 300 homes at risk; spare motors have been ordered."),
    "clinic-c": ("A gas leak forced the evacuation of 900 patients from Dongcheng hospital; "
                 "the ward must stay closed until repaired.",
                 "At 10:00 on 19 October a gas leak forced the evacuation of 900 patients "
                 "from Dongcheng hospital within the hour. Nobody was injured."),
    "warehouse-fire": ("A night fire burnt two storage sheds and 14 staff were evacuated; the "
                       "warehouse must stay shut until inspected.",
                       "At 02:10 on 3 November a fire broke out in the chemical warehouse. "
                       "Two storage sheds burnt down and 14 night staff were evacuated; "
                       "nobody was hurt. The loss is 2 million yuan."),
    "clinic-d": ("Winter flu cases doubled to 600 a week in municipal hospitals.",
                 "Hospitals reported 600 influenza cases in the week to 29 December, twice "
                 "the number of the week before; vaccination clinics extend their hours."),
}

Q4 = parse_period("2026-Q4")
AFTER = dt.date(2027, 1, 10)  # the quarter is over: quotas for all three months


def _git(root: Path, *args: str, when: str | None = None, author: str | None = None) -> None:
    env = {**os.environ, **GIT_ENV}
    if when:
        env["GIT_COMMITTER_DATE"] = when
        env["GIT_AUTHOR_DATE"] = author or when
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _add(repo: BulletinRepo, slug: str, day: str, event: str, when: str, unit: str = "water",
         branch: str | None = None, merged: str | None = None, **fields: object) -> None:
    """Write an item and commit it (on a branch merged at ``merged``, or on main)."""
    if branch:
        _git(repo.root, "checkout", "-q", "-b", branch)
    date = dt.date.fromisoformat(day)
    summary, body = TEXTS[slug]
    repo.item(slug, body=body + "\n", summary=summary, unit=unit, date=date,
              event_date=dt.date.fromisoformat(event), **fields)
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-q", "-m", f"add {slug}", when=when)
    if branch:
        _git(repo.root, "checkout", "-q", "main")
        _git(repo.root, "merge", "-q", "--no-ff", "-m", f"merge {branch}", branch, when=merged)


@pytest.fixture
def scored(bulletin_repo: BulletinRepo) -> BulletinRepo:
    repo = bulletin_repo
    repo.write("bulletin.yml", RULE_BOOK)
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-q", "-m", "policy", when="2026-09-01T09:00:00+08:00")
    _add(repo, "canal-f", "2026-09-20", "2026-09-19", "2026-09-20T10:00:00+08:00")
    _add(repo, "reservoir-a", "2026-10-02", "2026-10-01", "2026-10-02T09:00:00+08:00",
         branch="water-a", merged="2026-10-02T15:00:00+08:00")
    _add(repo, "pump-b", "2026-10-10", "2026-10-03", "2026-10-10T08:00:00+08:00",
         branch="water-b", merged="2026-10-11T08:00:00+08:00", priority="important")
    _add(repo, "clinic-c", "2026-10-20", "2026-10-19", "2026-10-20T12:00:00+08:00",
         unit="health", priority="urgent",
         title="Gas leak: 900 patients evacuated from Dongcheng hospital")
    repo.edition(1, ["2026-09-20-canal-f", "2026-10-02-reservoir-a"], date="2026-10-05")
    repo.edition(2, ["2026-10-20-clinic-c"], date="2026-10-21", type="flash")
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-q", "-m", "editions 1 and 2", when="2026-10-21T18:00:00+08:00")
    _add(repo, "warehouse-fire", "2026-11-05", "2026-11-03", "2026-11-05T09:00:00+08:00",
         unit="xishan", category="situation", priority="urgent",
         classification="restricted",
         title="Fire at the chemical warehouse on the eastern edge of the Xishan industrial "
               "park destroys two of the storage sheds there and forces the evacuation of all "
               "of the night staff working on the site")
    repo.edition(3, ["2026-11-05-warehouse-fire", "2026-10-10-pump-b"], date="2026-11-06",
                 audience="restricted")
    repo.write("bulletins/2026/responses.yml", RESPONSES)
    repo.write("assessment/ledger.yml", LEDGER)
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-q", "-m", "edition 3, responses, ledger",
         when="2026-11-08T10:00:00+08:00")
    _add(repo, "clinic-d", "2026-12-31", "2026-12-29", "2026-12-31T20:00:00+08:00",
         unit="health", branch="health-d", merged="2027-01-01T00:30:00+08:00")
    repo.item("not-committed", date=dt.date(2026, 11, 27), event_date=dt.date(2026, 11, 26),
              summary="A draft of 3 pages, which must be finished first.",
              body="A draft of 3 pages that nobody has committed yet.\n")
    return repo


def _score(repo: BulletinRepo, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["score", "--repo", str(repo.root), "--as-of",
                                       AFTER.isoformat(), *args])
    return result.exit_code, result.output


def test_hand_computed_quarter(scored: BulletinRepo) -> None:
    board = score_repository(scored.root, Q4, today=AFTER)
    table = {u.unit: (u.rank, u.points, u.submitted, u.adopted, u.lead, u.responses,
                      u.adoption_rate, u.median_lag_days, u.late, u.median_review_hours,
                      u.quality_warnings, u.target_met) for u in board.units}
    assert table == {
        "water": (1, 53.0, 2, 3, 1, 1, 1.0, 4.0, 1, 15.0, 0, False),
        "health": (2, -9.0, 1, 1, 1, 1, 1.0, 1.0, 0, 0.0, 0, False),
        "xishan": (3, -45.0, 1, 1, 1, 0, 1.0, 2.0, 1, 0.0, 1, False),
    }
    assert [u.unit for u in board.units] == ["water", "health", "xishan"]
    assert any("1 item(s) not yet in the history" in note for note in board.notes)


def test_json_contract(scored: BulletinRepo) -> None:
    code, out = _score(scored, "--period", "2026-Q4", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["period"] == {"from": "2026-10-01", "to": "2026-12-31"}
    water = data["units"][0]
    assert list(water)[:12] == ["unit", "name", "submitted", "adopted", "lead", "responses",
                                "adoption_rate", "median_lag_days", "quality_warnings",
                                "points", "target_met", "rank"]
    assert water["unit"] == "water" and water["name"] == "Water Resources Bureau"
    assert water["responses_by_kind"] == {"instruction": 1}
    assert water["quota"] == {"submitted": 6, "adopted": 3}
    xishan = data["units"][2]
    assert xishan["quality_by_criterion"] == {"refined": 1}
    assert xishan["hints"][0]["code"] == "Q501"


def test_next_quarter_holds_the_item_merged_after_midnight(scored: BulletinRepo) -> None:
    board = score_repository(scored.root, parse_period("2027-Q1"), today=dt.date(2027, 4, 2))
    health = board.unit("health")
    assert health is not None
    assert [f.item.id for f in health.filed] == ["2026-12-31-clinic-d"]
    filed = health.filed[0]
    assert filed.lag_days == 2 and filed.review_hours == 4.5 and filed.adopted_in is None


def test_explain_adds_up_and_names_its_sources(scored: BulletinRepo) -> None:
    code, out = _score(scored, "--period", "2026-Q4", "--explain", "xishan")
    assert code == 0, out
    assert "-50.0  ledger" in out and "assessment/ledger.yml:5" in out
    assert "+12.0  adopted    adopted 2026-11-05-warehouse-fire in 2026-003" in out
    assert "bulletins/2026/003.yml:" in out
    assert "Q501" in out  # a training hint
    code, out = _score(scored, "--period", "2026-Q4", "--explain", "water", "-f", "json")
    data = json.loads(out)
    assert sum(line["points"] for line in data["lines"]) == data["unit"]["points"]
    kinds = [line["kind"] for line in data["lines"]]
    assert kinds.count("submitted") == 2 and kinds.count("adopted") == 3
    assert "ledger" not in kinds  # the false report of July is in the third quarter
    response = next(line for line in data["lines"] if line["kind"] == "response")
    assert response["points"] == 40 and response["source"] == "bulletins/2026/responses.yml:1"


def test_quotas_pro_rata_while_the_quarter_runs(scored: BulletinRepo) -> None:
    board = score_repository(scored.root, Q4, today=dt.date(2026, 11, 15))
    water = board.unit("water")
    assert water is not None
    # 1 + 15/30 months gone: ceil(2 * 1.5) = 3 submitted, ceil(1 * 1.5) = 2 adopted
    assert (water.quota_submitted, water.quota_adopted) == (3, 2)
    assert any("pro rata to 2026-11-15" in note for note in board.notes)


def test_other_formats(scored: BulletinRepo) -> None:
    code, out = _score(scored, "--period", "2026-Q4", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["unit"], r["points"], r["rank"]) for r in rows] == [
        ("water", "53.0", "1"), ("health", "-9.0", "2"), ("xishan", "-45.0", "3")]
    code, out = _score(scored, "--period", "2026-Q4", "--format", "markdown")
    assert code == 0 and "| 1 | Water Resources Bureau | 2 | 3 |" in out
    code, out = _score(scored, "--period", "2026-Q4")
    assert "ranked across all units by points, then adopted, then median_lag_days" in out
    assert out.splitlines()[2:5] == ["All units", out.splitlines()[3], out.splitlines()[4]]
    assert out.splitlines()[5].split()[:4] == ["1", "Water", "Resources", "Bureau"]


def test_output_file(scored: BulletinRepo, tmp_path: Path) -> None:
    target = tmp_path / "out" / "q4.json"
    code, _ = _score(scored, "--period", "2026-Q4", "-f", "json", "-o", str(target))
    assert code == 0 and json.loads(target.read_text())["units"][0]["unit"] == "water"


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2026-Q5"], "cannot read the period '2026-Q5'"),
    (["--period", "2026-Q4", "--from", "2026-10-01", "--to", "2026-10-31"], "not both"),
    (["--from", "2026-10-01"], "--from and --to go together"),
    (["--from", "2026-10-31", "--to", "2026-10-01"], "is before --from"),
    (["--explain", "watr"], "no unit 'watr' (did you mean 'water'?)"),
    (["--explain", "water", "-f", "csv"], "--explain writes text or json"),
    (["--ref", "no-such-branch"], "unknown git revision 'no-such-branch'"),
])
def test_usage_errors(scored: BulletinRepo, args: list[str], message: str) -> None:
    code, out = _score(scored, *args)
    assert code == 2 and message in out and "Traceback" not in out


def test_bad_ledger_is_located(scored: BulletinRepo) -> None:
    scored.write("assessment/ledger.yml", LEDGER + "- date: 2026-11-09\n  unit: xishn\n"
                                                   "  kind: late-emergency\n")
    code, out = _score(scored, "--period", "2026-Q4")
    assert code == 2
    assert "assessment/ledger.yml:11:9: S008 'unit' is 'xishn', which is not defined (did " \
           "you mean 'xishan'?)" in out
    assert "assessment/ledger.yml:10:3: S002 missing required field 'reason'" in out


def test_ties_share_a_rank_and_tie_breaks_apply(bulletin_repo: BulletinRepo) -> None:
    """No commits: arrivals are front-matter dates. Equal points, broken by adoption."""
    repo = bulletin_repo
    repo.write("bulletin.yml", RULE_BOOK.replace("  per_warning: -1\n", "").replace(
        "  quotas:\n    bureau: {submitted: 2, adopted: 1}\n"
        "    default: {submitted: 1, adopted: 0}\n", ""))
    for unit in ("water", "health", "xishan"):
        repo.item(f"{unit}-one", unit=unit, date=dt.date(2026, 10, 9),
                  event_date=dt.date(2026, 10, 8))
    repo.item("water-two", unit="water", date=dt.date(2026, 10, 10),
              event_date=dt.date(2026, 10, 9))
    repo.edition(1, ["2026-10-09-health-one"], date="2026-10-12")  # health: 1 + 8 + 5
    repo.edition(2, ["2026-10-09-xishan-one", "2026-10-09-water-one"], date="2026-10-13")
    # water: 2 + 8 = 10 ... plus nothing; xishan: 1 + 8 + 5 = 14 = health
    board = score_repository(repo.root, Q4, today=AFTER)
    ranks = {u.unit: (u.rank, u.points, u.adopted) for u in board.units}
    assert ranks == {"health": (1, 14.0, 1), "xishan": (1, 14.0, 1), "water": (3, 10.0, 1)}
    assert "no git history" in " ".join(board.notes)
    filed = board.unit("water").filed  # type: ignore[union-attr]
    assert {f.source for f in filed} == {"front matter (no history)"}


def test_imported_items_arrive_on_their_front_matter_date(scored: BulletinRepo) -> None:
    text = (scored.root / "bulletin.yml").read_text() + ""
    scored.write("bulletin.yml", text.replace("assessment:\n",
                                              "assessment:\n  imported_until: 2026-10-02\n"))
    board = score_repository(scored.root, Q4, today=AFTER)
    water = board.unit("water")
    assert water is not None
    a = next(f for f in water.filed if f.item.id == "2026-10-02-reservoir-a")
    b = next(f for f in water.filed if f.item.id == "2026-10-10-pump-b")
    assert (a.source, a.review_hours) == ("front matter (imported)", None)
    assert (b.source, b.review_hours) == ("git", 24.0)


def test_rule_book_problems_are_located(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.write("bulletin.yml", RULE_BOOK.replace("type: flash", "type: flsh")
                        .replace("within: all", "within: all, bye: 1"))
    result = bulletin_repo.check()
    found = {(d.code, d.line, d.message) for d in result.diagnostics}
    assert ("S030", 18, "'flsh' is not an edition type (did you mean 'flash'?)") in found
    assert any(code == "S031" and "assessment.ranking.bye" in message and "'by'" in message
               for code, _, message in found)


def test_period_arithmetic() -> None:
    assert parse_period("2026-Q1").months == pytest.approx(3.0)
    assert parse_period("2026-02").end == dt.date(2026, 2, 28)
    assert parse_period("2026").months == pytest.approx(12.0)
    from bulletin.assess.period import range_period
    assert range_period(dt.date(2026, 10, 16), dt.date(2026, 11, 15)).months == \
        pytest.approx(16 / 31 + 15 / 30)



@pytest.mark.parametrize(("ledger", "message"), [
    ("unit: water\n", "assessment/ledger.yml:1:1: S007 the ledger must be a list"),
    ("- [1, 2]\n", "assessment/ledger.yml:1:3: S007 a ledger entry must be a mapping"),
    ("- date: 2026-11-01\n  unit: water\n  kind: false-report\n  reason: x\n  pionts: 3\n",
     "assessment/ledger.yml:5:3: S009 unknown field 'pionts' in a ledger entry (did you mean "
     "'points'?)"),
    ("- date: 2026-11-01\n  unit: water\n  kind: false-report\n  reason: x\n  points: many\n",
     "assessment/ledger.yml:5:11: S008 'points' must be a number"),
    ("- date: 2026-11-01\n  unit: water\n  kind: fals-report\n  reason: x\n",
     "assessment/ledger.yml:3:9: S008 'kind' is 'fals-report', which is not defined (did you "
     "mean 'false-report'?)"),
    ("- date: [2026\n", "assessment/ledger.yml:2:1: S003"),
    ("- &a {date: 2026-11-01}\n- *a\n", "assessment/ledger.yml:1:3: S004"),
])
def test_every_broken_ledger_is_located(scored: BulletinRepo, ledger: str,
                                        message: str) -> None:
    scored.write("assessment/ledger.yml", ledger)
    code, out = _score(scored, "--period", "2026-Q4")
    assert code == 2 and message in out and "Traceback" not in out


def test_an_empty_ledger_deducts_nothing(scored: BulletinRepo) -> None:
    scored.write("assessment/ledger.yml", "# nothing yet\n")
    board = score_repository(scored.root, Q4, today=AFTER)
    assert board.unit("xishan").points == -45.0 + 50  # type: ignore[union-attr]


def test_check_reports_ledger_problems(scored: BulletinRepo) -> None:
    assert not [d for d in scored.check().diagnostics if d.path.startswith("assessment/")]
    scored.write("assessment/ledger.yml", LEDGER + "- date: 2026-11-09\n  unit: water\n"
                 "  kind: late-emergency\n  reason: x\n  item: 2026-11-09-no-such-item\n")
    found = [(d.path, d.line, d.code, d.message) for d in scored.check().diagnostics
             if d.path.startswith("assessment/")]
    assert found == [("assessment/ledger.yml", 10, "S008", "'item' is '2026-11-09-no-such-item',"
                      " which is not an item of this repository")]
    result = CliRunner().invoke(main, ["check", "--repo", str(scored.root),
                                       str(scored.root / "assessment/ledger.yml")])
    assert result.exit_code == 1 and "assessment/ledger.yml:10:3: S008" in result.output


def test_ref_scores_the_history_of_another_revision(scored: BulletinRepo) -> None:
    """At the commit before edition 3 and the fire, xishan has filed nothing yet."""
    before = scored.git("rev-list", "-n", "1", "--first-parent", "main",
                        "--before", "2026-11-01").strip()
    code, out = _score(scored, "--period", "2026-Q4", "--ref", before, "-f", "json")
    units = {u["unit"]: u for u in json.loads(out)["units"]}
    assert code == 0 and units["xishan"]["submitted"] == 0
    assert units["water"]["submitted"] == 2  # A and B had reached main by then
    assert any("not yet in the history of" in n for n in json.loads(out)["notes"])


def test_a_linked_ledger_is_refused_by_check(scored: BulletinRepo, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yml"
    target.write_text(LEDGER)
    (scored.root / "assessment/ledger.yml").unlink()
    (scored.root / "assessment/ledger.yml").symlink_to(target)
    found = [d for d in scored.check().diagnostics if d.path == "assessment/ledger.yml"]
    assert found and found[0].severity.value == "error"
