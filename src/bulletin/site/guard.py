"""What mkdocs.yml may ask of a build, checked before MkDocs reads the file.

MkDocs reads mkdocs.yml with PyYAML's full loader (a ``!!python/...`` tag runs
code while the file is read), imports the files ``hooks:`` names, imports every
plugin and Markdown extension listed, renders ``extra_templates`` with Jinja and
copies whatever ``docs_dir`` holds. mkdocs.yml is a file of the repository, which
a pull request can change; so ``bulletin build`` and ``bulletin serve`` first read
it with bulletin's plain-data reader (:mod:`bulletin.safeyaml`, which keeps
MkDocs' own ``!ENV`` and ``!relative`` tags as data) and refuse, naming the file,
line and key:

* a YAML tag other than ``!ENV``, ``!relative`` and YAML's own (``!!str``…), and
  anchors or aliases;
* ``hooks:`` and ``extra_templates:``;
* a plugin or Markdown extension the policy does not allow (``site:`` in
  ``bulletin.yml``; :data:`bulletin.config.sections.SAFE_PLUGINS` and
  :data:`~bulletin.config.sections.SAFE_EXTENSIONS` always are);
* a script in ``extra_javascript`` the policy does not list;
* ``docs_dir``, ``site_dir``, ``theme.custom_dir``, ``INHERIT`` or the bulletin
  plugin's ``repo`` outside the repository;
* the bulletin plugin's ``audience`` above ``site.audience`` (default: the
  policy's ``default_audience``), and an ``as_of`` in the future (it would lift
  embargoes early).

The plugin runs the same check when MkDocs calls it (plain ``mkdocs build``),
which is after MkDocs has read the file: as far as it can, then.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import safeyaml
from ..config import Policy
from ..errors import UsageError
from ..safeyaml import Document, Pos, Tagged

MKDOCS_TAGS = ("!ENV", "!relative")
CORE_TAGS = tuple(f"tag:yaml.org,2002:{name}"
                  for name in ("str", "int", "float", "bool", "null", "seq", "map"))
MAX_BYTES = 1 << 20
MAX_INHERIT = 8
PRINTED_RAW = ("site_name", "site_description", "site_author", "copyright", "repo_name")
"""Settings Material prints without escaping them."""
_SCRIPT_URL = re.compile(r"(?:javascript|vbscript|data):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")

Key = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing mkdocs.yml may not ask, where it asks it."""

    file: str
    pos: Pos
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.pos.line}:{self.pos.column}: {self.message}"


