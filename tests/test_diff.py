"""`opmkt diff`: two versions of a plan, from files or from git, compared by id; every expected
figure below is worked out by hand."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, Result, run_installed

Cli = Callable[..., Result]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]

PLAN = """\
version: 1
plan:
  name: Corner bakery 2027
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: EUR
  locale: en_US
kpis:
  - {id: revenue, name: Revenue, kind: financial, unit: EUR}
  - {id: basket, name: Average basket, kind: financial, unit: EUR}
objectives:
  - id: O1
    category: business
    title: Grow yearly revenue to 600K
    kpi: revenue
    baseline: 500000
    target: 600000
    deadline: 2027-12-31
    objectives:
      - id: O1.1
        category: conversion
        title: Raise the average basket
        kpi: basket
        baseline: 7.80
        target: 8.50
  - id: O2
    category: communication
    title: Be known in the neighbourhood
actions:
  - {id: A1, objective: O1.1, what: Gift bundles, start: 2027-02-01, end: 2027-06-30}
  - {id: A2, objective: O2, what: Autumn trade fair, start: 2027-09-01, end: 2027-10-31}
budget:
  lines:
    - {id: B1, action: A1, label: Gift boxes, quantity: 1500, unit_cost: 2.40}
    - {id: B2, action: A2, label: Fair booth, amount: 4600}
    - {id: B3, action: A2, label: Flyers, amount: 850.50}
"""

# A target, an action's end date, a line added, a line removed, an amount changed.
CHANGED = (
    PLAN.replace("target: 600000", "target: 650000")
    .replace("end: 2027-10-31", "end: 2027-11-30")
    .replace("    - {id: B2, action: A2, label: Fair booth, amount: 4600}\n", "")
    .replace("amount: 850.50}", "amount: 1000}")
    + "    - {id: B4, action: A1, label: Bundle photos, amount: 1200}\n"
)

EXPECTED = {
    "budget": {
        "currency": {"old": "EUR", "new": "EUR"},
        # 1500 × 2.40 + 4600 + 850.50, then 3600 + 1000 + 1200
        "total": {"old": "9050.50", "new": "5800.00", "delta": "-3250.50"},
        "lines": {
            "added": ["B4"],
            "removed": ["B2"],
            "changed": {"B3": {"old": "850.50", "new": "1000.00", "delta": "149.50"}},
        },
        # O1 holds O1.1's lines (B1, then B1 and B4); O2 holds A2's (B2 and B3, then B3).
        "by_objective": {
            "O1": {"old": "3600.00", "new": "4800.00", "delta": "1200.00"},
            "O1.1": {"old": "3600.00", "new": "4800.00", "delta": "1200.00"},
            "O2": {"old": "5450.50", "new": "1000.00", "delta": "-4450.50"},
        },
    },
    "objectives": {
        "added": [],
        "removed": [],
        "changed": {"O1": {"target": {"old": "600000", "new": "650000"}}},
    },
    "actions": {
        "added": [],
        "removed": [],
        "changed": {"A2": {"end": {"old": "2027-10-31", "new": "2027-11-30"}}},
    },
    "plan": {},
    "sections": {},
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [*GIT, *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository, the current folder, whose last two commits are PLAN then CHANGED."""
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q")
    commit(folder, PLAN, "plan")
    commit(folder, CHANGED, "change")
    monkeypatch.chdir(folder)
    return folder


