"""Writing a plan file back in its canonical layout."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from opmkt.errors import FileError
from opmkt.findings import say
from opmkt.io.files import write_atomic


def rewrite(path: Path, name: str, content: str) -> None:
    """Replace the file atomically, but never one its owner made read-only: replacing it by a
    rename would succeed and silently drop that protection (FileError, the file untouched)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise FileError(
            say("{file}: cannot write: {why}", file=name, why=exc.strerror or str(exc))
        ) from None
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise FileError(
            say(
                "{file} is read-only: not reformatted (make it writable, or see the changes "
                "with --diff)",
                file=name,
            )
        )
    write_atomic(path, content, force=True, display=name)
