"""Issue 16, finding 1: nothing a commit carries is read as a cache.

Every cache lives outside the repository (``bulletin.cachedir``); a "cache"
committed under ``.bulletin-cache/`` — a compiled template holding a pickle, a
``repository.bin`` that makes a restricted item public, a ``published/<sha>.json``
that forgets what was published — is never read, and the check reports it (S027).
Real git repositories, real builds.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import pickle
import shutil
import stat
from pathlib import Path
from typing import Any

import jinja2
import pytest
from click.testing import CliRunner

from bulletin import cachedir
from bulletin.check.rules import REGISTRY
from bulletin.cli import main
from bulletin.git.history import changes_since
from bulletin.load.repository import load_policy
from bulletin.site import snapshot
from bulletin.site.build import build_site
from bulletin.site.compiled import TemplateCache, template_cache
from conftest import BulletinRepo, add_site_config, cache_of

AS_OF = "2026-11-28T12:00:00+08:00"
SECRET = "2026-11-19-dam-seepage"


class Planted:
    """What a pickle runs when it is loaded: it leaves a file behind."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (Path.write_text, (self.marker, "code from a cache ran"))


def s027(repo: Path, *args: str) -> tuple[int, list[str], dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", "--repo", str(repo), "--format", "json",
                                       *args])
    report = json.loads(result.stdout)
    return (result.exit_code, [d["path"] for d in report["diagnostics"] if d["code"] == "S027"],
            report)


def commit(repo: BulletinRepo, message: str = "change") -> None:
    repo.git("add", "-A", "-f")
    repo.git("commit", "-qm", message)


@pytest.fixture
def site_repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    """main: a public item and a restricted one, with a site configuration."""
    r = bulletin_repo
    add_site_config(r)
    r.item(classification="public")
    r.item("dam-seepage", date=dt.date(2026, 11, 19), classification="restricted",
           title="Seepage found below the Qinghe dam",
           summary="Seepage of 3 litres a second was found, so the level is held 2 m lower.",
           body="Engineers measured 3 litres a second of seepage on 18 November.\n")
    commit(r, "main")
    return r


def build(repo: BulletinRepo, site: Path, audience: str = "public") -> Path:
    return build_site(repo.root, site_dir=site, as_of=AS_OF, quiet=True, audience=audience)


# --- where caches live -----------------------------------------------------------------


def test_caches_live_outside_the_repository(site_repo: BulletinRepo, tmp_path: Path,
                                            caches: Path) -> None:
    build(site_repo, tmp_path / "site")
    site_repo.check()
    folder = cache_of(site_repo.root)
    assert folder.parent == caches
    assert folder.name.startswith("repo-") and len(folder.name) == len("repo-") + 12
    names = {p.name for p in folder.iterdir()}
    assert {"check", "similarity", "site-4.sqlite", "repository.bin", "search",
            "templates", "CACHEDIR.TAG"} <= names
    assert not (site_repo.root / ".bulletin-cache").exists()
    assert site_repo.git("status", "--porcelain", "--ignored") == ""
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_cache_home_follows_the_environment(tmp_path: Path) -> None:
    root = tmp_path / "my bulletin"
    root.mkdir()
    env = {"HOME": str(tmp_path / "home")}
    assert cachedir.home(env) == tmp_path / "home" / ".cache" / "bulletin"
    assert cachedir.home({**env, "XDG_CACHE_HOME": str(tmp_path / "xdg")}) == \
        tmp_path / "xdg" / "bulletin"
    assert cachedir.home({**env, "XDG_CACHE_HOME": "relative"}) == \
        tmp_path / "home" / ".cache" / "bulletin"  # as the XDG specification says
    assert cachedir.home({**env, cachedir.ENV: str(tmp_path / "ci")}) == tmp_path / "ci"
    one = cachedir.location(root, {cachedir.ENV: str(tmp_path / "ci")})
    assert one.parent == tmp_path / "ci" and one.name.startswith("my_bulletin-")
    other = tmp_path / "clone" / "my bulletin"
    other.mkdir(parents=True)
    assert cachedir.location(other, {cachedir.ENV: str(tmp_path / "ci")}) != one


def test_a_cache_others_may_write_is_not_used(bulletin_repo: BulletinRepo,
                                              caches: Path) -> None:
    bulletin_repo.item()
    folder = cache_of(bulletin_repo.root)
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    reference = CliRunner().invoke(main, ["check", "--repo", str(bulletin_repo.root),
                                          "--no-cache", "--format", "json"])
    result = CliRunner().invoke(main, ["check", "--repo", str(bulletin_repo.root),
                                       "--format", "json"])
    assert result.exit_code == reference.exit_code == 0
    assert result.stdout == reference.stdout
    assert "may be written by other users" in result.stderr
    assert list(folder.iterdir()) == []  # nothing read, nothing written


