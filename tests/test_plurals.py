"""Counts in messages take the noun's number: `1 error`, `2 errors`, never `1 errors`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from opmkt.findings import counted
from tests.conftest import MINIMAL_PLAN, Result

ONE_OF_EACH = """\
version: 1
plan:
  name: Minimal plan 2026
  period: {start: 2026-01-01, end: 2026-12-31}
  owner: nobody
lint:
  disable:
    [audit-incomplete, kpi-coverage, objective-categories, pestel-incomplete, swot-incomplete]
"""


@pytest.mark.parametrize(
    ("n", "text"), [(0, "0 errors"), (1, "1 error"), (2, "2 errors"), (11, "11 errors")]
)
def test_counted(n: int, text: str) -> None:
    assert counted(n, "error") == text


def test_init_from_counts_one_finding_of_each_in_the_singular(
    cli: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    # The next plan has one error (owner), one warning (no mix) and one note (no review).
    result = cli("init", "--from", write(ONE_OF_EACH), tmp_path / "next")
    assert result.code == 1
    assert "1 error, 1 warning, 1 note" in result.out.splitlines()
    checked = cli("validate", tmp_path / "next" / "plan.yaml")
    assert checked.out.splitlines()[-1] == "1 file checked: 1 error, 1 warning, 1 info"


@pytest.mark.parametrize(
    ("objectives", "summary"),
    [
        ("", "no objective to check"),
        (
            "  - {id: O1, category: business, title: Grow revenue this year}\n",
            "0 of 1 objective is SMART",
        ),
    ],
)
def test_smart_counts_one_objective_in_the_singular(
    cli: Callable[..., Result], write: Callable[..., Path], objectives: str, summary: str
) -> None:
    plan = write(MINIMAL_PLAN + ("objectives:\n" + objectives if objectives else ""))
    assert cli("smart", plan).out.rstrip().splitlines()[-1] == summary


def test_calendar_counts_one_event_in_the_singular(
    cli: Callable[..., Result], write: Callable[..., Path], tmp_path: Path
) -> None:
    plan = write(
        MINIMAL_PLAN + "actions:\n"
        "  - {id: A1, objective: O1, what: Flyers, start: 2027-03-01, end: 2027-03-02}\n"
    )
    target = tmp_path / "plan.ics"
    result = cli("calendar", plan, "-o", target)
    assert result.err == f"wrote {target} (1 event)\n"
