"""`opmkt status`: every figure of a small plan's results worked out by hand, the edge cases of
tracking, and the text and Markdown views."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, ROOT, Result

DATA = ROOT / "tests" / "data" / "status"
PLAN = DATA / "plan.yaml"
FOURNIL = EXAMPLES / "fournil-dupont" / "plan.yaml"
BAR_CELLS = set("█┃·")

Cli = Callable[..., Result]
Row = dict[str, str | None]


def status_json(cli: Cli, *args: str | Path) -> dict[str, Any]:
    result = cli("status", *args, "--format", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def line(
    planned: str,
    to_date: str,
    committed: str,
    actual: str,
    variance: str,
    landing: str | None = None,
    landing_variance: str = "0.00",
) -> Row:
    """A line's figures; `landing` defaults to its planned total (nothing moved it)."""
    return {
        "planned": planned,
        "planned_to_date": to_date,
        "committed": committed,
        "actual": actual,
        "variance": variance,
        "landing": planned if landing is None else landing,
        "landing_variance": landing_variance,
    }


def objective(
    kpi: str | None,
    baseline: str | None,
    target: str | None,
    actual: str | None,
    progress: str | None,
    expected: str,
    status: str,
    projected: str | None = None,
    projected_progress: str | None = None,
    outlook: str | None = None,
) -> Row:
    return {
        "kpi": kpi,
        "baseline": baseline,
        "target": target,
        "actual": actual,
        "progress": progress,
        "expected": expected,
        "status": status,
        "projected": projected,
        "projected_progress": projected_progress,
        "outlook": outlook,
    }


def action(status: str, *, late: bool = False, not_started: bool = False) -> Row:
    return {"status": status, "late": late, "not_started": not_started}  # type: ignore[dict-item]


def kpi(value: str | None, date: str | None) -> Row:
    return {"value": value, "date": date}


# tests/data/status/plan.yaml, in EUR. B5 is 50 USD a month at 0.9137: 45.685 EUR each, a half
# cent that rounds half-even to 45.68; 12 × 45.685 = 548.22 (rounding each first gives 548.16).
# Planned total: 1200 + 1500 + 1400 + 500 + 548.22 + 1520 + 800 + 650 = 8118.22.
# Committed (accepted quotes, the line's planned total): B1 1200 + B6 1520 = 2720.
# Planned per month: the EUR lines, plus B5's 45.685; B4 has no date: under `unscheduled`.
PLANNED_BY_MONTH = {
    "2027-01": "45.68",  # 45.685
    "2027-02": "1395.68",  # B1 1200 + B2 150 + 45.685 = 1395.685
    "2027-03": "735.68",  # B2 150 + B3 350 + B6 190 + 45.685 = 735.685
    "2027-04": "385.68",  # B2 150 + B6 190 + 45.685
    "2027-05": "385.68",
    "2027-06": "1535.68",  # B2 150 + B3 350 + B6 190 + B7 4 × 200 + 45.685
    "2027-07": "385.68",
    "2027-08": "385.68",
    "2027-09": "735.68",  # B2 + B3 + B6 + 45.685
    "2027-10": "385.68",
    "2027-11": "195.68",  # B2 150 + 45.685
    "2027-12": "1045.68",  # B3 350 + B8 650 + 45.685
    "unscheduled": "500.00",  # B4
}


def by_month(actual: dict[str, str]) -> dict[str, Row]:
    return {
        month: {"planned": planned, "actual": actual.get(month, "0.00")}
        for month, planned in PLANNED_BY_MONTH.items()
    }


