"""Issue 17: relaying items upward over real git repositories, and the receiving
check (N rules) on what arrives."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from conftest import GIT_ENV, TODAY
from network_helpers import Office, network


@pytest.fixture(autouse=True)
def _identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def relay(office: Office, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["relay", *args, "--repo", str(office.repo.root)])
    return result.exit_code, result.stdout, result.stderr


def fetch(office: Office) -> str:
    result = CliRunner().invoke(main, ["network", "fetch", "--repo", str(office.repo.root)])
    assert result.exit_code == 0, result.output
    return result.stdout


def n_codes(office: Office) -> list[tuple[str, str]]:
    return [(d.path, d.code) for d in office.repo.check(TODAY).diagnostics
            if d.code[0] == "N"]


@pytest.fixture
def net(tmp_path: Path) -> tuple[Office, Office, Office]:
    return network(tmp_path / "net")


def test_relay_writes_a_branch_upstream_with_provenance(net: tuple[Office, Office, Office]) -> None:
    district, city, _ = net
    district.repo.item("silt-blocks-intake", embargo="2026-11-20T09:00:00",
                       priority="important")
    source = district.commit_push("item")
    status_before = district.repo.git("status", "--porcelain")
    code, _, err = relay(district, "2026-11-18-silt-blocks-intake")
    assert code == 0, err
    assert "Relayed 2026-11-18-silt-blocks-intake" in err
    assert district.repo.git("status", "--porcelain") == status_before
    assert district.repo.git("rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    branch = "relay/xishan/2026-11-18-silt-blocks-intake"
    assert branch in city.repo.git("ls-remote", "origin")
    city.merge_relay(branch)
    text = (city.repo.root / "items/xishan-district/2026/2026-11-18-silt-blocks-intake.md") \
        .read_text()
    assert "unit: \"xishan-district\"" in text
    assert f'"commit": "{source}"' in text
    assert "2026-11-20T09:00:00" in text and 'priority: "important"' in text
    # before the city fetches the district, the provenance is not verified
    assert n_codes(city) == [("items/xishan-district/2026/2026-11-18-silt-blocks-intake.md",
                              "N002")]
    fetch(city)
    assert n_codes(city) == []


def score_lines(office: Office, unit: str) -> list[tuple[str, float, str, str]]:
    from bulletin.assess.gather import score_repository
    from bulletin.assess.period import parse_period

    board = score_repository(office.repo.root, parse_period("2026-Q4"), today=TODAY)
    score = next(s for s in board.units if s.unit == unit)
    return [(line.kind, line.points, line.text, line.source) for line in score.lines
            if line.kind == "upstream"]


ITEM = "2026-11-18-silt-blocks-intake"


def test_relayed_twice_and_adopted_at_both_levels(net: tuple[Office, Office, Office]) -> None:
    """Must show: district → city → province, the item adopted at both levels, each
    level's score counting it with the rule book's line for the adopting level."""
    district, city, province = net
    district.repo.item("silt-blocks-intake")
    district.commit_push("item")
    assert relay(district, ITEM)[0] == 0
    city.merge_relay(f"relay/xishan/{ITEM}")
    city.repo.edition(1, [ITEM], date="2026-11-21")
    city.commit_push("edition 1")
    assert relay(city, ITEM)[0] == 0  # the city relays its copy onward
    province.merge_relay(f"relay/qinghe/{ITEM}")
    province.repo.edition(7, [ITEM], date="2026-11-24")
    province.commit_push("edition 7")
    relayed = (province.repo.root / f"items/qinghe-city/2026/{ITEM}.md").read_text()
    assert '"office": "qinghe"' in relayed and "unit: \"qinghe-city\"" in relayed

    # before fetching, nothing upstream is counted, and score says why
    assert score_lines(district, "water") == []
    for office in (district, city, province):
        fetch(office)
    assert score_lines(district, "water") == [(
        "upstream", 20.0, f"adopted {ITEM} upstream, city (qinghe, 2026-001), 2026-11-21 "
                          "(rule book adoption line 2)", "qinghe:bulletins/2026/001.yml")]
    assert score_lines(city, "xishan-district") == [(
        "upstream", 50.0, f"adopted {ITEM} upstream, province (province, 2026-007), "
                          "2026-11-24 (rule book adoption line 1)",
        "province:bulletins/2026/007.yml")]
    # both receiving checks verify their relayed copies
    assert n_codes(city) == [] and n_codes(province) == []
    # score --explain names the upstream edition
    result = CliRunner().invoke(main, ["score", "--period", "2026-Q4", "--explain", "water",
                                       "--as-of", "2026-11-28",
                                       "--repo", str(district.repo.root)])
    assert result.exit_code == 0, result.output
    assert "qinghe:bulletins/2026/001.yml" in result.output


def test_a_relay_that_lowers_classification_is_refused(
        net: tuple[Office, Office, Office]) -> None:
    district, city, _ = net
    district.repo.item("silt-blocks-intake", classification="restricted")
    district.commit_push("item")
    before = city.repo.git("ls-remote", "origin")
    code, _, err = relay(district, ITEM, "--classification", "internal")
    assert code == 2
    assert "below the source's 'restricted'" in err
    assert city.repo.git("ls-remote", "origin") == before  # nothing pushed


def test_an_item_with_a_confidentiality_finding_is_not_relayed(
        net: tuple[Office, Office, Office]) -> None:
    district, city, _ = net
    district.repo.item("silt-blocks-intake", classification="public",
                       body="Call Zhang San on 13912345678 for details.\n")
    district.commit_push("item")
    code, out, _ = relay(district, ITEM)
    assert code == 1 and " C" in out
    assert "relay/" not in city.repo.git("ls-remote", "origin")


def test_tampered_provenance_is_reported_by_the_receiving_check(
        net: tuple[Office, Office, Office]) -> None:
    district, city, _ = net
    district.repo.item("silt-blocks-intake", classification="restricted")
    district.commit_push("item")
    assert relay(district, ITEM)[0] == 0
    city.merge_relay(f"relay/xishan/{ITEM}")
    fetch(city)
    path = city.repo.root / f"items/xishan-district/2026/{ITEM}.md"
    text = path.read_text()
    digest = text.split('"sha256": "')[1][:64]
    path.write_text(text.replace(digest, "0" * 64).replace('classification: "restricted"',
                                                           'classification: "internal"'))
    codes = sorted(code for _, code in n_codes(city))
    assert codes == ["N003", "N004"]


def test_a_second_relay_of_the_same_source_and_a_relayed_copy_of_a_local_item(
        net: tuple[Office, Office, Office]) -> None:
    district, city, _ = net
    body = ("The silt at the Qiaotou intake blocked two of the four pumps on 17 November; "
            "the water works cut output by a third and trucks carry water to 4,000 homes "
            "in the old town while divers clear the screens.\n")
    district.repo.item("silt-blocks-intake", body=body,
                       title="Silt blocks the Qiaotou intake; output cut by a third")
    district.commit_push("item")
    city.repo.item("qiaotou-intake-silted", body=body,
                   title="Silt blocks the Qiaotou intake; output cut by a third")
    city.commit_push("local item")
    assert relay(district, ITEM)[0] == 0
    city.merge_relay(f"relay/xishan/{ITEM}")
    fetch(city)
    # a second copy of the same source, under another name
    relayed = city.repo.root / f"items/xishan-district/2026/{ITEM}.md"
    city.repo.write(f"items/xishan-district/2026/{ITEM}-again.md", relayed.read_text())
    diagnostics = city.repo.check(TODAY).diagnostics
    duplicate = [d for d in diagnostics if d.code == "N006"]
    assert len(duplicate) == 1 and "relayed already" in duplicate[0].message
    # near-duplicate detection compares the relayed item with the city's own
    assert any(d.code == "Q201" and "qiaotou-intake-silted" in d.message
               and "silt-blocks-intake" in d.path for d in diagnostics)


def test_unknown_office_and_unfetched_remote(net: tuple[Office, Office, Office]) -> None:
    _, city, _ = net
    city.repo.item("from-nowhere", unit="xishan-district",
                   relayed_from={"office": "nowhere", "item": "2026-11-18-x",
                                 "commit": "a" * 40, "sha256": "b" * 64})
    assert n_codes(city) == [("items/xishan-district/2026/2026-11-18-from-nowhere.md",
                              "N001")]


def test_network_urls_are_validated_with_located_diagnostics(tmp_path: Path) -> None:
    from bulletin.config import parse_policy
    from network_helpers import HEAD, UNITS

    text = (HEAD.format(id="qinghe", name="Qinghe", level="city")
            + "upstream:\n  - {id: province, url: 'ext::sh -c touch% /tmp/x', unit: q}\n"
            + "  - {id: other, url: '--upload-pack=touch /tmp/y', unit: q, level: planet}\n"
            + "downstream:\n  - {id: province, url: ../x.git, unit: nobody}\n"
            + UNITS.format(extra=""))
    findings = parse_policy(text).findings
    messages = sorted((f.line, f.message) for f in findings)
    assert parse_policy(text).policy is None
    assert any(line == 9 and "remote helper" in m for line, m in messages)
    assert any(line == 10 and "as an option" in m for line, m in messages)
    assert any(line == 10 and "'planet' is not one of the office_levels" in m
               for line, m in messages)
    assert any(line == 12 and "named twice" in m for line, m in messages)
    assert any(line == 12 and "'nobody' is not one of the units" in m for line, m in messages)


def test_pages_show_who_reported_and_who_adopted(net: tuple[Office, Office, Office],
                                                 tmp_path: Path) -> None:
    """The city's page of a relayed item says who reported it; the district's page
    says the city adopted it, in builds whose audience may read the city's edition."""
    from bulletin.site.build import build_site
    from conftest import add_site_config

    district, city, _ = net
    add_site_config(district.repo)
    add_site_config(city.repo)
    district.repo.item("silt-blocks-intake", classification="public")
    district.commit_push("item")
    assert relay(district, ITEM)[0] == 0
    city.merge_relay(f"relay/xishan/{ITEM}")
    city.repo.edition(1, [ITEM], date="2026-11-21")  # an internal edition
    city.commit_push("edition")
    fetch(district)
    fetch(city)

    def page(office: Office, audience: str) -> str:
        site = build_site(office.repo.root, audience=audience,
                          site_dir=tmp_path / f"{office.id}-{audience}", quiet=True)
        return (site / f"items/{ITEM}/index.html").read_text(encoding="utf-8")

    assert "Reported by Xishan District" in page(city, "internal")
    assert "Adopted by Qinghe City 2026-001" in page(district, "internal")
    assert "Adopted by" not in page(district, "public")


