"""Files → typed model, with a located finding for everything that is wrong.

Nothing here raises on bad input: a file that cannot be read or parsed yields
findings and, where possible, a partial value, and every other file is still
read. Only a missing repository raises (:class:`RepositoryNotFound`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .. import safeyaml
from ..basics import find_root as find_root
from ..config import POLICY_FILE, LoadedPolicy, Policy, parse_policy
from ..diagnostics import Finding
from ..model import Directive, Edition, Heading, Item, Repository, Response, Section
from ..text import did_you_mean, fenced
from . import schema

M = TypeVar("M", bound=BaseModel)
ITEMS_DIR = "items"
EDITIONS_DIR = "bulletins"
MAX_BYTES = 1 << 20  # a file larger than this is refused: items are short
MAX_FRONT_MATTER = 64 << 10
MAX_MANIFEST_BYTES = 4 * MAX_BYTES
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
IGNORED_NAMES = {"README.md", ".gitkeep", ".DS_Store", "Thumbs.db"}
EDITION_NAME = re.compile(r"(\d{3,})\.ya?ml\Z")
RESPONSES_NAME = "responses.yml"
# C0 and C1 controls except tab, LF and CR — NEL and the Unicode line and paragraph
# separators too: YAML reads them as line breaks that editors do not show, which
# would put every later line number off
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
DIRECTIVE = re.compile(r"<!--\s*bulletin-ignore\s+([\w-]+)\s*(?::\s*(.*?))?\s*-->")
_H2 = re.compile(r"^ {0,3}##[ \t]+(.+?)[ \t]*#*[ \t]*$")


# --- reading text ------------------------------------------------------------------


@dataclass
class Text:
    """A file's text after the mechanical repairs the check reports (BOM, CRLF...)."""

    path: str
    text: str | None
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, message: str, line: int = 1, column: int = 1) -> None:
        self.findings.append(Finding(code, message, line, column, path=self.path))


def read_text(root: Path, rel: str, max_bytes: int = MAX_BYTES) -> Text:
    """Read ``rel`` as UTF-8 text, reporting and repairing what can be repaired."""
    return decode_text(rel, *read_file(root, rel, max_bytes)[:2])


def read_file(root: Path, rel: str, max_bytes: int = MAX_BYTES
              ) -> tuple[bytes | None, list[Finding], os.stat_result | None]:
    """The bytes of ``rel`` (None when it cannot or may not be read, with findings
    saying why) and its ``lstat``; a symbolic link is never followed."""
    out = Text(rel, None)
    st = None
    try:
        st = os.lstat(os.path.join(root, rel))
        if stat.S_ISLNK(st.st_mode):
            out.add("S001", "is a symbolic link; bulletin never follows links in a bulletin "
                            "repository — replace it with the file itself")
            return None, out.findings, st
        if not stat.S_ISREG(st.st_mode):
            out.add("S001", "is not a regular file")
            return None, out.findings, st
        if st.st_size > max_bytes:
            out.add("S001", f"file is {st.st_size:,} bytes; the limit is {max_bytes:,}")
            return None, out.findings, st
        with open(os.path.join(root, rel), "rb") as handle:
            data = handle.read()
    except OSError as exc:
        out.add("S001", f"cannot be read: {exc.strerror or exc}")
        return None, out.findings, st
    return data, out.findings, st


def decode_text(rel: str, data: bytes | None, findings: list[Finding] | None = None) -> Text:
    """``data`` (read by :func:`read_file`) as repaired text, with what was repaired."""
    out = Text(rel, None, list(findings or ()))
    if data is None:
        return out
    text = _decode(data, out)
    if text is not None:
        out.text = _normalise(text, out)
    return out


def _decode(data: bytes, out: Text) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        out.add("S001", "file is UTF-16; save it as UTF-8")
        return None
    if b"\x00" in data:
        out.add("S001", "binary file (it contains NUL bytes); items and manifests are text")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        out.add("S001", f"not valid UTF-8 (byte 0x{data[exc.start]:02X}); save the file as "
                        "UTF-8", line, column)
        return None
    if not text.strip().strip("\ufeff"):
        out.add("S001", "file is empty")
        return None
    return text


def _normalise(text: str, out: Text) -> str:
    if text.startswith("\ufeff"):
        out.add("S013", "file starts with a byte-order mark (BOM); save as UTF-8 without BOM")
        text = text[1:]
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        out.add("S014", "Windows (CRLF) or old Mac (CR) line endings; use LF", line)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        for n, line_text in enumerate(text.split("\n"), 1):
            for m in _CONTROL.finditer(line_text):
                out.add("S017", f"control character U+{ord(m.group()):04X} in text", n,
                        m.start() + 1)
        text = _CONTROL.sub(" ", text)
    return text


