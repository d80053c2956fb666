"""The edition as an A4 PDF, printed by headless Chromium.

The HTML export's print styles put the classification marking in the top and
bottom margins of every page and "page / pages" at its foot (``@page`` margin
boxes), so the marking never overlaps the text and appears once in each margin.
Chromium prints it through Playwright when that is importable, else from its
command line; both without Chromium's own header and footer.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import UsageError
from ..site.compose import EditionView, Site
from .html import render_html

TIMEOUT = 120


def chromium() -> str:
    """The Chromium binary, or a usage error saying how to get one."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise UsageError("the PDF export needs Chromium: install Debian's chromium "
                         "('apt-get install chromium')")
    return found


def has_playwright() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def render_pdf(site: Site, view: EditionView, media_root: Path | None = None,
               use_playwright: bool | None = None) -> bytes:
    """Print ``view`` to PDF bytes."""
    binary = chromium()
    if use_playwright is None:
        use_playwright = has_playwright()
    with tempfile.TemporaryDirectory(prefix="bulletin-pdf-") as tmp:
        source = Path(tmp) / "edition.html"
        out = Path(tmp) / "edition.pdf"
        source.write_text(render_html(site, view, media_root), "utf-8")
        if use_playwright:
            _playwright(binary, source, out)
        else:
            _cli(binary, source, out)
        data = out.read_bytes()
    if not data.startswith(b"%PDF"):
        raise UsageError("Chromium wrote no PDF")
    return data


def _playwright(binary: str, source: Path, out: Path) -> None:
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=binary, args=["--no-sandbox"])
            try:
                page = browser.new_page()
                page.goto(source.as_uri(), wait_until="load")
                page.pdf(path=str(out), format="A4", print_background=True,
                         prefer_css_page_size=True, display_header_footer=False)
            finally:
                browser.close()
    except Error as exc:
        raise UsageError(f"Chromium (through Playwright) could not print the PDF: "
                         f"{str(exc).splitlines()[0]}") from None


def _cli(binary: str, source: Path, out: Path) -> None:
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--print-to-pdf={out}", source.as_uri()]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"Chromium could not print the PDF: {exc}") from None
    if done.returncode != 0 or not out.is_file():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise UsageError(f"Chromium could not print the PDF (exit {done.returncode}): {tail}")
