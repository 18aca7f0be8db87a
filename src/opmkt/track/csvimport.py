"""`opmkt track import`: records from the CSV exports of ad platforms, accounting and
analytics, all of them or none, and never the same record twice."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import partial
from itertools import compress
from pathlib import Path
from typing import Any, NamedTuple

from opmkt.errors import FileError, UsageError
from opmkt.findings import Listed, Value, say
from opmkt.io.decode import CONTROL
from opmkt.io.files import locked
from opmkt.io.limits import read_source
from opmkt.io.yamledit import Columns, Record, all_plain
from opmkt.plan.model import MAX_DIGITS, Plan
from opmkt.track.dates import check_date_format, parse_date
from opmkt.track.numbers import (
    Invalid,
    Marks,
    number_text,
    read_number,
    read_plain_numbers,
    written_numbers,
)
from opmkt.track.record import (
    FIELDS,
    REQUIRED,
    Kind,
    Outcome,
    added,
    already_there,
    currency_code,
    did_you_mean,
    located,
    number_problem,
    of_field,
    open_target,
    period_problem,
    plan_problems,
    record_keys,
    refused,
    repeats,
    text_problems,
)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused: an import builds a few objects per row, hundreds of
    thousands of them, none in a cycle, and the collector would walk them all again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@collector_paused()
def import_csv(
    source: Path,
    kind: Kind,
    actuals: Path,
    *,
    maps: Sequence[str] = (),
    decimal: str | None = None,
    date_format: str | None = None,
    plan: Path | None = None,
    outside_period: bool = False,
) -> Outcome:
    """Append the rows of a CSV export that are not recorded yet, all or nothing.

    Every row is checked before anything is written; when one is bad, the outcome lists each
    bad row as `FILE:LINE: message` (LINE as an editor shows it, the header being line 1) and
    the file is untouched. A row counts as already recorded when an identical record is in the
    file, counting multiplicities, so importing the same export twice adds nothing the second
    time.
    """
    name = str(source)
    mapping = _mapping(maps, kind)
    if date_format is not None:
        check_date_format(date_format)
    header_line, header, numbers, rows, controls = _read_csv(source, name)
    columns, problems = _columns(header, mapping, kind)
    display = str(actuals)
    if problems:
        # Told once the plan is loaded, in its language, as the rows' problems are.
        with locked(actuals, display):
            locale = open_target(actuals, display, plan).plan.plan.locale
        return refused([located(name, header_line, [p]) for p in problems], locale)
    records, row_problems = _read_rows(
        kind, columns, Marks.of(decimal), date_format, rows, controls
    )
    # The rows' lists go now, while they are fresh, rather than with everything at the end:
    # what the records are written with reuses their memory.
    del rows
    with locked(actuals, display):
        target = open_target(actuals, display, plan)
        bad = _bad_rows(
            name,
            kind,
            numbers,
            records,
            row_problems,
            target.plan,
            target.plan_name,
            outside_period,
        )
        if bad:
            return refused(bad, target.plan.plan.locale)
        new = not_recorded(kind, records, target.existing(kind), target.plan.plan.currency)
        if new:
            target.write(kind, new)
    already = len(records) - len(new)
    locale = target.plan.plan.locale
    summary = Listed(
        (
            added(len(new), display, locale),
            ", ",
            already_there(already, locale),
            target.created_note if new else "",
        ),
        "",
    )
    return Outcome(summary, added=len(new), already=already)


def _bad_rows(
    name: str,
    kind: Kind,
    numbers: Sequence[int],
    records: Columns,
    row_problems: dict[int, list[Value]],
    plan: Plan,
    plan_name: str,
    outside_period: bool,
) -> list[Value]:
    """`FILE:LINE: problems` for each row that is bad in itself or for the plan (a day
    outside its period, unless `outside_period`)."""
    # What the plan says of a record depends only on its line or KPI, and currency, and of its
    # day only on the day: each distinct pair and day is asked once, and the rows are looked at
    # one by one only when one is bad.
    key = "line" if kind == "spend" else "kpi"
    ids = records.column(key)
    # Without a currency column, each id alone: no pair to make and hash for each row.
    pairs: list[Any] = (
        list(zip(ids, records.column("currency"), strict=True))
        if "currency" in records.names
        else list(ids)
    )
    for at in row_problems:
        pairs[at] = _BAD  # a bad row's record is partial: the plan is not asked about it
    # The ids seen while the rows were read, when each pair is an id alone and no row is bad.
    distinct = None if "currency" in records.names or row_problems else records.seen.get(key)
    said = {
        pair: plan_problems(kind, _asked(key, pair), plan, plan_name)
        for pair in (dict.fromkeys(pairs) if row_problems or distinct is None else distinct)
        if pair is not _BAD
    }
    day_of = records.distinct("date")
    outside = {} if outside_period else outside_days(set(day_of.values()) - {None}, plan, plan_name)
    if not row_problems and not any(said.values()) and not outside:
        return []
    days = records.column("date")
    bad: list[Value] = []
    for at, number in enumerate(numbers):
        problems = row_problems.get(at)
        if problems is None:
            problems = said[pairs[at]]
            if days[at] in outside:
                problems = [*problems, of_field("date", outside[days[at]])]
        if problems:
            bad.append(located(name, number, problems))
    return bad


_BAD = (object(), None)


def _asked(key: str, pair: Any) -> Record:
    """What the plan is asked about a record: its id, and its currency if it has one."""
    return {key: pair[0], "currency": pair[1]} if type(pair) is tuple else {key: pair}


def outside_days(days: set[Any], plan: Plan, plan_name: str) -> dict[Any, Value]:
    """Why each of `days` that is outside the plan's period is refused."""
    said = {day: period_problem(day, plan, plan_name) for day in days}
    return {day: why for day, why in said.items() if why is not None}


