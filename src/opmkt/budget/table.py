"""The budget as terminal tables for a person: amounts in the plan's locale, shares, last
period's figures and the quotes behind the money."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from opmkt.budget.outputs import shown
from opmkt.budget.rollup import QUOTE_STATES, Rollup, change, row_label, share
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
from opmkt.budget.side import render_table as render_side
from opmkt.budget.side import scenarios
from opmkt.text.localefmt import money, percent_or_dash, signed_money, signed_percent_or_blank
from opmkt.text.terminal import console as make_console
from opmkt.text.words import words

# The command line speaks English, whatever the plan's language.
_W = words(None, "terminal")


def render(plans: Sequence[Rollup], combined: Rollup | None, by: str, *, color: bool) -> str:
    """The `table` format: a table per plan, then of all of them together; a plan's scenarios
    in one table, side by side."""
    if scenarios(plans):
        return render_side(plans, by, color=color)
    return render_tables(shown(plans, combined), by, color=color)


def render_tables(rollups: Sequence[Rollup], by: str, *, color: bool) -> str:
    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=120)
    for one in rollups:
        _render_one(console, one, by)
    return buffer.getvalue()


def _render_one(console: Console, one: Rollup, by: str) -> None:
    console.print(Text(f"{_W[f'budget_by.{by}']}: {one.name}", style="bold"))
    console.print(_table(one, by))
    if nested(one, by):
        console.print(Text(objective_note(), style="dim"))
    for line in _summary(one):
        console.print(line)
    quotes = _quotes_table(one)
    if quotes is not None:
        console.print(quotes)
    console.print()


def _table(one: Rollup, by: str) -> Table:
    """The rollup's amounts by `by`, with their share and, where lines give it, last period's;
    with a baseline, each row's original amount and its revision."""
    loc, code = one.locale, one.currency
    show_previous = bool(one.previous_by.get(by, {}))
    table = Table(header_style="bold", show_footer=True)
    table.add_column(dimension_title(by), footer=_W["total"], no_wrap=True)
    table.add_column(_W["amount"], justify="right", footer=money(one.total, code, loc))
    table.add_column(
        _W["share"], justify="right", footer=percent_or_dash(share(one.total, one.total), loc)
    )
    # Rows compare like for like: the lines that give last period's amount, with it.
    extra: tuple[str, ...] = ("previous", "change", "percent") if show_previous else ()
    extra += ("original", "revision") if one.original is not None else ()
    for key in extra:
        table.add_column(_W[key], justify="right")
    for key, amount in one.by[by].items():
        row: list[Text | str] = [
            _label(one, by, key),
            money(amount, code, loc),
            percent_or_dash(share(amount, one.total), loc),
        ]
        row += comparison_cells(one, by, key) if show_previous else []
        row += original_cells(one, by, key, amount) if one.original is not None else []
        table.add_row(*row)
    for other in other_rows(one, by):
        row = [
            Text(other_label(other.kind, by), style="italic"),
            money(other.amount, code, loc),
            percent_or_dash(share(other.amount, one.total), loc),
        ]
        row += other_comparison_cells(one, other) if show_previous else []
        row += other_original_cells(one, other, by) if one.original is not None else []
        table.add_row(*row)
    return table


def _label(one: Rollup, by: str, key: str) -> Text:
    """A key's label: objectives indented as in the plan's tree, the top-level ones in bold."""
    depth = one.depth.get(key, 0) if by == "objective" else None
    label = Text("  " * (depth or 0) + row_label(one, by, key))
    if depth == 0:
        label.stylize("bold")
    return label


def _summary(one: Rollup) -> list[Text]:
    loc, code = one.locale, one.currency
    lines = []
    if one.cap is not None:
        remaining = one.remaining
        assert remaining is not None
        style = "bold red" if remaining < 0 else "green"
        text = Text(_W["cap_remaining"].format(cap=money(one.cap, code, loc)))
        text.append(money(remaining, code, loc), style=style)
        lines.append(text)
    if one.previous_total is not None:
        delta, ratio = change(one.total, one.previous_total)
        said = _W["last_period_change"].format(
            previous=money(one.previous_total, code, loc),
            change=signed_money(delta, code, loc),
            percent=signed_percent_or_blank(ratio, loc),
        )
        lines.append(Text(said))
    original = original_summary(one, "original_change")
    if original is not None:
        lines.append(Text(original))
    if one.unassigned != 0:
        lines.append(Text(_W["unassigned"].format(amount=money(one.unassigned, code, loc))))
    if one.left_out:
        lines.append(Text(_W["left_out"].format(ids=", ".join(one.left_out)), style="yellow"))
    return lines


def _quotes_table(one: Rollup) -> Table | None:
    if not any(count.lines for count in one.quotes.values()):
        return None
    loc, code = one.locale, one.currency
    table = Table(
        title=quotes_title(one),
        title_justify="left",
        header_style="bold",
        min_width=40,
    )
    table.add_column(_W["quote"])
    table.add_column(_W["lines"], justify="right")
    table.add_column(_W["amount"], justify="right")
    for state in QUOTE_STATES:
        count = one.quotes[state]
        style = "red" if state == "missing" and count.lines else ""
        table.add_row(Text(state, style=style), str(count.lines), money(count.amount, code, loc))
    return table
