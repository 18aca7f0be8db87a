"""A scenario changes nothing.

A scenario (`scenarios:`) says what differs from the plan in a best or worst case: budget
lines' amounts, objectives' targets, exchange rates. One that gives none, or only the plan's
own values, shows the plan again under another name, and a reader comparing scenarios side by
side would take it for a case that was worked out. One finding per scenario, on its item.

Passes::

    scenarios:
      - id: worst
        lines: {B1: 1200}

Fails (2:5, worst gives B1 its own amount)::

    scenarios:
      - id: worst
        lines: {B1: 800}
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan, Scenario
from opmkt.plan.walk import walk_objectives

ID = "scenario-unchanged"
SUMMARY = N_("a scenario changes nothing in the plan")
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for i, scenario in enumerate(plan.scenarios):
        if not _changes(plan, scenario):
            yield ctx.finding(
                ID,
                DEFAULT_SEVERITY,
                f"scenario '{scenario.id}' changes nothing: give the budget lines' amounts "
                "(lines), objectives' targets (targets) or exchange rates (exchange_rates) "
                "that differ in it, or remove it",
                ("scenarios", i),
            )


def _changes(plan: Plan, scenario: Scenario) -> bool:
    """Whether any value it gives differs from the plan's (an unknown id is another rule's)."""
    amounts = {line.id: line.unit_amount for line in plan.budget.lines} if plan.budget else {}
    targets = {at.objective.id: at.objective.target for at in walk_objectives(plan)}
    rates = plan.plan.exchange_rates
    return (
        any(amounts.get(key, value) != value for key, value in scenario.lines.items())
        or any(targets.get(key, value) != value for key, value in scenario.targets.items())
        or any(rates.get(key, value) != value for key, value in scenario.exchange_rates.items())
    )
