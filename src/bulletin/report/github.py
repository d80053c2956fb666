"""``--format github``: GitHub Actions workflow commands, one annotation per line.

    ::error file=items/water/2026/x.md,line=8,col=11,title=S008 invalid-value::'priority' is …

Severities map to commands: error → ``::error``, warning → ``::warning``,
info → ``::notice``. GitHub shows at most 10 error and 10 warning annotations
per step (50 per job), so errors come first and each kind is capped at
:data:`PER_KIND`; when any are left out, a last ``::notice::`` says how many
and where the full list is (the job summary, which ``bulletin check`` writes
to ``$GITHUB_STEP_SUMMARY`` in the Markdown format).

Escaping follows the runner's rules: in the message ``%``, CR and LF become
``%25``, ``%0D`` and ``%0A``; property values additionally escape ``:`` and
``,`` as ``%3A`` and ``%2C``.
"""

from __future__ import annotations

from ..check.engine import CheckResult
from ..diagnostics import Diagnostic, Severity

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
PER_KIND = 10


def escape_data(text: str) -> str:
    """A workflow command's message, escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value, escaped."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diag: Diagnostic) -> str:
    """One diagnostic as a workflow command."""
    props = {"file": diag.path, "line": str(diag.line), "col": str(diag.column),
             "title": f"{diag.code} {diag.rule}"}
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
    return f"::{COMMANDS.get(diag.severity, 'notice')} {joined}::{escape_data(diag.message)}"


def render_github(result: CheckResult, summary: bool = False) -> str:
    """The annotations, errors first, at most :data:`PER_KIND` of each kind.

    ``summary`` says whether the full report goes to the job summary, which the
    closing notice about left-out problems then points to.
    """
    lines: list[str] = []
    left_out = 0
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        diags = [d for d in result.diagnostics if d.severity is severity]
        cap = PER_KIND
        if severity is Severity.INFO:
            # the closing notice is a notice too: keep room for it
            overflow = left_out or len(diags) > PER_KIND
            cap -= 1 if overflow else 0
        lines += [annotation(d) for d in diags[:cap]]
        left_out += max(0, len(diags) - cap)
    if left_out:
        where = "the job summary" if summary else "'bulletin check' run locally"
        lines.append(
            f"::notice title=bulletin check::{left_out} more problem{'s' * (left_out != 1)} "
            f"not annotated (GitHub shows at most {PER_KIND} errors and {PER_KIND} warnings "
            f"per step); {where} has the full list.")
    return "".join(line + "\n" for line in lines)
