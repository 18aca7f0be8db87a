"""A leaf objective has no action.

Objectives are reached through actions: a leaf objective (one without sub-objectives) that no
action's `objective` names has nobody doing anything for it, and will be missed. An objective
with sub-objectives is served through them, so only leaves are checked, at every depth; an
action naming a parent does not count for its leaves.

A cancelled action does not count either: an objective whose only actions are cancelled is
left without means, and the message names those actions.

Passes::

    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
    actions:
      - id: A1
        objective: O1
        what: Launch the loyalty card

Fails (2:5, O1 has only a cancelled action)::

    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
    actions:
      - id: A1
        objective: O1
        what: Launch the loyalty card
        status: cancelled
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "objective-without-action"
SUMMARY = "a leaf objective has no action"
DEFAULT_SEVERITY = Severity.WARNING

_SHOWN = 3


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    served: set[str] = set()
    cancelled: dict[str, list[str]] = {}
    for action in plan.actions:
        if action.status == "cancelled":
            cancelled.setdefault(action.objective, []).append(f"'{action.id}'")
        else:
            served.add(action.objective)
    for at in ctx.index.objective_list:
        objective = at.objective
        if objective.objectives or objective.id in served:
            continue
        add = (
            f"add an action with objective: {objective.id}, "
            "or split it into sub-objectives that have actions"
        )
        dropped = cancelled.get(objective.id)
        if dropped:
            more = ", …" if len(dropped) > _SHOWN else ""
            said = (
                f"has only cancelled actions ({', '.join(dropped[:_SHOWN])}{more})"
                if len(dropped) > 1
                else f"has only a cancelled action ({dropped[0]})"
            )
        else:
            said = "has no action"
        yield ctx.finding(ID, DEFAULT_SEVERITY, f"objective '{objective.id}' {said}: {add}", at.loc)