def commit(repo: Path, text: str, message: str, name: str = "plan.yaml") -> None:
    (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", name)
    git(repo, "commit", "-q", "-m", message)


def diff_json(cli: Cli, *args: str | Path) -> dict[str, Any]:
    result = cli("diff", *args, "-f", "json")
    assert result.code == 0, result.err
    document: dict[str, Any] = json.loads(result.out)
    return document


def test_two_revisions_give_the_hand_written_document(cli: Cli, repo: Path) -> None:
    assert diff_json(cli, "HEAD~1:plan.yaml", "HEAD:plan.yaml") == EXPECTED


def test_the_installed_command_reads_git_and_sets_the_exit_code(repo: Path) -> None:
    result = run_installed("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml", "--exit-code", cwd=repo)
    assert (result.code, result.err) == (1, "")
    assert "Budget total: €9,050.50 → €5,800.00 (-€3,250.50)" in result.out
    same = run_installed("diff", "HEAD:plan.yaml", "plan.yaml", "--exit-code", cwd=repo)
    assert same.code == 0, same.err


def test_a_file_against_a_revision(cli: Cli, repo: Path) -> None:
    # Work in progress, not committed: the file against the last commit, and the other way.
    (repo / "plan.yaml").write_text(CHANGED.replace("label: Flyers", "label: Leaflets"))
    document = diff_json(cli, "HEAD~1:plan.yaml", "plan.yaml")
    assert document["budget"] == EXPECTED["budget"]
    # Only the label differs from HEAD: no figure moves, the line is named under `budget`.
    document = diff_json(cli, "HEAD:plan.yaml", "plan.yaml")
    assert document["budget"]["lines"] == {"added": [], "removed": [], "changed": {}}
    assert document["sections"] == {"budget": ["B3"]}
    assert cli("diff", "HEAD:plan.yaml", "plan.yaml", "--exit-code").code == 1


def test_a_path_from_a_subfolder_follows_git(cli: Cli, repo: Path, monkeypatch: Any) -> None:
    (repo / "sub").mkdir()
    commit(repo, PLAN, "copy", name="sub/plan.yaml")
    monkeypatch.chdir(repo / "sub")
    assert diff_json(cli, "HEAD:./plan.yaml", "HEAD:plan.yaml") == EXPECTED
    # `REV:path` is from the top of the repository, as in git; git's hint is passed on.
    commit(repo, PLAN, "only here", name="sub/only.yaml")
    result = cli("diff", "HEAD:only.yaml", "HEAD:./plan.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: HEAD:only.yaml: path 'sub/only.yaml' exists, but not 'only.yaml' "
        "(did you mean 'HEAD:sub/only.yaml' aka 'HEAD:./only.yaml'?)\n"
    )


def test_identical_plans_are_no_change(cli: Cli, write: Callable[..., Path]) -> None:
    # Comments, layout, number spelling, and the order of items with ids are not changes.
    reordered = (
        PLAN.replace("target: 8.50", "target: 8.5  # was 8.20 last year")
        .replace(PLAN[PLAN.index("  - {id: A1") : PLAN.index("  - {id: A2")], "")
        .replace(
            "budget:",
            "  - id: A1\n    objective: O1.1\n    what: Gift bundles\n"
            "    start: 2027-02-01\n    end: 2027-06-30\nbudget:",
        )
    )
    old, new = write(PLAN, "old.yaml"), write(reordered, "new.yaml")
    result = cli("diff", old, new, "--exit-code")
    assert result.code == 0, result.err
    assert result.out == f"Changes from {old} to {new}: none, the two plans are the same.\n"
    document = diff_json(cli, old, new)
    assert document["budget"]["total"] == {"old": "9050.50", "new": "9050.50", "delta": "0.00"}
    assert document["budget"]["by_objective"] == {}
    assert document["objectives"] == {"added": [], "removed": [], "changed": {}}
    assert document["actions"] == {"added": [], "removed": [], "changed": {}}
    assert (document["plan"], document["sections"]) == ({}, {})
    markdown = cli("diff", old, new, "-f", "markdown").out
    assert markdown.endswith("No changes: the two plans are the same.\n")


def test_plans_that_differ_exit_0_unless_asked(cli: Cli, repo: Path) -> None:
    assert cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml").code == 0
    assert cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml", "--exit-code").code == 1


def test_currencies_differing_keep_each_sides_amounts(cli: Cli, repo: Path) -> None:
    # Yen have no decimals: each side's amounts are in its own currency, with its digits.
    commit(repo, CHANGED.replace("currency: EUR", "currency: JPY"), "yen")
    document = diff_json(cli, "HEAD~1:plan.yaml", "HEAD:plan.yaml")
    budget = document["budget"]
    assert budget["currency"] == {"old": "EUR", "new": "JPY"}
    assert budget["total"] == {"old": "5800.00", "new": "5800", "delta": None}
    # 1000 euros and 1000 yen are not the same money: every figure with money changed.
    assert budget["lines"]["changed"]["B3"] == {"old": "1000.00", "new": "1000", "delta": None}
    assert list(budget["lines"]["changed"]) == ["B1", "B3", "B4"]
    assert document["plan"] == {"currency": {"old": "EUR", "new": "JPY"}}
    text = cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml").out
    assert "Budget total: €5,800.00 → ¥5,800\n" in text
    assert "amounts are in EUR before and in JPY after: no difference is computed" in text
    markdown = cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml", "-f", "markdown").out
    assert "| **Total** | **€5,800.00** | **¥5,800** |  |\n" in markdown
    assert "_Amounts are in EUR before and in JPY after: no difference is computed" in markdown


def test_a_line_without_an_exchange_rate_has_no_amount(cli: Cli, repo: Path) -> None:
    commit(repo, CHANGED.replace("amount: 1000}", "amount: 1000, currency: USD}"), "usd")
    budget = diff_json(cli, "HEAD~1:plan.yaml", "HEAD:plan.yaml")["budget"]
    # Left out of every figure, as in `opmkt budget`: the total drops by the line's 1000.
    assert budget["total"] == {"old": "5800.00", "new": "4800.00", "delta": "-1000.00"}
    assert budget["lines"]["changed"] == {"B3": {"old": "1000.00", "new": None, "delta": None}}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("HEAD~5:plan.yaml", "HEAD~5:plan.yaml: invalid object name 'HEAD~5'"),
        ("HEAD:nowhere.yaml", "HEAD:nowhere.yaml: path 'nowhere.yaml' does not exist in 'HEAD'"),
        ("HEAD:", "HEAD:: is a folder in git, not a file"),
        ("missing.yaml", "missing.yaml: no such file"),
    ],
)
def test_what_cannot_be_read_is_one_line_and_exit_2(
    cli: Cli, repo: Path, spec: str, message: str
) -> None:
    result = cli("diff", spec, "HEAD:plan.yaml")
    assert (result.code, result.out, result.err) == (2, "", f"error: {message}\n")


