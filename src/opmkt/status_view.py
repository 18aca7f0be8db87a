"""`opmkt status` for people: terminal tables with progress bars, and Markdown."""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction

from opmkt.i18n import WORDS
from opmkt.localefmt import money, money_format, number, percent
from opmkt.mdtext import md_cell
from opmkt.money import EXACT
from opmkt.status import MONEY_FIELDS, ObjectiveStatus, Status

_STATUS_STYLE = {"achieved": "bold green", "on_track": "green", "behind": "red", "no_data": "dim"}
# The command line speaks English; the words are the report's, in one place.
_LABELS = WORDS["en"]
_BAR = 20
LINES_SHOWN = 100
"""Budget lines the terminal table shows at most: past that, those furthest over their plan."""


def bar(progress: Fraction | None, expected: Fraction) -> str:
    """A progress bar of 20 cells: `█` done, `┃` where it should be by now, `·` to go."""
    done = 0 if progress is None else max(0, min(_BAR, round(progress * _BAR)))
    mark = max(0, min(_BAR - 1, round(expected * _BAR) - 1)) if expected > 0 else -1
    cells = ["█" if i < done else "·" for i in range(_BAR)]
    if mark >= 0 and cells[mark] == "·":
        cells[mark] = "┃"
    return "".join(cells)


def _ratio(value: Fraction | None, locale: str | None) -> str:
    if value is None:
        return "—"
    return percent(Decimal(value.numerator) / Decimal(value.denominator), locale, digits=0)


def _value(value: Decimal | None, locale: str | None) -> str:
    if value is None:
        return "—"
    # Indicator values print with 2 decimals, rounded once, half-even (plan-format.md).
    return number(value, locale, "#,##0.00")


def spend_rows(state: Status, locale: str | None) -> list[tuple[str, str]]:
    code = state.currency
    rows = [(_LABELS[name], money(state.total(name), code, locale)) for name in MONEY_FIELDS]
    variance = EXACT.subtract(state.total("actual"), state.total("planned_to_date"))
    rows.append((_LABELS["variance"], money(variance, code, locale)))
    if state.available is not None:
        rows.append((_LABELS["available"], money(state.available, code, locale)))
    return rows


def render_text(state: Status, locale: str | None, *, color: bool) -> str:
    from rich.table import Table
    from rich.text import Text

    from opmkt.terminal import console as make_console

    buffer = io.StringIO()
    console = make_console(buffer, color=color, width=160)
    code = state.currency
    console.print(Text(f"Results as of {state.as_of.isoformat()}", style="bold"))
    spend = Table(title="Money", title_justify="left", header_style="bold", show_header=False)
    spend.add_column("")
    spend.add_column("", justify="right")
    for label, value in spend_rows(state, locale):
        spend.add_row(label, value)
    console.print(spend)

    months = Table(title="Month by month", title_justify="left", header_style="bold")
    for title in ("Month", "Planned", "Actual", "Difference"):
        months.add_column(title, justify="left" if title == "Month" else "right")
    for month, (planned, actual) in state.months.items():
        if month > state.as_of.isoformat()[:7]:
            continue
        difference = EXACT.subtract(actual, planned)
        style = "red" if difference > 0 else ""
        months.add_row(
            month,
            money(planned, code, locale),
            money(actual, code, locale),
            Text(money(difference, code, locale), style=style),
        )
    console.print(months)

    shown, title = _lines_shown(state)
    lines = Table(title=title, title_justify="left", header_style="bold")
    lines.add_column("Line")
    names = (*MONEY_FIELDS, "variance")
    for name in names:
        lines.add_column(_LABELS[name], justify="right")
    money_of = money_format(code, locale)
    for line_id in shown:
        line = state.lines[line_id]
        lines.add_row(line_id, *(money_of(getattr(line, name)) for name in names))
    console.print(lines)
    if len(shown) < len(state.lines):
        console.print(Text("--format markdown or --format json lists every line", style="dim"))

    objectives = Table(title="Objectives", title_justify="left", header_style="bold")
    for title in ("Objective", "KPI", "Baseline", "Target", "Actual", "Progress"):
        objectives.add_column(title, justify="left" if title in ("Objective", "KPI") else "right")
    # The bar never shrinks: a cut bar would misstate the progress.
    objectives.add_column("", no_wrap=True, min_width=_BAR)
    objectives.add_column("Expected", justify="right")
    objectives.add_column("Status")
    for row in state.objectives:
        objectives.add_row(
            *_objective_cells(row, locale), Text(row.status, style=_STATUS_STYLE[row.status])
        )
    console.print(objectives)
    console.print(Text("█ progress  ┃ where it should be by now", style="dim"))

    kpis = Table(title="Indicators", title_justify="left", header_style="bold")
    for title in ("KPI", "Value", "Date"):
        kpis.add_column(title, justify="right" if title == "Value" else "left")
    for kpi_id, measured in state.kpis.items():
        day = measured.date.isoformat() if measured.date else "—"
        kpis.add_row(kpi_id, _value(measured.value, locale), day)
    console.print(kpis)
    if state.left_out:
        console.print(
            Text(
                f"Left out, no exchange rate for their currency: {', '.join(state.left_out)}",
                style="yellow",
            )
        )
    return buffer.getvalue()


