"""Reading ``bulletin.yml``: the policy validated by collecting every problem.

Every problem becomes a :class:`~bulletin.diagnostics.Finding` located at the
offending key's line and column: ``S030`` for an invalid value (the check cannot
go on), ``S031`` for an unknown key (a warning, with "did you mean").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .. import safeyaml
from ..basics import EDITION_TYPES, PRIORITIES
from ..diagnostics import Finding
from ..text import did_you_mean
from .assessment import LINE_KINDS, UPSTREAM
from .policy import Policy


@dataclass
class LoadedPolicy:
    """The result of reading ``bulletin.yml``: the policy (if valid), its
    positions for later diagnostics, and every problem found."""

    policy: Policy | None
    document: safeyaml.Document
    findings: list[Finding] = field(default_factory=list)

    @property
    def fatal(self) -> bool:
        return self.policy is None


def parse_policy(text: str) -> LoadedPolicy:
    """Validate the text of ``bulletin.yml``; never raises on bad input."""
    doc = safeyaml.load(text)
    loaded = LoadedPolicy(None, doc)
    for problem in doc.problems:
        code = "S030" if problem.fatal else "S031" if problem.kind == "duplicate-key" else "S030"
        loaded.findings.append(Finding(code, problem.message, problem.pos.line, problem.pos.column))
    if not doc.ok:
        return loaded
    if not isinstance(doc.data, dict):
        loaded.findings.append(Finding("S030", "bulletin.yml must be a mapping of settings"))
        return loaded
    data = _drop_unknown_keys(doc, loaded.findings)
    loaded.findings.extend(_semantic_findings(data, doc))
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        loaded.findings.extend(_located(doc, exc))
        return loaded
    if not any(f.code == "S030" for f in loaded.findings):
        loaded.policy = policy
    return loaded


def _drop_unknown_keys(doc: safeyaml.Document, findings: list[Finding]) -> Any:
    """Report unknown keys (S031) and return the data without them."""
    try:
        Policy.model_validate(doc.data)
        return doc.data
    except ValidationError as exc:
        extra = [e["loc"] for e in exc.errors() if e["type"] == "extra_forbidden"]
    data = doc.data
    for loc in extra:
        parent = _get(data, loc[:-1])
        key = str(loc[-1])
        known = _known_keys(loc[:-1])
        pos = doc.where_key(*loc)
        findings.append(Finding("S031", f"unknown key '{_dotted(loc)}'{did_you_mean(key, known)}",
                                pos.line, pos.column))
        if isinstance(parent, dict):
            parent.pop(key, None)
    return data


def _known_keys(parent: tuple[Any, ...]) -> list[str]:
    """The keys allowed at ``parent`` (a path of keys and indexes from the top)."""
    model: Any = Policy
    for part in parent:
        if isinstance(part, int) or not (isinstance(model, type)
                                          and issubclass(model, BaseModel)):
            model = _inner_model(model)
            continue
        info = model.model_fields.get(part)
        model = info.annotation if info else None
    model = _inner_model(model) if not (isinstance(model, type)
                                        and issubclass(model, BaseModel)) else model
    return list(model.model_fields) if isinstance(model, type) and issubclass(
        model, BaseModel) else []


def _inner_model(annotation: Any) -> Any:
    """The model inside ``list[M]`` or ``dict[str, M]`` (or None)."""
    for arg in reversed(get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def _located(doc: safeyaml.Document, exc: ValidationError) -> list[Finding]:
    findings = []
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if not _is_union_branch(p))
        pos = doc.where_key(*loc) if "[key]" in error["loc"] else doc.where(*loc)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing":
            message = f"missing required key '{_dotted(loc)}'"
        elif error["type"] == "literal_error" and isinstance(error["input"], str):
            allowed = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
            message = (f"'{_dotted(loc)}': '{error['input']}' is not one of "
                       f"{', '.join(allowed)}{did_you_mean(error['input'], allowed)}")
        elif error["type"] == "string_pattern_mismatch":
            message = (f"'{_dotted(loc)}': keys are lower-case letters, digits and hyphens, "
                       f"got '{loc[-1] if error['input'] is None else error['input']}'")
        else:
            message = f"'{_dotted(loc)}': {message}"
        findings.append(Finding("S030", message, pos.line, pos.column))
    return _dedupe(findings)


def _is_union_branch(part: Any) -> bool:
    # pydantic adds "str" / "list[str]" / "[key]" steps for union members and dict keys
    return isinstance(part, str) and (part in {"str", "list[str]", "dict[str,any]", "[key]"}
                                      or part.startswith(("function-", "constrained-")))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: dict[tuple[int, int], Finding] = {}
    for f in findings:
        seen.setdefault((f.line, f.column), f)
    return list(seen.values())


def _semantic_findings(data: dict[str, Any], doc: safeyaml.Document) -> list[Finding]:
    """Cross-key problems pydantic cannot see, found in the raw data so that they are
    reported together with every other problem."""
    out: list[Finding] = []

    def bad(path: tuple[str | int, ...], message: str, key: bool = False) -> None:
        pos = doc.where_key(*path) if key else doc.where(*path)
        out.append(Finding("S030", message, pos.line, pos.column))

    levels = data.get("levels")
    if not isinstance(levels, list):
        return out
    names = [lv for lv in levels if isinstance(lv, str)]
    if len(set(names)) != len(names):
        bad(("levels",), "levels must be distinct")
    for key in ("default_audience", "ceiling"):
        value = data.get(key)
        if isinstance(value, str) and value not in names:
            bad((key,), f"{key} '{value}' is not one of the levels{did_you_mean(value, names)}")
    site = data.get("site")
    if isinstance(site, dict) and isinstance(site.get("audience"), str) and \
            site["audience"] not in names:
        bad(("site", "audience"), f"site.audience '{site['audience']}' is not one of the "
                                  f"levels{did_you_mean(site['audience'], names)}")
    for key, spec in (data.get("publications") or {}).items() \
            if isinstance(data.get("publications"), dict) else []:
        if isinstance(spec, dict) and isinstance(spec.get("audience"), str) and \
                spec["audience"] not in names:
            bad(("publications", key, "audience"), f"'{spec['audience']}' is not one of the "
                f"levels{did_you_mean(spec['audience'], names)}")
    for vocabulary in ("office_levels", "leader_ranks", "response_kinds"):
        words = data.get(vocabulary)
        if isinstance(words, list) and len(set(map(str, words))) != len(words):
            bad((vocabulary,), f"{vocabulary} must be distinct")
    book = data.get("assessment")
    if isinstance(book, dict):
        _assessment_findings(data, book, names, bad)
        _rule_book_findings(data, book, bad)
    return out


def _assessment_findings(data: dict[str, Any], book: dict[str, Any], levels: list[str],
                         bad: Callable[..., None]) -> None:
    """Names in the rule book that nothing else in the policy declares."""
    def known(path: tuple[str | int, ...], value: Any, allowed: Iterable[str], what: str,
              key: bool = False) -> None:
        allowed = list(allowed)
        if isinstance(value, str) and value not in allowed:
            bad(path, f"'{value}' is not {what}{did_you_mean(value, allowed)}", key)

    def keys(name: str) -> list[str]:
        value = data.get(name)
        return [k for k in value if isinstance(k, str)] if isinstance(value, dict) else []

    kinds = data.get("response_kinds", ["instruction", "endorsement", "comment"])
    tiers = {u.get("tier") for u in (data.get("units") or {}).values() if isinstance(u, dict)}
    known(("assessment", "audience"), book.get("audience"), levels, "one of the levels")
    for i, line in enumerate(book.get("adoption") or []):
        if not isinstance(line, dict):
            continue
        here = ("assessment", "adoption", i)
        known((*here, "type"), line.get("type"), EDITION_TYPES, "an edition type")
        known((*here, "audience"), line.get("audience"), levels, "one of the levels")
        known((*here, "category"), line.get("category"), keys("categories"), "a category")
        known((*here, "priority"), line.get("priority"), PRIORITIES, "a priority")
    for section, allowed, what in (("responses", kinds, "a response kind"),
                                   ("on_time_days", PRIORITIES, "a priority"),
                                   ("quotas", [t for t in tiers if isinstance(t, str)]
                                    + ["default"], "a unit tier")):
        table = book.get(section)
        for key in table if isinstance(table, dict) else []:
            known(("assessment", section, key), key, allowed, what, key=True)


def _rule_book_findings(data: dict[str, Any], book: dict[str, Any],
                        bad: Callable[..., None]) -> None:
    """The rule book's own consistency: publications, office levels and leader ranks it
    names, deductions that take and awards that give, caps, the floor against the base."""
    def names(value: Any) -> list[str]:
        return [str(k) for k in value] if isinstance(value, (dict, list)) else []

    publications = names(data.get("publications"))
    levels = names(data.get("office_levels") or ["district", "city", "province",
                                                  "state-council"])
    for i, line in enumerate(book.get("adoption") or []):
        if not isinstance(line, dict):
            continue
        here = ("assessment", "adoption", i)
        level, publication = line.get("level"), line.get("publication")
        if isinstance(level, str) and level not in levels:
            bad((*here, "level"), f"'{level}' is not one of the office_levels"
                                  f"{did_you_mean(level, levels)}")
        if level is not None:
            for key in ("type", "audience"):
                if key in line:
                    bad((*here, key), f"a line with a level scores adoptions by a higher office, "
                                      f"whose editions' {key} the ledger does not record: "
                                      "name publication, category or priority", True)
        if isinstance(publication, str) and level is None and publication not in publications:
            known = (f"{did_you_mean(publication, publications)}" if publications else
                     " (bulletin.yml declares no publications:)")
            bad((*here, "publication"), f"'{publication}' is not a publication{known}")
    ranks = data.get("leader_ranks")
    responses = book.get("responses")
    if isinstance(ranks, list) and isinstance(responses, dict):
        for kind, table in responses.items():
            for rank in table if isinstance(table, dict) else []:
                if rank != "default" and rank not in ranks:
                    bad(("assessment", "responses", kind, rank), f"'{rank}' is not one of the "
                        f"leader_ranks{did_you_mean(str(rank), names(ranks))}", True)
    _signs(book, bad)
    caps = book.get("caps")
    for kind in list(caps) if isinstance(caps, dict) else []:
        assert isinstance(caps, dict)
        if kind not in LINE_KINDS:
            bad(("assessment", "caps", kind), f"'{kind}' is not a kind of addition"
                f"{did_you_mean(str(kind), LINE_KINDS)} (one of: {', '.join(LINE_KINDS)})",
                True)
        elif not isinstance(caps[kind], (int, float)) or caps[kind] < 0:
            bad(("assessment", "caps", kind), "a cap is a number of points, 0 or more")
    base, floor = book.get("base", 0), book.get("floor")
    if isinstance(floor, (int, float)) and isinstance(base, (int, float)) and \
            book.get("floor_of", "base") == "base" and floor >= base:
        bad(("assessment", "floor"), f"a floor of {floor} at or above the base ({base}) "
                                     "cancels every deduction: give the base (the points a "
                                     "unit starts with), or 'floor_of: total'")


def _signs(book: dict[str, Any], bad: Callable[..., None]) -> None:
    """Deductions take points and awards give them; no kind is both."""
    for section, sign, word in (("deductions", 1, "takes points: write it negative"),
                                ("awards", -1, "gives points: write it positive")):
        table = book.get(section)
        for kind, points in table.items() if isinstance(table, dict) else []:
            if isinstance(points, (int, float)) and points * sign > 0:
                bad(("assessment", section, kind), f"'{kind}' is under {section}, which "
                                                   f"{word} ({points})")
    deductions, awards = book.get("deductions"), book.get("awards")
    if isinstance(deductions, dict) and isinstance(awards, dict):
        for kind in awards:
            if kind in deductions:
                bad(("assessment", "awards", kind), f"'{kind}' is both a deduction and an "
                                                    "award", True)
        for kind in (*deductions, *awards):
            if kind == UPSTREAM:
                bad(("assessment", "awards" if kind in awards else "deductions", kind),
                    f"'{UPSTREAM}' is the ledger's typed upstream adoption, scored by the "
                    "adoption lines with a level", True)
