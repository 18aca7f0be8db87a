"""The formats CI systems read: SARIF for code scanning (fingerprints that survive unrelated
edits, rules linked to their documentation), GitLab Code Quality, GitHub annotations within
GitHub's limits, and a Markdown table for job summaries."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cmarkgfm
import jsonschema
import pytest

from opmkt.lint.rules import RULES
from tests.conftest import ROOT, Result

PLAN = """\
version: 1
plan:
  name: Fingerprints
  period: {start: 2027-01-01, end: 2027-12-31}
  owner: mary
team:
  - id: marie
    name: Marie
  - id: marie
    name: Marie again
objectives:
  - {id: O1, category: business, title: Grow}
  - {id: O2, category: business, title: Grow}
"""

# Lines added above every finding: comments, blank lines, a longer name written on two lines.
EDITED = (
    PLAN.replace("version: 1\n", "# The plan for 2027\n\nversion: 1\n")
    .replace("  name: Fingerprints\n", "  name: >-\n    Fingerprints\n")
    .replace("team:\n", "# Who does what\nteam:\n\n")
    .replace("objectives:\n", "objectives:\n  # business first\n")
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository holding plans/plan.yaml, validated from the plans folder."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path / "plans")
    return tmp_path


def _report(cli: Callable[..., Result], text: str, fmt: str) -> Any:
    Path("plan.yaml").write_text(text, encoding="utf-8")
    return json.loads(cli("validate", "plan.yaml", "-f", fmt).out)


def _sarif_prints(document: Any) -> dict[str, tuple[str, int]]:
    results = document["runs"][0]["results"]
    return {
        r["partialFingerprints"]["opmkt/v1"]: (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    }


def _gitlab_prints(document: Any) -> dict[str, tuple[str, int]]:
    return {i["fingerprint"]: (i["check_name"], i["location"]["lines"]["begin"]) for i in document}


@pytest.mark.parametrize(("fmt", "prints"), [("sarif", _sarif_prints), ("gitlab", _gitlab_prints)])
def test_fingerprints_stay_when_lines_are_added_above_the_findings(
    cli: Callable[..., Result],
    repo: Path,
    fmt: str,
    prints: Callable[[Any], dict[str, tuple[str, int]]],
) -> None:
    before = _report(cli, PLAN, fmt)
    after = _report(cli, EDITED, fmt)
    count = len(before["runs"][0]["results"]) if fmt == "sarif" else len(before)
    old, new = prints(before), prints(after)
    # One fingerprint per finding, the two short titles and both duplicate ids apart.
    assert len(old) == count
    assert {rule for rule, _ in old.values()} >= {"duplicate-id", "smart-specific"}
    # The same fingerprints, each on the same rule, though every line moved.
    assert old.keys() == new.keys()
    for key, (rule, line) in old.items():
        assert new[key][0] == rule
        if line > 1:
            assert new[key][1] > line


def test_a_fingerprint_changes_with_what_the_finding_says(
    cli: Callable[..., Result], repo: Path
) -> None:
    before = _sarif_prints(_report(cli, PLAN, "sarif"))
    after = _sarif_prints(_report(cli, PLAN.replace("owner: mary", "owner: maria"), "sarif"))
    moved = {rule for key, (rule, _) in before.items() if key not in after}
    assert moved == {"unknown-reference"}


def _rules_page() -> str:
    """The published rules page, as the package's project URLs give it."""
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    page: str = urls["Validation rules"]
    return page


def test_sarif_rules_link_to_their_documentation(cli: Callable[..., Result], repo: Path) -> None:
    document = _report(cli, PLAN, "sarif")
    page = _rules_page()
    assert page.startswith("https://") and page.endswith("docs/rules.md")
    headings = set(re.findall(r"^## (\S+)$", (ROOT / "docs" / "rules.md").read_text(), re.M))
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert [r["helpUri"] for r in rules] == [f"{page}#{rule}" for rule in RULES]
    assert set(RULES) <= headings  # each anchor is a heading of the page
    run = document["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.resolve().as_uri() + "/"}}
    artifact = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "plans/plan.yaml", "uriBaseId": "%SRCROOT%"}


GITLAB_SCHEMA = ROOT / "tests" / "data" / "gitlab-codequality.schema.json"


