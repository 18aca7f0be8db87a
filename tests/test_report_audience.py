"""`opmkt report --audience`: a client's report says what the plan is, never how it was
checked; the plan's `report:` section picks the audience and the sections, in its order."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from opmkt.lint.rules import RULES
from tests.conftest import Result
from tests.report_support import AS_OF, PLANS, render

Cli = Callable[..., Result]
FORMATS = ("html", "md")


def plan_with_findings(tmp_path: Path) -> Path:
    """The French example without its review (a note) and with a sub-objective due after the
    plan ends (an error, and a SMART letter not met)."""
    lines = PLANS["fournil-dupont"].read_text(encoding="utf-8").split("\n")
    start = lines.index("review:")
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"[a-z]", lines[i]))
    text = "\n".join(lines[:start] + lines[end:])
    text = text.replace("deadline: 2027-10-31", "deadline: 2030-10-31", 1)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def with_report_settings(tmp_path: Path, settings: str, *, actuals: bool = False) -> Path:
    """The French example with a `report:` section (and its actuals beside it)."""
    plan = tmp_path / "plan.yaml"
    source = PLANS["fournil-dupont"]
    if actuals:
        shutil.copy(source.with_name("actuals.yaml"), tmp_path / "actuals.yaml")
    text = source.read_text(encoding="utf-8")
    plan.write_text(f"{text.rstrip()}\nreport:\n{settings}", encoding="utf-8")
    return plan


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_client_report_shows_no_finding_rule_id_or_hint(tmp_path: Path, fmt: str) -> None:
    plan = plan_with_findings(tmp_path)
    team = render(plan, tmp_path / f"team.{fmt}", "--audience", "team")
    client = render(plan, tmp_path / f"client.{fmt}", "--audience", "client")
    hint = "fixez-la dans 2027-01-01..2027-12-31"  # the French plan's findings, in French
    # The team's report has what the client's must not: the counts, the rule ids, the hints.
    assert "Validation" in team and "review-missing" in team and hint in team
    assert "Validation" not in client and "Annexe" not in client and "SMART" not in client
    assert [rule for rule in RULES if re.search(rf"\b{re.escape(rule)}\b", client)] == []
    assert hint not in client
    # Nothing of the plan itself is lost.
    assert "Passer le panier moyen de 7,80 € à 8,50 €" in client
    assert "Budget" in client


def test_the_plan_chooses_the_audience_and_the_option_overrides_it(tmp_path: Path) -> None:
    plan = with_report_settings(tmp_path, "  audience: client\n")
    assert "Validation" not in render(plan, tmp_path / "default.html")
    assert "Validation" in render(plan, tmp_path / "team.html", "--audience", "team")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_plan_chooses_the_sections_and_their_order(tmp_path: Path, fmt: str) -> None:
    plan = with_report_settings(
        tmp_path, "  sections: [budget, objectives, results]\n", actuals=True
    )
    text = render(plan, tmp_path / f"r.{fmt}")
    if fmt == "html":
        found = re.findall(r'<section class="chapter" id="([\w-]+)"', text)
    else:
        titles = {"Budget": "budget", "Objectifs": "objectives", "Analyse des résultats": "results"}
        found = [titles.get(h, h) for h in re.findall(r"^## (.+)$", text, re.M)][1:]
    assert found == ["budget", "objectives", "results"]
    assert "Audit" not in text and "SWOT" not in text


def test_results_are_left_out_without_actuals_even_when_chosen(tmp_path: Path) -> None:
    plan = with_report_settings(tmp_path, "  sections: [results, budget]\n")
    text = render(plan, tmp_path / "r.html")
    assert re.findall(r'<section class="chapter" id="([\w-]+)"', text) == ["budget"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("  sections: [budget, budget]\n", "budget is named twice"),
        # The French example's findings are told in French.
        ("  sections: [budgets]\n", "`report.sections[0]` : 'budgets' ne fait pas partie de"),
        ("  audience: bank\n", "`report.audience`"),
    ],
)
def test_bad_report_settings_are_located(
    cli: Cli, tmp_path: Path, settings: str, message: str
) -> None:
    plan = with_report_settings(tmp_path, settings)
    line = plan.read_text(encoding="utf-8").count("\n")
    result = cli("validate", plan)
    assert result.code == 1
    assert f"{plan}:{line}:" in result.out and message in result.out
    report = cli("report", plan, "--as-of", AS_OF)
    assert report.code == 1 and "Traceback" not in report.err
    assert not (tmp_path / "plan.html").exists()
