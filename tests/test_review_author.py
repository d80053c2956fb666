"""Who opened the pull request (issue 16, finding 9): on GitLab, the merge request's
author, not whoever started the pipeline; a GitHub payload wins on GitHub.

GitLab's API cannot be reached from here: a small HTTP server on localhost (Python's
http.server, real HTTP, not a mock) answers the one request the check makes, as GitLab
does (GET /projects/:id/merge_requests/:iid with PRIVATE-TOKEN)."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.review.author import Author, ci_author, login_of
from conftest import GIT_ENV, BulletinRepo
from test_review_base import codes, g_found
from test_rules_review import CI_VARIABLES, POOL, edit
from test_rules_review import base as base  # the fixture: main, and a branch

TOKEN = "glpat-read-only-test-token"


@dataclass
class GitLab:
    """The API of a GitLab instance, as far as the check asks it."""

    url: str
    authors: dict[str, str] = field(default_factory=dict)  # "project/iid" → username
    seen: list[tuple[str, str | None]] = field(default_factory=list)  # (path, token)
    redirect: bool = False


@pytest.fixture
def gitlab(monkeypatch: pytest.MonkeyPatch) -> Iterator[GitLab]:
    for proxy in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                  "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)
    state = GitLab("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.seen.append((self.path, self.headers.get("PRIVATE-TOKEN")))
            parts = self.path.strip("/").split("/")  # api/v4/projects/7/merge_requests/3
            key = f"{parts[3]}/{parts[5]}" if len(parts) == 6 else ""
            if state.redirect and not self.path.startswith("/elsewhere"):
                self._answer(302, {}, {"Location": "/elsewhere/collect"})
            elif self.headers.get("PRIVATE-TOKEN") != TOKEN:
                self._answer(401, {"message": "401 Unauthorized"})
            elif key in state.authors:
                self._answer(200, {"iid": int(parts[5]),
                                   "author": {"username": state.authors[key]}})
            else:
                self._answer(404, {"message": "404 Not found"})

        def _answer(self, status: int, body: dict[str, object],
                    headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/v4"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def commit_as(repo: BulletinRepo, name: str, email: str) -> None:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
    for args in (["add", "-A"], ["commit", "-qm", "change"]):
        subprocess.run(["git", *args], cwd=repo.root, env=env, check=True)


def merge_request(gitlab: GitLab | None, starter: str, token: bool = True) -> dict[str, str]:
    """A merge request pipeline's variables (project 7, merge request !3)."""
    env = {"GITLAB_CI": "true", "GITLAB_USER_LOGIN": starter, "CI_MERGE_REQUEST_IID": "3",
           "CI_MERGE_REQUEST_PROJECT_ID": "7",
           "CI_API_V4_URL": gitlab.url if gitlab else "https://gitlab.invalid/api/v4"}
    if token:
        env["BULLETIN_GITLAB_TOKEN"] = TOKEN
    return env


def test_an_editor_starting_a_members_pipeline_does_not_approve_it(
        base: BulletinRepo, gitlab: GitLab) -> None:
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit_as(base, "Zhang San", "zhang.san@water.example")
    gitlab.authors["7/3"] = "zhang.san"
    code, found = g_found(base.root, env=merge_request(gitlab, starter="li.na"))
    assert (code, codes(found)) == (1, {("G001", POOL)})
    assert gitlab.seen == [("/api/v4/projects/7/merge_requests/3", TOKEN)]
    gitlab.authors["7/3"] = "wang.wu"  # the health commission's own merge request
    assert g_found(base.root, env=merge_request(gitlab, starter="li.na")) == (0, [])


def test_without_a_token_everyone_who_may_have_written_it_is_judged(
        base: BulletinRepo) -> None:
    """The pipeline's user (an editor) and the commits' author (a member): the member's
    permissions bind, and the report says why."""
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit_as(base, "Zhang San", "12345-zhang.san@users.noreply.gitlab.example")
    code, found = g_found(base.root, env=merge_request(None, starter="li.na", token=False))
    assert code == 1
    assert codes(found) == {("G001", POOL), ("G008", "bulletin.yml")}
    note = next(m for c, _, m in found if c == "G008")
    assert "li.na, zhang.san" in note and "BULLETIN_GITLAB_TOKEN" in note


def test_without_a_token_an_unknown_commit_author_may_change_nothing(
        base: BulletinRepo) -> None:
    edit(base, "items/water/2026/2026-11-18-reservoir-levels-fall.md", "Telemetry", "Gauges")
    commit_as(base, "Somebody", "somebody@elsewhere.example")
    code, found = g_found(base.root, env=merge_request(None, starter="zhang.san", token=False))
    assert code == 1
    assert {c for c, _ in codes(found)} == {"G001", "G006", "G008"}
    assert "'Somebody <somebody@elsewhere.example>' is not an editor" in \
        next(m for c, _, m in found if c == "G006")


@pytest.mark.parametrize("trouble", ["bad token", "redirect", "unknown merge request",
                                     "no server"])
def test_gitlab_that_cannot_answer_is_a_one_line_error(base: BulletinRepo, gitlab: GitLab,
                                                       trouble: str) -> None:
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit_as(base, "Zhang San", "zhang.san@water.example")
    env = merge_request(gitlab, starter="li.na")
    gitlab.authors["7/3"] = "zhang.san"
    if trouble == "bad token":
        env["BULLETIN_GITLAB_TOKEN"] = "wrong"
    elif trouble == "redirect":
        gitlab.redirect = True
    elif trouble == "unknown merge request":
        env["CI_MERGE_REQUEST_IID"] = "4"
    else:
        env["CI_API_V4_URL"] = "http://127.0.0.1:9/api/v4"  # discard: nothing listens
    clean: dict[str, str | None] = {name: None for name in CI_VARIABLES}
    result = CliRunner(env={**clean, **env}).invoke(
        main, ["check", "--repo", str(base.root), "--changed-since", "main"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "GitLab" in result.stderr and TOKEN not in result.stderr
    if trouble == "redirect":  # the token never left for the other address
        assert [p for p, _ in gitlab.seen] == ["/api/v4/projects/7/merge_requests/3"]


def test_the_github_payload_wins_on_github(base: BulletinRepo, tmp_path: Path) -> None:
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit_as(base, "Zhang San", "zhang.san@water.example")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"user": {"login": "zhang.san"}}}))
    env = {**merge_request(None, starter="wang.wu", token=False),
           "GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": str(event)}
    assert g_found(base.root, env=env) == (1, [("G001", POOL, "zhang.san (water) may not "
                                                "change items of unit 'health'")])


def test_an_explicit_author_wins_over_the_environment(base: BulletinRepo) -> None:
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit_as(base, "Zhang San", "zhang.san@water.example")
    env = merge_request(None, starter="li.na", token=False)
    assert g_found(base.root, "--author", "wang.wu", env=env) == (0, [])


def test_commit_authors_are_recognised_by_login() -> None:
    logins = ["li.na", "zhang.san", "Wang.Wu"]
    assert login_of("Zhang San", "zhang.san@water.example", logins) == "zhang.san"
    assert login_of("Zhang San", "77-zhang.san@users.noreply.gitlab.com", logins) == "zhang.san"
    assert login_of("wang.wu", "ww@health.example", logins) == "Wang.Wu"
    assert login_of("X", "x@y.example", logins) == "X <x@y.example>"


def test_outside_ci_nobody_is_assumed() -> None:
    assert ci_author({}) == Author(None)
    assert ci_author({"GITHUB_ACTIONS": "true"}) == Author(None)  # no payload: not known
