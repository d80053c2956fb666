"""The information network's commands: ``relay`` reports items upward, ``network
fetch`` brings the neighbours' bulletins in, read-only (DESIGN §9)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..basics import FORGES
from .common import friendly_errors, load_valid_policy, repo_option, repository_root

if TYPE_CHECKING:
    from ..config import Policy


@click.command()
@click.argument("items", nargs=-1, required=True)
@click.option("--to", "to", metavar="OFFICE",
              help="The upstream office (an id under upstream: in bulletin.yml; needed when "
                   "there are several).")
@click.option("--classification", "-l",
              help="Classify the relayed item higher than its source (never lower).")
@click.option("--edited", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The relaying office's edited version of the one item (its provenance "
                   "still names the committed source).")
@click.option("--forge", type=click.Choice(FORGES),
              help="Which forge the upstream is on, for the pull request address.")
@repo_option
@friendly_errors
def relay(items: tuple[str, ...], to: str | None, classification: str | None,
          edited: Path | None, forge: str | None, repo: Path | None) -> None:
    """Report ITEMS (ids or files) to the office upstream.

    Each item is written into the upstream bulletin under this office's unit there,
    with its provenance (relayed_from), on a branch relay/OFFICE/ITEM-ID pushed to the
    upstream repository; the address to open the pull request is printed. Your working
    tree is not touched. Items with errors or confidentiality findings are not relayed.
    Exit status: 0 relayed, 1 not relayed (findings, or a push failed), 2 usage error.
    """
    from ..review.relay import prepare
    from ..review.relay import relay as send

    plan = prepare(repository_root(repo), items, to, classification, edited)
    for d in plan.diagnostics:
        click.echo(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}")
    if plan.diagnostics:
        click.echo("Not relayed: an item with errors or a confidentiality finding stays "
                   "here. Nothing was changed.", err=True)
        sys.exit(1)
    failed = False
    for done in send(plan, forge):
        if done.error:
            failed = True
            click.echo(f"bulletin: could not push {done.branch} to {plan.upstream.label}: "
                       f"{done.error}", err=True)
            continue
        click.echo(f"Relayed {done.item} to {plan.upstream.label} on the branch "
                   f"{done.branch}.", err=True)
        click.echo(done.url or f"{done.branch}: open a pull request for it on "
                               f"{plan.upstream.label}'s forge.")
    if failed:
        sys.exit(1)


@click.group()
def network() -> None:
    """The information network: the offices upstream and downstream."""


@network.command("fetch")
@click.option("--office", "offices", multiple=True, metavar="ID",
              help="Fetch only this office (repeat for several; default: every neighbour).")
@click.option("--policy-at", "policy_at", metavar="REV",
              help="Take the neighbours from bulletin.yml as REV has it (in CI: the merge "
                   "base, so that a pull request cannot point the check at other "
                   "repositories).")
@repo_option
@friendly_errors
def fetch(offices: tuple[str, ...], policy_at: str | None, repo: Path | None) -> None:
    """Fetch the upstream and downstream offices' bulletins, read-only, into
    refs/bulletin/OFFICE/main: upstream adoptions then count in `score`, and the check
    verifies relayed items against their sources. Exit status 1 when one fails."""
    from ..errors import UsageError
    from ..git.network import fetch_neighbours

    root = repository_root(repo)
    policy = load_valid_policy(root) if policy_at is None else _policy_at(root, policy_at)
    known = [*policy.upstream, *policy.downstream]
    unknown = [o for o in offices if o not in {n.id for n in known}]
    if unknown:
        raise UsageError(f"not a neighbour in bulletin.yml: {', '.join(unknown)}")
    if not known:
        raise UsageError("bulletin.yml names no upstream or downstream offices")
    chosen = [(n.id, n.url) for n in known if not offices or n.id in offices]
    errors = fetch_neighbours(root, chosen)
    for office, error in errors.items():
        click.echo(f"{office}: {'fetched' if not error else 'failed: ' + error}")
    if any(errors.values()):
        sys.exit(1)


@click.command("import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["ninjs"]), required=True,
              help="The files' format: ninjs (IPTC ninjs 2.1 JSON, one item a file).")
@click.option("--unit", "-u", help="The unit the items come from (default: each file's "
                                   "infosource with role originator).")
@click.option("--category", "-c", help="Their category (default: each file's subject with "
                                       "rel category).")
@repo_option
@friendly_errors
def import_(files: tuple[Path, ...], fmt: str, unit: str | None, category: str | None,
            repo: Path | None) -> None:
    """Import items from FILES into the pool (for offices not on git and newsroom
    systems); print the paths written.

    Each file is checked first, and nothing is written while any has a problem:
    every problem is printed as FILE:LINE:COLUMN: N010 message. Exit status: 0
    imported, 1 problems found (nothing written), 2 usage error.
    """
    from ..load.repository import load_repository
    from ..review.ninjs_import import import_files

    root = repository_root(repo)
    policy = load_valid_policy(root)
    known, _ = load_repository(root, policy)
    written, findings = import_files(root, list(files), policy, set(known.items_by_id()),
                                     unit, category)
    for f in findings:
        click.echo(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}")
    if findings:
        n = len(findings)
        click.echo(f"Not imported: {n} problem{'s' * (n != 1)}. Nothing was written.",
                   err=True)
        sys.exit(1)
    for path in written:
        click.echo(path)


def _policy_at(root: Path, rev: str) -> Policy:
    """The policy as the revision ``rev`` has it."""
    from ..config import parse_policy
    from ..errors import UsageError
    from ..git.history import check_ref, file_at

    text = file_at(root, check_ref(rev, "--policy-at"), "bulletin.yml")
    policy = parse_policy(text).policy if text is not None else None
    if policy is None:
        raise UsageError(f"--policy-at {rev}: no valid bulletin.yml there")
    return policy
