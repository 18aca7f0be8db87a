"""`opmkt status` against the contract's tracking semantics, each on a plan small enough to
work out by hand: spend on lines the plan no longer has, where lines land, deadlines read one
way, objectives past their deadline and their projection, late actions, formulas that read
every input over the same period, scoped spend, and counts printed as counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from opmkt.report.format import Fmt
from tests.conftest import Result

Cli = Callable[..., Result]
Write = Callable[..., Path]


def status_json(cli: Cli, *args: str | Path) -> dict[str, Any]:
    result = cli("status", *args, "--format", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


# --- Spend on a line the plan no longer has ---------------------------------------------------

DELETED = """\
version: 1
plan:
  name: Deleted line
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: GBP
  locale: en_GB
  budget_cap: 1000
kpis:
  - {id: customers, name: New customers, kind: performance, unit: customers}
  - {id: cac, name: CAC, kind: financial, unit: GBP, formula: cac,
     inputs: {spend: budget, customers: customers}}
budget:
  lines:
    - {id: B1, label: Posters, amount: 100, date: 2027-02}
    - {id: B2, label: Radio, amount: 300, date: 2027-05}
"""
# B16 was a line once: £912.50 were spent on it before it was deleted.
DELETED_ACTUALS = """\
version: 1
plan: plan.yaml
kpis:
  - {kpi: customers, date: 2027-03-31, value: 50}
spend:
  - {line: B1, date: 2027-02-03, amount: 90}
  - {line: B16, date: 2027-02-10, amount: 900}
  - {line: B16, date: 2027-03-05, amount: 12.50}
  - {line: B16, date: 2027-04-02, amount: 40}
"""


def test_spend_on_a_deleted_line_counts_in_every_figure(cli: Cli, write: Write) -> None:
    plan = write(DELETED)
    write(DELETED_ACTUALS, "actuals.yaml")
    spend = status_json(cli, plan, "--as-of", "2027-03-31")["spend"]
    # As of 2027-03-31 (04-02 is after): B1 90; B16 900 + 12.50 = 912.50.
    assert spend["unknown_lines"] == {"B16": "912.50"}
    assert spend["planned"] == "400.00"
    assert spend["planned_to_date"] == "100.00"  # B1's February
    assert spend["actual"] == "1002.50"  # 90 + 912.50
    assert spend["variance"] == "902.50"  # 1002.50 − 100
    # B1 lands at 90 (February is closed), B2 at 300 (May is open), B16 at what it spent.
    assert spend["landing"] == "1302.50"  # 90 + 300 + 912.50
    assert spend["landing_variance"] == "902.50"  # 1302.50 − 400
    assert spend["available"] == "-2.50"  # 1000 − max(0, 90) − max(0, 0) − 912.50
    assert spend["by_month"] == {
        "2027-02": {"planned": "100.00", "actual": "990.00"},  # 90 + 900
        "2027-03": {"planned": "0.00", "actual": "12.50"},
        "2027-05": {"planned": "300.00", "actual": "0.00"},
    }
    assert "B16" not in spend["by_line"]


def test_unknown_lines_is_an_empty_object_when_every_record_names_a_line(
    cli: Cli, write: Write
) -> None:
    plan = write(DELETED)
    write(DELETED_ACTUALS.replace("B16", "B2"), "actuals.yaml")
    assert status_json(cli, plan, "--as-of", "2027-03-31")["spend"]["unknown_lines"] == {}


def test_spend_on_a_deleted_line_is_in_the_cac(cli: Cli, write: Write) -> None:
    plan = write(DELETED)
    write(DELETED_ACTUALS, "actuals.yaml")
    kpis = status_json(cli, plan, "--as-of", "2027-03-31")["kpis"]
    assert kpis["cac"] == {"value": "20.05", "date": "2027-03-31"}  # 1002.50 / 50


def test_spend_on_a_deleted_line_is_its_own_row_in_every_view(cli: Cli, write: Write) -> None:
    plan = write(DELETED)
    write(DELETED_ACTUALS, "actuals.yaml")
    text = cli("status", plan, "--as-of", "2027-03-31").out
    assert "Spending against no budget line │   £912.50" in text
    row = next(line for line in text.splitlines() if "B16 (not a line of the plan)" in line)
    # Its actual, variance, landing and landing variance are what it spent; it plans nothing.
    assert [cell.strip() for cell in row.strip("│ ").split("│")] == [
        "B16 (not a line of the plan)",
        *("—", "—", "—"),
        *("£912.50",) * 4,
    ]
    markdown = cli("status", plan, "--as-of", "2027-03-31", "--format", "markdown").out
    assert "| Spending against no budget line | £912.50 |" in markdown
    assert (
        "| B16 (not a line of the plan) | — | — | — | £912.50 | £912.50 | £912.50 | £912.50 |"
        in markdown
    )
    for fmt in ("md", "html"):
        out = plan.parent / f"report.{fmt}"
        result = cli("report", plan, "-f", fmt, "-o", out, "--as-of", "2027-03-31")
        assert result.code == 0, result.err
        report = out.read_text(encoding="utf-8")
        assert "B16 (not a line of the plan)" in report
        assert "Spending against no budget line" in report
        assert "£912.50" in report


def test_validate_reports_spend_on_a_deleted_line(cli: Cli, write: Write) -> None:
    write(DELETED)
    actuals = write(DELETED_ACTUALS, "actuals.yaml")
    result = cli("validate", actuals, "--format", "json")
    assert result.code == 1
    found = [
        (f["rule"], f["line"]) for f in json.loads(result.out)["findings"] if "B16" in f["message"]
    ]
    assert found == [("unknown-reference", 7), ("unknown-reference", 8), ("unknown-reference", 9)]


# --- Landing --------------------------------------------------------------------------------

LANDING = """\
version: 1
plan:
  name: Landing
  period: {start: 2027-01-01, end: 2027-12-31}
