#!/usr/bin/env python3
"""What the test suite needs that pip cannot install: Debian's Chromium (the browser
tests and PDF exports drive the system's browser), CJK fonts (so Chinese pages render)
and shellcheck (actionlint checks the workflows' scripts with it).

``scripts/test`` runs this first. When something is missing it installs it with
apt-get if it can (as root, where apt-get exists, as on a Debian CI machine or in a
container); otherwise it stops at once with the one command to run. Standard library
only: it runs before the virtualenv exists.

    python3 scripts/system_deps.py [--dry-run]

Exit status: 0 everything is there (or was installed), 1 something is missing.
"""

from __future__ import annotations

import argparse
import glob
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

PROGRAMS = {"chromium": ("chromium", "chromium-browser"), "shellcheck": ("shellcheck",)}
"""Debian package → the programs any of which it provides (tests/test_browser.py takes
either name)."""
FONTS_PACKAGE = "fonts-noto-cjk"
FONT_FILES = ("/usr/share/fonts/**/NotoSansCJK*", "/usr/local/share/fonts/**/NotoSansCJK*",
              "~/.local/share/fonts/**/NotoSansCJK*", "~/.fonts/**/NotoSansCJK*")


@dataclass(frozen=True)
class Facts:
    """What the machine has, as far as the decision goes."""

    missing: tuple[str, ...]
    """Debian packages whose programs or fonts are not there, in a fixed order."""
    root: bool
    apt: bool
    """Whether apt-get is on PATH (Debian, Ubuntu and their kin)."""


@dataclass(frozen=True)
class Plan:
    """What to do: ``ok`` (nothing), ``install`` (run ``commands``), or ``stop`` (print
    ``message``, which names the one command to run, and exit 1)."""

    action: str
    commands: tuple[tuple[str, ...], ...] = ()
    message: str = ""


def install_command(packages: tuple[str, ...]) -> tuple[str, ...]:
    return ("apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages)


def plan(facts: Facts) -> Plan:
    """The decision, from the facts alone."""
    if not facts.missing:
        return Plan("ok")
    needed = " ".join(facts.missing)
    if facts.root and facts.apt:
        return Plan("install", (("apt-get", "update", "-qq"), install_command(facts.missing)))
    if facts.apt:
        return Plan("stop", message=(
            f"scripts/test needs {needed}, which pip cannot install. Run:\n\n"
            f"    sudo apt-get update && sudo {shlex.join(install_command(facts.missing))}\n\n"
            "then scripts/test again."))
    return Plan("stop", message=(
        f"scripts/test needs {needed} (Debian's package names), which pip cannot install: "
        "Chromium as `chromium` on PATH, the Noto CJK fonts, and shellcheck. Install them "
        "with your system's package manager (on Debian: sudo apt-get install "
        f"{needed}), then run scripts/test again."))


def has_cjk_fonts() -> bool:
    """Whether a Noto CJK font is installed where fontconfig (and so Chromium) looks."""
    if any(glob.glob(os.path.expanduser(p), recursive=True) for p in FONT_FILES):
        return True
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    return "noto sans cjk" in out.lower()


def gather() -> Facts:
    """The facts of this machine."""
    missing = [pkg for pkg, names in PROGRAMS.items()
               if not any(shutil.which(name) for name in names)]
    if not has_cjk_fonts():
        missing.insert(1 if "chromium" in missing else 0, FONTS_PACKAGE)
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return Facts(tuple(missing), root, shutil.which("apt-get") is not None)


def carry_out(chosen: Plan, run: Callable[[tuple[str, ...]], int]) -> int:
    """Run an install plan's commands; the exit status of the first that fails, or 0."""
    for command in chosen.commands:
        print(f"scripts/test: {shlex.join(command)}", file=sys.stderr, flush=True)
        status = run(command)
        if status != 0:
            return status
    return 0


def _run(command: tuple[str, ...]) -> int:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be done, and do nothing")
    args = parser.parse_args(argv)
    chosen = plan(gather())
    if args.dry_run:
        lines = [chosen.action, *map(shlex.join, chosen.commands), chosen.message]
        print("\n".join(filter(None, lines)))
        return 0
    if chosen.action == "stop":
        print(chosen.message, file=sys.stderr)
        return 1
    if chosen.action == "install":
        status = carry_out(chosen, _run)
        still = gather().missing
        if status != 0 or still:
            print(f"scripts/test: apt-get could not install {' '.join(still) or 'everything'} "
                  f"(exit status {status}); install it by hand, then run scripts/test again",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
