"""Fuzzing every command that reads user files: whatever the files hold, a located finding or a
one-line error with the documented exit code, in bounded time and memory, never a traceback.

Plans and actuals files come from four strategies (tests/fuzz_support.py): random documents
shaped by the format's own JSON Schema (most load, with odd but valid values, so that the
commands past loading run too), random YAML of any shape keyed by the format's words, the
bundled examples changed structurally (a key deleted, a value of another type, a list item
duplicated, an id swapped for another, a value pushed to its extreme), and the examples damaged
byte by byte (truncated at any byte, control characters, brackets, quotes, tabs, a line
deleted or repeated). `track import` gets random CSV exports. Commands run in this process
through `opmkt.cli.run`, which the installed command also runs.

Runs are reproducible (derandomize). To hunt harder, scale the examples:
`OPMKT_FUZZ_SCALE=50 pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from opmkt.cli.commands import argv
from opmkt.io.files import same_file
from opmkt.io.yamlio import parse
from opmkt.plan.loader import load, load_plan
from opmkt.plan.walk import walk_objectives
from tests.commands import PLACES, SPEND_CSV, readers, writers
from tests.conftest import EXAMPLES
from tests.fuzz_support import (
    EXAMPLE_BYTES,
    EXAMPLE_NAMES,
    IDS,
    KPI_IDS,
    LINE_IDS,
    CsvExport,
    Run,
    csv_exports,
    dates,
    fair_numbers,
    file_contents,
    numbers,
    opmkt,
    texts,
)

# The fuzzers read what commands say of the French example in English (OPMKT_LANG=en).
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("english")]

MAX_MEMORY = 64 * 1024 * 1024
"""Peak memory of one command above what was in use before it. Measured, the heaviest runs
(report, budget to xlsx, on a whole example, imports included) stay under 10 MiB; 64 MiB is
over 1,000 times the largest input, so that an amplification (aliases expanded, text repeated
in a loop) is caught, and a change of library or layout is not. On Linux it is the growth of
resident memory (fuzz_support.peak_memory), elsewhere Python's own allocations (tracemalloc)."""

SCALE = int(os.environ.get("OPMKT_FUZZ_SCALE", "1"))
"""How many times more examples to run: 1 in `make test`; raise it to hunt."""


