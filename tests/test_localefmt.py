"""Figures as the plan's locale writes them: rounded once, then formatted by Babel."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal, get_decimal_symbol

from opmkt.text import localefmt


def test_money_rounds_once_then_formats() -> None:
    assert localefmt.money(Decimal("1234.565"), "EUR", "en_US") == "€1,234.56"
    assert localefmt.money(Decimal("-0.004"), "EUR", "fr_FR") == "0,00\u00a0€"
    assert localefmt.money(Decimal("1234567.5"), "JPY", "ja_JP") == "￥1,234,568"
    assert localefmt.whole_money(Decimal("32"), "EUR", "fr_FR") == "32\u00a0€"


def test_money_format_writes_equal_amounts_alike() -> None:
    shown = localefmt.money_format("EUR", "en_US")
    assert shown(Decimal("1.5")) == shown(Decimal("1.50")) == "€1.50"
    assert shown(Decimal("-0")) == shown(Decimal("0")) == "€0.00"


@pytest.mark.parametrize(
    ("locale", "share", "exact", "value"),
    [
        ("en_US", "12.5%", "2.15%", "1,234,567.89"),
        ("fr_FR", "12,5\u00a0%", "2,15\u00a0%", "1\u202f234\u202f567,89"),
        # Swiss German: how CLDR groups its thousands changed between releases (the lock file
        # pins the release the product ships with); the promise is to write what Babel writes.
        ("de_CH", "12.5%", "2.15%", None),
    ],
)
def test_percentages_and_numbers_follow_the_locale(
    locale: str, share: str, exact: str, value: str | None
) -> None:
    # One parsed pattern serves every figure: the precision asked for one call (one decimal
    # for a share) must not leak into another (every digit for an exact ratio).
    assert localefmt.percent(Decimal("0.125"), locale) == share
    assert localefmt.exact_percent(Decimal("0.0215"), locale) == exact
    assert localefmt.percent(Decimal("0.125"), locale) == share
    shown = localefmt.number(Decimal("1234567.891"), locale, "#,##0.00")
    # Rounded once by opmkt, then written with the locale's own symbols and grouping.
    assert shown == format_decimal(Decimal("1234567.89"), "#,##0.00", locale=locale)
    assert shown.endswith(get_decimal_symbol(locale) + "89")
    if value is not None:
        assert shown == value


def test_a_count_is_written_as_babel_writes_it_in_every_locale() -> None:
    # Below PLAIN_COUNTS a count is written without Babel's locale data: that holds only if
    # Babel writes each of those counts as its digits alone, in every locale it has.
    from babel.localedata import locale_identifiers

    for locale in locale_identifiers():
        for value in (0, 7, localefmt.PLAIN_COUNTS - 1):
            assert localefmt.count(value, locale) == format_decimal(value, locale=locale), locale
    # A larger one is grouped as the locale groups it.
    assert localefmt.count(100000, "fr_FR") == "100\u202f000"
    assert localefmt.count(100000, "en_US") == "100,000"
    assert localefmt.count(localefmt.PLAIN_COUNTS, "tok") == "1\u00a000"
