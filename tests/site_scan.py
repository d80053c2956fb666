"""Helpers that read a built site: its pages, their links, scripts and texts."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

TEXT_SUFFIXES = {".html", ".xml", ".rss", ".json", ".js", ".css", ".txt", ".map", ".gz",
                 ".webmanifest", ".pf_meta", ".pf_fragment", ".pf_index"}
REQUESTING = {  # (tag, attribute) pairs that make the browser fetch something
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
    ("source", "srcset"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("input", "src"), ("image", "href"), ("use", "href"), ("link", "href"),
}
OUTSIDE = re.compile(r"^\s*(?:https?:)?//", re.I)


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def files(site: Path) -> Iterator[Path]:
    yield from (p for p in sorted(site.rglob("*")) if p.is_file())


def html_pages(site: Path) -> Iterator[Path]:
    yield from (p for p in files(site) if p.suffix == ".html")


def tags(page: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Collector()
    parser.feed(page.read_text("utf-8"))
    return parser.tags


def outside_requests(site: Path) -> list[str]:
    """Every reference in the site that would make a browser contact another host."""
    found = []
    for page in html_pages(site):
        for tag, attrs in tags(page):
            for attr, value in attrs.items():
                if (tag, attr) in REQUESTING and value and OUTSIDE.match(value):
                    if tag == "link" and (attrs.get("rel") or "") in ("canonical",):
                        continue
                    found.append(f"{page.relative_to(site)}: <{tag} {attr}={value}>")
                if attr == "style" and value and re.search(r"url\(\s*['\"]?\s*(https?:)?//",
                                                          value):
                    found.append(f"{page.relative_to(site)}: style url() {value[:80]}")
    for css in (p for p in files(site) if p.suffix == ".css"):
        text = css.read_text("utf-8", "replace")
        for m in re.finditer(r"(?:url\(\s*['\"]?|@import\s+['\"])\s*((?:https?:)?//[^'\")\s]+)",
                             text):
            found.append(f"{css.relative_to(site)}: {m.group(1)}")
    return found


def all_text(site: Path) -> Iterator[tuple[Path, str]]:
    """Every file's text (gzip files decompressed), for leak searches."""
    import gzip

    for path in files(site):
        raw = path.read_bytes()
        if path.suffix == ".gz" or raw[:2] == b"\x1f\x8b":
            with contextlib.suppress(OSError):
                raw = gzip.decompress(raw)
        yield path, raw.decode("utf-8", "replace")
