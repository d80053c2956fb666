"""The editor's command ``edition new``: the next edition's manifest, proposed
from the information pool or left for the editor to fill."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..basics import EDITION_TYPES
from ..errors import UsageError
from .common import (
    display_path,
    friendly_errors,
    load_valid_policy,
    repo_option,
    repository_root,
)


@click.group()
def edition() -> None:
    """Compose editions."""


@edition.command("new")
@click.option("--type", "-t", "kind", type=click.Choice(EDITION_TYPES), default="regular",
              show_default=True, help="Regular, flash (urgent items, at once) or special.")
@click.option("--date", "date_", type=click.DateTime(["%Y-%m-%d"]),
              help="The edition's date (default: today in the bulletin's time zone).")
@click.option("--auto", is_flag=True, help="Fill it from the information pool: merged items "
                                           "in no edition, cleared for the audience, out of "
                                           "embargo, most urgent and important first.")
@click.option("--audience", "-a", help="Highest classification it may carry (default: the "
                                       "policy's default_audience).")
@click.option("--editor", "-e", help="The editor composing it (default: the first editor).")
@click.option("--size", "-n", type=click.IntRange(1, 50),
              help="Most items to propose (default 8; 3 for a flash).")
@repo_option
@friendly_errors
def edition_new(kind: str, date_: dt.datetime | None, auto: bool, audience: str | None,
                editor: str | None, size: int | None, repo: Path | None) -> None:
    """Write the next-numbered edition manifest, bulletins/YYYY/NNN.yml; print its path.

    Review it — sections, order, the lead item (the first), a title and an
    editor's note — then open a pull request: merging it publishes the edition.
    """
    from ..editions.compose import propose, write_manifest
    from ..load.repository import load_repository
    from ..text import did_you_mean

    root = repository_root(repo)
    policy = load_valid_policy(root)
    level = audience or policy.audience
    if level not in policy.levels:
        raise UsageError(f"unknown audience '{level}'{did_you_mean(level, policy.levels)}")
    who = editor or (policy.editors[0] if policy.editors else None)
    if who is None:
        raise UsageError("bulletin.yml names no editors; pass --editor LOGIN")
    loaded, _ = load_repository(root, policy)
    day = date_.date() if date_ else dt.datetime.now(policy.tz).date()
    proposal = propose(loaded, day=day, kind=kind, audience=level, editor=who, auto=auto,
                       size=size)
    click.echo(display_path(write_manifest(root, proposal)))
    if auto:
        count = sum(len(ids) for _, ids in proposal.sections)
        click.echo(f"Proposed {count} item{'s' * (count != 1)} in {len(proposal.sections)} "
                   "section(s); review the order and add a title and note.", err=True)
