"""An action lacks start/end, owner, how or steps.

The method asks five questions of every action: what to do, when, who, how, and through which
steps. `what` is required by the format; this rule asks for the other four, so that each action
can be scheduled, handed to someone and followed up. It gives ONE finding per action, on the
action, naming everything it lacks: `start` and `end` (when), `owner` (who, a team id), `how`,
and `steps`. A blank `how` or an empty `steps` list says nothing, so it counts as missing.

A `cancelled` action will not run: it needs no owner, method or steps, and is not checked.

Passes::

    team:
      - id: marie
        name: Marie Dupont
    actions:
      - id: A1
        objective: O1
        what: Launch the Instagram account
        start: 2027-02-01
        end: 2027-06-30
        owner: marie
        how: Product photos of the day, stories on Saturdays
        steps: [Create the account, Photo shoot, Editorial calendar]

Fails (5:5, no end, no how and no steps)::

    team:
      - id: marie
        name: Marie Dupont
    actions:
      - id: A1
        objective: O1
        what: Launch the Instagram account
        start: 2027-02-01
        owner: marie
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Listed, Severity, Value, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Action, Plan

ID = "action-incomplete"
SUMMARY = N_("an action lacks start/end, owner, how or steps")
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for i, action in enumerate(plan.actions):
        if action.status == "cancelled":
            continue
        lacks, fixes = _gaps(action)
        if lacks:
            yield ctx.finding(
                ID,
                DEFAULT_SEVERITY,
                say(
                    "action '{id}' lacks {lacks}: add {fixes}",
                    id=action.id,
                    lacks=Listed(tuple(lacks)),
                    fixes=Listed(tuple(fixes), "; "),
                ),
                ("actions", i),
            )


def _gaps(action: Action) -> tuple[list[str], list[Value]]:
    """What the action lacks, in the order of the method's questions, and how to give each."""
    lacks: list[str] = []
    fixes: list[Value] = []
    for name, day in (("start", action.start), ("end", action.end)):
        if day is None:
            lacks.append(name)
            fixes.append(say("{name}: YYYY-MM-DD", name=name))
    if action.owner is None:
        lacks.append("owner")
        fixes.append(say("owner: <the team id of who does it>"))
    if action.how is None or not action.how.strip():
        lacks.append("how")
        fixes.append(say("how: <the way it is done>"))
    if not action.steps or not any(step.strip() for step in action.steps):
        lacks.append("steps")
        fixes.append(say("steps: [<the stages, in order>]"))
    return lacks, fixes
