"""Whole-file YAML manifests → :class:`~bulletin.model.Edition` and
:class:`~bulletin.model.Response`: an edition's manifest (``bulletins/YYYY/NNN.yml``)
with its sections, and the leader responses (``bulletins/responses.yml``), read
with the same guards as an item's front matter and validated field by field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import safeyaml
from ..config import Policy
from ..diagnostics import Finding
from ..model import Edition, Response, Section
from . import schema
from .fields import check_fields, kind_of, validate_fields, yaml_findings
from .read import MAX_MANIFEST_BYTES, Text, expand_yaml_tabs, read_text, report_trailing_space


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
    edition_id, publication = edition_identity(rel, policy)
    if doc is None or not doc.ok:
        return None, findings
    if not isinstance(doc.data, dict):
        findings.append(Finding("S007", f"an edition manifest must be a mapping, not "
                                        f"{kind_of(doc.data)}", path=rel))
        return None, findings
    data = doc.data
    findings += check_fields(doc, data, (), rel, list(schema.EditionFields.model_fields),
                             schema.EDITION_REQUIRED, schema.edition_enums(policy),
                             "an edition")
    fields, bad = validate_fields(doc, schema.EditionFields, data, (), rel)
    edition = Edition(id=edition_id, path=rel, meta=doc, publication=publication,
                      number=fields.number,
                      date=fields.date, type=fields.type, title=fields.title,
                      audience=fields.audience, editor=fields.editor, note=fields.note)
    for i, raw in enumerate(fields.sections or []):
        section, problems = _load_section(doc, raw, i, rel)
        findings += problems
        if section is not None:
            edition.sections.append(section)
    return edition, findings + bad


def edition_identity(rel: str, policy: Policy) -> tuple[str, str | None]:
    """The id and publication of the manifest at ``rel``: ``bulletins/2026/047.yml`` is
    ``2026-047`` (of the first publication, if any), ``bulletins/daily/2026/047.yml``
    ``daily/2026-047`` (of ``daily``: rule S026 says when it is not declared)."""
    parts = rel.split("/")
    stem = Path(rel).stem
    if len(parts) == 4:
        return f"{parts[1]}/{parts[2]}-{stem}", parts[1]
    edition_id = f"{parts[-2]}-{stem}" if len(parts) >= 3 else stem
    return edition_id, policy.default_publication


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
                                        f"{kind_of(doc.data)}", path=rel))
        return [], findings
    responses = []
    for i, raw in enumerate(doc.data):
        if not isinstance(raw, dict):
            pos = doc.where(i)
            findings.append(Finding("S007", f"a response must be a mapping, not {kind_of(raw)}",
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
