"""G — review rules on real branches: who may touch what, published items kept."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import CI_AUTHOR_VARIABLES, BulletinRepo

PUBLISHED = "items/health/2026/2026-11-18-clinic-queues.md"
WATER = "items/water/2026/2026-11-18-reservoir-levels-fall.md"
POOL = "items/health/2026/2026-11-19-vaccine-stock.md"


@pytest.fixture
def base(bulletin_repo: BulletinRepo) -> BulletinRepo:
    """main: a water item, a published health item, a health item in the pool."""
    r = bulletin_repo
    r.item()
    r.item("clinic-queues", unit="health", title="Fever clinic queues reach three hours",
           summary="Queues at 2 fever clinics reached 3 hours, so 40 more staff are needed.",
           body="Queues at 2 clinics reached 3 hours on 17 November; 40 staff are needed.\n")
    r.item("vaccine-stock", unit="health", date=dt.date(2026, 11, 19),
           title="Flu vaccine stock runs low in Nanhu",
           summary="Nanhu has 1,200 doses left, so clinics will run out within 5 days.",
           body="Nanhu clinics hold 1,200 doses; 240 are used a day, so 5 days remain.\n")
    r.edition(1, ["2026-11-18-clinic-queues"], date="2026-11-20")
    r.git("add", "-A")
    r.git("commit", "-qm", "main")
    r.git("checkout", "-qb", "change")
    return r


def commit(repo: BulletinRepo) -> None:
    repo.git("add", "-A")
    repo.git("commit", "-qm", "change")


# the CI variables that name an author, cleared unless a test sets them
CI_VARIABLES = CI_AUTHOR_VARIABLES


def g_codes(repo: BulletinRepo, *args: str, env: dict[str, str] | None = None
            ) -> tuple[int, list[tuple[str, str]]]:
    clean: dict[str, str | None] = {name: None for name in CI_VARIABLES}
    result = CliRunner(env={**clean, **(env or {})}).invoke(
        main, ["check", "--repo", str(repo.root), "--format", "json", "--changed-since", "main",
               *args])
    report = json.loads(result.stdout)
    return result.exit_code, [(d["code"], d["path"]) for d in report["diagnostics"]
                              if d["code"][0] == "G"]


def edit(repo: BulletinRepo, rel: str, old: str, new: str) -> None:
    path = repo.root / rel
    path.write_text(path.read_text().replace(old, new))


def test_staff_may_not_edit_another_units_item(base: BulletinRepo) -> None:
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit(base)
    code, found = g_codes(base, "--author", "zhang.san")
    assert (code, found) == (1, [("G001", POOL)])
    assert g_codes(base, "--author", "li.na") == (0, [])
    assert g_codes(base, "--author", "wang.wu") == (0, [])  # the health commission's own


def test_only_editors_change_editions(base: BulletinRepo) -> None:
    edition = base.edition(2, ["2026-11-19-vaccine-stock"], date="2026-11-21")
    commit(base)
    assert g_codes(base, "--author", "wang.wu") == (1, [("G002", edition)])
    assert g_codes(base, "--author", "li.na") == (0, [])


def test_only_editors_change_the_assessment_ledger(base: BulletinRepo) -> None:
    base.write("assessment/ledger.yml", "[]\n")
    commit(base)
    assert g_codes(base, "--author", "wang.wu") == (1, [("G002", "assessment/ledger.yml")])
    assert g_codes(base, "--author", "li.na") == (0, [])


def test_a_published_item_needs_a_correction(base: BulletinRepo) -> None:
    edit(base, PUBLISHED, "reached 3 hours on", "reached 4 hours on")
    commit(base)
    assert g_codes(base, "--author", "li.na") == (1, [("G003", PUBLISHED)])
    path = base.root / PUBLISHED
    path.write_text(path.read_text() + "\n## Correction\n\nThe peak was 4 hours, not 3 "
                                       "(clinic log, 19 November).\n")
    commit(base)
    assert g_codes(base, "--author", "wang.wu") == (0, [])


def test_a_correcting_item_allows_the_edit(base: BulletinRepo) -> None:
    edit(base, PUBLISHED, "reached 3 hours on", "reached 4 hours on")
    base.item("clinic-queues-correction", unit="health", date=dt.date(2026, 11, 21),
              corrects="2026-11-18-clinic-queues", title="Correction: queues peaked at 4 hours",
              summary="Queues at 2 clinics peaked at 4 hours, not 3, so 50 staff are needed.",
              body="The clinic log shows queues of 4 hours at 2 clinics; 50 staff are needed.\n")
    commit(base)
    assert g_codes(base, "--author", "wang.wu") == (0, [])


def test_nobody_deletes_a_published_item(base: BulletinRepo) -> None:
    base.git("rm", "-q", PUBLISHED)
    commit(base)
    code, found = g_codes(base, "--author", "li.na")
    assert ("G004", PUBLISHED) in found and code == 1


def test_a_new_item_under_another_units_name(base: BulletinRepo) -> None:
    rel = base.item("pump-failure", unit="health", path="items/water/2026/2026-11-20-pump.md",
                    date=dt.date(2026, 11, 20), title="Pumps fail at the Nanhu station",
                    summary="3 of 12 pumps failed, so supply falls to 60 % in dry weather.",
                    body="3 of the 12 pumps failed on 19 November; supply is at 60 %.\n")
    commit(base)
    code, found = g_codes(base, "--author", "zhang.san")
    assert ("G005", rel) in found and code == 1


def test_an_unknown_author_is_reported(base: BulletinRepo) -> None:
    edit(base, WATER, "Telemetry", "Gauges")
    commit(base)
    code, found = g_codes(base, "--author", "stranger")
    assert code == 1
    assert ("G006", "bulletin.yml") in found
    assert ("G001", WATER) in found


def test_the_author_comes_from_the_ci_event(base: BulletinRepo, tmp_path: Path) -> None:
    edit(base, POOL, "1,200 doses left", "1,100 doses left")
    commit(base)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"user": {"login": "zhang.san"}}}))
    assert g_codes(base, env={"GITHUB_EVENT_PATH": str(event)}) == (1, [("G001", POOL)])
    event.write_text(json.dumps({"pull_request": {"user": {"login": "wang.wu"}}}))
    assert g_codes(base, env={"GITHUB_EVENT_PATH": str(event)}) == (0, [])


def test_without_a_change_there_is_nothing_to_judge(base: BulletinRepo) -> None:
    result = CliRunner().invoke(main, ["check", "--repo", str(base.root), "--author", "x"])
    assert result.exit_code == 2
    assert "--author needs --changed-since" in result.stderr
