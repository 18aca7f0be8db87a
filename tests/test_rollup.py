"""The budget roll-up: every figure of `opmkt budget`, worked out by hand, rounded once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from opmkt.budget.rollup import Rollup, consolidate, rollup
from opmkt.plan.loader import load_plan
from opmkt.plan.model import Plan
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "budget"

# What one occurrence of each line of tests/data/budget/rollup.yaml costs, and how often it
# falls, in EUR. Written out by hand: the expectations below never call opmkt to compute.
B1 = Decimal("800")  # content, A1, 2027-02
B2 = Decimal("2500") * Decimal("0.12")  # 300.00: media, A1, 2027-03-15
B3_EACH = Decimal("299.90")  # tools, A2, monthly 2027-02 .. 2027-05: Feb, Mar, Apr, May
B3 = 4 * B3_EACH  # 1199.60
B4_EACH = Decimal("1200")  # events, A3, quarterly 2027-02 .. 2027-11: Feb, May, Aug, Nov
B4 = 4 * B4_EACH  # 4800
B5 = Decimal("1234.56") * Decimal("0.9137")  # 1128.017472: USD, media, A4, 2027-06
# B6 is 2000 GBP, and the plan has no GBP rate: it is in no figure.
B7 = Decimal("350")  # print, A5 (no channel, mix or segment), 2027-09
B8 = Decimal("1500")  # fees, no action, 2027-01
B9 = Decimal("2000")  # content, A2, unscheduled

TOTAL = B1 + B2 + B3 + B4 + B5 + B7 + B8 + B9


def _load(path: Path) -> Plan:
    loaded = load_plan(path)
    assert loaded.plan is not None, loaded.findings
    return loaded.plan


def _budget(write: Callable[..., Path], text: str) -> Rollup:
    """The roll-up of a plan written as YAML, so that its numbers are read from the text."""
    return rollup(_load(write(text)))


def test_the_hand_worked_plan_rolls_up_to_every_figure_worked_out_by_hand() -> None:
    budget = rollup(_load(DATA / "rollup.yaml"), "fournil")

    assert Decimal("300.00") == B2
    assert Decimal("1128.017472") == B5
    assert Decimal("12077.617472") == TOTAL
    assert budget.total == TOTAL
    assert budget.remaining == Decimal("15000") - TOTAL == Decimal("2922.382528")
    assert budget.by["objective"]["O2"] == B5 + B7 == Decimal("1478.017472")
    assert budget.by["quarter"]["2027-Q2"] == B3_EACH * 2 + B4_EACH + B5

    assert budget.as_json() == {
        "currency": "EUR",
        "total": "12077.62",  # 12077.617472
        "cap": "15000.00",
        "remaining": "2922.38",  # 15000 - 12077.617472 = 2922.382528
        "previous_total": "10500.00",
        "by": {
            "objective": {
                # O1 = A3 + O1.1 = 4800 + 4299.60
                "O1": "9099.60",
                # O1.1 = A2 + O1.1.1 = (1199.60 + 2000) + 1100
                "O1.1": "4299.60",
                # O1.1.1 = A1 = 800 + 300.00
                "O1.1.1": "1100.00",
                # O2 = A4 + A5 = 1128.017472 + 350
                "O2": "1478.02",
            },
            "action": {
                "A1": "1100.00",  # 800 + 300.00
                "A2": "3199.60",  # 1199.60 + 2000
                "A3": "4800.00",  # 4 × 1200
                "A4": "1128.02",  # 1234.56 USD × 0.9137; the GBP line B6 adds nothing
                "A5": "350.00",
            },
            "category": {
                "content": "2800.00",  # 800 + 2000
                "events": "4800.00",
                "fees": "1500.00",  # the line with no action still has its category
                "media": "1428.02",  # 300.00 + 1128.017472
                "print": "350.00",
                "tools": "1199.60",
            },
            "channel": {
                "email": "3199.60",
                "in_store": "4800.00",
                "press": "1128.02",
                "social_media": "1100.00",
                # A5 names no channel: its 350 is under `unspecified`, not a key of `by`
            },
            "mix": {
                "place": "4800.00",
                "price": "3199.60",
                "promotion": "2228.02",  # A1 + A4 = 1100 + 1128.017472
            },
            "segment": {
                "etudiants": "4327.62",  # A2 + A4 = 3199.60 + 1128.017472
                "familles": "5900.00",  # A1 + A3 = 1100 + 4800
            },
            "month": {
                "2027-01": "1500.00",  # B8
                "2027-02": "2299.90",  # B1 + B3 + B4 = 800 + 299.90 + 1200
                "2027-03": "599.90",  # B2 + B3 = 300.00 + 299.90 (B2 is dated 2027-03-15)
                "2027-04": "299.90",  # B3 (B6 is left out)
                "2027-05": "1499.90",  # B3 + B4 = 299.90 + 1200
                "2027-06": "1128.02",  # B5
                "2027-08": "1200.00",  # B4
                "2027-09": "350.00",  # B7
                "2027-11": "1200.00",  # B4
                "unscheduled": "2000.00",  # B9
            },
            "quarter": {
                "2027-Q1": "4399.80",  # 1500 + 2299.90 + 599.90
                "2027-Q2": "2927.82",  # 299.90 + 1499.90 + 1128.017472 = 2927.817472
                "2027-Q3": "1550.00",  # 1200 + 350
                "2027-Q4": "1200.00",
                "unscheduled": "2000.00",
            },
            # Every line that counts, in the plan's order; B6 (no GBP rate) counts nowhere.
            "line": {
                "B1": "800.00",
                "B2": "300.00",  # 2500 × 0.12
                "B3": "1199.60",  # 4 × 299.90
                "B4": "4800.00",  # 4 × 1200
                "B5": "1128.02",  # 1234.56 × 0.9137 = 1128.017472
                "B7": "350.00",
                "B8": "1500.00",
                "B9": "2000.00",
            },
        },
        "unassigned": "1500.00",  # B8
        # Every line has a category; A5 (B7, 350) names no channel, mix or segment.
        "unspecified": {
            "category": "0.00",
            "channel": "350.00",
            "mix": "350.00",
            "segment": "350.00",
        },
        # Lines of 1000 or more (all occurrences, in EUR): B9 accepted, B4 received, B5
        # requested, and B3 (1199.60) and B8 (1500) with no quote: 2699.60.
        "quotes": {
            "accepted": {"lines": 1, "amount": "2000.00"},
            "received": {"lines": 1, "amount": "4800.00"},
            "requested": {"lines": 1, "amount": "1128.02"},
            "waived": {"lines": 0, "amount": "0.00"},
            "missing": {"lines": 2, "amount": "2699.60"},
        },
    }
    # Each dimension's rows, its unspecified money and the unassigned lines make the total.
    unassigned = B8
    assert sum(budget.by["category"].values()) + budget.unspecified["category"] == TOTAL
    for dimension in ("channel", "mix", "segment"):
        rows = sum(budget.by[dimension].values())
        assert rows + budget.unspecified[dimension] + unassigned == TOTAL, dimension
    assert budget.by["objective"]["O1"] + budget.by["objective"]["O2"] + unassigned == TOTAL
    assert sum(budget.by["action"].values()) + unassigned == TOTAL


def test_months_and_quarters_come_in_calendar_order_and_objectives_in_plan_order() -> None:
    by = rollup(_load(DATA / "rollup.yaml")).as_json()["by"]
    assert isinstance(by, dict)
    assert list(by["month"]) == [
        "2027-01",
        "2027-02",
        "2027-03",
        "2027-04",
        "2027-05",
        "2027-06",
        "2027-08",
        "2027-09",
        "2027-11",
        "unscheduled",
    ]
    assert list(by["quarter"]) == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "unscheduled"]
    assert list(by["objective"]) == ["O1", "O1.1", "O1.1.1", "O2"]


def test_the_line_without_a_rate_is_named_and_quotes_are_counted_by_state() -> None:
    budget = rollup(_load(DATA / "rollup.yaml"))

    assert budget.left_out == ["B6"]
    # Lines whose total, all occurrences, in EUR, is at least the default threshold of 1000:
    # B1 (800, accepted) is below it; B3 is 4 × 299.90 = 1199.60 with no quote; B6 (2000 GBP)
    # is left out, so it needs no quote here.
    quotes = {state: (count.lines, count.amount) for state, count in budget.quotes.items()}
    assert quotes == {
        "accepted": (1, B9),
        "received": (1, B4),
        "requested": (1, B5),
        "waived": (0, 0),
        "missing": (2, B3 + B8),
    }
    assert Decimal("2699.60") == B3 + B8


# --- Rounding once ---------------------------------------------------------------------------

HEADER = """\
version: 1
plan:
  name: Rounding
  period: {start: 2027-01-01, end: 2027-12-31}
