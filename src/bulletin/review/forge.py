"""Files for the forge: CODEOWNERS from the policy, and the CI and review templates.

``bulletin codeowners`` turns ``units`` and ``editors`` in ``bulletin.yml`` into a
CODEOWNERS file, so that a pull request touching ``items/water/`` asks the water
unit's members for review and one touching ``bulletins/`` or the policy asks the
editors. Each forge reads CODEOWNERS differently:

* GitHub and GitLab: gitignore-style paths, and the *last* matching line wins,
  so the editors' fallback ``*`` comes first. No GitLab sections: a rule inside a
  section does not override one outside it, so the fallback would stay.
* Gitea and Forgejo: each path is a Go regular expression matched against the
  whole path, and review is requested from the owners of *every* matching line.
  The fallback is therefore a negative rule (``!``): everything outside the
  folders of units that have members. Gitea's tokenizer takes one level of
  backslashes first, so a regular expression's ``\\.`` is written ``\\\\.``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources

from .. import __version__
from ..basics import FORGES as FORGES
from ..config import Policy
from ..errors import UsageError

CODEOWNERS_PATHS = {  # where each forge looks first for the file
    "github": ".github/CODEOWNERS",
    "gitea": ".gitea/CODEOWNERS",
    "gitlab": ".gitlab/CODEOWNERS",
}

FORGE_FILES = {  # template under templates/forge → path in a bulletin repository
    "review.yml": ".github/workflows/review.yml",
    "publish.yml": ".github/workflows/publish.yml",
    "pull_request_template.md": ".github/pull_request_template.md",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}

INSTALL_MARK = "__BULLETIN__"
"""Stands in the CI templates for what ``pip install`` installs."""

RELEASED = f'"bulletin=={__version__}"'
"""What a repository made by ``bulletin init`` installs: the released tool, pinned."""

_NAMES = {"github": "GitHub", "gitea": "Gitea and Forgejo", "gitlab": "GitLab"}
_GLOB_SPECIAL = "\\#*?[ "
_REGEX_SPECIAL = ".+*?()|[]{}^$\\"


def policy_codeowners(policy: Policy, forge: str) -> str:
    """The CODEOWNERS text for ``forge`` from a validated policy."""
    return render_codeowners({key: unit.members for key, unit in policy.units.items()},
                             policy.editors, forge)


def render_codeowners(units: Mapping[str, Sequence[str]], editors: Sequence[str],
                      forge: str) -> str:
    """The CODEOWNERS text for ``forge``.

    ``units`` maps each unit's key (its folder under ``items/``) to its members'
    forge user names; ``editors`` are the editors' user names. A unit without
    members is owned by the editors. A line whose owners would be empty is left
    out, since the forges reject or ignore it.
    """
    if forge not in FORGES:
        raise UsageError(f"unknown forge '{forge}' (one of: {', '.join(FORGES)})")
    eds = _handles(editors)
    owners = {key: _handles(members) or eds for key, members in units.items()}
    lines = [
        f"# CODEOWNERS for {_NAMES[forge]}, generated from bulletin.yml by",
        f"# `bulletin codeowners --forge {forge}`. Regenerate it whenever units or",
        "# editors change; edits by hand are lost.",
        f"# Save it as {CODEOWNERS_PATHS[forge]} (or CODEOWNERS, docs/CODEOWNERS).",
    ]
    if not eds:
        lines.append("# bulletin.yml names no editors, so nothing falls back to them.")
    if forge == "gitea":
        lines += _gitea(owners, eds, [key for key, members in units.items() if _handles(members)])
    else:
        lines += _glob(owners, eds)
    return "\n".join(lines) + "\n"


def _glob(owners: Mapping[str, list[str]], eds: list[str]) -> list[str]:
    lines = [
        "# The last matching line wins, so the editors' fallback comes first.",
        "",
        "# Fallback: the editors own everything no later line names.",
        *_rule("*", eds),
        "",
        "# Each unit's items: its members (the editors where it has none).",
    ]
    for key, who in owners.items():
        lines += _rule(f"/items/{_glob_escape(key)}/", who)
    lines += ["", "# Editions and the policy: the editors.",
              *_rule("/bulletins/", eds), *_rule("/bulletin.yml", eds)]
    return lines


def _gitea(owners: Mapping[str, list[str]], eds: list[str], staffed: list[str]) -> list[str]:
    if staffed:
        alternatives = "|".join(_gitea_escape(key) for key in staffed)
        group = alternatives if len(staffed) == 1 else f"({alternatives})"
        fallback = f"!^items/{group}/.*$"
    else:
        fallback = "^.*$"
    return [
        "# Each path is a Go regular expression matched against the whole path, and",
        "# every matching line asks its owners for review, so the editors' fallback",
        "# is a negative rule: everything outside the folders of units with members.",
        "",
        *_rule(fallback, eds),
        "",
        "# Each unit's items: its members (the editors where it has none).",
        *(line for key, who in owners.items()
          for line in _rule(f"^items/{_gitea_escape(key)}/.*$", who)),
        "",
        "# Editions and the policy: the editors.",
        *_rule("^bulletins/.*$", eds),
        *_rule(f"^{_gitea_escape('bulletin.yml')}$", eds),
    ]


def _rule(pattern: str, who: list[str]) -> list[str]:
    return [f"{pattern} {' '.join(who)}"] if who else []


def _handles(names: Sequence[str]) -> list[str]:
    """``@name`` for each user name, in order, without repeats."""
    out: list[str] = []
    for name in names:
        bare = name.strip().removeprefix("@")
        if not bare or any(c.isspace() or c == "#" for c in bare):
            raise UsageError(f"'{name}' is not a forge user name (in units or editors in "
                             "bulletin.yml)")
        if f"@{bare}" not in out:
            out.append(f"@{bare}")
    return out


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in _GLOB_SPECIAL else c for c in text)


def _gitea_escape(text: str) -> str:
    """``text`` as a literal in a Gitea CODEOWNERS path.

    First a Go regular expression (metacharacters behind ``\\``), then Gitea's
    tokenizer escaping on top (``\\`` doubled, ``#`` and space escaped).
    """
    regex = "".join(f"\\{c}" if c in _REGEX_SPECIAL else c for c in text)
    return "".join(f"\\{c}" if c in "\\# " else c for c in regex)


def forge_template(name: str, install: str = RELEASED) -> str:
    """The text of forge template ``name``, installing ``install`` with pip."""
    text = resources.files(__package__).joinpath("templates", "forge", name).read_text("utf-8")
    return text.replace(INSTALL_MARK, install)
