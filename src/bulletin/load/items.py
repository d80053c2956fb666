"""An item file → :class:`~bulletin.model.Item`: its front matter split from its body
and validated field by field, its level-2 headings and its inline suppressions
(``<!-- bulletin-ignore CODE: reason -->``), with a located finding for each
problem.

The item is returned even when its fields are unusable, so that the check can
still report on the rest of it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .. import safeyaml
from ..config import Policy
from ..diagnostics import Finding
from ..model import Directive, Heading, Item, Provenance
from ..text import fenced
from . import schema
from .fields import check_fields, kind_of, validate_fields, yaml_findings
from .read import Text, expand_yaml_tabs, read_text, report_trailing_space

MAX_FRONT_MATTER = 64 << 10
# possessive runs, and a reason that stops at "-->" or at the next "<!--": linear time
# however many comments a line holds (the reason's spaces are stripped by the caller)
DIRECTIVE = re.compile(r"<!--\s*+bulletin-ignore\s++([\w-]++)\s*+(?::((?:(?!-->|<!--).)*+))?-->")
_H2 = re.compile(r" {0,3}##[ \t]++(.+)")  # the closing '#'s are stripped in Python: linear


def split_front_matter(out: Text) -> tuple[list[str], int, str, int] | None:
    """(front-matter lines, their first line number, body, body's first line), or None."""
    assert out.text is not None
    lines = out.text.split("\n")
    if lines[0].rstrip() != "---":
        out.add("S006", "no front matter: an item starts with a '---' line, then its fields, "
                        "then another '---'")
        return None
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        out.add("S003", "front matter is not closed: add a '---' line after the fields")
        return None
    front = lines[1:end]
    if sum(len(x) + 1 for x in front) > MAX_FRONT_MATTER:
        out.add("S003", f"front matter is larger than {MAX_FRONT_MATTER // 1024} KB", 2)
        return None
    return front, 2, "\n".join(lines[end + 1:]), end + 2


def scan_headings(body: str, first_line: int) -> list[Heading]:
    """Level-2 ATX headings outside fenced code blocks."""
    headings = []
    for n, (line, code) in enumerate(fenced(body.split("\n")), first_line):
        h = None if code else _H2.match(line)
        if h:
            text = h.group(1).rstrip(" \t")
            headings.append(Heading((text.rstrip("#").rstrip(" \t") or text[:1]).strip(), n))
    return headings


def scan_directives(body: str, first_line: int) -> list[Directive]:
    """Inline suppressions, each with the lines it covers."""
    if "bulletin-ignore" not in body:
        return []
    lines = body.split("\n")
    found = []
    ends: list[int] | None = None
    for index, line in enumerate(lines):
        matches = list(DIRECTIVE.finditer(line))
        if not matches:
            continue
        number = first_line + index
        first = last = number
        if not DIRECTIVE.sub("", line).strip():  # alone: the paragraph below
            ends = ends or _paragraph_ends(lines)
            first, last = number + 1, first_line + ends[index + 2]
        found += [Directive(m.group(1), (m.group(2) or "").strip(), number, m.start() + 1,
                            first, last) for m in matches]
    return found


def _paragraph_ends(lines: list[str]) -> list[int]:
    """For every index ``j`` (and two past the end), the index of the last line of the
    run of non-blank lines that starts at ``j`` (``j - 1`` when line ``j`` is blank)."""
    ends = list(range(-1, len(lines) + 1))
    for j in range(len(lines) - 1, -1, -1):
        if lines[j].strip():
            ends[j] = ends[j + 1]
    return ends


def load_item(root: Path, rel: str, policy: Policy) -> tuple[Item, list[Finding]]:
    """Read one item file; the item is returned even when its fields are unusable."""
    return parse_item(read_text(root, rel), policy)


def parse_item(out: Text, policy: Policy) -> tuple[Item, list[Finding]]:
    """The item in ``out`` (an item file's text, as read)."""
    rel = out.path
    item = Item(id=Path(rel).stem, path=rel, meta=safeyaml.Document())
    if out.text is None:
        return item, out.findings
    parts = split_front_matter(out)
    if parts is None:
        return item, out.findings
    front, first, body, body_line = parts
    head = out.text.split("\n", body_line - 1)[: body_line - 1]  # both '---' and the fields
    report_trailing_space(out, head, 1, markdown=False)
    report_trailing_space(out, body.split("\n"), body_line, markdown=True)
    front = expand_yaml_tabs(out, front, first)
    doc = safeyaml.load("\n".join(front), line_offset=first - 1)
    item.meta, item.body, item.body_line = doc, body, body_line
    item.headings = scan_headings(body, body_line)
    item.directives = scan_directives(body, body_line)
    _second_front_matter(out, body, body_line)
    findings = out.findings + yaml_findings(doc, rel)
    if not doc.ok:
        return item, findings
    if not isinstance(doc.data, dict):
        findings.append(Finding("S007", f"front matter must be a mapping of fields, not "
                                        f"{kind_of(doc.data)}", first, 1, path=rel))
        return item, findings
    data = doc.data
    findings += check_fields(doc, data, (), rel, list(schema.ItemFields.model_fields),
                             schema.ITEM_REQUIRED,
                             schema.item_enums(policy), "an item")
    fields, bad = validate_fields(doc, schema.ItemFields, data, (), rel)
    _fill_item(item, fields, policy)
    return item, findings + bad


def _second_front_matter(out: Text, body: str, body_line: int) -> None:
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].rstrip() == "---" and any(
            line.rstrip() == "---" for line in lines[first + 1:]):
        out.add("S018", "the body opens with a second '---' block; merge it into the front "
                        "matter or remove it", body_line + first)


def _fill_item(item: Item, fields: Any, policy: Policy) -> None:
    for name in ("title", "unit", "date", "event_date", "category", "priority",
                 "classification", "summary", "region", "contact", "corrects"):
        setattr(item, name, getattr(fields, name))
    item.authors = fields.authors or []
    item.sources = fields.sources or []
    item.tags = fields.tags or []
    item.suppress = {k: (v or "") for k, v in (fields.suppress or {}).items()}
    item.embargo = as_datetime(fields.embargo, policy)
    if fields.withdrawn is not None:
        item.withdrawn, item.withdrawn_reason = fields.withdrawn.date, fields.withdrawn.reason
    if fields.relayed_from is not None:
        source = fields.relayed_from
        item.relayed_from = Provenance(source.office, source.item, source.commit,
                                       source.sha256)


def as_datetime(value: dt.date | dt.datetime | None, policy: Policy) -> dt.datetime | None:
    """A date or naive date-time read in the policy's time zone."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value if value.tzinfo else value.replace(tzinfo=policy.tz)
