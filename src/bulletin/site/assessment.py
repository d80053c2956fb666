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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..assess.period import Period, period_of
from ..config import Policy
from ..model import Repository
from .charts import bar_chart, paired_chart
from .compose import EditionView, Site

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
        "notes": "Notes", "none": "None.", "rule_book": "Rule book: {clauses}.", "sep": "; ",
        "missed_detail": "{missed} ({detail})",
        "and": ", ",
        "count_by": "items count in the period of the day they were {how}",
        "how_sent": "sent", "how_merged": "merged", "how_adopted": "first adopted",
        "base": "every unit starts with {n} points", "floor": "deductions stop at {n}",
        "floor_total": "the total stops at {n}", "no_cap": "additions have no cap",
        "cap": "additions capped at {n}", "kind_cap": "{kind} points capped at {n}",
        "per_rank": "one leader response of each rank counts per item",
        "best": "only the best leader response counts per item",
        "standard": "the standard is met at {n} points",
        "rate_standard": "an adoption rate below {rate} costs {n} points",
        "publications": "adoption counts in each publication: {names}",
        "quota_text": "submitted {s} of {qs}, adopted {a} of {qa}",
        "points_text": "{p} of {n} points", "by_publication": "Adopted by publication",
        "upstream": "Adopted upstream", "months_missed": "quota missed in {months}",
        "elsewhere": "Sent or merged in this period, "
        "counted in another",
        "target_note": "Target: whether the unit met the rule book's standard for the period "
                       "(its quota of items submitted and adopted, or of points); when "
                       "missed, what was asked and what the unit reached.",
        "count_note": "Submitted counts the items a unit filed in the period; adopted counts "
                      "the items an edition of the period carried, whenever they were filed. "
                      "So a unit can have more adopted than submitted in a period.",
        "chart_tier": "{chart}: {tier}", "points_one": "Points",
        "pro_rata": "The period runs to {end}: quotas are pro rata to {today}.",
        "no_history": "No git history: each item counts as arriving on the date it gives.",
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
        "then": "、", "notes": "说明", "none": "无。", "rule_book": "考核办法：{clauses}。",
        "sep": "；",
        "missed_detail": "{missed}（{detail}）", "and": "、",
        "count_by": "信息按{how}日期计入考核期", "how_sent": "报送", "how_merged": "合并",
        "how_adopted": "首次采用", "base": "基础分{n}分", "floor": "扣分扣完为止（最低{n}分）",
        "floor_total": "总分最低{n}分", "no_cap": "加分不封顶", "cap": "加分最高{n}分",
        "kind_cap": "{kind}加分最高{n}分",
        "per_rank": "领导批示按件计分，同一信息同级批示不重复计分",
        "best": "同一信息只按最高一次批示计分", "standard": "得分不低于{n}分为达标",
        "rate_standard": "采用率低于{rate}扣{n}分", "publications": "多刊采用累加：{names}",
        "quota_text": "报送{s}/{qs}，采用{a}/{qa}", "points_text": "{p}分/{n}分",
        "by_publication": "各刊采用", "upstream": "上级采用",
        "months_missed": "未完成月份：{months}",
        "elsewhere": "本期报送或合并、计入其他考核期的信息",
        "target_note": "任务：本考核期是否达到考核办法规定的标准（报送、采用条数或得分）；"
                       "未完成的，括号内为要求与实际完成情况。",
        "count_note": "报送指本考核期内报送的信息条数；采用指本考核期各期刊采用的信息条数，"
                      "不论何时报送。因此一个单位某期的采用条数可能多于报送条数。",
        "chart_tier": "{chart}：{tier}", "points_one": "得分",
        "pro_rata": "本考核期至{end}结束：任务按截至{today}的天数折算。",
        "no_history": "无 git 历史：信息的报送时间按文件中填写的日期计。",
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


_ZH_QUARTERS = "一二三四"


def period_name(period: Period, language: str) -> str:
    """A period as the site's readers name it: ``2026-Q4`` is 2026年第四季度 on a Chinese
    site (2026年11月, 2026年); other labels, and every label in English, as they are."""
    if language != "zh":
        return period.label
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", period.label):
        return f"{m[1]}年第{_ZH_QUARTERS[int(m[2]) - 1]}季度"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", period.label):
        return f"{m[1]}年{int(m[2])}月"
    if re.fullmatch(r"\d{4}", period.label):
        return f"{period.label}年"
    return period.label


def pages(renderer: Renderer, boards: Boards) -> Iterator[Page]:
    """The section's pages: one per period shown, one per unit for the current period."""
    from ..check.rules import REGISTRY

    language = renderer.site.policy.language
    words = LABELS[language]
    named = lambda period: period_name(period, language)  # noqa: E731 - for the templates
    names = {code: rule.name for code, rule in REGISTRY.items()}
    # the figures count everything this audience may read: marked as the audience
    audience = renderer.site.audience
    level = audience if renderer.site.policy.level_rank(audience) > 0 else None
    for board in [boards.current, *boards.earlier]:
        current = board is boards.current
        name = period_name(board.period, language)
        label = name + (renderer.t["paren"].format(text=words["to_date"])
                        if current and board.period.end > boards.as_of else "")
        title = words["title"] if current else f"{words['title']} {name}"
        yield renderer.page(f"{period_url(board, current)}index.md", title, "assessment.html",
                            in_nav=current, board=board, a=words, label=label,
                            book=rule_book(board, words),
                            target=lambda score: target_text(score, words),
                            ranking=ranking_text(board, words), charts=charts(board, words),
                            boards=boards, period_url=period_url, unit_url=unit_url, named=named,
                            linked=current, groups=board.groups(), level=level,
                            notes=[note_text(note, words, renderer.long_date)
                                   for note in board.notes])
    views = {view.id: view for view in renderer.site.editions}
    for score in boards.current.units:
        yield renderer.page(f"{unit_url(score)}index.md", f"{words['title']}: {score.name}",
                            "assessment_unit.html", board=boards.current, score=score,
                            a=words, period_url=period_url, views=views, named=named,
                            book=rule_book(boards.current, words),
                            target=lambda score: target_text(score, words),
                            facts=unit_facts(boards.current, score, words),
                            rule_name=lambda code: names.get(code, code), level=level,
                            trail=[_trail_row(renderer, line, words, views)
                                   for line in score.lines])


