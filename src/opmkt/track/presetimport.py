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
from pathlib import Path
from typing import Any

from opmkt.errors import UsageError
from opmkt.io.decode import CONTROL
from opmkt.io.files import locked
from opmkt.io.yamledit import Record
from opmkt.plan.model import MAX_DIGITS, Kpi, Plan
from opmkt.track.csvimport import not_recorded
from opmkt.track.dates import parse_date
from opmkt.track.exports import Export, read_export
from opmkt.track.match import Matcher
from opmkt.track.numbers import SPACES, Invalid, Marks, quoted, read_number
from opmkt.track.presets import Keep, Metric, Preset, builtin, find_column, from_file, named
from opmkt.track.record import Kind, Outcome, number_problem, open_target, plan_problems

_CODE_IN_HEADER = re.compile(r"\(\s*([A-Za-z]{3})\s*\)\s*\Z")


def presets_for(preset: str | None, preset_file: Path | None) -> list[Preset]:
    """The presets an export may be read with: the one named, the user's file, or all."""
    if preset_file is not None:
        if preset is not None:
            raise UsageError("give --preset or --preset-file, not both")
        return [from_file(preset_file)]
    if preset == "auto":
        return list(builtin().values())
    if preset is None:
        raise UsageError("give --preset NAME, --preset auto or --preset-file FILE")
    return [named(preset)]


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
) -> Outcome:
    """Append the records of an export not recorded yet: all of them, or none and why."""
    presets = presets_for(preset, preset_file)
    export = read_export(source, presets, auto=preset == "auto")
    table = Table(export, str(source), decimal)
    display = str(actuals)
    with locked(actuals, display):
        target = open_target(actuals, display, plan)
        if kind == "spend":
            found = spend_records(table, target.plan, target.plan_name, line, skip_unmatched)
        else:
            found = measurements(table, target.plan)
        if found.problems:
            return Outcome("", problems=found.problems)
        currency = target.plan.plan.currency
        new = not_recorded(kind, found.records, target.existing(kind), currency)
        if new:
            target.write(kind, new)
    already = len(found.records) - len(new)
    what = "record" if kind == "spend" else "measurement"
    summary = (
        f"added {len(new)} {what}{'' if len(new) == 1 else 's'} to {display} "
        f"({table.preset.name} export), {already} already there"
        f"{target.created_note if new else ''}"
    )
    return Outcome(summary, added=len(new), already=already, left=found.left)


@dataclass
class Found:
    records: list[Record] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


class Table:
    """An export's rows, with what reads each kind of cell, once per distinct text."""

    def __init__(self, export: Export, name: str, decimal: str | None) -> None:
        self.preset = preset = export.preset
        self.export = export
        self.name = name
        self.marks = Marks.of(decimal) if decimal else Marks.of(preset.decimal_mark)
        self.empty = {text.strip() for text in preset.empty} | {""}
        self.numbers: dict[str, Decimal | Invalid] = {}
        self.days: dict[str, dt.date | Invalid] = {}
        self.problems: list[str] = []
        self.date_column = self.column(preset.date.columns)
        self.range_end = self._range_end() if self.date_column is None else None
        if self.date_column is None and self.range_end is None:
            wanted = " or ".join(repr(name) for name in preset.date.columns) or "a date"
            self.at_header(f"no column {wanted}: the columns are {self.shown_header()}")
        self.sources = [
            index for names in preset.source if (index := self.column([names])) is not None
        ]
        self.keep = self.keeper(preset.keep)

    def column(self, names: Sequence[str]) -> int | None:
        return find_column(self.export.header, names) if names else None

    def at_header(self, problem: str) -> None:
        self.problems.append(f"{self.name}:{self.export.header_line}: {problem}")

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

    def rows(self) -> list[tuple[int, list[str]]]:
        """The rows the preset keeps (a ledger's charge accounts, payments that went through)."""
        keep = self.keep
        if keep is None:
            return self.export.rows
        return [(number, cells) for number, cells in self.export.rows if keep(cells)]

    def number(self, text: str) -> Decimal | Invalid | None:
        """The number in a cell, None when it is empty; each distinct text read once."""
        value = self.numbers.get(text)
        if value is None:
            if text.strip(SPACES) in self.empty:
                return None
            try:
                value = read_number(text, self.marks)
            except Invalid as exc:
                value = exc
            self.numbers[text] = value
        return value

    def day(self, cells: list[str]) -> dt.date | Invalid:
        if self.date_column is None:
            assert self.range_end is not None
            return self.range_end
        text = _cell(cells, self.date_column)
        value = self.days.get(text)
        if value is None:
            try:
                value = parse_date(text, self.preset.date.format)
            except Invalid as exc:
                value = exc
            self.days[text] = value
        return value


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


