"""Errors that stop a command before it can run, each with a message written for the user."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Imported when an error is made or told: every command module imports this one for its
    # exit codes, and `opmkt COMMAND --help` has no use for findings (~4 ms to import).
    from opmkt.findings import Listed, Message

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class OpmktError(Exception):
    """A command cannot run: a usage error or a file that cannot be read or written."""

    exit_code = EXIT_USAGE
    file: str | None = None
    """The file it is about, as the user named it, when it is about one."""

    def __init__(self, message: str | Message | Listed) -> None:
        english = message if isinstance(message, str) else message.told("en")
        super().__init__(english)
        self.message = english
        self.said = None if isinstance(message, str) else message
        """The message to tell in the language the command speaks, when it has one."""

    def told(self) -> str:
        """The message in the language the command speaks (`message` is its English), on one
        line: what it quotes of a file (a text with a line break) shown escaped, as the
        English is."""
        from opmkt.findings import printable

        return self.message if self.said is None else printable(self.said.told())

    @property
    def messages(self) -> list[str]:
        """Its lines for stderr, each shown as `error: LINE`, in the command's language."""
        return [self.told()]


class UsageError(OpmktError):
    """The command line asks for something impossible."""


class FileError(OpmktError):
    """A file cannot be read or written."""


class NotLoaded(OpmktError):
    """A file reads, but is not a plan (or an actuals file) a command can use: it has errors,
    which `opmkt validate` lists. Exit 1, as validating it would."""

    exit_code = EXIT_FAILED


class BadValue(UsageError):
    """A value given for an option, or typed at a prompt, is not one the command can use: the
    command line shows it as a usage error of that option, and a prompt asks again."""

    def __init__(self, message: str | Message, option: str) -> None:
        super().__init__(message)
        self.option = option


class Refused(OpmktError):
    """Several files a command needs cannot be used. Each is named on its own line, nothing
    is shown of the others, and the command exits as the worst of them would."""

    def __init__(self, problems: Sequence[OpmktError]) -> None:
        super().__init__("\n".join(problem.message for problem in problems))
        self.problems = list(problems)
        self.exit_code = max(problem.exit_code for problem in problems)

    @property
    def messages(self) -> list[str]:
        return [problem.told() for problem in self.problems]


def refuse(problems: Sequence[OpmktError]) -> None:
    """Raise the problems met while reading a command's files, if there are any: one error
    as itself, several as one Refused."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise Refused(problems)
