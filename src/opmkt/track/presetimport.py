"""`opmkt track import --preset`: spend and measurements from an export as its tool writes it.

Spend: each row with money is a record on the budget line whose `match` patterns match its
source (or on `--line`), its note the source. Measurements: each KPI that imports from the
preset gets one value per month the export covers, dated at the last day of that month the
export has, its rows added up or the last day's taken (`import_from.combine`). All rows are
checked before anything is written; records already in the file are not added again."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress, repeat
from operator import is_, is_not, itemgetter
from pathlib import Path
from typing import Any, TypeVar, cast

from opmkt.errors import UsageError
from opmkt.findings import Listed, Message, Value, say, say_n
from opmkt.io.decode import CONTROL
from opmkt.io.files import locked
from opmkt.io.yamledit import Columns, Record, all_plain
from opmkt.plan.model import MAX_DIGITS, Kpi, Plan
from opmkt.track.csvimport import collector_paused, not_recorded, outside_days
from opmkt.track.dates import parse_date
from opmkt.track.exports import Export, read_export
from opmkt.track.match import Matcher
from opmkt.track.numbers import (
    Invalid,
    Marks,
    number_texts,
    quoted,
    read_number,
    read_plain_numbers,
)
from opmkt.track.presets import Keep, Metric, Preset, builtin, find_column, from_file, named
from opmkt.track.record import (
    Kind,
    Outcome,
    added,
    already_there,
    located,
    number_problem,
    of_field,
    open_target,
    plan_problems,
    refused,
)

_CODE_IN_HEADER = re.compile(r"\(\s*([A-Za-z]{3})\s*\)\s*\Z")


def presets_for(preset: str | None, preset_file: Path | None) -> list[Preset]:
    """The presets an export may be read with: the one named, the user's file, or all."""
    if preset_file is not None:
        if preset is not None:
            raise UsageError(say("give --preset or --preset-file, not both"))
        return [from_file(preset_file)]
    if preset == "auto":
        return list(builtin().values())
    if preset is None:
        raise UsageError(say("give --preset NAME, --preset auto or --preset-file FILE"))
    return [named(preset)]


@collector_paused()
def import_export(
    source: Path,
    kind: Kind,
    actuals: Path,
    *,
    preset: str | None = None,
    preset_file: Path | None = None,
    line: str | None = None,
    skip_unmatched: bool = False,
    decimal: str | None = None,
    plan: Path | None = None,
    outside_period: bool = False,
) -> Outcome:
    """Append the records of an export not recorded yet: all of them, or none and why."""
    presets = presets_for(preset, preset_file)
    table = Table(read_export(source, presets, auto=preset == "auto"), str(source), decimal)
    name = table.preset.name
    display = str(actuals)
    with locked(actuals, display):
        target = open_target(actuals, display, plan)
        if kind == "spend":
            found = spend_records(
                table, target.plan, target.plan_name, line, skip_unmatched, outside_period
            )
        else:
            found = measurements(table, target.plan, target.plan_name, outside_period)
        if found.problems:
            return refused(found.problems, target.plan.plan.locale)
        # The export's rows are let go before the records are written: the memory they held
        # is there for the file's text (a large export's rows are most of an import's).
        del table
        currency = target.plan.plan.currency
        records = found.records
        if not isinstance(records, Columns):
            records = Columns.of(records)
        new = not_recorded(kind, records, target.existing(kind), currency)
        if new:
            target.write(kind, new)
    already = len(found.records) - len(new)
    locale = target.plan.plan.locale
    summary = Listed(
        (
            added(len(new), display, locale, what=kind),
            say(" ({preset} export), ", preset=name),
            already_there(already, locale),
            target.created_note if new else "",
        ),
        "",
    )
    return Outcome(summary, added=len(new), already=already, left=found.left)


@dataclass
class Found:
    records: Columns | list[Record] = field(default_factory=list)
    problems: list[Value] = field(default_factory=list)
    left: list[Value] = field(default_factory=list)


