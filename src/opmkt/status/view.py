"""`opmkt status` for people: terminal tables with progress bars, and Markdown."""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from opmkt.plan.lines import UNSCHEDULED
from opmkt.plan.money import EXACT, fraction_to_decimal
from opmkt.status.compute import LANDING_FIELDS, MONEY_FIELDS, ActionStatus, ObjectiveStatus, Status
from opmkt.text.localefmt import kpi_number, money, money_format, percent
from opmkt.text.markdown import md_cell, md_indent
from opmkt.text.progress import BAR_CELLS, bar
from opmkt.text.words import words

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

_STATUS_STYLE = {
    "achieved": "bold green",
    "on_track": "green",
    "behind": "red",
    "missed": "bold red",
    "no_data": "dim",
}
_OUTLOOK_STYLE = {
    "achieved": "bold green",
    "on_course": "green",
    "off_course": "red",
    "missed": "bold red",
}
LINE_FIELDS = (*MONEY_FIELDS, "variance", *LANDING_FIELDS)
"""The budget lines' columns: planned and actual, then where each will land."""
# The command line speaks English, whatever the plan's language.
_W = words(None, "terminal")
_OBJECTIVE_COLUMNS = (
    "objective", "kpi", "baseline", "target", "actual", "progress", "",
    "expected", "status", "projected", "outlook",
)  # fmt: skip
"""The objectives' columns: the unnamed one holds the progress bar."""
_WATCH_COLUMNS = ("action", "objective", "start", "end", "status", "")
"""The columns of the actions to watch: the unnamed one says why."""
LINES_SHOWN = 100
"""Budget lines the terminal table shows at most: past that, those furthest over their plan."""


def _ratio(value: Fraction | None, locale: str | None) -> str:
    if value is None:
        return "—"
    return percent(Decimal(value.numerator) / Decimal(value.denominator), locale, digits=0)


def _value(value: Decimal | Fraction | None, unit: str | None, locale: str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        value = fraction_to_decimal(value)
    # Indicator values print with 2 decimals, rounded once, half-even (docs/plan-format.md); a
    # count as a whole number.
    return kpi_number(value, unit, locale)


def spend_rows(state: Status, locale: str | None) -> list[tuple[str, str]]:
    """The plan's money, in the contract's order; the spend on lines the plan does not have
    (counted in actual, variance, landing and available) on its own row."""
    code = state.currency
    rows = [
        (field_title(state, name), money(value, code, locale))
        for name, value in state.spend().items()
        if value is not None
    ]
    if state.unknown_lines:
        rows.insert(4, (_W["unknown_spend"], money(state.unknown_spend, code, locale)))
    if state.original is not None:
        rows.insert(0, (_W["original_budget"], money(state.original.planned, code, locale)))
    return rows


def line_fields(state: Status) -> tuple[str, ...]:
    """The budget lines' columns: with a baseline, each line's original total first."""
    return ("original", *LINE_FIELDS) if state.original is not None else LINE_FIELDS


def field_title(state: Status, name: str) -> str:
    """A column's title: beside the original, what is planned now is the revised figure."""
    return _W["revised"] if name == "planned" and state.original is not None else _W[name]


def line_rows(state: Status, shown: list[str], locale: str | None) -> list[list[str]]:
    """A row per budget line shown, then one per id spent against that is no line of the
    plan: only its actual, which is also its variance and landing."""
    money_of = money_format(state.currency, locale)
    original = state.original.lines if state.original is not None else {}

    def cell(line_id: str, name: str) -> str:
        if name == "original":
            return money_of(original[line_id]) if line_id in original else "—"
        return money_of(getattr(state.lines[line_id], name))

    fields = line_fields(state)
    rows = [[line_id, *(cell(line_id, name) for name in fields)] for line_id in shown]
    for line_id, amount in state.unknown_lines.items():
        spent = money_of(amount)
        cells = {"actual": spent, "variance": spent, "landing": spent, "landing_variance": spent}
        if line_id in original:  # a line of the baseline since deleted, still paid for
            cells["original"] = money_of(original[line_id])
        label = _W["unknown_line"].format(id=line_id)
        rows.append([label, *(cells.get(name, "—") for name in fields)])
    return rows


def _watched(state: Status) -> list[ActionStatus]:
    return [row for row in state.actions if row.late or row.not_started]


def _flags(row: ActionStatus) -> str:
    flags = [name for name in ("late", "not_started") if getattr(row, name)]
    return ", ".join(_W[f"action_flag.{name}"] for name in flags)


def render_text(state: Status, locale: str | None, *, color: bool) -> str:
    from rich.text import Text

    from opmkt.text.terminal import console as make_console

    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=160)
    console.print(Text(_W["results_as_of"].format(date=state.as_of.isoformat()), style="bold"))
    console.print(_money_table(state, locale))
    console.print(_months_table(state, locale))
    shown, title = _lines_shown(state)
    console.print(_lines_table(state, shown, title, locale))
    if len(shown) < len(state.lines):
        console.print(Text(_W["every_line"], style="dim"))
    console.print(_objectives_table(state, locale))
    console.print(Text(_W["progress_legend"], style="dim"))
    console.print(_actions_table(state))
    console.print(_kpis_table(state, locale))
    if state.left_out:
        console.print(Text(_W["left_out"].format(ids=", ".join(state.left_out)), style="yellow"))
    return buffer.getvalue()


