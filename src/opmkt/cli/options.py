"""Options shared by several commands, defined once."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from opmkt.errors import BadValue

Force = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of stdout.",
        dir_okay=False,
        metavar="FILE",
    ),
]
Strict = Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")]
PlanFiles = Annotated[
    list[str],
    typer.Argument(
        help="Plan files, and actuals files (recognised by `plan: FILE`).", metavar="FILE"
    ),
]
SkipNonPlans = Annotated[
    bool,
    typer.Option(
        "--skip-non-plans",
        help="Skip, with a note, YAML files with neither a top-level version nor plan "
        "(for hooks that pick files by name, such as .pre-commit-hooks.yaml).",
    ),
]
Select = Annotated[
    list[str] | None,
    typer.Option(
        "--select", help="Report only these rule ids (repeat the option).", metavar="RULE"
    ),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore", help="Do not report these rule ids (repeat the option).", metavar="RULE"
    ),
]


def _locale(value: str | None) -> str | None:
    if value is None:
        return None
    from opmkt.i18n import use_locale
    from opmkt.text.localefmt import checked_locale

    try:
        checked = checked_locale(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    use_locale(checked)
    return checked


LocaleOption = Annotated[
    str | None,
    typer.Option(
        "--locale",
        help="Language and formats of this locale instead of the plan's (fr_FR, en_US, …).",
        metavar="LOCALE",
        callback=_locale,
    ),
]


def _as_of(value: str | None) -> str | None:
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            from opmkt.i18n import _

            said = _("{value} is not a date: write YYYY-MM-DD").format(value=repr(value))
            raise typer.BadParameter(said) from None
    return value


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The date of the results, included (default: today).",
        metavar="DATE",
        callback=_as_of,
    ),
]


Baseline = Annotated[
    str | None,
    typer.Option(
        "--baseline",
        help="The plan as first approved, to show beside this one: a file, or REV:path read "
        "from git (v1.0:plan.yaml, HEAD~3:2027/plan.yaml).",
        metavar="PLAN",
    ),
]


ScenarioOption = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        help="One of the plan's scenarios (best, worst, …; base: the plan as written), or "
        "all: the plan and each scenario side by side.",
        metavar="NAME",
    ),
]


def as_of_day(value: str | None) -> dt.date:
    """The day an --as-of option names (checked by its callback), or today."""
    return dt.date.fromisoformat(value) if value else dt.date.today()


@contextmanager
def option_values() -> Iterator[None]:
    """Inside: a BadValue from the core is the usage error of its option, shown with the
    command's usage line as typer shows its own."""
    try:
        yield
    except BadValue as exc:
        raise typer.BadParameter(exc.told(), param_hint=exc.option) from None


def note(text: str) -> None:
    """A note for the user on stderr, apart from the output."""
    sys.stderr.write(text + "\n")


def color_wanted() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    import os

    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def check_rule_ids(ids: list[str] | None, option: str) -> list[str]:
    """Rule ids given on the command line must exist: a typo would silently select nothing."""
    from opmkt.lint.rules import RULES

    chosen = [part.strip() for value in ids or [] for part in value.split(",") if part.strip()]
    unknown = [rule for rule in chosen if rule not in RULES]
    if unknown:
        from opmkt.i18n import _

        said = _("no rule {rule}: `opmkt rules` lists them")
        raise typer.BadParameter(
            said.format(rule=", ".join(repr(r) for r in unknown)), param_hint=option
        )
    return chosen


def plans_only(files: list[str]) -> list[str]:
    """The files that may be plans or actuals files; a note on stderr names each one skipped."""
    import sys

    from opmkt.plan.loader import not_opmkt

    kept = []
    for name in files:
        if not_opmkt(name):
            sys.stderr.write(
                f"note: {name} is not an opmkt plan or actuals file "
                "(no top-level version or plan): skipped\n"
            )
        else:
            kept.append(name)
    return kept
