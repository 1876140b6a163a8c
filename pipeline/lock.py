"""One process at a time per state: an exclusive, non-blocking lock file beside the database.

``flock`` is released by the kernel when the process dies (even with SIGKILL), so a crash never
leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from .errors import LockError


class StateLock:
    """Hold ``<state>.lock`` for the lifetime of a ``with`` block; refuse if another process has it."""

    def __init__(self, state_path: str | Path, *, purpose: str):
        self.path = Path(f"{state_path}.lock")
        self.purpose = purpose
        self._fd: int | None = None

    def __enter__(self) -> StateLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # missing or read-only media: say so, not a traceback (issue 20)
            raise LockError(
                f"cannot use the state folder {self.path.parent}: {exc.strerror or exc} "
                "(is the disk mounted and writable? `state:` in sources.yaml says where it is)"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise LockError(
                f"the state {str(self.path)[:-5]} is in use by {holder}; "
                "only one scheduler or run may use a state at a time"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{self.purpose} (pid {os.getpid()})".encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
