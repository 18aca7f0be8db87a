"""The rows a budget table adds after a dimension's keys so that its column meets the total:
money with no value for the dimension, and lines paying for no action."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from opmkt.budget.rollup import SPECIFIED, UNASSIGNED, Rollup, change
from opmkt.plan.money import EXACT
from opmkt.text.localefmt import money, signed_money, signed_percent_or_blank
from opmkt.text.words import words

# The command line speaks English, whatever the plan's language.
_W = words(None, "terminal")


@dataclass(frozen=True, slots=True)
class OtherRow:
    """Money a dimension's keys do not show, as its own row of a table: `unspecified` (no
    value for the dimension) or `unassigned` (lines paying for no action)."""

    kind: str
    amount: Decimal
    previous: Decimal | None = None
    """Last period's amount of the lines behind it that give one."""
    comparable: Decimal | None = None
    """This period's amount of those same lines."""


def other_rows(one: Rollup, by: str) -> list[OtherRow]:
    """The rows that, after `by`'s keys, make its column add up to the total (each shown only
    when it holds money): objectives add up at the top level, with these."""
    rows = []
    amount = one.unspecified.get(by, Decimal(0)) if by in SPECIFIED else Decimal(0)
    if amount != 0:
        before = one.previous_unspecified.get(by)
        now = one.comparable_unspecified.get(by) if before is not None else None
        rows.append(OtherRow("unspecified", amount, before, now))
    if by in UNASSIGNED and one.unassigned != 0:
        rows.append(OtherRow("unassigned", one.unassigned))
    return rows


def other_label(kind: str, by: str) -> str:
    """How the tables for people name an OtherRow: in parentheses, which no id has."""
    if kind == "unassigned":
        return _W["no_action"]
    return _W[f"no_value.{by}"]


def dimension_title(by: str) -> str:
    """A dimension's column or sheet title."""
    return _W[f"dimension.{by}"]


def quotes_title(one: Rollup) -> str:
    """The heading of the quotes table: which lines need a quote."""
    lines = (
        _W["quote_lines_from"].format(threshold=money(one.threshold, one.currency, one.locale))
        if one.threshold is not None
        else _W["quote_lines_each"]
    )
    return _W["quotes_needed"].format(lines=lines)


def objective_note() -> str:
    """Why the objectives' amounts add up to more than the total."""
    return _W["objective_note"]


"""Said under a table of objectives with sub-objectives, whose indented rows are already in
their parents'."""


def nested(one: Rollup, by: str) -> bool:
    """Whether `by`'s rows nest (objectives with sub-objectives), so that not all add up."""
    return by == "objective" and any(depth > 0 for depth in one.depth.values())


def comparison_cells(one: Rollup, by: str, key: str) -> list[str]:
    """Last period's amount of a row, and the change of the same lines since (like for like),
    formatted; `—` where the row's lines give no previous amount."""
    before = one.previous_by.get(by, {}).get(key)
    now = one.comparable_by.get(by, {}).get(key)
    return _comparison(one, before, now)


def other_comparison_cells(one: Rollup, other: OtherRow) -> list[str]:
    """comparison_cells for an unspecified or unassigned row."""
    return _comparison(one, other.previous, other.comparable)


def _comparison(one: Rollup, before: Decimal | None, now: Decimal | None) -> list[str]:
    if before is None or now is None:
        return ["—", "", ""]
    delta, ratio = change(now, before)
    return [
        money(before, one.currency, one.locale),
        signed_money(delta, one.currency, one.locale),
        signed_percent_or_blank(ratio, one.locale),
    ]


def original_cells(one: Rollup, by: str, key: str, amount: Decimal) -> list[str]:
    """A row's amount in the plan as first approved and its revision since, formatted; `—`
    for a key the baseline does not have (added since)."""
    assert one.original is not None
    return _revision(one, one.original.by.get(by, {}).get(key), amount)


def other_original_cells(one: Rollup, other: OtherRow, by: str) -> list[str]:
    """original_cells for an unspecified or unassigned row."""
    first = one.original
    assert first is not None
    before = first.unassigned if other.kind == "unassigned" else first.unspecified.get(by)
    return _revision(one, before, other.amount)


def _revision(one: Rollup, before: Decimal | None, amount: Decimal) -> list[str]:
    if before is None:
        return ["—", ""]
    return [
        money(before, one.currency, one.locale),
        signed_money(EXACT.subtract(amount, before), one.currency, one.locale),
    ]


def original_summary(one: Rollup, words: str) -> str | None:
    """The plan's original total and its revision, in the words `words` names (the terminal's
    sentence or the Markdown's); None without a baseline."""
    if one.original is None:
        return None
    delta, ratio = change(one.total, one.original.total)
    return _W[words].format(
        source=one.original.name,
        original=money(one.original.total, one.currency, one.locale),
        change=signed_money(delta, one.currency, one.locale),
        percent=signed_percent_or_blank(ratio, one.locale),
    )
