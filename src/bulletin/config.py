"""The policy, ``bulletin.yml``: declared once, validated by collecting every problem.

Every problem becomes a :class:`~bulletin.diagnostics.Finding` located at the
offending key's line and column: ``S030`` for an invalid value (the check cannot
go on), ``S031`` for an unknown key (a warning, with "did you mean").
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import safeyaml
from .diagnostics import Finding
from .text import did_you_mean

POLICY_FILE = "bulletin.yml"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PRIORITIES = ("routine", "important", "urgent")
EDITION_TYPES = ("regular", "flash", "special")

Key = Annotated[str, Field(pattern=KEY_PATTERN.pattern)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    model: type[BaseModel] = Policy
    if len(parent) == 2:
        model = Unit if parent[0] == "units" else Category
    return list(model.model_fields)


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

    def bad(path: tuple[str | int, ...], message: str) -> None:
        pos = doc.where(*path)
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
    return out
