"""Limits hold under a memory limit: huge files and alias bombs are refused at once, cheaply.

Each run is the installed command in a child process whose address space is capped, as a CI
runner or a container would cap it; its peak memory is read from the kernel when it ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from opmkt.io import limits
from opmkt.io.limits import MAX_ALIAS_NODES, MAX_FILE_BYTES, MAX_VALUES
from opmkt.io.yamlio import parse
from tests.commands import SPEND_CSV, readers
from tests.conftest import EXAMPLES, MINIMAL_PLAN, OPMKT, billion_laughs

ADDRESS_SPACE = 256 * 1024 * 1024
"""The cap on each run's address space: shared libraries and thread stacks count here, so it
is larger than the memory actually used, but far below what expanding an input would need."""

MEMORY = 100_000_000
"""Peak resident memory a refusal may use, in bytes (`opmkt validate` on a tiny plan: ~40 MB)."""

READ = 32 * 1024 * 1024
"""Bytes a refusal may read, start-up included (the interpreter and opmkt's modules: 6 to 9 MB):
less than the file it refuses, so a refusal that reads the file first fails here, however fast
the machine reads."""

HANG = 60
"""Seconds after which a run counts as hung: a guard against a hang, not a speed target."""

GIGABYTE = 1 << 30

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not hasattr(os, "wait4") or not Path("/proc/self/statm").exists(),
        reason="needs Linux: per-child peak memory from wait4 and an enforced RLIMIT_AS",
    ),
]


@dataclass
class Run:
    code: int
    out: str
    err: str
    peak_bytes: int
    read_bytes: int


CAPPED = """\
import os, resource, subprocess, sys
report, cap, *command = sys.argv[1:]
cap = int(cap)
child = subprocess.Popen(
    command, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
)
# Wait without reaping: the kernel keeps an ended child's I/O counters until it is reaped.
os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
with open(f"/proc/{child.pid}/io") as io:
    read = dict(line.split(": ") for line in io.read().splitlines())["rchar"]
_, status, usage = os.wait4(child.pid, 0)
with open(report, "w") as out:
    out.write(f"{usage.ru_maxrss * 1024} {read}")
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Run the command under the cap and write its peak resident memory (KiB from wait4) and the
bytes it read (`rchar`: every read, from files, pipes and the page cache alike) to a file.

A small process of its own starts the command: the kernel counts in a child's peak the pages
of the process it was forked from, until it execs, and the test process may hold hundreds of
MB by then; this one holds about 10 MB."""


def capped(report: Path, *args: str | Path) -> list[str]:
    """The argument list that runs the installed command under the address-space cap."""
    return [
        sys.executable,
        "-c",
        CAPPED,
        str(report),
        str(ADDRESS_SPACE),
        str(OPMKT),
        *map(str, args),
    ]


def run_capped(*args: str | Path, cwd: Path, stream: int = 0) -> Run:
    """The installed command under the memory cap, with `stream` bytes of comments on stdin,
    speaking English whatever the plan's language (the messages checked here are English)."""
    report = cwd.parent / f"{cwd.name}.peak"
    # The stream goes through a pipe of its own: communicate() would close a Popen stdin.
    read_end, write_end = os.pipe() if stream else (subprocess.DEVNULL, -1)
    proc = subprocess.Popen(
        capped(report, *args),
        cwd=cwd,
        env={**os.environ, "OPMKT_LANG": "en"},
        stdin=read_end,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    feeder = None
    if stream:
        os.close(read_end)
        feeder = threading.Thread(target=_feed, args=(os.fdopen(write_end, "wb"), stream))
        feeder.start()
    try:
        out, err = proc.communicate(timeout=HANG)
    finally:
        proc.kill()
    if feeder is not None:
        feeder.join()
    peak, read = map(int, report.read_text(encoding="ascii").split())
    return Run(proc.returncode, out.decode(), err.decode(), peak, read)


def _feed(pipe: IO[bytes], total: int) -> None:
    chunk = b"# a comment line, nothing else\n" * 32768
    # When the command stops reading, writes fail: what a refusal looks like from this side.
    with contextlib.suppress(OSError), pipe:
        for _ in range(0, total, len(chunk)):
            pipe.write(chunk)


def assert_refused_cheaply(run: Run) -> None:
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert run.peak_bytes < MEMORY, f"peak memory {run.peak_bytes / 1e6:.0f} MB"
    assert run.read_bytes < READ, f"read {run.read_bytes / 1e6:.0f} MB"


def assert_one_error_line(run: Run, fragment: str) -> None:
    """Exit 2 and one `error:` line saying why (fmt, like black, then sums up its files)."""
    assert run.code == 2, (run.code, run.err)
    lines = run.err.splitlines()
    assert [line for line in lines if line.startswith("error: ")] == lines[:1], run.err
    assert fragment in lines[0], lines[0]


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no room on disk: the size is real for stat()."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A plan folder: the French example plan, a huge file and a bomb beside it."""
    (tmp_path / "plan.yaml").write_bytes((EXAMPLES / "fournil-dupont" / "plan.yaml").read_bytes())
    actuals = EXAMPLES / "fournil-dupont" / "actuals.yaml"
    (tmp_path / "actuals.yaml").write_bytes(actuals.read_bytes())
    (tmp_path / "spend.csv").write_text(SPEND_CSV, encoding="utf-8")
    sparse(tmp_path / "huge.yaml", GIGABYTE)  # the huge-scalar tests write over it
    sparse(tmp_path / "huge.csv", GIGABYTE)
    (tmp_path / "bomb.yaml").write_text(billion_laughs(), encoding="utf-8")
    return tmp_path


# Every command that reads a file the user names, with the file in its place, from the
# registry of commands.
READERS = readers()


@pytest.mark.parametrize("argv", [a for _, a in READERS], ids=[n for n, _ in READERS])
def test_a_1_gb_file_is_refused_at_once(folder: Path, argv: list[str]) -> None:
    before = (folder / "plan.yaml").read_bytes()
    run = run_capped(*[a.format("huge.yaml") for a in argv], cwd=folder)
    assert_refused_cheaply(run)
    limit = f"larger than the {MAX_FILE_BYTES // 1024 // 1024} MiB opmkt reads"
    assert_one_error_line(run, f"huge.yaml: the file is {limit}")
    assert (folder / "plan.yaml").read_bytes() == before
    assert (folder / "huge.yaml").stat().st_size == GIGABYTE
    assert not (folder / "out.html").exists() and not (folder / "next").exists()


def test_a_1_gb_csv_is_refused_at_once(folder: Path) -> None:
    before = (folder / "actuals.yaml").read_bytes()
    run = run_capped("track", "import", "huge.csv", "--kind", "spend", cwd=folder)
    assert_refused_cheaply(run)
    assert_one_error_line(run, "huge.csv: the file is larger than")
    assert (folder / "actuals.yaml").read_bytes() == before, "nothing is recorded"


def test_a_1_gb_stream_is_refused_after_the_limit(folder: Path) -> None:
    # A pipe has no size: opmkt reads up to the limit and stops there, holding at most the
    # limit itself in memory, and the writer sees the pipe close.
    run = run_capped("validate", "/dev/stdin", cwd=folder, stream=GIGABYTE)
    assert "Traceback" not in run.err
    assert run.peak_bytes < MAX_FILE_BYTES + MEMORY
    # It reads the limit and one chunk past it, never the rest of the stream.
    assert MAX_FILE_BYTES < run.read_bytes < MAX_FILE_BYTES + READ
    assert_one_error_line(run, "/dev/stdin: the file is larger than")


@pytest.mark.parametrize("argv", [a for _, a in READERS], ids=[n for n, _ in READERS])
def test_a_billion_laughs_is_refused_without_expanding(folder: Path, argv: list[str]) -> None:
    # Expanded, this document is 3.5 billion strings. `validate` and `fmt` say which alias
    # goes too far; the others refuse the file and point to `validate`.
    before = (folder / "bomb.yaml").read_bytes()
    run = run_capped(*[a.format("bomb.yaml") for a in argv], cwd=folder)
    assert_refused_cheaply(run)
    assert run.code in (1, 2), (run.code, run.err)
    said = run.out + run.err
    assert (
        f"bomb.yaml:5:7: error schema aliases expand to more than {MAX_ALIAS_NODES:,} values"
        in said
        or "bomb.yaml cannot be read as" in said
    ), said
    assert (folder / "bomb.yaml").read_bytes() == before


@pytest.mark.parametrize("argv", [a for _, a in READERS], ids=[n for n, _ in READERS])
def test_a_fifo_is_refused_without_blocking(folder: Path, argv: list[str]) -> None:
    # A plain open() of a FIFO waits for a writer for ever: the run's timeout is the guard.
    os.mkfifo(folder / "pipe.yaml")
    run = run_capped(*[a.format("pipe.yaml") for a in argv], cwd=folder)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert run.peak_bytes < MEMORY, f"peak memory {run.peak_bytes / 1e6:.0f} MB"
    assert_one_error_line(run, "pipe.yaml: is a named pipe (FIFO), not a regular file")
    assert (folder / "pipe.yaml").is_fifo()


HUGE = "1" * 4301
"""Past Python's limit on reading an int from text: `int()` raises ValueError on it."""

HOSTILE_SCALARS = {
    # 300 such integers as ids, labels and amounts of a budget.
    "integers": (
        MINIMAL_PLAN
        + "  currency: EUR\nbudget:\n  lines:\n"
        + "".join(f"    - {{id: {HUGE}{i}, label: {HUGE}, amount: {HUGE}}}\n" for i in range(100)),
        "huge.yaml:8:",
    ),
    # Tags the format does not use, on a key, a value and a mapping, 300 times.
    "tags": (
        MINIMAL_PLAN
        + "  !!python/name:os.system k: !!binary aGk=\n"
        + "".join(f"  t{i}: !!int {{a: !!timestamp 2027-01-01}}\n" for i in range(300)),
        "huge.yaml:5:3: error schema tag '!!python/name:os.system' is not allowed",
    ),
}


@pytest.mark.parametrize("kind", list(HOSTILE_SCALARS))
@pytest.mark.parametrize("argv", [a for _, a in READERS], ids=[n for n, _ in READERS])
def test_huge_integers_and_foreign_tags_are_findings_in_little_memory(
    folder: Path, argv: list[str], kind: str
) -> None:
    content, located = HOSTILE_SCALARS[kind]
    (folder / "huge.yaml").write_text(content, encoding="utf-8")
    run = run_capped(*[a.format("huge.yaml") for a in argv], cwd=folder)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert run.peak_bytes < MEMORY, f"peak memory {run.peak_bytes / 1e6:.0f} MB"
    if argv[0] == "fmt" and kind == "integers":  # valid YAML: laid out, the same data
        assert run.code == 0, run.err
        after = (folder / "huge.yaml").read_text(encoding="utf-8")
        assert parse(after.encode()).data == parse(content.encode()).data
        return
    assert run.code in (1, 2), (run.code, run.err)
    said = run.out + run.err
    # validate and fmt locate it; the others refuse the file and point to validate.
    assert located in said or "huge.yaml cannot be read as" in said, said
    assert (folder / "huge.yaml").read_text(encoding="utf-8") == content


def test_running_out_of_memory_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # 200,000 team members is a valid plan that needs more than the cap to load.
    team = "".join(f"  - {{id: p{i}, name: Person {i}}}\n" for i in range(200_000))
    (tmp_path / "plan.yaml").write_text(MINIMAL_PLAN + "team:\n" + team, encoding="utf-8")
    proc = subprocess.run(
        capped(tmp_path / "peak", "validate", "plan.yaml"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        "error: out of memory: the input needs more memory than this process may use\n"
    )


def recurrence_bomb(lines: int) -> str:
    """A plan of 2027 whose lines each recur every month from year 1 to year 9999: 2.4 KB for
    20 lines, 120,000 months each."""
    budget = "".join(
        f"    - {{id: B{i}, label: Forever, amount: 10,"
        " recurring: {every: month, from: 0001-01, to: 9999-12}}\n"
        for i in range(lines)
    )
    return MINIMAL_PLAN + "budget:\n  lines:\n" + budget


@pytest.mark.parametrize(
    "argv",
    [
        ["budget", "plan.yaml", "-b", "month", "-f", "json", "-o", "out.json"],
        ["budget", "plan.yaml", "-b", "month", "-f", "csv", "-o", "out.csv"],
        ["status", "plan.yaml", "--as-of", "2027-09-30", "-f", "json"],
        ["report", "plan.yaml", "-o", "out.html"],
        ["report", "plan.yaml", "-o", "out.md"],
        ["validate", "plan.yaml"],
    ],
    ids=["budget-json", "budget-csv", "status", "report-html", "report-md", "validate"],
)
def test_a_recurrence_bomb_counts_only_the_plan_period(tmp_path: Path, argv: list[str]) -> None:
    # Before, each line's 119,988 months outside the plan's year were enumerated: `budget -b
    # month` took minutes, `report` 748 MB for 20 lines, and 60 lines wrote an 81 MB page.
    (tmp_path / "plan.yaml").write_text(recurrence_bomb(60), encoding="utf-8")
    run = run_capped(*argv, cwd=tmp_path)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert run.peak_bytes < MEMORY, f"peak memory {run.peak_bytes / 1e6:.0f} MB"
    if argv[0] == "validate":
        assert run.code == 1
        assert run.out.count("error budget-dates") == 60
        return
    assert run.code == 0, run.err
    written = list(tmp_path.glob("out.*"))
    text = written[0].read_text(encoding="utf-8") if written else run.out
    assert len(text) < 200_000, f"{len(text):,} characters of output"
    if argv[0] == "report":
        # The document lists validate's findings: the reader sees why the figures are short.
        assert text.count("budget-dates") >= 60
    else:
        assert "budget lines B0, B1, B2, B3 and 56 more fall outside the plan period" in run.err
    if argv[-1] == "out.json":
        import json

        figures = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        # 60 lines × 12 months of 2027 × 10.
        assert figures["total"] == "7200.00"
        assert list(figures["by"]["month"]) == [f"2027-{m:02d}" for m in range(1, 13)]


def test_a_period_of_centuries_is_refused(tmp_path: Path) -> None:
    # Within a period of 9,999 years, the same recurrences are in the period: 20 lines gave
    # 2.4 million months and a 36 MB report. A plan covers a short term.
    plan = recurrence_bomb(20).replace(
        "{start: 2027-01-01, end: 2027-12-31}", "{start: 0001-01-01, end: 9999-12-31}"
    )
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    checked = run_capped("validate", "plan.yaml", cwd=tmp_path)
    assert checked.code == 1
    assert (
        "plan.yaml:4:11: error schema `plan.period`: the period runs over 119,988 months, "
        "from 0001-01-01 to 9999-12-31: a plan covers at most 10 years (usually one)"
    ) in checked.out
    budget = run_capped("budget", "plan.yaml", "-b", "month", cwd=tmp_path)
    assert (budget.code, budget.out) == (1, "")
    assert "plan.yaml cannot be read as a plan" in budget.err
    for run in (checked, budget):
        assert run.peak_bytes < MEMORY, f"peak memory {run.peak_bytes / 1e6:.0f} MB"


def flow_list(item: str, count: int) -> str:
    """A plan whose budget lines are one flow list of `count` copies of `item`, on line 6."""
    return MINIMAL_PLAN + "budget:\n  lines: [" + ", ".join([item] * count) + "]\n"


FLOW_LISTS = {
    # 10 MB each: 5.2 million numbers, 2.6 million empty mappings.
    "numbers": ("1", 5_200_000),
    "mappings": ("{}", 2_620_000),
}


# Each way of reading a YAML file (a plan, an actuals file, fmt, diff), and each list.
FLOW_READERS = [
    (shape, name, argv)
    for name, argv in READERS
    for shape in FLOW_LISTS
    if name in ("validate-plan", "budget-plan", "fmt-plan", "diff-plan", "status-actuals")
    and (shape == "numbers" or name == "validate-plan")
]


@pytest.mark.parametrize(
    ("shape", "argv"),
    [(s, a) for s, _, a in FLOW_READERS],
    ids=[f"{n}-{s}" for s, n, _ in FLOW_READERS],
)
def test_a_10_mb_flow_list_is_refused_before_it_is_built(
    tmp_path: Path, shape: str, argv: list[str]
) -> None:
    # Before, composing these lists ran out of a 1 GiB cap after 26 s, in every command.
    (tmp_path / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (tmp_path / "actuals.yaml").write_text("version: 1\nplan: plan.yaml\n", encoding="utf-8")
    item, count = FLOW_LISTS[shape]
    (tmp_path / "flow.yaml").write_text(flow_list(item, count), encoding="utf-8")
    run = run_capped(*[a.format("flow.yaml") for a in argv], cwd=tmp_path)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert run.peak_bytes < MEMORY, f"peak memory {run.peak_bytes / 1e6:.0f} MB"
    # 17 values come before the list: the item past the limit, at its column on line 6.
    past = MAX_VALUES + 1 - 17
    column = len("  lines: [") + 1 + (len(item) + 2) * (past - 1)
    assert_one_error_line(
        run,
        f"flow.yaml:6:{column}: the file holds more than {MAX_VALUES:,} values, "
        "more than opmkt reads",
    )


def test_the_20000_action_plan_is_within_the_limit_without_counting_its_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The benchmark's largest plan holds 1.93 million values: the separators bound them below
    # the limit, so it pays neither the exact count nor a second parse.
    plan = tmp_path / "plan.yaml"
    generate = Path(__file__).parents[1] / "bench" / "generate.py"
    subprocess.run([sys.executable, generate, "20000", plan, "--no-actuals"], check=True)
    data = plan.read_bytes()

    def counted(*args: object) -> None:
        raise AssertionError("the values were counted exactly")

    monkeypatch.setattr(limits, "CParser", counted)
    monkeypatch.setattr(limits, "Parser", counted)
    limits.check_values(data, "plan.yaml")
    assert len(data) > 20_000_000


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_blob_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    # Before, `git show` poured the whole blob into memory and a temporary file, then the
    # loader refused it: an 800 MB blob peaked at 1.6 GB. Git says the size first.
    git = [
        "git",
        "-c",
        "user.email=t@example.com",
        "-c",
        "user.name=t",
        "-c",
        "commit.gpgsign=false",
    ]
    (tmp_path / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    size = MAX_FILE_BYTES + 6 * 1024 * 1024  # 70 MiB of zeros: a few hundred kB in git
    with (tmp_path / "big.yaml").open("wb") as handle:
        handle.write(b"# " + b"0" * (size - 3) + b"\n")
    for args in (["init", "-q"], ["add", "plan.yaml", "big.yaml"], ["commit", "-q", "-m", "big"]):
        subprocess.run([*git, *args], cwd=tmp_path, check=True)
    (tmp_path / "big.yaml").unlink()
    temporary = sorted(Path(tempfile.gettempdir()).glob("opmkt-diff-*"))
    run = run_capped("diff", "HEAD:big.yaml", "HEAD:plan.yaml", cwd=tmp_path)
    assert_refused_cheaply(run)
    assert_one_error_line(run, "HEAD:big.yaml: the file is larger than the 64 MiB opmkt reads")
    assert sorted(Path(tempfile.gettempdir()).glob("opmkt-diff-*")) == temporary
    # Within the limit, a blob is read and compared.
    assert run_capped("diff", "HEAD:plan.yaml", "plan.yaml", "--exit-code", cwd=tmp_path).code == 0


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("output_format", ["text", "junit"])
def test_validating_many_files_holds_one_at_a_time(tmp_path: Path, output_format: str) -> None:
    # Before, every loaded plan was kept to the end: 3,000 plans reached 952 MB.
    example = EXAMPLES / "fournil-dupont"
    for i in range(300):
        folder = tmp_path / f"p{i:03d}"
        folder.mkdir()
        for name in ("plan.yaml", "actuals.yaml"):
            (folder / name).write_bytes((example / name).read_bytes())
    # Each plan, then each actuals file: those read their plan again.
    files = [f"p{i:03d}/{name}" for name in ("plan.yaml", "actuals.yaml") for i in range(300)]
    one = run_capped("validate", "-f", output_format, *files[:1], cwd=tmp_path)
    many = run_capped("validate", "-f", output_format, *files, cwd=tmp_path)
    assert (one.code, many.code) == (0, 0), many.err
    if output_format == "text":
        assert many.out.endswith("600 files checked: 0 errors, 0 warnings, 0 info\n")
    else:
        assert many.out.count("<testcase ") == 600
    growth = many.peak_bytes - one.peak_bytes
    assert growth < 10_000_000, f"600 files took {growth / 1e6:.0f} MB more than one"


MANY_BAD_ITEMS = {
    # 200,000 budget lines that are numbers; 50,000 that are mappings of an unknown key (each
    # item three errors: two fields missing, one unknown).
    "wrong-types": ("budget:\n  lines: [" + ", ".join(["1"] * 200_000) + "]\n", 200_000),
    "wrong-keys": (
        "budget:\n  lines:\n" + "".join(f"    - {{x: {i}}}\n" for i in range(50_000)),
        150_000,
    ),
}

ERRORS_MEMORY = 220_000_000
"""Peak resident memory for a plan of 200,000 bad items, in bytes: reading the file takes
about 90 MB of it. Before the schema findings were capped, 530 MB."""


@pytest.mark.parametrize("shape", list(MANY_BAD_ITEMS))
def test_a_list_of_many_bad_items_is_100_findings_and_a_count(tmp_path: Path, shape: str) -> None:
    # Before, pydantic built an error for every item, each became a finding, and validate
    # printed them all: 536 MB and two minutes for 200,000 numbers.
    body, errors = MANY_BAD_ITEMS[shape]
    (tmp_path / "plan.yaml").write_text(MINIMAL_PLAN + body, encoding="utf-8")
    run = run_capped("validate", "plan.yaml", cwd=tmp_path)
    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert run.code == 1, run.err
    assert run.peak_bytes < ERRORS_MEMORY, f"peak memory {run.peak_bytes / 1e6:.0f} MB"
    schema = [line for line in run.out.splitlines() if " error schema " in line]
    assert len(schema) == 101
    first = {
        "wrong-types": "plan.yaml:6:11: error schema `budget.lines[0]`: expected a mapping of "
        "keys, got a number",
        "wrong-keys": "plan.yaml:7:7: error schema `budget.lines[0]` is missing `id` (unique "
        "id of the line, such as B1)",
    }
    assert schema[0] == first[shape]
    more = [line for line in schema if " more schema errors" in line]
    assert len(more) == 1
    assert more[0].endswith(
        f"error schema {errors - 100:,} more schema errors, not listed: correct the 100 above, "
        "then validate again"
    )
    # The rules still check the rest of the plan.
    assert " warning kpi-coverage " in run.out