def test_writing_to_a_pipe_or_device_writes_into_it(tmp_path: Path) -> None:
    """Found while benchmarking: ``score -o /dev/null`` renamed a file over /dev/null
    (as root), breaking every process on the machine; a special file is written into."""
    import os
    import stat
    import threading

    from bulletin.fsutil import write_atomic

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    write_atomic(pipe, "through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_fetch_never_runs_a_remote_helper(tmp_path: Path) -> None:
    """Even handed an ``ext::`` URL directly (the policy refuses it), git is told to use
    only file, ssh and https: the command in the URL never runs."""
    from bulletin.git.network import fetch as git_fetch
    from conftest import BulletinRepo

    repo = BulletinRepo(tmp_path / "repo")
    repo.write("bulletin.yml", "x: 1\n")
    repo.git("init", "-q", "-b", "main")
    planted = tmp_path / "planted"
    error = git_fetch(repo.root, "evil", f"ext::sh -c touch% {planted}")
    assert error and not planted.exists()
    assert repo.git("for-each-ref", "refs/bulletin") == ""


def test_an_edited_relay_keeps_the_sources_provenance_dates_and_embargo(
        net: tuple[Office, Office, Office], tmp_path: Path) -> None:
    district, city, _ = net
    district.repo.item("silt-blocks-intake", embargo="2026-11-20T09:00:00+08:00")
    source = district.commit_push("item")
    original = (district.repo.root / f"items/water/2026/{ITEM}.md").read_text()
    edited = tmp_path / "edited.md"
    edited.write_text(original.replace("Reservoir levels fall", "Edited: reservoir levels fall")
                      .replace('"2026-11-18"', '"2026-11-30"')
                      .replace("2026-11-20T09:00:00+08:00", "2026-11-19T09:00:00+08:00"))
    assert relay(district, ITEM, "--edited", str(edited))[0] == 0
    city.merge_relay(f"relay/xishan/{ITEM}")
    text = (city.repo.root / f"items/xishan-district/2026/{ITEM}.md").read_text()
    assert "Edited: reservoir levels fall" in text
    assert f'"commit": "{source}"' in text
    assert "2026-11-20T09:00:00+08:00" in text and "2026-11-19T09" not in text
    fetch(city)
    assert n_codes(city) == []  # the hash is the committed source's, not the edited text's


def test_an_uncommitted_item_is_not_relayed(net: tuple[Office, Office, Office]) -> None:
    district, _, _ = net
    district.repo.item("silt-blocks-intake")
    district.commit_push("item")
    path = district.repo.root / f"items/water/2026/{ITEM}.md"
    path.write_text(path.read_text() + "\nOne more line.\n")
    code, _, err = relay(district, ITEM)
    assert code == 2 and "commit the item as it stands" in err


def test_a_dropped_embargo_is_reported(net: tuple[Office, Office, Office]) -> None:
    district, city, _ = net
    district.repo.item("silt-blocks-intake", embargo="2026-11-20T09:00:00+08:00")
    district.commit_push("item")
    assert relay(district, ITEM)[0] == 0
    city.merge_relay(f"relay/xishan/{ITEM}")
    fetch(city)
    path = city.repo.root / f"items/xishan-district/2026/{ITEM}.md"
    path.write_text("\n".join(line for line in path.read_text().split("\n")
                              if not line.startswith("embargo:")))
    assert [code for _, code in n_codes(city)] == ["N005"]


def test_a_commit_of_one_office_proves_nothing_for_another(
        net: tuple[Office, Office, Office]) -> None:
    """A relayed item naming office B but a commit (and file) of office A's history is
    not verified, even when A's genuine relay of the same commit is checked first."""
    district, city, province = net
    district.repo.item("silt-blocks-intake")
    district.commit_push("item")
    assert relay(district, ITEM)[0] == 0
    city.merge_relay(f"relay/xishan/{ITEM}")
    policy = city.repo.root / "bulletin.yml"
    policy.write_text(policy.read_text().replace(
        "downstream:\n", f"downstream:\n  - {{id: zz-other, url: '{province.bare}', "
                         "unit: water}\n"))
    genuine = (city.repo.root / f"items/xishan-district/2026/{ITEM}.md").read_text()
    city.repo.write(f"items/water/2026/{ITEM}-forged.md", genuine.replace(
        '"office": "xishan"', '"office": "zz-other"').replace(
        'unit: "xishan-district"', 'unit: "water"').replace(ITEM + '"', ITEM + '"', 1))
    city.repo.git("add", "-A")
    city.repo.git("commit", "-q", "-m", "forged")
    fetch(city)
    found = {(Path(p).name, c) for p, c in n_codes(city)}
    assert (f"{ITEM}-forged.md", "N003") in found
    assert not any(name == f"{ITEM}.md" and code in ("N002", "N003") for name, code in found)


def test_a_leader_response_upstream_counts_for_the_reporting_unit(
        net: tuple[Office, Office, Office]) -> None:
    from bulletin.assess.gather import score_repository
    from bulletin.assess.period import parse_period

    district, city, _ = net
    district.repo.item("silt-blocks-intake")
    district.commit_push("item")
    assert relay(district, ITEM)[0] == 0
    city.merge_relay(f"relay/xishan/{ITEM}")
    city.repo.edition(1, [ITEM], date="2026-11-21")
    city.repo.write("bulletins/2026/responses.yml",
                    f"- {{item: {ITEM}, by: Mayor Wang, date: 2026-11-23, kind: instruction}}\n")
    city.commit_push("edition and response")
    fetch(district)
    board = score_repository(district.repo.root, parse_period("2026-Q4"), today=TODAY)
    water = next(s for s in board.units if s.unit == "water")
    responses = [(line.points, line.source) for line in water.lines if line.kind == "response"]
    assert responses == [(30, "qinghe:bulletins/2026/responses.yml:1")]


def test_fetch_takes_the_neighbours_from_the_base_when_asked(
        net: tuple[Office, Office, Office]) -> None:
    """In a pull request's CI, a branch that points a downstream office at another
    repository does not change what the check verifies against."""
    district, city, province = net
    policy = city.repo.root / "bulletin.yml"
    policy.write_text(policy.read_text().replace(str(district.bare), str(province.bare)))
    result = CliRunner().invoke(main, ["network", "fetch", "--office", "xishan",
                                       "--policy-at", "HEAD", "--repo", str(city.repo.root)])
    assert result.exit_code == 0, result.output
    fetched = city.repo.git("rev-parse", "refs/bulletin/xishan/main").strip()
    assert fetched == district.repo.git("rev-parse", "HEAD").strip()
    bad = CliRunner().invoke(main, ["network", "fetch", "--policy-at", "--upload-pack=x",
                                    "--repo", str(city.repo.root)])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_a_withdrawn_item_is_not_relayed_and_a_correction_loses_its_local_target(
        net: tuple[Office, Office, Office]) -> None:
    district, city, _ = net
    district.repo.item("silt-blocks-intake",
                       withdrawn={"date": "2026-11-19", "reason": "wrong figures"})
    district.repo.item("silt-corrected", corrects=ITEM)
    district.commit_push("items")
    code, _, err = relay(district, ITEM)
    assert code == 2 and "withdrawn" in err
    assert relay(district, "2026-11-18-silt-corrected")[0] == 0
    city.merge_relay("relay/xishan/2026-11-18-silt-corrected")
    text = (city.repo.root / "items/xishan-district/2026/2026-11-18-silt-corrected.md") \
        .read_text()
    assert "corrects" not in text
