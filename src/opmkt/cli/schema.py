"""`opmkt schema`: print the JSON Schema of the plan (or actuals) file for editors and tools."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from opmkt.cli.options import Force, Output, check_output


def schema(
    actuals: Annotated[
        bool, typer.Option("--actuals", help="The schema of actuals files instead of plans.")
    ] = False,
    output: Output = None,
    force: Force = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of plan files, or of actuals files."""
    from opmkt.io.files import write_atomic
    from opmkt.lint.schema import render

    check_output(output, [])
    text = render("actuals" if actuals else "plan")
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text, force=force)


def register(app: typer.Typer) -> None:
    app.command()(schema)
