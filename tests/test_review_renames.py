"""Published items renamed, moved, or deleted and filed again (issue 16, finding 3), and
what a pull request breaks in files it did not touch, on real branches.

main (the ``base`` fixture): a water item, a published health item (edition 1), a health
item in the pool."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bulletin.check.engine import check_repository
from conftest import TODAY, BulletinRepo
from test_review_base import codes, g_found, report
from test_rules_review import PUBLISHED, WATER, commit, edit
from test_rules_review import base as base  # the fixture: main, and a branch

EDITION = "bulletins/2026/001.yml"
PUBLISHED_ID = "2026-11-18-clinic-queues"
REWRITTEN = ("Waiting times at the two fever clinics of the district hospital rose to "
             "three hours on the evening of 17 November, and forty nurses are needed.\n")


def rewrite(repo: BulletinRepo, rel: str) -> None:
    """Replace the body of ``rel`` with other words (git no longer sees a rename)."""
    path = repo.root / rel
    head, _, _ = path.read_text().partition("\n---\n")
    path.write_text(head + "\n---\n\n" + REWRITTEN + "More text. " * 40 + "\n")


def test_a_published_item_renamed_is_deleted(base: BulletinRepo) -> None:
    renamed = "items/health/2026/2026-11-18-clinic-queues-fall.md"
    base.git("mv", PUBLISHED, renamed)
    commit(base)
    code, found = g_found(base.root, "--author", "li.na")  # editors too
    assert code == 1
    assert codes(found) == {("G004", renamed)}
    assert f"'{PUBLISHED_ID}' was published and may not be renamed" in found[0][2]


def test_renamed_and_rewritten_is_a_deletion(base: BulletinRepo) -> None:
    renamed = "items/health/2026/2026-11-18-hospital-waits.md"
    base.git("mv", PUBLISHED, renamed)
    rewrite(base, renamed)
    commit(base)
    code, found = g_found(base.root, "--author", "wang.wu")
    assert code == 1 and ("G004", PUBLISHED) in codes(found)


def test_deleted_and_filed_again_under_another_name(base: BulletinRepo) -> None:
    text = (base.root / PUBLISHED).read_text()
    base.git("rm", "-q", PUBLISHED)
    commit(base)
    again = "items/health/2026/2026-11-18-clinic-queue-times.md"
    base.write(again, text.replace("three hours", "four hours"))
    commit(base)
    code, found = g_found(base.root, "--author", "wang.wu")
    assert code == 1
    assert "G004" in {c for c, _ in codes(found)}


@pytest.mark.parametrize("rewritten", [False, True])
def test_a_published_item_moved_keeps_its_id_but_needs_a_correction(
        base: BulletinRepo, rewritten: bool) -> None:
    """Another folder, the same file name: a move (git sees a rename) or, rewritten, a
    deletion and an addition of the same id; either way an edit of the published item."""
    moved = "items/health/2027/2026-11-18-clinic-queues.md"
    text = (base.root / PUBLISHED).read_text()
    base.git("rm", "-q", PUBLISHED)
    base.write(moved, text)
    if rewritten:
        rewrite(base, moved)
    commit(base)
    _, found = g_found(base.root, "--author", "li.na")
    assert codes(found) == {("G003", moved)}
    assert f"(moved from {PUBLISHED})" in found[0][2]
    path = base.root / moved
    path.write_text(path.read_text() + "\n## Correction\n\nFiled under 2027 by mistake.\n")
    commit(base)
    assert g_found(base.root, "--author", "li.na")[1] == []


def test_the_edition_that_lists_a_deleted_item_is_reported(base: BulletinRepo) -> None:
    """The edition is untouched, yet its reference now dangles: the pull request's check
    says so there, with none of the edition's older problems."""
    base.git("checkout", "-q", "main")
    edition = base.root / EDITION
    edition.write_text(edition.read_text() + "  - title: Empty\n    items: []\n")  # E010
    commit(base)
    base.git("checkout", "-qb", "removal")
    base.git("rm", "-q", PUBLISHED)
    commit(base)
    code, diagnostics = report(base.root, "--author", "li.na")
    found = {(d["path"], d["code"]) for d in diagnostics}
    assert code == 1
    assert {(PUBLISHED, "G004"), (EDITION, "E001")} <= found
    assert (EDITION, "E010") not in found  # main's own problem, not this change's
    full = check_repository(base.root, today=TODAY)
    assert (EDITION, "E010") in {(d.path, d.code) for d in full.diagnostics}


def test_an_edition_that_lists_a_changed_item_is_reported(base: BulletinRepo) -> None:
    """A published item raised above the edition's audience (with a correction, so no
    G003): the untouched edition now carries a restricted item."""
    edit(base, PUBLISHED, 'classification: "internal"', 'classification: "restricted"')
    path = base.root / PUBLISHED
    path.write_text(path.read_text() + "\n## Correction\n\nThe figures are restricted.\n")
    commit(base)
    code, diagnostics = report(base.root, "--author", "wang.wu")
    assert code == 1
    assert (EDITION, "E003") in {(d["path"], d["code"]) for d in diagnostics}


def test_a_duplicate_id_is_reported_on_the_untouched_item_too(base: BulletinRepo) -> None:
    clash = base.item("reservoir-levels-fall", path="items/water/2027/2026-11-18-"
                      "reservoir-levels-fall.md", date=dt.date(2026, 11, 18))
    commit(base)
    _, diagnostics = report(base.root, "--author", "zhang.san")
    assert {(clash, "S012"), (WATER, "S012")} <= {(d["path"], d["code"]) for d in diagnostics}


def test_a_correction_of_a_deleted_item_is_reported(base: BulletinRepo) -> None:
    base.git("checkout", "-q", "main")
    fixer = base.item("pool-correction", unit="health", date=dt.date(2026, 11, 20),
                      corrects="2026-11-19-vaccine-stock",
                      title="Correction: Nanhu has 1,100 doses",
                      summary="Nanhu has 1,100 doses, not 1,200, so 4 days remain.",
                      body="Nanhu holds 1,100 doses; 240 are used a day.\n")
    commit(base)
    base.git("checkout", "-qb", "removal")
    base.git("rm", "-q", "items/health/2026/2026-11-19-vaccine-stock.md")
    commit(base)
    _, diagnostics = report(base.root, "--author", "wang.wu")
    assert (fixer, "S022") in {(d["path"], d["code"]) for d in diagnostics}


def test_with_mains_cache_the_same_is_found(base: BulletinRepo, tmp_path: Path) -> None:
    """The focused check (main's cache, records read on demand) finds what the change
    broke elsewhere just as the uncached one does."""
    base.git("checkout", "-q", "main")
    check_repository(base.root, today=TODAY)  # main's cache
    base.git("checkout", "-q", "change")
    base.git("rm", "-q", PUBLISHED)
    commit(base)
    cached = report(base.root, "--author", "li.na")
    uncached = report(base.root, "--author", "li.na", "--no-cache")
    assert cached == uncached
    assert (EDITION, "E001") in {(d["path"], d["code"]) for d in cached[1]}
