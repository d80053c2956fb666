"""`bulletin export`: the demo bulletin's edition 2026-011 as HTML, PDF and e-mail."""

from __future__ import annotations

import email
import email.policy
import io
import re
import unicodedata
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.export import edition_site
from bulletin.export.pdf import render_pdf
from bulletin.load.repository import load_policy, load_repository

ROOT = Path(__file__).resolve().parents[1]
EDITION = "2026-011"


@pytest.fixture(scope="module")
def titles() -> list[str]:
    _, view = edition_site(ROOT, EDITION)
    return [item.title or item.id for item in view.items]


@pytest.fixture(scope="module")
def restricted_titles() -> list[str]:
    policy = load_policy(ROOT).policy
    assert policy is not None
    repo, _ = load_repository(ROOT, policy)
    found = [i.title for i in repo.items if i.classification == "restricted" and i.title]
    assert found, "the demo bulletin holds restricted items"
    return found


def export(tmp_path: Path, fmt: str, *extra: str) -> tuple[Path, str]:
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["export", EDITION, "--format", fmt, "--output", str(out),
                                       "--repo", str(ROOT), *extra])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    return out, result.output


def test_html_is_self_contained(tmp_path: Path, titles: list[str],
                                restricted_titles: list[str]) -> None:
    out, _ = export(tmp_path, "html")
    text = out.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in text
    for ref in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", text, re.I):
        assert not ref.startswith(("http://", "https://", "//")), ref
        assert ref.startswith(("#", "data:")), ref  # nothing outside the file
    assert "../items/" not in text
    assert "<link" not in text.lower()
    assert not re.search(r"<script[^>]*\bsrc", text, re.I)
    assert "<style>" in text and "--bl-red" in text  # the site's stylesheet, inlined
    assert "@page" in text and "A4" in text
    assert "Qinghe Municipal Information" in text  # masthead
    assert "2026 No. 11" in text
    assert text.count(">INTERNAL</p>") == 2  # marking at the top and the bottom
    for title in titles:
        assert title.replace("\"", "&#34;") in text or title in text, title
    for title in restricted_titles:
        assert title not in text, title


def test_default_output_is_edition_in_current_folder(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", EDITION, "--repo", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{EDITION}.html"
    assert (tmp_path / f"{EDITION}.html").is_file()


def test_unknown_edition_lists_the_newest(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "2026-099", "--repo", str(ROOT)])
    assert result.exit_code == 2
    assert "no edition '2026-099'" in result.output
    # newest by date, of every publication (the demo's proposals are proposals/2026-NNN)
    assert "(newest: proposals/2026-002, 2026-011, 2026-010, 2026-009, proposals/2026-001)" \
        in result.output


def _pdf_pages(data: bytes) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _squash(text: str) -> str:
    """Text without spaces, CJK characters as "?": PDF text extraction gives some of
    them as radicals or compatibility forms (民 → ⺠), and Latin ligatures (ﬂ)."""
    return re.sub(r"[\u2e80-\u2fdf\u3400-\u9fff]", "?",
                  re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


def test_pdf(tmp_path: Path, titles: list[str]) -> None:
    pytest.importorskip("playwright")
    out, _ = export(tmp_path, "pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = _pdf_pages(data)
    assert len(pages) > 1
    for number, text in enumerate(pages, 1):
        assert "INTERNAL" in text, number  # the marking on every page
        assert f"{number} / {len(pages)}" in text  # and its number
    whole = _squash("".join(pages))
    assert "QingheMunicipalInformation" in whole
    for title in titles:  # ligatures and CJK radicals come out as compatibility forms
        assert _squash(title) in whole, title


def test_pdf_without_playwright_marks_every_page(tmp_path: Path) -> None:
    site, view = edition_site(ROOT, EDITION)
    data = render_pdf(site, view, ROOT, use_playwright=False)
    assert data.startswith(b"%PDF")
    pages = _pdf_pages(data)
    assert len(pages) > 1
    assert all("INTERNAL" in _squash(text) for text in pages)


def test_eml(tmp_path: Path, titles: list[str]) -> None:
    out, _ = export(tmp_path, "eml", "--from", "office@qinghe.example")
    msg = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert msg["Subject"] == "Qinghe Municipal Information Bulletin 2026 No. 11 [INTERNAL]"
    assert msg["X-Classification"] == "INTERNAL"
    assert msg["From"].addresses[0].addr_spec == "office@qinghe.example"
    assert msg["From"].addresses[0].display_name
    assert msg["Date"] is not None
    plain = parts[0].get_content()
    assert plain.startswith("INTERNAL\n")
    assert "Qinghe Municipal Information" in plain
    for title in titles:
        assert title in plain, title
    assert "<!--" not in plain
    html = parts[1].get_content()
    assert "<!DOCTYPE html>" in html and "https://" not in html


def test_docx_is_wired(tmp_path: Path) -> None:
    pytest.importorskip("bulletin.export.docx")
    out, _ = export(tmp_path, "docx")
    assert out.read_bytes().startswith(b"PK")
