"""`opmkt budget` from the command line: tables for people, the contract's JSON, files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from opmkt.budget.rollup import rollup
from opmkt.plan.loader import load_plan
from tests.conftest import EXAMPLES, ROOT, Result

FOURNIL = "examples/fournil-dupont/plan.yaml"
NORTHWIND = "examples/northwind-studio/plan.yaml"


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_json_is_the_contract_shape(cli: Callable[..., Result]) -> None:
    result = cli("budget", FOURNIL, "-f", "json")
    assert result.code == 0
    document = json.loads(result.out)
    assert list(document) == [
        "currency",
        "total",
        "cap",
        "remaining",
        "previous_total",
        "by",
        "unassigned",
        "unspecified",
        "quotes",
    ]
    assert list(document["by"]) == [
        "objective",
        "action",
        "category",
        "channel",
        "mix",
        "segment",
        "month",
        "quarter",
        "line",
    ]
    assert list(document["unspecified"]) == ["category", "channel", "mix", "segment"]
    assert list(document["quotes"]) == ["accepted", "received", "requested", "waived", "missing"]
    assert (document["currency"], document["total"], document["cap"], document["remaining"]) == (
        "EUR",
        "24322.00",
        "27000.00",
        "2678.00",
    )
    assert document["previous_total"] == "21500.00"
    assert document["unassigned"] == "0.00"
    loaded = load_plan(EXAMPLES / "fournil-dupont" / "plan.yaml")
    assert loaded.plan is not None
    assert document == rollup(loaded.plan).as_json()


@pytest.mark.parametrize(
    ("plan", "by"),
    [(FOURNIL, "objective"), (FOURNIL, "month"), (NORTHWIND, "channel"), (NORTHWIND, "category")],
)
def test_table_is_pinned_and_speaks_the_plans_locale(
    cli: Callable[..., Result], golden: Callable[[str, str], None], plan: str, by: str
) -> None:
    result = cli("budget", plan, "--by", by)
    assert result.code == 0
    golden(f"budget-table-{Path(plan).parent.name}-{by}.txt", result.out)
    if "fournil" in plan:
        assert "24\u202f322,00\xa0€" in result.out or "24 322,00 €" in result.out
    else:
        assert "$94,277.50" in result.out


def test_locale_option_overrides_the_plans(cli: Callable[..., Result]) -> None:
    result = cli("budget", FOURNIL, "--locale", "en_US", "--by", "quarter")
    assert "€24,322.00" in result.out


def test_plans_in_one_currency_are_consolidated(cli: Callable[..., Result], tmp_path: Path) -> None:
    second = tmp_path / "second.yaml"
    second.write_text((ROOT / FOURNIL).read_text(encoding="utf-8"), encoding="utf-8")
    document = json.loads(cli("budget", FOURNIL, second, "-f", "json").out)
    assert list(document["plans"]) == [FOURNIL, str(second)]
    # The consolidated document has the shape of a plan's.
    assert list(document["consolidated"]) == list(document["plans"][FOURNIL])
    assert list(document["consolidated"]["by"]) == list(document["plans"][FOURNIL]["by"])
    assert (
        document["consolidated"]["by"]["line"][f"{second!s}:B1"]
        == (document["plans"][FOURNIL]["by"]["line"]["B1"])
    )
    assert document["consolidated"]["total"] == "48644.00"
    assert document["consolidated"]["by"]["objective"][f"{FOURNIL}:O1"] == "6640.00"


def test_plans_in_two_currencies_need_a_target_and_rates(cli: Callable[..., Result]) -> None:
    alone = cli("budget", FOURNIL, NORTHWIND, "-f", "json")
    assert alone.code == 0
    assert json.loads(alone.out)["consolidated"] is None
    assert "give --currency EUR" in alone.err
    missing = cli("budget", FOURNIL, NORTHWIND, "--currency", "GBP")
    assert missing.code == 2
    # In the language of the first plan, French.
    assert "pas de taux de change en GBP pour EUR, USD" in missing.err
    together = json.loads(
        cli(
            "budget", FOURNIL, NORTHWIND, "--currency", "EUR", "--rate", "USD=0.92", "-f", "json"
        ).out
    )
    # 24,322.00 EUR + 94,277.50 USD × 0.92 = 24,322.00 + 86,735.30
    assert together["consolidated"]["total"] == "111057.30"
    assert together["consolidated"]["currency"] == "EUR"


def test_bad_rate_is_a_usage_error(cli: Callable[..., Result]) -> None:
    result = cli("budget", FOURNIL, NORTHWIND, "--currency", "EUR", "--rate", "USD:0.92")
    assert result.code == 2
    assert "CODE=VALEUR" in result.err  # in the language of the first plan, French


def test_output_file_is_written_atomically_and_never_overwritten(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "budget.json"
    assert cli("budget", FOURNIL, "-f", "json", "-o", target).code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["total"] == "24322.00"
    target.write_text("edited by hand", encoding="utf-8")
    refused = cli("budget", FOURNIL, "-f", "json", "-o", target)
    assert refused.code == 2
    assert "existe déjà : utilisez --force" in refused.err  # the French plan's language
    assert target.read_text(encoding="utf-8") == "edited by hand"
    assert cli("budget", FOURNIL, "-f", "json", "-o", target, "--force").code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["budget.json"]


def test_a_plan_that_does_not_load_is_named(cli: Callable[..., Result], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nplan: {name: x}\n", encoding="utf-8")
    result = cli("budget", broken)
    assert result.code == 1
    assert f"run `opmkt validate {broken}`" in result.err


def test_lines_without_a_rate_are_named_and_left_out(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "version: 1\nplan:\n  name: x\n  period: {start: 2027-01-01, end: 2027-12-31}\n"
        "budget:\n  lines:\n    - {id: B1, label: a, amount: 100}\n"
        "    - {id: B2, label: b, amount: 50, currency: GBP}\n",
        encoding="utf-8",
    )
    table = cli("budget", plan, "--by", "category")
    assert "Left out, no exchange rate for their currency: B2" in table.out
    assert json.loads(cli("budget", plan, "-f", "json").out)["total"] == "100.00"


@pytest.mark.parametrize("locale", ["fr-FR", "fr_fr"])
def test_locale_option_accepts_the_usual_spellings(cli: Callable[..., Result], locale: str) -> None:
    result = cli("budget", NORTHWIND, "--locale", locale, "--by", "quarter")
    assert result.code == 0
    assert "94\u202f277,50\xa0$US" in result.out


def test_an_unknown_locale_is_a_usage_error(cli: Callable[..., Result]) -> None:
    result = cli("budget", FOURNIL, "--locale", "zz_ZZ")
    assert result.code == 2
    assert "'zz_ZZ' is not a locale" in result.err


UNSPECIFIED_PLAN = """\
version: 1
plan:
  name: Rows that add up
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: USD
  locale: en_US
