"""``bulletin score``: each submitting unit's assessment for a period, as the rule
book counts it, or the items and ledger lines behind one unit's points."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..basics import SCORE_FORMATS
from ..errors import UsageError
from ..fsutil import write_atomic
from .common import (
    display_path,
    friendly_errors,
    load_valid_policy,
    repo_option,
    repository_root,
)


@click.command()
@click.option("--period", "-p", metavar="PERIOD",
              help="A quarter (2026-Q4), month (2026-11) or year (2026). Default: the rule "
                   "book's period (assessment.period) holding today.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
              help="First day of a custom period (with --to).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
              help="Last day of a custom period (with --from).")
@click.option("--format", "-f", "fmt", type=click.Choice(SCORE_FORMATS), default="text",
              show_default=True, help="Output format; json is the stable contract.")
@click.option("--explain", metavar="UNIT",
              help="List the items, editions, responses and ledger lines behind one unit's "
                   "points (text, or json with --format json).")
@click.option("--ref", default="HEAD", show_default=True, metavar="REV",
              help="The git revision whose history says when items arrived and merged.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), metavar="DATE",
              help="Score as on this day (default: today): the default period and the pro "
                   "rata quotas of a running period follow it.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--quiet", "-q", is_flag=True,
              help="Show no progress on the terminal (shown only there, on standard error).")
@repo_option
@friendly_errors
def score(period: str | None, start: dt.datetime | None, end: dt.datetime | None, fmt: str,
          explain: str | None, ref: str, as_of: dt.datetime | None, output: Path | None,
          quiet: bool, repo: Path | None) -> None:
    """Assess every submitting unit: submitted, adopted, lead items, leader responses,
    timeliness, quality, points from the rule book, targets and rank.

    \b
    Examples:
      bulletin score                      # this quarter (the rule book's period)
      bulletin score --period 2026-Q4 --format csv -o q4.csv
      bulletin score --period 2026-11 --explain water
    """
    from ..assess.gather import score_repository
    from ..assess.period import parse_period, range_period
    from ..report.score import RENDERERS, render_explain
    from ..text import did_you_mean
    from .progress import terminal_progress

    if period and (start or end):
        raise UsageError("give either --period or --from/--to, not both")
    if bool(start) != bool(end):
        raise UsageError("--from and --to go together")
    chosen = parse_period(period) if period else \
        range_period(start.date(), end.date()) if start and end else None
    root = repository_root(repo)
    policy = load_valid_policy(root)
    if explain is not None and explain not in policy.units:
        raise UsageError(f"no unit '{explain}'{did_you_mean(explain, policy.units)}; "
                         "units are the keys under units: in bulletin.yml")
    if explain is not None and fmt not in ("text", "json"):
        raise UsageError("--explain writes text or json")
    with terminal_progress(quiet) as progress:  # gone before the report is written
        board = score_repository(root, chosen, ref, as_of.date() if as_of else None,
                                 progress)
    if explain is not None:
        unit = board.unit(explain)
        assert unit is not None
        text = render_explain(board, unit, fmt)
    else:
        text = RENDERERS[fmt](board)
    if output is not None:
        write_atomic(output, text)
        click.echo(f"wrote {display_path(output)}", err=True)
    else:
        click.echo(text, nl=False)