def not_recorded(
    kind: Kind, records: Columns, existing: Iterable[tuple[Any, ...]], currency: str
) -> Columns:
    """The records not in the file yet (`existing`, their keys), counting multiplicities:
    an export imported twice adds nothing the second time."""
    there = Counter(existing)
    if not there:
        return records
    new = []
    for at, key in enumerate(record_keys(kind, records, currency)):
        if there[key] > 0:
            there[key] -= 1
        else:
            new.append(at)
    return records.take(new)


def _mapping(maps: Sequence[str], kind: Kind) -> dict[str, str]:
    """`--map COLUMN=FIELD` options as field → column name."""
    mapping: dict[str, str] = {}
    for given in maps:
        column, sep, name = given.rpartition("=")
        name = name.strip().lower()
        if not sep or not column.strip():
            raise UsageError(
                say("--map {given} is not COLUMN=FIELD, such as 'Total=amount'", given=repr(given))
            )
        if name not in FIELDS[kind]:
            hint = did_you_mean(name, FIELDS[kind]) or say(
                ": fields are {fields}", fields=", ".join(FIELDS[kind])
            )
            raise UsageError(
                say(
                    "--map {given}: {kind} records have no field {name}{hint}",
                    given=repr(given),
                    kind=kind,
                    name=repr(name),
                    hint=hint,
                )
            )
        if name in mapping:
            raise UsageError(say("--map: two columns are mapped to {name}", name=name))
        mapping[name] = column.strip()
    return mapping


def _column_name(text: str) -> str:
    # Exports differ in case and stray spaces: `Date ` and `date` are one column.
    return text.strip().casefold()


_FIRST_LINE = re.compile(r"^[^\S\r\n]*\S[^\r\n]*", re.MULTILINE)
"""The first line that is not blank."""


