"""`opmkt validate`: check plans and actuals files, report findings at file:line:column."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from opmkt.cli.options import (
    Ignore,
    PlanFiles,
    Select,
    SkipNonPlans,
    Strict,
    check_rule_ids,
    plans_only,
)
from opmkt.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from opmkt.lint.outputs import VALIDATE

# typer checks --format against the registry's names, as a Literal; code reads it as a str.
if TYPE_CHECKING:
    Format = str
else:
    Format = VALIDATE.choices()


def validate(
    files: PlanFiles,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="Output format; auto is github in GitHub Actions, else text."
        ),
    ] = "text",
    strict: Strict = False,
    select: Select = None,
    ignore: Ignore = None,
    skip_non_plans: SkipNonPlans = False,
) -> int:
    """Check plans: schema, references, SMART objectives, completeness of the method, budget.

    Each finding is reported at file:line:column. Exit status: 0 nothing fails, 1 an error
    (or, with --strict, a warning), 2 a file cannot be read, 3 an internal error.
    """
    from opmkt.cli.writer import Destination
    from opmkt.lint.engine import validate as run_validation

    selected = check_rule_ids(select, "--select")
    ignored = check_rule_ids(ignore, "--ignore")
    report = run_validation(plans_only(files) if skip_non_plans else files, keep=False)
    report.keep(selected, ignored)
    destination = Destination()
    render = VALIDATE.renderer(str(output_format))
    destination.write(render(report, destination.color, strict=strict))
    for problem in report.unreadable:
        sys.stderr.write(f"error: {problem.told()}\n")
    if report.crashed:
        return EXIT_INTERNAL
    if report.unreadable:
        return EXIT_USAGE
    return EXIT_FAILED if report.fails(strict=strict) else EXIT_OK


def register(app: typer.Typer) -> None:
    app.command()(validate)
