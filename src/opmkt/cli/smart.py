"""`opmkt smart`: the SMART checklist of every objective, from validate's own findings."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from opmkt.cli.options import PlanFiles
from opmkt.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK
from opmkt.lint.outputs import SMART

# typer checks --format against the registry's names, as a Literal; code reads it as a str.
if TYPE_CHECKING:
    Format = str
else:
    Format = SMART.choices()


def smart(
    files: PlanFiles,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = "text",
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any letter of any objective fails.")
    ] = False,
) -> int:
    """Show each objective as a tree with one column per letter of SMART and, on ✗, why."""
    from opmkt.cli.writer import Destination
    from opmkt.lint.smart import checked_plans, smart_rows

    report = checked_plans(files)
    rows = smart_rows(report)
    destination = Destination()
    destination.write(SMART.renderer(str(output_format))(rows, color=destination.color))
    if report.crashed:
        sys.stderr.write("error: a rule crashed: run `opmkt validate` to see it\n")
        return EXIT_INTERNAL
    if strict and not all(row.passes for row in rows):
        return EXIT_FAILED
    return EXIT_OK


def register(app: typer.Typer) -> None:
    app.command()(smart)
