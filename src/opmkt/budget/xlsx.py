"""The budget as an .xlsx workbook: real number cells with the currency's format, a sheet per
dimension and one of budget lines. Every money figure is rounded once, half-even, to its
currency's digits (docs/plan-format.md, Budget arithmetic)."""

# openpyxl ships no type hints; types-openpyxl checks these calls where it is installed.
# mypy: disable-error-code="import-untyped"

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from opmkt.budget.export import Value, line_columns, line_rows
from opmkt.budget.rollup import (
    DIMENSIONS,
    QUOTE_STATES,
    SPECIFIED,
    UNDATED,
    Rollup,
    change,
    share,
)
from opmkt.budget.rows import dimension_title, nested, objective_note, other_label, other_rows
from opmkt.findings import xml_safe
from opmkt.plan.money import EXACT, currency_digits, round_money
from opmkt.text.words import words

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

_PERCENT_FORMAT = "0.0%"
_RATIO = Decimal("0.000001")
# Fixed document and archive dates: the same rollups always give the same bytes.
_FIXED_DATE = (2000, 1, 1, 0, 0, 0)
# The command line speaks English, whatever the plan's language.
_W = words(None, "terminal")


@functools.cache
def money_format(currency: str) -> str:
    """An Excel number format showing the currency's digits and its code: `#,##0.00 "EUR"`."""
    digits = currency_digits(currency)
    return "#,##0" + ("." + "0" * digits if digits else "") + f' "{currency}"'


def render(
    plans: Sequence[Rollup], combined: Rollup | None, by: str, *, color: bool = False
) -> bytes:
    """The `xlsx` format: the plans' own roll-ups (a workbook sums them with formulas)."""
    return to_xlsx(plans, by)


def to_xlsx(rollups: Sequence[Rollup], by: str | None = None) -> bytes:
    """An .xlsx workbook: a Summary sheet, a sheet per dimension, and the Lines sheet.

    Summary has a column per plan (total, cap, remaining, last period, unassigned, unspecified
    money, left-out lines, quotes). Each dimension sheet lists key, amount, share and, but for
    month and quarter, last period's amount with the like-for-like change, then the money the
    keys do not show ("(no category)", "(no action)"); its total row is a SUM formula over
    the rows (over the top-level objectives and "(no action)" on the Objective sheet, whose
    sub-objectives are already in their parents). With several plans, the plans follow one
    another, each with its total row, and a first `Plan` column names them (a set of sheets
    per plan would be too many for an agency). Lines has the CSV's columns for every
    plan. Give the plans' own rollups, not a consolidated one: the figures stay in each plan's
    currency. `by` chooses the sheet the workbook opens on. Amounts are number cells rounded
    to their currency's digits, with a number format naming the currency; shares and changes
    are fractions formatted as percentages.
    """
    from openpyxl import Workbook

    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}: one of {', '.join(DIMENSIONS)}")
    sheets = [_Sheet(_W["sheet.summary"])]
    _summary_sheet(sheets[0], rollups)
    for dimension in DIMENSIONS:
        sheets.append(_Sheet(dimension_title(dimension)))
        _dimension_sheet(sheets[-1], rollups, dimension)
    sheets.append(_Sheet(_W["sheet.lines"]))
    _lines_sheet(sheets[-1], rollups)
    opened = DIMENSIONS.index(by) + 1 if by is not None else 0
    # Write-only: openpyxl streams each row to the file instead of keeping a cell object per
    # value (a normal workbook of 2,000 actions took 3 s of CPU, JSON 0.7 s).
    book = Workbook(write_only=True)
    for index, sheet in enumerate(sheets):
        # Excel shows the active sheet but highlights the selected tab: make them one.
        _write(book, sheet, selected=index == opened)
    book.active = opened
    return _save(book)


@dataclass
class _Cell:
    value: Value
    fmt: str | None = None
    bold: bool = False
    indent: int = 0
    formula: bool = False


@dataclass
class _Sheet:
    """A sheet's cells by row and column, written in one pass once all are known (a write-only
    sheet takes its column widths before its first row)."""

    title: str
    cells: dict[tuple[int, int], _Cell] = field(default_factory=dict)
    freeze: str | None = None
    filtered: bool = False


