"""Results against the plan, as of a date: money planned, committed and spent per budget line,
indicator values (measured or computed by their formula), and each objective's progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

from opmkt.budget import UNSCHEDULED, line_cost, rate
from opmkt.context import walk_objectives
from opmkt.model import BUDGET_INPUT, Actuals, Kpi, Measurement, Objective, Plan
from opmkt.money import EXACT, exact_sum, multiply, round_money

# Ratios (progress, expected, formulas) are divisions: exact is impossible, so they are computed
# with far more digits than are ever printed, then rounded once, half-even, when printed.
_RATIO = Context(prec=60, rounding=ROUND_HALF_EVEN)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)

STATUSES = ("achieved", "on_track", "behind", "no_data")
MONEY_FIELDS = ("planned", "planned_to_date", "committed", "actual")


@dataclass(frozen=True, slots=True)
class LineStatus:
    """One budget line's money as of the date, in the plan's currency."""

    planned: Decimal
    planned_to_date: Decimal
    committed: Decimal
    actual: Decimal

    @property
    def variance(self) -> Decimal:
        return EXACT.subtract(self.actual, self.planned_to_date)


@dataclass(frozen=True, slots=True)
class KpiValue:
    value: Decimal | None
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class ObjectiveStatus:
    objective: Objective
    depth: int
    value: Decimal | None
    progress: Fraction | None
    expected: Fraction
    status: str


@dataclass
class Status:
    """Everything `opmkt status` shows, exact; rounded only by `as_json` and the views."""

    as_of: dt.date
    currency: str
    cap: Decimal | None
    lines: dict[str, LineStatus]
    months: dict[str, tuple[Decimal, Decimal]]
    """Per month: (planned, actual); planned months of the plan and months with spending."""
    kpis: dict[str, KpiValue]
    objectives: list[ObjectiveStatus]
    unknown_spend: Decimal = _ZERO
    """Spend against no line of the plan (validate reports those records)."""
    left_out: list[str] = field(default_factory=list)

    def total(self, attribute: str) -> Decimal:
        return exact_sum(getattr(line, attribute) for line in self.lines.values())

    @property
    def available(self) -> Decimal | None:
        """The cap less, for each line, the larger of what is committed and what is spent."""
        if self.cap is None:
            return None
        used = exact_sum(max(line.committed, line.actual) for line in self.lines.values())
        return EXACT.subtract(self.cap, used)

    def as_json(self) -> dict[str, object]:
        """The contract's shape: money with the currency's digits, KPI values with 2
        decimals, progress and expected with 4, all decimal strings."""

        shown: dict[Decimal, str] = {}

        def money(value: Decimal | None) -> str | None:
            if value is None:
                return None
            # Lines share many amounts (nothing committed, nothing spent): each is rounded once.
            text = shown.get(value)
            if text is None:
                text = shown[value] = f"{round_money(value, self.currency):f}"
            return text

        def line_json(line: LineStatus) -> dict[str, str | None]:
            return {
                "planned": money(line.planned),
                "planned_to_date": money(line.planned_to_date),
                "committed": money(line.committed),
                "actual": money(line.actual),
                "variance": money(line.variance),
            }

        totals = {name: money(self.total(name)) for name in MONEY_FIELDS}
        planned_to_date = self.total("planned_to_date")
        actual = self.total("actual")
        return {
            "as_of": self.as_of.isoformat(),
            "currency": self.currency,
            "spend": {
                **totals,
                "variance": money(EXACT.subtract(actual, planned_to_date)),
                "available": money(self.available),
                "by_line": {line_id: line_json(line) for line_id, line in self.lines.items()},
                "by_month": {
                    month: {"planned": money(planned), "actual": money(spent)}
                    for month, (planned, spent) in self.months.items()
                },
            },
            "objectives": {
                row.objective.id: {
                    "kpi": row.objective.kpi,
                    "baseline": _fixed(row.objective.baseline, 2),
                    "target": _fixed(row.objective.target, 2),
                    "actual": _fixed(row.value, 2),
                    "progress": _fixed(row.progress, 4),
                    "expected": _fixed(row.expected, 4),
                    "status": row.status,
                }
                for row in self.objectives
            },
            "kpis": {
                kpi_id: {
                    "value": _fixed(value.value, 2),
                    "date": value.date.isoformat() if value.date else None,
                }
                for kpi_id, value in self.kpis.items()
            },
        }


def _fixed(value: Decimal | Fraction | None, digits: int) -> str | None:
    """A figure rounded once, half-even, to `digits` decimals, as a decimal string."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        value = _RATIO.divide(Decimal(value.numerator), Decimal(value.denominator))
    rounded = _RATIO.quantize(value, Decimal(1).scaleb(-digits))
    return f"{rounded.copy_abs() if rounded.is_zero() else rounded:f}"


