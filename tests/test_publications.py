"""Several publications per office: `publications:` in bulletin.yml, editions at
`bulletins/<publication>/<YYYY>/<NNN>.yml` numbered on their own, an item once per
publication (adoption by several adds up), and what the check, `edition new`, the site,
its feeds and the exports make of them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import POLICY, BulletinRepo, add_site_config

PUBLICATIONS = """\
publications:
  daily: {name: Daily Report, frequency: daily, types: [regular, flash]}
  proposals: {name: Proposals, frequency: weekly, types: [regular], audience: internal}
  special: {name: Special Reports, numbering: running, types: [special]}
"""


def edition(repo: BulletinRepo, rel: str, number: int, items: list[str],
            date: str = "2026-11-20", **fields: str) -> str:
    values = {"number": str(number), "date": date, "type": "regular", "audience": "internal",
              "editor": "li.na", **fields}
    lines = [f"{k}: {v}" for k, v in values.items()]
    lines += ["sections:", "  - title: Situation", "    items:"] + [f"      - {i}" for i in items]
    repo.write(rel, "\n".join(lines) + "\n")
    return rel


@pytest.fixture
def office(bulletin_repo: BulletinRepo) -> BulletinRepo:
    """Two items; the first in the daily and in proposals (adoption adds up)."""
    repo = bulletin_repo
    repo.write("bulletin.yml", POLICY + PUBLICATIONS)
    repo.item("reservoir")
    repo.item("clinic", unit="health", title="Clinic queues grow",
              summary="Queues at the fever clinic doubled, so staff are short.",
              body="Queues at the Dongcheng fever clinic doubled in a week.\n")
    edition(repo, "bulletins/daily/2026/001.yml", 1, ["2026-11-18-reservoir"])
    edition(repo, "bulletins/proposals/2026/001.yml", 1, ["2026-11-18-reservoir"],
            date="2026-11-21")
    return repo


def codes(repo: BulletinRepo) -> list[tuple[str, str, str]]:
    return [(d.path, d.code, d.message) for d in repo.check().diagnostics
            if d.code[0] in "SE"]


def test_an_item_once_per_publication(office: BulletinRepo) -> None:
    assert codes(office) == []
    edition(office, "bulletins/daily/2026/002.yml", 2, ["2026-11-18-reservoir"],
            date="2026-11-22")
    assert codes(office) == [("bulletins/daily/2026/002.yml", "E002",
                              "'2026-11-18-reservoir' is already published in edition "
                              "daily/2026-001 (once per publication)")]


def test_publication_folders_are_checked(office: BulletinRepo) -> None:
    edition(office, "bulletins/dialy/2026/002.yml", 2, ["2026-11-18-clinic"])
    assert ("bulletins/dialy/2026/002.yml", "S026", "'dialy' is not a publication of this "
            "bulletin (did you mean 'daily'?)") in codes(office)
    office.write("bulletin.yml", POLICY)  # no publications: no folder is one
    assert ("bulletins/daily/2026/001.yml", "S026", "'daily' is not a publication of this "
            "bulletin; declare it under publications: in bulletin.yml") in codes(office)


def test_numbers_run_per_publication(office: BulletinRepo) -> None:
    """The first publication's editions may stay at bulletins/<YYYY>/: a number there
    and in its folder clash; a running series clashes across years and has its gaps
    over years; the daily's gap is named with the publication."""
    edition(office, "bulletins/2026/001.yml", 1, ["2026-11-18-clinic"])
    edition(office, "bulletins/daily/2026/003.yml", 3, ["2026-11-18-clinic"],
            date="2026-11-23")
    edition(office, "bulletins/special/2025/001.yml", 1, ["2026-11-18-clinic"],
            date="2026-11-24", type="special")
    edition(office, "bulletins/special/2026/001.yml", 1, ["2026-11-18-reservoir"],
            date="2026-11-25", type="special")
    edition(office, "bulletins/special/2026/003.yml", 3, ["2026-11-18-reservoir"],
            date="2026-11-26", type="special")
    found = codes(office)
    assert ("bulletins/daily/2026/001.yml", "E013", "No. 1 is also bulletins/2026/001.yml") \
        in found
    assert ("bulletins/special/2026/001.yml", "E013",
            "No. 1 is also bulletins/special/2025/001.yml") in found
    assert ("bulletins/daily/2026/003.yml", "E005", "Daily Report 2026 has no edition No. 2") \
        in found
    assert ("bulletins/special/2026/003.yml", "E005", "Special Reports has no edition No. 2") \
        in found
    assert not any(path.startswith("bulletins/proposals/") for path, _, _ in found)


def test_what_a_publication_allows(office: BulletinRepo) -> None:
    edition(office, "bulletins/proposals/2026/002.yml", 2, ["2026-11-18-clinic"],
            date="2026-11-22", type="flash", audience="restricted")
    found = [(c, m) for p, c, m in codes(office) if c == "E014"]
    assert found == [("E014", "'Proposals' has no flash editions (its types: regular)"),
                     ("E014", "audience 'restricted' is above 'Proposals''s readers "
                              "('internal')")]


def _new(repo: BulletinRepo, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["edition", "new", "--repo", str(repo.root), *args])
    return result.exit_code, result.stdout.strip(), result.stderr


