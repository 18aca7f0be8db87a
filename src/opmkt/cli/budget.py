"""`opmkt budget`: the plan's costs rolled up by any dimension, for people and for spreadsheets."""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from opmkt.cli.options import Force, LocaleOption, Output, check_output, color_wanted
from opmkt.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from opmkt.budget.rollup import Rollup


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


class Dimension(StrEnum):
    objective = "objective"
    action = "action"
    category = "category"
    channel = "channel"
    mix = "mix"
    segment = "segment"
    month = "month"
    quarter = "quarter"


def budget(
    files: Annotated[list[Path], typer.Argument(help="Plan files.", metavar="PLAN")],
    by: Annotated[
        Dimension, typer.Option("--by", "-b", help="The dimension to break the budget down by.")
    ] = Dimension.objective,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="Output format.")
    ] = Format.table,
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
) -> int:
    """Roll the budget up by objective, action, category, channel, mix, segment, month or
    quarter: exact amounts, rounded once to the currency's digits.

    With several plans, each is shown, then all of them together when they share a currency
    (or with --currency and --rate).
    """
    from opmkt.budget.rollup import rollup
    from opmkt.cli.options import refuse
    from opmkt.errors import OpmktError
    from opmkt.plan.lines import outside_note
    from opmkt.plan.loader import require_plan

    check_output(output, files)
    rollups = []
    problems: list[OpmktError] = []
    notes: list[str | None] = []
    for path in files:
        try:
            plan = require_plan(path, str(path))
        except OpmktError as exc:  # every file that does not load is named, then none is shown
            problems.append(exc)
            continue
        rollups.append(rollup(plan, str(path)))
        notes.append(outside_note(plan, str(path)))
    refuse(problems)
    for note in notes:
        if note is not None:
            sys.stderr.write(note + "\n")
    if locale is not None:
        for one in rollups:
            one.locale = locale
    combined = _consolidated(rollups, currency, _parse_rates(rates or []))
    # Colour only for a terminal: never into a file written with -o.
    color = output is None and color_wanted()
    content = _render(output_format, rollups, combined, by.value, color=color)
    if output is not None:
        from opmkt.io.files import write_atomic

        write_atomic(output, content, force=force)
        sys.stderr.write(f"wrote {output}\n")
    elif isinstance(content, bytes):
        if sys.stdout.isatty():
            raise UsageError("xlsx is a binary file: write it with -o FILE.xlsx")
        sys.stdout.buffer.write(content)
    else:
        sys.stdout.write(content)
    return EXIT_OK


def _parse_rates(values: list[str]) -> dict[str, Decimal]:
    rates = {}
    for value in values:
        code, _, number = value.partition("=")
        try:
            rate = Decimal(number)
        except InvalidOperation:
            rate = Decimal(0)
        if len(code) != 3 or not code.isalpha() or not rate.is_finite() or rate <= 0:
            raise typer.BadParameter(
                f"{value!r} is not CODE=VALUE, such as USD=0.92", param_hint="--rate"
            )
        rates[code.upper()] = rate
    return rates


def _consolidated(
    rollups: list[Rollup], currency: str | None, rates: dict[str, Decimal]
) -> Rollup | None:
    """All plans as one, when that can be done exactly; None for a single plan.

    Plans in one currency need nothing. Across currencies, --currency names the target and
    each other currency needs a rate, from --rate or from the exchange rates of a plan kept
    in the target currency. What is missing is a usage error that says what to give.
    """
    from opmkt.budget.rollup import consolidate

    if len(rollups) < 2 and currency is None:
        return None
    codes = sorted({one.currency for one in rollups})
    if currency is None:
        if len(codes) == 1:
            return consolidate(rollups, codes[0], {})
        sys.stderr.write(
            f"note: the plans are in {', '.join(codes)}: to see them together, give "
            f"--currency {codes[0]} and a rate for each other currency "
            f"(--rate {codes[1]}=…)\n"
        )
        return None
    target = currency.upper()
    known = dict(rates)
    for one in rollups:
        if one.currency == target:
            for code, value in one.rates.items():
                known.setdefault(code, value)
    missing = [code for code in codes if code != target and code not in known]
    if missing:
        raise UsageError(
            f"no exchange rate into {target} for {', '.join(missing)}: give "
            + " ".join(f"--rate {code}=…" for code in missing)
        )
    return consolidate(rollups, target, known)


def _render(
    output_format: Format, rollups: list[Rollup], combined: Rollup | None, by: str, *, color: bool
) -> str | bytes:
    if output_format is Format.json:
        import json

        if len(rollups) == 1 and combined is None:
            document: object = rollups[0].as_json()
        else:
            document = {
                "plans": {one.name: one.as_json() for one in rollups},
                "consolidated": combined.as_json() if combined is not None else None,
            }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    shown = [*rollups, *([combined] if combined is not None else [])]
    if output_format is Format.xlsx:
        from opmkt.budget.xlsx import to_xlsx

        return to_xlsx(rollups, by)
    if output_format in (Format.csv, Format.markdown):
        from opmkt.budget.export import to_csv, to_markdown

        if output_format is Format.csv:
            return to_csv(rollups)
        return "\n".join(to_markdown(one, by) for one in shown)
    from opmkt.budget.table import render_tables

    return render_tables(shown, by, color=color)


def register(app: typer.Typer) -> None:
    app.command()(budget)