def _read_csv(path: Path, name: str) -> tuple[int, list[str], Sequence[int], list[list[str]], bool]:
    """The header's line, the header, and the first physical line of each non-blank row, the
    rows, and whether a cell may hold a control character (see _printable_ascii)."""
    data = read_source(path, name, yaml=False)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileError(
            located(name, line, [say('not UTF-8 text: export the file as UTF-8 ("CSV UTF-8")')])
        ) from None
    found = _FIRST_LINE.search(text)
    first = found.group() if found else ""
    # Outside quotes, the header holds the delimiter between every two column names.
    unquoted = re.sub(r'"[^"]*"', "", first)
    delimiter = max(",;\t", key=unquoted.count)
    printable = _printable_ascii(data)
    # Printable ASCII text breaks lines only where csv does: its lines are split at once.
    lines = text.splitlines(keepends=True) if printable else io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        parsed = list(reader)
    except csv.Error as exc:
        raise FileError(
            located(name, reader.line_num, [say("cannot read CSV: {why}", why=str(exc))])
        ) from None
    # When no cell holds a line break, each row is on its own line, in order.
    numbers: Sequence[int] = range(1, len(parsed) + 1)
    one_line_rows = reader.line_num == len(parsed)
    if not one_line_rows:
        numbers = _starts(text, delimiter)
    controls = not one_line_rows or not printable
    if _may_be_blank(text, delimiter):  # blank rows left out, each looked at in one call
        filled = list(map(any, map(partial(map, str.strip), parsed)))
        numbers = list(compress(numbers, filled))
        parsed = list(compress(parsed, filled))
    if not parsed:
        raise UsageError(
            say("{file} is empty: it needs a header line naming its columns", file=name)
        )
    return numbers[0], parsed[0], numbers[1:], parsed[1:], controls


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\r\n"


def _printable_ascii(data: bytes) -> bool:
    """Whether an export is printable ASCII, tabs and line breaks aside: then a cell of an
    export whose rows are each on one line holds no control character (io.decode.CONTROL), as
    only line breaks, which end rows, and tabs, which are no control, are not printable. Most
    exports are, and one pass over their bytes says so: each column of text is then not
    searched for one."""
    return not data.translate(None, _PRINTABLE_ASCII)


def _may_be_blank(text: str, delimiter: str) -> bool:
    """Whether a row of `text` may be blank: one starts with a space, a quote or the delimiter,
    or is empty (the last one too), or lines end with a lone carriage return. Most exports have
    no such row: a search for the line feeds followed by one says so."""
    # The text up to the last line's own line break, looked at in place: a copy of a large
    # export costs as much as a search of it.
    end = len(text) - text.endswith("\n")
    end -= text.endswith("\r", 0, end)
    first = text[: min(end, 1)]
    starts = re.compile(rf'\n[\s"{re.escape(delimiter)}]')  # a literal first: a fast search
    return (
        first in ("", "\r", '"', delimiter)
        or first.isspace()
        or text.endswith(("\n", "\r"), 0, end)
        or (text.find("\r", 0, end) >= 0 and _LONE_CR.search(text, 0, end) is not None)
        or starts.search(text, 0, end) is not None
    )


_LONE_CR = re.compile(r"\r[^\n]")
"""A carriage return that ends a line alone (a literal first: a fast search)."""