class Table:
    """An export's rows, with what reads each kind of cell, once per distinct text."""

    def __init__(self, export: Export, name: str, decimal: str | None) -> None:
        self.preset = preset = export.preset
        self.export = export
        self.name = name
        self.marks = Marks.of(decimal) if decimal else Marks.of(preset.decimal_mark)
        self.empty = {text.strip() for text in preset.empty} | {""}
        self.numbers: dict[str, Decimal | Invalid | None] = {}
        self.days: dict[str, dt.date | Invalid] = {}
        self.problems: list[Value] = []
        self.date_column = self.column(preset.date.columns)
        self.range_end = self._range_end() if self.date_column is None else None
        if self.date_column is None and self.range_end is None:
            self.at_header(
                say(
                    "no column {wanted}: the columns are {columns}",
                    wanted=_either(preset.date.columns) or say("a date"),
                    columns=self.shown_header(),
                )
            )
        self.sources = [
            index for names in preset.source if (index := self.column([names])) is not None
        ]
        widths = frozenset(map(len, export.rows)) if export.widths is None else export.widths
        self.problems.extend(self._misshapen(widths))
        self.rows, self.lines = self._kept()
        # Every row kept has a cell in the columns before this one.
        self._narrowest = min(widths, default=0)
        # The columns taken as the rows were read, unless the preset keeps only some rows.
        every = self.rows is export.rows
        self._columns: dict[int, list[str]] = dict(export.columns) if every else {}
        self._distinct: dict[int, dict[str, None]] = dict(export.distinct) if every else {}

    def _misshapen(self, widths: frozenset[int]) -> list[Value]:
        """Rows whose cells do not line up with the header: a quote left open swallows the rows
        after it, a stray separator shifts the amount into another column. A row of one cell is
        a section's heading (a ledger's account) and reads as nothing; empty cells past the
        header's last are trailing separators."""
        width = len(self.export.header)
        if widths <= {width}:
            return []  # most exports: every row as wide as the header, seen at once
        return [
            located(self.name, number, [_not_lined_up(len(cells), width)])
            for number, cells in zip(self.export.lines, self.export.rows, strict=True)
            if len(cells) != width
            and ((len(cells) < width and len(cells) != 1) or any(cells[width:]))
        ]

    def _kept(self) -> tuple[list[list[str]], Sequence[int]]:
        """The rows the preset keeps (a ledger's charge accounts, payments that went through),
        and the line each starts on; each distinct text of the column matched once."""
        rows, lines = self.export.rows, self.export.lines
        keep = self.preset.keep
        index = None if keep is None else self.column(keep.column)
        if keep is None or index is None:
            return rows, lines
        texts = [cells[index].strip() if index < len(cells) else "" for cells in rows]
        matches = Matcher.any_of(keep.match)
        kept = {text: matches(text) for text in set(texts)}
        mask = list(map(kept.__getitem__, texts))
        return list(compress(rows, mask)), list(compress(lines, mask))

    def column(self, names: Sequence[str]) -> int | None:
        return find_column(self.export.header, names) if names else None

    def at_header(self, problem: Value) -> None:
        self.problems.append(located(self.name, self.export.header_line, [problem]))

    def shown_header(self) -> str:
        return ", ".join(repr(cell.strip()) for cell in self.export.header)

    def _range_end(self) -> dt.date | None:
        dates = self.preset.date
        if dates.range is None:
            return None
        finder = re.compile(dates.range)
        for line in self.export.preamble:
            found = finder.search(line.strip().strip('"'))
            if found:
                try:
                    return parse_date(found.group("end"), dates.range_format)
                except Invalid:
                    continue
        return None

    def keeper(self, keep: Keep | None) -> Callable[[list[str]], bool] | None:
        """Whether to keep a row, by `keep` (None: every row)."""
        if keep is None:
            return None
        index = self.column(keep.column)
        if index is None:
            return None
        matches = Matcher.any_of(keep.match)
        return lambda cells: matches(_cell(cells, index))

    def numbers_of(self, texts: list[str]) -> list[Decimal | Invalid | None]:
        """The number in each cell, None for an empty one; each distinct text read once. A
        number the actuals file would refuse (beyond its bounds) is Invalid too."""
        # Most columns are plain numbers, every cell filled: read all at once.
        if texts and max(map(len, texts)) <= MAX_DIGITS:
            plain = read_plain_numbers(texts, self.marks)
            if plain is not None:
                return list(plain)
        known = self.numbers
        new = list(dict.fromkeys(texts).keys() - known.keys() - self.empty)
        known.update(dict.fromkeys(self.empty - known.keys()))
        # Most cells are plain numbers: read all at once. The longest may be beyond the format's
        # bounds: read one by one, as any other.
        short = [text for text in new if len(text) <= MAX_DIGITS]
        plain = read_plain_numbers(short, self.marks)
        if plain is not None:
            known.update(zip(short, plain, strict=True))
            new = [text for text in new if len(text) > MAX_DIGITS]
        for text in new:
            known[text] = _number(text, self.marks)
        return list(map(known.__getitem__, texts))

    def written(self, texts: list[str]) -> list[str] | None:
        """Each cell's number as the actuals file writes it, when every cell holds a number
        written as the export's numbers are, within the format's bounds; None otherwise."""
        if not texts or max(map(len, texts)) > MAX_DIGITS:
            return None
        return number_texts(texts, self.marks)

    def number(self, text: str) -> Decimal | Invalid | None:
        return self.numbers_of([text.strip()])[0]

    def cells(self, index: int) -> list[str]:
        """The cells of a column as the export has them ("" in a row too short to have one):
        as they were taken while the rows were read, or taken from the rows once, in one call
        (an import needs a few of an export's columns)."""
        cells = self._columns.get(index)
        if cells is None:
            if index < self._narrowest:
                cells = list(map(itemgetter(index), self.rows))
            else:
                cells = [row[index] if index < len(row) else "" for row in self.rows]
            self._columns[index] = cells
        return cells

    def distinct(self, index: int) -> dict[str, None]:
        """Each distinct cell of a column, in the order first seen."""
        cells = self._distinct.get(index)
        if cells is None:
            cells = self._distinct[index] = dict.fromkeys(self.cells(index))
        return cells

    def texts(self, index: int | None) -> list[str]:
        """The text of a column in each row kept ("" in a row too short to have it)."""
        if index is None:
            return [""] * len(self.rows)
        return list(map(str.strip, self.cells(index)))

    def each(self, index: int, read: Callable[[str], T]) -> list[T]:
        """What `read` makes of the text of each cell of a column, read once per distinct
        cell: an export repeats its days, campaigns and currencies."""
        cells = self.cells(index)
        known = {cell: read(cell.strip()) for cell in self.distinct(index)}
        if len(known) == 1:  # a currency, a campaign: the same in every row
            return [*known.values()] * len(cells)
        return list(map(known.__getitem__, cells))

    def stripped(self, index: int) -> Sequence[str]:
        """The text of each cell of a column whose cells repeat (campaigns), each distinct
        cell stripped once; the cells themselves when none has a space around it."""
        cells = self.cells(index)
        known = {cell: cell.strip() for cell in self.distinct(index)}
        if all(map(is_, known, known.values())):  # strip() gives back a text it leaves alone
            return cells
        return list(map(known.__getitem__, cells))

    def days_of(self) -> list[dt.date | Invalid]:
        """The day of each row: its date column's, or the last day of the report's range."""
        if self.date_column is None:
            assert self.range_end is not None
            return [self.range_end] * len(self.rows)
        return self.each(self.date_column, self.day_of)

    def day_of(self, text: str) -> dt.date | Invalid:
        """The day written in a cell of the date column, read once."""
        day = self.days.get(text)
        if day is None:
            try:
                day = parse_date(text, self.preset.date.format)
            except Invalid as exc:
                day = exc
            self.days[text] = day
        return day

    def sources_of(self) -> Sequence[Source]:
        """The source of each row: the text of its one source column (most presets have one),
        or the texts of its several."""
        if len(self.sources) == 1:
            return self.stripped(self.sources[0])
        columns = [self.stripped(index) for index in self.sources]
        return list(zip(*columns, strict=True)) if columns else [()] * len(self.rows)


