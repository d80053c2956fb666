"""A rule book as a district office writes it, scored over a quarter of real, dated git
history, against a table computed by hand.

The rule book (times are Asia/Shanghai; the fourth quarter of 2026):

* a **base** of 6 points each quarter; deductions stop at 0 (扣完为止), additions have
  no cap;
* 0.5 points per item, counted in the quarter it was **sent** (its first commit);
* adoption: 1 point in the daily (每日要情), 2 in proposals (政务建议), adding up when
  both carry an item (多刊采用累加); 5 points for adoption by the province (a typed
  ledger line, ``adopted-upstream``);
* leader instructions **per piece**: district 1, city 2, province 3, and a second
  instruction of the same rank on the same item adds nothing;
* quota: 3 items sent and 1 adopted a quarter, -1 per item short;
* an **adoption rate** below 30 % costs 2 points; **达标** (the standard) at 6 points;
* ledger: a notice of criticism (-5), a commendation (+2).

The history (S = sent: the first commit's author date; M = merged into main):

====  ======  ===========================  ===========================  ==================
item  unit    S                            M                            adopted
====  ======  ===========================  ===========================  ==================
W1    water   2026-09-29 10:00 (branch)    2026-10-08 09:00             daily 1 (10-09)
W2    water   2026-10-12 09:00 (main)      same                         daily 2, proposals 1
W3    water   2026-11-03 09:00 (branch)    2026-11-04 09:00             daily 3; province
W4    water   2026-12-30 16:00 (branch)    2027-01-04 09:00             —
H1    health  2026-10-20 09:00 (main)      same                         daily 2 (10-21)
H2    health  2026-11-10 09:00 (main)      same                         proposals 2 (11-12)
H3    health  2026-12-31 21:00 (branch)    2027-01-02 10:00             —
X1    xishan  2026-11-05 09:00 (main)      same                         daily 3 (11-06)
X2-4  xishan  2026-11-15, 12-01, 12-20     same                         —
====  ======  ===========================  ===========================  ==================

Editions: daily/2026-001 (10-09: W1), daily/2026-002 (10-21: H1, W2), proposals/2026-001
(10-25: W2), daily/2026-003 (11-06: X1, W3), proposals/2026-002 (11-12: H2).
Instructions: on W2 a city leader's (10-26, +2), a second city leader's (10-28, +0: per
piece) and a provincial leader's (11-02, +3); on H1 a district leader's (10-22, +1).
Ledger: W3 adopted by the province's daily (11-20, +5); xishan criticised (11-25, -5);
health commended (12-15, +2).

Hand-computed for 2026-Q4, **counted by the day sent**:

water   base 6; sent W2, W3, W4 (+1.5; W1 was sent in Q3); adopted W1 daily +1, W2
        daily +1 and proposals +2, W3 daily +1 (+5); instructions +2 +0 +3 (+5); province
        +5; quota 3/3 sent, 4/1 adopted; rate 2 of 3 = 67 %.       = 22.5, rank 1, met
health  base 6; sent H1, H2, H3 (+1.5); adopted H1 daily +1, H2 proposals +2 (+3);
        instruction +1; commended +2; quota 3/3, 2/1; rate 2/3.    = 13.5, rank 2, met
xishan  base 6; sent X1-X4 (+2); adopted X1 daily (+1); rate 1 of 4 = 25 % (-2);
        criticised (-5); deductions of 7 stop at the base's 0 (+1 back); quota 4/3,
        1/1.                                                       =  3,   rank 3, not met

The same quarter **counted by the day merged**: water counts W1 (merged 10-08) instead
of W4 (merged in January): still 3 items, rate 3 of 3, 22.5. health loses H3 (merged
2 January): 2 items (+1.0), 1 short of the quota (-1): 12. xishan is unchanged: 3.
"""

from __future__ import annotations

import datetime as dt
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
leader_ranks: [district, city, province]
publications:
  daily: {name: 每日要情, frequency: daily, types: [regular, flash]}
  proposals: {name: 政务建议, frequency: weekly, types: [regular]}
