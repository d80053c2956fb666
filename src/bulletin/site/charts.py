"""Charts drawn at build time as inline SVG: nothing is loaded from anywhere.

Each chart is an accessible image (``role="img"`` with a title and a
description); the table beside it carries the same figures for screen
readers and print.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence

from markupsafe import Markup

from ..text import display_width

ROW = 24
BAR = 16
WIDTH = 720
POSITIVE = "#1d5fa6"
NEGATIVE = "#b3261e"
SECOND = "#7aa6d6"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _label_width(labels: Sequence[str]) -> int:
    """Room for the longest label (12 px text: ~6.6 px a Latin letter, 12 px a Chinese
    character), up to half the chart."""
    return min(WIDTH // 2, 16 + int(6.6 * max((display_width(label) for label in labels),
                                               default=0)))


def bar_chart(rows: Sequence[tuple[str, float]], title: str, description: str,
              unit: str = "") -> Markup:
    """Horizontal bars, one per row, around a zero line (negative values go left)."""
    if not rows:
        return Markup("")
    left = _label_width([label for label, _ in rows])
    low = min(0.0, *(value for _, value in rows))
    high = max(0.0, *(value for _, value in rows))
    span = (high - low) or 1.0
    plot = WIDTH - left - 70
    zero = left + plot * (-low / span)
    height = ROW * len(rows) + 12
    parts = [_open(title, description, height)]
    for n, (label, value) in enumerate(rows):
        y = 6 + n * ROW
        length = plot * abs(value) / span
        x = zero if value >= 0 else zero - length
        colour = POSITIVE if value >= 0 else NEGATIVE
        text_x = zero + length + 4 if value >= 0 else zero + 4
        parts.append(
            f'<text x="{left - 8}" y="{y + 12}" text-anchor="end">{_esc(label)}</text>'
            f'<rect x="{x:.1f}" y="{y}" width="{max(length, 1):.1f}" height="{BAR}" '
            f'fill="{colour}"/>'
            f'<text x="{text_x:.1f}" y="{y + 12}">{value:g}{_esc(unit)}</text>')
    parts.append(f'<line x1="{zero:.1f}" y1="2" x2="{zero:.1f}" y2="{height - 4}" '
                 'stroke="currentColor" stroke-width="1"/>')
    return Markup("".join(parts) + "</svg>")


def paired_chart(rows: Sequence[tuple[str, int, int]], title: str, description: str,
                 legend: tuple[str, str]) -> Markup:
    """Two bars per row (e.g. submitted and adopted), from zero."""
    if not rows:
        return Markup("")
    left = _label_width([label for label, _, _ in rows])
    high = max(1, *(max(a, b) for _, a, b in rows))
    plot = WIDTH - left - 50
    height = ROW * len(rows) + 34
    parts = [_open(title, description, height),
             f'<rect x="{left}" y="4" width="12" height="10" fill="{SECOND}"/>'
             f'<text x="{left + 16}" y="13">{_esc(legend[0])}</text>'
             f'<rect x="{left + 140}" y="4" width="12" height="10" fill="{POSITIVE}"/>'
             f'<text x="{left + 156}" y="13">{_esc(legend[1])}</text>']
    for n, (label, first, second) in enumerate(rows):
        y = 26 + n * ROW
        parts.append(f'<text x="{left - 8}" y="{y + 12}" text-anchor="end">{_esc(label)}</text>')
        for offset, value, colour in ((0, first, SECOND), (8, second, POSITIVE)):
            length = plot * value / high
            parts.append(f'<rect x="{left}" y="{y + offset}" width="{max(length, 1):.1f}" '
                         f'height="8" fill="{colour}"/>')
        parts.append(f'<text x="{left + plot * max(first, second) / high + 4:.1f}" '
                     f'y="{y + 12}">{first} / {second}</text>')
    return Markup("".join(parts) + "</svg>")


def _open(title: str, description: str, height: int) -> str:
    ident = "c" + hashlib.sha1(f"{title}\0{description}".encode()).hexdigest()[:10]
    return (f'<svg class="bl-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="0 0 {WIDTH} {height}" width="100%" '
            f'aria-labelledby="{ident}-t {ident}-d" font-size="12" fill="currentColor">'
            f'<title id="{ident}-t">{_esc(title)}</title>'
            f'<desc id="{ident}-d">{_esc(description)}</desc>')