"""


def test_a_recurring_line_is_rounded_once_not_per_occurrence(write: Callable[..., Path]) -> None:
    budget = _budget(
        write,
        HEADER + "budget:\n  lines:\n"
        "    - {id: B1, label: Cents, amount: 0.125,"
        " recurring: {every: month, from: 2027-01, to: 2027-12}}\n",
    )
    doc = budget.as_json()
    # 12 × 0.125 = 1.500; rounding each occurrence first would print 12 × 0.12 = 1.44,
    # and adding printed quarters 4 × 0.38 = 1.52.
    assert budget.total == 12 * Decimal("0.125")
    assert doc["total"] == "1.50"
    assert doc["unassigned"] == "1.50"
    by = doc["by"]
    assert isinstance(by, dict)
    assert by["category"] == {}
    assert doc["unspecified"] == {
        "category": "1.50",
        "channel": "0.00",
        "mix": "0.00",
        "segment": "0.00",
    }
    # Each month is 0.125, a tie, rounded half to even: 0.12.
    assert by["month"] == {f"2027-{m:02d}": "0.12" for m in range(1, 13)}
    # Each quarter is 3 × 0.125 = 0.375 exactly (its months round down; it rounds up).
    assert by["quarter"] == {f"2027-Q{q}": "0.38" for q in range(1, 5)}


def test_a_conversion_is_rounded_once_not_per_line(write: Callable[..., Path]) -> None:
    budget = _budget(
        write,
        HEADER.replace("period:", "exchange_rates: {USD: 0.3333}\n  period:")
        + "objectives:\n  - {id: O1, category: business, title: Sell more bread}\n"
        "actions:\n  - {id: A1, objective: O1, what: Ads, channel: search}\n"
        "budget:\n  lines:\n"
        "    - {id: B1, action: A1, label: Jan, amount: 10.00, currency: USD, date: 2027-01}\n"
        "    - {id: B2, action: A1, label: Feb, amount: 10.00, currency: USD, date: 2027-02}\n"
        "    - {id: B3, action: A1, label: Mar, amount: 10.00, currency: USD, date: 2027-03}\n",
    )
    # Each line is 10.00 × 0.3333 = 3.333 EUR, which prints 3.33; three of them are 9.999,
    # which prints 10.00 (adding the printed lines would give 9.99).
    assert budget.total == 3 * (Decimal("10.00") * Decimal("0.3333")) == Decimal("9.999")
    doc = budget.as_json()
    by = doc["by"]
    assert isinstance(by, dict)
    assert doc["total"] == "10.00"
    assert by["objective"] == {"O1": "10.00"}
    assert by["action"] == {"A1": "10.00"}
    assert by["channel"] == {"search": "10.00"}
    assert by["month"] == {"2027-01": "3.33", "2027-02": "3.33", "2027-03": "3.33"}
    # The quarter is the exact sum of its months, 9.999, not 3 × 3.33.
    assert by["quarter"] == {"2027-Q1": "10.00"}


def test_a_quarter_whose_months_all_round_down_can_round_up(write: Callable[..., Path]) -> None:
    budget = _budget(
        write,
        HEADER + "budget:\n  lines:\n"
        "    - {id: B1, label: a, amount: 100.004, date: 2027-04}\n"
        "    - {id: B2, label: b, amount: 100.004, date: 2027-05-31}\n"
        "    - {id: B3, label: c, amount: 0.002, date: 2027-06}\n"
        "    - {id: B4, label: d, amount: 0.001, date: 2027-06-30}\n",
    )
    by = budget.as_json()["by"]
    assert isinstance(by, dict)
    # 100.004 → 100.00, 100.004 → 100.00, 0.002 + 0.001 = 0.003 → 0.00 ...
    assert by["month"] == {"2027-04": "100.00", "2027-05": "100.00", "2027-06": "0.00"}
    # ... but 100.004 + 100.004 + 0.003 = 200.011 → 200.01, not 200.00.
    assert by["quarter"] == {"2027-Q2": "200.01"}


def test_a_yen_plan_prints_whole_yen(write: Callable[..., Path]) -> None:
    budget = _budget(
        write,
        HEADER.replace(
            "period:",
            "currency: JPY\n  budget_cap: 3000\n  exchange_rates: {USD: 151.37}\n  period:",
        )
        + "budget:\n  previous_total: 2499.5\n  lines:\n"
        "    - {id: B1, label: Flyers, amount: 1000.5, date: 2027-01}\n"
        "    - {id: B2, label: App, amount: 9.99, currency: USD, date: 2027-02}\n",
    )
    # B1 = 1000.5 (a tie: 1000); B2 = 9.99 × 151.37 = 1512.1863 (1512);
    # total 2512.6863 → 2513, where adding printed lines gives 2512.
    assert Decimal("9.99") * Decimal("151.37") == Decimal("1512.1863")
    doc = budget.as_json()
    assert doc["currency"] == "JPY"
    assert doc["total"] == "2513"
    assert doc["cap"] == "3000"
    assert doc["remaining"] == "487"  # 3000 - 2512.6863 = 487.3137
    assert doc["previous_total"] == "2500"  # 2499.5, a tie: to the even 2500
    by = doc["by"]
    assert isinstance(by, dict)
    assert by["month"] == {"2027-01": "1000", "2027-02": "1512"}
    assert by["quarter"] == {"2027-Q1": "2513"}


def test_a_dinar_plan_prints_three_decimals(write: Callable[..., Path]) -> None:
    budget = _budget(
        write,
        HEADER.replace("period:", "currency: KWD\n  exchange_rates: {EUR: 0.33335}\n  period:")
        + "budget:\n  lines:\n"
        "    - {id: B1, label: Print, amount: 12.3455, date: 2027-01}\n"
        "    - {id: B2, label: Stock photos, amount: 10, currency: EUR, date: 2027-02}\n",
    )
    # B1 = 12.3455 (a tie: 12.346); B2 = 10 × 0.33335 = 3.3335 (a tie: 3.334);
    # total 15.6790 → 15.679, where adding printed lines gives 15.680.
    doc = budget.as_json()
    assert doc["total"] == "15.679"
    assert doc["unassigned"] == "15.679"
    assert doc["cap"] is None
    assert doc["remaining"] is None
    by = doc["by"]
    assert isinstance(by, dict)
    assert by["month"] == {"2027-01": "12.346", "2027-02": "3.334"}
    assert by["quarter"] == {"2027-Q1": "15.679"}


def test_occurrences_fall_in_their_own_months_across_a_year_end(
    write: Callable[..., Path],
) -> None:
    budget = _budget(
        write,
        # A plan over 15 months, so that its lines cross a year end within the period.
        HEADER.replace("end: 2027-12-31", "end: 2028-03-31") + "budget:\n  lines:\n"
        "    - {id: B1, label: Hosting, amount: 10,"
        " recurring: {every: month, from: 2027-11, to: 2028-02}}\n"
        "    - {id: B2, label: Fair, amount: 100,"
        " recurring: {every: quarter, from: 2027-02, to: 2027-12}}\n",
    )
    by = budget.as_json()["by"]
    assert isinstance(by, dict)
    # Quarterly from February: Feb, May, Aug, Nov; December is not three months after Nov.
    assert by["month"] == {
        "2027-02": "100.00",
        "2027-05": "100.00",
        "2027-08": "100.00",
        "2027-11": "110.00",
        "2027-12": "10.00",
        "2028-01": "10.00",
        "2028-02": "10.00",
    }
    assert by["quarter"] == {
        "2027-Q1": "100.00",
        "2027-Q2": "100.00",
        "2027-Q3": "100.00",
        "2027-Q4": "120.00",
        "2028-Q1": "20.00",
    }
    assert budget.total == 4 * Decimal(10) + 4 * Decimal(100)


def test_only_the_occurrences_within_the_plan_period_count(write: Callable[..., Path]) -> None:
    budget = _budget(
        write,
        HEADER.replace("start: 2027-01-01", "start: 2027-01-15") + "budget:\n  lines:\n"
        "    - {id: B1, label: Forever, amount: 10,"
        " recurring: {every: month, from: 0001-01, to: 9999-12}}\n"
        "    - {id: B2, label: Fair, amount: 100,"
        " recurring: {every: quarter, from: 2026-11, to: 2028-06}}\n"
        "    - {id: B3, label: Next year, amount: 1000, date: 2028-01-25}\n"
        "    - {id: B4, label: The day before, amount: 1000, date: 2027-01-14}\n"
        "    - {id: B5, label: Its first month, amount: 1, date: 2027-01}\n"
        "    - {id: B6, label: Reversed, amount: 1000,"
        " recurring: {every: month, from: 2027-06, to: 2027-03}}\n",
    )
    by = budget.as_json()["by"]
    assert isinstance(by, dict)
    # B1: the 12 months of 2027 out of 119,988; B2: every 3 months from 2026-11, within 2027;
    # B3, B4 and B6: nothing (budget-dates names them); B5: January overlaps the period.
    assert by["month"] == {
        "2027-01": "11.00",
        **{f"2027-{m:02d}": "10.00" for m in (3, 4, 6, 7, 9, 10, 12)},
        **{f"2027-{m:02d}": "110.00" for m in (2, 5, 8, 11)},
    }
    assert budget.total == 12 * Decimal(10) + 4 * Decimal(100) + 1
    assert [item.cost.count for item in budget.items if item.cost is not None] == [
        12,
        4,
        0,
        0,
        1,
        0,
    ]


def test_quotes_are_needed_from_the_threshold_on_all_occurrences_in_plan_currency(
    write: Callable[..., Path],
) -> None:
    budget = _budget(
        write,
        HEADER.replace("period:", "exchange_rates: {USD: 0.9999}\n  period:")
        + "budget:\n  lines:\n"
        "    - {id: B1, label: at, amount: 250, recurring: {every: month, from: 2027-01,"
        " to: 2027-04}}\n"
        "    - {id: B2, label: below, amount: 999.99, quote: {status: accepted}}\n"
        "    - {id: B3, label: usd, amount: 1000, currency: USD, quote: {status: received}}\n"
        "    - {id: B4, label: usd, amount: 1001, currency: USD, quote: {status: received}}\n"
        "    - {id: B5, label: gbp, amount: 5000, currency: GBP}\n"
        "    - {id: B6, label: ads, amount: 600, currency: USD,"
        " recurring: {every: quarter, from: 2027-01, to: 2027-12},"
        " quote: {status: waived, reason: bought on the platform}}\n"
        "    - {id: B7, label: app, amount: 999.99, quote: {status: waived, reason: store}}\n",
    )
    # B1: 4 × 250 = 1000, at the threshold; B2 is below it; B3 is 1000 USD = 999.90 EUR, below;
    # B4 is 1001 × 0.9999 = 1000.8999 EUR; B5 has no rate and is left out; B6 is 4 × 600 USD
    # = 2400 × 0.9999 = 2399.76 EUR, waived; B7 is below the threshold.
    quotes = {state: (count.lines, count.amount) for state, count in budget.quotes.items()}
    assert quotes == {
        "accepted": (0, 0),
        "received": (1, Decimal("1000.8999")),
        "requested": (0, 0),
        "waived": (1, Decimal("2399.76")),
        "missing": (1, Decimal("1000")),
    }
    assert budget.as_json()["quotes"] == {
        "accepted": {"lines": 0, "amount": "0.00"},
        "received": {"lines": 1, "amount": "1000.90"},
        "requested": {"lines": 0, "amount": "0.00"},
        "waived": {"lines": 1, "amount": "2399.76"},
        "missing": {"lines": 1, "amount": "1000.00"},
    }
    assert budget.left_out == ["B5"]


def test_a_line_left_out_for_want_of_a_rate_adds_no_key(write: Callable[..., Path]) -> None:
    budget = _budget(
        write,
        HEADER + "objectives:\n  - {id: O1, category: business, title: Sell more bread}\n"
        "actions:\n"
        "  - {id: A1, objective: O1, what: Fair, channel: events, mix: people, segment: pros}\n"
        "budget:\n  lines:\n"
        "    - {id: B1, action: A1, label: London fair, category: fees, amount: 900,"
        " currency: GBP, date: 2027-04}\n"
        "    - {id: B2, label: Paper, category: print, amount: 10, date: 2027-05}\n",
    )
    # The GBP line is in no figure: no "fees", "events", "people" or "pros" row showing 0.00
    # as if those cost nothing (its month, 2027-04, does not show either). The plan's
    # objectives and actions are all listed, whatever they cost.
    assert budget.as_json() == {
        "currency": "EUR",
        "total": "10.00",
        "cap": None,
        "remaining": None,
        "previous_total": None,
        "by": {
            "objective": {"O1": "0.00"},
            "action": {"A1": "0.00"},
            "category": {"print": "10.00"},
            "channel": {},
            "mix": {},
            "segment": {},
            "month": {"2027-05": "10.00"},
            "quarter": {"2027-Q2": "10.00"},
            "line": {"B2": "10.00"},
        },
        "unassigned": "10.00",
        "unspecified": {"category": "0.00", "channel": "0.00", "mix": "0.00", "segment": "0.00"},
        "quotes": {
            state: {"lines": 0, "amount": "0.00"}
            for state in ("accepted", "received", "requested", "waived", "missing")
        },
    }
    assert budget.left_out == ["B1"]


def test_a_category_or_segment_called_unspecified_keeps_its_own_money(
    write: Callable[..., Path],
) -> None:
    budget = _budget(
        write,
        HEADER + "objectives:\n  - {id: O1, category: business, title: Sell more bread}\n"
        "  - {id: O2, category: business, title: Sell more cakes}\n"
        "actions:\n"
        "  - {id: A1, objective: O1, what: Ads, channel: search, segment: unspecified}\n"
        "  - {id: A2, objective: O1, what: Flyers}\n"
        "budget:\n  lines:\n"
        "    - {id: B1, action: A1, label: Ads, category: unspecified, amount: 100.10}\n"
        "    - {id: B2, action: A2, label: Paper, amount: 20.02}\n"
        "    - {id: B3, label: Bank, amount: 3.003}\n"
        "    - {id: B4, action: A2, label: Ink, category: print, amount: 0.004}\n",
    )
    # The category and the segment really called `unspecified` hold only B1's 100.10; the
    # lines that name no category (B2 20.02 and B3 3.003) and the action that names no
    # channel, mix or segment (A2: B2 + B4 = 20.024) are apart, in `unspecified`.
    doc = budget.as_json()
    by = doc["by"]
    assert isinstance(by, dict)
    assert by["category"] == {"print": "0.00", "unspecified": "100.10"}
    assert by["segment"] == {"unspecified": "100.10"}
    assert by["channel"] == {"search": "100.10"}
    assert by["mix"] == {}
    assert by["objective"] == {"O1": "120.12", "O2": "0.00"}  # 100.10 + 20.024 = 120.124
    assert by["line"] == {"B1": "100.10", "B2": "20.02", "B3": "3.00", "B4": "0.00"}
    assert doc["unassigned"] == "3.00"  # B3, 3.003
    assert doc["unspecified"] == {
        "category": "23.02",  # B2 + B3 = 20.02 + 3.003 = 23.023
        "channel": "20.02",  # A2: 20.02 + 0.004 = 20.024
        "mix": "120.12",  # A1 names no mix either: 100.10 + 20.024 = 120.124
        "segment": "20.02",
    }
    total = Decimal("100.10") + Decimal("20.02") + Decimal("3.003") + Decimal("0.004")
    assert budget.total == total == Decimal("123.127")
    assert (
        budget.by["category"]["unspecified"] + budget.unspecified["category"] + Decimal("0.004")
        == total
    )
    for dimension in ("channel", "mix", "segment"):
        rows = sum(budget.by[dimension].values(), Decimal(0))
        assert rows + budget.unspecified[dimension] + budget.unassigned == total, dimension


# --- Properties over random plans ------------------------------------------------------------

DIGITS = {"EUR": 2, "JPY": 0, "KWD": 3}
"""ISO 4217 minor units of the plan currencies drawn below."""

DIMENSIONS = (
    "objective",
    "action",
    "category",
    "channel",
    "mix",
    "segment",
    "month",
    "quarter",
    "line",
)
CHANNELS = (None, "press", "email", "events")
MIXES = (None, "promotion", "price")
# A segment and a category may really be called `unspecified`: they never mix with money that
# has no segment or category.
SEGMENTS = (None, "s1", "s2", "unspecified")
CATEGORIES = (None, "media", "content", "fees", "unspecified")
QUOTES = ("accepted", "received", "requested", "waived", "missing")


def _months(first: str, last: str, step: int) -> list[str]:
    start = int(first[:4]) * 12 + int(first[5:7]) - 1
    end = int(last[:4]) * 12 + int(last[5:7]) - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(start, end + 1, step)]


def _quarter(month: str) -> str:
    """The calendar quarter of a `YYYY-MM` key (`unscheduled` stays itself)."""
    if month == "unscheduled":
        return month
    return f"{month[:4]}-Q{(int(month[5:]) + 2) // 3}"


def _money(draw: st.DrawFn, high: int, most_places: int) -> Decimal:
    places = draw(st.integers(0, most_places))
    return draw(st.decimals(min_value=0, max_value=high, places=places))


@st.composite
def plan_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid plan as the dict YAML would give, with a budget of every form of line."""
    currency = draw(st.sampled_from(sorted(DIGITS)))
    objectives: list[dict[str, Any]] = []
    roots: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 6))):
        node: dict[str, Any] = {"id": f"O{i}", "category": "business", "title": f"Goal {i}"}
        parent = draw(st.integers(-1, i - 1))
        (roots if parent < 0 else objectives[parent].setdefault("objectives", [])).append(node)
        objectives.append(node)
    actions: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 5))):
        action: dict[str, Any] = {
            "id": f"A{i}",
            "objective": f"O{draw(st.integers(0, len(objectives) - 1))}",
            "what": "Do",
        }
        for key, choices in (("channel", CHANNELS), ("mix", MIXES), ("segment", SEGMENTS)):
            value = draw(st.sampled_from(choices))
            if value is not None:
                action[key] = value
        actions.append(action)
    lines: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 8))):
        line: dict[str, Any] = {"id": f"B{i}", "label": "Cost"}
        if draw(st.booleans()) and actions:
            line["action"] = f"A{draw(st.integers(0, len(actions) - 1))}"
        category = draw(st.sampled_from(CATEGORIES))
        if category is not None:
            line["category"] = category
        if draw(st.booleans()):
            line["amount"] = _money(draw, 10**12, 6)
        else:
            line["quantity"] = _money(draw, 10**4, 3)
            line["unit_cost"] = _money(draw, 10**6, 6)
        when = draw(st.sampled_from(("none", "month", "day", "month", "quarter")))
        month = f"2027-{draw(st.integers(1, 12)):02d}"
        if when == "month" and draw(st.booleans()):
            line["date"] = month
        elif when in ("month", "day"):
            line["date"] = f"{month}-{draw(st.integers(1, 28)):02d}"
        elif when == "quarter" or (when == "none" and draw(st.booleans())):
            first, last = sorted(
                draw(st.lists(st.integers(0, 35), min_size=2, max_size=2).map(tuple))
            )
            line["recurring"] = {
                "every": draw(st.sampled_from(("month", "quarter"))),
                "from": f"{2026 + first // 12}-{first % 12 + 1:02d}",
                "to": f"{2026 + last // 12}-{last % 12 + 1:02d}",
            }
        line_currency = draw(st.sampled_from((None, currency, "USD", "GBP")))
        if line_currency is not None:
            line["currency"] = line_currency
        if draw(st.booleans()):
            line["previous"] = _money(draw, 10**6, 2)
        if draw(st.booleans()):
            line["quote"] = {"status": draw(st.sampled_from(QUOTES[:4]))}
            if line["quote"]["status"] == "waived":
                line["quote"]["reason"] = "bought on the platform"
        lines.append(line)
    rate = draw(st.decimals(min_value=Decimal("0.000001"), max_value=1000, places=10))
    budget: dict[str, Any] = {"lines": lines, "quote_threshold": _money(draw, 10**6, 2)}
    info: dict[str, Any] = {
        "name": "Random",
        "period": {"start": "2027-01-01", "end": "2027-12-31"},
        "currency": currency,
        "exchange_rates": {"USD": rate},  # GBP never has a rate
    }
    if draw(st.booleans()):
        info["budget_cap"] = _money(draw, 10**12, 3)
    if draw(st.booleans()):
        budget["previous_total"] = _money(draw, 10**12, 3)
    return {"version": 1, "plan": info, "objectives": roots, "actions": actions, "budget": budget}


