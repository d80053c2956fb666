"""Issue 14, second round: the quality rules on items offices actually published.

The rules were measured on real published items (a development set, then a fresh
held-out set; neither is committed, the texts being published sentences). Each test
below is a class of what went wrong there, written again in our own words, English and
Chinese: a case a rule used to report and an editor would publish, now quiet; and where
the fix narrowed a rule, the case it must still catch. New rules (Q104, Q105, Q106,
Q510) have cases that fire and cases that stay quiet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bulletin.check.rules import REGISTRY
from bulletin.diagnostics import Severity
from conftest import POLICY, TODAY, BulletinRepo

# the policy and helpers of the first round's false-alarm tests; an emergency here is
# "important" unless a test says otherwise
from test_quality_false_alarms import POLICY_Q, of
from test_quality_false_alarms import emergency as _urgent


@pytest.fixture
def repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    bulletin_repo.write("bulletin.yml", POLICY_Q)
    return bulletin_repo


def emergency(**fields: Any) -> dict[str, Any]:
    """An emergency item's fields, with the sections and sources the policy wants."""
    return _urgent(**{"priority": "important", **fields})


# --- Q102 and Q103 advise; their certain cases are Q104, Q105 and Q106 ------------------


def test_category_and_priority_fit_only_advise() -> None:
    """Cue words were wrong on most published items they judged (Q102 0 of 7, Q103 0 of
    3): both now advise, at severity info, and are left off the quality card."""
    assert REGISTRY["Q102"].severity is Severity.INFO
    assert REGISTRY["Q103"].severity is Severity.INFO
    for code in ("Q104", "Q105", "Q106"):
        assert REGISTRY[code].severity is Severity.WARNING
        assert REGISTRY[code].criterion == "high"


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Garden waste consultation opens", "Residents have until 30 June to give their views "
     "on charging for garden waste.", "The consultation opens today and runs to 30 June.\n"),
    ("市政府办公室组织开展一件事一次办改革", "全市推进一件事一次办改革，优化了政务服务。",
     "11月，全市推进一件事一次办改革。\n"),
], ids=["en", "zh"])
def test_a_category_cue_missing_is_advice(repo: BulletinRepo, title: str, summary: str,
                                          body: str) -> None:
    repo.item(title=title, summary=summary, body=body, category="proposal")
    [d] = of(repo, "Q102")
    assert d.severity is Severity.INFO


@pytest.mark.parametrize("title", ["County offices hold a fire drill; building cleared in 7 "
                                   "minutes", "白石水库开展防汛抢险应急演练"], ids=["en", "zh"])
def test_q104_drill_filed_as_emergency(repo: BulletinRepo, title: str) -> None:
    rel = repo.item(**emergency(title=title, summary="412 people left the building in 7 "
                                "minutes on 13 November.", body="The drill ran at 10:15.\n"))
    [d] = of(repo, "Q104")
    assert d.path == rel and d.severity is Severity.WARNING
    repo.item(slug="as-situation", title=title, summary="412 people took part on 13 November.")
    assert [x.path for x in of(repo, "Q104")] == [rel]


@pytest.mark.parametrize("title", ["Library opening hours extended in December",
                                   "公园冬季开放时间调整"], ids=["en", "zh"])
def test_q105_urgent_without_incident(repo: BulletinRepo, title: str) -> None:
    rel = repo.item(title=title, priority="urgent")
    assert [d.path for d in of(repo, "Q105")] == [rel]
    assert of(repo, "Q103") == []


@pytest.mark.parametrize("title", ["Boil-water notice for 900 homes after main break",
                                   "松原发生5.7级地震"], ids=["en", "zh"])
def test_q105_an_incident_may_be_urgent(repo: BulletinRepo, title: str) -> None:
    repo.item(title=title, priority="urgent")
    assert of(repo, "Q105") == []


@pytest.mark.parametrize(("title", "summary"), [
    ("Water main bursts under Jiefang Road; 3,000 households without water",
     "At 06:15 a 600 mm main burst under Jiefang Road; 3,000 households have no water."),
    ("施工挖断燃气管道，周边约300名居民紧急疏散",
     "11月20日9时15分，施工挖断燃气管道，周边约300名居民紧急疏散。"),
], ids=["en", "zh"])
def test_q106_routine_major_incident(repo: BulletinRepo, title: str, summary: str) -> None:
    rel = repo.item(**emergency(title=title, summary=summary, body=summary + "\n",
                                priority="routine"))
    [d] = of(repo, "Q106")
    assert d.path == rel and "'urgent'" in d.message
    assert of(repo, "Q103") == []  # one message for one mismatch


