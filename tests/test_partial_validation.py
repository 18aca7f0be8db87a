"""Validation goes on past a bad item: its schema error is reported, the item is left out, and
every rule still checks the rest of the plan at the lines of the file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from opmkt.io.yamlio import format_path
from opmkt.plan import loader, screen
from tests.conftest import EXAMPLES, Result

PLAN = """\
version: 1
plan:
  name: Partial plan
  period: {start: 2027-01-01, end: 2027-12-31}
team:
  - id: marie
    name: Marie Dupont
kpis:
  - {id: ca, name: Revenue, kind: financial}
objectives:
  - id: O1
    category: business
    title: Grow the revenue this year
    kpi: ca
  - id: O3
    category: business
    title: Win back the lapsed customers
    colour: red
    objectives:
      - id: O3.1
        category: conversion
        title: Call every lapsed customer back
actions:
  - id: A1
    objective: O1
    what: Open the online shop
    budjet: 300
  - id: A2
    objective: O3
    what: Send the lapsed customers a letter
  - id: A3
    objective: O3.1
    what: Phone each lapsed customer
    owner: mary
  - id: A4
    objective: O1
    what: Run the summer campaign
    start: 2027-08-01
    end: 2027-07-01
budget:
  lines:
    - id: B1
      label: Shop theme
      amount: "1 200"
    - id: B2
      action: A1
      label: Shop hosting
      amount: 300
    - id: B3
      action: A9
      label: Letters
      amount: 200
"""


def _findings(result: Result) -> list[tuple[str, int, int, str]]:
    document = json.loads(result.out)
    return [(f["rule"], f["line"], f["column"], f["path"]) for f in document["findings"]]


def test_a_bad_action_and_objective_leave_the_rules_running_on_the_rest(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = cli("validate", write(PLAN), "-f", "json")
    assert result.code == 1
    found = _findings(result)
    # The schema errors, each at its place.
    assert ("schema", 18, 5, "objectives[1].colour") in found
    assert ("schema", 27, 5, "actions[0].budjet") in found
    assert ("schema", 44, 15, "budget.lines[0].amount") in found
    # The rules' findings on what is left, at the lines and paths of the file: the items
    # after a left-out one keep their own index.
    assert ("unknown-reference", 34, 12, "actions[2].owner") in found
    assert ("action-dates", 39, 10, "actions[3].end") in found
    assert ("unknown-reference", 50, 15, "budget.lines[2].action") in found
    assert ("smart-time-bound", 11, 5, "objectives[0]") in found
    assert "internal-error" not in {rule for rule, *_ in found}


def test_references_to_a_left_out_item_are_not_unknown(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = cli("validate", write(PLAN), "-f", "json")
    messages = [
        f["message"] for f in json.loads(result.out)["findings"] if f["rule"] == "unknown-reference"
    ]
    # O3 (and its sub-objective O3.1) and A1 are left out: A2, A3 and B2 name them.
    assert messages == [
        "no team member has the id 'mary': did you mean 'marie'?",
        "no action has the id 'A9': defined ones are A2, A3, A4",
    ]


def test_a_schema_error_outside_any_item_stops_the_rules(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    text = PLAN.replace("  period: {start: 2027-01-01, end: 2027-12-31}\n", "")
    result = cli("validate", write(text), "-f", "json")
    assert result.code == 1
    assert {rule for rule, *_ in _findings(result)} == {"schema"}
    assert ("schema", 3, 3, "plan") in _findings(result)


def test_a_duplicate_key_is_reported_and_the_first_value_checked(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    text = PLAN.replace("    owner: mary\n", "    owner: mary\n    owner: marie\n")
    text = text.replace("    colour: red\n", "").replace("    budjet: 300\n", "")
    text = text.replace('amount: "1 200"', "amount: 1200")
    result = cli("validate", write(text), "-f", "json")
    found = _findings(result)
    assert ("duplicate-key", 33, 5, "actions[2].owner") in found
    assert ("unknown-reference", 32, 12, "actions[2].owner") in found
    assert ("action-dates", 38, 10, "actions[3].end") in found


def test_a_duplicate_id_after_a_left_out_item_names_the_line_of_the_first(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    text = PLAN.replace("  - id: A4\n", "  - id: A3\n")
    result = cli("validate", write(text), "-f", "json")
    duplicates = [f for f in json.loads(result.out)["findings"] if f["rule"] == "duplicate-id"]
    assert [(f["line"], f["path"], f["message"]) for f in duplicates] == [
        (
            35,
            "actions[3]",
            "action id 'A3' is already used on line 31: give this one another id",
        )
    ]


def test_an_inline_suppression_after_a_left_out_item_applies_on_its_own_line(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    text = PLAN.replace(
        "    owner: mary\n", "    owner: mary  # opmkt: ignore[unknown-reference]\n"
    )
    found = _findings(cli("validate", write(text), "-f", "json"))
    assert ("unknown-reference", 34, 12, "actions[2].owner") not in found
    assert ("unknown-reference", 50, 15, "budget.lines[2].action") in found


def test_a_bad_record_in_an_actuals_file_leaves_the_others_checked(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    plan = PLAN.replace("    colour: red\n", "").replace("    budjet: 300\n", "")
    plan = plan.replace('amount: "1 200"', "amount: 1200")
    write(plan)
    actuals = write(
        "version: 1\n"
        "plan: plan.yaml\n"
        "spend:\n"
        "  - {line: B1, date: 2027-02-01, amount: twelve}\n"
        "  - {line: B7, date: 2027-02-01, amount: 12}\n",
        "actuals.yaml",
    )
    result = cli("validate", actuals, "-f", "json")
    assert _findings(result) == [
        ("schema", 4, 42, "spend[0].amount"),
        ("unknown-reference", 5, 12, "spend[1].line"),
    ]


def test_other_commands_still_refuse_a_plan_with_a_bad_item(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(PLAN)
    for command in ("budget", "calendar", "status"):
        result = cli(command, path)
        assert (result.code, result.out) == (1, ""), command
        assert "cannot be read as a plan" in result.err


@pytest.mark.parametrize("example", ["fournil-dupont", "northwind-studio"])
@pytest.mark.parametrize(
    "where",
    [
        ("team",),
        ("kpis",),
        ("objectives",),
        ("actions",),
        ("budget", "lines"),
        ("audit", "segments"),
    ],
)
def test_any_item_left_out_of_an_example_leaves_no_unknown_reference_and_no_crash(
    cli: Callable[..., Result], tmp_path: Path, example: str, where: tuple[str, ...]
) -> None:
    yaml = YAML()
    data = yaml.load((EXAMPLES / example / "plan.yaml").read_text(encoding="utf-8"))
    items = data
    for key in where:
        items = items[key]
    items[0]["zzz"] = 1  # an unknown key: the first item of the list is left out
    path = tmp_path / "plan.yaml"
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    findings = json.loads(cli("validate", path, "-f", "json").out)["findings"]
    assert [f["path"] for f in findings if f["rule"] == "schema"] == [
        format_path([*where, 0, "zzz"])
    ]
    assert not [f for f in findings if f["rule"] in ("unknown-reference", "internal-error")]


def _many_bad_lines(bad: str) -> str:
    """PLAN's good items and 150 more budget lines, the first 140 bad in the way `bad` is (a
    line's text, `{i}` its number), then 10 good ones (that the rules still check)."""
    lines = [bad.format(i=i) for i in range(140)]
    lines += [f"    - {{id: C{i}, action: A9, label: Ten, amount: 10}}" for i in range(10)]
    return PLAN + "\n".join(lines) + "\n"


