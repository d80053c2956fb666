"""The policy, ``bulletin.yml``: declared once, validated by collecting every problem.

Every problem becomes a :class:`~bulletin.diagnostics.Finding` located at the
offending key's line and column: ``S030`` for an invalid value (the check cannot
go on), ``S031`` for an unknown key (a warning, with "did you mean").
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import safeyaml
from .basics import EDITION_TYPES as EDITION_TYPES
from .basics import POLICY_FILE as POLICY_FILE
from .basics import PRIORITIES as PRIORITIES
from .diagnostics import Finding
from .text import did_you_mean

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Key = Annotated[str, Field(pattern=KEY_PATTERN.pattern)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Unit(_Strict):
    """A submitting unit; its key is the folder name under ``items/``."""

    name: str
    members: list[str] = []
    tier: str | None = None


class Category(_Strict):
    """A category of item, with the body sections and sources it requires."""

    name: str
    sections: list[str | list[str]] = []
    sources: bool = False
    news_days: int = Field(30, ge=0)

    @property
    def required_sections(self) -> list[list[str]]:
        """Each required section as its list of accepted headings."""
        return [[s] if isinstance(s, str) else list(s) for s in self.sections]

    @field_validator("sections")
    @classmethod
    def _non_empty(cls, value: list[str | list[str]]) -> list[str | list[str]]:
        for entry in value:
            if isinstance(entry, list) and not entry:
                raise ValueError("a section needs at least one heading")
        return value


PERIODS = ("month", "quarter", "year")
RANKING_KEYS = {
    # measure: True when a higher value ranks first
    "points": True, "adopted": True, "lead": True, "responses": True, "submitted": True,
    "adoption_rate": True, "median_lag_days": False, "share_late": False,
    "quality_per_item": False,
}


class AdoptionRule(_Strict):
    """Points for an adopted item; the first line whose conditions all hold applies."""

    type: str | None = None
    """Edition type (regular, flash, special)."""
    audience: str | None = None
    """Edition audience (a level)."""
    category: str | None = None
    priority: str | None = None
    points: float


class Quota(_Strict):
    """What a unit of one tier must achieve each month."""

    submitted: float = Field(0, ge=0)
    adopted: float = Field(0, ge=0)


class Ranking(_Strict):
    """How units are ranked: by the first measure, ties broken by the next ones."""

    within: Literal["tier", "all"] = "tier"
    by: list[str] = ["points", "adopted", "lead", "responses", "median_lag_days"]

    @field_validator("by")
    @classmethod
    def _known_measures(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in RANKING_KEYS:
                raise ValueError(f"cannot rank by '{name}'{did_you_mean(name, RANKING_KEYS)};"
                                 f" use one of {', '.join(RANKING_KEYS)}")
        if not value:
            raise ValueError("rank by at least one measure")
        return value


class Assessment(_Strict):
    """The rule book of ``bulletin score``: points, deductions, quotas and ranking."""

    period: Literal["month", "quarter", "year"] = "quarter"
    """The period of ``bulletin score`` without --period, and of the site's page."""
    audience: str | None = None
    """The lowest build audience that shows the Assessment page (default: the top level)."""
    imported_until: dt.date | None = None
    """Items first committed on or before this day came in a bulk import: their
    front-matter ``date`` is when they arrived, and their review time is unknown."""
    submitted: float = 0
    """Points per item that reached main."""
    adoption: list[AdoptionRule] = [AdoptionRule(points=10)]
    lead: float = 0
    """Extra points for an item that leads an edition."""
    responses: dict[str, dict[str, float]] = {}
    """Points per leader response: kind → leader rank → points (rank ``default``
    for any other rank)."""
    on_time_days: dict[str, int] = {"routine": 7, "important": 3, "urgent": 1}
    """Days an item may take from its event to the repository, by priority."""
    late: float = 0
    """Points per item that arrived late (usually negative)."""
    deductions: dict[str, float] = {}
    """Kinds of ledger entry (``assessment/ledger.yml``) and their points (negative)."""
    quotas: dict[str, Quota] = {}
    """Monthly quota per unit tier (``default`` for units with no tier)."""
    shortfall: float = 0
    """Points per item short of a quota (usually negative)."""
    per_warning: float = 0
    """Points per quality warning on a submitted item (usually negative or 0)."""
    ranking: Ranking = Ranking()


class PersonalData(_Strict):
    """What counts as personal data (rule C002), region by region."""

    regions: list[str] = []
    """ISO 3166 codes (``CN``, ``GB``, ``US``, ``HK``, ``SG``…) whose phone numbers and
    national identifiers are looked for; default: the time zone's country, plus ``CN``
    for a Chinese bulletin, or ``GB`` and ``US`` for an English one in ``UTC``."""
    public: list[str] = []
    """An office's published lines and addresses (switchboards, hotlines, role
    mailboxes), in any usual form: never personal data."""
    role_mailboxes: list[str] | None = None
    """Words that make an e-mail address a role's (``press``, ``enquiries``…); replaces
    the built-in list when given."""

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, value: list[str]) -> list[str]:
        from phonenumbers import SUPPORTED_REGIONS

        for code in value:
            if code not in SUPPORTED_REGIONS:
                hint = did_you_mean(code.upper(), SUPPORTED_REGIONS) if code != code.upper() \
                    else ""
                raise ValueError(f"unknown region '{code}'{hint}; use an ISO 3166 code such "
                                 "as CN, GB, US, HK or SG")
        return value


SAFE_PLUGINS = ("bulletin", "search", "material/search", "tags", "material/tags", "offline",
                "material/offline")
