"""The information network in the policy: this office, the offices it reports to
(``upstream``) and the offices that report to it (``downstream``), DESIGN §9.

Each neighbour is a git repository named by URL. A URL is data the tool hands to
git, so it is held to what git fetches safely: a local path, ``file://``,
``ssh://``, ``https://`` or ``[user@]host:path`` — never ``ext::`` or another remote
helper, never something git would read as an option.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import field_validator

from ..text import did_you_mean
from .base import Key, Strict

URL_SCHEMES = ("file", "ssh", "https")
"""The transports a neighbour's URL may name (git's ``protocol.allow`` list for the
network's fetches and pushes)."""
_SCHEME = re.compile(r"\A([A-Za-z][A-Za-z0-9+.-]*)://")
_HELPER = re.compile(r"\A[A-Za-z][A-Za-z0-9+.-]*::")  # ext::, fd::, any remote helper
_SCP = re.compile(r"\A(?:[^@/:\s]+@)?[^/:\s\\]{2,}:[^\s]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_url(url: str) -> str:
    """``url`` when git may fetch from and push to it safely; else a ValueError."""
    if not url.strip() or url != url.strip():
        raise ValueError("a git URL without surrounding spaces")
    if _CONTROL.search(url):
        raise ValueError("a git URL holds no control characters")
    if url.startswith("-"):
        raise ValueError(f"'{url}' would be read by git as an option")
    if _HELPER.match(url):
        raise ValueError(f"'{url}' names a git remote helper ({url.split('::')[0]}::), "
                         "which runs a program: use a path, file://, ssh:// or https://")
    scheme = _SCHEME.match(url)
    if scheme is not None:
        name = scheme.group(1).lower()
        if name not in URL_SCHEMES:
            raise ValueError(f"'{name}://' is not a transport the network uses (one of: "
                             f"{', '.join(s + '://' for s in URL_SCHEMES)})")
    return url


def url_transport(url: str) -> str:
    """The transport git uses for ``url``: file, ssh or https."""
    scheme = _SCHEME.match(url)
    if scheme is not None:
        return scheme.group(1).lower()
    return "ssh" if _SCP.match(url) and not url.startswith((".", "/")) else "file"


class Office(Strict):
    """This office, as its neighbours know it."""

    id: Key
    """Its key in the network (the ``office`` of a relayed item's ``relayed_from``)."""
    name: str
    """Its name, shown by the offices it reports to ("Reported by …")."""
    level: Key | None = None
    """Its level among ``office_levels`` (district, city, province)."""


class Neighbour(Strict):
    """An office this one exchanges items with, through its git repository."""

    id: Key
    """Its key in the network."""
    name: str | None = None
    """Its name (default: its key)."""
    url: str
    """Its bulletin's git repository: a path, file://, ssh://, https:// or host:path."""
    unit: Key
    """Upstream: this office's unit key in their bulletin. Downstream: their unit key
    here, the folder their relayed items arrive in."""

    @field_validator("url")
    @classmethod
    def _safe_url(cls, value: str) -> str:
        return check_url(value)

    @property
    def label(self) -> str:
        return self.name or self.id


class Upstream(Neighbour):
    """An office this one reports to: ``bulletin relay`` writes there, and its
    editions, fetched read-only, credit this office's units."""

    level: Key | None = None
    """Its level among ``office_levels``: what its adoptions score by (default: the
    level its own policy declares, once fetched)."""


class Downstream(Neighbour):
    """An office that reports to this one."""


def network_findings(data: dict[str, Any], bad: Callable[..., None]) -> None:
    """What pydantic cannot see of the network: ids distinct, levels and units known."""
    levels = data.get("office_levels") or ["district", "city", "province", "state-council"]
    levels = [str(v) for v in levels] if isinstance(levels, list) else []
    units = data.get("units")
    unit_keys = [str(k) for k in units] if isinstance(units, dict) else []
    office = data.get("office")
    seen: dict[str, tuple[str | int, ...]] = {}
    if isinstance(office, dict):
        if isinstance(office.get("id"), str):
            seen[office["id"]] = ("office", "id")
        level = office.get("level")
        if isinstance(level, str) and level not in levels:
            bad(("office", "level"), f"'{level}' is not one of the office_levels"
                                     f"{did_you_mean(level, levels)}")
    for side in ("upstream", "downstream"):
        entries = data.get(side)
        if entries and not isinstance(office, dict):
            bad((side,), f"{side} needs 'office:' (this office's id and name), which a "
                         "relayed item names as its source", True)
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict):
                continue
            key = entry.get("id")
            if isinstance(key, str):
                if key in seen:
                    bad((side, i, "id"), f"office '{key}' is named twice in the network "
                                         f"(also at {'.'.join(map(str, seen[key]))})")
                seen.setdefault(key, (side, i, "id"))
            level = entry.get("level")
            if side == "upstream" and isinstance(level, str) and level not in levels:
                bad((side, i, "level"), f"'{level}' is not one of the office_levels"
                                        f"{did_you_mean(level, levels)}")
            unit = entry.get("unit")
            if side == "downstream" and isinstance(unit, str) and unit not in unit_keys:
                bad((side, i, "unit"), f"'{unit}' is not one of the units"
                                       f"{did_you_mean(unit, unit_keys)}: a downstream "
                                       "office's items arrive under its unit here")