MANY_BAD = {
    # Refused before the model sees them, by the shape of their keys.
    "unknown-keys": "    - {{id: X{i}, label: Bad, amount: 1, colour: red}}",
    "numbers": "    - {i}",
    # Refused by the model, with more errors than are listed.
    "text-amounts": "    - {{id: X{i}, label: Bad, amount: ten}}",
}


@pytest.mark.parametrize("bad", list(MANY_BAD))
def test_past_100_schema_errors_one_finding_counts_the_others(
    cli: Callable[..., Result],
    write: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    bad: str,
) -> None:
    path = write(_many_bad_lines(MANY_BAD[bad]))
    monkeypatch.setattr(loader, "MAX_SCHEMA_FINDINGS", 10_000)
    every = json.loads(cli("validate", path, "-f", "json").out)["findings"]
    monkeypatch.setattr(loader, "MAX_SCHEMA_FINDINGS", 100)
    result = cli("validate", path, "-f", "json")
    assert result.code == 1
    capped = json.loads(result.out)["findings"]
    schema = sorted(
        (f for f in every if f["rule"] == "schema"), key=lambda f: (f["line"], f["column"])
    )
    assert len(schema) == 143  # PLAN's 3 and the 140 lines
    # The first 100 schema errors as listed without the cap, then how many more there are, at
    # the first of those.
    more = {
        "rule": "schema",
        "severity": "error",
        "message": "43 more schema errors, not listed: correct the 100 above, then validate again",
        "file": str(path),
        "line": schema[100]["line"],
        "column": schema[100]["column"],
        "path": schema[100]["path"],
    }
    assert [f for f in capped if f["rule"] == "schema"] == sorted(
        [*schema[:100], more], key=lambda f: (f["line"], f["column"])
    )
    # The rules check the same rest of the plan.
    assert [f for f in capped if f["rule"] != "schema"] == [
        f for f in every if f["rule"] != "schema"
    ]


@pytest.mark.parametrize("example", ["fournil-dupont", "northwind-studio"])
def test_a_valid_plan_checked_item_by_item_is_the_same_plan(
    monkeypatch: pytest.MonkeyPatch, example: str
) -> None:
    # The shape of items is only a hint to check them one at a time: a plan whose items all
    # validate loads as it would whole.
    path = EXAMPLES / example / "plan.yaml"
    whole = loader.load_plan(path)
    monkeypatch.setattr(loader, "misshapen", lambda data, model: loader.MAX_SCHEMA_FINDINGS + 1)
    monkeypatch.setattr(screen, "LONG", 0)
    one_by_one = loader.load_plan(path)
    assert one_by_one.findings == whole.findings == []
    assert one_by_one.plan == whole.plan is not None
