"""`opmkt status`: results against the plan as of a date, from the actuals file."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from opmkt.cli.options import (
    AsOf,
    Baseline,
    LocaleOption,
    ScenarioOption,
    as_of_day,
    note,
    option_values,
)
from opmkt.errors import EXIT_OK
from opmkt.status.outputs import FORMATS

# typer checks --format against the registry's names, as a Literal; code reads it as a str.
if TYPE_CHECKING:
    from opmkt.cli.writer import Destination

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
    baseline: Baseline = None,
    scenario: ScenarioOption = None,
) -> int:
    """Planned, committed and actual money per budget line, indicator values (formulas
    computed), and each objective's progress against where it should be by now.

    With --baseline, the plan as first approved beside it: each line's original planned
    total and each objective's original target. With --scenario, the plan as one of its
    scenarios supposes it; --scenario all, the plan and each scenario side by side."""
    from opmkt.cli.writer import Destination
    from opmkt.plan.scenarios import ALL
    from opmkt.status.load import plan_results

    destination = Destination()
    if scenario == ALL:
        return _side_by_side(plan, actuals, as_of, str(output_format), locale, destination)
    with option_values():
        loaded, state = plan_results(plan, actuals, as_of_day(as_of), note, baseline, scenario)
    render = FORMATS.renderer(str(output_format))
    destination.write(render(state, locale or loaded.plan.locale, color=destination.color))
    return EXIT_OK


def _side_by_side(
    plan: Path,
    actuals: Path | None,
    as_of: str | None,
    output_format: str,
    locale: str | None,
    destination: "Destination",
) -> int:
    """--scenario all: the plan's results in each of its scenarios, side by side."""
    from opmkt.status import side
    from opmkt.status.load import scenario_results

    loaded, states = scenario_results(plan, actuals, as_of_day(as_of), note)
    render = {"text": side.render_text, "markdown": side.render_markdown}.get(output_format)
    chosen = render or side.render_json
    destination.write(chosen(states, locale or loaded.plan.locale, color=destination.color))
    return EXIT_OK


def register(app: typer.Typer) -> None:
    app.command()(status)
