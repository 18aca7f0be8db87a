"""`scenarios:` and `--scenario` on budget, status and report: each scenario's figures, and all
of them side by side, against hand-computed figures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result

Cli = Callable[..., Result]

PLAN = """\
version: 1
plan:
  name: Shop 2027
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: EUR
  locale: en_US
  exchange_rates: {USD: 0.90}
kpis:
  - {id: sales, name: Sales, kind: financial, unit: EUR}
objectives:
  - id: O1
    category: business
    title: Grow yearly shop sales
    kpi: sales
    baseline: 100
    target: 200
    deadline: 2027-12-31
    objectives:
      - {id: O1.1, category: business, title: Sell more cakes, kpi: sales, baseline: 100,
         target: 150}
actions:
  - {id: A1, objective: O1, what: Leaflets}
budget:
  lines:
    - {id: B1, action: A1, label: Print, amount: 100,
       recurring: {every: month, from: 2027-01, to: 2027-12}}
    - {id: B2, action: A1, label: Stand, quantity: 2, unit_cost: 250, date: 2027-05}
    - {id: B3, action: A1, label: Tool, amount: 100, currency: USD, date: 2027-02}
scenarios:
  - id: worst
    description: Print up, the dollar up
    lines: {B1: 130}
    targets: {O1.1: 120}
    exchange_rates: {USD: 1.00}
  - id: best
    lines: {B2: 400}
    targets: {O1: 250}
"""

ACTUALS = """\
version: 1
plan: plan.yaml
kpis:
  - {kpi: sales, date: 2027-06-30, value: 130}
spend:
  - {line: B1, date: 2027-01-31, amount: 100}
"""


@pytest.fixture
def plan(write: Callable[..., Path]) -> Path:
    write(ACTUALS, "shop/actuals.yaml")
    return write(PLAN, "shop/plan.yaml")


def _json(cli: Cli, *args: str | Path) -> Any:
    result = cli(*args, "-f", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_budget_in_one_scenario(cli: Cli, plan: Path) -> None:
    # Base: 12 × 100 + 2 × 250 + 100 USD × 0.90 = 1 790.
    assert _json(cli, "budget", plan)["total"] == "1790.00"
    worst = _json(cli, "budget", plan, "--scenario", "worst")
    # Worst: 12 × 130 + 500 + 100 USD × 1.00 = 2 160.
    assert worst["total"] == "2160.00"
    assert worst["by"]["line"] == {"B1": "1560.00", "B2": "500.00", "B3": "100.00"}
    # Best: B2, given as quantity × unit_cost, becomes one amount of 400.
    best = _json(cli, "budget", plan, "--scenario", "best")
    assert (best["total"], best["by"]["line"]["B2"]) == ("1690.00", "400.00")
    assert _json(cli, "budget", plan, "--scenario", "base")["total"] == "1790.00"


def test_budget_scenarios_side_by_side(cli: Cli, plan: Path) -> None:
    document = _json(cli, "budget", plan, "--scenario", "all")
    totals = {name: doc["total"] for name, doc in document["scenarios"].items()}
    assert totals == {"base": "1790.00", "worst": "2160.00", "best": "1690.00"}
    table = cli("budget", plan, "--scenario", "all", "--by", "month")
    assert table.code == 0, table.err
    header = next(line for line in table.out.splitlines() if "base" in line)
    assert header.index("base") < header.index("worst") < header.index("best")
    markdown = cli("budget", plan, "--scenario", "all", "--by", "month", "-f", "markdown")
    assert "| 2027-05 | €600.00 | €630.00 | €500.00 |" in markdown.out
    assert "| **Total** | **€1,790.00** | **€2,160.00** | **€1,690.00** |" in markdown.out
    # A pivot table's source: every line once per scenario.
    rows = cli("budget", plan, "--scenario", "all", "-f", "csv").out.splitlines()
    assert len(rows) == 1 + 3 * 3
    assert sum(",B2," in row and "[best]" in row for row in rows) == 1


def test_status_in_one_scenario_and_side_by_side(cli: Cli, plan: Path) -> None:
    args = ("status", plan, "--as-of", "2027-06-30")
    base = _json(cli, *args)
    worst = _json(cli, *args, "--scenario", "worst")
    # sales 130 from 100: O1.1 is 30 / 50 = 60 % of the way to 150, 30 / 20 past 120.
    assert (base["objectives"]["O1.1"]["target"], base["objectives"]["O1.1"]["status"]) == (
        "150.00",
        "on_track",
    )
    assert (worst["objectives"]["O1.1"]["target"], worst["objectives"]["O1.1"]["status"]) == (
        "120.00",
        "achieved",
    )
    assert worst["spend"]["planned"] == "2160.00"
    document = _json(cli, *args, "--scenario", "all")
    assert list(document["scenarios"]) == ["base", "worst", "best"]
    assert document["scenarios"]["best"]["objectives"]["O1"]["target"] == "250.00"
    text = cli(*args, "--scenario", "all")
    assert text.code == 0, text.err
    o11 = next(line for line in text.out.splitlines() if "O1.1" in line)
    assert "150.00 · on_track" in o11 and "120.00 · achieved · achieved" in o11
    markdown = cli(*args, "--scenario", "all", "-f", "markdown")
    assert "| Planned | €1,790.00 | €2,160.00 | €1,690.00 |" in markdown.out


def test_report_in_one_scenario(cli: Cli, plan: Path) -> None:
    out = plan.parent / "worst.md"
    result = cli("report", plan, "-o", out, "--scenario", "worst", "--as-of", "2027-06-30")
    assert result.code == 0, result.err
    assert "| Total budget | €2,160.00 |" in out.read_text(encoding="utf-8")
    refused = cli("report", plan, "-o", out, "--scenario", "all", "--force")
    assert refused.code == 2
    assert "a report shows one scenario" in refused.err


@pytest.mark.parametrize("command", ["budget", "status", "report"])
def test_an_unknown_scenario_names_the_known_ones(cli: Cli, plan: Path, command: str) -> None:
    result = cli(command, plan, "--scenario", "wrost")
    assert result.code == 2
    assert "the plan has no scenario 'wrost': one of base, worst, best, or all" in result.err
    assert not (plan.parent / "plan.html").exists()


def test_all_scenarios_of_one_plan_only(cli: Cli, plan: Path) -> None:
    result = cli("budget", plan, plan, "--scenario", "all")
    assert result.code == 2
    assert "give one PLAN" in result.err


@pytest.mark.parametrize("name", ["base", "all"])
def test_a_scenario_named_as_what_the_option_already_means_is_refused_at_its_id(
    cli: Cli, write: Callable[..., Path], name: str
) -> None:
    plan = write(PLAN.replace("  - id: best\n", f"  - id: {name}\n"), "shop/plan.yaml")
    result = cli("validate", plan, "-f", "json")
    assert result.code == 1
    [finding] = [f for f in json.loads(result.out)["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "schema"
    assert (finding["line"], finding["column"]) == (PLAN.splitlines().index("  - id: best") + 1, 9)
    assert finding["message"].startswith(
        f"`scenarios[1].id`: '{name}' names what --scenario {name} already means"
    )