# As of 2027-03-31: 89 days since the plan started. Deadlines: 2027-12-31 (and the plan's end)
# 364 days, 2027-06-30 180, 2027-09-30 272, 2027-03-31 89.
# Spend up to 2027-03-31 included (B2, B3 on the day count):
#   B1 1150 + 80 (currency EUR) = 1230; B2 148.30 + 152.10 = 300.40; B3 350;
#   B5 3 × 45.685 = 137.055; B6 190. Total 2207.455.
# Planned to date (months ≤ 2027-03): B1 1200, B2 2 × 150, B3 350, B5 3 × 45.685, B6 190
#   = 2177.055. Σ max(committed, actual) = 1230 + 300.40 + 350 + 137.055 + 1520 = 3537.455.
# Landing: spent, + what months after March plan, + what March still lacks (nothing: every
# line spent at least its March occurrence). B1 1230 (February, closed); B2 300.40 + 8 × 150
# = 1500.40; B3 350 + 3 × 350 = 1400; B4 unscheduled, max(0, 500) = 500; B5 137.055 + 9 ×
# 45.685 = 548.22; B6 190 + 7 × 190 = 1520; B7 800 (June); B8 650 (December).
#   Total 8148.62, landing variance 8148.62 − 8118.22 = 30.40.
# Projections, on the straight line from the baseline on 2027-01-01 through the value dated
# 2027-03-31 (89 days), read at the deadline (364 days; O1.1 180, O3 272).
MARCH = {
    "as_of": "2027-03-31",
    "currency": "EUR",
    "spend": {
        "planned": "8118.22",
        "planned_to_date": "2177.06",  # 2177.055: half-even, 5 is odd
        "committed": "2720.00",
        "actual": "2207.46",  # 2207.455
        "variance": "30.40",  # 2207.455 − 2177.055
        "available": "6462.54",  # 10000 − 3537.455 = 6462.545: half-even, 4 is even
        "landing": "8148.62",
        "landing_variance": "30.40",
        "by_line": {
            "B1": line("1200.00", "1200.00", "1200.00", "1230.00", "30.00", "1230.00", "30.00"),
            "B2": line("1500.00", "300.00", "0.00", "300.40", "0.40", "1500.40", "0.40"),
            "B3": line("1400.00", "350.00", "0.00", "350.00", "0.00"),  # received quote
            "B4": line("500.00", "0.00", "0.00", "0.00", "0.00"),  # unscheduled
            "B5": line("548.22", "137.06", "0.00", "137.06", "0.00"),  # 137.055 both
            "B6": line("1520.00", "190.00", "1520.00", "190.00", "0.00"),
            "B7": line("800.00", "0.00", "0.00", "0.00", "0.00"),
            "B8": line("650.00", "0.00", "0.00", "0.00", "0.00"),  # requested quote
        },
        "unknown_lines": {},
        "by_month": by_month(
            {
                "2027-01": "45.68",  # B5 45.685
                "2027-02": "1343.98",  # B1 1150 + B2 148.30 + B5 45.685 = 1343.985
                # B1 80 + B2 152.10 + B3 350 + B5 45.685 + B6 190 = 817.785
                "2027-03": "817.78",
            }
        ),
    },
    "objectives": {
        # ca 104000: (104000 − 100000) / 20000 = 0.2 < 89/364 = 0.24450…
        # projected 100000 + 4000 × 364/89 = 116359.5505…: 16359.5505… / 20000 = 0.817977…
        "O1": objective(
            "ca",
            "100000.00",
            "120000.00",
            "104000.00",
            "0.2000",
            "0.2445",
            "behind",
            "116359.55",
            "0.8180",
            "off_course",
        ),
        # panier 104000 / 12000 = 8.666…: progress 0.666… (from the exact value, not 8.67),
        # expected 89/180 = 0.49444…; projected 8 + (2/3) × 180/89 = 8 + 120/89 = 9.348314…
        "O1.1": objective(
            "panier",
            "8.00",
            "9.00",
            "8.67",
            "0.6667",
            "0.4944",
            "on_track",
            "9.35",
            "1.3483",
            "on_course",
        ),
        # abonnes 1000, measured on the as-of date: progress exactly 1; projected
        # 500 + 500 × 364/89 = 2544.9438…, 2044.9438… / 500 = 4.089887…; the outlook is the status
        "O2": objective(
            "abonnes",
            "500.00",
            "1000.00",
            "1000.00",
            "1.0000",
            "0.2445",
            "achieved",
            "2544.94",
            "4.0899",
            "achieved",
        ),
        # no kpi; 89/89 (its own deadline); no projection
        "O2.1": objective(None, None, None, None, None, "1.0000", "no_data"),
        # taux 63 / 3000 × 100 = 2.1: 0.1 / 2 = 0.05; expected 89/272 = 0.32720…;
        # projected 2 + 0.1 × 272/89 = 2.305617…: 0.305617… / 2 = 0.152808…
        "O3": objective(
            "taux_conversion",
            "2.00",
            "4.00",
            "2.10",
            "0.0500",
            "0.3272",
            "behind",
            "2.31",
            "0.1528",
            "off_course",
        ),
        # avis is first measured on 2027-07-03: no value, no projection
        "O4": objective("avis", "20.00", "60.00", None, None, "0.2445", "no_data"),
        # cac 2207.455 / 60 = 36.790916…: (36.790916… − 40) / (30 − 40) = 38509/120000
        #   = 0.320908…; projected 40 − 3.209083… × 364/89 = 26.875209…: 1.312479…
        "O5": objective(
            "cac",
            "40.00",
            "30.00",
            "36.79",
            "0.3209",
            "0.2445",
            "on_track",
            "26.88",
            "1.3125",
            "on_course",
        ),
    },
    "actions": {
        "A1": action("in_progress"),
        "A2": action("planned", not_started=True),  # started 2027-03-01 on paper
        "A3": action("planned"),  # starts on the as-of date: not after it
        "A4": action("in_progress"),  # ends 2027-05-31
        "A5": action("done"),
    },
    "kpis": {
        "ca": kpi("104000.00", "2027-03-31"),
        "tickets": kpi("12000.00", "2027-03-31"),
        "panier": kpi("8.67", "2027-03-31"),
        "ca_marketing": kpi("4000.00", "2027-03-31"),
        # (4000 − 2207.455) / 2207.455 × 100 = 81.2041468…: ca_marketing and the spend both
        # to 2027-03-31
        "roi": kpi("81.20", "2027-03-31"),
        "nouveaux_clients": kpi("60.00", "2027-03-31"),
        "cac": kpi("36.79", "2027-03-31"),
        "visites": kpi("3000.00", "2027-03-31"),
        "commandes_web": kpi("63.00", "2027-03-31"),
        "taux_conversion": kpi("2.10", "2027-03-31"),
        "abonnes": kpi("1000.00", "2027-03-31"),
        "avis": kpi(None, None),
    },
}