def test_edition_new_knows_publications(office: BulletinRepo) -> None:
    office.git("add", "-A")
    office.git("commit", "-q", "-m", "office")
    code, out, err = _new(office, "--date", "2026-11-25", "--publication", "proposals",
                          "--auto")
    assert code == 0, err
    assert out.endswith("bulletins/proposals/2026/002.yml")
    # the reservoir is in the proposals already; the clinic is not, and it may go in
    assert "      - 2026-11-18-clinic" in Path(out).read_text()
    assert "2026-11-18-reservoir" not in Path(out).read_text()
    code, out, err = _new(office, "--date", "2026-11-25")  # the first publication
    assert code == 0 and out.endswith("bulletins/daily/2026/002.yml")
    code, out, err = _new(office, "--date", "2027-01-02", "--publication", "special",
                          "--type", "special")
    assert code == 0 and out.endswith("bulletins/special/2027/001.yml")
    code, _, err = _new(office, "--publication", "proposal")
    assert code == 2 and "unknown publication 'proposal' (did you mean 'proposals'?)" in err
    code, _, err = _new(office, "--publication", "proposals", "--type", "flash")
    assert code == 2 and "'Proposals' has no flash editions (its types: regular)" in err


def test_the_site_and_exports_know_publications(office: BulletinRepo, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from bulletin.site.build import build_site

    add_site_config(office, search="none")
    site = build_site(office.root, site_dir=tmp_path / "site", quiet=True)
    daily = (site / "editions/daily/2026/001/index.html").read_text()
    assert "Daily Report 2026 No. 1" in daily
    index = (site / "editions/proposals/index.html").read_text()
    assert "Proposals 2026 No. 1" in index and "Daily Report 2026 No. 1" not in index
    item = (site / "items/2026-11-18-reservoir/index.html").read_text()
    assert ('Published in <a href="../../editions/daily/2026/001/">Daily Report 2026 No. 1</a>'
            ' — lead item, <a href="../../editions/proposals/2026/001/">Proposals 2026 No. 1'
            '</a> — lead item</p>') in item
    feed = (site / "feeds/publications/proposals.xml").read_text()
    assert "Reservoir levels fall" in feed and "Clinic queues" not in feed
    assert (site / "feeds/publications/daily.rss").is_file()

    target = tmp_path / "out"
    target.mkdir()
    monkeypatch.chdir(target)  # the export's default file goes to the current folder
    result = CliRunner().invoke(main, ["export", "proposals/2026-001", "--repo",
                                       str(office.root), "--format", "html"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "proposals-2026-001.html"
    assert "Proposals 2026 No. 1" in (target / "proposals-2026-001.html").read_text()


def test_score_counts_each_publication(office: BulletinRepo) -> None:
    office.write("bulletin.yml", POLICY + PUBLICATIONS + "assessment:\n  adoption:\n"
                 "    - {publication: daily, points: 1}\n"
                 "    - {publication: proposals, points: 3}\n")
    result = CliRunner().invoke(main, ["score", "--repo", str(office.root), "--period",
                                       "2026-Q4", "--as-of", "2027-01-05", "-f", "json"])
    water = next(u for u in json.loads(result.output)["units"] if u["unit"] == "water")
    assert (water["adopted"], water["adopted_by_publication"], water["points"]) == (
        2, {"daily": 1, "proposals": 1}, 4.0)
    assert water["adoption_rate"] == 1.0  # one item, adopted (twice)


def test_a_bulletin_without_publications_is_unchanged(bulletin_repo: BulletinRepo) -> None:
    """No publications: one bulletin at bulletins/<YYYY>/, ids YYYY-NNN, an item once."""
    bulletin_repo.item("reservoir")
    bulletin_repo.edition(1, ["2026-11-18-reservoir"])
    bulletin_repo.edition(2, ["2026-11-18-reservoir"], date="2026-11-21")
    result = bulletin_repo.check(dt.date(2026, 11, 28))
    assert [e.id for e in sorted(result.repo.editions, key=lambda e: e.id)] == [  # type: ignore
        "2026-001", "2026-002"]
    assert {e.publication for e in result.repo.editions} == {None}  # type: ignore[union-attr]
    assert [(d.code, d.message) for d in result.diagnostics if d.code == "E002"] == [
        ("E002", "'2026-11-18-reservoir' is already published in edition 2026-001")]


CITY_RULE_BOOK = """\
assessment:
  adoption:
    - {publication: daily, points: 1}
    - {publication: proposals, category: situation, points: 3}
    - {publication: special, points: 5}
    - {level: province, publication: daily, points: 4}
    - {level: province, points: 6}
    - {level: state-council, points: 20}
"""


def test_a_city_rule_book_for_three_publications_and_two_levels(office: BulletinRepo) -> None:
    """The city's rule book that could not be written before: a daily, proposals and
    special reports, each with its points and adding up, and adoption by the province
    (its daily or otherwise) and the State Council."""
    office.write("bulletin.yml", POLICY + PUBLICATIONS + CITY_RULE_BOOK)
    edition(office, "bulletins/special/2026/001.yml", 1, ["2026-11-18-reservoir"],
            date="2026-11-23", type="special")
    office.write("assessment/ledger.yml", """\
- unit: water
  item: 2026-11-18-reservoir
  adopted-upstream: {level: province, publication: daily, date: 2026-11-25}
- unit: water
  item: 2026-11-18-reservoir
  adopted-upstream: {level: province, publication: proposals, date: 2026-11-26}
- unit: water
  item: 2026-11-18-reservoir
  adopted-upstream: {level: state-council, office: State Council General Office, date: 2026-12-03}
""")
    assert codes(office) == []
    result = CliRunner().invoke(main, ["score", "--repo", str(office.root), "--period",
                                       "2026-Q4", "--as-of", "2027-01-05", "-f", "json"])
    water = next(u for u in json.loads(result.output)["units"] if u["unit"] == "water")
    # 1 + 3 + 5 in the city's publications, 4 + 6 + 20 from above
    assert (water["points"], water["adopted"], water["adopted_upstream"]) == (39.0, 3, 3)
    assert water["upstream_by_level"] == {"province": 2, "state-council": 1}
