"""The bundled examples are complete plans that validate clean, with their actuals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opmkt.plan.loader import load_plan
from tests.conftest import EXAMPLES, run_installed

PLANS = sorted(EXAMPLES.glob("*/plan.yaml"))


def test_there_is_a_french_and_an_english_example() -> None:
    locales = set()
    for path in PLANS:
        loaded = load_plan(path)
        assert loaded.plan is not None
        locales.add((loaded.plan.plan.locale, loaded.plan.plan.currency))
    assert {("fr_FR", "EUR"), ("en_US", "USD")} <= locales


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.parent.name)
def test_example_and_its_actuals_validate_clean_under_strict(plan: Path) -> None:
    result = run_installed(
        "validate", "--strict", "-f", "json", plan, plan.with_name("actuals.yaml")
    )
    assert result.code == 0, result.out
    assert json.loads(result.out)["summary"] == {"files": 2, "error": 0, "warning": 0, "info": 0}


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.parent.name)
def test_examples_use_every_budget_form(plan: Path) -> None:
    loaded = load_plan(plan)
    assert loaded.plan is not None and loaded.plan.budget is not None
    lines = loaded.plan.budget.lines
    currency = loaded.plan.plan.currency
    assert any(line.recurring is not None for line in lines)
    assert any(line.quantity is not None for line in lines)
    assert any(line.currency not in (None, currency) for line in lines)
    assert any(line.quote is not None for line in lines)
    assert any(o.objectives for o in loaded.plan.objectives)
