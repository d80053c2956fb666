"""The site's Assessment section: the unit table of the current period (and the
periods before it), charts, and a page per unit with its items and points.

Audience rules apply twice. The section exists only in builds for the rule
book's ``assessment.audience`` and above; and its figures are computed from
what the build's audience may read — items above it, the editions that carry
them and ledger lines about them are left out, so a page never reveals even
how many restricted items a unit filed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..assess.period import Period, period_of
from ..config import Policy
from ..model import Repository
from .charts import bar_chart, paired_chart
from .compose import Site

if TYPE_CHECKING:  # (the assessment, and the rules it imports, only when it is shown)
    from ..assess.scoreboard import Inputs, Line, Scoreboard, UnitScore
    from .render import Page, Renderer

BASE = "assessment/"
EARLIER = 3  # earlier periods with a page of their own

LABELS = {
    "en": {
        "title": "Assessment", "period": "Period", "to_date": "to date",
        "intro": "How each submitting unit did in {label}: items submitted and adopted, lead "
                 "items, leader responses, timeliness, quality and points under the office's "
                 "rule book; {ranking}.",
        "audience": "Figures count only what readers of this {audience} site may see.",
        "points_chart": "Points by unit", "volume_chart": "Submitted and adopted items",
        "submitted": "Submitted", "adopted": "Adopted", "lead": "Lead", "responses":
        "Responses", "rate": "Adoption rate", "lag": "Median lag (days)", "late": "Late",
        "review": "Median review (hours)", "quality": "Quality warnings", "points": "Points",
        "target": "Target", "rank": "Rank", "unit": "Unit", "met": "met", "missed": "missed",
        "tier": "Tier", "all_units": "All units", "earlier": "Earlier periods",
        "filed": "Items submitted", "item": "Item", "lag_one": "Lag (days)",
        "review_one": "Review (hours)", "arrived": "Arrived", "edition":
        "Adopted in", "warnings": "Warnings", "trail": "How the points add up",
        "what": "What", "source": "Recorded in", "total": "Total",
        "hints": "Training hints", "hints_intro": "The rules this unit's items break most; "
        "the writing guide explains each one.", "no_hints": "No rule broken this period.",
        "ranked_tier": "ranked within each tier by {by}",
        "ranked_all": "ranked across all units by {by}", "then": ", then ",
        "notes": "Notes", "none": "None.",
        "target_note": "Target: whether the unit met its quota for the period, with the quota "
                       "in brackets as items to submit / items to be adopted.",
        "count_note": "Submitted counts the items a unit filed in the period; adopted counts "
                      "the items an edition of the period carried, whenever they were filed. "
                      "So a unit can have more adopted than submitted in a period.",
        "chart_tier": "{chart}: {tier}", "points_one": "Points",
        "line_submitted": "Submitted", "line_adopted": "Adopted by an edition",
        "line_lead": "Lead item of an edition",
    },
    "zh": {
        "title": "考核", "period": "考核期", "to_date": "截至目前",
        "intro": "{label}各报送单位情况：报送与采用条数、头条、领导批示、时效、质量及"
                 "按考核办法计算的得分；{ranking}。",
        "audience": "本页只统计本站（{audience}）读者可见的内容。",
        "points_chart": "各单位得分", "volume_chart": "报送与采用条数",
        "submitted": "报送", "adopted": "采用", "lead": "头条", "responses": "批示",
        "rate": "采用率", "lag": "时效中位数（天）", "late": "迟报", "review": "审核中位数（小时）",
        "quality": "质量提示", "points": "得分", "target": "任务", "rank": "名次",
        "unit": "单位", "met": "完成", "missed": "未完成", "tier": "类别", "all_units": "全部单位",
        "earlier": "以往考核期", "filed": "报送信息", "lag_one": "时效（天）",
        "review_one": "审核（小时）", "item": "信息", "arrived": "报送时间",
        "edition": "采用期次", "warnings": "提示", "trail": "得分明细", "what": "事项",
        "source": "记录位置", "total": "合计", "hints": "培训提示",
        "hints_intro": "本单位信息最常触犯的规则，写作指南逐条说明。",
        "no_hints": "本期没有触犯规则。",
        "ranked_tier": "按类别排名，依次比较{by}", "ranked_all": "全部单位统一排名，依次比较{by}",
        "then": "、", "notes": "说明", "none": "无。",
        "target_note": "任务：本考核期是否完成报送任务，括号内为应报送条数 / 应被采用条数。",
        "count_note": "报送指本考核期内报送的信息条数；采用指本考核期各期刊采用的信息条数，"
                      "不论何时报送。因此一个单位某期的采用条数可能多于报送条数。",
        "chart_tier": "{chart}：{tier}", "points_one": "得分",
        "line_submitted": "报送", "line_adopted": "被期刊采用", "line_lead": "期刊头条",
    },
}


@dataclass(frozen=True)
class Boards:
    """The scoreboards the section shows: the current period first, then earlier ones."""

    current: Scoreboard
    earlier: list[Scoreboard]
    as_of: dt.date


def shows_assessment(policy: Policy, audience: str) -> bool:
    """True when a build for ``audience`` holds the Assessment section."""
    lowest = policy.assessment.audience or policy.top
    return policy.level_rank(audience) >= policy.level_rank(lowest)


def visible_inputs(site: Site, inputs: Inputs) -> Inputs:
    """What the assessment may count on this audience's site."""
    from ..assess.scoreboard import Inputs

    repo = inputs.repo
    visible = Repository(root=repo.root, policy=repo.policy,
                         items=list(site.items.values()),
                         editions=[view.edition for view in site.editions],
                         responses=[r for rs in site.responses.values() for r in rs])
    paths = {item.path for item in visible.items}
    return Inputs(visible, inputs.timeline,
                  [e for e in inputs.ledger if e.item is None or e.item in site.items],
                  [d for d in inputs.diagnostics if d.path in paths])


