"""Fields of parsed YAML → located findings: unknown keys with "did you mean",
missing required fields, values outside the policy's lists, values of the wrong
type, and the YAML reader's own problems.

Shared by the item, manifest and ledger loaders: each field is validated with the
pydantic model of :mod:`bulletin.load.schema`, and a bad field is reported where it
is and dropped, so that the rest of the file is still read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .. import safeyaml
from ..diagnostics import Finding
from ..text import did_you_mean

M = TypeVar("M", bound=BaseModel)

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


def kind_of(value: Any) -> str:
    """What ``value`` is, in the words of a finding ("a list", "true/false"...)."""
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
            message = f"'{dotted}' must be {expected}, not {kind_of(error['input'])}"
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
