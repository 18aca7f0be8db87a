"""The budget as an .xlsx workbook: real number cells with the currency's format, a sheet per
dimension and one of budget lines. Every money figure is rounded once, half-even, to its
currency's digits (docs/plan-format.md, Budget arithmetic)."""

# XlsxWriter ships no type hints.
# mypy: disable-error-code="import-untyped"

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import chain
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
from opmkt.findings import xml_safe, xml_unsafe
from opmkt.plan.money import EXACT, currency_digits, exact_sum, round_money
from opmkt.text.words import words

if TYPE_CHECKING:
    from xlsxwriter import Workbook

_PERCENT_FORMAT = "0.0%"
_RATIO = Decimal("0.000001")
# A fixed document date (XlsxWriter dates the archive's entries 1980-01-01 in memory): the
# same rollups always give the same bytes.
_FIXED_DATE = dt.datetime(2000, 1, 1)
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
    from xlsxwriter import Workbook

    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}: one of {', '.join(DIMENSIONS)}")
    raw = io.BytesIO()
    # XlsxWriter rather than openpyxl, whose writer makes a cell object per value and formats
    # a Decimal through float: at 2,000 actions its workbook took 1.8 s of CPU, this one 0.66 s
    # (docs/benchmarks.md).
    book = Workbook(raw, {"in_memory": True})
    book.set_properties({"author": "opmkt", "created": _FIXED_DATE})
    styles = _Styles(book)

    def sheet(title: str) -> _Sheet:
        return _Sheet(book.add_worksheet(title), styles)

    sheets = [sheet(_W["sheet.summary"])]
    _summary_sheet(sheets[0], rollups)
    for dimension in DIMENSIONS:
        sheets.append(sheet(dimension_title(dimension)))
        _dimension_sheet(sheets[-1], rollups, dimension)
    sheets.append(sheet(_W["sheet.lines"]))
    _lines_sheet(sheets[-1], rollups)
    for one in sheets:
        one.set_widths()
    # Excel shows the active sheet and highlights the selected tab: activate() sets both.
    sheets[DIMENSIONS.index(by) + 1 if by is not None else 0].worksheet.activate()
    book.close()
    return raw.getvalue()


class _Styles:
    """The workbook's cell formats, one per combination of number format, bold and indent,
    shared by the cells that use it."""

    def __init__(self, book: Workbook) -> None:
        self._book = book
        self._made: dict[tuple[str | None, bool, int], Any] = {(None, False, 0): None}

    def get(self, fmt: str | None, bold: bool, indent: int) -> Any:
        key = (fmt, bold, indent)
        if key not in self._made:
            properties: dict[str, object] = {"bold": bold, "indent": indent}
            if fmt is not None:
                properties["num_format"] = fmt
            self._made[key] = self._book.add_format(properties)
        return self._made[key]


