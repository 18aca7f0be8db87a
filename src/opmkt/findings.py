"""Findings: what validation reports, each located in a file."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a file, at a 1-based line and column, with the dotted path of the item."""

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    path: str

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    def as_json(self) -> dict[str, str | int]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
        }


def counted(n: int, word: str) -> str:
    """`1 error`, `2 errors`, `0 errors`: a count and its noun, in messages."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def join_and(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`: lists in messages."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """Text from a file or the command line as a message shows it: control characters and line
    separators escaped (`\\n`, `\\x1b`), so that a message stays one line and sends the
    terminal nothing but text."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)
