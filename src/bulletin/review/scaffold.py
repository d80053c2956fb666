"""``bulletin init`` and ``bulletin new``: files that pass the check as written."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

from ..config import PRIORITIES, Category, Policy
from ..errors import UsageError
from ..fsutil import write_atomic
from ..load.walk import ITEMS_DIR
from ..text import did_you_mean, has_cjk, slugify

INIT_FILES = {  # template name → path in the new repository
    "bulletin.yml": "bulletin.yml",
    "mkdocs.yml": "mkdocs.yml",
    "README.md": "README.md",
    "gitattributes": ".gitattributes",
    "gitignore": ".gitignore",
    "about.md": "docs/about.md",
}


def _template(name: str) -> str:
    return resources.files("bulletin.review").joinpath("templates", "init", name).read_text("utf-8")


def init_repository(target: Path, title: str, publisher: str, today: dt.date) -> list[Path]:
    """Write a new bulletin repository into ``target``; return the files written."""
    if (target / "bulletin.yml").exists():
        raise UsageError(f"{target} already holds a bulletin (bulletin.yml exists)")
    if target.exists() and any(p for p in target.iterdir() if p.name != ".git"):
        raise UsageError(f"{target} is not empty; choose a new folder")
    values = {"title": title, "publisher": publisher, "date": today.isoformat()}
    quoted = {k: json.dumps(v, ensure_ascii=False) for k, v in values.items()}
    written = []
    for name, rel in INIT_FILES.items():
        text = _template(name)
        fill = quoted if name.endswith(".yml") else values
        written.append(_write(target / rel, text.format(**fill)))
    item = target / ITEMS_DIR / "general" / str(today.year) / f"{today.isoformat()}-welcome.md"
    written.append(_write(item, _template("welcome.md").format(**values)))
    written.append(_write(target / "bulletins" / str(today.year) / ".gitkeep", ""))
    written += _write_forge_files(target)
    return written


def _write_forge_files(target: Path) -> list[Path]:
    """CI workflows, the pull request template, pre-commit and GitHub's CODEOWNERS."""
    from ..load.repository import load_policy
    from .forge import CODEOWNERS_PATHS, FORGE_FILES, forge_template, policy_codeowners

    written = [_write(target / rel, forge_template(name)) for name, rel in FORGE_FILES.items()]
    policy = load_policy(target).policy
    if policy is not None:
        written.append(_write(target / CODEOWNERS_PATHS["github"],
                              policy_codeowners(policy, "github")))
    return written


def _write(path: Path, text: str) -> Path:
    write_atomic(path, text)
    return path


def new_item(root: Path, policy: Policy, title: str, unit: str, category: str,
             priority: str, classification: str | None, today: dt.date,
             authors: list[str]) -> Path:
    """Write a new item from its category's template; return its path."""
    _require(unit, list(policy.units), "unit")
    _require(category, list(policy.categories), "category")
    _require(priority, list(PRIORITIES), "priority")
    level = classification or policy.audience
    _require(level, policy.levels, "classification")
    if not title.strip():
        raise UsageError("the title is empty")
    folder = root / ITEMS_DIR / unit / str(today.year)
    stem = f"{today.isoformat()}-{slugify(title)}"
    path = folder / f"{stem}.md"
    n = 2
    while path.exists() or _id_taken(root, path.stem):
        path = folder / f"{stem}-{n}.md"
        n += 1
    text = render_item(policy.categories[category], title=title, unit=unit, category=category,
                       priority=priority, classification=level, today=today, authors=authors)
    write_atomic(path, text)
    return path


def _id_taken(root: Path, item_id: str) -> bool:
    return any((root / ITEMS_DIR).glob(f"*/*/{item_id}.md"))


def _require(value: str, allowed: list[str], what: str) -> None:
    if value not in allowed:
        hint = did_you_mean(value, allowed) or f" (one of: {', '.join(allowed)})"
        raise UsageError(f"unknown {what} '{value}'{hint}")


def _quote(text: str) -> str:
    """A YAML-safe scalar: JSON strings are valid YAML."""
    return json.dumps(text, ensure_ascii=False)


def render_item(spec: Category, *, title: str, unit: str, category: str, priority: str,
                classification: str, today: dt.date, authors: list[str]) -> str:
    """The text of a new item: front matter to fill in and the required sections."""
    chinese = has_cjk(title)
    author_list = ", ".join(_quote(a) for a in authors)
    lines = [
        "---",
        f"title: {_quote(title)}",
        f"unit: {unit}",
        f"authors: [{author_list}]",
        f"date: {today.isoformat()}",
        f"event_date: {today.isoformat()}  # when it happened",
        f"category: {category}",
        f"priority: {priority}  # routine | important | urgent",
        f"classification: {classification}",
        'summary: ""  # one paragraph: what happened, and why it matters to the reader',
    ]
    if spec.sources:
        lines.append("sources: []  # where each fact comes from: documents, statistics, visits")
    lines += ["---", ""]
    for alternatives in spec.required_sections:
        heading = next((a for a in alternatives if has_cjk(a)), alternatives[0]) if chinese \
            else next((a for a in alternatives if not has_cjk(a)), alternatives[0])
        lines += [f"## {heading}", "", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
