"""A plan's named scenarios (`scenarios:`): the plan with one of them applied, as every command
that takes `--scenario NAME` computes it.

A scenario changes the amount of budget lines (one occurrence, in the line's currency: a line
given as quantity × unit_cost becomes that amount), the targets of objectives at any depth and
exchange rates, by id; everything else is the plan's. An id the plan does not have changes
nothing (`opmkt validate` reports it as `unknown-reference`). `base` is the plan itself.
"""

from __future__ import annotations

from opmkt.errors import BadValue
from opmkt.findings import say
from opmkt.plan.model import Objective, Plan, Scenario

BASE = "base"
"""The plan as written, beside its scenarios."""
ALL = "all"
"""`--scenario all`: the plan and each scenario, side by side."""


def scenario_names(plan: Plan) -> list[str]:
    """`base`, then the plan's scenarios in their order."""
    return [BASE, *(scenario.id for scenario in plan.scenarios)]


def with_scenario(plan: Plan, name: str) -> Plan:
    """The plan with scenario `name` applied (`base`: the plan itself); BadValue for a name the
    plan does not have."""
    if name == BASE:
        return plan
    chosen = next((s for s in plan.scenarios if s.id == name), None)
    if chosen is None:
        known = ", ".join(scenario_names(plan))
        raise BadValue(
            say(
                "the plan has no scenario {name}: one of {known}, or all",
                name=repr(name),
                known=known,
            ),
            "--scenario",
        )
    return apply(plan, chosen)


def apply(plan: Plan, scenario: Scenario) -> Plan:
    """The plan as the scenario supposes it."""
    info = plan.plan
    if scenario.exchange_rates:
        rates = {**info.exchange_rates, **scenario.exchange_rates}
        info = info.model_copy(update={"exchange_rates": rates})
    budget = plan.budget
    if budget is not None and scenario.lines:
        lines = [
            line.model_copy(
                update={"amount": scenario.lines[line.id], "quantity": None, "unit_cost": None}
            )
            if line.id in scenario.lines
            else line
            for line in budget.lines
        ]
        budget = budget.model_copy(update={"lines": lines})
    objectives = plan.objectives
    if scenario.targets:
        objectives = [_targets(objective, scenario) for objective in plan.objectives]
    return plan.model_copy(update={"plan": info, "budget": budget, "objectives": objectives})


def _targets(objective: Objective, scenario: Scenario) -> Objective:
    update: dict[str, object] = {}
    if objective.id in scenario.targets:
        update["target"] = scenario.targets[objective.id]
    if objective.objectives:
        update["objectives"] = [_targets(child, scenario) for child in objective.objectives]
    return objective.model_copy(update=update) if update else objective
