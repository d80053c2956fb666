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
@click.option("--auto", is_flag=True, help="Fill it from the information pool: items "
                                           "committed on this branch that pass the check, in "
                                           "no edition of the publication, cleared for the "
                                           "audience, out of embargo, most urgent and "
                                           "important first.")
@click.option("--publication", "-P", metavar="KEY",
              help="The publication (a key under publications: in bulletin.yml; default: "
                   "the first).")
@click.option("--audience", "-a", help="Highest classification it may carry (default: the "
                                       "publication's audience, or the policy's "
                                       "default_audience).")
@click.option("--editor", "-e", help="The editor composing it (default: the first editor).")
@click.option("--size", "-n", type=click.IntRange(1, 50),
              help="Most items to propose (default 8; 3 for a flash).")
@repo_option
@friendly_errors
def edition_new(kind: str, date_: dt.datetime | None, auto: bool, publication: str | None,
                audience: str | None, editor: str | None, size: int | None,
                repo: Path | None) -> None:
    """Write the next-numbered edition manifest, bulletins/YYYY/NNN.yml (or
    bulletins/PUBLICATION/YYYY/NNN.yml); print its path.

    Review it — sections, order, the lead item (the first), a title and an
    editor's note — then open a pull request: merging it publishes the edition.
    """
    from ..editions.compose import candidates, propose, write_manifest
    from ..editions.ready import ready_items
    from ..load.repository import load_repository
    from ..text import did_you_mean

    root = repository_root(repo)
    policy = load_valid_policy(root)
    if publication is not None and publication not in policy.publications:
        known = did_you_mean(publication, policy.publications) or (
            f" (one of: {', '.join(policy.publications)})" if policy.publications else
            "; bulletin.yml declares none under publications:")
        raise UsageError(f"unknown publication '{publication}'{known}")
    spec = policy.publications.get(publication or policy.default_publication or "")
    level = audience or (spec.audience if spec and spec.audience else policy.audience)
    if level not in policy.levels:
        raise UsageError(f"unknown audience '{level}'{did_you_mean(level, policy.levels)}")
    who = editor or (policy.editors[0] if policy.editors else None)
    if who is None:
        raise UsageError("bulletin.yml names no editors; pass --editor LOGIN")
    day = date_.date() if date_ else dt.datetime.now(policy.tz).date()
    ready = ready_items(root, dt.datetime.now(policy.tz).date()) if auto else None
    loaded = ready.repo if ready is not None else load_repository(root, policy)[0]
    proposal = propose(loaded, day=day, kind=kind, audience=level, editor=who, auto=auto,
                       size=size, publication=publication,
                       ready=ready.ids if ready is not None else None)
    click.echo(display_path(write_manifest(root, proposal)))
    if ready is not None:
        count = sum(len(ids) for _, ids in proposal.sections)
        click.echo(f"Proposed {count} item{'s' * (count != 1)} in {len(proposal.sections)} "
                   "section(s); review the order and add a title and note.", err=True)
        pool = {i.id for i in candidates(loaded, level, day, kind == "flash",
                                         publication or policy.default_publication)}
        _left_out({k: v for k, v in ready.left_out.items() if k in pool})


def _left_out(left_out: dict[str, str]) -> None:
    """Say which items --auto did not consider, and why (the first few of each reason)."""
    reasons: dict[str, list[str]] = {}
    for item_id, why in sorted(left_out.items()):
        reasons.setdefault(why, []).append(item_id)
    for why, ids in reasons.items():
        shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
        click.echo(f"Not proposed ({why}): {shown}", err=True)
