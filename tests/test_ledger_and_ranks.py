"""What a typo in the assessment's records no longer scores in silence: leader ranks and
response kinds are vocabularies, a ledger line about another unit's item is flagged, and
an upstream adoption is a typed line validated field by field."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import POLICY, BulletinRepo

RANKS = POLICY + """\
leader_ranks: [vice-mayor, mayor, provincial]
assessment:
  adoption:
    - {points: 1}
    - {level: province, publication: daily, points: 5}
  responses:
    instruction: {vice-mayor: 20, mayor: 40}
"""


@pytest.fixture
def published(bulletin_repo: BulletinRepo) -> BulletinRepo:
    repo = bulletin_repo
    repo.write("bulletin.yml", RANKS)
    repo.item("reservoir")
    repo.item("clinic", unit="health", title="Clinic queues grow",
              summary="Queues at the fever clinic doubled, so staff are short.",
              body="Queues at the Dongcheng fever clinic doubled in a week.\n")
    repo.edition(1, ["2026-11-18-reservoir", "2026-11-18-clinic"], date="2026-11-20")
    return repo


def findings(repo: BulletinRepo, prefix: str) -> list[tuple[int, str, str]]:
    return [(d.line, d.code, d.message) for d in repo.check(dt.date(2026, 11, 28)).diagnostics
            if d.path.startswith(prefix)]


def test_an_unknown_rank_or_kind_is_an_error(published: BulletinRepo) -> None:
    published.write("bulletins/2026/responses.yml", """\
- {item: 2026-11-18-reservoir, by: Vice Mayor Wang, rank: vice-myor, date: 2026-11-21,
   kind: instruction}
- {item: 2026-11-18-reservoir, by: Mayor Zhou, rank: mayor, date: 2026-11-22,
   kind: instuction}
""")
    assert findings(published, "bulletins/2026/responses.yml") == [
        (1, "S008", "'rank' is 'vice-myor', which is not defined (did you mean 'vice-mayor'?)"),
        (4, "S008", "'kind' is 'instuction', which is not defined (did you mean "
                    "'instruction'?)")]
    result = CliRunner().invoke(main, ["score", "--repo", str(published.root), "--period",
                                       "2026-Q4", "--as-of", "2027-01-05"])
    assert result.exit_code == 0
    assert "bulletin check finds errors in 1 edition or response file(s) " \
           "(bulletins/2026/responses.yml): what they record may be scored wrongly" in \
           result.output


def test_without_leader_ranks_the_rule_book_names_them(bulletin_repo: BulletinRepo) -> None:
    """No leader_ranks: the ranks the responses table names are the vocabulary."""
    bulletin_repo.write("bulletin.yml", RANKS.replace(
        "leader_ranks: [vice-mayor, mayor, provincial]\n", ""))
    bulletin_repo.item("reservoir")
    bulletin_repo.edition(1, ["2026-11-18-reservoir"], date="2026-11-20")
    bulletin_repo.write("bulletins/2026/responses.yml", "- {item: 2026-11-18-reservoir, by: "
                        "Mayor Zhou, rank: mayr, date: 2026-11-21, kind: instruction}\n")
    assert findings(bulletin_repo, "bulletins/2026/responses.yml") == [
        (1, "S008", "'rank' is 'mayr', which is not defined (did you mean 'mayor'?)")]


def test_a_ledger_line_about_another_units_item(published: BulletinRepo) -> None:
    published.write("assessment/ledger.yml", """\
- date: 2026-11-25
  unit: water
  kind: false-report
  item: 2026-11-18-clinic
  reason: The clinic's figures were wrong.
""")
    published.write("bulletin.yml", RANKS + "  deductions: {false-report: -20}\n")
    assert findings(published, "assessment/") == [
        (1, "S008", "'2026-11-18-clinic' is an item of 'health', not of 'water': the line "
                    "would count for the wrong unit")]
    result = CliRunner().invoke(main, ["score", "--repo", str(published.root), "--period",
                                       "2026-Q4"])
    assert result.exit_code == 2
    assert "assessment/ledger.yml:1:3: S008 '2026-11-18-clinic' is an item of 'health'" in \
        result.output


@pytest.mark.parametrize(("entry", "expected"), [
    ("  adopted-upstream: {level: provnce, date: 2026-11-25}\n",
     (3, "S008", "'level' is 'provnce', which is not defined (did you mean 'province'?)")),
    ("  adopted-upstream: {level: province}\n",
     (3, "S002", "missing required field 'date'")),
    ("  adopted-upstream: {level: province, date: 2026-11-25, edtion: 2026-088}\n",
     (3, "S009", "unknown field 'edtion' in 'adopted-upstream' (did you mean 'edition'?)")),
    ("  adopted-upstream: {level: province, date: 2026-11-25}\n  points: 10\n",
     (4, "S008", "an upstream adoption takes no 'points': its points come from the rule "
                 "book's adoption lines with a level")),
    ("  adopted-upstream: province\n",
     (3, "S008", "'adopted-upstream' must be a mapping: {level, date, office, publication, "
                 "edition}")),
])
def test_upstream_adoptions_are_typed(published: BulletinRepo, entry: str,
                                      expected: tuple[int, str, str]) -> None:
    published.write("assessment/ledger.yml", "- unit: water\n  item: 2026-11-18-reservoir\n"
                    + entry)
    assert expected in findings(published, "assessment/")


def test_an_upstream_adoption_scores_by_level_and_publication(published: BulletinRepo) -> None:
    published.write("assessment/ledger.yml", """\
- unit: water
  item: 2026-11-18-reservoir
  adopted-upstream: {level: province, office: hebei, publication: daily, date: 2026-11-25}
- unit: water
  item: 2026-11-18-reservoir
  adopted-upstream: {level: province, publication: proposals, date: 2026-11-26}
""")
    assert findings(published, "assessment/") == []
    result = CliRunner().invoke(main, ["score", "--repo", str(published.root), "--period",
                                       "2026-Q4", "--as-of", "2027-01-05", "--explain",
                                       "water"])
    assert "+5.0  upstream   adopted 2026-11-18-reservoir upstream, province (hebei, daily), " \
           "2026-11-25 (rule book adoption line 2)" in result.output
    assert "+0.0  upstream   adopted 2026-11-18-reservoir upstream, province (proposals), " \
           "2026-11-26; no adoption line of the rule book has level 'province' for it" in \
        result.output
    assert "adopted upstream province 2" in result.output