T = TypeVar("T")
Source = str | tuple[str, ...]
"""A row's source: the text of the one source column, or the texts of several."""


def _number(text: str, marks: Marks) -> Decimal | Invalid:
    try:
        value = read_number(text, marks)
    except Invalid as exc:
        return exc
    # Fifteen characters hold fifteen digits at most: within the format's bounds.
    why = None if len(text) <= MAX_DIGITS else number_problem("spend", value)
    return value if why is None else Invalid(why)


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


# Spend


def spend_records(
    table: Table,
    plan: Plan,
    plan_name: str,
    line: str | None,
    skip_unmatched: bool,
    outside_period: bool = False,
) -> Found:
    """The spend of each row with money, placed on its budget line. Done column by column,
    each distinct cell read once: an export repeats its days, campaigns and currencies over
    hundreds of thousands of rows. A day outside the plan's period is refused unless
    `outside_period`."""
    found = Found(problems=table.problems)
    money = _spend_columns(table, plan, plan_name, line)
    if found.problems or money is None:
        return found
    placed = _placed(table, plan, line)
    refs = table.texts(table.column(table.preset.ref))
    amounts, days = money(), _days(table)
    outside = {} if outside_period else _outside(list(days.read.values()), plan, plan_name)
    codes = _currencies(table, plan.plan.currency)
    says = _PlanSays(plan, plan_name)
    controls = _controls([*map(_note, placed.places), *set(refs)])
    clean = (
        not controls
        and not any(isinstance(value, Invalid) for value in table.numbers.values())
        and not any(isinstance(day, Invalid) for day in days.read.values())
        and all(place[0] is not None for place in placed.places.values())
        and not any(says(*pair) for pair in _pairs(placed, codes))
        and not outside
    )
    if clean:
        notes = _notes(placed.sources) if table.sources else [""] * len(placed.sources)
        found.records = _all_records(placed, days, amounts, (refs, codes, notes))
        return found
    columns = zip(
        table.lines, amounts.values(), days.values(), placed.sources, codes, refs, strict=True
    )
    left = found.left if skip_unmatched else found.problems
    records: list[Record] = []
    found.records = records
    for number, value, day, source, code, ref in columns:
        if value is None:
            continue  # no money on this row: a paused campaign, a zero line
        target, why = placed.places[source]
        if type(value) is Invalid or type(day) is Invalid or target is None:
            problem = _unread(value, day) or why or ""
            (found.problems if target or _unread(value, day) else left).append(
                located(table.name, number, [problem])
            )
            continue
        record = _record(target, day, value, ref, code, _note(source))
        problems = says(target, code)
        if day in outside:
            problems = [*problems, of_field("date", outside[day])]
        if controls and (ref in controls or _note(source) in controls):
            problems = problems + _control_problems(record)
        if problems:
            found.problems.append(located(table.name, number, problems))
        else:
            records.append(record)
    return found


