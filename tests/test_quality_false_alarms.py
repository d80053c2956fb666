"""Issue 14: the false alarms real writing raised, class by class.

Each test is an item (English and Chinese) on which a rule used to fire, and which an
editor would publish as it stands; the rule now stays quiet. Beside it, where the fix
narrowed a rule, the case the rule must still catch. (S019, S024 and C004 have theirs
beside their rules' other tests; the build's missing picture is at the end.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bulletin.check.prose import sentences
from bulletin.cli import main
from bulletin.diagnostics import Diagnostic
from conftest import POLICY, TODAY, BulletinRepo, add_site_config

POLICY_Q = POLICY + """\
  experience:
    name: Local experience
"""


@pytest.fixture
def repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    bulletin_repo.write("bulletin.yml", POLICY_Q)
    return bulletin_repo


def of(repo: BulletinRepo, code: str) -> list[Diagnostic]:
    return [d for d in repo.check(TODAY).diagnostics if d.code == code]


def emergency(**fields: Any) -> dict[str, Any]:
    """An emergency item's fields: sections and sources as the fixture policy wants."""
    chinese = any("\u4e00" <= c <= "\u9fff" for c in fields.get("title", ""))
    heads = ("## 基本情况\n", "## 处置情况\n") if chinese else ("## What happened\n",
                                                         "## Response\n")
    body = fields.pop("body")
    response = fields.pop("response", "正在核查。\n" if chinese else "Crews are on site.\n")
    return {"category": "emergency", "priority": "urgent", "sources": ["Duty log"],
            "body": heads[0] + body + "\n" + heads[1] + response, **fields}


# --- Q102 and Q103: disasters and service incidents ---------------------------------------


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Hurricane Lena: shelters open in three counties",
     "Hurricane Lena made landfall at 04:00; 1,200 people are in shelters.",
     "Hurricane Lena made landfall at 04:00 near Port Alder.\n"),
    ("Tornado touches down near Millbrook",
     "A tornado touched down near Millbrook at 16:20, damaging 40 homes.",
     "A tornado touched down near Millbrook at 16:20 and damaged 40 homes.\n"),
    ("Water main break on Elm Street; boil-water notice for 900 homes",
     "A water main break on Elm Street left 900 homes under a boil-water notice.",
     "A 12-inch water main break on Elm Street cut pressure to 900 homes. A boil-water "
     "notice is in force.\n"),
    ("青山县发生4.6级地震，无人员伤亡",
     "11月17日3时12分青山县发生4.6级地震，无人员伤亡，12间房屋墙体开裂。",
     "11月17日3时12分，青山县发生4.6级地震，震源深度10公里，全县无人员伤亡。\n"),
], ids=["hurricane", "tornado", "water-main-boil-water", "zh-earthquake"])
def test_disasters_read_as_emergencies(repo: BulletinRepo, title: str, summary: str,
                                       body: str) -> None:
    """Used to fire Q102 (nothing reads like an emergency) and Q103 (urgent, but no
    emergency), or pass only on 伤 inside 无人员伤亡."""
    repo.item(**emergency(title=title, summary=summary, body=body))
    repo.item(slug="situation", title=title, summary=summary, body=body, priority="urgent")
    assert of(repo, "Q102") == [] and of(repo, "Q103") == []


def test_a_negated_casualty_is_no_emergency_cue(repo: BulletinRepo) -> None:
    """伤 inside 无人员伤亡 used to be the one cue that made an item read as an emergency."""
    rel = repo.item(**emergency(title="南湖区仓库屋顶局部掉落",
                                summary="南湖区一仓库屋顶局部掉落，无人员伤亡。",
                                body="11月17日，南湖区一仓库屋顶局部掉落，无人员伤亡。\n",
                                response="已设置警戒。\n"))
    assert [d.path for d in of(repo, "Q102")] == [rel]


@pytest.mark.parametrize("title", [
    "All evacuation orders lifted in Riverside",
    "Evacuation over: residents of Alder Creek return home",
    "Earthquake drill held at 30 schools",
    "西山区疏散群众全部返回",
    "全市开展地震应急疏散演练",
], ids=["en-lifted", "en-return", "en-drill", "zh-return", "zh-drill"])
def test_an_incident_that_is_over_is_not_urgent(repo: BulletinRepo, title: str) -> None:
    """Used to fire Q103: marked routine, but it reports an evacuation."""
    repo.item(title=title, priority="routine")
    assert of(repo, "Q103") == []


