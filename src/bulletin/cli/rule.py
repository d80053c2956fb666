"""``bulletin rule``: the rule book from the rule registry, one rule explained in
four parts (what it does, why, an example, what to write instead) or all listed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import UsageError
from .common import friendly_errors, repo_option

if TYPE_CHECKING:
    from ..check.rules.registry import Rule


@click.command("rule")
@click.argument("code", required=False)
@repo_option
@friendly_errors
def rule_command(code: str | None, repo: Path | None) -> None:
    """Explain rule CODE (e.g. S002 or required-field), or list every rule.

    Each rule is explained in four parts: what it does, why, an example, and
    what to write instead.
    """
    from ..check.rules import REGISTRY, lookup
    from ..text import did_you_mean

    if code is None:
        click.echo(_rule_table())
        return
    rule = lookup(code)
    if rule is None:
        choices = [*REGISTRY, *(r.name for r in REGISTRY.values())]
        raise UsageError(f"no rule '{code}'{did_you_mean(code, choices)}; "
                         "run 'bulletin rule' for the list")
    click.echo(_rule_doc(rule))


def _rule_table() -> str:
    """Every rule, family by family: code, name, default severity and summary."""
    from ..check.rules import REGISTRY
    from ..check.rules.registry import FAMILIES

    lines = []
    for letter, family in FAMILIES.items():
        lines.append(f"{letter} — {family}")
        for rule in sorted(REGISTRY.values(), key=lambda r: r.code):
            if rule.code.startswith(letter):
                fix = " (fixable)" if rule.fixable else ""
                lines.append(f"  {rule.code}  {rule.name:<26} {rule.severity.value:<8} "
                             f"{rule.summary}{fix}")
        lines.append("")
    lines.append("Run 'bulletin rule CODE' for what a rule does, why, and what to write instead.")
    return "\n".join(lines)


def _rule_doc(rule: Rule) -> str:
    """One rule in full: its four parts, options, and how to configure it."""
    from ..check.rules.registry import DOC_PARTS

    head = f"{rule.code} {rule.name} — {rule.summary}"
    lines = [head, "=" * len(head), "",
             f"Family: {rule.family}. Default severity: {rule.severity.value}."
             + (" Fixable with 'bulletin check --fix'." if rule.fixable else "")]
    for part in DOC_PARTS:
        lines += ["", part, "-" * len(part), rule.parts.get(part, "")]
    if rule.options:
        lines += ["", "Options", "-------"]
        lines += [f"{o.name} (default {o.default!r}): {o.help}" for o in rule.options]
    lines += ["", "Configure in bulletin.yml:", "  rules:",
              f"    {rule.name}: warning        # off | info | warning | error"]
    return "\n".join(lines)
