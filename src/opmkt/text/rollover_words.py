"""The words of next period's plan, as `opmkt init --from` writes it: the section comments and
the review it pre-fills from last year's results, each a name for its English text,
translated by the catalogs (`opmkt/locale/`)."""

from __future__ import annotations

from opmkt.i18n import N_

ROLLOVER: dict[str, str] = {
    "achieved": N_("achieved"),
    "on_track": N_("on track"),
    "behind": N_("behind"),
    "missed": N_("missed"),
    "no_data": N_("no data"),
    "planned": N_("planned"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
    "figures": N_("{o} {status}: {kpi} {value} against target {target}, progress {progress}"),
    "no_kpi": N_("{o}: no figures (no kpi, baseline or target)"),
    "no_value": N_("{o}: no figures (no value of {kpi} by {end})"),
    "on_course": N_("on course"),
    "off_course": N_("off course"),
    "outlook": N_(", projected {projected}: {outlook}"),
    "spend": N_(", spent {spent} of {planned} planned to {to}"),
    "evidence": N_("{a} {status}{spend}; {objective}"),
    "reason": N_("{why}: {evidence}"),
    "keep_why": N_("it moved its objective"),
    "drop_why": N_("never started, objective not met"),
    "over_budget": N_("over budget"),
    "no_figures": N_("no figures to judge it"),
    "not_started": N_("not started, objective met without it"),
    "not_moving": N_("ran, objective not on course"),
    "measured": N_("measured on {date}"),
    "computed": N_("computed on {date}"),
    "projected": N_("projected to {when} from {value} on {on}"),
    "kept": N_("last period's baseline: nothing measured or projected by {to}"),
    "line": N_("spent {spent} of {planned} planned to {to}"),
    "line_unrecorded": N_("nothing recorded: its planned total"),
    "header": N_("Prepared by `opmkt init --from` from the plan of {start} to {end}: revise it."),
    "team": N_("Team, carried over: check who takes part this year."),
    "audit": N_("Audit, carried over: update the market, competitors, SWOT and PESTEL."),
    "review": N_("Review of {start} to {end}, pre-filled from last year's plan and results."),
    "mix": N_("Marketing mix, carried over for revision."),
    "five_c": N_("5C, carried over for revision."),
    "kpis": N_("Indicators, carried over."),
    "objectives": N_(
        "Objectives: baseline = last value measured by {end}; the targets are last "
        "year's:\n"
        "set new ones."
    ),
    "objectives_partial": N_(
        "Objectives: the actuals stop on {to}: baseline = the value projected to the "
        "deadline,\n"
        "as `opmkt status` projects it; the targets are last year's: set new ones."
    ),
    "actions": N_(
        "Actions: dates moved to the new period, status back to planned; cancelled ones left out."
    ),
    "budget": N_(
        "Budget: previous = spent on each line by {end} (its planned total when nothing "
        "was\n"
        "recorded); quotes removed: ask for new ones."
    ),
    "budget_like_for_like": N_(
        "Budget: the actuals stop on {to} ({covered} of {days} days). Like for like:\n"
        "previous = spent on each line to {to} plus what it planned after, phased as\n"
        "`opmkt status` lands it (its planned total when nothing was recorded); quotes "
        "removed."
    ),
    "budget_annualized": N_(
        "Budget: the actuals stop on {to} ({covered} of {days} days). Annualised:\n"
        "previous = spent on each line to {to} × {days}/{covered} (its planned total "
        "when nothing\n"
        "was recorded); quotes removed."
    ),
    "lint": N_("Rule settings, carried over."),
}
"""The rolled-over plan's phrases by name."""
