"""What the bulletin plugin reads of MkDocs' own state: its configuration, plugins,
navigation and the files it writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section

from .cache import digest, versions

PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context",
               "post_page")


def written_by_mkdocs(files: Files, config: MkDocsConfig) -> list[Path | str]:
    """The files MkDocs wrote into the site: every included file, and the theme's templates."""
    site_dir = Path(config.site_dir)
    out: list[Path | str] = [f.abs_dest_path for f in files
                             if not f.inclusion.is_excluded()]  # type: ignore[no-untyped-call]
    for name in [*config.theme.static_templates, *config.extra_templates]:
        out.append(site_dir / name)
        out.append(site_dir / f"{name}.gz")  # sitemap.xml.gz
    return out


def remove_plugin(config: MkDocsConfig, name: str) -> None:
    """Take plugin ``name`` out of the build, with the hooks it registered."""
    plugin = config.plugins.pop(name)
    for methods in config.plugins.events.values():
        methods[:] = [m for m in methods if getattr(m, "__self__", None) is not plugin]


def page_plugins(config: MkDocsConfig, ours: object) -> list[str]:
    """The other plugins that hook into page events (their output the cache cannot know)."""
    names = {id(plugin): name for name, plugin in config.plugins.items()}
    return sorted({names.get(id(getattr(m, "__self__", None)), "?")
                   for event in PAGE_EVENTS for m in config.plugins.events[event]
                   if getattr(m, "__self__", None) is not ours})


def fingerprint(config: MkDocsConfig, nav: Navigation, code: str) -> str:
    """A hash of what every page's HTML depends on besides its own content.

    The site's configuration, the navigation (each page shows it), the theme
    (version, options, a ``custom_dir``'s files), and the code that renders
    (``code``: a hash of it).
    """
    settings = {key: config.get(key) for key in (
        "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
        "repo_name", "edit_uri", "extra", "extra_css", "extra_javascript", "use_directory_urls",
        "markdown_extensions", "mdx_configs", "theme")}
    settings["theme"] = {"name": config.theme.name, **dict(config.theme.items())}
    parts = [versions("mkdocs", "mkdocs-material", "jinja2", "markupsafe"),
             code,
             json.dumps(settings, sort_keys=True, default=str), json.dumps(_nav_outline(nav.items))]
    if config.theme.custom_dir:
        for path in sorted(Path(config.theme.custom_dir).rglob("*")):
            if path.is_file():
                parts.append(f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}")
    return digest(*parts)


def _nav_outline(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            out.append([item.title, _nav_outline(item.children)])
        else:
            out.append([str(item.title), str(getattr(item, "url", ""))])
    return out


def docs_pages(files: Files, taken: set[str]) -> list[str]:
    """Hand-written pages from docs/, after the bulletin's own, in path order."""
    return sorted(f.src_uri for f in files.documentation_pages()
                  if not f.generated_by and f.src_uri not in taken)