class _Sheet:
    """A worksheet being written, and how wide each column must be to show what it holds."""

    def __init__(self, worksheet: Any, styles: _Styles) -> None:
        self.worksheet = worksheet
        self._styles = styles
        self._widest: dict[int, int] = {}

    def put(
        self,
        row: int,
        column: int,
        value: Value,
        fmt: str | None = None,
        *,
        bold: bool = False,
        indent: int = 0,
    ) -> None:
        """Write a value at a 1-based row and column."""
        if value is None or value == "":
            if fmt is not None or bold:
                # An empty cell keeps its format: a figure typed in later shows as money.
                style = self._styles.get(fmt, bold, indent)
                self.worksheet.write_blank(row - 1, column - 1, None, style)
            return
        style = self._styles.get(fmt, bold, indent)
        if isinstance(value, str):
            # XlsxWriter writes U+FFFE and surrogates (from a file name) as they come, which
            # XML cannot carry; and text from the plan stays text: `=…` is no formula.
            value = xml_safe(value)
            self.worksheet.write_string(row - 1, column - 1, value, style)
        elif isinstance(value, bool):
            self.worksheet.write_boolean(row - 1, column - 1, value, style)
        else:
            # XlsxWriter writes a number as `{value:.16G}`, which formats a Decimal as a
            # Decimal: 1234.10 is "1234.10" in the sheet, where formatting through float
            # wrote 9.20 as "9.199999999999999".
            self.worksheet.write_number(row - 1, column - 1, value, style)
        money = fmt is not None and fmt.endswith('"')
        self._fit(column, _width(value, money) + indent * 2 + (2 if bold else 0))

    def put_rows(
        self, first_row: int, rows: list[list[Value]], money_at: list[tuple[int, int]]
    ) -> None:
        """Write rows of values as `put` does, from a 1-based row, but with the work done once
        per sheet or per column rather than per cell: the Lines sheet has 20 cells a line.

        `money_at` pairs a money column with the column naming its cells' currency (0-based).
        """
        columns = list(zip(*rows, strict=True))
        kinds = [set(map(type, column)) for column in columns]
        if xml_unsafe("".join(chain.from_iterable(map(_texts, columns, kinds)))):
            rows = [[xml_safe(v) if isinstance(v, str) else v for v in row] for row in rows]
            columns = list(zip(*rows, strict=True))
        sheet = self.worksheet
        write: dict[type, Any] = {
            str: sheet.write_string,
            bool: sheet.write_boolean,
            int: sheet.write_number,
            Decimal: sheet.write_number,
        }
        money_styles: dict[Value, Any] = {}
        no_styles = [None] * (len(rows[0]) if rows else 0)
        for row, cells in enumerate(rows, start=first_row - 1):
            styles = no_styles.copy()
            for at, currency_at in money_at:
                currency = cells[currency_at]
                if currency not in money_styles:
                    money_styles[currency] = self._styles.get(money_format(str(currency)), False, 0)
                styles[at] = money_styles[currency]
            for column, (value, style) in enumerate(zip(cells, styles, strict=True)):
                if value is None or value == "":
                    if style is not None:
                        # An empty cell keeps its format: a figure typed in later shows as money.
                        sheet.write_blank(row, column, None, style)
                else:
                    write[type(value)](row, column, value, style)
        moneys = {at for at, _ in money_at}
        for at, (values, kind) in enumerate(zip(columns, kinds, strict=True)):
            self._fit_column(at + 1, values, kind, money=at in moneys)

    def _fit_column(
        self, column: int, values: Sequence[Value], kinds: set[type], *, money: bool
    ) -> None:
        """`_fit` for every value of a column (whose `kinds` of values are given), with one
        pass over it when its values are all numbers or all texts."""
        if kinds <= {Decimal, int, type(None)}:
            numbers = [value for value in values if value is not None]
            wide = max(map(len, map("{:,}".format, numbers)), default=0) + (4 if money else 0)
        elif kinds <= {str, bool, type(None)}:
            # An empty cell, as "None" or "", and a boolean are narrower than any column (6):
            # they never widen one.
            wide = max(map(len, map(str, values)), default=0)
        else:
            wide = max(_width(value, money) for value in values if value is not None)
        self._fit(column, wide)

    def put_total(self, row: int, column: int, formula: str, result: Decimal, fmt: str) -> None:
        """A bold formula cell, with the value it computes for readers that do not compute."""
        style = self._styles.get(fmt, True, 0)
        self.worksheet.write_formula(row - 1, column - 1, formula, style, result)
        self._fit(column, len(f"{result:,} XXX") + 2)

    def _fit(self, column: int, wide: int) -> None:
        if wide > self._widest.get(column, 6):
            self._widest[column] = wide

    def set_widths(self) -> None:
        """Columns as wide as what they show, within reason."""
        for column, wide in self._widest.items():
            self.worksheet.set_column(column - 1, column - 1, min(wide + 2, 60))


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
    for row, (label, cells) in enumerate(rows, start=2):
        ws.put(row, 1, label, bold=True)
        for column, (value, fmt) in enumerate(cells, start=2):
            ws.put(row, column, value, fmt)


