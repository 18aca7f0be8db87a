"""`opmkt track`: record spend and KPI measurements in actuals.yaml, by hand or from CSV exports."""

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from opmkt.errors import EXIT_FAILED, EXIT_OK, UsageError
from opmkt.i18n import _, speaking

Actuals = Annotated[
    Path,
    typer.Option(
        "--actuals",
        help="The actuals file; created (tracking --plan) when it does not exist.",
        dir_okay=False,
        metavar="FILE",
    ),
]
PlanFile = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        help="The plan a new actuals file tracks (default: plan.yaml beside it).",
        metavar="FILE",
    ),
]
Day = Annotated[
    str | None,
    typer.Option("--date", help="The day it happened (default: today).", metavar="YYYY-MM-DD"),
]
Note = Annotated[
    str | None, typer.Option("--note", help="A note kept with the record.", metavar="TEXT")
]
DecimalComma = Annotated[
    bool,
    typer.Option(
        "--decimal-comma", help="',' is the decimal mark: 1 234,56 (default: the plan's locale's)."
    ),
]
DecimalPoint = Annotated[
    bool, typer.Option("--decimal-point", help="'.' is the decimal mark: 1,234.56.")
]


def _decimal(comma: bool, point: bool) -> str | None:
    """The decimal mark the options say, None when they say none."""
    if comma and point:
        from opmkt.findings import say

        raise UsageError(say("give --decimal-comma or --decimal-point, not both"))
    return "," if comma else "." if point else None


OutsidePeriod = Annotated[
    bool,
    typer.Option(
        "--outside-period",
        help="Record it even when dated outside the plan's period (refused by default: "
        "usually a typo in the year).",
    ),
]
# A negative value (`opmkt track kpi margin -3`) must reach the command as an argument, not be
# taken for an unknown option.
_NUMBERS_MAY_BE_NEGATIVE = {"ignore_unknown_options": True}


Kind = Literal["spend", "kpi"]


def spend(
    line: Annotated[
        str, typer.Argument(help="The budget line it is spent against.", metavar="LINE")
    ],
    amount: Annotated[str, typer.Argument(help="How much, such as 780.50.", metavar="AMOUNT")],
    date: Day = None,
    ref: Annotated[
        str | None, typer.Option("--ref", help="Invoice or order reference.", metavar="TEXT")
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency",
            help="Its currency, when not the plan's (needs a rate in the plan).",
            metavar="CODE",
        ),
    ] = None,
    note: Note = None,
    outside_period: OutsidePeriod = False,
    actuals: Actuals = Path("actuals.yaml"),
    plan: PlanFile = None,
    decimal_comma: DecimalComma = False,
    decimal_point: DecimalPoint = False,
) -> int:
    """Record money spent against a budget line (negative for a refund).

    AMOUNT is read in the plan's locale (31250,50 in a fr_FR plan) unless --decimal-comma or
    --decimal-point says otherwise.
    """
    from opmkt.findings import printable, told
    from opmkt.track.record import record_spend

    outcome = record_spend(
        actuals,
        line,
        amount,
        date=date,
        ref=ref,
        currency=currency,
        note=note,
        plan=plan,
        decimal=_decimal(decimal_comma, decimal_point),
        outside_period=outside_period,
    )
    sys.stdout.write(printable(told(outcome.summary)) + "\n")
    return EXIT_OK


def kpi(
    kpi: Annotated[
        str, typer.Argument(help="The KPI measured (not a formula KPI).", metavar="KPI")
    ],
    value: Annotated[str, typer.Argument(help="Its value, such as 82000.", metavar="VALUE")],
    date: Day = None,
    note: Note = None,
    outside_period: OutsidePeriod = False,
    actuals: Actuals = Path("actuals.yaml"),
    plan: PlanFile = None,
    decimal_comma: DecimalComma = False,
    decimal_point: DecimalPoint = False,
) -> int:
    """Record a KPI's value on a day, read as `track spend` reads an amount."""
    from opmkt.findings import printable, told
    from opmkt.track.record import record_kpi

    outcome = record_kpi(
        actuals,
        kpi,
        value,
        date=date,
        note=note,
        plan=plan,
        decimal=_decimal(decimal_comma, decimal_point),
        outside_period=outside_period,
    )
    sys.stdout.write(printable(told(outcome.summary)) + "\n")
    return EXIT_OK


