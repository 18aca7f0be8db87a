"""A plan's scenarios side by side (`opmkt budget --scenario all`): one column per scenario,
`base` first, a row per key of the dimension, the totals, in the terminal and in Markdown."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from opmkt.budget.rollup import Rollup, row_label
from opmkt.budget.rows import dimension_title
from opmkt.text.localefmt import money
from opmkt.text.markdown import md_cell, md_indent
from opmkt.text.words import words

# The command line speaks English, whatever the plan's language.
_W = words(None, "terminal")


def scenarios(rollups: Sequence[Rollup]) -> bool:
    """Whether the roll-ups are one plan's scenarios, to show side by side."""
    return len(rollups) > 1 and all(one.scenario is not None for one in rollups)


def _rows(rollups: Sequence[Rollup], by: str) -> list[tuple[str, int, list[str]]]:
    """(key, depth, amount in each scenario) for each key any scenario has, the first's order
    first; `—` where a scenario has no such key."""
    first = rollups[0]
    keys = list(dict.fromkeys(key for one in rollups for key in one.by[by]))

    def cell(one: Rollup, key: str) -> str:
        amount: Decimal | None = one.by[by].get(key)
        return "—" if amount is None else money(amount, one.currency, one.locale)

    return [
        (key, first.depth.get(key, 0) if by == "objective" else 0, [cell(o, key) for o in rollups])
        for key in keys
    ]


def _totals(rollups: Sequence[Rollup]) -> list[str]:
    return [money(one.total, one.currency, one.locale) for one in rollups]


def render_table(rollups: Sequence[Rollup], by: str, *, color: bool) -> str:
    from rich.table import Table
    from rich.text import Text

    from opmkt.text.terminal import console as make_console

    first = rollups[0]
    title = _W["scenarios_by"].format(by=by, name=first.name.rsplit(" [", 1)[0])
    table = Table(header_style="bold", show_footer=True, title=title, title_justify="left")
    table.add_column(dimension_title(by), footer=_W["total"], no_wrap=True)
    for one, total in zip(rollups, _totals(rollups), strict=True):
        table.add_column(str(one.scenario), justify="right", footer=total)
    for key, depth, cells in _rows(rollups, by):
        table.add_row(Text("  " * depth + row_label(first, by, key)), *cells)
    buffer = io.StringIO()
    make_console(buffer, color=color, width=120).print(table)
    return buffer.getvalue()


def render_markdown(rollups: Sequence[Rollup], by: str) -> str:
    first = rollups[0]
    heading = _W["scenarios_by"].format(by=by, name=first.name.rsplit(" [", 1)[0])
    header = [dimension_title(by), *(md_cell(str(one.scenario)) for one in rollups)]
    lines = [f"# {md_cell(heading, newline=' ')}", "", _row(header)]
    lines.append("|---|" + "---:|" * len(rollups))
    for key, depth, cells in _rows(rollups, by):
        label = md_cell(row_label(first, by, key, width=80))
        lines.append(_row([md_indent(depth) + label if depth else label, *cells]))
    lines.append(_row([f"**{_W['total']}**", *(f"**{t}**" for t in _totals(rollups))]))
    return "\n".join(lines) + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