def boards_for(site: Site, inputs: Inputs) -> Boards:
    """The current period (to the site's as-of day) and the ``EARLIER`` before it."""
    from ..assess.scoreboard import assess

    policy = site.policy
    today = site.as_of.astimezone(policy.tz).date()
    seen = visible_inputs(site, inputs)
    current = period_of(policy.assessment.period, today)
    earlier: list[Period] = []
    day = current.start
    for _ in range(EARLIER):
        day -= dt.timedelta(days=1)
        earlier.append(period_of(policy.assessment.period, day))
        day = earlier[-1].start
    return Boards(assess(seen, current, today), [assess(seen, p, today) for p in earlier],
                  today)


def period_url(board: Scoreboard, current: bool) -> str:
    return BASE if current else f"{BASE}{board.period.label.lower()}/"


def unit_url(score: UnitScore) -> str:
    return f"{BASE}units/{score.unit}/"


def pages(renderer: Renderer, boards: Boards) -> Iterator[Page]:
    """The section's pages: one per period shown, one per unit for the current period."""
    from ..check.rules import REGISTRY

    words = LABELS[renderer.site.policy.language]
    names = {code: rule.name for code, rule in REGISTRY.items()}
    # the figures count everything this audience may read: marked as the audience
    audience = renderer.site.audience
    level = audience if renderer.site.policy.level_rank(audience) > 0 else None
    for board in [boards.current, *boards.earlier]:
        current = board is boards.current
        label = board.period.label + (f" ({words['to_date']})" if current and
                                      board.period.end > boards.as_of else "")
        title = words["title"] if current else f"{words['title']} {board.period.label}"
        yield renderer.page(f"{period_url(board, current)}index.md", title, "assessment.html",
                            in_nav=current, board=board, a=words, label=label,
                            ranking=ranking_text(board, words), charts=charts(board, words),
                            boards=boards, period_url=period_url, unit_url=unit_url,
                            linked=current, groups=board.groups(), level=level)
    views = {view.id: view for view in renderer.site.editions}
    for score in boards.current.units:
        yield renderer.page(f"{unit_url(score)}index.md", f"{words['title']}: {score.name}",
                            "assessment_unit.html", board=boards.current, score=score,
                            a=words, period_url=period_url, views=views,
                            rule_name=lambda code: names.get(code, code), level=level,
                            trail=[_trail_row(renderer, line, words) for line in score.lines])


def ranking_text(board: Scoreboard, words: dict[str, str]) -> str:
    by = words["then"].join(words.get(_MEASURE_WORDS.get(m, m), m) for m in board.ranking)
    return words["ranked_tier" if board.within == "tier" else "ranked_all"].format(by=by)


_MEASURE_WORDS = {"median_lag_days": "lag", "adoption_rate": "rate", "share_late": "late",
                  "quality_per_item": "quality"}


def charts(board: Scoreboard, words: dict[str, str]) -> list[tuple[str, object]]:
    """(title, chart) for each group the tables show (each tier, or all units), the
    units in the tables' order: ranked within the group."""
    out: list[tuple[str, object]] = []
    for tier, scores in board.groups():
        def titled(chart: str, tier: str | None = tier) -> str:
            return words["chart_tier"].format(chart=chart, tier=tier) if tier else chart

        rows = [(s.name, s.points) for s in scores]
        volume = [(s.name, s.submitted, s.adopted) for s in scores]
        text = "; ".join(f"{s.rank}. {name} {value:g}" for s, (name, value) in
                         zip(scores, rows, strict=True))
        out.append((titled(words["points_chart"]),
                    bar_chart(rows, titled(words["points_chart"]), text)))
        out.append((titled(words["volume_chart"]),
                    paired_chart(volume, titled(words["volume_chart"]),
                                 "; ".join(f"{n} {a} / {b}" for n, a, b in volume),
                                 (words["submitted"], words["adopted"]))))
    return out


_EDITION_ID = re.compile(r"\b(\d{4}-\d{3})\b")


def _trail_row(renderer: Renderer, line: Line, words: dict[str, str]) -> tuple[object, ...]:
    """(points, what, item, edition) of a line of points: the item and the edition it is
    about linked (each None when it is about neither, or this audience may not read it)
    instead of the file that records it (``bulletin score --explain`` prints that), and
    editions named as everywhere else."""
    site = renderer.site
    item = site.items.get(line.item) if line.item else None
    view = site.edition_of.get(item.id) if item is not None else None
    if line.kind in ("submitted", "adopted", "lead"):
        text = words[f"line_{line.kind}"]
    else:
        labels = {v.id: renderer.edition_label(v) for v in site.editions}
        text = _EDITION_ID.sub(lambda m: labels.get(m.group(1), m.group(1)), line.text)
        if item is not None:
            text = text.replace(item.id, f"“{item.title}”")
    return line.points, text, item, view if line.kind in ("adopted", "lead") else None

