"""`opmkt budget`: the plan's costs rolled up by any dimension, for people and for spreadsheets."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from opmkt.budget.outputs import FORMATS
from opmkt.cli.options import (
    Baseline,
    Force,
    LocaleOption,
    Output,
    ScenarioOption,
    note,
    option_values,
)
from opmkt.errors import EXIT_OK

# typer checks --format against the registry's names, as a Literal; code reads it as a str.
if TYPE_CHECKING:
    Format = str
else:
    Format = FORMATS.choices()


Dimension = Literal[
    "objective", "action", "category", "channel", "mix", "segment", "month", "quarter"
]


def budget(
    files: Annotated[list[Path], typer.Argument(help="Plan files.", metavar="PLAN")],
    by: Annotated[
        Dimension, typer.Option("--by", "-b", help="The dimension to break the budget down by.")
    ] = "objective",
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = "table",
    output: Output = None,
    force: Force = False,
    currency: Annotated[
        str | None,
        typer.Option(help="Consolidate several plans in this currency.", metavar="CODE"),
    ] = None,
    rates: Annotated[
        list[str] | None,
        typer.Option(
            "--rate",
            help="Exchange rate for consolidating, CODE=VALUE: 1 CODE is worth VALUE of "
            "--currency (repeat the option).",
            metavar="CODE=VALUE",
        ),
    ] = None,
    locale: LocaleOption = None,
    baseline: Baseline = None,
    scenario: ScenarioOption = None,
) -> int:
    """Roll the budget up by objective, action, category, channel, mix, segment, month or
    quarter: exact amounts, rounded once to the currency's digits.

    With several plans, each is shown, then all of them together when they share a currency
    (or with --currency and --rate). With --baseline, one plan beside the plan as first
    approved: each row's original amount and its revision. With --scenario, the plan as one
    of its scenarios supposes it; --scenario all, one plan in each, side by side.
    """
    from opmkt.budget.together import parse_rates, plan_rollups, together
    from opmkt.cli.writer import Destination

    destination = Destination(output, force=force, inputs=files)
    with option_values():
        rollups = plan_rollups(files, note, scenario)
    if locale is not None:
        for one in rollups:
            one.locale = locale
    with option_values():
        combined = together(rollups, currency, parse_rates(rates or []))
        if baseline is not None:
            from opmkt.budget.together import beside_original
            from opmkt.diff.compare import require_side

            beside_original(rollups, require_side(baseline), baseline)
    if combined.note is not None:
        note(combined.note)
    chosen = FORMATS[str(output_format)]
    render = FORMATS.renderer(chosen.name)
    content = render(rollups, combined.rollup, by, color=destination.color)
    destination.write(content, output_format=chosen)
    return EXIT_OK


def register(app: typer.Typer) -> None:
    app.command()(budget)
