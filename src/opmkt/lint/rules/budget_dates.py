"""A budget line is dated outside the plan period, or its recurrence ends before it starts.

The budget is the money of one period: a line dated in another year belongs to another plan,
and counting it here would overstate this one. A line's `date`, and its recurrence's `from` and
`to`, must lie within `plan.period`; a month (`YYYY-MM`) counts when any of its days is in the
period, a day (`YYYY-MM-DD`) when it is. A recurrence whose `to` is before its `from` never
happens. One finding per line names every problem. It points at the `date` of a dated line; for
a recurrence, at `from` when it lies outside the period, otherwise at `to`.

The figures of `budget`, `status` and `report` only ever count the occurrences within the
period: the others are in no figure until the dates are fixed.

Passes::

    plan:
      name: Bakery plan 2027
      period: {start: 2027-01-01, end: 2027-12-31}
    budget:
      lines:
        - id: B1
          label: Christmas flyers
          amount: 400
          date: 2027-12
        - id: B2
          label: Newsletter tool
          amount: 15
          recurring: {every: month, from: 2027-01, to: 2027-12}

Fails (8:17, dated after the plan period)::

    plan:
      name: Bakery plan 2027
      period: {start: 2027-01-01, end: 2027-12-31}
    budget:
      lines:
        - id: B1
          label: Christmas flyers
          amount: 400
          date: 2028-12
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Listed, Severity, Value, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.lint.rules.action_dates import both, outside
from opmkt.plan.lines import in_period
from opmkt.plan.model import BudgetLine, Period, Plan

ID = "budget-dates"
SUMMARY = N_(
    "a budget line is dated outside the plan period, or its recurrence ends before it starts"
)
DEFAULT_SEVERITY = Severity.ERROR


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if plan.budget is None:
        return
    period = plan.plan.period
    for i, line in enumerate(plan.budget.lines):
        problems, fixes, field = _problems(line, period)
        if problems:
            yield ctx.finding(
                ID,
                DEFAULT_SEVERITY,
                say(
                    "budget line '{id}' {problems}: {fixes}",
                    id=line.id,
                    problems=Listed(tuple(problems)),
                    fixes=both(fixes),
                ),
                ("budget", "lines", i, *field),
            )


def _problems(line: BudgetLine, period: Period) -> tuple[list[Value], list[Value], tuple[str, ...]]:
    """What is wrong with the line's dates, how to fix it, and the field the finding points at."""
    within = f"{period.start}..{period.end}"
    if line.date is not None:
        if in_period(line.date, period):
            return [], [], ()
        problem = (
            say("is dated {date}, before the plan period", date=line.date)
            if line.date < period.start.isoformat()
            else say("is dated {date}, after the plan period", date=line.date)
        )
        return [problem], [say("date it within {period}", period=within)], ("date",)
    if line.recurring is None:
        return [], [], ()
    first, last = line.recurring.from_, line.recurring.to
    problems: list[Value] = []
    fixes: list[Value] = []
    reversed_ = last < first
    if reversed_:
        problems.append(
            say("recurs until {last}, before it starts {first}", last=last, first=first)
        )
        fixes.append(say("put `from` on or before `to`"))
    at: tuple[str, ...] = ()
    for verb, month, key in (("starts", first, "from"), ("ends", last, "to")):
        if in_period(month, period):
            continue
        # Reversed months were just named: do not repeat them.
        before = month < period.start.isoformat()[:7]
        problems.append(outside(verb, "" if reversed_ else month, before))
        at = at or ("recurring", key)
    if at:
        fixes.append(say("keep its months within {period}", period=within))
    return problems, fixes, at or ("recurring", "to")