@pytest.mark.parametrize(("title", "summary"), [
    ("One dead, one injured after crash on Richmond Avenue",
     "A car struck a utility pole on Friday night, killing the driver and injuring a "
     "passenger."),
    ("Caldor Fire evacuation orders fully dropped",
     "All evacuation orders for 3,000 residents have been lifted."),
    ("货车侧翻致2人受伤", "11月20日9时，一辆货车在县道侧翻，2人受伤。"),
], ids=["en-casualties", "en-over", "zh-casualties"])
def test_q106_small_or_finished_incidents_may_be_routine(repo: BulletinRepo, title: str,
                                                         summary: str) -> None:
    repo.item(**emergency(title=title, summary=summary, body=summary + "\n",
                          priority="routine"))
    assert of(repo, "Q106") == []


# --- Q101: why it matters -----------------------------------------------------------------


@pytest.mark.parametrize("summary", [
    "为防范第17号台风，市海洋与渔业局于今天组织执法船检查渔船回港避风情况。",
    "The county checked all 14 dams on Friday to protect homes downstream.",
    "The health department advises residents to avoid the canal while the bloom lasts.",
], ids=["zh-为防范", "en-to-protect", "en-advises"])
def test_q101_purpose_and_advice_say_why(repo: BulletinRepo, summary: str) -> None:
    repo.item(summary=summary)
    assert of(repo, "Q101") == []


@pytest.mark.parametrize(("title", "summary"), [
    ("Autumn Trade Fair held at the Exhibition Centre",
     "The Autumn Trade Fair was held from 14 to 16 November. 212 companies exhibited, and "
     "46,000 visitors attended."),
    ("青山县召开民营企业家座谈会",
     "10月26日，青山县召开民营企业家座谈会。26位企业家参加座谈。"),
], ids=["en", "zh"])
def test_q101_an_event_held_says_nothing_of_why(repo: BulletinRepo, title: str,
                                                summary: str) -> None:
    """"from 14 to 16 November" used to read as a change from one figure to another."""
    rel = repo.item(title=title, summary=summary)
    assert [d.path for d in of(repo, "Q101")] == [rel]


# --- Q301: a figure where one is natural ----------------------------------------------------


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Water main break on Haven Way repaired",
     "Crews repaired a main break on Haven Way on Tuesday; water was turned back on at 4:45.",
     "Crews repaired the break by 1:30 p.m. and water was turned on at 4:45.\n"),
    ("All evacuation orders lifted", "This morning all voluntary evacuation orders were "
     "rescinded. Trees weakened by the fire may fall.", "Residents may return home.\n"),
    ("桃村镇停水管道抢修完毕 恢复正常供水",
     "6月16日晚，施工挖断供水管道，桃村镇区停水，17日下午3时恢复供水。",
     "6月16日晚，施工挖断供水管道，镇政府立即组织抢修，17日下午3时恢复供水。\n"),
], ids=["en-main-break", "en-orders-lifted", "zh-停水"])
def test_q301_no_figure_needed_where_no_one_is_harmed(repo: BulletinRepo, title: str,
                                                      summary: str, body: str) -> None:
    repo.item(**emergency(title=title, summary=summary, body=body))
    assert of(repo, "Q301") == []


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Driver dies after car strikes utility pole", "A car struck a utility pole on Friday "
     "night, killing the driver and injuring a passenger.", "The driver died in hospital.\n"),
    ("一名男子落水获救", "11月20日9时，一名男子在青河落水，被群众救起。", "男子已送医救治。\n"),
], ids=["en-one-person", "zh-一名"])
def test_q301_one_person_is_a_figure(repo: BulletinRepo, title: str, summary: str,
                                     body: str) -> None:
    repo.item(**emergency(title=title, summary=summary, body=body))
    assert of(repo, "Q301") == []


