"""Property tests: the loader never raises, and every finding lies inside its file."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.config import parse_policy
from bulletin.load.items import load_item
from bulletin.load.manifests import load_edition, load_responses
from conftest import POLICY

_policy = parse_policy(POLICY).policy
assert _policy is not None
POLICY_OBJ = _policy

FIELDS = ["title", "unit", "authors", "date", "category", "priority", "classification",
          "summary", "sources", "tags", "embargo", "corrects", "suppress", "titel"]
VALUES = ["water", "x", "[a, b]", "2026-11-18", "2026-13-45", "&a 1", "*a", "!!str x", "{a: 1}",
          "'unterminated", "yes", "1:30", "-", "|", "[", "\u0007", "水库", "", "null",
          "2026-11-19T09:00:00+08:00"]

front_matter = st.lists(
    st.tuples(st.sampled_from(FIELDS), st.sampled_from(VALUES),
              st.sampled_from(["", "  ", "\t", "- "])),
    max_size=10,
).map(lambda rows: "\n".join(f"{indent}{k}: {v}" for k, v, indent in rows))

documents = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(front_matter, st.text(max_size=200), st.sampled_from(["\n", "\r\n"])).map(
        lambda t: ("---\n" + t[0] + "\n---\n" + t[1]).replace("\n", t[2]).encode(
            "utf-8", "surrogatepass")),
)


def _lines(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") + 1


@settings(max_examples=500, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=documents)
def test_item_loader_never_raises_and_locates_every_finding(tmp_path: Path, data: bytes) -> None:
    rel = "items/water/2026/2026-11-18-x.md"
    (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / rel).write_bytes(data)
    item, findings = load_item(tmp_path, rel, POLICY_OBJ)
    assert item.id == "2026-11-18-x"
    for f in findings:
        assert f.path == rel
        assert 1 <= f.line <= _lines(data) + 1, (f, data)
        assert f.column >= 1


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=documents)
def test_manifest_loaders_never_raise(tmp_path: Path, data: bytes) -> None:
    for rel, loader in (("bulletins/2026/001.yml", load_edition),
                        ("bulletins/2026/responses.yml", load_responses)):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
        _, findings = loader(tmp_path, rel, POLICY_OBJ)
        for f in findings:
            assert f.path == rel
            assert 1 <= f.line <= _lines(data) + 1


LEDGER_FIELDS = ["date", "unit", "kind", "reason", "points", "item", "by", "pionts"]
LEDGER_POLICY = parse_policy(POLICY + "assessment:\n  deductions: {late: -5}\n").policy
ledgers = st.lists(
    st.lists(st.tuples(st.sampled_from(LEDGER_FIELDS), st.sampled_from([*VALUES, "late", "-5"])),
             max_size=6),
    max_size=5,
).map(lambda entries: "\n".join("- " + "\n  ".join(f"{k}: {v}" for k, v in fields or
                                                  [("date", "2026-11-18")])
                                for fields in entries))


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(documents, ledgers.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_ledger_loader_never_raises(tmp_path: Path, data: bytes) -> None:
    from bulletin.load.ledger import LEDGER_FILE, load_ledger

    (tmp_path / LEDGER_FILE).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / LEDGER_FILE).write_bytes(data)
    assert LEDGER_POLICY is not None
    entries, findings = load_ledger(tmp_path, LEDGER_POLICY)
    for f in findings:
        assert f.path == LEDGER_FILE
        assert 1 <= f.line <= _lines(data) + 1
    assert all(e.unit in LEDGER_POLICY.units and e.kind == "late" for e in entries)
