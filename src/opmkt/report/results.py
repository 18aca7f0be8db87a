"""The report's view of the results as of a date: money against the plan and where it will
land, month by month, each objective's progress and outlook, and the actions to watch.

Every amount comes from `status` (exact), and is rounded and formatted once here, for the
report's locale; templates receive the strings and the charts.
"""

from __future__ import annotations

from decimal import Decimal

from opmkt.plan.lines import UNSCHEDULED
from opmkt.plan.model import Plan
from opmkt.plan.money import fraction_to_decimal, round_money
from opmkt.report.charts import PLANNED, SECOND, Series, column_chart
from opmkt.report.charts import progress_bar as progress_svg
from opmkt.report.format import Fmt, indent_level
from opmkt.report.view import (
    Flag,
    LineResult,
    MonthRow,
    ProgressRow,
    Results,
    SpendRow,
    WatchedAction,
)
from opmkt.status.compute import Status
from opmkt.text.progress import bar


def _to_come(key: str, month_now: str, planned: Decimal, actual: Decimal) -> float:
    """What a month is expected to spend still, as the landing counts it: nothing in a
    closed month, what its plan still lacks in the month of the results, its plan after."""
    if key == UNSCHEDULED or key < month_now:
        return 0.0
    return float(max(planned - actual, Decimal(0)) if key == month_now else planned)


def results_view(plan: Plan, state: Status, fmt: Fmt) -> Results:
    """Money as of the date, month by month against the plan, and each objective's progress
    against where it should be by now."""
    month_now = state.as_of.isoformat()[:7]
    spend = [
        SpendRow(name, fmt.word(name), fmt.money(value))
        for name, value in state.spend().items()
        if value is not None
    ]
    if state.unknown_lines:
        # Counted in actual, variance, landing and available: said on a row of its own.
        unknown = SpendRow("unknown", fmt.word("unknown_spend"), fmt.money(state.unknown_spend))
        spend.insert(4, unknown)
    months = []
    for key, (planned, actual) in state.months.items():
        past = key != UNSCHEDULED and key <= month_now
        months.append(
            MonthRow(
                key=key,
                label=fmt.month(key),
                planned=fmt.money(planned),
                actual=fmt.money(actual) if past else "",
                difference=_change(actual - planned, fmt) if past else "",
                over=past and actual > planned,
                future=not past,
            )
        )
    spoken = fmt.word("list_separator").join(
        f"{m.label} {fmt.word('planned').lower()} {m.planned}"
        + (f", {fmt.word('actual').lower()} {m.actual}" if not m.future else "")
        for m in months
    )
    landing = fmt.money(state.spend()["landing"] or Decimal(0))
    summary = (
        f"{fmt.word('spend_by_month')}{fmt.word('colon')}{spoken}{fmt.word('list_separator')}"
        f"{fmt.word('landing').lower()} {landing}"
    )
    top = max((max(p, a) for p, a in state.months.values()), default=Decimal(0))
    chart = column_chart(
        fmt.month_labels(list(state.months)),
        [
            Series(fmt.word("planned"), [float(p) for p, _ in state.months.values()], PLANNED),
            Series(
                fmt.word("actual"),
                [
                    float(a) if k != UNSCHEDULED and k <= month_now else 0.0
                    for k, (_, a) in state.months.items()
                ],
                SECOND,
            ),
            Series(
                f"{fmt.word('still_to_spend')} ({fmt.word('landing').lower()} {landing})",
                [
                    _to_come(key, month_now, planned, actual)
                    for key, (planned, actual) in state.months.items()
                ],
                SECOND,
                outline=True,
            ),
        ],
        summary,
        top_label=fmt.money(top),
    )
    lines = _line_results(plan, state, fmt)
    return Results(
        as_of=fmt.date(state.as_of),
        as_of_iso=state.as_of.isoformat(),
        spend=spend,
        months=months,
        chart=chart if months else "",
        chart_summary=summary,
        objectives=_progress_rows(plan, state, fmt),
        lines=lines,
        actions=_watched_actions(state, fmt),
        unknown_spend=fmt.money(state.unknown_spend) if state.unknown_lines else "",
        left_out=list(state.left_out),
        by_line={row.id: row for row in lines if not row.unknown},
    )


