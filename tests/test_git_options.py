"""A value a user gives never reaches git as an option (issue 16, finding 11).

``--changed-since '--upload-pack=touch FILE'`` made ``git fetch`` run a command; each
attempt here names a file the attack would create, and checks it was not."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.errors import UsageError
from bulletin.git import history, timeline
from conftest import BulletinRepo


@pytest.fixture
def cloned(bulletin_repo: BulletinRepo, tmp_path: Path) -> BulletinRepo:
    """A clone with an 'origin' (so that the check would fetch a ref it lacks)."""
    bulletin_repo.item()
    bulletin_repo.git("add", "-A")
    bulletin_repo.git("commit", "-qm", "main")
    clone = BulletinRepo(tmp_path / "clone")
    bulletin_repo.git("clone", "-q", str(bulletin_repo.root), str(clone.root))
    return clone


def attacks(marker: Path) -> list[str]:
    return [f"--upload-pack=touch {marker}", f"--upload-pack=sh -c 'touch {marker}'",
            f"--output={marker}", f"-o{marker}", f"--exec=touch {marker}", "-", "--",
            "main\n--upload-pack=touch x"]


def test_changed_since_never_passes_an_option_to_git(cloned: BulletinRepo,
                                                     tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for attack in attacks(marker):
        result = CliRunner().invoke(main, ["check", "--repo", str(cloned.root),
                                           f"--changed-since={attack}"])
        assert result.exit_code == 2, (attack, result.output)
        assert result.stderr.startswith("bulletin: error: --changed-since")
        assert "Traceback" not in result.output
        assert not marker.exists(), attack


def test_score_ref_never_passes_an_option_to_git(cloned: BulletinRepo, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for attack in attacks(marker):
        result = CliRunner().invoke(main, ["score", "--repo", str(cloned.root),
                                           f"--ref={attack}"])
        assert result.exit_code == 2, (attack, result.output)
        assert not marker.exists(), attack


def test_git_is_told_where_its_options_end(cloned: BulletinRepo, tmp_path: Path) -> None:
    """Below the validation, each git call that takes the value ends its options: even
    called directly, the fetch and the merge base run nothing."""
    import git

    marker = tmp_path / "pwned"
    repo = git.Repo(cloned.root)
    history._fetch(repo, f"--upload-pack=touch {marker}")
    assert not history._resolves(repo, f"--output={marker}")
    with pytest.raises(UsageError):
        history._merge_base(repo, f"--output={marker}")
    assert not marker.exists()


def test_ordinary_revisions_still_work(cloned: BulletinRepo) -> None:
    for ref in ("main", "origin/main", "HEAD", "HEAD~0", "main@{0}"):
        assert history.check_ref(ref) == ref
        assert history.changes_since(cloned.root, ref).present == set()
    assert timeline.read_timeline(cloned.root, "origin/main").arrived
    with pytest.raises(UsageError, match="--ref"):
        timeline.read_timeline(cloned.root, "--all")