budget:
  lines:
    - {id: M, label: Monthly ads, amount: 100,
       recurring: {every: month, from: 2027-01, to: 2027-06}}
    - {id: U, label: Unscheduled, amount: 200}
    - {id: V, label: Unscheduled and overspent, amount: 50}
    - {id: L, label: Later, amount: 70, date: 2027-09}
"""
LANDING_ACTUALS = """\
version: 1
plan: plan.yaml
spend:
  - {line: M, date: 2027-01-20, amount: 80}
  - {line: M, date: 2027-02-20, amount: 130}
  - {line: M, date: 2027-03-10, amount: 30}
  - {line: M, date: 2027-03-31, amount: 40}
  - {line: M, date: 2027-04-01, amount: 500}
  - {line: U, date: 2027-02-01, amount: 20}
  - {line: V, date: 2027-03-01, amount: 65}
"""


@pytest.mark.parametrize(
    ("day", "month_m", "landing_m"),
    [
        # Up to 03-31: M spent 80 + 130 + 30 + 40 = 280; January and February are closed; March
        # lacks max(0, 100 − 70) = 30; April to June will spend 300: 280 + 30 + 300 = 610.
        ("2027-03-31", "30", "610.00"),
        # Up to 03-15: 80 + 130 + 30 = 240; March lacks 100 − 30 = 70: 240 + 70 + 300 = 610.
        ("2027-03-15", "70", "610.00"),
    ],
)
def test_landing_per_line_and_for_the_plan(
    cli: Cli, write: Write, day: str, month_m: str, landing_m: str
) -> None:
    plan = write(LANDING)
    write(LANDING_ACTUALS, "actuals.yaml")
    spend = status_json(cli, plan, "--as-of", day)["spend"]
    lines = spend["by_line"]
    assert (lines["M"]["landing"], lines["M"]["landing_variance"]) == (landing_m, "10.00")
    # Unscheduled: the larger of actual and planned.
    assert (lines["U"]["landing"], lines["U"]["landing_variance"]) == ("200.00", "0.00")
    assert (lines["V"]["landing"], lines["V"]["landing_variance"]) == ("65.00", "15.00")
    # September is still open: it lands on its plan.
    assert (lines["L"]["landing"], lines["L"]["landing_variance"]) == ("70.00", "0.00")
    # 610 + 200 + 65 + 70 = 945; planned 600 + 200 + 50 + 70 = 920.
    assert (spend["landing"], spend["landing_variance"]) == ("945.00", "25.00")


def test_a_month_spent_beyond_its_plan_lacks_nothing(cli: Cli, write: Write) -> None:
    plan = write(LANDING)
    write(LANDING_ACTUALS, "actuals.yaml")
    # Up to 04-30: M spent 280 + 500 = 780; April lacks max(0, 100 − 500) = 0; May and June
    # 200: 980, landing variance 380.
    line = status_json(cli, plan, "--as-of", "2027-04-30")["spend"]["by_line"]["M"]
    assert (line["landing"], line["landing_variance"]) == ("980.00", "380.00")


def test_views_show_landing_beside_planned_and_actual(cli: Cli, write: Write) -> None:
    plan = write(LANDING)
    write(LANDING_ACTUALS, "actuals.yaml")
    markdown = cli("status", plan, "--as-of", "2027-03-31", "--format", "markdown").out
    assert "| Landing | €945.00 |" in markdown
    assert "| Landing variance | €25.00 |" in markdown
    header = "| Line | Planned | Planned to date | Committed | Actual | Variance | Landing |"
    assert header + " Landing variance |" in markdown
    assert "| M | €600.00 | €300.00 | €0.00 | €280.00 | -€20.00 | €610.00 | €10.00 |" in markdown
    text = cli("status", plan, "--as-of", "2027-03-31").out
    assert "Landing variance" in text
    assert "€610.00" in text
    out = plan.parent / "report.md"
    assert cli("report", plan, "-f", "md", "-o", out, "--as-of", "2027-03-31").code == 0
    # The report names a line by its label.
    shown = out.read_text(encoding="utf-8")
    assert "| Monthly ads | €600.00 | €280.00 | €610.00 | **+€10.00** |" in shown


# --- Deadlines, missed objectives, projections, late actions ---------------------------------

OBJECTIVES = """\
version: 1
plan:
  name: Deadlines
  period: {start: 2027-01-01, end: 2027-12-31}
