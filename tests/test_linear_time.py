"""Issue 16, finding 6: hostile bodies are read and rendered in linear time.

No test here measures time (scripts/bench_adversarial.py prints the figures).
Each asserts what the rewrite does: a body of a megabyte of the inputs that used
to take minutes or never finish is checked and rendered here, with the findings
and the output it must have; the bounds (S029, the link patterns' reach) behave
as documented; and the rewritten patterns find what the old ones found.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin.check.prose import _URL as URL
from bulletin.check.prose import mask, mask_inline_code
from bulletin.load.items import DIRECTIVE, scan_directives, scan_headings
from bulletin.site.markdown import (
    MAX_LINK_TARGET,
    MAX_LINK_TEXT,
    BodyRenderer,
    strip_hidden,
)
from bulletin.text import MAX_FORMATTED_BODY
from conftest import BulletinRepo, add_site_config

MB = 1_000_000


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _references(size: int) -> str:
    count = size // 60
    defs = "".join(f"[r{n}]: https://intranet.example/{n}\n" for n in range(count))
    return (defs + "\n" + " ".join(f"[see][r{n}]" for n in range(count)))[:size]


# the inputs of the finding, at about 1 MB (an item may have 1 MiB)
HOSTILE = {
    "link targets": _repeat("[](", MB),
    "suppressions": _repeat("<!-- bulletin-ignore Q504: x -->\n", MB),
    "inline suppressions": _repeat("a <!-- bulletin-ignore Q504: x --> ", MB),
    "unclosed suppressions": _repeat("<!-- bulletin-ignore Q504: x ", MB),
    "brackets": _repeat("[", MB),
    "references": _references(MB),
    "heading of spaces": "## a" + " " * (MB - 5) + "b",
    "figures": _repeat("1,", MB),
    "sentences": _repeat("!", MB),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_megabyte_of_hostile_body_is_checked(bulletin_repo: BulletinRepo, name: str) -> None:
    rel = bulletin_repo.item(body=HOSTILE[name] + "\n")
    codes = {code for path, code, _ in bulletin_repo.codes() if path == rel}
    assert "S029" in codes  # too long to format: said, not silent


@pytest.mark.parametrize("name", ["link targets", "brackets", "references", "suppressions"])
def test_a_long_body_is_shown_as_escaped_plain_text(name: str) -> None:
    body = HOSTILE[name]
    rendered = BodyRenderer().render(body, "items/water/2026/x.md")
    assert "<a " not in rendered.html and "<img" not in rendered.html
    assert "bulletin-ignore" not in rendered.html  # suppressions still removed
    assert rendered.html.startswith("<p>")


def test_a_body_just_under_the_bound_is_markdown_with_its_links() -> None:
    link = "[the report](https://intranet.example/r) "
    body = "## Heading\n\n" + _repeat("[](", MAX_FORMATTED_BODY - len(link) - 20) + "\n\n" + link
    assert len(body) <= MAX_FORMATTED_BODY
    html = BodyRenderer().render(body, "items/water/2026/x.md").html
    assert '<h2>Heading</h2>' in html
    assert 'href="https://intranet.example/r"' in html


def test_plain_text_keeps_paragraphs_and_escapes_markup() -> None:
    body = ("<script>alert(1)</script> **a**\nsecond line\n\n\nnext & last"
            + " " * MAX_FORMATTED_BODY)
    html = BodyRenderer().render(body, "items/water/2026/x.md").html
    assert html == ("<p>&lt;script&gt;alert(1)&lt;/script&gt; **a**<br>second line</p>\n"
                    "<p>next &amp; last</p>")


def test_link_text_and_target_are_looked_for_only_so_far() -> None:
    r = BodyRenderer()
    near = r.render("[" + "a" * 100 + "](x.md)", "items/water/2026/y.md").html
    assert "<a " in near
    far_text = r.render("[" + "a" * (MAX_LINK_TEXT + 10) + "](x.md)", "items/w/2026/y.md").html
    assert "<a " not in far_text
    far_target = r.render("[a](" + "b" * (MAX_LINK_TARGET + 10) + ")", "items/w/2026/y.md").html
    assert "<a " not in far_target
    nested = r.render("[a [b [c] d] e](x.md) and ![alt](p.png)", "items/water/2026/y.md")
    assert '<a href="x.md" rel="noopener noreferrer">a [b [c] d] e</a>' in nested.html
    assert nested.assets == ["items/water/2026/p.png"]


def test_the_site_renders_a_megabyte_of_brackets(bulletin_repo: BulletinRepo) -> None:
    from bulletin.site.build import build_site

    add_site_config(bulletin_repo)
    bulletin_repo.item(body=HOSTILE["brackets"] + "\n")
    bulletin_repo.item(slug="links", body=HOSTILE["link targets"] + "\n")
    site = build_site(bulletin_repo.root, site_dir=bulletin_repo.root / "site", quiet=True)
    page = site / "items" / "2026-11-18-reservoir-levels-fall" / "index.html"
    assert "[[[[[[[[" in page.read_text("utf-8")


# the rewritten patterns find what the old ones found, on the inputs they were made for

OLD_DIRECTIVE = re.compile(r"<!--\s*bulletin-ignore\s+([\w-]+)\s*(?::\s*(.*?))?\s*-->")
OLD_H2 = re.compile(r"^ {0,3}##[ \t]+(.+?)[ \t]*#*[ \t]*$")
OLD_LINK_TARGET = re.compile(r"(\]\()([^)\s]*)((?:\s+\"[^\"]*\")?\))")
OLD_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)

pieces = st.lists(st.sampled_from([
    "<!--", "-->", "bulletin-ignore", " ", "Q504", ":", "reason", "\n", "##", "#", "\t", "a",
    "](", ")", "[", "]", '"', "x.md", "<script>", "</script >", "<STYLE>", "</style>", "中文",
]), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=pieces)
def test_suppressions_are_read_as_before(text: str) -> None:
    new = [(d.code, d.reason, d.line, d.column) for d in scan_directives(text, 1)]
    old = [(m.group(1), (m.group(2) or "").strip(), number, m.start() + 1)
           for number, line in enumerate(text.split("\n"), 1)
           for m in OLD_DIRECTIVE.finditer(line)]
    if all(line.count("<!--") <= 1 for line in text.split("\n")):
        assert new == old  # a reason no longer runs across a second "<!--" on its line
    assert all(DIRECTIVE.search(f"<!-- bulletin-ignore {code}: {reason} -->")
               for code, reason, _, _ in new)


@settings(max_examples=500, deadline=None)
@given(text=pieces)
def test_headings_are_read_as_before(text: str) -> None:
    for line in text.split("\n"):
        old = OLD_H2.match(line)
        new = scan_headings(line, 1)
        if old is not None and old.group(1).strip():
            assert [h.text for h in new] == [old.group(1).strip()]
        else:
            assert not new or not new[0].text.strip()  # "##   ": no longer a heading


@settings(max_examples=500, deadline=None)
@given(text=pieces)
def test_link_targets_are_masked_as_before(text: str) -> None:
    for line in text.split("\n"):
        if line.count("](") > 1:
            continue  # a target now stops at the next "](": the old one ran on
        inline = mask_inline_code(line)
        old = OLD_LINK_TARGET.sub(lambda m: m.group(1) + " " * len(m.group(2)) + m.group(3),
                                  inline)
        assert mask(line) == URL.sub(lambda m: " " * len(m.group(0)), old)


@settings(max_examples=1000, deadline=None)
@given(text=pieces)
def test_comments_and_scripts_are_stripped_as_before(text: str) -> None:
    assert strip_hidden(text) == OLD_HIDDEN.sub("", text)