def test_an_evacuation_under_way_still_wants_urgent(repo: BulletinRepo) -> None:
    rel = repo.item(title="300 residents evacuated after a gas leak", priority="routine")
    assert [d.path for d in of(repo, "Q103")] == [rel]


# --- Q101: significance cues ----------------------------------------------------------------


@pytest.mark.parametrize("summary", [
    "The county has issued a new flood map to help councils plan new housing.",
    "The bureau checked 120 water towers in November to ensure supply through the winter.",
    "市交通局11月在南湖新开3条公交线路，为沿线居民出行创造便利。",
    "市住建局11月完成120栋老旧住宅供暖管道检修，以便居民按时供暖。",
], ids=["en-to-help", "en-to-ensure", "zh-为", "zh-以便"])
def test_purpose_says_why_it_matters(repo: BulletinRepo, summary: str) -> None:
    repo.item(summary=summary)
    assert of(repo, "Q101") == []


# --- Q301: missing scale ------------------------------------------------------------------


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Bin collections continue as usual over the holiday",
     "Bin collections continue as usual over the holiday, so residents need not change "
     "their routine.", "Bin collections continue as usual over the holiday.\n"),
    ("Council welcomes the decision on the Alder Creek bridge",
     "The council welcomes the state's decision to rebuild the Alder Creek bridge, which "
     "reconnects the two halves of the town.",
     "The council welcomes the state's decision to rebuild the bridge.\n"),
    ("市政府召开冬春修工作会议",
     "11月17日市政府召开冬春修工作会议，部署水利设施检修，确保明年汛期安全。",
     "11月17日，市政府召开冬春修工作会议，部署水利设施检修。\n"),
], ids=["en-as-usual", "en-welcomes", "zh-meeting"])
def test_no_figure_where_none_is_natural(repo: BulletinRepo, title: str, summary: str,
                                         body: str) -> None:
    repo.item(title=title, summary=summary, body=body)
    assert of(repo, "Q301") == []


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Flooding forces many families from their homes",
     "Flooding in 2025 forced many families from their homes, so shelters stay open.",
     "In 2025 the floods forced many families from their homes in the valley towns.\n"),
    ("南湖区打通供水最后一米", "南湖区第三周完成管网改造，大量居民受益。",
     "南湖区打通供水最后一米，第三周完成2026年第二次管网改造，大量居民用上新水管。\n"),
], ids=["en-year", "zh-ordinals"])
def test_a_year_an_ordinal_or_an_idiom_is_no_figure(repo: BulletinRepo, title: str,
                                                    summary: str, body: str) -> None:
    """Used to pass on "2025 ... families", 第三周, 第二次 and 最后一米; a situation that
    speaks of "many" or 大量 still needs the figure."""
    rel = repo.item(title=title, summary=summary, body=body)
    assert [d.path for d in of(repo, "Q301")] == [rel]


# --- Q505: filler as patterns ---------------------------------------------------------------


def test_jibenshang_meaning_mostly_is_not_filler(repo: BulletinRepo) -> None:
    repo.item(title="南湖水厂改造基本完成", summary="南湖水厂改造工程基本上完成，12月可供水。",
              body="南湖水厂改造工程基本上完成，剩余2台水泵12月安装。\n")
    assert of(repo, "Q505") == []


@pytest.mark.parametrize(("text", "phrase"), [
    ("全镇营造了浓厚的节水氛围。", "营造了浓厚的节水氛围"),
    ("整治工作取得阶段性成效。", "取得阶段性成效"),
    ("全市上下砥砺前行。", "砥砺前行"),
    ("The council is pleased to announce the new park.", "is pleased to announce"),
    ("We continue to work closely with our partners.", "continue to work closely with"),
    ("The city remains committed to keeping residents safe.", "remains committed to"),
], ids=["营造氛围", "阶段性成效", "砥砺前行", "pleased", "closely", "committed"])
def test_filler_patterns_catch_real_filler(repo: BulletinRepo, text: str, phrase: str) -> None:
    repo.write("bulletin.yml", POLICY_Q + "rules:\n  Q505: {min_phrases: 1}\n")
    repo.item(body=text + "\n")
    assert [d.message.split("'")[1] for d in of(repo, "Q505")] == [phrase]


# --- Q504: sentences, lists and abbreviations ------------------------------------------------

PLACES = "、".join(["东城街道", "西城街道", "南湖镇", "北湖镇", "青山乡", "白石乡", "柳河镇",
                   "新塘镇", "石桥乡", "龙泉镇", "桃园乡", "杏花村", "枫林镇", "松岭乡", "云溪镇",
                   "金沙镇", "银湖乡", "梅岭镇", "竹园乡", "荷塘镇", "兰亭乡", "菊香镇"])


