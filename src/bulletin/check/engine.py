"""Run the rules over a repository and turn findings into diagnostics.

The pipeline: :func:`bulletin.load.repository.load_repository` gives the model and the
loader's findings; every enabled rule adds its own; suppressions and the
policy's severities are applied; the result is a sorted list of
:class:`~bulletin.diagnostics.Diagnostic`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..basics import Progress
from ..changes import ChangeSet
from ..config import POLICY_FILE, Policy
from ..diagnostics import Diagnostic, Finding, Severity
from ..git.provenance import verify as verify_provenance
from ..git.tracked import tracked_caches
from ..load.ledger import LEDGER_FILE, check_ledger, has_ledger
from ..load.repository import load_policy
from ..model import Item, Repository
from ..safeyaml import Document
from ..text import did_you_mean
from .analyse import Job
from .files import cache_folder, collect
from .ripple import caused, related
from .rules import REGISTRY, Context, Rule, lookup

SEVERITIES = {s.value: s for s in Severity}
COMPARING = "Comparing items"  # the progress of the near-duplicate search (Q201)


@dataclass
class RuleSettings:
    """Effective severity and options of every rule, from the policy's ``rules:``."""

    severity: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def enabled(self, rule: Rule) -> bool:
        return self.severity[rule.code] is not Severity.OFF


def rule_settings(policy: Policy, doc: Document) -> tuple[RuleSettings, list[Finding]]:
    """Resolve ``rules:`` against the registry; report unknown rules and bad values."""
    settings = RuleSettings({c: r.severity for c, r in REGISTRY.items()},
                            {c: r.defaults() for c, r in REGISTRY.items()})
    findings: list[Finding] = []

    def bad(path: tuple[str, ...], message: str, code: str = "S030") -> None:
        pos = doc.where_key(*path) if code == "S031" else doc.where(*path)
        findings.append(Finding(code, message, pos.line, pos.column, path=POLICY_FILE))

    for key, value in policy.rules.items():
        rule = lookup(key)
        if rule is None:
            choices = [*REGISTRY, *(r.name for r in REGISTRY.values())]
            bad(("rules", key), f"unknown rule '{key}'{did_you_mean(key, choices)}")
            continue
        raw = value if isinstance(value, dict) else {"severity": value}
        for name, option in raw.items():
            if name == "severity":
                if not isinstance(option, str) or option not in SEVERITIES:
                    bad(("rules", key, "severity") if isinstance(value, dict) else ("rules", key),
                        f"severity of {key} must be one of {', '.join(SEVERITIES)}, "
                        f"not '{option}'")
                else:
                    settings.severity[rule.code] = SEVERITIES[option]
            elif name not in settings.options[rule.code]:
                known = list(settings.options[rule.code])
                bad(("rules", key, name), f"{rule.code} has no option '{name}'"
                                          f"{did_you_mean(name, known) if known else ''}",
                    "S031")
            elif not _same_type(option, settings.options[rule.code][name]):
                bad(("rules", key, name), f"option '{name}' of {rule.code} must be "
                                          f"{type(settings.options[rule.code][name]).__name__}")
            else:
                settings.options[rule.code][name] = option
    return settings, findings


