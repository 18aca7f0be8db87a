"""A plan with every kind of defect gets exactly its findings, at the right place, in every
output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from opmkt.lint.rules import RULES
from tests.conftest import ROOT, Result

PLAN = "tests/data/every-defect.yaml"
LOADS_ONLY_WITHOUT = {"syntax", "schema"}
ACTUALS_ONLY = {"actuals-outside-period", "formula-measured"}
"""Rules about records of an actuals file: tests/cases has theirs."""


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _findings(cli: Callable[..., Result]) -> list[tuple[str, int, int, str]]:
    result = cli("validate", PLAN, "-f", "json")
    return [
        (f["rule"], f["line"], f["column"], f["severity"])
        for f in json.loads(result.out)["findings"]
    ]


def test_every_rule_that_runs_on_a_loaded_plan_reports(cli: Callable[..., Result]) -> None:
    rules = {rule for rule, *_ in _findings(cli)}
    assert rules == set(RULES) - LOADS_ONLY_WITHOUT - ACTUALS_ONLY


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit", "gitlab", "markdown"])
def test_every_format_is_pinned(
    cli: Callable[..., Result], golden: Callable[[str, str], None], fmt: str
) -> None:
    result = cli("validate", PLAN, "-f", fmt)
    assert result.code == 1
    golden(f"every-defect.{fmt}", result.out)


def test_all_formats_report_the_same_findings(cli: Callable[..., Result]) -> None:
    expected = [(rule, line, column) for rule, line, column, _ in _findings(cli)]
    sarif = json.loads(cli("validate", PLAN, "-f", "sarif").out)["runs"][0]["results"]
    assert [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in sarif
    ] == expected
    github = cli("validate", PLAN, "-f", "github").out.splitlines()
    annotations = [line for line in github if line.startswith("::")]
    # Errors first, as GitHub annotates only the first ten of each kind.
    by_severity = sorted(_findings(cli), key=lambda f: ["error", "warning", "info"].index(f[3]))
    assert [
        (
            line.split("title=opmkt ")[1].split("::")[0],
            int(line.split("line=")[1].split(",")[0]),
            int(line.split("col=")[1].split(",")[0]),
        )
        for line in annotations
    ] == [(rule, line, column) for rule, line, column, _ in by_severity]
    gitlab = json.loads(cli("validate", PLAN, "-f", "gitlab").out)
    assert [(i["check_name"], i["location"]["lines"]["begin"]) for i in gitlab] == [
        (rule, line) for rule, line, _ in expected
    ]
    junit = ET.fromstring(cli("validate", PLAN, "-f", "junit").out.split("\n", 1)[1])
    assert len(junit.findall(".//testcase")) == len(expected)
    errors = [f for f in _findings(cli) if f[3] == "error"]
    assert len(junit.findall(".//failure")) == len(errors)
