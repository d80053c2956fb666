"""``bulletin import --format ninjs``: items from offices not on git, or from a
newsroom system, into this office's pool.

Each file is one IPTC ninjs 2.1 object (the mapping of :mod:`bulletin.export.ninjs`,
read backwards). Everything is checked before anything is written: every problem is
a finding located at the offending key of its file, and one problem anywhere means
no file is written. The body's HTML is reduced to plain Markdown (headings,
paragraphs, lists, emphasis); every other tag, and anything like a tag in the text,
is dropped or escaped. The classification (``rightsinfo`` of the classification
language) is required: an item is never imported at a level it was not given.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nh3

from .. import safeyaml
from ..config import Policy
from ..diagnostics import Finding
from ..load.walk import ITEMS_DIR
from ..text import did_you_mean, slugify

CODE = "N010"
MAX_BYTES = 4 << 20
CLASSIFICATION_LANG = "urn:bulletin:classification"
_BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "br", "strong", "b", "em", "i"}


@dataclass
class Imported:
    """One ninjs file read: the item's fields and body, or the problems found."""

    path: str
    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def target(self) -> str:
        day = self.fields["date"]
        return f"{ITEMS_DIR}/{self.fields['unit']}/{day[:4]}/{day}-" \
               f"{slugify(self.fields['title'])}.md"


def html_to_markdown(value: str) -> str:
    """Plain Markdown of a ninjs body's HTML: nothing of its markup survives but
    headings, paragraphs, list items and emphasis."""
    text = nh3.clean(value, tags=_BLOCKS, attributes={}, strip_comments=True)
    text = re.sub(r"\s*<br\s*/?>\s*", "\n", text)
    text = re.sub(r"<h[2-4]>", "\n\n## ", text)
    text = re.sub(r"</h[2-4]>|</p>|</ul>|</ol>", "\n\n", text)
    text = re.sub(r"<li>", "\n- ", text)
    text = re.sub(r"</?(?:strong|b)>", "**", text)
    text = re.sub(r"</?(?:em|i)>", "*", text)
    text = re.sub(r"<[^>]{0,40}>", "", text)
    text = html.unescape(text).replace("<", "&lt;")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