@pytest.mark.parametrize(("title", "summary", "body"), [
    ("Storm damages homes in Millbrook", "A storm damaged homes in Millbrook on Tuesday "
     "night; residents were evacuated.", "Residents were evacuated from several streets.\n"),
    ("暴雨致部分房屋受损", "11月20日夜，暴雨致南湖镇部分房屋受损，群众已转移。",
     "暴雨致南湖镇部分房屋受损，群众已转移。\n"),
], ids=["en", "zh"])
def test_q301_harm_without_a_figure_is_still_reported(repo: BulletinRepo, title: str,
                                                      summary: str, body: str) -> None:
    rel = repo.item(**emergency(title=title, summary=summary, body=body))
    assert [d.path for d in of(repo, "Q301")] == [rel]


def test_q301_a_purpose_is_no_vague_quantity(repo: BulletinRepo) -> None:
    """"to increase capacity in blue bins" and "trees may fall" read as quantities."""
    repo.item(summary="Collections resume on Monday; residents can help to increase "
                      "capacity by squashing cans.", body="Trees may fall in high winds.\n")
    assert of(repo, "Q301") == []
    rel = repo.item(slug="vague", summary="Complaints about potholes rose sharply this autumn.",
                    body="Complaints rose sharply.\n")
    assert [d.path for d in of(repo, "Q301")] == [rel]


# --- Q302: an update's hours ---------------------------------------------------------------


@pytest.mark.parametrize(("title", "summary"), [
    ("Update on earthquake response", "Throughout the afternoon the county has assessed "
     "19 buildings for structural damage."),
    ("城区停水抢修进展", "目前，抢修人员正在更换破损管道，预计当晚恢复供水。"),
], ids=["en-afternoon", "zh-目前-当晚"])
def test_q302_an_update_puts_events_in_time_by_the_hour(repo: BulletinRepo, title: str,
                                                         summary: str) -> None:
    repo.item(**emergency(title=title, summary=summary, body=summary + "\n",
                          event_date=None))
    assert of(repo, "Q302") == []


def test_q302_recently_with_only_an_hour_lacks_the_day(repo: BulletinRepo) -> None:
    rel = repo.item(**emergency(title="公路山体滑坡 消防抢通", event_date=None,
                                summary="近日，猪场坪乡公路因暴雨发生山体滑坡，当天18时55分抢通。",
                                body="近日，公路因暴雨发生山体滑坡，当天18时55分抢通。\n"))
    assert [d.path for d in of(repo, "Q302")] == [rel]


# --- Q505 and Q304: the sound official register ---------------------------------------------


