"""Hosts: which addresses count as the intranet (checker and site alike)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def host_of(authority: str) -> str:
    """The host of ``user@host:port`` (lower case, no trailing dot), '' if unreadable."""
    try:
        host = urlsplit("//" + authority).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


def _configured_host(entry: str) -> str:
    """A host from ``intranet_hosts``, also written as an address, with a port or as
    ``*.host``."""
    entry = entry.strip().removeprefix("*.")
    return host_of(entry.split("://", 1)[1] if "://" in entry else entry.split("/", 1)[0])


def is_intranet(host: str, intranet_hosts: Iterable[str]) -> bool:
    """True when ``host`` is one of ``intranet_hosts`` or a subdomain of one.

    ``intranet_hosts: [gov.example]`` allows ``gov.example`` and
    ``docs.gov.example``, not ``evilgov.example``.
    """
    host = host.lower().rstrip(".")
    for entry in intranet_hosts:
        allowed = _configured_host(entry)
        if allowed and host and (host == allowed or host.endswith("." + allowed)):
            return True
    return False
