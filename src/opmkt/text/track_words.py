"""The words of `opmkt track remove`: what it shows of the records it takes out of an actuals
file, each a name for its English text, translated by the catalogs (`opmkt/locale/`) into the
plan's language (its refusals, like every error, are in English).

`{amount}` and `{value}` come formatted in the plan's locale, dates as the file writes them.
"""

from __future__ import annotations

from opmkt.i18n import N_

TRACK: dict[str, str] = {
    "spend": N_("spend of {amount} {currency} on line {line} dated {date}{ref}"),
    "ref": N_(", ref {ref}"),
    "measurement": N_("{kpi} = {value} dated {date}"),
    "to_remove": N_("to remove from {file} ({records}):"),
    "dry_run": N_("to remove from {file} ({records}; dry run, nothing written):"),
    "confirm": N_("Remove {records}?"),
    "removed": N_("removed from {file}: {records}"),
    "kept": N_("nothing removed"),
}
"""The words of track remove by name (its count of records is a plural message of its own)."""