def report_trailing_space(out: Text, lines: list[str], first_line: int, markdown: bool) -> None:
    """S015 for trailing blanks; a Markdown hard break (exactly two spaces) is kept."""
    for n, line in enumerate(lines, first_line):
        stripped = line.rstrip(" \t")
        if stripped == line or (markdown and stripped and line[len(stripped):] == "  "):
            continue
        out.add("S015", "trailing whitespace", n, len(stripped) + 1)


def expand_yaml_tabs(out: Text, lines: list[str], first_line: int) -> list[str]:
    """S016 for tabs in YAML indentation (invalid YAML); return the lines with spaces."""
    fixed = []
    for n, line in enumerate(lines, first_line):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            out.add("S016", "tab in YAML indentation; indent with spaces", n,
                    line.index("\t") + 1)
            line = line[:indent].replace("\t", "  ") + line[indent:]
        fixed.append(line)
    return fixed


# --- validating fields ---------------------------------------------------------------


_TYPE_WORDS = {
    "string_type": "text", "list_type": "a list", "dict_type": "a mapping",
    "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "bool_type": "true or false",
    "float_type": "a number", "float_parsing": "a number",
    "date_type": "a date (YYYY-MM-DD)", "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)",
    "datetime_type": "a date-time (YYYY-MM-DDTHH:MM+08:00)",
    "datetime_parsing": "a date-time (YYYY-MM-DDTHH:MM+08:00)",
    "datetime_from_date_parsing": "a date-time (YYYY-MM-DDTHH:MM+08:00)",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    names = {str: "text", int: "a number", float: "a number", list: "a list",
             dict: "a mapping", dt.date: "a date", dt.datetime: "a date-time"}
    return names.get(type(value), type(value).__name__)


def _field_name(loc: tuple[Any, ...]) -> str:
    """``authors[2]`` for a list element, the field's name otherwise."""
    if len(loc) > 1 and isinstance(loc[1], int):
        return f"{loc[0]}[{loc[1] + 1}]"
    return str(loc[0])


def validate_fields(doc: safeyaml.Document, model: type[M], data: dict[str, Any],
                    prefix: tuple[str | int, ...], path: str) -> tuple[M, list[Finding]]:
    """Validate ``data`` with ``model``; report each bad field and drop it."""
    findings: list[Finding] = []
    try:
        return model.model_validate(data), findings
    except ValidationError as exc:
        errors = exc.errors()
    bad: set[str] = set()
    reported = {p.pos for p in doc.problems}  # e.g. an impossible date, already explained
    for error in errors:
        name = str(error["loc"][0])
        if name in bad:
            continue
        bad.add(name)
        pos = doc.where(*prefix, *error["loc"][:2])
        if pos in reported:
            continue
        expected = _TYPE_WORDS.get(error["type"])
        dotted = _field_name(error["loc"][:2])
        if error["type"] == "missing" and len(error["loc"]) > 1:
            message = f"'{'.'.join(str(p) for p in error['loc'])}' is missing"
        elif expected:
            message = f"'{dotted}' must be {expected}, not {_kind(error['input'])}"
        else:
            message = f"'{dotted}': {error['msg'][0].lower()}{error['msg'][1:]}"
        findings.append(Finding("S008", message, pos.line, pos.column, path=path))
    clean = {k: v for k, v in data.items() if k not in bad}
    return model.model_validate(clean), findings


def check_fields(doc: safeyaml.Document, data: dict[str, Any], prefix: tuple[str | int, ...],
                 path: str, known: list[str], required: tuple[str, ...],
                 enums: dict[str, list[str]], what: str) -> list[Finding]:
    """Unknown keys (S009), missing required fields (S002) and enum values (S008)."""
    findings = []
    start = doc.where(*prefix)
    for key in data:
        if key not in known:
            pos = doc.where_key(*prefix, key)
            findings.append(Finding("S009", f"unknown field '{key}' in {what}"
                                            f"{did_you_mean(key, known)}",
                                    pos.line, pos.column, path=path))
    for name in required:
        if data.get(name) in (None, "", []):
            where = doc.where(*prefix, name) if name in data else start
            findings.append(Finding("S002", f"missing required field '{name}'",
                                    where.line, where.column, path=path))
    for name, allowed in enums.items():
        value = data.get(name)
        if isinstance(value, str) and value and value not in allowed:
            pos = doc.where(*prefix, name)
            hint = did_you_mean(value, allowed) or f" (one of: {', '.join(allowed)})"
            findings.append(Finding("S008", f"'{name}' is '{value}', which is not defined{hint}",
                                    pos.line, pos.column, path=path))
    return findings


def yaml_findings(doc: safeyaml.Document, path: str) -> list[Finding]:
    codes = {"syntax": "S003", "unsafe": "S004", "duplicate-key": "S005", "value": "S008"}
    return [Finding(codes[p.kind], p.message, p.pos.line, p.pos.column, path=path)
            for p in doc.problems]


# --- items ----------------------------------------------------------------------------


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
            headings.append(Heading(h.group(1).strip(), n))
    return headings


def scan_directives(body: str, first_line: int) -> list[Directive]:
    """Inline suppressions, each with the lines it covers."""
    if "bulletin-ignore" not in body:
        return []
    lines = body.split("\n")
    found = []
    for index, line in enumerate(lines):
        for m in DIRECTIVE.finditer(line):
            number = first_line + index
            first = last = number
            if not DIRECTIVE.sub("", line).strip():  # alone: the paragraph below
                first = last = number + 1
                while last - first_line + 1 < len(lines) and \
                        lines[last - first_line + 1].strip():
                    last += 1
            found.append(Directive(m.group(1), (m.group(2) or "").strip(), number,
                                   m.start() + 1, first, last))
    return found


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
                                        f"{_kind(doc.data)}", first, 1, path=rel))
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


