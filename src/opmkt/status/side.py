"""A plan's results in each of its scenarios side by side (`opmkt status --scenario all`): the
money that depends on them (planned, landing, landing variance, available) and each
objective's target with its status and outlook, one column per scenario, `base` first."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from opmkt.status.compute import Status
from opmkt.status.view import _value
from opmkt.text.localefmt import money
from opmkt.text.markdown import md_cell, md_indent
from opmkt.text.words import words

# The command line speaks English, whatever the plan's language.
_W = words(None, "terminal")
_MONEY = ("planned", "landing", "landing_variance", "available")


def _money_rows(states: Sequence[tuple[str, Status]], locale: str | None) -> list[list[str]]:
    rows = []
    for key in _MONEY:
        values = [state.spend()[key] for _, state in states]
        if all(value is None for value in values):
            continue
        cells = [
            "—" if value is None else money(value, state.currency, locale)
            for value, (_, state) in zip(values, states, strict=True)
        ]
        rows.append([_W[key], *cells])
    return rows


def _objective_rows(
    states: Sequence[tuple[str, Status]], locale: str | None
) -> list[tuple[int, list[str]]]:
    """(depth, [objective, each scenario's target, status and outlook])."""
    rows = []
    for index, row in enumerate(states[0][1].objectives):
        cells = [row.objective.id]
        for _, state in states:
            other = state.objectives[index]
            unit = state.units.get(other.objective.kpi) if other.objective.kpi else None
            target = _value(other.objective.target, unit, locale)
            cells.append(f"{target} · {other.status} · {other.outlook or '—'}")
        rows.append((row.depth, cells))
    return rows


def render_text(
    states: Sequence[tuple[str, Status]], locale: str | None, *, color: bool = False
) -> str:
    from rich.table import Table
    from rich.text import Text

    from opmkt.text.terminal import console as make_console

    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=160)
    as_of = states[0][1].as_of.isoformat()
    console.print(Text(_W["scenarios_as_of"].format(date=as_of), style="bold"))
    names = [name for name, _ in states]
    money_table = Table(title=_W["money"], title_justify="left", header_style="bold")
    money_table.add_column("")
    for name in names:
        money_table.add_column(name, justify="right")
    for cells in _money_rows(states, locale):
        money_table.add_row(*cells)
    console.print(money_table)
    objectives = Table(title=_W["scenario_objectives"], title_justify="left", header_style="bold")
    objectives.add_column(_W["objective"])
    for name in names:
        objectives.add_column(name)
    for depth, cells in _objective_rows(states, locale):
        objectives.add_row("  " * depth + cells[0], *cells[1:])
    console.print(objectives)
    return buffer.getvalue()


def render_markdown(
    states: Sequence[tuple[str, Status]], locale: str | None, *, color: bool = False
) -> str:
    names = [md_cell(name) for name, _ in states]
    out = [f"# {_W['scenarios_as_of'].format(date=states[0][1].as_of.isoformat())}", ""]
    out += [_row([_W["money"], *names]), "|---|" + "---:|" * len(names)]
    out += [_row(cells) for cells in _money_rows(states, locale)]
    out += ["", f"## {_W['scenario_objectives']}", ""]
    out += [_row([_W["objective"], *names]), "|---|" + "---|" * len(names)]
    for depth, cells in _objective_rows(states, locale):
        out.append(_row([md_indent(depth) + md_cell(cells[0]), *cells[1:]]))
    return "\n".join(out) + "\n"


def render_json(
    states: Sequence[tuple[str, Status]], locale: str | None, *, color: bool = False
) -> str:
    document = {"scenarios": {name: state.as_json() for name, state in states}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
