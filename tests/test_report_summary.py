"""The report's executive summary: its figures are the ones `opmkt status --format json` gives
for the same plan and date, its traffic lights follow each objective's status and outlook, its
risks are the largest the figures show, and it is the first section after the cover."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from babel.numbers import format_currency, format_percent

from opmkt.report import build as core
from opmkt.report.view import Summary
from tests.conftest import Result
from tests.report_support import AS_OF, PLANS, parse_html, render

Cli = Callable[..., Result]
LOCALES = {"fournil-dupont": "fr_FR", "northwind-studio": "en_US"}


def status_json(cli: Cli, name: str) -> dict[str, object]:
    result = cli("status", PLANS[name], "--as-of", AS_OF, "--format", "json")
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def summary_of(name: str, plan: Path | None = None) -> Summary:
    path = plan or PLANS[name]
    inputs = core.load_inputs(path, None)
    return core.build_view(inputs, as_of=dt.date.fromisoformat(AS_OF)).summary


def money(text: str, currency: str, locale: str) -> str:
    return format_currency(Decimal(text), currency, locale=locale)


def whole_percent(text: str, locale: str) -> str:
    return format_percent(Decimal(text), locale=locale)


@pytest.mark.parametrize("name", PLANS)
def test_the_money_to_date_is_what_status_says(cli: Cli, name: str) -> None:
    data = status_json(cli, name)
    spend = data["spend"]
    assert isinstance(spend, dict)
    currency, locale = str(data["currency"]), LOCALES[name]
    shown = {f.key: f.value for f in summary_of(name).spend}
    for key in ("actual", "planned_to_date", "landing", "available"):
        assert shown[key] == money(spend[key], currency, locale), key
    variance = Decimal(spend["landing_variance"])
    expected = money(spend["landing_variance"], currency, locale)
    assert shown["landing_variance"] == (f"+{expected}" if variance > 0 else expected)
    # The budget's total is what status plans for the whole period.
    total = next(f for f in summary_of(name).budget if f.key == "total")
    assert total.value == money(spend["planned"], currency, locale)


@pytest.mark.parametrize("name", PLANS)
def test_each_objective_is_a_light_that_follows_its_status_and_outlook(cli: Cli, name: str) -> None:
    data = status_json(cli, name)
    objectives = data["objectives"]
    assert isinstance(objectives, dict)
    summary = summary_of(name)
    assert [o.id for o in summary.objectives] == list(objectives)
    lights = set()
    for row in summary.objectives:
        figures = objectives[row.id]
        assert row.progress == whole_percent(figures["progress"], LOCALES[name])
        assert row.expected == whole_percent(figures["expected"], LOCALES[name])
        ahead = figures["status"] in ("on_track", "achieved")
        heading = figures["outlook"] in ("on_course", "achieved")
        light = "green" if ahead and heading else "red" if not ahead and not heading else "amber"
        assert row.light == light, row.id
        lights.add(row.light)
    # The examples show the reader both kinds of news.
    assert {"green", "red"} <= lights


def largest_risks(data: dict[str, object], plan: Path) -> list[str]:
    """The ids of the three largest risks, from status's JSON: how much of its target an
    objective's trend misses, how much a line lands over its plan, as a share."""
    found: list[tuple[Fraction, str]] = []
    for key, o in data["objectives"].items():  # type: ignore[attr-defined]
        if o["outlook"] == "off_course":
            found.append((1 - Fraction(o["projected_progress"]), key))
    for key, line in data["spend"]["by_line"].items():  # type: ignore[index]
        over = Decimal(line["landing_variance"])
        if over > 0:
            found.append((Fraction(over) / Fraction(Decimal(line["planned"])), key))
    late = [key for key, a in data["actions"].items() if a["late"]]  # type: ignore[attr-defined]
    assert late == [], "the examples have no late action: this check reads objectives and lines"
    return [key for _, key in sorted(found, key=lambda item: -item[0])[:3]]


