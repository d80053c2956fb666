"""Shared fixtures: small, real bulletin repositories in temporary folders."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bulletin import cachedir
from bulletin.check.engine import CheckResult, check_repository

TODAY = dt.date(2026, 11, 28)

POLICY = """\
title: Test Bulletin
publisher: Test Office
timezone: Asia/Shanghai
levels: [public, internal, restricted]
default_audience: internal
editors: [li.na]
units:
  water:
    name: Water Resources Bureau
    members: [zhang.san]
  health:
    name: Health Commission
    members: [wang.wu]
categories:
  situation:
    name: Situation report
  problem:
    name: Problem and risk
    sections: [[Problem, 问题], [Causes, 原因], [Suggestions, 建议]]
    sources: true
  emergency:
    name: Emergency
    sections: [[What happened, 基本情况], [Response, 处置情况]]
    sources: true
    news_days: 2
"""

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull,
}


def front(**fields: Any) -> str:
    """Front matter text from keyword fields (JSON values are valid YAML)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


DEFAULT_BODY = ("Telemetry on 17 November showed three reservoirs below their flood-season "
                "limit.\n\nDrinking water supply is safe for 60 days.\n")


def item_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Reservoir levels fall below the flood-season limit",
        "unit": "water",
        "authors": ["Zhang San"],
        "date": dt.date(2026, 11, 18),
        "event_date": dt.date(2026, 11, 17),
        "category": "situation",
        "priority": "routine",
        "classification": "internal",
        "summary": "Three reservoirs fell below their limit; supply is safe for 60 days.",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


@pytest.fixture(autouse=True, scope="session")
def _session_caches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Caches of module- and session-wide fixtures go to a temporary folder, never into
    the real ``~/.cache`` (each test then gets its own, below)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cachedir.ENV, str(tmp_path_factory.mktemp("caches")))
        patch.delenv("XDG_CACHE_HOME", raising=False)
        yield


@pytest.fixture(autouse=True)
def caches(tmp_path_factory: pytest.TempPathFactory,
           monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where this test's caches go (``BULLETIN_CACHE_DIR``): a folder of its own."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv(cachedir.ENV, str(folder))
    return folder


def cache_of(root: Path) -> Path:
    """The cache folder of the repository at ``root`` (as the tools find it)."""
    return cachedir.location(root)


@dataclass
class BulletinRepo:
    """A bulletin repository in a temporary folder, with helpers to fill it."""

    root: Path

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                            encoding="utf-8")
        return path

    def item(self, slug: str = "reservoir-levels-fall", body: str = DEFAULT_BODY,
             path: str | None = None, **overrides: Any) -> str:
        """Write an item (valid unless overridden); return its repository path."""
        fields = item_fields(**overrides)
        day = fields.get("date", dt.date(2026, 11, 18))
        unit = fields.get("unit", "water")
        rel = path or f"items/{unit}/{day.year}/{day.isoformat()}-{slug}.md"
        self.write(rel, front(**fields) + "\n" + body)
        return rel

    def edition(self, number: int, items: list[str], date: str = "2026-11-20",
                year: int = 2026, **overrides: Any) -> str:
        fields = {"number": number, "date": date, "type": "regular", "audience": "internal",
                  "editor": "li.na"}
        fields.update(overrides)
        lines = [f"{k}: {v}" for k, v in fields.items()]
        lines += ["sections:", "  - title: Situation", "    items:"]
        lines += [f"      - {i}" for i in items]
        rel = f"bulletins/{year}/{number:03d}.yml"
        self.write(rel, "\n".join(lines) + "\n")
        return rel

    def check(self, today: dt.date = TODAY) -> CheckResult:
        return check_repository(self.root, today=today)

    def diagnostics(self, today: dt.date = TODAY, families: str = "SCE") -> list[Any]:
        """The diagnostics of the rule families named (default: all but quality)."""
        return [d for d in self.check(today).diagnostics if d.code[0] in families]

    def codes(self, today: dt.date = TODAY, families: str = "SCEGQ") -> list[tuple[str, str, int]]:
        """(path, code, line) of every diagnostic (of the rule families named)."""
        return [(d.path, d.code, d.line) for d in self.check(today).diagnostics
                if d.code[0] in families]

    def git(self, *args: str) -> str:
        out = subprocess.run(["git", *args], cwd=self.root, env={**os.environ, **GIT_ENV},
                             capture_output=True, text=True, check=True)
        return out.stdout


# what names a pull request's author in CI: the suite's own CI must not judge its tests
CI_AUTHOR_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_EVENT_PATH", "GITLAB_CI", "GITLAB_USER_LOGIN",
                       "CI_MERGE_REQUEST_IID", "CI_MERGE_REQUEST_PROJECT_ID", "CI_API_V4_URL",
                       "BULLETIN_GITLAB_TOKEN")


@pytest.fixture(autouse=True)
def _no_ci_author(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CI_AUTHOR_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def bulletin_repo(tmp_path: Path) -> Iterator[BulletinRepo]:
    """An empty but valid bulletin repository (policy only), under git."""
    repo = BulletinRepo(tmp_path / "repo")
    repo.write("bulletin.yml", POLICY)
    repo.git("init", "-q", "-b", "main")
    yield repo


MKDOCS = """\
site_name: Test Bulletin
site_url: https://bulletin.intranet.example/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - bulletin:
      search: {search}
"""


def add_site_config(repo: BulletinRepo, search: str = "pagefind") -> None:
    """Give a fixture repository a mkdocs.yml and a docs/ folder."""
    repo.write("mkdocs.yml", MKDOCS.format(search=search))
    repo.write("docs/about.md", "# About\n\nA test bulletin.\n")
