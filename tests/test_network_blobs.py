"""Reading a neighbour's files from fetched history: a huge file is left out unread."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bulletin.git.network import MAX_BLOB, read_blobs
from conftest import GIT_ENV


def test_files_over_the_limit_are_none_and_the_rest_keep_their_order(tmp_path: Path) -> None:
    env = {**os.environ, **GIT_ENV}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    (tmp_path / "big.yml").write_bytes(b"x" * (MAX_BLOB + 1))
    (tmp_path / "edge.yml").write_bytes(b"y" * MAX_BLOB)
    (tmp_path / "small.yml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "f.md").write_text("f\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-qm", "files"], check=True, env=env)
    got = read_blobs(tmp_path, ["HEAD:big.yml", "HEAD:small.yml", "HEAD:missing.yml",
                                "HEAD:folder", "HEAD:edge.yml", "HEAD:small.yml"])
    assert got[0] is None and got[2] is None and got[3] is None
    assert got[1] == got[5] == b"a: 1\n"
    assert got[4] == b"y" * MAX_BLOB
    assert read_blobs(tmp_path, []) == []