def as_datetime(value: dt.date | dt.datetime | None, policy: Policy) -> dt.datetime | None:
    """A date or naive date-time read in the policy's time zone."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value if value.tzinfo else value.replace(tzinfo=policy.tz)


# --- editions and responses -----------------------------------------------------------


def load_yaml_file(root: Path, rel: str) -> tuple[safeyaml.Document | None, list[Finding]]:
    """Read a whole-file YAML manifest with the same guards as front matter."""
    return parse_yaml_file(read_text(root, rel, max_bytes=MAX_MANIFEST_BYTES))


def parse_yaml_file(out: Text) -> tuple[safeyaml.Document | None, list[Finding]]:
    """The YAML document in ``out`` (a manifest's text, as read)."""
    rel = out.path
    if out.text is None:
        return None, out.findings
    lines = out.text.split("\n")
    report_trailing_space(out, lines, 1, markdown=False)
    doc = safeyaml.load("\n".join(expand_yaml_tabs(out, lines, 1)))
    return doc, out.findings + yaml_findings(doc, rel)


def load_edition(root: Path, rel: str, policy: Policy) -> tuple[Edition | None, list[Finding]]:
    return parse_edition(read_text(root, rel, max_bytes=MAX_MANIFEST_BYTES), policy)


def parse_edition(out: Text, policy: Policy) -> tuple[Edition | None, list[Finding]]:
    """The edition in ``out`` (a manifest's text, as read)."""
    rel = out.path
    doc, findings = parse_yaml_file(out)
    parts = Path(rel).parts
    edition_id = f"{parts[-2]}-{Path(rel).stem}" if len(parts) >= 3 else Path(rel).stem
    if doc is None or not doc.ok:
        return None, findings
    if not isinstance(doc.data, dict):
        findings.append(Finding("S007", f"an edition manifest must be a mapping, not "
                                        f"{_kind(doc.data)}", path=rel))
        return None, findings
    data = doc.data
    findings += check_fields(doc, data, (), rel, list(schema.EditionFields.model_fields),
                             schema.EDITION_REQUIRED, schema.edition_enums(policy),
                             "an edition")
    fields, bad = validate_fields(doc, schema.EditionFields, data, (), rel)
    edition = Edition(id=edition_id, path=rel, meta=doc, number=fields.number,
                      date=fields.date, type=fields.type, title=fields.title,
                      audience=fields.audience, editor=fields.editor, note=fields.note)
    for i, raw in enumerate(fields.sections or []):
        section, problems = _load_section(doc, raw, i, rel)
        findings += problems
        if section is not None:
            edition.sections.append(section)
    return edition, findings + bad


def _load_section(doc: safeyaml.Document, raw: dict[str, Any], index: int,
                  rel: str) -> tuple[Section | None, list[Finding]]:
    prefix = ("sections", index)
    findings = check_fields(doc, raw, prefix, rel, list(schema.SectionFields.model_fields),
                            schema.SECTION_REQUIRED, {}, "a section")
    fields, bad = validate_fields(doc, schema.SectionFields, raw, prefix, rel)
    findings += bad
    return Section(fields.title or "", tuple(fields.items or ()), index), findings


def load_responses(root: Path, rel: str, policy: Policy) -> tuple[list[Response], list[Finding]]:
    return parse_responses(read_text(root, rel, max_bytes=MAX_MANIFEST_BYTES), policy)


def parse_responses(out: Text, policy: Policy) -> tuple[list[Response], list[Finding]]:
    """The leader responses in ``out`` (a responses file's text, as read)."""
    rel = out.path
    doc, findings = parse_yaml_file(out)
    if doc is None or not doc.ok or doc.data is None:
        return [], findings
    if not isinstance(doc.data, list):
        findings.append(Finding("S007", f"responses.yml must be a list of responses, not "
                                        f"{_kind(doc.data)}", path=rel))
        return [], findings
    responses = []
    for i, raw in enumerate(doc.data):
        if not isinstance(raw, dict):
            pos = doc.where(i)
            findings.append(Finding("S007", f"a response must be a mapping, not {_kind(raw)}",
                                    pos.line, pos.column, path=rel))
            continue
        findings += check_fields(doc, raw, (i,), rel, list(schema.ResponseFields.model_fields),
                                 schema.RESPONSE_REQUIRED, schema.response_enums(policy),
                                 "a response")
        fields, bad = validate_fields(doc, schema.ResponseFields, raw, (i,), rel)
        findings += bad
        responses.append(Response(path=rel, index=i, meta=doc, item=fields.item, by=fields.by,
                                  rank=fields.rank, date=fields.date, kind=fields.kind,
                                  note=fields.note))
    return responses, findings


# --- the whole repository -------------------------------------------------------------


def walk(root: Path, top: str) -> Iterator[tuple[str, bool]]:
    """POSIX paths under ``top`` (relative to root), sorted, with an is-symlink flag.

    Hidden entries are skipped; symbolic links are yielded, never followed.
    """
    if (root / top).is_symlink():
        yield top, True
        return
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(root / folder), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                subdirs.append(rel)
            else:
                yield rel, entry.is_symlink()
        stack.extend(reversed(subdirs))


def load_policy(root: Path) -> LoadedPolicy:
    """Read and validate ``bulletin.yml`` with the same guards as every other file."""
    out = read_text(root, POLICY_FILE)
    if out.text is None:
        loaded = LoadedPolicy(None, safeyaml.Document())
        loaded.findings = [Finding(f.code if f.code != "S001" else "S030", f.message, f.line,
                                   f.column) for f in out.findings]
        return loaded
    loaded = parse_policy(out.text)
    loaded.findings = [Finding(f.code, f.message, f.line, f.column, path=POLICY_FILE)
                       for f in out.findings + loaded.findings]
    return loaded


def classify(rel: str) -> str:
    """What kind of file ``rel`` is: item, edition, responses, asset, or stray."""
    parts = rel.split("/")
    name = parts[-1]
    if name in IGNORED_NAMES:
        return "ignored"
    suffix = os.path.splitext(name)[1].lower()
    if parts[0] == ITEMS_DIR:
        return "item" if suffix == ".md" else "asset" if suffix in IMAGE_SUFFIXES else "stray"
    if name == RESPONSES_NAME:
        return "responses"
    return "edition" if suffix in (".yml", ".yaml") else "stray"


def load_repository(root: Path, policy: Policy) -> tuple[Repository, list[Finding]]:
    """Read every item, edition and response file under ``root``."""
    items: list[Item] = []
    repo = Repository(root=str(root), policy=policy, items=items)
    findings: list[Finding] = []
    for top in (ITEMS_DIR, EDITIONS_DIR):
        for rel, is_link in walk(root, top):
            kind = classify(rel)
            if is_link:
                findings += read_text(root, rel).findings
            elif kind not in ("ignored", "asset"):
                findings += _load_one(root, rel, kind, policy, repo, items)
            else:
                continue
            repo.files.append(rel)
    return repo, findings


def _load_one(root: Path, rel: str, kind: str, policy: Policy, repo: Repository,
              items: list[Item]) -> list[Finding]:
    if kind == "item":
        item, found = load_item(root, rel, policy)
        items.append(item)
        return found
    if kind == "edition":
        edition, found = load_edition(root, rel, policy)
        if edition is not None:
            repo.editions.append(edition)
        return found
    if kind == "responses":
        responses, found = load_responses(root, rel, policy)
        repo.responses.extend(responses)
        return found
    return [Finding("S025", "not an item, edition or responses file; bulletin ignores it",
                    path=rel)]
