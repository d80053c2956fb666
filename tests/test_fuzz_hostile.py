"""Issue 16, finding 7: hostile items through every stage, and through the commands.

Hypothesis writes items from fragments that have broken bulletin before (markup
alone, unclosed comments and brackets, numbers of 5,000 digits, names of 300
bytes, lone surrogates, control characters...): the loader, every item rule, the
site's renderer and the Word export's text never raise. Then one bulletin of such
items goes through the commands as users run them: no traceback, and every exit
code is one the command documents.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.check.rules import REGISTRY, Context
from bulletin.config import parse_policy
from bulletin.export.docx_body import plain_paragraphs
from bulletin.load.items import parse_item
from bulletin.load.read import decode_text
from bulletin.model import Repository
from bulletin.site.markdown import BodyRenderer
from conftest import GIT_ENV, POLICY, BulletinRepo, add_site_config

ROOT = Path(__file__).resolve().parent.parent
_policy = parse_policy(POLICY).policy
assert _policy is not None
POLICY_OBJ = _policy

FRAGMENTS = [
    "<br>", "<!--", "-->", "<script>", "</script>", "[", "]", "(", ")", "![", "](", "//[",
    "http://[", "`", "```", "~~~", "\n", "\n\n", "#", "## ", "|", "-", "*", "_", "1. ",
    "9" * 5000, "9" * 5000 + ". x", "\t", "\r", "\u2028", "\x00", "\ud800", "中", "。", "；",
    "> ", "    ", "&", "&#0;", "&#x110000;", "{:", "onclick=", "www.", "@", "a" * 300, "/",
    "%ff", "%00", "\\", "*[A]: b", "[a]: ", "<", ">", '"', "'", "1e999", "..", "!",
    "<!-- bulletin-ignore Q504: x -->", "<!-- bulletin-ignore",
]
FIELDS = ["title", "summary", "tags", "region", "contact", "sources", "corrects", "embargo",
          "date", "event_date", "authors", "suppress", "withdrawn"]
VALUES = ["x", "<br>", "<!-- x -->", "[a, b]", "{a: 1}", "9" * 5000, "2026-13-45", "2026-02-29",
          "9999-12-31", "0001-01-01", "2026-11-18T25:00", "''", "'" + "a" * 300 + "'",
          "[" + ", ".join(["a"] * 100) + "]", "|\n  x", "null", "-1", "1e999",
          "{reason: x, date: 2026-01-01}", '"\\ud800"']
BASE = {"title": "A title", "unit": "water", "authors": "[Zhang]", "date": "2026-11-18",
        "category": "problem", "priority": "urgent", "classification": "internal",
        "summary": "S."}

bodies = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
fields = st.lists(st.tuples(st.sampled_from(FIELDS), st.sampled_from(VALUES)), max_size=6)
PAGES, EDITIONS = BodyRenderer(), BodyRenderer(shift=2)


def _text(body: str, extra: list[tuple[str, str]]) -> str:
    front = {**BASE, **dict(extra)}
    return "---\n" + "\n".join(f"{k}: {v}" for k, v in front.items()) + "\n---\n" + body


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies, extra=fields)
def test_every_stage_takes_a_hostile_item(body: str, extra: list[tuple[str, str]]) -> None:
    raw = _text(body, extra).encode("utf-8", "surrogatepass")
    out = decode_text("items/water/2026/2026-11-18-x.md", raw, [])
    item, _ = parse_item(out, POLICY_OBJ)
    repo = Repository(root="/nonexistent", policy=POLICY_OBJ)
    for rule in REGISTRY.values():
        if rule.check is not None and rule.scope == "item":
            list(rule.check(item, Context(repo, rule.defaults(), dt.date(2026, 11, 28))))
    for renderer in (PAGES, EDITIONS):
        renderer.render(item.body, item.path)
    plain_paragraphs(item.summary or "")
    plain_paragraphs(item.body)


def test_the_commands_take_a_bulletin_of_hostile_items(bulletin_repo: BulletinRepo) -> None:
    add_site_config(bulletin_repo)
    pick = random.Random(16)
    ids = []
    for n in range(24):
        body = "".join(pick.choice(FRAGMENTS) for _ in range(pick.randint(0, 50)))
        extra = pick.sample([(k, pick.choice(VALUES)) for k in ("summary", "tags", "region",
                                                                "title", "sources")], 2)
        ids.append(f"2026-11-18-hostile-{n}")
        path = bulletin_repo.root / f"items/water/2026/{ids[-1]}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        front = _text(body, [(k, v) for k, v in extra if "\\ud800" not in v])
        path.write_bytes(front.replace("problem", "situation").encode("utf-8", "surrogatepass"))
    bulletin_repo.edition(1, ids)
    bulletin_repo.write("bulletins/2026/responses.yml",
                        f"- item: {ids[0]}\n  by: '<br>'\n  date: 2026-11-21\n"
                        "  kind: instruction\n  note: '<!-- x --> <script>'\n")
    env = {**os.environ, **GIT_ENV,
           "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    commands = {
        ("check", "--no-cache"): (1,), ("check", "--format", "json"): (1,),
        ("check", "--format", "markdown"): (1,), ("check", "--format", "gitlab"): (1,),
        ("build", "--quiet", "--site-dir", "site"): (0,),
        ("export", "2026-001", "--format", "html", "--output", "e.html"): (0,),
        ("export", "2026-001", "--format", "docx", "--output", "e.docx"): (0,),
        ("export", "2026-001", "--format", "eml", "--output", "e.eml"): (0,),
        ("score",): (0, 2),
    }
    for args, codes in commands.items():
        done = subprocess.run([sys.executable, "-m", "bulletin", *args], cwd=bulletin_repo.root,
                              env=env, capture_output=True, text=True, check=False)
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, \
            (args, done.stderr[-3000:])
        assert done.returncode in codes, (args, done.returncode, done.stderr[-2000:])
