"""Near-duplicate detection (bulletin.check.similarity) on real bulletin texts.

The base texts are items of the demo bulletin (title, summary and body);
the resubmissions are edited by hand the way a unit would: a changed date,
a changed figure, a reordered sentence, a sentence or a few words added.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bulletin.check.similarity.index import Doc, SimilarityIndex
from bulletin.check.similarity.matches import DEFAULT_THRESHOLD, Match, compare
from bulletin.check.similarity.signatures import normalise, signature, tokens
from bulletin.check.similarity.store import INDEX_FILE, VERIFIED, default_cache_dir

ROOT = Path(__file__).resolve().parents[1]

FLOOD = """\
Overnight rainstorm floods 46 streets and 3 villages in Nanhu District
From 22:00 on 26 August, 156 mm of rain fell on Nanhu in six hours, flooding 46 streets and \
3 villages; 1,380 residents were moved and no one was hurt. Two pumping stations failed, and \
drainage in the new town is below design standard, so the same could happen in the next heavy \
storm.

## What happened

Between 22:00 on 26 August and 04:00 on 27 August, rain gauges in Nanhu
District recorded 156 mm, with 71 mm falling in the hour after midnight.
Water stood 30–80 cm deep on 46 streets, mainly in the new town south of
Hubin Road. Three villages in Liuzhuang township were cut off when the
Xiaoqing stream overtopped its banks. 212 ground-floor homes and 9 basement
car parks took in water. There were no deaths or injuries.

## Response

The district activated its level-III flood response at 23:10. 640 staff,
firefighters and volunteers were deployed; 1,380 residents were moved to six
temporary shelters (schools and community centres). Two pumping stations at
Hubin Road and Nanhu Park stopped for about two hours when their power supply
failed; mobile pumps from the fire brigade took over at 01:40. All streets
were passable again by 10:00 on 27 August.

## Next steps

- Return residents home once power and water checks in the three villages are
  complete, expected by the evening of 27 August.
- Assess damage to homes, shops and crops; a first estimate will follow on
  29 August.
- The district asks the Housing Bureau to review the new town's drainage,
  which was built to a 1-in-2-year standard, and to give both pumping stations
  backup generators before the next rain.
"""

RESERVOIR = """\
Qinghe Reservoir holds at 92 per cent of flood-limit level after August rains
After 214 mm of rain in August, Qinghe Reservoir stood at 131.6 m on 26 August, 0.9 m below \
its flood-season limit, with releases raised to 180 cubic metres per second. Another \
heavy-rain spell would force larger releases, affecting 11 riverside villages downstream.

Rainfall across the Qinghe catchment from 1 to 25 August totalled 214 mm,
61 per cent above the August average. Inflow to Qinghe Reservoir peaked at
1,240 cubic metres per second on 19 August.

## Current levels

At 08:00 on 26 August the reservoir level was 131.6 m, 0.9 m below the
flood-season limit of 132.5 m and 6.8 m below the dam crest. Storage stood
at 412 million cubic metres. The bureau has held releases at 180 cubic metres
per second since 22 August, within the safe capacity of the river channel
downstream (600 cubic metres per second).

The four medium-sized reservoirs are all below their limits. Of 37 small
reservoirs, 6 are spilling over their emergency spillways, which is normal
operation for them.

## What it means

The remaining flood-season margin is about 45 million cubic metres. The
Meteorological Bureau forecasts 40–70 mm for the catchment in the first week
of September. If that falls, the bureau expects to raise releases to 300–400
cubic metres per second for up to four days. At that flow, low-lying fields
in 11 villages along the lower Qing River in Xishan District would be
waterlogged, but no homes would be affected.

## Next steps

Reservoir staff are on 24-hour duty. The bureau will notify Xishan District
and the 11 villages at least 12 hours before any release above 300 cubic
metres per second.
"""

STORAGE = """\
Qinghe Reservoir reaches its post-flood storage target of 133.5 m
Qinghe Reservoir reached 133.5 m on 17 November, its target for the dry season, holding \
458 million cubic metres. This secures the city's drinking water and spring irrigation until \
next June, even if winter rainfall is half of normal.

## Levels

Qinghe Reservoir reached 133.5 m at 08:00 on 17 November, the target set
for post-flood-season storage. It holds 458 million cubic metres, 86 per
cent of its normal capacity and about 40 million cubic metres more than on
the same day of 2025. Releases have been reduced to the environmental flow
of 12 cubic metres per second.