def _valid_gitlab(text: str) -> list[dict[str, Any]]:
    document: list[dict[str, Any]] = json.loads(text)
    schema = json.loads(GITLAB_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    # GitLab keeps one issue per fingerprint: a repeated one would hide a finding.
    assert len({issue["fingerprint"] for issue in document}) == len(document)
    return document


def test_gitlab_code_quality_is_accepted_by_its_schema(
    cli: Callable[..., Result], repo: Path
) -> None:
    Path("plan.yaml").write_text(PLAN, encoding="utf-8")
    result = cli("validate", "plan.yaml", "-f", "gitlab")
    assert result.code == 1
    issues = _valid_gitlab(result.out)
    by_rule = {issue["check_name"]: issue for issue in issues}
    assert by_rule["unknown-reference"] == {
        "type": "issue",
        "description": "no team member has the id 'mary': did you mean 'marie'?",
        "check_name": "unknown-reference",
        "fingerprint": by_rule["unknown-reference"]["fingerprint"],
        "severity": "major",
        "location": {"path": "plans/plan.yaml", "lines": {"begin": 5}},
    }
    assert by_rule["smart-specific"]["severity"] == "minor"
    assert by_rule["pestel-incomplete"]["severity"] == "info"


def test_gitlab_reports_a_file_that_cannot_be_read_as_a_blocker(
    cli: Callable[..., Result], repo: Path
) -> None:
    Path("plan.yaml").write_text(PLAN, encoding="utf-8")
    result = cli("validate", "nosuch.yaml", "plan.yaml", "-f", "gitlab")
    assert result.code == 2
    issues = _valid_gitlab(result.out)
    assert issues[0]["severity"] == "blocker"
    assert issues[0]["check_name"] == "unreadable"
    assert issues[0]["location"]["path"] == "plans/nosuch.yaml"
    assert any(issue["check_name"] == "unknown-reference" for issue in issues)


def test_github_annotates_errors_first(cli: Callable[..., Result], repo: Path) -> None:
    # The plan's warnings come before its error in the file; GitHub shows the first ten of
    # each kind, and errors are what a reviewer must see.
    Path("plan.yaml").write_text(PLAN.replace("owner: mary", "owner: marie"), encoding="utf-8")
    Path("other.yaml").write_text(PLAN.replace("version: 1", "version: 1\n"), encoding="utf-8")
    out = cli("validate", "plan.yaml", "other.yaml", "-f", "github").out
    kinds = [line.split(" ", 1)[0] for line in out.splitlines() if line.startswith("::")]
    assert kinds[:3] == ["::error", "::error", "::error"]
    assert kinds == sorted(kinds, key=["::error", "::warning", "::notice"].index)


def test_github_says_how_many_findings_it_cannot_annotate(
    cli: Callable[..., Result], repo: Path
) -> None:
    # Eleven actions that say not what to do, and the unknown owner: twelve errors.
    actions = "".join(f"  - {{id: A{i}, objective: O1}}\n" for i in range(11))
    Path("plan.yaml").write_text(PLAN + "actions:\n" + actions, encoding="utf-8")
    result = cli("validate", "plan.yaml", "-f", "github", "--select", "schema,unknown-reference")
    assert result.out.count("::error ") == 12
    assert result.out.splitlines()[-1] == (
        "note: GitHub annotates at most 10 errors, 10 warnings and 10 notices per step: "
        "2 errors have no annotation on the files: every finding is in this log"
    )


def test_markdown_is_a_table_that_github_renders_with_one_row_per_finding(
    cli: Callable[..., Result], repo: Path
) -> None:
    # A title written with a table's pipe and markup stays in its cell, as text.
    Path("plan.yaml").write_text(PLAN.replace("title: Grow", "title: 'a|b *c*'", 1), "utf-8")
    result = cli("validate", "plan.yaml", "-f", "markdown", "--select", "smart-specific")
    assert result.code == 0
    assert result.out.startswith("**1 file checked: 0 errors, 2 warnings, 0 info**\n")
    html = cmarkgfm.github_flavored_markdown_to_html(result.out)
    rows = [
        re.findall(r"<td>(.*?)</td>", row, re.S)
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]
    assert len(rows) == 3  # the header and the two short titles
    cells = rows[1]
    assert cells[:2] == ["warning", "plan.yaml:12:41"]  # the file as given, as text shows it
    assert cells[2] == f'<a href="{_rules_page()}#smart-specific"><code>smart-specific</code></a>'
    assert "title 'a|b *c*' has 2 words" in cells[3]
    assert "GitHub annotates" not in result.out  # a note for GitHub Actions only
    clean = cli("validate", "plan.yaml", "-f", "markdown", "--select", "budget-over-cap")
    assert clean.out == "**1 file checked: 0 errors, 0 warnings, 0 info**\n\nNo findings.\n"