def _money_table(state: Status, locale: str | None) -> Table:
    from rich.table import Table

    spend = Table(title=_W["money"], title_justify="left", header_style="bold", show_header=False)
    spend.add_column("")
    spend.add_column("", justify="right")
    for label, value in spend_rows(state, locale):
        spend.add_row(label, value)
    return spend


def _months_table(state: Status, locale: str | None) -> Table:
    from rich.table import Table
    from rich.text import Text

    code = state.currency
    months = Table(title=_W["month_by_month"], title_justify="left", header_style="bold")
    for key in ("month", "planned", "actual", "difference"):
        months.add_column(_W[key], justify="left" if key == "month" else "right")
    for month, (planned, actual) in state.months.items():
        if month == UNSCHEDULED or month > state.as_of.isoformat()[:7]:
            continue  # months to come, and the lines with no date, have nothing to compare
        difference = EXACT.subtract(actual, planned)
        style = "red" if difference > 0 else ""
        months.add_row(
            month,
            money(planned, code, locale),
            money(actual, code, locale),
            Text(money(difference, code, locale), style=style),
        )
    return months


def _lines_table(state: Status, shown: list[str], title: str, locale: str | None) -> Table:
    from rich.table import Table

    lines = Table(title=title, title_justify="left", header_style="bold")
    lines.add_column(_W["line"])
    for name in line_fields(state):
        lines.add_column(field_title(state, name), justify="right")
    for cells in line_rows(state, shown, locale):
        lines.add_row(*cells)
    return lines


def _objectives_table(state: Status, locale: str | None) -> Table:
    from rich.table import Table
    from rich.text import Text

    objectives = Table(title=_W["objectives"], title_justify="left", header_style="bold")
    for key in _objective_keys(state)[:-5]:
        objectives.add_column(_W[key], justify="left" if key in ("objective", "kpi") else "right")
    # The bar never shrinks: a cut bar would misstate the progress.
    objectives.add_column("", no_wrap=True, min_width=BAR_CELLS)
    objectives.add_column(_W["expected"], justify="right")
    objectives.add_column(_W["status"])
    objectives.add_column(_W["projected"], justify="right")
    objectives.add_column(_W["outlook"])
    for row in state.objectives:
        cells = _objective_cells(row, state, locale)
        objectives.add_row(
            *cells[:-1],
            Text(row.status, style=_STATUS_STYLE[row.status]),
            cells[-1],
            Text(row.outlook or "—", style=_OUTLOOK_STYLE.get(row.outlook or "", "dim")),
        )
    return objectives


def _objective_keys(state: Status) -> tuple[str, ...]:
    """The objectives' columns: with a baseline, the original target before the target."""
    if state.original is None:
        return _OBJECTIVE_COLUMNS
    at = _OBJECTIVE_COLUMNS.index("target")
    return (*_OBJECTIVE_COLUMNS[:at], "original_target", *_OBJECTIVE_COLUMNS[at:])


def _actions_table(state: Status) -> Table | Text:
    """The actions to watch, or a line that says there is none."""
    from rich.table import Table
    from rich.text import Text

    watched = _watched(state)
    if not watched:
        return Text(_W["no_action_to_watch"], style="dim")
    actions = Table(title=_W["actions_to_watch"], title_justify="left", header_style="bold")
    for key in _WATCH_COLUMNS:
        actions.add_column(_W[key] if key else "")
    for watch in watched:
        action = watch.action
        actions.add_row(
            action.id,
            action.objective,
            action.start.isoformat() if action.start else "—",
            action.end.isoformat() if action.end else "—",
            action.status,
            Text(_flags(watch), style="red" if watch.late else "yellow"),
        )
    return actions


def _kpis_table(state: Status, locale: str | None) -> Table:
    from rich.table import Table

    kpis = Table(title=_W["indicators"], title_justify="left", header_style="bold")
    for key in ("kpi", "value", "date"):
        kpis.add_column(_W[key], justify="right" if key == "value" else "left")
    for kpi_id, measured in state.kpis.items():
        day = measured.date.isoformat() if measured.date else "—"
        kpis.add_row(kpi_id, _value(measured.value, state.units.get(kpi_id), locale), day)
    return kpis


