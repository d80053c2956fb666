"""Git, through GitPython, in one place: what a branch changed since a base.

``changes_since`` answers ``bulletin check --changed-since REF``: the files
added, modified, renamed or deleted between the merge base of REF and HEAD
and the working tree (untracked files count as added). In a shallow CI clone
it fetches the base and deepens the history until the merge base is there,
and otherwise says exactly what is missing. ``file_at`` reads a file as the base
has it (the policy that judges a branch), ``commit_authors`` who wrote a branch.

A revision a user names (REF) is never taken by git as an option: :func:`check_ref`
refuses one that starts with ``-``, and every git call that takes it says where its
options end (``--end-of-options``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from ..changes import ChangeSet
from ..errors import UsageError

DEEPEN_STEPS = (50, 200, 1000)


def check_ref(ref: str, option: str = "--changed-since") -> str:
    """``ref`` when it can name a revision; else a :class:`UsageError`.

    A value given by a user never reaches git as an option: it may not start with
    ``-`` (and git is told where its options end, too), nor hold a control character.
    """
    if not ref or ref.startswith("-") or any(ord(c) < 32 or ord(c) == 127 for c in ref):
        raise UsageError(f"{option} {ref!r}: not a branch, tag or commit (a revision never "
                         "starts with '-' or holds control characters)")
    return ref


def changes_since(root: Path, ref: str) -> ChangeSet:
    """What changed since the merge base of ``ref`` and HEAD (working tree included)."""
    check_ref(ref)
    # the usual case in plain git; GitPython only when the base must be fetched or the
    # history deepened (or to say what is wrong)
    out = _git(root, "rev-parse", "--show-toplevel") if Path(root).is_dir() else None
    quick = _git(root, "merge-base", "--end-of-options", ref, "HEAD") if out else None
    if out and quick and len(quick.split()) == 1:
        top, base = Path(out.strip()).resolve(), quick.strip()
    else:
        import git

        try:
            repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise UsageError(f"--changed-since needs a git repository; {root} is not in one") \
                from None
        top = Path(repo.working_tree_dir or root).resolve()
        base = _merge_base(repo, ref)
    prefix = Path(root).resolve().relative_to(top).as_posix()
    found = _changes(top, prefix, base)
    if found is None:
        raise UsageError(f"--changed-since {ref}: git could not compare the working tree "
                         f"with {base}")
    _prefetch(Path(root), base)
    return found


# What git says of a commit never changes: the answers a pull request's check asks for
# next (the base's policy and trees) are asked for while it still imports the check
# (:func:`changes_since` runs beside those imports), and kept here for the process.
_KNOWN: dict[tuple[str, tuple[str, ...]], str | None] = {}


def _prefetch(root: Path, base: str) -> None:
    """Ask git what :func:`file_at` (the policy) and :func:`trees` will ask about
    ``base``, at once, and keep the answers."""
    from ..basics import POLICY_FILE

    commands = [_cat_file(base, POLICY_FILE), _ls_tree(base)]
    for args, out in zip(commands, _each(root, commands), strict=True):
        _KNOWN[str(root), args] = out


def _cat_file(commit: str, rel: str) -> tuple[str, ...]:
    return ("cat-file", "blob", f"{commit}:./{rel}")


def _ls_tree(commit: str) -> tuple[str, ...]:
    return ("ls-tree", "-z", commit, "--", *SNAPSHOT_FOLDERS)


def _each(root: Path, commands: list[tuple[str, ...]]) -> list[str | None]:
    """The output of each git command, run at the same time in ``root`` (None for one
    that fails)."""
    import subprocess

    running: list[subprocess.Popen[bytes] | None] = []
    for args in commands:
        try:
            running.append(subprocess.Popen(["git", *args], cwd=root, stdout=subprocess.PIPE,
                                            stderr=subprocess.DEVNULL))
        except OSError:
            running.append(None)
    outputs: list[str | None] = []
    for process in running:
        out = process.communicate()[0] if process is not None else b""
        ok = process is not None and process.returncode == 0
        outputs.append(out.decode("utf-8", "surrogateescape") if ok else None)
    return outputs


def worktree_changes(root: Path, commit: str = "HEAD") -> ChangeSet | None:
    """What the working tree changed since ``commit`` (default HEAD; None outside git,
    before the first commit, or when ``commit`` is not in this repository)."""
    if not commit or commit.startswith("-"):
        return None
    out = _git(root, "rev-parse", "--show-toplevel", "--show-prefix", "--verify", "--quiet",
               "--end-of-options", f"{commit}^{{commit}}")
    if out is None or len(out.split("\n")) < 3:
        return None
    top, prefix, commit = out.split("\n")[:3]
    return _changes(Path(top), prefix.rstrip("/"), commit)


# The files a branch changed are compared with the base by naming them to git when
# there are at most this many, in at most this many characters (a command line's room
# on every system); else git compares every file with the base.
NAMED_PATHS = 2000
NAMED_CHARS = 24_000


def _changes(top: Path, prefix: str, base: str) -> ChangeSet | None:
    """Files (relative to ``top/prefix``) added, modified, renamed or deleted since ``base``,
    committed or not; untracked files count as added.

    The same as ``git diff -M base`` against the working tree plus the untracked and the
    ignored files, at the cost of one look at the working tree, whatever its folders'
    shape: the committed trees are compared (``git diff base HEAD``, which never touches
    the working tree) while one ``git status`` looks at every file once (by its stat
    data, which it refreshes in the index when it can, so that the next look hashes
    nothing) and lists the untracked and ignored ones. Only the files either of them
    names are then compared with the base, working tree included.
    """
    outputs = _run_together(top, [
        ["diff", "--name-status", "-z", "-M", "--no-color", base, "HEAD", "--"],
        ["status", "--porcelain=v2", "-z", "--untracked-files=all", "--ignored=matching",
         "--no-renames"]])
    if outputs is None:
        return None
    committed, status = outputs
    tracked, untracked, ignored = _status(status)
    diff: str | None = committed
    if tracked:  # the working tree or the index differs from HEAD: ask about those files
        named = sorted(tracked | {path for _, paths in _name_status(committed)
                                  for path in paths})
        diff = None
        if len(named) <= NAMED_PATHS and sum(len(path) + 3 for path in named) <= NAMED_CHARS:
            diff = _git(top, "--literal-pathspecs", "diff", "--name-status", "-z", "-M",
                        "--no-color", base, "--", *named)
        if diff is None:  # too many to name (or git could not take them): every file
            diff = _git(top, "diff", "--name-status", "-z", "-M", "--no-color", base, "--")
    folders = [f if prefix in ("", ".") else f"{prefix}/{f}" for f in SNAPSHOT_FOLDERS]
    inside = [path for path in ignored if any(path.startswith(f"{f}/") for f in folders)]
    files = [path for path in inside if not path.endswith("/")]
    if len(files) < len(inside):  # whole folders are ignored: their files, one by one
        listed = _git(top, "--literal-pathspecs", "ls-files", "-z", "--others", "--ignored",
                      "--exclude-standard", "--full-name", "--",
                      *(path for path in inside if path.endswith("/")))
        if listed is None:
            return None
        files += listed.split("\0")
    if diff is None:
        return None
    return _change_set(base, prefix, diff, untracked, files)


def _status(out: str) -> tuple[set[str], list[str], list[str]]:
    """The paths ``git status --porcelain=v2 -z`` names: tracked files that differ from
    HEAD (in the index or the working tree; both paths of a rename), untracked ones,
    ignored ones (a folder as ``folder/``)."""
    tracked: set[str] = set()
    untracked: list[str] = []
    ignored: list[str] = []
    records = iter(out.split("\0"))
    for record in records:
        kind = record[:1]
        if kind == "?":
            untracked.append(record[2:])
        elif kind == "!":
            ignored.append(record[2:])
        elif kind in ("1", "2", "u"):
            # the path follows 8 (ordinary), 9 (renamed or copied) or 10 (unmerged) fields
            tracked.add(record.split(" ", {"1": 8, "2": 9, "u": 10}[kind])[-1])
            if kind == "2":
                tracked.add(next(records, ""))  # the path it was renamed or copied from
    tracked.discard("")
    return tracked, untracked, ignored


def _name_status(diff: str) -> Iterator[tuple[str, list[str]]]:
    """(status, paths) of each file ``git diff --name-status -z`` names (two paths for a
    rename or a copy)."""
    fields = iter(diff.split("\0"))
    for status in fields:
        if status:
            yield status, [next(fields, "") for _ in range(2 if status[0] in "RC" else 1)]


def _change_set(base: str, prefix: str, diff: str, untracked: list[str],
                ignored: list[str]) -> ChangeSet:
    """The ChangeSet of git's answers (paths relative to the git top)."""
    changes = ChangeSet(base)
    changes.ignored = {rel for rel in (_under(path, prefix) for path in ignored if path)
                       if rel}
    for status, names in _name_status(diff):
        paths = [_under(name, prefix) for name in names]
        if status.startswith("R") and len(paths) == 2:
            if paths[1] is not None:
                changes.renamed[paths[1]] = paths[0] or ""
        elif paths and paths[-1] is not None:
            {"A": changes.added, "D": changes.deleted}.get(status[0], changes.modified).add(
                paths[-1])
    for path in untracked:
        rel = _under(path, prefix) if path else None
        if rel is not None:
            changes.added.add(rel)
            changes.untracked.add(rel)
    return changes


