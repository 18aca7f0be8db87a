"""The command line's words: the headings, column titles and sentences of `budget`, `status`
and `diff` in a terminal, in Markdown and in the workbook.

Each is a name for its English text, translated by the catalogs (`opmkt/locale/`) into the
language the command speaks (see `opmkt.i18n`). Values of the plan's enumerations (a quote's
or an action's status) print as the plan spells them. `{name}` fields are filled by the view.
"""

from __future__ import annotations

from opmkt.i18n import N_

TERMINAL: dict[str, str] = {
    # Shared by the views
    "total": N_("Total"),
    "amount": N_("Amount"),
    "share": N_("Share"),
    "previous": N_("Previous"),
    "change": N_("Change"),
    "change_percent": N_("Change %"),
    "percent": N_("%"),
    "line": N_("Line"),
    "lines": N_("Lines"),
    "plan": N_("Plan"),
    "objective": N_("Objective"),
    "objectives": N_("Objectives"),
    "action": N_("Action"),
    "actions": N_("Actions"),
    "status": N_("Status"),
    "left_out": N_("Left out, no exchange rate for their currency: {ids}"),
    # opmkt validate --format markdown in GitHub Actions, which annotates only so many findings
    "all_in_table": N_("every finding is in this table"),
    # opmkt validate --format markdown: the findings as a table
    "findings.severity": N_("severity"),
    "findings.where": N_("where"),
    "findings.rule": N_("rule"),
    "findings.message": N_("message"),
    "findings.none": N_("No findings."),
    # The budget's dimensions, as column and sheet titles
    "dimension.objective": N_("Objective"),
    "dimension.action": N_("Action"),
    "dimension.category": N_("Category"),
    "dimension.channel": N_("Channel"),
    "dimension.mix": N_("Marketing mix"),
    "dimension.segment": N_("Segment"),
    "dimension.month": N_("Month"),
    "dimension.quarter": N_("Quarter"),
    # opmkt budget
    "budget_by.objective": N_("Budget by objective"),
    "budget_by.action": N_("Budget by action"),
    "budget_by.category": N_("Budget by category"),
    "budget_by.channel": N_("Budget by channel"),
    "budget_by.mix": N_("Budget by marketing mix"),
    "budget_by.segment": N_("Budget by segment"),
    "budget_by.month": N_("Budget by month"),
    "budget_by.quarter": N_("Budget by quarter"),
    "all_plans": N_("All plans"),
    "no_action": N_("(no action)"),
    "no_value.category": N_("(no category)"),
    "no_value.channel": N_("(no channel)"),
    "no_value.mix": N_("(no marketing mix)"),
    "no_value.segment": N_("(no segment)"),
    "objective_note": N_(
        "An objective's amount includes its sub-objectives': the top-level objectives and "
        "(no action) add up to the total."
    ),
    "cap_remaining": N_("Cap {cap}, remaining "),
    "last_period_change": N_("Last period {previous}: {change} ({percent})"),
    "unassigned": N_("Paying for no action: {amount}"),
    "md_cap_remaining": N_("- Cap: {cap}; remaining: {remaining}{over}"),
    "md_over_cap": N_(" (over the cap)"),
    "md_last_period": N_("- Last period: {previous}; change: {change}"),
    "md_unassigned": N_("- Paying for no action: {amount}"),
    "md_left_out": N_("- Left out, no exchange rate for their currency: {ids}"),
    "quotes_needed": N_("Quotes ({lines})"),
    "quote_lines_from": N_("lines of {threshold} or more"),
    "quote_lines_each": N_("lines at or above each plan's threshold"),
    "quote": N_("Quote"),
    # The workbook's sheets and summary rows
    "sheet.summary": N_("Summary"),
    "sheet.lines": N_("Lines"),
    "unnamed_plan": N_("plan"),
    "currency": N_("Currency"),
    "cap": N_("Cap"),
    "remaining": N_("Remaining"),
    "last_period": N_("Last period"),
    "paying_for_no_action": N_("Paying for no action"),
    "no_dimension.category": N_("No category"),
    "no_dimension.channel": N_("No channel"),
    "no_dimension.mix": N_("No marketing mix"),
    "no_dimension.segment": N_("No segment"),
    "left_out_short": N_("Left out, no exchange rate"),
    "quote_threshold": N_("Quote threshold"),
    "quotes_lines": N_("Quotes {state}: lines"),
    "quotes_amount": N_("Quotes {state}: amount"),
    # opmkt status
    "results_as_of": N_("Results as of {date}"),
    "money": N_("Money"),
    "month_by_month": N_("Month by month"),
    "month": N_("Month"),
    "planned": N_("Planned"),
    "original": N_("Original"),
    "scenarios_by": N_("Scenarios by {by}: {name}"),
    "scenarios_as_of": N_("Scenarios as of {date}"),
    "scenario_objectives": N_("Objectives: target · status · outlook"),
    "revised": N_("Revised"),
    "revision": N_("Revision"),
    "original_budget": N_("Original budget"),
    "original_target": N_("Original target"),
    "baseline_from": N_("Original: {source}"),
    "original_change": N_("Original budget {original} ({source}): revised {change} ({percent})"),
    "md_original": N_("- Original budget ({source}): {original}; revised: {change}"),
    "planned_to_date": N_("Planned to date"),
    "committed": N_("Committed"),
    "actual": N_("Actual"),
    "variance": N_("Variance"),
    "available": N_("Available"),
    "difference": N_("Difference"),
    "landing": N_("Landing"),
    "landing_variance": N_("Landing variance"),
    "unknown_spend": N_("Spending against no budget line"),
    "unknown_line": N_("{id} (not a line of the plan)"),
    "budget_lines": N_("Budget lines"),
    "budget_lines_shown": N_("Budget lines: {shown} of {count}, furthest over plan"),
    "every_line": N_("--format markdown or --format json lists every line"),
    "kpi": N_("KPI"),
    "baseline": N_("Baseline"),
    "target": N_("Target"),
    "progress": N_("Progress"),
    "expected": N_("Expected"),
    "projected": N_("Projected"),
    "outlook": N_("Outlook"),
    "progress_legend": N_("█ progress  ┃ where it should be by now"),
    "start": N_("Start"),
    "end": N_("End"),
    "actions_to_watch": N_("Actions late or not started"),
    "no_action_to_watch": N_("No action is late or not started."),
    "action_flag.late": N_("late"),
    "action_flag.not_started": N_("not started"),
    "indicators": N_("Indicators"),
    "value": N_("Value"),
    "date": N_("Date"),
    # opmkt diff
    "changes_from": N_("Changes from {old} to {new}"),
    "no_changes": N_("{head}: none, the two plans are the same."),
    "budget_total": N_("Budget total: {old} → {new}"),
    "currencies_differ": N_(
        "amounts are in {old} before and in {new} after: "
        "no difference is computed across currencies"
    ),
    "budget_by_objective": N_("Budget by objective"),
    "plan_changes": N_("Plan changes: {old} → {new}"),
    "md_no_changes": N_("No changes: the two plans are the same."),
    "budget": N_("Budget"),
    "old": N_("Old"),
    "new": N_("New"),
    "budget_line": N_("Budget line"),
    "also_changed": N_("Also changed: {sections}"),
    "state.added": N_("added"),
    "state.removed": N_("removed"),
    "state.changed": N_("changed"),
    # init --from: how much of the last period its figures cover
    "rollover_whole": N_(
        "figures as of {to}, the period's end (--as-of DATE when the actuals stop before it)"
    ),
    "rollover_like_for_like": N_(
        "actuals to {to}: {covered} of {days} days; compared like for "
        "like: previous = spent to {to} plus the lines' plan after it; baselines projected "
        "(--annualize to scale the spend instead)"
    ),
    "rollover_annualized": N_(
        "actuals to {to}: {covered} of {days} days; annualised: previous = "
        "spent to {to} × {days}/{covered}; baselines projected"
    ),
}
