"""Bytes to text: the encodings a YAML file may use, and the characters its text may not hold."""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
"""What text from a file may not hold: control characters other than tab and line feed, and
U+FFFE and U+FFFF, not characters, which no XML output (JUnit, an .xlsx workbook) can hold. In
a file they can only come in through double-quoted escapes such as "\\a"."""

_UTF16 = (b"\xff\xfe", b"\xfe\xff")


class NotText(Exception):
    """The bytes are not text opmkt reads: `message` for the user, `offset` the byte where it
    shows (0 for the file as a whole)."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def decode(data: bytes) -> str:
    """The text of a file: UTF-8 (with or without a byte order mark), or UTF-16 with one."""
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0 and not data.startswith(_UTF16):
        raise NotText("this is a binary file, not YAML text")
    if data.startswith(_UTF16):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotText("the file starts like UTF-16 but is not valid UTF-16") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise NotText(
            f"the file is not UTF-8 text (byte 0x{byte:02x}): save it as UTF-8", exc.start
        ) from None
