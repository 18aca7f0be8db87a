"""`opmkt report`: the plan as a Markdown document or a self-contained HTML page."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from opmkt.cli.options import (
    AsOf,
    Baseline,
    Force,
    LocaleOption,
    ScenarioOption,
    option_values,
)
from opmkt.errors import EXIT_OK, UsageError
from opmkt.report.outputs import FORMATS

# typer checks --format against the registry's names, as a Literal; code reads it as a str.
if TYPE_CHECKING:
    Format = str
else:
    Format = FORMATS.choices()


Paper = Literal["a4", "letter"]
Audience = Literal["client", "team"]


def report(
    plan: Annotated[Path, typer.Argument(help="The plan file.", metavar="PLAN")],
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html or pdf (default: from the output file's extension, else html).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (default: beside the plan, plan.html, plan.md or plan.pdf).",
            dir_okay=False,
            metavar="FILE",
        ),
    ] = None,
    actuals: Annotated[
        Path | None,
        typer.Option(
            help="The actuals file for the results section (default: actuals.yaml beside "
            "the plan, when it exists).",
            metavar="FILE",
        ),
    ] = None,
    as_of: AsOf = None,
    locale: LocaleOption = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            help="A folder of templates searched before the shipped ones: its report.html.j2 "
            "or report.md.j2 may extend base.html.j2 / base.md.j2 and override any block.",
            file_okay=False,
            metavar="DIR",
        ),
    ] = None,
    audience: Annotated[
        Audience | None,
        typer.Option(
            help="client: what the plan says, without validate's findings, rule ids or hints "
            "for the plan's author; team: with them (default: the plan's report.audience, "
            "else team).",
        ),
    ] = None,
    paper: Annotated[
        Paper | None,
        typer.Option(
            help="The PDF's paper (default: letter for US and Canadian locales, else a4)."
        ),
    ] = None,
    force: Force = False,
    baseline: Baseline = None,
    scenario: ScenarioOption = None,
) -> int:
    """Write the plan as a document to read: audit, review, mix and 5C, objectives with
    their SMART checklist, the action plan and its timeline, the budget with charts, the
    indicators, results when there are actuals, and validate's findings.

    With --baseline, the summary shows the plan as first approved beside it: the original
    budget and its revision, each objective's original target. With --scenario NAME, the
    plan as one of its scenarios supposes it.

    A file that opmkt report wrote is replaced; any other file only with --force.
    """
    from opmkt.cli.writer import Destination
    from opmkt.report.build import default_output, is_generated
    from opmkt.report.document import document
    from opmkt.report.outputs import format_for

    chosen = format_for(str(output_format) if output_format else None, output)
    if paper is not None and chosen != "pdf":
        from opmkt.findings import say

        raise UsageError(say("--paper is for a PDF report: add -f pdf"))
    target = output if output is not None else default_output(plan, chosen)
    beside = plan.parent / "actuals.yaml"  # read when it exists
    inputs = [plan, actuals if actuals is not None else beside]
    destination = Destination(
        target, force=force, inputs=inputs, replaceable=is_generated, kind="report"
    )
    with option_values():
        text = document(
            plan,
            actuals,
            as_of=dt.date.fromisoformat(as_of) if as_of else None,
            locale=locale,
            output_format=chosen,
            template_dir=template_dir,
            audience=audience,
            paper=paper,
            baseline=baseline,
            scenario=scenario,
        )
    destination.write(text)
    return EXIT_OK


def register(app: typer.Typer) -> None:
    app.command()(report)
