"""One registry of rules: code, kebab-case name, default severity, options, docs.

A rule is a function decorated with :func:`rule`. Its docstring is its
documentation, in four parts (*What it does*, *Why*, *Example*, *Use
instead*); ``bulletin rule CODE`` prints it and the site's writing guide is
generated from the same text. Rules whose findings come from the loader (a file
that cannot be parsed never reaches a rule function) are registered with
``scope="load"`` and no body.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ...config import Policy
from ...diagnostics import Finding, Severity
from ...model import Repository

Scope = Literal["load", "item", "edition", "repo"]
DOC_PARTS = ("What it does", "Why", "Example", "Use instead")
FAMILIES = {
    "S": "Structure",
    "Q": "Quality",
    "C": "Confidentiality and safety",
    "E": "Editions",
    "G": "Review",
    "N": "Network",
}
# The office's five criteria. A Q rule's criterion is its code's first digit
# (Q1xx high ... Q5xx refined); other rules may name one (``criterion=``).
CRITERIA = ("high", "novel", "comprehensive", "true", "refined")


@dataclass(frozen=True)
class Option:
    """A rule option, settable in ``bulletin.yml`` under ``rules:``."""

    name: str
    default: Any
    help: str


@dataclass
class Context:
    """What a rule sees besides the value it checks: the repository and its options."""

    repo: Repository
    options: dict[str, Any]
    today: dt.date
    focus: Callable[[str], bool] | None = None
    """The files whose findings are wanted (None: all). A repository rule may leave
    out findings on other files, and should, when finding them means reading every
    item: a pull request's check asks about a few files of a large bulletin."""

    @property
    def policy(self) -> Policy:
        return self.repo.policy

    def wanted(self, path: str) -> bool:
        """Whether findings on ``path`` are wanted."""
        return self.focus is None or self.focus(path)


Check = Callable[[Any, Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: Scope
    check: Check | None
    doc: str
    options: tuple[Option, ...] = ()
    fixable: bool = False
    parts: dict[str, str] = field(default_factory=dict, compare=False)
    criterion_: str | None = None
    per_file: bool = True
    """For an item rule: its findings depend on nothing but the item's file and the
    policy (not on other files, nor on the day), so the check may cache them."""

    @property
    def criterion(self) -> str | None:
        """Which of the five quality criteria the rule judges, if any."""
        if self.criterion_:
            return self.criterion_
        if self.code[0] == "Q" and self.code[1] in "12345":
            return CRITERIA[int(self.code[1]) - 1]
        return None

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    @property
    def summary(self) -> str:
        return self.doc.strip().split("\n", 1)[0]

    def defaults(self) -> dict[str, Any]:
        return {o.name: o.default for o in self.options}


REGISTRY: dict[str, Rule] = {}
BY_NAME: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, scope: Scope, *,
         options: tuple[Option, ...] = (), fixable: bool = False,
         criterion: str | None = None, per_file: bool = True) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``code``.

    An item rule that reads other items (``ctx.repo``) or the day (``ctx.today``)
    must say ``per_file=False``: the check caches the findings of the others.
    """

    def register(fn: Check) -> Check:
        if code in REGISTRY or name in BY_NAME:
            raise ValueError(f"rule {code} {name} registered twice")
        doc = _dedent(fn.__doc__ or "")
        entry = Rule(code, name, severity, scope, None if scope == "load" else fn, doc,
                     options, fixable, split_doc(doc), criterion, per_file)
        REGISTRY[code] = entry
        BY_NAME[name] = entry
        return fn

    return register


def split_doc(doc: str) -> dict[str, str]:
    """The four parts of a rule's docstring, keyed by their headings."""
    parts: dict[str, str] = {}
    pattern = re.compile(r"^## (" + "|".join(DOC_PARTS) + r")\s*$", re.M)
    matches = list(pattern.finditer(doc))
    for m, nxt in zip(matches, [*matches[1:], None], strict=False):
        parts[m.group(1)] = doc[m.end(): nxt.start() if nxt else len(doc)].strip()
    return parts


def _dedent(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)


def lookup(key: str) -> Rule | None:
    """A rule by code (``S002``, any case) or name (``required-field``)."""
    return REGISTRY.get(key.upper()) or BY_NAME.get(key)