def test_a_list_of_place_names_is_not_a_long_sentence(repo: BulletinRepo) -> None:
    repo.item(body=f"11月17日起，因南湖水厂检修，{PLACES}等22个乡镇（街道）实行错峰供水，"
                   "每天供水时间为早6时至晚10时。\n")
    assert of(repo, "Q504") == []


def test_us_does_not_end_a_sentence() -> None:
    text = ("The U.S. Army Corps of Engineers inspected the levee on Monday. Mr. Ortiz said "
            "repairs start on Nov. 30. Crews work from 7 a.m. to 7 p.m. Residents may call.")
    assert [s.text for s in sentences(text, 1)] == [
        "The U.S. Army Corps of Engineers inspected the levee on Monday.",
        "Mr. Ortiz said repairs start on Nov. 30.",
        "Crews work from 7 a.m. to 7 p.m.", "Residents may call."]


def test_one_long_sentence_in_a_long_report_is_tolerated(repo: BulletinRepo) -> None:
    long = ("The bureau, having consulted the districts, the water company and the county "
            "health department, and having taken into account the forecasts for the coming "
            "weeks, which show little rain before the spring, has decided to keep the "
            "reservoir at its winter level until the end of March next year and to ask the "
            "largest users to cut their intake.")
    short = " ".join(f"Station {n} reported a level of {n + 10} metres on 17 November."
                     for n in range(11))
    repo.item(body=f"{long}\n\n{short}\n")
    assert of(repo, "Q504") == []
    # nor in a short item (issue 14, published items): one sentence a little over the
    # limit is not sent back; one a fifth over it, or two long ones, are
    repo.item(slug="short", body=f"{long}\n\nStation 1 reported.\n")
    assert of(repo, "Q504") == []
    longer = long.replace("intake.", "intake by a fifth from the first week of December, "
                                     "when the winter tariff starts and the pumps are serviced.")
    rel = repo.item(slug="longer", body=f"{longer}\n\nStation 1 reported.\n")
    two = repo.item(slug="two", body=f"{long}\n\n{long}\n\nStation 1 reported.\n")
    assert sorted({d.path for d in of(repo, "Q504")}) == sorted([rel, two])


# --- Q506: full-width punctuation -----------------------------------------------------------


@pytest.mark.parametrize(("body", "marks"), [
    ("市政府印发“通知”,要求各区落实。\n", ["，"]),
    ("同比增长3.5%,高于全省平均水平.\n", ["，", "。"]),
    ("南湖区 ,北湖区均已完成。\n", ["，"]),
    ("(一)全面排查隐患。\n", ["（", "）"]),
], ids=["after-quote", "after-percent", "after-space", "line-start"])
def test_q506_marks_it_used_to_miss(repo: BulletinRepo, body: str, marks: list[str]) -> None:
    repo.item(title="南湖区供水情况", summary="南湖区供水正常，可保障60天。", body=body)
    assert [d.message.split("'")[1] for d in of(repo, "Q506")] == marks


def test_q506_in_the_title_and_summary_and_fixed(repo: BulletinRepo) -> None:
    rel = repo.item(title="南湖区完成整治,水质达标",
                    summary="南湖区3条河整治完成(10月底),水质达标.", body="正文。\n")
    found = of(repo, "Q506")
    assert len(found) == 2 and "title" in found[0].message and "summary" in found[1].message
    result = CliRunner().invoke(main, ["check", "--repo", str(repo.root), "--fix"])
    assert "Fixed 2 problems in 1 file." in result.stderr
    text = (repo.root / rel).read_text(encoding="utf-8")
    assert '"南湖区完成整治，水质达标"' in text
    assert '"南湖区3条河整治完成（10月底），水质达标。"' in text
    assert of(repo, "Q506") == []


# --- the build names a missing picture by item and line -------------------------------------


def test_strict_build_names_the_item_and_line_of_a_missing_picture(
        bulletin_repo: BulletinRepo, tmp_path: Path) -> None:
    add_site_config(bulletin_repo, search="none")
    rel = bulletin_repo.item(body="Levels fell.\n\n![Map of the flooded streets](map.png)\n")
    line = (bulletin_repo.root / rel).read_text("utf-8").split("\n").index(
        "![Map of the flooded streets](map.png)") + 1
    result = CliRunner().invoke(main, ["build", "--repo", str(bulletin_repo.root), "--strict",
                                       "-q", "-d", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert f"{rel}:{line}: image 'map.png' not found" in result.stderr + result.stdout

