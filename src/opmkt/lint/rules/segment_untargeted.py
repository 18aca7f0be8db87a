"""A segment of the audit that no objective and no action targets.

The method warns that a plan most often fails on its market segmentation and targeting: the
audit names the target customers, and the objectives and their actions must then say whom they
are meant for. A segment that nothing in the plan names is either a target the plan forgot (no
action will reach it) or one that is no target at all (it should leave the audit, so that the
plan says plainly whom it serves).

Decisions where the plan format is silent:

- An objective targets a segment by naming it in `segment`, at any depth; a sub-objective does
  not inherit its parent's segment (nor does a parent get its children's), but any one naming
  it is enough.
- An action with `status: cancelled` targets nobody: a segment named only by cancelled actions
  (and no objective) is reported, and the message says so.
- One finding per segment item, on the item (its `id`), so that it can be silenced there.

Passes::

    audit:
      segments:
        - {id: families, name: Local families}
    objectives:
      - id: O1
        category: business
        title: Grow revenue from local families
        segment: families

Fails (4:7, `offices` is targeted by nothing)::

    audit:
      segments:
        - {id: families, name: Local families}
        - {id: offices, name: Office workers nearby}
    objectives:
      - id: O1
        category: business
        title: Grow revenue from local families
        segment: families
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "segment-untargeted"
SUMMARY = N_("a segment that no objective and no action targets")
DEFAULT_SEVERITY = Severity.INFO


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if plan.audit is None or not plan.audit.segments:
        return
    targeted = {at.objective.segment for at in ctx.index.objective_list}
    cancelled: set[str | None] = set()
    for action in plan.actions:
        (cancelled if action.status == "cancelled" else targeted).add(action.segment)
    for i, segment in enumerate(plan.audit.segments):
        if segment.id in targeted:
            continue
        message = (
            say(
                "segment '{id}' is targeted by no objective or action (only cancelled actions "
                "name it): set segment: {id} on the objectives or actions meant for it, or "
                "remove it from audit.segments",
                id=segment.id,
            )
            if segment.id in cancelled
            else say(
                "segment '{id}' is targeted by no objective or action: set segment: {id} on the "
                "objectives or actions meant for it, or remove it from audit.segments",
                id=segment.id,
            )
        )
        yield ctx.finding(ID, DEFAULT_SEVERITY, message, ("audit", "segments", i))
