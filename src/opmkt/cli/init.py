"""`opmkt init`: scaffold a new plan with every section of the method."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from opmkt.cli.options import Force

_T = TypeVar("_T")


def _default_locale() -> str:
    """The skeleton's locale in the environment's language: French or English."""
    from opmkt.init.scaffold import LANGUAGES
    from opmkt.text.words import language

    return LANGUAGES.get(language(os.environ.get("LC_ALL") or os.environ.get("LANG")), "en_US")


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")


def _parse_start(text: str) -> dt.date:
    """The first day, or BadParameter saying what is wrong with it: a prompt asks again."""
    match = _DATE.match(text.strip())
    if match is None:
        raise typer.BadParameter(f"{text!r} is not a date: write YYYY-MM-DD", param_hint="--start")
    year, month, day = (int(part) for part in match.groups())
    if not year or not 1 <= month <= 12:
        why = "there is no year 0000" if not year else "months go from 01 to 12"
        raise typer.BadParameter(f"{text} is not a date: {why}", param_hint="--start")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise typer.BadParameter(
            f"{text} is not a day: {calendar.month_name[month]} {year} has {days} days",
            param_hint="--start",
        )
    return dt.date(year, month, day)


def _locale_answer(text: str) -> str:
    """The locale as Babel writes it, or BadParameter: a prompt asks again. A locale Babel
    knows under another name (en_UK is en_GB) is taken, and the user told."""
    from opmkt.errors import UsageError
    from opmkt.init.scaffold import language_of
    from opmkt.text.localefmt import checked_locale

    try:
        chosen = checked_locale(text.strip())
        language_of(chosen)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--locale") from None
    except UsageError as exc:
        raise typer.BadParameter(exc.message, param_hint="--locale") from None
    # Only case, `-` and an encoding (fr-fr, en_US.UTF-8) may differ without a word.
    if text.strip().replace("-", "_").split(".")[0].lower() != chosen.lower():
        sys.stderr.write(
            f"note: the locale {text.strip()} is known as {chosen}: the plan uses {chosen}\n"
        )
    return chosen


def _currency_answer(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise typer.BadParameter(
            f"{text!r} is not an ISO 4217 code such as EUR", param_hint="--currency"
        )
    return code


def _answer(
    value: str | None, ask: bool, question: str, default: str, check: Callable[[str], _T]
) -> _T:
    """An option as given, else its answer in a terminal, else its default, checked: a bad
    option is a usage error; a bad answer to a prompt is said, and asked again."""
    if value is not None or not ask:
        return check(value or default)
    answer: _T = typer.prompt(question, default=default, value_proc=check)
    return answer


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
    force: Force = False,
) -> int:
    """Write FOLDER/plan.yaml: a commented skeleton of every section of the method.

    With --from, next period's plan instead: from last period's plan and what it recorded,
    its review pre-filled and its baselines and budget brought up to date."""
    for option, value in (("--name", name), ("--organization", organization)):
        if value is not None and _CONTROL.search(value):
            # A plan cannot hold it: validate would refuse the plan just written.
            raise typer.BadParameter("holds a control character: remove it", param_hint=option)
    from opmkt.io.files import resolved

    resolved(folder, str(folder))  # a loop of links as FOLDER: one error line, before asking
    if source is not None:
        given = {"--organization": organization, "--locale": locale}
        given |= {"--currency": currency, "--start": start}
        return _from_last(
            source, actuals, folder, name, force, [k for k, v in given.items() if v is not None]
        )
    if actuals is not None:
        raise typer.BadParameter("goes with --from LAST/plan.yaml", param_hint="--actuals")
    from opmkt.init.scaffold import Settings, default_currency, default_name, write_plan

    if (folder / "plan.yaml").exists() and not force:
        from opmkt.errors import FileError

        # Say so before asking anything.
        raise FileError(f"{folder / 'plan.yaml'} already exists: use --force to replace it")
    ask = not no_input and sys.stdin.isatty()
    chosen_locale = _answer(
        locale, ask, "Locale (fr_FR, en_US, …)", _default_locale(), _locale_answer
    )
    next_year = f"{dt.date.today().year + 1}-01-01"
    start_day = _answer(start, ask, "First day (YYYY-MM-DD)", next_year, _parse_start)
    chosen_currency = _answer(
        currency, ask, "Currency", default_currency(chosen_locale), _currency_answer
    )
    folder_name = folder.resolve().name or "My company"
    chosen_name = name or (
        typer.prompt("Plan name", default=default_name(chosen_locale, start_day))
        if ask
        else default_name(chosen_locale, start_day)
    )
    chosen_org = organization or (
        typer.prompt("Organisation", default=folder_name) if ask else folder_name
    )
    written = write_plan(
        folder,
        Settings(chosen_name, chosen_org, chosen_locale, chosen_currency, start_day),
        force=force,
    )
    _say(f"wrote {written.plan}")
    for schema in written.kept:
        _say(f"kept {schema}, which differs from this opmkt's schema (--force replaces it)")
    for schema in written.schemas:
        _say(f"wrote {schema} (for editors: completion and checks)")
    _say(f"next: edit it, then run: opmkt validate {written.plan}")
    return 0


def _from_last(
    source: Path,
    actuals: Path | None,
    folder: Path,
    name: str | None,
    force: bool,
    extra: list[str],
) -> int:
    from opmkt.errors import EXIT_FAILED, EXIT_OK
    from opmkt.findings import Severity, counted
    from opmkt.lint.engine import validate
    from opmkt.rollover.build import write_next_plan

    if extra:
        raise typer.BadParameter(
            f"{', '.join(extra)} cannot go with --from: the last plan gives them",
            param_hint="--from",
        )
    written, read = write_next_plan(source, folder, actuals=actuals, name=name, force=force)
    _say(f"wrote {written} from {source}" + (f" and {read}" if read else " (no actuals)"))
    report = validate([written])
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    notes = report.count(Severity.INFO)
    _say(f"{counted(errors, 'error')}, {counted(warnings, 'warning')}, {counted(notes, 'note')}")
    _say(f"next: revise the review, targets and budget, then run: opmkt validate {written}")
    return EXIT_FAILED if errors else EXIT_OK


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")


def _say(text: str) -> None:
    # Paths the user typed, shown escaped (click keeps escape sequences on a terminal).
    from opmkt.findings import printable

    typer.echo(printable(text))


def register(app: typer.Typer) -> None:
    app.command()(init)
