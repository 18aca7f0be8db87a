"""`opmkt validate`: check plans and actuals files, report findings at file:line:column."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from opmkt.cli.options import Strict
from opmkt.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE


class Format(StrEnum):
    text = "text"
    json = "json"


def validate(
    files: Annotated[
        list[str],
        typer.Argument(
            help="Plan files, and actuals files (recognised by `plan: FILE`).", metavar="FILE"
        ),
    ],
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = Format.text,
    strict: Strict = False,
) -> int:
    """Check plans: schema, ids and references, each finding at file:line:column.

    Exit status: 0 nothing fails, 1 an error (or, with --strict, a warning), 2 a file cannot
    be read, 3 an internal error.
    """
    from opmkt.lint import validate as run_validation
    from opmkt.output import FORMATS

    report = run_validation(files)
    sys.stdout.write(FORMATS[output_format.value](report))
    for problem in report.unreadable:
        sys.stderr.write(f"error: {problem.message}\n")
    if report.crashed:
        return EXIT_INTERNAL
    if report.unreadable:
        return EXIT_USAGE
    return EXIT_FAILED if report.fails(strict=strict) else EXIT_OK


def register(app: typer.Typer) -> None:
    app.command()(validate)
