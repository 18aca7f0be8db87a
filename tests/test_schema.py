"""The committed JSON Schemas match the models, and other tools accept the examples with them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from opmkt.lint.engine import validate
from opmkt.lint.rules import RULES
from opmkt.lint.schema import json_schema, render
from opmkt.plan.loader import load
from tests.conftest import EXAMPLES, MINIMAL_PLAN, ROOT, SCHEMAS, Result

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


@pytest.mark.parametrize("kind", ["plan", "actuals"])
def test_committed_schema_matches_the_models(kind: str) -> None:
    committed = (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == render(kind), "run `make schemas` and commit the result"


def test_schema_command_prints_draft_2020_12(cli: Callable[..., Result]) -> None:
    result = cli("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["version", "plan"]
    assert json.loads(cli("schema", "--actuals").out)["title"] == "opmkt actuals"


def test_schema_output_file_is_not_overwritten_without_force(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "plan.schema.json"
    target.write_text("mine", encoding="utf-8")
    assert cli("schema", "-o", target).code == 2
    assert target.read_text(encoding="utf-8") == "mine"
    assert cli("schema", "-o", target, "--force").code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "opmkt plan"


@pytest.mark.parametrize("kind", ["plan", "actuals"])
def test_examples_validate_against_the_schema_with_check_jsonschema(kind: str) -> None:
    files = sorted(str(p) for p in EXAMPLES.glob(f"*/{kind}.yaml"))
    assert len(files) >= 2
    proc = subprocess.run(
        [
            str(CHECK_JSONSCHEMA),
            "--schemafile",
            str(SCHEMAS / f"{kind}.schema.json"),
            *files,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_jsonschema_rejects_what_opmkt_rejects(tmp_path: Path) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text(
        "version: 1\nplan:\n  name: x\n  period: {start: 2027-01-01, end: 2027-12-31}\n"
        "  budget_cap: '1 200'\n  colour: blue\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [
            str(CHECK_JSONSCHEMA),
            "--schemafile",
            str(SCHEMAS / "plan.schema.json"),
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "budget_cap" in proc.stdout and "colour" in proc.stdout


# --- The JSON Schema and `opmkt validate` agree --------------------------------------------

BASE = MINIMAL_PLAN + "  currency: EUR\n"
LINE = "budget:\n  lines:\n    - {id: B1, label: Photos, %s}\n"
KPI = "kpis:\n  - {id: k, name: K, kind: financial, %s}\n"
REFUSED_BY_BOTH: dict[str, str] = {
    # Each a disagreement before the schema said it, or before validate refused it.
    "organization is a number": BASE + "  organization: 2027\n",
    "a day that does not exist": BASE + LINE % "amount: 10, date: 2027-02-30",
    "a period day that does not exist": BASE.replace("2027-12-31", "2027-02-30"),
    "a lowercase currency key": BASE + "  exchange_rates: {usd: 0.9}\n",
    "neither amount nor quantity": BASE + LINE % "vendor: V",
    "an empty amount": BASE + LINE % "amount: ",
    "quantity without unit_cost": BASE + LINE % "amount: 10, quantity: 2",
    "unit_cost left empty": BASE + LINE % "quantity: 2, unit_cost: ",
    "date and recurring": BASE
    + LINE % "amount: 1, date: 2027-02, recurring: {every: month, from: 2027-02, to: 2027-03}",
    "an unknown rule id in lint.disable": BASE + "lint: {disable: [smart-specfic]}\n",
    "an unknown rule id in lint.severity": BASE + "lint: {severity: {smart-specfic: error}}\n",
    "an amount of 1e20": BASE + LINE % "amount: 1e20",
    "a target of -1e16": BASE
    + "objectives:\n  - {id: O1, category: business, title: Grow it well, target: -1e16}\n",
    "a rate of 1e15": BASE + "  exchange_rates: {USD: 1e15}\n",
    "an amount with underscores": BASE + "  budget_cap: 1_200.50\n",
    "an infinite amount": BASE + "  budget_cap: .inf\n",
    "inputs without a formula": BASE + KPI % "inputs: {revenue: k}",
    "a formula without inputs": BASE + KPI % "formula: roi",
    "a formula with the wrong inputs": BASE + KPI % "formula: cac, inputs: {revenue: k, spend: k}",
    "a formula with an input too many": BASE
    + KPI % "formula: cac, inputs: {spend: budget, customers: k, visits: k}",
    "an id with a space": BASE + "team:\n  - {id: a b, name: A}\n",
    "an id of 101 characters": BASE + f"team:\n  - {{id: {'a' * 101}, name: A}}\n",
    "a number as an id": BASE + "team:\n  - {id: 7, name: A}\n",
    "a number in a list of text": BASE + "audit:\n  swot: {strengths: [2027]}\n",
    "a month 13": BASE + LINE % "amount: 1, recurring: {every: month, from: 2027-13, to: 2027-12}",
    "a day as a recurrence month": BASE
    + LINE % "amount: 1, recurring: {every: month, from: 2027-01-05, to: 2027-12}",
    "a lowercase currency": BASE.replace("currency: EUR", "currency: eur"),
    "an unknown key": BASE + "  colour: blue\n",
    "version 2": BASE.replace("version: 1", "version: 2"),
    "a negative amount": BASE + LINE % "amount: -5",
    "a rate of 0": BASE + "  exchange_rates: {USD: 0}\n",
    "an unknown severity": BASE + "lint: {severity: {smart-specific: fatal}}\n",
    "true as a name": BASE + "team:\n  - {id: a, name: true}\n",
    "an unknown channel": BASE
    + "actions:\n  - {id: A1, objective: O1, what: x, channel: tiktok}\n",
    "a waived quote without a reason": BASE + LINE % "amount: 1, quote: {status: waived}",
    "a spend record without a date": (
        "version: 1\nplan: plan.yaml\nspend:\n  - {line: B1, amount: 1}\n"
    ),
}
ACCEPTED_BY_BOTH: dict[str, str] = {
    "quantity and unit_cost": BASE + LINE % "quantity: 2, unit_cost: 5",
    "a month as a line's date": BASE + LINE % "amount: 1, date: 2027-02",
    "a day as a line's date": BASE + LINE % "amount: 1, date: 2027-02-28",
    "an empty date beside recurring": BASE
    + LINE % "amount: 1, date: , recurring: {every: month, from: 2027-02, to: 2027-03}",
    "a quoted number as text": BASE + "  organization: '2027'\n",
    "known rule ids in lint": BASE
    + "lint: {disable: [pestel-incomplete], severity: {smart-achievable: error}}\n",
    "a formula with its inputs": BASE + KPI % "formula: cac, inputs: {spend: budget, customers: k}",
    "a rate": BASE + "  exchange_rates: {USD: 0.92}\n",
    "a waived quote with its reason": BASE
    + LINE % "amount: 1, quote: {status: waived, reason: bought on the platform}",
    "empty optional fields": BASE + "  organization:\n  owner:\n",
    "an audit item with an id": BASE + "audit:\n  swot: {strengths: [{id: s1, text: Bio}]}\n",
    # It loads, and the budget-dates rule names it with the line's other date problems.
    "a recurrence that ends before it starts": BASE
    + LINE % "amount: 1, recurring: {every: month, from: 2027-05, to: 2027-03}",
}
BEYOND_JSON_SCHEMA: dict[str, str] = {
    # What validate refuses and no JSON Schema can say (dates are not compared, numbers not
    # multiplied, Babel's locales not listed, decimals not counted reliably by clients that
    # divide in binary floating point).
    "a period that ends before it starts": BASE.replace("2027-12-31", "2026-12-31"),
    "a period of more than 10 years": BASE.replace("2027-12-31", "2037-01-01"),
    "an amount that is not quantity × unit_cost": BASE
    + LINE % "amount: 11, quantity: 2, unit_cost: 5",
    "a locale Babel does not know": BASE + "  locale: xx_YY\n",
    "an amount below 10^-15": BASE + LINE % "amount: 0.0000000000000001",
}


def _schema_view(node: Any) -> Any:
    """The document as a YAML 1.2 client hands it to a schema checker: opmkt's reading (dates
    are text, `1_200.50` is text, numbers exact), with plain ints and mappings."""
    if isinstance(node, dict):
        return {str(k): _schema_view(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_schema_view(v) for v in node]
    if isinstance(node, int) and not isinstance(node, bool):
        return int(node)
    return node


def _verdicts(path: Path) -> tuple[bool, list[str]] | None:
    """(validate refuses the file's schema, what the JSON Schema says is wrong), or None for
    a file that is not YAML."""
    loaded = load(path)
    if loaded.doc.data is None and loaded.doc.problems:
        return None
    report = validate([path])
    refused = any(f.rule == "schema" for f in report.findings)
    schema = json_schema(loaded.kind)
    checker = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in checker.iter_errors(_schema_view(loaded.doc.data))
    ]
    return refused, errors


def _corpus() -> list[Path]:
    return sorted(
        [
            *EXAMPLES.glob("*/*.yaml"),
            *(ROOT / "tests" / "cases").glob("*/*.yaml"),
            ROOT / "tests" / "data" / "every-defect.yaml",
        ]
    )


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: str(p.relative_to(ROOT)))
def test_validate_and_the_json_schema_agree_on_the_corpus(path: Path) -> None:
    verdicts = _verdicts(path)
    if verdicts is None:
        pytest.skip("not YAML: neither reads it")
    refused, errors = verdicts
    assert refused == bool(errors), errors


@pytest.mark.parametrize(
    ("name", "refused"),
    [(name, True) for name in REFUSED_BY_BOTH] + [(name, False) for name in ACCEPTED_BY_BOTH],
)
def test_validate_and_the_json_schema_agree_on_mutants(
    name: str, refused: bool, tmp_path: Path
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text({**REFUSED_BY_BOTH, **ACCEPTED_BY_BOTH}[name], encoding="utf-8")
    verdicts = _verdicts(path)
    assert verdicts is not None
    assert verdicts[0] is refused
    assert bool(verdicts[1]) is refused, verdicts[1]


@pytest.mark.parametrize("name", sorted(BEYOND_JSON_SCHEMA))
def test_what_only_validate_refuses_is_beyond_json_schema(name: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BEYOND_JSON_SCHEMA[name], encoding="utf-8")
    assert _verdicts(path) == (True, [])


def _property_schemas(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    definitions = {"(root)": schema, **schema.get("$defs", {})}
    for owner, definition in definitions.items():
        for name, prop in definition.get("properties", {}).items():
            yield f"{owner}.{name}", prop


def _subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        yield schema
        for value in schema.values():
            yield from _subschemas(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _subschemas(value)


@pytest.mark.parametrize("kind", ["plan", "actuals"])
def test_every_property_and_enum_value_is_described_for_editors(kind: str) -> None:
    schema = json_schema(kind)
    undescribed = [name for name, prop in _property_schemas(schema) if not prop.get("description")]
    assert undescribed == []
    # yaml-language-server heads a hover with the title: the key's, never a class name.
    assert [name for name, prop in _property_schemas(schema) if not prop.get("title")] == []
    assert [name for name, d in schema.get("$defs", {}).items() if "title" in d] == []
    # It joined the titles of an optional field's two branches when neither had a description
    # ("Organization || Organization"): the empty branch has one.
    for sub in _subschemas(schema):
        for branch in sub.get("anyOf", []):
            if branch.get("type") == "null":
                assert branch.get("description"), sub
    for sub in _subschemas(schema):
        if "enum" in sub:
            assert len(sub.get("enumDescriptions", [])) == len(sub["enum"]), sub["enum"]
            assert all(sub["enumDescriptions"]), sub["enum"]
        if sub.get("type") == "number" and "default" in sub:
            assert isinstance(sub["default"], int | float)


def test_the_schema_lists_the_rule_ids_for_lint(cli: Callable[..., Result]) -> None:
    lint = json.loads(cli("schema").out)["$defs"]["LintSettings"]["properties"]
    assert lint["disable"]["items"]["enum"] == list(RULES)
    assert lint["severity"]["propertyNames"]["enum"] == list(RULES)


@pytest.mark.parametrize(
    ("quote", "valid"),
    [
        ("{status: waived}", False),
        ("{status: waived, reason: bought on the ad platform}", True),
        ("{status: accepted}", True),
    ],
)
def test_a_waived_quote_needs_a_reason_for_validate_and_for_the_schema(
    cli: Callable[..., Result], tmp_path: Path, quote: str, valid: bool
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "version: 1\nplan:\n  name: x\n  period: {start: 2027-01-01, end: 2027-12-31}\n"
        f"budget:\n  lines:\n    - {{id: B1, label: Ads, amount: 1500, quote: {quote}}}\n",
        encoding="utf-8",
    )
    result = cli("validate", "--format", "json", plan)
    findings = json.loads(result.out)["findings"]
    wrong = [(f["rule"], f["line"]) for f in findings if f["rule"] in ("schema", "quote-missing")]
    assert wrong == ([] if valid else [("schema", 7)])
    if not valid:
        assert result.code == 1
        assert any("a waived quote needs a reason" in f["message"] for f in findings)
    proc = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS / "plan.schema.json"), plan],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == (0 if valid else 1), proc.stdout + proc.stderr
