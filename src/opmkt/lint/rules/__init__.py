"""The registry of validation rules: one module per rule id of the plan format."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from opmkt.findings import Finding, Severity
from opmkt.lint.context import Context
from opmkt.lint.rules import (
    action_after_deadline,
    action_dates,
    action_incomplete,
    actuals_outside_period,
    audit_incomplete,
    budget_dates,
    budget_over_cap,
    budget_unassigned,
    currency_rate_missing,
    duplicate_id,
    duplicate_key,
    formula_measured,
    hidden_characters,
    kpi_coverage,
    mix_incomplete,
    objective_categories,
    objective_without_action,
    pestel_incomplete,
    quote_mismatch,
    quote_missing,
    review_missing,
    scenario_unchanged,
    schema,
    segment_untargeted,
    smart_achievable,
    smart_measurable,
    smart_relevant,
    smart_specific,
    smart_time_bound,
    swot_incomplete,
    syntax,
    unknown_reference,
)
from opmkt.plan.model import Plan


class Rule(Protocol):
    """What every rule module declares. Its docstring is its documentation."""

    ID: str
    SUMMARY: str
    DEFAULT_SEVERITY: Severity

    def check(self, plan: Plan, ctx: Context) -> Iterator[Finding]: ...


# In the order of the plan format's rule table, which is the order `opmkt rules` lists them.
RULES: dict[str, Rule] = {
    m.ID: m
    for m in (
        syntax,
        duplicate_key,
        schema,
        duplicate_id,
        unknown_reference,
        smart_specific,
        smart_measurable,
        smart_achievable,
        smart_relevant,
        smart_time_bound,
        audit_incomplete,
        swot_incomplete,
        pestel_incomplete,
        review_missing,
        mix_incomplete,
        objective_categories,
        objective_without_action,
        action_incomplete,
        action_dates,
        action_after_deadline,
        budget_over_cap,
        budget_unassigned,
        quote_missing,
        quote_mismatch,
        budget_dates,
        currency_rate_missing,
        scenario_unchanged,
        actuals_outside_period,
        formula_measured,
        kpi_coverage,
        segment_untargeted,
        hidden_characters,
    )
}

ACTUALS_RULES = frozenset(
    {
        "unknown-reference",
        "currency-rate-missing",
        "actuals-outside-period",
        "formula-measured",
        "hidden-characters",
    }
)
"""The rules that also check actuals files (`ctx.actuals` is set); the others see plans only."""

INTERNAL_ERROR = "internal-error"
"""The rule id of a finding that reports a crash of opmkt itself."""