# --- a committed cache is never read -------------------------------------------------------


def test_committed_compiled_templates_never_run(site_repo: BulletinRepo, tmp_path: Path,
                                                caches: Path) -> None:
    """Jinja's own file cache reads each entry's source checksum with pickle: one
    committed entry ran code in the publish build. Now every name the build's
    template cache uses is planted in the repository, and in the cache itself."""
    build(site_repo, tmp_path / "first")
    compiled = sorted((cache_of(site_repo.root) / "templates" / "theme").glob("*.cache"))
    assert compiled
    marker = tmp_path / "ran"
    payload = jinja2.bccache.bc_magic + pickle.dumps(Planted(marker), 2)
    for path in compiled:  # the names a build asks for, committed
        for where in (site_repo.root / ".bulletin-cache" / "templates" / "theme",
                      site_repo.root / ".bulletin-cache" / "templates"):
            where.mkdir(parents=True, exist_ok=True)
            (where / path.name).write_bytes(payload)
    commit(site_repo, "a pull request adds a cache")
    shutil.rmtree(cache_of(site_repo.root))
    build(site_repo, tmp_path / "second")
    assert not marker.exists()
    for path in compiled:  # and the same pickles in the cache itself: never unpickled
        path.write_bytes(payload)
    build(site_repo, tmp_path / "third")
    assert not marker.exists()
    code, reported, _ = s027(site_repo.root)
    assert code == 1
    assert reported == sorted(p.relative_to(site_repo.root).as_posix()
                              for p in (site_repo.root / ".bulletin-cache").rglob("*.cache"))


def test_the_template_cache_unpickles_nothing(tmp_path: Path) -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ 1 + 1 }}"}))
    cache = template_cache(tmp_path, "test", env)
    assert isinstance(cache, TemplateCache)
    env.bytecode_cache = cache
    assert env.get_template("t.html").render() == "2"
    stored = next((tmp_path / "templates" / "test").glob("*.cache"))
    marker = tmp_path / "ran"
    stored.write_bytes(jinja2.bccache.bc_magic + pickle.dumps(Planted(marker), 2))
    fresh = jinja2.Environment(loader=env.loader, bytecode_cache=cache)
    assert fresh.get_template("t.html").render() == "2"
    assert not marker.exists()
    assert stored.is_file() and stored.read_bytes()[:32] != jinja2.bccache.bc_magic[:32]


def _doctored_snapshot(repo: BulletinRepo, tmp_path: Path) -> Path:
    """A snapshot (with a valid checksum: whoever forges one can compute it) in which the
    restricted item says it is public."""
    policy = load_policy(repo.root).policy
    assert policy is not None
    work = tmp_path / "forge"
    work.mkdir()
    snapshot.load_site_repository(repo.root, policy, work)
    key = snapshot.snapshot_key(policy)
    entries = snapshot._read(work / snapshot.FILE, key)
    rel = f"items/water/2026/{SECRET}.md"
    sha, kind, packed = entries[rel]
    values, headings, directives, data, problems = packed
    at = snapshot._ITEM_FIELDS.index("classification")
    values = (*values[:at], "public", *values[at + 1:])
    data = {**data, "classification": "public"}
    entries[rel] = (sha, kind, (values, headings, directives, data, problems))
    snapshot._write(work / snapshot.FILE, key, entries)
    assert snapshot._read(work / snapshot.FILE, key)[rel][2][0][at] == "public"
    return work / snapshot.FILE


def test_a_committed_snapshot_cannot_publish_a_restricted_item(site_repo: BulletinRepo,
                                                               tmp_path: Path) -> None:
    forged = _doctored_snapshot(site_repo, tmp_path)
    planted = site_repo.root / ".bulletin-cache" / snapshot.FILE
    planted.parent.mkdir()
    shutil.copy(forged, planted)
    commit(site_repo, "a pull request adds a cache")
    site = build(site_repo, tmp_path / "site")
    assert (site / "items/2026-11-18-reservoir-levels-fall/index.html").is_file()
    assert not (site / f"items/{SECRET}").exists()
    assert SECRET not in "".join(p.read_text("utf-8", "replace") for p in site.rglob("*")
                                 if p.is_file() and p.suffix in (".html", ".xml", ".json"))
    assert s027(site_repo.root)[1] == [f".bulletin-cache/{snapshot.FILE}"]


