"""`--baseline` on `status` and `budget`: the plan as approved in January beside the plan as
revised in June, each line's and objective's original and revised figures, hand-computed."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

Cli = Callable[..., Result]
GIT = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]

APPROVED = """\
version: 1
plan:
  name: Shop 2027
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: EUR
  locale: en_US
kpis:
  - {id: sales, name: Sales, kind: financial, unit: EUR}
objectives:
  - {id: O1, category: business, title: Grow yearly shop sales, kpi: sales, baseline: 100,
     target: 200, deadline: 2027-12-31}
actions:
  - {id: A1, objective: O1, what: Leaflets}
budget:
  lines:
    - {id: B1, action: A1, label: Print, amount: 100,
       recurring: {every: month, from: 2027-01, to: 2027-12}}
    - {id: B2, action: A1, label: Stand, amount: 500, date: 2027-05}
"""

# June: print cut to 80 a month from July (a new line), the stand dropped, a radio spot added,
# the target raised.
REVISED = """\
version: 1
plan:
  name: Shop 2027
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: EUR
  locale: en_US
kpis:
  - {id: sales, name: Sales, kind: financial, unit: EUR}
objectives:
  - {id: O1, category: business, title: Grow yearly shop sales, kpi: sales, baseline: 100,
     target: 250, deadline: 2027-12-31}
actions:
  - {id: A1, objective: O1, what: Leaflets}
budget:
  lines:
    - {id: B1, action: A1, label: Print, amount: 100,
       recurring: {every: month, from: 2027-01, to: 2027-06}}
    - {id: B3, action: A1, label: Print, amount: 80,
       recurring: {every: month, from: 2027-07, to: 2027-12}}
    - {id: B4, action: A1, label: Radio, amount: 300, date: 2027-10}
"""

ACTUALS = """\
version: 1
plan: plan.yaml
kpis:
  - {kpi: sales, date: 2027-06-30, value: 160}