def fuzz(count: int) -> settings:
    """Reproducible settings for `count` examples (times SCALE)."""
    return settings(
        max_examples=count * SCALE,
        # No deadline: a test asserts outcomes and memory, never durations; a hung run is
        # stopped by fuzz_support.hang_guard, and speed is measured by `make bench`.
        deadline=None,
        derandomize=True,
        # Inputs are whole files (tens of KB): generating them is slower than hypothesis
        # expects of a strategy, and large by its standards, by design.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


PLANS = file_contents("plan")
ACTUALS = file_contents("actuals")
LOADING_PLANS = file_contents("plan", loading=True)
LOADING_ACTUALS = file_contents("actuals", loading=True)
AS_OF = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def folder(workdir: Path, name: str) -> Path:
    """An empty folder for one example of one test."""
    path = workdir / name
    if path.exists():
        shutil.rmtree(path)
    path.mkdir()
    # The files an example plan names beside it (its report logo) sit beside every plan copied.
    for name in EXAMPLE_NAMES:
        for picture in (EXAMPLES / name).glob("logo.*"):
            shutil.copyfile(picture, path / picture.name)
    return path


# The contract, checked on every run


def text_lines(data: bytes, breaks: str = r"\r?\n") -> list[str]:
    """The lines of a file as opmkt counts them in YAML files: a line ends at LF (or CR LF),
    as in git and most editors; a lone CR, U+2028 or U+0085 is a character of the line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8-sig", errors="replace")
    lines = re.split(breaks, text)
    if lines[-1] == "":
        lines.pop()
    return lines


def csv_lines(data: bytes) -> list[str]:
    """The lines of a CSV file as Python's csv module counts them: a lone CR ends one too."""
    return text_lines(data, r"\r\n|\r|\n")


def assert_inside(data: bytes, line: int, column: int, what: object) -> None:
    """line:column is in the file. The end of the file may be reported on the line after the
    last one (libyaml starts a new line at the end of the stream), at its first column."""
    lines = text_lines(data)
    assert 1 <= line <= len(lines) + 1, (line, column, what)
    width = len(lines[line - 1]) if line <= len(lines) else 0
    assert 1 <= column <= width + 1, (line, column, what)


def check(run: Run, allowed: set[int]) -> None:
    """What holds for every run of every command."""
    if currently_in_test_context():  # `pytest --hypothesis-show-statistics` shows how runs end
        event(f"exit {run.code}")
    assert run.code in allowed, run
    for stream in (run.out, run.err):
        assert "Traceback" not in stream, run
        assert "internal error" not in stream, run
    assert run.peak_bytes < MAX_MEMORY, f"{run.peak_bytes / 2**20:.0f} MiB: {run.args}"
    if run.code == 2:
        assert_one_error(run)


def assert_one_error(run: Run, fragment: str = "") -> str:
    """Exactly one line on stderr, `error: …`; notes may come before it. (Lines as a terminal
    shows them: text quoted from a file may hold characters str.splitlines() breaks at.)"""
    lines = [line for line in run.err.split("\n")[:-1] if not line.startswith("note: ")]
    assert run.err.endswith("\n"), run
    assert len(lines) == 1, run
    assert lines[0].startswith("error: "), run
    assert fragment in lines[0], run
    return lines[0]


def assert_refused_plan(run: Run, name: Path | str, what: str = "a plan") -> str:
    """How every command refuses a plan (or actuals file) that does not load: exit 1 and one
    line with its first problem, which sends the user to `opmkt validate` for all of them."""
    assert run.code == 1, run
    line = assert_one_error(run, f"error: {name} ")
    if what == "a plan" and line.endswith(
        " is an actuals file, not a plan: give the plan it tracks"
    ):
        return line
    assert line.startswith(f"error: {name} cannot be read as {what} (line "), run
    assert line.endswith(f"): run `opmkt validate {name}`"), run
    return line


def loads(path: Path) -> bool:
    return load_plan(path).plan is not None


def actuals_load(path: Path) -> bool:
    return load(path, expect="actuals").actuals is not None


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# validate and smart


def assert_located_json(run: Run, files: dict[str, bytes]) -> list[dict[str, Any]]:
    """validate's JSON: every finding in one of the files, at a line and column inside it,
    and the exit status that the findings call for."""
    document = json.loads(run.out)
    found: list[dict[str, Any]] = document["findings"]
    for finding in found:
        assert finding["file"] in files, finding
        assert_inside(files[finding["file"]], finding["line"], finding["column"], finding)
        assert finding["message"].strip(), finding
    errors = [f for f in found if f["severity"] == "error"]
    assert document["summary"]["error"] == len(errors)
    assert run.code == (1 if errors else 0), run
    return found


@fuzz(150)
@given(data=PLANS)
def test_validate_locates_every_finding_in_a_plan(workdir: Path, data: bytes) -> None:
    plan = write(folder(workdir, "validate") / "plan.yaml", data)
    run = opmkt("validate", plan, "--format", "json")
    check(run, {0, 1})
    found = assert_located_json(run, {str(plan): data})
    if not loads(plan):  # validate never passes what the other commands refuse
        assert any(f["severity"] == "error" for f in found), found


@fuzz(80)
@given(actuals=ACTUALS, plan=st.one_of(st.sampled_from(EXAMPLE_NAMES), PLANS))
def test_validate_locates_every_finding_in_an_actuals_file(
    workdir: Path, actuals: bytes, plan: bytes | str
) -> None:
    here = folder(workdir, "validate-actuals")
    plan_data = EXAMPLE_BYTES[(plan, "plan")] if isinstance(plan, str) else plan
    plan_path = write(here / "plan.yaml", plan_data)
    actuals_path = write(here / "actuals.yaml", actuals)
    run = opmkt("validate", plan_path, actuals_path, "--format", "json")
    check(run, {0, 1})
    assert_located_json(run, {str(plan_path): plan_data, str(actuals_path): actuals})


@fuzz(60)
@given(data=LOADING_PLANS, output_format=st.sampled_from(["json", "markdown", "text"]))
def test_smart_shows_every_objective_or_refuses_the_plan(
    workdir: Path, data: bytes, output_format: str
) -> None:
    plan = write(folder(workdir, "smart") / "plan.yaml", data)
    run = opmkt("smart", plan, "--format", output_format)
    check(run, {0, 1})
    read = load(plan)
    if read.kind == "actuals":
        # A `plan:` that names a file makes an actuals file, which smart takes and shows no
        # objective of; one that does not load is refused as what it is.
        if read.actuals is None:
            assert_refused_plan(run, plan, "an actuals file")
        else:
            assert run.code == 0, run
        return
    loaded = read.plan
    if loaded is None:
        assert_refused_plan(run, plan)
        return
    assert run.code == 0, run
    if output_format == "json":
        shown = json.loads(run.out)["objectives"]
        assert set(shown) == {at.objective.id for at in walk_objectives(loaded)}


# budget


@fuzz(120)
@given(
    data=LOADING_PLANS,
    output_format=st.sampled_from(["table", "json", "csv", "markdown", "xlsx"]),
    by=st.sampled_from(
        ["objective", "action", "category", "channel", "mix", "segment", "month", "quarter"]
    ),
    to_file=st.booleans(),
)
def test_budget_rolls_up_every_plan_that_loads_and_refuses_the_others(
    workdir: Path, data: bytes, output_format: str, by: str, to_file: bool
) -> None:
    here = folder(workdir, "budget")
    plan = write(here / "plan.yaml", data)
    out = here / f"budget.{output_format}"
    options = ["-o", str(out)] if to_file or output_format == "xlsx" else []
    run = opmkt("budget", plan, "--format", output_format, "--by", by, *options)
    check(run, {0, 1})
    if not loads(plan):
        assert_refused_plan(run, plan)
        assert not out.exists()
        return
    assert run.code == 0, run
    content = out.read_bytes() if options else run.out.encode()
    if output_format == "json":
        document = json.loads(content)
        assert set(document) >= {"currency", "total", "by"}
    elif output_format == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert rows and all(len(row) == len(rows[0]) for row in rows)
    elif output_format == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        assert book.sheetnames
    else:
        assert content.strip()


# status


@fuzz(120)
@given(
    plan=st.one_of(st.sampled_from(EXAMPLE_NAMES), LOADING_PLANS),
    actuals=st.one_of(st.none(), LOADING_ACTUALS),
    as_of=AS_OF,
    output_format=st.sampled_from(["json", "markdown", "text"]),
)
def test_status_reports_results_or_refuses_the_file_that_does_not_load(
    workdir: Path, plan: bytes | str, actuals: bytes | None, as_of: str | None, output_format: str
) -> None:
    here = folder(workdir, "status")
    plan_path = write(here / "plan.yaml", _plan_bytes(plan))
    actuals_path = here / "actuals.yaml"
    if actuals is not None:
        write(actuals_path, actuals)
    when = ["--as-of", as_of] if as_of else []
    run = opmkt("status", plan_path, "--format", output_format, *when)
    check(run, {0, 1, 2})
    if not loads(plan_path):
        assert_refused_plan(run, plan_path)
    elif actuals is not None and not actuals_load(actuals_path):
        assert_refused_plan(run, actuals_path, "an actuals file")
    elif actuals is not None and not tracks(actuals_path, plan_path):
        assert run.code == 2, run
        assert_one_error(run, f"error: {actuals_path} tracks ")
    else:
        assert run.code == 0, run
        if output_format == "json":
            document = json.loads(run.out)
            assert set(document) == {"as_of", "currency", "spend", "objectives", "actions", "kpis"}
        else:
            assert run.out.strip()


def tracks(actuals: Path, plan: Path) -> bool:
    """Whether the actuals file's `plan:` names this plan: status uses it with no other."""
    loaded = load(actuals, expect="actuals").actuals
    return loaded is not None and same_file(actuals.parent / loaded.plan, plan)


def _plan_bytes(plan: bytes | str) -> bytes:
    return EXAMPLE_BYTES[(plan, "plan")] if isinstance(plan, str) else plan


# track: spend and kpi


def records(path: Path) -> tuple[int, int]:
    """How many spend records and measurements an actuals file holds, as opmkt reads it."""
    actuals = load(path, expect="actuals").actuals
    assert actuals is not None, [f.message for f in load(path, expect="actuals").findings]
    return len(actuals.spend), len(actuals.kpis)


def assert_refusal_located(run: Run, files: dict[str, bytes]) -> None:
    """An actuals file or plan that does not load is refused with its first problem, at a
    place inside that file."""
    line = assert_one_error(run)
    name = next((n for n in files if line.startswith(f"error: {n} ")), None)
    assert name is not None, line
    what = "a plan" if name.endswith("plan.yaml") else "an actuals file"
    line = assert_refused_plan(run, name, what)
    match = re.search(r" \(line (\d+): ", line)
    if match is not None:
        assert_inside(files[name], int(match.group(1)), 1, line)


@fuzz(120)
@given(
    actuals=st.one_of(st.sampled_from(EXAMPLE_NAMES), LOADING_ACTUALS),
    plan=st.one_of(st.sampled_from(EXAMPLE_NAMES), st.sampled_from(EXAMPLE_NAMES), LOADING_PLANS),
    kind_and_name=st.one_of(
        st.tuples(st.just("spend"), st.sampled_from(LINE_IDS)),
        st.tuples(st.just("kpi"), st.sampled_from(KPI_IDS)),
        st.tuples(st.sampled_from(["spend", "kpi"]), st.one_of(st.sampled_from(IDS), texts)),
    ),
    value=st.one_of(fair_numbers, fair_numbers, numbers, texts),
    day=st.one_of(st.none(), dates, dates, texts),
    extra=st.lists(
        st.tuples(st.sampled_from(["--ref", "--note", "--currency"]), texts), max_size=2
    ),
    outside_period=st.booleans(),
)
def test_track_records_one_item_or_leaves_the_file_as_it_was(
    workdir: Path,
    actuals: bytes | str,
    plan: bytes | str,
    kind_and_name: tuple[str, str],
    value: str,
    day: str | None,
    extra: list[tuple[str, str]],
    outside_period: bool,
) -> None:
    kind, name = kind_and_name
    here = folder(workdir, "track")
    plan_data = _plan_bytes(plan)
    write(here / "plan.yaml", plan_data)
    before = EXAMPLE_BYTES[(actuals, "actuals")] if isinstance(actuals, str) else actuals
    path = write(here / "actuals.yaml", before)
    options = [] if day is None else ["--date", day]
    options += ["--outside-period"] if outside_period else []
    for option, text in extra:
        if kind == "spend" or option == "--note":
            options += [option, text]
    run = opmkt("track", kind, "--actuals", path, *options, "--", name, value)
    check(run, {0, 1, 2})
    if run.code != 0:
        assert path.read_bytes() == before, run
        if run.code == 1:
            assert_refusal_located(run, {str(path): before, str(here / "plan.yaml"): plan_data})
        return
    old = load(write(here / "old.yaml", before), expect="actuals").actuals
    now = load(path, expect="actuals").actuals
    assert old is not None and now is not None, run
    # One record more, the one typed, after the others; nothing else changed.
    if kind == "spend":
        assert now.spend[:-1] == old.spend and now.kpis == old.kpis, run
        assert (now.spend[-1].line, now.spend[-1].amount) == (name, Decimal(value.strip()))
        recorded = now.spend[-1].date
    else:
        assert now.kpis[:-1] == old.kpis and now.spend == old.spend, run
        assert (now.kpis[-1].kpi, now.kpis[-1].value) == (name, Decimal(value.strip()))
        recorded = now.kpis[-1].date
    tracked = load_plan(here / "plan.yaml").plan
    assert tracked is not None, run
    period = tracked.plan.period
    assert outside_period or period.start <= recorded <= period.end, run


# track import


@fuzz(200)
@given(
    export=csv_exports(),
    actuals=st.sampled_from([*EXAMPLE_NAMES, None]),
)
def test_track_import_adds_every_row_or_names_each_bad_one(
    workdir: Path, export: CsvExport, actuals: str | None
) -> None:
    here = folder(workdir, "import")
    example = actuals or "fournil-dupont"
    write(here / "plan.yaml", EXAMPLE_BYTES[(example, "plan")])
    source = write(here / "export.csv", export.content)
    path = here / "actuals.yaml"
    before = EXAMPLE_BYTES[(actuals, "actuals")] if actuals else None
    if before is not None:
        write(path, before)
    run = opmkt(
        "track", "import", source, "--kind", export.kind, "--actuals", path, *export.options
    )
    check(run, {0, 1, 2})
    if run.code != 0:
        assert (path.read_bytes() if path.exists() else None) == before, run
    if run.code == 1:
        lines = run.err.splitlines()
        count = len(lines) - 1
        assert lines[-1] == f"nothing imported: {count} row{'' if count == 1 else 's'} to fix"
        physical = len(csv_lines(export.content))
        for line in lines[:-1]:
            match = re.match(rf"{re.escape(str(source))}:(\d+): \S", line)
            assert match is not None, run
            assert 1 <= int(match.group(1)) <= max(physical, 1), run
    if run.code == 0:
        summary = re.match(r"added (\d+) records? to ", run.out)
        assert summary is not None, run
        added = int(summary.group(1))
        if before is None and added == 0:
            assert not path.exists(), run  # nothing to record: no file created
            return
        old = records(write(here / "old.yaml", before)) if before is not None else (0, 0)
        assert sum(records(path)) - sum(old) == added, run


# report


@fuzz(70)
@given(
    plan=st.one_of(st.sampled_from(EXAMPLE_NAMES), LOADING_PLANS),
    actuals=st.one_of(st.none(), st.sampled_from(EXAMPLE_NAMES), LOADING_ACTUALS),
    output_format=st.sampled_from(["html", "md"]),
    as_of=AS_OF,
)
def test_report_is_written_for_every_plan_that_loads(
    workdir: Path,
    plan: bytes | str,
    actuals: bytes | str | None,
    output_format: str,
    as_of: str | None,
) -> None:
    here = folder(workdir, "report")
    plan_path = write(here / "plan.yaml", _plan_bytes(plan))
    actuals_path = here / "actuals.yaml"
    if actuals is not None:
        data = EXAMPLE_BYTES[(actuals, "actuals")] if isinstance(actuals, str) else actuals
        write(actuals_path, data)
    out = here / "out" / f"report.{output_format}"
    when = ["--as-of", as_of] if as_of else []
    run = opmkt("report", plan_path, "-f", output_format, "-o", out, *when)
    check(run, {0, 1, 2})
    if not loads(plan_path):
        assert_refused_plan(run, plan_path)
    elif actuals is not None and not actuals_load(actuals_path):
        assert_refused_plan(run, actuals_path, "an actuals file")
    elif actuals is not None and not tracks(actuals_path, plan_path):
        assert run.code == 2, run
        assert_one_error(run, f"error: {actuals_path} tracks ")
    else:
        assert run.code == 0, run
        text = out.read_text(encoding="utf-8")
        assert "generated by opmkt report" in text
        if output_format == "html":
            assert text.rstrip().endswith("</html>")
        return
    assert not out.exists()


# calendar


@fuzz(100)
@given(data=LOADING_PLANS, to_file=st.booleans())
def test_calendar_exports_every_plan_that_loads(workdir: Path, data: bytes, to_file: bool) -> None:
    here = folder(workdir, "calendar")
    plan = write(here / "plan.yaml", data)
    out = here / "plan.ics"
    run = opmkt("calendar", plan, *(["-o", str(out)] if to_file else []))
    check(run, {0, 1})
    if not loads(plan):
        assert_refused_plan(run, plan)
        assert not out.exists()
        return
    assert run.code == 0, run
    content = out.read_bytes() if to_file else run.out.encode()
    calendar = Calendar.from_ical(content)
    assert calendar.name == "VCALENDAR"


# diff


@fuzz(100)
@given(
    old=st.one_of(st.sampled_from(EXAMPLE_NAMES), LOADING_PLANS),
    new=st.one_of(st.sampled_from(EXAMPLE_NAMES), LOADING_PLANS),
    output_format=st.sampled_from(["json", "markdown", "text"]),
)
def test_diff_compares_two_plans_or_says_where_one_is_broken(
    workdir: Path, old: bytes | str, new: bytes | str, output_format: str
) -> None:
    here = folder(workdir, "diff")
    sides = {}
    for name, side in (("old.yaml", old), ("new.yaml", new)):
        sides[here / name] = _plan_bytes(side)
        write(here / name, sides[here / name])
    run = opmkt("diff", here / "old.yaml", here / "new.yaml", "--format", output_format)
    check(run, {0, 1})
    broken = [path for path in sides if not loads(path)]
    if not broken:
        assert run.code == 0, run
        if output_format == "json":
            assert set(json.loads(run.out)) >= {"budget", "objectives", "actions"}
        return
    line = assert_refused_plan(run, broken[0])
    match = re.search(r" \(line (\d+): ", line)
    if match is not None:
        assert_inside(sides[broken[0]], int(match.group(1)), 1, line)


# fmt


@fuzz(40)
@given(
    data=st.one_of(PLANS, ACTUALS),
    check_only=st.booleans(),
)
def test_fmt_keeps_the_data_and_touches_nothing_it_cannot_format(
    workdir: Path, data: bytes, check_only: bool
) -> None:
    path = write(folder(workdir, "fmt") / "plan.yaml", data)
    run = opmkt("fmt", *(["--check"] if check_only else []), path)
    check(run, {0, 1, 2})
    after = path.read_bytes()
    if check_only or run.code != 0:
        assert after == data, run
    problem = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): error ", run.err)
    if problem is not None:
        assert run.code == 1, run
        assert_inside(data, int(problem.group(1)), int(problem.group(2)), run)
        return
    if run.code == 1:
        assert check_only and f"would reformat {path}" in run.err, run
    if run.code == 0 and not check_only:
        assert parse(after).data == parse(data).data
        again = opmkt("fmt", "--check", path)
        check(again, {0})


