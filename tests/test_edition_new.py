"""bulletin edition new: the next manifest, and --auto's proposal from the pool."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from bulletin.cli import main
from conftest import BulletinRepo


def new(repo: BulletinRepo, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["edition", "new", "--repo", str(repo.root), *args])
    return result.exit_code, result.stdout, result.stderr


def ids_in(repo: BulletinRepo, rel: str) -> list[str]:
    text = (repo.root / rel).read_text()
    return [line.strip()[2:] for line in text.splitlines() if line.startswith("      - ")]


def fill_pool(repo: BulletinRepo) -> None:
    repo.item("published")
    repo.edition(1, ["2026-11-18-published"], date="2026-11-19")
    repo.item("routine-one", date=dt.date(2026, 11, 20), title="Bus lanes open",
              summary="Bus lanes opened on 19 November, cutting trips by 6 minutes.",
              body="Lanes cover 4 km; trips are 6 minutes shorter.\n")
    repo.item("urgent-one", date=dt.date(2026, 11, 21), category="emergency", priority="urgent",
              title="Water main bursts on Jianshe Road", sources=["Duty log"],
              summary="3,000 households lost water at 21:30, so tankers are on the way.",
              body="## What happened\n\nA main burst.\n\n## Response\n\nTankers sent.\n")
    repo.item("secret-one", date=dt.date(2026, 11, 21), classification="restricted",
              title="Restricted item", summary="Restricted, so not for internal editions.")
    repo.item("embargoed", date=dt.date(2026, 11, 21), embargo="2026-11-25T09:00:00+08:00",
              title="Retail sales", summary="Sales rose 4 %, so the target is in reach.")
    repo.item("future", date=dt.date(2026, 11, 23), title="Later item",
              summary="Filed after the edition date, so it waits.")
    commit(repo)


def commit(repo: BulletinRepo, message: str = "items") -> None:
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", message)


def test_auto_proposes_the_pool_best_first(bulletin_repo: BulletinRepo) -> None:
    fill_pool(bulletin_repo)
    code, out, err = new(bulletin_repo, "--auto", "--date", "2026-11-22")
    assert code == 0, err
    rel = out.strip()
    assert rel.endswith("bulletins/2026/002.yml")
    assert ids_in(bulletin_repo, rel) == ["2026-11-21-urgent-one", "2026-11-20-routine-one"]
    text = (bulletin_repo.root / rel).read_text()
    assert 'title: "Emergency"' in text and "editor: \"li.na\"" in text
    assert "Proposed 2 items in 2 section(s)" in err
    # the proposal passes the check as it stands
    assert [d for d in bulletin_repo.check(dt.date(2026, 11, 28)).diagnostics
            if d.path == rel] == []


def test_embargo_passes_by_the_edition_date(bulletin_repo: BulletinRepo) -> None:
    fill_pool(bulletin_repo)
    code, out, _ = new(bulletin_repo, "--auto", "--date", "2026-11-25")
    assert code == 0
    assert "2026-11-21-embargoed" in ids_in(bulletin_repo, out.strip())


def test_a_restricted_edition_may_carry_restricted_items(bulletin_repo: BulletinRepo) -> None:
    fill_pool(bulletin_repo)
    code, out, _ = new(bulletin_repo, "--auto", "--date", "2026-11-22", "--audience",
                       "restricted")
    assert code == 0
    assert "2026-11-21-secret-one" in ids_in(bulletin_repo, out.strip())


def test_flash_carries_urgent_items_only(bulletin_repo: BulletinRepo) -> None:
    fill_pool(bulletin_repo)
    code, out, _ = new(bulletin_repo, "--auto", "--type", "flash", "--date", "2026-11-21")
    assert code == 0
    assert ids_in(bulletin_repo, out.strip()) == ["2026-11-21-urgent-one"]
    assert "type: flash" in (bulletin_repo.root / out.strip()).read_text()


def test_size_caps_the_proposal(bulletin_repo: BulletinRepo) -> None:
    fill_pool(bulletin_repo)
    code, out, _ = new(bulletin_repo, "--auto", "--date", "2026-11-22", "--size", "1")
    assert code == 0
    assert ids_in(bulletin_repo, out.strip()) == ["2026-11-21-urgent-one"]


def test_numbering_starts_again_each_year(bulletin_repo: BulletinRepo) -> None:
    fill_pool(bulletin_repo)
    code, out, _ = new(bulletin_repo, "--date", "2027-01-04")
    assert code == 0 and out.strip().endswith("bulletins/2027/001.yml")
    text = (bulletin_repo.root / "bulletins/2027/001.yml").read_text()
    assert text.startswith("number: 1\ndate: 2027-01-04\ntype: regular\n")


def test_an_empty_pool_is_a_clear_error(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item("published")
    bulletin_repo.edition(1, ["2026-11-18-published"], date="2026-11-19")
    commit(bulletin_repo)
    code, out, err = new(bulletin_repo, "--auto", "--date", "2026-11-22")
    assert (code, out) == (2, "")
    assert "no item in the pool can go into a regular edition" in err


def test_auto_proposes_only_committed_items_that_pass_the_check(
        bulletin_repo: BulletinRepo) -> None:
    """An item not yet on the branch's history, and one the check finds an error in
    (sources its category requires are missing), are left out, and --auto says why."""
    fill_pool(bulletin_repo)
    bulletin_repo.item("broken", date=dt.date(2026, 11, 21), category="problem",
                       priority="urgent", title="Bridge bearings worn",
                       summary="Bearings are worn, so the bridge needs repair.",
                       body="## Problem\n\nWorn.\n\n## Causes\n\nAge.\n\n## Suggestions\n\n"
                            "Repair.\n")
    commit(bulletin_repo, "a broken item")
    bulletin_repo.item("draft", date=dt.date(2026, 11, 21), priority="urgent",
                       title="Draft not committed", summary="A draft, so it waits.")
    code, out, err = new(bulletin_repo, "--auto", "--date", "2026-11-22")
    assert code == 0, err
    assert ids_in(bulletin_repo, out.strip()) == ["2026-11-21-urgent-one",
                                                  "2026-11-20-routine-one"]
    assert "Not proposed (has check errors): 2026-11-21-broken" in err
    assert "Not proposed (not committed on this branch): 2026-11-21-draft" in err


def test_auto_without_history_says_what_it_needs(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item("routine-one", date=dt.date(2026, 11, 20))
    code, out, err = new(bulletin_repo, "--auto", "--date", "2026-11-22")
    assert (code, out) == (2, "")
    assert "no git history yet: 'git init', commit, then try again" in err
