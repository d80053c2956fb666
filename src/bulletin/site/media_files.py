"""The pictures items show, handed to MkDocs as files of the site (MkDocs glue): each as
:func:`~bulletin.site.pictures.publishable` allows it, or left out with a warning."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..load.walk import ITEMS_DIR
from ..model import Item
from .pictures import publishable, referrers

log = logging.getLogger("mkdocs.plugins.bulletin")


def add_media(root: Path, files: Files, config: MkDocsConfig, asset: str,
              items: Iterable[Item] = ()) -> None:
    """A picture an item shows (``asset``: its repository path), under ``media/``; a
    missing one is reported at each of ``items``' images that lead to it."""
    source = root / asset
    try:
        missing = source.is_symlink() or not source.is_file()
    except OSError as exc:  # a name over 255 bytes (the check's S028), ...
        log.warning(f"bulletin: {asset[:80]}: image cannot be read ({exc.strerror}); "
                    "left out")
        return
    if missing:
        places = [f"{path}:{line}: image '{written}'"
                  for path, line, written in referrers(items, asset)]
        for place in places or [asset]:
            log.warning(f"bulletin: {place} not found ({asset}, or a link); left out")
        return
    picture = publishable(root, asset)
    if isinstance(picture, str):
        log.warning(f"bulletin: {picture}; left out")
        return
    uri = "media/" + asset.removeprefix(f"{ITEMS_DIR}/")
    files.append(File.generated(config, uri, content=picture.content) if picture.content
                 is not None else File.generated(config, uri, abs_src_path=str(picture.source)))
