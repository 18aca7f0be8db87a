"""Indicator values as of a date: the latest measurement of each KPI, and the formula KPIs
computed from inputs that all cover the same period, spend included (all of it, or a scope's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from opmkt.plan.model import (
    BUDGET_INPUT,
    Action,
    BudgetLine,
    Kpi,
    Measurement,
    Plan,
    Scope,
    ScopedSpend,
)
from opmkt.plan.money import RATIO, exact_sum
from opmkt.plan.walk import walk_objectives

# Formulas are divisions: exact is impossible, so they are computed with far more digits than
# are ever printed, then rounded once, half-even, when printed.
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class KpiValue:
    value: Decimal | None
    date: dt.date | None


SpendReader = Callable[[ScopedSpend | None, dt.date], Decimal]
"""The actual spend dated up to a day: all of it (None), or a scope's lines'."""


def spend_reader(
    plan: Plan, records: list[tuple[dt.date, str, Decimal]], known: set[str]
) -> SpendReader:
    """Spend up to a day, in a scope: all records when unscoped (unknown lines included, as
    they count in the plan's actual), else those of the lines in scope."""

    def read(scoped: ScopedSpend | None, day: dt.date) -> Decimal:
        if scoped is None:
            return exact_sum(amount for when, _, amount in records if when <= day)
        in_scope = lines_in_scope(plan, scoped.budget) & known
        return exact_sum(
            amount for when, line_id, amount in records if when <= day and line_id in in_scope
        )

    return read


def lines_in_scope(plan: Plan, scope: Scope) -> set[str]:
    """The ids of the lines that match every key the scope gives."""
    actions: dict[str, Action] = {}
    for action in plan.actions:
        actions.setdefault(action.id, action)
    objectives = None if scope.objective is None else _objectives_under(plan, set(scope.objective))
    return {
        line.id
        for line in (plan.budget.lines if plan.budget else [])
        if _in_scope(line, actions.get(line.action or ""), scope, objectives)
    }


def _objectives_under(plan: Plan, named: set[str]) -> set[str]:
    """The named objectives and every objective under them, at any depth."""
    found: set[str] = set()
    inside: dict[int, bool] = {}
    for at in walk_objectives(plan):
        under = at.objective.id in named or (
            at.parent is not None and inside.get(id(at.parent), False)
        )
        inside[id(at.objective)] = under
        if under:
            found.add(at.objective.id)
    return found


def _in_scope(
    line: BudgetLine, paid: Action | None, scope: Scope, objectives: set[str] | None
) -> bool:
    """Whether a line, and the action it pays for, match every key the scope gives."""
    if scope.lines is not None and line.id not in scope.lines:
        return False
    if scope.category is not None and line.category not in scope.category:
        return False
    if objectives is not None and (paid is None or paid.objective not in objectives):
        return False
    if scope.channel is not None and (paid is None or paid.channel not in scope.channel):
        return False
    return scope.mix is None or (paid is not None and paid.mix in scope.mix)


def kpi_values(
    kpis: Sequence[Kpi],
    measurements: Iterable[Measurement],
    spent: SpendReader,
    as_of: dt.date,
) -> dict[str, KpiValue]:
    """Each KPI's latest measurement up to the date (the later record of a day wins);
    formula KPIs computed from their inputs. A formula's date is the latest date among its KPI
    inputs, and its spend input is the spend dated up to that date, so that every input covers
    the same period (a formula of spend alone is dated as of the date). An input may itself be
    a formula KPI: its computed value is used (a cycle has no value)."""
    latest: dict[str, KpiValue] = {}
    for m in measurements:
        known = latest.get(m.kpi)
        if known is None or (known.date is not None and m.date >= known.date):
            latest[m.kpi] = KpiValue(m.value, m.date)
    by_id = {kpi.id: kpi for kpi in reversed(kpis)}
    values: dict[str, KpiValue] = {}
    none = KpiValue(None, None)

    def value_of(kpi_id: str, resolving: frozenset[str]) -> KpiValue:
        kpi = by_id.get(kpi_id)
        if kpi is None or kpi.formula is None:
            return latest.get(kpi_id, none)
        if kpi_id in values:
            return values[kpi_id]
        if kpi_id in resolving:
            return none
        sources = kpi.inputs or {}
        inputs = {
            name: value_of(source, resolving | {kpi_id})
            for name, source in sources.items()
            if isinstance(source, str) and source != BUDGET_INPUT
        }
        dates = [v.date for v in inputs.values() if v.date is not None]
        day = max(dates) if dates else (None if inputs else as_of)
        for name, source in sources.items():
            if isinstance(source, ScopedSpend) or source == BUDGET_INPUT:
                scoped = source if isinstance(source, ScopedSpend) else None
                inputs[name] = KpiValue(spent(scoped, day) if day else None, day)
        values[kpi_id] = _formula(kpi.formula, inputs, day)
        return values[kpi_id]

    return {kpi_id: value_of(kpi_id, frozenset()) for kpi_id in dict.fromkeys(k.id for k in kpis)}


def _formula(formula: str, inputs: dict[str, KpiValue], day: dt.date | None) -> KpiValue:
    known = {name: v.value for name, v in inputs.items() if v.value is not None}
    if len(known) != len(inputs):
        return KpiValue(None, day)
    divide = RATIO.divide
    try:
        if formula == "roi":
            spend = known["spend"]
            value = RATIO.multiply(divide(RATIO.subtract(known["revenue"], spend), spend), _HUNDRED)
        elif formula == "cac":
            value = divide(known["spend"], known["customers"])
        elif formula == "average_basket":
            value = divide(known["revenue"], known["orders"])
        else:
            value = RATIO.multiply(divide(known["conversions"], known["visits"]), _HUNDRED)
    except (ArithmeticError, KeyError):
        return KpiValue(None, day)  # a division by zero has no value
    return KpiValue(value, day)
