"""mkdocs.yml is not code (issue 16, finding 4, the build's side): what it may ask of a
build is checked before MkDocs reads it, and refused with the file, line and key."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.config import parse_policy
from bulletin.site.guard import check_config
from conftest import POLICY, BulletinRepo, add_site_config

HEAD = "site_name: Test Bulletin\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\n"


@pytest.fixture
def repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    add_site_config(bulletin_repo, search="none")
    bulletin_repo.item("reservoir-levels-fall")
    return bulletin_repo


def _build(repo: BulletinRepo, tmp_path: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["build", "--repo", str(repo.root), "-q", "-d",
                                     str(tmp_path / "site"), *args])


def _refused(repo: BulletinRepo, tmp_path: Path, config: str, where: str, words: str) -> None:
    repo.write("mkdocs.yml", config)
    result = _build(repo, tmp_path)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    error = result.stderr.strip()  # type: ignore[attr-defined]
    assert "\n" not in error and "Traceback" not in error
    assert f"mkdocs.yml:{where}: " in error and words in error, error
    assert not (tmp_path / "site").exists()


def test_hooks_are_refused_and_never_run(repo: BulletinRepo, tmp_path: Path) -> None:
    marker = tmp_path / "hook-ran"
    repo.write("evil.py", f"open({str(marker)!r}, 'w').write('ran')\n")
    _refused(repo, tmp_path, HEAD + "plugins:\n  - bulletin\nhooks:\n  - evil.py\n",
             "8:1", "'hooks'")
    assert not marker.exists()


def test_python_tags_are_refused_before_mkdocs_reads_the_file(repo: BulletinRepo,
                                                               tmp_path: Path) -> None:
    marker = tmp_path / "tag-ran"
    _refused(repo, tmp_path, HEAD + "plugins:\n  - bulletin\nextra:\n  x: !!python/object/"
             f"apply:os.system ['touch {marker}']\n", "9:6", "!!python/object/apply")
    assert not marker.exists()


@pytest.mark.parametrize(("config", "where", "words"), [
    ("plugins:\n  - bulletin\n  - material/projects\n", "8:5", "plugin 'material/projects'"),
    ("plugins:\n  material/info: {}\n  bulletin: {}\n", "7:3", "plugin 'material/info'"),
    ("plugins:\n  - bulletin\nmarkdown_extensions:\n  - toc\n  - pymdownx.snippets:\n"
     "      base_path: [/etc]\n", "10:5", "extension 'pymdownx.snippets'"),
    ("plugins:\n  - bulletin:\n      audience: restricted\n", "8:7", "audience 'restricted'"),
    ("plugins:\n  - bulletin:\n      audience: !ENV [BULLETIN_TEST_UNSET, restricted]\n",
     "8:7", "audience 'restricted'"),
    ("plugins:\n  - bulletin:\n      as_of: 2099-01-01T00:00:00\n", "8:7", "as_of"),
    ("plugins:\n  - bulletin:\n      repo: /\n", "8:7", "repo"),
    ("plugins:\n  - bulletin\nextra_templates:\n  - evil.html\n", "8:1", "extra_templates"),
    ("plugins:\n  - bulletin\nextra_javascript:\n  - evil.js\n", "9:5", "script 'evil.js'"),
    ("plugins:\n  - bulletin\nINHERIT: ../../outside.yml\n", "8:1", "INHERIT"),
    ("plugins:\n  - bulletin\ndocs_dir: /etc\n", "7:1", "docs_dir"),
    ("plugins:\n  - bulletin\na: &anchor 1\nb: *anchor\n", "8:4", "anchor"),
    ("plugins:\n  - bulletin\nnav:\n  - Home: index.md\n  - Click: 'java\tscript:alert(1)'\n",
     "10:5", "javascript:"),
    ("plugins:\n  - bulletin\ncopyright: <script>alert(1)</script>\n", "8:1", "'copyright'"),
])
def test_what_the_policy_does_not_allow_is_refused(repo: BulletinRepo, tmp_path: Path,
                                                   config: str, where: str,
                                                   words: str) -> None:
    config = HEAD + config
    if "docs_dir: /etc" in config:
        config = config.replace("docs_dir: docs\n", "")
    _refused(repo, tmp_path, config, where, words)


def test_custom_dir_outside_the_repository_is_refused(repo: BulletinRepo,
                                                      tmp_path: Path) -> None:
    _refused(repo, tmp_path, HEAD + "  custom_dir: ../outside\nplugins:\n  - bulletin\n",
             "6:3", "theme.custom_dir")


def test_inherited_files_are_checked_too(repo: BulletinRepo, tmp_path: Path) -> None:
    repo.write("base.yml", "hooks:\n  - evil.py\n")
    repo.write("mkdocs.yml", HEAD + "INHERIT: base.yml\nplugins:\n  - bulletin\n")
    result = _build(repo, tmp_path)
    assert result.exit_code == 2
    assert "base.yml:1:1: 'hooks'" in result.stderr


def test_mkdocs_own_tags_keep_working(repo: BulletinRepo, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_TEST_SITE_NAME", "Named from the environment")
    repo.write("overrides/.keep", "")
    repo.write("mkdocs.yml", "site_name: !ENV [BULLETIN_TEST_SITE_NAME, Fallback]\n"
               "docs_dir: docs\ntheme:\n  name: material\n  font: false\n"
               "  custom_dir: !relative $config_dir/overrides\n"
               "plugins:\n  - bulletin:\n      search: none\n"
               "      audience: !ENV [BULLETIN_TEST_UNSET, public]\n")
    result = _build(repo, tmp_path)
    assert result.exit_code == 0, result.stderr
    home = (tmp_path / "site/index.html").read_text("utf-8")
    assert "Named from the environment" in home


def test_the_policy_can_allow_more(tmp_path: Path) -> None:
    policy = parse_policy(POLICY + "site:\n  plugins: [material/blog]\n  markdown_extensions:"
                          " [pymdownx.snippets]\n  audience: restricted\n"
                          "  extra_javascript: [js/local.js]\n").policy
    assert policy is not None
    (tmp_path / "mkdocs.yml").write_text(
        "plugins:\n  - blog: {}\n  - material/blog\n  - bulletin: {audience: restricted}\n"
        "markdown_extensions:\n  - pymdownx.snippets\nextra_javascript:\n  - js/local.js\n")
    problems = check_config(tmp_path, tmp_path / "mkdocs.yml", policy)
    assert [str(p) for p in problems] == [
        "mkdocs.yml:2:5: MkDocs plugin 'blog' is not allowed by bulletin.yml (site.plugins); "
        "a plugin is code that runs in the build"]


def test_a_past_as_of_is_fine(tmp_path: Path) -> None:
    policy = parse_policy(POLICY).policy
    assert policy is not None
    (tmp_path / "mkdocs.yml").write_text("plugins:\n  - bulletin:\n      as_of: 2026-01-01\n")
    assert check_config(tmp_path, tmp_path / "mkdocs.yml", policy,
                        now=dt.datetime(2026, 11, 28, tzinfo=dt.UTC)) == []


def test_an_unknown_site_audience_is_a_policy_error() -> None:
    loaded = parse_policy(POLICY + "site:\n  audience: secret\n")
    assert loaded.policy is None
    assert any("site.audience 'secret'" in f.message for f in loaded.findings)


def test_plain_mkdocs_build_refuses_too(repo: BulletinRepo, tmp_path: Path) -> None:
    repo.write("mkdocs.yml", HEAD + "plugins:\n  - bulletin:\n      search: none\n"
               "      audience: restricted\n")
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d",
                          str(tmp_path / "plain")], cwd=repo.root, capture_output=True,
                         text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert out.returncode != 0
    assert "mkdocs.yml:9:7: audience 'restricted' is above 'internal'" in out.stderr
    assert not (tmp_path / "plain/index.html").exists()


def test_serve_refuses_before_it_starts(repo: BulletinRepo, tmp_path: Path) -> None:
    marker = tmp_path / "hook-ran"
    repo.write("evil.py", f"open({str(marker)!r}, 'w').write('ran')\n")
    repo.write("mkdocs.yml", HEAD + "plugins:\n  - bulletin\nhooks: [evil.py]\n")
    result = CliRunner().invoke(main, ["serve", "--repo", str(repo.root),
                                       "--dev-addr", "127.0.0.1:0"])
    assert result.exit_code == 2
    assert "mkdocs.yml:8:1: 'hooks'" in result.stderr
    assert not marker.exists()
