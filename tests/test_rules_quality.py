"""Q rules (``bulletin.check.rules.quality``): the office's five criteria, in English and Chinese.

Every rule has a failing example in each language (the code on the right path and
line, with a message that names the problem) and a passing one that a careful
editor would accept (the rule stays quiet). Then: options set in ``bulletin.yml``,
``check --fix`` for Q506, inline suppressions, the quality card in every report
format, and the rules' own documentation.

Tests marked ``xfail(strict=True, reason="bug: ...")`` record a bug found in
``src/``; they start passing (and so fail the run) once it is fixed.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from click.testing import CliRunner

from bulletin.check.rules import REGISTRY
from bulletin.check.rules.registry import CRITERIA, DOC_PARTS
from bulletin.cli import main
from bulletin.diagnostics import Diagnostic, Severity
from bulletin.text import has_cjk
from conftest import DEFAULT_BODY, POLICY, TODAY, BulletinRepo

# The fixture policy plus the shipped policy's proposal and experience categories
# (with their required sections); experience items are news for 90 days here.
POLICY_Q = POLICY + """\
  proposal:
    name: Proposal
    sections: [[Background, 背景], [Proposal, 建议]]
  experience:
    name: Local experience
    sections: [[What was done, 主要做法], [Results, 成效]]
    sources: true
    news_days: 90
