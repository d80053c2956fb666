"""A printed PDF read back with word positions (pdfplumber): where the marking is."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import pytest

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # fonts without a FontBBox


@dataclass
class PrintedPage:
    """One page: its height, the marking's boxes, every other word's box."""

    number: int
    height: float
    markings: list[tuple[float, float, float, float]]  # (x0, top, x1, bottom)
    words: list[tuple[str, tuple[float, float, float, float]]]

    @property
    def text(self) -> str:
        return " ".join(text for text, _ in self.words)


def read_pages(data: bytes, marking: str) -> list[PrintedPage]:
    """Each page of the PDF ``data``: the boxes of the word ``marking`` and of the rest."""
    pdfplumber = pytest.importorskip("pdfplumber")
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            marks, words = [], []
            for word in page.extract_words(keep_blank_chars=False, x_tolerance=3):
                box = (word["x0"], word["top"], word["x1"], word["bottom"])
                (marks if word["text"] == marking else words).append(
                    box if word["text"] == marking else (word["text"], box))
            pages.append(PrintedPage(number, float(page.height), marks, words))
    return pages


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_marked_in_margins(pages: list[PrintedPage]) -> None:
    """On every page the marking is once in the top margin and once in the bottom one,
    nowhere else, and its box meets no other word's."""
    assert pages
    for page in pages:
        tops = [m for m in page.markings if m[3] < page.height * 0.1]
        bottoms = [m for m in page.markings if m[1] > page.height * 0.9]
        assert len(tops) == 1 and len(bottoms) == 1, (page.number, page.markings)
        assert len(page.markings) == 2, (page.number, page.markings)
        body = [box for _, box in page.words if page.height * 0.05 < box[1] < page.height * 0.95]
        assert body, page.number
        for mark in page.markings:
            hit = [text for text, box in page.words if overlaps(mark, box)]
            assert hit == [], (page.number, hit)
            # and a clear gap between the marking and the body text
            assert all(mark[3] < box[1] or mark[1] > box[3] for box in body), page.number
