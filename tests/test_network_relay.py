"""Issue 17: relaying items upward over real git repositories, and the receiving
check (N rules) on what arrives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from network_helpers import Office, network

from bulletin.cli import main
from conftest import GIT_ENV, TODAY


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
    code, out, err = relay(district, "2026-11-18-silt-blocks-intake")
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