def _summary_sheet(ws: _Sheet, rollups: Sequence[Rollup]) -> None:
    _header(ws, ["", *(one.name or _W["unnamed_plan"] for one in rollups)], freeze="B2")
    rows: list[tuple[str, list[tuple[Value, str | None]]]] = []

    def add(label: str, cells: list[tuple[Value, str | None]]) -> None:
        rows.append((label, cells))

    def amounts(values: list[Decimal | None]) -> list[tuple[Value, str | None]]:
        return [
            (None, None)
            if v is None
            else (round_money(v, one.currency), money_format(one.currency))
            for v, one in zip(values, rollups, strict=True)
        ]

    changes = [
        change(one.total, one.previous_total) if one.previous_total is not None else None
        for one in rollups
    ]
    add(_W["currency"], [(one.currency, None) for one in rollups])
    add(_W["total"], amounts([one.total for one in rollups]))
    add(_W["cap"], amounts([one.cap for one in rollups]))
    add(_W["remaining"], amounts([one.remaining for one in rollups]))
    if any(one.original is not None for one in rollups):
        firsts = [one.original.total if one.original else None for one in rollups]
        add(_W["original_budget"], amounts(firsts))
        revisions = [
            EXACT.subtract(one.total, first) if first is not None else None
            for one, first in zip(rollups, firsts, strict=True)
        ]
        add(_W["revision"], amounts(revisions))
    add(_W["last_period"], amounts([one.previous_total for one in rollups]))
    add(_W["change"], amounts([c[0] if c else None for c in changes]))
    add(_W["change_percent"], [(_ratio(c[1] if c else None), _PERCENT_FORMAT) for c in changes])
    add(_W["paying_for_no_action"], amounts([one.unassigned for one in rollups]))
    for dimension in SPECIFIED:
        add(
            _W[f"no_dimension.{dimension}"],
            amounts([one.unspecified.get(dimension, Decimal(0)) for one in rollups]),
        )
    add(_W["left_out_short"], [(", ".join(one.left_out), None) for one in rollups])
    add(_W["quote_threshold"], amounts([one.threshold for one in rollups]))
    for state in QUOTE_STATES:
        counts = [one.quotes.get(state) for one in rollups]
        add(
            _W["quotes_lines"].format(state=state), [(c.lines if c else None, None) for c in counts]
        )
        add(
            _W["quotes_amount"].format(state=state),
            amounts([c.amount if c else None for c in counts]),
        )
    # Rows are counted here: openpyxl's max_row scans every cell each time it is read.
    for row, (label, cells) in enumerate(rows, start=2):
        _put(ws, row, 1, label, bold=True)
        for column, (value, fmt) in enumerate(cells, start=2):
            _put(ws, row, column, value, fmt)


def _dimension_sheet(ws: _Sheet, rollups: Sequence[Rollup], by: str) -> None:
    from openpyxl.utils import get_column_letter

    several = len(rollups) > 1
    header = [*([_W["plan"]] if several else []), dimension_title(by), _W["amount"], _W["share"]]
    if by not in UNDATED:
        header += [_W["previous"], _W["change"], _W["change_percent"]]
    _header(ws, header, freeze="C2" if several else "B2")
    first = 2 if several else 1
    amount_column = get_column_letter(first + 1)
    row = 1
    for one in rollups:
        fmt = money_format(one.currency)
        # The rows the total adds up: all of them, but on the objective sheet only the top
        # level (a sub-objective is already in its parent) and the lines paying for no action.
        summed: list[int] = []
        for label, amount, before, now, indent in _dimension_rows(one, by):
            row += 1
            if indent == 0:
                summed.append(row)
            if several:
                _put(ws, row, 1, one.name)
            _put(ws, row, first, label, indent=indent)
            _put(ws, row, first + 1, round_money(amount, one.currency), fmt)
            _put(ws, row, first + 2, _ratio(share(amount, one.total)), _PERCENT_FORMAT)
            if before is not None and now is not None:
                delta, ratio = change(now, before)
                _put(ws, row, first + 3, round_money(before, one.currency), fmt)
                _put(ws, row, first + 4, round_money(delta, one.currency), fmt)
                _put(ws, row, first + 5, _ratio(ratio), _PERCENT_FORMAT)
        row += 1
        if several:
            _put(ws, row, 1, one.name, bold=True)
        _put(ws, row, first, _W["total"], bold=True)
        _put(ws, row, first + 1, _sum_formula(amount_column, summed), fmt, bold=True, formula=True)
        _put(ws, row, first + 2, _ratio(share(one.total, one.total)), _PERCENT_FORMAT, bold=True)
    if any(nested(one, by) for one in rollups):
        _put(ws, row + 1, first, objective_note())


_Row = tuple[str, Decimal, Decimal | None, Decimal | None, int]


