"""Atom and RSS feeds of published items: the whole bulletin, each category and, for an
office with several publications, each publication.

Feeds carry what the composed site carries, so the audience filter applies.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from ..fsutil import write_atomic
from ..model import Item
from .compose import Site
from .render import item_url

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"


def published(site: Site, category: str | None = None,
              publication: str | None = None) -> list[Item]:
    """Items published in an edition (of ``publication``, if given), newest edition
    first, each once."""
    out: dict[str, Item] = {}
    views = site.editions if publication is None else site.of_publication(publication)
    for view in views:
        for item in view.items:
            if category is None or item.category == category:
                out.setdefault(item.id, item)
    return list(out.values())[:FEED_SIZE]


def _updated(site: Site, item: Item) -> dt.datetime:
    view = site.editions_with[item.id][-1]  # its latest edition
    day = view.edition.date or item.date or dt.date.today()
    return dt.datetime.combine(day, dt.time(), site.policy.tz)


def atom(site: Site, items: list[Item], title: str, base: str, self_url: str) -> str:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "title", title)
    _sub(feed, "id", base + self_url if base else f"urn:bulletin:{self_url}")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + self_url)
    updated = max((_updated(site, i) for i in items), default=site.as_of)
    _sub(feed, "updated", updated.isoformat())
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _sub(author, "name", site.policy.publisher)
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _sub(entry, "title", item.title or item.id)
        _sub(entry, "id", base + item_url(item) if base else f"urn:bulletin:item:{item.id}")
        ET.SubElement(entry, f"{{{ATOM}}}link", href=base + item_url(item))
        _sub(entry, "updated", _updated(site, item).isoformat())
        _sub(entry, "summary", item.summary or "")
        _sub(entry, "category", None).set("term", item.category or "")
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def rss(site: Site, items: list[Item], title: str, base: str, page_url: str) -> str:
    root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = title
    ET.SubElement(channel, "link").text = base + page_url
    ET.SubElement(channel, "description").text = site.policy.publisher
    for item in items:
        node = ET.SubElement(channel, "item")
        ET.SubElement(node, "title").text = item.title or item.id
        ET.SubElement(node, "link").text = base + item_url(item)
        guid = ET.SubElement(node, "guid", isPermaLink="false")
        guid.text = f"bulletin:item:{item.id}"
        ET.SubElement(node, "pubDate").text = _updated(site, item).strftime(
            "%a, %d %b %Y %H:%M:%S %z")
        ET.SubElement(node, "description").text = item.summary or ""
        ET.SubElement(node, "category").text = item.category or ""
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    node.text = text
    return node


def write_feeds(site: Site, site_dir: Path, site_url: str) -> list[Path]:
    """Write feed.xml / rss.xml and feeds/<category>.xml|.rss; return the paths."""
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    policy = site.policy
    targets: list[tuple[str, str, str | None, str | None]] = [
        ("feed", policy.title, None, None)]
    for key, spec in policy.categories.items():
        targets.append((f"feeds/{key}", f"{policy.title}: {spec.name}", key, None))
    for key, publication in policy.publications.items():
        targets.append((f"feeds/publications/{key}", f"{policy.title}: {publication.name}",
                        None, key))
    written = []
    for stem, title, category, series in targets:
        items = published(site, category, series)
        path = site_dir / f"{stem}.xml"
        write_atomic(path, atom(site, items, title, base, f"{stem}.xml"))
        rss_path = site_dir / ("rss.xml" if stem == "feed" else f"{stem}.rss")
        write_atomic(rss_path, rss(site, items, title, base, ""))
        written += [path, rss_path]
    return written
