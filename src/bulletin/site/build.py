"""``bulletin build`` and ``bulletin serve``: MkDocs with the audience and date set."""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..basics import Progress
from ..errors import BulletinError, UsageError, WriteFailed, write_failed
from .plugin import AS_OF_ENV, AUDIENCE_ENV, CACHE_ENV
from .progress import reporting

CONFIG_FILE = "mkdocs.yml"
# Collect cyclic garbage after this many allocations, not Python's 700: a build
# holds ~10 objects per page for its whole length (items, pages, MkDocs' files),
# and with the default every few thousand allocations would walk them, ~10% of
# a build's time for garbage that hardly ever arises.
GC_THRESHOLD = (100_000, 20, 20)
_NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)


class BuildFailed(BulletinError):
    """Raised by :func:`build_site` when MkDocs aborts (exit code 1)."""


@contextlib.contextmanager
def _environment(audience: str | None, as_of: str | None,
                 cache: bool = True) -> Iterator[None]:
    """Hand the audience, date and cache choice to the plugin, for this build only."""
    saved = {k: os.environ.get(k)
             for k in (AUDIENCE_ENV, AS_OF_ENV, CACHE_ENV, "NO_MKDOCS_2_WARNING")}
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    for key, value in ((AUDIENCE_ENV, audience), (AS_OF_ENV, as_of),
                       (CACHE_ENV, None if cache else "0")):
        if value:
            os.environ[key] = value
        else:
            os.environ.pop(key, None)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the garbage collector less often, for this build only (see GC_THRESHOLD)."""
    saved = gc.get_threshold()
    gc.set_threshold(*(max(a, b) for a, b in zip(saved, GC_THRESHOLD, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*saved)


class _StderrHandler(logging.Handler):
    """Writes to whatever ``sys.stderr`` is at the time (tests swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def _show_logs(quiet: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)


def config_path(root: Path, config_file: Path | None) -> Path:
    path = config_file or root / CONFIG_FILE
    if not path.is_file():
        raise UsageError(f"no {path.name} in {path.parent}; a bulletin site needs mkdocs.yml "
                         "with 'plugins: [bulletin]' (bulletin init writes one)")
    return path


def guard_config(root: Path, path: Path, site_dir_given: bool = False) -> None:
    """Refuse, before MkDocs reads it, an mkdocs.yml that asks what the policy does not
    allow (see ``guard.py``): MkDocs' reader runs ``!!python`` tags, and its hooks,
    plugins and extensions are code."""
    from ..load.repository import load_policy
    from .guard import guard

    loaded = load_policy(root)
    if loaded.policy is None:
        raise UsageError("bulletin.yml is invalid; run 'bulletin check' (the build reads "
                         "mkdocs.yml only once the policy is valid)")
    guard(root, path, loaded.policy, site_dir_given=site_dir_given)


def unreadable_value(path: Path) -> str:
    """":LINE:COLUMN" of the first plain value in the YAML file ``path`` that cannot be
    made into what it looks like (a number of more than 4,300 digits, the date
    2026-13-45), or "" when none is found. Nothing is constructed but those values."""
    import yaml

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        maker = yaml.SafeLoader("")
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    todo = [root] if root is not None else []
    while todo:
        node = todo.pop(0)
        if isinstance(node, yaml.ScalarNode):
            if node.tag.rsplit(":", 1)[-1] in ("int", "float", "timestamp"):
                try:
                    str(maker.construct_object(node))  # str(): 0x… reads, but never prints
                except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                    return f":{node.start_mark.line + 1}:{node.start_mark.column + 1}"
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
        elif isinstance(node, yaml.MappingNode):
            todo += [part for pair in node.value for part in pair]
    return ""


def build_site(root: Path, config_file: Path | None = None, audience: str | None = None,
               site_dir: Path | None = None, as_of: str | None = None, strict: bool = False,
               quiet: bool = False, cache: bool = True,
               progress: Progress | None = None) -> Path:
    """Build the site for ``audience`` into ``site_dir``; return the folder.

    With ``cache`` (the default) what an earlier build rendered is reused from the
    repository's cache folder (:mod:`bulletin.cachedir`) and the site folder is rebuilt
    in place (see
    ``site/cache.py`` and ``site/reuse.py``); the files are the same either way.
    ``progress`` hears how far the build is (``site/progress.py``).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    path = config_path(root, config_file)
    guard_config(root, path, site_dir_given=site_dir is not None)
    _show_logs(quiet)
    with _environment(audience, as_of, cache), _fewer_collections(), reporting(progress):
        try:
            config = load_config(str(path), site_dir=str(site_dir) if site_dir else None,
                                 strict=strict)
            if "bulletin" not in config.plugins:
                raise UsageError(f"{path} does not use the bulletin plugin; add "
                                 "'plugins: [bulletin]'")
            build(config)
        except (ConfigurationError, PluginError) as exc:
            raise UsageError(str(exc)) from None
        except WriteFailed:
            raise
        except OSError as exc:  # a full disk, a file-size limit, a folder not writable
            if exc.errno in _NO_ROOM:
                raise write_failed(exc, within=f"{site_dir or 'the site'} or the cache") \
                    from None
            where = f"{exc.filename}: " if exc.filename else ""
            raise BuildFailed(f"{where}{exc.strerror or exc}") from None
        except (ValueError, TypeError, OverflowError) as exc:
            if "config" in locals():
                raise  # not the configuration's: a fault of ours, with its traceback
            raise UsageError(f"{path}{unreadable_value(path)}: a value cannot be read: "
                             f"{str(exc).split(';')[0]}") from None
        except Abort as exc:
            raise BuildFailed(str(exc)) from None
    return Path(config.site_dir)


def serve_site(root: Path, config_file: Path | None = None, audience: str | None = None,
               as_of: str | None = None, dev_addr: str | None = None) -> None:
    """Serve the site with live reload (items, editions and the policy are watched)."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError

    path = config_path(root, config_file)
    guard_config(root, path)
    _show_logs(quiet=False)
    with _environment(audience, as_of):
        try:
            serve(str(path), livereload=True, dev_addr=dev_addr)
        except ConfigurationError as exc:
            raise UsageError(str(exc)) from None
        except Abort as exc:
            raise BuildFailed(str(exc)) from None
