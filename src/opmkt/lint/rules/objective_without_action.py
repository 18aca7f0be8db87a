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

from opmkt.findings import Finding, Severity, say, say_n
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "objective-without-action"
SUMMARY = N_("a leaf objective has no action")
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
        add = say(
            "add an action with objective: {id}, or split it into sub-objectives that have actions",
            id=objective.id,
        )
        dropped = cancelled.get(objective.id)
        if dropped:
            more = ", …" if len(dropped) > _SHOWN else ""
            said = say_n(
                "has only a cancelled action ({ids})",
                "has only cancelled actions ({ids})",
                len(dropped),
                ids=", ".join(dropped[:_SHOWN]) + more,
            )
        else:
            said = say("has no action")
        message = say("objective '{id}' {said}: {add}", id=objective.id, said=said, add=add)
        yield ctx.finding(ID, DEFAULT_SEVERITY, message, at.loc)
