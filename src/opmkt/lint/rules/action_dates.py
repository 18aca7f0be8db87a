"""An action ends before it starts, or lies outside the plan period.

An operational plan covers one period, usually a year: an action dated outside it belongs to
another plan, and one that ends before it starts cannot be scheduled at all. Each date the
action gives is checked against the other and against `plan.period` (both ends included). One
finding per action names every problem. It points at `start` when the start lies outside the
period, otherwise at `end`. A missing date is `action-incomplete`'s business, not this rule's.

The rule applies to every action whatever its status: a date written in the plan must be right.

Passes::

    plan:
      name: Bakery plan 2027
      period: {start: 2027-01-01, end: 2027-12-31}
    actions:
      - id: A1
        objective: O1
        what: Christmas window display
        start: 2027-12-01
        end: 2027-12-31

Fails (9:10, ends after the plan period)::

    plan:
      name: Bakery plan 2027
      period: {start: 2027-01-01, end: 2027-12-31}
    actions:
      - id: A1
        objective: O1
        what: Christmas window display
        start: 2027-12-01
        end: 2028-01-06
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Listed, Message, Severity, Value, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Action, Period, Plan

ID = "action-dates"
SUMMARY = N_("an action ends before it starts, or lies outside the plan period")
DEFAULT_SEVERITY = Severity.ERROR


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    period = plan.plan.period
    for i, action in enumerate(plan.actions):
        problems, fixes, start_at_fault = _problems(action, period)
        if problems:
            yield ctx.finding(
                ID,
                DEFAULT_SEVERITY,
                say(
                    "action '{id}' {problems}: {fixes}",
                    id=action.id,
                    problems=Listed(tuple(problems)),
                    fixes=both(fixes),
                ),
                ("actions", i, "start" if start_at_fault else "end"),
            )


def _problems(action: Action, period: Period) -> tuple[list[Value], list[Value], bool]:
    """What is wrong with the action's dates, how to fix it, and whether the start is at fault."""
    problems: list[Value] = []
    fixes: list[Value] = []
    start, end = action.start, action.end
    reversed_ = start is not None and end is not None and end < start
    if reversed_:
        problems.append(say("ends {end} before it starts {start}", end=str(end), start=str(start)))
        fixes.append(say("put the start on or before the end"))
    out_of_period = False
    start_at_fault = False
    for verb, day in (("starts", start), ("ends", end)):
        if day is None or period.start <= day <= period.end:
            continue
        # Reversed dates were just named: do not repeat them.
        problems.append(outside(verb, "" if reversed_ else str(day), day < period.start))
        out_of_period = True
        start_at_fault = start_at_fault or verb == "starts"
    if out_of_period:
        fixes.append(
            say(
                "move its dates within the plan period {start}..{end}",
                start=str(period.start),
                end=str(period.end),
            )
        )
    return problems, fixes, start_at_fault


def outside(verb: str, day: str, before: bool) -> Message:
    """`starts 2026-12-01 before the plan period`, `ends after the plan period`."""
    if not day:
        if verb == "starts":
            return (
                say("starts before the plan period")
                if before
                else say("starts after the plan period")
            )
        return say("ends before the plan period") if before else say("ends after the plan period")
    if verb == "starts":
        if before:
            return say("starts {day} before the plan period", day=day)
        return say("starts {day} after the plan period", day=day)
    if before:
        return say("ends {day} before the plan period", day=day)
    return say("ends {day} after the plan period", day=day)


def both(fixes: list[Value]) -> Value:
    """One fix, or two as `the first, and the second`."""
    if len(fixes) == 1:
        return fixes[0]
    return say("{first}, and {second}", first=fixes[0], second=fixes[1])
