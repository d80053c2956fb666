"""Diagnostics are data: what a rule found, where, and how bad it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a diagnostic is; ``OFF`` is only used in configuration."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OFF = "off"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1, "off": 0}[self.value]


@dataclass(frozen=True)
class Fix:
    """A mechanical repair ``bulletin check --fix`` may apply to a whole file."""

    description: str


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a code, a message and where, before severity is applied.

    ``path`` is only set by rules that report on another file than the one they
    were given (cross-file rules).
    """

    code: str
    message: str
    line: int = 1
    column: int = 1
    path: str | None = None
    fix: Fix | None = None


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A finding placed in a file, with its rule name and effective severity."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    rule: str = field(compare=False)
    message: str = field(compare=False)
    fix: Fix | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
        }
