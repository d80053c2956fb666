"""From the demo: `edition new --auto`, then that edition in all four formats; and a
golden plain-text edition (the e-mail's text part) regenerated only on purpose."""

from __future__ import annotations

import email
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
from click.testing import CliRunner

from bulletin.cli import main
from bulletin.export import edition_site
from bulletin.export.eml import plain_text
from conftest import GIT_ENV

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "export"


def test_new_edition_from_the_pool_exports_to_every_format(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    shutil.copytree(ROOT, demo, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", ".bulletin-cache", "tests", "src", "scripts", "*.egg-info"))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "demo"]):
        subprocess.run(["git", *args], cwd=demo, env={**os.environ, **GIT_ENV}, check=True)
    runner = CliRunner()
    result = runner.invoke(main, ["edition", "new", "--repo", str(demo), "--auto", "--date",
                                  "2026-11-28"])
    assert result.exit_code == 0, result.stderr
    manifest = Path(result.stdout.strip())
    edition = f"2026-{manifest.stem}"
    outputs = {}
    for fmt in ("html", "pdf", "eml", "docx"):
        out = tmp_path / f"{edition}.{fmt}"
        result = runner.invoke(main, ["export", edition, "--repo", str(demo), "--format", fmt,
                                      "--output", str(out)])
        assert result.exit_code == 0, (fmt, result.stderr)
        outputs[fmt] = out
    pdf = pypdf.PdfReader(str(outputs["pdf"]))
    first = pdf.pages[0].extract_text()
    assert "INTERNAL" in first and "2026 No. 12" in first and "1 /" in first
    doc = docx.Document(str(outputs["docx"]))
    assert doc.paragraphs[0].text == "Qinghe Municipal Information Bulletin"
    message = email.message_from_bytes(outputs["eml"].read_bytes())
    assert message["Subject"] == "Qinghe Municipal Information Bulletin 2026 No. 12 [INTERNAL]"
    assert "2026 No. 12" in outputs["html"].read_text()


def test_plain_text_edition_matches_golden() -> None:
    site, view = edition_site(ROOT, "2026-011")
    actual = plain_text(site, view)
    path = GOLDEN / "2026-011.txt"
    if os.environ.get("BULLETIN_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")
