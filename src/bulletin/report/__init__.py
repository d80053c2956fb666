"""Formatters: one diagnostic list in, one report out (text, json, markdown)."""

from .cards import Card, quality_cards
from .json import render_json
from .markdown import render_markdown
from .text import render_text

FORMATS = ("text", "json", "markdown")

__all__ = ["FORMATS", "Card", "quality_cards", "render_json", "render_markdown", "render_text"]
