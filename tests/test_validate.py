"""`opmkt validate`: findings at file:line:column, the JSON shape of the contract, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, MINIMAL_PLAN, Result

BROKEN = """\
version: 1
plan:
  name: Broken plan
  period: {start: 2027-01-01, end: 2027-12-31}
  owner: mary
team:
  - id: marie
    name: Marie
objectives:
  - id: O1
    category: business
    title: Grow revenue in the shop
actions:
  - id: A1
    objective: O1
    what: Launch the loyalty card
  - id: A1
    objective: O1
    what: Print the flyers
"""


def test_json_output_has_the_contract_shape(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(BROKEN)
    result = cli("validate", path, "--format", "json", "--select", "unknown-reference,duplicate-id")
    assert result.code == 1
    document = json.loads(result.out)
    assert document == {
        "findings": [
            {
                "rule": "unknown-reference",
                "severity": "error",
                "message": "no team member has the id 'mary': did you mean 'marie'?",
                "file": str(path),
                "line": 5,
                "column": 10,
                "path": "plan.owner",
            },
            {
                "rule": "duplicate-id",
                "severity": "error",
                "message": "action id 'A1' is already used on line 14: give this one another id",
                "file": str(path),
                "line": 17,
                "column": 5,
                "path": "actions[1]",
            },
        ],
        "summary": {"files": 1, "error": 2, "warning": 0, "info": 0},
    }


def test_file_is_reported_as_given_on_the_command_line(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(BROKEN, "plans/broken.yaml")
    monkeypatch.chdir(path.parent.parent)
    result = cli("validate", "plans/broken.yaml", "-f", "json")
    files = {f["file"] for f in json.loads(result.out)["findings"]}
    assert files == {"plans/broken.yaml"}


def test_text_output_is_one_located_line_per_finding(
    cli: Callable[..., Result],
    write: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    golden: Callable[[str, str], None],
) -> None:
    path = write(BROKEN)
    monkeypatch.chdir(path.parent)
    result = cli("validate", "plan.yaml", "--ignore", "audit-incomplete")
    assert result.code == 1
    golden("validate-broken.txt", result.out)


def test_findings_are_sorted_by_file_line_column(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    second = write(BROKEN, "b.yaml")
    first = write(BROKEN, "a.yaml")
    result = cli("validate", second, first, "-f", "json")
    keys = [(f["file"], f["line"], f["column"]) for f in json.loads(result.out)["findings"]]
    assert keys == sorted(keys)
    assert {k[0] for k in keys} == {str(first), str(second)}
    assert json.loads(result.out)["summary"]["files"] == 2


@pytest.mark.usefixtures("english")
def test_a_complete_plan_exits_0_with_nothing_to_say(cli: Callable[..., Result]) -> None:
    result = cli("validate", EXAMPLES / "fournil-dupont" / "plan.yaml", "--strict")
    assert result.code == 0
    assert result.out == "1 file checked: 0 errors, 0 warnings, 0 info\n"


def test_warnings_fail_only_with_strict(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(MINIMAL_PLAN)
    result = cli("validate", path, "-f", "json")
    assert result.code == 0
    summary = json.loads(result.out)["summary"]
    assert summary["error"] == 0 and summary["warning"] > 0
    assert cli("validate", path, "--strict").code == 1


def test_unreadable_file_exits_2_and_the_others_are_still_checked(
    cli: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    result = cli("validate", tmp_path / "missing.yaml", write(BROKEN), "-f", "json")
    assert result.code == 2
    assert result.err == f"error: {tmp_path / 'missing.yaml'}: no such file\n"
    assert json.loads(result.out)["summary"]["error"] == 2


def test_usage_error_exits_2(cli: Callable[..., Result], write: Callable[..., Path]) -> None:
    result = cli("validate", write(MINIMAL_PLAN), "--format", "xml")
    assert result.code == 2
    assert "--format" in result.err


@pytest.mark.usefixtures("crashing_rule")
def test_a_crashing_rule_is_an_internal_error_and_the_others_still_run(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = cli("validate", write(BROKEN), "-f", "json")
    assert result.code == 3
    rules = [f["rule"] for f in json.loads(result.out)["findings"]]
    assert "internal-error" in rules
    assert "unknown-reference" in rules
    assert "Traceback" not in result.out + result.err


def test_actuals_file_is_checked_against_its_plan(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    write(MINIMAL_PLAN + "budget:\n  lines:\n    - {id: B1, label: Flyers, amount: 300}\n")
    actuals = write(
        "version: 1\nplan: plan.yaml\nspend:\n"
        "  - {line: B1, date: 2027-02-14, amount: 280}\n"
        "  - {line: B2, date: 2027-02-14, amount: 20}\n",
        "actuals.yaml",
    )
    result = cli("validate", actuals, "-f", "json")
    findings = json.loads(result.out)["findings"]
    assert [(f["rule"], f["line"], f["column"], f["path"]) for f in findings] == [
        ("unknown-reference", 5, 12, "spend[1].line")
    ]
    assert result.code == 1


def test_actuals_file_whose_plan_is_missing_says_so(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    actuals = write("version: 1\nplan: nowhere.yaml\n", "actuals.yaml")
    result = cli("validate", actuals, "-f", "json")
    (finding,) = json.loads(result.out)["findings"]
    assert (finding["line"], finding["column"]) == (2, 7)
    assert "nowhere.yaml" in finding["message"] and "no such file" in finding["message"]
    assert result.code == 1


def test_inline_comment_silences_one_finding(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    text = BROKEN.replace("owner: mary", "owner: mary  # opmkt: ignore[unknown-reference]")
    result = cli("validate", write(text), "-f", "json")
    rules = [(f["rule"], f["line"]) for f in json.loads(result.out)["findings"]]
    assert ("unknown-reference", 5) not in rules
    assert ("duplicate-id", 17) in rules


def test_lint_settings_disable_and_change_severity(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    text = BROKEN + ("lint:\n  disable: [duplicate-id]\n  severity: {unknown-reference: warning}\n")
    path = write(text)
    only = ["--select", "unknown-reference,duplicate-id"]
    result = cli("validate", path, "-f", "json", *only)
    findings = json.loads(result.out)["findings"]
    assert [(f["rule"], f["severity"]) for f in findings] == [("unknown-reference", "warning")]
    assert result.code == 0
    assert cli("validate", path, "--strict", *only).code == 1


def test_lint_settings_naming_no_rule_are_reported(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    result = cli(
        "validate",
        write(MINIMAL_PLAN + "lint:\n  disable: [duplicate-ids]\n"),
        "-f",
        "json",
        "--select",
        "schema",
    )
    (finding,) = json.loads(result.out)["findings"]
    assert finding["rule"] == "schema"
    assert (
        finding["message"]
        == "lint.disable names no rule 'duplicate-ids': did you mean 'duplicate-id'?"
    )
    assert (finding["line"], finding["column"]) == (6, 13)


def test_an_actuals_file_naming_another_actuals_file_as_its_plan_fails(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    actuals = write("version: 1\nplan: actuals.yaml\n", "actuals.yaml")
    result = cli("validate", actuals, "-f", "json")
    (finding,) = json.loads(result.out)["findings"]
    assert (finding["rule"], finding["severity"]) == ("unknown-reference", "error")
    assert finding["message"] == "the plan actuals.yaml is an actuals file, not a plan"
    assert result.code == 1


def test_an_actuals_file_whose_plan_has_errors_fails(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    write("version: 1\nplan: {name: x}\n")
    actuals = write("version: 1\nplan: plan.yaml\n", "actuals.yaml")
    result = cli("validate", actuals, "-f", "json")
    (finding,) = json.loads(result.out)["findings"]
    assert finding["severity"] == "error"
    assert "has errors of its own" in finding["message"]
    assert result.code == 1


def test_lint_settings_of_a_plan_are_reported_on_the_plan_only(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    plan = write(MINIMAL_PLAN + "lint:\n  disable: [smart-specfic]\n")
    actuals = write("version: 1\nplan: plan.yaml\n", "actuals.yaml")
    result = cli("validate", plan, actuals, "-f", "json", "--select", "schema")
    assert [f["file"] for f in json.loads(result.out)["findings"]] == [str(plan)]
