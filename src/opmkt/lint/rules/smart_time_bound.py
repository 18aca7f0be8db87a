"""An objective has no deadline, or one outside the plan period or after its parent's.

The T of SMART: an objective without a date is never late, so it is never reviewed. Every
objective needs a `deadline`, its own or its nearest ancestor's (a warning when neither it nor
any ancestor has one: it would fall back on the plan's end), and a deadline it writes must fall
within the plan's period, both ends included, and not after the deadline of the objective it serves
(an error: the plan contradicts itself, and `opmkt status` would judge progress against a
date the plan does not cover).

"Its parent's" deadline is that of the nearest enclosing objective whose own deadline is
right: a sub-objective of a parent without a deadline answers to the grandparent's, and a
deadline outside the period or after its own parent's (reported where it is written) bounds
none of the objectives below it. A deadline both outside the period and after the parent's
gives one finding naming both problems. The range suggested for a missing or wrong deadline
ends at the parent's deadline.

Passes::

    plan:
      name: Bakery 2027
      period: {start: 2027-01-01, end: 2027-12-31}
    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
        deadline: 2027-12-31

Fails (8:15, after the plan ends)::

    plan:
      name: Bakery 2027
      period: {start: 2027-01-01, end: 2027-12-31}
    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
        deadline: 2028-03-31
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from opmkt.findings import Finding, Listed, Severity, Value, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan
from opmkt.plan.walk import effective_deadlines

ID = "smart-time-bound"
SUMMARY = N_("objective has no deadline (error if outside the plan period or after its parent's)")
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    start, end = plan.plan.period.start, plan.plan.period.end
    # The nearest valid deadline each objective answers to, its own or inherited, keyed by
    # identity (ids may be duplicated); parents are walked before their children. A deadline
    # outside the period or after its own bound is reported on its objective and bounds
    # nobody: blaming the children too would report one mistake several times.
    bound: dict[int, tuple[str, dt.date]] = {}
    for at, deadline in effective_deadlines(plan):
        objective = at.objective
        inherited = bound.get(id(at.parent)) if at.parent is not None else None
        own = objective.deadline
        if own is not None and start <= own <= end and (inherited is None or own <= inherited[1]):
            bound[id(objective)] = (objective.id, own)
        elif inherited is not None:
            bound[id(objective)] = inherited
        window = f"{start}..{end if inherited is None else inherited[1]}"
        if own is None:
            if deadline.owner is not None:
                continue  # an ancestor's deadline bounds it
            message = say(
                "objective '{id}' has no deadline: add deadline: YYYY-MM-DD within {window}",
                id=objective.id,
                window=window,
            )
            yield ctx.finding(ID, DEFAULT_SEVERITY, message, at.loc)
            continue
        problems = _problems(own, start, end, inherited)
        if problems:
            message = say(
                "objective '{id}' › deadline {deadline} is {problems}: set it within {window}",
                id=objective.id,
                deadline=str(own),
                problems=Listed(tuple(problems)),
                window=window,
            )
            yield ctx.finding(ID, Severity.ERROR, message, (*at.loc, "deadline"))


def _problems(
    deadline: dt.date,
    start: dt.date,
    end: dt.date,
    inherited: tuple[str, dt.date] | None,
) -> list[Value]:
    problems: list[Value] = []
    if deadline < start:
        problems.append(say("before the plan starts ({start})", start=str(start)))
    elif deadline > end:
        problems.append(say("after the plan ends ({end})", end=str(end)))
    if inherited is not None and deadline > inherited[1]:
        parent_id, parent_deadline = inherited
        problems.append(
            say(
                "after the deadline of '{parent}' ({deadline}), which it serves",
                parent=parent_id,
                deadline=str(parent_deadline),
            )
        )
    return problems
