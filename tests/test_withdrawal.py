"""Corrections and withdrawal: shown on both items, listed by the edition, never lost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from bulletin.cli import main
from bulletin.site.build import build_site
from conftest import BulletinRepo, add_site_config

WITHDRAWN = {"date": "2026-11-21", "reason": "the telemetry was faulty"}


def repo_with_a_correction(r: BulletinRepo) -> None:
    add_site_config(r, search="none")
    r.item("levels", withdrawn=WITHDRAWN)
    r.item("silt", date=dt.date(2026, 11, 19), title="Silt blocks the Xishan intake",
           summary="Silt cut intake flow by 30 % on 18 November, so dredging is needed.",
           body="Flow fell by 30 % on 18 November.\n")
    r.edition(1, ["2026-11-18-levels", "2026-11-19-silt"], date="2026-11-20")
    r.item("silt-correction", date=dt.date(2026, 11, 22), corrects="2026-11-19-silt",
           title="Correction: intake flow fell by 20 %",
           summary="Flow fell by 20 %, not 30 %, so dredging can wait until December.",
           body="The gauge log shows a fall of 20 %, not 30 %.\n")


def test_withdrawn_item_keeps_its_page_with_the_notice(bulletin_repo: BulletinRepo,
                                                       tmp_path: Path) -> None:
    repo_with_a_correction(bulletin_repo)
    site = build_site(bulletin_repo.root, site_dir=tmp_path / "site", quiet=True)
    page = (site / "items/2026-11-18-levels/index.html").read_text()
    assert "Withdrawn on 2026-11-21:</strong> the telemetry was faulty" in page
    edition = (site / "editions/2026/001/index.html").read_text()
    assert "Withdrawn on 2026-11-21:</strong> the telemetry was faulty" in edition
    assert "Reservoir levels fall below the flood-season limit" in edition  # kept in place


def test_the_edition_lists_its_corrections(bulletin_repo: BulletinRepo, tmp_path: Path) -> None:
    repo_with_a_correction(bulletin_repo)
    site = build_site(bulletin_repo.root, site_dir=tmp_path / "site", quiet=True)
    edition = (site / "editions/2026/001/index.html").read_text()
    assert '<section class="bl-corrections"><h2>Corrections</h2>' in edition
    assert ('<a href="#2026-11-19-silt">Silt blocks the Xishan intake</a> — Corrected by '
            '<a href="../../../items/2026-11-22-silt-correction/">Correction: intake flow fell '
            "by 20 %</a>") in edition
    original = (site / "items/2026-11-19-silt/index.html").read_text()
    fix = (site / "items/2026-11-22-silt-correction/index.html").read_text()
    assert "Corrected by</strong>" in original and "This item corrects</strong>" in fix


def test_withdrawn_items_are_not_proposed_for_an_edition(bulletin_repo: BulletinRepo) -> None:
    bulletin_repo.item("levels", withdrawn=WITHDRAWN)
    bulletin_repo.git("add", "-A")
    bulletin_repo.git("commit", "-q", "-m", "a withdrawn item")  # --auto reads the history
    result = CliRunner().invoke(main, ["edition", "new", "--repo", str(bulletin_repo.root),
                                       "--auto", "--date", "2026-11-22"])
    assert result.exit_code == 2
    assert "no item in the pool" in result.stderr


def test_a_withdrawal_needs_a_reason(bulletin_repo: BulletinRepo) -> None:
    rel = bulletin_repo.item("levels", withdrawn={"date": "2026-11-21"})
    found = [(d.path, d.code, d.message) for d in bulletin_repo.diagnostics()]
    assert (rel, "S008", "'withdrawn.reason' is missing") in found