# init --from


@fuzz(100)
@given(
    plan=st.one_of(st.sampled_from(EXAMPLE_NAMES), LOADING_PLANS),
    actuals=st.one_of(st.none(), st.sampled_from(EXAMPLE_NAMES), LOADING_ACTUALS),
)
# Found at ten times the default size: a budget with no lines written stopped with exit 3.
@example(
    plan=b"version: 1\nplan: {name: x, period: {start: 2026-01-01, end: 2026-12-31}}\nbudget: {}\n",
    actuals=None,
)
def test_init_from_writes_a_plan_that_loads_or_nothing(
    workdir: Path, plan: bytes | str, actuals: bytes | str | None
) -> None:
    here = folder(workdir, "init")
    plan_path = write(here / "plan.yaml", _plan_bytes(plan))
    if actuals is not None:
        data = EXAMPLE_BYTES[(actuals, "actuals")] if isinstance(actuals, str) else actuals
        write(here / "actuals.yaml", data)
    target = here / "next"
    run = opmkt("init", "--from", plan_path, target)
    check(run, {0, 1, 2})
    written = target / "plan.yaml"
    if not loads(plan_path):
        assert_refused_plan(run, plan_path)
    elif actuals is not None and not actuals_load(here / "actuals.yaml"):
        assert_refused_plan(run, here / "actuals.yaml", "an actuals file")
    elif not written.exists():  # a plan whose dates or figures cannot move a period on
        assert run.code == 1, run
        assert_one_error(run, f"error: {plan_path}: ")
    else:
        assert loads(written), [f.message for f in load_plan(written).findings]
        assert f"wrote {written} from {plan_path}" in run.out, run
        return
    assert not written.exists()


