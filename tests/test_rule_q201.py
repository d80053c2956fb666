"""Q201 near-duplicate: a resubmitted near-copy is caught, across units and languages."""

from __future__ import annotations

import datetime as dt

from conftest import BulletinRepo, cache_of

EN = ("At 14:00 on 15 November staff at a logistics depot on Gangkou Road in Nanhu found "
      "that an above-ground tank holding 20 tonnes of diesel was leaking from a cracked "
      "outlet valve. The tank had no bund, and about 3 tonnes of diesel ran into a storm "
      "drain that discharges to the Qing River. Anglers reported an oil sheen at 15:10. "
      "The Nanhu water plant intake is 6 km downstream of the outfall, and the water "
      "company closed it at 16:20 as a precaution. Fire crews laid three lines of booms "
      "and recovered 2.1 tonnes of diesel by the next morning.\n")
ZH = ("10月28日3时40分左右，西山化工园区内一家涂料生产企业的原料仓库发生火灾。仓库面积约"
      "1200平方米，存放醋酸丁酯、二甲苯等易燃溶剂约60吨。夜班员工发现冒烟后报警，两名员工在"
      "扑救初起火灾时手臂轻度烧伤，已送医治疗。火灾烧毁仓库顶棚约600平方米，未蔓延到生产车间"
      "和相邻企业。市消防救援支队调派14辆消防车、76名指战员，6时20分扑灭明火。\n")


def q201(repo: BulletinRepo) -> list[tuple[str, str]]:
    return [(d.path, d.message) for d in repo.check().diagnostics if d.code == "Q201"]


def test_a_resubmitted_near_copy_from_another_unit_is_reported(
        bulletin_repo: BulletinRepo) -> None:
    first = bulletin_repo.item("diesel-leak", body=EN)
    resubmitted = EN.replace("20 tonnes", "25 tonnes").replace("15:10", "15:30") + \
        "The depot has been told to build a bund by December.\n"
    later = bulletin_repo.item("diesel-leak-qing", unit="health", date=dt.date(2026, 11, 20),
                               body=resubmitted)
    [(path, message)] = q201(bulletin_repo)
    assert path == later
    assert f"near-copy of {first}" in message


def test_a_chinese_near_copy_is_reported(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item("huozai", body=ZH, title="西山化工园区仓库起火",
                       summary="仓库起火，2人轻伤。")
    bulletin_repo.item("huozai-2", date=dt.date(2026, 11, 19), body=ZH.replace("60吨", "65吨"),
                       title="西山化工园区一仓库发生火灾", summary="仓库起火，2人轻伤。")
    assert [p for p, _ in q201(bulletin_repo)] == ["items/water/2026/2026-11-19-huozai-2.md"]


def test_different_items_on_the_same_topic_stay_quiet(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item("diesel-leak", body=EN)
    bulletin_repo.item("reservoir", date=dt.date(2026, 11, 19), body=(
        "The Qinghe Reservoir reached 133.5 m on 17 November, its target for the dry "
        "season, holding 458 million cubic metres. Inflows in October were 12 per cent "
        "below normal, so releases to the irrigation district were cut by a fifth. The "
        "bureau expects the level to fall by about 2 m before the spring rains.\n"))
    assert q201(bulletin_repo) == []


def test_the_index_persists_between_checks(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item("diesel-leak", body=EN)
    bulletin_repo.check()
    index = cache_of(bulletin_repo.root) / "similarity"
    assert any(index.iterdir())
    # outside the repository: nothing in it for git to see
    status = bulletin_repo.git("status", "--porcelain", "--ignored", "--untracked-files=all")
    assert all(line[3:].startswith(("bulletin.yml", "items/")) for line in status.splitlines())
    from bulletin.check.similarity.index import SimilarityIndex

    reopened = SimilarityIndex.open(index)
    assert "2026-11-18-diesel-leak" in reopened


def test_q201_can_be_switched_off(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item("diesel-leak", body=EN)
    bulletin_repo.item("diesel-leak-2", date=dt.date(2026, 11, 19), body=EN)
    assert len(q201(bulletin_repo)) == 1
    policy = bulletin_repo.root / "bulletin.yml"
    policy.write_text(policy.read_text() + "rules:\n  near-duplicate: off\n")
    assert q201(bulletin_repo) == []
    assert not any((cache_of(bulletin_repo.root) / "similarity").glob("*.tmp"))
