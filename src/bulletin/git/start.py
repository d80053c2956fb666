"""A new bulletin's git history: ``bulletin init`` makes the folder a repository, since
assessment (when items were sent and merged) and review (what a pull request changed)
read git."""

from __future__ import annotations

import shutil
from pathlib import Path

NEEDS = ("bulletin score reads when items were sent and merged from git, and the review "
         "desk (pull requests, bulletin check --changed-since) compares branches")


def start_history(folder: Path) -> str:
    """Make ``folder`` a git repository on branch ``main``, unless it already lies in one;
    return what was done, as a sentence for the user."""
    import git

    if shutil.which("git") is None:
        return f"git was not found, so {folder} is not a git repository yet: {NEEDS}; " \
               f"install git, then run 'git init -b main' in {folder}."
    try:
        found = git.Repo(folder, search_parent_directories=True)
        top = found.working_tree_dir
        if top is not None:
            return f"{folder} is inside the git repository {top}: its history is the " \
                   "bulletin's."
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        pass
    try:
        git.Repo.init(folder, initial_branch="main")
    except git.GitCommandError as exc:
        return f"could not start a git repository in {folder} ({exc.stderr.strip()}): " \
               f"{NEEDS}; run 'git init -b main' there."
    return f"Started a git repository in {folder} (branch main); commit the files to begin " \
           "its history: bulletin score counts items from their commits."
