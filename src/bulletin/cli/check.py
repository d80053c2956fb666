"""``bulletin check``: run the check on the repository, or on some paths or on what
a branch changed, optionally fix what is mechanical, and write the report.

The pull request's check starts git comparing the trees before the check engine is
imported, so that the two overlap."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..basics import CHECK_FORMATS as FORMATS
from ..basics import Progress
from ..diagnostics import Severity
from ..errors import UsageError
from ..fsutil import write_atomic
from .common import friendly_errors, repo_option, repository_root

if TYPE_CHECKING:
    from ..check.engine import CheckResult
    from ..check.rules.review import Review
    from ..config import Policy

F = TypeVar("F", bound=Callable[..., Any])


class _Note(logging.Handler):
    """Shows the check's own warnings (a cache it cannot use) on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(record.getMessage(), err=True)


def _notes(fn: F) -> F:
    """Run ``fn`` with the check's own warnings (logger ``bulletin``) shown."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        logger, handler = logging.getLogger("bulletin"), _Note(logging.WARNING)
        logger.addHandler(handler)
        try:
            return fn(*args, **kwargs)
        finally:
            logger.removeHandler(handler)

    return wrapper  # type: ignore[return-value]


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("--changed-since", "changed_since", metavar="REF",
              help="Report only on files changed since the merge base with REF (e.g. "
                   "origin/main), committed or not, and on what the change broke elsewhere; "
                   "cross-file rules still read everything. The review (G) rules judge by "
                   "bulletin.yml as the merge base has it.")
@click.option("--author", metavar="LOGIN",
              help="With --changed-since: the forge user who opened the pull request, for "
                   "the review rules (default: from the CI: GitHub's event payload; on GitLab "
                   "the merge request's author, asked with BULLETIN_GITLAB_TOKEN).")
@click.option("--fix", is_flag=True, help="Repair mechanical problems in place (BOM, CRLF, "
                                          "trailing whitespace, tabs in YAML), then report "
                                          "the rest.")
@click.option("--no-source", is_flag=True, help="Text format: leave out the source excerpts.")
@click.option("--quality/--no-quality", default=None,
              help="Add each item's quality card (the five criteria). Default: on when PATHS "
                   "are given, and for items with problems in the markdown format.")
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the cache (what each unchanged file gave last "
                   "time, kept outside the repository in ~/.cache/bulletin or "
                   "$BULLETIN_CACHE_DIR); the findings are the same, only slower.")
@click.option("--quiet", "-q", is_flag=True,
              help="Show no progress on the terminal (shown only there, on standard error).")
@repo_option
@friendly_errors
@_notes
def check(paths: tuple[Path, ...], fmt: str, output: Path | None, strict: bool,
          changed_since: str | None, author: str | None, fix: bool, no_source: bool,
          quality: bool | None, no_cache: bool, quiet: bool, repo: Path | None) -> None:
    """Check items, editions, leader responses and the policy.

    Reports every problem as PATH:LINE:COL: CODE message. With PATHS, reports
    only on those files and folders, while cross-file rules still read the
    whole repository. Exit status: 0 no errors, 1 errors found (or warnings
    with --strict), 2 usage or configuration error.
    """
    root = repository_root(repo)
    selected: Collection[str] | None = _selection(root, paths)
    review = None
    if changed_since:
        review = _review(root, changed_since, author, no_cache)
        within = _matcher(selected)
        selected = frozenset(c for c in review.changes.touched if within is None or within(c))
    elif author:
        raise UsageError("--author needs --changed-since: the review rules judge a change")
    from .progress import terminal_progress

    with terminal_progress(quiet) as progress:  # gone before the report is written
        result = _run(root, review, selected, fix, no_cache, progress)
    if isinstance(selected, frozenset):  # and the files the change broke, untouched
        selected |= result.related
    result = _select(result, selected)
    report = _report(result, root, selected, fmt, quality, output, no_source)
    if output is not None:
        write_atomic(output, report)
    else:
        click.echo(report, nl=False)
    sys.exit(_exit_code(result, strict))


def _review(root: Path, changed_since: str, author: str | None, no_cache: bool) -> Review:
    """What the branch changed since the merge base with ``changed_since``, and who
    changed it, for the review rules."""
    from concurrent.futures import ThreadPoolExecutor

    from ..git.history import changes_since

    with ThreadPoolExecutor(1) as pool:  # git compares the trees while this one imports
        pending = pool.submit(changes_since, root, changed_since)
        from ..check.engine import check_repository  # noqa: F401 - the check's, next
        from ..check.similarity import index as similarity  # noqa: F401 - the near-duplicate rule's, needed soon
        changes = pending.result()
    from ..check.files import cache_folder
    from ..check.rules.review import Review
    from ..git.history import commit_authors, published_at

    policy, policy_note = _base_policy(root, changes.base)
    who: tuple[str | None, tuple[str, ...], str] = (author, (), "")
    if not author:
        from ..review.author import ci_author

        judge = policy or _branch_policy(root)
        logins = [*judge.editors, *(m for u in judge.units.values() for m in u.members)] \
            if judge is not None else []
        found = ci_author(os.environ, root, changes.base, logins, commit_authors)
        who = (found.login, found.others, found.note)
    return Review(who[0], changes,
                  published_at(root, changes.base, None if no_cache else cache_folder(root)),
                  policy=policy, policy_note=policy_note, others=who[1], author_note=who[2])


def _base_policy(root: Path, base: str) -> tuple[Policy | None, str]:
    """The policy as the base has it, which judges the branch; or None and why the
    branch's own must judge instead."""
    from ..config import POLICY_FILE, parse_policy
    from ..git.history import file_at

    text = file_at(root, base, POLICY_FILE)
    if text is None:
        return None, (f"the base ({base[:12]}) has no {POLICY_FILE}, so this branch's own "
                      "judges who may change what")
    loaded = parse_policy(text)
    if loaded.policy is None:
        return None, (f"{POLICY_FILE} at the base ({base[:12]}) is not valid, so this branch's "
                      "own judges who may change what")
    return loaded.policy, ""


