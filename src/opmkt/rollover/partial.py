"""How much of last period the actuals cover, and the figures carried from them: each budget
line's `previous` comparable with a whole period, each objective's baseline.

Decisions where the issue is silent:

- The actuals cover the period up to the as-of date (`--as-of`, default the period's end):
  records dated after it do not count. The period is whole when that date is its end.
- A budget line's `previous`, in the line's currency: its spend to date; with a partial year,
  like for like by default: that spend plus what the line plans after it, phased as `opmkt
  status` lands it (the months before the as-of month closed, the rest as planned), so that
  the same months are compared; annualised when asked: the spend × days of the period / days
  covered. A line with no record at all counts its planned total (nothing was tracked on it).
- An objective's baseline: over a whole period, the KPI's value at its end (a computed value
  rounded to 2 decimals as `status` prints it); over a partial one, the projection `status`
  computes as of that date (rounded alike); last period's baseline without either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from opmkt.plan.lines import occurrence_count, rate
from opmkt.plan.model import BudgetLine, Objective, Plan, Spend
from opmkt.plan.money import EXACT, RATIO, exact_sum, multiply
from opmkt.status.compute import ObjectiveStatus, Status


@dataclass(frozen=True)
class Coverage:
    """The part of last period the actuals cover: from its start to `to`, included."""

    start: dt.date
    end: dt.date
    to: dt.date
    annualize: bool

    @property
    def whole(self) -> bool:
        return self.to >= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def covered(self) -> int:
        return max((self.to - self.start).days + 1, 0)

    @property
    def how(self) -> str:
        """`whole`, `like_for_like` or `annualized`: how `previous` compares with a period."""
        return "whole" if self.whole else "annualized" if self.annualize else "like_for_like"


@dataclass(frozen=True)
class LineMoney:
    """A line's figures for next period: `previous` in its currency, the same in the plan's
    currency (None without a rate), and what it spent and planned over the months covered,
    in the plan's currency."""

    previous: Decimal | Fraction
    in_plan: Decimal | None
    spent: Decimal | None
    planned: Decimal | None


def line_money(
    plan: Plan, line: BudgetLine, records: list[Spend], result: Status, coverage: Coverage
) -> LineMoney:
    """`previous` for one line, from its records to date and its status as of that date."""
    factor = rate(plan, line.currency)
    figures = result.lines.get(line.id)
    spent = figures.actual if figures is not None else None
    planned = figures.planned_to_date if figures is not None else None
    if not records:  # nothing tracked on it: its planned total
        total = multiply(line.unit_amount, Decimal(occurrence_count(line, plan.plan.period)))
        in_plan = None if factor is None else multiply(total, factor)
        return LineMoney(total, in_plan, spent, planned)
    previous, in_plan = _spent(plan, line, records, factor)
    if coverage.whole or factor is None or figures is None:
        return LineMoney(previous, in_plan, spent, planned)
    if coverage.annualize:
        ratio = Fraction(coverage.days, coverage.covered)
        assert in_plan is not None
        return LineMoney(
            Fraction(previous) * ratio, _exact(Fraction(in_plan) * ratio), spent, planned
        )
    rest = EXACT.subtract(figures.landing, figures.actual)  # what its open months still plan
    more = Fraction(rest) / Fraction(factor)
    assert in_plan is not None
    return LineMoney(Fraction(previous) + more, EXACT.add(in_plan, rest), spent, planned)


def _spent(
    plan: Plan, line: BudgetLine, records: list[Spend], factor: Decimal | None
) -> tuple[Decimal | Fraction, Decimal | None]:
    """The line's records in its own currency, and in the plan's (None without a rate)."""
    own = line.currency or plan.plan.currency
    same = exact_sum(r.amount for r in records if (r.currency or plan.plan.currency) == own)
    converted = [
        multiply(r.amount, f)
        for r in records
        if (r.currency or plan.plan.currency) != own and (f := rate(plan, r.currency)) is not None
    ]
    if factor is None:  # nothing converts into a currency without a rate: validate says so
        return same, None
    others = exact_sum(converted)
    in_plan = EXACT.add(multiply(same, factor), others)
    previous = Fraction(same) + Fraction(others) / Fraction(factor) if converted else same
    return previous, in_plan


def _exact(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def two(value: Decimal | Fraction) -> Decimal:
    """Rounded half-even to 2 decimals, as `opmkt status` prints a KPI value (never -0.00)."""
    exact = _exact(value) if isinstance(value, Fraction) else value
    rounded = exact.quantize(Decimal("0.01"), context=RATIO)
    return rounded.copy_abs() if rounded.is_zero() else rounded


@dataclass(frozen=True)
class Baseline:
    """An objective's baseline for next period, and where it comes from: `measured` or
    `computed` (the value at the period's end, on `when`), `projected` (to `when` from
    `measured` on `on`) or `kept` (last period's)."""

    value: Decimal
    source: str
    when: dt.date | None = None
    measured: Decimal | None = None
    on: dt.date | None = None


def baseline(
    objective: Objective, row: ObjectiveStatus | None, result: Status, plan: Plan, whole: bool
) -> Baseline | None:
    """The baseline to write for an objective with a KPI; None for one without."""
    if objective.kpi is None:
        return None
    known = result.kpis.get(objective.kpi)
    computed = any(k.id == objective.kpi and k.formula is not None for k in plan.kpis)
    if known is None or known.value is None or known.date is None:
        return None if objective.baseline is None else Baseline(objective.baseline, "kept")
    # Measured on or after the deadline, a value is its own projection.
    if whole or (row is not None and row.projected is not None and known.date >= row.deadline.day):
        if computed:  # far more digits than anyone measures: as status prints it
            return Baseline(two(known.value), "computed", known.date)
        return Baseline(known.value, "measured", known.date)
    if row is not None and row.projected is not None:
        return Baseline(two(row.projected), "projected", row.deadline.day, known.value, known.date)
    return None if objective.baseline is None else Baseline(objective.baseline, "kept")
