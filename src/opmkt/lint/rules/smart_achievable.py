"""Without a rationale, an objective's target moves more than lint.max_growth from its baseline.

The A of SMART: an ambitious target is fine when the plan says why it can be reached (a new
range, a new channel, a test that already worked). Without that reason, a target that moves
more than `lint.max_growth` (default 1.0, i.e. ±100 %) away from its baseline is a wish:
|target − baseline| > max_growth × |baseline|. From a baseline of 0, any change is larger.
Every objective is checked, at every depth.

Only objectives with both a baseline and a target are judged (smart-measurable asks for the
missing ones). A rationale that is blank is no rationale. The change is shown as a signed
percentage of the baseline, rounded away from zero to one decimal, so that a shown change is
never equal to the limit it exceeds. A negative `max_growth` allows no change at all.

Passes::

    objectives:
      - id: O1
        category: business
        title: Double the conversion rate of the site
        kpi: conversion
        baseline: 1.5
        target: 3.0

Fails (7:13, +4900 % without a rationale)::

    objectives:
      - id: O4
        category: communication
        title: Grow the newsletter audience
        kpi: subscribers
        baseline: 100
        target: 5000
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from decimal import ROUND_UP, Decimal

from opmkt.findings import Finding, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "smart-achievable"
SUMMARY = N_("without a rationale, the target moves more than lint.max_growth from its baseline")
DEFAULT_SEVERITY = Severity.WARNING

_WIDE = decimal.Context(prec=80, rounding=ROUND_UP)
_HUNDRED = Decimal(100)


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    max_growth = max(plan.lint.max_growth, Decimal(0))
    for at in ctx.index.objective_list:
        objective = at.objective
        baseline, target = objective.baseline, objective.target
        if baseline is None or target is None:
            continue
        if objective.rationale is not None and objective.rationale.strip():
            continue
        change = target - baseline
        if abs(change) <= max_growth * abs(baseline):
            continue
        if baseline == 0:
            said = say(
                "objective '{id}' › target {target} starts from baseline 0, where any change "
                "exceeds the limit, and no rationale is given: add a rationale or a closer target",
                id=objective.id,
                target=_written(target),
            )
        else:
            sign = "+" if change > 0 else "-"
            # A wide context: a tiny baseline gives a huge percentage, still printed whole.
            percent = _WIDE.multiply(_WIDE.divide(abs(change), abs(baseline)), _HUNDRED)
            shown = _plain(_WIDE.quantize(percent, Decimal("0.1")))
            limit = _plain(max_growth * _HUNDRED)
            said = say(
                "objective '{id}' › target {target} is {change} % on baseline {baseline} "
                "(limit {limit} %) and no rationale is given: add a rationale or a closer target",
                id=objective.id,
                target=_written(target),
                change=sign + shown,
                baseline=_written(baseline),
                limit=sign + limit,
            )
        yield ctx.finding(ID, DEFAULT_SEVERITY, said, (*at.loc, "target"))


def _written(value: Decimal) -> str:
    """The number as the author wrote it (7.80 stays 7.80), without an exponent."""
    return format(value, "f")


def _plain(value: Decimal) -> str:
    """A computed number without trailing zeros or exponent: 4900, 66.7."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
