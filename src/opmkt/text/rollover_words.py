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
        "evidence": "{a} {status}; {objective}", "adjust": "adjust: {evidence}",
        "header": "Prepared by `opmkt init --from` from the plan of {start} to {end}: revise it.",
        "team": "Team, carried over: check who takes part this year.",
        "audit": "Audit, carried over: update the market, competitors, SWOT and PESTEL.",
        "review": "Review of {start} to {end}, pre-filled from last year's plan and results.",
        "mix": "Marketing mix, carried over for revision.",
        "five_c": "5C, carried over for revision.",
        "kpis": "Indicators, carried over.",
        "objectives": "Objectives: baseline = last value measured by {end}; the targets are "
        "last year's:\nset new ones.",
        "actions": "Actions: dates moved to the new period, status back to planned; cancelled "
        "ones left out.",
        "budget": "Budget: previous = spent on each line by {end} (its planned total when "
        "nothing was\nrecorded); quotes removed: ask for new ones.",
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
        "evidence": "{a} {status} ; {objective}", "adjust": "ajuster : {evidence}",
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
        "actions": "Actions : dates décalées sur la nouvelle période, statut remis à planned ; "
        "actions annulées retirées.",
        "budget": "Budget : previous = dépensé sur chaque ligne au {end} (son total prévu sans "
        "dépense\nenregistrée) ; devis retirés : demandez-en de nouveaux.",
        "lint": "Réglages des règles repris.",
    },
}  # fmt: skip
"""The rolled-over plan's phrases, by language."""
