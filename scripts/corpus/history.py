"""The git history: one dated commit a day, authored by a member of a filing unit and
committed by an editor, through one ``git fast-import`` process."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import IO

from .model import Edition, Files, ItemRecord, Person, State
from .text import capitalise

TZ = dt.timezone(dt.timedelta(hours=8))


class GitStream:
    """A ``git fast-import`` process fed one commit per day."""

    def __init__(self, out: Path) -> None:
        # Nothing from the user's git setup: no config files, no GIT_DIR and the like.
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
        self.out, self.env = out, env
        subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True, env=env)
        self.proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=out,
                                     stdin=subprocess.PIPE, env=env)
        assert self.proc.stdin is not None
        self.stdin: IO[bytes] = self.proc.stdin
        self.commits = 0

    def commit(self, day: dt.date, author: Person, committer: Person, message: str,
               files: Files) -> None:
        # Authored in the afternoon, merged by an editor a little later; Beijing time.
        stamp = int(dt.datetime(day.year, day.month, day.day, 15, tzinfo=TZ).timestamp())
        stamp += (day.toordinal() * 7919) % 7200
        msg = message.encode()
        chunks = [
            b"commit refs/heads/main\n",
            f"author {author.en} <{author.login}@qinghe.example.org> {stamp} +0800\n".encode(),
            f"committer {committer.en} <{committer.login}@qinghe.example.org> {stamp + 1800} "
            "+0800\n".encode(),
            b"data %d\n%s\n" % (len(msg), msg),
        ]
        for path, data in files:
            chunks.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        try:
            self.stdin.write(b"".join(chunks))
        except BrokenPipeError:
            raise SystemExit("make_corpus: git fast-import stopped early") from None
        self.commits += 1

    def close(self) -> None:
        self.stdin.write(b"done\n")
        self.stdin.close()
        if self.proc.wait() != 0:
            raise SystemExit("make_corpus: git fast-import failed")
        if self.commits:
            # Fill the index from HEAD so that `git status` shows a clean tree.
            subprocess.run(["git", "reset", "-q"], cwd=self.out, check=True, env=self.env)


def commit_day(stream: GitStream, state: State, day: dt.date, records: list[ItemRecord],
               editions: list[Edition], n_responses: int, files: Files) -> None:
    editors = state.policy.editors
    committer = editors[day.toordinal() % len(editors)]
    if records:
        unit = records[day.toordinal() % len(records)].unit
        author = unit.members[day.toordinal() % len(unit.members)]
    else:
        author = committer
    parts = [f"Add {len(records)} item{'s' * (len(records) != 1)}"] if records else []
    parts += [f"publish {e.kind} edition {e.date.year}-{e.number:03d}" for e in editions]
    if n_responses:
        parts.append(f"record {n_responses} leader response{'s' * (n_responses != 1)}")
    message = capitalise("; ".join(parts) or "Update") + f" ({day.isoformat()})"
    stream.commit(day, author, committer, message, files)
