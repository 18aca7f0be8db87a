"""The budget as files for other tools: CSV lines for pivot tables and a Markdown report (the
workbook is in xlsx.py).

Pure functions over `Rollup` objects: they return text or bytes, and the CLI writes them. Every
money figure is rounded once, half-even, to its currency's digits (docs/plan-format.md, Budget
arithmetic).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal

from opmkt.budget.outputs import shown
from opmkt.budget.rollup import (
    DIMENSIONS,
    QUOTE_STATES,
    UNDATED,
    LineItem,
    Rollup,
    change,
    row_label,
    share,
)
from opmkt.budget.rows import (
    comparison_cells,
    dimension_title,
    nested,
    objective_note,
    original_cells,
    original_summary,
    other_comparison_cells,
    other_label,
    other_original_cells,
    other_rows,
    quotes_title,
)
from opmkt.budget.side import render_markdown as side_markdown
from opmkt.budget.side import scenarios
from opmkt.plan.lines import occurrences
from opmkt.plan.money import round_money
from opmkt.text.localefmt import (
    money,
    percent_or_dash,
    signed_money,
    signed_percent,
)
from opmkt.text.markdown import md_cell, md_indent
from opmkt.text.words import words

# The command line speaks English, whatever the plan's language.
_W = words(None, "terminal")

LINE_COLUMNS = (
    "plan",
    "line",
    "label",
    "objective",
    "top_objective",
    "action",
    "category",
    "channel",
    "mix",
    "segment",
    "vendor",
    "quote",
    "currency",
    "amount",
    "occurrences",
    "months",
    "total",
    "previous",
    "plan_currency",
    "left_out",
)
"""The columns of the CSV export and of the workbook's Lines sheet (and `original`, each
line's total in the plan as first approved, with a baseline)."""

Value = str | int | bool | Decimal | None

# A cell starting with one of these is run as a formula by spreadsheets that open a CSV file.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def line_columns(rollups: Sequence[Rollup]) -> tuple[str, ...]:
    """The lines' columns: LINE_COLUMNS, and `original` after `total` with a baseline."""
    if all(one.original is None for one in rollups):
        return LINE_COLUMNS
    at = LINE_COLUMNS.index("total") + 1
    return (*LINE_COLUMNS[:at], "original", *LINE_COLUMNS[at:])


def line_rows(rollups: Sequence[Rollup]) -> Iterator[dict[str, Value]]:
    """One row per budget line of every rollup, keyed by LINE_COLUMNS (None: no value).

    Give the plans' own rollups, not a consolidated one: a line's total is in its plan's currency.
    """
    for one in rollups:
        for item in one.items:
            yield _line_row(one, item)


def _line_row(one: Rollup, item: LineItem) -> dict[str, Value]:
    line, cost, keys = item.line, item.cost, item.keys
    own = line.currency or one.currency
    months = occurrences(line, item.period)
    return {
        "plan": one.name,
        "line": line.id,
        "label": line.label,
        "objective": item.action.objective if item.action is not None else None,
        "top_objective": item.objectives[-1] if item.objectives else None,
        "action": keys.get("action"),
        "category": keys.get("category"),
        "channel": keys.get("channel"),
        "mix": keys.get("mix"),
        "segment": keys.get("segment"),
        "vendor": line.vendor,
        "quote": item.quote_state(one.threshold),
        "currency": own,
        "amount": round_money(line.unit_amount, own),
        "occurrences": len(months),
        "months": ";".join(months),
        "total": round_money(cost.total, one.currency) if cost is not None else None,
        "original": _original(one, line.id),
        "previous": (
            round_money(item.previous, one.currency) if item.previous is not None else None
        ),
        "plan_currency": one.currency,
        "left_out": cost is None,
    }


def _original(one: Rollup, line_id: str) -> Decimal | None:
    """The line's total in the plan as first approved; None without one, or a line added."""
    before = one.original.by["line"].get(line_id) if one.original is not None else None
    return round_money(before, one.currency) if before is not None else None


def render_json(
    plans: Sequence[Rollup], combined: Rollup | None, by: str, *, color: bool = False
) -> str:
    """The `json` format: one plan's roll-up, or each plan's and all of them together, or a
    plan's scenarios by name (`{"scenarios": {"base": …, "worst": …}}`)."""
    if scenarios(plans):
        document: object = {"scenarios": {str(one.scenario): one.as_json() for one in plans}}
    elif len(plans) == 1 and combined is None:
        document = plans[0].as_json()
    else:
        document = {
            "plans": {one.name: one.as_json() for one in plans},
            "consolidated": combined.as_json() if combined is not None else None,
        }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_csv(
    plans: Sequence[Rollup], combined: Rollup | None, by: str, *, color: bool = False
) -> str:
    """The `csv` format: the lines of each plan (a pivot table consolidates them itself)."""
    return to_csv(plans)


def render_markdown(
    plans: Sequence[Rollup], combined: Rollup | None, by: str, *, color: bool = False
) -> str:
    """The `markdown` format: a report per plan, then of all of them together; a plan's
    scenarios in one table, side by side."""
    if scenarios(plans):
        return side_markdown(plans, by)
    return "\n".join(to_markdown(one, by) for one in shown(plans, combined))