@dataclass(frozen=True)
class _Placed:
    """Each row's source and the budget line it is placed on, and the line of each distinct
    source (`line` for all, when given), or why there is none."""

    sources: Sequence[Source]
    lines: Sequence[str | None]
    places: dict[Source, tuple[str | None, Value | None]]


def _placed(table: Table, plan: Plan, line: str | None) -> _Placed:
    """Where each row goes. The cells of a source column repeat (an export's campaigns): each
    distinct cell is stripped and placed once, and the rows take their line in one call."""
    if len(table.sources) != 1:
        sources = table.sources_of()
        places = _places(plan, line, sources)
        return _Placed(sources, list(map(itemgetter(0), map(places.__getitem__, sources))), places)
    cells = table.cells(table.sources[0])
    stripped = {cell: cell.strip() for cell in table.distinct(table.sources[0])}
    places = _places(plan, line, list(stripped.values()))
    line_of = {cell: places[source][0] for cell, source in stripped.items()}
    # strip() gives back a text it leaves alone: most exports have no space around a cell.
    if not all(map(is_, stripped, stripped.values())):
        cells = list(map(stripped.__getitem__, cells))
        line_of = {source: places[source][0] for source in stripped.values()}
    return _Placed(cells, list(map(line_of.__getitem__, cells)), places)


