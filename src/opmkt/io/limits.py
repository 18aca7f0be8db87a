"""How much opmkt reads: the limits on a file, and reading a file's bytes within them."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from _ruamel_yaml import CParser
from ruamel.yaml.error import YAMLError

from opmkt.errors import FileError
from opmkt.findings import say
from opmkt.io.compose import Parser
from opmkt.io.files import STDIN, is_a_folder, open_regular

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest file opmkt reads: the 20,000-action benchmark plan is 21 MiB."""

MAX_DEPTH = 64
"""Deepest nesting of collections; a plan needs about a dozen levels."""

MAX_VALUES = 2_500_000
"""Most values (texts, numbers, lists, mappings) a file may hold: the 20,000-action benchmark
plan holds 1.93 million in 21 MiB. Composing a value costs about 300 bytes before any check
runs, so a 10 MB flow list such as `[1,1,1,…]` (5 million values) is refused before that."""

MAX_ALIAS_NODES = 100_000
"""How many values aliases may add to a document beyond its own size (billion-laughs guard)."""

MAX_ALIAS_CHARS = 4_000_000
"""How many characters of text aliases may repeat (long texts are counted from 1,000 chars)."""

MAX_INT_DIGITS = 3000
"""Longest integer read as an int: under Python's limit on converting ints to and from text
(4,300 digits), so that no int read from a file can make a later str() fail."""


def read_source(path: Path, display: str, *, yaml: bool = True) -> bytes:
    """The file's bytes, or a FileError a user can act on (for YAML, also when it holds more
    values than opmkt reads)."""
    too_big = FileError(
        say(
            "{file}: the file is larger than the {size} MiB opmkt reads",
            file=display,
            size=MAX_FILE_BYTES // 1024 // 1024,
        )
    )
    try:
        size = (STDIN if str(path) == "-" else path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise too_big
        with open_regular(path, display) as handle:
            parts = _read_up_to(handle, MAX_FILE_BYTES + 1, size)
        if sum(map(len, parts)) > MAX_FILE_BYTES:
            raise too_big
        data = parts[0] if len(parts) == 1 else b"".join(parts)
    except FileNotFoundError:
        raise FileError(say("{file}: no such file", file=display)) from None
    except IsADirectoryError:
        raise is_a_folder(display) from None
    except PermissionError:
        raise FileError(say("{file}: permission denied", file=display)) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise FileError(say("{file}: cannot read: {why}", file=display, why=why)) from None
    if yaml:
        check_values(data, display)
    return data


def check_values(data: bytes, display: str) -> None:
    """Refuse YAML text that holds more than MAX_VALUES values, at the value past the limit,
    without composing it: memory stays flat whatever the text holds."""
    # Each value but a mapping follows its own separator (a line break, `,` `:` `-` `?` `[`
    # `{`), and each mapping holds at least one `:` or `?`: a few scans bound the count, to
    # within the mappings (the 20,000-action plan: 1.95 million for its 1.93). Only over the
    # limit is it counted exactly.
    dashes = sum(data.count(b"-" + space) for space in (b" ", b"\t", b"\n", b"\r"))
    separators = (
        sum(data.count(mark) for mark in (b"\n", b"\r", b",", b":", b"?", b"[", b"{")) + dashes
    )
    if separators + 1 <= MAX_VALUES:
        return
    try:
        # libyaml counts the events in C, keeping nothing: values are at most the events.
        if CParser(data).raw_parse() <= MAX_VALUES:
            return
    except YAMLError:
        return  # not valid YAML: composing it says where, before it builds much
    parser = Parser(data)
    values = 0
    while parser.check_event():
        event = parser.get_event()
        if type(event).__name__ in _VALUE_EVENTS:
            values += 1
            if values > MAX_VALUES:
                line, column = event.start_mark.line + 1, event.start_mark.column + 1
                raise FileError(
                    say(
                        "{place}: the file holds more than {values} values, more than opmkt "
                        "reads (a plan of 20,000 actions holds 2 million)",
                        place=f"{display}:{line}:{column}",
                        values=f"{MAX_VALUES:,}",
                    )
                )


_VALUE_EVENTS = frozenset({"ScalarEvent", "SequenceStartEvent", "MappingStartEvent", "AliasEvent"})


def _read_up_to(handle: BinaryIO, limit: int, size: int) -> list[bytes]:
    """At most `limit` bytes, in as few reads as the file allows: a regular file in one read
    of its size (plus one byte, to see it has not grown); a pipe or a device, which says its
    size is 0, in growing chunks, so that memory follows what arrives, not the limit."""
    parts: list[bytes] = []
    total = 0
    want = size + 1 if size else 64 * 1024
    while total < limit:
        part = handle.read(min(want, limit - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
        want = max(want, total)
    return parts or [b""]