"""

SOURCES = ["Bureau inspection report, 17 Nov 2026"]
PROBLEM_BODY = ("## Problem\nThree of the 12 pumps at Nanhu failed, so the plant runs at 60 %.\n\n"
                "## Causes\nThe pumps are 30 years old.\n\n"
                "## Suggestions\nReplace them before the dry season.\n")

DEFAULT_BODY_EN = DEFAULT_BODY  # the conftest default item's body

# A quality-clean Chinese item (the conftest default is the English one).
ZH: dict[str, Any] = {
    "title": "三座水库水位低于汛限水位",
    "summary": "11月17日三座水库水位低于汛限，城区供水仍可保障60天。",
    "body": "11月17日监测显示，三座水库水位低于汛限水位。\n\n城区供水可保障60天。\n",
}


@pytest.fixture
def repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    bulletin_repo.write("bulletin.yml", POLICY_Q)
    return bulletin_repo


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def rules(repo: BulletinRepo, text: str) -> None:
    """Give the policy a ``rules:`` section (``text`` indented under it)."""
    repo.write("bulletin.yml", POLICY_Q + "rules:\n" + text)


def of(repo: BulletinRepo, code: str, today: dt.date = TODAY) -> list[Diagnostic]:
    return [d for d in repo.check(today).diagnostics if d.code == code]


def hits(repo: BulletinRepo, code: str) -> list[tuple[str, str, int]]:
    """(path, code, line) of every diagnostic of ``code``."""
    return [(d.path, d.code, d.line) for d in of(repo, code)]


def lines(repo: BulletinRepo, rel: str) -> list[str]:
    return (repo.root / rel).read_text(encoding="utf-8").split("\n")


def line_of(repo: BulletinRepo, rel: str, text: str, nth: int = 1) -> int:
    """1-based number of the ``nth`` line of ``rel`` that contains ``text``."""
    return [n for n, line in enumerate(lines(repo, rel), 1) if text in line][nth - 1]


def where(repo: BulletinRepo, rel: str, text: str, nth: int = 1) -> tuple[int, int]:
    """(line, column) of ``text`` on the ``nth`` line holding it."""
    number = line_of(repo, rel, text, nth)
    return number, lines(repo, rel)[number - 1].index(text) + 1


def body_start(repo: BulletinRepo, rel: str) -> int:
    """The line after the closing ``---``: where a rule about the whole body points."""
    return line_of(repo, rel, "---", 2) + 1


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# --- good items stay quiet ------------------------------------------------------------


GOOD_EN = {
    "title": "Qinghe Reservoir reaches its dry-season target",
    "summary": ("The Qinghe Reservoir reached its dry-season target of 458 million cubic "
                "metres on 17 November, which secures drinking water until next June."),
    "body": ("Telemetry at 08:00 on 17 November put the Qinghe Reservoir at 458 million\n"
             "cubic metres, 12 million above the dry-season target.\n\n"
             "At the current rate of use the stock covers the city's 1.2 million residents\n"
             "until June 2027. The bureau will publish the level every Monday.\n"),
}
GOOD_ZH = {
    "title": "青河水库蓄水达到冬季目标",
    "summary": "11月17日青河水库蓄水4.58亿立方米，达到冬季蓄水目标，可保障明年6月前城区供水。",
    "body": ("11月17日8时，青河水库蓄水4.58亿立方米，比冬季蓄水目标多1200万立方米。\n\n"
             "按目前用水量，可保障城区120万居民用水至2027年6月。市水务局每周一公布水位。\n"),
}


def test_default_items_are_quality_clean(repo: BulletinRepo) -> None:
    repo.item()
    repo.item(slug="zh", **ZH)
    assert repo.codes(families="Q") == []


@pytest.mark.parametrize("fields", [GOOD_EN, GOOD_ZH], ids=["en", "zh"])
def test_good_situation_items_stay_quiet(repo: BulletinRepo, fields: dict[str, str]) -> None:
    repo.item(**fields)
    assert repo.codes(families="QS") == []


def test_good_problem_items_stay_quiet(repo: BulletinRepo) -> None:
    repo.item(slug="en", category="problem", priority="important", sources=SOURCES,
              title="Nanhu pumping station runs at 60 % after pump failures",
              summary="Three of the 12 Nanhu pumps failed, so the plant runs at 60 % and "
                      "risks shortages in a dry spell.",
              body=PROBLEM_BODY)
    repo.item(slug="zh", category="problem", priority="important",
              sources=["市水务局南湖泵站巡查记录，2026年11月17日"],
              title="南湖泵站3台水泵故障，供水能力降至60%",
              summary="南湖泵站12台水泵中3台故障，供水能力降至60%，旱季可能出现供水缺口。",
              body="## 问题\n11月17日巡查发现，南湖泵站12台水泵中3台故障。\n\n"
                   "## 原因\n水泵已运行30年，配件停产。\n\n"
                   "## 建议\n旱季前更换3台水泵，约需资金480万元。\n")
    assert repo.codes(families="QS") == []


def test_good_emergency_items_stay_quiet(repo: BulletinRepo) -> None:
    body = ("## What happened\nAt 05:40 a fire broke out at the Xishan chemical plant; "
            "2 workers were injured.\n\n## Response\n300 residents were evacuated by 07:00.\n")
    repo.item(slug="en", category="emergency", priority="urgent", sources=SOURCES,
              title="Chemical plant fire: 2 injured, 300 residents evacuated",
              summary="A fire at the Xishan chemical plant injured 2 workers; 300 residents "
                      "were evacuated and must stay away until the air is tested.",
              body=body)
    repo.item(slug="zh", category="emergency", priority="urgent",
              sources=["西山区应急管理局现场报告"],
              title="化工厂火灾致2人受伤，疏散居民300人",
              summary="11月17日西山化工厂起火，2名工人受伤，300名居民已疏散，空气检测合格前不得返回。",
              body="## 基本情况\n11月17日5时40分，西山化工厂起火，2名工人受伤。\n\n"
                   "## 处置情况\n7时前，300名居民已疏散。\n")
    assert repo.codes(families="Q") == []


# --- Q101 summary-significance --------------------------------------------------------


@pytest.mark.parametrize("summary", [
    "On 17 November the bureau held a training day for 120 pump operators.",
    "11月16日至18日，市水务局举办泵站操作人员培训班，培训120人。",
], ids=["en", "zh"])
def test_q101_fact_without_significance(repo: BulletinRepo, summary: str) -> None:
    rel = repo.item(summary=summary, body="The training covered the new pumps.\n")
    [d] = of(repo, "Q101")
    assert (d.path, d.code, d.line) == (rel, "Q101", line_of(repo, rel, "summary:"))
    assert "not why it matters" in d.message


@pytest.mark.parametrize(("title", "summary"), [
    ("Reservoir levels fall below the flood-season limit",
     "Reservoir levels fall below the flood-season limit."),
    ("三座水库水位低于汛限水位", "三座水库水位低于汛限水位。"),
], ids=["en", "zh"])
def test_q101_summary_repeats_the_title(repo: BulletinRepo, title: str, summary: str) -> None:
    rel = repo.item(title=title, summary=summary)
    [d] = of(repo, "Q101")
    assert (d.path, d.code, d.line) == (rel, "Q101", line_of(repo, rel, "summary:"))
    assert "repeats the title" in d.message


@pytest.mark.parametrize("summary", [
    "The Qinghe Reservoir reached its dry-season target of 458 million cubic metres on "
    "17 November, which secures drinking water until next June.",
    "11月17日青河水库蓄水4.58亿立方米，达到冬季蓄水目标，可保障明年6月前城区供水。",
    "Flu cases doubled in a week to 2,400.",
    "10月全市流感病例较9月增长一倍，达2400例。",
], ids=["en", "zh", "en-comparison", "zh-comparison"])
def test_q101_summary_with_significance_passes(repo: BulletinRepo, summary: str) -> None:
    repo.item(summary=summary)
    assert of(repo, "Q101") == []


# --- Q102 category-fit -----------------------------------------------------------------


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Bus ridership rose 8 % in October", "Bus ridership rose 8 % in October.",
     "Bus ridership rose 8 % in October, to 1.2 million trips a week.\n"),
    ("10月公交客流增长8%", "10月公交客流增长8%。", "10月公交客流增长8%，周均120万人次。\n"),
], ids=["en", "zh"])
def test_q102_proposal_that_proposes_nothing(repo: BulletinRepo, title: str, summary: str,
                                             body: str) -> None:
    rel = repo.item(category="proposal", title=title, summary=summary, body=body)
    [d] = of(repo, "Q102")
    assert (d.path, d.code, d.line) == (rel, "Q102", line_of(repo, rel, "category:"))
    assert "nothing in the item reads like a 'Proposal' item" in d.message
    assert "check the category" in d.message


@pytest.mark.parametrize(("title", "summary"), [
    ("Nanhu clinics open until 22:00 from December",
     "From 1 December the four Nanhu clinics open until 22:00 on weekdays."),
    ("南湖4家社区医院12月起开诊至22时", "12月1日起，南湖4家社区医院工作日开诊至22时。"),
], ids=["en", "zh"])
def test_q102_problem_that_names_no_problem(repo: BulletinRepo, title: str,
                                            summary: str) -> None:
    rel = repo.item(category="problem", sources=SOURCES, title=title, summary=summary,
                    body=summary + "\n")
    [d] = of(repo, "Q102")
    assert (d.path, d.line) == (rel, line_of(repo, rel, "category:"))
    assert "'Problem and risk'" in d.message


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Two night bus routes proposed from December",
     "We propose adding two night routes from December, costing 1.2 million yuan a year.",
     "Bus ridership rose 8 % in October. We propose adding two night routes from "
     "December, costing 1.2 million yuan a year.\n"),
    ("建议12月起增开两条夜间公交线路", "建议12月起增开两条夜间线路，年需资金120万元。",
     "10月公交客流增长8%。建议12月起增开两条夜间线路，年需资金120万元。\n"),
], ids=["en", "zh"])
def test_q102_proposal_that_proposes_passes(repo: BulletinRepo, title: str, summary: str,
                                            body: str) -> None:
    repo.item(category="proposal", title=title, summary=summary, body=body)
    assert of(repo, "Q102") == []


def test_q102_situation_has_no_cues_to_meet(repo: BulletinRepo) -> None:
    repo.item(summary="Bus ridership rose 8 % in October.")
    assert of(repo, "Q102") == []


@pytest.mark.parametrize("body", [
    "## Background\nBus ridership rose 8 % in October.\n\n"
    "## Proposal\nRidership figures for November follow next month.\n",
    "## 背景\n10月公交客流增长8%。\n\n## 建议\n11月客流数据下月报送。\n",
], ids=["en", "zh"])
def test_q102_section_headings_are_not_cues(repo: BulletinRepo, body: str) -> None:
    rel = repo.item(category="proposal", title="Bus ridership in October",
                    summary="Bus ridership rose 8 % in October.", body=body)
    assert hits(repo, "Q102") == [(rel, "Q102", line_of(repo, rel, "category:"))]


# --- Q103 priority-fit -----------------------------------------------------------------


@pytest.mark.parametrize("title", [
    "Library opening hours extended in December",
    "图书馆12月延长开放时间",
], ids=["en", "zh"])
def test_q105_urgent_without_an_emergency(repo: BulletinRepo, title: str) -> None:
    """The certain half of priority fit (issue 14): a warning, Q105, no longer Q103."""
    rel = repo.item(title=title, priority="urgent")
    [d] = of(repo, "Q105")
    assert (d.path, d.code, d.line) == (rel, "Q105", line_of(repo, rel, "priority:"))
    assert "marked urgent" in d.message and "'important'" in d.message
    assert d.severity is Severity.WARNING and of(repo, "Q103") == []


@pytest.mark.parametrize("title", [
    "Chemical plant fire: 2 injured, 300 residents evacuated",
    "化工厂火灾致2人受伤，疏散居民300人",
], ids=["en", "zh"])
def test_q103_routine_with_casualties(repo: BulletinRepo, title: str) -> None:
    rel = repo.item(title=title, priority="routine")
    [d] = of(repo, "Q103")
    assert (d.path, d.code, d.line) == (rel, "Q103", line_of(repo, rel, "priority:"))
    assert "marked routine" in d.message and "'urgent'" in d.message
    assert d.severity is Severity.INFO  # advice: not on the quality card


def test_q103_routine_emergency(repo: BulletinRepo) -> None:
    rel = repo.item(category="emergency", priority="routine", sources=SOURCES,
                    title="Landslide blocks the Xishan road; 12 drivers trapped")
    assert hits(repo, "Q103") == [(rel, "Q103", line_of(repo, rel, "priority:"))]


@pytest.mark.parametrize("title", [
    "Chemical plant fire: 2 injured, 300 residents evacuated",
    "化工厂火灾致2人受伤，疏散居民300人",
    "Gas main burst: 40 households evacuated",
    "南湖路爆管，12人被困",
], ids=["en", "zh", "en-burst", "zh-trapped"])
def test_q103_urgent_incident_passes(repo: BulletinRepo, title: str) -> None:
    repo.item(title=title, priority="urgent")
    assert of(repo, "Q103") == []


@pytest.mark.parametrize("title", [
    "Storm brings down trees in Xishan; no injuries",
    "Xishan storm passes without injuries",
    "西山区暴雨过程平稳，无人员受伤",
    "西山区暴雨过程平稳，无人员伤亡",
    "仓库暴雨进水，未造成人员受伤",
], ids=["en", "en-without", "zh-受伤", "zh-伤亡", "zh-未造成"])
def test_q103_negated_casualties_in_a_routine_title_pass(repo: BulletinRepo,
                                                         title: str) -> None:
    repo.item(title=title, priority="routine")
    assert of(repo, "Q103") == []


@pytest.mark.parametrize("title", [
    "Roof collapse at a depot injures 2; no one trapped",
    "仓库屋顶坍塌致2人受伤，无人被困",
], ids=["en", "zh"])
def test_q103_negation_does_not_hide_the_incident(repo: BulletinRepo, title: str) -> None:
    rel = repo.item(title=title, priority="routine")
    assert hits(repo, "Q103") == [(rel, "Q103", line_of(repo, rel, "priority:"))]


@pytest.mark.parametrize("title", [
    "Storm brings down trees in Xishan; no injuries",
    "西山区暴雨过程平稳，无人员受伤",
    "西山区暴雨过程平稳，无人员伤亡",
], ids=["en", "zh-受伤", "zh-伤亡"])
def test_q103_negated_casualties_do_not_make_an_item_urgent(repo: BulletinRepo,
                                                           title: str) -> None:
    rel = repo.item(title=title, priority="urgent")
    assert hits(repo, "Q105") == [(rel, "Q105", line_of(repo, rel, "priority:"))]


def test_q103_no_one_was_injured_is_a_negation(repo: BulletinRepo) -> None:
    repo.item(title="Storm brings down trees in Xishan; no one was injured", priority="routine")
    assert of(repo, "Q103") == []


def test_q103_weiche_nianren_is_not_a_negation(repo: BulletinRepo) -> None:
    repo.item(title="青河水库一周内2名未成年人溺水死亡", priority="urgent", category="problem",
              sources=SOURCES, body=PROBLEM_BODY)
    assert of(repo, "Q103") == []


# --- Q202 stale-event ------------------------------------------------------------------


@pytest.mark.parametrize("fields", [{}, ZH], ids=["en", "zh"])
def test_q202_event_a_year_old(repo: BulletinRepo, fields: dict[str, str]) -> None:
    rel = repo.item(event_date=dt.date(2025, 11, 18), **fields)
    [d] = of(repo, "Q202")
    assert (d.path, d.code, d.line) == (rel, "Q202", line_of(repo, rel, "event_date:"))
    assert "365 days older than the filing date" in d.message
    assert "'situation' items are news for 30 days" in d.message


def test_q202_emergency_three_days_old(repo: BulletinRepo) -> None:
    rel = repo.item(category="emergency", priority="urgent", sources=SOURCES,
                    title="Chemical plant fire: 2 injured", event_date=dt.date(2026, 11, 15))
    assert hits(repo, "Q202") == [(rel, "Q202", line_of(repo, rel, "event_date:"))]
    assert "'emergency' items are news for 2 days" in of(repo, "Q202")[0].message


@pytest.mark.parametrize(("category", "event_date"), [
    ("situation", dt.date(2026, 10, 19)),   # 30 days: still news
    ("emergency", dt.date(2026, 11, 16)),   # 2 days
    ("experience", dt.date(2026, 8, 20)),   # 90 days (news_days in the policy)
])
def test_q202_event_within_the_window_passes(repo: BulletinRepo, category: str,
                                             event_date: dt.date) -> None:
    repo.item(category=category, event_date=event_date, sources=SOURCES)
    assert of(repo, "Q202") == []


def test_q202_news_days_of_the_category_apply(repo: BulletinRepo) -> None:
    rel = repo.item(category="experience", sources=SOURCES, event_date=dt.date(2026, 8, 19))
    [d] = of(repo, "Q202")
    assert (d.path, d.line) == (rel, line_of(repo, rel, "event_date:"))
    assert "91 days" in d.message and "'experience' items are news for 90 days" in d.message


def test_q202_new_angle_on_an_old_event_passes(repo: BulletinRepo) -> None:
    repo.item(title="A year after the landslide, 40 of 62 households are rehoused",
              summary="40 of the 62 households displaced by last year's landslide are "
                      "rehoused; 22 still wait, so the district needs 3 more blocks.",
              body="40 of the 62 households are rehoused; 22 still wait.\n",
              event_date=dt.date(2026, 11, 16))
    repo.item(slug="zh", title="滑坡一年后，62户中已有40户安置",
              summary="滑坡一年后，62户中已有40户安置，仍有22户待安置。",
              body="截至11月16日，62户中已有40户安置，仍有22户待安置。\n",
              event_date=dt.date(2026, 11, 16))
    assert of(repo, "Q202") == []


# --- Q301 missing-scale ----------------------------------------------------------------


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Water cut affects residents of Qinghe Road",
     "Many residents were affected by the water cut, which lasts until repairs finish.",
     "Many residents were affected by the water cut on Qinghe Road.\n"),
    ("青河路停水影响大量居民", "停水影响了大量居民，需尽快恢复供水。", "停水影响了大量居民。\n"),
], ids=["en", "zh"])
def test_q301_no_figure(repo: BulletinRepo, title: str, summary: str, body: str) -> None:
    rel = repo.item(title=title, summary=summary, body=body)
    [d] = of(repo, "Q301")
    assert (d.path, d.code, d.line, d.column) == (rel, "Q301", body_start(repo, rel), 1)
    assert "no figure with a unit" in d.message


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Water cut on Qinghe Road",
     "About 3,000 households in two streets were without water for 9 hours.",
     "About 3,000 households in two streets were without water for 9 hours.\n"),
    ("青河路停水9小时", "两个街道约3000户居民停水9小时，供水已恢复。",
     "两个街道约3000户居民停水9小时。\n"),
    ("Water cut on Qinghe Road", "Two hundred households lost water until the main was "
     "repaired, so the bureau sent tankers.", "Two streets lost water.\n"),
], ids=["en", "zh", "en-words"])
def test_q301_figure_with_unit_passes(repo: BulletinRepo, title: str, summary: str,
                                      body: str) -> None:
    repo.item(title=title, summary=summary, body=body)
    assert of(repo, "Q301") == []


def test_q301_only_for_items_that_report(repo: BulletinRepo) -> None:
    repo.item(category="proposal", title="Extend library hours",
              summary="We propose to extend library hours in the winter.",
              body="We propose to extend library hours in the winter.\n")
    assert of(repo, "Q301") == []


def test_q301_a_chinese_date_is_not_a_figure(repo: BulletinRepo) -> None:
    # (a situation item needs a figure when it speaks of a quantity: 大量)
    rel = repo.item(title="山体滑坡阻断县道", summary="11月20日山体滑坡阻断县道，大量车辆需绕行。",
                    body="11月20日，山体滑坡阻断县道。\n")
    assert hits(repo, "Q301") == [(rel, "Q301", body_start(repo, rel))]


def test_q301_spelled_out_teens_are_figures(repo: BulletinRepo) -> None:
    repo.item(title="Flash flood on the Xishan road: all drivers escape",
              summary="Fourteen vehicles were swept into the Qing River on 19 November; the "
                      "road stays closed until the bridge is inspected.",
              body="Fourteen vehicles were swept into the river on 19 November.\n")
    assert of(repo, "Q301") == []


# --- Q302 missing-time -----------------------------------------------------------------

EMERGENCY = {"category": "emergency", "priority": "urgent", "sources": SOURCES}


@pytest.mark.parametrize(("summary", "body"), [
    ("A recent campaign cleared about 6,000 bikes, so pavements are passable again.",
     "In a recent campaign the operators cleared about 6,000 bikes from pavements.\n"),
    ("近日全市儿童支原体感染就诊人数明显增多，儿科门诊需延长至22时。",
     "近日，全市儿童支原体感染就诊人数明显增多，3家医院儿科门诊延长至22时。\n"),
], ids=["en", "zh"])
def test_q302_a_vague_time_needs_a_date(repo: BulletinRepo, summary: str, body: str) -> None:
    """A situation item needs a date when it says "recently" (a time of day is no date)."""
    rel = repo.item(summary=summary, body=body, event_date=None)
    assert hits(repo, "Q302") == [(rel, "Q302", line_of(repo, rel, "date:"))]


def test_q302_a_programme_needs_no_date(repo: BulletinRepo) -> None:
    """Issue 14: an item about a state of things ("ready for winter with 9,400 tons of
    salt") used to be asked when it happened."""
    repo.item(summary="The department is ready for winter with 9,400 tons of salt and 38 "
                      "plows, two more than last winter.",
              body="The department has 9,400 tons of salt in its four domes.\n", event_date=None)
    assert of(repo, "Q302") == []



@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Landslide blocks the Xishan county road",
     "A landslide blocked the county road; about 300 vehicles must detour.",
     "A landslide blocked the county road. About 300 vehicles must detour through Nanhu.\n"),
    ("山体滑坡阻断县道", "山体滑坡阻断县道，约300辆车需绕行。",
     "山体滑坡阻断县道，约300辆车需经南湖绕行。\n"),
], ids=["en", "zh"])
def test_q302_no_time(repo: BulletinRepo, title: str, summary: str, body: str) -> None:
    rel = repo.item(title=title, summary=summary, body=body, event_date=None, **EMERGENCY)
    [d] = of(repo, "Q302")
    assert (d.path, d.code, d.line) == (rel, "Q302", line_of(repo, rel, "date:"))
    assert "no event_date and no date or time" in d.message