@dataclass(frozen=True)
class _Days:
    """The day of each row as held (`held`: each cell itself when every cell is written as the
    actuals file writes its day, `written`; else the day it reads as), and what each distinct
    value held reads as."""

    held: Sequence[Any]
    read: dict[Any, dt.date | Invalid]
    written: bool = False

    def values(self) -> list[dt.date | Invalid]:
        return list(map(self.read.__getitem__, self.held))


def _days(table: Table) -> _Days:
    """The day of each row: its date column's, each distinct cell read once, or the last day
    of the report's range."""
    if table.date_column is None:
        assert table.range_end is not None
        return _Days([table.range_end] * len(table.rows), {table.range_end: table.range_end})
    cells = table.cells(table.date_column)
    read = {cell: table.day_of(cell.strip()) for cell in table.distinct(table.date_column)}
    if all(type(day) is dt.date and day.isoformat() == cell for cell, day in read.items()):
        return _Days(cells, read, written=True)  # most exports: ISO days
    return _Days(list(map(read.__getitem__, cells)), {day: day for day in read.values()})


def _notes(sources: Sequence[Source]) -> Sequence[str]:
    """The note of each row: its source, the first when the preset has several."""
    if sources and isinstance(sources[0], tuple):
        return list(map(_note, sources))
    return cast(Sequence[str], sources)


def _note(source: Source) -> str:
    """A record's note: its row's source, the first when the preset has several."""
    return source if isinstance(source, str) else source[0] if source else ""


def _pairs(placed: _Placed, codes: list[str | None]) -> set[tuple[Any, str | None]]:
    """Each distinct line and currency; most exports are in the plan's currency (None)."""
    if any(codes):
        return set(zip(placed.lines, codes, strict=True))
    return {(line, None) for line, _ in placed.places.values()}


def _spend_columns(
    table: Table, plan: Plan, plan_name: str, line: str | None
) -> Callable[[], Money] | None:
    """What reads each row's money; None, with the problems said at the header, when the
    export has not the columns spend needs."""
    preset = table.preset
    if not (preset.amount or preset.debit):
        raise UsageError(
            say("a {preset} export holds no spend: import it with --kind kpi", preset=preset.name)
        )
    amount = table.column(preset.amount)
    debit, credit = table.column(preset.debit), table.column(preset.credit)
    if line is not None:
        problems = plan_problems("spend", {"line": line}, plan, plan_name)
        if problems:
            raise UsageError(Listed(("--line", problems[0]), ": "))
    elif not table.sources:
        table.at_header(
            say(
                "no column {wanted} to tell budget lines apart: give --line ID",
                wanted=_either(preset.source),
            )
        )
    if amount is None and (debit is None or credit is None):
        names = preset.amount or [*preset.debit, *preset.credit]
        table.at_header(
            say(
                "no column {wanted}: the columns are {columns}",
                wanted=_either(names),
                columns=table.shown_header(),
            )
        )
        return None
    return _money(table, amount, debit, credit)


