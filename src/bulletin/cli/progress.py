"""Progress of long work on the terminal: one line on standard error, redrawn at most
:data:`RATE` times a second and cleared when the work ends.

Nothing is shown when standard error is not a terminal (CI logs, pipes, files), when
``TERM`` is ``dumb``, or with ``-q``. Reports go to standard output and never meet the
line: it is cleared before anything else is written to standard error (MkDocs' log,
warnings) and when the work ends, before the report is written.

Not ``click.progressbar``: it redraws only when its text changes, so it cannot come
back after a log line, and it always leaves its last line on the screen. ``rich`` and
``tqdm`` would do, but neither comes with what bulletin installs, for one line.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO, cast

from ..basics import Progress

RATE = 5
"""Most redraws a second."""
CLEAR = "\r\x1b[K"  # to the line's start, and erase it


class TerminalProgress:
    """The :data:`~bulletin.basics.Progress` callback that draws one line on ``stream``."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.what: str | None = None
        self.started = self.drawn = 0.0
        self.visible = False

    def __call__(self, what: str, done: int, total: int) -> None:
        now = self.clock()
        if what != self.what:
            self.what, self.started = what, now
        elif now - self.drawn < 1 / RATE and not 0 < total <= done:  # the end is shown
            return
        self.drawn = now
        self.stream.write(CLEAR + self._fit(line(what, done, total, now - self.started)))
        self.stream.flush()
        self.visible = True

    def clear(self) -> None:
        """Take the line off the screen (the next report draws it again)."""
        if self.visible:
            self.stream.write(CLEAR)
            self.stream.flush()
            self.visible = False

    def _fit(self, text: str) -> str:
        """``text`` cut to the terminal's width (``COLUMNS``, else the terminal's own, else
        80), less one column: a full line would wrap on some terminals."""
        try:
            width = int(os.environ.get("COLUMNS", ""))
        except ValueError:
            width = 0
        if width <= 0:
            try:
                width = os.get_terminal_size(self.stream.fileno()).columns
            except (OSError, ValueError, AttributeError):
                width = 0
        return text[:(width if width > 0 else 80) - 1]


def line(what: str, done: int, total: int, elapsed: float) -> str:
    """The progress line: counts, share, and the rate and time left once a second and a
    hundredth of the work have passed (the first batch's rate says little)."""
    rate = done / elapsed if elapsed >= 1 and done and done * 100 >= total else 0.0
    if total:
        parts = [f"{what}: {done:,}/{total:,} ({100 * done // total}%)"]
    else:
        parts = [f"{what}... {done:,}" if done else f"{what}..."]
    if rate:
        parts.append(f"{rate:,.0f}/s")
        if total > done:
            left = round((total - done) / rate)
            parts.append(f"{left // 60}:{left % 60:02} left")
    return ", ".join(parts)


class _Interleaved:
    """Standard error while the line shows: other text clears the line first, so that
    it starts where a line starts."""

    def __init__(self, stream: TextIO, progress: TerminalProgress) -> None:
        self._stream = stream
        self._progress = progress

    def write(self, text: Any) -> int:
        if text:  # click probes streams with empty writes
            self._progress.clear()
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def shows_progress(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal that can redraw a line."""
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def terminal_progress(quiet: bool = False) -> Iterator[Progress | None]:
    """A progress callback drawing on standard error for the work inside, or None when
    nothing is to be shown; the line is gone when the block ends."""
    stream = sys.stderr
    if quiet or not shows_progress(stream):
        yield None
        return
    progress = TerminalProgress(stream)
    sys.stderr = cast(TextIO, _Interleaved(stream, progress))
    try:
        yield progress
    finally:
        sys.stderr = stream
        progress.clear()