@pytest.mark.parametrize(("summary", "body"), [
    ("A landslide blocked the county road; about 300 vehicles must detour.",
     "At 05:40 on 20 November a landslide blocked the county road.\n"),
    ("山体滑坡阻断县道，约300辆车需绕行。", "11月20日5时40分，山体滑坡阻断县道。\n"),
], ids=["en", "zh"])
def test_q302_time_in_the_text_passes(repo: BulletinRepo, summary: str, body: str) -> None:
    repo.item(summary=summary, body=body, event_date=None, **EMERGENCY)
    assert of(repo, "Q302") == []


def test_q302_event_date_is_enough(repo: BulletinRepo) -> None:
    repo.item(summary="A landslide blocked the county road; 300 vehicles must detour.",
              body="A landslide blocked the county road.\n", event_date=dt.date(2026, 11, 17))
    repo.item(slug="zh", summary="山体滑坡阻断县道，约300辆车需绕行。", body="山体滑坡阻断县道。\n",
              event_date=dt.date(2026, 11, 17))
    assert of(repo, "Q302") == []


def test_q302_only_for_items_that_report(repo: BulletinRepo) -> None:
    repo.item(category="proposal", event_date=None, title="Extend library hours",
              summary="We propose to extend library hours by 2 hours a day.",
              body="We propose to extend library hours by 2 hours a day.\n")
    assert of(repo, "Q302") == []