def _all_records(
    placed: _Placed, days: _Days, amounts: Money, optional: tuple[list[str], list[Any], Any]
) -> Columns:
    """The records of rows that all read and are all placed, as columns (the rows without
    money left out), with the refs, currencies and notes of `optional`. The lines, days and
    notes that the actuals file writes as they are held are marked so (see Columns)."""
    fields: dict[str, Sequence[Any]] = {
        "line": placed.lines,
        "date": days.held,
        "amount": amounts.amounts,
    }
    gaps = set()
    # The notes are the sources: their distinct ones say what the column holds.
    notes = list(map(_note, placed.places))
    for name, column, distinct, empty in zip(
        ("ref", "currency", "note"), optional, (None, None, notes), ("", None, ""), strict=True
    ):
        held = column if distinct is None else distinct
        if any(held):
            fields[name] = column
            if empty in held:  # left out of the records of those rows
                fields[name] = [value or None for value in column]
                gaps.add(name)
    written: dict[str, Callable[[str], Any]] = {"amount": Decimal} if amounts.written else {}
    if days.written:
        written["date"] = dt.date.fromisoformat
    lines = dict.fromkeys(line for line, _ in placed.places.values() if line is not None)
    if all_plain(list(lines)):
        written["line"] = str
    if "note" in fields and "note" not in gaps and all_plain(notes):
        written["note"] = str
    kept = amounts.kept()
    columns: Sequence[Sequence[Any]] = list(fields.values())
    if kept is not None:
        columns = [list(compress(column, kept)) for column in columns]
    return Columns(tuple(fields), tuple(columns), written, frozenset(gaps))


def _unread(value: object, day: object) -> Value | None:
    """Why a row's amount or day does not read, if one does not."""
    if isinstance(value, Invalid):
        return of_field("amount", value.said)
    if isinstance(day, Invalid):
        return of_field("date", day.said)
    return None


def _either(names: Sequence[str]) -> Value:
    """`'Date' or 'Day'`: the names a column may have, in the reader's language."""
    quoted_names = [repr(name) for name in names]
    if len(quoted_names) < 2:
        return "".join(quoted_names)
    return say("{names} or {last}", names=", ".join(quoted_names[:-1]), last=quoted_names[-1])


def _not_lined_up(cells: int, width: int) -> Message:
    """A row whose cells do not line up with the header's."""
    return say_n(
        '{n} cell where the header has {width}: is a quote (") left open, or a separator '
        "inside a cell that is not quoted?",
        '{n} cells where the header has {width}: is a quote (") left open, or a separator '
        "inside a cell that is not quoted?",
        cells,
        width=str(width),
    )


def _record(
    line: str, day: dt.date, amount: Decimal, ref: str, code: str | None, note: str
) -> Record:
    """A spend record, its fields in the order of the format (empty ones left out)."""
    record: Record = {"line": line, "date": day, "amount": amount}
    if ref:
        record["ref"] = ref
    if code is not None:
        record["currency"] = code
    if note:
        record["note"] = note
    return record


class _PlanSays:
    """What the plan says of a line and currency: the same for every row that has them."""

    def __init__(self, plan: Plan, plan_name: str) -> None:
        self.plan = plan
        self.plan_name = plan_name
        self.said: dict[tuple[str, str | None], list[Value]] = {}

    def __call__(self, line: str, code: str | None) -> list[Value]:
        said = self.said.get((line, code))
        if said is None:
            wanted = {"line": line, "currency": code}
            said = self.said[line, code] = plan_problems("spend", wanted, self.plan, self.plan_name)
        return said


def _places(
    plan: Plan, line: str | None, sources: Sequence[Source]
) -> dict[Source, tuple[str | None, Value | None]]:
    """The line of each distinct source (`line` for all, when given), or why there is none:
    each placed once, however many rows have it."""
    distinct = dict.fromkeys(sources)
    if line is not None:
        return dict.fromkeys(distinct, (line, None))
    matcher = Matcher.of(plan)
    placed = {
        source: matcher.place((source,) if isinstance(source, str) else source)
        for source in distinct
    }
    return {source: (place.line, place.problem) for source, place in placed.items()}


def _controls(texts: list[str]) -> set[str]:
    """The texts holding a control character, which the actuals file refuses: one search
    over all of them first, as there are none in most exports."""
    if CONTROL.search("\n".join(texts)) is None:
        return set()
    return {text for text in texts if CONTROL.search(text)}


def _control_problems(record: Record) -> list[Value]:
    problems: list[Value] = []
    for name in ("ref", "note"):
        text = record.get(name)
        if text is not None and (bad := CONTROL.search(text)):
            why = say("holds a control character ({char})", char=quoted(bad.group()))
            problems.append(of_field(name, why))
    return problems


