"""`opmkt init --from`: next period's plan from last period's plan and what it recorded."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opmkt.findings import Severity
from opmkt.io.yamlio import parse
from opmkt.io.yamlwrite import scalar
from opmkt.lint.engine import validate
from opmkt.plan.loader import load_plan
from opmkt.plan.model import Objective, Plan
from opmkt.rollover.build import advance_name, next_period, roll_over
from tests.conftest import EXAMPLES, SCHEMAS, Result, run_installed

# A plan over a leap year, in two currencies, with a cancelled action, a line with no spend
# record, and records on the last day and after it.
BAKERY = """\
# yaml-language-server: $schema=https://example.org/plan.schema.json
version: 1
plan:
  name: Bakery plan
  period: {start: 2028-01-01, end: 2028-12-31}
  currency: EUR
  locale: en_US
  exchange_rates: {USD: 0.92}
team:
  - {id: ann, name: Ann}
kpis:
  - {id: sales, name: Sales, kind: financial, unit: EUR}
  - {id: visits, name: Visits, kind: performance}
objectives:
  - id: O1
    category: business
    title: Grow yearly shop sales
    kpi: sales
    baseline: 100
    target: 200
    deadline: 2028-02-29
  - id: O2
    category: communication
    title: Bring more visitors in
    kpi: visits
    baseline: 50
    target: 80
    deadline: 2028-12-31
actions:
  - {id: A1, objective: O1, what: Leaflets, start: 2028-02-01, end: 2028-02-29, status: done}
  - {id: A2, objective: O2, what: Radio spots, start: 2028-03-01, end: 2028-06-30,
     status: cancelled}
  - {id: A3, objective: O2, what: Open day, start: 2028-05-01, end: 2028-05-31,
     status: in_progress}
budget:
  previous_total: 999
  lines:
    - id: B1
      action: A1
      label: Print
      amount: 300
      date: 2028-02-29
      quote: {ref: Q-1, status: accepted, amount: 300}
    - {id: B2, action: A2, label: Radio, amount: 500, date: 2028-03}
    - {id: B3, action: A3, label: Tent, amount: 40,
       recurring: {every: month, from: 2028-05, to: 2028-07}}
    - {id: B4, action: A1, label: Tool, amount: 10, currency: USD,
       recurring: {every: month, from: 2028-01, to: 2028-12}}
    - {id: B5, action: A1, label: Font, amount: 100, currency: USD, date: 2028-02}
"""

BAKERY_ACTUALS = """\
version: 1
plan: plan.yaml
kpis:
  - {kpi: sales, date: 2028-06-30, value: 150}
  - {kpi: sales, date: 2028-12-31, value: 210}
  - {kpi: sales, date: 2029-01-15, value: 999}
spend:
  - {line: B1, date: 2028-02-10, amount: 280.50}
  - {line: B1, date: 2029-01-03, amount: 5000}
  - {line: B2, date: 2028-02-15, amount: 120}
  - {line: B4, date: 2028-01-05, amount: 25, currency: USD}
  - {line: B4, date: 2028-02-05, amount: 9.20}
  - {line: B5, date: 2028-02-07, amount: 10}
