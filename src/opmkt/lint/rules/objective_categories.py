"""One of the three categories of objectives has no objective.

The method sets objectives in three categories that feed each other: business (activité:
revenue, market share, new offers), communication (awareness, image) and conversion (turning
prospects into customers and keeping them: conversion et fidélisation). A plan that leaves
one out usually forgot it. Sub-objectives count: a conversion sub-objective under a business
objective covers conversion. One finding per missing category, on the `objectives` section
(line 1 when the plan has none). It is info: a plan may leave a category out on purpose, and
then says so by disabling the rule.

Passes::

    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
        objectives:
          - id: O1.1
            category: conversion
            title: Raise the average basket to 8.50 €
      - id: O2
        category: communication
        title: Make the bakery known in the new district

Fails (2:3, no conversion objective)::

    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
      - id: O2
        category: communication
        title: Make the bakery known in the new district
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import get_args

from opmkt.findings import Finding, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Category, Plan

ID = "objective-categories"
SUMMARY = N_("one of the three categories has no objective")
DEFAULT_SEVERITY = Severity.INFO

_MEANING = {
    "business": say("revenue, market share, new offers"),
    "communication": say("awareness and image"),
    "conversion": say("turning prospects into customers and keeping them"),
}


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    present = {at.objective.category for at in ctx.index.objective_list}
    for category in get_args(Category):
        if category in present:
            continue
        yield ctx.section_finding(
            ID,
            DEFAULT_SEVERITY,
            say(
                "no objective has category {category} ({meaning}): add one with category: "
                "{category}, or disable the rule if the plan leaves it out on purpose",
                category=category,
                meaning=_MEANING[category],
            ),
            "objectives",
        )