# As of 2027-07-02: 182 days since the plan started.
# Spend up to 2027-07-02 included (B6 and B7 on the day count; B2 07-31, B3 09-30,
# B5 07-05 and B8 07-03 do not):
#   B1 1230; B2 148.30 + 152.10 + 149.90 + 151.20 + 150 = 751.50; B3 2 × 350; B4 120;
#   B5 4 × 45.685 + 52.50 × 0.9137 + 46 (no currency: EUR) = 182.74 + 47.96925 + 46 = 276.70925;
#   B6 5 × 190 = 950; B7 800. Total 4828.20925.
# Planned to date (months ≤ 2027-07): B1 1200, B2 6 × 150, B3 2 × 350, B5 7 × 45.685 = 319.795,
#   B6 5 × 190, B7 800 = 4869.795.
# Σ max(committed, actual) = 1230 + 751.50 + 700 + 120 + 276.70925 + 1520 + 800 = 5398.20925.
# Landing (July is the as-of month: what it planned, less what is spent in it by 07-02):
#   B1 1230; B2 751.50 + July 150 (nothing spent yet) + 4 × 150 = 1501.50; B3 700 + 2 × 350 =
#   1400; B4 unscheduled, max(120, 500) = 500; B5 276.70925 + July 45.685 (07-05 is after) +
#   5 × 45.685 = 550.81925; B6 950 + max(0, 190 − 190) + 3 × 190 = 1520; B7 800; B8 650.
#   Total 8152.31925, landing variance 34.09925.
# Formulas are dated by their latest KPI input, and read the spend up to that date: roi and
# cac by 2027-06-30 (ca_marketing, nouveaux_clients), when 4828.20925 − 990 (B6 190 and B7 800
# on 07-02) = 3838.20925 was spent.
JULY = {
    "as_of": "2027-07-02",
    "currency": "EUR",
    "spend": {
        "planned": "8118.22",
        "planned_to_date": "4869.80",  # 4869.795
        "committed": "2720.00",
        "actual": "4828.21",  # 4828.20925
        "variance": "-41.59",  # 4828.20925 − 4869.795 = −41.58575
        "available": "4601.79",  # 10000 − 5398.20925 = 4601.79075
        "landing": "8152.32",
        "landing_variance": "34.10",
        "by_line": {
            "B1": line("1200.00", "1200.00", "1200.00", "1230.00", "30.00", "1230.00", "30.00"),
            "B2": line("1500.00", "900.00", "0.00", "751.50", "-148.50", "1501.50", "1.50"),
            "B3": line("1400.00", "700.00", "0.00", "700.00", "0.00"),
            "B4": line("500.00", "0.00", "0.00", "120.00", "120.00"),
            # 276.70925 − 319.795 = −43.08575; landing 550.81925 − 548.22 = 2.59925
            "B5": line("548.22", "319.80", "0.00", "276.71", "-43.09", "550.82", "2.60"),
            "B6": line("1520.00", "950.00", "1520.00", "950.00", "0.00"),
            "B7": line("800.00", "800.00", "0.00", "800.00", "0.00"),  # 4 × 200, in June
            "B8": line("650.00", "0.00", "0.00", "0.00", "0.00"),
        },
        "unknown_lines": {},
        "by_month": by_month(
            {
                "2027-01": "45.68",
                "2027-02": "1343.98",
                "2027-03": "817.78",
                # B2 149.90 + B5 52.50 × 0.9137 = 47.96925 + B6 190 = 387.86925
                "2027-04": "387.87",
                # B2 151.20 + B4 120 + B5 45.685 + B6 190 = 506.885: half-even
                "2027-05": "506.88",
                "2027-06": "736.00",  # B2 150 + B3 350 + B5 46 + B6 190
                "2027-07": "990.00",  # B6 190 + B7 800, both on 07-02
            }
        ),
    },
    "objectives": {
        # ca 110000 on the as-of date: 0.5, and 182/364 = 0.5: exactly on its line, which
        # leads to 100000 + 10000 × 364/182 = 120000 exactly: on course
        "O1": objective(
            "ca",
            "100000.00",
            "120000.00",
            "110000.00",
            "0.5000",
            "0.5000",
            "on_track",
            "120000.00",
            "1.0000",
            "on_course",
        ),
        # panier 110000 / 12500 = 8.8; deadline 2027-06-30 passed (182/180 held at 1) and not
        # reached: missed. Its value is dated after the deadline: the projection is the value.
        "O1.1": objective(
            "panier",
            "8.00",
            "9.00",
            "8.80",
            "0.8000",
            "1.0000",
            "missed",
            "8.80",
            "0.8000",
            "missed",
        ),
        # abonnes 1180 (2027-05-31, 150 days; 07-15 is after): 680 / 500 = 1.36; no deadline:
        # the plan's end, 182/364; projected 500 + 680 × 364/150 = 2150.1333…: 3.300266…
        "O2": objective(
            "abonnes",
            "500.00",
            "1000.00",
            "1180.00",
            "1.3600",
            "0.5000",
            "achieved",
            "2150.13",
            "3.3003",
            "achieved",
        ),
        "O2.1": objective(None, None, None, None, None, "1.0000", "no_data"),  # 182/89 held at 1
        # taux 99 / 3300 × 100 = 3 (dated 07-01, 181 days): 1 / 2 = 0.5; expected 182/272 =
        # 0.66911…; projected 2 + 1 × 272/181 = 3.502762…: 0.751381…
        "O3": objective(
            "taux_conversion",
            "2.00",
            "4.00",
            "3.00",
            "0.5000",
            "0.6691",
            "behind",
            "3.50",
            "0.7514",
            "off_course",
        ),
        "O4": objective("avis", "20.00", "60.00", None, None, "0.5000", "no_data"),
        # cac 3838.20925 / 140 = 27.415780… (spend and customers both to 06-30, 180 days):
        # (40 − 27.415780…) / 10 = 1.258421…; projected 40 − 12.584219… × 364/180 =
        # 14.551911…: 2.544808…
        "O5": objective(
            "cac",
            "40.00",
            "30.00",
            "27.42",
            "1.2584",
            "0.5000",
            "achieved",
            "14.55",
            "2.5448",
            "achieved",
        ),
    },
    "actions": {
        "A1": action("in_progress"),
        "A2": action("planned", not_started=True),
        "A3": action("planned", not_started=True),
        "A4": action("in_progress", late=True),  # ended 2027-05-31, still in progress
        "A5": action("done"),
    },
    "kpis": {
        "ca": kpi("110000.00", "2027-07-02"),
        "tickets": kpi("12500.00", "2027-06-30"),
        "panier": kpi("8.80", "2027-07-02"),  # the later of its inputs' dates
        "ca_marketing": kpi("9000.00", "2027-06-30"),
        # (9000 − 3838.20925) / 3838.20925 × 100 = 134.484349…, as of its input's 06-30
        "roi": kpi("134.48", "2027-06-30"),
        "nouveaux_clients": kpi("140.00", "2027-06-30"),
        "cac": kpi("27.42", "2027-06-30"),  # 3838.20925 / 140
        "visites": kpi("3300.00", "2027-06-30"),
        "commandes_web": kpi("99.00", "2027-07-01"),
        "taux_conversion": kpi("3.00", "2027-07-01"),
        "abonnes": kpi("1180.00", "2027-05-31"),
        "avis": kpi(None, None),
    },
}


