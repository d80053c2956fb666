"""Formatters: one diagnostic list in, one report out (text, json)."""

from .json import render_json
from .text import render_text

FORMATS = ("text", "json")

__all__ = ["FORMATS", "render_json", "render_text"]