# Files that are not files: a FIFO wherever a file goes

FIFO_SLOTS = [
    *(args for _, args in readers()),
    *(
        argv(usage, **{**PLACES, "output": "{}"})
        for command, usage in writers()
        if command.writes == "{output}"
    ),
    ["fmt", "--check", "{}"],
    ["track", "import", "{}", "--kind", "spend", "--actuals", "actuals.yaml"],
]
"""Every place a command takes a file, to read or to write."""


class Blocked(Exception):
    """The command was still waiting on the FIFO when the alarm rang."""


def _ring(signum: int, frame: object) -> None:
    raise Blocked


@fuzz(40)
@given(
    argv=st.sampled_from(FIFO_SLOTS),
    name=st.sampled_from(["pipe.yaml", "pipe.csv", "p", "linked.yaml"]),
    force=st.booleans(),
)
def test_a_fifo_anywhere_a_file_goes_is_refused_without_blocking(
    workdir: Path, argv: list[str], name: str, force: bool
) -> None:
    import signal

    here = folder(workdir, "fifo")
    write(here / "plan.yaml", EXAMPLE_BYTES[("fournil-dupont", "plan")])
    write(here / "actuals.yaml", EXAMPLE_BYTES[("fournil-dupont", "actuals")])
    write(here / "spend.csv", SPEND_CSV.encode())
    if name == "linked.yaml":  # a link to a FIFO is a FIFO too
        os.mkfifo(here / "real-pipe")
        (here / name).symlink_to("real-pipe")
    else:
        os.mkfifo(here / name)
    args = [a.format(name) for a in argv]
    if force and "-o" in args:
        args.append("--force")
    # In this process, a blocked open would hang the whole run: an alarm is the hang guard.
    previous = signal.signal(signal.SIGALRM, _ring)
    signal.alarm(30)
    try:
        with contextlib.chdir(here):  # the file names in FIFO_SLOTS are the folder's
            run = opmkt(*args)
    except Blocked:
        pytest.fail(f"opmkt {' '.join(args)} blocked on the FIFO")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    # One `error:` line (fmt, like black, then sums up its files), exit 2.
    assert run.code == 2, run
    assert "Traceback" not in run.err and "internal error" not in run.err, run
    errors = [line for line in run.err.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {name}: is a named pipe (FIFO), not a regular file: "
        "opmkt reads and writes only files"
    ], run
    assert (here / name).is_fifo()
    assert not (here / "out.html").exists() and not (here / "next").exists()
    assert (here / "actuals.yaml").read_bytes() == EXAMPLE_BYTES[("fournil-dupont", "actuals")]