@pytest.mark.parametrize("expected", [MARCH, JULY], ids=["2027-03-31", "2027-07-02"])
def test_every_figure_as_of_a_date(cli: Cli, expected: dict[str, Any]) -> None:
    assert status_json(cli, PLAN, "--as-of", expected["as_of"]) == expected


def test_named_actuals_file_gives_the_same_results(cli: Cli) -> None:
    named = status_json(cli, PLAN, "--actuals", DATA / "actuals.yaml", "--as-of", "2027-07-02")
    assert named == JULY


def test_as_of_before_the_plan_starts(cli: Cli) -> None:
    document = status_json(cli, PLAN, "--as-of", "2026-12-31")
    planned = {"B1": "1200.00", "B2": "1500.00", "B3": "1400.00", "B4": "500.00"}
    planned |= {"B5": "548.22", "B6": "1520.00", "B7": "800.00", "B8": "650.00"}
    committed = {"B1": "1200.00", "B6": "1520.00"}
    assert document == {
        "as_of": "2026-12-31",
        "currency": "EUR",
        "spend": {
            "planned": "8118.22",
            "planned_to_date": "0.00",
            "committed": "2720.00",
            "actual": "0.00",
            "variance": "0.00",
            "available": "7280.00",  # 10000 − 2720 committed
            # every month is still open: each line lands on its plan
            "landing": "8118.22",
            "landing_variance": "0.00",
            "by_line": {
                line_id: line(total, "0.00", committed.get(line_id, "0.00"), "0.00", "0.00")
                for line_id, total in planned.items()
            },
            "unknown_lines": {},
            "by_month": by_month({}),
        },
        "objectives": {
            # (−1 day) / span, held at 0; nothing is measured yet
            "O1": objective("ca", "100000.00", "120000.00", None, None, "0.0000", "no_data"),
            "O1.1": objective("panier", "8.00", "9.00", None, None, "0.0000", "no_data"),
            "O2": objective("abonnes", "500.00", "1000.00", None, None, "0.0000", "no_data"),
            "O2.1": objective(None, None, None, None, None, "0.0000", "no_data"),
            "O3": objective("taux_conversion", "2.00", "4.00", None, None, "0.0000", "no_data"),
            "O4": objective("avis", "20.00", "60.00", None, None, "0.0000", "no_data"),
            "O5": objective("cac", "40.00", "30.00", None, None, "0.0000", "no_data"),
        },
        # nothing has started: nothing is late or overdue to start
        "actions": {
            "A1": action("in_progress"),
            **{a: action("planned") for a in ("A2", "A3")},
            "A4": action("in_progress"),
            "A5": action("done"),
        },
        "kpis": {
            **{k: kpi(None, None) for k in ("ca", "tickets", "panier", "ca_marketing")},
            # a formula is dated by its KPI inputs: none is measured yet, so it has no date
            "roi": kpi(None, None),
            "nouveaux_clients": kpi(None, None),
            "cac": kpi(None, None),
            **{k: kpi(None, None) for k in ("visites", "commandes_web", "taux_conversion")},
            **{k: kpi(None, None) for k in ("abonnes", "avis")},
        },
    }


