"""Golden reports for a fixture repository: tests/golden/repo → tests/golden/*.

Regenerate on purpose with ``BULLETIN_UPDATE_GOLDEN=1 scripts/test tests/test_golden.py``
and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bulletin.check.engine import check_repository
from bulletin.report import render_json, render_text
from conftest import TODAY

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def fixture_repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(GOLDEN / "repo", target)
    return target


def _source(root: Path):  # type: ignore[no-untyped-def]
    def read(rel: str) -> list[str] | None:
        path = root / rel
        return path.read_text("utf-8").split("\n") if path.is_file() else None
    return read


@pytest.mark.parametrize(("name", "render"), [
    ("check.json", lambda result, root: render_json(result)),
    ("check.txt", lambda result, root: render_text(result, _source(root))),
])
def test_report_matches_golden(fixture_repo: Path, name: str, render) -> None:  # type: ignore[no-untyped-def]
    result = check_repository(fixture_repo, today=TODAY)
    actual = render(result, fixture_repo)
    golden = GOLDEN / name
    if os.environ.get("BULLETIN_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")