# Regressions found by fuzzing, where no other test file is theirs.


def test_a_finding_that_quotes_a_line_break_stays_one_line(tmp_path: Path) -> None:
    # An id or a key written with "\n" went into messages as a line break: `diff` and
    # `track`, which show the first finding in their one-line error, printed two lines.
    plan = write(
        tmp_path / "plan.yaml",
        b"version: 1\n"
        b"plan:\n"
        b"  name: Escapes\n"
        b"  period: {start: 2027-01-01, end: 2027-12-31}\n"
        b'kpis:\n  - {id: "ca\\nb", name: Sales, kind: financial}\n',
    )
    run = opmkt("diff", plan, plan)
    check(run, {1})
    assert run.err == (
        f"error: {plan} cannot be read as a plan (line 6: KPI 'ca\\nb' › id: 'ca\\nb' is not a "
        f"valid id: use letters, digits, '-', '_' and '.'): run `opmkt validate {plan}`\n"
    )
    findings = json.loads(opmkt("validate", plan, "-f", "json").out)["findings"]
    [finding] = [f for f in findings if f["rule"] == "schema"]
    assert "'ca\\nb'" in finding["message"]


# Found by fuzzing: the timeline stepped to the month after December 9999, and drew each bar
# to the day after its end.


@pytest.mark.parametrize("output_format", ["html", "md"])
def test_report_of_an_action_ending_on_the_last_day_a_date_can_be(
    tmp_path: Path, output_format: str
) -> None:
    plan = write(
        tmp_path / "plan.yaml",
        b"version: 1\n"
        b"plan:\n"
        b"  name: Until the end\n"
        b"  period: {start: 2027-01-01, end: 2027-12-31}\n"
        b"actions:\n"
        b"  - {id: A1, objective: O1, what: Forever, start: 2027-01-01, end: 9999-12-31}\n",
    )
    out = tmp_path / f"plan.{output_format}"
    run = opmkt("report", plan, "-f", output_format, "-o", out, "--as-of", "2027-06-30")
    check(run, {0})
    assert "Forever" in out.read_text(encoding="utf-8")