FORMULAS = """\
version: 1
plan:
  name: Formulas
  period: {start: 2027-01-01, end: 2027-12-31}
kpis:
  - {id: ca, name: CA, kind: financial}
  - {id: tickets, name: Tickets, kind: performance}
  - {id: panier, name: Panier, kind: financial, formula: average_basket,
     inputs: {revenue: ca, orders: tickets}}
  - {id: visites, name: Visites, kind: performance}
  - {id: commandes, name: Commandes, kind: performance}
  - {id: taux, name: Taux, kind: performance, formula: conversion_rate,
     inputs: {conversions: commandes, visits: visites}}
  - {id: clients, name: Clients, kind: performance}
  - {id: cac, name: CAC, kind: financial, formula: cac, inputs: {spend: budget, customers: clients}}
  - {id: pub, name: Dépenses publicitaires, kind: financial}
  - {id: roi, name: ROI, kind: financial, formula: roi, inputs: {revenue: ca, spend: pub}}
objectives:
  - {id: O1, category: conversion, title: Passer le panier moyen à 9 €, kpi: panier,
     baseline: 8, target: 9, deadline: 2027-12-31}
budget:
  lines:
    - {id: B1, label: Affiches, amount: 300, date: 2027-02}
"""


def test_formula_whose_input_has_no_value_yet(cli: Cli, write: Callable[..., Path]) -> None:
    plan = write(FORMULAS)
    write(
        """\
version: 1
plan: plan.yaml
kpis:
  - {kpi: ca, date: 2027-02-28, value: 50000}
  - {kpi: ca, date: 2027-03-31, value: 52000}
  - {kpi: tickets, date: 2027-04-01, value: 6000}
  - {kpi: visites, date: 2027-03-15, value: 900}
""",
        "actuals.yaml",
    )
    document = status_json(cli, plan, "--as-of", "2027-03-31")
    kpis = document["kpis"]
    # tickets is first measured the day after: no basket yet, dated by the input that exists
    assert kpis["panier"] == kpi(None, "2027-03-31")
    assert kpis["taux"] == kpi(None, "2027-03-15")
    assert kpis["roi"] == kpi(None, "2027-03-31")
    assert document["objectives"]["O1"]["status"] == "no_data"
    assert document["objectives"]["O1"]["actual"] is None


def test_division_by_zero_has_no_value(cli: Cli, write: Callable[..., Path]) -> None:
    plan = write(FORMULAS)
    write(
        """\
version: 1
plan: plan.yaml
kpis:
  - {kpi: ca, date: 2027-03-01, value: 0}
  - {kpi: tickets, date: 2027-03-01, value: 0}
  - {kpi: visites, date: 2027-03-02, value: 0}
  - {kpi: commandes, date: 2027-03-02, value: 0}
  - {kpi: clients, date: 2027-03-03, value: 0}
  - {kpi: pub, date: 2027-03-04, value: 0}
spend:
  - {line: B1, date: 2027-02-10, amount: 250}
""",
        "actuals.yaml",
    )
    kpis = status_json(cli, plan, "--as-of", "2027-03-31")["kpis"]
    assert kpis["cac"] == kpi(None, "2027-03-03")  # 250 spent by the customers' date, 0 of them
    assert kpis["roi"] == kpi(None, "2027-03-04")  # spend 0
    assert kpis["panier"] == kpi(None, "2027-03-01")  # 0 / 0
    assert kpis["taux"] == kpi(None, "2027-03-02")  # 0 / 0
    assert kpis["clients"] == kpi("0.00", "2027-03-03")  # a measured 0 is a value


