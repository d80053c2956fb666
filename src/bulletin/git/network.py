"""Git for the information network (DESIGN §9): fetching the neighbours' bulletins
read-only into a namespace of our own, and reading files from what was fetched.

A neighbour's repository is data. It is fetched with the URL the policy names
(validated by :func:`bulletin.config.network.check_url`) into
``refs/bulletin/<office>/main``, never into a branch, with git told which transports
it may use (file, ssh, https: no ``ext::``), that its options end before the URL, and
to check every object it receives. Nothing fetched is ever checked out or run: its
files are read as blobs.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..config.network import URL_SCHEMES

NAMESPACE = "refs/bulletin"
TIMEOUT = 600  # seconds for one fetch or push
SAFE = ("-c", "protocol.allow=never",
        *(f for scheme in URL_SCHEMES for f in ("-c", f"protocol.{scheme}.allow=always")),
        "-c", "transfer.fsckObjects=true", "-c", "core.hooksPath=/dev/null")
"""Options every network git command takes: the transports allowed, objects checked."""
QUIET = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "SSH_ASKPASS": "true",
         "GIT_SSH_COMMAND": "ssh -o BatchMode=yes"}
"""No prompt: a fetch in CI or a script fails instead of waiting for a password."""


def office_ref(office: str) -> str:
    """Where the office's main branch is kept once fetched."""
    return f"{NAMESPACE}/{office}/main"


def run(root: Path, *args: str, data: bytes | None = None, timeout: float = TIMEOUT,
        env: dict[str, str] | None = None) -> tuple[int, bytes, str]:
    """``git SAFE ARGS`` in ``root``: (status, output, error text); status 127 when git
    cannot be run."""
    import os

    env = {**os.environ, **QUIET, "GIT_LITERAL_PATHSPECS": "1", **(env or {})}
    try:
        done = subprocess.run(["git", *SAFE, *args], cwd=root, input=data, env=env,
                              capture_output=True, check=False, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as exc:
        return 127, b"", str(exc)
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")


def first_lines(text: str, n: int = 3) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return "; ".join(lines[:n])


def fetch(root: Path, office: str, url: str) -> str:
    """Fetch the office's default branch from ``url`` into :func:`office_ref`; git's
    error message, or '' when it worked."""
    status, _, err = run(root, "fetch", "--quiet", "--no-tags", "--no-recurse-submodules",
                         "--no-write-fetch-head", "--end-of-options", url,
                         f"+HEAD:{office_ref(office)}")
    return "" if status == 0 else (first_lines(err) or f"git fetch exited {status}")


def push(root: Path, url: str, commit: str, branch: str) -> str:
    """Push ``commit`` to a new branch ``branch`` at ``url`` (never forced); git's error
    message, or ''."""
    status, _, err = run(root, "push", "--quiet", "--no-verify", "--end-of-options", url,
                         f"{commit}:refs/heads/{branch}")
    return "" if status == 0 else (first_lines(err, 5) or f"git push exited {status}")


def resolve(root: Path, ref: str) -> str | None:
    """The commit ``ref`` names here, or None."""
    status, out, _ = run(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                         f"{ref}^{{commit}}")
    return out.decode().strip() if status == 0 else None


def is_ancestor(root: Path, commit: str, ref: str) -> bool:
    """True when ``commit`` is in the history of ``ref``."""
    status, _, _ = run(root, "merge-base", "--is-ancestor", "--end-of-options", commit, ref)
    return status == 0


def list_files(root: Path, ref: str, folders: Sequence[str]) -> list[str]:
    """Every file under ``folders`` at ``ref`` (names holding a line break left out)."""
    status, out, _ = run(root, "ls-tree", "-r", "-z", "--name-only", "--end-of-options",
                         ref, "--", *folders)
    if status != 0:
        return []
    return [name for name in out.decode("utf-8", "surrogateescape").split("\0")
            if name and "\n" not in name]


MAX_BLOB = 4 << 20
"""The largest file read from a neighbour (the loader's limit for a manifest): a larger
one is treated as missing."""


def read_blobs(root: Path, specs: Iterable[str]) -> list[bytes | None]:
    """The bytes of each ``<rev>:<path>`` (None where there is no such file, or it is
    larger than :data:`MAX_BLOB`). Git names each object and its size first
    (``cat-file --batch-check``); only blobs within the limit are then read, in one
    ``cat-file --batch``: a neighbour's huge file never reaches memory."""
    wanted = list(specs)
    if not wanted:
        return []
    if any("\n" in s for s in wanted):
        raise ValueError("a path with a line break cannot be read in a batch")
    status, out, _ = run(root, "cat-file", "--batch-check",
                         data="".join(s + "\n" for s in wanted).encode("utf-8",
                                                                       "surrogateescape"))
    lines = out.split(b"\n")
    if status != 0 or len(lines) < len(wanted):
        return [None] * len(wanted)
    small: dict[int, tuple[bytes, int]] = {}  # index in wanted: (object name, size)
    for i, line in enumerate(lines[:len(wanted)]):
        header = line.split()
        if len(header) == 3 and header[1] == b"blob" and int(header[2]) <= MAX_BLOB:
            small[i] = (header[0], int(header[2]))
    found: list[bytes | None] = [None] * len(wanted)
    if not small:
        return found
    status, out, _ = run(root, "cat-file", "--batch",
                         data=b"".join(name + b"\n" for name, _ in small.values()))
    if status != 0:
        return found
    at = 0
    for i, (_, size) in small.items():
        at = out.index(b"\n", at) + 1  # past the object's header line
        found[i] = out[at:at + size]
        at += size + 1
    return found


def fetch_neighbours(root: Path, offices: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Fetch each (office id, URL); for each office, git's error or ''."""
    return {office: fetch(root, office, url) for office, url in offices}