spend:
  - {line: B1, date: 2027-01-31, amount: 600}
  - {line: B3, date: 2027-07-31, amount: 90}
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, capture_output=True, check=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose last commit is the plan as approved; the file is the revised one."""
    git(tmp_path, "init", "-q")
    (tmp_path / "plan.yaml").write_text(APPROVED, encoding="utf-8")
    git(tmp_path, "add", "plan.yaml")
    git(tmp_path, "commit", "-q", "-m", "approved")
    (tmp_path / "plan.yaml").write_text(REVISED, encoding="utf-8")
    (tmp_path / "actuals.yaml").write_text(ACTUALS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(cli: Cli, *args: str) -> Any:
    result = cli(*args, "--baseline", "HEAD:plan.yaml", "-f", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_status_json_gives_original_and_revised_figures(cli: Cli, repo: Path) -> None:
    document = _json(cli, "status", "plan.yaml", "--as-of", "2027-07-31")
    assert document["baseline"] == "HEAD:plan.yaml"
    spend = document["spend"]
    # Approved: 12 × 100 + 500 = 1 700; revised: 6 × 100 + 6 × 80 + 300 = 1 380.
    assert (spend["original"], spend["planned"]) == ("1700.00", "1380.00")
    lines = spend["by_line"]
    assert (lines["B1"]["original"], lines["B1"]["planned"]) == ("1200.00", "600.00")
    # B3 was added in June: no original; it spent 90 against 80 and lands at 90 + 5 × 80.
    assert lines["B3"]["original"] is None
    assert (lines["B3"]["actual"], lines["B3"]["landing"]) == ("90.00", "490.00")
    objective = document["objectives"]["O1"]
    assert (objective["original_target"], objective["target"]) == ("200.00", "250.00")


def test_status_text_and_markdown_show_the_original_beside_the_revised(
    cli: Cli, repo: Path
) -> None:
    for fmt in ("text", "markdown"):
        result = cli(
            "status",
            "plan.yaml",
            "--as-of",
            "2027-07-31",
            "--baseline",
            "HEAD:plan.yaml",
            "-f",
            fmt,
        )
        assert result.code == 0, result.err
        assert "Original budget" in result.out and "€1,700.00" in result.out
        assert "Original target" in result.out and "Revised" in result.out
        b1 = next(line for line in result.out.splitlines() if "B1" in line)
        assert b1.index("€1,200.00") < b1.index("€600.00")  # original, then revised
    # Without a baseline the columns are the usual ones.
    plain = cli("status", "plan.yaml", "--as-of", "2027-07-31", "-f", "markdown")
    assert "Original" not in plain.out and "Revised" not in plain.out


def test_budget_json_gives_the_baseline_by_every_dimension(cli: Cli, repo: Path) -> None:
    document = _json(cli, "budget", "plan.yaml")
    assert document["total"] == "1380.00"
    baseline = document["baseline"]
    assert (baseline["source"], baseline["total"]) == ("HEAD:plan.yaml", "1700.00")
    assert baseline["by"]["line"] == {"B1": "1200.00", "B2": "500.00"}
    assert baseline["by"]["month"]["2027-05"] == "600.00"
    plain = cli("budget", "plan.yaml", "-f", "json")
    assert "baseline" not in json.loads(plain.out)


def test_budget_table_markdown_and_csv_show_original_and_revision(cli: Cli, repo: Path) -> None:
    table = cli("budget", "plan.yaml", "--by", "month", "--baseline", "HEAD:plan.yaml")
    assert table.code == 0, table.err
    assert "Original budget €1,700.00 (HEAD:plan.yaml): revised -€320.00 (-18.8%)" in table.out
    markdown = cli("budget", "plan.yaml", "-f", "markdown", "--baseline", "plan.yaml")
    # The same file as baseline: nothing revised.
    assert "- Original budget (plan.yaml): €1,380.00; revised: +€0.00" in markdown.out
    by_month = cli(
        "budget", "plan.yaml", "-b", "month", "-f", "markdown", "--baseline", "HEAD:plan.yaml"
    )
    # May: print and the stand (100 + 500) approved, print alone now.
    row = next(line for line in by_month.out.splitlines() if line.startswith("| 2027-05"))
    assert row.startswith("| 2027-05 | €100.00 |")
    assert row.endswith("| €600.00 | -€500.00 |")
    exported = cli("budget", "plan.yaml", "-f", "csv", "--baseline", "HEAD:plan.yaml")
    rows = {row["line"]: row for row in csv.DictReader(io.StringIO(exported.out))}
    assert (rows["B1"]["total"], rows["B1"]["original"]) == ("600.00", "1200.00")
    assert rows["B4"]["original"] == ""


def test_budget_workbook_has_the_original_budget(cli: Cli, repo: Path) -> None:
    from openpyxl import load_workbook

    out = repo / "budget.xlsx"
    result = cli("budget", "plan.yaml", "-f", "xlsx", "-o", out, "--baseline", "HEAD:plan.yaml")
    assert result.code == 0, result.err
    book = load_workbook(out)
    summary = {row[0].value: row[1].value for row in book.worksheets[0].iter_rows(min_row=2)}
    assert (summary["Original budget"], summary["Revision"]) == (1700, -320)
    lines = list(book["Lines"].iter_rows(values_only=True))
    original = lines[0].index("original")
    assert {row[1]: row[original] for row in lines[1:]}["B1"] is not None


@pytest.mark.parametrize(
    ("spec", "code", "says"),
    [
        ("HEAD:nothing.yaml", 2, "error: HEAD:nothing.yaml: path 'nothing.yaml' does not exist"),
        ("v9:plan.yaml", 2, "error: v9:plan.yaml: invalid object name 'v9'"),
        ("actuals.yaml", 1, "actuals.yaml"),
    ],
)
def test_a_bad_baseline_is_a_clear_error(
    cli: Cli, repo: Path, spec: str, code: int, says: str
) -> None:
    for command in ("status", "budget"):
        result = cli(command, "plan.yaml", "--baseline", spec)
        assert result.code == code, result
        assert says in result.err
        assert "Traceback" not in result.err


def test_a_baseline_goes_with_one_plan_in_its_currency(
    cli: Cli, repo: Path, write: Callable[..., Path]
) -> None:
    result = cli("budget", "plan.yaml", "plan.yaml", "--baseline", "HEAD:plan.yaml")
    assert result.code == 2
    assert "--baseline" in result.err and "give one PLAN" in result.err
    dollars = repo / "usd.yaml"
    dollars.write_text(APPROVED.replace("currency: EUR", "currency: USD"), encoding="utf-8")
    for command in ("status", "budget"):
        refused = cli(command, "plan.yaml", "--baseline", dollars)
        assert refused.code == 2
        assert "is in USD, the plan in EUR" in refused.err


def test_report_summary_shows_the_original_beside_the_revised(cli: Cli, repo: Path) -> None:
    out = repo / "report.md"
    args = ("report", "plan.yaml", "-o", out, "--as-of", "2027-07-31")
    result = cli(*args, "--baseline", "HEAD:plan.yaml")
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "| Original budget | €1,700.00 |" in text
    assert "| Revision since approved | -€320.00 |" in text
    assert "| Objective | Light | Original target | Target |" in text
    assert "| €200 | €250 |" in text
    assert cli(*args, "--force").code == 0
    assert "Original" not in out.read_text(encoding="utf-8")
    html = cli("report", "plan.yaml", "-o", repo / "r.html", "--baseline", "HEAD:plan.yaml")
    assert html.code == 0, html.err
    assert "Original target" in (repo / "r.html").read_text(encoding="utf-8")
