"""The words of `opmkt track remove`: what it shows of the records it takes out of an actuals
file, in the plan's language (its refusals, like every error, are in English).

`{amount}` and `{value}` come formatted in the plan's locale, dates as the file writes them.
"""

from __future__ import annotations

TRACK: dict[str, dict[str, str]] = {
    "en": {
        "spend": "spend of {amount} {currency} on line {line} dated {date}{ref}",
        "ref": ", ref {ref}",
        "measurement": "{kpi} = {value} dated {date}",
        "records.one": "1 record",
        "records.other": "{count} records",
        "to_remove": "to remove from {file} ({records}):",
        "dry_run": "to remove from {file} ({records}; dry run, nothing written):",
        "confirm": "Remove {records}?",
        "removed": "removed from {file}: {records}",
        "kept": "nothing removed",
    },
    "fr": {
        "spend": "dépense de {amount} {currency} sur la ligne {line} du {date}{ref}",
        "ref": ", réf. {ref}",
        "measurement": "{kpi} = {value} au {date}",
        "records.one": "1 enregistrement",
        "records.other": "{count} enregistrements",
        "to_remove": "à retirer de {file} ({records}) :",
        "dry_run": "à retirer de {file} ({records} ; essai, rien n'est écrit) :",
        "confirm": "Retirer {records} ?",
        "removed": "{file} : {records} en moins",
        "kept": "rien n'a été retiré",
    },
}
