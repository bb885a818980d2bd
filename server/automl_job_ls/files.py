"""Reading files a job points at (component files, other jobs in the workspace), safely:
only regular files, only up to a size cap, never blocking. A FIFO or a device named like a
YAML file (`/dev/zero`, a pipe) would otherwise block the server or fill its memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 2_000_000  # job and component files are a few kB


def read_text(path: Path | str, max_bytes: int = MAX_BYTES, errors: str = "strict") -> str | None:
    """The file's UTF-8 text, or None if it is not a regular file, is larger than `max_bytes`,
    cannot be read, or (with `errors="strict"`) is not UTF-8."""
    try:
        # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        return None
    try:
        return data.decode("utf-8", errors=errors)
    except UnicodeDecodeError:
        return None