def import_(
    file: Annotated[Path, typer.Argument(help="A CSV export.", metavar="FILE.csv")],
    kind: Annotated[Kind, typer.Option("--kind", help="What its rows are.")] = "spend",
    preset: Annotated[
        str | None,
        typer.Option(
            "--preset",
            help="The tool that wrote it, such as google-ads (see `opmkt track presets`), or "
            "auto to recognise it.",
            metavar="NAME",
        ),
    ] = None,
    preset_file: Annotated[
        Path | None,
        typer.Option("--preset-file", help="Your own preset, for another export.", metavar="FILE"),
    ] = None,
    line: Annotated[
        str | None,
        typer.Option("--line", help="Spend of every row on this budget line.", metavar="ID"),
    ] = None,
    skip_unmatched: Annotated[
        bool,
        typer.Option(
            "--skip-unmatched", help="Import the rows placed on a line, and list the others."
        ),
    ] = False,
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Read FIELD from this column, such as 'Invoice date=date' (repeat the option).",
            metavar="COLUMN=FIELD",
        ),
    ] = None,
    decimal_comma: Annotated[
        bool, typer.Option("--decimal-comma", help="',' is the decimal mark: 1 234,56.")
    ] = False,
    decimal_point: DecimalPoint = False,
    date_format: Annotated[
        str | None,
        typer.Option(
            "--date-format", help="How dates are written, such as %d/%m/%Y.", metavar="FORMAT"
        ),
    ] = None,
    outside_period: Annotated[
        bool,
        typer.Option(
            "--outside-period",
            help="Import rows dated outside the plan's period too (refused by default).",
        ),
    ] = False,
    actuals: Actuals = Path("actuals.yaml"),
    plan: PlanFile = None,
) -> int:
    """Import the rows of a CSV export (ad platform, analytics, shop, accounting).

    With --preset, the export is read as its tool writes it, and each row's spend goes to the
    budget line whose `match` patterns match its campaign or account (or to --line); with
    --kind kpi, each KPI that says `import_from` that preset gets one value per month.
    Without, columns named like the fields are read (spend: line, date, amount, currency, ref,
    note; kpi: kpi, date, value, note), --map reads others. Every row is checked first: when
    one is bad, nothing is imported and each bad row is named (exit 1). Rows already recorded
    are not added again.
    """
    from opmkt.findings import printable, say, teller

    decimal = _decimal(decimal_comma, decimal_point)
    if preset is not None or preset_file is not None:
        if maps or date_format:
            raise UsageError(say("--map and --date-format go without a preset"))
        from opmkt.track.presetimport import import_export

        outcome = import_export(
            file,
            kind,
            actuals,
            preset=preset,
            preset_file=preset_file,
            line=line,
            skip_unmatched=skip_unmatched,
            decimal=decimal,
            plan=plan,
            outside_period=outside_period,
        )
    else:
        if line or skip_unmatched:
            raise UsageError(say("--line and --skip-unmatched go with --preset"))
        from opmkt.track.csvimport import import_csv

        outcome = import_csv(
            file,
            kind,
            actuals,
            maps=maps or [],
            decimal=decimal,
            date_format=date_format,
            plan=plan,
            outside_period=outside_period,
        )
    lang = speaking()
    tell = teller(lang)  # its catalog looked up once: an export may have a problem on each row
    if outcome.problems:
        sys.stderr.writelines(printable(tell(problem)) + "\n" for problem in outcome.problems)
        sys.stderr.write(printable(tell(outcome.summary)) + "\n")
        return EXIT_FAILED
    sys.stdout.write(printable(tell(outcome.summary)) + "\n")
    left_out = _("left out: {row}", lang)
    sys.stdout.writelines(
        left_out.format(row=printable(tell(left))) + "\n" for left in outcome.left
    )
    return EXIT_OK


def remove(
    kind: Annotated[
        Kind | None,
        typer.Argument(help="What to remove: a spend record or a measurement.", metavar="KIND"),
    ] = None,
    name: Annotated[
        str | None,
        typer.Argument(help="Its budget line (spend) or its KPI (kpi).", metavar="ID"),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="The day of the record.", metavar="YYYY-MM-DD")
    ] = None,
    ref: Annotated[
        str | None,
        typer.Option("--ref", help="The reference of the spend record.", metavar="TEXT"),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Remove every record that matches, when several do.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Remove without asking.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be removed; write nothing.")
    ] = False,
    actuals: Annotated[
        Path, typer.Option("--actuals", help="The actuals file.", dir_okay=False, metavar="FILE")
    ] = Path("actuals.yaml"),
) -> int:
    """Take a wrong record back out of the actuals file.

    Choose it by --ref, or by its line or KPI and --date (`spend B1 --date 2027-03-04`,
    `kpi ca --date 2027-03-31`). What would go is shown first and you are asked, unless
    --yes; when several records match, none is removed unless --all. Every other line of
    the file stays as it was.
    """
    from opmkt.findings import printable, say
    from opmkt.track.remove import choose, find, take_out

    chosen = choose(kind, name, date, ref)
    if not (yes or dry_run or sys.stdin.isatty()):
        raise UsageError(
            say(
                "track remove asks before removing, and there is no terminal to ask on: add "
                "--yes to remove without asking (--dry-run shows what would be removed)"
            )
        )
    removal = find(actuals, chosen, every=every)
    for line in removal.listing(dry_run=dry_run):
        sys.stdout.write(printable(line) + "\n")
    if dry_run:
        return EXIT_OK
    if not yes and not typer.confirm(removal.question(), default=False):
        sys.stderr.write(removal.words["kept"] + "\n")
        return EXIT_FAILED
    sys.stdout.write(printable(take_out(actuals, removal)) + "\n")
    return EXIT_OK


def presets() -> int:
    """List the presets: the export each reads, what it reads from it, where to download it."""
    from opmkt.findings import told
    from opmkt.track.presets import builtin

    for name, preset in builtin().items():
        export = _("export: {where}").format(where=preset.export)
        sys.stdout.write(f"{name}\n  {preset.title}: {told(preset.reads())}\n  {export}\n")
    return EXIT_OK


def register(app: typer.Typer) -> None:
    """The subcommands of `opmkt track`; the group itself, with its help, is the registry's."""
    app.command(context_settings=_NUMBERS_MAY_BE_NEGATIVE)(spend)
    app.command(context_settings=_NUMBERS_MAY_BE_NEGATIVE)(kpi)
    app.command("import")(import_)
    app.command("remove")(remove)
    app.command("presets")(presets)