def _line_results(plan: Plan, state: Status, fmt: Fmt) -> list[LineResult]:
    """Each line's planned, actual and where it will land; then each id spent against that is
    no line of the plan, with its spend (its actual, variance and landing alike)."""
    labels = {line.id: line.label for line in plan.budget.lines} if plan.budget else {}
    rows = [
        LineResult(
            id=line_id,
            label=labels.get(line_id, line_id),
            unknown=False,
            planned=fmt.money(line.planned),
            committed=fmt.money(line.committed),
            actual=fmt.money(line.actual),
            landing=fmt.money(line.landing),
            landing_variance=_change(line.landing_variance, fmt),
            over=line.landing_variance > 0,
        )
        for line_id, line in state.lines.items()
    ]
    for line_id, amount in state.unknown_lines.items():
        rows.append(
            LineResult(
                id=line_id,
                label=fmt.word("unknown_line").format(id=line_id),
                unknown=True,
                planned="—",
                committed="—",
                actual=fmt.money(amount),
                landing=fmt.money(amount),
                landing_variance=_change(amount, fmt),
                over=amount > 0,
            )
        )
    return rows


def _change(amount: Decimal, fmt: Fmt) -> str:
    """A change of money, signed; none (`0.00`, not `+0.00`) when it rounds to nothing."""
    return (
        fmt.money(amount)
        if round_money(amount, fmt.currency).is_zero()
        else fmt.signed_money(amount)
    )


def _watched_actions(state: Status, fmt: Fmt) -> list[WatchedAction]:
    """The actions whose end has passed unfinished, or whose start has passed unstarted."""
    return [
        WatchedAction(
            id=row.action.id,
            what=row.action.what,
            objective=row.action.objective,
            dates=fmt.interval(row.action.start, row.action.end),
            status=row.action.status,
            status_label=fmt.word(f"action_status.{row.action.status}"),
            flags=[
                Flag(name, fmt.word(f"action_flag.{name}"))
                for name in ("late", "not_started")
                if getattr(row, name)
            ],
        )
        for row in state.actions
        if row.late or row.not_started
    ]


def _progress_rows(plan: Plan, state: Status, fmt: Fmt) -> list[ProgressRow]:
    units = {k.id: k.unit for k in reversed(plan.kpis)}
    names = {k.id: k.name for k in reversed(plan.kpis)}
    rows = []
    for row in state.objectives:
        o = row.objective
        unit = units.get(o.kpi) if o.kpi else None
        progress = fmt.ratio(row.progress)
        expected = fmt.ratio(row.expected)
        status_label = fmt.word(f"objective_status.{row.status}")
        summary = (
            f"{o.id}{fmt.word('colon')}{fmt.word('progress').lower()} {progress}, "
            f"{fmt.word('expected').lower()} {expected} ({status_label})"
        )
        rows.append(
            ProgressRow(
                id=o.id,
                title=o.title,
                projected=fmt.kpi_value(
                    fraction_to_decimal(row.projected) if row.projected is not None else None,
                    unit,
                    measured=True,
                ),
                outlook=row.outlook or "",
                outlook_label=fmt.word(f"outlook.{row.outlook}") if row.outlook else "—",
                depth=row.depth,
                level=indent_level(row.depth),
                kpi=names.get(o.kpi, o.kpi) if o.kpi else "",
                baseline=fmt.kpi_value(o.baseline, unit),
                target=fmt.kpi_value(o.target, unit),
                actual=fmt.kpi_value(row.value, unit, measured=True),
                progress=progress,
                expected=expected,
                status=row.status,
                status_label=status_label,
                bar=bar(row.progress, row.expected),
                svg=progress_svg(
                    float(fraction_to_decimal(row.progress)) if row.progress is not None else None,
                    float(fraction_to_decimal(row.expected)),
                    summary,
                ),
                summary=summary,
            )
        )
    return rows
