"""Formatters: one diagnostic list in, one report out (text, json, markdown, github,
gitlab)."""

from ..basics import CHECK_FORMATS as FORMATS
from .cards import Card, quality_cards
from .github import render_github
from .gitlab import render_gitlab
from .json import render_json
from .markdown import render_markdown
from .text import render_text

__all__ = ["FORMATS", "Card", "quality_cards", "render_github", "render_gitlab", "render_json",
           "render_markdown", "render_text"]
