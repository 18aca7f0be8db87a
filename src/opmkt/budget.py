"""Budget arithmetic: occurrences of a line, conversion to the plan's currency, exact totals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from opmkt.model import BudgetLine, Plan
from opmkt.money import exact_sum, multiply

UNSCHEDULED = "unscheduled"
"""The month and quarter key of a line with neither `date` nor `recurring`."""


def months_between(first: str, last: str, step: int) -> Iterator[str]:
    """`YYYY-MM` keys from `first` to `last` included, every `step` months."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    while (year, month) <= end:
        yield f"{year:04d}-{month:02d}"
        month += step
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1


def occurrences(line: BudgetLine) -> list[str]:
    """The month key of each time the line is spent (`unscheduled` when it has no date)."""
    if line.recurring is not None:
        step = 1 if line.recurring.every == "month" else 3
        return list(months_between(line.recurring.from_, line.recurring.to, step))
    if line.date is not None:
        return [line.date[:7]]
    return [UNSCHEDULED]


def occurrence_count(line: BudgetLine) -> int:
    """How many times the line is spent: `len(occurrences(line))` without building the months."""
    if line.recurring is None:
        return 1
    first, last = line.recurring.from_, line.recurring.to
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7])
    return span // (1 if line.recurring.every == "month" else 3) + 1


def quarter_of(month: str) -> str:
    if month == UNSCHEDULED:
        return UNSCHEDULED
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def rate(plan: Plan, currency: str | None) -> Decimal | None:
    """How many units of the plan's currency one unit of `currency` is worth (None: unknown)."""
    if currency is None or currency == plan.plan.currency:
        return Decimal(1)
    return plan.plan.exchange_rates.get(currency)


@dataclass(frozen=True, slots=True)
class LineCost:
    """What one budget line costs, exactly, in the plan's currency."""

    line: BudgetLine
    each: Decimal
    """One occurrence, in the plan's currency."""
    count: int
    """How many occurrences."""
    total: Decimal
    """All occurrences, in the plan's currency."""

    @property
    def months(self) -> list[str]:
        """The month key of each occurrence, built on demand (totals do not need them)."""
        return occurrences(self.line)


def line_cost(plan: Plan, line: BudgetLine) -> LineCost | None:
    """The line's cost in the plan's currency, or None when its currency has no rate."""
    factor = rate(plan, line.currency)
    if factor is None:
        return None
    unit = line.unit_amount
    each = unit if factor == 1 else multiply(unit, factor)
    count = occurrence_count(line)
    return LineCost(line, each, count, each if count == 1 else multiply(each, Decimal(count)))


def line_costs(plan: Plan) -> list[LineCost]:
    """Every line that can be counted (lines without an exchange rate are left out)."""
    if plan.budget is None:
        return []
    costs = (line_cost(plan, line) for line in plan.budget.lines)
    return [cost for cost in costs if cost is not None]


def total(plan: Plan) -> Decimal:
    """The whole budget in the plan's currency: every occurrence of every line that has a rate."""
    return exact_sum(cost.total for cost in line_costs(plan))