def test_a_committed_published_list_does_not_silence_g003(bulletin_repo: BulletinRepo,
                                                          caches: Path) -> None:
    r = bulletin_repo
    r.item("clinic-queues", unit="health", title="Fever clinic queues reach three hours",
           summary="Queues at 2 fever clinics reached 3 hours, so 40 more staff are needed.",
           body="Queues at 2 clinics reached 3 hours on 17 November; 40 staff are needed.\n")
    r.edition(1, ["2026-11-18-clinic-queues"], date="2026-11-20")
    commit(r, "main")
    base = r.git("rev-parse", "HEAD").strip()
    r.git("checkout", "-qb", "change")
    published = "items/health/2026/2026-11-18-clinic-queues.md"
    path = r.root / published
    path.write_text(path.read_text().replace("3 hours on", "1 hour on"))
    r.write(f".bulletin-cache/published/{base}.json", "[]")
    commit(r)
    code, reported, report = s027(r.root, "--changed-since", "main", "--author", "wang.wu")
    assert code == 1
    found = {(d["code"], d["path"]) for d in report["diagnostics"] if d["code"][0] in "GS"}
    assert ("G003", published) in found
    assert reported == [f".bulletin-cache/published/{base}.json"]
    # the check's own record of what was published is outside, with a checksum
    kept = json.loads((cache_of(r.root) / "published" / f"{base}.json").read_text())
    assert kept["ids"] == ["2026-11-18-clinic-queues"] and kept["commit"] == base


def test_a_doctored_published_list_in_the_cache_is_made_again(bulletin_repo: BulletinRepo
                                                              ) -> None:
    from bulletin.git.history import published_at

    r = bulletin_repo
    r.item()
    r.edition(1, ["2026-11-18-reservoir-levels-fall"])
    commit(r, "main")
    base = r.git("rev-parse", "HEAD").strip()
    folder = cache_of(r.root)
    assert published_at(r.root, base, folder) == {"2026-11-18-reservoir-levels-fall"}
    stored = folder / "published" / f"{base}.json"
    forged = json.dumps({"commit": base, "ids": [], "sha256": "0"})
    for damaged in ("[]", forged, "{", "\x00"):
        stored.write_text(damaged)
        assert published_at(r.root, base, folder) == {"2026-11-18-reservoir-levels-fall"}


# --- rule S027 ---------------------------------------------------------------------------


def test_s027_reports_tracked_cache_files_only(bulletin_repo: BulletinRepo) -> None:
    r = bulletin_repo
    r.item()
    r.write(".gitignore", ".bulletin-cache/\n")
    tracked = [".bulletin-cache/check/files.bin", ".bulletin-ci-cache/x/site-4.sqlite",
               ".bulletin-previous-site/index.html"]
    for rel in tracked:
        r.write(rel, "planted\n")
    r.write("notes/bulletin-cache.md", "# not a cache folder\n")
    r.write("items/water/.bulletin-cache/a.bin", "never a cache folder: nothing reads it\n")
    commit(r, "main")
    r.write(".bulletin-cache/untracked.bin", "ignored, never committed\n")
    code, reported, report = s027(r.root)
    assert code == 1 and reported == sorted(tracked)
    message = next(d for d in report["diagnostics"] if d["code"] == "S027")
    assert message["rule"] == "tracked-cache" and message["severity"] == "error"
    r.git("rm", "-rq", "--cached", ".bulletin-cache", ".bulletin-ci-cache",
          ".bulletin-previous-site")
    assert s027(r.root)[:2] == (0, [])


def test_s027_can_be_documented_and_switched_off(bulletin_repo: BulletinRepo) -> None:
    rule = REGISTRY["S027"]
    assert list(rule.parts) == ["What it does", "Why", "Example", "Use instead"]
    shown = CliRunner().invoke(main, ["rule", "S027"])
    assert shown.exit_code == 0 and "git rm -r --cached .bulletin-cache" in shown.stdout
    r = bulletin_repo
    r.item()
    r.write(".bulletin-cache/x.bin", "planted\n")
    commit(r, "main")
    assert s027(r.root)[1] == [".bulletin-cache/x.bin"]
    policy = r.root / "bulletin.yml"
    policy.write_text(policy.read_text() + "rules:\n  tracked-cache: off\n")
    assert s027(r.root)[:2] == (0, [])


def test_a_pull_request_adding_a_cache_file_is_an_error(bulletin_repo: BulletinRepo) -> None:
    r = bulletin_repo
    r.item()
    commit(r, "main")
    r.git("checkout", "-qb", "change")
    r.write(".bulletin-cache/templates/theme/0123456789abcdef-main.html.cache", "x")
    commit(r)
    code, reported, _ = s027(r.root, "--changed-since", "main", "--author", "li.na")
    assert code == 1
    assert reported == [".bulletin-cache/templates/theme/0123456789abcdef-main.html.cache"]


# --- a cache folder inside the working tree (GitLab caches only project folders) ---------