"""


def _roll(cli: Callable[..., Result], source: Path, folder: Path, *args: str) -> Plan:
    result = cli("init", "--from", source, folder, *args)
    assert result.code == 0, result.err
    loaded = load_plan(folder / "plan.yaml")
    assert loaded.findings == []
    assert loaded.plan is not None
    return loaded.plan


def _objectives(plan: Plan) -> dict[str, Objective]:
    found: dict[str, Objective] = {}
    todo = list(plan.objectives)
    while todo:
        objective = todo.pop()
        found[objective.id] = objective
        todo.extend(objective.objectives)
    return found


def _lines(plan: Plan) -> dict[str, Decimal | None]:
    assert plan.budget is not None
    return {line.id: line.previous for line in plan.budget.lines}


@pytest.fixture
def bakery(write: Callable[..., Path]) -> Path:
    write(BAKERY_ACTUALS, "2028/actuals.yaml")
    return write(BAKERY, "2028/plan.yaml")


@pytest.mark.parametrize("example", ["fournil-dupont", "northwind-studio"])
@pytest.mark.usefixtures("english")
def test_next_plan_of_each_example_validates_with_no_errors(
    cli: Callable[..., Result], tmp_path: Path, example: str
) -> None:
    source = EXAMPLES / example / "plan.yaml"
    result = cli("init", "--from", source, "--actuals", source.with_name("actuals.yaml"), tmp_path)
    assert result.code == 0, result.err
    assert "0 errors" in result.out
    report = validate([tmp_path / "plan.yaml"])
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []
    # The only warnings are the quotes to ask again for the new year.
    assert {f.rule for f in report.findings} <= {"quote-missing"}
    plan = load_plan(tmp_path / "plan.yaml").plan
    assert plan is not None
    assert (plan.plan.period.start, plan.plan.period.end) == (
        dt.date(2028, 1, 1),
        dt.date(2028, 12, 31),
    )
    assert "2028" in plan.plan.name and "2027" not in plan.plan.name
    # The editor modeline still points at the schema the old plan used.
    first = (tmp_path / "plan.yaml").read_text(encoding="utf-8").splitlines()[0]
    schema = first.removeprefix("# yaml-language-server: $schema=")
    assert (tmp_path / schema).resolve() == SCHEMAS / "plan.schema.json"


def test_baselines_are_the_last_values_measured_by_the_period_end(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = _roll(cli, EXAMPLES / "fournil-dupont" / "plan.yaml", tmp_path)
    objectives = _objectives(plan)
    # ca: measured last on 2027-11-30 (337800); panier = ca / tickets = 337800 / 40380, as
    # status prints it; porteurs_carte: last measured on 2027-09-30.
    assert objectives["O1"].baseline == Decimal(337800)
    assert objectives["O1.1"].baseline == Decimal("8.37")
    assert objectives["O4"].baseline == Decimal(912)
    assert objectives["O2.1"].baseline == Decimal(14300)
    # Targets stay for the team to set; deadlines move a year.
    assert objectives["O1"].target == Decimal(340000)
    assert objectives["O1.1"].deadline == dt.date(2028, 10, 31)
    assert objectives["O1.1.1"].deadline == dt.date(2028, 9, 30)


def test_review_is_prefilled_with_the_figures_as_evidence(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = _roll(cli, EXAMPLES / "northwind-studio" / "plan.yaml", tmp_path)
    assert plan.review is not None
    assert plan.review.period is not None
    assert plan.review.period.start == dt.date(2027, 1, 1)
    keep = {p.practice: p.evidence for p in plan.review.keep}
    # 98 accounts against 95, from a baseline of 35: (98 - 35) / (95 - 35) = 105 %; its lines
    # spent 2 % over plan, within the 10 % allowed.
    assert keep["Exhibit at NY NOW in August (A2)"] == (
        "it moved its objective: A2 done, spent $9,380.00 of $9,200.00 planned to 2027-12-31; "
        "O1.2 achieved: wholesale_accounts 98 against target 95, progress 105%"
    )
    # Behind, but on course: an action whose objective is on course is kept, never dropped.
    assert (keep["Retain a PR studio for gift guides and design podcasts (A7)"] or "").endswith(
        "O2.2 behind: press_mentions 11 against target 12, progress 92%, projected 12.02: on course"
    )
    assert plan.review.drop == []
    adjust = {p.practice: p.change for p in plan.review.adjust}
    assert adjust["Run a conversion optimization sprint on product pages (A8)"] == (
        "ran, objective not on course: A8 done, spent $5,500.00 of $5,500.00 planned to "
        "2027-12-31; O3 behind: conversion 2.11 against target 2.2, progress 85%, projected "
        "2.16: off course"
    )
    # Each of last year's actions is reviewed once.
    reviewed = [*keep, *adjust]
    assert len(reviewed) == len(set(reviewed)) == len(plan.actions) == 12


def test_french_plan_gets_its_review_in_french(cli: Callable[..., Result], tmp_path: Path) -> None:
    plan = _roll(cli, EXAMPLES / "fournil-dupont" / "plan.yaml", tmp_path)
    assert plan.review is not None
    keep = {p.practice: p.evidence or "" for p in plan.review.keep}
    evidence = keep["Éditer un catalogue des gâteaux de fête commandables en ligne (A5)"]
    assert evidence.startswith(
        "elle a fait avancer son objectif : A5 terminée, 530,00\xa0€ dépensés sur 550,00\xa0€ "
        "prévus au 2027-12-31 ; O1.1.1 atteint : gateaux 72 pour une cible de 70"
    )
    assert (plan.review.adjust[0].change or "").startswith(
        "menée, objectif hors trajectoire : A4 en cours"
    )


def test_budget_previous_is_last_years_spend_in_the_lines_currency(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = _roll(cli, EXAMPLES / "fournil-dupont" / "plan.yaml", tmp_path)
    previous = _lines(plan)
    assert previous["B2"] == Decimal("1433.50")  # eight Meta invoices
    assert previous["B3"] == Decimal(200)  # eight invoices of 25 USD, in USD like the line
    assert previous["B9"] == Decimal(650)
    assert plan.budget is not None
    # The sum of the lines' previous, B3's 200 USD at 0.92 counting 184 EUR.
    assert plan.budget.previous_total == Decimal("22349.60")
    assert all(line.quote is None for line in plan.budget.lines)
    assert plan.budget.lines[0].vendor == "Studio Lumière"


def test_rollover_of_a_leap_year_with_a_cancelled_action(
    cli: Callable[..., Result], bakery: Path, tmp_path: Path
) -> None:
    plan = _roll(cli, bakery, tmp_path / "2029")
    assert plan.plan.name == "Bakery plan 2029"
    assert (plan.plan.period.start, plan.plan.period.end) == (
        dt.date(2029, 1, 1),
        dt.date(2029, 12, 31),
    )
    objectives = _objectives(plan)
    # 210 was measured on the last day; 999 in January 2029 is next period's.
    assert objectives["O1"].baseline == Decimal(210)
    assert objectives["O2"].baseline == Decimal(50)  # never measured: kept
    assert objectives["O1"].deadline == dt.date(2029, 2, 28)  # 29 February: the 28th
    actions = {a.id: a for a in plan.actions}
    assert sorted(actions) == ["A1", "A3"]  # A2 was cancelled
    assert (actions["A1"].start, actions["A1"].end) == (dt.date(2029, 2, 1), dt.date(2029, 2, 28))
    assert {a.status for a in plan.actions} == {"planned"}
    assert plan.budget is not None
    lines = {line.id: line for line in plan.budget.lines}
    assert sorted(lines) == ["B1", "B3", "B4", "B5"]  # B2 paid for A2
    assert lines["B1"].date == "2029-02-28"
    assert lines["B5"].date == "2029-02"
    recurring = lines["B3"].recurring
    assert recurring is not None
    assert (recurring.from_, recurring.to) == ("2029-05", "2029-07")
    assert _lines(plan) == {
        "B1": Decimal("280.50"),  # the invoice of 2029 is not last year's
        "B3": Decimal(120),  # no record: its planned total, 3 × 40
        "B4": Decimal(35),  # 25 USD, and 9.20 EUR is exactly 10 USD at 0.92
        "B5": Decimal("10.87"),  # 10 EUR is 10.869… USD: rounded once to cents
    }
    # In EUR: 280.50 + 120 + (23 + 9.20) + 10, and the 120 spent on the cancelled line.
    assert plan.budget.previous_total == Decimal("562.70")
    assert plan.review is not None
    # A1's lines: B1 280.50 against 300, B4 23 + 9.20 against 12 × 9.20, B5 10 against 92.
    assert [(p.practice, p.evidence) for p in plan.review.keep] == [
        (
            "Leaflets (A1)",
            "it moved its objective: A1 done, spent €322.70 of €502.40 planned to 2028-12-31; "
            "O1 achieved: sales 210 against target 200, progress 110%",
        )
    ]
    assert [(p.practice, p.evidence) for p in plan.review.drop] == [
        ("Radio spots (A2)", "A2 cancelled")
    ]
    assert [p.change for p in plan.review.adjust] == [
        "no figures to judge it: A3 in progress, spent €0.00 of €120.00 planned to 2028-12-31; "
        "O2: no figures (no value of visits by 2028-12-31)"
    ]
    assert not validate([tmp_path / "2029" / "plan.yaml"]).fails()
    text = (tmp_path / "2029" / "plan.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=https://example.org/plan.schema.json")
    assert "# Budget: previous = spent on each line by 2028-12-31" in text


def test_without_actuals_every_line_counts_its_planned_total(
    cli: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    source = write(BAKERY, "alone/plan.yaml")
    result = cli("init", "--from", source, tmp_path / "next")
    assert result.code == 0, result.err
    assert "(no actuals)" in result.out
    plan = load_plan(tmp_path / "next" / "plan.yaml").plan
    assert plan is not None
    assert _lines(plan) == {
        "B1": Decimal(300),
        "B3": Decimal(120),
        "B4": Decimal(120),
        "B5": Decimal(100),
    }
    assert plan.budget is not None
    assert plan.budget.previous_total == Decimal("622.40")  # 300 + 120 + 220 USD at 0.92
    assert _objectives(plan)["O1"].baseline == Decimal(100)


def test_never_overwrites_without_force(
    cli: Callable[..., Result], bakery: Path, tmp_path: Path
) -> None:
    target = tmp_path / "next" / "plan.yaml"
    target.parent.mkdir()
    target.write_text("mine\n", encoding="utf-8")
    result = cli("init", "--from", bakery, target.parent)
    assert result.code == 2
    assert "already exists: use --force" in result.err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert cli("init", "--from", bakery, target.parent, "--force").code == 0
    assert load_plan(target).plan is not None


def test_never_replaces_the_plan_it_starts_from(cli: Callable[..., Result], bakery: Path) -> None:
    result = cli("init", "--from", bakery, bakery.parent, "--force")
    assert result.code == 2
    assert "is the plan to start from" in result.err
    assert bakery.read_text(encoding="utf-8") == BAKERY


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--actuals", "actuals.yaml"], 2, "goes with --from"),
        (["--from", "{bakery}", "--locale", "fr_FR"], 2, "--locale cannot go with --from"),
        (["--from", "{actuals}"], 1, "is an actuals file, not a plan: give the plan it tracks"),
        (["--from", "{bakery}", "--actuals", "{bakery}"], 1, "cannot be read as an actuals file"),
    ],
)
def test_wrong_combinations_are_refused(
    cli: Callable[..., Result],
    bakery: Path,
    tmp_path: Path,
    args: list[str],
    code: int,
    message: str,
) -> None:
    paths = {"bakery": str(bakery), "actuals": str(bakery.with_name("actuals.yaml"))}
    result = cli("init", *[a.format(**paths) for a in args], tmp_path / "next")
    assert result.code == code
    assert message in result.err
    assert not (tmp_path / "next" / "plan.yaml").exists()


def test_an_empty_budget_is_carried_with_its_previous_total(
    cli: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    # Found by fuzzing: `budget: {}` (no lines written) stopped with an internal error.
    source = write(
        "version: 1\nplan:\n  name: Bakery 2026\n  period: {start: 2026-01-01, end: 2026-12-31}\n"
        "budget: {}\n",
        "empty/plan.yaml",
    )
    result = cli("init", "--from", source, tmp_path / "next")
    assert result.code == 0, result.err
    plan = load_plan(tmp_path / "next" / "plan.yaml").plan
    assert plan is not None and plan.budget is not None
    assert plan.plan.name == "Bakery 2027" and plan.budget.lines == []
    assert plan.budget.previous_total == Decimal(0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("start: 2028-01-01, end: 2028-12-31}", "start: 9999-01-01, end: 9999-12-31}"),
            "the plan ends on 9999-12-31, the last day a date can be: there is no next period",
        ),
        (
            ("start: 2028-01-01, end: 2028-12-31}", "start: 9995-01-01, end: 9999-06-30}"),
            "the next period, as long as 9995-01-01..9999-06-30, would end after 9999-12-31",
        ),
        (
            ("deadline: 2028-12-31", "deadline: 9999-06-30"),
            "9999-06-30 cannot move to the next period: it would fall after 9999-12-31",
        ),
    ],
)
def test_a_date_that_cannot_move_a_period_later_is_refused(
    cli: Callable[..., Result],
    write: Callable[..., Path],
    tmp_path: Path,
    change: tuple[str, str],
    message: str,
) -> None:
    # Found by fuzzing: these crashed with an internal error (a date past 9999-12-31).
    assert change[0] in BAKERY
    source = write(BAKERY.replace(*change), "last/plan.yaml")
    result = cli("init", "--from", source, tmp_path / "next")
    assert result.code == 1
    assert result.err == f"error: {source}: {message}" + result.err.split(message, 1)[1]
    assert result.err.count("\n") == 1
    assert not (tmp_path / "next" / "plan.yaml").exists()


def test_figures_beyond_what_a_plan_holds_are_refused_not_written(
    cli: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    # Found by fuzzing: last period's spend (here three months of a huge line, with no record)
    # became a `previous` beyond 10^15, and the next plan failed its own check: exit 3.
    source = write(BAKERY.replace("label: Tent, amount: 40,", "label: Tent, amount: 9e14,"))
    result = cli("init", "--from", source, tmp_path / "next")
    assert result.code == 1
    assert result.err == (
        f"error: {source}: next period's plan cannot hold budget.previous_total = "
        "2700000000000502.40: an amount must lie between 10^-15 and 10^15 (last period's "
        "figures are out of scale: correct them)\n"
    )
    assert not (tmp_path / "next" / "plan.yaml").exists()


def test_name_given_replaces_the_advanced_one(
    cli: Callable[..., Result], bakery: Path, tmp_path: Path
) -> None:
    plan = _roll(cli, bakery, tmp_path, "--name", "Bakery — the big year")
    assert plan.plan.name == "Bakery — the big year"


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (("2027-01-01", "2027-12-31"), ("2028-01-01", "2028-12-31")),
        (("2027-07-01", "2028-06-30"), ("2028-07-01", "2029-06-30")),
        (("2027-01-01", "2027-06-30"), ("2027-07-01", "2027-12-31")),
        (("2028-03-01", "2029-02-28"), ("2029-03-01", "2030-02-28")),
        (("2027-01-10", "2027-03-20"), ("2027-03-21", "2027-05-29")),  # 70 days
    ],
)
def test_next_period_has_the_same_length(
    period: tuple[str, str], following: tuple[str, str]
) -> None:
    start, end = (dt.date.fromisoformat(day) for day in period)
    assert tuple(day.isoformat() for day in next_period(start, end)) == following


@pytest.mark.parametrize(
    ("name", "period", "advanced"),
    [
        ("Plan 2027", ("2027-01-01", "2027-12-31"), "Plan 2028"),
        ("Plan 2027–2028", ("2027-07-01", "2028-06-30"), "Plan 2028–2029"),
        ("Plan since 2019, for 2027", ("2027-01-01", "2027-12-31"), "Plan since 2019, for 2028"),
        ("Shop plan", ("2027-07-01", "2028-06-30"), "Shop plan 2028–2029"),
    ],
)
def test_plan_name_has_the_year_advanced(name: str, period: tuple[str, str], advanced: str) -> None:
    start, end = (dt.date.fromisoformat(day) for day in period)
    assert advance_name(name, (start, end), next_period(start, end)) == advanced


def test_installed_command_writes_next_years_plan(tmp_path: Path) -> None:
    source = EXAMPLES / "northwind-studio" / "plan.yaml"
    result = run_installed("init", "--from", source, "2028", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "0 errors" in result.out
    assert validate([tmp_path / "2028" / "plan.yaml"]).fails() is False


# Control characters are refused by the loader: no plan read from a file holds one.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_YAML_SIGNS = " -?:,[]{}#&*!|>'\"%@`\n\t\\~.0123456789eEyYnN+_aZ\xa0\u2028\u2029\ufeff"
TEXT = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.text(st.sampled_from(list(_YAML_SIGNS)), max_size=12),
).map(lambda text: _CONTROL.sub("", text))


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.lists(TEXT, max_size=3))
def test_any_text_is_carried_over_unchanged(name: str, how: str, steps: list[str]) -> None:
    text = f"""\
version: 1
plan:
  name: {scalar(name, flow=False)}
  period: {{start: 2027-01-01, end: 2027-12-31}}
team:
  - {{id: x, name: {scalar(name, flow=True)}, role: {scalar(how, flow=True)}}}
audit:
  market: {scalar(how, flow=False)}
  pricing: {scalar(name, flow=False)}
objectives:
  - {{id: O1, category: business, title: {scalar(name, flow=True)}}}
actions:
  - id: A1
    objective: O1
    what: {scalar(name, flow=False)}
    how: {scalar(how, flow=False)}
    steps: [{", ".join(scalar(step, flow=True) for step in steps)}]
"""
    plan = Plan.model_validate(parse(text.encode("utf-8")).data)
    doc = parse(roll_over(plan, text, None).encode("utf-8"))
    assert doc.problems == []
    back = Plan.model_validate(doc.data)
    assert (back.team[0].name, back.team[0].role) == (name, how)
    assert (back.actions[0].what, back.actions[0].how, back.actions[0].steps) == (name, how, steps)
    assert back.audit is not None
    assert (back.audit.market, back.audit.pricing) == (how, name)