kpis:
  - {id: ca, name: Revenue, kind: financial, unit: EUR}
  - {id: clients, name: Customers, kind: performance, unit: customers}
objectives:
  - id: O1
    category: business
    title: Grow the shop's revenue
    kpi: ca
    baseline: 1000
    target: 2000
    deadline: 2027-06-30
    objectives:
      - id: O1.1
        category: conversion
        title: Win new customers in the shop
        kpi: clients
        baseline: 100
        target: 200
actions:
  - {id: A1, objective: O1.1, what: Leaflets, start: 2027-02-01, end: 2027-03-31,
     status: in_progress}
  - {id: A2, objective: O1.1, what: Window display, start: 2027-04-01, end: 2027-05-31}
  - {id: A3, objective: O1, what: Loyalty card, start: 2027-01-15, end: 2027-03-15,
     status: done}
  - {id: A4, objective: O1, what: Tasting days, start: 2027-01-15, end: 2027-03-15,
     status: cancelled}
"""
OBJECTIVES_ACTUALS = """\
version: 1
plan: plan.yaml
kpis:
  - {kpi: ca, date: 2027-03-01, value: 1295}
  - {kpi: clients, date: 2027-03-01, value: 160}
  - {kpi: clients, date: 2027-07-10, value: 190}
"""


def test_a_sub_objective_without_deadline_has_its_parents_everywhere(
    cli: Cli, write: Write
) -> None:
    plan = write(OBJECTIVES)
    write(OBJECTIVES_ACTUALS, "actuals.yaml")
    objectives = status_json(cli, plan, "--as-of", "2027-04-01")["objectives"]
    # 2027-04-01 is 90 days after the start; O1's deadline (2027-06-30) is 180: O1.1 expects
    # 90/180 = 0.5, not 90/364 (the plan's end).
    assert objectives["O1.1"]["expected"] == "0.5000"
    # clients 160 on 2027-03-01 (59 days): 100 + 60 × 180/59 = 283.0508…: 1.830508…
    assert objectives["O1.1"]["projected"] == "283.05"
    assert objectives["O1.1"]["projected_progress"] == "1.8305"
    assert (objectives["O1.1"]["status"], objectives["O1.1"]["outlook"]) == (
        "on_track",  # 0.6 ≥ 0.5
        "on_course",
    )
    # ca 1295 on 2027-03-01: progress 0.295 < 0.5; 1000 + 295 × 180/59 = 1900: 0.9
    assert objectives["O1"]["projected"] == "1900.00"
    assert (objectives["O1"]["status"], objectives["O1"]["outlook"]) == ("behind", "off_course")
    # The rule reads the same deadline: no smart-time-bound warning for O1.1.
    result = cli("validate", plan, "--format", "json")
    rules = {(f["rule"], f["path"]) for f in json.loads(result.out)["findings"]}
    assert ("smart-time-bound", "objectives[0].objectives[0]") not in rules


def test_objectives_past_their_deadline_are_missed(cli: Cli, write: Write) -> None:
    plan = write(OBJECTIVES)
    write(OBJECTIVES_ACTUALS, "actuals.yaml")
    document = status_json(cli, plan, "--as-of", "2027-07-15")
    objectives = document["objectives"]
    # clients 190 on 2027-07-10, after O1.1's inherited deadline: the projection is the value.
    assert objectives["O1.1"] == {
        "kpi": "clients",
        "baseline": "100.00",
        "target": "200.00",
        "actual": "190.00",
        "progress": "0.9000",
        "expected": "1.0000",
        "status": "missed",
        "projected": "190.00",
        "projected_progress": "0.9000",
        "outlook": "missed",
    }
    assert (objectives["O1"]["status"], objectives["O1"]["outlook"]) == ("missed", "missed")
    # On its deadline, an objective is not missed yet.
    on_the_day = status_json(cli, plan, "--as-of", "2027-06-30")["objectives"]
    assert on_the_day["O1"]["status"] == "behind"


def test_late_and_not_started_actions(cli: Cli, write: Write) -> None:
    plan = write(OBJECTIVES)
    write(OBJECTIVES_ACTUALS, "actuals.yaml")
    actions = status_json(cli, plan, "--as-of", "2027-04-02")["actions"]
    assert actions == {
        "A1": {"status": "in_progress", "late": True, "not_started": False},
        "A2": {"status": "planned", "late": False, "not_started": True},
        "A3": {"status": "done", "late": False, "not_started": False},
        "A4": {"status": "cancelled", "late": False, "not_started": False},
    }
    # On its start day, an action is not overdue to start yet.
    on_the_day = status_json(cli, plan, "--as-of", "2027-04-01")["actions"]
    assert on_the_day["A2"]["not_started"] is False
    text = cli("status", plan, "--as-of", "2027-04-02").out
    assert "Actions late or not started" in text
    assert "late" in next(line for line in text.splitlines() if "│ A1 " in line)
    assert "not started" in next(line for line in text.splitlines() if "│ A2 " in line)
    markdown = cli("status", plan, "--as-of", "2027-04-02", "--format", "markdown").out
    assert "| A1 | O1.1 | 2027-02-01 | 2027-03-31 | in_progress | late |" in markdown
    assert "| A2 | O1.1 | 2027-04-01 | 2027-05-31 | planned | not started |" in markdown
    assert "A3" not in markdown.split("## Actions late or not started")[1]


def test_the_report_shows_missed_objectives_outlook_and_late_actions(
    cli: Cli, write: Write
) -> None:
    plan = write(OBJECTIVES)
    write(OBJECTIVES_ACTUALS, "actuals.yaml")
    out = plan.parent / "report.md"
    assert cli("report", plan, "-f", "md", "-o", out, "--as-of", "2027-07-15").code == 0
    report = out.read_text(encoding="utf-8")
    results = report.split("## Results")[1]
    row = next(line for line in results.splitlines() if line.startswith("| &emsp;**O1.1**"))
    assert row.endswith("| Missed | 190 customers | Missed |")
    assert "### Actions late or not started" in report
    assert "| **A1** Leaflets | O1.1 |" in report


# --- Formulas over one period, and scoped spend ---------------------------------------------

SCOPED = """\
version: 1
plan:
  name: Scoped spend
  period: {start: 2027-01-01, end: 2027-12-31}