def test_q302_jishi_is_not_a_time(repo: BulletinRepo) -> None:
    rel = repo.item(title="山体滑坡阻断县道", event_date=None, **EMERGENCY,
                    summary="山体滑坡阻断县道，约300辆车需绕行，交通部门及时组织抢通。",
                    body="山体滑坡阻断县道，交通部门及时组织抢通。\n")
    assert hits(repo, "Q302") == [(rel, "Q302", line_of(repo, rel, "date:"))]


# --- Q401 sources-required -------------------------------------------------------------


@pytest.mark.parametrize("fields", [
    {},
    {"title": "南湖泵站3台水泵故障", "summary": "南湖泵站3台水泵故障，供水能力降至60%。"},
], ids=["en", "zh"])
def test_q401_problem_without_sources(repo: BulletinRepo, fields: dict[str, str]) -> None:
    rel = repo.item(category="problem", body=PROBLEM_BODY, **fields)
    [d] = of(repo, "Q401")
    assert (d.path, d.code, d.line, d.column) == (rel, "Q401", 2, 1)
    assert d.severity is Severity.ERROR
    assert "category 'problem' requires sources" in d.message


def test_q401_empty_sources_reported_on_the_field(repo: BulletinRepo) -> None:
    rel = repo.item(category="emergency", priority="urgent", sources=[],
                    title="Chemical plant fire: 2 injured")
    assert hits(repo, "Q401") == [(rel, "Q401", line_of(repo, rel, "sources:"))]
    assert "'emergency' requires sources" in of(repo, "Q401")[0].message


@pytest.mark.parametrize("sources", [
    ["Municipal Statistics Bureau, October release"],
    ["市信访局12345热线工单统计（1—10月）"],
], ids=["en", "zh"])
def test_q401_sources_listed_pass(repo: BulletinRepo, sources: list[str]) -> None:
    repo.item(category="problem", body=PROBLEM_BODY, sources=sources)
    assert of(repo, "Q401") == []


def test_q401_situation_needs_no_sources(repo: BulletinRepo) -> None:
    repo.item()
    repo.item(slug="zh", **ZH)
    assert of(repo, "Q401") == []


# --- Q402 unsupported-figure -----------------------------------------------------------


def test_q402_summary_figure_not_in_body_en(repo: BulletinRepo) -> None:
    rel = repo.item(summary="About 3 tonnes of diesel leaked; the Nanhu intake must stay shut.",
                    body="About 2 tonnes ran into the drain.\n")
    [d] = of(repo, "Q402")
    assert (d.path, d.code, d.line) == (rel, "Q402", line_of(repo, rel, "summary:"))
    assert "the summary's figure 3 appears nowhere in the title or body" in d.message


def test_q402_summary_figure_not_in_body_zh(repo: BulletinRepo) -> None:
    rel = repo.item(title="柴油流入青河，南湖取水口关闭",
                    summary="柴油流入青河，3吨已回收，南湖取水口需关闭。",
                    body="柴油流入青河，2吨已回收。\n")
    [d] = of(repo, "Q402")
    assert (d.path, d.code, d.line) == (rel, "Q402", line_of(repo, rel, "summary:"))
    assert "figure 3 appears nowhere" in d.message


def test_q402_several_figures_listed(repo: BulletinRepo) -> None:
    rel = repo.item(summary="3 tonnes leaked and 5 km of river must be cleaned.",
                    body="2 tonnes leaked; 4 km of river is affected.\n")
    assert hits(repo, "Q402") == [(rel, "Q402", line_of(repo, rel, "summary:"))]
    assert "figures 3, 5 appear nowhere" in of(repo, "Q402")[0].message


def test_q402_docstring_example_zh(repo: BulletinRepo) -> None:
    rel = repo.item(title="柴油泄漏流入雨水管", priority="urgent",
                    summary="11月15日柴油泄漏约3吨，南湖取水口需关闭。",
                    body="11月15日，约2吨柴油流入雨水管。\n")
    assert hits(repo, "Q402") == [(rel, "Q402", line_of(repo, rel, "summary:"))]


def test_q402_chinese_figure_after_a_character_backs_the_summary(repo: BulletinRepo) -> None:
    repo.item(title="青河路停水", summary="3000户居民停水9小时，需尽快恢复供水。",
              body="11月20日，青河路约3000户居民停水9小时。\n")
    assert of(repo, "Q402") == []


@pytest.mark.parametrize(("summary", "body"), [
    ("Complaints reached 1,240 in October, up from 980; the hotline needs 6 more staff.",
     "The hotline logged 1240 complaints in October and 980 in September; it needs 6 more "
     "staff.\n"),
    ("14 vehicles were swept into the Qing River; 3 drivers needed rescue.",
     "Fourteen vehicles were swept into the river. 3 drivers needed rescue.\n"),
    ("On 19 November at 05:40, 3 drivers were rescued from the river.",
     "Rescuers pulled 3 drivers from the river at dawn.\n"),
    ("In 2026 the hotline logged 1,240 complaints, so it needs 6 more staff.",
     "The hotline logged 1,240 complaints; it needs 6 more staff.\n"),
], ids=["thousands-separator", "spelled-out", "dates-and-times", "years"])
def test_q402_backed_figures_pass_en(repo: BulletinRepo, summary: str, body: str) -> None:
    repo.item(summary=summary, body=body)
    assert of(repo, "Q402") == []


@pytest.mark.parametrize(("summary", "body"), [
    ("10月28日6时20分，南湖取水口恢复供水，1.2万户用水将恢复正常。",
     "南湖取水口恢复供水后，1.2万户居民用水正常。\n"),
    ("12月1日起，南湖4家社区医院开诊至22时，3000名夜班工人可就近看病。",
     "南湖4家社区医院延长开诊时间，3000名夜班工人可就近看病。\n"),
], ids=["date-and-time", "date-range"])
def test_q402_dates_and_times_are_not_figures_zh(repo: BulletinRepo, summary: str,
                                                 body: str) -> None:
    repo.item(title="南湖取水口恢复供水", summary=summary, body=body)
    assert of(repo, "Q402") == []


def test_q402_sources_back_a_figure(repo: BulletinRepo) -> None:
    repo.item(category="problem", body=PROBLEM_BODY,
              sources=["Hotline log: 412 complaints in September"],
              summary="Three of the 12 Nanhu pumps failed after 412 complaints, so the plant "
                      "runs at 60 %.")
    assert of(repo, "Q402") == []


# --- Q404 unsupported-superlative ------------------------------------------------------


@pytest.mark.parametrize(("body", "word"), [
    ("Telemetry on 17 November showed three reservoirs below the limit.\n\n"
     "The campaign was an unprecedented success.\n", "unprecedented"),
    ("11月17日监测显示，三座水库水位低于汛限。\n\n整治行动取得前所未有的成功。\n", "前所未有"),
], ids=["en", "zh"])
def test_q404_superlative_in_the_body(repo: BulletinRepo, body: str, word: str) -> None:
    rel = repo.item(body=body)
    [d] = of(repo, "Q404")
    assert (d.path, d.code, (d.line, d.column)) == (rel, "Q404", where(repo, rel, word))
    assert f"'{word}' claims more than a figure shows" in d.message


@pytest.mark.parametrize(("title", "word"), [
    ("World-class water supply for 1.2 million residents", "World-class"),
    ("全市供水水平全国领先", "全国领先"),
], ids=["en", "zh"])
def test_q404_superlative_in_the_title(repo: BulletinRepo, title: str, word: str) -> None:
    rel = repo.item(title=title)
    assert hits(repo, "Q404") == [(rel, "Q404", line_of(repo, rel, "title:"))]
    assert f"'{word}'" in of(repo, "Q404")[0].message