"""MkDocs plugins mkdocs.yml may always use: they read no files but the pages and run
nothing of the repository's."""
SAFE_EXTENSIONS = (
    # Python-Markdown's own (none reads a file or runs code)
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html",
    "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks", "codehilite",
    "legacy_attrs", "legacy_em", "extra",
    # PyMdown's that only transform text (not snippets, which reads files, nor b64)
    "pymdownx.arithmatex", "pymdownx.betterem", "pymdownx.caret", "pymdownx.critic",
    "pymdownx.details", "pymdownx.emoji", "pymdownx.escapeall", "pymdownx.fancylists",
    "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys", "pymdownx.magiclink",
    "pymdownx.mark", "pymdownx.progressbar", "pymdownx.saneheaders", "pymdownx.smartsymbols",
    "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde",
    "pymdownx.blocks.admonition", "pymdownx.blocks.details", "pymdownx.blocks.tab",
    "pymdownx.blocks.caption", "pymdownx.blocks.definition",
)
"""Markdown extensions mkdocs.yml may always use."""


class SiteSettings(_Strict):
    """What mkdocs.yml may ask of a build (``site:``), checked before MkDocs reads it.

    Hooks, ``extra_templates``, ``!!python`` tags and paths outside the repository
    are never allowed; the lists below add to the safe defaults."""

    plugins: list[str] = []
    """MkDocs plugins allowed besides :data:`SAFE_PLUGINS` (e.g. ``material/blog``)."""
    markdown_extensions: list[str] = []
    """Markdown extensions allowed besides :data:`SAFE_EXTENSIONS` (e.g.
    ``pymdownx.snippets``, which reads files: allow it only knowingly)."""
    extra_javascript: list[str] = []
    """Scripts mkdocs.yml may add to every page (``extra_javascript``); none by default."""
    audience: str | None = None
    """The highest audience mkdocs.yml may give the bulletin plugin (default: the
    policy's ``default_audience``); ``bulletin build --audience`` is not limited by it."""

    def allows_plugin(self, name: str) -> bool:
        return name in SAFE_PLUGINS or name in self.plugins

    def allows_extension(self, name: str) -> bool:
        name = name.removeprefix("markdown.extensions.")
        return name in SAFE_EXTENSIONS or name in self.markdown_extensions


class ReviewPolicy(_Strict):
    """Who may change what in a pull request, beyond the editors (who may change
    anything): read from the policy of the branch's base, never the branch's own."""

    member_paths: list[str] = ["items/{unit}/"]
    """Paths a unit's members may change, relative to the repository root: ``{unit}``
    stands for each of the member's units, an entry ending in ``/`` for everything
    under that folder, ``*`` for any part of one path segment, ``**`` for any number
    of segments. Every other path is for editors alone."""

    @field_validator("member_paths")
    @classmethod
    def _plain_paths(cls, value: list[str]) -> list[str]:
        for entry in value:
            problem = _path_pattern_problem(entry)
            if problem:
                raise ValueError(f"'{entry}': {problem}")
        return value


def _path_pattern_problem(entry: str) -> str | None:
    """What is wrong with one ``member_paths`` entry (None: nothing)."""
    segments = entry.rstrip("/").split("/")
    if not entry.strip() or entry.startswith("/") or "\\" in entry:
        return "a path relative to the repository root, with '/' between folders"
    if any(part in ("", ".", "..") for part in segments):
        return "no empty, '.' or '..' segments"
    if re.sub(r"\{unit\}", "", entry).count("{") or "}" in re.sub(r"\{unit\}", "", entry):
        return "the only placeholder is {unit}"
    if entry.count("**") > 1 or "***" in entry:
        return "at most one '**'"
    return None


class Policy(_Strict):
    """The validated policy of one bulletin repository."""

    title: str
    publisher: str
    language: Literal["en", "zh"] = "en"
    timezone: str = "UTC"
    levels: list[Key] = Field(min_length=1)
    default_audience: str | None = None
    editors: list[str] = []
    response_kinds: list[Key] = ["instruction", "endorsement", "comment"]
    pool: bool = True
    ceiling: str | None = None
    """The highest level this repository may hold (default: the top level)."""
    intranet_hosts: list[str] = []
    """Hosts items may link to and load images from; every other host is outside."""
    units: dict[Key, Unit] = Field(min_length=1)
    categories: dict[Key, Category] = Field(min_length=1)
    rules: dict[str, str | dict[str, Any]] = {}
    personal_data: PersonalData = PersonalData()
    review: ReviewPolicy = ReviewPolicy()
    assessment: Assessment = Assessment()
    site: SiteSettings = SiteSettings()

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(f"unknown time zone '{value}' (use an IANA name such as "
                             "'Asia/Shanghai' or 'UTC')") from None
        return value

    @property
    def top(self) -> str:
        """The highest level this repository may hold."""
        return self.ceiling or self.levels[-1]

    @property
    def audience(self) -> str:
        """The audience of a build that names none."""
        return self.default_audience or self.levels[0]

    def level_rank(self, level: str | None) -> int:
        """Position of ``level`` among the levels (-1 if unknown)."""
        try:
            return self.levels.index(level) if level is not None else -1
        except ValueError:
            return -1

    @property
    def config_audience(self) -> str:
        """The highest audience mkdocs.yml may set for a build (``site.audience``)."""
        return self.site.audience or self.audience

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


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
    book = data.get("assessment")
    if isinstance(book, dict):
        _assessment_findings(data, book, names, bad)
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
