"""Pictures (issue 16, finding 5): an allowlist of types, judged by name and content, and
a strict SVG sanitiser; the check reports what the build refuses, the build publishes
only what passes, and a hostile SVG never runs in the browser."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.media import clean_svg, inspect
from bulletin.site.build import build_site
from conftest import BulletinRepo, add_site_config

PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)
HOSTILE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" onload="alert('onload')">
  <script>alert('script')</script>
  <rect width="10" height="10"/>
</svg>
"""
CLEAN_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 40 20"
     inkscape:version="1.3">
  <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
  <!-- exported by a drawing program -->
  <style>.bar { fill: url(#shade) }</style>
  <defs><linearGradient id="shade"><stop offset="0" stop-color="#a51d24"/></linearGradient>
  </defs>
  <rect class="bar" width="30" height="8" data-name="bar"/>
  <use xlink:href="#shade"/>
  <text x="2" y="18">Levels &amp; limits</text>
</svg>
"""


# --- the sanitiser ---------------------------------------------------------------------


@pytest.mark.parametrize(("svg", "where", "words"), [
    (HOSTILE_SVG, (1, 1), "event handler 'onload'"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>', (2, 1),
     "<script>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http://www.w3.org/1999/'
     b'xhtml">x</p></foreignObject></svg>', (1, 41), "<foreignObject>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
     (1, 41), "<a>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" '
     b'to="javascript:alert(1)"/></svg>', (1, 41), "<animate>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     b'<use x:href="https://evil.example/s.svg#a"/></svg>', (1, 80), "another document"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href=" java\tscript:alert(1)"/></svg>',
     (1, 41), "a script"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/'
     b'x)"/></svg>', (1, 41), "attribute 'style'"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url( \'//evil.example/x\')"/></svg>',
     (1, 41), "attribute 'fill'"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style>a{b:url(\nhttps://x)}</style></svg>',
     (1, 41), "<style>"),  # lines the parser hands over one by one are judged together
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style>a{b:\\75rl(x)}</style></svg>', (1, 41),
     "<style>"),
    (b'<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<svg xmlns="http://'
     b'www.w3.org/2000/svg">&lol2;</svg>', (1, 15), "DOCTYPE with declarations"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', (1, 49), "not well-formed"),
    (b"<svg><rect/></svg>", (1, 1), "root"),
    (b'<html><body><script>alert(1)</script></body></html>', (1, 1), "root"),
])
def test_the_svg_sanitiser_refuses_with_the_place(svg: bytes, where: tuple[int, int],
                                                  words: str) -> None:
    verdict = clean_svg(svg)
    assert not verdict.ok and verdict.data is None
    first = verdict.refusals[0]
    assert ((first.line, first.column), words in first.message) == (where, True), first


def test_a_clean_svg_is_published_as_the_sanitiser_rewrote_it() -> None:
    verdict = inspect("items/water/2026/chart.svg", CLEAN_SVG)
    assert verdict.ok and verdict.data is not None
    out = verdict.data.decode()
    assert out.startswith('<svg xmlns:xlink="http://www.w3.org/1999/xlink" '
                          'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">')
    for gone in ("DOCTYPE", "inkscape", "metadata", "rdf", "<!--", "data-name", "<?xml"):
        assert gone not in out
    for kept in ('<use xlink:href="#shade"></use>', "Levels &amp; limits",
                 ".bar { fill: url(#shade) }", 'stop-color="#a51d24"'):
        assert kept in out
    assert clean_svg(verdict.data).data == verdict.data  # its own output passes as it is


@pytest.mark.parametrize(("name", "data", "words"), [
    ("chart.png", b"<html><script>alert(1)</script></html>", "holds markup"),
    ("chart.jpg", PNG, "holds a PNG picture"),
    ("chart.gif", b"MZ\x90\x00", "holds something else"),
    ("chart.svg", PNG, "does not hold SVG"),
    ("page.html", b"<p>", "'.html' files are never published"),
    ("report.pdf", b"%PDF-1.7", "'.pdf' files are never published"),
])
def test_types_are_judged_by_name_and_content(name: str, data: bytes, words: str) -> None:
    verdict = inspect(name, data)
    assert not verdict.ok and words in verdict.refusals[0].message


@pytest.mark.parametrize(("name", "data"), [
    ("a.png", PNG), ("a.JPEG", b"\xff\xd8\xff\xe0" + bytes(8)), ("a.gif", b"GIF89a" + bytes(8)),
    ("a.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 "),
])
def test_pictures_are_published_as_they_are(name: str, data: bytes) -> None:
    verdict = inspect(name, data)
    assert verdict.ok and verdict.data == data


# --- the check reports what the build refuses ------------------------------------------


def _repo_with_pictures(repo: BulletinRepo) -> None:
    repo.item("reservoir-levels-fall", classification="public",
              body="Levels:\n\n![Chart](chart.svg)\n\n![Clean](clean.svg) ![Photo](photo.png)\n"
                   "\n![Page](page.html)\n\n![Report][r]\n\n[r]: ../../../docs/report.png\n")
    repo.write("items/water/2026/chart.svg", HOSTILE_SVG)
    repo.write("items/water/2026/clean.svg", CLEAN_SVG)
    repo.write("items/water/2026/photo.png", PNG)
    repo.write("items/water/2026/page.html", "<script>alert('page')</script>\n")


def test_the_check_reports_pictures_the_build_refuses(bulletin_repo: BulletinRepo) -> None:
    _repo_with_pictures(bulletin_repo)
    found = [(d.path, d.code, d.line, d.column) for d in bulletin_repo.diagnostics()
             if d.code in ("C006", "C007")]
    item = "items/water/2026/2026-11-18-reservoir-levels-fall.md"
    assert found == [
        (item, "C006", 19, 9),   # ![Page](page.html)
        (item, "C006", 23, 6),   # [r]: ../../../docs/report.png
        ("items/water/2026/chart.svg", "C007", 1, 1),  # onload
        ("items/water/2026/chart.svg", "C007", 2, 3),  # <script>
    ]


def test_a_pull_request_adding_a_hostile_svg_fails_its_check(bulletin_repo: BulletinRepo) -> None:
    r = bulletin_repo
    r.item("reservoir-levels-fall", body="Levels.\n")
    r.git("add", "-A")
    r.git("commit", "-qm", "main")
    r.git("checkout", "-qb", "feature")
    r.item("reservoir-levels-fall", body="Levels:\n\n![Chart](chart.svg)\n")
    r.write("items/water/2026/chart.svg", HOSTILE_SVG)
    r.git("add", "-A")
    r.git("commit", "-qm", "a chart")
    result = CliRunner().invoke(main, ["check", "--repo", str(r.root), "--no-source",
                                       "--no-quality", "--changed-since", "main"])
    assert result.exit_code == 1
    assert "items/water/2026/chart.svg:2:3: C007 element <script> is not allowed" in \
        result.stdout


# --- the build publishes only what passes, and nothing runs -----------------------------


@pytest.fixture
def built(bulletin_repo: BulletinRepo, tmp_path: Path) -> Path:
    add_site_config(bulletin_repo, search="none")
    _repo_with_pictures(bulletin_repo)
    bulletin_repo.write("docs/evil.svg", HOSTILE_SVG)
    bulletin_repo.write("docs/logo.svg", CLEAN_SVG)
    return build_site(bulletin_repo.root, site_dir=tmp_path / "site", quiet=True)


def test_the_build_publishes_only_what_passes(built: Path) -> None:
    media = built / "media/water/2026"
    assert sorted(p.name for p in media.iterdir()) == ["clean.svg", "photo.png"]
    assert (media / "clean.svg").read_bytes() == inspect("clean.svg", CLEAN_SVG).data
    assert (media / "photo.png").read_bytes() == PNG
    assert not (built / "evil").exists() and not (built / "evil.svg").exists()
    assert (built / "logo.svg").read_bytes() == inspect("logo.svg", CLEAN_SVG).data
    page = (built / "items/2026-11-18-reservoir-levels-fall/index.html").read_text("utf-8")
    assert "chart.svg" in page or "[Chart]" in page
    assert "page.html" not in page and "[Page]" in page


def test_strict_build_fails_on_a_refused_picture(built: Path, bulletin_repo: BulletinRepo,
                                                 tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--repo", str(bulletin_repo.root), "--strict",
                                       "-q", "-d", str(tmp_path / "strict")])
    assert result.exit_code == 1
    assert "items/water/2026/chart.svg:1:1: event handler 'onload'" in result.stderr


@pytest.fixture
def served(built: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_no_svg_script_runs_in_chromium(served: str, built: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed: apt-get install chromium")
    svgs = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.svg"))
    assert svgs == ["logo.svg", "media/water/2026/clean.svg"]
    urls = ["items/2026-11-18-reservoir-levels-fall/", *svgs, "media/water/2026/chart.svg",
            "media/water/2026/page.html", "evil.svg"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        tab = browser.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        statuses = {}
        for url in urls:
            response = tab.goto(served + url)
            statuses[url] = response.status if response else None
            tab.wait_for_timeout(200)
        browser.close()
    assert dialogs == []
    assert statuses == {urls[0]: 200, urls[1]: 200, urls[2]: 200, urls[3]: 404, urls[4]: 404,
                        urls[5]: 404}