kpis:
  - {id: customers, name: New customers, kind: performance, unit: customers}
  - {id: revenue, name: Revenue, kind: financial, unit: EUR}
  - {id: cac, name: CAC, kind: financial, unit: EUR, formula: cac,
     inputs: {spend: budget, customers: customers}}
  - {id: cac_paid, name: CAC of paid media, kind: financial, unit: EUR, formula: cac,
     inputs: {spend: {budget: {channel: [search, social_media]}}, customers: customers}}
  - {id: cac_o1, name: CAC of O1, kind: financial, unit: EUR, formula: cac,
     inputs: {spend: {budget: {objective: O1}}, customers: customers}}
  - {id: roi_print, name: ROI of print, kind: financial, unit: "%", formula: roi,
     inputs: {revenue: revenue, spend: {budget: {category: print, mix: promotion}}}}
  - {id: cac_lines, name: CAC of B1, kind: financial, unit: EUR, formula: cac,
     inputs: {spend: {budget: {lines: B1}}, customers: customers}}
objectives:
  - id: O1
    category: business
    title: Win customers online
    deadline: 2027-12-31
    objectives:
      - {id: O1.1, category: conversion, title: Win customers from search, deadline: 2027-12-31}
  - {id: O2, category: communication, title: Be known in the street, deadline: 2027-12-31}
