"""Atomic file writes that never replace a file unless told to."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from opmkt.errors import FileError


def write_atomic(
    path: Path, content: str | bytes, *, force: bool = False, display: str | None = None
) -> None:
    """Write `content` (text is written as UTF-8) to `path` through a temporary file in the
    same folder and a rename.

    Readers see the old file or the new one, never a half-written one. Without `force`, an
    existing file is left untouched and FileError is raised; the check and the write are one
    step (a hard link fails if the name exists), so a file created meanwhile is not lost.
    """
    name = display or str(path)
    if path.is_symlink():  # write through the link, to the file it names
        path = path.resolve()
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileError(f"{name}: cannot write: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        _set_mode(tmp, path)
        if force:
            tmp.replace(path)
        else:
            _link_new(tmp, path, name)
    except OSError as exc:
        raise FileError(f"{name}: cannot write: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _link_new(tmp: Path, path: Path, name: str) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileError(f"{name} already exists: use --force to replace it") from None
    except OSError:
        # Some file systems have no hard links: fall back to a check, then a rename.
        if path.exists():
            raise FileError(f"{name} already exists: use --force to replace it") from None
        tmp.replace(path)


def _set_mode(tmp: Path, path: Path) -> None:
    """Give the new file the mode of the one it replaces, or the usual mode for a new file."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp.chmod(mode)
