"""The ``bulletin`` command line: one thin function per command.

Each command loads, calls the library and formats. Exit codes: 0 success,
1 problems found (``check``), 2 usage or configuration error.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

# only what the options need: each command imports the rest, so that a command starts
# at once, and a pull request's check can set git to work while the rest is imported
from .. import __version__
from ..basics import CHECK_FORMATS as FORMATS
from ..basics import EDITION_TYPES, FORGES, PRIORITIES, SCORE_FORMATS, find_root
from ..diagnostics import Severity
from ..errors import BulletinError, UsageError
from ..fsutil import write_atomic

if TYPE_CHECKING:
    from ..check.engine import CheckResult

F = TypeVar("F", bound=Callable[..., Any])


def repo_option(fn: F) -> F:
    """``--repo DIR``, shared by every command."""
    return click.option(
        "--repo", "repo", type=click.Path(file_okay=False, path_type=Path),
        help="The bulletin repository (default: the folder holding bulletin.yml, here or above).",
    )(fn)


def friendly_errors(fn: F) -> F:
    """Turn :class:`BulletinError` into a one-line message and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BulletinError as exc:
            click.echo(f"bulletin: error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _root(repo: Path | None) -> Path:
    if repo is not None and not (repo / "bulletin.yml").is_file():
        raise UsageError(f"{repo} holds no bulletin.yml")
    return find_root(repo) if repo is not None else find_root()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="bulletin")
def main() -> None:
    """bulletin: an organisation's information bulletin, published from git.

    Staff write items (Markdown with YAML front matter) under items/, editors
    compose editions under bulletins/, and `bulletin check` reviews both.
    Run `bulletin COMMAND --help` for each command.
    """


# --- init --------------------------------------------------------------------------


@main.command()
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
    `bulletin codeowners -o .github/CODEOWNERS`.
    """
    from ..review.scaffold import init_repository

    written = init_repository(directory, title, publisher, dt.date.today())
    for path in written:
        click.echo(os.path.relpath(path))
    click.echo(f"Started a bulletin in {directory}. Next: edit {directory / 'bulletin.yml'}, "
               "then run 'bulletin check'.", err=True)


# --- new ---------------------------------------------------------------------------


@main.command()
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

    root = _root(repo)
    policy = _policy(root)
    today = date_.date() if date_ else dt.datetime.now(policy.tz).date()
    names = list(authors) or _git_user(root)
    path = new_item(root, policy, title, unit, category, priority, classification, today, names)
    click.echo(_display_path(path))


def _git_user(root: Path) -> list[str]:
    try:
        out = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [out.stdout.strip()] if out.stdout.strip() else []


def _display_path(path: Path) -> str:
    """``path`` relative to the current folder when it lies below it, else absolute."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(Path(path).resolve()) if rel.startswith("..") else rel


def _policy(root: Path) -> Any:
    from ..load.repository import load_policy

    loaded = load_policy(root)
    if loaded.policy is None:
        lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in loaded.findings]
        raise UsageError("bulletin.yml is invalid:\n" + "\n".join(lines) +
                         "\nrun 'bulletin check' for details")
    return loaded.policy


# --- check -------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--changed-since", "changed_since", metavar="REF",
              help="Report only on files changed since the merge base with REF (e.g. "
                   "origin/main), committed or not; cross-file rules still read everything.")
@click.option("--author", metavar="LOGIN",
              help="With --changed-since: the forge user who opened the pull request, for "
                   "the review rules (default: from the CI environment).")
@click.option("--fix", is_flag=True, help="Repair mechanical problems in place (BOM, CRLF, "
                                          "trailing whitespace, tabs in YAML), then report "
                                          "the rest.")
@click.option("--no-source", is_flag=True, help="Text format: leave out the source excerpts.")
@click.option("--quality/--no-quality", default=None,
              help="Add each item's quality card (the five criteria). Default: on when PATHS "
                   "are given, and for items with problems in the markdown format.")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the cache in .bulletin-cache/ (what each unchanged "
                   "file gave last time); the findings are the same, only slower.")
