"""Plain scalars read by the YAML 1.2 core schema: null, booleans, and numbers that remember
how they were written (money stays exact as Decimal, `000123` stays text where text goes)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from opmkt.io.limits import MAX_INT_DIGITS

# YAML 1.2 core schema. `1_200.50` is text there, as editors and schema checkers read it (ruamel
# reads it as a number): a number with `_` would pass opmkt and fail every other tool.
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": Decimal("Infinity"),
    ".Inf": Decimal("Infinity"),
    ".INF": Decimal("Infinity"),
    "+.inf": Decimal("Infinity"),
    "+.Inf": Decimal("Infinity"),
    "+.INF": Decimal("Infinity"),
    "-.inf": Decimal("-Infinity"),
    "-.Inf": Decimal("-Infinity"),
    "-.INF": Decimal("-Infinity"),
    ".nan": Decimal("NaN"),
    ".NaN": Decimal("NaN"),
    ".NAN": Decimal("NaN"),
}
_MAYBE_TYPED = frozenset("0123456789+-.~ntfNTF")


class WrittenInt(int):
    """An integer that remembers how it was written: where text is expected (an invoice ref
    `000123`, a name `2027`), the text is the author's, not `123`."""

    source: str

    def __new__(cls, source: str, value: int) -> WrittenInt:
        number = super().__new__(cls, value)
        number.source = source
        return number

    def __str__(self) -> str:
        return self.source


class WrittenDecimal(Decimal):
    """A decimal that remembers how it was written (`1e3` stays `1e3` as text)."""

    source: str

    def __new__(cls, source: str) -> WrittenDecimal:
        number = super().__new__(cls, source.replace("_", ""))
        number.source = source
        return number

    def __str__(self) -> str:
        return self.source


def plain_start(char: str) -> bool:
    """Whether every plain scalar that starts with `char` reads back as text: the special
    values all start with a character that may begin a typed value."""
    return char not in _MAYBE_TYPED


def reads_as_text(value: str) -> bool:
    """Whether `value`, written as a plain scalar, is read back as this text."""
    return type(resolve_plain(value)) is str


def resolve_plain(value: str) -> Any:
    """A plain scalar's value: None, a bool, a number, or the text itself."""
    if value in _SPECIAL:
        return _SPECIAL[value]
    if value[0] not in _MAYBE_TYPED:
        return value
    if _INT.match(value):
        if len(value) > MAX_INT_DIGITS:
            # Python refuses to read such an int (ValueError, a DoS guard); a Decimal holds it
            # exactly: a number field then gets its range finding, a text field the finding
            # of any number where text goes.
            return WrittenDecimal(value)
        return WrittenInt(value, int(value.replace("_", "")))
    if _FLOAT.match(value):
        return WrittenDecimal(value)
    if len(value) > MAX_INT_DIGITS:  # hex or octal: its decimal text would be longer still
        return value
    if _OCT.match(value):
        return WrittenInt(value, int(value[2:].replace("_", ""), 8))
    if _HEX.match(value):
        return WrittenInt(value, int(value[2:].replace("_", ""), 16))
    return value
