"""`opmkt schema`: print the JSON Schema of the plan (or actuals) file for editors and tools."""

from typing import Annotated

import typer

from opmkt.cli.options import Force, Output


def schema(
    actuals: Annotated[
        bool, typer.Option("--actuals", help="The schema of actuals files instead of plans.")
    ] = False,
    output: Output = None,
    force: Force = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of plan files, or of actuals files."""
    from opmkt.cli.writer import Destination
    from opmkt.io.resources import schema_text

    destination = Destination(output, force=force)
    destination.write(schema_text("actuals" if actuals else "plan"))


def register(app: typer.Typer) -> None:
    app.command()(schema)
