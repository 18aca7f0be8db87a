"""Numbers, money, dates and percentages as a locale writes them, through Babel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from opmkt.money import currency_digits, round_money

DEFAULT_LOCALE = "en_US"


def checked_locale(text: str) -> str:
    """A locale given on the command line, as `ll_CC` (`fr-FR` and `fr_fr` are accepted), or
    ValueError with what to write instead."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(text.replace("-", "_").split(".")[0]))
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"{text!r} is not a locale: write it like fr_FR or en_US") from None


def money(amount: Decimal, currency: str, locale: str | None) -> str:
    """`1 234,56 €` in fr_FR, `$1,234.56` in en_US: rounded once, half-even, then formatted."""
    from babel.numbers import format_currency

    rounded = round_money(amount, currency)
    # The amount is already rounded to the currency's digits: Babel must not round again.
    return str(
        format_currency(
            rounded, currency, locale=locale or DEFAULT_LOCALE, decimal_quantization=False
        )
    )


def percent(value: Decimal, locale: str | None, *, digits: int = 1) -> str:
    """A share or a change as a percentage: 0.125 -> `12.5%` (en_US), `12,5 %` (fr_FR)."""
    from babel import Locale
    from babel.numbers import parse_pattern

    where = Locale.parse(locale or DEFAULT_LOCALE)
    # The locale's own percent pattern (`#,##0 %` in French), with the digits we want.
    pattern = parse_pattern(where.percent_formats[None].pattern)
    pattern.frac_prec = (digits, digits)
    return str(pattern.apply(value, where))


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
    from babel.dates import format_date

    return str(format_date(day, format=fmt, locale=locale or DEFAULT_LOCALE))


__all__ = [
    "currency_digits",
    "date",
    "money",
    "percent",
    "percent_or_dash",
    "signed_money",
    "signed_percent",
    "signed_percent_or_blank",
]
