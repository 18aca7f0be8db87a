"""What `opmkt init` writes: a new plan's settings, from the options given, else from the
answers to questions, else from defaults, each checked; or next period's plan from the last."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from opmkt.errors import BadValue, FileError, UsageError
from opmkt.findings import say
from opmkt.i18n import follow_plan
from opmkt.init.scaffold import (
    LANGUAGES,
    Settings,
    Written,
    default_currency,
    default_name,
    language_of,
    write_plan,
)

if TYPE_CHECKING:
    from opmkt.rollover.partial import Coverage

T = TypeVar("T")

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")


class Ask(Protocol):
    """Asks a question in the terminal until `check` takes the answer (a BadValue says why it
    does not, and the question comes again); the default is taken on Enter."""

    def __call__(self, question: str, default: str, check: Callable[[str], T]) -> T: ...


@dataclass(frozen=True)
class Given:
    """The options given on the command line; None for each one left out."""

    name: str | None = None
    organization: str | None = None
    locale: str | None = None
    currency: str | None = None
    start: str | None = None


def default_locale() -> str:
    """The skeleton's locale in the environment's language, English when opmkt has none."""
    from opmkt.text.words import language

    return LANGUAGES.get(language(os.environ.get("LC_ALL") or os.environ.get("LANG")), "en_US")


def parse_start(text: str) -> dt.date:
    """The first day, or BadValue saying what is wrong with it."""
    return parse_day(text, "--start")


def parse_day(text: str, option: str) -> dt.date:
    """A day given to `option`, or BadValue saying what is wrong with it."""
    match = _DATE.match(text.strip())
    if match is None:
        raise BadValue(say("{value} is not a date: write YYYY-MM-DD", value=repr(text)), option)
    year, month, day = (int(part) for part in match.groups())
    if not year:
        raise BadValue(say("{value} is not a date: there is no year 0000", value=text), option)
    if not 1 <= month <= 12:
        raise BadValue(say("{value} is not a date: months go from 01 to 12", value=text), option)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        month_shown = f"{year}-{month:02d}"
        raise BadValue(
            say(
                "{value} is not a day: {month} has {days} days",
                value=text,
                month=month_shown,
                days=days,
            ),
            option,
        )
    return dt.date(year, month, day)


def check_locale(text: str, note: Callable[[str], None]) -> str:
    """The locale as Babel writes it, or BadValue. A locale Babel knows under another name
    (en_UK is en_GB) is taken, and `note` tells the user."""
    from opmkt.text.localefmt import checked_locale

    try:
        chosen = checked_locale(text.strip())
        language_of(chosen)
    except ValueError as exc:
        raise BadValue(str(exc), "--locale") from None
    except UsageError as exc:
        raise BadValue(exc.message, "--locale") from None
    # Only case, `-` and an encoding (fr-fr, en_US.UTF-8) may differ without a word.
    if text.strip().replace("-", "_").split(".")[0].lower() != chosen.lower():
        note(f"note: the locale {text.strip()} is known as {chosen}: the plan uses {chosen}")
    return chosen


def check_currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise BadValue(
            say("{value} is not an ISO 4217 code such as EUR", value=repr(text)), "--currency"
        )
    return code


def check_text(given: Given) -> None:
    """A name or organisation with a control character: a plan cannot hold it, and validate
    would refuse the plan just written."""
    for option, value in (("--name", given.name), ("--organization", given.organization)):
        if value is not None and _CONTROL.search(value):
            raise BadValue(say("holds a control character: remove it"), option)


def new_plan(
    folder: Path, given: Given, *, force: bool, ask: Ask | None, note: Callable[[str], None]
) -> Written:
    """Write `folder/plan.yaml` from the options given; what is missing is asked for when
    `ask` is given, else taken from defaults. A bad option is a BadValue; a bad answer is
    asked again."""
    if (folder / "plan.yaml").exists() and not force:
        # Said before asking anything.
        raise FileError(
            say("{file} already exists: use --force to replace it", file=str(folder / "plan.yaml"))
        )

    def answer(
        given_value: str | None, question: str, default: str, check: Callable[[str], T]
    ) -> T:
        if given_value is not None or ask is None:
            return check(given_value or default)
        return ask(question, default, check)

    locale = answer(
        given.locale, "Locale (fr_FR, en_US, …)", default_locale(), lambda t: check_locale(t, note)
    )
    first = f"{dt.date.today().year + 1}-01-01"
    start = answer(given.start, "First day (YYYY-MM-DD)", first, parse_start)
    currency = answer(given.currency, "Currency", default_currency(locale), check_currency)
    folder_name = folder.resolve().name or "My company"
    # A name or organisation given is kept as it is; an empty answer is the default.
    name = given.name or answer(None, "Plan name", default_name(locale, start), str)
    organization = given.organization or answer(None, "Organisation", folder_name, str)
    settings = Settings(name, organization, locale, currency, start)
    follow_plan(locale)  # what init says of the new plan, it says in the plan's language
    return write_plan(folder, settings, force=force)


@dataclass(frozen=True)
class NextPlan:
    """Next period's plan as written, the actuals file read (if any), how much of the period
    they cover, and validate's counts on the new plan: errors, warnings, notes."""

    plan: Path
    actuals: Path | None
    coverage: Coverage
    counts: tuple[int, int, int]


def next_plan(
    source: Path,
    folder: Path,
    *,
    actuals: Path | None,
    name: str | None,
    force: bool,
    as_of: str | None = None,
    annualize: bool = False,
) -> NextPlan:
    """Write next period's plan from `source` and its actuals as of a date, and validate it."""
    from opmkt.findings import Severity
    from opmkt.lint.engine import validate
    from opmkt.rollover.build import write_next_plan

    day = None if as_of is None else parse_day(as_of, "--as-of")
    written, read, coverage = write_next_plan(
        source, folder, actuals=actuals, name=name, force=force, as_of=day, annualize=annualize
    )
    report = validate([written])
    counts = (
        report.count(Severity.ERROR),
        report.count(Severity.WARNING),
        report.count(Severity.INFO),
    )
    return NextPlan(written, read, coverage, counts)