class ConfigRefused(UsageError):
    """Raised by :func:`guard` when mkdocs.yml asks what the policy does not allow."""

    def __init__(self, problems: list[Problem]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")
        self.problems = problems


def guard(root: Path, config_file: Path, policy: Policy, *, site_dir_given: bool = False,
          now: dt.datetime | None = None) -> None:
    """Raise :class:`ConfigRefused` when ``config_file`` asks what is not allowed."""
    problems = check_config(root, config_file, policy, site_dir_given=site_dir_given, now=now)
    if problems:
        raise ConfigRefused(problems)


def check_config(root: Path, config_file: Path, policy: Policy, *,
                 site_dir_given: bool = False, now: dt.datetime | None = None
                 ) -> list[Problem]:
    """Everything ``config_file`` (and the files it inherits) asks that is not allowed."""
    reader = _Reader(root.resolve(), policy, site_dir_given,
                     now or dt.datetime.now(dt.UTC))
    reader.read(config_file, 0)
    return reader.problems


class _Reader:
    def __init__(self, root: Path, policy: Policy, site_dir_given: bool,
                 now: dt.datetime) -> None:
        self.root, self.policy, self.site_dir_given, self.now = root, policy, site_dir_given, now
        self.problems: list[Problem] = []
        self.seen: set[Path] = set()

    def read(self, path: Path, depth: int) -> None:
        self.file = self._name(path)
        doc = self._load(path)
        if doc is None or not isinstance(doc.data, dict):
            return
        self.doc, self.folder = doc, path.parent
        data: dict[str, Any] = doc.data
        self._top_level(data)
        for name, options, at in _entries(data.get("plugins"), ("plugins",)):
            self._plugin(name, options, at)
        for name, _, at in _entries(data.get("markdown_extensions"), ("markdown_extensions",)):
            if not self.policy.site.allows_extension(name):
                self._refuse(at, f"Markdown extension '{name}' is not allowed by bulletin.yml "
                                 "(site.markdown_extensions); an extension is code that runs "
                                 "in the build")
        parent = data.get("INHERIT")
        if parent is not None:
            self._inherit(self._value(parent), depth)

    def _load(self, path: Path) -> Document | None:
        resolved = path.resolve()
        if resolved in self.seen:
            return None
        self.seen.add(resolved)
        try:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            self._at(Pos(1, 1), f"cannot be read: {exc.strerror or exc}")
            return None
        if len(raw) > MAX_BYTES:
            self._at(Pos(1, 1), f"is larger than {MAX_BYTES:,} bytes")
            return None
        doc = safeyaml.load(raw.decode("utf-8", "replace"), tags=MKDOCS_TAGS + CORE_TAGS)
        for problem in doc.problems:
            if problem.fatal:
                self._at(problem.pos, _unsafe_message(problem.message)
                         if problem.kind == "unsafe" else problem.message)
        return doc if doc.ok else None

    def _texts(self, data: dict[str, Any]) -> None:
        """Script in text the theme prints as it is: markup in the site's names, a
        ``javascript:`` address anywhere (a ``nav`` link, ``repo_url``, ``extra``)."""
        for key in PRINTED_RAW:
            if isinstance(data.get(key), str) and ("<" in data[key] or ">" in data[key]):
                self._refuse((key,), f"'{key}' holds markup; the theme prints it as it is: "
                                     "write plain text")
        for at, text in _strings(data, ()):
            if _SCRIPT_URL.search(_INVISIBLE.sub("", text)):
                self._refuse(at, "a javascript:, vbscript: or data: address would run in "
                                 "readers' browsers; remove it")

    def _top_level(self, data: dict[str, Any]) -> None:
        self._texts(data)
        if data.get("hooks"):
            self._refuse(("hooks",), "'hooks' would run the repository's Python in the build; "
                                     "bulletin builds load no hooks: remove the key")
        if data.get("extra_templates"):
            self._refuse(("extra_templates",), "'extra_templates' would render the "
                                               "repository's Jinja templates in the build; "
                                               "remove the key")
        scripts = data.get("extra_javascript")
        for i, entry in enumerate(scripts if isinstance(scripts, list) else []):
            entry = self._value(entry)
            name = entry.get("path") if isinstance(entry, dict) else entry
            if str(name) not in self.policy.site.extra_javascript:
                self._refuse(("extra_javascript", i), f"script '{name}' runs on every page; "
                             "bulletin.yml does not list it (site.extra_javascript)")
        for key in ("docs_dir", *(() if self.site_dir_given else ("site_dir",))):
            if key in data:
                self._inside((key,), data[key])
        theme = data.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir") is not None:
            self._inside(("theme", "custom_dir"), theme["custom_dir"])

    def _plugin(self, name: str, options: Any, at: Key) -> None:
        if not self.policy.site.allows_plugin(name):
            self._refuse(at, f"MkDocs plugin '{name}' is not allowed by bulletin.yml "
                             "(site.plugins); a plugin is code that runs in the build")
            return
        if not isinstance(options, dict):
            return
        if isinstance(options.get("plugins"), list | dict):  # material/group and the like
            for inner, inner_options, inner_at in _entries(options["plugins"],
                                                           (*at, "plugins")):
                self._plugin(inner, inner_options, inner_at)
        if name == "bulletin":
            self._bulletin_options(options, at)

    def _bulletin_options(self, options: dict[str, Any], at: Key) -> None:
        policy = self.policy
        audience = self._value(options.get("audience"))
        if audience is not None:
            cap = policy.config_audience
            if policy.level_rank(str(audience)) < 0:
                self._refuse((*at, "audience"), f"audience '{audience}' is not one of the "
                                                f"levels ({', '.join(policy.levels)})")
            elif policy.level_rank(str(audience)) > policy.level_rank(cap):
                self._refuse((*at, "audience"), f"audience '{audience}' is above '{cap}', "
                             "the highest mkdocs.yml may set (site.audience in bulletin.yml); "
                             "build for it with 'bulletin build --audience'")
        as_of = _moment(self._value(options.get("as_of")), policy)
        if as_of is not None and as_of > self.now:
            self._refuse((*at, "as_of"), "as_of is in the future: it would publish items "
                                         "before their embargo; pass 'bulletin build --as-of' "
                                         "instead")
        if options.get("repo") is not None:
            repo = self._path(options["repo"])
            if repo is None or repo.resolve() != self.root:
                self._refuse((*at, "repo"), "repo names another folder than this bulletin "
                                            "repository")

    def _inherit(self, value: Any, depth: int) -> None:
        path = self._path(value)
        if path is None or not self._is_inside(path):
            self._refuse(("INHERIT",), "INHERIT names a file outside the repository")
        elif depth >= MAX_INHERIT:
            self._refuse(("INHERIT",), f"more than {MAX_INHERIT} files inherited in a row")
        elif path.is_file():  # MkDocs reports a missing one
            doc, file, folder = self.doc, self.file, self.folder
            self.read(path, depth + 1)
            self.doc, self.file, self.folder = doc, file, folder

    def _inside(self, at: Key, value: Any) -> None:
        path = self._path(value)
        if path is None or not self._is_inside(path):
            self._refuse(at, f"{'.'.join(map(str, at))} must be a folder inside the repository")

    def _is_inside(self, path: Path) -> bool:
        return path.resolve().is_relative_to(self.root)

    def _path(self, value: Any) -> Path | None:
        """A path setting as MkDocs reads it (relative to the file's folder)."""
        if isinstance(value, Tagged) and value.tag == "!relative":
            prefix, _, rest = str(value.value or "").partition("/")
            if prefix == "$config_dir":
                return self.folder / rest
            return None  # $docs_dir and the page's folder: only for extensions' options
        value = self._value(value)
        if not isinstance(value, str) or not value:
            return None
        return self.folder / value

    def _value(self, value: Any) -> Any:
        """``value`` with MkDocs' ``!ENV`` resolved as MkDocs resolves it, now."""
        if isinstance(value, Tagged) and value.tag == "!ENV":
            return _env(value.value)
        if isinstance(value, Tagged) and value.tag in CORE_TAGS:
            return value.value
        return value

    def _refuse(self, at: Key, message: str) -> None:
        """A problem at the key ``at`` (or the list entry, when ``at`` ends in an index)."""
        self._at(self.doc.where_key(*at), message)

    def _at(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(self.file, pos, message))

    def _name(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def _entries(value: Any, at: Key) -> Iterator[tuple[str, Any, Key]]:
    """(name, options, where) of each plugin or extension, listed or as a mapping."""
    if isinstance(value, dict):
        for name, options in value.items():
            yield str(name), options, (*at, name)
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            if isinstance(entry, dict) and len(entry) == 1:
                name, options = next(iter(entry.items()))
                yield str(name), options, (*at, i, name)
            elif isinstance(entry, Tagged) and entry.tag == "!ENV":
                yield str(_env(entry.value)), None, (*at, i)
            else:
                yield str(entry.value if isinstance(entry, Tagged) else entry), None, (*at, i)


def _strings(value: Any, at: Key) -> Iterator[tuple[Key, str]]:
    """Every text in ``value`` (keys too), with where it is."""
    if isinstance(value, Tagged):
        value = value.value
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            yield from _strings(entry, (*at, i))
    elif isinstance(value, dict):
        for key, entry in value.items():
            yield (*at, key), str(key)
            yield from _strings(entry, (*at, key))


def _env(value: Any) -> Any:
    """MkDocs' ``!ENV``: the first variable set (read as YAML would), else the default
    (the last entry of a list of two or more), else None."""
    names, default = ([value], None) if not isinstance(value, list) else \
        (value[:-1], value[-1]) if len(value) > 1 else (value, None)
    for name in names:
        if str(name) in os.environ:
            text = os.environ[str(name)]
            try:
                return safeyaml.resolve_plain(text) if text else None
            except ValueError:  # an impossible date: text, as far as the guard cares
                return text
    return default


def _moment(value: Any, policy: Policy) -> dt.datetime | None:
    """``as_of`` as an aware date-time (None when absent or unreadable)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=policy.tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), policy.tz)
    if isinstance(value, str):
        try:
            return _moment(dt.datetime.fromisoformat(value), policy)
        except ValueError:
            return None
    return None


def _unsafe_message(message: str) -> str:
    message = message.replace("tag:yaml.org,2002:", "!!")
    if "python/" in message:
        return (f"{message}: it would run Python when MkDocs reads the file; write the "
                "value as plain data")
    if "anchor" in message or "alias" in message:
        return f"{message} in mkdocs.yml; write the value out"
    return f"{message}: mkdocs.yml may use only !ENV, !relative and YAML's own tags"
