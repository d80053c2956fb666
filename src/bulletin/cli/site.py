"""The intranet site: ``build`` writes it for one audience, ``serve`` previews it.

Both import MkDocs only when they run, so that other commands start at once."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import UsageError
from .common import (
    F,
    display_path,
    friendly_errors,
    load_valid_policy,
    repo_option,
    repository_root,
)


def _site_options(fn: F) -> F:
    """``--audience``, ``--as-of`` and ``--config-file``, shared by build and serve."""
    for option in reversed([
        click.option("--audience", "-a", help="Build for this classification level: nothing "
                                              "above it reaches the site (default: the "
                                              "policy's default_audience)."),
        click.option("--as-of", "as_of", help="Publish as of this ISO date-time: items "
                                              "under embargo then are left out (default: "
                                              "now)."),
        click.option("--config-file", "-f", type=click.Path(dir_okay=False, path_type=Path),
                     help="The MkDocs configuration (default: mkdocs.yml in the repository)."),
    ]):
        fn = option(fn)
    return fn


def _check_audience(root: Path, audience: str | None) -> None:
    """A usage error, before MkDocs starts, when ``audience`` is no level of the policy."""
    from ..text import did_you_mean

    levels = load_valid_policy(root).levels
    if audience is not None and audience not in levels:
        raise UsageError(f"unknown audience '{audience}'{did_you_mean(audience, levels)} "
                         f"(levels: {', '.join(levels)})")


@click.command()
@_site_options
@click.option("--site-dir", "-d", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site/ in the repository).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on any warning, e.g. an item "
                                             "left out because it cannot be read.")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors (no "
                                                   "progress on the terminal).")
@click.option("--no-cache", is_flag=True, help="Render every page afresh and rebuild the "
                                               "site folder from scratch (the files are the "
                                               "same; it is only slower).")
@repo_option
@friendly_errors
def build(audience: str | None, as_of: str | None, config_file: Path | None,
          site_dir: Path | None, strict: bool, quiet: bool, no_cache: bool,
          repo: Path | None) -> None:
    """Build the bulletin's intranet site for one audience.

    Renders every edition, item, archive and feed the audience may read — safely,
    even items that fail the check (--strict fails instead) — with MkDocs and the
    bulletin plugin, then indexes it for search. Pages rendered before are reused
    from the cache (outside the repository: ~/.cache/bulletin, or
    $BULLETIN_CACHE_DIR) when nothing they show has changed.
    """
    from ..site.build import BuildFailed, build_site
    from .progress import terminal_progress

    root = repository_root(repo)
    _check_audience(root, audience)
    try:
        with terminal_progress(quiet) as progress:
            out = build_site(root, config_file, audience, site_dir, as_of, strict, quiet,
                             cache=not no_cache, progress=progress)
    except BuildFailed as exc:
        click.echo(f"bulletin: build failed: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Site written to {display_path(out)}", err=True)


@click.command()
@_site_options
@click.option("--dev-addr", "dev_addr", default="127.0.0.1:8000", show_default=True,
              help="IP address and port to serve on.")
@repo_option
@friendly_errors
def serve(audience: str | None, as_of: str | None, config_file: Path | None, dev_addr: str,
          repo: Path | None) -> None:
    """Preview the site, rebuilding when an item, edition or the policy changes."""
    from ..site.build import BuildFailed, serve_site

    root = repository_root(repo)
    _check_audience(root, audience)
    try:
        serve_site(root, config_file, audience, as_of, dev_addr)
    except BuildFailed as exc:
        click.echo(f"bulletin: serve failed: {exc}", err=True)
        sys.exit(1)