units:
  water: {name: Water Resources Bureau, members: [zhang.san]}
  health: {name: Health Commission, members: [wang.wu]}
  xishan: {name: Xishan Town, members: [gao.feng]}
categories:
  situation: {name: Situation report}
assessment:
  period: quarter
  count_by: sent
  base: 6
  floor: 0
  submitted: 0.5
  adoption:
    - {publication: daily, points: 1}
    - {publication: proposals, points: 2}
    - {level: city, points: 3}
    - {level: province, points: 5}
  responses:
    instruction: {district: 1, city: 2, province: 3}
  responses_per_item: per-rank
  deductions: {criticised: -5}
  awards: {commended: 2}
  quotas:
    default: {submitted: 3, adopted: 1, per: quarter}
  shortfall: -1
  standards:
    points: 6
    adoption_rate: {min: 0.3, points: -2}
  ranking: {within: all, by: [points, adopted]}
"""

RESPONSES = "".join(
    f"- {{item: {item}, by: {by}, rank: {rank}, date: {day}, kind: instruction}}\n"
    for item, by, rank, day in [
        ("2026-10-12-w2-reservoir", "Vice Mayor Wang", "city", "2026-10-26"),
        ("2026-10-12-w2-reservoir", "Vice Mayor Li", "city", "2026-10-28"),
        ("2026-10-12-w2-reservoir", "Vice Governor Sun", "province", "2026-11-02"),
        ("2026-10-20-h1-clinic", "District Head Zhao", "district", "2026-10-22")])

LEDGER = """\
- unit: water
  item: 2026-11-03-w3-pumps
  adopted-upstream:
    {level: province, office: province, publication: daily, edition: 2026-088, date: 2026-11-20}
  reason: The provincial daily carried the pump failures.
