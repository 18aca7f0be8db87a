"""Results against the plan, as of a date: money planned, committed, spent and where it will
land per budget line, indicator values (measured or computed by their formula), each objective's
progress and projection, and which actions are late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from opmkt.plan.indicators import KpiValue, kpi_values, spend_reader
from opmkt.plan.lines import UNSCHEDULED, LineCost, committed_amount, line_cost, rate
from opmkt.plan.model import Action, Actuals, BudgetLine, Objective, Plan, Spend
from opmkt.plan.money import EXACT, RATIO, exact_sum, multiply, round_money
from opmkt.plan.walk import Deadline, effective_deadlines
from opmkt.status.original import Original

# Ratios (progress, expected, projections) are divisions: exact is impossible, so they are
# printed from far more digits than are ever shown, rounded once, half-even.
_ZERO = Decimal(0)

STATUSES = ("achieved", "on_track", "behind", "missed", "no_data")
OUTLOOKS = ("achieved", "missed", "on_course", "off_course")
MONEY_FIELDS = ("planned", "planned_to_date", "committed", "actual")
LANDING_FIELDS = ("landing", "landing_variance")


@dataclass(frozen=True, slots=True)
class LineStatus:
    """One budget line's money as of the date, in the plan's currency."""

    planned: Decimal
    planned_to_date: Decimal
    committed: Decimal
    actual: Decimal
    landing: Decimal
    """Where the line will end the period: spent, plus what its open months still plan."""

    @property
    def variance(self) -> Decimal:
        return EXACT.subtract(self.actual, self.planned_to_date)

    @property
    def landing_variance(self) -> Decimal:
        return EXACT.subtract(self.landing, self.planned)


@dataclass(frozen=True, slots=True)
class ObjectiveStatus:
    objective: Objective
    depth: int
    value: Decimal | None
    progress: Fraction | None
    expected: Fraction
    status: str
    deadline: Deadline
    projected: Fraction | None = None
    """The straight line from the baseline at the plan's start through the latest value, read
    at the deadline; None without a value dated after the start."""
    projected_progress: Fraction | None = None
    outlook: str | None = None


@dataclass(frozen=True, slots=True)
class ActionStatus:
    action: Action
    late: bool
    """Its end has passed and it is neither done nor cancelled."""
    not_started: bool
    """Its start has passed and it is still planned."""


@dataclass
class Status:
    """Everything `opmkt status` shows, exact; rounded only by `as_json` and the views."""

    as_of: dt.date
    currency: str
    cap: Decimal | None
    lines: dict[str, LineStatus]
    months: dict[str, tuple[Decimal, Decimal]]
    """Per month: (planned, actual); planned months of the plan and months with spending, then
    `unscheduled` (the lines with no date) when there are such lines."""
    kpis: dict[str, KpiValue]
    objectives: list[ObjectiveStatus]
    unknown_lines: dict[str, Decimal] = field(default_factory=dict)
    """Spend against ids that are no line of the plan (a line deleted since, a typo): never
    dropped, it counts in the plan's actual, variance, landing and available."""
    actions: list[ActionStatus] = field(default_factory=list)
    units: dict[str, str | None] = field(default_factory=dict)
    """Each KPI's unit, for the views to print counts as counts."""
    left_out: list[str] = field(default_factory=list)
    original: Original | None = None
    """The plan as first approved (`--baseline`), to show beside this one."""

    def total(self, attribute: str) -> Decimal:
        """The sum over the plan's lines (unknown lines are not lines: see `spend`)."""
        return exact_sum(getattr(line, attribute) for line in self.lines.values())

    @property
    def unknown_spend(self) -> Decimal:
        return exact_sum(self.unknown_lines.values())

    @property
    def available(self) -> Decimal | None:
        """The cap less, for each line, the larger of what is committed and what is spent, and
        less what is spent on lines the plan no longer has."""
        if self.cap is None:
            return None
        used = exact_sum(max(line.committed, line.actual) for line in self.lines.values())
        return EXACT.subtract(EXACT.subtract(self.cap, used), self.unknown_spend)

    def spend(self) -> dict[str, Decimal | None]:
        """The plan's figures, in the contract's order: the lines' sums, with the spend on
        unknown lines in actual, variance and landing."""
        unknown = self.unknown_spend
        planned = self.total("planned")
        planned_to_date = self.total("planned_to_date")
        actual = EXACT.add(self.total("actual"), unknown)
        landing = EXACT.add(self.total("landing"), unknown)
        return {
            "planned": planned,
            "planned_to_date": planned_to_date,
            "committed": self.total("committed"),
            "actual": actual,
            "variance": EXACT.subtract(actual, planned_to_date),
            "available": self.available,
            "landing": landing,
            "landing_variance": EXACT.subtract(landing, planned),
        }

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

        def line_json(line_id: str, line: LineStatus) -> dict[str, str | None]:
            return {
                **({"original": money(self.original.lines.get(line_id))} if self.original else {}),
                "planned": money(line.planned),
                "planned_to_date": money(line.planned_to_date),
                "committed": money(line.committed),
                "actual": money(line.actual),
                "variance": money(line.variance),
                "landing": money(line.landing),
                "landing_variance": money(line.landing_variance),
            }

        actions: dict[str, object] = {}
        for row in self.actions:
            actions.setdefault(
                row.action.id,
                {"status": row.action.status, "late": row.late, "not_started": row.not_started},
            )
        original = self.original
        return {
            "as_of": self.as_of.isoformat(),
            **({"baseline": original.source} if original else {}),
            "currency": self.currency,
            "spend": {
                **({"original": money(original.planned)} if original else {}),
                **{name: money(value) for name, value in self.spend().items()},
                "by_line": {
                    line_id: line_json(line_id, line) for line_id, line in self.lines.items()
                },
                "unknown_lines": {
                    line_id: money(amount) for line_id, amount in self.unknown_lines.items()
                },
                "by_month": {
                    month: {"planned": money(planned), "actual": money(spent)}
                    for month, (planned, spent) in self.months.items()
                },
            },
            "objectives": {
                row.objective.id: {
                    "kpi": row.objective.kpi,
                    "baseline": _fixed(row.objective.baseline, 2),
                    **(
                        {"original_target": _fixed(original.targets.get(row.objective.id), 2)}
                        if original
                        else {}
                    ),
                    "target": _fixed(row.objective.target, 2),
                    "actual": _fixed(row.value, 2),
                    "progress": _fixed(row.progress, 4),
                    "expected": _fixed(row.expected, 4),
                    "status": row.status,
                    "projected": _fixed(row.projected, 2),
                    "projected_progress": _fixed(row.projected_progress, 4),
                    "outlook": row.outlook,
                }
                for row in self.objectives
            },
            "actions": actions,
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
        value = RATIO.divide(Decimal(value.numerator), Decimal(value.denominator))
    rounded = RATIO.quantize(value, Decimal(1).scaleb(-digits))
    return f"{rounded.copy_abs() if rounded.is_zero() else rounded:f}"


def status(plan: Plan, actuals: Actuals | None, as_of: dt.date) -> Status:
    """The plan's results as of `as_of` (included), from its actuals (None: nothing yet)."""
    spend = [s for s in (actuals.spend if actuals else []) if s.date <= as_of]
    measurements = [m for m in (actuals.kpis if actuals else []) if m.date <= as_of]
    month = as_of.isoformat()[:7]
    planned = _Planned.of(plan, month)
    spent = _Spent.of(plan, spend, month, planned)
    lines = {
        line_id: _line_status(line_plan, spent, line_id)
        for line_id, line_plan in planned.lines.items()
    }
    months = {
        key: (planned.months.get(key, _ZERO), spent.months.get(key, _ZERO))
        for key in sorted({*planned.months, *spent.months})
    }
    reader = spend_reader(plan, spent.records, set(planned.lines))
    kpis = kpi_values(plan.kpis, measurements, reader, as_of)
    objectives = [
        _objective_status(at.objective, at.depth, deadline, kpis, plan, as_of)
        for at, deadline in effective_deadlines(plan)
    ]
    return Status(
        as_of=as_of,
        currency=plan.plan.currency,
        cap=plan.plan.budget_cap,
        lines=lines,
        months=months,
        kpis=kpis,
        objectives=objectives,
        unknown_lines=dict(sorted(spent.unknown.items())),
        actions=[action_status(action, as_of) for action in plan.actions],
        units={kpi.id: kpi.unit for kpi in reversed(plan.kpis)},
        left_out=[line_id for line_id in dict.fromkeys(_ids(plan)) if line_id in planned.left_out],
    )


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a line plans: in all, up to the as-of month, after it, and in it."""

    total: Decimal
    to_date: Decimal
    committed: Decimal
    later: Decimal
    now: Decimal
    scheduled: bool

    @classmethod
    def of(cls, plan: Plan, line: BudgetLine, cost: LineCost, month: str) -> _Plan:
        # A cost in no month is never due to date, never closed.
        keys = [key for key in cost.months if key != UNSCHEDULED]
        due = sum(1 for key in keys if key <= month)
        return cls(
            total=cost.total,
            to_date=_times(cost.each, due),
            committed=committed_amount(plan, line, cost),
            later=_times(cost.each, len(keys) - due),
            now=_times(cost.each, keys.count(month)),
            scheduled=line.date is not None or line.recurring is not None,
        )


@dataclass
class _Planned:
    """Per line, the figures that do not depend on its spend (the spend is added once
    summed), what all lines plan by month, and the lines left out for want of a rate."""

    lines: dict[str, _Plan] = field(default_factory=dict)
    months: dict[str, Decimal] = field(default_factory=dict)
    left_out: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, plan: Plan, month: str) -> _Planned:
        planned = cls()
        for line in plan.budget.lines if plan.budget else []:
            cost = line_cost(plan, line)
            if cost is None:
                planned.left_out.add(line.id)
                continue
            for key in cost.months:
                planned.months[key] = EXACT.add(planned.months.get(key, _ZERO), cost.each)
            # A duplicated id: validate reports it; the first line is the one tracked.
            if line.id not in planned.lines:
                planned.lines[line.id] = _Plan.of(plan, line, cost, month)
        return planned


@dataclass
class _Spent:
    """The spend to date in the plan's currency: every record with its line (scoped formulas
    read them again), by line, by line in the as-of month, by month, and on unknown lines."""

    records: list[tuple[dt.date, str, Decimal]] = field(default_factory=list)
    by_line: dict[str, list[Decimal]] = field(default_factory=dict)
    now: dict[str, list[Decimal]] = field(default_factory=dict)
    months: dict[str, Decimal] = field(default_factory=dict)
    unknown: dict[str, Decimal] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: Plan, spend: list[Spend], month: str, planned: _Planned) -> _Spent:
        spent = cls()
        for record in spend:
            factor = rate(plan, record.currency)
            if factor is None or (
                record.line in planned.left_out and record.line not in planned.lines
            ):
                continue  # no rate for its currency, or its line's: validate reports it
            amount = record.amount if factor == 1 else multiply(record.amount, factor)
            spent.add(record, amount, month, planned)
        return spent

    def add(self, record: Spend, amount: Decimal, month: str, planned: _Planned) -> None:
        key = record.date.isoformat()[:7]
        self.records.append((record.date, record.line, amount))
        self.months[key] = EXACT.add(self.months.get(key, _ZERO), amount)
        if record.line not in planned.lines:
            # A line deleted since, or a typo (validate reports it): never dropped.
            self.unknown[record.line] = EXACT.add(self.unknown.get(record.line, _ZERO), amount)
            return
        self.by_line.setdefault(record.line, []).append(amount)
        if key == month:
            self.now.setdefault(record.line, []).append(amount)


def _line_status(line_plan: _Plan, spent: _Spent, line_id: str) -> LineStatus:
    actual = exact_sum(spent.by_line.get(line_id, ()))
    if line_plan.scheduled:
        # Months before the as-of month are closed; the as-of month still lacks what it
        # planned beyond what is spent in it; later months will spend what they plan.
        lacking = EXACT.subtract(line_plan.now, exact_sum(spent.now.get(line_id, ())))
        landing = EXACT.add(EXACT.add(actual, line_plan.later), max(lacking, _ZERO))
    else:
        landing = max(actual, line_plan.total)
    return LineStatus(line_plan.total, line_plan.to_date, line_plan.committed, actual, landing)


def action_status(action: Action, as_of: dt.date) -> ActionStatus:
    """Whether an action is late (past its end, neither done nor cancelled) or not started
    (past its start, still planned) on a day."""
    return ActionStatus(
        action,
        late=action.end is not None
        and as_of > action.end
        and action.status not in ("done", "cancelled"),
        not_started=action.start is not None
        and as_of > action.start
        and action.status == "planned",
    )


def _times(each: Decimal, count: int) -> Decimal:
    # `count` equal occurrences: their exact sum is one exact product.
    return multiply(each, Decimal(count)) if count else _ZERO


def _ids(plan: Plan) -> list[str]:
    return [line.id for line in plan.budget.lines] if plan.budget else []


def _ratio(value: Fraction, baseline: Fraction, target: Fraction) -> Fraction:
    """How far `value` has gone from the baseline to the target (1: there)."""
    if target == baseline:
        return Fraction(1) if value == target else Fraction(0)
    return (value - baseline) / (target - baseline)


def _objective_status(
    objective: Objective,
    depth: int,
    deadline: Deadline,
    kpis: dict[str, KpiValue],
    plan: Plan,
    as_of: dt.date,
) -> ObjectiveStatus:
    """Progress and where it should be by now, compared exactly (as fractions): an objective
    exactly on its expected line is on track. The deadline is its own, else its nearest
    ancestor's, else the plan's end."""
    start = plan.plan.period.start
    span = (deadline.day - start).days
    expected = Fraction(1) if span <= 0 else Fraction((as_of - start).days, span)
    expected = min(max(expected, Fraction(0)), Fraction(1))
    measured = kpis.get(objective.kpi) if objective.kpi is not None else None
    value = measured.value if measured is not None else None
    baseline, target = objective.baseline, objective.target
    if value is None or baseline is None or target is None:
        return ObjectiveStatus(objective, depth, value, None, expected, "no_data", deadline)
    low, high = Fraction(baseline), Fraction(target)
    progress = _ratio(Fraction(value), low, high)
    if progress >= 1:
        verdict = "achieved"
    elif as_of > deadline.day:
        verdict = "missed"
    elif progress >= expected:
        verdict = "on_track"
    else:
        verdict = "behind"
    day = measured.date if measured is not None else None
    if day is None or day <= start:
        return ObjectiveStatus(objective, depth, value, progress, expected, verdict, deadline)
    if day >= deadline.day:
        projected = Fraction(value)
    else:
        # The straight line from the baseline at the start through the value, at the deadline.
        slope = Fraction((deadline.day - start).days, (day - start).days)
        projected = low + (Fraction(value) - low) * slope
    projected_progress = _ratio(projected, low, high)
    if verdict in ("achieved", "missed"):
        outlook = verdict
    else:
        outlook = "on_course" if projected_progress >= 1 else "off_course"
    return ObjectiveStatus(
        objective,
        depth,
        value,
        progress,
        expected,
        verdict,
        deadline,
        projected,
        projected_progress,
        outlook,
    )