def test_two_measurements_on_the_same_day(cli: Cli, write: Callable[..., Path]) -> None:
    plan = write(FORMULAS)
    write(
        """\
version: 1
plan: plan.yaml
kpis:
  - {kpi: ca, date: 2027-03-31, value: 52000}
  - {kpi: ca, date: 2027-03-31, value: 52500}   # a correction: the later record wins
  - {kpi: ca, date: 2027-03-15, value: 99999}   # later in the file, but an earlier date
  - {kpi: tickets, date: 2027-03-31, value: 6000}
""",
        "actuals.yaml",
    )
    kpis = status_json(cli, plan, "--as-of", "2027-03-31")["kpis"]
    assert kpis["ca"] == kpi("52500.00", "2027-03-31")
    assert kpis["panier"] == kpi("8.75", "2027-03-31")  # 52500 / 6000


def test_no_actuals_file(cli: Cli, tmp_path: Path) -> None:
    plan = Path(shutil.copy(PLAN, tmp_path / "plan.yaml"))
    result = cli("status", plan, "--as-of", "2027-03-31", "--format", "json")
    assert result.code == 0
    assert result.err.startswith("note: ")
    assert "actuals.yaml" in result.err
    document = json.loads(result.out)
    spend = {key: value for key, value in document["spend"].items() if key not in ("by_line",)}
    assert spend == {
        "planned": "8118.22",
        "planned_to_date": "2177.06",
        "committed": "2720.00",
        "actual": "0.00",
        "variance": "-2177.06",  # 0 − 2177.055
        "available": "7280.00",
        # January and February are closed, unspent: B1 1200, B2 150 and B5 2 × 45.685 will
        # not be spent; every later occurrence, and March's, still may.
        "landing": "6676.85",  # 8118.22 − 1441.37
        "landing_variance": "-1441.37",
        "unknown_lines": {},
        "by_month": by_month({}),
    }
    # 10 × 45.685 = 456.85: March to December
    assert document["spend"]["by_line"]["B5"] == line(
        "548.22", "137.06", "0.00", "0.00", "-137.06", "456.85", "-91.37"
    )
    assert {row["status"] for row in document["objectives"].values()} == {"no_data"}
    assert document["objectives"]["O1"]["expected"] == "0.2445"
    assert all(value["value"] is None for value in document["kpis"].values())


