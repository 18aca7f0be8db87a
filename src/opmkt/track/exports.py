"""An export file as its tool writes it, read with a preset: decoded (UTF-8, UTF-16 with its
BOM, or the preset's other encodings), the header found under the title and comment rows, the
rows after it kept with the line an editor shows them on, totals and blank rows dropped."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, islice
from operator import itemgetter, methodcaller
from pathlib import Path

from opmkt.errors import FileError, UsageError
from opmkt.findings import Listed, Message, say
from opmkt.io.limits import read_source
from opmkt.track.match import pattern
from opmkt.track.presets import Preset, builtin, find_column
from opmkt.track.record import located, repeats

HEADER_WITHIN = 40
"""How many lines before the header an export may have (titles, comments, dates)."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Export:
    """An export's header (at line `header_line`), the lines before it, its data rows and
    the line each starts on."""

    preset: Preset
    header: list[str]
    header_line: int
    preamble: list[str]
    rows: list[list[str]]
    lines: Sequence[int]
    columns: dict[int, list[str]] = field(default_factory=dict)
    """The cells of the columns a preset reads a row's day, source, money, currency and
    reference from, by index ("" in a row too short to have one)."""
    distinct: dict[int, dict[str, None]] = field(default_factory=dict)
    """Each distinct cell of those columns whose cells repeat (days, campaigns, currencies),
    in the order first seen."""
    widths: frozenset[int] | None = None
    """How many cells the rows have (each width once), when counted as they were read."""


def read_export(path: Path, presets: Iterable[Preset], auto: bool = False) -> Export:
    """The export at `path`, read with the one of `presets` whose header it has (all of them
    for `--preset auto`)."""
    name = str(path)
    candidates = list(presets)
    data = read_source(path, name, yaml=False)
    encodings = list(dict.fromkeys(e for preset in candidates for e in preset.encodings))
    text = _decoded(data, name, encodings)
    lines = _first_lines(text)
    found = _header(lines, candidates)
    if found is None:
        raise UsageError(_no_header(name, candidates, auto))
    preset, number, delimiter, header = found
    preamble = [line.rstrip("\r\n") for line in lines[:number]]
    start = sum(map(len, lines[: number + 1]))
    wanted = _wanted(preset, header)
    rows, starts, taken = _rows(text, start, name, number + 1, (delimiter, preset, wanted))
    columns, distinct, widths = taken.cells, taken.distinct(), taken.widths()
    return Export(preset, header, number + 1, preamble, rows, starts, columns, distinct, widths)


def _wanted(preset: Preset, header: list[str]) -> list[int]:
    """The columns of `header` a row's day, source, money, currency and reference are in."""
    names = [preset.date.columns, *([name] for name in preset.source), preset.amount]
    names += [preset.debit, preset.credit, preset.currency, preset.ref]
    found = (find_column(header, each) for each in names if each)
    return sorted({index for index in found if index is not None})


def _first_lines(text: str) -> list[str]:
    """The lines the header may be on, split as the csv module splits them. Split from the
    start of the text: the whole of a large export would be copied to be read line by line."""
    size = 1 << 16
    while True:
        reader = io.StringIO(text[:size], newline="")
        lines = list(islice(iter(reader.readline, ""), HEADER_WITHIN + 1))
        # The last line split may be cut short (or its \r\n in two): the others are whole.
        if len(lines) > HEADER_WITHIN or size >= len(text):
            return lines[:HEADER_WITHIN]
        size *= 4


def _decoded(data: bytes, name: str, encodings: list[str]) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, name, encoding)
    for encoding in encodings[:-1]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return _decode(data, name, encodings[-1])