@dataclass
class Expected:
    """The budget of a plan dict, worked out again with Fractions, which never round."""

    total: Fraction = Fraction(0)
    unassigned: Fraction = Fraction(0)
    by: dict[str, dict[str, Fraction]] = field(default_factory=dict)
    own: dict[str, Fraction] = field(default_factory=dict)
    """Each objective's own lines, without its sub-objectives'."""
    children: dict[str, list[str]] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    quotes: dict[str, tuple[int, Fraction]] = field(default_factory=dict)
    unspecified: dict[str, Fraction] = field(default_factory=dict)


def _add(bucket: dict[str, Fraction], key: str, amount: Fraction) -> None:
    bucket[key] = bucket.get(key, Fraction(0)) + amount


def expected(data: Mapping[str, Any]) -> Expected:
    """What the contract says the roll-up of `data` is, by other means than opmkt's."""
    info, budget = data["plan"], data["budget"]
    out = Expected(by={dimension: {} for dimension in DIMENSIONS})
    out.quotes = {s: (0, Fraction(0)) for s in QUOTES}
    out.unspecified = {d: Fraction(0) for d in ("category", "channel", "mix", "segment")}
    parent: dict[str, str | None] = {}

    def walk(nodes: Iterable[Mapping[str, Any]], up: str | None) -> None:
        for node in nodes:
            parent[node["id"]] = up
            out.children[node["id"]] = [child["id"] for child in node.get("objectives", [])]
            out.own[node["id"]] = out.by["objective"][node["id"]] = Fraction(0)
            walk(node.get("objectives", []), node["id"])

    walk(data["objectives"], None)
    out.roots = [node["id"] for node in data["objectives"]]
    actions = {action["id"]: action for action in data["actions"]}
    out.by["action"] = {key: Fraction(0) for key in actions}
    for line in budget["lines"]:
        code = line.get("currency", info["currency"])
        if code == info["currency"]:
            rate = Fraction(1)
        elif code in info["exchange_rates"]:
            rate = Fraction(info["exchange_rates"][code])
        else:
            out.left_out.append(line["id"])
            continue
        if "amount" in line:
            each = Fraction(line["amount"]) * rate
        else:
            each = Fraction(line["quantity"]) * Fraction(line["unit_cost"]) * rate
        if "recurring" in line:
            recurring = line["recurring"]
            step = 1 if recurring["every"] == "month" else 3
            months = _months(recurring["from"], recurring["to"], step)
        else:
            months = [line["date"][:7]] if "date" in line else ["unscheduled"]
        # Only what falls within the plan's year counts (the rest is a budget-dates error).
        months = [m for m in months if m == "unscheduled" or m.startswith("2027-")]
        total = each * len(months)
        out.total += total
        _add(out.by["line"], line["id"], total)
        for month in months:
            _add(out.by["month"], month, each)
            _add(out.by["quarter"], _quarter(month), each)
        if "category" in line:
            _add(out.by["category"], line["category"], total)
        else:
            out.unspecified["category"] += total
        if total >= Fraction(budget["quote_threshold"]):
            state = line["quote"]["status"] if "quote" in line else "missing"
            count, amount = out.quotes[state]
            out.quotes[state] = (count + 1, amount + total)
        if "action" not in line:
            out.unassigned += total
            continue
        action = actions[line["action"]]
        _add(out.by["action"], action["id"], total)
        for key in ("channel", "mix", "segment"):
            if key in action:
                _add(out.by[key], action[key], total)
            else:
                out.unspecified[key] += total
        objective: str | None = action["objective"]
        _add(out.own, action["objective"], total)
        while objective is not None:
            _add(out.by["objective"], objective, total)
            objective = parent[objective]
    return out


