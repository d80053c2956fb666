"""``--format text``: compiler-style lines with the offending source line.

    items/water/2026/2026-11-18-flood.md:3:8: S008 'priority' is 'urgnet', ...
       |
     3 | priority: urgnet
       |           ^ error: invalid-value
"""

from __future__ import annotations

from collections.abc import Callable

from ..check.engine import CheckResult
from ..check.rules import REGISTRY
from ..check.rules.registry import CRITERIA
from ..diagnostics import Diagnostic, Severity
from ..text import display_width
from .cards import Card

Source = Callable[[str], list[str] | None]
_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def render_text(result: CheckResult, source: Source, colour: bool = False,
                show_source: bool = True, cards: list[Card] | None = None) -> str:
    """The whole report: each diagnostic with its excerpt, the quality cards (if
    asked for), then a summary line."""
    lines: list[str] = []
    for diag in result.diagnostics:
        lines.append(_headline(diag, colour))
        if show_source:
            lines.extend(_excerpt(diag, source(diag.path), colour))
    for card in cards or []:
        lines.extend(card_lines(card))
    lines.append(summary_line(result))
    fixable = sum(1 for d in result.diagnostics if REGISTRY[d.code].fixable)
    if fixable:
        lines.append(f"{fixable} fixable with 'bulletin check --fix'.")
    return "\n".join(lines) + "\n"


def card_lines(card: Card) -> list[str]:
    """A card as text: one line per criterion, with the first reason."""
    lines = [f"Quality {card.path}: {card.passed} of {len(CRITERIA)} criteria pass"]
    for criterion in CRITERIA:
        reasons = card.reasons[criterion]
        note = f"  {reasons[0].code} {reasons[0].message}" if reasons else ""
        more = f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""
        lines.append(f"  {criterion:<14}{card.status(criterion)}{note}{more}")
    return lines


def summary_line(result: CheckResult) -> str:
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    infos = result.count(Severity.INFO)
    files = f"{result.files} file{'s' if result.files != 1 else ''}"
    if not (errors or warnings or infos):
        return f"Checked {files}: no problems found."
    parts = [_plural(errors, "error"), _plural(warnings, "warning")]
    if infos:
        parts.append(_plural(infos, "note"))
    return f"Checked {files}: {', '.join(parts)}."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _headline(diag: Diagnostic, colour: bool) -> str:
    where = f"{diag.path}:{diag.line}:{diag.column}:"
    if colour:
        where = f"{_BOLD}{where}{_RESET}"
        code = f"{_COLOURS.get(diag.severity, '')}{_BOLD}{diag.code}{_RESET}"
    else:
        code = diag.code
    return f"{where} {code} {diag.message}"


def _excerpt(diag: Diagnostic, text: list[str] | None, colour: bool) -> list[str]:
    label = f"{diag.severity.value}: {diag.rule}"
    if colour:
        label = f"{_COLOURS.get(diag.severity, '')}{label}{_RESET}"
    if text is None or not 1 <= diag.line <= len(text):
        return [f"   = {label}"]
    line = text[diag.line - 1].replace("\t", " ")
    width = len(str(diag.line))
    caret = " " * display_width(line[: diag.column - 1]) + "^"
    pad = " " * width
    return [f" {pad} |", f" {diag.line} | {line}", f" {pad} | {caret} {label}"]