actions:
  - {id: A1, objective: O1.1, what: Search ads, channel: search, mix: promotion}
  - {id: A2, objective: O1, what: Social ads, channel: social_media, mix: promotion}
  - {id: A3, objective: O2, what: Posters, channel: posters, mix: promotion}
  - {id: A4, objective: O2, what: Shop sign, channel: posters, mix: physical_evidence}
budget:
  lines:
    - {id: B1, action: A1, label: Search ads, category: media, amount: 1000}
    - {id: B2, action: A2, label: Social ads, category: media, amount: 1000}
    - {id: B3, action: A3, label: Posters, category: print, amount: 1000}
    - {id: B4, action: A4, label: Sign, category: print, amount: 1000}
    - {id: B5, label: Shared tools, category: tools, amount: 1000}
"""
SCOPED_ACTUALS = """\
version: 1
plan: plan.yaml
kpis:
  - {kpi: customers, date: 2027-01-31, value: 10}
  - {kpi: revenue, date: 2027-01-31, value: 1000}
spend:
  - {line: B1, date: 2027-01-10, amount: 100}
  - {line: B2, date: 2027-01-20, amount: 50}
  - {line: B3, date: 2027-01-25, amount: 200}
  - {line: B4, date: 2027-01-26, amount: 300}
  - {line: B5, date: 2027-01-31, amount: 40}
  - {line: B9, date: 2027-01-05, amount: 10}
  - {line: B1, date: 2027-02-10, amount: 900}
  - {line: B3, date: 2027-02-15, amount: 800}