def _run_together(top: Path, commands: list[list[str]]) -> list[str] | None:
    """The output of each git command, run at the same time in ``top`` (None if one fails)."""
    import subprocess

    try:
        running = [subprocess.Popen(["git", *args], cwd=top, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL) for args in commands]
    except OSError:
        return None
    outputs = [process.communicate()[0] for process in running]
    if any(process.returncode != 0 for process in running):
        return None
    return [out.decode("utf-8", "surrogateescape") for out in outputs]


def _under(path: str, prefix: str) -> str | None:
    """``path`` (relative to the git top) relative to the bulletin root, or None."""
    if prefix in ("", "."):
        return path
    return path[len(prefix) + 1:] if path.startswith(prefix + "/") else None


def _merge_base(repo: object, ref: str) -> str:
    import git

    assert isinstance(repo, git.Repo)
    if not _resolves(repo, ref):
        _fetch(repo, ref)
    if not _resolves(repo, ref):
        raise UsageError(f"--changed-since {ref}: no such branch, tag or commit here, and it "
                         "could not be fetched from 'origin'; in CI, fetch it first "
                         f"(git fetch origin {ref.removeprefix('origin/')})")
    shallow = Path(repo.git_dir, "shallow").exists()
    for depth in (0, *(DEEPEN_STEPS if shallow else ())):
        if depth:
            try:
                repo.git.fetch("--deepen", str(depth), "origin")
            except git.GitCommandError:
                break
        try:
            return str(repo.git.merge_base("--end-of-options", ref, "HEAD")).strip()
        except git.GitCommandError:
            continue
    if shallow:
        try:
            repo.git.fetch("--unshallow", "origin")
            return str(repo.git.merge_base("--end-of-options", ref, "HEAD")).strip()
        except git.GitCommandError:
            pass
    raise UsageError(f"--changed-since {ref}: {ref} and HEAD share no history here"
                     + (" (a shallow clone that could not be deepened: use fetch-depth: 0)"
                        if shallow else ""))


