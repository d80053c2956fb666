"""The pictures items show, handed to MkDocs as files of the site (MkDocs glue): each as
:func:`~bulletin.site.pictures.publishable` allows it, or left out with a warning."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..load.walk import ITEMS_DIR
from .pictures import publishable

log = logging.getLogger("mkdocs.plugins.bulletin")


def add_media(root: Path, files: Files, config: MkDocsConfig, asset: str) -> None:
    """A picture an item shows (``asset``: its repository path), under ``media/``."""
    source = root / asset
    try:
        missing = source.is_symlink() or not source.is_file()
    except OSError as exc:  # a name over 255 bytes (the check's S028), ...
        log.warning(f"bulletin: {asset[:80]}: image cannot be read ({exc.strerror}); "
                    "left out")
        return
    if missing:
        log.warning(f"bulletin: {asset}: image not found (or a link); left out")
        return
    picture = publishable(root, asset)
    if isinstance(picture, str):
        log.warning(f"bulletin: {picture}; left out")
        return
    uri = "media/" + asset.removeprefix(f"{ITEMS_DIR}/")
    files.append(File.generated(config, uri, content=picture.content) if picture.content
                 is not None else File.generated(config, uri, abs_src_path=str(picture.source)))