The four medium-sized reservoirs hold between 78 and 91 per cent of normal
capacity.

## Supply outlook

The bureau's balance for November 2026 to June 2027 puts demand from the
reservoir at about 210 million cubic metres: 96 million for drinking water,
86 million for spring irrigation and 28 million for industry and
environmental flows. Even if winter and spring rainfall is half the
average, the reservoir would end June at about 129 m, above the minimum
operating level of 121 m.

## Watch points

- Water quality: the reservoir has been grade II all year. Algae monitoring
  continues monthly through winter.
- Dam safety: the post-flood inspection of the main dam on 5 November found
  no new seepage. Repairs to the spillway gate hoists, damaged in September,
  will be finished by 15 December.
"""

DENGUE = """\
南湖区一周清除积水容器3.2万个，登革热疫情未再扩散
柳庄镇出现登革热本地病例后，南湖区组织全区“清积水”行动，一周清除积水容器约3.2万个，核心区布雷图指数从42降到4。\
疫情累计9例，9月25日后无新发病例。台风或暴雨过后，其他区可照此及时清理积水。

9月20日柳庄镇确诊本地登革热病例后，南湖区在9月21日至28日开展全区“清积水”行动，重点是台风过后留在院落、工地和废品站里的积水。

## 主要做法

- 划片包干。全区按村（社区）划为212个网格，每格由一名网格员带两名志愿者，\
每天下午巡查一遍，清掉或倒扣积水容器，拍照上传。
- 先清重点部位。废品收购站、建筑工地、花卉市场和废旧轮胎堆放点由区城管、住建部门牵头，\
限期清理，共清运废旧轮胎1,700多条。
- 居民自查。社区在微信群每天推送“倒一倒、翻一翻、清一清”的提示，中小学布置“家庭清积水”作业。
- 监测说话。疾控中心每三天测一次布雷图指数，结果按村公布。

## 成效

- 一周共清除积水容器约3.2万个，核心区布雷图指数从9月20日的42降至9月28日的4，全区平均由19降至6。
- 疫情累计报告病例9例，均已治愈出院；9月25日以后没有新发病例。
- 行动共投入网格员和志愿者约1,900人次，没有专门新增经费。

不足之处是部分工地积水反复出现，区住建部门已将清积水纳入工地日常检查。
"""

FLOOD_SEASON = """\
2026年汛期全市水库拦蓄洪水约2.3亿立方米，无一出险
今年汛期全市降雨量比常年偏多38%，大中型水库共拦蓄洪水约2.3亿立方米，削减青河下游洪峰约六成，水库均未出险。\
但青河水库汛末水位偏高，小型水库监测设施缺失问题仍未解决，关系到明年汛期安全。

## 降雨和来水

6月1日至9月28日，全市平均降雨量782毫米，比常年偏多38%。主要过程有3次：8月下旬连续强降雨、8月26日夜南湖区短时暴雨、\
9月17日至19日第14号台风残余环流降雨。青河水库最大入库流量为9月18日的2,860立方米每秒，是建库以来第三大。

## 水库调度

- 青河水库和4座中型水库共拦蓄洪水约2.3亿立方米。台风期间青河水库最大下泄流量控制在580立方米每秒，\
低于下游河道600立方米每秒的安全泄量，削减洪峰约六成。
- 台风来临前提前预泄约6,000万立方米，为拦蓄洪水腾出了库容。
- 37座小型水库中有11座溢洪道过流，最大过流水深0.8米，均在设计范围内。
- 汛期没有发生垮坝、漫坝和人员伤亡。

## 存在的问题

一是青河水库9月28日水位132.3米，只比汛限水位低0.2米，进入秋季后蓄水与防洪需要重新平衡。\
二是9月初检查发现的14座小型水库监测设施缺失问题，维护资金尚未落实。\
三是台风期间有3座中型水库的雨量站中断数据传输6至10小时。

## 下一步