def _resolves(repo: object, ref: str) -> bool:
    import git

    assert isinstance(repo, git.Repo)
    try:
        repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
        return True
    except git.GitCommandError:
        return False


def _fetch(repo: object, ref: str) -> None:
    import git

    assert isinstance(repo, git.Repo)
    if "origin" not in [r.name for r in repo.remotes]:
        return
    name = ref.removeprefix("origin/")
    try:
        repo.git.fetch("--no-tags", "--end-of-options", "origin",
                       f"+refs/heads/{name}:refs/remotes/origin/{name}")
    except git.GitCommandError:
        with contextlib.suppress(git.GitCommandError):
            repo.git.fetch("--no-tags", "--end-of-options", "origin", name)


def published_at(root: Path, commit: str, cache_dir: Path | None = None) -> set[str]:
    """Ids of the items the edition manifests list at ``commit`` (published then).

    A commit never changes: with ``cache_dir`` (the repository's cache folder, outside
    it) the answer is kept there, by commit, with its checksum; a damaged one is
    made again.
    """
    import json

    stored = None if cache_dir is None else cache_dir / "published" / f"{commit}.json"
    if stored is not None:
        with contextlib.suppress(OSError, ValueError):
            kept = json.loads(stored.read_text("utf-8"))
            ids = kept["ids"] if isinstance(kept, dict) and kept.get("commit") == commit \
                else None
            if isinstance(ids, list) and all(isinstance(i, str) for i in ids) and \
                    kept.get("sha256") == _ids_sum(ids):
                return set(ids)
    import git  # here: the answer is usually kept, and GitPython takes a while to import

    from .. import safeyaml

    repo = git.Repo(root, search_parent_directories=True)
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = Path(root).resolve().relative_to(top).as_posix()
    folder = "bulletins" if prefix in ("", ".") else f"{prefix}/bulletins"
    try:
        listing = repo.git.ls_tree("-r", "-z", "--full-tree", commit, "--", folder)
    except git.GitCommandError:
        return set()
    blobs = []
    for entry in listing.split("\0"):
        meta, _, name = entry.partition("\t")
        if name.endswith((".yml", ".yaml")) and not name.endswith("responses.yml") and \
                meta.split()[1:2] == ["blob"]:
            blobs.append(meta.split()[2])
    published: set[str] = set()
    for text in _blobs(top, blobs):
        data = safeyaml.load(text).data
        sections = data.get("sections") if isinstance(data, dict) else None
        for section in sections if isinstance(sections, list) else []:
            items = section.get("items") if isinstance(section, dict) else None
            published.update(i for i in items or [] if isinstance(i, str))
    if stored is not None:
        from ..fsutil import write_atomic

        with contextlib.suppress(OSError):
            stored.parent.mkdir(parents=True, exist_ok=True)
            ids = sorted(published)
            write_atomic(stored, json.dumps({"commit": commit, "ids": ids,
                                             "sha256": _ids_sum(ids)}))
    return published


