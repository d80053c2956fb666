"""Hand-written pages (issue 16, finding 4): docs/ goes through the items' sanitiser, and
only files that cannot run are copied from it."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from bulletin.site.build import build_site
from conftest import BulletinRepo, add_site_config
from site_scan import all_text, outside_requests, tags

TOKEN = "Zq7DocsLeak"
HOSTILE_PAGE = """---
title: "<img src=x onerror=alert('title')>"
description: '"><script>alert("description")</script>'
template: bulletin/cached-page.html
---

# Notes

## &lt;img src=x onerror=alert('toc')&gt;

<script>alert('script')</script>
<img src="x" onerror="alert('onerror')">
<iframe src="javascript:alert('iframe')"></iframe>
<div onclick="alert('div')" style="background:url(https://evil.example/x.png)">styled</div>
<div id="__config">{"search": "evil.js"}</div>
<form action="https://evil.example/"><input type="text" name="q"></form>

[a link](javascript:alert('link'))

![tracker](https://evil.example/t.png)

Plain **Markdown** stays as it was.
"""


@pytest.fixture
def site(bulletin_repo: BulletinRepo, tmp_path: Path) -> Path:
    r = bulletin_repo
    add_site_config(r, search="none")
    r.item("reservoir-levels-fall", classification="public")
    r.item("restricted-note", classification="restricted", title=f"Restricted {TOKEN}",
           body=f"Body {TOKEN}.\n")
    r.write("docs/notes.md", HOSTILE_PAGE)
    r.write("docs/evil.html", "<script>alert('html')</script>\n")
    r.write("docs/evil.js", "alert('js')\n")
    r.write("docs/extra.css", "body { color: black }\n")
    os.symlink("../items/water/2026/2026-11-18-restricted-note.md", r.root / "docs/leak.md")
    return build_site(r.root, site_dir=tmp_path / "site", quiet=True, audience="public")


def test_hand_written_pages_carry_no_script(site: Path) -> None:
    page = site / "notes/index.html"
    problems = []
    for tag, attrs in tags(page):
        if tag in {"iframe", "form", "object", "embed"}:
            problems.append(tag)
        if tag == "script" and attrs.get("src") and not attrs["src"].startswith("../assets/"):
            problems.append(f"script {attrs}")
        if tag == "input" and attrs.get("type") not in ("checkbox", "radio", None):
            problems.append(f"input {attrs}")
        for attr, value in attrs.items():
            if attr.startswith("on") or re.match(r"\s*javascript:", value or "", re.I):
                problems.append(f"{tag} {attr}={value}")
            if attr == "id" and value == "__config" and tag != "script":
                problems.append(f"{tag} id=__config")
    assert problems == []
    text = page.read_text("utf-8")
    assert not re.search(r"<script[^>]*>[^<]*alert\(", text)  # the theme's own carry none
    assert not re.search(r"<(img|div|a)\b[^>]*alert\(", text)
    assert "<strong>Markdown</strong> stays as it was." in text
    assert '<meta name="description" content="&#34;&gt;&lt;script&gt;' in text or \
        '&quot;&gt;&lt;script&gt;' in text
    assert outside_requests(site) == []


def test_only_files_that_cannot_run_are_copied_from_docs(site: Path) -> None:
    assert (site / "extra.css").is_file()
    assert not (site / "evil.html").exists() and not (site / "evil.js").exists()


def test_a_linked_page_never_leaks_an_item(site: Path) -> None:
    assert not (site / "leak").exists()
    assert TOKEN not in all_text(site)


def test_no_script_of_a_hand_written_page_runs_in_chromium(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed: apt-get install chromium")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            tab = browser.new_page()
            dialogs: list[str] = []
            tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            tab.goto(base + "notes/")
            tab.wait_for_load_state("load")
            for selector in ("div", "a", "img"):  # every handler a click could start
                for element in tab.locator(f"article {selector}").all():
                    for event in ("mouseover", "click"):
                        element.dispatch_event(event)
            tab.wait_for_timeout(300)  # a handler's timer, had one been set
            title = tab.title()
            toc = tab.locator(".md-nav--secondary").last.inner_text()
            browser.close()
    finally:
        server.shutdown()
    assert dialogs == []
    assert "‹img src=x onerror=alert('title')›" in title
    assert "<img src=x onerror=alert('toc')>" in toc  # shown as text

