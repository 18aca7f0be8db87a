"""Exact money: arithmetic that never rounds, and the one rounding done for display."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    Inexact,
    InvalidOperation,
    Rounded,
)
from fractions import Fraction

# Decimal's default context keeps 28 digits and rounds silently past them; products of rates and
# amounts, and sums of 80,000 of them, must never be rounded before display. With the largest
# precision, products and sums are exact; the traps make any rounding a bug that shows.
EXACT = Context(
    prec=MAX_PREC,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, Inexact, Rounded],
)

RATIO = Context(prec=60, rounding=ROUND_HALF_EVEN)
"""For ratios (progress, shares, rates of change): 60 digits, far more than any shown."""

_DISPLAY = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_EVEN)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The sum of `values`, with no rounding whatever their digits."""
    total = Decimal(0)
    add = EXACT.add
    for value in values:
        total = add(total, value)
    return total


def multiply(a: Decimal, b: Decimal) -> Decimal:
    """`a × b`, exactly."""
    return EXACT.multiply(a, b)


@functools.cache
def currency_digits(currency: str) -> int:
    """How many decimals the currency's amounts show (2 for EUR, 0 for JPY), from Babel."""
    # Babel's data is large to load: import it only when a figure is actually shown.
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency))


@functools.cache
def _smallest_shown(currency: str) -> Decimal:
    """The smallest amount the currency shows: 0.01 for EUR, 1 for JPY."""
    return Decimal(1).scaleb(-currency_digits(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """`amount` rounded half-even to the currency's digits: for display only, never to compute."""
    rounded = _DISPLAY.quantize(amount, _smallest_shown(currency))
    # A tiny negative amount rounds to zero: show 0.00, not -0.00.
    return rounded.copy_abs() if rounded.is_zero() else rounded


def fraction_to_decimal(value: Fraction) -> Decimal:
    """A ratio as a Decimal with far more digits than are ever printed."""
    return RATIO.divide(Decimal(value.numerator), Decimal(value.denominator))
