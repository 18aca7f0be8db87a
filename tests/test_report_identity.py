"""A report says when it was written and which plan it shows: the date of its results or
the day it was written, and the plan's git commit (changed since, or not) or, outside a
repository, the day its file was written. The environment pins both, for a document that
can be written again the same."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.report_support import PLANS, parse_html

Cli = Callable[..., Result]
GIT = ("git", "-c", "user.name=Planner", "-c", "user.email=planner@example.org")


def cover(html: Path) -> dict[str, str]:
    """The cover's facts, term by term."""
    facts = next(n for n in parse_html(html.read_text(encoding="utf-8")).iter("dl"))
    terms = [n.text().strip() for n in facts.iter("dt")]
    values = [" ".join(n.text().split()) for n in facts.iter("dd")]
    return dict(zip(terms, values, strict=True))


def git(folder: Path, *args: str) -> str:
    done = subprocess.run([*GIT, "-C", str(folder), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The English example in a folder of its own, its version unpinned."""
    monkeypatch.delenv("OPMKT_PLAN_VERSION")
    for name in ("plan.yaml", "actuals.yaml", "logo.svg"):
        shutil.copy(PLANS["northwind-studio"].with_name(name), tmp_path / name)
    return tmp_path / "plan.yaml"


def test_a_committed_plan_is_named_by_its_commit_and_said_changed_after(
    cli: Cli, plan: Path
) -> None:
    folder = plan.parent
    git(folder, "init", "-q")
    git(folder, "add", "plan.yaml", "actuals.yaml", "logo.svg")
    git(folder, "commit", "-q", "-m", "The plan")
    first = git(folder, "rev-parse", "--short", "HEAD")
    out = folder / "report.html"
    assert cli("report", plan, "-o", out, "--as-of", "2027-09-30").code == 0
    assert cover(out)["Plan version"] == f"commit {first}"
    # Another commit that leaves the plan alone does not change its version.
    (folder / "notes.txt").write_text("minutes of the kick-off\n", encoding="utf-8")
    git(folder, "add", "notes.txt")
    git(folder, "commit", "-q", "-m", "Notes")
    assert cli("report", plan, "-o", out, "--as-of", "2027-09-30").code == 0
    assert cover(out)["Plan version"] == f"commit {first}"
    with plan.open("a", encoding="utf-8") as handle:
        handle.write("# reviewed\n")
    assert cli("report", plan, "-o", out, "--as-of", "2027-09-30").code == 0
    assert cover(out)["Plan version"] == f"commit {first}, changed since"


def test_outside_a_repository_the_version_is_the_day_the_file_was_written(
    cli: Cli, plan: Path
) -> None:
    written = calendar.timegm((2026, 11, 24, 15, 30, 0))
    os.utime(plan, (written, written))
    out = plan.parent / "report.html"
    assert cli("report", plan, "-o", out, "--as-of", "2027-09-30").code == 0
    assert cover(out)["Plan version"] == "file of Nov 24, 2026"
    # A file git does not track is no commit of the repository around it.
    git(plan.parent, "init", "-q")
    assert cli("report", plan, "-o", out, "--as-of", "2027-09-30").code == 0
    assert cover(out)["Plan version"] == "file of Nov 24, 2026"


def test_the_date_is_the_date_of_the_results_or_the_day_it_was_written(
    cli: Cli, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = plan.parent / "report.html"
    assert cli("report", plan, "-o", out, "--as-of", "2027-09-30").code == 0
    assert cover(out)["Date"] == "Sep 30, 2027 (the date of the results)"
    # Without --as-of, today: SOURCE_DATE_EPOCH pins it, and the results are as of it too.
    day = dt.date(2027, 6, 15)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm(day.timetuple()) + 3600))
    assert cli("report", plan, "-o", out).code == 0
    facts = cover(out)
    assert facts["Date"] == "Jun 15, 2027 (the day it was written)"
    assert facts["Results as of"] == "Jun 15, 2027"


def test_a_pinned_version_and_a_bad_pinned_day(
    cli: Cli, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = plan.parent / "report.html"
    monkeypatch.setenv("OPMKT_PLAN_VERSION", "v3 <signed>")
    assert cli("report", plan, "-o", out, "--as-of", "2027-09-30").code == 0
    assert cover(out)["Plan version"] == "v3 <signed>"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "next tuesday")
    bad = cli("report", plan, "-o", out, "--force")
    assert bad.code == 2
    assert "SOURCE_DATE_EPOCH='next tuesday' is not a time" in bad.err
    assert "Traceback" not in bad.err
