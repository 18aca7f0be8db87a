"""Budget arithmetic: occurrences of a line, conversion to the plan's currency, exact totals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from opmkt.findings import join_and, printable
from opmkt.plan.model import BudgetLine, Period, Plan
from opmkt.plan.money import exact_sum, multiply

UNSCHEDULED = "unscheduled"
"""The month and quarter key of a line with neither `date` nor `recurring`."""


def _index(month: str) -> int:
    """A `YYYY-MM` key as a count of months, so that spans are plain subtraction."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _key(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def in_period(when: str, period: Period) -> bool:
    """Whether a budget date (`YYYY-MM-DD`, or `YYYY-MM`: any of its days) is in the period."""
    if len(when) > 7:
        return period.start.isoformat() <= when <= period.end.isoformat()
    return period.start.isoformat()[:7] <= when <= period.end.isoformat()[:7]


def outside_period(plan: Plan) -> list[str]:
    """The ids of the lines with a date, or a recurrence month, outside the plan period (or a
    recurrence that ends before it starts): what of them falls outside is in no figure."""
    period = plan.plan.period
    ids = []
    for line in plan.budget.lines if plan.budget is not None else []:
        if line.recurring is not None:
            first, last = line.recurring.from_, line.recurring.to
            wrong = last < first or not (in_period(first, period) and in_period(last, period))
        else:
            wrong = line.date is not None and not in_period(line.date, period)
        if wrong:
            ids.append(line.id)
    return ids


def outside_note(plan: Plan, name: str) -> str | None:
    """The note a command that shows figures gives when some of the budget is not in them."""
    ids = outside_period(plan)
    if not ids:
        return None
    period = plan.plan.period
    lines = "line" if len(ids) == 1 else "lines"
    name = printable(name)
    named = join_and(ids if len(ids) <= 5 else [*ids[:4], f"{len(ids) - 4} more"])
    return (
        f"note: {name}: budget {lines} {named} fall outside the plan period "
        f"{period.start}..{period.end}: only their months within it count "
        f"(run `opmkt validate {name}`)"
    )


def _recurrence(line: BudgetLine, period: Period) -> range:
    """The month indexes of the recurrence's occurrences that fall in the period.

    Only the part of the recurrence inside the period is ever counted or enumerated: a
    recurrence typed from 0001-01 to 9999-12 costs no more than one within the year (its
    months outside the period are `budget-dates` errors, and in no figure)."""
    assert line.recurring is not None
    step = 1 if line.recurring.every == "month" else 3
    first, last = _index(line.recurring.from_), _index(line.recurring.to)
    low, high = _index(period.start.isoformat()), _index(period.end.isoformat())
    # The first occurrence on or after the period's first month, on the recurrence's own step.
    start = first if first >= low else first + -(-(low - first) // step) * step
    return range(start, min(last, high) + 1, step)


def occurrences(line: BudgetLine, period: Period) -> list[str]:
    """The month key of each time the line is spent within the plan period (`unscheduled`
    when it has no date); a date outside the period is in no figure (`budget-dates` says)."""
    if line.recurring is not None:
        return [_key(index) for index in _recurrence(line, period)]
    if line.date is not None:
        return [line.date[:7]] if in_period(line.date, period) else []
    return [UNSCHEDULED]


def occurrence_count(line: BudgetLine, period: Period) -> int:
    """`len(occurrences(line, period))` without building the months."""
    if line.recurring is not None:
        return len(_recurrence(line, period))
    if line.date is not None:
        return 1 if in_period(line.date, period) else 0
    return 1


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
    period: Period
    each: Decimal
    """One occurrence, in the plan's currency."""
    count: int
    """How many occurrences."""
    total: Decimal
    """All occurrences, in the plan's currency."""

    @property
    def months(self) -> list[str]:
        """The month key of each occurrence, built on demand (totals do not need them)."""
        return occurrences(self.line, self.period)


def line_cost(plan: Plan, line: BudgetLine) -> LineCost | None:
    """The line's cost in the plan's currency, or None when its currency has no rate."""
    factor = rate(plan, line.currency)
    if factor is None:
        return None
    unit = line.unit_amount
    each = unit if factor == 1 else multiply(unit, factor)
    count = occurrence_count(line, plan.plan.period)
    whole = each if count == 1 else multiply(each, Decimal(count))
    return LineCost(line, plan.plan.period, each, count, whole)


def line_costs(plan: Plan) -> list[LineCost]:
    """Every line that can be counted (lines without an exchange rate are left out)."""
    if plan.budget is None:
        return []
    costs = (line_cost(plan, line) for line in plan.budget.lines)
    return [cost for cost in costs if cost is not None]


def total(plan: Plan) -> Decimal:
    """The whole budget in the plan's currency: every occurrence of every line that has a rate."""
    return exact_sum(cost.total for cost in line_costs(plan))


def committed_amount(plan: Plan, line: BudgetLine, cost: LineCost) -> Decimal:
    """What the line commits in the plan's currency: its accepted quote's `amount` (for the
    whole line, in the line's currency, converted like the line), or the line's total when
    that quote gives no amount; 0 without an accepted quote."""
    quote = line.quote
    if quote is None or quote.status != "accepted":
        return Decimal(0)
    if quote.amount is None:
        return cost.total
    factor = rate(plan, line.currency)
    # The line has a rate (it has a cost): the quote, in the same currency, converts with it.
    assert factor is not None
    return quote.amount if factor == 1 else multiply(quote.amount, factor)