def test_outside_a_repository_git_says_so(cli: Cli, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml")
    assert result.code == 2
    assert result.err.startswith("error: HEAD~1:plan.yaml: not a git repository")
    assert result.err.count("\n") == 1


def test_a_side_that_is_not_a_plan_names_validate(cli: Cli, repo: Path) -> None:
    commit(repo, PLAN.replace("  currency: EUR\n", "  currency: EUR\n  curency: USD\n"), "typo")
    result = cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml")
    assert result.code == 1
    assert result.err == (
        "error: HEAD:plan.yaml cannot be read as a plan (line 6: unknown key `curency` in "
        "`plan`: did you mean `currency`?): git show HEAD:plan.yaml > FILE, then "
        "`opmkt validate FILE`\n"
    )
    result = cli("diff", "plan.yaml", "HEAD~1:plan.yaml")
    assert result.code == 1
    assert result.err.endswith(": run `opmkt validate plan.yaml`\n")


def test_structure_and_sections_are_reported(cli: Cli, write: Callable[..., Path]) -> None:
    moved = (
        PLAN.replace("      - id: O1.1\n", "")
        .replace("        category: conversion\n", "")
        .replace("        title: Raise the average basket\n", "")
        .replace("        kpi: basket\n        baseline: 7.80\n        target: 8.50\n", "")
        .replace("    objectives:\n", "")
        .replace(
            "    title: Be known in the neighbourhood\n",
            "    title: Be known in the neighbourhood\n    objectives:\n"
            "      - {id: O1.1, category: conversion, title: Raise the average basket,"
            " kpi: basket, baseline: 7.80, target: 8.50}\n",
        )
        .replace("  locale: en_US\n", "  locale: en_US\n  budget_cap: 20000\n")
        .replace("unit: EUR}\n  - {id: basket", "unit: euros}\n  - {id: basket")
    )
    document = diff_json(cli, write(PLAN, "old.yaml"), write(moved, "new.yaml"))
    # A sub-objective moved to another parent: its field `parent` changed.
    assert document["objectives"]["changed"] == {"O1.1": {"parent": {"old": "O1", "new": "O2"}}}
    assert document["plan"] == {"budget_cap": {"old": None, "new": "20000"}}
    assert document["sections"] == {"kpis": ["revenue"]}
    # A's lines moved with O1.1 to O2: the budget of both tops changed.
    assert document["budget"]["by_objective"] == {
        "O1": {"old": "3600.00", "new": "0.00", "delta": "-3600.00"},
        "O2": {"old": "5450.50", "new": "9050.50", "delta": "3600.00"},
    }


def test_markdown_escapes_plan_text(cli: Cli, write: Callable[..., Path]) -> None:
    piped = PLAN.replace("label: Flyers, amount: 850.50", "label: 'Flyers | posters', amount: 9")
    piped = piped.replace("title: Be known in the neighbourhood", "title: 'Be *known* | seen'")
    out = cli("diff", write(PLAN, "old.yaml"), write(piped, "new.yaml"), "-f", "markdown").out
    assert "| B3 Flyers \\| posters | changed | €850.50 | €9.00 | -€841.50 |" in out
    assert "- **Changed** O2: Be \\*known\\* \\| seen" in out
    assert "  - `title`: Be known in the neighbourhood → Be \\*known\\* \\| seen" in out


def northwind_change(text: str) -> str:
    """A realistic pull request on the Northwind plan: a bigger target, a later show, a line
    dropped, one added, an amount raised, an action added, a status and a cap changed."""
    old_b16 = text[text.index("    - id: B16\n") : text.index("    # Corporate gifting (O5)")]
    changed = (
        text.replace("    target: 1150000\n", "    target: 1200000\n")
        .replace("    end: 2027-08-31\n", "    end: 2027-09-15\n")
        .replace(
            "      amount: 1200\n      vendor: Harbor & Co.",
            "      amount: 1300\n      vendor: Harbor & Co.",
        )
        .replace("  budget_cap: 105000\n", "  budget_cap: 110000\n")
        .replace(old_b16, "")
        .replace("    status: done\n  - id: A3\n", "    status: in_progress\n  - id: A3\n")
    )
    line = (
        "    - id: B18\n      action: A13\n      label: Lead follow-up mailing\n"
        "      category: print\n      amount: 750\n      date: 2027-09\n"
    )
    # The new line goes last in the budget, before the report's settings.
    return changed.replace(
        "\nbudget:\n",
        "\n  - id: A13\n    objective: O1.2\n    what: Follow up NY NOW leads | by phone\n"
        "    start: 2027-09-01\n    end: 2027-10-31\n    owner: jo\n\nbudget:\n",
    ).replace("\n\nreport:\n", f"\n{line}\nreport:\n")


def test_northwind_change_is_pinned(
    cli: Cli, tmp_path: Path, monkeypatch: Any, golden: Callable[[str, str], None]
) -> None:
    text = (EXAMPLES / "northwind-studio" / "plan.yaml").read_text(encoding="utf-8")
    changed = northwind_change(text)
    assert changed.count("\n") > text.count("\n") - 10, "the example moved: update the change"
    git(tmp_path, "init", "-q")
    commit(tmp_path, text, "plan")
    commit(tmp_path, changed, "review")
    monkeypatch.chdir(tmp_path)
    text_out = cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml")
    assert text_out.code == 0, text_out.err
    golden("diff-northwind.txt", text_out.out)
    markdown = cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml", "--format", "markdown")
    golden("diff-northwind.md", markdown.out)


def test_output_file_is_never_overwritten(cli: Cli, repo: Path) -> None:
    written = cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml", "-f", "markdown", "-o", "c.md")
    assert (written.code, written.out, written.err) == (0, "", "wrote c.md\n")
    first = (repo / "c.md").read_text(encoding="utf-8")
    assert first.startswith("### Plan changes: HEAD\\~1:plan.yaml → HEAD:plan.yaml\n")
    again = cli("diff", "HEAD~1:plan.yaml", "HEAD:plan.yaml", "-o", "c.md")
    assert (again.code, again.err) == (2, "error: c.md already exists: use --force to replace it\n")
    assert (repo / "c.md").read_text(encoding="utf-8") == first
