"""YAML scalars written by hand: plain where no reader could take them for anything else, else
double-quoted, so that what opmkt writes reads back as the same value in every YAML tool."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

UNSAFE = re.compile("[\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufffe\\uffff\\u2028\\u2029\\ufeff]")
"""Outside YAML's printable set (x20-x7e, xa0-ud7ff, ue000-ufffd, u10000 and up), or read as a
line break by YAML 1.1: escaped, in double quotes. Written as the characters it takes rather
than as the complement of the printable set, which compiles in ~1.3 ms, at every start of a
command that writes YAML."""

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_SPECIAL = re.compile(r"[,\[\]{}:#?]")
# What YAML 1.1 or 1.2 readers would take for a number, a boolean, a null or a date.
_TYPED = re.compile(
    r"[-+]?(?:\.?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF))"
    r"|\.(?:nan|NaN|NAN)|0[xob][0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[yYnN]|yes|Yes|YES|no|No|NO"
    r"|on|On|ON|off|Off|OFF|=|<<"
)
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A day is written plain, as authors write it: opmkt reads a plain day as its text."""


def scalar(value: Any, *, flow: bool) -> str:
    """A plan's value (None, bool, number, day or text) as a YAML scalar; `flow` inside
    `[…]` or `{…}`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")  # the value: a WrittenDecimal's str() is its spelling
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return plain_or_quoted(value, flow=flow)
    raise TypeError(f"no YAML form for {type(value).__name__}")


def plain_or_quoted(value: str, *, flow: bool) -> str:
    """Plain when no YAML reader could take it for anything else, else double-quoted."""
    plain = (
        value
        and value == value.strip()
        and value[0] not in _INDICATORS
        and not UNSAFE.search(value)
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and not (flow and _FLOW_SPECIAL.search(value))
        and not _TYPED.fullmatch(value)
        and (_DAY.fullmatch(value) or not _TIMESTAMP.match(value))
    )
    return value if plain else double_quoted(value)


def double_quoted(value: str) -> str:
    """Text as a YAML double-quoted scalar: a JSON string (valid YAML), with what YAML cannot
    hold raw escaped."""
    quoted = json.dumps(value, ensure_ascii=False)
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