def _same_type(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def run_rules(repo: Repository, settings: RuleSettings, today: dt.date,
              only: Callable[[str], bool] | None = None, *,
              per_file: bool = True) -> list[Finding]:
    """Every enabled rule's findings, each with its path set.

    ``only`` limits the item and edition rules to the files it accepts (a pull
    request's), and repository rules may leave out findings on other files
    (:attr:`Context.focus`), though they see everything. ``per_file=False``
    leaves out the item rules whose findings the check takes from its cache.
    Near-duplicate pairs, which Q201 reads from the repository, are found here when
    the caller has not found them with the stored index.
    """
    findings: list[Finding] = []
    enabled = [(rule, Context(repo, settings.options[rule.code], today, only))
               for rule in REGISTRY.values() if rule.check is not None and settings.enabled(rule)]
    if repo.similar is None and settings.enabled(REGISTRY["Q201"]):
        options = settings.options["Q201"]  # what Q201 judges, found here with no stored index
        repo.similar = find_near_duplicates(repo, None, float(options["threshold"]),
                                            float(options["containment"]))
    item_rules = [(r.check, c) for r, c in enabled
                  if r.scope == "item" and (per_file or not r.per_file)]
    # item by item, so that what the rules share about one item (its prose, its
    # sentences) is computed once and then dropped
    if item_rules:
        for item in repo.items_where(only):
            for check, ctx in item_rules:
                findings.extend(_placed(check(item, ctx), item.path))  # type: ignore[misc]
    for rule, ctx in enabled:
        assert rule.check is not None
        if rule.scope == "edition":
            for edition in repo.editions:
                if only is None or only(edition.path):
                    findings.extend(_placed(rule.check(edition, ctx), edition.path))
        elif rule.scope == "repo":
            findings.extend(_placed(rule.check(repo, ctx), POLICY_FILE))
    return findings


def _placed(found: Iterable[Finding], path: str) -> Iterable[Finding]:
    for f in found:
        yield f if f.path else Finding(f.code, f.message, f.line, f.column, path, f.fix)


def apply_suppressions(items: Iterable[Item], findings: list[Finding]) -> list[Finding]:
    """Drop findings an item suppresses (with a reason), in its front matter or inline;
    report suppressions that silence nothing."""
    by_path = {item.path: item for item in items if item.suppress or item.directives}
    if not by_path:
        return findings
    used: set[tuple[str, object]] = set()
    kept = []
    for f in findings:
        item = by_path.get(f.path or "")
        # the review's findings judge the author, who writes the item: not theirs to silence
        key = _suppressed_by(item, f) if item and f.code != "S020" and f.code[0] != "G" else None
        if key is None:
            kept.append(f)
        else:
            used.add((f.path or "", key))
    for item in by_path.values():
        for name, reason in item.suppress.items():
            if (item.path, name) not in used and lookup(name) and reason.strip():
                pos = item.meta.where_key("suppress", name)
                kept.append(Finding("S021", f"suppression of {name} is not needed",
                                    pos.line, pos.column, item.path))
        for d in item.directives:
            if (item.path, d) not in used and lookup(d.rule) and d.reason:
                kept.append(Finding("S021", f"bulletin-ignore {d.rule} silences nothing here",
                                    d.line, d.column, item.path))
    return kept


def _suppressed_by(item: Item, finding: Finding) -> object | None:
    """The front-matter key or inline directive that silences ``finding``, if any."""
    for key, reason in item.suppress.items():
        rule = lookup(key)
        if reason.strip() and rule is not None and rule.code == finding.code:
            return key
    for d in item.directives:
        rule = lookup(d.rule)
        if d.reason and rule is not None and rule.code == finding.code and \
                d.first <= finding.line <= d.last:
            return d
    return None


def to_diagnostics(findings: Iterable[Finding], settings: RuleSettings) -> list[Diagnostic]:
    """Apply severities, drop rules that are off and exact duplicates, and sort."""
    seen: set[tuple[str, int, int, str, str]] = set()
    out = []
    for f in findings:
        severity = settings.severity.get(f.code, Severity.ERROR)
        key = (f.path or POLICY_FILE, f.line, f.column, f.code, f.message)
        if severity is Severity.OFF or key in seen:
            continue
        seen.add(key)
        rule = REGISTRY[f.code]
        out.append(Diagnostic(key[0], f.line, f.column, f.code, severity, rule.name, f.message,
                              f.fix))
    return sorted(out)


def find_near_duplicates(repo: Repository, root: Path | None, threshold: float,
                         containment: float) -> list[Any]:
    """Near-duplicate item pairs, with the index kept in the repository's cache folder
    (:mod:`bulletin.cachedir`; none when ``root`` is None).

    Unchanged items are not re-hashed from one check to the next; a cache that
    cannot be read or written is rebuilt or skipped, never fatal.
    """
    from .analyse import similarity_text
    from .similarity.index import Doc, SimilarityIndex
    from .similarity.store import default_cache_dir

    index = SimilarityIndex.open(default_cache_dir(root) if root is not None else None)
    index.sync(Doc(item.id, similarity_text(item)) for item in repo.items
               if item.meta.ok and isinstance(item.meta.data, dict))
    matches = index.near_duplicates(threshold, containment)
    index.save()
    return matches


@dataclass
class CheckResult:
    """The outcome of checking a repository.

    ``repo`` is the repository as the cross-file rules saw it: every item's
    front matter, headings and suppressions, but not its body (the per-file
    rules have read that, or their findings were cached). For a pull request's
    check it is a :class:`bulletin.check.focus.FocusedRepository`, whose items are
    unpacked when asked for: ask it by id or path rather than going through
    them all. With ``only``, ``diagnostics`` hold only the files it accepts
    (and the policy's).
    """

    diagnostics: list[Diagnostic]
    files: int
    policy_ok: bool
    repo: Repository | None = None
    related: frozenset[str] = frozenset()
    """Files ``only`` left out whose findings the change caused (see :mod:`.ripple`),
    which ``diagnostics`` hold too."""

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


def check_repository(root: Path, today: dt.date | None = None, review: Any = None,
                     only: Callable[[str], bool] | None = None, *, cache: bool = True,
                     jobs: int | None = None, changes: ChangeSet | None = None,
                     progress: Progress | None = None) -> CheckResult:
    """Load and check the repository at ``root``.

    When ``bulletin.yml`` itself is broken, only its diagnostics are returned
    and ``policy_ok`` is false: nothing else can be judged against it.
    ``cache=False`` neither reads nor writes the cache (:mod:`bulletin.cachedir`); ``jobs`` caps the
    processes that read files (default: every core, one for a small repository).
    ``changes`` (what git says changed since a base) lets a cache of that base be
    trusted for every other file. The result is the same whichever is used.
    ``progress`` hears how far the check is (files read and judged, then the
    comparison of items).
    """
    loaded = load_policy(root)
    default = RuleSettings({c: r.severity for c, r in REGISTRY.items()})
    if loaded.policy is None:
        return CheckResult(to_diagnostics(loaded.findings, default), 1, False)
    policy = loaded.policy
    settings, setting_findings = rule_settings(policy, loaded.document)
    if any(f.code == "S030" for f in setting_findings):
        return CheckResult(to_diagnostics(loaded.findings + setting_findings, default), 1, False)
    _judged_by_base(settings, review)
    today = today or dt.datetime.now(policy.tz).date()
    job = Job(root, policy, settings.options,
              tuple(c for c, r in REGISTRY.items() if r.scope == "item" and r.per_file
                    and r.check is not None and settings.enabled(r)))
    with _no_gc():  # the many long-lived values loaded here would be scanned again and again
        files = collect(job, cache_folder(root) if cache else None, jobs, changes, progress)
        files.save()  # before the records are spent on the model
        # asked once per file: what follows asks again and again, for a large bulletin
        picked = None if only is None else frozenset(filter(only, files.records))
        chosen = None if picked is None else picked.__contains__
        repo, load_findings = files.repository(chosen)
    repo.review = review
    if settings.enabled(REGISTRY["S027"]):
        repo.tracked_caches = tracked_caches(root)
    if policy.downstream:  # what the fetched downstream repositories say of relayed items
        repo.provenance = verify_provenance(root, policy, [
            i.relayed_from for i in repo.items_where(chosen) if i.relayed_from is not None])
    if settings.enabled(REGISTRY["Q201"]):
        if progress is not None:
            progress(COMPARING, 0, 0)
        options = settings.options["Q201"]
        repo.similar = files.near_duplicates(float(options["threshold"]),
                                             float(options["containment"]), chosen)
    # what the change breaks in files it did not touch: the rules look at those too
    ties = related(repo, changes) if changes is not None and picked is not None else {}
    if ties and picked is not None:
        chosen = (picked | ties.keys()).__contains__
    findings = load_findings + files.cached_findings(chosen) + \
        run_rules(repo, settings, today, chosen, per_file=False)
    if only is not None:  # what a rule found on other files was not looked for everywhere
        findings = [f for f in findings if f.path in (None, POLICY_FILE) or only(f.path)
                    or caused(f, ties)]
    findings = apply_suppressions(repo.items_where(chosen), findings)
    ledger = has_ledger(root)
    if ledger and (only is None or only(LEDGER_FILE)):
        findings += check_ledger(root, policy, repo.items_by_id())
    diagnostics = to_diagnostics(loaded.findings + setting_findings + findings, settings)
    return CheckResult(diagnostics, len(repo.files) + 1 + ledger, True, repo,
                       frozenset(ties.keys() & {d.path for d in diagnostics}))


def _judged_by_base(settings: RuleSettings, review: Any) -> None:
    """The G rules' severities and options from the base's policy, or their defaults
    when the base has none: a branch cannot switch off the rules that judge it."""
    if review is None:
        return
    base = getattr(review, "policy", None)
    judged = rule_settings(base, Document())[0] if isinstance(base, Policy) else \
        RuleSettings({c: r.severity for c, r in REGISTRY.items()},
                     {c: r.defaults() for c, r in REGISTRY.items()})
    for code in REGISTRY:
        if code.startswith("G"):
            settings.severity[code] = judged.severity[code]
            settings.options[code] = judged.options[code]


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector, then exempt what was loaded from its later scans."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