# Spend


def spend_records(
    table: Table, plan: Plan, plan_name: str, line: str | None, skip_unmatched: bool
) -> Found:
    """The spend of each row with money, placed on its budget line."""
    found = Found(problems=table.problems)
    money = _spend_columns(table, plan, plan_name, line)
    if found.problems or money is None:
        return found
    row = _SpendRow(table, plan, plan_name, line)
    left = found.left if skip_unmatched else found.problems
    name = table.name
    for number, cells in table.rows():
        value = money(cells)
        if value is None:
            continue  # no money on this row: a paused campaign, a zero line
        record, problem = row.record(cells, value)
        if record is not None:
            found.records.append(record)
        elif problem is not None:
            (left if problem.startswith(_UNPLACED) else found.problems).append(
                f"{name}:{number}: {problem.removeprefix(_UNPLACED)}"
            )
    return found


_UNPLACED = "\0"
"""Marks a row that no line is found for: left out with --skip-unmatched."""


def _spend_columns(
    table: Table, plan: Plan, plan_name: str, line: str | None
) -> Callable[[list[str]], Decimal | Invalid | None] | None:
    """What reads a row's money; None, with the problems said at the header, when the export
    has not the columns spend needs."""
    preset = table.preset
    if not (preset.amount or preset.debit):
        raise UsageError(f"a {preset.name} export holds no spend: import it with --kind kpi")
    amount = table.column(preset.amount)
    debit, credit = table.column(preset.debit), table.column(preset.credit)
    if line is not None:
        problems = plan_problems("spend", {"line": line}, plan, plan_name)
        if problems:
            raise UsageError(f"--line: {problems[0]}")
    elif not table.sources:
        table.at_header(
            f"no column {' or '.join(map(repr, preset.source))} to tell budget lines apart: "
            "give --line ID"
        )
    if amount is None and (debit is None or credit is None):
        names = preset.amount or [*preset.debit, *preset.credit]
        table.at_header(
            f"no column {' or '.join(map(repr, names))}: the columns are {table.shown_header()}"
        )
        return None
    return _money(table, amount, debit, credit)


class _SpendRow:
    """What makes a row with money into a spend record, or says why it cannot."""

    def __init__(self, table: Table, plan: Plan, plan_name: str, line: str | None) -> None:
        self.table = table
        self.plan = plan
        self.plan_name = plan_name
        self.currency = _currency(table, plan.plan.currency)
        self.ref = table.column(table.preset.ref)
        self.place = _placer(plan, line)
        self.said: dict[tuple[str, str | None], list[str]] = {}

    def record(
        self, cells: list[str], value: Decimal | Invalid
    ) -> tuple[Record | None, str | None]:
        if isinstance(value, Invalid):
            return None, f"amount {value}"
        day = self.table.day(cells)
        if isinstance(day, Invalid):
            return None, f"date {day}"
        sources = tuple(_cell(cells, index) for index in self.table.sources)
        line, why = self.place(sources)
        if line is None:
            return None, _UNPLACED + str(why)
        code = self.currency(cells)
        problems = self._plan_says(line, code)
        record: Record = {"line": line, "date": day, "amount": value}
        if self.ref is not None and (text := _cell(cells, self.ref)):
            record["ref"] = text
        if code is not None:
            record["currency"] = code
        if sources and sources[0]:
            record["note"] = sources[0]
        problems = problems + _refused(record, "amount")
        return (None, "; ".join(problems)) if problems else (record, None)

    def _plan_says(self, line: str, code: str | None) -> list[str]:
        """What the plan says of a line and currency: the same for every row that has them."""
        said = self.said.get((line, code))
        if said is None:
            wanted = {"line": line, "currency": code}
            said = self.said[line, code] = plan_problems("spend", wanted, self.plan, self.plan_name)
        return said