class _Reader:
    """One file's object, with the position of every key for the findings."""

    def __init__(self, path: str, text: str, data: dict[str, Any]) -> None:
        self.path, self.data = path, data
        self.doc = safeyaml.load(text)
        self.findings: list[Finding] = []

    def bad(self, message: str, *key: str | int) -> None:
        pos = self.doc.where(*key) if self.doc.ok and key else None
        self.findings.append(Finding(CODE, message, pos.line if pos else 1,
                                     pos.column if pos else 1, self.path))

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.bad(f"'{key}' is required")
            return None
        if not isinstance(value, str) or not value.strip():
            self.bad(f"'{key}' must be a non-empty string", key)
            return None
        return value.strip()

    def objects(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.bad(f"'{key}' must be an array of objects", key)
            return []
        out = []
        for i, entry in enumerate(value):
            if isinstance(entry, dict):
                out.append((i, entry))
            else:
                self.bad(f"'{key}[{i}]' must be an object", key, i)
        return out

    def day(self, key: str, policy: Policy, required: bool = False) -> dt.datetime | None:
        value = self.text(key, required)
        if value is None:
            return None
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            self.bad(f"'{key}': '{value}' is not an ISO 8601 date-time", key)
            return None
        return when if when.tzinfo else when.replace(tzinfo=policy.tz)


def read_ninjs(path: Path, rel: str, policy: Policy, unit: str | None,
               category: str | None) -> Imported:
    """The item one ninjs file holds, or its problems."""
    out = Imported(rel)
    try:
        with path.open("rb") as handle:  # never more than the limit in memory
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        out.findings.append(Finding(CODE, f"cannot read: {exc.strerror}", path=rel))
        return out
    if len(raw) > MAX_BYTES:
        out.findings.append(Finding(CODE, f"larger than {MAX_BYTES >> 20} MB", path=rel))
        return out
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        data = json.loads(text)
    except UnicodeDecodeError:
        out.findings.append(Finding(CODE, "not UTF-8", path=rel))
        return out
    except json.JSONDecodeError as exc:
        out.findings.append(Finding(CODE, f"not JSON: {exc.msg}", exc.lineno, exc.colno, rel))
        return out
    except RecursionError:
        out.findings.append(Finding(CODE, "nested too deeply", path=rel))
        return out
    if not isinstance(data, dict):
        out.findings.append(Finding(CODE, "a ninjs file holds one object", path=rel))
        return out
    reader = _Reader(rel, text, data)
    _fields(reader, out, policy, unit, category)
    out.findings = reader.findings
    return out


def _fields(r: _Reader, out: Imported, policy: Policy, unit: str | None,
            category: str | None) -> None:
    if r.data.get("type", "text") != "text":
        r.bad(f"only text items are imported, not '{r.data.get('type')}'", "type")
    r.text("uri", required=True)
    heads = r.objects("headlines")
    title = heads[0][1].get("value") if heads else None
    if not isinstance(title, str) or not title.strip():
        r.bad("a headline is required (headlines[0].value)", *(("headlines",) if heads else ()))
    summaries = [e.get("value") for _, e in r.objects("descriptions")
                 if e.get("role") in (None, "summary")]
    first = r.day("firstcreated", policy, required=True)
    event = r.day("contentcreated", policy)
    embargo = r.day("embargoed", policy)
    urgency = r.data.get("urgency", 5)
    if not isinstance(urgency, (int, float)) or isinstance(urgency, bool) or \
            not 1 <= urgency <= 9:
        r.bad("'urgency' is a number from 1 to 9", "urgency")
        urgency = 5
    level = _classification(r, policy)
    subjects = r.objects("subjects")
    cat = category or next((s.get("literal") for _, s in subjects
                            if s.get("rel") == "category"), None)
    if cat not in policy.categories:
        r.bad(f"category '{cat}' is not one of {', '.join(policy.categories)}"
              f"{did_you_mean(str(cat), policy.categories)} (or give --category)",
              *(("subjects",) if subjects else ()))
    sources = r.objects("infosources")
    who = unit or next((s.get("literal") for _, s in sources
                        if s.get("role") == "originator"), None)
    if who not in policy.units:
        r.bad(f"unit '{who}' is not one of the units{did_you_mean(str(who), policy.units)} "
              "(or give --unit)", *(("infosources",) if sources else ()))
    bodies = r.objects("bodies")
    body = bodies[0][1].get("value") if bodies else None
    if not isinstance(body, str) or not body.strip():
        r.bad("a body is required (bodies[0].value)", *(("bodies",) if bodies else ()))
    if r.data.get("pubstatus", "usable") not in ("usable", "withheld"):
        r.bad(f"pubstatus '{r.data.get('pubstatus')}': a canceled item is not imported",
              "pubstatus")
    if r.findings:
        return
    assert isinstance(title, str) and isinstance(body, str) and first is not None
    by = r.text("by")
    out.fields = {
        "title": title.strip(), "unit": who,
        "authors": [a.strip() for a in by.split(",") if a.strip()] if by else
        [policy.units[str(who)].name],
        "date": first.date().isoformat(),  # the day the sender filed it, in its zone
        "event_date": event.date().isoformat() if event else None,
        "category": cat, "priority": "urgent" if urgency <= 2 else "important"
        if urgency <= 4 else "routine",
        "classification": level,
        "summary": (summaries[0] if summaries and isinstance(summaries[0], str) else
                    title).strip(),
        "sources": [str(s["name"]) for _, s in sources if s.get("role") == "source"
                    and s.get("name")] or None,
        "tags": [str(s["name"]) for _, s in subjects if s.get("rel") == "tag"
                 and s.get("name")] or None,
        "region": r.text("located"),
        "embargo": embargo.isoformat() if embargo else None,
    }
    out.body = html_to_markdown(body)


def _classification(r: _Reader, policy: Policy) -> str | None:
    rights = r.data.get("rightsinfo")
    if not isinstance(rights, dict) or rights.get("langid") != CLASSIFICATION_LANG:
        r.bad(f"the classification is required: rightsinfo {{langid: {CLASSIFICATION_LANG}, "
              "encodedrights: LEVEL}", *(("rightsinfo",) if "rightsinfo" in r.data else ()))
        return None
    level = rights.get("encodedrights")
    if not isinstance(level, str) or policy.level_rank(level) < 0:
        r.bad(f"classification '{level}' is not one of the levels ({', '.join(policy.levels)})",
              "rightsinfo", "encodedrights")
        return None
    if policy.level_rank(level) > policy.level_rank(policy.top):
        r.bad(f"classification '{level}' is above what this bulletin may hold "
              f"('{policy.top}')", "rightsinfo", "encodedrights")
        return None
    return level


def item_text(one: Imported) -> str:
    """The item file: front matter (JSON values, which YAML reads as they are) and body."""
    lines = ["---"] + [f"{key}: {value if key in _DATES else json.dumps(value, ensure_ascii=False)}"
                       for key, value in one.fields.items() if value is not None]
    return "\n".join([*lines, "---", "", one.body])


_DATES = ("date", "event_date", "embargo")


def import_files(root: Path, files: list[Path], policy: Policy, known_ids: set[str],
                 unit: str | None = None, category: str | None = None,
                 ) -> tuple[list[str], list[Finding]]:
    """Import ``files`` into the repository at ``root``: the paths written, or (when
    anything is wrong) no path and every finding."""
    from ..fsutil import write_atomic

    read = [read_ninjs(f, str(f), policy, unit, category) for f in files]
    findings = [f for one in read for f in one.findings]
    targets: dict[str, str] = {}
    for one in read:
        if one.findings:
            continue
        target = one.target
        stem = Path(target).stem
        if stem in known_ids or (root / target).exists() or target in targets.values():
            findings.append(Finding(CODE, f"an item '{stem}' is in the bulletin already",
                                    path=one.path))
        targets[one.path] = target
    if findings:
        return [], findings
    for one in read:
        write_atomic(root / targets[one.path], item_text(one))
    return [targets[one.path] for one in read], []
