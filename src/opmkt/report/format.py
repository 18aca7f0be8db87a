"""How the report writes figures and dates for its locale: Babel does the formatting, this
module only decides which figure gets which form (money, share, indicator value, period)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from opmkt.plan.lines import UNSCHEDULED
from opmkt.plan.money import RATIO, fraction_to_decimal, round_money
from opmkt.text import localefmt

_HUNDRED = Decimal(100)
DEEPEST_LEVEL = 4
"""The stylesheets indent rows to `.level-4` at most: deeper rows show at that level."""


def indent_level(depth: int) -> int:
    """The `.level-N` class of a row at `depth` (0 at the top) of a tree table."""
    return min(depth, DEEPEST_LEVEL)


@dataclass(frozen=True)
class Fmt:
    """The locale, the plan's currency and the words: everything a figure needs to be written."""

    locale: str
    currency: str
    words: Mapping[str, str]
    lang: str = "en"
    """The language of the words, which findings are told in too."""
    _memo: dict[tuple[object, ...], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Figures and dates already written: a large plan repeats its amounts, days and months
    thousands of times, and Babel takes tens of microseconds for each."""

    def _remember(self, key: tuple[object, ...], make: Callable[[], str]) -> str:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = make()
        return found

    def word(self, key: str, fallback: str | None = None) -> str:
        """The word for a key (`channel.email`); the fallback (or the key's last part) when
        there is none, so a value the format does not know still shows as written."""
        found = self.words.get(key)
        if found is not None:
            return found
        return fallback if fallback is not None else key.rsplit(".", 1)[-1]

    def money(self, amount: Decimal | None) -> str:
        if amount is None:
            return "—"
        # Equal amounts (1.5 and 1.50, 0 and -0) round to the same figure.
        return self._remember(
            ("money", amount), lambda: localefmt.money(amount, self.currency, self.locale)
        )

    def signed_money(self, amount: Decimal) -> str:
        return localefmt.signed_money(amount, self.currency, self.locale)

    def price(self, amount: Decimal, currency: str | None = None) -> str:
        """A price as the author wrote it: `1,30 €`, and `32 €` rather than `32,00 €`."""
        code = currency or self.currency
        # Not by equality: 1.5 and 1.50 are written as the author wrote them.
        return self._remember(("price", str(amount), code), lambda: self._currency(amount, code))

    def share(self, value: Decimal | None) -> str:
        return localefmt.percent_or_dash(value, self.locale)

    def change(self, value: Decimal | None) -> str:
        return localefmt.signed_percent_or_blank(value, self.locale)

    def ratio(self, value: Fraction | None) -> str:
        """Progress or expected as a whole percentage: `45 %`."""
        if value is None:
            return "—"
        return localefmt.percent(fraction_to_decimal(value), self.locale, digits=0)

    def date(self, day: dt.date | None) -> str:
        return "" if day is None else localefmt.date(day, self.locale)

    def interval(self, start: dt.date | None, end: dt.date | None) -> str:
        """`1 févr. – 30 juin 2027`: Babel's interval format, which says each part once."""
        return self._remember(("interval", start, end), lambda: self._interval(start, end))

    def _interval(self, start: dt.date | None, end: dt.date | None) -> str:
        from babel.dates import format_interval

        if start is None or end is None:
            return self.date(start) or self.date(end)
        if end < start:
            return f"{self.date(start)} – {self.date(end)}"
        return str(format_interval(start, end, "yMMMd", locale=self.locale))

    def month(self, key: str) -> str:
        """A budget month key (`2027-02`) as the locale writes it: `févr. 2027`."""
        return self._remember(("month", key), lambda: self._month(key))

    def _month(self, key: str) -> str:
        from babel.dates import format_skeleton

        if key == UNSCHEDULED:
            return self.word("unscheduled")
        try:
            day = dt.date(int(key[:4]), int(key[5:7]), 1)
        except ValueError:
            return key
        return str(format_skeleton("yMMM", day, locale=self.locale))

    def month_labels(self, keys: list[str]) -> list[str]:
        """Short month names for a chart's axis (`févr.`), with the year only when the
        months span more than one year."""
        from babel.dates import format_skeleton

        years = {key[:4] for key in keys if key != UNSCHEDULED}
        if len(years) > 1:
            return [self.month(key) for key in keys]
        labels = []
        for key in keys:
            if key == UNSCHEDULED:
                labels.append(self.word("unscheduled"))
                continue
            day = dt.date(int(key[:4]), int(key[5:7]), 1)
            labels.append(str(format_skeleton("MMM", day, locale=self.locale)))
        return labels

    def month_range(self, first: str, last: str) -> str:
        """`févr. – déc. 2027` for a recurring line's months."""
        return self._remember(("months", first, last), lambda: self._month_range(first, last))

    def _month_range(self, first: str, last: str) -> str:
        from babel.dates import format_interval

        if first == last:
            return self.month(first)
        start = dt.date(int(first[:4]), int(first[5:7]), 1)
        end = dt.date(int(last[:4]), int(last[5:7]), 1)
        return str(format_interval(start, end, "yMMM", locale=self.locale))

    def number(self, value: Decimal, *, digits: int | None = None) -> str:
        """A plain number; rounded to `digits` decimals first when given (trailing zeros of
        the rounding are dropped: `1 234,5`), else with the digits it has."""
        if digits is not None:
            value = RATIO.quantize(value, Decimal(1).scaleb(-digits))
            whole = value == value.to_integral_value()
            value = value.quantize(Decimal(1)) if whole else value.normalize(RATIO)
        return localefmt.number(value, self.locale, quantization=False)

    def kpi_value(self, value: Decimal | None, unit: str | None, *, measured: bool = False) -> str:
        """An indicator's value in its unit: money for a currency code, `%` for a percentage,
        else the number and the unit's word. A measured or computed value is rounded (to the
        currency's digits, to a whole number for a count, or to 2 decimals); a value the
        author wrote keeps its digits."""
        if value is None:
            return "—"
        if unit is not None and localefmt.is_currency(unit):
            amount = round_money(value, unit) if measured else value
            return self._currency(amount, unit)
        # Measured or computed: a count is whole (`352 customers`), else 2 decimals at most.
        digits = (0 if localefmt.is_count(unit) else 2) if measured else None
        if unit == "%":
            shown = RATIO.quantize(value, Decimal("0.01")) if measured else value
            return localefmt.exact_percent(RATIO.divide(shown, _HUNDRED), self.locale)
        text = self.number(value, digits=digits)
        if not unit:
            return text
        shown = RATIO.quantize(value, Decimal(1).scaleb(-digits)) if digits is not None else value
        return f"{text} {localefmt.unit_word(shown, unit, self.locale)}"

    def _currency(self, amount: Decimal, code: str) -> str:
        """Money without zero decimals when the amount is whole: `32 €`, `7,80 €`."""
        if amount != amount.to_integral_value():
            return localefmt.money(amount, code, self.locale)
        return localefmt.whole_money(amount, code, self.locale)


def lang_tag(locale: str) -> str:
    """The locale as an HTML `lang` value: `fr_FR` -> `fr-FR`."""
    return locale.replace("_", "-")