def _money(
    table: Table, amount: int | None, debit: int | None, credit: int | None
) -> Callable[[list[str]], Decimal | Invalid | None]:
    """What reads a row's money: its amount, or its debit less its credit (a credit note is
    negative); None for a row with none."""
    if amount is not None:
        index = amount

        def spent(cells: list[str]) -> Decimal | Invalid | None:
            value = table.number(_cell(cells, index))
            return None if value is None or (type(value) is Decimal and not value) else value

        return spent
    assert debit is not None and credit is not None
    pair = (debit, credit)

    def net(cells: list[str]) -> Decimal | Invalid | None:
        owed, paid = (table.number(_cell(cells, index)) for index in pair)
        for value in (owed, paid):
            if isinstance(value, Invalid):
                return value
        value = (owed or Decimal(0)) - (paid or Decimal(0))  # type: ignore[operator]
        return value or None

    return net


def _currency(table: Table, plan_currency: str) -> Callable[[list[str]], str | None]:
    """What gives a row's currency (None for the plan's): its column, or the amount header's
    suffix, `Amount spent (USD)`."""
    preset = table.preset
    fixed: str | None = None
    amount = table.column(preset.amount)
    if preset.currency_in_header and amount is not None:
        found = _CODE_IN_HEADER.search(table.export.header[amount])
        fixed = found.group(1).upper() if found else None
    column = table.column(preset.currency)
    if column is None:
        code = None if fixed == plan_currency else fixed
        return lambda cells: code

    def of_row(cells: list[str]) -> str | None:
        text = _cell(cells, column).upper()
        return None if text in ("", plan_currency) or text in table.empty else text

    return of_row


def _placer(
    plan: Plan, line: str | None
) -> Callable[[tuple[str, ...]], tuple[str | None, str | None]]:
    if line is not None:
        return lambda sources: (line, None)
    matcher = Matcher.of(plan)

    def place(sources: tuple[str, ...]) -> tuple[str | None, str | None]:
        placed = matcher.place(sources)
        return placed.line, placed.problem

    return place


def _refused(record: Record, number: str) -> list[str]:
    """What the actuals file would refuse in a record: a number beyond its bounds, a text
    holding a control character."""
    problems = []
    value = record[number]
    if len(str(value)) > MAX_DIGITS:
        why = number_problem("spend" if number == "amount" else "kpi", value)
        if why is not None:
            problems.append(f"{number} {why}")
    for name in ("ref", "note"):
        text = record.get(name)
        if text is not None and (bad := CONTROL.search(text)):
            problems.append(f"{name} holds a control character ({quoted(bad.group())})")
    return problems


# Measurements


def measurements(table: Table, plan: Plan) -> Found:
    """One measurement per KPI importing from this preset and month the export covers."""
    preset = table.preset
    found = Found(problems=table.problems)
    kpis = [kpi for kpi in plan.kpis if kpi.import_from and kpi.import_from.preset == preset.name]
    metrics = ", ".join(preset.metrics) or "none"
    if not kpis:
        table.at_header(
            f"no KPI of the plan imports from {preset.name}: give one "
            f"`import_from: {{preset: {preset.name}, metric: …}}` (its metrics: {metrics})"
        )
    readers = [(kpi, _metric_reader(table, kpi)) for kpi in kpis]
    if found.problems:
        return found
    for kpi, read in readers:
        assert read is not None
        by_month: dict[tuple[int, int], dict[dt.date, Any]] = {}
        for number, cells in table.rows():
            day = table.day(cells)
            if isinstance(day, Invalid):
                found.problems.append(f"{table.name}:{number}: date {day}")
                continue
            try:
                read(cells, by_month.setdefault((day.year, day.month), {}), day)
            except Invalid as exc:
                found.problems.append(f"{table.name}:{number}: {exc}")
        found.records += _per_month(kpi, by_month)
    return found


Tally = Callable[[list[str], dict[dt.date, Any], dt.date], None]


def _metric_reader(table: Table, kpi: Kpi) -> Tally | None:
    """What adds a row into its day's tally for `kpi`; None (with the problem said at the
    header) when the export has not the metric's columns."""
    assert kpi.import_from is not None
    wanted = kpi.import_from
    metric = table.preset.metrics.get(wanted.metric)
    if metric is None:
        table.at_header(
            f"KPI '{kpi.id}' imports metric {wanted.metric!r}, which {table.preset.name} exports "
            f"do not have: its metrics are {', '.join(table.preset.metrics) or 'none'}"
        )
        return None
    names = metric.column or metric.distinct
    index = table.column(names)
    if index is None:
        table.at_header(
            f"no column {' or '.join(map(repr, names))} for KPI '{kpi.id}': the columns are "
            f"{table.shown_header()}"
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
        raise Invalid(f"{table.export.header[index].strip()} {value}")
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
