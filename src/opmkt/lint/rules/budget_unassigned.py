"""A budget line pays for no action.

Every cost in an operational plan should serve an action, and through it an objective: that is
how the budget is justified and how spend is tied to results. A line without `action` counts in
the total but under no objective, channel or segment. The format allows it for genuinely
shared costs (a tool every action uses, agency fees); for those, keep the line and silence the
finding on it with `# opmkt: ignore[budget-unassigned]`, which records that the choice was made
on purpose. One finding per line, on the line.

Passes::

    budget:
      lines:
        - id: B1
          action: A1
          label: Product photo shoot
          amount: 800

Fails (3:7, B1 names no action)::

    budget:
      lines:
        - id: B1
          label: Product photo shoot
          amount: 800
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "budget-unassigned"
SUMMARY = N_("a budget line pays for no action")
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if plan.budget is None:
        return
    for i, line in enumerate(plan.budget.lines):
        if line.action is None:
            yield ctx.finding(
                ID,
                DEFAULT_SEVERITY,
                say(
                    "budget line '{id}' ({label}) pays for no action: add action: <the id of "
                    "the action it pays for>; for a cost all actions share, end its first line "
                    "with # opmkt: ignore[budget-unassigned]",
                    id=line.id,
                    label=line.label,
                ),
                ("budget", "lines", i),
            )
