"""`opmkt init`: render a new plan skeleton in the plan's language."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from opmkt.errors import FileError, UsageError
from opmkt.findings import say
from opmkt.io.files import write_atomic
from opmkt.io.limits import read_source
from opmkt.io.resources import schema_text as shipped_schema
from opmkt.text.words import language, words

LANGUAGES = {"fr": "fr_FR", "en": "en_US", "es": "es_ES", "de": "de_DE"}
"""Languages with a skeleton, and the template each uses."""

SCHEMA_NAME = ".opmkt/plan.schema.json"
"""Where init puts the schema beside the plan, for the editor modeline to point at."""

ACTUALS_SCHEMA_NAME = ".opmkt/actuals.schema.json"
"""The actuals schema, beside the plan's: `opmkt track` points a new actuals file at it."""


@dataclass(frozen=True)
class Settings:
    name: str
    organization: str
    locale: str
    currency: str
    start: dt.date


def language_of(locale: str) -> str:
    """The language of the skeleton for a locale; UsageError when there is none in it."""
    spoken = language(locale, default="")
    if spoken not in LANGUAGES:
        supported = ", ".join(f"{lang}_*" for lang in LANGUAGES)
        raise UsageError(
            say(
                "no skeleton in the language of {locale}: use {locales}",
                locale=locale,
                locales=supported,
            )
        )
    return spoken


def default_currency(locale: str) -> str:
    """The currency of the locale's territory (Babel's data), EUR when there is none."""
    from babel.numbers import get_territory_currencies

    territory = locale.partition("_")[2]
    if territory:
        currencies = get_territory_currencies(territory, dt.date.today())
        if currencies:
            return str(currencies[0])
    return "EUR"


def default_name(locale: str, start: dt.date) -> str:
    years = (
        str(start.year)
        if (start.month, start.day) == (1, 1)
        else (f"{start.year}–{start.year + 1}")
    )
    return f"{words(language_of(locale))['report']} {years}"


def one_year_from(start: dt.date) -> dt.date:
    """The last day of the year that begins on `start`."""
    try:
        following = start.replace(year=start.year + 1)
    except ValueError:  # 29 February: the year ends on the 28th
        following = dt.date(start.year + 1, 3, 1)
    return following - dt.timedelta(days=1)


def _months(start: dt.date, end: dt.date) -> tuple[list[str], list[str], list[str]]:
    months, firsts, lasts = [], [], []
    year, month = start.year, start.month
    for i in range(12):
        first = start if i == 0 else dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        months.append(f"{year:04d}-{month:02d}")
        firsts.append(first.isoformat())
        lasts.append((end if i == 11 else last).isoformat())
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months, firsts, lasts


def render_plan(settings: Settings, schema_path: str = SCHEMA_NAME) -> str:
    language = language_of(settings.locale)
    end = one_year_from(settings.start)
    previous_start = (
        settings.start.replace(year=settings.start.year - 1)
        if not (settings.start.month == 2 and settings.start.day == 29)
        else dt.date(settings.start.year - 1, 3, 1)
    )
    months, firsts, lasts = _months(settings.start, end)
    # Jinja only here: `init --from` writes next period's plan without a template.
    from opmkt.text.templating import shipped_environment

    template = shipped_environment("init").get_template(f"plan.{LANGUAGES[language]}.yaml.j2")
    return template.render(
        schema_path=schema_path,
        name=settings.name,
        organization=settings.organization,
        currency=settings.currency,
        locale=settings.locale,
        start=settings.start.isoformat(),
        end=end.isoformat(),
        prev_start=previous_start.isoformat(),
        prev_end=(settings.start - dt.timedelta(days=1)).isoformat(),
        months=months,
        month_start=firsts,
        month_end=lasts,
    )


@dataclass(frozen=True)
class Written:
    plan: Path
    schemas: list[Path]
    """The schemas written."""
    kept: list[Path]
    """The schema copies left as they were because they differ from this opmkt's."""


def write_plan(folder: Path, settings: Settings, *, force: bool = False) -> Written:
    """Write `folder/plan.yaml`, the plan schema its modeline points at, and the actuals schema
    beside it (for the actuals file `opmkt track` creates later).

    An existing plan is never replaced without `force`. An existing schema copy that differs
    is kept (it may be newer or edited) and reported, unless `force`.
    """
    plan_path = folder / "plan.yaml"
    text = render_plan(settings)
    write_atomic(plan_path, text, force=force)
    written = Written(plan_path, [], [])
    for name, kind in ((SCHEMA_NAME, "plan"), (ACTUALS_SCHEMA_NAME, "actuals")):
        schema_path = folder / name
        schema_text = shipped_schema(kind)
        if schema_path.exists() and not force:
            try:  # read as every input is: a FIFO in its place must not block init
                data = read_source(schema_path, str(schema_path))
                same = data.decode("utf-8", "replace") == schema_text
            except FileError:
                same = False
            if not same:
                written.kept.append(schema_path)
            continue
        write_atomic(schema_path, schema_text, force=True)
        written.schemas.append(schema_path)
    return written