def _decode(data: bytes, name: str, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = say("not {encoding} text: export the file again", encoding=encoding)
        raise FileError(located(name, line, [problem])) from None


def _header(lines: list[str], presets: list[Preset]) -> tuple[Preset, int, str, list[str]] | None:
    """The first line that is some preset's header: the preset, the line's index, its
    delimiter and its cells."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        for preset in presets:
            if preset.comment and line.startswith(preset.comment):
                continue
            for delimiter in preset.delimiters:
                if delimiter not in line:
                    continue
                cells = next(csv.reader([line], delimiter=delimiter), [])
                if all(find_column(cells, names) is not None for names in preset.recognised_by):
                    return preset, index, delimiter, cells
    return None


def _no_header(name: str, presets: list[Preset], auto: bool) -> Message:
    if auto:
        known = ", ".join(preset.name for preset in builtin().values())
        return say(
            "{file}: no preset knows this export (tried {presets}): name one with --preset, or "
            "describe the export in a file for --preset-file",
            file=name,
            presets=known,
        )
    preset = presets[0]
    wanted = Listed(tuple(f"'{names[0]}'" for names in preset.recognised_by))
    return say(
        "{file}: no header with {columns} in its first {lines} lines: is it a {title} export? "
        "({where})",
        file=name,
        columns=wanted,
        lines=HEADER_WITHIN,
        title=preset.title,
        where=preset.export,
    )


def _rows(
    text: str, start: int, name: str, first: int, how: tuple[str, Preset, list[int]]
) -> tuple[list[list[str]], Sequence[int], _Columns]:
    """The data rows of `text` from `start`, the line each starts on, and the `wanted` columns
    of `how`; blank, comment and total rows left out."""
    delimiter, preset, wanted = how
    reader = csv.reader(_lines(text, start), delimiter=delimiter)
    parsed: list[list[str]] = []
    taken = _Columns(wanted)
    try:
        for rows in iter(lambda: list(islice(reader, _AT_ONCE)), []):
            parsed += rows
            taken.take(rows)
    except csv.Error as exc:
        problem = say("cannot read CSV: {why}", why=str(exc))
        raise FileError(located(name, first + reader.line_num, [problem])) from None
    # When no cell holds a line break, each row is on its own line, in order.
    one_line = reader.line_num == len(parsed)
    if one_line:
        starts: Sequence[int] = range(first + 1, first + 1 + len(parsed))
    else:
        starts = _starts(text[start:], delimiter, first)
    left_out = _left_out(parsed, preset, (text, start, delimiter) if one_line else None)
    if not left_out:
        return parsed, starts, taken
    kept = taken.leave_out(left_out, [len(parsed[at]) for at in left_out], len(parsed))
    if kept is None:  # the totals at the end: most exports
        count = len(parsed) - len(left_out)
        return parsed[:count], starts[:count], taken
    return list(compress(parsed, kept)), list(compress(starts, kept)), taken


_AT_ONCE = 2048


class _Columns:
    """The cells of the columns a preset reads, taken a few thousand rows at a time while the
    rows are fresh in the processor's cache (taken once all are read, each row would be
    fetched from memory again), and each distinct cell of the columns whose cells repeat."""

    def __init__(self, wanted: list[int]) -> None:
        self.cells: dict[int, list[str]] = {index: [] for index in wanted}
        self.parts: dict[int, list[dict[str, None]]] | None = None
        """The distinct cells of each part of a column whose cells repeat."""
        self.counts: Counter[int] = Counter()
        """How many rows have each number of cells."""

    def take(self, rows: list[list[str]]) -> None:
        """Each column's cells in `rows` added to it ("" in a row too short to have one)."""
        counts = Counter(map(len, rows))
        self.counts += counts
        narrowest = min(counts)
        taken = {}
        for index, cells in self.cells.items():
            if index < narrowest:
                taken[index] = list(map(itemgetter(index), rows))
            else:
                taken[index] = [row[index] if index < len(row) else "" for row in rows]
            cells += taken[index]
        if self.parts is None:  # the first rows say which columns repeat: not the amounts
            self.parts = {index: [] for index, cells in taken.items() if repeats(cells)}
        for index, parts in self.parts.items():
            parts.append(dict.fromkeys(taken[index]))

    def leave_out(self, left_out: list[int], widths: list[int], count: int) -> list[bool] | None:
        """The cells of the rows at `left_out` (of `count` rows, these as wide as `widths`) left
        out, and whether each row is kept; None when those rows are the last ones."""
        self.counts.subtract(widths)
        gone = set(left_out)
        for index, parts in (self.parts or {}).items():
            cells = self.cells[index]
            for part in {at // _AT_ONCE for at in left_out}:
                rows = range(part * _AT_ONCE, min(count, (part + 1) * _AT_ONCE))
                parts[part] = dict.fromkeys(cells[at] for at in rows if at not in gone)
        if left_out == list(range(count - len(left_out), count)):
            self.cells = {
                index: cells[: count - len(left_out)] for index, cells in self.cells.items()
            }
            return None
        kept = [True] * count
        for at in left_out:
            kept[at] = False
        self.cells = {index: list(compress(cells, kept)) for index, cells in self.cells.items()}
        return kept

    def widths(self) -> frozenset[int]:
        """How many cells the rows have, each width once."""
        return frozenset(width for width, rows in self.counts.items() if rows > 0)

    def distinct(self) -> dict[int, dict[str, None]]:
        """Each distinct cell of the columns whose cells repeat, in the order first seen."""
        found: dict[int, dict[str, None]] = {}
        for index, parts in (self.parts or {}).items():
            found[index] = {}
            for part in parts:
                found[index].update(part)
        return found


_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Where str.splitlines breaks lines besides \\r and \\n; the csv module does not."""
_PIECE = 1 << 20


def _lines(text: str, start: int = 0) -> Iterable[str]:
    """The lines of `text` from `start` as the csv module reads a file opened with
    newline="": each ends with \\n, \\r\\n or a lone \\r. Split a piece of about a megabyte at a
    time, in one call each, when no other character breaks a line for str.splitlines: a
    StringIO would hold the text four bytes a character and make each line in turn, and all
    the lines at once would be as large as the text again."""
    if any(mark in text for mark in _OTHER_BREAKS):
        return io.StringIO(text[start:], newline="")
    return chain.from_iterable(map(methodcaller("splitlines", True), _pieces(text, start)))


def _pieces(text: str, start: int) -> Iterator[str]:
    """`text` from `start` in pieces that each end with a line feed (the last aside), so that
    no line, nor its \\r\\n, is cut in two."""
    while start < len(text):
        end = text.find("\n", start + _PIECE) + 1 or len(text)
        yield text[start:end]
        start = end


def _left_out(
    parsed: list[list[str]], preset: Preset, lines: tuple[str, int, str] | None
) -> list[int]:
    """The indexes of the blank, comment and total rows. Most rows start with a character no
    such row starts with: only the others are looked at. `lines` is the text, where its rows
    start and the delimiter, when each row is on a line of its own: those rows are then found
    by a search of the text, not by a look at each row."""
    kept = _kept(preset)
    suspect = _suspect(preset)
    looked: Sequence[int] = range(len(parsed))
    if suspect is None:
        return [at for at in looked if not (parsed[at] and kept(parsed[at]))]
    found = None if lines is None else _starting_with(*lines, suspect, len(parsed))
    if found is not None:
        looked = found
        heads: Iterable[str] = [parsed[at][0][:1] if parsed[at] else "" for at in looked]
    elif all(parsed):
        heads = map(itemgetter(slice(0, 1)), map(itemgetter(0), parsed))
    else:
        heads = [cells[0][:1] if cells else "" for cells in parsed]  # a blank row: no cell
    return [
        at
        for at in compress(looked, map(suspect.__contains__, heads))
        if not (parsed[at] and kept(parsed[at]))
    ]


def _starting_with(
    text: str, start: int, delimiter: str, suspect: frozenset[str], rows: int
) -> list[int] | None:
    """The indexes of the `rows` lines of `text` from `start` whose first cell may start with
    a character of `suspect`: a line that starts with one, with a quote (a quoted cell), with
    the delimiter or a line break (an empty cell). None when the lines are not those broken at
    line feeds (a lone carriage return ends one)."""
    end = len(text) - text.endswith("\n")  # the last line feed starts no line
    if text.count("\n", start, end) + 1 != rows:
        return None
    chars = "".join(sorted(suspect - {""})) + '"' + delimiter + "\r\n"
    # A line feed first: the search skips from one to the next. The next line's start is
    # looked ahead at, as it may be a line feed too (a blank line).
    found_at = re.compile(f"\n(?=[{re.escape(chars)}])").finditer(text, start)
    starts = [hit.end() for hit in found_at]
    found = []
    line, after = rows - 1, end
    # Counted back from the last line: most such rows are totals at the end.
    for at in reversed(starts):
        line -= text.count("\n", at, after)
        after = at
        found.append(line)
    if text[start] in chars:
        found.append(0)
    return found[::-1]


def _kept(preset: Preset) -> Callable[[list[str]], bool]:
    """Whether a row is data: not blank, not a comment, not a total."""
    totals = _any_of(preset.totals)
    comment = preset.comment or "\0"

    def kept(cells: list[str]) -> bool:
        head = cells[0].strip() or _first(cells)
        if not head or head.startswith(comment):
            return False
        return totals is None or not totals.match(head)

    return kept


def _suspect(preset: Preset) -> frozenset[str] | None:
    """The characters a row that may be blank, a comment or a total starts with ("" for an
    empty first cell); None (any) when a total pattern starts with a wildcard."""
    starts = {"", " ", "\t", "\xa0"}
    if preset.comment:
        starts.add(preset.comment[0])
    for text in preset.totals:
        first = text.lstrip()[:1]
        if first in ("", "*", "?", "["):
            return None
        starts |= {first.lower(), first.upper()}
    return frozenset(starts)


def _starts(text: str, delimiter: str, first: int) -> list[int]:
    """The line each row starts on, for a file with line breaks inside cells."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts = []
    last = 0
    for _ in reader:
        starts.append(first + last + 1)
        last = reader.line_num
    return starts


def _first(cells: list[str]) -> str:
    return next((cell.strip() for cell in cells if cell.strip()), "")


def _any_of(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{pattern(text).pattern})" for text in patterns), re.I | re.S)
