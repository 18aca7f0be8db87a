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

from opmkt.findings import Finding, Message, Severity
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan
from opmkt.plan.walk import effective_deadlines

ID = "action-after-deadline"
SUMMARY = N_("an action ends after its objective's deadline")
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
            field, day = "end", action.end
        elif action.start is not None and action.start > deadline:
            field, day = "start", action.start
        else:
            continue
        text = _TEXTS[(field, _whose(owner_id, action.objective))]
        values = {
            "id": action.id,
            "day": str(day),
            "deadline": str(deadline),
            "objective": action.objective,
            "owner": owner_id or "",
        }
        yield ctx.finding(
            ID, DEFAULT_SEVERITY, Message(text, tuple(values.items())), ("actions", i, field)
        )


def _whose(owner_id: str | None, objective: str) -> str:
    """Whose deadline the action misses: the plan's end, its objective's, or inherited."""
    if owner_id is None:
        return "plan"
    return "own" if owner_id == objective else "inherited"


_TEXTS = {
    ("end", "plan"): N_(
        "action '{id}' ends {day}, after the plan's end {deadline}, the deadline of '{objective}' "
        "as neither it nor an objective above it has one: end it by {deadline}, or give the "
        "objective a deadline"
    ),
    ("start", "plan"): N_(
        "action '{id}' starts {day}, after the plan's end {deadline}, the deadline of "
        "'{objective}' as neither it nor an objective above it has one: bring it forward, or "
        "give the objective a deadline"
    ),
    ("end", "own"): N_(
        "action '{id}' ends {day}, after the deadline {deadline} of objective '{owner}': end it "
        "by {deadline}, or move the deadline"
    ),
    ("start", "own"): N_(
        "action '{id}' starts {day}, after the deadline {deadline} of objective '{owner}': bring "
        "it forward, or move the deadline"
    ),
    ("end", "inherited"): N_(
        "action '{id}' ends {day}, after the deadline {deadline} of objective '{owner}', which "
        "'{objective}' inherits as it has none of its own: end it by {deadline}, or move the "
        "deadline"
    ),
    ("start", "inherited"): N_(
        "action '{id}' starts {day}, after the deadline {deadline} of objective '{owner}', which "
        "'{objective}' inherits as it has none of its own: bring it forward, or move the deadline"
    ),
}
"""What is said, by the date at fault and whose deadline it misses."""


def _deadlines(ctx: Context) -> dict[str, tuple[str | None, dt.date]]:
    """Objective id → (id of the objective whose deadline applies, or None for the plan's
    end; that deadline)."""
    out: dict[str, tuple[str | None, dt.date]] = {}
    for at, deadline in effective_deadlines(ctx.plan):
        # The first definition of a duplicated id is the one actions refer to.
        if ctx.index.objectives[at.objective.id].objective is at.objective:
            out[at.objective.id] = (deadline.owner, deadline.day)
    return out
