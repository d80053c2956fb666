"""``scripts/test`` on a bare machine: what pip cannot install (Chromium, CJK fonts,
shellcheck) is installed with apt-get when it can be (as root), or the script stops at
once with the one command to run (scripts/system_deps.py). Nothing here uninstalls
anything: the decision is tested on facts, and the script is run with a PATH that
lacks the programs and holds a stand-in apt-get."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system_deps.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("system_deps_script", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


deps = _load_script()
ALL = ("chromium", "fonts-noto-cjk", "shellcheck")
INSTALL = "apt-get install -y -qq --no-install-recommends"


def test_nothing_missing_nothing_done() -> None:
    for root in (True, False):
        for apt in (True, False):
            assert deps.plan(deps.Facts((), root, apt)) == deps.Plan("ok")


def test_root_with_apt_installs_what_is_missing() -> None:
    chosen = deps.plan(deps.Facts(("chromium", "shellcheck"), True, True))
    assert chosen.action == "install"
    assert [" ".join(c) for c in chosen.commands] == [
        "apt-get update -qq", f"{INSTALL} chromium shellcheck"]


def test_without_root_it_stops_with_the_one_command() -> None:
    chosen = deps.plan(deps.Facts(ALL, False, True))
    assert (chosen.action, chosen.commands) == ("stop", ())
    assert f"    sudo apt-get update && sudo {INSTALL} chromium fonts-noto-cjk shellcheck\n" \
        in chosen.message


def test_without_apt_it_stops_and_names_what_is_needed() -> None:
    chosen = deps.plan(deps.Facts(("fonts-noto-cjk",), True, False))
    assert (chosen.action, chosen.commands) == ("stop", ())
    assert "needs fonts-noto-cjk" in chosen.message
    assert "system's package manager" in chosen.message


def test_a_failed_install_stops_at_the_failing_command() -> None:
    ran: list[tuple[str, ...]] = []

    def run(command: tuple[str, ...]) -> int:
        ran.append(command)
        return 100

    chosen = deps.plan(deps.Facts(("chromium",), True, True))
    assert deps.carry_out(chosen, run) == 100
    assert ran == [("apt-get", "update", "-qq")]


# --- the script itself, with a PATH that lacks chromium and shellcheck -------------------


@pytest.fixture
def bare_path() -> Iterator[Path]:
    """A folder anyone may read, to be the whole PATH: a stand-in apt-get that notes its
    arguments and, on install, puts stand-ins for the programs beside itself."""
    folder = Path(tempfile.mkdtemp(prefix="bulletin-bare-"))
    folder.chmod(0o755)
    apt = folder / "apt-get"
    apt.write_text(f"""#!/bin/sh
echo "$*" >> {folder}/apt.log
if [ "$1" = install ] && [ -z "$APT_FAILS" ]; then
  for p in chromium shellcheck; do
    printf '#!/bin/sh\\n' > {folder}/$p; /bin/chmod +x {folder}/$p
  done
fi
""", encoding="utf-8")
    apt.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def _run(path: Path, *prefix: str, env: dict[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, str(SCRIPT)], capture_output=True,
                          text=True, timeout=60, check=False,
                          env={"PATH": str(path), "HOME": "/nonexistent", **(env or {})})


def _missing_here() -> str:
    fonts = "" if deps.has_cjk_fonts() else " fonts-noto-cjk"
    return f"chromium{fonts} shellcheck"


root_only = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                               reason="the install path is taken as root (CI runs as root)")


@root_only
def test_as_root_the_script_installs_with_apt_get(bare_path: Path) -> None:
    done = _run(bare_path)
    assert (done.returncode, done.stdout) == (0, "")
    assert (bare_path / "apt.log").read_text(encoding="utf-8").splitlines() == [
        "update -qq", f"install -y -qq --no-install-recommends {_missing_here()}"]
    assert f"scripts/test: {INSTALL} {_missing_here()}" in done.stderr


@root_only
def test_as_root_an_install_that_leaves_something_missing_fails(bare_path: Path) -> None:
    done = _run(bare_path, env={"APT_FAILS": "1"})
    assert done.returncode == 1
    assert "apt-get could not install chromium" in done.stderr


@root_only
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv (util-linux) is missing")
def test_as_another_user_the_script_stops_with_the_command(bare_path: Path) -> None:
    nobody = (shutil.which("setpriv") or "setpriv", "--reuid=65534", "--regid=65534",
              "--clear-groups")
    done = _run(bare_path, *nobody)
    assert done.returncode == 1
    assert f"sudo apt-get update && sudo {INSTALL} {_missing_here()}" in done.stderr
    assert not (bare_path / "apt.log").exists()  # stopped at once: nothing was run


def test_scripts_test_settles_the_system_first() -> None:
    lines = [line for line in (ROOT / "scripts" / "test").read_text(encoding="utf-8")
             .splitlines() if line and not line.startswith("#")]
    assert lines[:3] == ['set -euo pipefail', 'cd "$(dirname "$0")/.."',
                         "python3 scripts/system_deps.py"]
    assert "apt-get" not in (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace(
        "scripts/system_deps.py", "")
