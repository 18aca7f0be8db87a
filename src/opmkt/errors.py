"""Errors that stop a command before it can run, each with a message written for the user."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class OpmktError(Exception):
    """A command cannot run: a usage error or a file that cannot be read or written."""

    exit_code = EXIT_USAGE
    file: str | None = None
    """The file it is about, as the user named it, when it is about one."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(OpmktError):
    """The command line asks for something impossible."""


class FileError(OpmktError):
    """A file cannot be read or written."""


class NotLoaded(OpmktError):
    """A file reads, but is not a plan (or an actuals file) a command can use: it has errors,
    which `opmkt validate` lists. Exit 1, as validating it would."""

    exit_code = EXIT_FAILED
