"""A record dated outside the plan's period (a typo in the year, most often) is refused by
every track command that records, unless `--outside-period` says it is meant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.test_track import ACTUALS, PLAN, inserted, validates


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "actuals.yaml").write_text(ACTUALS, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "side"),
    [
        (["spend", "B1", "200", "--date", "2029-02-28"], "after"),
        (["kpi", "ca", "82000", "--date", "2026-12-31"], "before"),
    ],
)
def test_a_date_outside_the_period_is_refused_naming_the_option(
    cli: Callable[..., Result], folder: Path, args: list[str], side: str
) -> None:
    actuals = folder / "actuals.yaml"
    result = cli("track", *args, "--actuals", actuals)
    assert result.code == 2
    assert result.err == (
        f"error: --date {args[-1]} is {side} the period of the plan {folder / 'plan.yaml'} "
        "(2027-01-01..2027-12-31): correct the date, or record it anyway with --outside-period\n"
    )
    assert actuals.read_text(encoding="utf-8") == ACTUALS


def test_without_a_date_today_must_lie_in_the_period(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    today = dt.date.today()
    (tmp_path / "plan.yaml").write_text(
        PLAN.replace("{start: 2027-01-01, end: 2027-12-31}", f"{{start: {today}, end: {today}}}"),
        encoding="utf-8",
    )
    plan = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    later = f"{{start: {today + dt.timedelta(days=400)}, end: {today + dt.timedelta(days=700)}}}"
    (tmp_path / "other.yaml").write_text(
        PLAN.replace("{start: 2027-01-01, end: 2027-12-31}", later), encoding="utf-8"
    )
    actuals, elsewhere = tmp_path / "actuals.yaml", tmp_path / "elsewhere.yaml"
    assert cli("track", "spend", "B1", "5", "--actuals", actuals).code == 0
    result = cli(
        "track", "spend", "B1", "5", "--actuals", elsewhere, "--plan", tmp_path / "other.yaml"
    )
    assert result.code == 2
    assert result.err.startswith(f"error: today's date (no --date) {today} is before the period")
    assert not elsewhere.exists()
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == plan


def test_both_ends_of_the_period_are_inside_it(cli: Callable[..., Result], folder: Path) -> None:
    actuals = folder / "actuals.yaml"
    for day in ("2027-01-01", "2027-12-31"):
        assert cli("track", "spend", "B3", "5", "--date", day, "--actuals", actuals).code == 0
    assert inserted(ACTUALS, actuals.read_text(encoding="utf-8")) == [
        "  - {line: B3, date: 2027-01-01, amount: 5}",
        "  - {line: B3, date: 2027-12-31, amount: 5}",
    ]


def test_with_outside_period_it_is_recorded_and_validate_still_warns(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    result = cli(
        "track", "spend", "B1", "200", "--date", "2029-02-28", "--outside-period",
        "--actuals", actuals,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert inserted(ACTUALS, actuals.read_text(encoding="utf-8")) == [
        "  - {line: B1, date: 2029-02-28, amount: 200}"
    ]
    check = cli("validate", folder / "plan.yaml", actuals)
    assert "actuals-outside-period" in check.out


EXPORT = """\
line,date,amount,ref
B1,2027-03-04,120,F-1
B2,2029-03-04,80,F-2
B3,2027-03-05,40,F-3
B3,2026-12-31,10,F-4
"""


def test_an_import_names_every_row_outside_the_period_and_imports_nothing(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    export = folder / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    result = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
    assert result.code == 1
    span = f"the period of the plan {folder / 'plan.yaml'} (2027-01-01..2027-12-31)"
    fix = "correct the date, or record it anyway with --outside-period"
    assert result.err.splitlines() == [
        f"{export}:3: date 2029-03-04 is after {span}: {fix}",
        f"{export}:5: date 2026-12-31 is before {span}: {fix}",
        "nothing imported: 2 rows to fix",
    ]
    assert actuals.read_text(encoding="utf-8") == ACTUALS
    result = cli(
        "track", "import", export, "--kind", "spend", "--outside-period", "--actuals", actuals
    )
    assert (result.code, result.out) == (0, f"added 4 records to {actuals}, 0 already there\n")
    validates(folder / "plan.yaml")