@dataclass(frozen=True)
class Money:
    """Each row's amount, None for a row without money: a number, or (`written`) the text
    the actuals file writes it with, most of an import's amounts being only written."""

    amounts: list[Any]
    written: bool = False

    def values(self) -> list[Decimal | Invalid | None]:
        if not self.written:
            return self.amounts
        kept = self.kept()
        if kept is None:
            return list(map(Decimal, self.amounts))
        return [
            Decimal(text) if has else None for text, has in zip(self.amounts, kept, strict=True)
        ]

    def kept(self) -> list[bool] | None:
        """Whether each row has money (not zero), None when every row has. A number written
        has money when something is left of it without its noughts and its point."""
        if self.written:
            kept = list(map(bool, map(str.strip, self.amounts, repeat("0."))))
        else:
            kept = list(map(is_not, self.amounts, repeat(None)))
        return None if all(kept) else kept


def _money(
    table: Table, amount: int | None, debit: int | None, credit: int | None
) -> Callable[[], Money]:
    """What reads each row's money: its amount, or its debit less its credit (a credit note
    is negative)."""
    if amount is not None:
        index = amount

        def spent() -> Money:
            # Cells with no space around them are numbers as they are: most exports.
            written = table.written(table.cells(index))
            if written is not None:
                return Money(written, written=True)
            texts = table.texts(index)
            written = table.written(texts)
            if written is None:
                return Money([value or None for value in table.numbers_of(texts)])
            return Money(written, written=True)

        return spent
    assert debit is not None and credit is not None
    pair = (debit, credit)

    def net() -> Money:
        owed, paid = (table.numbers_of(table.texts(index)) for index in pair)
        return Money([_net(*values) for values in zip(owed, paid, strict=True)])

    return net


def _net(
    owed: Decimal | Invalid | None, paid: Decimal | Invalid | None
) -> Decimal | Invalid | None:
    for value in (owed, paid):
        if isinstance(value, Invalid):
            return value
    return (owed or Decimal(0)) - (paid or Decimal(0)) or None  # type: ignore[operator]


def _currencies(table: Table, plan_currency: str) -> list[str | None]:
    """Each row's currency (None for the plan's): its column, or the amount header's suffix,
    `Amount spent (USD)`."""
    preset = table.preset
    fixed: str | None = None
    amount = table.column(preset.amount)
    if preset.currency_in_header and amount is not None:
        found = _CODE_IN_HEADER.search(table.export.header[amount])
        fixed = found.group(1).upper() if found else None
    column = table.column(preset.currency)
    if column is None:
        return [None if fixed == plan_currency else fixed] * len(table.rows)
    none = {"", plan_currency} | table.empty
    distinct = table.distinct(column)
    if len(distinct) == 1:  # most exports: one currency
        code = next(iter(distinct)).strip().upper()
        return [None if code in none else code] * len(table.rows)
    return table.each(column, lambda text: None if text.upper() in none else text.upper())


# Measurements


def measurements(table: Table, plan: Plan, plan_name: str, outside_period: bool = False) -> Found:
    """One measurement per KPI importing from this preset and month the export covers; a
    row dated outside the plan's period is refused unless `outside_period`."""
    preset = table.preset
    found = Found(problems=table.problems)
    kpis = [kpi for kpi in plan.kpis if kpi.import_from and kpi.import_from.preset == preset.name]
    if not kpis:
        table.at_header(
            say(
                "no KPI of the plan imports from {preset}: give one "
                "`import_from: {{preset: {preset}, metric: …}}` (its metrics: {metrics})",
                preset=preset.name,
                metrics=", ".join(preset.metrics) or say("none"),
            )
        )
    readers = [(kpi, _metric_reader(table, kpi)) for kpi in kpis]
    if found.problems:
        return found
    records: list[Record] = []
    found.records = records
    rows = list(zip(table.lines, table.rows, strict=True))
    days = table.days_of()
    outside = {} if outside_period else _outside(days, plan, plan_name)
    found.problems += [
        located(table.name, number, [of_field("date", outside[day])])
        for (number, _), day in zip(rows, days, strict=True)
        if day in outside
    ]
    for kpi, read in readers:
        assert read is not None
        by_month: dict[tuple[int, int], dict[dt.date, Any]] = {}
        for (number, cells), day in zip(rows, days, strict=True):
            if day in outside:
                continue
            if isinstance(day, Invalid):
                if kpi is kpis[0]:
                    found.problems.append(located(table.name, number, [of_field("date", day.said)]))
                continue
            try:
                read(cells, by_month.setdefault((day.year, day.month), {}), day)
            except Invalid as exc:
                found.problems.append(located(table.name, number, [exc.said]))
        records += _per_month(kpi, by_month)
    return found


