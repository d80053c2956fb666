"""``--format markdown``: a pull-request comment for editors and writers.

A summary line, the problems grouped by file, each checked item's quality card,
and how to fix each kind of problem (from the rules' own documentation).
"""

from __future__ import annotations

from collections import defaultdict

from ..check.engine import CheckResult
from ..check.rules import REGISTRY
from ..check.rules.registry import CRITERIA
from ..diagnostics import Diagnostic, Severity
from .cards import Card

ICONS = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}
MAX_ROWS = 200


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell (and inert as HTML)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "\\|").replace("\n", " "))


def render_markdown(result: CheckResult, cards: list[Card] | None = None) -> str:
    """The comment body."""
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    verdict = "❌ Changes needed" if errors else "⚠️ Ready, with warnings" if warnings else \
        "✅ All checks passed"
    out = [f"## bulletin check: {verdict}", "",
           f"{result.files} files checked: **{errors}** error{'s' * (errors != 1)}, "
           f"**{warnings}** warning{'s' * (warnings != 1)}.", ""]
    out += _problems(result.diagnostics)
    if cards:
        out += _cards(cards)
    out += _how_to_fix(result.diagnostics)
    return "\n".join(out).rstrip() + "\n"


def _problems(diagnostics: list[Diagnostic]) -> list[str]:
    if not diagnostics:
        return []
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for diag in diagnostics:
        by_file[diag.path].append(diag)
    out = ["### Problems", ""]
    shown = 0
    for path, diags in by_file.items():
        out += [f"**`{path}`**", "", "| | line | rule | problem |", "|---|---|---|---|"]
        for diag in diags:
            if shown == MAX_ROWS:
                break
            out.append(f"| {ICONS.get(diag.severity, '')} | {diag.line} | "
                       f"`{diag.code}` {diag.rule} | {cell(diag.message)} |")
            shown += 1
        out.append("")
        if shown == MAX_ROWS:
            out += [f"… and {len(diagnostics) - MAX_ROWS} more: run `bulletin check` "
                    "locally for the full list.", ""]
            break
    return out


def _cards(cards: list[Card]) -> list[str]:
    out = ["### Quality", "",
           "| item | " + " | ".join(CRITERIA) + " |",
           "|---|" + "---|" * len(CRITERIA)]
    for card in cards:
        marks = ["✅" if card.status(c) == "pass" else "⚠️" for c in CRITERIA]
        out.append(f"| `{card.item}` | " + " | ".join(marks) + " |")
    out.append("")
    reasons = [(card, c, d) for card in cards for c in CRITERIA for d in card.reasons[c]]
    if reasons:
        out += ["<details><summary>Why</summary>", ""]
        out += [f"- `{card.item}` — *{c}*: {cell(d.message)} (`{d.code}`)"
                for card, c, d in reasons[:MAX_ROWS]]
        out += ["", "</details>", ""]
    return out


def _how_to_fix(diagnostics: list[Diagnostic]) -> list[str]:
    codes = sorted({d.code for d in diagnostics})
    if not codes:
        return []
    out = ["### How to fix", ""]
    for code in codes:
        rule = REGISTRY[code]
        fix = " `bulletin check --fix` repairs it." if rule.fixable else ""
        out.append(f"<details><summary><code>{code}</code> {rule.name}: "
                   f"{cell(rule.summary)}</summary>\n")
        out.append(rule.parts.get("Why", "") + "\n")
        out.append("**Use instead**\n\n" + rule.parts.get("Use instead", "") + fix + "\n")
        out.append(f"`bulletin rule {code}` explains it in full.\n</details>\n")
    return out