def _exact(amounts: Mapping[str, Decimal]) -> dict[str, Fraction]:
    # A key at zero on one side only (see test_a_line_left_out_for_want_of_a_rate_adds_no_key)
    # is no matter of arithmetic: compare the amounts, with an absent key as zero.
    return {key: Fraction(amount) for key, amount in amounts.items() if amount != 0}


def _nonzero(amounts: Mapping[str, Fraction]) -> dict[str, Fraction]:
    return {key: amount for key, amount in amounts.items() if amount != 0}


def _printed(amount: Fraction, digits: int) -> str:
    """`amount` rounded once, half to even, written with exactly `digits` decimals."""
    units = round(amount * 10**digits)  # Fraction.__round__ rounds half to even
    sign, units = ("-" if units < 0 else ""), abs(units)
    whole, cents = divmod(units, 10**digits)
    return f"{sign}{whole}" + (f".{cents:0{digits}d}" if digits else "")


def _total(amounts: Iterable[Decimal]) -> Fraction:
    return sum((Fraction(a) for a in amounts), Fraction(0))


@settings(max_examples=80, deadline=None)
@given(plan_data())
def test_every_figure_is_exact_and_the_dimensions_add_up(data: dict[str, Any]) -> None:
    budget = rollup(Plan.model_validate(data))
    want = expected(data)
    total = Fraction(budget.total)

    # No operation rounded anything: every figure is the Fraction worked out independently.
    assert total == want.total
    assert Fraction(budget.unassigned) == want.unassigned
    for dimension, amounts in want.by.items():
        assert _exact(budget.by[dimension]) == _nonzero(amounts), dimension
    assert budget.left_out == want.left_out
    got_quotes = {s: (q.lines, Fraction(q.amount)) for s, q in budget.quotes.items()}
    assert got_quotes == want.quotes
    assert {d: Fraction(a) for d, a in budget.unspecified.items()} == want.unspecified
    # Every objective, action and counted line is listed, at zero when nothing counts for it.
    assert list(budget.by["objective"]) == list(want.children)
    assert list(budget.by["action"]) == [action["id"] for action in data["actions"]]
    assert list(budget.by["line"]) == [
        line["id"] for line in data["budget"]["lines"] if line["id"] not in want.left_out
    ]

    # For every dimension, its rows, its unspecified money and the unassigned lines make the
    # total, exactly (the contract's invariants).
    unassigned, unspecified = Fraction(budget.unassigned), budget.unspecified
    assert _total(budget.by["category"].values()) + Fraction(unspecified["category"]) == total
    for dimension in ("channel", "mix", "segment"):
        rows = _total(budget.by[dimension].values())
        assert rows + Fraction(unspecified[dimension]) + unassigned == total, dimension
    assert _total(budget.by["action"].values()) + unassigned == total
    # ... and every line, with or without an action, in month, quarter and line.
    for dimension in ("month", "quarter", "line"):
        assert _total(budget.by[dimension].values()) == total
    # Consolidated with itself, the plan keeps the shape and the invariants, at twice the sums.
    both = consolidate([budget, budget], budget.currency, {})
    assert list(both.as_json()) == list(budget.as_json())
    assert Fraction(both.total) == 2 * total
    assert {d: Fraction(a) for d, a in both.unspecified.items()} == {
        d: 2 * a for d, a in want.unspecified.items()
    }
    assert _total(both.by["category"].values()) + Fraction(both.unspecified["category"]) == (
        2 * total
    )
    for dimension in ("channel", "mix", "segment"):
        rows = _total(both.by[dimension].values()) + Fraction(both.unspecified[dimension])
        assert rows + Fraction(both.unassigned) == 2 * total, dimension
    assert _total(both.by["line"].values()) == 2 * total
    # A quarter is the exact sum of its months.
    for quarter, amount in budget.by["quarter"].items():
        months = (a for m, a in budget.by["month"].items() if _quarter(m) == quarter)
        assert Fraction(amount) == _total(months)
    # Objectives nest: the top level and the unassigned lines make the total; each objective
    # is its own lines and its sub-objectives'.
    objectives = budget.by["objective"]
    top = [key for key, depth in budget.depth.items() if depth == 0]
    assert top == want.roots
    assert _total(objectives[key] for key in top) + Fraction(budget.unassigned) == total
    for key, children in want.children.items():
        assert Fraction(objectives[key]) == want.own[key] + _total(objectives[c] for c in children)

    # Each printed figure is the exact one, rounded once to the currency's digits.
    digits = DIGITS[budget.currency]
    doc = budget.as_json()
    assert doc["total"] == _printed(want.total, digits)
    assert doc["unassigned"] == _printed(want.unassigned, digits)
    assert doc["unspecified"] == {d: _printed(a, digits) for d, a in want.unspecified.items()}
    assert doc["quotes"] == {
        s: {"lines": n, "amount": _printed(a, digits)} for s, (n, a) in want.quotes.items()
    }
    cap, previous = data["plan"].get("budget_cap"), data["budget"].get("previous_total")
    assert doc["cap"] == (None if cap is None else _printed(Fraction(cap), digits))
    assert doc["remaining"] == (
        None if cap is None else _printed(Fraction(cap) - want.total, digits)
    )
    assert doc["previous_total"] == (
        None if previous is None else _printed(Fraction(previous), digits)
    )
    if cap is not None:
        assert budget.remaining is not None
        assert Fraction(budget.remaining) == Fraction(cap) - want.total
    printed = doc["by"]
    assert isinstance(printed, dict)
    for dimension, amounts in want.by.items():
        shown = {k: v for k, v in printed[dimension].items() if k in _nonzero(amounts)}
        assert shown == {k: _printed(v, digits) for k, v in _nonzero(amounts).items()}


