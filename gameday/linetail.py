"""``LineTail``: the complete lines appended to a file since the last read.

Three parts follow a file another process appends to: the customers' stats (Locust's plugin
writes a JSON line a second), the drill room's telemetry (the same file) and the own-actions
marks (any gameday process). Each wants the same thing: only whole lines (a line still being
written waits for the next read), never a line twice, and a file that was replaced (another
inode) or cut shorter read again from its start.
"""

from __future__ import annotations

import os
from pathlib import Path


class LineTail:
    """``max_bytes``: read at most this much at a time (the rest comes with the next reads)."""

    def __init__(self, path: Path, *, max_bytes: int | None = None) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._inode = -1
        self._offset = 0
        self._partial = b""

    def skip_existing(self) -> None:
        """Start after what the file holds now (a previous reader took it)."""
        try:
            st = os.stat(self.path)
        except OSError:
            self._inode, self._offset = -1, 0
        else:
            self._inode, self._offset = st.st_ino, st.st_size
        self._partial = b""

    def read(self) -> list[bytes]:
        """The whole lines written since the last read (without their newlines)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return []
        if st.st_ino != self._inode or st.st_size < self._offset:  # new, replaced or cut
            self._inode, self._offset, self._partial = st.st_ino, 0, b""
        if st.st_size == self._offset:
            return []
        size = st.st_size - self._offset
        if self.max_bytes is not None:
            size = min(size, self.max_bytes)
        try:
            with open(self.path, "rb") as f:
                f.seek(self._offset)
                chunk = f.read(size)
        except OSError:
            return []
        self._offset += len(chunk)
        *lines, self._partial = (self._partial + chunk).split(b"\n")
        return lines