- {date: 2026-11-25, unit: xishan, kind: criticised, reason: A notice of criticism.}
- {date: 2026-12-15, unit: health, kind: commended, reason: Commended for the flu reports.}
"""

Q4 = parse_period("2026-Q4")
AFTER = dt.date(2027, 1, 10)

# slug: (unit, sent, merged or None when committed on main, summary words)
ITEMS = {
    "w1-canal": ("water", "2026-09-29T10:00", "2026-10-08T09:00", "the Beiqu canal lining"),
    "w2-reservoir": ("water", "2026-10-12T09:00", None, "the Qinghe reservoir level"),
    "w3-pumps": ("water", "2026-11-03T09:00", "2026-11-04T09:00", "two Nanhu drainage pumps"),
    "w4-levee": ("water", "2026-12-30T16:00", "2027-01-04T09:00", "the eastern levee seepage"),
    "h1-clinic": ("health", "2026-10-20T09:00", None, "a Dongcheng clinic gas leak"),
    "h2-flu": ("health", "2026-11-10T09:00", None, "winter influenza cases"),
    "h3-dengue": ("health", "2026-12-31T21:00", "2027-01-02T10:00", "a dengue case cluster"),
    "x1-fire": ("xishan", "2026-11-05T09:00", None, "the chemical warehouse fire"),
    "x2-market": ("xishan", "2026-11-15T09:00", None, "the rebuilt farmers' market"),
    "x3-school": ("xishan", "2026-12-01T09:00", None, "the new primary school canteen"),
    "x4-bridge": ("xishan", "2026-12-20T09:00", None, "the village bridge repairs"),
}
EDITIONS = [  # (publication, number, date, item slugs)
    ("daily", 1, "2026-10-09", ["w1-canal"]),
    ("daily", 2, "2026-10-21", ["h1-clinic", "w2-reservoir"]),
    ("proposals", 1, "2026-10-25", ["w2-reservoir"]),
    ("daily", 3, "2026-11-06", ["x1-fire", "w3-pumps"]),
    ("proposals", 2, "2026-11-12", ["h2-flu"]),
]


def _git(root: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, **GIT_ENV}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when}:00+08:00"
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def item_id(slug: str) -> str:
    return f"{ITEMS[slug][1][:10]}-{slug}"


def _file(repo: BulletinRepo, slug: str) -> None:
    unit, sent, merged, words = ITEMS[slug]
    day = dt.date.fromisoformat(sent[:10])
    title = f"Report on {words}"
    repo.item(slug, unit=unit, date=day, event_date=day - dt.timedelta(days=1), title=title,
              summary=f"Staff looked into {words} on {day}; the office should know.",
              body=f"On {day - dt.timedelta(days=1)} staff looked into {words}.\n")
    if merged:
        _git(repo.root, "checkout", "-q", "-b", slug)
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-q", "-m", f"add {slug}", when=sent)
    if merged:
        _git(repo.root, "checkout", "-q", "main")


def _edition(repo: BulletinRepo, publication: str, number: int, day: str,
             slugs: list[str]) -> None:
    rel = f"bulletins/{publication}/2026/{number:03d}.yml"
    lines = [f"number: {number}", f"date: {day}", "type: regular", "audience: internal",
             "editor: li.na", "sections:", "  - title: Situation", "    items:"]
    repo.write(rel, "\n".join(lines + [f"      - {item_id(s)}" for s in slugs]) + "\n")
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-q", "-m", f"edition {publication} {number}",
         when=f"{day}T18:00")


@pytest.fixture
def quarter(bulletin_repo: BulletinRepo) -> BulletinRepo:
    """The quarter's history, commit by commit in the order of its dates."""
    repo = bulletin_repo
    repo.write("bulletin.yml", RULE_BOOK)
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-q", "-m", "policy", when="2026-09-01T09:00")
    events: list[tuple[str, str, object]] = []
    for slug, (_, sent, merged, _) in ITEMS.items():
        events.append((sent, "file", slug))
        if merged:
            events.append((merged, "merge", slug))
    for publication, number, day, slugs in EDITIONS:
        events.append((f"{day}T18:00", "edition", (publication, number, day, slugs)))
    events.append(("2026-12-20T18:00", "records", None))
    for when, kind, what in sorted(events, key=lambda e: e[0]):
        if kind == "file":
            _file(repo, str(what))
        elif kind == "merge":
            _git(repo.root, "merge", "-q", "--no-ff", "-m", f"merge {what}", str(what),
                 when=when)
        elif kind == "edition":
            publication, number, day, slugs = what  # type: ignore[misc]
            _edition(repo, publication, number, day, slugs)
        else:
            repo.write("bulletins/2026/responses.yml", RESPONSES)
            repo.write("assessment/ledger.yml", LEDGER)
            _git(repo.root, "add", "-A")
            _git(repo.root, "commit", "-q", "-m", "responses and ledger", when=when)
    return repo


def _table(repo: BulletinRepo) -> dict[str, tuple[float, int, bool | None]]:
    board = score_repository(repo.root, Q4, today=AFTER)
    return {u.unit: (u.points, u.rank, u.target_met) for u in board.units}


def _counted_by(repo: BulletinRepo, how: str) -> None:
    text = (repo.root / "bulletin.yml").read_text()
    repo.write("bulletin.yml", text.replace("count_by: sent", f"count_by: {how}"))


def test_the_quarter_as_the_clerk_scores_it(quarter: BulletinRepo) -> None:
    assert [d for d in quarter.check(AFTER).diagnostics
            if d.severity.value == "error"] == []
    assert _table(quarter) == {
        "water": (22.5, 1, True),
        "health": (13.5, 2, True),
        "xishan": (3.0, 3, False),
    }
    board = score_repository(quarter.root, Q4, today=AFTER)
    water, xishan = board.unit("water"), board.unit("xishan")
    assert water is not None and xishan is not None
    assert (water.adopted, water.adopted_by_publication, water.upstream_by_level) == \
        (4, {"daily": 3, "proposals": 1}, {"province": 1})
    assert water.responses == 2 and xishan.rate_met is False
    kinds = {(ln.kind, ln.points) for ln in xishan.lines}
    assert ("floor", 1.0) in kinds and ("rate", -2.0) in kinds and ("ledger", -5.0) in kinds
    second = [ln for ln in water.lines if "Vice Mayor Li" in ln.text]
    assert second[0].points == 0 and "once per rank" in second[0].text


