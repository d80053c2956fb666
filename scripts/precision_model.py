"""The figures and labels of ``scripts/precision.py``: rule families and criteria, the
scores, the cases to act on, and how a labelled set's labels are read (either format).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bulletin.check.rules import REGISTRY
from bulletin.check.rules.registry import CRITERIA

FAMILIES = (*(f"Q-{c}" for c in CRITERIA), "C")
"""Rule families in report order: one per quality criterion, then confidentiality."""
CONFIDENTIAL = "confidential"
LABEL_CRITERIA = (*CRITERIA, CONFIDENTIAL)
"""What a verdict may name: the five quality criteria and confidentiality."""
LANGUAGES = ("all", "en", "zh")


def family(code: str) -> str:
    """The family of a Q or C rule code: ``Q-<criterion>`` or ``C``."""
    if code.startswith("Q"):
        return f"Q-{REGISTRY[code].criterion}"
    return "C"


def criterion_of(code: str) -> str | None:
    """The criterion a rule's findings fail on a card: its own, ``confidential`` for a C
    rule, None for a rule that judges no criterion."""
    if code.startswith("C"):
        return CONFIDENTIAL
    rule = REGISTRY.get(code)
    return rule.criterion if rule else None


def judged_codes() -> list[str]:
    """Every Q and C rule code in the registry, in order: the rules that judge items
    (not C007, whose findings are on the pictures beside them)."""
    return sorted(c for c, r in REGISTRY.items() if c[0] in "QC" and r.scope != "load")


def card_codes() -> list[str]:
    """The rules whose findings a card counts: the judged ones and the other rules that
    name a criterion (S019, a missing section, is *comprehensive*)."""
    return sorted({*judged_codes(), *(c for c, r in REGISTRY.items()
                                      if r.criterion and r.scope != "load")})


# --- figures -----------------------------------------------------------------------------


@dataclass
class Score:
    """Counts of (item, code) pairs, and the precision and recall they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        found = self.tp + self.fp
        return self.tp / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.tp + self.fn
        return self.tp / expected if expected else None

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": _rounded(self.precision), "recall": _rounded(self.recall)}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass
class Share:
    """``hit`` of ``total`` items."""

    hit: int = 0
    total: int = 0

    @property
    def ratio(self) -> float | None:
        return self.hit / self.total if self.total else None

    def count(self, hit: bool) -> None:
        self.total += 1
        self.hit += int(hit)

    def to_json(self) -> dict[str, Any]:
        return {"hit": self.hit, "total": self.total, "ratio": _rounded(self.ratio)}


@dataclass(frozen=True)
class Case:
    """One false positive or false negative: the item, the code and what to look at."""

    item: str
    code: str
    path: str
    line: int
    message: str
    count: int = 1
    """For a false positive, how many times the rule fired in the item."""


@dataclass(frozen=True)
class CardCase:
    """An item whose card disagrees with its verdict: a good item that fails (with
    the findings that fail it), or a flawed item not caught (with what it is labelled
    and what its card said)."""

    item: str
    path: str
    language: str
    labelled: tuple[str, ...]
    defects: tuple[str, ...]
    findings: tuple[str, ...]