@repo_option
@friendly_errors
def check(paths: tuple[Path, ...], fmt: str, output: Path | None, strict: bool,
          changed_since: str | None, author: str | None, fix: bool, no_source: bool,
          quality: bool | None, no_cache: bool, repo: Path | None) -> None:
    """Check items, editions, leader responses and the policy.

    Reports every problem as PATH:LINE:COL: CODE message. With PATHS, reports
    only on those files and folders, while cross-file rules still read the
    whole repository. Exit status: 0 no errors, 1 errors found (or warnings
    with --strict), 2 usage or configuration error.
    """
    root = _root(repo)
    selected: Collection[str] | None = _selection(root, paths)
    review = None
    if changed_since:
        from concurrent.futures import ThreadPoolExecutor

        from ..git.history import changes_since

        with ThreadPoolExecutor(1) as pool:  # git compares the trees while this one imports
            pending = pool.submit(changes_since, root, changed_since)
            from ..check.engine import check_repository
            from ..check.similarity import index as similarity  # noqa: F401 - the near-duplicate rule's, needed soon
            changes = pending.result()
        from ..check.files import cache_folder
        from ..check.rules.review import Review
        from ..git.history import ci_author, published_at

        review = Review(author or ci_author(dict(os.environ)), changes,
                        published_at(root, changes.base,
                                     None if no_cache else cache_folder(root)))
        within = _matcher(selected)
        selected = frozenset(c for c in changes.present | changes.deleted
                             if within is None or within(c))
    elif author:
        raise UsageError("--author needs --changed-since: the review rules judge a change")
    from ..check.engine import check_repository
    from ..check.fix import apply_fixes
    from ..report import render_github, render_gitlab, render_json, render_markdown, render_text

    since = review.changes if review is not None else None
    result = check_repository(root, review=review, only=_matcher(selected), cache=not no_cache,
                              changes=since)
    if fix and result.policy_ok:
        fixed = apply_fixes(root, _select(result, selected).diagnostics)
        if fixed:
            n = sum(fixed.values())
            click.echo(f"Fixed {n} problem{'s' * (n != 1)} in {len(fixed)} "
                       f"file{'s' * (len(fixed) != 1)}.", err=True)
            result = check_repository(root, review=review, only=_matcher(selected),
                                      cache=not no_cache, changes=since)
    result = _select(result, selected)
    cards = _cards(result, selected, quality, fmt)
    if fmt == "json":
        report = render_json(result, cards)
    elif fmt == "markdown":
        report = render_markdown(result, cards)
    elif fmt == "github":
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:  # the full list, as GitHub caps the annotations; append, as it expects
            with open(step_summary, "a", encoding="utf-8") as summary:
                summary.write(render_markdown(result, _cards(result, selected, quality,
                                                             "markdown")))
        report = render_github(result, summary=bool(step_summary))
    elif fmt == "gitlab":
        report = render_gitlab(result)
    else:
        colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        report = render_text(result, _source_reader(root), colour, show_source=not no_source,
                             cards=cards)
    if output is not None:
        write_atomic(output, report)
    else:
        click.echo(report, nl=False)
    sys.exit(_exit_code(result, strict))


def _cards(result: CheckResult, selected: Collection[str] | None, quality: bool | None,
           fmt: str) -> list[Any] | None:
    """Quality cards for the report, or None when none are asked for."""
    if quality is False or result.repo is None:
        return None
    within = _matcher(selected)
    if within is None and not quality:
        if fmt != "markdown":
            return None
        within = {d.path for d in result.diagnostics}.__contains__
    from ..report import quality_cards

    chosen = {i.path for i in result.repo.items_where(within)}
    return quality_cards(result, chosen)


def _exit_code(result: CheckResult, strict: bool) -> int:
    if not result.policy_ok:
        return 2
    if result.count(Severity.ERROR) or (strict and result.count(Severity.WARNING)):
        return 1
    return 0