def test_actuals_option_naming_a_missing_file(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "results.yaml"
    result = cli("status", PLAN, "--actuals", missing, "--as-of", "2027-03-31")
    assert result.code == 2
    assert result.out == ""
    assert str(missing) in result.err
    assert "fichier introuvable" in result.err  # in the French plan's language


def test_actuals_file_with_a_schema_error(cli: Cli, write: Callable[..., Path]) -> None:
    plan = write(FORMULAS)
    actuals = write(
        """\
version: 1
plan: plan.yaml
spend:
  - {line: B1, date: 2027-02-10, amount: "250,00"}
""",
        "actuals.yaml",
    )
    result = cli("status", plan, "--as-of", "2027-03-31", "--format", "json")
    assert result.code == 1
    assert result.out == ""
    assert f"opmkt validate {actuals}" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("day", ["2027-02-30", "31/03/2027", "demain", ""])
def test_bad_as_of(cli: Cli, day: str) -> None:
    result = cli("status", PLAN, "--as-of", day, "--format", "json")
    assert result.code == 2
    assert result.out == ""
    assert "--as-of" in result.err
    assert "YYYY-MM-DD" in result.err


LEFT_OUT = """\
version: 1
plan:
  name: Left out
  period: {start: 2027-01-01, end: 2027-12-31}
budget:
  lines:
    - {id: B1, label: Affiches, amount: 100, date: 2027-02}
    - {id: B2, label: Salon à Londres, amount: 100, currency: GBP, date: 2027-02}
"""


@pytest.mark.parametrize(
    "record",
    [
        "{line: B2, date: 2027-02-04, amount: 50}",  # a line with no GBP rate
        "{line: B1, date: 2027-02-04, amount: 50, currency: CHF}",  # no CHF rate
    ],
    ids=["line-without-rate", "currency-without-rate"],
)
def test_spend_the_totals_leave_out_is_in_no_month_either(
    cli: Cli, write: Callable[..., Path], record: str
) -> None:
    # validate reports each of these records; status counts them in no figure, so the month
    # by month table still adds up to the actual total.
    plan = write(LEFT_OUT)
    spend = f"  - {{line: B1, date: 2027-02-03, amount: 90}}\n  - {record}\n"
    write(f"version: 1\nplan: plan.yaml\nspend:\n{spend}", "actuals.yaml")
    document = status_json(cli, plan, "--as-of", "2027-03-31")
    assert document["spend"]["actual"] == "90.00"
    assert document["spend"]["by_month"] == {"2027-02": {"planned": "100.00", "actual": "90.00"}}


# The views, for people.


def test_text_view_golden(cli: Cli, golden: Callable[[str, str], None]) -> None:
    result = cli("status", FOURNIL, "--as-of", "2027-09-30")
    assert result.code == 0
    assert result.err == ""
    golden("status-text.txt", result.out)


def test_markdown_view_golden(cli: Cli, golden: Callable[[str, str], None]) -> None:
    result = cli("status", FOURNIL, "--as-of", "2027-09-30", "--format", "markdown")
    assert result.code == 0
    assert result.err == ""
    golden("status.md", result.out)


def _text_objective_rows(text: str) -> dict[str, list[str]]:
    """The cells of each row of the text view's objectives table, by objective id."""
    section = text.split("\nObjectives")[1].split("█ progress")[0]
    rows = {}
    for row in section.splitlines():
        if row.startswith("│ "):
            # Cells are separated by " │ "; a bar's own "│" always touches a bar cell.
            cells = [cell.strip() for cell in row.strip()[1:-1].split(" │ ")]
            rows[cells[0]] = cells
    return rows


def _markdown_cells(row: str) -> list[str]:
    """The cells of a Markdown table row, `\\|` being a pipe inside a cell."""
    cells, current, escaped = [], "", False
    for char in row.strip():
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            current, escaped = current + char, True
        elif char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
    return cells[1:]  # what comes before the first pipe is not a cell


def _markdown_tables(markdown: str) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    previous_was_row = False
    for row in markdown.splitlines():
        is_row = row.startswith("|")
        if is_row:
            if not previous_was_row:
                tables.append([])
            tables[-1].append(_markdown_cells(row))
        previous_was_row = is_row
    return tables


def _markdown_objective_rows(markdown: str) -> dict[str, list[str]]:
    objectives = next(t for t in _markdown_tables(markdown) if t[0][0] == "Objective")
    return {row[0].replace("&emsp;", ""): row for row in objectives[2:]}


@pytest.mark.usefixtures("english")
def test_an_objective_exactly_on_its_line_shows_on_track(cli: Cli) -> None:
    text = cli("status", PLAN, "--as-of", "2027-07-02").out
    half = "50\u00a0%"  # fr_FR, the plan's locale
    row = _text_objective_rows(text)["O1"]
    assert (row[5], row[7], row[8]) == (half, half, "on_track")
    markdown = cli("status", PLAN, "--as-of", "2027-07-02", "--format", "markdown").out
    row = _markdown_objective_rows(markdown)["O1"]
    assert (row[5], row[7], row[8]) == (half, half, "on_track")


@pytest.mark.parametrize(
    ("plan", "day"),
    [
        (FOURNIL, "2027-09-30"),
        (PLAN, "2026-12-31"),
        (PLAN, "2027-03-31"),
        (PLAN, "2027-07-02"),
    ],
)
@pytest.mark.usefixtures("english")
def test_progress_bars_have_twenty_cells(cli: Cli, plan: Path, day: str) -> None:
    text = cli("status", plan, "--as-of", day).out
    markdown = cli("status", plan, "--as-of", day, "--format", "markdown").out
    text_rows = _text_objective_rows(text)
    markdown_rows = _markdown_objective_rows(markdown)
    assert list(text_rows) == list(markdown_rows)
    assert len(text_rows) >= 7
    for cells in text_rows.values():
        assert len(cells) == 11, cells
        assert len(cells[6]) == 20, cells
        assert set(cells[6]) <= BAR_CELLS, cells
    for cells in markdown_rows.values():
        bar = cells[6].strip("`")
        assert cells[6] == f"`{bar}`"
        assert len(bar) == 20, cells
        assert set(bar) <= BAR_CELLS, cells


@pytest.mark.parametrize(
    ("plan", "day", "actions"),
    [(FOURNIL, "2027-09-30", []), (PLAN, "2026-12-31", []), (PLAN, "2027-07-02", ["Action"])],
)
@pytest.mark.usefixtures("english")
def test_markdown_tables_have_as_many_cells_in_every_row(
    cli: Cli, plan: Path, day: str, actions: list[str]
) -> None:
    markdown = cli("status", plan, "--as-of", day, "--format", "markdown").out
    tables = _markdown_tables(markdown)
    titles = ["Money", "Month", "Line", "Objective", *actions, "KPI"]
    assert [table[0][0] for table in tables] == titles
    for table in tables:
        assert len({len(row) for row in table}) == 1, table


@pytest.mark.usefixtures("english")
def test_views_show_months_up_to_the_as_of_month(cli: Cli) -> None:
    text = cli("status", PLAN, "--as-of", "2027-03-31").out
    months = text.split("Month by month")[1].split("Budget lines")[0]
    shown = [month for month in PLANNED_BY_MONTH if f"│ {month} │" in months]
    assert shown == ["2027-01", "2027-02", "2027-03"]
    markdown = cli("status", PLAN, "--as-of", "2027-03-31", "--format", "markdown").out
    table = next(t for t in _markdown_tables(markdown) if t[0][0] == "Month")
    assert [row[0] for row in table[2:]] == ["2027-01", "2027-02", "2027-03"]


def test_a_plan_with_many_lines_shows_those_furthest_over_plan(
    cli: Cli, write: Callable[..., Path]
) -> None:
    # 150 lines of 100 EUR spent in January; 3 of them overspent by 7, 5 and 9 EUR. The
    # terminal shows 100 lines, the overspent ones among them, in plan order; Markdown all.
    lines = "".join(
        f"    - {{id: L{i}, label: Line {i}, amount: 100, date: 2027-01-10}}\n"
        for i in range(1, 151)
    )
    plan = write(
        "version: 1\nplan:\n  name: Many lines\n  period: {start: 2027-01-01, end: 2027-12-31}\n"
        f"  currency: EUR\nbudget:\n  lines:\n{lines}"
    )
    over = {"L140": 107, "L7": 105, "L99": 109}
    spend = "".join(
        f"  - {{line: L{i}, date: 2027-01-20, amount: {over.get(f'L{i}', 100)}}}\n"
        for i in range(1, 151)
    )
    write(f"version: 1\nplan: plan.yaml\nspend:\n{spend}", "actuals.yaml")
    text = cli("status", plan, "--as-of", "2027-02-28").out
    table = text.split("Budget lines")[1].split("Objectives")[0]
    assert table.startswith(": 100 of 150, furthest over plan")
    rows = [row.split("│")[1].strip() for row in table.splitlines() if row.startswith("│ L")]
    assert len(rows) == 100
    assert [r for r in rows if r in over] == ["L7", "L99", "L140"]
    assert rows == sorted(rows, key=lambda r: int(r[1:]))
    assert "--format markdown or --format json lists every line" in table
    markdown = cli("status", plan, "--as-of", "2027-02-28", "--format", "markdown").out
    table_md = next(t for t in _markdown_tables(markdown) if t[0][0] == "Line")
    assert len(table_md) - 2 == 150


COMMITTED = """\
version: 1
plan:
  name: Quotes against their lines
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: GBP
  budget_cap: 20000
  exchange_rates: {USD: 0.7911}
budget:
  lines:
    - {id: B1, label: Stand, amount: 6500, date: 2027-05,
       quote: {ref: Q-1, status: accepted, amount: 6200}}
    - {id: B2, label: Ads, amount: 1000, currency: USD, date: 2027-06,
       quote: {status: accepted, amount: 990.10}}
    - {id: B3, label: Print, amount: 400, recurring: {every: quarter, from: 2027-01, to: 2027-12},
       quote: {status: accepted}}
    - {id: B4, label: Video, amount: 3000, date: 2027-07, quote: {status: received, amount: 2900}}
    - {id: B5, label: Search, amount: 2000, date: 2027-08,
       quote: {status: waived, reason: bought on the platform}}
"""


def test_committed_is_the_accepted_quotes_amount_converted_like_its_line(
    cli: Cli, write: Callable[..., Path]
) -> None:
    plan = write(COMMITTED)
    write(
        "version: 1\nplan: plan.yaml\nspend:\n  - {line: B1, date: 2027-05-02, amount: 100}\n",
        "actuals.yaml",
    )
    document = status_json(cli, plan, "--as-of", "2027-05-31")
    committed = {key: row["committed"] for key, row in document["spend"]["by_line"].items()}
    # B1: the accepted quote's 6200, not the line's 6500. B2: 990.10 USD × 0.7911 = 783.268110
    # GBP, converted like the line. B3: an accepted quote with no amount commits the line's
    # total, 4 × 400 = 1600. B4 (received) and B5 (waived) commit nothing.
    assert Decimal("990.10") * Decimal("0.7911") == Decimal("783.268110")
    assert committed == {
        "B1": "6200.00",
        "B2": "783.27",
        "B3": "1600.00",
        "B4": "0.00",
        "B5": "0.00",
    }
    # 6200 + 783.268110 + 1600 = 8583.268110
    assert document["spend"]["committed"] == "8583.27"
    # available = 20000 − Σ max(committed, actual) = 20000 − (6200 + 783.268110 + 1600) =
    # 11416.731890 (B1's 100 spent is below its 6200 committed).
    assert document["spend"]["available"] == "11416.73"