Tally = Callable[[list[str], dict[dt.date, Any], dt.date], None]


def _outside(days: Sequence[dt.date | Invalid], plan: Plan, plan_name: str) -> dict[Any, Value]:
    """Why each distinct day of `days` outside the plan's period is refused."""
    return outside_days({day for day in set(days) if not isinstance(day, Invalid)}, plan, plan_name)


def _metric_reader(table: Table, kpi: Kpi) -> Tally | None:
    """What adds a row into its day's tally for `kpi`; None (with the problem said at the
    header) when the export has not the metric's columns."""
    assert kpi.import_from is not None
    wanted = kpi.import_from
    metric = table.preset.metrics.get(wanted.metric)
    if metric is None:
        table.at_header(
            say(
                "KPI '{kpi}' imports metric {metric}, which {preset} exports do not have: its "
                "metrics are {metrics}",
                kpi=kpi.id,
                metric=repr(wanted.metric),
                preset=table.preset.name,
                metrics=", ".join(table.preset.metrics) or say("none"),
            )
        )
        return None
    names = metric.column or metric.distinct
    index = table.column(names)
    if index is None:
        table.at_header(
            say(
                "no column {wanted} for KPI '{kpi}': the columns are {columns}",
                wanted=_either(names),
                kpi=kpi.id,
                columns=table.shown_header(),
            )
        )
        return None
    return _tally(table, metric, index, _kept(table, metric, wanted.match))


def _kept(table: Table, metric: Metric, match: list[str] | None) -> Callable[[list[str]], bool]:
    """Whether a row counts for a KPI: the metric's rows, whose source the KPI's `match`
    patterns match (when it has some)."""
    only = table.keeper(metric.keep) or (lambda cells: True)
    if not match:
        return only
    matches = Matcher.any_of(match)
    sources = table.sources
    return lambda cells: only(cells) and any(matches(_cell(cells, at)) for at in sources)


def _tally(table: Table, metric: Metric, index: int, kept: Callable[[list[str]], bool]) -> Tally:
    if metric.distinct:

        def count(cells: list[str], days: dict[dt.date, Any], day: dt.date) -> None:
            text = _cell(cells, index)
            if text and kept(cells):
                days.setdefault(day, set()).add(text)

        return count
    minus = table.column(metric.minus)

    def add(cells: list[str], days: dict[dt.date, Any], day: dt.date) -> None:
        if not kept(cells):
            return
        value = _value(table, cells, index)
        if minus is not None:
            value -= _value(table, cells, minus)
        days[day] = days.get(day, Decimal(0)) + value

    return add


def _value(table: Table, cells: list[str], index: int) -> Decimal:
    value = table.number(_cell(cells, index))
    if isinstance(value, Invalid):
        raise Invalid(of_field(table.export.header[index].strip(), value.said))
    return value or Decimal(0)


def _per_month(kpi: Kpi, by_month: dict[tuple[int, int], dict[dt.date, Any]]) -> list[Record]:
    assert kpi.import_from is not None
    last = kpi.import_from.combine == "last"
    records = []
    for _, days in sorted(by_month.items()):
        if not days:
            continue
        end = max(days)
        tallies = [days[end]] if last else list(days.values())
        if isinstance(tallies[0], set):
            value = Decimal(len(set().union(*tallies)))
        else:
            value = sum(tallies, Decimal(0))
        records.append({"kpi": kpi.id, "date": end, "value": value})
    return records
