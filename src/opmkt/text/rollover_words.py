"""The words of next period's plan, as `opmkt init --from` writes it: the section comments and
the review it pre-fills from last year's results, in English and in French."""

from __future__ import annotations

ROLLOVER: dict[str, dict[str, str]] = {
    "en": {
        "achieved": "achieved", "on_track": "on track", "behind": "behind",
        "missed": "missed", "no_data": "no data", "planned": "planned",
        "in_progress": "in progress",
        "done": "done", "cancelled": "cancelled",
        "figures": "{o} {status}: {kpi} {value} against target {target}, progress {progress}",
        "no_kpi": "{o}: no figures (no kpi, baseline or target)",
        "no_value": "{o}: no figures (no value of {kpi} by {end})",
        "on_course": "on course", "off_course": "off course",
        "outlook": ", projected {projected}: {outlook}",
        "spend": ", spent {spent} of {planned} planned to {to}",
        "evidence": "{a} {status}{spend}; {objective}", "reason": "{why}: {evidence}",
        "keep_why": "it moved its objective", "drop_why": "never started, objective not met",
        "over_budget": "over budget", "no_figures": "no figures to judge it",
        "not_started": "not started, objective met without it",
        "not_moving": "ran, objective not on course",
        "measured": "measured on {date}",
        "computed": "computed on {date}",
        "projected": "projected to {when} from {value} on {on}",
        "kept": "last period's baseline: nothing measured or projected by {to}",
        "line": "spent {spent} of {planned} planned to {to}",
        "line_unrecorded": "nothing recorded: its planned total",
        "header": "Prepared by `opmkt init --from` from the plan of {start} to {end}: revise it.",
        "team": "Team, carried over: check who takes part this year.",
        "audit": "Audit, carried over: update the market, competitors, SWOT and PESTEL.",
        "review": "Review of {start} to {end}, pre-filled from last year's plan and results.",
        "mix": "Marketing mix, carried over for revision.",
        "five_c": "5C, carried over for revision.",
        "kpis": "Indicators, carried over.",
        "objectives": "Objectives: baseline = last value measured by {end}; the targets are "
        "last year's:\nset new ones.",
        "objectives_partial": "Objectives: the actuals stop on {to}: baseline = the value "
        "projected to the deadline,\nas `opmkt status` projects it; the targets are last "
        "year's: set new ones.",
        "actions": "Actions: dates moved to the new period, status back to planned; cancelled "
        "ones left out.",
        "budget": "Budget: previous = spent on each line by {end} (its planned total when "
        "nothing was\nrecorded); quotes removed: ask for new ones.",
        "budget_like_for_like": "Budget: the actuals stop on {to} ({covered} of {days} days). "
        "Like for like:\nprevious = spent on each line to {to} plus what it planned after, "
        "phased as\n`opmkt status` lands it (its planned total when nothing was recorded); "
        "quotes removed.",
        "budget_annualized": "Budget: the actuals stop on {to} ({covered} of {days} days). "
        "Annualised:\nprevious = spent on each line to {to} × {days}/{covered} (its planned "
        "total when nothing\nwas recorded); quotes removed.",
        "lint": "Rule settings, carried over.",
    },
    "fr": {
        "achieved": "atteint", "on_track": "en bonne voie", "behind": "en retard",
        "missed": "manqué", "no_data": "sans données", "planned": "prévue",
        "in_progress": "en cours",
        "done": "terminée", "cancelled": "annulée",
        "figures": "{o} {status} : {kpi} {value} pour une cible de {target}, progression "
        "{progress}",
        "no_kpi": "{o} : pas de chiffres (ni indicateur, ni valeur de départ, ni cible)",
        "no_value": "{o} : pas de chiffres (aucune valeur de {kpi} au {end})",
        "on_course": "en bonne voie", "off_course": "hors trajectoire",
        "outlook": ", projeté à {projected} : {outlook}",
        "spend": ", {spent} dépensés sur {planned} prévus au {to}",
        "evidence": "{a} {status}{spend} ; {objective}", "reason": "{why} : {evidence}",
        "keep_why": "elle a fait avancer son objectif",
        "drop_why": "jamais lancée, objectif non atteint",
        "over_budget": "budget dépassé", "no_figures": "pas de chiffres pour en juger",
        "not_started": "pas lancée, objectif atteint sans elle",
        "not_moving": "menée, objectif hors trajectoire",
        "measured": "mesurée le {date}",
        "computed": "calculée le {date}",
        "projected": "projetée au {when} d'après {value} le {on}",
        "kept": "valeur de départ de l'an dernier : rien de mesuré ni de projeté au {to}",
        "line": "{spent} dépensés sur {planned} prévus au {to}",
        "line_unrecorded": "rien d'enregistré : son total prévu",
        "header": "Préparé par `opmkt init --from` d'après le plan du {start} au {end} : "
        "à revoir.",
        "team": "Équipe reprise : vérifiez qui participe cette année.",
        "audit": "Audit repris : mettez à jour marché, concurrence, SWOT et PESTEL.",
        "review": "Bilan du {start} au {end}, prérempli d'après le plan et ses résultats.",
        "mix": "Mix marketing repris pour révision.",
        "five_c": "5C repris pour révision.",
        "kpis": "Indicateurs repris.",
        "objectives": "Objectifs : valeur de départ = dernière valeur mesurée au {end} ; cibles "
        "de l'an dernier :\nfixez-en de nouvelles.",
        "objectives_partial": "Objectifs : le réalisé s'arrête au {to} : valeur de départ = "
        "la valeur projetée\nà l'échéance, comme la projette `opmkt status` ; cibles de l'an "
        "dernier : fixez-en de nouvelles.",
        "actions": "Actions : dates décalées sur la nouvelle période, statut remis à planned ; "
        "actions annulées retirées.",
        "budget": "Budget : previous = dépensé sur chaque ligne au {end} (son total prévu sans "
        "dépense\nenregistrée) ; devis retirés : demandez-en de nouveaux.",
        "budget_like_for_like": "Budget : le réalisé s'arrête au {to} ({covered} jours sur "
        "{days}). À périmètre égal :\nprevious = dépensé sur chaque ligne au {to} plus ce "
        "qu'elle prévoyait ensuite, réparti\ncomme `opmkt status` l'atterrit (son total prévu "
        "sans dépense enregistrée) ; devis retirés.",
        "budget_annualized": "Budget : le réalisé s'arrête au {to} ({covered} jours sur "
        "{days}). Annualisé :\nprevious = dépensé sur chaque ligne au {to} × {days}/{covered} "
        "(son total prévu sans dépense\nenregistrée) ; devis retirés.",
        "lint": "Réglages des règles repris.",
    },
}  # fmt: skip
"""The rolled-over plan's phrases, by language."""
