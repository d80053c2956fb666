"""The rules issue 14 added for defects no rule caught on real writing, in English and
Chinese: each fires on the defect (on the right line) and stays quiet on a good item an
editor would publish. Then the quality card's severity discipline, and the number and
date readers they rest on (our own tables, checked against ``cn2an``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from click.testing import CliRunner

from bulletin.check.quantities import chinese_value, figures
from bulletin.check.rules import REGISTRY
from bulletin.cli import main
from bulletin.diagnostics import Diagnostic, Severity
from conftest import POLICY, TODAY, BulletinRepo

POLICY_X = POLICY + """\
  experience:
    name: Local experience
"""


@pytest.fixture
def repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    bulletin_repo.write("bulletin.yml", POLICY_X)
    return bulletin_repo


def of(repo: BulletinRepo, code: str) -> list[Diagnostic]:
    return [d for d in repo.check(TODAY).diagnostics if d.code == code]


def line_of(repo: BulletinRepo, rel: str, text: str) -> int:
    lines = (repo.root / rel).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


ZH: dict[str, Any] = {"title": "南湖区供水情况", "summary": "南湖区供水正常，可保障60天。"}


# --- Q403 figures-dont-add-up ----------------------------------------------------------


@pytest.mark.parametrize(("fields", "words"), [
    ({"body": "Fire crews rescued 63 people, including 28 from stranded cars, 19 from homes "
              "and 21 from the park.\n"}, "add up to more than the total (63)"),
    ({"body": "Since 14 September 38 cases have been confirmed. Of the 38 confirmed cases, 41 "
              "were hospitalized and three have died.\n"}, "a part (41) is larger than its "
                                                            "whole (38)"),
    ({**ZH, "body": "今年秋季全区共招收新生4860人，其中小学一年级2780人、"
                    "初中七年级2180人，比去年增加320人。\n"},
     "2780 + 2180 = 4960"),
    ({**ZH, "body": "10月1日至7日共接处警1342起，同比下降5%。"
                    "其中刑事警情86起，治安警情412起，交通警情905起。\n"},
     "add up to more than the total (1342)"),
    ({**ZH, "body": "台风共造成3个乡镇1.2万人受灾，"
                    "其中石桥镇4200人、柳河镇3600人、白沙乡2100人。\n"},
     "do not add up to the total (12000)"),
], ids=["en-including", "en-of-the", "zh-其中", "zh-next-sentence", "zh-complete-list"])
def test_q403_parts_that_contradict_their_total(repo: BulletinRepo, fields: dict[str, Any],
                                                 words: str) -> None:
    rel = repo.item(**fields)
    [d] = of(repo, "Q403")
    assert d.path == rel and words in d.message and d.severity is Severity.WARNING
    assert d.line >= line_of(repo, rel, "---", ) + 1


@pytest.mark.parametrize("body", [
    "The bureau inspected 186 schools, including 120 primary and 66 secondary schools.\n",
    "44 people were injured, including 3 children.\n",
    "Sales reached 18.6 billion yuan.\n\n- Catering: 2.3 billion yuan.\n- Cars: 2.7 billion "
    "yuan.\n",
    "Defaults total 23 million yuan, 1.2 % of the amount lent, below the 3 % the fund can "
    "absorb.\n",
    "全市共有学校186所，其中小学120所、初中66所。\n",
    "东湖街道60岁以上独居老人286人，其中80岁以上112人。\n",
    "共检查生产经营单位1260家，其中A类300家、B类200家。\n",
    "全市接待游客312万人次，实现旅游收入24.6亿元，其中外地游客占56%，过夜游客比例由31%提高到38%。\n",
], ids=["en-parts", "en-one-part", "en-list-of-colons", "en-of-the-amount", "zh-parts",
        "zh-ages", "zh-partial", "zh-shares"])
def test_q403_figures_that_agree_pass(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q403") == []


# --- Q405 double-approximation -----------------------------------------------------------


@pytest.mark.parametrize(("body", "found"), [
    ("About more than 300 veterans attended the fair on Saturday.\n", "About more than 3"),
    ("The line carries roughly over 18,000 vehicles a day.\n", "roughly over 1"),
    ("连夜转移低洼区群众超过150余人，暂无人员伤亡。\n", "超过150余"),
    ("国庆假期高铁站日均发送旅客近5万多人次。\n", "近5万多"),
], ids=["en-about-more-than", "en-roughly-over", "zh-超过余", "zh-近万多"])
def test_q405_two_approximators(repo: BulletinRepo, body: str, found: str) -> None:
    rel = repo.item(body=body)
    [d] = of(repo, "Q405")
    assert d.path == rel and f"'{found}" in d.message
    assert d.line == line_of(repo, rel, found[:4])


@pytest.mark.parametrize("body", [
    "More than 300 veterans attended. About 1,200 customers lost power for up to about 4 "
    "hours.\n",
    "连夜转移群众150余人，约200户居民用上新水管，达200多人参加。\n",
], ids=["en", "zh"])
def test_q405_one_approximator_passes(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q405") == []


# --- Q406 date-contradiction ------------------------------------------------------------


@pytest.mark.parametrize(("date", "body", "words"), [
    (dt.date(2026, 11, 18), "The pool was ordered closed.\n\nIssued by the Communications Team, "
                            "17 November 2025.\n", "dated 2025"),
    (dt.date(2026, 11, 18), "Students were sent home this morning, Friday, 13 November, after a "
                            "gas leak.\n", "'this morning' is 2026-11-13"),
    (dt.date(2026, 11, 18), "11月17日，市政府办公室召开政务信息工作推进会。\n\n2025年11月17日\n",
     "dated 2025"),
    (dt.date(2026, 11, 18), "今天上午（11月9日）10时20分，一家餐馆后厨起火。\n",
     "'今天' is 2026-11-09"),
    (dt.date(2026, 11, 18), "医院计划于2026年11月31日起迁入新院区。\n", "not a date"),
    (dt.date(2026, 11, 18), "The bridge reopens on Monday, 17 November.\n",
     "2026-11-17 is a Tuesday"),
], ids=["en-signature", "en-this-morning", "zh-signature", "zh-今天", "zh-impossible",
        "en-weekday"])
def test_q406_dates_that_contradict(repo: BulletinRepo, date: dt.date, body: str,
                                    words: str) -> None:
    rel = repo.item(date=date, body=body)
    [d] = of(repo, "Q406")
    assert d.path == rel and words in d.message


@pytest.mark.parametrize("body", [
    "On 17 November the bureau closed the pool. The pool was built in 2015 and last "
    "refurbished on 3 March 2021.\n",
    "Crews worked through the night; the road reopens on Friday, 20 November.\n",
    "11月17日，市水务局完成检修。该泵站建于2015年3月。\n",
    "昨天（11月17日）16时，南湖取水口恢复供水。\n",
], ids=["en-history", "en-weekday", "zh-history", "zh-昨天"])
def test_q406_consistent_dates_pass(repo: BulletinRepo, body: str) -> None:
    repo.item(date=dt.date(2026, 11, 18), body=body)
    assert of(repo, "Q406") == []


# --- Q407 lead-promises-done ---------------------------------------------------------------


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": "County will open a warming center as temperatures drop",
      "summary": "The county will open a warming center in Millbrook tonight.",
      "body": "The county opened a warming center at 6 p.m. on Tuesday, 17 November.\n"},
     "title"),
    ({"summary": "The council will repair the footbridge and reopen it as soon as possible.",
      "body": "The footbridge was closed on 14 September.\n\nRepairs were completed on Monday, "
              "16 November.\n"}, "summary"),
    ({"title": "全市将启动校园周边食品安全专项检查",
      "summary": "市教育局将启动校园周边食品安全专项检查。",
      "body": "9月8日至30日开展的校园周边食品安全专项检查已全部完成，"
              "共检查店铺864家。\n"}, "title"),
    ({"title": "青山县将组织危险区群众转移避险", "summary": "青山县将组织危险区群众转移避险。",
      "body": "9月15日14时起，青山县对全县危险点实行转移。截至22时，已转移群众2960户9200人。\n"},
     "title"),
], ids=["en-title", "en-summary", "zh-启动", "zh-转移"])
def test_q407_a_lead_that_promises_what_is_done(repo: BulletinRepo, fields: dict[str, Any],
                                                field: str) -> None:
    rel = repo.item(**fields)
    [d] = of(repo, "Q407")
    assert (d.path, d.line) == (rel, line_of(repo, rel, f"{field}:"))
    assert "will happen, but the body reports it done" in d.message


@pytest.mark.parametrize("fields", [
    {"summary": "Crews will flush 2,900 hydrants from 14 September; customers may see "
                "discoloured water on the day their street is flushed.",
     "body": "On the day their street is flushed, customers may see discoloured water.\n"},
    {"title": "11月10日起调整5条公交线路", "summary": "市交通运输局将于11月10日起调整5条公交线路。",
     "body": "滨江新城入住居民已超过3万人，但此前只有2条公交线路。调整后可不换乘。\n"},
], ids=["en-future", "zh-future"])
def test_q407_a_promise_still_ahead_passes(repo: BulletinRepo, fields: dict[str, Any]) -> None:
    repo.item(**fields)
    assert of(repo, "Q407") == []


# --- Q303 placeholder and Q408 unnamed-placeholder ------------------------------------------


@pytest.mark.parametrize(("body", "first"), [
    ("Damage teams have recorded [NUMBER] homes with flood damage in [County Name].\n",
     "[NUMBER]"),
    ("The road is expected to reopen on XX November. TODO: confirm with the contractor.\n",
     "XX"),
    ("共排查隐患XX处，已整改XX处。\n", "XX"),
    ("晚间和周末使用人次明显增加，（待补充：7月至9月使用人次）。\n", "（待补充"),
], ids=["en-number", "en-xx-todo", "zh-xx", "zh-待补充"])
def test_q303_placeholders(repo: BulletinRepo, body: str, first: str) -> None:
    rel = repo.item(body=body)
    found = of(repo, "Q303")
    assert found and all(d.path == rel for d in found)
    assert found[0].message.startswith(f"'{first}")
    assert of(repo, "Q408") == []


@pytest.mark.parametrize("body", [
    "×××同志出席会议并讲话。\n",
    "[县名]交通运输局定于10月8日起实施路面改造。\n",
    "Cllr [Name], Cabinet Member for Finance, welcomed the decision.\n",
], ids=["zh-×××", "zh-[县名]", "en-[Name]"])
def test_q408_name_placeholders(repo: BulletinRepo, body: str) -> None:
    rel = repo.item(body=body)
    found = of(repo, "Q408")
    assert [d.path for d in found] == [rel] and "where a name should be" in found[0].message
    assert of(repo, "Q303") == []


@pytest.mark.parametrize("body", [
    "See [the plan](https://oa.qinghe.gov.example/plan) and the XXL stand at the fair. 3×4 m "
    "stands cost 200 yuan.\n",
    "Wang Wu [Chair] opened the meeting; the XX Olympiad is in 2028.\n",
    "第XX届" [:0] + "本届运动会共有12个县区参赛，某某公司赞助。\n",
], ids=["en-links", "en-roman", "zh"])
def test_q303_and_q408_quiet_on_good_text(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q303") == [] and of(repo, "Q408") == []


# --- Q507 leftover ---------------------------------------------------------------------


@pytest.mark.parametrize(("body", "found"), [
    ("By Jenna Ruiz, Staff Writer\n\nThe restoration is complete.\n", "By Jenna Ruiz"),
    ("The tower reopened.\n\nHave a news tip? Email the newsroom.\n", "Have a news tip"),
    ("![Sinkhole on Cedar Street]()\n\nThe street is closed.\n", "no source"),
    ("本报讯（记者 刘晓 通讯员 陈安）10月22日，青山县秋季招聘会举行。\n", "本报讯"),
    ("电动自行车起火，1名老人轻微呛伤。\n\n（报料人：吴先生 奖励50元）\n", "报料人"),
    ("图为果农在采摘脐橙。青山日报记者 周涛 摄\n", "记者 周涛 摄"),
], ids=["en-byline", "en-tip", "en-empty-image", "zh-本报讯", "zh-报料人", "zh-摄"])
def test_q507_leftovers(repo: BulletinRepo, body: str, found: str) -> None:
    rel = repo.item(body=body)
    hits = of(repo, "Q507")
    assert ([d.path for d in hits] == [rel] and found in hits[0].message) or \
        (found == "no source" and "no source" in hits[0].message)


@pytest.mark.parametrize("body", [
    "![Map of the flooded streets](map.png)\n\nThe reporter's questions were answered.\n",
    "据青山日报报道，招聘会共提供岗位3200个。市民可拨打12345热线反映问题。\n",
], ids=["en", "zh"])
def test_q507_quiet_on_good_text(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q507") == []


# --- Q304 no-facts ---------------------------------------------------------------------


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Productive meeting of the Community Safety Partnership",
     "The partnership held a productive meeting and reaffirmed its shared commitment.",
     "Partners had a positive and wide-ranging discussion, and urged everyone to pull in the "
     "same direction.\n"),
    ("全市营商环境优化工作会议召开", "会议开得很成功，达到了统一思想、鼓舞士气的目的。",
     "会议要求，要进一步提高认识，狠抓落实。\n"),
], ids=["en", "zh"])
def test_q304_an_item_without_facts(repo: BulletinRepo, title: str, summary: str,
                                    body: str) -> None:
    rel = repo.item(title=title, summary=summary, body=body)
    [d] = of(repo, "Q304")
    assert d.path == rel and "no figure and no fact" in d.message


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Partnership agrees 12 more night patrols",
     "The partnership agreed to put 12 more officers on night patrols from December.",
     "Partners had a productive discussion and urged residents to report crime.\n"),
    ("Bin collections continue as usual", "Bin collections continue as usual.",
     "Collections continue as usual over the holiday.\n"),
    ("全市营商环境优化工作会议召开", "会议确定今年新增市场主体3000户，分解到6个县区。",
     "会议要求，要狠抓落实，每季度通报一次。\n"),
], ids=["en-figures", "en-plain-fact", "zh-figures"])
def test_q304_an_item_with_facts_passes(repo: BulletinRepo, title: str, summary: str,
                                        body: str) -> None:
    repo.item(title=title, summary=summary, body=body)
    assert of(repo, "Q304") == []


# --- Q508 self-praising-title -----------------------------------------------------------


@pytest.mark.parametrize(("title", "word"), [
    ("Council successfully delivers outstanding summer of events", "successfully"),
    ("青山县扎实推进秋冬种工作取得明显成效", "扎实推进"),
    ("市卫健委认真开展全民健康生活方式宣传月活动", "认真开展"),
], ids=["en", "zh-扎实推进", "zh-认真开展"])
def test_q508_self_praising_title(repo: BulletinRepo, title: str, word: str) -> None:
    rel = repo.item(title=title)
    [d] = of(repo, "Q508")
    assert (d.path, d.line) == (rel, line_of(repo, rel, "title:")) and f"'{word}'" in d.message


@pytest.mark.parametrize("title", [
    "Summer events drew 48,000 visitors, up a fifth", "County fair draws record crowds",
    "青山县秋冬种完成42万亩", "市卫健委开展健康生活方式宣传月，举办讲座126场"])
def test_q508_plain_title_passes(repo: BulletinRepo, title: str) -> None:
    repo.item(title=title)
    assert of(repo, "Q508") == []


# --- Q509 subjectless-sentence ----------------------------------------------------------


@pytest.mark.parametrize("body", [
    "Wind gusts reached 62 mph on 31 October.\n\nActivated the EOC at 10:15 p.m. Received 212 "
    "calls between 9 p.m. and 6 a.m. Was told that 41 roads were blocked.\n",
    "11月5日，市政府召开安全生产工作会议。强调指出，要聚焦五个重点领域。要求，各类工地要全面排查欠薪隐患。\n",
], ids=["en-log", "zh-强调指出"])
def test_q509_sentences_without_a_subject(repo: BulletinRepo, body: str) -> None:
    rel = repo.item(body=body)
    found = of(repo, "Q509")
    assert len(found) >= 2 and all(d.path == rel for d in found)


@pytest.mark.parametrize("body", [
    "Flooded streets stayed closed on 1 November. The county activated its EOC at 10:15 p.m. "
    "Based on the damage reports, it asked for state help.\n",
    "11月5日，市政府召开会议。副市长王立强调，要聚焦五个重点领域。会议要求各类工地排查欠薪隐患。\n",
    "The county activated the EOC. Received 212 calls overnight.\n",
], ids=["en", "zh", "en-one"])
def test_q509_sentences_with_a_subject_pass(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q509") == []


# --- C008 personal-details --------------------------------------------------------------


@pytest.mark.parametrize(("body", "what"), [
    ("The driver, Kyle Brandt, 29, of Pine Hollow, was arrested.\n",
     "a person named with age and home"),
    ("Sewage filled the basement of the family home at 77 Juniper Lane.\n", "a home address"),
    ("A deputy stopped a pickup truck, Ohio plate JKR 4417, for speeding.\n",
     "a vehicle's number plate"),
    ("石桥镇村民王某（男，45岁，石桥镇岔口村人）持木棍将邻居打伤。\n",
     "a person named with sex or age"),
    ("刘某某，2人，家住东湖街道幸福小区3栋2单元501室，因病致贫。\n", "a home address"),
    ("现对多次违停车辆予以曝光：青A·7K329（累计违停11次）。\n", "a vehicle's number plate"),
], ids=["en-name-age", "en-home", "en-plate", "zh-某-age", "zh-room", "zh-plate"])
def test_c008_personal_details(repo: BulletinRepo, body: str, what: str) -> None:
    rel = repo.item(body=body, classification="internal")
    found = of(repo, "C008")
    assert [d.path for d in found] == [rel] and found[0].message.startswith(what)
    assert found[0].severity is Severity.WARNING
    assert "Brandt" not in found[0].message and "7K329" not in found[0].message


@pytest.mark.parametrize("body", [
    "The recovery center at 200 Main Street opens at 8 a.m. Residents may call Director "
    "Renee Walsh's office.\n",
    "The plate glass window broke; pupils went home at 10:00.\n",
    "一名村民持木棍将邻居打伤，已被刑事拘留。市民服务中心位于人民路88号。\n",
], ids=["en", "en-lookalikes", "zh"])
def test_c008_quiet_on_good_text(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "C008") == []


def test_c008_not_in_an_item_cleared_for_personal_data(repo: BulletinRepo) -> None:
    repo.item(body="The driver, Kyle Brandt, 29, of Pine Hollow, was arrested.\n",
              classification="restricted")
    assert of(repo, "C008") == []


# --- C002: an organisation's mailbox by a one-word name --------------------------------------


@pytest.mark.parametrize("address", ["eoc@caldercountyoh.gov", "localplan@eastmere.gov.uk",
                                     "gjxw@jtj.qingshan.gov.cn", "kefu@qsgongshui.cn"])
def test_c002_a_mailbox_named_in_one_word_is_not_personal(repo: BulletinRepo,
                                                          address: str) -> None:
    """Issue 14: a role mailbox on a press release was reported as personal data."""
    repo.item(body=f"Questions to {address}.\n", contact=f"Press office, {address}")
    assert of(repo, "C002") == []


@pytest.mark.parametrize("address", ["zhangwei@qinghe.gov.cn", "jane.smith@eastmere.gov.uk",
                                     "localplan@gmail.com", "eoc2@caldercountyoh.gov"])
def test_c002_a_persons_address_is_still_personal(repo: BulletinRepo, address: str) -> None:
    repo.item(body=f"Questions to {address}.\n")
    assert [d.code for d in of(repo, "C002")] == ["C002"]


# --- the card: severity discipline ---------------------------------------------------------


def test_a_rule_set_to_info_advises_without_failing_the_card(repo: BulletinRepo) -> None:
    rel = repo.item(title="青山县扎实推进秋冬种工作取得明显成效")
    result = CliRunner().invoke(main, ["check", "--repo", str(repo.root), "--quality",
                                       "--format", "json", str(repo.root / rel)])
    assert '"refined": {"status": "warn"' in result.stdout.replace("\n", "").replace("  ", "")
    repo.write("bulletin.yml", POLICY_X + "rules:\n  Q505: info\n  Q508: info\n")
    result = CliRunner().invoke(main, ["check", "--repo", str(repo.root), "--quality",
                                       "--format", "json", str(repo.root / rel)])
    flat = result.stdout.replace("\n", "").replace("  ", "")
    assert '"Q508"' in flat and '"refined": {"status": "pass"' in flat


@pytest.mark.parametrize("code", ["Q303", "Q304", "Q403", "Q405", "Q406", "Q407", "Q408",
                                  "Q507", "Q508", "Q509", "C008"])
def test_new_rules_are_warnings_with_the_criterion_they_name(code: str) -> None:
    rule = REGISTRY[code]
    assert rule.severity is Severity.WARNING
    expected = {"Q303": "comprehensive", "Q304": "comprehensive", "Q403": "true",
                "Q405": "true", "Q406": "true", "Q407": "true", "Q408": "true",
                "Q507": "refined", "Q508": "refined", "Q509": "refined", "C008": None}
    assert rule.criterion == expected[code]


# --- the readers the rules rest on -------------------------------------------------------------


def test_chinese_numerals_agree_with_cn2an() -> None:
    import cn2an  # a test dependency: the oracle, never used by the check

    for n in [*range(0, 2000), *range(2000, 10**6, 997), 10**8, 123456789, 2 * 10**8 + 30405]:
        assert chinese_value(cn2an.an2cn(n)) == n, n


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("1.2万户", 12000, "户"), ("三千二百人", 3200, "人"), ("2.3 million gallons", 2.3e6, "gallon"),
    ("320人次", 320, "人次"), ("63处", 63, "个"), ("45名", 45, "人"), ("860万元", 8.6e6, "元"),
    ("98 percent", 98, "%"),
])
def test_figures_are_read_with_their_units(text: str, value: float, unit: str) -> None:
    [f] = list(figures(text))
    assert (f.value, f.unit) == (value, unit)