def to_csv(rollups: Sequence[Rollup]) -> str:
    """Every budget line as a CSV row (RFC 4180, header row), for a spreadsheet's pivot table.

    A dimension the line has no value for is an empty cell (no category; an action with no
    channel, mix or segment; no action at all), never a made-up word, so that a pivot table's
    blank row is that money and the `total` column adds up to the budget. Numbers are plain
    decimals with a dot; `total` and `previous` are in the plan's currency, `amount` (one
    occurrence) in the line's; `months` lists each occurrence's month, separated by `;`. A
    line left out for want of an exchange rate has `left_out` true and no total. Text that a
    spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`) gets a leading `'`.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    columns = line_columns(rollups)
    writer.writerow(columns)
    for row in line_rows(rollups):
        writer.writerow(_csv_text(row[column]) for column in columns)
    return buffer.getvalue()


def _csv_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int):
        return str(value)
    return f"'{value}" if value.startswith(_FORMULA_START) else value


# ---------------------------------------------------------------------------------------------
# Markdown


def to_markdown(rollup: Rollup, by: str) -> str:
    """A GitHub-flavoured Markdown report of one rollup broken down `by` a dimension.

    The table has each key's amount and share of the total; objectives are indented as in the
    plan's tree. Where lines give last period's amount (never by month or quarter), each key
    also shows it, with the change of those same lines (like for like). Below: total, cap,
    last period's total, what pays for no action, lines left out, and the quotes behind the
    lines at or above the quote threshold. Amounts are formatted for the rollup's locale.
    """
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}: one of {', '.join(DIMENSIONS)}")
    loc, code = rollup.locale, rollup.currency
    previous = rollup.previous_by.get(by, {}) if by not in UNDATED else {}
    heading = f"# {_W[f'budget_by.{by}']}"
    if rollup.name:
        heading += f": {md_cell(rollup.name, newline=' ')}"
    header = [dimension_title(by), _W["amount"], _W["share"]]
    if previous:
        header += [_W["previous"], _W["change"], _W["change_percent"]]
    if rollup.original is not None:
        header += [_W["original"], _W["revision"]]
    rows = []
    for key, amount in rollup.by[by].items():
        label = md_cell(row_label(rollup, by, key, width=80))
        if by == "objective":
            label = md_indent(rollup.depth.get(key, 0)) + label
        row = [label, money(amount, code, loc), percent_or_dash(share(amount, rollup.total), loc)]
        row += comparison_cells(rollup, by, key) if previous else []
        row += original_cells(rollup, by, key, amount) if rollup.original is not None else []
        rows.append(row)
    rows += _other_rows(rollup, by, bool(previous))
    total = [f"**{_W['total']}**", f"**{money(rollup.total, code, loc)}**"]
    total.append(f"**{percent_or_dash(share(rollup.total, rollup.total), loc)}**")
    rows.append(total + [""] * (len(header) - len(total)))
    note = ["", objective_note()] if nested(rollup, by) else []
    out = [heading, "", *_table(header, rows), *note, "", *_summary(rollup), "", *_quotes(rollup)]
    return "\n".join(out) + "\n"


def _other_rows(one: Rollup, by: str, previous: bool) -> list[list[str]]:
    """The Markdown rows of the money `by`'s keys do not show."""
    rows = []
    for other in other_rows(one, by):
        row = [
            f"*{md_cell(other_label(other.kind, by))}*",
            money(other.amount, one.currency, one.locale),
            percent_or_dash(share(other.amount, one.total), one.locale),
        ]
        row += other_comparison_cells(one, other) if previous else []
        row += other_original_cells(one, other, by) if one.original is not None else []
        rows.append(row)
    return rows


def _summary(one: Rollup) -> list[str]:
    loc, code = one.locale, one.currency
    lines = []
    if one.cap is not None and one.remaining is not None:
        remaining = money(one.remaining, code, loc)
        over = _W["md_over_cap"] if one.remaining < 0 else ""
        cap = money(one.cap, code, loc)
        lines.append(_W["md_cap_remaining"].format(cap=cap, remaining=remaining, over=over))
    if one.previous_total is not None:
        delta, ratio = change(one.total, one.previous_total)
        difference = signed_money(delta, code, loc)
        if ratio is not None:
            difference += f" ({signed_percent(ratio, loc)})"
        previous = money(one.previous_total, code, loc)
        lines.append(_W["md_last_period"].format(previous=previous, change=difference))
    original = original_summary(one, "md_original")
    if original is not None:
        lines.append(original)
    lines.append(_W["md_unassigned"].format(amount=money(one.unassigned, code, loc)))
    if one.left_out:
        ids = ", ".join(md_cell(line) for line in one.left_out)
        lines.append(_W["md_left_out"].format(ids=ids))
    return lines


def _quotes(one: Rollup) -> list[str]:
    loc, code = one.locale, one.currency
    rows = [
        [state, str(one.quotes[state].lines), money(one.quotes[state].amount, code, loc)]
        for state in QUOTE_STATES
        if state in one.quotes
    ]
    header = [_W["quote"], _W["lines"], _W["amount"]]
    return [f"## {quotes_title(one)}", "", *_table(header, rows)]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """GFM table lines: the first column left-aligned, the figures right-aligned."""
    rule = ["---", *["---:"] * (len(header) - 1)]
    return [
        "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"
        for cells in (header, rule, *rows)
    ]