def test_the_same_quarter_counted_by_the_day_merged(quarter: BulletinRepo) -> None:
    by_sent = score_repository(quarter.root, Q4, today=AFTER)
    _counted_by(quarter, "merged")
    by_merged = score_repository(quarter.root, Q4, today=AFTER)

    def counted(board: object) -> dict[str, list[str]]:
        return {u.unit: sorted(f.item.id for f in u.filed)
                for u in board.units}  # type: ignore[attr-defined]

    sent, merged = counted(by_sent), counted(by_merged)
    # item by item: what each way counts that the other does not
    assert sorted(set(sent["water"]) - set(merged["water"])) == [item_id("w4-levee")]
    assert sorted(set(merged["water"]) - set(sent["water"])) == [item_id("w1-canal")]
    assert sorted(set(sent["health"]) - set(merged["health"])) == [item_id("h3-dengue")]
    assert set(merged["health"]) <= set(sent["health"]) and sent["xishan"] == merged["xishan"]
    assert _table(quarter) == {
        "water": (22.5, 1, True),
        "health": (12.0, 2, True),
        "xishan": (3.0, 3, False),
    }
    # and each way says why the other items are not in this quarter
    health = by_merged.unit("health")
    assert health is not None
    [away] = health.elsewhere
    assert away.item.id == item_id("h3-dengue") and away.counted == dt.date(2027, 1, 2)
    assert "merged 2027-01-02: counted on 2027-01-02, after this period" in away.reason
    water = by_sent.unit("water")
    assert water is not None
    assert [(e.item.id, e.counted) for e in water.elsewhere] == [
        (item_id("w1-canal"), dt.date(2026, 9, 29))]


def test_explain_lists_what_another_period_counts(quarter: BulletinRepo) -> None:
    _counted_by(quarter, "merged")
    result = CliRunner().invoke(main, ["score", "--repo", str(quarter.root), "--period",
                                       "2026-Q4", "--as-of", AFTER.isoformat(), "--explain",
                                       "water"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Sent or merged in this period, counted in another:" in out
    assert f"{item_id('w4-levee')}: sent 2026-12-30, merged 2027-01-04: counted on " \
           "2027-01-04, after this period; the rule book counts items by the day it was " \
           "merged into main (count_by: merged)" in out
    assert "+5.0  upstream   adopted 2026-11-03-w3-pumps upstream, province (province, daily, " \
           "2026-088), 2026-11-20 (rule book adoption line 4)" in out
    assert "adopted by publication 每日要情 3, 政务建议 1" in out


def test_json_carries_the_rule_book_and_the_standards(quarter: BulletinRepo) -> None:
    result = CliRunner().invoke(main, ["score", "--repo", str(quarter.root), "--period",
                                       "2026-Q4", "--as-of", AFTER.isoformat(), "-f", "json"])
    data = json.loads(result.output)
    assert data["rule_book"] == {
        "count_by": "sent", "base": 6.0, "floor": {"points": 0.0, "of": "base"}, "cap": None,
        "caps": {}, "responses_per_item": "per-rank",
        "standards": {"points": 6.0, "adoption_rate": {"min": 0.3, "points": -2.0}},
        "publications": {"daily": "每日要情", "proposals": "政务建议"}}
    xishan = next(u for u in data["units"] if u["unit"] == "xishan")
    assert (xishan["target_met"], xishan["standards"]) == (
        False, {"quota": True, "points": False, "adoption_rate": False})
    assert xishan["targets"][-1] == {"name": "points", "met": False, "text": "3 points of 6"}
    text = CliRunner().invoke(main, ["score", "--repo", str(quarter.root), "--period",
                                     "2026-Q4", "--as-of", AFTER.isoformat()]).output
    assert "Rule book: items count in the period of the day they were sent; every unit " \
           "starts with 6 points; deductions stop at 0; additions have no cap;" in text
    assert "missed: 3 points of 6" in text
