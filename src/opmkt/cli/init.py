"""`opmkt init`: scaffold a new plan with every section of the method."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from opmkt.cli.options import Force, note, option_values

if TYPE_CHECKING:
    from opmkt.init.new import Given
    from opmkt.rollover.partial import Coverage

T = TypeVar("T")


def init(
    folder: Annotated[
        Path,
        typer.Argument(help="Folder to create the plan in.", file_okay=False, metavar="FOLDER"),
    ] = Path(),
    name: Annotated[str | None, typer.Option(help="Name of the plan.", metavar="TEXT")] = None,
    organization: Annotated[
        str | None, typer.Option(help="Your organisation.", metavar="TEXT")
    ] = None,
    locale: Annotated[
        str | None,
        typer.Option(
            help="Language of the skeleton and of reports: fr_FR, en_US, fr_CA, …",
            metavar="LOCALE",
        ),
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(help="ISO 4217 code; default: the locale's currency.", metavar="CODE"),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            help="First day of the plan, YYYY-MM-DD; it runs one year. Default: next 1 January.",
            metavar="DATE",
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask; use defaults for what is not given.")
    ] = False,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Last period's plan: write next period's plan from it and its results.",
            metavar="PLAN",
        ),
    ] = None,
    actuals: Annotated[
        Path | None,
        typer.Option(
            help="With --from: the last plan's actuals (default: actuals.yaml beside it).",
            metavar="FILE",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="With --from: the date the actuals stop, for a plan made before the period "
            "ends (default: today while the period is under way, else its end).",
            metavar="DATE",
        ),
    ] = None,
    annualize: Annotated[
        bool,
        typer.Option(
            "--annualize",
            help="With --from and a partial period: previous = the spend to date scaled to the "
            "whole period, rather than like for like (spend to date plus the plan after).",
        ),
    ] = False,
    force: Force = False,
) -> int:
    """Write FOLDER/plan.yaml: a commented skeleton of every section of the method.

    With --from, next period's plan instead: from last period's plan and what it recorded,
    its review pre-filled and its baselines and budget brought up to date."""
    from opmkt.init.new import Given, check_text, new_plan
    from opmkt.io.files import resolved

    given = Given(name, organization, locale, currency, start)
    with option_values():
        check_text(given)
    resolved(folder, str(folder))  # a loop of links as FOLDER: one error line, before asking
    if source is not None:
        return _from_last(source, actuals, folder, given, force, (as_of, annualize))
    for option, value in (("--actuals", actuals), ("--as-of", as_of), ("--annualize", annualize)):
        if value:
            from opmkt.i18n import _

            raise typer.BadParameter(_("goes with --from LAST/plan.yaml"), param_hint=option)
    ask = None if no_input or not sys.stdin.isatty() else _ask
    with option_values():
        written = new_plan(folder, given, force=force, ask=ask, note=note)
    from opmkt.i18n import _

    _say(f"wrote {written.plan}")
    for schema in written.kept:
        kept = _("kept {file}, which differs from this opmkt's schema (--force replaces it)")
        _say(kept.format(file=schema))
    for schema in written.schemas:
        _say(f"wrote {schema} " + _("(for editors: completion and checks)"))
    _say(_("next: edit it, then run: opmkt validate {file}").format(file=written.plan))
    return 0


def _from_last(
    source: Path,
    actuals: Path | None,
    folder: Path,
    given: "Given",
    force: bool,
    when: tuple[str | None, bool],
) -> int:
    from opmkt.errors import EXIT_FAILED, EXIT_OK
    from opmkt.i18n import _, ngettext
    from opmkt.init.new import next_plan

    others = {"--organization": given.organization, "--locale": given.locale}
    others |= {"--currency": given.currency, "--start": given.start}
    extra = [option for option, value in others.items() if value is not None]
    if extra:
        said = _("{options} cannot go with --from: the last plan gives them")
        raise typer.BadParameter(said.format(options=", ".join(extra)), param_hint="--from")
    as_of, annualize = when
    with option_values():
        written = next_plan(
            source,
            folder,
            actuals=actuals,
            name=given.name,
            force=force,
            as_of=as_of,
            annualize=annualize,
        )
    read = written.actuals
    said = _("from {plan} and {actuals}") if read else _("from {plan} (no actuals)")
    _say(f"wrote {written.plan} " + said.format(plan=source, actuals=read))
    _say(_covered(written.coverage))
    errors, warnings, notes = written.counts
    counts = [
        ngettext("{n} error", "{n} errors", errors).format(n=errors),
        ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        ngettext("{n} note", "{n} notes", notes).format(n=notes),
    ]
    _say(", ".join(counts))
    then = _("next: revise the review, targets and budget, then run: opmkt validate {file}")
    _say(then.format(file=written.plan))
    return EXIT_FAILED if errors else EXIT_OK


def _covered(coverage: "Coverage") -> str:
    """How much of the last period the figures carried cover, and how they compare."""
    from opmkt.text.words import words

    w = words(None, "terminal")
    shown = {"to": coverage.to, "covered": coverage.covered, "days": coverage.days}
    return w[f"rollover_{coverage.how}"].format(**shown)


def _ask(question: str, default: str, check: Callable[[str], T]) -> T:
    """A question in the terminal: a bad answer is said, and the question asked again."""

    def answer(text: str) -> T:
        with option_values():
            return check(text)

    result: T = typer.prompt(question, default=default, value_proc=answer)
    return result


def _say(text: str) -> None:
    # Paths the user typed, shown escaped (click keeps escape sequences on a terminal).
    from opmkt.findings import printable

    typer.echo(printable(text))


def register(app: typer.Typer) -> None:
    app.command()(init)
