"""`opmkt calendar`: the plan's actions and objective deadlines as an iCalendar file."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from opmkt.cli.options import Force, LocaleOption, Output
from opmkt.errors import EXIT_OK

_SHOWN_IDS = 10


def calendar(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN")],
    output: Output = None,
    force: Force = False,
    locale: LocaleOption = None,
) -> int:
    """Write the actions (all-day events from start to end) and the objectives' deadlines as an
    iCalendar (.ics) file to import into a calendar.

    Each event keeps its UID from one export to the next, so importing the file again after
    the plan changed updates the events instead of adding copies.
    """
    from opmkt.calendar.ics import to_ics
    from opmkt.cli.writer import Destination
    from opmkt.findings import counted
    from opmkt.plan.loader import require_plan

    destination = Destination(output, force=force, inputs=[plan])
    export = to_ics(require_plan(plan, str(plan)), locale=locale)
    _note(export.undated, "action", "without dates left out")
    _note(
        export.misordered, "action", "with an end before the start left out (run `opmkt validate`)"
    )
    _note(export.one_day, "action", "with only one of start and end shown on that day")
    _note(export.duplicates, "id", "given twice, exported for its first item only")
    destination.write(export.content, said=f" ({counted(export.events, 'event')})")
    return EXIT_OK


def _note(ids: list[str], noun: str, what: str) -> None:
    """One line per kind of item left out or changed, naming the first few by id."""
    if not ids:
        return
    shown = ", ".join(ids[:_SHOWN_IDS]) + (", …" if len(ids) > _SHOWN_IDS else "")
    plural = "s" if len(ids) > 1 else ""
    sys.stderr.write(f"note: {len(ids)} {noun}{plural} {what}: {shown}\n")


def register(app: typer.Typer) -> None:
    app.command()(calendar)
