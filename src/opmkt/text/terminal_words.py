"""The command line's words: the headings, column titles and sentences of `budget`, `status`
and `diff` in a terminal, in Markdown and in the workbook.

English only for now: the command line speaks English whatever the plan's language, and a
language this table lacks falls back to English. Values of the plan's enumerations (a quote's
or an action's status) print as the plan spells them. `{name}` fields are filled by the view.
"""

from __future__ import annotations

_EN: dict[str, str] = {
    # Shared by the views
    "total": "Total",
    "amount": "Amount",
    "share": "Share",
    "previous": "Previous",
    "change": "Change",
    "change_percent": "Change %",
    "percent": "%",
    "line": "Line",
    "lines": "Lines",
    "plan": "Plan",
    "objective": "Objective",
    "objectives": "Objectives",
    "action": "Action",
    "actions": "Actions",
    "status": "Status",
    "left_out": "Left out, no exchange rate for their currency: {ids}",
    # opmkt validate's summary: `counted` adds an `s` to each noun but `info`
    "files_checked": "{files} checked: {counts}",
    "count.file": "file",
    "count.error": "error",
    "count.warning": "warning",
    "count.info": "{n} info",
    # opmkt validate in GitHub Actions, which annotates only so many findings of each kind
    "count.notice": "notice",
    "annotations_left": (
        "GitHub annotates at most {limit} errors, {limit} warnings and {limit} notices per step: "
        "{kinds} {have} no annotation on the files"
    ),
    "have.one": "has",
    "have.other": "have",
    "all_in_log": "every finding is in this log",
    "all_in_table": "every finding is in this table",
    # opmkt validate --format markdown: the findings as a table
    "findings.severity": "severity",
    "findings.where": "where",
    "findings.rule": "rule",
    "findings.message": "message",
    "findings.none": "No findings.",
    # The budget's dimensions, as column and sheet titles
    "dimension.objective": "Objective",
    "dimension.action": "Action",
    "dimension.category": "Category",
    "dimension.channel": "Channel",
    "dimension.mix": "Marketing mix",
    "dimension.segment": "Segment",
    "dimension.month": "Month",
    "dimension.quarter": "Quarter",
    # opmkt budget
    "budget_by": "Budget by {by}",
    "all_plans": "All plans",
    "no_action": "(no action)",
    "no_value": "(no {dimension})",
    "objective_note": (
        "An objective's amount includes its sub-objectives': the top-level objectives and "
        "(no action) add up to the total."
    ),
    "cap_remaining": "Cap {cap}, remaining ",
    "last_period_change": "Last period {previous}: {change} ({percent})",
    "unassigned": "Paying for no action: {amount}",
    "md_cap_remaining": "- Cap: {cap}; remaining: {remaining}{over}",
    "md_over_cap": " (over the cap)",
    "md_last_period": "- Last period: {previous}; change: {change}",
    "md_unassigned": "- Paying for no action: {amount}",
    "md_left_out": "- Left out, no exchange rate for their currency: {ids}",
    "quotes_needed": "Quotes ({lines})",
    "quote_lines_from": "lines of {threshold} or more",
    "quote_lines_each": "lines at or above each plan's threshold",
    "quote": "Quote",
    # The workbook's sheets and summary rows
    "sheet.summary": "Summary",
    "sheet.lines": "Lines",
    "unnamed_plan": "plan",
    "currency": "Currency",
    "cap": "Cap",
    "remaining": "Remaining",
    "last_period": "Last period",
    "paying_for_no_action": "Paying for no action",
    "no_dimension": "No {dimension}",
    "left_out_short": "Left out, no exchange rate",
    "quote_threshold": "Quote threshold",
    "quotes_lines": "Quotes {state}: lines",
    "quotes_amount": "Quotes {state}: amount",
    # opmkt status
    "results_as_of": "Results as of {date}",
    "money": "Money",
    "month_by_month": "Month by month",
    "month": "Month",
    "planned": "Planned",
    "original": "Original",
    "scenarios_by": "Scenarios by {by}: {name}",
    "scenarios_as_of": "Scenarios as of {date}",
    "scenario_objectives": "Objectives: target · status · outlook",
    "revised": "Revised",
    "revision": "Revision",
    "original_budget": "Original budget",
    "original_target": "Original target",
    "baseline_from": "Original: {source}",
    "original_change": "Original budget {original} ({source}): revised {change} ({percent})",
    "md_original": "- Original budget ({source}): {original}; revised: {change}",
    "planned_to_date": "Planned to date",
    "committed": "Committed",
    "actual": "Actual",
    "variance": "Variance",
    "available": "Available",
    "difference": "Difference",
    "landing": "Landing",
    "landing_variance": "Landing variance",
    "unknown_spend": "Spending against no budget line",
    "unknown_line": "{id} (not a line of the plan)",
    "budget_lines": "Budget lines",
    "budget_lines_shown": "Budget lines: {shown} of {count}, furthest over plan",
    "every_line": "--format markdown or --format json lists every line",
    "kpi": "KPI",
    "baseline": "Baseline",
    "target": "Target",
    "progress": "Progress",
    "expected": "Expected",
    "projected": "Projected",
    "outlook": "Outlook",
    "progress_legend": "█ progress  ┃ where it should be by now",
    "start": "Start",
    "end": "End",
    "actions_to_watch": "Actions late or not started",
    "no_action_to_watch": "No action is late or not started.",
    "action_flag.late": "late",
    "action_flag.not_started": "not started",
    "indicators": "Indicators",
    "value": "Value",
    "date": "Date",
    # opmkt diff
    "changes_from": "Changes from {old} to {new}",
    "no_changes": "{head}: none, the two plans are the same.",
    "budget_total": "Budget total: {old} → {new}",
    "currencies_differ": (
        "amounts are in {old} before and in {new} after: "
        "no difference is computed across currencies"
    ),
    "budget_by_objective": "Budget by objective",
    "plan_changes": "Plan changes: {old} → {new}",
    "md_no_changes": "No changes: the two plans are the same.",
    "budget": "Budget",
    "old": "Old",
    "new": "New",
    "budget_line": "Budget line",
    "also_changed": "Also changed: {sections}",
    # init --from: how much of the last period its figures cover
    "rollover_whole": "figures as of {to}, the period's end (--as-of DATE when the actuals "
    "stop before it)",
    "rollover_like_for_like": "actuals to {to}: {covered} of {days} days; compared like for "
    "like: previous = spent to {to} plus the lines' plan after it; baselines projected "
    "(--annualize to scale the spend instead)",
    "rollover_annualized": "actuals to {to}: {covered} of {days} days; annualised: previous = "
    "spent to {to} × {days}/{covered}; baselines projected",
}

TERMINAL: dict[str, dict[str, str]] = {"en": _EN}
"""The command line's words, by language."""
