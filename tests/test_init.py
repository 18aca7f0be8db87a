"""`opmkt init`: a skeleton of every section, in the plan's language, that validates."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from opmkt.lint.schema import render
from opmkt.plan.loader import load_plan
from tests.conftest import Result

SECTIONS = [
    "version",
    "plan",
    "team",
    "audit",
    "review",
    "mix",
    "five_c",
    "kpis",
    "objectives",
    "actions",
    "budget",
    "lint",
]


@pytest.mark.parametrize(
    ("locale", "currency", "phrase"),
    [
        ("fr_FR", "EUR", "Plan marketing opérationnel"),
        ("en_US", "USD", "Operational marketing plan"),
        ("en_GB", "GBP", "Operational marketing plan"),
        ("fr_CA", "CAD", "Plan marketing opérationnel"),
    ],
)
def test_init_writes_a_plan_that_validates_clean(
    cli: Callable[..., Result], tmp_path: Path, locale: str, currency: str, phrase: str
) -> None:
    result = cli("init", tmp_path / "p", "--no-input", "--locale", locale, "--start", "2027-01-01")
    assert result.code == 0, result.err
    plan_path = tmp_path / "p" / "plan.yaml"
    text = plan_path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=.opmkt/plan.schema.json"
    assert (tmp_path / "p" / ".opmkt" / "plan.schema.json").read_text() == render("plan")
    loaded = load_plan(plan_path)
    assert loaded.findings == []
    assert loaded.plan is not None
    assert loaded.plan.plan.name == f"{phrase} 2027"
    assert loaded.plan.plan.currency == currency
    assert loaded.plan.plan.locale == locale
    assert (loaded.plan.plan.period.start.isoformat(), loaded.plan.plan.period.end.isoformat()) == (
        "2027-01-01",
        "2027-12-31",
    )
    check = cli("validate", plan_path, "-f", "json")
    assert check.code == 0
    assert json.loads(check.out)["summary"]["error"] == 0


def test_every_section_is_present_with_a_comment_before_it(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert cli("init", tmp_path, "--no-input", "--locale", "en_US").code == 0
    lines = (tmp_path / "plan.yaml").read_text(encoding="utf-8").splitlines()
    tops = [i for i, line in enumerate(lines) if line and line[0].isalpha()]
    assert [lines[i].split(":")[0] for i in tops] == SECTIONS
    assert all(lines[i - 1].startswith("#") for i in tops)


def test_mid_year_start_runs_one_year_and_stays_in_period(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    assert (
        cli("init", tmp_path, "--no-input", "--locale", "fr_FR", "--start", "2028-02-29").code == 0
    )
    loaded = load_plan(tmp_path / "plan.yaml")
    assert loaded.findings == []
    assert loaded.plan is not None
    assert loaded.plan.plan.period.end.isoformat() == "2029-02-28"
    assert loaded.plan.plan.name == "Plan marketing opérationnel 2028–2029"


def test_user_text_is_quoted_safely(cli: Callable[..., Result], tmp_path: Path) -> None:
    name = 'Plan 2027: "test" # d\'été | > & * ! %'
    result = cli("init", tmp_path, "--no-input", "--name", name, "--organization", "- [x]: {y}")
    assert result.code == 0
    loaded = load_plan(tmp_path / "plan.yaml")
    assert loaded.plan is not None
    assert (loaded.plan.plan.name, loaded.plan.plan.organization) == (name, "- [x]: {y}")


def test_never_overwrites_without_force(cli: Callable[..., Result], tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("my precious plan\n", encoding="utf-8")
    result = cli("init", tmp_path, "--no-input")
    assert result.code == 2
    assert result.err == f"error: {plan} already exists: use --force to replace it\n"
    assert plan.read_text(encoding="utf-8") == "my precious plan\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]
    assert cli("init", tmp_path, "--no-input", "--force").code == 0
    assert plan.read_text(encoding="utf-8").startswith("# yaml-language-server")


@pytest.mark.parametrize(
    ("actuals", "modeline"),
    [
        ("actuals.yaml", ".opmkt/actuals.schema.json"),
        ("results/2027.yaml", "../.opmkt/actuals.schema.json"),
    ],
)
def test_the_actuals_file_track_creates_points_at_the_schema_init_wrote(
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    actuals: str,
    modeline: str,
) -> None:
    result = cli("init", tmp_path, "--no-input", "--locale", "en_US", "--start", "2027-01-01")
    assert f"wrote {tmp_path / '.opmkt' / 'actuals.schema.json'}" in result.out
    schema = tmp_path / ".opmkt" / "actuals.schema.json"
    assert schema.read_text(encoding="utf-8") == render("actuals")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "results").mkdir()
    where = ["--actuals", actuals, "--plan", "plan.yaml"]
    recorded = cli("track", "spend", "B1", "10", "--date", "2027-02-01", *where)
    assert recorded.code == 0, recorded.err
    first = (tmp_path / actuals).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={modeline}"
    assert (tmp_path / actuals).parent.joinpath(modeline).resolve() == schema


def test_an_edited_schema_copy_is_kept(cli: Callable[..., Result], tmp_path: Path) -> None:
    schema = tmp_path / ".opmkt" / "plan.schema.json"
    schema.parent.mkdir()
    schema.write_text("{}", encoding="utf-8")
    result = cli("init", tmp_path, "--no-input")
    assert result.code == 0
    assert "kept" in result.out
    assert schema.read_text(encoding="utf-8") == "{}"


def test_asks_for_missing_values_in_a_terminal(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = io.StringIO("fr_FR\n2027-04-01\nEUR\nPlan du Fournil\nFournil Dupont\n")
    answers.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", answers)
    result = cli("init", tmp_path)
    assert result.code == 0, result.err
    loaded = load_plan(tmp_path / "plan.yaml")
    assert loaded.plan is not None
    info = loaded.plan.plan
    assert (info.name, info.organization, info.locale, info.currency) == (
        "Plan du Fournil",
        "Fournil Dupont",
        "fr_FR",
        "EUR",
    )
    assert info.period.start.isoformat() == "2027-04-01"


def test_a_bad_answer_is_explained_and_asked_again(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = io.StringIO(
        "it_IT\nen_UK\n2027-02-30\n2027-13-01\n1 March\n2027-02-28\neuro\nGBP\nPlan\nShop\n"
    )
    answers.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", answers)
    result = cli("init", tmp_path)
    assert result.code == 0, result.err
    errors = [line for line in result.out.splitlines() if "Error: " in line]
    assert [line[line.index("Error: ") :] for line in errors] == [
        "Error: no skeleton in the language of it_IT: use fr_*, en_*, es_*, de_*",
        "Error: 2027-02-30 is not a day: 2027-02 has 28 days",
        "Error: 2027-13-01 is not a date: months go from 01 to 12",
        "Error: '1 March' is not a date: write YYYY-MM-DD",
        "Error: 'euro' is not an ISO 4217 code such as EUR",
    ]
    assert result.err == "note: the locale en_UK is known as en_GB: the plan uses en_GB\n"
    info = load_plan(tmp_path / "plan.yaml").plan
    assert info is not None
    assert (info.plan.locale, info.plan.currency) == ("en_GB", "GBP")
    assert info.plan.period.start.isoformat() == "2027-02-28"


def test_a_locale_known_under_another_name_is_said_when_given_as_an_option(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("init", tmp_path, "--no-input", "--locale", "en_UK", "--start", "2027-01-01")
    assert result.code == 0
    assert result.err == "note: the locale en_UK is known as en_GB: the plan uses en_GB\n"
    quiet = cli("init", tmp_path / "q", "--no-input", "--locale", "en-gb", "--start", "2027-01-01")
    assert quiet.err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--locale", "it_IT"], "no skeleton in the language of it_IT"),
        (["--start", "2027-02-30"], "2027-02-30 is not a day: 2027-02 has 28 days"),
        (["--start", "2028-02-30"], "2028-02-30 is not a day: 2028-02 has 29 days"),
        (["--currency", "euro"], "is not an ISO 4217 code"),
    ],
)
def test_bad_options_are_usage_errors(
    cli: Callable[..., Result], tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli("init", tmp_path, "--no-input", *args)
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "plan.yaml").exists()