10月1日起青河水库转入汛后蓄水调度，目标水位133.5米。市水利局将在10月底前完成汛后水毁工程核查，\
并提出2027年小型水库监测维护资金方案。
"""


def edit(text: str, *changes: tuple[str, str]) -> str:
    """``text`` with each ``(old, new)`` replaced once; every ``old`` must be there."""
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# A resubmission: another date, other figures, two sentences swapped, one added.
FLOOD_AGAIN = edit(
    FLOOD,
    ("From 22:00 on 26 August, 156 mm", "From 21:30 on 25 August, 162 mm"),
    ("1,380 residents were moved and", "1,420 residents were moved and"),
    (
        "Three villages in Liuzhuang township were cut off when the\nXiaoqing stream overtopped "
        "its banks. 212 ground-floor homes and 9 basement\ncar parks took in water.",
        "218 ground-floor homes and 9 basement car parks took in water. Three villages in "
        "Liuzhuang township were cut off when the Xiaoqing stream overtopped its banks.",
    ),
    (
        "All streets\nwere passable again",
        "Schools in the new town stayed closed for the day. All streets\nwere passable again",
    ),
)

DENGUE_AGAIN = edit(
    DENGUE,
    ("一周清除积水容器约3.2万个，核心区", "一周清除积水容器约3.5万个，核心区"),
    ("在9月21日至28日开展", "在9月22日至29日开展"),
    ("共清运废旧轮胎1,700多条。", "共清运废旧轮胎1,800多条。区财政另安排专项经费购买杀虫药械。"),
    (
        "- 疫情累计报告病例9例，均已治愈出院；9月25日以后没有新发病例。\n"
        "- 行动共投入网格员和志愿者约1,900人次，没有专门新增经费。",
        "- 行动共投入网格员和志愿者约1,900人次，没有专门新增经费。\n"
        "- 疫情累计报告病例9例，均已治愈出院；9月25日以后没有新发病例。",
    ),
)

BASE = [
    Doc("items/nanhu-district/2026/2026-08-27-nanhu-rainstorm-flooding.md", FLOOD),
    Doc("items/water/2026/2026-08-26-qinghe-reservoir-flood-limit.md", RESERVOIR),
    Doc("items/water/2026/2026-11-18-reservoir-winter-storage.md", STORAGE),
    Doc("items/nanhu-district/2026/2026-10-09-nanhu-qing-jishui-miewen.md", DENGUE),
    Doc("items/water/2026/2026-09-29-shuiku-xunqi-yunxing.md", FLOOD_SEASON),
]
FLOOD_COPY = Doc("items/housing/2026/2026-08-28-new-town-flooding.md", FLOOD_AGAIN)
DENGUE_COPY = Doc("items/health/2026/2026-10-12-dengfe-qing-jishui.md", DENGUE_AGAIN)


def index_of(*docs: Doc) -> SimilarityIndex:
    index = SimilarityIndex.open(None)
    index.update(docs)
    return index


def pairs(matches: list[Match]) -> set[tuple[str, str]]:
    return {(m.a, m.b) for m in matches}


def pair(a: Doc, b: Doc) -> tuple[str, str]:
    """The ids of a pair as reported: the smaller first."""
    return (a.id, b.id) if a.id < b.id else (b.id, a.id)


# --------------------------------------------------------------------------
# Text to signature
# --------------------------------------------------------------------------


def test_normalise_folds_width_case_and_figures() -> None:
    assert normalise("Ｒeservoir at ３．２ m on 2026-08-27, 1,380 moved") == (
        "reservoir at 0 m on 0, 0 moved"
    )
    assert normalise("约3.2万个，９月２５日") == "约0万个,0月0日"


def test_tokens_split_cjk_by_character_and_drop_punctuation() -> None:
    assert tokens("## Next steps: 46 streets (Hubin Road).") == [
        "next",
        "steps",
        "0",
        "streets",
        "hubin",
        "road",
    ]
    assert tokens("青河水库，3座 GPS站") == ["青", "河", "水", "库", "0", "座", "gps", "站"]


def test_signature_ignores_changed_figures_but_not_changed_words() -> None:
    text = "Rain gauges in Nanhu District recorded 156 mm, with 71 mm after midnight."
    assert signature(text).tolist() == signature(text.replace("156", "212")).tolist()
    assert signature(text).tolist() != signature(text.replace("midnight", "noon")).tolist()
    assert signature("too short").size == 0
    assert signature(FLOOD).tolist() == signature(FLOOD).tolist()  # deterministic


# --------------------------------------------------------------------------
# What is flagged and what is not
# --------------------------------------------------------------------------


def test_english_resubmission_with_new_date_figure_and_sentence_is_found() -> None:
    index = index_of(*BASE, FLOOD_COPY)
    found = [m for m in index.near_duplicates() if FLOOD_COPY.id in (m.a, m.b)]
    assert len(found) == 1
    match = found[0]
    assert {match.a, match.b} == {BASE[0].id, FLOOD_COPY.id}
    assert DEFAULT_THRESHOLD <= match.similarity < 1
    assert match.containment >= match.similarity


def test_chinese_resubmission_with_new_date_figure_and_sentence_is_found() -> None:
    index = index_of(*BASE, DENGUE_COPY)
    found = [m for m in index.near_duplicates() if DENGUE_COPY.id in (m.a, m.b)]
    assert [(m.a, m.b) for m in found] == [pair(BASE[3], DENGUE_COPY)]
    assert DEFAULT_THRESHOLD <= found[0].similarity < 1


def test_resubmission_is_found_by_a_query_against_the_index() -> None:
    index = index_of(*BASE)
    found = index.similar_to(FLOOD_COPY)
    assert [(m.a, m.b) for m in found] == [(FLOOD_COPY.id, BASE[0].id)]
    found = index.similar_to(DENGUE_COPY)
    assert [(m.a, m.b) for m in found] == [(DENGUE_COPY.id, BASE[3].id)]


def test_different_items_on_the_same_topic_are_not_flagged() -> None:
    # Three English items about reservoirs and floods, two Chinese ones on
    # flood season and dengue after the typhoon: same words, different facts.
    for text in (RESERVOIR, STORAGE):
        assert "reservoir" in text.lower() and "flood" in text.lower()
    similarity, containment, _ = compare(signature(RESERVOIR), signature(STORAGE))
    assert similarity < 0.1 and containment < 0.2
    index = index_of(*BASE)
    assert index.near_duplicates() == []
    assert index.near_duplicates(threshold=0.3, containment=0.4) == []
    # ... while a copy that only renames the reservoir is one.
    renamed = index.similar_to(Doc("new.md", RESERVOIR.replace("Qinghe", "Xishan")))
    assert [(m.a, m.b) for m in renamed] == [("new.md", BASE[1].id)]
    assert renamed[0].similarity >= 0.9


def test_item_copied_inside_a_longer_one_is_found_by_containment() -> None:
    longer = Doc(
        "items/emergency/2026/2026-09-01-august-summary.md",
        "August summary\n\n" + STORAGE + "\n\n" + FLOOD_AGAIN + "\n\n" + FLOOD_SEASON,
    )
    index = index_of(BASE[0], BASE[3], longer)
    found = index.near_duplicates()
    assert pairs(found) == {pair(BASE[0], longer)}
    match = found[0]
    assert match.similarity < DEFAULT_THRESHOLD <= match.containment
    # Containment can be switched off: similarity alone then decides.
    assert index.near_duplicates(containment=None) == []


def test_short_routine_items_sharing_boilerplate_are_not_flagged() -> None:
    week1 = Doc("a.md", "Weekly duty report: no incidents on 3 May. The hotline was staffed.")
    week2 = Doc("b.md", "Weekly duty report: no incidents on 10 May. The hotline was staffed.")
    zh1 = Doc("c.md", "本周值班情况：5月3日辖区无突发事件，值班电话保持畅通。")
    zh2 = Doc("d.md", "本周值班情况：5月10日辖区无突发事件，值班电话保持畅通。")
    assert compare(signature(week1.text), signature(week2.text))[0] == 1.0
    assert compare(signature(zh1.text), signature(zh2.text))[0] == 1.0
    index = index_of(week1, week2, zh1, zh2)
    assert index.near_duplicates() == []
    assert index.similar_to(Doc("e.md", week1.text)) == []


def test_thresholds_are_checked() -> None:
    index = index_of(*BASE)
    with pytest.raises(ValueError):
        index.near_duplicates(threshold=0)
    with pytest.raises(ValueError):
        index.similar_to(BASE[0], containment=1.5)


# --------------------------------------------------------------------------
# Pairs: once, ordered, deterministic
# --------------------------------------------------------------------------


def test_pairs_are_reported_once_in_a_deterministic_order() -> None:
    third = Doc("items/a-first/2026/flood.md", FLOOD_AGAIN.replace("six hours", "5 hours"))
    docs = [*BASE, FLOOD_COPY, DENGUE_COPY, third]
    forward = index_of(*docs).near_duplicates()
    backward = index_of(*reversed(docs)).near_duplicates()
    assert forward == backward
    assert all(m.a < m.b for m in forward)
    assert len(pairs(forward)) == len(forward) == 4  # 3 flood pairs, 1 dengue pair
    keys = [(-m.similarity, -m.containment, m.a, m.b) for m in forward]
    assert keys == sorted(keys)


def test_query_agrees_with_the_pairs_found_after_adding_the_item() -> None:
    index = index_of(*BASE, DENGUE_COPY)
    third = Doc("items/a-first/2026/flood.md", FLOOD_AGAIN.replace("six hours", "5 hours"))
    asked = index.similar_to(third)
    assert {m.a for m in asked} == {third.id}
    index.update([third])
    found = [m for m in index.near_duplicates() if third.id in (m.a, m.b)]
    assert {(m.b, m.similarity, m.containment) for m in asked} == {
        (m.b if m.a == third.id else m.a, m.similarity, m.containment) for m in found
    }
    # An indexed item is not compared with itself.
    assert [m.b for m in index.similar_to(BASE[3])] == [DENGUE_COPY.id]


# --------------------------------------------------------------------------
# The persistent index
# --------------------------------------------------------------------------


def test_index_persists_and_reuses_stored_signatures(tmp_path: Path) -> None:
    cache = default_cache_dir(tmp_path)
    docs = [*BASE, FLOOD_COPY, DENGUE_COPY]
    first = SimilarityIndex.open(cache)
    assert first.stats.loaded == 0 and first.stats.rebuilt is None
    first.sync(docs)
    assert first.stats.hashed == len(docs)
    expected = first.near_duplicates()
    first.save()
    assert (cache / INDEX_FILE).is_file()
    assert sorted(p.name for p in cache.iterdir()) == [INDEX_FILE, VERIFIED]  # no temporary file

    second = SimilarityIndex.open(cache)
    assert second.stats.loaded == len(docs)
    second.sync(docs)
    assert second.stats.hashed == 0 and second.stats.reused == len(docs)
    assert second.near_duplicates() == expected
    assert second.similar_to(FLOOD_COPY) == [
        Match(FLOOD_COPY.id, BASE[0].id, *_measure(FLOOD_COPY, BASE[0]))
    ]

    # One item edited, one renamed (same text, new id): only the edit is hashed.
    renamed = Doc("items/water/2026/2026-11-19-storage.md", STORAGE)
    edited = Doc(BASE[1].id, RESERVOIR + "\nReleases were cut to 150 cubic metres per second.")
    docs = [BASE[0], edited, renamed, *BASE[3:], FLOOD_COPY, DENGUE_COPY]
    second.sync(docs)
    assert (second.stats.hashed, second.stats.dropped) == (1, 1)
    second.save()
    third = SimilarityIndex.open(cache)
    assert third.ids == sorted(d.id for d in docs)
    third.sync(docs)
    assert third.stats.hashed == 0


def _measure(a: Doc, b: Doc) -> tuple[float, float, int]:
    similarity, containment, shared = compare(signature(a.text), signature(b.text))
    return round(similarity, 4), round(containment, 4), shared


def test_deleted_items_are_dropped(tmp_path: Path) -> None:
    cache = default_cache_dir(tmp_path)
    index = SimilarityIndex.open(cache)
    index.sync([*BASE, FLOOD_COPY, DENGUE_COPY])
    assert len(index.near_duplicates()) == 2
    index.save()
    index = SimilarityIndex.open(cache)
    index.sync([*BASE, DENGUE_COPY])
    assert index.stats.dropped == 1
    assert FLOOD_COPY.id not in index
    assert pairs(index.near_duplicates()) == {pair(BASE[3], DENGUE_COPY)}
    index.save()
    reopened = SimilarityIndex.open(cache)
    assert FLOOD_COPY.id not in reopened.ids and len(reopened) == len(BASE) + 1
    reopened.remove([DENGUE_COPY.id, "no/such/item.md"])
    assert reopened.near_duplicates() == []


def _garbage(data: bytes) -> bytes:
    return b"\x00not an index\xff" * 10


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _bit_flipped(data: bytes) -> bytes:
    middle = len(data) * 3 // 4
    return data[:middle] + bytes([data[middle] ^ 0x10]) + data[middle + 1 :]


def _other_version(data: bytes) -> bytes:
    return data[:8] + (999).to_bytes(4, "little") + data[12:]


def _other_parameters(data: bytes) -> bytes:
    assert b'"latin_n": 3' in data
    return data.replace(b'"latin_n": 3', b'"latin_n": 5', 1)


def _empty(data: bytes) -> bytes:
    return b""


@pytest.mark.parametrize(
    "damage",
    [_garbage, _truncated, _bit_flipped, _other_version, _other_parameters, _empty],
)
def test_a_damaged_or_foreign_cache_file_is_rebuilt(tmp_path: Path, damage: object) -> None:
    assert callable(damage)
    cache = default_cache_dir(tmp_path)
    docs = [*BASE, FLOOD_COPY, DENGUE_COPY]
    index = SimilarityIndex.open(cache)
    index.sync(docs)
    expected = index.near_duplicates()
    index.save()
    path = cache / INDEX_FILE
    path.write_bytes(damage(path.read_bytes()))

    index = SimilarityIndex.open(cache)
    assert index.stats.rebuilt is not None
    assert len(index) == 0
    index.sync(docs)
    assert index.stats.hashed == len(docs)
    assert index.near_duplicates() == expected
    index.save()
    again = SimilarityIndex.open(cache)
    assert again.stats.rebuilt is None and again.stats.loaded == len(docs)


def test_concurrent_writers_leave_a_valid_file(tmp_path: Path) -> None:
    cache = default_cache_dir(tmp_path)
    one, two = SimilarityIndex.open(cache), SimilarityIndex.open(cache)
    one.sync(BASE[:3])
    two.sync([*BASE, FLOOD_COPY])
    two.save()
    one.save()  # the last writer wins, whole
    final = SimilarityIndex.open(cache)
    assert final.stats.rebuilt is None and final.ids == sorted(d.id for d in BASE[:3])
    assert sorted(p.name for p in cache.iterdir()) == [INDEX_FILE, VERIFIED]


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    index = SimilarityIndex.open(blocker / "similarity")
    index.sync(BASE)
    assert index.save() is False
    assert index.stats.unsaved
    assert index.near_duplicates() == []


def test_an_in_memory_index_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    index = SimilarityIndex.open(None)
    index.sync(BASE)
    assert index.save() is True
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# The demo bulletin
# --------------------------------------------------------------------------


def _demo_docs() -> list[Doc]:
    docs = []
    for path in sorted((ROOT / "items").glob("**/*.md")):
        raw = path.read_text(encoding="utf-8")
        _, front, body = raw.split("---", 2)
        meta = yaml.safe_load(front)
        text = "\n".join([str(meta.get("title", "")), str(meta.get("summary", "")), body])
        docs.append(Doc(path.relative_to(ROOT).as_posix(), text))
    return docs


def test_the_demo_bulletin_has_no_near_duplicates() -> None:
    docs = _demo_docs()
    assert len(docs) >= 60
    index = index_of(*docs)
    assert index.near_duplicates() == []
    # And each demo item is found again when resubmitted unchanged under another id.
    for doc in docs[:: max(1, len(docs) // 8)]:
        again = index.similar_to(Doc("resubmitted.md", doc.text))
        assert [m.b for m in again] == [doc.id]


def _flip_in_section(path: Path, name: str) -> None:
    """Flip one bit in the middle of section ``name`` of an index file."""
    import json
    import struct

    from bulletin.check.similarity import store
    from bulletin.check.similarity.arrays import SECTIONS

    data = bytearray(path.read_bytes())
    header_len = struct.unpack_from("<8sII", data, 0)[2]
    end = store._HEADER.size + header_len
    header = json.loads(data[store._HEADER.size : end])
    pos = end + (-end % 8)
    for section in SECTIONS:
        length = header["sizes"][section]
        if section == name:
            data[pos + length // 2] ^= 0x10
            break
        pos += length + (-length % 8)
    path.write_bytes(bytes(data))


def test_a_lazy_index_verifies_what_it_reads_when_it_reads_it(tmp_path: Path) -> None:
    from bulletin.check.similarity.arrays import CorruptIndex

    cache = default_cache_dir(tmp_path)
    docs = [*BASE, FLOOD_COPY, DENGUE_COPY]
    index = SimilarityIndex.open(cache)
    index.sync(docs)
    expected = [m for m in index.near_duplicates() if FLOOD_COPY.id in (m.a, m.b)]
    index.save()
    lazy = SimilarityIndex.open(cache, lazy=True)
    assert lazy.stamp == index.stamp != ""
    assert lazy.pairs_with([FLOOD_COPY.id], [], []) == expected
    _flip_in_section(cache / INDEX_FILE, "hashes")
    assert SimilarityIndex.open(cache).stats.rebuilt is not None  # found at once
    lazy = SimilarityIndex.open(cache, lazy=True)
    assert lazy.stats.rebuilt is None and lazy.stats.loaded == len(docs)  # not read yet
    with pytest.raises(CorruptIndex, match="hashes"):
        lazy.near_duplicates()  # every signature is read
