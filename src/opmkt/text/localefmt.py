"""Numbers, money, dates and percentages as a locale writes them, through Babel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from opmkt.plan.money import RATIO, currency_digits, round_money

DEFAULT_LOCALE = "en_US"
# Indicator values are computed with far more digits than shown: rounded once, half-even.


def checked_locale(text: str) -> str:
    """A locale given on the command line, as `ll_CC` (`fr-FR` and `fr_fr` are accepted), or
    ValueError with what to write instead."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(text.replace("-", "_").split(".")[0]))
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"{text!r} is not a locale: write it like fr_FR or en_US") from None


@lru_cache(maxsize=64)
def _number_format(
    kind: str,
    locale: str,
    currency: str | None = None,
    *,
    frac: tuple[int, int] | None = None,
    currency_digits: bool = True,
    quantization: bool = True,
) -> Callable[[Decimal], str]:
    """Babel's format of `kind` (`currency`, `percent`, `decimal`: the locale's standard
    pattern; else a pattern such as `#,##0.00`) for the locale, with `frac` decimals when
    given. The locale and the pattern are parsed once, not for every figure."""
    from babel import Locale
    from babel.numbers import parse_pattern

    where = Locale.parse(locale)
    if kind == "currency":
        text = where.currency_formats["standard"].pattern
    elif kind == "percent":
        text = where.percent_formats[None].pattern
    elif kind == "decimal":
        text = where.decimal_formats[None].pattern
    else:
        text = kind
    # A pattern of its own: changing the precision must not change Babel's cached one.
    pattern = parse_pattern(text)
    if frac is not None:
        pattern.frac_prec = frac

    def shown(value: Decimal) -> str:
        return str(
            pattern.apply(
                value,
                where,
                currency=currency,
                currency_digits=currency_digits,
                decimal_quantization=quantization,
            )
        )

    return shown


def money(amount: Decimal, currency: str, locale: str | None) -> str:
    """`1 234,56 €` in fr_FR, `$1,234.56` in en_US: rounded once, half-even, then formatted."""
    rounded = round_money(amount, currency)
    # The amount is already rounded to the currency's digits: Babel must not round again.
    shown = _number_format("currency", locale or DEFAULT_LOCALE, currency, quantization=False)
    return shown(rounded)


def money_format(currency: str, locale: str | None) -> Callable[[Decimal], str]:
    """`money` for many amounts in one currency and locale: each distinct amount is formatted
    once (a plan's lines share many amounts: nothing committed, nothing spent yet)."""
    shown: dict[Decimal, str] = {}

    def one(amount: Decimal) -> str:
        text = shown.get(amount)
        if text is None:
            # Equal amounts (1.5 and 1.50, 0 and -0) round to the same figure.
            text = shown[amount] = money(amount, currency, locale)
        return text

    return one


def whole_money(amount: Decimal, currency: str, locale: str | None) -> str:
    """A whole amount of money without decimals: `32 €`, not `32,00 €`."""
    shown = _number_format(
        "currency", locale or DEFAULT_LOCALE, currency, frac=(0, 0), currency_digits=False
    )
    return shown(amount.quantize(Decimal(1)))


def number(
    value: Decimal, locale: str | None, pattern: str = "decimal", *, quantization: bool = True
) -> str:
    """A plain number in the locale's decimal pattern, or in `pattern` (`#,##0.00`); without
    quantization, with every digit it has."""
    return _number_format(pattern, locale or DEFAULT_LOCALE, quantization=quantization)(value)


PLAIN_COUNTS = 100
"""Every whole number below this is written as its digits alone in every locale Babel has:
grouping starts at 1,000 in most, at 1 00 in the few that group by two (Toki Pona), and the
digits are Latin in all (tests/test_localefmt.py checks each locale)."""


def count(value: int, locale: str | None) -> str:
    """How many of something (records added, rows left out) in the locale's decimal pattern:
    `100 000` in French. A count below PLAIN_COUNTS is its digits in every locale, so Babel and
    the locale's data (about 11 ms to load) are read only for a larger one."""
    if 0 <= value < PLAIN_COUNTS:
        return str(value)
    return number(Decimal(value), locale)