def _dimension_rows(one: Rollup, by: str) -> list[_Row]:
    """(label, amount, last period's amount, this period's like for like, indent) of each row
    of a dimension sheet: its keys, then the money they do not show."""
    undated = by in UNDATED
    previous = {} if undated else one.previous_by.get(by, {})
    comparable = one.comparable_by.get(by, {})
    rows: list[_Row] = [
        (
            key,
            amount,
            previous.get(key),
            comparable.get(key),
            one.depth.get(key, 0) if by == "objective" else 0,
        )
        for key, amount in one.by[by].items()
    ]
    for other in other_rows(one, by):
        before = None if undated else other.previous
        rows.append((other_label(other.kind, by), other.amount, before, other.comparable, 0))
    return rows


def _sum_formula(column: str, rows: list[int]) -> str:
    """`=SUM(C2:C9)` over consecutive rows, `=SUM(C2,C5,C9)` over others, `=0` over none."""
    if not rows:
        return "=0"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"=SUM({column}{rows[0]}:{column}{rows[-1]})"
    return "=SUM(" + ",".join(f"{column}{r}" for r in rows) + ")"


def _lines_sheet(ws: _Sheet, rollups: Sequence[Rollup]) -> None:
    columns = line_columns(rollups)
    _header(ws, list(columns), freeze="C2")
    for row, values in enumerate(line_rows(rollups), start=2):
        plan_money = money_format(str(values["plan_currency"]))
        formats = {
            "amount": money_format(str(values["currency"])),
            "total": plan_money,
            "original": plan_money,
            "previous": plan_money,
        }
        for column, name in enumerate(columns, start=1):
            _put(ws, row, column, values[name], formats.get(name))
    ws.filtered = True


def _header(ws: _Sheet, titles: list[str], *, freeze: str) -> None:
    for column, title in enumerate(titles, start=1):
        _put(ws, 1, column, title, bold=True)
    ws.freeze = freeze


def _put(
    ws: _Sheet,
    row: int,
    column: int,
    value: Value,
    fmt: str | None = None,
    *,
    bold: bool = False,
    indent: int = 0,
    formula: bool = False,
) -> None:
    if isinstance(value, str):
        # openpyxl's own check lets U+FFFE and surrogates (from a file name) through.
        value = xml_safe(value)
    ws.cells[row, column] = _Cell(value, fmt, bold, indent, formula)


def _ratio(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_RATIO)


def _widths(sheet: _Sheet) -> dict[int, int]:
    """Columns as wide as what they show, within reason."""
    widest: dict[int, int] = {}
    for (_, column), cell in sheet.cells.items():
        value = cell.value
        if value is None:
            continue
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            text = f"{value:,}"
            if cell.fmt is not None and cell.fmt.endswith('"'):
                text += " XXX"
        else:
            text = str(value)
        wide = len(text) + cell.indent * 2 + (2 if cell.bold else 0)
        widest[column] = max(widest.get(column, 6), wide)
    return {column: min(wide + 2, 60) for column, wide in widest.items()}


def _write(book: Workbook, sheet: _Sheet, *, selected: bool) -> None:
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(sheet.title)
    if selected:
        ws.sheet_view.tabSelected = True
    for column, width in _widths(sheet).items():
        ws.column_dimensions[get_column_letter(column)].width = width
    if sheet.freeze is not None:
        ws.freeze_panes = sheet.freeze
    last_row = max((row for row, _ in sheet.cells), default=0)
    last_column = max((column for _, column in sheet.cells), default=0)
    if sheet.filtered:
        ws.auto_filter.ref = f"A1:{get_column_letter(last_column)}{last_row}"
    rows: list[list[object]] = [[None] * last_column for _ in range(last_row)]
    for (row, column), spec in sheet.cells.items():
        rows[row - 1][column - 1] = _cell(ws, spec)
    for values in rows:
        ws.append(values)


def _cell(ws: Any, spec: _Cell) -> object:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=cast(Any, spec.value))
    if isinstance(spec.value, str) and not spec.formula:
        # Text from the plan stays text: `=…` must not become a formula.
        cell.data_type = "s"
    if spec.fmt is not None:
        cell.number_format = spec.fmt
    if spec.bold:
        cell.font = _bold()
    if spec.indent:
        cell.alignment = _indented(spec.indent)
    return cell


@functools.cache
def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


@functools.cache
def _indented(indent: int) -> Any:
    from openpyxl.styles import Alignment

    return Alignment(indent=indent)


def _save(book: Workbook) -> bytes:
    import datetime as dt

    from openpyxl.writer.excel import ExcelWriter

    when = dt.datetime(*_FIXED_DATE)
    book.properties.creator = "opmkt"
    book.properties.created = book.properties.modified = when
    raw = io.BytesIO()
    # ExcelWriter rather than Workbook.save, which stamps the time of saving.
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            stamped = zipfile.ZipInfo(entry.filename, date_time=_FIXED_DATE)
            stamped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stamped, source.read(entry.filename))
    return fixed.getvalue()
