"""A small information network of real git repositories: a district (Xishan) reports
to a city (Qinghe), which reports to a province. Each office has a working clone and
a bare repository standing for its forge."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from conftest import GIT_ENV, BulletinRepo

UNITS = """\
units:
  water:
    name: Water Resources Bureau
    members: [zhang.san]
{extra}categories:
  situation:
    name: Situation report
  problem:
    name: Problem and risk
    sections: [[Problem, 问题], [Causes, 原因], [Suggestions, 建议]]
    sources: true
"""

HEAD = """\
title: {name} Bulletin
publisher: {name} General Office
timezone: Asia/Shanghai
levels: [public, internal, restricted]
default_audience: internal
editors: [li.na]
office: {{id: {id}, name: {name}, level: {level}}}
"""

RULE_BOOK = """\
assessment:
  period: quarter
  submitted: 1
  adoption:
    - {level: province, points: 50}
    - {level: city, points: 20}
    - {points: 8}
  responses:
    instruction: {default: 30}
"""


def git(cwd: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV},
                         capture_output=True, text=True, check=True)
    return out.stdout


@dataclass
class Office:
    id: str
    repo: BulletinRepo
    bare: Path

    def commit_push(self, message: str = "update") -> str:
        self.repo.git("add", "-A")
        self.repo.git("commit", "-q", "-m", message)
        self.repo.git("push", "-q", "origin", "main")
        return self.repo.git("rev-parse", "HEAD").strip()

    def merge_relay(self, branch: str) -> None:
        """The office's editors merge a relay branch pushed to their forge."""
        self.repo.git("fetch", "-q", "origin", f"{branch}:{branch}")
        self.repo.git("merge", "-q", "--no-edit", branch)
        self.repo.git("push", "-q", "origin", "main")


def _office(base: Path, key: str, policy: str) -> Office:
    bare = base / f"{key}.git"
    git(base, "init", "-q", "--bare", "-b", "main", str(bare))
    repo = BulletinRepo(base / key)
    repo.write("bulletin.yml", policy)
    repo.git("init", "-q", "-b", "main")
    repo.git("remote", "add", "origin", str(bare))
    return Office(key, repo, bare)


def network(base: Path) -> tuple[Office, Office, Office]:
    """(district, city, province), each with its policy committed and pushed."""
    base.mkdir(parents=True, exist_ok=True)
    district_bare, city_bare, province_bare = (base / f"{k}.git" for k in
                                               ("xishan", "qinghe", "province"))
    district = _office(base, "xishan", HEAD.format(id="xishan", name="Xishan District",
                                                   level="district")
                       + f"upstream:\n  - {{id: qinghe, name: Qinghe City, url: '{city_bare}',"
                         " unit: xishan-district, level: city}\n"
                       + UNITS.format(extra="") + RULE_BOOK)
    city = _office(base, "qinghe", HEAD.format(id="qinghe", name="Qinghe City", level="city")
                   + f"upstream:\n  - {{id: province, name: Province, url: '{province_bare}',"
                     " unit: qinghe-city, level: province}\n"
                   + f"downstream:\n  - {{id: xishan, name: Xishan District, "
                     f"url: '{district_bare}', unit: xishan-district}}\n"
                   + UNITS.format(extra="  xishan-district:\n    name: Xishan District\n")
                   + RULE_BOOK)
    province = _office(base, "province", HEAD.format(id="province", name="Province",
                                                     level="province")
                       + f"downstream:\n  - {{id: qinghe, name: Qinghe City, "
                         f"url: '{city_bare}', unit: qinghe-city}}\n"
                       + UNITS.format(extra="  qinghe-city:\n    name: Qinghe City\n")
                       + RULE_BOOK)
    for office in (district, city, province):
        office.commit_push("policy")
    return district, city, province
