"""Write the corpus's files from a few threads."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path


class FileWriter:
    """Writes files from a few threads: creating a file is a slow system call on many
    disks, and the threads overlap it with text generation (``open`` releases the GIL)."""

    def __init__(self, out: Path, threads: int = 4) -> None:
        self.root = str(out)
        self.made: set[str] = set()
        self.queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(maxsize=4096)
        self.errors: list[BaseException] = []
        self.threads = [threading.Thread(target=self._work, daemon=True) for _ in range(threads)]
        for thread in self.threads:
            thread.start()

    def write(self, rel: str, data: bytes) -> None:
        folder = rel.rpartition("/")[0]
        if folder and folder not in self.made:  # folders are made here, before any file in them
            os.makedirs(f"{self.root}/{folder}", exist_ok=True)
            self.made.add(folder)
        if self.errors:
            raise self.errors[0]
        self.queue.put((f"{self.root}/{rel}", data))

    def close(self) -> None:
        for _ in self.threads:
            self.queue.put(None)
        for thread in self.threads:
            thread.join()
        if self.errors:
            raise self.errors[0]

    def _work(self) -> None:
        while (job := self.queue.get()) is not None:
            try:
                with open(job[0], "wb") as fh:
                    fh.write(job[1])
            except OSError as exc:
                self.errors.append(exc)
