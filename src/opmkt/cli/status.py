"""`opmkt status`: results against the plan as of a date, from the actuals file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from opmkt.cli.options import AsOf, LocaleOption, as_of_day
from opmkt.errors import EXIT_OK
from opmkt.status.outputs import FORMATS

# typer checks --format against the registry's names, as an enum; code reads it as a str.
if TYPE_CHECKING:
    Format = str
else:
    Format = FORMATS.choices()


def status(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN")],
    as_of: AsOf = None,
    actuals: Annotated[
        Path | None,
        typer.Option(
            help="The actuals file (default: actuals.yaml beside the plan).", metavar="FILE"
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = "text",
    locale: LocaleOption = None,
) -> int:
    """Planned, committed and actual money per budget line, indicator values (formulas
    computed), and each objective's progress against where it should be by now."""
    from opmkt.cli.writer import Destination
    from opmkt.plan.lines import outside_note
    from opmkt.plan.loader import refuse_other_plan, require, require_plan
    from opmkt.status.compute import status as compute

    day = as_of_day(as_of)
    loaded = require_plan(plan, str(plan))
    note = outside_note(loaded, str(plan))
    if note is not None:
        sys.stderr.write(note + "\n")
    source = actuals if actuals is not None else plan.parent / "actuals.yaml"
    results = None
    if actuals is not None or source.exists():
        results = require(source, str(source), kind="actuals").actuals
        assert results is not None  # require raises otherwise
        refuse_other_plan(source, str(source), results.plan, plan)
    else:
        sys.stderr.write(f"note: no {source}: nothing is recorded yet (opmkt track adds it)\n")
    state = compute(loaded, results, day)
    destination = Destination()
    render = FORMATS.renderer(str(output_format))
    destination.write(render(state, locale or loaded.plan.locale, color=destination.color))
    return EXIT_OK


def register(app: typer.Typer) -> None:
    app.command()(status)
