"""`opmkt diff`: what changed between two versions of a plan, each a file or `REV:path` in git."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from opmkt.cli.options import Force, LocaleOption, Output
from opmkt.diff.outputs import FORMATS
from opmkt.errors import EXIT_FAILED, EXIT_OK

# typer checks --format against the registry's names, as a Literal; code reads it as a str.
if TYPE_CHECKING:
    Format = str
else:
    Format = FORMATS.choices()


def diff(
    old: Annotated[
        str,
        typer.Argument(help="The plan before: a file, or REV:path read from git.", metavar="OLD"),
    ],
    new: Annotated[str, typer.Argument(help="The plan after: a file, or REV:path.", metavar="NEW")],
    output_format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="Output format; markdown is ready for a pull-request comment."
        ),
    ] = "text",
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when the plans differ, 0 when they do not."),
    ] = False,
    output: Output = None,
    force: Force = False,
    locale: LocaleOption = None,
) -> int:
    """Compare two versions of a plan by id: the budget total and by objective, budget lines
    added, removed or changed, and objectives and actions added, removed or changed field by
    field.

    REV:path is read with `git show` in the current folder's repository (HEAD~1:plan.yaml,
    main:plans/plan.yaml); a file of that exact name wins. Layout, comments and the order of
    items with an id are not changes.
    """
    from opmkt.cli.writer import Destination
    from opmkt.diff.compare import compare, from_git, require_side

    inputs = [Path(spec) for spec in (old, new) if not from_git(spec)]
    destination = Destination(output, force=force, inputs=inputs)
    result = compare(require_side(old), require_side(new), old, new)
    destination.write(FORMATS.renderer(str(output_format))(result, locale))
    return EXIT_FAILED if exit_code and result.differs else EXIT_OK


def register(app: typer.Typer) -> None:
    app.command()(diff)