objectives:
  - id: O1
    category: business
    title: Sell more bread
    objectives:
      - {id: O1.1, category: business, title: Sell more bread to offices}
actions:
  - {id: A1, objective: O1.1, what: Ads, channel: search, segment: unspecified}
  - {id: A2, objective: O1, what: Flyers}
budget:
  lines:
    - {id: B1, action: A1, label: Ads, category: unspecified, amount: 100}
    - {id: B2, action: A2, label: Paper, amount: 20}
    - {id: B3, label: Bank, category: fees, amount: 3}
"""


@pytest.mark.parametrize("output_format", ["table", "markdown"])
def test_tables_show_unspecified_and_unassigned_money_so_rows_add_up(
    cli: Callable[..., Result], tmp_path: Path, output_format: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(UNSPECIFIED_PLAN, encoding="utf-8")
    shown = {
        by: cli("budget", plan, "--by", by, "-f", output_format).out
        for by in ("objective", "category", "channel", "segment")
    }
    # Total 123: B1 100 (category and segment really called `unspecified`), B2 20 (no
    # category; its action A2 no channel, mix or segment), B3 3 (no action).
    for text in shown.values():
        assert "$123.00" in text
    assert _row(shown["category"], "unspecified") == "$100.00"
    assert _row(shown["category"], "(no category)") == "$20.00"
    assert _row(shown["category"], "fees") == "$3.00"  # 100 + 20 + 3 = 123
    assert _row(shown["channel"], "search") == "$100.00"
    assert _row(shown["channel"], "(no channel)") == "$20.00"
    assert _row(shown["channel"], "(no action)") == "$3.00"
    assert _row(shown["segment"], "unspecified") == "$100.00"
    assert _row(shown["segment"], "(no segment)") == "$20.00"
    assert _row(shown["segment"], "(no action)") == "$3.00"
    # O1 holds O1.1 (100) and its own A2 (20): 120, with 3 paying for no action.
    assert _row(shown["objective"], "O1 Sell more bread") == "$120.00"
    assert _row(shown["objective"], "(no action)") == "$3.00"
    assert "includes its sub-objectives'" in shown["objective"]


def _row(text: str, label: str) -> str:
    """The amount on the row of a table (terminal or Markdown) whose first cell is `label`."""
    for line in text.splitlines():
        cells = [c.strip(" *") for c in line.replace("┃", "|").replace("│", "|").split("|")]
        cells = [c for c in cells if c]
        if cells and cells[0].replace("&emsp;", "") == label:
            return cells[1]
    raise AssertionError(f"no row {label!r} in:\n{text}")