"""


def test_formulas_read_every_input_over_the_same_period(cli: Cli, write: Write) -> None:
    plan = write(SCOPED)
    write(SCOPED_ACTUALS, "actuals.yaml")
    # On 2027-02-28, customers were last measured on 2027-01-31: the CAC is the spend up to
    # 2027-01-31 (B1 100 + B2 50 + B3 200 + B4 300 + B5 40 + B9 10, a line the plan does not
    # have, as the plan's actual does) over those 10 customers, dated 2027-01-31.
    kpis = status_json(cli, plan, "--as-of", "2027-02-28")["kpis"]
    assert kpis["cac"] == {"value": "70.00", "date": "2027-01-31"}  # 700 / 10


def test_scoped_spend(cli: Cli, write: Write) -> None:
    plan = write(SCOPED)
    write(SCOPED_ACTUALS, "actuals.yaml")
    kpis = status_json(cli, plan, "--as-of", "2027-02-28")["kpis"]
    # search or social media: B1 100 + B2 50 = 150, over 10
    assert kpis["cac_paid"] == {"value": "15.00", "date": "2027-01-31"}
    # O1 and its sub-objective O1.1: B2 (A2 → O1) + B1 (A1 → O1.1) = 150
    assert kpis["cac_o1"] == {"value": "15.00", "date": "2027-01-31"}
    # category print and mix promotion: B3 only (B4 is physical evidence): 200;
    # (1000 − 200) / 200 × 100 = 400
    assert kpis["roi_print"] == {"value": "400.00", "date": "2027-01-31"}
    # one line written without a list: B1 100
    assert kpis["cac_lines"] == {"value": "10.00", "date": "2027-01-31"}
    out = plan.parent / "report.md"
    assert cli("report", plan, "-f", "md", "-o", out, "--as-of", "2027-02-28").code == 0
    assert "actual spend (channel: search, social_media), customers" in out.read_text("utf-8")


def test_scoped_spend_names_are_checked(cli: Cli, write: Write) -> None:
    scope = "{lines: [B1, B7], objective: O3, category: pirnt}"
    plan = write(SCOPED.replace("{lines: B1}", scope))
    result = cli("validate", plan, "--format", "json")
    assert result.code == 1
    messages = [
        f["message"] for f in json.loads(result.out)["findings"] if f["rule"] == "unknown-reference"
    ]
    assert [message.split(":")[0] for message in messages] == [
        "no budget line has the id 'B7'",
        "no objective has the id 'O3'",
        "no budget category has the id 'pirnt'",
    ]
    assert messages[2].endswith("did you mean 'print'?")


def test_a_scope_with_an_unknown_key_is_a_schema_error(cli: Cli, write: Write) -> None:
    plan = write(SCOPED.replace("{lines: B1}", "{line: B1}"))
    result = cli("validate", plan)
    assert result.code == 1
    assert "unknown key `line`" in result.out
    assert "did you mean `lines`?" in result.out


# --- Counts and plurals ---------------------------------------------------------------------


def test_counts_print_without_decimals_in_views_and_with_two_in_json(
    cli: Cli, write: Write
) -> None:
    plan = write(DELETED)
    write(DELETED_ACTUALS.replace("value: 50", "value: 352"), "actuals.yaml")
    assert status_json(cli, plan, "--as-of", "2027-03-31")["kpis"]["customers"] == {
        "value": "352.00",
        "date": "2027-03-31",
    }
    text = cli("status", plan, "--as-of", "2027-03-31").out
    row = next(line for line in text.splitlines() if line.startswith("│ customers "))
    assert "│ 352 │" in row.replace("  ", "")
    markdown = cli("status", plan, "--as-of", "2027-03-31", "--format", "markdown").out
    assert "| customers | 352 | 2027-03-31 |" in markdown
    assert "| cac | 2.85 | 2027-03-31 |" in markdown  # 1002.50 / 352 = 2.848…: money, 2 digits


@pytest.mark.parametrize(
    ("value", "locale", "shown"),
    [
        ("1", "en_US", "1 contract"),
        ("6", "en_US", "6 contracts"),
        ("0", "en_US", "0 contracts"),
        ("1", "fr_FR", "1 contrat"),
        ("0", "fr_FR", "0 contrat"),
        ("2", "fr_FR", "2 contrats"),
    ],
)
def test_a_unit_is_singular_where_the_language_wants_it(
    value: str, locale: str, shown: str
) -> None:
    unit = "contrats" if locale.startswith("fr") else "contracts"
    fmt = Fmt(locale=locale, currency="EUR", words={})
    assert fmt.kpi_value(Decimal(value), unit).replace("\u202f", " ") == shown


def test_a_figure_that_rounds_to_zero_is_never_negative(cli: Cli, write: Write) -> None:
    plan = write(DELETED)
    write(
        "version: 1\nplan: plan.yaml\nspend:\n  - {line: B1, date: 2027-02-03, amount: 99.996}\n",
        "actuals.yaml",
    )
    spend = status_json(cli, plan, "--as-of", "2027-03-31")["spend"]
    # 99.996 − 100 = −0.004: a variance and a landing variance of nothing, not of "-0.00"
    assert (spend["variance"], spend["landing_variance"]) == ("0.00", "0.00")
    assert spend["by_line"]["B1"]["variance"] == "0.00"
    markdown = cli("status", plan, "--as-of", "2027-03-31", "--format", "markdown").out
    assert "-£0.00" not in markdown
    assert "| B1 | £100.00 | £100.00 | £0.00 | £100.00 | £0.00 | £100.00 | £0.00 |" in markdown


def test_a_scoped_formula_names_its_scope_when_someone_measures_it(cli: Cli, write: Write) -> None:
    plan = write(SCOPED)
    actuals = write(SCOPED_ACTUALS, "actuals.yaml")
    result = cli("track", "kpi", "cac_paid", "12", "--date", "2027-02-01", "--actuals", actuals)
    assert result.code != 0
    assert "record its inputs (budget (channel: search, social_media), customers)" in result.err
    measured = SCOPED_ACTUALS.replace(
        "spend:", "  - {kpi: cac_paid, date: 2027-02-01, value: 3}\nspend:"
    )
    write(measured, "actuals.yaml")
    result = cli("validate", actuals, "--format", "json", "--strict")
    messages = [f["message"] for f in json.loads(result.out)["findings"]]
    assert any(
        "spend = budget (channel: search, social_media) (the spend records of those lines)" in m
        for m in messages
    ), messages
    assert plan.exists()