@pytest.mark.parametrize("body", [
    "县委、县政府高度重视，先后两次召开常务会议，切实加强督查，关闭非法矿点12处。\n",
    "Crews worked tirelessly in order to clear 40 miles of main roads by Friday.\n",
], ids=["zh", "en"])
def test_q505_weak_phrases_alone_are_not_sent_back(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q505") == []


@pytest.mark.parametrize(("body", "strong"), [
    ("县委、县政府高度重视，多措并举，关闭非法矿点12处。\n", "多措并举"),
    ("Crews worked tirelessly and the council is proud to report 40 miles cleared.\n",
     "is proud to"),
], ids=["zh", "en"])
def test_q505_a_real_filler_brings_the_weak_ones(repo: BulletinRepo, body: str,
                                                 strong: str) -> None:
    rel = repo.item(body=body)
    found = of(repo, "Q505")
    assert {d.path for d in found} == {rel} and len(found) == 2
    assert any(f"'{strong}'" in d.message for d in found)


def test_q304_thanks_in_a_quote_is_not_a_lack_of_facts(repo: BulletinRepo) -> None:
    repo.item(summary="Missed bins will be collected on Saturday, December 16.",
              body="We will collect missed black bins on Saturday, December 16.\n\n"
                   "“Crews have worked tirelessly. I would like to thank residents for "
                   "their patience,” the cabinet member said.\n")
    assert of(repo, "Q304") == []


# --- Q406: today and tomorrow ----------------------------------------------------------------


@pytest.mark.parametrize("summary", [
    "Communities are warned to prepare for flooding today and tomorrow (Sunday 29 "
    "November).",
    "今天和明天（11月29日）部分地区有暴雨，请做好防范。",
], ids=["en", "zh"])
def test_q406_a_date_after_tomorrow_is_tomorrows(repo: BulletinRepo, summary: str) -> None:
    repo.item(summary=summary, date=dt.date(2026, 11, 28), event_date=None)
    assert of(repo, "Q406") == []


def test_q406_today_beside_another_day_is_still_reported(repo: BulletinRepo) -> None:
    rel = repo.item(summary="Crews cleared the road this morning (25 November).",
                    date=dt.date(2026, 11, 28), event_date=None)
    assert [d.path for d in of(repo, "Q406")] == [rel]


# --- masked numbers: not a plate, not a placeholder --------------------------------------------


def test_a_masked_plate_is_neither_personal_nor_a_placeholder(repo: BulletinRepo) -> None:
    repo.item(summary="11月20日，林某某驾驶闽CD5XXX号电动汽车追尾闽A95XXX号货车，举报电话138XXXX1234已停用。")
    assert of(repo, "C008") == [] and of(repo, "Q303") == []
    rel = repo.item(slug="plate", summary="11月20日，闽A95K32号货车追尾。")
    assert [d.path for d in of(repo, "C008")] == [rel]
    rel2 = repo.item(slug="todo", summary="全市共XX个乡镇受灾。")
    assert [d.path for d in of(repo, "Q303")] == [rel2]


# --- C008: personal details that are not numbers -----------------------------------------------


@pytest.mark.parametrize("summary", [
    "经初步调查，死者吴某某（男，现年19岁，渠江镇人）等5人相约游泳。",
    "2名5岁多的双胞胎儿童（廖某旭、廖某阳）在村口走失。",
    "The driver was 36-year-old Darrell Lee Taylor, a resident of Louisville.",
], ids=["zh-现年", "zh-children", "en-year-old"])
def test_c008_a_named_person_with_age_and_home(repo: BulletinRepo, summary: str) -> None:
    rel = repo.item(summary=summary)
    assert [d.path for d in of(repo, "C008")] == [rel]


def test_c008_an_age_without_a_name_is_not_personal(repo: BulletinRepo) -> None:
    repo.item(summary="The individual is a 44-year-old male with contact to a known case.")
    assert of(repo, "C008") == []


# --- C002: an office's line by its context -----------------------------------------------------


@pytest.mark.parametrize("body", [
    "Contact Niagara Region Public Health by calling 905-688-8248 ext. 7019.\n",
    "To sign up, visit https://www.yorkcountygov.com/academy or call (803) 684-8511.\n",
    "Contact the County Health Department on (202) 555-0143 for advice.\n",
    "咨询请致电0571-87651234转8012。\n",
], ids=["en-extension", "en-after-web-address", "en-call-the-department", "zh-转"])
def test_c002_an_office_line_is_not_personal_data(bulletin_repo: BulletinRepo,
                                                  body: str) -> None:
    bulletin_repo.write("bulletin.yml", POLICY + "personal_data: {regions: [CN, US]}\n")
    bulletin_repo.item(body=body)
    assert [d for d in bulletin_repo.check(TODAY).diagnostics if d.code == "C002"] == []


@pytest.mark.parametrize("body", [
    "Reach the tenant at (202) 555-0143.\n",
    "Call Mrs Ellis of the County Health Department on her mobile, (202) 555-0143.\n",
    "The file is at https://outside.example/notes; her mobile is (202) 555-0143.\n",
    "报道见 http://news.example.cn/a/123.html ，联系人张某，手机13912345678。\n",
], ids=["en-tenant", "en-named-person", "en-after-an-address", "zh-after-an-address"])
def test_c002_a_persons_line_is_still_reported(bulletin_repo: BulletinRepo,
                                               body: str) -> None:
    bulletin_repo.write("bulletin.yml", POLICY + "personal_data: {regions: [CN, US]}\n")
    rel = bulletin_repo.item(body=body)
    found = [d for d in bulletin_repo.check(TODAY).diagnostics if d.code == "C002"]
    assert [d.path for d in found] == [rel]


@pytest.mark.parametrize(("sources", "body"), [
    (["https://news.example.com/2026/11-18/3207626.shtml"],
     "Read the release at https://www.example.gov/p/838694221?pid=9075636686 today.\n"),
    (["http://45.113.194.42/p/838694221?pid=9075636686"],
     "原文见 http://m.example.cn/xwzx/202207/t20220715_12452560.htm 。\n"),
], ids=["en", "zh"])
def test_c002_a_web_addresss_digits_are_no_phone_number(bulletin_repo: BulletinRepo,
                                                        sources: list[str],
                                                        body: str) -> None:
    """An article id in a source's or the body's address is read as no phone number
    (it used to be: C002 is an error and blocked the pull request)."""
    bulletin_repo.write("bulletin.yml", POLICY + "personal_data: {regions: [CN, US]}\n")
    bulletin_repo.item(body=body, sources=sources)
    assert [d for d in bulletin_repo.check(TODAY).diagnostics if d.code == "C002"] == []


# --- Q404: a superlative's word in its ordinary sense -------------------------------------------


@pytest.mark.parametrize("body", [
    "Borrowers with outstanding loans may return books at the visitor centre.\n",
    "Any fines still outstanding on 1 March will be waived.\n",
    "We thank the crews who kept services running through these unprecedented times.\n",
    "面对前所未有的挑战，各级部门连夜转移群众3200人。\n",
    "今年汛期防汛形势空前严峻，全市转移群众3200人。\n",
], ids=["en-outstanding-loans", "en-still-outstanding", "en-unprecedented-times",
        "zh-前所未有的挑战", "zh-空前严峻"])
def test_q404_an_ordinary_sense_is_no_superlative(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q404") == []


@pytest.mark.parametrize(("body", "word"), [
    ("The team did an outstanding job on the new bridge.\n", "outstanding"),
    ("The response to the floods was outstanding.\n", "outstanding"),
    ("The campaign was an unprecedented success across the borough.\n", "unprecedented"),
    ("整治行动取得前所未有的成效。\n", "前所未有"),
], ids=["en-outstanding-job", "en-was-outstanding", "en-unprecedented-success",
        "zh-前所未有的成效"])
def test_q404_praise_is_still_reported(repo: BulletinRepo, body: str, word: str) -> None:
    rel = repo.item(body=body)
    found = of(repo, "Q404")
    assert [d.path for d in found] == [rel] and word in found[0].message


# --- Q403: only counts of one unit add up --------------------------------------------------------


@pytest.mark.parametrize("body", [
    "Inspectors tested 820 samples, including 530 samples from shops, 290 samples from "
    "farms and 6 samples per 1,000 residents.\n",
    "Inspectors tested 820 samples, including 530 samples from shops, 290 samples from "
    "farms, 6 samples a day.\n",
    "全年共完成抽检8200批次，比上年的6100批次增加了2100批次。其中，普通食品抽检5300批次，"
    "农产品抽检2900批次，抽检量达到4.1批次/千人，比上年的3.0批次/千人增加了1.1批次/千人。\n",
    "全市共有医院床位5400张，其中公立医院3100张、民营医院2300张，每千人拥有床位6.3张。\n",
    "Crews rescued 63 people, including 28 people from cars and 35 people from homes, and "
    "12 people were later taken to hospital.\n",
    "检出不合格食品347批次。其中，市局完成的4068批次抽检中，普通食品3108批次、农产品960批次，"
    "检出不合格158批次。\n",
], ids=["en-per-1000", "en-a-day", "zh-批次每千人-and-last-years-total", "zh-每千人",
        "en-parts-make-the-total-then-another-measure", "zh-a-total-of-its-own-then-another"])
def test_q403_rates_are_not_parts_of_a_count(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q403") == []


@pytest.mark.parametrize("body", [
    "Inspectors tested 820 samples, including 560 samples from shops and 290 samples "
    "from farms, or 6 samples per 1,000 residents.\n",
    "全年共完成抽检8200批次。其中，普通食品抽检5300批次，农产品抽检3100批次，"
    "抽检量达到4.1批次/千人。\n",
    "检出不合格食品347批次。其中，市局完成的4068批次抽检中，普通食品3208批次、农产品960批次。\n",
], ids=["en", "zh", "zh-a-total-of-its-own"])
def test_q403_counts_beside_a_rate_still_add_up(repo: BulletinRepo, body: str) -> None:
    rel = repo.item(body=body)
    assert [d.path for d in of(repo, "Q403")] == [rel]


# --- Q505: 积极开展 and 全面提升 are the ordinary register --------------------------------------


def test_q505_ordinary_register_alone_is_not_filler(repo: BulletinRepo) -> None:
    repo.item(body="春运期间积极开展客运组织，全面提升站场服务，发送旅客41.2万人次。\n")
    assert of(repo, "Q505") == []


def test_q505_ordinary_register_beside_a_slogan_is_reported(repo: BulletinRepo) -> None:
    rel = repo.item(body="春运期间积极开展客运组织，砥砺前行，发送旅客41.2万人次。\n")
    found = of(repo, "Q505")
    assert {d.path for d in found} == {rel}
    assert any("积极开展" in d.message for d in found)


# --- Q507: a web page's furniture ---------------------------------------------------------------


@pytest.mark.parametrize(("body", "furniture"), [
    ("Police closed the road at 11:50 p.m.\n\nShare this story\n", "Share this story"),
    ("Police closed the road.\n\nCopyright 2021 Nexstar Media Inc. All rights reserved.\n",
     "Copyright 2021"),
    ("Police closed the road.\n\nKrystal Knapp is the founding editor of the Planet. "
     "Follow her on Twitter.\n", "is the founding editor of"),
    ("记者致电水务公司了解到，停水是原水管爆裂所致。\n", "记者致电"),
    ("11月20日恢复供水。\n\n此前报道：城区停水\n", "此前报道："),
], ids=["en-share", "en-copyright", "en-bio", "zh-记者致电", "zh-此前报道"])
def test_q507_page_furniture(repo: BulletinRepo, body: str, furniture: str) -> None:
    rel = repo.item(body=body)
    found = of(repo, "Q507")
    assert found and {d.path for d in found} == {rel}
    assert any(furniture in d.message for d in found)


def test_q507_a_news_site_dateline_is_left_alone(repo: BulletinRepo) -> None:
    """绥宁新闻网讯 opened an item an editor published: only 融媒讯 and 本报讯 are reported."""
    repo.item(body="绥宁新闻网讯 5月15日，S342线发生山体滑坡，已于当晚抢通。\n")
    assert of(repo, "Q507") == []


# --- Q508: a self-praising title -----------------------------------------------------------------


def test_q508_celebrating_its_achievements(repo: BulletinRepo) -> None:
    rel = repo.item(title="Council celebrates achievements in annual report")
    assert [d.path for d in of(repo, "Q508")] == [rel]


# --- Q510: typing slips -----------------------------------------------------------------------


@pytest.mark.parametrize(("body", "slip"), [
    ("Liberty Bridge was reopened was reopened on Saturday.\n", "was reopened was reopened"),
    ("The crews closed the the northbound lane on 17 November.\n", "the the"),
    ("暴雨导致6个远城区受灾，涉及涉及15个乡镇。\n", "涉及涉及"),
    ("11月17日，城区停水。\n\n上午10时，\n\n随后恢复供水。\n", "stops on a comma"),
    ("11月17日，城区停水，经过连夜抢修，\ufffd\n", "could not be read"),
], ids=["en-phrase", "en-the-the", "zh-涉及涉及", "zh-cut-off", "unreadable"])
def test_q510_typing_slips(repo: BulletinRepo, body: str, slip: str) -> None:
    rel = repo.item(body=body)
    found = of(repo, "Q510")
    assert found and {d.path for d in found} == {rel}
    assert any(slip in d.message for d in found)
    assert all(d.severity is Severity.WARNING for d in found)


@pytest.mark.parametrize("body", [
    "He had had enough of the delays, and that that was so surprised no one.\n",
    "The reservoir, the pumping station and the two towers,\nall built in 1998, were "
    "inspected on 17 November.\n",
    "西山区山区水库多、建设年代早，病险水库一个一个排查。\n",
    "- Roads closed:\n- Elm Street,\n- Oak Avenue\n",
], ids=["en-had-had", "en-wrapped-line", "zh-across-words", "list-items"])
def test_q510_language_is_not_a_slip(repo: BulletinRepo, body: str) -> None:
    repo.item(body=body)
    assert of(repo, "Q510") == []
