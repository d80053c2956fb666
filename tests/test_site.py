"""The site: real MkDocs builds of small fixture repositories."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.site.build import build_site
from conftest import BulletinRepo, add_site_config
from site_scan import all_text, html_pages, outside_requests, tags

GOLDEN = Path(__file__).parent / "golden" / "site"
TOKEN = "Zq7LeakToken"  # planted in restricted items; must never reach a lower build


def _build(repo: BulletinRepo, tmp_path: Path, audience: str | None = None,
           name: str = "site", **kwargs: object) -> Path:
    return build_site(repo.root, audience=audience, site_dir=tmp_path / name, quiet=True,
                      **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def site_repo(bulletin_repo: BulletinRepo) -> BulletinRepo:
    """Two public and internal items in an edition, one in the pool, one restricted of each."""
    add_site_config(bulletin_repo)
    r = bulletin_repo
    r.item("reservoir-levels-fall", classification="public",
           body="## Details\n\nLevels at **61 %**.\n", tags=["water"])
    r.item("intake-silt", date=dt.date(2026, 11, 19), title="Silt blocks the Xishan intake",
           category="problem", sources=["Intake log"], tags=["water", "silt"],
           body="## Problem\n\nFlow fell.\n\n## Causes\n\nSilt.\n\n## Suggestions\n\nDredge.\n")
    r.item("clinic-queues", unit="health", date=dt.date(2026, 11, 20),
           title="发热门诊排队时间超过三小时", summary="两家发热门诊候诊时间达三小时。",
           body="第一段\n第二段。\n")
    # restricted: one in a restricted edition, one in the pool
    secret = dict(classification="restricted", tags=[f"{TOKEN}tag"], region=f"{TOKEN} region",
                  sources=[f"{TOKEN} source"], summary=f"Summary {TOKEN}.")
    r.item(f"{TOKEN.lower()}-published", date=dt.date(2026, 11, 19),
           title=f"Restricted {TOKEN} published", body=f"Body {TOKEN}.\n", **secret)
    r.item(f"{TOKEN.lower()}-pool", date=dt.date(2026, 11, 21),
           title=f"Restricted {TOKEN} pool", body=f"Body {TOKEN}.\n", **secret)
    r.edition(1, ["2026-11-18-reservoir-levels-fall", "2026-11-19-intake-silt"],
              date="2026-11-20", note='"An editor\'s note."')
    r.edition(2, [f"2026-11-19-{TOKEN.lower()}-published"], date="2026-11-21",
              audience="restricted", title=f'"{TOKEN} edition"')
    return r


def test_pages_for_editions_items_archives_pool(site_repo: BulletinRepo,
                                                tmp_path: Path) -> None:
    site = _build(site_repo, tmp_path, "restricted")
    for page in ("index.html", "editions/index.html", "editions/2026/001/index.html",
                 "editions/2026/002/index.html", "items/2026-11-18-reservoir-levels-fall/"
                 "index.html", "archive/index.html", "archive/2026/index.html",
                 "archive/units/water/index.html", "archive/categories/problem/index.html",
                 "archive/tags/silt/index.html", "pool/index.html", "search/index.html",
                 "about/index.html", "feed.xml", "rss.xml", "feeds/problem.xml",
                 "sitemap.xml", "404.html"):
        assert (site / page).is_file(), page
    edition = (site / "editions/2026/001/index.html").read_text()
    assert "2026 No. 1" in edition and "An editor's note." in edition
    assert edition.count('class="bl-marking') == 2  # the marking, at the top and the bottom
    assert ('<style>@page { @top-center { content: "INTERNAL"; } @bottom-center { content: '
            '"INTERNAL"; } }</style>') in edition  # and in the margins of every printed page
    assert 'class="bl-item bl-item--lead" id="2026-11-18-reservoir-levels-fall"' in edition
    pool = (site / "pool/index.html").read_text()
    assert "发热门诊排队时间超过三小时" in pool and "Silt blocks" not in pool


def test_item_pages_are_not_in_the_navigation(site_repo: BulletinRepo,
                                              tmp_path: Path) -> None:
    site = _build(site_repo, tmp_path)
    home = (site / "index.html").read_text()
    assert "items/2026-11-18-reservoir-levels-fall/" in home  # linked from the content
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', home, re.S)
    assert nav is not None
    assert "items/" not in nav.group(0)
    for label in ("Editions", "Archive", "Information pool", "Search", "About"):
        assert label in nav.group(0)


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_nothing_restricted_reaches_a_lower_build(site_repo: BulletinRepo, tmp_path: Path,
                                                  audience: str) -> None:
    # also list the restricted item in an internal edition: the check fails, the build
    # must still leave it out
    site_repo.edition(3, ["2026-11-21-" + TOKEN.lower() + "-pool"], date="2026-11-22")
    site = _build(site_repo, tmp_path, audience)
    leaks = [str(p.relative_to(site)) for p, text in all_text(site)
             if TOKEN in text or TOKEN.lower() in text]
    assert leaks == []
    higher = _build(site_repo, tmp_path, "restricted", name="restricted")
    found = {p.relative_to(higher).parts[0] for p, text in all_text(higher) if TOKEN in text}
    # the token really was there, and this search would have seen it in every kind of file
    assert {"items", "editions", "archive", "pool", "pagefind", "feed.xml"} <= found


def test_public_build_holds_only_public_items(site_repo: BulletinRepo, tmp_path: Path) -> None:
    site = _build(site_repo, tmp_path, "public")
    items = sorted(p.name for p in (site / "items").iterdir())
    assert items == ["2026-11-18-reservoir-levels-fall"]
    assert not (site / "editions/2026/002").exists()
    sitemap = (site / "sitemap.xml").read_text()
    assert "intake-silt" not in sitemap and "reservoir-levels-fall" in sitemap


def test_the_build_needs_no_outside_host(site_repo: BulletinRepo, tmp_path: Path) -> None:
    site = _build(site_repo, tmp_path)
    assert outside_requests(site) == []


def test_chinese_text_renders_without_stray_spaces(site_repo: BulletinRepo,
                                                   tmp_path: Path) -> None:
    site = _build(site_repo, tmp_path)
    page = (site / "items/2026-11-20-clinic-queues/index.html").read_text()
    assert "<p>第一段第二段。</p>" in page
    assert 'lang="zh"' in page


def test_feeds_are_well_formed_and_filtered(site_repo: BulletinRepo, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    site = _build(site_repo, tmp_path, "internal")
    atom = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)]
    # an entry above the lowest level carries its marking
    assert titles == ["Reservoir levels fall below the flood-season limit",
                      "[INTERNAL] Silt blocks the Xishan intake"]
    rss = ET.parse(site / "feeds/problem.rss").getroot()
    assert [i.findtext("title") for i in rss.iter("item")] == \
        ["[INTERNAL] Silt blocks the Xishan intake"]


def test_strict_fails_when_an_item_is_left_out(site_repo: BulletinRepo, tmp_path: Path) -> None:
    site_repo.write("items/water/2026/2026-11-22-broken.md", "---\ntitle: [\n---\n")
    _build(site_repo, tmp_path)  # renders the rest
    result = CliRunner().invoke(main, ["build", "--repo", str(site_repo.root), "--strict",
                                       "-q", "-d", str(tmp_path / "strict")])
    assert result.exit_code == 1
    assert "2026-11-22-broken.md: left out: cannot be read" in result.stderr


def test_unknown_audience_is_a_usage_error(site_repo: BulletinRepo, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--repo", str(site_repo.root), "--audience",
                                       "secret", "-d", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "unknown audience 'secret'" in result.stderr


def test_embargoed_item_waits_until_its_time(site_repo: BulletinRepo, tmp_path: Path) -> None:
    site_repo.item("retail-sales", date=dt.date(2026, 11, 21),
                   embargo="2026-11-25T09:00:00+08:00")
    before = _build(site_repo, tmp_path, as_of="2026-11-25T08:59:00+08:00", name="a")
    after = _build(site_repo, tmp_path, as_of="2026-11-25T09:00:00+08:00", name="b")
    assert not (before / "items/2026-11-21-retail-sales").exists()
    assert (after / "items/2026-11-21-retail-sales/index.html").is_file()


def test_strict_publish_build_leaves_a_future_embargo_out_and_succeeds(
        site_repo: BulletinRepo, tmp_path: Path) -> None:
    # finding 8: an embargo is an item meant to wait, not a problem: the publish build
    # (bulletin build --strict) must not fail on it, and says so in an info line
    site_repo.item("retail-sales", date=dt.date(2026, 11, 21),
                   embargo="2099-01-01T09:00:00+08:00")
    site_repo.edition(3, ["2026-11-21-retail-sales"], date="2026-11-22")
    site = tmp_path / "strict"
    result = CliRunner().invoke(main, ["build", "--repo", str(site_repo.root), "--strict",
                                       "-d", str(site)])
    assert result.exit_code == 0, result.stderr
    assert "2026-11-21-retail-sales.md: left out: under embargo" in result.stderr
    assert "WARNING" not in result.stderr
    assert not (site / "items/2026-11-21-retail-sales").exists()
    assert "retail" not in (site / "editions/2026/003/index.html").read_text("utf-8").lower()
    quiet = CliRunner().invoke(main, ["build", "--repo", str(site_repo.root), "--strict",
                                      "-q", "-d", str(tmp_path / "quiet")])
    assert quiet.exit_code == 0 and "embargo" not in quiet.stderr


def _main_content(page: Path) -> str:
    text = page.read_text("utf-8")
    m = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>\s*</div>',
                  text, re.S)
    assert m, page
    return "\n".join(line.strip() for line in m.group(1).split("\n") if line.strip()) + "\n"


@pytest.mark.parametrize(("page", "golden"), [
    ("editions/2026/001/index.html", "edition.html"),
    ("items/2026-11-19-intake-silt/index.html", "item.html"),
])
def test_golden_main_content(site_repo: BulletinRepo, tmp_path: Path, page: str,
                             golden: str) -> None:
    site = _build(site_repo, tmp_path)
    actual = _main_content(site / page)
    path = GOLDEN / golden
    if os.environ.get("BULLETIN_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


# --- sanitising -----------------------------------------------------------------------

XSS_BODIES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "Paragraph\n{: onclick=\"alert(1)\" }",
    "## Heading {: onmouseover=alert(1) }",
    "<div markdown=\"1\" onclick=\"alert(1)\">*x*</div>",
    "<form action=\"https://evil.example\"><input name=a></form>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<style>body{background:url(https://evil.example/x.png)}</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\" style=\"color:red\">ok</a>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<scr<script>ipt>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "```html\n<script>alert(1)</script>\n```",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "![ext](https://cdn.example.com/tracker.png)",
    "[x](vbscript:msgbox(1))",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
]


def test_item_html_never_reaches_the_site(bulletin_repo: BulletinRepo, tmp_path: Path) -> None:
    add_site_config(bulletin_repo)
    for n, payload in enumerate(XSS_BODIES):
        bulletin_repo.item(f"xss-{n}", title=f"<script>alert({n})</script> {payload[:20]}",
                           summary=f"<img src=x onerror=alert({n})>", body=payload + "\n",
                           tags=[f"<b onclick=alert({n})>t</b>"], region=payload[:30],
                           classification="public")
    bulletin_repo.edition(1, [f"2026-11-18-xss-{n}" for n in range(len(XSS_BODIES))],
                          note=json.dumps("<script>alert('note')</script>"))
    site = _build(bulletin_repo, tmp_path)
    problems = []
    for page in html_pages(site):
        for tag, attrs in tags(page):
            where = f"{page.relative_to(site)} <{tag}>"
            ours = (tag == "form" and attrs.get("role") == "search" and attrs.get("class") in
                    ("bl-header__search", "bl-root-form"))  # the header's search field, 404's
            if tag in {"iframe", "object", "embed", "form", "base"} and not ours:
                problems.append(where)
            if tag == "meta" and "http-equiv" in attrs:
                problems.append(where)
            foreign = not re.match(r"^(/|(\.\./)*)(assets|pagefind)/", attrs.get("src") or "")
            if tag == "script" and foreign and (
                    attrs.get("src") is not None or _inline_script_from_items(page, attrs)):
                problems.append(f"{where} {attrs}")
            for attr, value in attrs.items():
                if attr.startswith("on"):
                    problems.append(f"{where} {attr}")
                if attr in ("href", "src", "action", "srcset", "data") and value and re.match(
                        r"\s*(javascript|vbscript|data):", value, re.I):
                    problems.append(f"{where} {attr}={value[:40]}")
                if attr == "src" and value and "evil.example" in value:
                    problems.append(f"{where} {attr}={value}")
                if attr == "style" and tag not in {"div", "span"} and value and (
                        "url(" in value or "javascript" in value):
                    problems.append(f"{where} style={value}")
    assert problems == []
    # item text is shown as text, not dropped
    page = (site / "items/2026-11-18-xss-0/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert outside_requests(site) == []


def _inline_script_from_items(page: Path, attrs: dict[str, str | None]) -> bool:
    # Material writes inline scripts of its own (config, palette); those carry no
    # attributes from items. An inline script we did not write would contain 'alert'.
    text = page.read_text("utf-8")
    return bool(re.search(r"<script[^>]*>[^<]*alert\(", text))


# --- the commands, as a new user runs them -------------------------------------------


def test_init_then_build_gives_a_self_contained_site(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "office"
    assert runner.invoke(main, ["init", str(target)]).exit_code == 0
    result = runner.invoke(main, ["build", "--repo", str(target), "-q"])
    assert result.exit_code == 0, result.stderr
    site = target / "site"
    assert (site / "index.html").is_file() and (site / "pagefind/pagefind.js").is_file()
    assert len(list((site / "items").iterdir())) == 1
    assert outside_requests(site) == []


def test_plain_mkdocs_build_works(site_repo: BulletinRepo, tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d",
                          str(tmp_path / "plain")], cwd=site_repo.root, capture_output=True,
                         text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "plain/items/2026-11-19-intake-silt/index.html").is_file()


def test_serve_rebuilds_when_an_item_changes(site_repo: BulletinRepo) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/items/2026-11-19-intake-silt/"
    proc = subprocess.Popen([sys.executable, "-m", "bulletin", "serve", "--repo",
                             str(site_repo.root), "--dev-addr", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def fetch_until(text: str, deadline: float) -> str:
        page = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    page = response.read().decode("utf-8")
                if text in page:
                    return page
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError(f"{text!r} never appeared at {url}")

    try:
        fetch_until("Silt blocks the Xishan intake", time.monotonic() + 60)
        path = site_repo.root / "items/water/2026/2026-11-19-intake-silt.md"
        path.write_text(path.read_text().replace("Silt blocks the Xishan intake",
                                                 "Silt clears from the Xishan intake"))
        fetch_until("Silt clears from the Xishan intake", time.monotonic() + 60)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_writing_guide_documents_every_rule(site_repo: BulletinRepo, tmp_path: Path) -> None:
    from bulletin.check.rules import REGISTRY

    site = _build(site_repo, tmp_path, "internal")
    guide = (site / "guide/index.html").read_text()
    for code, rule in REGISTRY.items():
        assert f'id="{code}"' in guide, code
        assert rule.name in guide
    assert "What it does" in guide and "Use instead" in guide
    assert "高度重视" in guide  # the examples come in Chinese too