def test_a_cache_folder_inside_the_repository(bulletin_repo: BulletinRepo,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    r = bulletin_repo
    r.item()
    commit(r, "main")
    inside = r.root / ".bulletin-ci-cache"
    monkeypatch.setenv(cachedir.ENV, str(inside))
    assert s027(r.root)[:2] == (0, [])
    folder = cachedir.location(r.root)
    assert (folder / "check").is_dir() and folder.parent == inside
    # it keeps itself out of git: a pull request's check does not see it as a change
    assert r.git("status", "--porcelain") == ""
    assert changes_since(r.root, "HEAD").present == set()
    # ... and once git tracks a file in it, it is neither read nor written, and reported
    r.write(".bulletin-ci-cache/planted.bin", "x")
    r.git("add", "-f", ".bulletin-ci-cache/planted.bin")
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    (r.root / "items/water/2026/2026-11-18-reservoir-levels-fall.md").write_text("broken")
    code, reported, _ = s027(r.root)
    assert code == 1 and reported == [".bulletin-ci-cache/planted.bin"]
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == before


def test_the_build_ignores_a_tracked_cache_folder(site_repo: BulletinRepo, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    inside = site_repo.root / ".bulletin-ci-cache"
    monkeypatch.setenv(cachedir.ENV, str(inside))
    forged = _doctored_snapshot(site_repo, tmp_path)
    folder = cachedir.location(site_repo.root)
    folder.mkdir(parents=True)
    shutil.copy(forged, folder / snapshot.FILE)
    commit(site_repo, "a pull request adds a cache where CI keeps it")
    os.utime(folder / snapshot.FILE)
    with caplog.at_level(logging.WARNING, "mkdocs.plugins.bulletin"):
        site = build(site_repo, tmp_path / "site")
    assert "holds files committed to git" in caplog.text
    assert not (site / f"items/{SECRET}").exists()
    assert (site / "items/2026-11-18-reservoir-levels-fall/index.html").is_file()


def test_bulletin_unpickles_nothing() -> None:
    """No module of bulletin imports pickle (or a relative of it): whatever it reads
    back, from a cache or from its own worker processes, is plain data."""
    import ast

    import bulletin

    unsafe = {"pickle", "_pickle", "cPickle", "dill", "shelve", "cloudpickle", "joblib"}
    found = []
    for path in Path(bulletin.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}: {n}" for n in names if n.split(".")[0] in unsafe]
    assert found == []


def test_ci_keeps_the_check_cache_of_main(bulletin_repo: BulletinRepo, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """As the workflows do: publish.yml checks main and saves ``*/check``, ``*/similarity``
    and ``*/published`` of BULLETIN_CACHE_DIR; review.yml restores them on a fresh
    clone at the same path, and the pull request's check starts from them."""
    from bulletin.check import files

    r = bulletin_repo
    r.item()
    r.item("clinic-queues", unit="health", title="Fever clinic queues reach three hours",
           summary="Queues at 2 fever clinics reached 3 hours, so 40 more staff are needed.",
           body="Queues at 2 clinics reached 3 hours on 17 November; 40 staff are needed.\n")
    commit(r, "main")
    workspace = tmp_path / "work" / "bulletin"
    runner = tmp_path / "runner-temp"

    def clone() -> None:
        shutil.rmtree(workspace, ignore_errors=True)
        r.git("clone", "-q", str(r.root), str(workspace))

    clone()  # publish.yml on main
    monkeypatch.setenv(cachedir.ENV, str(runner / "bulletin-cache"))
    assert CliRunner().invoke(main, ["check", "--repo", str(workspace)]).exit_code == 0
    saved = tmp_path / "saved"
    for kept in ("check", "similarity", "published"):
        for folder in (runner / "bulletin-cache").glob(f"*/{kept}"):
            shutil.copytree(folder, saved / folder.relative_to(runner))
    shutil.rmtree(runner)  # another runner: the cache step restores what was saved
    clone()  # review.yml on the pull request
    shutil.copytree(saved, runner)
    branch = BulletinRepo(workspace)
    branch.git("checkout", "-qb", "change")
    path = workspace / "items/health/2026/2026-11-18-clinic-queues.md"
    path.write_text(path.read_text().replace("3 hours on", "4 hours on"))
    commit(branch)
    started_from_main = []
    real = files._collect_changed
    monkeypatch.setattr(files, "_collect_changed",
                        lambda *a: started_from_main.append(1) or real(*a))
    code, reported, report = s027(workspace, "--changed-since", "origin/main",
                                  "--author", "wang.wu")
    assert started_from_main  # only the changed file was read
    assert code == 0 and reported == [] and report["summary"]["files"] == 1
