"""`opmkt smart`: one verdict per letter of SMART for every objective, from validate's rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from opmkt.lint.engine import validate
from tests.conftest import EXAMPLES, Result

PLAN = """\
version: 1
plan:
  name: SMART view
  period: {start: 2027-01-01, end: 2027-12-31}
audit:
  swot:
    opportunities:
      - {id: opp, text: Demand for organic bread}
kpis:
  - {id: ca, name: Revenue, kind: financial}
objectives:
  - id: O1
    category: business
    title: Grow the shop's revenue
    kpi: ca
    baseline: 100
    target: 120
    deadline: 2027-12-31
    addresses: [opp]
    objectives:
      - id: O1.1
        category: conversion
        title: Basket | up
        kpi: ca
        baseline: 100
        target: 5000
        deadline: 2028-03-31
  - id: O2
    category: communication
    title: Be known in the neighbourhood
    kpi: ca
    baseline: 10
    target: 12
    deadline: 2027-06-30
    addresses: [opp]
"""


def test_json_has_one_boolean_per_letter_and_the_reasons(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = cli("smart", write(PLAN), "-f", "json")
    assert result.code == 0
    objectives = json.loads(result.out)["objectives"]
    assert list(objectives) == ["O1", "O1.1", "O2"]
    letters = ["specific", "measurable", "achievable", "relevant", "time_bound"]
    assert all(objectives["O1"][letter] for letter in letters)
    assert objectives["O1"]["reasons"] == []
    sub = objectives["O1.1"]
    assert [sub[letter] for letter in letters] == [False, True, False, True, False]
    assert len(sub["reasons"]) == 3
    assert any("after the plan ends" in reason for reason in sub["reasons"])


def test_letters_are_the_absence_of_validate_findings(write: Callable[..., Path]) -> None:
    path = write(PLAN)
    report = validate([path])
    smart_rules = {
        f.rule
        for f in report.findings
        if f.path.startswith("objectives[0].objectives[0]") and f.rule.startswith("smart-")
    }
    assert smart_rules == {"smart-specific", "smart-achievable", "smart-time-bound"}


def test_lint_settings_apply_to_the_smart_view(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(PLAN + "lint:\n  disable: [smart-time-bound]\n  max_growth: 100\n")
    sub = json.loads(cli("smart", path, "-f", "json").out)["objectives"]["O1.1"]
    assert (sub["time_bound"], sub["achievable"], sub["specific"]) == (True, True, False)


def test_strict_fails_when_a_letter_fails(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    assert cli("smart", write(PLAN), "--strict").code == 1
    clean = sorted(EXAMPLES.glob("*/plan.yaml"))
    assert cli("smart", *clean, "--strict").code == 0


def test_markdown_is_a_table_with_escaped_cells(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    out = cli("smart", write(PLAN), "-f", "markdown").out
    lines = out.splitlines()
    assert lines[0] == "| Objective | S | M | A | R | T | Reasons |"
    row = next(line for line in lines if "O1.1" in line)
    assert "Basket \\| up" in row
    assert row.count(" | ") == 6  # the escaped pipes do not split cells
    assert row.startswith("| &emsp;O1.1 ")  # indented as in every Markdown table


def test_text_shows_the_tree_and_marks(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = cli("smart", write(PLAN)).out
    sub_line = next(line for line in out.splitlines() if "O1.1" in line)
    assert sub_line.startswith("  └ O1.1 Basket | up")
    assert sub_line.count("✗") == 3 and sub_line.count("✓") == 2
    assert out.rstrip().endswith("2 of 3 objectives are SMART")


def test_a_plan_that_cannot_load_is_named(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = cli("smart", write("version: 1\nplan: {}\n"))
    assert result.code == 1
    assert "run `opmkt validate" in result.err


def test_an_actuals_file_is_taken_and_shows_no_objective(cli: Callable[..., Result]) -> None:
    # `smart` takes actuals files, as validate does: one that loads is not "a plan that
    # cannot be read" (it used to exit 1, naming it so).
    example = EXAMPLES / "fournil-dupont"
    result = cli("smart", example / "plan.yaml", example / "actuals.yaml", "--format", "json")
    assert result.code == 0, result.err
    assert result.err == ""
    shown = json.loads(result.out)["objectives"]
    assert shown == json.loads(cli("smart", example / "plan.yaml", "-f", "json").out)["objectives"]


def test_the_count_of_one_objective_is_singular(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    one = """\
version: 1
plan:
  name: One objective
  period: {start: 2027-01-01, end: 2027-12-31}
objectives:
  - {id: O1, category: business, title: Grow the shop's revenue, deadline: 2027-12-31}
"""
    out = cli("smart", write(one)).out
    assert out.rstrip().endswith("of 1 objective is SMART")
