"""Who opened the pull request: the forge login the review (G) rules judge, from CI.

* **GitHub, Gitea and Forgejo Actions** (``GITHUB_ACTIONS`` or ``GITHUB_EVENT_PATH``
  set): the event payload's ``pull_request.user.login``. GitLab's variables are
  then ignored, whatever else the environment holds.
* **GitLab** offers no variable that names a merge request's author:
  ``GITLAB_USER_LOGIN`` is whoever started the pipeline, so an editor who runs a
  member's pipeline again would approve it. With ``BULLETIN_GITLAB_TOKEN`` (a
  read-only API token the job provides) the author is read from the merge request
  itself (``CI_API_V4_URL``, ``CI_MERGE_REQUEST_PROJECT_ID``, ``CI_MERGE_REQUEST_IID``).
  Without one, every identity that may have written the change is judged: the
  pipeline's user and the author of each commit on the branch; a change must be
  allowed to each of them (the strictest reading), and the report says so.

Commit authors are what the commits say, which anyone can write: only the token
gives a sound answer on GitLab.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError

TOKEN_VARIABLE = "BULLETIN_GITLAB_TOKEN"
TIMEOUT = 15.0
NOREPLY = re.compile(r"^[0-9]+-(?P<login>.+)$")  # GitLab's ID-login@users.noreply.HOST
DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Author:
    """Who the review rules judge: the author, and, when the forge does not say for
    certain, the other identities that may have written the change (``others``),
    with the reason (``note``)."""

    login: str | None
    others: tuple[str, ...] = ()
    note: str = ""


def ci_author(environ: Mapping[str, str], root: Path | None = None, base: str | None = None,
              logins: Iterable[str] = (),
              commits: Callable[[Path, str], list[tuple[str, str]]] | None = None) -> Author:
    """The pull request's author from the CI environment (``Author(None)``: not known).

    ``logins`` are the forge logins the policy knows (to recognise commit authors);
    ``commits`` lists (name, e-mail) of the branch's commit authors since ``base``.
    """
    if environ.get("GITHUB_ACTIONS") or environ.get("GITHUB_EVENT_PATH"):
        return Author(_github_login(environ.get("GITHUB_EVENT_PATH")))
    if not (environ.get("GITLAB_CI") or environ.get("GITLAB_USER_LOGIN")):
        return Author(None)
    token = environ.get(TOKEN_VARIABLE, "").strip()
    iid = environ.get("CI_MERGE_REQUEST_IID", "")
    if token and iid:
        return Author(gitlab_author(environ.get("CI_API_V4_URL", ""),
                                    environ.get("CI_MERGE_REQUEST_PROJECT_ID", ""), iid, token))
    starter = environ.get("GITLAB_USER_LOGIN") or None
    known = list(logins)
    written = [] if root is None or base is None or commits is None else commits(root, base)
    who = list(dict.fromkeys(
        [*([starter] if starter else []), *(login_of(n, e, known) for n, e in written)]))
    why = (f"{TOKEN_VARIABLE} is not set" if iid else "this is not a merge request pipeline")
    everyone = ", ".join(who) or "nobody known"
    note = (f"GitLab does not say who opened the merge request ({why}), so the change "
            f"must be allowed to everyone who may have written it: {everyone} (the "
            f"pipeline's user and the commits' authors); set {TOKEN_VARIABLE} to a "
            "read-only API token to judge the merge request's author")
    return Author(who[0] if who else None, tuple(who[1:]), note)


def _github_login(event: str | None) -> str | None:
    """``pull_request.user.login`` of the event payload at ``event``."""
    if not event:
        return None
    try:
        with open(event, encoding="utf-8") as handle:
            payload = json.load(handle)
        login = payload["pull_request"]["user"]["login"]
        return login if isinstance(login, str) and login else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def login_of(name: str, email: str, logins: Iterable[str]) -> str:
    """The policy's login for a commit author: the e-mail's local part (GitLab's
    no-reply address unwrapped) or the name, when either is a login the policy knows;
    else ``Name <e-mail>``, which no policy lists (so it may change nothing)."""
    folded = {login.casefold(): login for login in logins}
    local = email.partition("@")[0]
    match = NOREPLY.match(local) if "noreply" in email.partition("@")[2] else None
    for candidate in (match.group("login") if match else local, name):
        if candidate and candidate.casefold() in folded:
            return folded[candidate.casefold()]
    return f"{name} <{email}>"


def gitlab_author(api: str, project: str, iid: str, token: str,
                  timeout: float = TIMEOUT) -> str:
    """The username of the merge request's author, asked of GitLab's API.

    GET ``{api}/projects/{project}/merge_requests/{iid}`` with the token in the
    ``PRIVATE-TOKEN`` header; any failure is a one-line :class:`UsageError`, since
    without the answer nobody can be judged.
    """
    if not api.startswith(("https://", "http://")):
        raise UsageError(f"{TOKEN_VARIABLE} is set but CI_API_V4_URL is not a URL "
                         f"({api!r}); run the check in a GitLab merge request pipeline")
    if not (DIGITS.fullmatch(project) and DIGITS.fullmatch(iid)):
        raise UsageError("CI_MERGE_REQUEST_PROJECT_ID and CI_MERGE_REQUEST_IID must be numbers, "
                         f"not {project!r} and {iid!r}")
    import urllib.error  # here: what the HTTP client imports takes a tenth of a second
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        """Redirects are refused: the token goes to the API named, nowhere else."""

        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    url = f"{api.rstrip('/')}/projects/{project}/merge_requests/{iid}"
    request = urllib.request.Request(url, headers={"PRIVATE-TOKEN": token,
                                                   "Accept": "application/json"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=timeout) as answer:
            data = json.loads(answer.read(1 << 20))
    except urllib.error.HTTPError as exc:
        raise UsageError(f"GitLab answered {exc.code} {exc.reason} to {url}: the token in "
                         f"{TOKEN_VARIABLE} needs the read_api scope and at least the "
                         "Reporter role on the project") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise UsageError(f"could not ask GitLab who opened merge request !{iid} ({url}): "
                         f"{reason}") from None
    author = data.get("author") if isinstance(data, dict) else None
    login = author.get("username") if isinstance(author, dict) else None
    if not isinstance(login, str) or not login:
        raise UsageError(f"GitLab's answer from {url} names no author")
    return login
