"""Pages kept on disk between the moment they are made and the moment they are written.

MkDocs holds every page of a build from ``on_files`` to the end: it converts them
all (``_populate_page``) before it writes any (``_build_page``), and keeps
``page.content`` afterwards. At 100,000 items that is gigabytes of HTML. So a
generated page's HTML goes to a :class:`Spool` — one unnamed temporary file — as
soon as the bulletin renders it, and the page keeps only where it lies
(:class:`Ref`, three numbers); :class:`SpooledContent` gives MkDocs a
``content`` that is read back from the spool each time it is asked for. Text a
hook sets that is not what was just read (a cached finished page, the theme
job's page) goes to the spool in turn, so at any moment about one page's HTML is
in memory, whatever the size of the site.

A spool is written by one process: a forked worker (``theme.py``) writes its own
spool, made before the fork, and hands back :class:`Ref` fields, not pages. Text
round-trips exactly (UTF-8 with ``surrogatepass``), so the site is the same
byte for byte as when every page stayed in memory.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

_ENCODING, _ERRORS = "utf-8", "surrogatepass"


class Spool:
    """An append-only temporary file of texts; gone (no name, no content) once closed."""

    def __init__(self) -> None:
        # O_TMPFILE where the system has it: the file has no name at any moment
        self._file = tempfile.TemporaryFile(prefix="bulletin-pages-", buffering=0)  # noqa: SIM115
        self._end = 0

    def put(self, text: str) -> Ref:
        """Append ``text``; where it lies."""
        return self.put_bytes(text.encode(_ENCODING, _ERRORS))

    def put_bytes(self, data: bytes) -> Ref:
        """Append ``data``; where it lies."""
        start = end = self._end
        view = memoryview(data)
        while view:
            written = os.pwrite(self._file.fileno(), view, end)
            view, end = view[written:], end + written
        self._end = end
        return Ref(self, start, len(data))

    def read(self, offset: int, length: int) -> str:
        return self.read_bytes(offset, length).decode(_ENCODING, _ERRORS)

    def read_bytes(self, offset: int, length: int) -> bytes:
        if self._file.closed:
            raise ValueError("the build has ended: its pages are written, the spool is gone")
        parts, done = [], 0
        while done < length:
            chunk = os.pread(self._file.fileno(), length - done, offset + done)
            if not chunk:
                raise OSError(f"page spool: {length - done} bytes missing at {offset + done}")
            parts.append(chunk)
            done += len(chunk)
        return b"".join(parts)

    @property
    def size(self) -> int:
        """Bytes in the file (also what a forked process wrote to it)."""
        return os.fstat(self._file.fileno()).st_size

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True, slots=True)
class Ref:
    """Where one text lies in a spool."""

    spool: Spool
    offset: int
    length: int

    def read(self) -> str:
        return self.spool.read(self.offset, self.length)

    def read_bytes(self) -> bytes:
        return self.spool.read_bytes(self.offset, self.length)


class _Recent:
    """The text read from a spool last, and where it lies: a hook that hands it back
    unchanged (MkDocs sets ``page.content = on_page_content(page.content)``) leaves the
    page on disk."""

    text: str | None = None
    ref: Ref | None = None


class SpooledContent:
    """A mixin giving a page a ``content`` attribute kept in a spool.

    Reading ``content`` reads the spool; setting it to the text just read keeps the
    page where it is; setting any other text writes that text to :attr:`spool`;
    ``None`` and ``""`` are kept as they are (a page with nothing to write)."""

    spool: Spool
    _ref: Ref | None = None
    _held: str | None = None

    @property
    def content(self) -> str | None:
        if self._ref is None:
            return self._held
        text = self._ref.read()
        _Recent.text, _Recent.ref = text, self._ref
        return text

    @content.setter
    def content(self, value: str | None) -> None:
        if value is not None and value is _Recent.text and _Recent.ref is not None:
            self.attach(_Recent.ref)  # the text just read, unchanged: it stays where it is
            return
        if not value:
            self._ref, self._held = None, value
            return
        self.attach(self.spool.put(value))

    def attach(self, ref: Ref) -> None:
        """The page's content is the text at ``ref``."""
        self._ref, self._held = ref, None

    @property
    def spooled(self) -> bool:
        """Whether the content lies on disk (or is empty): no HTML held in memory."""
        return not self._held
