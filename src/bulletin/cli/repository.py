"""Commands that set a bulletin repository up: ``init`` starts one; ``schema`` and
``codeowners`` write the files that follow from its bulletin.yml (the front matter
schema for editors, the review routing for the forge)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click

from ..basics import FORGES
from ..fsutil import write_atomic
from .common import friendly_errors, load_valid_policy, repo_option, repository_root

# --- init --------------------------------------------------------------------------


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="Information Bulletin", show_default=True,
              help="The bulletin's title.")
@click.option("--publisher", default="General Office", show_default=True,
              help="Who publishes it.")
@friendly_errors
def init(directory: Path, title: str, publisher: str) -> None:
    """Start a new bulletin repository in DIRECTORY.

    Writes bulletin.yml (the policy), mkdocs.yml, a README, one example item,
    CI for GitHub, Gitea/Forgejo and GitLab, CODEOWNERS, a pull request
    template and a pre-commit hook. The result passes `bulletin check` as it
    stands; edit bulletin.yml to add your units, editors and categories, then run
    `bulletin codeowners -o .github/CODEOWNERS`. DIRECTORY becomes a git repository
    (branch main) unless it lies in one: assessment and review read git's history.
    """
    from ..git.start import start_history
    from ..review.scaffold import init_repository

    written = init_repository(directory, title, publisher, dt.date.today())
    for path in written:
        click.echo(os.path.relpath(path))
    click.echo(start_history(directory), err=True)
    click.echo(f"Started a bulletin in {directory}. Next: edit {directory / 'bulletin.yml'}, "
               "then run 'bulletin check'.", err=True)


# --- schema ------------------------------------------------------------------------


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to FILE instead of standard output.")
@repo_option
@friendly_errors
def schema(output: Path | None, repo: Path | None) -> None:
    """Print the JSON Schema of item front matter.

    Units, categories and levels come from this repository's bulletin.yml, so an
    editor that reads the schema (e.g. VS Code's YAML extension) completes them.
    """
    from ..load.schema import item_json_schema

    policy = load_valid_policy(repository_root(repo))
    text = json.dumps(item_json_schema(policy), ensure_ascii=False, indent=2)
    if output is not None:
        write_atomic(output, text + "\n")
    else:
        click.echo(text)


# --- codeowners --------------------------------------------------------------------


@click.command()
@click.option("--forge", type=click.Choice(FORGES), default="github", show_default=True,
              help="Whose CODEOWNERS syntax to write (gitea also serves Forgejo).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the file to FILE (e.g. .github/CODEOWNERS) instead of standard "
                   "output.")
@repo_option
@friendly_errors
def codeowners(forge: str, output: Path | None, repo: Path | None) -> None:
    """Print a CODEOWNERS file that routes review as bulletin.yml says.

    Each unit's folder items/UNIT/ is owned by its members, bulletins/ and
    bulletin.yml by the editors, and the editors own everything else too. A unit
    without members is owned by the editors. Regenerate the file whenever units
    or editors change.
    """
    from ..review.forge import policy_codeowners

    text = policy_codeowners(load_valid_policy(repository_root(repo)), forge)
    if output is not None:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