@pytest.mark.parametrize("body", [
    "Complaints fell from 412 in September to 96 in October.\n",
    "投诉量由9月的412件降至10月的96件。\n",
    "The best-performing district cut complaints by 40 %.\n",
], ids=["en", "zh", "en-measured"])
def test_q404_measured_claims_pass(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q404") == []


# --- Q501 title-length -----------------------------------------------------------------

LONG_EN_TITLE = ("Report on the situation regarding the progress made so far in the renovation of "
                 "the old residential neighbourhoods of Xishan District in the third quarter of "
                 "the year 2026 and the plans for the next year")  # 36 words
LONG_ZH_TITLE = "关于西山区2026年第三季度老旧小区改造工作推进情况及下一步工作打算的报告"  # 34


@pytest.mark.parametrize(("title", "units"), [(LONG_EN_TITLE, 36), (LONG_ZH_TITLE, 34)],
                         ids=["en", "zh"])
def test_q501_long_title(repo: BulletinRepo, title: str, units: int) -> None:
    rel = repo.item(title=title)
    [d] = of(repo, "Q501")
    assert (d.path, d.code, d.line) == (rel, "Q501", line_of(repo, rel, "title:"))
    assert f"the title is {units} units long; the limit is 30" in d.message


def test_q501_chinese_title_of_31_characters(repo: BulletinRepo) -> None:
    rel = repo.item(title="西" * 31)
    assert hits(repo, "Q501") == [(rel, "Q501", line_of(repo, rel, "title:"))]
    assert "31 units" in of(repo, "Q501")[0].message


@pytest.mark.parametrize("title", [
    "Xishan renovates 42 of 60 old neighbourhoods by September",
    "西山区三季度完成42个老旧小区改造",
    "西" * 30,
    " ".join(["word"] * 30),
], ids=["en", "zh", "zh-30", "en-30"])
def test_q501_short_title_passes(repo: BulletinRepo, title: str) -> None:
    repo.item(title=title)
    assert of(repo, "Q501") == []


@pytest.mark.parametrize("key", ["title-length", "Q501"])
def test_q501_max_units_option(repo: BulletinRepo, key: str) -> None:
    rules(repo, f"  {key}:\n    max_units: 10\n")
    rel = repo.item(title="Xishan renovates 42 of 60 old neighbourhoods by the end of September")
    repo.item(slug="short", title="Xishan renovates 42 neighbourhoods")
    assert hits(repo, "Q501") == [(rel, "Q501", line_of(repo, rel, "title:"))]
    assert "the limit is 10" in of(repo, "Q501")[0].message


def test_q501_max_units_option_relaxes(repo: BulletinRepo) -> None:
    rules(repo, "  title-length: {max_units: 40}\n")
    repo.item(title=LONG_ZH_TITLE)
    assert of(repo, "Q501") == []


def test_q501_docstring_example_en_is_reported(repo: BulletinRepo) -> None:
    example = REGISTRY["Q501"].parts["Example"].split("/")[0]
    title = " ".join(example.split()).strip('"')
    repo.item(title=title)
    assert len(of(repo, "Q501")) == 1


# --- Q502 summary-length ---------------------------------------------------------------


@pytest.mark.parametrize(("summary", "units"), [
    ("Supply is safe, so " + " ".join(["water"] * 97), 101),
    ("供水仍可保障" + "水" * 95, 101),
], ids=["en", "zh"])
def test_q502_long_summary(repo: BulletinRepo, summary: str, units: int) -> None:
    rel = repo.item(summary=summary)
    [d] = of(repo, "Q502")
    assert (d.path, d.code, d.line) == (rel, "Q502", line_of(repo, rel, "summary:"))
    assert f"the summary is {units} units long; the limit is 100" in d.message


@pytest.mark.parametrize("summary", [
    "Diesel reached the Qing River on 15 November; the Nanhu intake closed for nine hours; "
    "tap water was not affected.",
    "11月15日柴油泄漏入青河，南湖取水口关闭9小时，自来水未受影响。",
    "Supply is safe, so " + " ".join(["water"] * 96),
    "供水仍可保障" + "水" * 94,
], ids=["en", "zh", "en-100", "zh-100"])
def test_q502_short_summary_passes(repo: BulletinRepo, summary: str) -> None:
    repo.item(summary=summary)
    assert of(repo, "Q502") == []


def test_q502_max_units_option(repo: BulletinRepo) -> None:
    rules(repo, "  summary-length:\n    max_units: 12\n")
    rel = repo.item(summary="Three reservoirs fell below their limit; supply is safe for 60 days "
                            "of normal use.")
    assert hits(repo, "Q502") == [(rel, "Q502", line_of(repo, rel, "summary:"))]
    assert "15 units long; the limit is 12" in of(repo, "Q502")[0].message


# --- Q503 body-length ------------------------------------------------------------------


def _paragraphs(sentence: str, count: int) -> str:
    return "\n\n".join([sentence] * count) + "\n"


@pytest.mark.parametrize(("body", "units"), [
    (_paragraphs("The bureau checked ten more pumps at the Nanhu station today.", 151), 1661),
    (_paragraphs("市水务局今天又检查了南湖泵站的十台水泵。", 79), 1501),
], ids=["en", "zh"])
def test_q503_long_body(repo: BulletinRepo, body: str, units: int) -> None:
    rel = repo.item(body=body)
    [d] = of(repo, "Q503")
    assert (d.path, d.code, d.line, d.column) == (rel, "Q503", body_start(repo, rel), 1)
    assert f"the body is {units} units long; the limit is 1500" in d.message


@pytest.mark.parametrize("body", [
    _paragraphs("The bureau checked ten more pumps at the Nanhu station today.", 136),
    _paragraphs("市水务局今天又检查了南湖泵站的十台水泵。", 78),
    GOOD_EN["body"],
], ids=["en-1496", "zh-1482", "en-short"])
def test_q503_body_within_the_limit_passes(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q503") == []


def test_q503_inline_code_and_urls_do_not_count(repo: BulletinRepo) -> None:
    code = "`" + " ".join(["x"] * 200) + "`"
    body = _paragraphs("The bureau checked ten more pumps at the Nanhu station today.", 130)
    repo.item(body=body + "\nThe log: " + code + " and http://intranet/" + "a/" * 50 + "\n")
    assert of(repo, "Q503") == []


def test_q503_backtick_fence_does_not_count(repo: BulletinRepo) -> None:
    body = _paragraphs("The bureau checked ten more pumps at the Nanhu station today.", 130)
    repo.item(body=body + "\n```\n" + "\n".join(["pump ok"] * 200) + "\n```\n")
    assert of(repo, "Q503") == []


def test_q503_tilde_fence_does_not_count(repo: BulletinRepo) -> None:
    body = _paragraphs("The bureau checked ten more pumps at the Nanhu station today.", 130)
    repo.item(body=body + "\n~~~\n" + "\n".join(["pump ok"] * 200) + "\n~~~\n")
    assert of(repo, "Q503") == []


def test_q503_max_units_option(repo: BulletinRepo) -> None:
    rules(repo, "  body-length:\n    max_units: 18\n")
    rel = repo.item()  # the default body: 19 units
    assert hits(repo, "Q503") == [(rel, "Q503", body_start(repo, rel))]
    assert "the body is 19 units long; the limit is 18" in of(repo, "Q503")[0].message


# --- Q504 long-sentence ----------------------------------------------------------------

LONG_EN = ("At the current rate of use the reservoir will fall below the level at which the "
           "Nanhu plant can draw water before the spring rains arrive, which would force the "
           "bureau to ration supply in the eastern districts for at least three weeks, close "
           "the two public pools and ask the largest industrial users to cut their intake by "
           "a fifth.")  # 61
LONG_ZH = ("按照目前的用水量测算，青河水库的水位将在明年春季降雨到来之前"
           "跌破南湖水厂取水口的最低取水水位，"
           "届时市水务局将不得不在东部城区实行分时段限量供水，限水时间预计不少于三周，"
           "涉及居民和企业用户数量较多，需要提前做好应急水源调度和宣传解释工作，"
           "并协调东城水厂增加供水量，确保医院、学校和养老机构等重点单位用水不受影响")


def test_q504_long_english_sentence_mid_paragraph(repo: BulletinRepo) -> None:
    rules(repo, "  Q504: {min_long: 1}\n")  # (one sentence a tenth over the limit)
    body = "The bureau met on 17 November.\nIt warned the districts. " + LONG_EN + "\n"
    rel = repo.item(body=body)
    [d] = of(repo, "Q504")
    assert (d.path, d.code, (d.line, d.column)) == (rel, "Q504", where(repo, rel, "At the"))
    assert "this sentence is 61 words long; split it" in d.message


def test_q504_long_chinese_sentence(repo: BulletinRepo) -> None:
    rules(repo, "  Q504: {min_long: 1}\n")
    assert len(LONG_ZH) > 130
    rel = repo.item(**{**ZH, "body": "11月17日监测显示水位偏低。" + LONG_ZH + "。\n"})
    [d] = of(repo, "Q504")
    assert (d.path, d.code, (d.line, d.column)) == (rel, "Q504", where(repo, rel, "按照"))
    assert "this sentence is 146 characters long; split it" in d.message


def test_q504_wrapped_year_is_not_a_list_marker(repo: BulletinRepo) -> None:
    rules(repo, "  Q504: {min_long: 1}\n")
    body = ("The reservoir will fall below its limit in March\n2027. " + LONG_EN + "\n")
    rel = repo.item(body=body)
    [d] = of(repo, "Q504")
    assert (d.path, d.line, d.column) == (rel, line_of(repo, rel, "2027. At"), 7)
    assert "61 words" in d.message


@pytest.mark.parametrize("body", [
    "The bureau met on 17 November. " + " ".join(["word"] * 54) + " end.\n",
    "11月17日市水务局召开会议。" + "水" * 130 + "。\n",
    "11月17日市水务局召开会议。" + "水" * 60 + "；" + "水" * 60 + "。\n",
    "1. " + " ".join(["word"] * 30) + ".\n2. " + " ".join(["word"] * 30) + ".\n",
    "按目前用水量，可保障城区120万居民用水至2027年6月。\n" + "市水务局每周一公布水位。\n",
], ids=["en-55-words", "zh-130-chars", "zh-semicolon", "numbered-list", "zh-wrapped"])
def test_q504_short_sentences_pass(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q504") == []


def test_q504_headings_and_tables_are_not_sentences(repo: BulletinRepo) -> None:
    row = "| " + " | ".join(["figure"] * 45) + " |"
    repo.item(body="## " + " ".join(["word"] * 45) + "\n\n" + row + "\n" + row + "\n")
    assert of(repo, "Q504") == []


def test_q504_bullet_list_items_are_separate(repo: BulletinRepo) -> None:
    repo.item(body="The bureau has:\n\n"
                   "- closed the Nanhu intake and switched the eastern districts to Xishan\n"
                   "- asked the 12 largest industrial users to cut their intake by a fifth\n"
                   "- started daily tests of the water at all four treatment plants\n"
                   "- opened a hotline for residents who see low pressure at the tap\n")
    assert of(repo, "Q504") == []


def test_q504_max_words_and_max_chars_options(repo: BulletinRepo) -> None:
    rules(repo, "  long-sentence:\n    max_words: 10\n    max_chars: 12\n")
    en = repo.item(body="The bureau met on 17 November and warned all districts of the risk.\n")
    zh = repo.item(slug="zh", **{**ZH, "body": "市水务局11月17日召开会议，提醒各区注意风险。\n"})
    assert sorted(hits(repo, "Q504")) == sorted([(en, "Q504", body_start(repo, en) + 1),
                                                 (zh, "Q504", body_start(repo, zh) + 1)])
    messages = sorted(d.message for d in of(repo, "Q504"))
    assert messages == ["this sentence is 13 words long; split it",
                        "this sentence is 18 characters long; split it"]


# --- Q505 filler-phrase ----------------------------------------------------------------

FILLER_EN = ("It is worth noting that, in order to refill the reservoirs, the bureau took a "
             "number of steps due to the fact that the level fell.")
FILLER_ZH = "市卫健委高度重视，采取了一系列措施，取得了显著成效。"


def test_q505_filler_heavy_english_paragraph(repo: BulletinRepo) -> None:
    rel = repo.item(body=DEFAULT_BODY_EN + "\n" + FILLER_EN + "\n")
    found = of(repo, "Q505")
    line = line_of(repo, rel, "It is worth")
    assert [(d.path, d.code, d.line) for d in found] == [(rel, "Q505", line)] * 4
    assert [(d.column, d.message) for d in found] == [
        (FILLER_EN.index("It is worth") + 1, "'It is worth noting that' is filler; delete it"),
        (FILLER_EN.index("in order to") + 1, "'in order to' is filler; write 'to'"),
        (FILLER_EN.index("a number of") + 1,
         "'a number of' is filler; write 'several (or the number)'"),
        (FILLER_EN.index("due to the fact") + 1,
         "'due to the fact that' is filler; write 'because'"),
    ]


def test_q505_filler_heavy_chinese_paragraph(repo: BulletinRepo) -> None:
    rel = repo.item(**{**ZH, "body": ZH["body"] + "\n" + FILLER_ZH + "\n"})
    found = of(repo, "Q505")
    line = line_of(repo, rel, "高度重视")
    assert [(d.path, d.code, d.line) for d in found] == [(rel, "Q505", line)] * 3
    assert [(d.column, d.message) for d in found] == [
        (5, "'高度重视' is filler; （写明采取了什么措施）"),
        (10, "'采取了一系列措施' is filler; （列出具体措施）"),
        (19, "'取得了显著成效' is filler; （用数字说明成效）"),
    ]


@pytest.mark.parametrize(("field", "value", "phrase"), [
    ("title", "Bureau takes a series of measures on reservoirs", "a series of measures"),
    ("summary", "市水务局多措并举，已关闭南湖取水口，城区供水仍可保障60天。", "多措并举"),
], ids=["en-title", "zh-summary"])
def test_q505_filler_in_title_or_summary(repo: BulletinRepo, field: str, value: str,
                                         phrase: str) -> None:
    rules(repo, "  Q505: {min_phrases: 1}\n")
    rel = repo.item(**{field: value})
    assert hits(repo, "Q505") == [(rel, "Q505", line_of(repo, rel, f"{field}:"))]
    assert f"'{phrase}' is filler" in of(repo, "Q505")[0].message


@pytest.mark.parametrize("body", [
    "The bureau opened two fever clinics and extended hours to 22:00 on 17 November.\n",
    "市卫健委新开2个发热门诊，门诊时间延长至22时，候诊时间由3小时缩短至40分钟。\n",
    "## In order to refill the reservoirs\n\nThe bureau cut use by 5 % on 17 November.\n",
    "The script runs `in order to` on 17 November.\n",
], ids=["en", "zh", "heading", "inline-code"])
def test_q505_concrete_prose_passes(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q505") == []


def test_q505_extra_phrases(repo: BulletinRepo) -> None:
    rules(repo, "  filler-phrase:\n    extra: ['at this juncture => now',"
                " '抓手 => （写明具体措施）', 'leverage']\n")
    rel = repo.item(body="At this juncture the bureau will leverage 3 pumps.\n\n"
                         "以泵站改造为抓手，11月更换3台水泵。\n")
    found = of(repo, "Q505")
    assert [(d.path, d.line) for d in found] == [(rel, line_of(repo, rel, "juncture"))] * 2 + \
        [(rel, line_of(repo, rel, "抓手"))]
    assert [d.message for d in found] == ["'At this juncture' is filler; write 'now'",
                                          "'leverage' is filler; delete it",
                                          "'抓手' is filler; （写明具体措施）"]


def test_q505_ignore_shipped_phrases(repo: BulletinRepo) -> None:
    body = DEFAULT_BODY_EN + "\n" + FILLER_EN + "\n\n" + FILLER_ZH + "\n"
    repo.item(body=body)
    assert len(of(repo, "Q505")) == 7
    rules(repo, "  Q505:\n    ignore: ['In Order To', '高度重视']\n")
    messages = [d.message for d in of(repo, "Q505")]
    assert len(messages) == 5
    assert not any("order" in m or "高度重视" in m for m in messages)


# --- Q506 cjk-punctuation --------------------------------------------------------------

HALF_WIDTH = "全市共检查186所学校,其中23所限期整改(主要是留样不全)."
FULL_DIGITS = "１至１０月受理投诉２１３件。"


def test_q506_half_width_punctuation_in_chinese(repo: BulletinRepo) -> None:
    rel = repo.item(**{**ZH, "body": HALF_WIDTH + "\n"})
    found = of(repo, "Q506")
    line = line_of(repo, rel, "全市共检查")
    assert [(d.path, d.code, d.line) for d in found] == [(rel, "Q506", line)] * 4
    assert [d.column for d in found] == [HALF_WIDTH.index(c) + 1 for c in ",()."]
    assert [d.message.split(" here")[0] for d in found] == [
        "write '，'", "write '（'", "write '）'", "write '。'"]
    assert "full-width punctuation" in found[0].message


def test_q506_full_width_digits(repo: BulletinRepo) -> None:
    rel = repo.item(**{**ZH, "body": FULL_DIGITS + "\n"})
    found = of(repo, "Q506")
    assert [(d.path, d.line, d.column) for d in found] == [
        (rel, line_of(repo, rel, "受理"), c) for c in (1, 3, 10)]
    assert [d.message.split(" here")[0] for d in found] == ["write '1'", "write '10'",
                                                           "write '213'"]


@pytest.mark.parametrize("body", [
    "全市共检查186所学校，其中23所限期整改（主要是留样不全）。\n",
    "The WHO said: wash hands, often (see the guide). Then rest.\n",
    "约1.2万人参加，占全市人口的3.5%。\n",
    "命令 `grep 文件,目录(旧)` 原样保留。\n",
    "原文见 https://intranet.example/通知,附件(一).html 。\n",
    "```\n代码,不改(示例).\n```\n",
], ids=["zh", "en", "decimals", "code-span", "url", "fence"])
def test_q506_clean_text_passes(repo: BulletinRepo, body: str) -> None:
    repo.item(**{**ZH, "body": body})
    assert of(repo, "Q506") == []


def test_q506_reported_with_a_fix_hint_and_left_alone_without_fix(
        runner: CliRunner, repo: BulletinRepo) -> None:
    rel = repo.item(**{**ZH, "body": HALF_WIDTH + "\n"})
    before = (repo.root / rel).read_text(encoding="utf-8")
    code, out, _ = run(runner, "check", "--repo", str(repo.root), "--no-source")
    assert code == 0
    assert f"{rel}:{line_of(repo, rel, '全市')}:{HALF_WIDTH.index(',') + 1}: Q506 write '，'" in out
    assert "4 fixable with 'bulletin check --fix'." in out
    assert (repo.root / rel).read_text(encoding="utf-8") == before


def test_q506_fixed_by_check_fix(runner: CliRunner, repo: BulletinRepo) -> None:
    body = (HALF_WIDTH + "\n" + FULL_DIGITS + "\n"
            "命令 `grep 文件,目录(旧)` 原样保留。\n"
            "原文见 https://intranet.example/通知,附件?页=中 。\n"
            "The WHO said: wash hands, often. 约1.2万人参加.\n")
    rel = repo.item(**{**ZH, "body": body})
    path = repo.root / rel
    text = path.read_text(encoding="utf-8")
    text = text.replace('"internal"', '"internal"  # 密级:内部(勿改).', 1)
    text = text.replace("---\ntitle:", "---\n# 备注:摘要由办公室审定,勿改.\ntitle:", 1)
    path.write_text(text, encoding="utf-8")
    assert len(of(repo, "Q506")) == 8
    _, out, err = run(runner, "check", "--repo", str(repo.root), "--fix")
    assert "Fixed 8 problems in 1 file." in err
    assert "Q506" not in out
    fixed_body = ("全市共检查186所学校，其中23所限期整改（主要是留样不全）。\n"
                  "1至10月受理投诉213件。\n"
                  "命令 `grep 文件,目录(旧)` 原样保留。\n"
                  "原文见 https://intranet.example/通知,附件?页=中 。\n"
                  "The WHO said: wash hands, often. 约1.2万人参加。\n")
    assert path.read_text(encoding="utf-8") == text.replace(body, fixed_body)
    assert "# 备注:摘要由办公室审定,勿改." in path.read_text(encoding="utf-8")
    assert of(repo, "Q506") == []


def test_q506_fix_keeps_parentheses_paired(runner: CliRunner, repo: BulletinRepo) -> None:
    line = "《西山区供水规划(2026—2035年)》已印发。"
    rel = repo.item(**{**ZH, "body": line + "\n"})
    run(runner, "check", "--repo", str(repo.root), "--fix")
    assert "《西山区供水规划（2026—2035年）》已印发。" in (repo.root / rel).read_text(
        encoding="utf-8")


def test_q506_chinese_name_in_an_english_sentence(repo: BulletinRepo) -> None:
    repo.item(body="Water was cut in Xishan District (西山区) for 9 hours on 20 November.\n")
    assert of(repo, "Q506") == []


# --- inline suppression ----------------------------------------------------------------

def test_inline_suppression_above_a_paragraph(repo: BulletinRepo) -> None:
    body = (DEFAULT_BODY_EN + "\n"
            "<!-- bulletin-ignore Q505: the minister's words, quoted verbatim -->\n"
            "\"In order to refill the reservoirs,\n"
            "we took a series of measures,\" the minister said.\n\n"
            "In order to save water, the bureau cut pressure by 10 %.\n")
    rel = repo.item(body=body)
    assert hits(repo, "Q505") == [(rel, "Q505", line_of(repo, rel, "In order to save"))]
    assert of(repo, "S020") == of(repo, "S021") == []


def test_inline_suppression_by_rule_name_in_chinese(repo: BulletinRepo) -> None:
    body = (ZH["body"] + "\n<!-- bulletin-ignore filler-phrase: 引用领导讲话原文 -->\n"
            + FILLER_ZH + "\n\n相关部门已关闭南湖取水口。\n")
    rel = repo.item(**{**ZH, "body": body})
    assert hits(repo, "Q505") == [(rel, "Q505", line_of(repo, rel, "相关部门"))]
    assert of(repo, "S021") == []


def test_inline_suppression_at_the_end_of_a_line(repo: BulletinRepo) -> None:
    body = (DEFAULT_BODY_EN + "\n"
            "In order to refill them, <!-- bulletin-ignore Q505: quoted -->\n"
            "the bureau took a series of measures.\n")
    rel = repo.item(body=body)
    assert hits(repo, "Q505") == [(rel, "Q505", line_of(repo, rel, "a series of"))]


def test_inline_suppression_without_reason(repo: BulletinRepo) -> None:
    rules(repo, "  Q505: {min_phrases: 1, weak: []}\n")
    body = (DEFAULT_BODY_EN + "\n<!-- bulletin-ignore Q505 -->\n"
            "In order to save water, the bureau cut pressure by 10 %.\n")
    rel = repo.item(body=body)
    [d] = of(repo, "S020")
    assert (d.path, d.code, (d.line, d.column)) == (
        rel, "S020", where(repo, rel, "<!-- bulletin-ignore"))
    assert "bulletin-ignore Q505 needs a reason" in d.message
    assert hits(repo, "Q505") == [(rel, "Q505", line_of(repo, rel, "In order to"))]


def test_inline_suppression_that_silences_nothing(repo: BulletinRepo) -> None:
    body = (DEFAULT_BODY_EN + "\n<!-- bulletin-ignore Q505: quoted -->\n"
            "The bureau cut pressure by 10 % to save water.\n")
    rel = repo.item(body=body)
    [d] = of(repo, "S021")
    assert (d.path, d.code, d.line) == (rel, "S021", line_of(repo, rel, "bulletin-ignore"))
    assert "bulletin-ignore Q505 silences nothing here" in d.message


def test_front_matter_suppression_of_a_q_rule(repo: BulletinRepo) -> None:
    repo.item(title=LONG_ZH_TITLE, suppress={"Q501": "the ministry's own title, kept as sent"})
    assert of(repo, "Q501") == of(repo, "S021") == []


# --- the quality card ------------------------------------------------------------------

FLAWED = {  # high (Q101) and refined (Q505 twice) warn; the rest pass
    "slug": "flawed",
    "summary": "The bureau held a meeting on the three reservoirs on 17 November.",
    "body": DEFAULT_BODY_EN + "\nIn order to refill them, a number of pumps run.\n",
}


def test_card_in_text_output_for_a_path(runner: CliRunner, repo: BulletinRepo) -> None:
    repo.item(slug="good")
    rel = repo.item(**FLAWED)
    code, out, _ = run(runner, "check", "--repo", str(repo.root), "--no-source",
                       str(repo.root / rel))
    assert code == 0
    q101 = of(repo, "Q101")[0].message
    assert (f"Quality {rel}: 3 of 5 criteria pass\n"
            f"  high          warn  Q101 {q101}\n"
            "  novel         pass\n"
            "  comprehensive pass\n"
            "  true          pass\n"
            "  refined       warn  Q505 'In order to' is filler; write 'to' (+1 more)\n") in out
    assert "2026-11-18-good" not in out


def test_card_for_a_clean_item(runner: CliRunner, repo: BulletinRepo) -> None:
    rel = repo.item(**GOOD_ZH)
    code, out, _ = run(runner, "check", "--repo", str(repo.root), str(repo.root / rel))
    assert code == 0
    assert out == (f"Quality {rel}: 5 of 5 criteria pass\n"
                   + "".join(f"  {c:<14}pass\n" for c in CRITERIA)
                   + "Checked 1 file: no problems found.\n")


def test_no_card_without_paths_or_quality(runner: CliRunner, repo: BulletinRepo) -> None:
    repo.item(**FLAWED)
    _, out, _ = run(runner, "check", "--repo", str(repo.root))
    assert "Quality " not in out
    _, out, _ = run(runner, "check", "--repo", str(repo.root), "--quality")
    assert "Quality items/water/2026/2026-11-18-flawed.md: 3 of 5 criteria pass" in out


def test_card_in_json_with_quality(runner: CliRunner, repo: BulletinRepo) -> None:
    good = repo.item(slug="good")
    flawed = repo.item(**FLAWED)
    code, out, _ = run(runner, "check", "--repo", str(repo.root), "--format", "json",
                       "--quality")
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"version", "summary", "diagnostics", "quality"}
    cards = {card["path"]: card for card in report["quality"]}
    assert set(cards) == {good, flawed}
    assert cards[good]["item"] == "2026-11-18-good"
    for card in cards.values():
        assert list(card["criteria"]) == list(CRITERIA)
    assert all(v == {"status": "pass", "reasons": []} for v in cards[good]["criteria"].values())
    criteria = cards[flawed]["criteria"]
    assert {c: v["status"] for c, v in criteria.items()} == {
        "high": "warn", "novel": "pass", "comprehensive": "pass", "true": "pass",
        "refined": "warn"}
    assert criteria["high"]["reasons"][0].startswith("Q101 the summary states what happened")
    assert criteria["refined"]["reasons"] == [
        "Q505 'In order to' is filler; write 'to'",
        "Q505 'a number of' is filler; write 'several (or the number)'"]


def test_json_without_quality_or_paths_has_only_the_contract_keys(
        runner: CliRunner, repo: BulletinRepo) -> None:
    repo.item(**FLAWED)
    _, out, _ = run(runner, "check", "--repo", str(repo.root), "--format", "json")
    assert set(json.loads(out)) == {"version", "summary", "diagnostics"}


def test_json_with_a_path_has_the_cards_of_that_path(runner: CliRunner,
                                                     repo: BulletinRepo) -> None:
    repo.item(slug="good")
    zh = repo.item(slug="zh", unit="health", **ZH)
    _, out, _ = run(runner, "check", "--repo", str(repo.root), "-f", "json",
                    str(repo.root / "items/health"))
    assert [card["path"] for card in json.loads(out)["quality"]] == [zh]
    _, out, _ = run(runner, "check", "--repo", str(repo.root), "-f", "json", "--no-quality",
                    str(repo.root / "items/health"))
    assert "quality" not in json.loads(out)


def test_card_in_markdown(runner: CliRunner, repo: BulletinRepo) -> None:
    repo.item(slug="good")
    repo.item(**FLAWED)
    _, out, _ = run(runner, "check", "--repo", str(repo.root), "--format", "markdown")
    assert ("### Quality\n\n| item | high | novel | comprehensive | true | refined |\n"
            "|---|---|---|---|---|---|\n"
            "| `2026-11-18-flawed` | ⚠️ | ✅ | ✅ | ✅ | ⚠️ |\n") in out
    assert "`2026-11-18-good`" not in out  # only items with problems, without --quality
    assert "### How to fix" in out
    fix = out.split("### How to fix", 1)[1]
    assert "<code>Q101</code> summary-significance" in fix
    assert "<code>Q505</code> filler-phrase" in fix
    _, out, _ = run(runner, "check", "--repo", str(repo.root), "--format", "markdown",
                    "--quality")
    assert "| `2026-11-18-good` | ✅ | ✅ | ✅ | ✅ | ✅ |" in out


def test_markdown_names_fixable_q506(runner: CliRunner, repo: BulletinRepo) -> None:
    repo.item(**{**ZH, "body": HALF_WIDTH + "\n"})
    _, out, _ = run(runner, "check", "--repo", str(repo.root), "--format", "markdown")
    fix = out.split("### How to fix", 1)[1]
    assert "<code>Q506</code> cjk-punctuation" in fix
    assert "`bulletin check --fix` repairs it." in fix


def test_markdown_escapes_pipes_and_angle_brackets(runner: CliRunner,
                                                   repo: BulletinRepo) -> None:
    rules(repo, "  filler-phrase:\n    extra: ['ASAP => by <date>|time']\n    min_phrases: 1\n")
    repo.item(body=DEFAULT_BODY_EN + "\nThe bureau will refill them ASAP.\n")
    _, out, _ = run(runner, "check", "--repo", str(repo.root), "--format", "markdown")
    assert "by <date>" not in out and "<date>|" not in out
    assert "| 'ASAP' is filler; write 'by &lt;date&gt;\\|time' |" in out
    assert "*refined*: 'ASAP' is filler; write 'by &lt;date&gt;\\|time' (`Q505`)" in out


def test_q505_one_stock_phrase_is_not_sent_back(repo: BulletinRepo) -> None:
    """Issue 14: one filler phrase in a factual item is not what an editor sends back."""
    repo.item(summary="相关部门已关闭南湖取水口，城区供水仍可保障60天。")
    assert of(repo, "Q505") == []
    # two phrases of the sound official register only (issue 14): not sent back either
    repo.item(slug="weak", summary="相关部门高度重视，已关闭南湖取水口，城区供水仍可保障60天。")
    assert of(repo, "Q505") == []
    rel = repo.item(slug="two",
                    summary="相关部门多措并举，已关闭南湖取水口，城区供水仍可保障60天。")
    assert [d.path for d in of(repo, "Q505")] == [rel, rel]


# --- the rules' documentation ----------------------------------------------------------

DOCUMENTED = sorted(c for c in REGISTRY if c[0] in "QC")


def test_every_q_rule_is_covered_here() -> None:
    # (the rules issue 14 added have their tests in tests/test_rules_real_writing.py and,
    # Q104-Q106 and Q510, in tests/test_quality_published.py)
    assert [c for c in DOCUMENTED if c[0] == "Q"] == [
        "Q101", "Q102", "Q103", "Q104", "Q105", "Q106", "Q201", "Q202", "Q301", "Q302", "Q303",
        "Q304", "Q401", "Q402", "Q403", "Q404", "Q405", "Q406", "Q407", "Q408", "Q501", "Q502",
        "Q503", "Q504", "Q505", "Q506", "Q507", "Q508", "Q509", "Q510"]


@pytest.mark.parametrize("code", DOCUMENTED)
def test_rule_doc_has_four_parts_and_a_chinese_example(code: str) -> None:
    rule = REGISTRY[code]
    assert [p for p in DOC_PARTS if rule.parts.get(p, "").strip()] == list(DOC_PARTS)
    assert has_cjk(rule.parts["Example"] + rule.parts["Use instead"])


@pytest.mark.parametrize("code", [c for c in DOCUMENTED if c[0] == "Q"])
def test_bulletin_rule_prints_the_doc(runner: CliRunner, code: str) -> None:
    exit_code, out, _ = run(runner, "rule", code)
    assert exit_code == 0
    for part in DOC_PARTS:
        assert f"\n{part}\n{'-' * len(part)}\n" in out
    assert REGISTRY[code].criterion in CRITERIA
