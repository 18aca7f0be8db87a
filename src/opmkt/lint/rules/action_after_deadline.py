"""An action ends after its objective's deadline.

An action exists to reach its objective; if it is still running when the objective's deadline
has passed, it cannot count towards it, and either the action or the deadline is wrong. The
objective may be at any depth. A sub-objective without a `deadline` must still be met by its
parent's, so the nearest ancestor's deadline applies then, and the plan's end when no
objective above it has one. The finding points at the action's
`end`. An action with no `end` but a `start` after the deadline is reported on its `start`
(it can only end later). A `cancelled` action will not run and is not checked; one that is
`done` is, since the plan is also the record of what was late.

Passes::

    objectives:
      - id: O1
        category: communication
        title: Reach 2,000 Instagram followers
        deadline: 2027-06-30
    actions:
      - id: A1
        objective: O1
        what: Three posts a week
        end: 2027-06-30

Fails (10:10, the action ends a month after O1's deadline)::

    objectives:
      - id: O1
        category: communication
        title: Reach 2,000 Instagram followers
        deadline: 2027-06-30
    actions:
      - id: A1
        objective: O1
        what: Three posts a week
        end: 2027-07-31
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from opmkt.findings import Finding, Severity
from opmkt.lint.context import Context
from opmkt.plan.model import Plan
from opmkt.plan.walk import effective_deadlines

ID = "action-after-deadline"
SUMMARY = "an action ends after its objective's deadline"
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    deadlines = _deadlines(ctx)
    for i, action in enumerate(plan.actions):
        if action.status == "cancelled" or action.objective not in deadlines:
            continue
        owner_id, deadline = deadlines[action.objective]
        if action.end is not None:
            if action.end <= deadline:
                continue
            field, verb, day, fix = "end", "ends", action.end, f"end it by {deadline}"
        elif action.start is not None and action.start > deadline:
            field, verb, day, fix = "start", "starts", action.start, "bring it forward"
        else:
            continue
        if owner_id is None:
            message = (
                f"action '{action.id}' {verb} {day}, after the plan's end {deadline}, the "
                f"deadline of '{action.objective}' as neither it nor an objective above it has "
                f"one: {fix}, or give the objective a deadline"
            )
        else:
            whose = f"objective '{owner_id}'"
            if owner_id != action.objective:
                whose += f", which '{action.objective}' inherits as it has none of its own"
            message = (
                f"action '{action.id}' {verb} {day}, after the deadline {deadline} of {whose}: "
                f"{fix}, or move the deadline"
            )
        yield ctx.finding(
            ID,
            DEFAULT_SEVERITY,
            message,
            ("actions", i, field),
        )


def _deadlines(ctx: Context) -> dict[str, tuple[str | None, dt.date]]:
    """Objective id → (id of the objective whose deadline applies, or None for the plan's
    end; that deadline)."""
    out: dict[str, tuple[str | None, dt.date]] = {}
    for at, deadline in effective_deadlines(ctx.plan):
        # The first definition of a duplicated id is the one actions refer to.
        if ctx.index.objectives[at.objective.id].objective is at.objective:
            out[at.objective.id] = (deadline.owner, deadline.day)
    return out