def _dimension_sheet(ws: _Sheet, rollups: Sequence[Rollup], by: str) -> None:
    from xlsxwriter.utility import xl_col_to_name

    several = len(rollups) > 1
    header = [*([_W["plan"]] if several else []), dimension_title(by), _W["amount"], _W["share"]]
    if by not in UNDATED:
        header += [_W["previous"], _W["change"], _W["change_percent"]]
    _header(ws, header, freeze="C2" if several else "B2")
    first = 2 if several else 1
    amount_column = xl_col_to_name(first)
    row = 1
    for one in rollups:
        fmt = money_format(one.currency)
        # The rows the total adds up: all of them, but on the objective sheet only the top
        # level (a sub-objective is already in its parent) and the lines paying for no action.
        summed: dict[int, Decimal] = {}
        for label, amount, before, now, indent in _dimension_rows(one, by):
            row += 1
            shown = round_money(amount, one.currency)
            if indent == 0:
                summed[row] = shown
            if several:
                ws.put(row, 1, one.name)
            ws.put(row, first, label, indent=indent)
            ws.put(row, first + 1, shown, fmt)
            ws.put(row, first + 2, _ratio(share(amount, one.total)), _PERCENT_FORMAT)
            if before is not None and now is not None:
                delta, ratio = change(now, before)
                ws.put(row, first + 3, round_money(before, one.currency), fmt)
                ws.put(row, first + 4, round_money(delta, one.currency), fmt)
                ws.put(row, first + 5, _ratio(ratio), _PERCENT_FORMAT)
        row += 1
        if several:
            ws.put(row, 1, one.name, bold=True)
        ws.put(row, first, _W["total"], bold=True)
        total = _sum_formula(amount_column, list(summed))
        ws.put_total(row, first + 1, total, exact_sum(summed.values()), fmt)
        ws.put(row, first + 2, _ratio(share(one.total, one.total)), _PERCENT_FORMAT, bold=True)
    if any(nested(one, by) for one in rollups):
        ws.put(row + 1, first, objective_note())


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


# The Lines sheet's money columns, and the column naming the currency of each one's cells.
_LINE_MONEY = {
    "amount": "currency",
    "total": "plan_currency",
    "original": "plan_currency",
    "previous": "plan_currency",
}


def _lines_sheet(ws: _Sheet, rollups: Sequence[Rollup]) -> None:
    columns = line_columns(rollups)
    _header(ws, list(columns), freeze="C2")
    rows = [[values[name] for name in columns] for values in line_rows(rollups)]
    money_at = [
        (columns.index(name), columns.index(currency))
        for name, currency in _LINE_MONEY.items()
        if name in columns
    ]
    ws.put_rows(2, rows, money_at)
    ws.worksheet.autofilter(0, 0, len(rows), len(columns) - 1)


def _header(ws: _Sheet, titles: list[str], *, freeze: str) -> None:
    for column, title in enumerate(titles, start=1):
        ws.put(1, column, title, bold=True)
    ws.worksheet.freeze_panes(freeze)


def _texts(column: Sequence[Value], kinds: set[type]) -> Iterable[str]:
    """The texts of a column."""
    if str not in kinds:
        return ()
    if kinds <= {str, type(None)}:
        # Texts and empty cells only: `filter` drops None and "" without a call of ours.
        return filter(None, cast("Sequence[str | None]", column))
    return (value for value in column if isinstance(value, str))


def _width(value: str | int | bool | Decimal, money: bool) -> int:
    """How many characters a cell shows: a number with its thousands separators and, as money,
    its currency's code."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool):
        return len(str(value))
    return len(f"{value:,}") + (4 if money else 0)


def _ratio(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_RATIO)
