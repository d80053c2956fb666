"""Where the site's pages are, and links between them: clean relative paths that work
under any base path, without the file system."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..model import Item
from ..text import slugify
from .compose import EditionView


def url_of(src: str) -> str:
    """The directory URL of a generated page: ``items/x/index.md`` → ``items/x/``."""
    return src.removesuffix("index.md")


class Here:
    """The page being rendered: makes links relative to it, for any base path."""

    def __init__(self, url: str, number: int = 1, count: int = 1, base: str = "") -> None:
        self.url, self.number, self.pages, self.base = url, number, count, base

    def rel(self, target: str) -> str:
        if target == self.url:
            return "./"
        rel = relpath(target or ".", self.url or ".")
        return rel + "/" if target.endswith("/") or not target else rel

    def page_url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"


def relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for the site's clean relative paths, without the file system."""
    to = [p for p in target.split("/") if p and p != "."]
    here = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def item_url(item: Item) -> str:
    return f"items/{item.id}/"


def edition_url(view: EditionView) -> str:
    """``editions/2026/047/``; of a publication's folder, ``editions/daily/2026/047/``."""
    parts = view.edition.path.split("/")
    folder = f"{parts[1]}/" if len(parts) == 4 else ""
    return f"editions/{folder}{view.year}/{Path(view.edition.path).stem}/"


def tag_slug(tag: str) -> str:
    return slugify(tag, max_words=8) if tag.strip() else "tag"


def css_string(text: str) -> Markup:
    """``text`` as a CSS string, every character but letters, digits and spaces escaped
    (a marking printed in the page margins by ``@page``): safe inside ``<style>``."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')