def _starts(text: str, delimiter: str) -> list[int]:
    """The line each row starts on, for rows with line breaks inside their cells."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts, last = [], 0
    for _ in reader:
        starts.append(last + 1)
        last = reader.line_num
    return starts


def _columns(
    header: list[str], mapping: dict[str, str], kind: Kind
) -> tuple[dict[str, int], list[Value]]:
    """Which column holds each field, and what is missing."""
    names = [_column_name(cell) for cell in header]
    mapped = {_column_name(column) for column in mapping.values()}
    shown = ", ".join(repr(cell.strip()) for cell in header)
    columns: dict[str, int] = {}
    problems: list[Value] = []
    for name in FIELDS[kind]:
        wanted = _column_name(mapping.get(name, name))
        if name not in mapping and wanted in mapped:
            continue  # that column was mapped to another field
        if names.count(wanted) > 1:
            problems.append(
                say("two columns are named {name}: rename one in the export", name=repr(wanted))
            )
        elif wanted in names:
            columns[name] = names.index(wanted)
        elif name in mapping:
            problems.append(
                say(
                    "no column {column} (mapped to {field}): the columns are {columns}",
                    column=repr(mapping[name]),
                    field=name,
                    columns=shown,
                )
            )
        elif name in REQUIRED[kind]:
            problems.append(
                say(
                    "no column for {field}: the columns are {columns}; name one with "
                    "--map 'COLUMN={field}'",
                    field=name,
                    columns=shown,
                )
            )
    return columns, problems


def _read_rows(
    kind: Kind,
    columns: dict[str, int],
    marks: Marks,
    date_format: str | None,
    table: list[list[str]],
    controls: bool,
) -> tuple[Columns, dict[int, list[Value]]]:
    """Each row's record, and what is wrong with each bad row, by its index.

    Read column by column, each distinct text once (an export repeats its lines, days and
    amounts over hundreds of thousands of rows), and a column of plain numbers at once. A row
    with a cell that does not simply read (empty where required, not a number, beyond the
    format's bounds, a control character) is read again alone by _row_reader, which says why.
    Text columns are searched for control characters only when the file may hold one
    (`controls`).
    """
    fields: list[Sequence[Any]] = []
    odd: set[int] = set()
    written: dict[str, Callable[[str], Any]] = {}
    gaps: set[str] = set()
    seen: dict[str, dict[Any, Any]] = {}
    for name, cells in zip(columns, _cells(table, columns.values()), strict=True):
        read = _field(kind, name, cells, marks, date_format, controls)
        fields.append(read.values)
        if read.reader is not None:
            written[name] = read.reader
        if read.distinct is not None:
            seen[name] = read.distinct
        if read.blank and name not in REQUIRED[kind]:
            gaps.add(name)  # an optional cell left empty: that record has no such field
        odd.update(read.odd)
    problems = {}
    if odd:
        filled = [list(values) for values in fields]  # the odd rows' records go in
        fields = list(filled)
        read_row = _row_reader(kind, columns, marks, date_format)
        for at in sorted(odd):
            record, found = read_row(table[at])
            if found:
                problems[at] = found
            for name, values in zip(columns, filled, strict=True):
                value = record.get(name)
                values[at] = _as_written(value) if name in written and value is not None else value
    return Columns(tuple(columns), tuple(fields), written, frozenset(gaps), seen), problems


def _cells(table: list[list[str]], indexes: Iterable[int]) -> list[Sequence[str]]:
    """The cells of each of the columns at `indexes`, as the export writes them; a row too
    short for a column has an empty cell there."""
    wanted = list(indexes)
    if not table:
        return [[] for _ in wanted]
    if max(wanted, default=0) < len(table[0]):
        try:
            every = list(zip(*table, strict=True))  # most exports: every column at once
        except ValueError:  # rows of different lengths
            pass
        else:
            return [every[index] for index in wanted]
    return [[cells[index] if index < len(cells) else "" for cells in table] for index in wanted]


def _as_written(value: Any) -> str:
    """A number or a day as the actuals file writes it."""
    return number_text(value) if type(value) is Decimal else str(value)


class _Read(NamedTuple):
    """A field's column as read (see _field)."""

    values: Sequence[Any]
    reader: Callable[[str], Any] | None = None
    blank: bool = False
    odd: Iterable[int] = ()
    distinct: dict[Any, Any] | None = None
    """Each distinct text and its value, when they were found (see Columns.distinct)."""


def _field(
    kind: Kind,
    name: str,
    cells: Sequence[str],
    marks: Marks,
    date_format: str | None,
    controls: bool,
) -> _Read:
    """What each cell of a field's column reads as (None for an optional field left empty),
    whether one is empty, the rows whose cell _row_reader must look at, and, when the column
    is kept as the texts the values are written with, what reads one (see Columns).

    Most columns are taken as the export writes them, seen at once to need nothing (no space
    to strip, nothing to read, nothing to quote); only the others are stripped and read."""
    taken = _taken(kind, name, cells, marks, date_format, controls)
    if taken is not None:
        return taken
    texts = list(map(str.strip, cells))
    values, special, reader = _stripped_field(kind, name, texts, marks, date_format, controls)
    odd = compress(range(len(texts)), map(special.__contains__, texts)) if special else ()
    return _Read(values, reader, "" in texts, list(odd))


def _taken(
    kind: Kind,
    name: str,
    cells: Sequence[str],
    marks: Marks,
    date_format: str | None,
    controls: bool,
) -> _Read | None:
    """A column whose cells are kept as the export writes them, when a look at all of them
    says each is its value's text as the actuals file writes it (no space around it): plain
    texts, plain numbers, ISO days. None for any other column."""
    parse = _readers(kind, marks, date_format).get(name)
    if parse is None:
        return _plain_texts(cells, optional=name not in REQUIRED[kind])
    if name in ("amount", "value"):
        at_once = _numbers_at_once(cells, marks)
        return None if at_once is None else _Read(*at_once)
    if name == "date":
        days = {text: _parsed(parse, text) for text in dict.fromkeys(cells)}
        if all(map(_iso_day, days.items())):  # each day written as it is in the export
            return _Read(cells, dt.date.fromisoformat, distinct=days)
    return None


def _plain_texts(cells: Sequence[str], *, optional: bool) -> _Read | None:
    """A column of texts taken as the export writes them, when each is plain (no control
    character, no quotes needed), or empty in an optional field; None otherwise.

    A column whose texts repeat (an export's lines, its notes) is looked at a distinct text at
    a time, and those are kept (see Columns.distinct)."""
    if not repeats(cells):
        return _Read(cells, str) if all_plain(cells) else None
    known = dict.fromkeys(cells)
    if "" not in known:
        texts = {text: text for text in known}
        return _Read(cells, str, distinct=texts) if all_plain(list(texts)) else None
    present = [text for text in known if text]
    if not optional or not all_plain(present):
        return None
    held = {text: text or None for text in known}
    return _Read(
        list(map(held.__getitem__, cells)),
        blank=True,
        distinct={None: None} | {text: text for text in present},
    )


def _stripped_field(
    kind: Kind, name: str, texts: list[str], marks: Marks, date_format: str | None, controls: bool
) -> tuple[Sequence[Any], set[str], Callable[[str], Any] | None]:
    """What each text of a field's column reads as (None for an optional field left empty),
    the texts a row cannot simply take (those _row_reader must look at), and, when the column
    is kept as the texts the values are written with, what reads one (see Columns)."""
    optional = name not in REQUIRED[kind]
    blank = "" in texts
    special: set[str] = {""} if blank and not optional else set()
    parse = _readers(kind, marks, date_format).get(name)
    if parse is None:
        if controls and CONTROL.search("\n".join(texts)):  # rare: the column is searched at once
            special.update(text for text in texts if CONTROL.search(text))
        return [text or None for text in texts] if blank else texts, special, None
    # Most amounts are plain numbers, nearly all distinct: read all at once, or not at all
    # when they are written as they are read.
    numbers = name in ("amount", "value") and not blank
    if numbers and (at_once := _numbers_at_once(texts, marks)) is not None:
        values, reader = at_once
        return values, special, reader
    # Each distinct text read once: an export repeats its days and currencies.
    known: dict[str, Any] = dict.fromkeys(texts)
    for text in known.keys() - {""}:
        value = known[text] = _parsed(parse, text)
        if type(value) is Invalid or type(value) is _Refused:
            special.add(text)
    if name == "date" and not blank and all(map(_iso_day, known.items())):
        return texts, special, dt.date.fromisoformat  # each day written as it is in the export
    return list(map(known.__getitem__, texts)), special, None


def _numbers_at_once(
    texts: Sequence[str], marks: Marks
) -> tuple[Sequence[Any], Callable[[str], Any] | None] | None:
    """A column of amounts read at once, when every text is a plain or grouped number within
    the format's bounds, and what reads a text when they are kept as written (`12.50`, which
    `format(value, "f")` writes again); None when they must be read one by one."""
    if max(map(len, texts), default=0) > MAX_DIGITS:
        return None
    if written_numbers(texts, marks) is not None:
        return texts, Decimal
    plain = read_plain_numbers(texts, marks)
    return None if plain is None else (plain, None)


def _iso_day(text_and_day: tuple[str, Any]) -> bool:
    """Whether a text is the day it reads as, written as the actuals file writes it."""
    text, day = text_and_day
    return type(day) is dt.date and day.isoformat() == text


Row = tuple[Record, list[Value]]
"""A row's record, and what is wrong with it (nothing to write when anything is)."""


def _row_reader(
    kind: Kind, columns: dict[str, int], marks: Marks, date_format: str | None
) -> Callable[[list[str]], Row]:
    """What reads each row into a record, parsing each distinct date and number once: an
    export repeats them across hundreds of thousands of rows."""
    readers = _readers(kind, marks, date_format)
    # Each field with what parses it, if anything does, and what it parsed each distinct text
    # into (or the Invalid it raised), looked up before a call: most cells were seen before.
    fields: list[tuple[str, int, bool, Callable[[str], Any] | None, dict[str, Any]]] = [
        (name, index, name in REQUIRED[kind], readers.get(name), {})
        for name, index in columns.items()
    ]

    def read(cells: list[str]) -> Row:
        record: Record = {}
        problems: list[Value] = []
        refused: list[Value] = []
        for name, index, required, parse, seen in fields:
            text = cells[index].strip() if index < len(cells) else ""
            if not text:
                if required:
                    problems.append(say("no {field}", field=name))
            elif parse is None:
                record[name] = text
            else:
                value = seen.get(text, _UNSEEN)
                if value is _UNSEEN:
                    value = seen[text] = _parsed(parse, text)
                if type(value) is Invalid:
                    problems.append(of_field(name, value.said))
                elif type(value) is _Refused:
                    record[name] = value.value
                    refused.append(of_field(name, value.why))
                else:
                    record[name] = value
        if not problems:
            # As record_problems reports them, once every cell reads.
            # A row with no control character in any cell has none in its record: one search.
            controls = CONTROL.search("\n".join(cells)) is not None
            found = text_problems(record) if controls else []
            problems = [of_field(name, why) for name, why in found] + refused
        return record, problems

    return read


def _readers(kind: Kind, marks: Marks, date_format: str | None) -> dict[str, Callable[[str], Any]]:
    """What parses each field that is not its text."""
    number = _number_reader(kind, marks)
    return {
        "amount": number,
        "value": number,
        "date": lambda text: parse_date(text, date_format),
        "currency": currency_code,
    }


def _number_reader(kind: Kind, marks: Marks) -> Callable[[str], Decimal | _Refused]:
    """What reads an amount or a value: a number, or Invalid, or _Refused when it reads but
    the actuals file would refuse it."""

    def number(text: str) -> Decimal | _Refused:
        value = read_number(text, marks)
        # Fifteen characters hold fifteen digits at most: within the format's bounds.
        why = None if len(text) <= MAX_DIGITS else number_problem(kind, value)
        return value if why is None else _Refused(value, why)

    return number


class _Refused(NamedTuple):
    """A number that reads, but that the actuals file would refuse (see number_problem)."""

    value: Decimal
    why: Value


_UNSEEN = object()


def _parsed(parse: Callable[[str], Any], text: str) -> Any:
    """What `parse` returns for `text`, or the Invalid it raises."""
    try:
        return parse(text)
    except Invalid as exc:
        return exc