def _ids_sum(ids: list[str]) -> str:
    """The checksum kept with a list of published ids."""
    import hashlib

    return hashlib.sha256("\0".join(ids).encode("utf-8", "surrogatepass")).hexdigest()


def _blobs(top: Path, shas: list[str]) -> list[str]:
    """The text of each blob, read by one ``git cat-file --batch``."""
    import subprocess

    if not shas:
        return []
    out = subprocess.run(["git", "cat-file", "--batch"], cwd=top, check=False,
                         input="".join(f"{sha}\n" for sha in shas).encode(),
                         capture_output=True).stdout
    texts, at = [], 0
    for _ in shas:
        end = out.find(b"\n", at)
        header = out[at:end].split()
        if end < 0 or len(header) != 3:
            break
        size = int(header[2])
        texts.append(out[end + 1:end + 1 + size].decode("utf-8", "replace"))
        at = end + 1 + size + 1
    return texts


# --- what the check's cache needs to trust git ------------------------------------------
# Plain git commands (no GitPython to import): these run on every check.

SNAPSHOT_FOLDERS = ("items", "bulletins")


def _git(root: Path, *args: str) -> str | None:
    """The output of ``git args`` run in ``root``, or None when git fails or is missing."""
    import subprocess

    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False,
                             timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.decode("utf-8", "surrogateescape") if out.returncode == 0 else None


def _known(root: Path, args: tuple[str, ...]) -> str | None:
    """:func:`_git` with ``args``, or its answer kept by :func:`_prefetch`. (Only commands
    about a commit named by its id are kept: their answer never changes.)"""
    key = (str(root), args)
    return _KNOWN[key] if key in _KNOWN else _git(root, *args)


def head(root: Path) -> str:
    """The commit checked out at ``root`` ("" outside git or before the first commit)."""
    return (_git(root, "rev-parse", "--verify", "--quiet", "HEAD") or "").strip()


def trees(root: Path, commit: str) -> tuple[str, str] | None:
    """The tree ids of ``items/`` and ``bulletins/`` (below ``root``) at ``commit``.

    Equal tree ids mean equal files, down to the last byte.
    """
    out = _known(root, _ls_tree(commit))
    if out is None:
        return None
    found = {}
    for entry in out.split("\0"):
        meta, _, name = entry.partition("\t")
        if meta.split()[1:2] == ["tree"]:
            found[name] = meta.split()[2]
    return found.get(SNAPSHOT_FOLDERS[0], ""), found.get(SNAPSHOT_FOLDERS[1], "")


def snapshot(root: Path, shas: dict[str, str],
             listed: Callable[[str, bool], bool]) -> tuple[str, str] | None:
    """The trees of HEAD when the files ``listed`` in them are exactly ``shas`` (path →
    blob id of the bytes the check read; "*" for any file, "*link" for any link),
    else None."""
    out = _git(root, "ls-tree", "-r", "-z", "HEAD", "--", *SNAPSHOT_FOLDERS)
    if out is None:
        return None
    seen = 0
    for entry in out.split("\0"):
        meta, _, name = entry.partition("\t")
        fields = meta.split()
        if len(fields) != 3 or not listed(name, fields[0] == "120000"):
            continue
        want, link = shas.get(name), fields[0] == "120000"
        if want is None or (want == "*link") != link or want not in ("*", "*link", fields[2]):
            return None
        seen += 1
    return trees(root, "HEAD") if seen == len(shas) else None


def ignored(root: Path) -> set[str]:
    """Files under ``items/`` and ``bulletins/`` that git ignores (and so never reports)."""
    out = _git(root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--",
               *SNAPSHOT_FOLDERS)
    return {name for name in (out or "").split("\0") if name}


def file_at(root: Path, commit: str, rel: str) -> str | None:
    """The text of ``rel`` (relative to ``root``) as it is at ``commit``; None when the
    file is not there (or git cannot say)."""
    out = _known(root, _cat_file(commit, rel))
    if out is None:
        return None
    return out.encode("utf-8", "surrogateescape").decode("utf-8", "replace").removeprefix("\ufeff")


def commit_authors(root: Path, base: str) -> list[tuple[str, str]]:
    """(name, e-mail) of the author of every commit between ``base`` and HEAD, merges
    left out, each once, oldest first."""
    out = _git(root, "log", "--no-merges", "--reverse", "--format=%an%x1f%ae%x1e",
               "--end-of-options", f"{base}..HEAD")
    seen: dict[tuple[str, str], None] = {}
    for record in (out or "").split("\x1e"):
        name, sep, email = record.strip("\n").partition("\x1f")
        if sep:
            seen.setdefault((name.strip(), email.strip()), None)
    return list(seen)