def _lines_shown(state: Status) -> tuple[list[str], str]:
    """The budget lines a person can read in a terminal, and the table's title: every line of
    a plan of usual size; of a larger one, those furthest over their plan to date, in plan
    order (the Markdown and JSON views list every line)."""
    if len(state.lines) <= LINES_SHOWN:
        return list(state.lines), "Budget lines"
    order = {line_id: i for i, line_id in enumerate(state.lines)}
    ranked = sorted(state.lines, key=lambda i: (-state.lines[i].variance, order[i]))
    shown = sorted(ranked[:LINES_SHOWN], key=order.__getitem__)
    return shown, f"Budget lines: {LINES_SHOWN} of {len(state.lines):,}, furthest over plan"


def _objective_cells(row: ObjectiveStatus, locale: str | None) -> list[str]:
    objective = row.objective
    return [
        "  " * row.depth + objective.id,
        objective.kpi or "—",
        _value(objective.baseline, locale),
        _value(objective.target, locale),
        _value(row.value, locale),
        _ratio(row.progress, locale),
        bar(row.progress, row.expected),
        _ratio(row.expected, locale),
    ]


def render_markdown(state: Status, locale: str | None) -> str:
    code = state.currency
    out = [f"# Results as of {state.as_of.isoformat()}", "", "| Money | |", "|---|---:|"]
    out += [f"| {label} | {value} |" for label, value in spend_rows(state, locale)]
    out += [
        "",
        "## Month by month",
        "",
        "| Month | Planned | Actual | Difference |",
        "|---|---:|---:|---:|",
    ]
    out += [
        f"| {month} | {money(planned, code, locale)} | {money(actual, code, locale)} "
        f"| {money(EXACT.subtract(actual, planned), code, locale)} |"
        for month, (planned, actual) in state.months.items()
        if month <= state.as_of.isoformat()[:7]
    ]
    names = (*MONEY_FIELDS, "variance")
    out += [
        "",
        "## Budget lines",
        "",
        "| Line | " + " | ".join(_LABELS[name] for name in names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    out += [
        f"| {md_cell(line_id)} | "
        + " | ".join(money(getattr(line, name), code, locale) for name in names)
        + " |"
        for line_id, line in state.lines.items()
    ]
    out += [
        "",
        "## Objectives",
        "",
        "| Objective | KPI | Baseline | Target | Actual | Progress | | Expected | Status |",
        "|---|---|---:|---:|---:|---:|---|---:|---|",
    ]
    for row in state.objectives:
        cells = _objective_cells(row, locale)
        cells[0] = "&emsp;" * row.depth + md_cell(row.objective.id)
        cells[1] = md_cell(cells[1])
        cells[6] = f"`{cells[6]}`"
        out.append("| " + " | ".join([*cells, row.status]) + " |")
    out += ["", "## Indicators", "", "| KPI | Value | Date |", "|---|---:|---|"]
    out += [
        f"| {md_cell(kpi_id)} | {_value(value.value, locale)} | "
        f"{value.date.isoformat() if value.date else '—'} |"
        for kpi_id, value in state.kpis.items()
    ]
    return "\n".join(out) + "\n"
