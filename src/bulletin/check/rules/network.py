"""N — the information network: items relayed from a downstream office (DESIGN §9).

The rules read what the check's I/O layer found in the fetched downstream
repositories (``Repository.provenance``); they never run git themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Finding, Severity
from ...model import Item, Repository
from ...text import did_you_mean
from .registry import Context, rule

E, W = Severity.ERROR, Severity.WARNING


def _at(item: Item, *key: str) -> tuple[int, int]:
    pos = item.where("relayed_from", *key)
    return pos.line, pos.column


@rule("N001", "relay-unknown-office", E, "item")
def relay_unknown_office(item: Item, ctx: Context) -> Iterator[Finding]:
    """A relayed item names a source office that is not downstream of this one.

    ## What it does
    Checks that `relayed_from.office` is one of the `downstream:` offices of
    `bulletin.yml`, and that the item sits under that office's unit.

    ## Why
    Only the offices that report to this one relay items here; an unknown office
    is a typo or a forged provenance, and an item under another unit would credit
    the wrong reporter.

    ## Example
    ```yaml
    unit: xishan-district
    relayed_from: {office: xishna, item: 2026-11-18-silt-blocks-intake, ...}
    ```
    （`relayed_from.office` 写成了 `xishna`，不是下级单位。）

    ## Use instead
    ```yaml
    unit: xishan-district
    relayed_from: {office: xishan, item: 2026-11-18-silt-blocks-intake, ...}
    ```
    """
    source = item.relayed_from
    if source is None:
        return
    offices = {d.id: d for d in ctx.policy.downstream}
    office = offices.get(source.office)
    if office is None:
        known = did_you_mean(source.office, offices) if offices else \
            " (bulletin.yml names no downstream offices)"
        yield Finding("N001", f"'{source.office}' is not a downstream office{known}",
                      *_at(item, "office"))
    elif item.unit is not None and item.unit != office.unit:
        pos = item.where("unit")
        yield Finding("N001", f"an item relayed from '{source.office}' belongs under its "
                              f"unit '{office.unit}', not '{item.unit}'", pos.line, pos.column)


@rule("N002", "provenance-not-verified", W, "item", per_file=False)
def provenance_not_verified(item: Item, ctx: Context) -> Iterator[Finding]:
    """A relayed item's source could not be looked at.

    ## What it does
    Says so when the downstream office's repository has not been fetched
    (`bulletin network fetch`), or does not hold the commit the item names.

    ## Why
    Provenance is trusted only once it is verified against the source office's
    own history; until then the editors should know they are taking it on faith.

    ## Example
    A relayed item checked before `bulletin network fetch` has run.
    （尚未执行 `bulletin network fetch`，无法核实来源。）

    ## Use instead
    Run `bulletin network fetch`, then check again.
    """
    source = item.relayed_from
    found = ctx.repo.provenance.get(source) if source is not None else None
    if found is not None and found.status == "not-fetched":
        yield Finding("N002", f"provenance not verified: {found.detail}",
                      *_at(item, "commit"))


@rule("N003", "provenance-mismatch", E, "item", per_file=False)
def provenance_mismatch(item: Item, ctx: Context) -> Iterator[Finding]:
    """A relayed item's provenance does not match the source office's history.

    ## What it does
    Compares `relayed_from` with the fetched downstream repository: the item must
    be there at the named commit, and the file's SHA-256 must be the one named.

    ## Why
    A provenance that does not match has been tampered with or mistyped: the item
    would be credited to a report the office never made.

    ## Example
    ```yaml
    relayed_from: {office: xishan, item: 2026-11-18-silt, commit: 3f2a…, sha256: 0000…}
    ```
    （`sha256` 与下级仓库中该提交的文件不符。）

    ## Use instead
    Relay the item again with `bulletin relay`, which writes its provenance.
    """
    source = item.relayed_from
    found = ctx.repo.provenance.get(source) if source is not None else None
    if found is not None and found.status in ("missing", "mismatch"):
        key = "sha256" if found.status == "mismatch" else "item"
        yield Finding("N003", f"provenance does not match: {found.detail}", *_at(item, key))


@rule("N004", "relay-lowers-classification", E, "item", per_file=False)
def relay_lowers_classification(item: Item, ctx: Context) -> Iterator[Finding]:
    """A relayed item is classified lower than its source.

    ## What it does
    Compares the item's `classification` with its source's, as fetched.

    ## Why
    Classification never goes down along a relay: a restricted report must not
    reach a wider audience because it travelled upward.

    ## Example
    The source is `restricted`; the relayed copy says `classification: internal`.
    （来源为 `restricted`，上报后的条目却标为 `internal`。）

    ## Use instead
    `classification: restricted` (or higher).
    """
    source = item.relayed_from
    found = ctx.repo.provenance.get(source) if source is not None else None
    if found is None or found.classification is None or item.classification is None:
        return
    policy = ctx.policy
    if policy.level_rank(found.classification) < 0:
        pos = item.where("classification")
        yield Finding("N004", f"the source's classification '{found.classification}' is not "
                              "one of this bulletin's levels", pos.line, pos.column)
    elif policy.level_rank(item.classification) < policy.level_rank(found.classification):
        pos = item.where("classification")
        yield Finding("N004", f"classified '{item.classification}', below its source's "
                              f"'{found.classification}'", pos.line, pos.column)


@rule("N005", "relay-drops-embargo", E, "item", per_file=False)
def relay_drops_embargo(item: Item, ctx: Context) -> Iterator[Finding]:
    """A relayed item drops or shortens its source's embargo, or changes its priority.

    ## What it does
    Compares the item's `embargo` and `priority` with its source's, as fetched.

    ## Why
    Embargo and priority travel with the item: an embargo dropped on the way up
    publishes the news before the source office may.

    ## Example
    The source says `embargo: 2026-11-20T09:00`; the relayed copy has none.
    （来源设有禁发时间，上报后的条目却删去了。）

    ## Use instead
    Keep `embargo: 2026-11-20T09:00` and the source's priority.
    """
    source = item.relayed_from
    found = ctx.repo.provenance.get(source) if source is not None else None
    if found is None:
        return
    if found.embargo is not None and (item.embargo is None or item.embargo < found.embargo):
        pos = item.where("embargo") if item.has("embargo") else item.where("relayed_from")
        yield Finding("N005", f"the source is under embargo until {found.embargo:%Y-%m-%d %H:%M}"
                              "; the relayed item must keep it", pos.line, pos.column)
    if found.priority is not None and item.priority is not None and \
            found.priority != item.priority:
        pos = item.where("priority")
        yield Finding("N005", f"priority '{item.priority}' differs from the source's "
                              f"'{found.priority}'", pos.line, pos.column)


@rule("N006", "relay-duplicate", E, "repo")
def relay_duplicate(repo: Repository, ctx: Context) -> Iterator[Finding]:
    """One source item relayed more than once.

    ## What it does
    Finds items whose `relayed_from` names the same office and item.

    ## Why
    One report counts once: a second relay of the same source would be adopted
    and credited twice.

    ## Example
    Two items under `items/xishan-district/` relayed from `xishan`'s
    `2026-11-18-silt-blocks-intake`.
    （同一条下级信息被上报了两次。）

    ## Use instead
    Edit the first relayed item (a correction), or withdraw one.
    """
    if not ctx.policy.downstream:  # N001 reports every relayed item here; and a pull
        return                     # request's check then unpacks no item for this rule
    first: dict[tuple[str, str], str] = {}
    for item in repo.items:
        source = item.relayed_from
        if source is None:
            continue
        key = (source.office, source.item)
        if key in first:
            if ctx.wanted(item.path):
                line, column = _at(item, "item")
                yield Finding("N006", f"'{source.item}' of '{source.office}' is relayed "
                                      f"already, by {first[key]}", line, column, item.path)
        else:
            first[key] = item.path


@rule("N010", "ninjs-import", E, "load")
def ninjs_import(_: object, __: Context) -> Iterator[Finding]:
    """A ninjs file cannot be imported as an item.

    ## What it does
    Reports, at the offending key, what `bulletin import --format ninjs` cannot
    take from an IPTC ninjs 2.1 file: no headline, body or `firstcreated`, an
    unknown unit or category, a date that is not ISO 8601, an urgency outside 1–9,
    and above all a missing or unknown classification (`rightsinfo` with
    `langid: urn:bulletin:classification`). One problem in any file, and no file
    is written.

    ## Why
    Items from offices not on git arrive without review; an item imported without
    its classification could reach a wider audience than it was written for.

    ## Example
    ```json
    {"uri": "urn:x:1", "headlines": [{"value": "Silt blocks the intake"}],
     "rightsinfo": {"langid": "urn:bulletin:classification", "encodedrights": "secret"}}
    ```
    （`secret` 不是本刊的密级；缺少正文和 `firstcreated`。）

    ## Use instead
    ```json
    {"uri": "urn:x:1", "firstcreated": "2026-11-18T09:00:00+08:00",
     "headlines": [{"value": "Silt blocks the intake"}],
     "bodies": [{"contenttype": "text/html", "value": "<p>…</p>"}],
     "rightsinfo": {"langid": "urn:bulletin:classification", "encodedrights": "internal"}}
    ```
    """
    return iter(())
