"""The report's executive summary: the budget against its cap and last period, the money as of
the date, each objective as a traffic light, and the three largest risks the figures show.

Every figure comes from the budget's roll-up and from `status`, the numbers `opmkt status`
prints; this module picks and ranks them, and formats them once for the report's locale.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from opmkt.plan.model import Plan
from opmkt.report.format import Fmt, indent_level
from opmkt.report.view import Budget, Figure, ObjectiveLight, Risk, Summary
from opmkt.status.compute import ActionStatus, ObjectiveStatus, Status
from opmkt.status.original import Original

RISKS = 3
"""How many risks the summary names: the largest, whatever their kind."""

_SPEND = ("actual", "planned_to_date", "landing", "landing_variance", "available")
"""The figures of `status`'s spend the summary shows, in this order."""


def summary_view(
    plan: Plan,
    budget: Budget,
    state: Status | None,
    fmt: Fmt,
    revised: tuple[Original, Decimal] | None = None,
) -> Summary:
    """The summary of a plan (`state`: its status as of the report's date, None without
    actuals: then the summary has the budget only); with `revised`, the plan as first
    approved and the total now, their figures beside the plan's."""
    figures = _budget_figures(budget, fmt)
    original = None
    if revised is not None:
        original, total = revised
        figures += [
            Figure(
                "original_budget",
                fmt.word("original_budget"),
                fmt.money(original.planned),
                warn=False,
            ),
            Figure(
                "revision",
                fmt.word("revision"),
                fmt.signed_money(total - original.planned),
                warn=False,
            ),
        ]
    lights = [_light(row, fmt, state, original) for row in state.objectives] if state else []
    return Summary(
        as_of=fmt.date(state.as_of) if state is not None else "",
        budget=figures,
        spend=_spend_figures(state, fmt) if state is not None else [],
        objectives=lights,
        risks=_risks(plan, state, fmt) if state is not None else [],
        baseline=original.source if original is not None else "",
    )


def _budget_figures(budget: Budget, fmt: Fmt) -> list[Figure]:
    figures = [Figure("total", fmt.word("total_budget"), budget.total, warn=False)]
    if budget.cap:
        figures.append(Figure("cap", fmt.word("budget_cap"), budget.cap, warn=False))
        figures.append(
            Figure("remaining", fmt.word("remaining"), budget.remaining, warn=budget.over_cap)
        )
    if budget.previous_total:
        figures.append(
            Figure("previous_total", fmt.word("previous_total"), budget.previous_total, warn=False)
        )
        moved = f"{budget.change_amount} ({budget.change_percent})".replace(" ()", "")
        figures.append(Figure("change", fmt.word("change_vs_previous"), moved, warn=False))
    return figures


def _spend_figures(state: Status, fmt: Fmt) -> list[Figure]:
    spend = state.spend()
    figures = [Figure("as_of", fmt.word("results_as_of"), fmt.date(state.as_of), warn=False)]
    for key in _SPEND:
        value = spend[key]
        if value is None:
            continue
        if key == "landing_variance":
            shown = fmt.signed_money(value) if value else fmt.money(value)
            bad = value > 0
        else:
            shown, bad = fmt.money(value), key == "available" and value < 0
        figures.append(Figure(key, fmt.word(f"summary.{key}"), shown, warn=bad))
    return figures


def _light(
    row: ObjectiveStatus, fmt: Fmt, state: Status, original: Original | None
) -> ObjectiveLight:
    light = _colour(row)
    unit = state.units.get(row.objective.kpi) if row.objective.kpi is not None else None
    targets = {}
    if original is not None:
        before = original.targets.get(row.objective.id)
        targets = {
            "target": fmt.kpi_value(row.objective.target, unit),
            "original_target": fmt.kpi_value(before, unit),
        }
    return ObjectiveLight(
        id=row.objective.id,
        title=row.objective.title,
        depth=row.depth,
        level=indent_level(row.depth),
        light=light,
        light_label=fmt.word(f"light.{light}"),
        progress=fmt.ratio(row.progress),
        expected=fmt.ratio(row.expected),
        status_label=fmt.word(f"objective_status.{row.status}"),
        outlook_label=fmt.word(f"outlook.{row.outlook}") if row.outlook else "—",
        **targets,
    )


def _colour(row: ObjectiveStatus) -> str:
    """Green where it is (or will be) reached, red where it is missed or falls behind with no
    way back by the deadline, amber for the rest that is behind or heading off course."""
    if row.status == "no_data":
        return "grey"
    if row.status == "missed" or row.outlook == "missed":
        return "red"
    if row.status == "behind" and row.outlook != "on_course":
        return "red"
    if row.status == "behind" or row.outlook == "off_course":
        return "amber"
    return "green"


def _risks(plan: Plan, state: Status, fmt: Fmt) -> list[Risk]:
    """The largest risks, by how far each is from what the plan says, as a share: the part of
    an objective's target its projection misses, a line's overrun against its plan, the part
    of a late action's time that has passed since its end."""
    found: list[tuple[Fraction, int, Risk]] = []
    labels = {line.id: line.label for line in plan.budget.lines} if plan.budget else {}
    for row in state.objectives:
        if row.outlook == "off_course" and row.projected_progress is not None:
            found.append((1 - row.projected_progress, len(found), _objective_risk(row, fmt)))
    for line_id, line in state.lines.items():
        over = line.landing_variance
        if over > 0:
            share = Fraction(over) / Fraction(line.planned) if line.planned > 0 else Fraction(1)
            label = labels.get(line_id, line_id)
            found.append((share, len(found), _line_risk(label, line.landing, over, fmt)))
    for action in state.actions:
        if action.late:
            found.append((_lateness(action, state), len(found), _action_risk(action, fmt)))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [risk for _, _, risk in found[:RISKS]]


def _objective_risk(row: ObjectiveStatus, fmt: Fmt) -> Risk:
    text = fmt.word("risk.objective").format(
        id=row.objective.id,
        title=row.objective.title,
        projected=fmt.ratio(row.projected_progress),
        progress=fmt.ratio(row.progress),
        expected=fmt.ratio(row.expected),
    )
    return Risk("objective", text)


def _line_risk(label: str, landing: Decimal, over: Decimal, fmt: Fmt) -> Risk:
    text = fmt.word("risk.line").format(
        label=label, landing=fmt.money(landing), over=fmt.signed_money(over)
    )
    return Risk("line", text)


def _action_risk(action: ActionStatus, fmt: Fmt) -> Risk:
    a = action.action
    text = fmt.word("risk.action").format(
        id=a.id,
        what=a.what,
        end=fmt.date(a.end),
        status=fmt.word(f"action_status.{a.status}").lower(),
    )
    return Risk("action", text)


def _lateness(action: ActionStatus, state: Status) -> Fraction:
    """Days past the end against the action's length, at most 1."""
    a = action.action
    if a.end is None:
        return Fraction(0)
    length = (a.end - a.start).days + 1 if a.start is not None else 1
    return min(Fraction((state.as_of - a.end).days, max(length, 1)), Fraction(1))