def status(plan: Plan, actuals: Actuals | None, as_of: dt.date) -> Status:
    """The plan's results as of `as_of` (included), from its actuals (None: nothing yet)."""
    spend = [s for s in (actuals.spend if actuals else []) if s.date <= as_of]
    measurements = [m for m in (actuals.kpis if actuals else []) if m.date <= as_of]
    month = as_of.isoformat()[:7]
    # Per line: (planned, planned to date, committed); the spend is added once it is summed.
    planned: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
    planned_months: dict[str, Decimal] = {}
    left_out = []
    add = EXACT.add
    for line in plan.budget.lines if plan.budget else []:
        cost = line_cost(plan, line)
        if cost is None:
            left_out.append(line.id)
            continue
        due = 0
        for key in cost.months:
            if key == UNSCHEDULED:
                continue
            planned_months[key] = add(planned_months.get(key, _ZERO), cost.each)
            if key <= month:
                due += 1
        # `due` equal occurrences: their exact sum is one exact product.
        to_date = add(_ZERO, multiply(cost.each, Decimal(due))) if due else _ZERO
        accepted = line.quote is not None and line.quote.status == "accepted"
        planned.setdefault(line.id, (cost.total, to_date, cost.total if accepted else _ZERO))
    spent_by_line: dict[str, list[Decimal]] = {}
    spent_months: dict[str, Decimal] = {}
    unknown = _ZERO
    for record in spend:
        factor = rate(plan, record.currency)
        if factor is None:
            continue  # no rate for its currency: validate reports it
        amount = record.amount if factor == 1 else multiply(record.amount, factor)
        if record.line not in planned:
            # No such line, or one left out for want of a rate: in no figure (validate says).
            unknown = add(unknown, amount)
            continue
        key = record.date.isoformat()[:7]
        spent_months[key] = add(spent_months.get(key, _ZERO), amount)
        spent_by_line.setdefault(record.line, []).append(amount)
    lines = {
        line_id: LineStatus(
            total,
            to_date,
            committed,
            exact_sum(spent_by_line[line_id]) if line_id in spent_by_line else _ZERO,
        )
        for line_id, (total, to_date, committed) in planned.items()
    }
    months = {
        key: (planned_months.get(key, _ZERO), spent_months.get(key, _ZERO))
        for key in sorted({*planned_months, *spent_months})
    }
    actual_total = exact_sum(line.actual for line in lines.values())
    kpis = kpi_values(plan.kpis, measurements, actual_total, as_of)
    objectives = [
        _objective_status(at.objective, len(at.loc) // 2 - 1, kpis, plan, as_of)
        for at in walk_objectives(plan)
    ]
    return Status(
        as_of=as_of,
        currency=plan.plan.currency,
        cap=plan.plan.budget_cap,
        lines=lines,
        months=months,
        kpis=kpis,
        objectives=objectives,
        unknown_spend=unknown,
        left_out=left_out,
    )


def kpi_values(
    kpis: Sequence[Kpi], measurements: Iterable[Measurement], spent: Decimal, as_of: dt.date
) -> dict[str, KpiValue]:
    """Each KPI's latest measurement up to the date (the later record of a day wins);
    formula KPIs computed from their inputs, with the date of the latest of them. An input
    may itself be a formula KPI: its computed value is used (a cycle has no value)."""
    latest: dict[str, KpiValue] = {}
    for m in measurements:
        known = latest.get(m.kpi)
        if known is None or (known.date is not None and m.date >= known.date):
            latest[m.kpi] = KpiValue(m.value, m.date)
    by_id = {kpi.id: kpi for kpi in reversed(kpis)}
    values: dict[str, KpiValue] = {}
    none = KpiValue(None, None)

    def value_of(kpi_id: str, resolving: frozenset[str]) -> KpiValue:
        if kpi_id == BUDGET_INPUT:
            return KpiValue(spent, as_of)
        kpi = by_id.get(kpi_id)
        if kpi is None or kpi.formula is None:
            return latest.get(kpi_id, none)
        if kpi_id in values:
            return values[kpi_id]
        if kpi_id in resolving:
            return none
        inputs = {
            name: value_of(source, resolving | {kpi_id})
            for name, source in (kpi.inputs or {}).items()
        }
        values[kpi_id] = _formula(kpi.formula, inputs)
        return values[kpi_id]

    return {kpi_id: value_of(kpi_id, frozenset()) for kpi_id in dict.fromkeys(k.id for k in kpis)}


def _formula(formula: str, inputs: dict[str, KpiValue]) -> KpiValue:
    known = {name: v.value for name, v in inputs.items() if v.value is not None}
    dates = [v.date for v in inputs.values() if v.date is not None]
    if len(known) != len(inputs):
        return KpiValue(None, max(dates) if dates else None)
    day = max(dates) if dates else None
    divide = _RATIO.divide
    try:
        if formula == "roi":
            spend = known["spend"]
            value = _RATIO.multiply(
                divide(_RATIO.subtract(known["revenue"], spend), spend), _HUNDRED
            )
        elif formula == "cac":
            value = divide(known["spend"], known["customers"])
        elif formula == "average_basket":
            value = divide(known["revenue"], known["orders"])
        else:
            value = _RATIO.multiply(divide(known["conversions"], known["visits"]), _HUNDRED)
    except (ArithmeticError, KeyError):
        return KpiValue(None, day)  # a division by zero has no value
    return KpiValue(value, day)


def _objective_status(
    objective: Objective, depth: int, kpis: dict[str, KpiValue], plan: Plan, as_of: dt.date
) -> ObjectiveStatus:
    """Progress and where it should be by now, compared exactly (as fractions): an objective
    exactly on its expected line is on track."""
    start = plan.plan.period.start
    deadline = objective.deadline or plan.plan.period.end
    span = (deadline - start).days
    expected = Fraction(1) if span <= 0 else Fraction((as_of - start).days, span)
    expected = min(max(expected, Fraction(0)), Fraction(1))
    measured = kpis.get(objective.kpi) if objective.kpi is not None else None
    value = measured.value if measured is not None else None
    baseline, target = objective.baseline, objective.target
    if value is None or baseline is None or target is None:
        return ObjectiveStatus(objective, depth, value, None, expected, "no_data")
    if target == baseline:
        progress = Fraction(1) if value == target else Fraction(0)
    else:
        progress = (Fraction(value) - Fraction(baseline)) / (Fraction(target) - Fraction(baseline))
    if progress >= 1:
        verdict = "achieved"
    elif progress >= expected:
        verdict = "on_track"
    else:
        verdict = "behind"
    return ObjectiveStatus(objective, depth, value, progress, expected, verdict)
