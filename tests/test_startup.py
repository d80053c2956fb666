"""What a process imports before it checks anything: the pull request's check starts
many times a day, and each heavy module it does not need costs every run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from xml.sax import saxutils

from hypothesis import given
from hypothesis import strategies as st

from bulletin.media import escape, quoteattr


def _imported(code: str) -> set[str]:
    """The top-level names of the modules a fresh interpreter holds after ``code``."""
    script = textwrap.dedent(code) + "\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    return set(out.stdout.split())


def test_the_command_line_imports_neither_pydantic_nor_numpy() -> None:
    """``bulletin --help``, ``bulletin rule``, a typo: none needs the policy's models or
    the near-duplicate index."""
    modules = _imported("import bulletin.cli")
    assert not {m for m in modules if m.split(".")[0] in ("pydantic", "numpy", "git")}


def test_the_pull_request_path_imports_no_network_modules() -> None:
    """The check (its engine, rules, near-duplicate index, review rules and reports)
    never talks to a network: urllib.request, http.client and ssl are not imported."""
    modules = _imported("""
        import bulletin.cli.check
        from bulletin.git.history import changes_since, published_at
        from bulletin.check.engine import check_repository
        from bulletin.check.similarity import index
        from bulletin.check.rules.review import Review
        from bulletin.report import render_json, render_text, quality_cards
        """)
    assert "bulletin.check.engine" in modules  # the imports above did happen
    assert not modules & {"ssl", "http.client", "urllib.request", "xml.sax.saxutils"}


@given(st.text(alphabet=st.sampled_from("ab &<>\"'\n\r\t中"), max_size=30))
def test_escaping_is_that_of_saxutils(text: str) -> None:
    assert escape(text) == saxutils.escape(text)
    assert quoteattr(text) == saxutils.quoteattr(text)
