"""Atomic file writes that never replace a file unless told to, and safe opening of inputs."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from opmkt.errors import FileError
from opmkt.findings import say

STALE_TEMP_SECONDS = 3600
"""How old a leftover temporary file of ours must be before a later write removes it: a
writer that is still running finishes its temporary file in far less than an hour."""


def resolved(path: Path, display: str | None = None) -> Path:
    """The path of the file `path` names, every link followed; a loop of links is a FileError
    (pathlib raises RuntimeError for it, which would be reported as a bug)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError) as exc:
        if isinstance(exc, RuntimeError):
            raise _loop(display or str(path)) from None
        raise FileError(
            say("{file}: cannot follow it: {why}", file=display or str(path), why=_why(exc))
        ) from None


def _why(exc: OSError) -> str:
    """The system's reason for an error (its English: the system does not translate it)."""
    return exc.strerror or str(exc)


def _loop(display: str) -> FileError:
    return FileError(say("{file}: cannot follow it: a loop of symbolic links", file=display))


def same_file(a: Path, b: Path) -> bool:
    """Whether two names lead to one file (links, `..`, hard links), without raising for a
    name that does not exist or that loops."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and a.samefile(b)
    except (RuntimeError, OSError):
        return False


def refuse_input_as_output(output: Path, inputs: list[Path], *, option: str = "-o") -> None:
    """A command never writes over a file it reads, even with --force: the plan would be
    replaced by a report of itself."""
    for source in inputs:
        if same_file(output, source):
            raise FileError(
                say(
                    "{option} {output} is {source}, an input of this command: write elsewhere",
                    option=option,
                    output=str(output),
                    source=str(source),
                )
            )


_KINDS = (
    (stat.S_ISFIFO, say("a named pipe (FIFO)")),
    (stat.S_ISSOCK, say("a socket")),
    (stat.S_ISCHR, say("a character device")),
    (stat.S_ISBLK, say("a block device")),
)


def is_a_folder(display: str) -> FileError:
    return FileError(say("{file}: is a folder, not a file", file=display))


def _not_regular(mode: int, display: str) -> FileError:
    if stat.S_ISDIR(mode):
        return is_a_folder(display)
    kind = next((name for test, name in _KINDS if test(mode)), say("a special file"))
    return FileError(
        say(
            "{file}: is {kind}, not a regular file: opmkt reads and writes only files",
            file=display,
            kind=kind,
        )
    )


STDIN = Path("/dev/stdin")


def is_stdin(path: Path) -> bool:
    """Whether the user asks for standard input: `-`, or `/dev/stdin` by name. That one may be
    a pipe or a terminal, and waiting for it to send the input is what the user asked for."""
    return str(path) in ("-", str(STDIN))


def open_regular(path: Path, display: str) -> BinaryIO:
    """Open `path` for reading, refusing anything but a regular file before reading a byte.

    Opened without blocking: a plain open of a FIFO waits for a writer forever, and the check
    is made on the opened file itself, so that nothing can swap the name in between. OSError
    is left to the caller, which words it for the file's role.
    """
    fd = os.open(STDIN if str(path) == "-" else path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode) and not is_stdin(path):
            raise _not_regular(mode, display)
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def require_regular_output(path: Path, display: str) -> None:
    """Refuse an output name that exists and is not a regular file (a FIFO would block the
    write, a device would receive it), before anything opens it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except RuntimeError:
        raise _loop(display) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _loop(display) from None
        return  # the write itself reports what is wrong, with its own wording
    if not stat.S_ISREG(mode):
        raise _not_regular(mode, display)


@contextlib.contextmanager
def locked(path: Path, display: str) -> Iterator[None]:
    """Hold an exclusive lock for a read-change-write of `path`, shared by every command that
    rewrites a file in place (`track`, `fmt`), from the read to the rename.

    The lock is a flock on the folder of the file the name resolves to, opened read-only:
    - the file itself cannot carry it, because the rename replaces it (a waiter would hold a
      lock on the old inode, unseen by a process that opens the new one), and the folder is
      what the rename changes;
    - resolving first makes every name of the file (a link, a linked folder, `..`) take the
      same lock;
    - a sidecar lock file would be left behind (and committed), and deleting it after use is
      not sound: a waiter would then hold a lock on a file that a newcomer no longer sees.
    Two files of one folder wait for each other; that costs nothing at this scale.
    """
    folder = resolved(path, display).parent
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise FileError(
            say("{file}: the folder {folder} does not exist", file=display, folder=str(folder))
        ) from None
    except OSError as exc:
        raise FileError(
            say("{file}: cannot lock its folder: {why}", file=display, why=_why(exc))
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError as exc:
            raise FileError(
                say("{file}: cannot lock its folder: {why}", file=display, why=_why(exc))
            ) from None
        yield
    finally:
        os.close(handle)  # closing releases the lock


def write_atomic(
    path: Path, content: str | bytes, *, force: bool = False, display: str | None = None
) -> None:
    """Write `content` (text is written as UTF-8) to `path` through a temporary file in the
    same folder and a rename.

    Readers see the old file or the new one, never a half-written one. Without `force`, an
    existing file is left untouched and FileError is raised; the check and the write are one
    step (a hard link fails if the name exists), so a file created meanwhile is not lost.
    Only a regular file is ever replaced.
    """
    import tempfile  # only a command that writes needs it (~0.5 ms)

    name = display or str(path)
    if path.is_symlink():  # write through the link, to the file it names
        path = resolved(path, name)
    require_regular_output(path, name)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileError(say("{file}: cannot write: {why}", file=name, why=_why(exc))) from None
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
        raise FileError(say("{file}: cannot write: {why}", file=name, why=_why(exc))) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    remove_stale_temporaries(path)


def remove_stale_temporaries(path: Path, *, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Remove what killed writers of `path` left: our temporary files (`.NAME.XXXXXXXX.tmp`,
    mkstemp's names), once older than `older_than` seconds, so that a writer still busy with
    its own is never hurt. Returns how many were removed; a file that cannot be removed stays.
    """
    removed = 0
    horizon = time.time() - older_than
    prefix = f".{path.name}."
    try:
        names = [entry.name for entry in path.parent.iterdir()]
    except OSError:
        return 0
    for entry in names:
        middle = entry[len(prefix) : -len(".tmp")]
        if not (entry.startswith(prefix) and entry.endswith(".tmp") and len(middle) == 8):
            continue
        leftover = path.parent / entry
        try:
            info = leftover.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < horizon:
                leftover.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _link_new(tmp: Path, path: Path, name: str) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileError(
            say("{file} already exists: use --force to replace it", file=name)
        ) from None
    except OSError:
        # Some file systems have no hard links: fall back to a check, then a rename.
        if path.exists():
            raise FileError(
                say("{file} already exists: use --force to replace it", file=name)
            ) from None
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
