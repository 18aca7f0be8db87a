"""The plan model: exact money from the source text, YAML 1.2 values, every section loads."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from opmkt.plan.loader import load, load_plan
from opmkt.plan.model import AuditEntry
from tests.conftest import EXAMPLES, MINIMAL_PLAN


def _lines(body: str) -> str:
    return MINIMAL_PLAN + "budget:\n  lines:\n" + body


def test_money_is_the_decimal_written_in_the_file(write: Callable[..., Path]) -> None:
    loaded = load_plan(
        write(
            _lines(
                "    - {id: B1, label: a, amount: 0.1}\n"
                "    - {id: B2, label: b, amount: 0.2}\n"
                "    - {id: B3, label: c, quantity: 3, unit_cost: 0.10}\n"
                "    - {id: B4, label: d, amount: 1000.50}\n"
                "    - {id: B5, label: e, amount: 123456789012345.123456789}\n"
            )
        )
    )
    assert loaded.plan is not None and loaded.plan.budget is not None
    lines = loaded.plan.budget.lines
    assert lines[0].unit_amount + lines[1].unit_amount == Decimal("0.3")
    assert lines[2].unit_amount == Decimal("0.30")
    assert lines[3].unit_amount == Decimal("1000.50")
    assert lines[4].unit_amount == Decimal("123456789012345.123456789")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ('"1 200,50"', "write it like 1200.50"),
        ('"800"', "write it like 800"),
        ("abc", "not text"),
        (".inf", "finite"),
        (".nan", "finite"),
        ("true", "not true/false"),
        ("-5", "at least 0"),
        ("1e16", "between 10^-15 and 10^15"),
        ("1e999999999", "between 10^-15 and 10^15"),
        ("0.1234567890123456", "more than 15 decimals"),
    ],
)
def test_money_that_is_not_a_number_is_refused_with_a_hint(
    write: Callable[..., Path], value: str, fragment: str
) -> None:
    loaded = load_plan(write(_lines(f"    - id: B1\n      label: a\n      amount: {value}\n")))
    assert loaded.plan is None
    (finding,) = loaded.findings
    assert (finding.rule, finding.line, finding.column) == ("schema", 9, 15)
    assert finding.message.startswith("budget line 'B1' › amount: ")
    assert fragment in finding.message


def test_amount_and_quantity_must_agree(write: Callable[..., Path]) -> None:
    loaded = load_plan(
        write(
            _lines(
                "    - {id: B1, label: a, amount: 800, quantity: 2, unit_cost: 300}\n"
                "    - {id: B2, label: b, amount: 600, quantity: 2, unit_cost: 300}\n"
                "    - {id: B3, label: c, quantity: 2}\n"
                "    - {id: B4, label: d}\n"
                "    - {id: B5, label: e, amount: 1, date: 2027-01, "
                "recurring: {every: month, from: 2027-01, to: 2027-02}}\n"
            )
        )
    )
    messages = {(f.line, f.message) for f in loaded.findings}
    assert messages == {
        (
            7,
            "budget line 'B1': amount 800 is not quantity × unit_cost (600): give one or make "
            "them agree",
        ),
        (9, "budget line 'B3': quantity and unit_cost go together: give both, or an amount"),
        (10, "budget line 'B4': give an amount, or quantity and unit_cost"),
        (11, "budget line 'B5': give either date or recurring, not both"),
    }


def test_yaml_1_1_booleans_stay_text(write: Callable[..., Path]) -> None:
    loaded = load_plan(
        write(
            MINIMAL_PLAN
            + (
                "audit:\n  segments:\n    - {id: no, name: on}\n    - {id: yes, name: off}\n"
                "  pricing: y\n"
            )
        )
    )
    assert loaded.plan is not None and loaded.plan.audit is not None
    segments = loaded.plan.audit.segments or []
    assert [(s.id, s.name) for s in segments] == [("no", "on"), ("yes", "off")]
    assert loaded.plan.audit.pricing == "y"


def test_dates_are_iso_days_of_the_calendar(write: Callable[..., Path]) -> None:
    loaded = load_plan(write(MINIMAL_PLAN.replace("2027-12-31", "2027-12-32")))
    (finding,) = loaded.findings
    assert (finding.line, finding.column, finding.path) == (4, 36, "plan.period.end")
    assert "2027-12-32 is not a day of the calendar" in finding.message
    loaded = load_plan(write(MINIMAL_PLAN.replace("2027-12-31", "31/12/2027")))
    assert "YYYY-MM-DD" in loaded.findings[0].message


def test_period_must_not_end_before_it_starts(write: Callable[..., Path]) -> None:
    loaded = load_plan(write(MINIMAL_PLAN.replace("end: 2027-12-31", "end: 2026-12-31")))
    (finding,) = loaded.findings
    assert finding.message == (
        "`plan.period`: the period ends (2026-12-31) before it starts (2027-01-01)"
    )


def test_swot_items_are_text_or_id_and_text(write: Callable[..., Path]) -> None:
    loaded = load_plan(
        write(
            MINIMAL_PLAN
            + ("audit:\n  swot:\n    strengths: [Organic flour, {id: s2, text: Skilled team}]\n")
        )
    )
    assert loaded.plan is not None and loaded.plan.audit and loaded.plan.audit.swot
    assert loaded.plan.audit.swot.strengths == [
        "Organic flour",
        AuditEntry(id="s2", text="Skilled team"),
    ]


def test_unknown_key_suggests_the_close_one(write: Callable[..., Path]) -> None:
    loaded = load_plan(
        write(
            MINIMAL_PLAN + "objectives:\n  - id: O1\n    category: business\n"
            "    title: Grow the revenue\n    dedline: 2027-06-30\n"
        )
    )
    (finding,) = loaded.findings
    assert (finding.line, finding.column) == (9, 5)
    assert finding.message == "unknown key `dedline` in objective 'O1': did you mean `deadline`?"
    assert finding.path == "objectives[0].dedline"


def test_missing_required_field_points_at_the_mapping(write: Callable[..., Path]) -> None:
    loaded = load_plan(write("version: 1\nplan:\n  name: No period\n"))
    (finding,) = loaded.findings
    assert (finding.line, finding.column, finding.path) == (3, 3, "plan")
    assert finding.message.startswith("`plan` is missing `period`")


def test_unsupported_version_is_named(write: Callable[..., Path]) -> None:
    loaded = load_plan(write(MINIMAL_PLAN.replace("version: 1", "version: 2")))
    (finding,) = loaded.findings
    assert finding.message == ("format version 2 is not supported: this opmkt reads version 1")


@pytest.mark.parametrize(
    "path", sorted(EXAMPLES.glob("*/*.yaml")), ids=lambda p: p.parent.name + "/" + p.name
)
def test_examples_load_into_their_model(path: Path) -> None:
    loaded = load(path)
    assert loaded.findings == []
    assert (loaded.plan is not None) == (path.name == "plan.yaml")
    assert (loaded.actuals is not None) == (path.name == "actuals.yaml")


def test_a_negative_quantity_is_refused(write: Callable[..., Path]) -> None:
    loaded = load_plan(write(_lines("    - {id: B1, label: a, quantity: -300, unit_cost: 10}\n")))
    (finding,) = loaded.findings
    assert "a quantity must be at least 0" in finding.message


@pytest.mark.parametrize("text", ["---\n", "~\n", "null\n", "# only a comment\n"])
def test_a_document_with_nothing_in_it_is_empty(write: Callable[..., Path], text: str) -> None:
    (finding,) = load_plan(write(text)).findings
    assert finding.message.startswith("the file is empty")


@pytest.mark.parametrize("version", ["true", "1.0", '"1"'])
def test_version_is_the_whole_number_1(write: Callable[..., Path], version: str) -> None:
    loaded = load_plan(write(MINIMAL_PLAN.replace("version: 1", f"version: {version}")))
    (finding,) = loaded.findings
    assert (finding.line, finding.column) == (1, 10)
    assert finding.message.endswith("write `version: 1`, a whole number without quotes")


def test_control_characters_from_escapes_are_refused(write: Callable[..., Path]) -> None:
    loaded = load_plan(write(MINIMAL_PLAN.replace("Minimal plan", '"Minimal\\e[31m plan"')))
    (finding,) = loaded.findings
    assert (finding.rule, finding.line, finding.column) == ("schema", 3, 9)
    assert "control character" in finding.message


def test_an_error_on_a_mapping_key_points_at_the_key(write: Callable[..., Path]) -> None:
    loaded = load_plan(write(MINIMAL_PLAN + "  exchange_rates: {usd: 0.9}\n"))
    (finding,) = loaded.findings
    assert (finding.line, finding.column, finding.path) == (5, 20, "plan.exchange_rates.usd")
    assert "'usd' is not a currency code" in finding.message


def test_a_locale_babel_does_not_know_is_refused(write: Callable[..., Path]) -> None:
    loaded = load_plan(write(MINIMAL_PLAN + "  locale: xx_YY\n"))
    (finding,) = loaded.findings
    assert finding.message == "`plan.locale`: 'xx_YY' is not a locale opmkt knows"


def test_a_number_where_text_is_expected_is_refused_with_its_quoted_form(
    write: Callable[..., Path],
) -> None:
    # Text fields are text, as the JSON Schema says: YAML reads `000123` as 123, and every
    # schema client refuses a number there, so validate does too, showing what to write.
    loaded = load_plan(
        write(
            MINIMAL_PLAN
            + (
                "  organization: 2027\nbudget:\n  lines:\n"
                "    - {id: 0012, label: x, amount: 10,\n"
                "       quote: {ref: 000123, status: accepted}}\n"
            )
        )
    )
    assert [f.message for f in loaded.findings] == [
        "`plan.organization`: expected text, got the number 2027: put it in quotes, '2027'",
        "budget line '0012' › id: expected text, got the number 0012: put it in quotes, '0012'",
        "budget line '0012' › quote.ref: expected text, got the number 000123: "
        "put it in quotes, '000123'",
    ]


def test_quoted_numbers_are_text_and_keep_their_spelling(write: Callable[..., Path]) -> None:
    loaded = load_plan(
        write(
            MINIMAL_PLAN.replace("Minimal plan", "'2027'")
            + "budget:\n  lines:\n    - {id: '0012', label: x, amount: 10, "
            "quote: {ref: '000123', status: accepted}}\n"
        )
    )
    assert loaded.plan is not None and loaded.plan.budget is not None
    line = loaded.plan.budget.lines[0]
    assert loaded.plan.plan.name == "2027"
    assert (line.id, line.quote.ref if line.quote else None) == ("0012", "000123")


def test_a_number_with_underscores_is_text_as_in_yaml_1_2(write: Callable[..., Path]) -> None:
    loaded = load_plan(write(MINIMAL_PLAN + "  budget_cap: 1_200.50\n"))
    (finding,) = loaded.findings
    assert "must be a number, not text: write it like 1200.50" in finding.message


def test_every_default_factory_is_a_plain_function() -> None:
    # Pydantic reads the signature of each default factory when it builds the models, at every
    # start: a builtin's (`list`, `dict`) is parsed from its text, which costs more than
    # building the rest of the plan's model.
    from pydantic import BaseModel

    from opmkt.plan import model

    builtins = [
        f"{cls.__name__}.{name}"
        for cls in vars(model).values()
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == model.__name__
        for name, info in cls.model_fields.items()
        if info.default_factory is not None and not inspect.isfunction(info.default_factory)
    ]
    assert builtins == []