_PRO_RATA = re.compile(r"the period runs to (\d{4}-\d{2}-\d{2}): quotas are pro rata to "
                       r"(\d{4}-\d{2}-\d{2})")
_NO_HISTORY = "no git history: each item's arrival is its front-matter date"


def note_text(note: str, words: dict[str, str], day: Callable[[dt.date], str]) -> str:
    """A note of the scoreboard in the site's language, its dates as the site writes
    them (a note the site does not know stays as the scoreboard wrote it)."""
    found = _PRO_RATA.fullmatch(note)
    if found:
        end, today = (day(dt.date.fromisoformat(g)) for g in found.groups())
        return words["pro_rata"].format(end=end, today=today)
    return words["no_history"] if note == _NO_HISTORY else note


def rule_book(board: Scoreboard, words: dict[str, str]) -> str:
    """The rule book's bounds and standards in a sentence, in the site's language (empty
    for a rule book that sets none of them)."""
    clauses = rule_book_clauses(board, words)
    return words["rule_book"].format(clauses=words["sep"].join(clauses)) if clauses else ""


def rule_book_clauses(board: Scoreboard, words: dict[str, str]) -> list[str]:
    """The rule book's bounds and standards, a clause each."""
    book = board.book
    out = []
    if book.count_by != "merged":
        out.append(words["count_by"].format(how=words[f"how_{book.count_by}"]))
    if book.base:
        out.append(words["base"].format(n=f"{book.base:g}"))
    if book.floor is not None:
        out.append(words["floor" if book.floor_of == "base" else "floor_total"].format(
            n=f"{book.floor:g}"))
    out += [words["kind_cap"].format(kind=kind, n=f"{cap:g}") for kind, cap in book.caps.items()]
    if book.cap is not None:
        out.append(words["cap"].format(n=f"{book.cap:g}"))
    elif book.floor is not None and not book.caps:
        out.append(words["no_cap"])
    if book.responses_per_item != "all":
        out.append(words["per_rank" if book.responses_per_item == "per-rank" else "best"])
    if book.standards.points is not None:
        out.append(words["standard"].format(n=f"{book.standards.points:g}"))
    rate = book.standards.adoption_rate
    if rate is not None:
        out.append(words["rate_standard"].format(rate=f"{rate.min:.0%}", n=f"{-rate.points:g}"))
    if board.publications:
        out.append(words["publications"].format(names=words["and"].join(
            board.publications.values())))
    return out


def target_text(score: UnitScore, words: dict[str, str]) -> str:
    """Met, or missed with what was asked and reached, in the site's language."""
    target = score.standard
    if target is None:
        return "—"
    if target.met:
        return words["met"]
    if target.name == "points":
        detail = words["points_text"].format(p=f"{target.got:g}", n=f"{target.wanted:g}")
    elif target.months:
        detail = words["months_missed"].format(months=", ".join(target.months))
    else:
        detail = words["quota_text"].format(s=score.submitted, qs=score.quota_submitted,
                                            a=score.adopted, qa=score.quota_adopted)
    return words["missed_detail"].format(missed=words["missed"], detail=detail)


def unit_facts(board: Scoreboard, score: UnitScore,
               words: dict[str, str]) -> list[tuple[str, str]]:
    """What the unit page lists besides the fixed figures: adoption by publication and
    by higher offices, and the items another period counts."""
    out = []
    if score.adopted_by_publication:
        out.append((words["by_publication"], words["and"].join(
            f"{board.publications.get(k, k)} {n}"
            for k, n in sorted(score.adopted_by_publication.items()))))
    if score.upstream_by_level:
        out.append((words["upstream"], words["and"].join(
            f"{level} {n}" for level, n in sorted(score.upstream_by_level.items()))))
    if score.elsewhere:
        out.append((words["elsewhere"], "; ".join(f"{e.item.id}: {e.reason}"
                                                  for e in score.elsewhere)))
    return out


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


_EDITION_ID = re.compile(r"(?<![\w/-])((?:[a-z0-9][a-z0-9_-]*/)?\d{4}-\d{3})(?![\w-])")


def _trail_row(renderer: Renderer, line: Line, words: dict[str, str],
               views: dict[str, EditionView]) -> tuple[object, ...]:
    """(points, what, item, edition) of a line of points: the item and the edition it is
    about linked (each None when it is about neither, or this audience may not read it)
    instead of the file that records it (``bulletin score --explain`` prints that), and
    editions named as everywhere else (``2026-047``, ``proposals/2026-003``)."""
    site = renderer.site
    item = site.items.get(line.item) if line.item else None
    named = [views[m.group(1)] for m in _EDITION_ID.finditer(line.text) if m.group(1) in views]
    view = named[0] if named and line.kind in ("adopted", "lead") else None
    if line.kind in ("submitted", "adopted", "lead"):
        text = words[f"line_{line.kind}"]
    else:
        text = _EDITION_ID.sub(lambda m: renderer.edition_label(views[m.group(1)])
                               if m.group(1) in views else m.group(1), line.text)
        if item is not None:
            text = text.replace(item.id, f"“{item.title}”")
    return line.points, text, item, view

