"""A writer's commands: ``new`` writes an item from its category's template,
``submit`` sends items for review on a branch of their own."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import click

from ..basics import FORGES, PRIORITIES
from .common import (
    display_path,
    friendly_errors,
    load_valid_policy,
    repo_option,
    repository_root,
)

# --- new ---------------------------------------------------------------------------


@click.command()
@click.argument("title")
@click.option("--unit", "-u", required=True, help="Submitting unit (a key under units: in "
                                                  "bulletin.yml).")
@click.option("--category", "-c", required=True, help="Category key from bulletin.yml.")
@click.option("--priority", "-p", type=click.Choice(PRIORITIES), default="routine",
              show_default=True, help="How urgent the item is.")
@click.option("--classification", "-l", help="Classification level (default: the policy's "
                                             "default_audience).")
@click.option("--date", "date_", type=click.DateTime(["%Y-%m-%d"]),
              help="Filing date, YYYY-MM-DD (default: today in the bulletin's time zone).")
@click.option("--author", "authors", multiple=True,
              help="Author name; repeat for several (default: git's user.name).")
@repo_option
@friendly_errors
def new(title: str, unit: str, category: str, priority: str, classification: str | None,
        date_: dt.datetime | None, authors: tuple[str, ...], repo: Path | None) -> None:
    """Write a new item titled TITLE from its category's template; print its path.

    The file goes to items/UNIT/YYYY/YYYY-MM-DD-slug.md, the slug made from the
    title (a Chinese title is written in pinyin). Fill in the summary, sources
    and sections, then run `bulletin check`.
    """
    from ..review.scaffold import new_item

    root = repository_root(repo)
    policy = load_valid_policy(root)
    today = date_.date() if date_ else dt.datetime.now(policy.tz).date()
    names = list(authors) or _git_user(root)
    path = new_item(root, policy, title, unit, category, priority, classification, today, names)
    click.echo(display_path(path))


def _git_user(root: Path) -> list[str]:
    """git's user.name, as the default author (none when git has none)."""
    try:
        out = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [out.stdout.strip()] if out.stdout.strip() else []


# --- submit ------------------------------------------------------------------------


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--forge", type=click.Choice(FORGES),
              help="Which forge origin is, for the pull request address (default: guessed "
                   "from its host: github.com is GitHub, a host naming gitlab is GitLab, "
                   "any other Gitea or Forgejo).")
@repo_option
@friendly_errors
def submit(paths: tuple[Path, ...], forge: str | None, repo: Path | None) -> None:
    """Send items for review: commit them on a new branch, push it, print where to
    open the pull request.

    PATHS are item files or folders of items. They are checked first, and
    nothing is sent while they have errors (warnings are shown). The branch,
    submit/ITEM-ID, starts from your current commit and holds only these files;
    you stay on your branch, with your files as they were. Exit status: 0 sent,
    1 not sent (the items have errors, or the push failed: the branch is kept to
    push later), 2 usage error (not a git repository, no remote 'origin', other
    files with changes in the way, nothing to submit).
    """
    from ..review.submit import prepare
    from ..review.submit import submit as send

    sub = prepare(repository_root(repo), paths)
    for d in sub.errors + sub.warnings:
        click.echo(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}")
    if sub.errors:
        n = len(sub.errors)
        click.echo(f"Not submitted: {n} error{'s' * (n != 1)} to fix first (run "
                   "'bulletin check' on the item for details, 'bulletin rule CODE' for a "
                   "rule). Nothing was changed.", err=True)
        sys.exit(1)
    done = send(sub, forge)
    subject = sub.message.splitlines()[0]
    if not done.pushed:
        click.echo(f"bulletin: could not push to origin: {done.push_error}\n"
                   f"Nothing is lost: '{subject}' is committed on the branch {done.branch} "
                   f"here, and your files are unchanged on {sub.current}. When origin can "
                   f"be reached, run:\n  git push -u origin {done.branch}", err=True)
        sys.exit(1)
    click.echo(f"Committed '{subject}' on the branch {done.branch} and pushed it to "
               f"origin. You are still on {sub.current}, with your files as they were "
               "(uncommitted there: once the pull request is merged, remove your copies "
               "before 'git pull', which will not overwrite them).", err=True)
    if done.url:
        click.echo("Open the pull request here:", err=True)
        click.echo(done.url)
    else:
        click.echo(f"{done.branch}: open a pull request for it on your forge.")