@dataclass
class Cards:
    """The card figures of one set: per language, per criterion and per rule."""

    good_pass: dict[str, Share] = field(default_factory=lambda: {k: Share() for k in LANGUAGES})
    """Per language: good items whose card passes all five criteria with no error."""
    flawed_caught: dict[str, Share] = field(
        default_factory=lambda: {k: Share() for k in LANGUAGES})
    """Per language: flawed items whose card fails on a criterion their labels name."""
    good_criterion: dict[str, dict[str, Share]] = field(default_factory=dict)
    """Per language and criterion: good items whose card passes that criterion."""
    flawed_criterion: dict[str, dict[str, Share]] = field(default_factory=dict)
    """Per language and criterion: of the flawed items labelled with it, those whose
    card fails on it."""
    rules: dict[str, dict[str, Score]] = field(default_factory=dict)
    """Per language and rule: (item, code) pairs found, right (tp) or wrong (fp)."""
    criteria: dict[str, dict[str, Score]] = field(default_factory=dict)
    """Per language and criterion: the findings of that criterion's rules, right or wrong."""
    good_failing: list[CardCase] = field(default_factory=list)
    flawed_missed: list[CardCase] = field(default_factory=list)
    wrong: list[Case] = field(default_factory=list)
    """Findings on items not labelled with the rule's criterion."""

    def to_json(self) -> dict[str, Any]:
        def table(d: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
            return {lang: {k: v.to_json() for k, v in inner.items()} for lang, inner in d.items()}

        return {
            "good_pass": {k: v.to_json() for k, v in self.good_pass.items()},
            "flawed_caught": {k: v.to_json() for k, v in self.flawed_caught.items()},
            "good_criterion": table(self.good_criterion),
            "flawed_criterion": table(self.flawed_criterion),
            "rules": table(self.rules),
            "criteria": table(self.criteria),
            "good_failing": [asdict(c) for c in self.good_failing],
            "flawed_missed": [asdict(c) for c in self.flawed_missed],
            "wrong": [asdict(c) for c in self.wrong],
        }


# --- labels ------------------------------------------------------------------------------


class LabelError(Exception):
    """The labels file cannot be read or has the wrong shape."""


@dataclass(frozen=True)
class Verdict:
    """What an editor said of one item."""

    good: bool
    criteria: frozenset[str]
    defects: tuple[str, ...] = ()
    source: str = ""
    codes: frozenset[str] | None = None
    """The rule codes, when the labels name codes."""


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LabelError(f"cannot read {path}: {exc}") from exc


def load_labels(path: Path) -> dict[str, list[str]]:
    """Code labels: item id -> list of codes (upper case). Raises :class:`LabelError`."""
    data = _read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LabelError(f"{path}: expected a mapping of item id to a list of rule codes")
    labels: dict[str, list[str]] = {}
    for key, value in data.items():
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LabelError(f"{path}: the label of {key} must be a list of rule codes")
        labels[str(key)] = [v.strip().upper() for v in value]
    return labels


def _strings(path: Path, key: str, name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str | bool):
        value = [value]
    # YAML 1.1 reads a bare ``true`` (the criterion) as a boolean
    value = ["true" if v is True else v for v in value] if isinstance(value, list) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LabelError(f"{path}: {key}: '{name}' must be a list of words")
    return tuple(v.strip() for v in value)


def load_verdicts(path: Path) -> dict[str, Verdict]:
    """Verdict labels: item id -> :class:`Verdict`. Raises :class:`LabelError`."""
    data = _read_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LabelError(f"{path}: expected a mapping of item id to a verdict")
    out: dict[str, Verdict] = {}
    for key, value in data.items():
        if not isinstance(value, dict) or value.get("verdict") not in ("good", "flawed"):
            raise LabelError(f"{path}: {key}: expected 'verdict: good' or 'verdict: flawed'")
        criteria = _strings(path, str(key), "criteria", value.get("criteria"))
        if value["verdict"] == "flawed" and not criteria:
            raise LabelError(f"{path}: {key}: a flawed item names the criteria it fails")
        out[str(key)] = Verdict(value["verdict"] == "good", frozenset(c.lower() for c in criteria),
                                _strings(path, str(key), "defects", value.get("defects")),
                                str(value.get("source") or ""))
    return out


def label_files(repo: Path) -> list[Path]:
    """The labels files of a set: ``labels.yml``, else every ``labels-*.yml``."""
    single = repo / "labels.yml"
    return [single] if single.is_file() else sorted(repo.glob("labels-*.yml"))


def read_labels(repo: Path, labels: Path | Mapping[str, Iterable[str]] | None
                ) -> tuple[dict[str, Verdict], bool, str]:
    """The labels of ``repo`` in either format: (verdicts, whether they name codes, where
    they come from). Raises :class:`LabelError`."""
    if labels is not None and not isinstance(labels, Path | str):
        return {k: _from_codes(v) for k, v in labels.items()}, True, "(given)"
    files = [Path(labels)] if labels is not None else label_files(repo)
    if not files:
        raise LabelError(f"{repo}: no labels.yml or labels-*.yml")
    verdicts: dict[str, Verdict] = {}
    by_code = False
    for path in files:
        data = _read_yaml(path)
        if isinstance(data, dict) and any(isinstance(v, dict) for v in data.values()):
            verdicts.update(load_verdicts(path))
        else:
            by_code = True
            verdicts.update({k: _from_codes(v) for k, v in load_labels(path).items()})
    return verdicts, by_code, ", ".join(str(p) for p in files)


def _from_codes(codes: Iterable[str]) -> Verdict:
    upper = frozenset(c.strip().upper() for c in codes)
    criteria = frozenset(c for c in map(criterion_of, upper) if c)
    return Verdict(not upper, criteria, codes=upper)