# --- Consolidation ---------------------------------------------------------------------------


def test_two_plans_consolidate_into_one_currency_rounded_once() -> None:
    fournil = rollup(_load(DATA / "rollup.yaml"), "fournil")
    bistro = rollup(_load(DATA / "consolidate-usd.yaml"), "bistro")
    usd = Decimal("0.9134")  # 1 USD in EUR, for the consolidation
    # The bistro's budget in USD: B1 1000.01; B2 50 EUR × 1.0945 = 54.725; B3 99.99 (no
    # action); B4 in JPY has no rate and is left out.
    bistro_o1 = Decimal("1000.01") + Decimal("50") * Decimal("1.0945")  # 1054.735 USD
    bistro_total = bistro_o1 + Decimal("99.99")  # 1154.725 USD
    assert bistro.total == bistro_total

    both = consolidate([fournil, bistro], "EUR", {"USD": usd})

    # 12077.617472 + 1154.725 × 0.9134 = 12077.617472 + 1054.725815 = 13132.343287: 13132.34,
    # where adding each plan's printed total would give 12077.62 + 1054.73 = 13132.35.
    assert both.total == TOTAL + bistro_total * usd == Decimal("13132.343287")
    doc = both.as_json()
    assert doc["currency"] == "EUR"
    assert doc["total"] == "13132.34"
    assert doc["cap"] == "16826.80"  # 15000 + 2000 × 0.9134
    assert doc["remaining"] == "3694.46"  # 16826.80 - 13132.343287 = 3694.456713
    assert doc["previous_total"] == "11322.06"  # 10500 + 900 × 0.9134
    assert doc["unassigned"] == "1591.33"  # 1500 + 99.99 × 0.9134 = 1500 + 91.330866
    by = doc["by"]
    assert isinstance(by, dict)
    # Both plans have an O1 and an O1.1: each keeps its own, under its plan's name.
    assert by["objective"] == {
        "fournil:O1": "9099.60",
        "fournil:O1.1": "4299.60",
        "fournil:O1.1.1": "1100.00",
        "fournil:O2": "1478.02",
        "bistro:O1": "963.39",  # 1054.735 × 0.9134 = 963.394949
        "bistro:O1.1": "963.39",
    }
    assert by["action"] == {
        "fournil:A1": "1100.00",
        "fournil:A2": "3199.60",
        "fournil:A3": "4800.00",
        "fournil:A4": "1128.02",
        "fournil:A5": "350.00",
        "bistro:A1": "963.39",
    }
    # Categories are words shared by both plans: their amounts add up.
    assert by["category"] == {
        "content": "2849.99",  # 2800 + 54.725 × 0.9134 = 2800 + 49.985815
        "events": "4800.00",
        "fees": "1591.33",  # 1500 + 91.330866
        "media": "2341.43",  # 1428.017472 + 1000.01 × 0.9134 = 1428.017472 + 913.409134
        "print": "350.00",
        "tools": "1199.60",
    }
    assert both.left_out == ["fournil:B6", "bistro:B4"]
    # B1 of the bistro, 1000.01 USD accepted, is 913.409134 EUR: it needed a quote in its plan.
    assert both.quotes["accepted"].lines == 2
    assert both.quotes["accepted"].amount == B9 + Decimal("1000.01") * usd
    # The consolidated document has a plan's shape: lines by plan, unspecified money, quotes.
    assert by["line"] == {
        "fournil:B1": "800.00",
        "fournil:B2": "300.00",
        "fournil:B3": "1199.60",
        "fournil:B4": "4800.00",
        "fournil:B5": "1128.02",
        "fournil:B7": "350.00",
        "fournil:B8": "1500.00",
        "fournil:B9": "2000.00",
        "bistro:B1": "913.41",  # 1000.01 × 0.9134 = 913.409134
        "bistro:B2": "49.99",  # 54.725 × 0.9134 = 49.985815
        "bistro:B3": "91.33",  # 99.99 × 0.9134 = 91.330866
    }
    # Only the fournil's A5 (B7, 350) names no channel, mix or segment; every line a category.
    assert doc["unspecified"] == {
        "category": "0.00",
        "channel": "350.00",
        "mix": "350.00",
        "segment": "350.00",
    }
    assert doc["quotes"] == {
        "accepted": {"lines": 2, "amount": "2913.41"},  # 2000 + 913.409134
        "received": {"lines": 1, "amount": "4800.00"},
        "requested": {"lines": 1, "amount": "1128.02"},
        "waived": {"lines": 0, "amount": "0.00"},
        "missing": {"lines": 2, "amount": "2699.60"},
    }
    for dimension in ("channel", "mix", "segment"):
        rows = sum(both.by[dimension].values(), Decimal(0))
        assert rows + both.unspecified[dimension] + both.unassigned == both.total, dimension