@lru_cache(maxsize=256)
def is_currency(unit: str) -> bool:
    """Whether an indicator's unit is an ISO 4217 code Babel knows (`EUR`, not `EUROS`)."""
    from babel.numbers import list_currencies

    return len(unit) == 3 and unit.isupper() and unit in list_currencies()


def is_count(unit: str | None) -> bool:
    """Whether an indicator counts things: its unit is a word (customers, orders, visits),
    neither a currency nor `%`."""
    return unit is not None and unit.strip() != "" and unit != "%" and not is_currency(unit)


def kpi_number(value: Decimal, unit: str | None, locale: str | None) -> str:
    """An indicator's value as views print it, rounded once, half-even: a count as a whole
    number (`352`, not `352.00`), anything else with 2 decimals (JSON keeps 2 for all)."""
    digits = 0 if is_count(unit) else 2
    rounded = RATIO.quantize(value, Decimal(1).scaleb(-digits))
    rounded = rounded.copy_abs() if rounded.is_zero() else rounded
    return number(rounded, locale, "#,##0.00" if digits else "#,##0")


# Endings where a final `s` is not a plural mark: class, status, analysis.
_NOT_PLURAL = ("ss", "us", "is")


def unit_word(value: Decimal, unit: str, locale: str | None) -> str:
    """An indicator's unit, as the author wrote it (a plural word: contracts, abonnés), in the
    singular when the locale's grammar wants one for `value` (`1 contract`, `0 abonné` in
    French): the final `s` of its last word dropped, for the regular plurals of English and
    French; any other word is left as written."""
    from babel import Locale

    try:
        form = Locale.parse(locale or DEFAULT_LOCALE).plural_form(abs(value))
    except (ValueError, TypeError):
        return unit
    head, _, last = unit.rpartition(" ")
    if form != "one" or len(last) < 3 or not last.endswith("s") or last.endswith(_NOT_PLURAL):
        return unit
    return f"{head} {last[:-1]}" if head else last[:-1]


def percent(value: Decimal, locale: str | None, *, digits: int = 1) -> str:
    """A share or a change as a percentage: 0.125 -> `12.5%` (en_US), `12,5 %` (fr_FR)."""
    # The locale's own percent pattern (`#,##0 %` in French), with the digits we want.
    return _number_format("percent", locale or DEFAULT_LOCALE, frac=(digits, digits))(value)


def exact_percent(value: Decimal, locale: str | None) -> str:
    """A ratio as a percentage in the locale's pattern, with every digit it has: 0.0215 ->
    `2.15%`."""
    return _number_format("percent", locale or DEFAULT_LOCALE, quantization=False)(value)


def signed_percent(value: Decimal, locale: str | None) -> str:
    text = percent(value, locale)
    return text if value < 0 else f"+{text}"


def percent_or_dash(value: Decimal | None, locale: str | None) -> str:
    """A share, or `—` where there is none (a share of nothing)."""
    return "—" if value is None else percent(value, locale)


def signed_percent_or_blank(value: Decimal | None, locale: str | None) -> str:
    """A change in percent, or nothing where it cannot be said (a change from zero)."""
    return "" if value is None else signed_percent(value, locale)


def signed_money(amount: Decimal, currency: str, locale: str | None) -> str:
    text = money(amount, currency, locale)
    return text if round_money(amount, currency) < 0 else f"+{text}"


def date(day: dt.date, locale: str | None, fmt: str = "medium") -> str:
    return _date(day, locale or DEFAULT_LOCALE, fmt)


# A plan has a few hundred distinct days at most, shown thousands of times in a large report.
@lru_cache(maxsize=4096)
def _date(day: dt.date, locale: str, fmt: str) -> str:
    from babel.dates import format_date

    return str(format_date(day, format=fmt, locale=locale))


__all__ = [
    "count",
    "currency_digits",
    "date",
    "exact_percent",
    "is_count",
    "is_currency",
    "kpi_number",
    "money",
    "money_format",
    "number",
    "percent",
    "percent_or_dash",
    "signed_money",
    "signed_percent",
    "signed_percent_or_blank",
    "unit_word",
    "whole_money",
]