def _branch_policy(root: Path) -> Policy | None:
    from ..load.repository import load_policy

    return load_policy(root).policy


def _run(root: Path, review: Review | None, selected: Collection[str] | None, fix: bool,
         no_cache: bool, progress: Progress | None = None) -> CheckResult:
    """Check the repository; with ``fix``, repair what is mechanical in the selected
    files and check again."""
    from ..check.engine import check_repository
    from ..check.fix import apply_fixes

    since = review.changes if review is not None else None
    result = check_repository(root, review=review, only=_matcher(selected), cache=not no_cache,
                              changes=since, progress=progress)
    if fix and result.policy_ok:
        fixed = apply_fixes(root, _select(result, selected).diagnostics)
        if fixed:
            n = sum(fixed.values())
            click.echo(f"Fixed {n} problem{'s' * (n != 1)} in {len(fixed)} "
                       f"file{'s' * (len(fixed) != 1)}.", err=True)
            result = check_repository(root, review=review, only=_matcher(selected),
                                      cache=not no_cache, changes=since, progress=progress)
    return result


def _report(result: CheckResult, root: Path, selected: Collection[str] | None, fmt: str,
            quality: bool | None, output: Path | None, no_source: bool) -> str:
    """The report in ``fmt``; for github, the full list also goes to the step summary."""
    from ..report import render_github, render_gitlab, render_json, render_markdown, render_text

    cards = _cards(result, selected, quality, fmt)
    if fmt == "json":
        return render_json(result, cards)
    if fmt == "markdown":
        return render_markdown(result, cards)
    if fmt == "github":
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:  # the full list, as GitHub caps the annotations; append, as it expects
            with open(step_summary, "a", encoding="utf-8") as summary:
                summary.write(render_markdown(result, _cards(result, selected, quality,
                                                             "markdown")))
        return render_github(result, summary=bool(step_summary))
    if fmt == "gitlab":
        return render_gitlab(result)
    colour = output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return render_text(result, _source_reader(root), colour, show_source=not no_source,
                       cards=cards)


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
    """2 when the policy is invalid, 1 on errors (or warnings with ``strict``), else 0."""
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
    """``result`` narrowed to the selected files: their findings and bulletin.yml's
    errors and review (G) findings, and the count of selected files."""
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
    """Each file's lines for the text report's excerpts, read once (the first MiB)."""
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