def _lines_shown(state: Status) -> tuple[list[str], str]:
    """The budget lines a person can read in a terminal, and the table's title: every line of
    a plan of usual size; of a larger one, those furthest over their plan to date, in plan
    order (the Markdown and JSON views list every line)."""
    if len(state.lines) <= LINES_SHOWN:
        return list(state.lines), _W["budget_lines"]
    order = {line_id: i for i, line_id in enumerate(state.lines)}
    ranked = sorted(state.lines, key=lambda i: (-state.lines[i].variance, order[i]))
    shown = sorted(ranked[:LINES_SHOWN], key=order.__getitem__)
    return shown, _W["budget_lines_shown"].format(shown=LINES_SHOWN, count=f"{len(state.lines):,}")


def _objective_cells(row: ObjectiveStatus, state: Status, locale: str | None) -> list[str]:
    """Objective, KPI, baseline, (original target,) target, actual, progress, bar, expected
    and projected: the status and outlook are styled by each view."""
    objective = row.objective
    unit = state.units.get(objective.kpi) if objective.kpi is not None else None
    original = []
    if state.original is not None:
        original = [_value(state.original.targets.get(objective.id), unit, locale)]
    return [
        "  " * row.depth + objective.id,
        objective.kpi or "—",
        _value(objective.baseline, unit, locale),
        *original,
        _value(objective.target, unit, locale),
        _value(row.value, unit, locale),
        _ratio(row.progress, locale),
        bar(row.progress, row.expected),
        _ratio(row.expected, locale),
        _value(row.projected, unit, locale),
    ]


def render_markdown(state: Status, locale: str | None, *, color: bool = False) -> str:
    code = state.currency
    out = [f"# {_W['results_as_of'].format(date=state.as_of.isoformat())}", ""]
    out += [_md_row([_W["money"], ""]), "|---|---:|"]
    out += [f"| {label} | {value} |" for label, value in spend_rows(state, locale)]
    out += [
        "",
        f"## {_W['month_by_month']}",
        "",
        _md_row([_W[key] for key in ("month", "planned", "actual", "difference")]),
        "|---|---:|---:|---:|",
    ]
    out += [
        f"| {month} | {money(planned, code, locale)} | {money(actual, code, locale)} "
        f"| {money(EXACT.subtract(actual, planned), code, locale)} |"
        for month, (planned, actual) in state.months.items()
        if month != UNSCHEDULED and month <= state.as_of.isoformat()[:7]
    ]
    out += [
        "",
        f"## {_W['budget_lines']}",
        "",
        _md_row([_W["line"], *(field_title(state, name) for name in line_fields(state))]),
        "|---|" + "---:|" * len(line_fields(state)),
    ]
    out += [
        f"| {md_cell(cells[0])} | " + " | ".join(cells[1:]) + " |"
        for cells in line_rows(state, list(state.lines), locale)
    ]
    out += [
        "",
        f"## {_W['objectives']}",
        "",
        _md_row([_W[key] if key else "" for key in _objective_keys(state)]),
        "|---|---|" + "---:|" * (len(_objective_keys(state)) - 7) + "---|---:|---|---:|---|",
    ]
    bar_at = _objective_keys(state).index("")
    for row in state.objectives:
        cells = _objective_cells(row, state, locale)
        cells[0] = md_indent(row.depth) + md_cell(row.objective.id)
        cells[1] = md_cell(cells[1])
        cells[bar_at] = f"`{cells[bar_at]}`"
        out.append(
            "| " + " | ".join([*cells[:-1], row.status, cells[-1], row.outlook or "—"]) + " |"
        )
    watched = _watched(state)
    out += ["", f"## {_W['actions_to_watch']}", ""]
    if watched:
        out += [_md_row([_W[key] if key else "" for key in _WATCH_COLUMNS])]
        out += ["|---|---|---|---|---|---|"]
        out += [
            f"| {md_cell(row.action.id)} | {md_cell(row.action.objective)} | "
            f"{row.action.start.isoformat() if row.action.start else '—'} | "
            f"{row.action.end.isoformat() if row.action.end else '—'} | "
            f"{row.action.status} | {_flags(row)} |"
            for row in watched
        ]
    else:
        out.append(_W["no_action_to_watch"])
    out += ["", f"## {_W['indicators']}", ""]
    out += [_md_row([_W[key] for key in ("kpi", "value", "date")]), "|---|---:|---|"]
    out += [
        f"| {md_cell(kpi_id)} | {_value(value.value, state.units.get(kpi_id), locale)} | "
        f"{value.date.isoformat() if value.date else '—'} |"
        for kpi_id, value in state.kpis.items()
    ]
    return "\n".join(out) + "\n"


def _md_row(cells: list[str]) -> str:
    """A Markdown table row; an empty cell is one space, as `| |`."""
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def render_json(state: Status, locale: str | None, *, color: bool = False) -> str:
    """The `json` format: figures as the plan's exact decimals, for any locale."""
    import json

    return json.dumps(state.as_json(), ensure_ascii=False, indent=2) + "\n"
