"""The text of next period's plan: its words, its name and editor modeline, its YAML layout.

The words are in the plan's language (text/rollover_words.py). The layout is the examples':
two-space indentation, sequences indented under their key, a mapping or list of scalars on one
line when that line fits in 100 columns (all items of a list alike), the plan's records
(objectives, actions, budget lines, review entries) in block style, multi-line text as a
literal block, text quoted only where a YAML reader could take it for something else, a short
comment above each section.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from opmkt.io.modeline import modeline, schema_of
from opmkt.io.yamlwrite import UNSAFE, plain_or_quoted, scalar

_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
_WIDTH = 100
"""Mappings and lists of scalars are written on one line when it fits in this many columns."""
_RECORDS = frozenset({"objectives", "actions", "lines", "keep", "drop", "adjust"})
"""Lists whose items are records edited field by field: always in block style."""


def advance_name(name: str, old: tuple[dt.date, dt.date], new: tuple[dt.date, dt.date]) -> str:
    """The years of the last period in `name` moved on; the new year appended when none is."""
    years = range(old[0].year, old[1].year + 1)
    delta = new[0].year - old[0].year

    def moved(match: re.Match[str]) -> str:
        year = int(match.group())
        return str(year + delta) if year in years else match.group()

    if any(int(m.group()) in years for m in _YEAR.finditer(name)):
        return _YEAR.sub(moved, name)
    span = str(new[0].year) if new[0].year == new[1].year else f"{new[0].year}–{new[1].year}"
    return f"{name} {span}"


def schema_modeline(text: str, source: Path, folder: Path) -> str | None:
    """The old plan's editor modeline, its relative schema path made relative to `folder`."""
    ref = schema_of(text)
    if ref is None:
        return None
    if "://" not in ref and not Path(ref).is_absolute():
        schema = source.parent.resolve() / ref
        try:
            ref = Path(os.path.relpath(schema, folder.resolve())).as_posix()
        except ValueError:  # another drive (Windows): no relative path leads there
            ref = schema.as_posix()
    return modeline(ref)


def render(data: dict[str, Any], head: list[str], comments: dict[str, str]) -> str:
    """The plan's sections as YAML text, each under its comment, one blank line apart."""
    parts = ["\n".join(line if line.startswith("#") else f"# {line}" for line in head)]
    for key, value in data.items():
        out = [f"# {line}" for line in comments.get(key, "").splitlines()]
        _block({key: value}, 0, out)
        parts.append("\n".join(out))
    return "\n\n".join(parts) + "\n"


# Written by hand rather than through ruamel.yaml, whose pure-Python emitter takes minutes on a
# plan of 20,000 actions; whatever is written is read back and compared before it is kept.
def _block(mapping: dict[str, Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        head = f"{pad}{plain_or_quoted(str(key), flow=False)}:"
        if isinstance(value, (dict, list)):
            flow = _flow(value, len(head) + 1, key)
            if flow is not None:
                out.append(f"{head} {flow}")
                continue
            out.append(head)
            if isinstance(value, dict):
                _block(value, indent + 2, out)
            else:
                _items(value, key, indent + 2, out)
        else:
            lines = _scalar_lines(value, indent + 2)
            out.append(f"{head} {lines[0]}")
            out.extend(lines[1:])


def _items(values: list[Any], key: str, indent: int, out: list[str]) -> None:
    pad = " " * indent
    # Items of one list share a style: each on one line, or all in block style.
    flows = [_flow(v, indent + 2, key) for v in values if isinstance(v, dict)]
    one_line = all(flow is not None for flow in flows)
    flow_items = iter(flows)
    for value in values:
        if isinstance(value, dict):
            flow = next(flow_items)
            if one_line and flow is not None:
                out.append(f"{pad}- {flow}")
                continue
            first = len(out)
            _block(value, indent + 2, out)
            out[first] = f"{pad}- {out[first][indent + 2 :]}"
        elif isinstance(value, list):  # no list of lists in a plan: one line whatever its length
            out.append(f"{pad}- {_flow(value, 0, None, width=None)}")
        else:
            lines = _scalar_lines(value, indent + 2)
            out.append(f"{pad}- {lines[0]}")
            out.extend(lines[1:])


def _flow(value: Any, column: int, key: str | None, width: int | None = _WIDTH) -> str | None:
    """`{a: 1, b: x}` or `[x, y]` when every element is a scalar and it fits, else None."""
    if not value:
        return "{}" if isinstance(value, dict) else "[]"
    if key in _RECORDS:
        return None
    pairs = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    parts = []
    for name, item in pairs:
        if isinstance(item, (dict, list)) or (isinstance(item, str) and "\n" in item):
            return None
        text = scalar(item, flow=True)
        parts.append(text if name is None else f"{plain_or_quoted(str(name), flow=True)}: {text}")
    line = ", ".join(parts)
    line = f"{{{line}}}" if isinstance(value, dict) else f"[{line}]"
    return line if width is None or column + len(line) <= width else None


def _scalar_lines(value: Any, indent: int) -> list[str]:
    """A scalar after its key or dash: text of several lines as a literal block when it can."""
    if isinstance(value, str) and "\n" in value.strip("\n"):
        content = value.removesuffix("\n")
        lines = content.split("\n")
        if (
            "\r" not in value
            and not UNSAFE.search(value.replace("\n", ""))
            and value.lstrip("\n")[:1] not in (" ", "\t")
            and not any(line and not line.strip() for line in lines)
        ):
            chomp = "-" if content == value else ("+" if content.endswith("\n") else "")
            return [f"|{chomp}", *(f"{' ' * indent}{line}" if line else "" for line in lines)]
    return [scalar(value, flow=False)]