@pytest.mark.parametrize("name", PLANS)
def test_the_risks_are_the_three_largest_the_figures_show(cli: Cli, name: str) -> None:
    data = status_json(cli, name)
    expected = largest_risks(data, PLANS[name])
    risks = summary_of(name).risks
    assert len(risks) == 3
    text = PLANS[name].read_text(encoding="utf-8")
    for key, risk in zip(expected, risks, strict=True):
        if risk.kind == "line":
            label = re.search(rf"- id: {re.escape(key)}\n\s+(?:action: \S+\n\s+)?label: (.+)", text)
            assert label is not None and risk.text.startswith(label[1].strip()), risk.text
        else:
            assert risk.kind == "objective" and risk.text.startswith(f"{key} "), risk.text


def test_a_late_action_is_a_risk(tmp_path: Path) -> None:
    shutil.copytree(PLANS["northwind-studio"].parent, tmp_path, dirs_exist_ok=True)
    plan = tmp_path / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    # A11 was to end in March: still in progress in September, it is late by twice its length.
    start = text.index("  - id: A11\n")
    status = text.index("status: done", start)
    plan.write_text(text[:status] + "status: in_progress" + text[status + 12 :], encoding="utf-8")
    risks = summary_of("northwind-studio", plan).risks
    assert [r.kind for r in risks].count("action") == 1
    late = next(r for r in risks if r.kind == "action")
    assert late.text.startswith("Action A11 ") and late.text.endswith("is still in progress.")


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_summary_comes_first_after_the_cover(tmp_path: Path, fmt: str) -> None:
    text = render(PLANS["fournil-dupont"], tmp_path / f"r.{fmt}")
    if fmt == "html":
        sections = re.findall(r'<section class="chapter" id="([\w-]+)"', text)
    else:
        sections = re.findall(r"^## (.+)$", text, re.M)[1:]
    assert sections[0] in ("summary", "Synthèse")
    assert "Les principaux risques" in text and "Encore disponible sous le plafond" in text


def test_without_actuals_the_summary_has_the_budget_only(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(PLANS["fournil-dupont"], plan)
    summary = summary_of("fournil-dupont", plan)
    assert [f.key for f in summary.budget][:3] == ["total", "cap", "remaining"]
    assert summary.spend == [] and summary.objectives == [] and summary.risks == []
    text = render(plan, tmp_path / "r.html")
    assert "Synthèse" in text and "Les principaux risques" not in text


@pytest.mark.parametrize("name", PLANS)
def test_each_budget_line_shows_its_plan_and_results_in_one_table(
    cli: Cli, name: str, tmp_path: Path
) -> None:
    # The printed report showed the lines twice, as planned in the budget and as spent in the
    # results: one table now holds both, with what status says of each line.
    data = status_json(cli, name)
    currency, locale = str(data["currency"]), LOCALES[name]
    page = parse_html(render(PLANS[name], tmp_path / "plan.html", "--as-of", AS_OF))
    tables = [node for node in page.iter("table") if "lines" in str(node.attrs.get("class", ""))]
    assert len(tables) == 1
    header = [cell.text().strip() for cell in next(tables[0].iter("thead")).iter("th")]
    rows = {
        cells[0].split(" · ")[0]: dict(zip(header, cells, strict=True))
        for row in next(tables[0].iter("tbody")).iter("tr")
        for cells in [[cell.text().strip() for cell in row.iter("th", "td")]]
    }
    words = {
        "fournil-dupont": ("Engagé", "Réel", "Atterrissage"),
        "northwind-studio": ("Committed", "Actual", "Landing"),
    }[name]
    by_line = data["spend"]["by_line"]  # type: ignore[index]
    assert set(rows) == set(by_line)
    for key, line in by_line.items():
        for word, field in zip(words, ("committed", "actual", "landing"), strict=True):
            shown = rows[key][word].replace("\u202f", " ").replace("\xa0", " ")
            expected = (
                money(line[field], currency, locale).replace("\u202f", " ").replace("\xa0", " ")
            )
            assert shown == expected, (key, field)
    # The results section leaves out its own table of lines.
    results = next(node for node in page.iter("section") if node.attrs.get("id") == "results")
    assert not [
        node
        for node in results.iter("table")
        if "landing" in node.text().lower() and "B1" in node.text()
    ]