def _selection(root: Path, paths: tuple[Path, ...]) -> list[str] | None:
    """Repository-relative POSIX prefixes for PATHS (None: everything)."""
    if not paths:
        return None
    out = []
    for path in paths:
        full = path.resolve() if path.is_absolute() else (Path.cwd() / path).resolve()
        if not full.exists() and not full.is_symlink():
            raise UsageError(f"{path}: no such file or folder")
        try:
            rel = full.relative_to(root.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{path} is outside the bulletin repository {root}") from None
        out.append("" if rel == "." else rel)
    return out


def _matcher(selected: Collection[str] | None) -> Callable[[str], bool] | None:
    """A test for 'is this path selected', or None when everything is.

    A list holds paths of files or folders; a frozenset, paths of files only (what
    git says changed): it is its own test, which the check can look up quickly.
    """
    if isinstance(selected, frozenset):
        return selected.__contains__
    if selected is None or "" in selected:
        return None
    exact = set(selected)
    folders = tuple(s.rstrip("/") + "/" for s in selected)
    return lambda path: path in exact or path.startswith(folders)


def _select(result: CheckResult, selected: Collection[str] | None) -> CheckResult:
    from ..check.engine import CheckResult

    wanted = _matcher(selected)
    if wanted is None:
        return result
    files = sum(1 for f in (result.repo.files if result.repo else []) if wanted(f))
    kept = [d for d in result.diagnostics if wanted(d.path) or (
        d.path == "bulletin.yml" and (d.severity is Severity.ERROR or d.code[0] == "G"))]
    return CheckResult(kept, max(files, 1 if not result.policy_ok else 0), result.policy_ok,
                       result.repo)


def _source_reader(root: Path) -> Callable[[str], list[str] | None]:
    cache: dict[str, list[str] | None] = {}

    def read(rel: str) -> list[str] | None:
        if rel not in cache:
            try:
                full = root / rel
                raw = b"" if full.is_symlink() else full.read_bytes()[: 1 << 20]
                text = raw.decode("utf-8", "replace")
                cache[rel] = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
            except OSError:
                cache[rel] = None
        return cache[rel]

    return read


# --- edition ---------------------------------------------------------------------


@main.group()
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

    root = _root(repo)
    policy = _policy(root)
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
    click.echo(_display_path(write_manifest(root, proposal)))
    if auto:
        count = sum(len(ids) for _, ids in proposal.sections)
        click.echo(f"Proposed {count} item{'s' * (count != 1)} in {len(proposal.sections)} "
                   "section(s); review the order and add a title and note.", err=True)


# --- build and serve ----------------------------------------------------------------


def _site_options(fn: F) -> F:
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
    from ..text import did_you_mean

    levels = _policy(root).levels
    if audience is not None and audience not in levels:
        raise UsageError(f"unknown audience '{audience}'{did_you_mean(audience, levels)} "
                         f"(levels: {', '.join(levels)})")


@main.command()
@_site_options
@click.option("--site-dir", "-d", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site/ in the repository).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on any warning, e.g. an item "
                                             "left out because it cannot be read.")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
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
    from .bulletin-cache/ when nothing they show has changed.
    """
    from ..site.build import BuildFailed, build_site

    root = _root(repo)
    _check_audience(root, audience)
    try:
        out = build_site(root, config_file, audience, site_dir, as_of, strict, quiet,
                         cache=not no_cache)
    except BuildFailed as exc:
        click.echo(f"bulletin: build failed: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Site written to {_display_path(out)}", err=True)


@main.command()
@_site_options
@click.option("--dev-addr", "dev_addr", default="127.0.0.1:8000", show_default=True,
              help="IP address and port to serve on.")
@repo_option
@friendly_errors
def serve(audience: str | None, as_of: str | None, config_file: Path | None, dev_addr: str,
          repo: Path | None) -> None:
    """Preview the site, rebuilding when an item, edition or the policy changes."""
    from ..site.build import BuildFailed, serve_site

    root = _root(repo)
    _check_audience(root, audience)
    try:
        serve_site(root, config_file, audience, as_of, dev_addr)
    except BuildFailed as exc:
        click.echo(f"bulletin: serve failed: {exc}", err=True)
        sys.exit(1)


# --- export and send ---------------------------------------------------------------

EXPORT_FORMATS = ("html", "pdf", "eml", "docx")


@main.command()
@click.argument("edition_id", metavar="EDITION")
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="html",
              show_default=True, help="html: one self-contained file; pdf: A4 printed by "
                                      "Chromium; eml: an e-mail; docx: a Word document.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (default: EDITION.FORMAT in the current folder).")
@click.option("--from", "sender", metavar="ADDR", help="eml: the From address (default: "
                                                       "bulletin@localhost).")
@repo_option
@friendly_errors
def export(edition_id: str, fmt: str, output: Path | None, sender: str | None,
           repo: Path | None) -> None:
    """Export the edition EDITION (YYYY-NNN) as one file; print its path.

    The edition is composed for its own audience as of the end of its date, so
    the file holds what its readers saw and nothing above their level.
    """
    from ..export import export_edition

    data = export_edition(_root(repo), edition_id, fmt, sender)
    target = output if output is not None else Path(f"{edition_id}.{fmt}")
    write_atomic(target, data)
    click.echo(_display_path(target))


@main.command()
@click.argument("edition_id", metavar="EDITION")
@click.option("--to", "recipients", multiple=True, required=True, metavar="ADDR",
              help="A recipient; repeat for several.")
@click.option("--smtp", "server", default="localhost:25", show_default=True,
              metavar="HOST:PORT", help="The SMTP server.")
@click.option("--starttls", is_flag=True, help="Switch to TLS with STARTTLS before sending.")
@click.option("--user", help="Log in as USER (password from $BULLETIN_SMTP_PASSWORD).")
@click.option("--from", "sender", metavar="ADDR", help="The From address (default: "
                                                       "bulletin@localhost).")
@repo_option
@friendly_errors
def send(edition_id: str, recipients: tuple[str, ...], server: str, starttls: bool,
         user: str | None, sender: str | None, repo: Path | None) -> None:
    """E-mail the edition EDITION (YYYY-NNN) to each --to address.

    Reports each recipient as sent or refused (with the server's reason). Exit 0
    when all were sent, 1 when some were refused, 2 when the server cannot be
    reached.
    """
    from ..export import edition_site
    from ..export.eml import build_message
    from ..export.send import parse_server, send_message

    host, port = parse_server(server)
    root = _root(repo)
    site, view = edition_site(root, edition_id)
    msg = build_message(site, view, root, sender)
    outcomes = send_message(msg, recipients, host, port, starttls, user,
                            os.environ.get("BULLETIN_SMTP_PASSWORD"))
    for outcome in outcomes:
        click.echo(f"{outcome.recipient}: sent" if outcome.sent
                   else f"{outcome.recipient}: refused: {outcome.reason}")
    if not all(o.sent for o in outcomes):
        sys.exit(1)


# --- schema ------------------------------------------------------------------------


@main.command()
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

    text = json.dumps(item_json_schema(_policy(_root(repo))), ensure_ascii=False, indent=2)
    if output is not None:
        write_atomic(output, text + "\n")
    else:
        click.echo(text)


# --- codeowners --------------------------------------------------------------------


@main.command()
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

    text = policy_codeowners(_policy(_root(repo)), forge)
    if output is not None:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


# --- submit ------------------------------------------------------------------------


@main.command()
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

    sub = prepare(_root(repo), paths)
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


# --- rule --------------------------------------------------------------------------


@main.command("rule")
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


def _rule_doc(rule: Any) -> str:
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


# --- score ---------------------------------------------------------------------------


@main.command()
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
@repo_option
@friendly_errors
def score(period: str | None, start: dt.datetime | None, end: dt.datetime | None, fmt: str,
          explain: str | None, ref: str, as_of: dt.datetime | None, output: Path | None,
          repo: Path | None) -> None:
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

    if period and (start or end):
        raise UsageError("give either --period or --from/--to, not both")
    if bool(start) != bool(end):
        raise UsageError("--from and --to go together")
    chosen = parse_period(period) if period else \
        range_period(start.date(), end.date()) if start and end else None
    root = _root(repo)
    policy = _policy(root)
    if explain is not None and explain not in policy.units:
        raise UsageError(f"no unit '{explain}'{did_you_mean(explain, policy.units)}; "
                         "units are the keys under units: in bulletin.yml")
    if explain is not None and fmt not in ("text", "json"):
        raise UsageError("--explain writes text or json")
    board = score_repository(root, chosen, ref, as_of.date() if as_of else None)
    if explain is not None:
        unit = board.unit(explain)
        assert unit is not None
        text = render_explain(board, unit, fmt)
    else:
        text = RENDERERS[fmt](board)
    if output is not None:
        write_atomic(output, text)
        click.echo(f"wrote {_display_path(output)}", err=True)
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
