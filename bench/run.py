"""Time opmkt's commands (validate, budget, status, report) on plans of growing size against
the YAML parse floor, `opmkt validate` against yamllint, every command of the registry on an
example against yamllint and its `--help` against `python -c pass`, `track import` against
Python's csv module, `fmt --check` against `validate`, and `opmkt lsp` after an edit and across
a long day of edits; check the targets, among them linear growth."""

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

# Run as `python bench/run.py`, Python puts this script's folder first on sys.path.
from generate import AS_OF, LINES_PER_ACTION, write_actuals, write_plan
from lsp_server import measure as measure_lsp
from start_up import COMMAND_LIMIT, HELP_LIMIT, PLAN_FLOOR, STACK, StartUp
from start_up import measure as measure_start_up
from timing import BYTECODE_NOTE, ENV, RunFailed, best_run, compile_package, run_once

BIN = Path(sys.executable).parent
STARTUP_RUNS = 10
# opmkt validate: 0 = clean, 1 = findings that fail; 2 and 3 mean it did not do its job.
VALIDATE_OK = frozenset({0, 1})
# yamllint: 0 = clean or warnings only, 1 = errors; anything else is a crash or a usage error.
YAMLLINT_OK = frozenset({0, 1})
TARGET_LARGE = 20_000
TARGET_SMALL = 100
# Growth is linear when the largest plan takes at most GROWTH_LIMIT times the time of one a
# tenth of its size (the parse floor itself grows about 9x: start-up does not grow).
GROWTH_FROM = 2_000
GROWTH_LIMIT = 12
# From this many actions a run takes seconds, and yamllint minutes: fewer runs are kept.
LARGE = 10_000
# `track import` of this many CSV rows within IMPORT_LIMIT times `python -c` reading them
# with the csv module; `fmt --check` of a typical plan, and `fmt` laying it out anew, within
# the time of `validate`.
IMPORT_ROWS = 100_000
IMPORT_LIMIT = 5
IMPORT_PLAN_ACTIONS = 100
NEAR_FLOOR = 0.9
"""A pair's floor within this share of its limit leaves too little for the rest of the job
(checking every row against the plan) to fit: the run says so."""
# The PDF report of this many actions (it did not finish in 7 minutes when every action was a
# card laid out as a grid), within PDF_LIMIT times the HTML report of the same plan: WeasyPrint
# lays out some hundreds of pages from that HTML. One run of each: the PDF takes minutes.
PDF_ACTIONS = 2_000
PDF_LIMIT = 100
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "northwind-studio" / "plan.yaml"
CSV_READ = "import csv, sys\nfor row in csv.reader(open(sys.argv[1], newline='')): pass"
READ_FLOOR = PLAN_FLOOR + "import csv\nfor row in csv.reader(open(sys.argv[2], newline='')): pass"
"""Less than any import does with the stack the product keeps: the plan loaded through its
models, then every row read by the csv module; no row checked, nothing written."""
WRITE_FLOOR = (
    STACK
    + """
import csv, tempfile
plan, export, out = sys.argv[1:4]
known = {line.id for line in load_plan(plan).plan.budget.lines}
rows = csv.reader(open(export, newline=""))
next(rows)
used = set()
# Each row is written as it is read, its line kept aside (set.add gives None) to be looked up.
text = "".join([
    "  - {line: " + row[0] + ", date: " + row[1] + ", amount: " + row[2] + ", ref: " + row[3]
    + (", note: " + row[4] + "}\\n" if row[4] else "}\\n")
    for row in rows if not used.add(row[0])
])
if not used <= known:
    sys.exit("a row names a line the plan does not have")
head = f"version: 1\\nplan: {os.path.relpath(plan, os.path.dirname(out))}\\n\\nspend:\\n"
fd, temporary = tempfile.mkstemp(dir=os.path.dirname(out))
with os.fdopen(fd, "wb") as file:
    file.write((head + text).encode())
    file.flush()
    os.fsync(file.fileno())
os.replace(temporary, out)
"""
)
"""The least an import of `write_export`'s export does with the stack the product keeps: the plan
loaded through its models; every row read by the csv module, its line looked up among the
plan's, and written as its record; the file written at once, synced and renamed into place. No
other check, nothing kept of the rows but the text: the file it writes is the one `track import`
writes, which the benchmark checks."""


@dataclass(frozen=True)
class Command:
    """An opmkt command line the benchmark times: `{plan}` is the plan, `{here}` its folder."""

    label: str
    args: tuple[str, ...]
    ok: frozenset[int] = frozenset({0})

    def argv(self, opmkt: Path, plan: Path) -> list[str]:
        fill = {"{plan}": str(plan), "{here}": str(plan.parent)}
        argv = [str(opmkt)]
        for arg in self.args:
            for name, value in fill.items():
                arg = arg.replace(name, value)
            argv.append(arg)
        return argv


AT = ("--as-of", AS_OF)
COMMANDS = (
    Command("validate", ("validate", "{plan}", "--format", "json"), VALIDATE_OK),
    Command("budget json", ("budget", "{plan}", "--format", "json")),
    Command("budget text", ("budget", "{plan}")),
    Command("budget xlsx", ("budget", "{plan}", "-f", "xlsx", "-o", "{here}/b.xlsx", "--force")),
    Command("status text", ("status", "{plan}", *AT)),
    Command("status json", ("status", "{plan}", *AT, "--format", "json")),
    Command(
        "report html", ("report", "{plan}", *AT, "-f", "html", "-o", "{here}/r.html", "--force")
    ),
    Command("report md", ("report", "{plan}", *AT, "-f", "md", "-o", "{here}/r.md", "--force")),
)


@dataclass(frozen=True)
class Row:
    """The measurements for one plan size."""

    actions: int
    size_bytes: int
    actuals_bytes: int
    repeat: int
    python_s: float
    compose_s: float
    times: dict[str, float | None]
    """Per command label; None when its run failed."""
    yamllint_s: float | None
    findings: Counter[str]
    severities: str
    notes: tuple[str, ...]
    failures: tuple[str, ...]

    @property
    def floor_s(self) -> float:
        """Parse floor comparable with a subprocess: libyaml compose plus interpreter start-up."""
        return self.compose_s + self.python_s

    @property
    def validate_s(self) -> float | None:
        return self.times.get("validate")


@dataclass(frozen=True)
class Target:
    """A performance target: measured value against its limit."""

    label: str
    value_s: float | None
    limit_s: float | None
    limit_text: str
    missing: str

    def verdict(self) -> str:
        """One line saying whether the target is met, with the figures behind it."""
        if self.value_s is None or self.limit_s is None:
            return f"  {self.label:<40} not measured ({self.missing})"
        met = "met" if self.value_s <= self.limit_s else "NOT met"
        figures = f"{ms(self.value_s)} vs {self.limit_text} = {ms(self.limit_s)}"
        return f"  {self.label:<40} {figures:<42} {met}"


def ms(seconds: float) -> str:
    """A duration in milliseconds, with the precision that matters at its size."""
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def size_text(n_bytes: int) -> str:
    """A file size in kB or MB (powers of ten, as ls -h --si)."""
    return f"{n_bytes / 1e3:.1f} kB" if n_bytes < 1e6 else f"{n_bytes / 1e6:.1f} MB"


def ratio(a: float | None, b: float | None) -> str:
    """a / b as a factor, or a dash when either is missing."""
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}x"


def compose_time(data: bytes, repeat: int) -> float:
    """Best time to build libyaml's node tree of data, the least any YAML validator must do."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        # The collector would otherwise walk the growing node tree mid-parse and add noise.
        gc.disable()
        try:
            start = time.perf_counter()
            node = yaml.compose(data, Loader=yaml.CSafeLoader)
            elapsed = time.perf_counter() - start
        finally:
            gc.enable()
        del node
        best = min(best, elapsed)
    return best


def read_findings(stdout: bytes) -> tuple[Counter[str], str]:
    """Findings per rule and an 'errors/warnings/infos' summary from validate's JSON."""
    try:
        doc = json.loads(stdout)
        rules = Counter(str(f["rule"]) for f in doc["findings"])
        summary = doc["summary"]
        return rules, f"{summary['error']}/{summary['warning']}/{summary['info']}"
    except (ValueError, KeyError, TypeError):
        return Counter(), "?"


def attempt(measure: Callable[[], float], failures: list[str]) -> float | None:
    """Run one measurement; on RunFailed, note why and carry on with the others."""
    try:
        return measure()
    except RunFailed as exc:
        failures.append(str(exc))
        return None


def spent_to_date(stdout: bytes) -> str | None:
    """What `status --format json` says was spent, to check that the actuals were read."""
    try:
        return str(json.loads(stdout)["spend"]["actual"])
    except (ValueError, KeyError, TypeError):
        return None


def measure_size(
    n_actions: int,
    folder: Path,
    tools: tuple[Path, Path],
    python_s: float,
    repeat: int,
    lint_repeat: int,
) -> Row:
    """Generate a plan of n_actions actions and its actuals, and take every measurement of its
    row: each command best of `repeat`, yamllint best of `lint_repeat`."""
    opmkt, yamllint = tools
    here = folder / f"{n_actions}"
    here.mkdir()
    path = here / "plan.yaml"
    write_plan(n_actions, path)
    actuals = write_actuals(n_actions, path)
    data = path.read_bytes()
    failures: list[str] = []
    outputs: dict[str, bytes] = {}

    def timed(command: Command) -> Callable[[], float]:
        def measure() -> float:
            argv = command.argv(opmkt, path)
            elapsed, outputs[command.label] = best_run(argv, command.ok, repeat)
            return elapsed

        return measure

    def lint() -> float:
        cmd = [str(yamllint), "-d", "relaxed", str(path)]
        return best_run(cmd, YAMLLINT_OK, lint_repeat)[0]

    times = {command.label: attempt(timed(command), failures) for command in COMMANDS}
    validated = outputs.get("validate")
    rules, severities = read_findings(validated) if validated is not None else (Counter(), "-")
    notes = []
    if "status json" in outputs and spent_to_date(outputs["status json"]) in (None, "0.00"):
        notes.append(f"status shows no spending: were the actuals read? ({actuals})")
    compose_s = compose_time(data, repeat)
    yamllint_s = attempt(lint, failures)
    return Row(
        actions=n_actions,
        size_bytes=len(data),
        actuals_bytes=actuals.stat().st_size,
        repeat=repeat,
        python_s=python_s,
        compose_s=compose_s,
        times=times,
        yamllint_s=yamllint_s,
        findings=rules,
        severities=severities,
        notes=tuple(notes),
        failures=tuple(failures),
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, left: int = 0) -> str:
    """A plain text table: the first `left` columns aligned left, the others right."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def seconds(value: float | None) -> str:
    return "failed" if value is None else ms(value)


def size_table(rows: Sequence[Row]) -> str:
    """The per-size table: the files, the parse floor, validate against it and yamllint."""
    headers = (
        "actions",
        "budget lines",
        "plan",
        "actuals",
        "runs",
        "compose",
        "floor",
        "validate",
        "val/floor",
        "yamllint",
        "val/yamllint",
        "e/w/i",
    )
    cells = [
        (
            f"{r.actions:,}",
            f"{r.actions * LINES_PER_ACTION:,}",
            size_text(r.size_bytes),
            size_text(r.actuals_bytes),
            str(r.repeat),
            ms(r.compose_s),
            ms(r.floor_s),
            seconds(r.validate_s),
            ratio(r.validate_s, r.floor_s),
            seconds(r.yamllint_s),
            ratio(r.validate_s, r.yamllint_s),
            r.severities,
        )
        for r in rows
    ]
    return table(headers, cells)


def growth(rows: Sequence[Row], label: str | None) -> tuple[float | None, float | None]:
    """A command's time (the floor's, for None) at GROWTH_FROM and at TARGET_LARGE actions."""
    by_size = {r.actions: r for r in rows}

    def at(n: int) -> float | None:
        row = by_size.get(n)
        if row is None:
            return None
        return row.floor_s if label is None else row.times.get(label)

    return at(GROWTH_FROM), at(TARGET_LARGE)


def command_table(rows: Sequence[Row]) -> str:
    """Every command at every size, against that size's parse floor, and its growth."""
    headers = ["command"]
    for r in rows:
        headers += [f"{r.actions:,}", "x floor"]
    headers.append(f"{TARGET_LARGE // 1000}k/{GROWTH_FROM // 1000}k")
    cells = []
    for label in [*(c.label for c in COMMANDS), None]:
        line = ["(parse floor)" if label is None else label]
        for r in rows:
            value = r.floor_s if label is None else r.times.get(label)
            line += [seconds(value), ratio(value, r.floor_s)]
        line.append(ratio(*reversed(growth(rows, label))))
        cells.append(line)
    return table(headers, cells, left=1)


def findings_notes(rows: Sequence[Row]) -> list[str]:
    """The most frequent rules per size, when the generated plan was not clean."""
    notes = []
    for r in rows:
        if r.severities == "?":
            notes.append(f"  {r.actions:,} actions: validate did not print the JSON document")
        elif r.findings:
            top = ", ".join(f"{rule} x{n}" for rule, n in r.findings.most_common(5))
            notes.append(f"  {r.actions:,} actions: {top}")
        notes += [f"  {r.actions:,} actions: {note}" for note in r.notes]
    return notes


def targets(rows: Sequence[Row], version_s: float | None, python_s: float) -> list[Target]:
    """The targets, each against the row it is defined on."""
    by_size = {r.actions: r for r in rows}
    large = by_size.get(TARGET_LARGE)
    small = by_size.get(TARGET_SMALL)

    def not_run(*sizes: int) -> str:
        missing = [f"{n:,}" for n in sizes if n not in by_size]
        return f"size {' and '.join(missing)} not in --sizes" if missing else "a run failed"

    found = [
        Target(
            f"validate({TARGET_LARGE:,}) <= 2x parse floor",
            large.validate_s if large else None,
            2 * large.floor_s if large else None,
            "2 x floor",
            not_run(TARGET_LARGE),
        ),
        Target(
            f"validate({TARGET_SMALL}) <= 0.33x yamllint",
            small.validate_s if small else None,
            0.33 * small.yamllint_s if small and small.yamllint_s is not None else None,
            "0.33 x yamllint",
            not_run(TARGET_SMALL),
        ),
        Target(
            "opmkt --version <= 6x python -c pass",
            version_s,
            6 * python_s,
            "6 x python",
            "its run failed",
        ),
    ]
    middle = by_size.get(GROWTH_FROM)
    found += [
        Target(
            f"budget xlsx({GROWTH_FROM:,}) <= 2x budget json",
            middle.times.get("budget xlsx") if middle else None,
            2 * json_s if middle and (json_s := middle.times.get("budget json")) else None,
            "2 x budget json",
            not_run(GROWTH_FROM),
        ),
        Target(
            f"report html({TARGET_LARGE:,}) <= 3x validate",
            large.times.get("report html") if large else None,
            3 * large.validate_s if large and large.validate_s is not None else None,
            "3 x validate",
            not_run(TARGET_LARGE),
        ),
    ]
    for command in COMMANDS:
        before, after = growth(rows, command.label)
        found.append(
            Target(
                f"{command.label} {TARGET_LARGE:,}/{GROWTH_FROM:,} <= {GROWTH_LIMIT}x",
                after,
                GROWTH_LIMIT * before if before is not None else None,
                f"{GROWTH_LIMIT} x {GROWTH_FROM:,}",
                not_run(GROWTH_FROM, TARGET_LARGE),
            )
        )
    return found


@dataclass(frozen=True)
class Pair:
    """Two runs measured side by side in one run of the benchmark: opmkt's and its yardstick."""

    label: str
    value_s: float | None
    yardstick: str
    yardstick_s: float | None
    factor: float
    floor_s: float | None = None
    """The least the same job takes with the product's stack, if measured."""
    floor: str = ""
    """What that floor does (see WRITE_FLOOR, READ_FLOOR)."""

    def target(self) -> Target:
        limit = None if self.yardstick_s is None else self.factor * self.yardstick_s
        return Target(
            f"{self.label} <= {self.factor:g}x {self.yardstick}",
            self.value_s,
            limit,
            f"{self.factor:g} x {self.yardstick}",
            "a run failed",
        )


def start_up_lines(found: StartUp, python_s: float) -> list[str]:
    """Every command on the example against yamllint, and every --help against python."""
    lines = [
        f"\nEvery usage of the registry of commands on examples/fournil-dupont (best of "
        f"{STARTUP_RUNS}, each run in a\nfresh copy of the example), against `yamllint -d "
        f"relaxed` on its plan: {seconds(found.yamllint_s)}"
    ]
    width = max(len(t.label) for t in [*found.commands, *found.helps])
    lines.append(
        f"  {'(floor: typer, plan loaded)':<{width}}  {seconds(found.floor_s):>9}  "
        f"{ratio(found.floor_s, found.yamllint_s)}"
    )
    lines += [
        f"  {t.label:<{width}}  {seconds(t.seconds):>9}  {ratio(t.seconds, found.yamllint_s)}"
        for t in found.commands
    ]
    lines.append(f"\nEach command's --help, against `python -c pass`: {ms(python_s)}")
    lines.append(
        f"  {'(floor: import typer)':<{width}}  {seconds(found.help_floor_s):>9}  "
        f"{ratio(found.help_floor_s, python_s)}"
    )
    lines += [
        f"  {t.label:<{width}}  {seconds(t.seconds):>9}  {ratio(t.seconds, python_s)}"
        for t in found.helps
    ]
    return lines


def start_up_targets(found: StartUp, python_s: float) -> list[Target]:
    """The slowest command and the slowest --help against their limits, one target each."""
    missing = "a run failed"
    slowest = max(found.commands, key=lambda t: -1 if t.seconds is None else t.seconds)
    slowest_help = max(found.helps, key=lambda t: -1 if t.seconds is None else t.seconds)
    yamllint_s = found.yamllint_s
    return [
        Target(
            f"every command (slowest: {slowest.label.split()[0]}) <= {COMMAND_LIMIT}x yamllint",
            None if any(t.seconds is None for t in found.commands) else slowest.seconds,
            None if yamllint_s is None else COMMAND_LIMIT * yamllint_s,
            f"{COMMAND_LIMIT} x yamllint",
            missing,
        ),
        Target(
            f"every --help (slowest: {slowest_help.label.split()[0]}) <= {HELP_LIMIT}x python",
            None if any(t.seconds is None for t in found.helps) else slowest_help.seconds,
            HELP_LIMIT * python_s,
            f"{HELP_LIMIT} x python",
            missing,
        ),
    ]


def write_export(rows: int, n_actions: int, path: Path) -> None:
    """A spend export of `rows` rows against the lines of the plan of n_actions actions, as
    accounting software writes one: header, then line, date, amount, reference and note."""
    lines = n_actions * LINES_PER_ACTION
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("line,date,amount,ref,note\r\n")
        for i in range(rows):
            note = "monthly invoice" if i % 3 == 0 else ""
            out.write(
                f"B{i % lines + 1},2027-{i % 12 + 1:02d}-{i % 28 + 1:02d},{i % 997}.{i % 100:02d},"
                f"INV-{i:06d},{note}\r\n"
            )


def write_google_ads(rows: int, lines: int, path: Path) -> None:
    """A Google Ads campaign report segmented by day, as Google writes it: a title row, the date
    range, quoted grouped numbers, ` --` for empty cells and the total rows; its campaigns are
    `Campaign B<n> - …`, which the plan's lines match (see `with_match`)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write('Campaign report\r\n"January 1, 2027 - December 31, 2027"\r\n')
        out.write("Day,Campaign status,Campaign,Currency code,Impr.,Clicks,Cost,Conversions\r\n")
        for i in range(rows):
            cents = f"{i % 100:02d}"
            cost = f'"{i % 3:d},{i % 997:03d}.{cents}"' if i % 3 else f"{i % 997}.{cents}"
            out.write(
                f"2027-{i % 12 + 1:02d}-{i % 28 + 1:02d},Enabled,Campaign B{i % lines + 1} - "
                f'{("Search", "Display", "PMax")[i % 3]},EUR,"{i % 9 + 1},{i % 1000:03d}",'
                f"{i % 300},{cost},{i % 7}.00\r\n"
            )
        out.write("Total: Account, --, --,EUR, --, --, --, --\r\n")


def with_match(plan: Path, lines: int) -> None:
    """The plan's lines given the patterns that place the campaigns of `write_google_ads`."""
    text = plan.read_text(encoding="utf-8")
    for n in range(1, lines + 1):
        head = f"    - id: B{n}\n"
        text = text.replace(head, head + f'      match: ["Campaign B{n} - *"]\n', 1)
    plan.write_text(text, encoding="utf-8")


def measure_pairs(opmkt: Path, folder: Path, repeat: int) -> tuple[list[Pair], list[str]]:
    """`track import` of IMPORT_ROWS rows against csv reading the same file, and fmt against
    `validate` on the example plan; each best of `repeat`."""
    failures: list[str] = []
    here = folder / "import"
    here.mkdir()
    plan = here / "plan.yaml"
    write_plan(IMPORT_PLAN_ACTIONS, plan)
    export = here / "spend.csv"
    write_export(IMPORT_ROWS, IMPORT_PLAN_ACTIONS, export)
    actuals = here / "actuals.yaml"
    import_cmd = [
        str(opmkt), "track", "import", str(export), "--kind", "spend",
        "--actuals", str(actuals), "--plan", str(plan),
    ]  # fmt: skip

    floor_out = here / "floor.yaml"
    floor = [str(BIN / "python"), "-c", WRITE_FLOOR, str(plan), str(export), str(floor_out)]
    import_s, csv_s, floor_s = import_against_csv(
        import_cmd, actuals, export, floor, repeat, failures
    )
    if None not in (import_s, floor_s) and floor_out.read_bytes() != actuals.read_bytes():
        failures.append("the import's floor did not write the file `track import` writes")
        floor_s = None
    preset_s, preset_csv_s, preset_floor_s = measure_preset_import(opmkt, here, repeat, failures)
    fmt_times: tuple[float | None, ...] = (None, None, None)
    try:
        fmt_times = measure_fmt(opmkt, here / "messy.yaml", repeat)
    except RunFailed as exc:
        failures.append(str(exc))
    validate_s, check_s, write_s = fmt_times
    pairs = [
        Pair(
            f"track import {IMPORT_ROWS:,} rows",
            import_s,
            "csv",
            csv_s,
            IMPORT_LIMIT,
            floor_s,
            "lines looked up, rows written",
        ),
        Pair(
            f"track import --preset google-ads {IMPORT_ROWS:,} rows",
            preset_s,
            "csv",
            preset_csv_s,
            IMPORT_LIMIT,
            preset_floor_s,
            "plan loaded, rows read",
        ),
        Pair("fmt --check (example plan)", check_s, "validate", validate_s, 1),
        Pair("fmt, laying it out anew", write_s, "validate", validate_s, 1),
    ]
    return pairs, failures


def measure_preset_import(
    opmkt: Path, here: Path, repeat: int, failures: list[str]
) -> tuple[float | None, float | None, float | None]:
    """`track import --preset google-ads` of a campaign report of IMPORT_ROWS day rows, each
    placed on its line by the plan's `match` patterns, csv reading the same file and the
    import's floor (READ_FLOOR): each best of `repeat`."""
    folder = here / "preset"
    folder.mkdir()
    plan = folder / "plan.yaml"
    write_plan(IMPORT_PLAN_ACTIONS, plan)
    lines = IMPORT_PLAN_ACTIONS * LINES_PER_ACTION
    with_match(plan, lines)
    export = folder / "campaign-report.csv"
    write_google_ads(IMPORT_ROWS, lines, export)
    actuals = folder / "actuals.yaml"
    command = [
        str(opmkt), "track", "import", str(export), "--preset", "google-ads",
        "--actuals", str(actuals), "--plan", str(plan),
    ]  # fmt: skip

    floor = [str(BIN / "python"), "-c", READ_FLOOR, str(plan), str(export)]
    return import_against_csv(command, actuals, export, floor, repeat, failures)


def import_against_csv(
    command: list[str],
    actuals: Path,
    export: Path,
    floor: list[str],
    repeat: int,
    failures: list[str],
) -> tuple[float | None, float | None, float | None]:
    """An import `command` of `export` into `actuals`, csv reading the same file, and the
    import's `floor` (a command): each best of `repeat`, the three taken in turn in each round,
    so that a change in the load of the machine weighs on the three alike. None for one that
    failed (said in `failures`)."""
    runs = {
        "csv": [sys.executable, "-c", CSV_READ, str(export)],
        "floor": floor,
        "import": command,
    }
    best: dict[str, float | None] = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, cmd in runs.items():
            so_far = best[name]
            if so_far is None:
                continue
            if name == "import":
                actuals.unlink(missing_ok=True)  # each run creates the file and adds every row
            try:
                best[name] = min(so_far, run_once(cmd, frozenset({0}))[0])
            except RunFailed as exc:
                failures.append(str(exc))
                best[name] = None
    return best["import"], best["csv"], best["floor"]


def measure_pdf(opmkt: Path, folder: Path) -> tuple[Pair, list[str], list[str]]:
    """The HTML and the PDF report of a plan of PDF_ACTIONS actions with its actuals, one run
    each, one after the other; and how many pages the PDF has."""
    failures: list[str] = []
    here = folder / "pdf"
    here.mkdir()
    plan = here / "plan.yaml"
    write_plan(PDF_ACTIONS, plan)
    write_actuals(PDF_ACTIONS, plan)

    def report(fmt: str) -> Callable[[], float]:
        cmd = [str(opmkt), "report", str(plan), *AT, "-f", fmt, "-o", str(here / f"r.{fmt}")]
        return lambda: run_once(cmd, frozenset({0}))[0]

    timed = {fmt: attempt(report(fmt), failures) for fmt in ("html", "pdf")}
    notes = []
    if timed["pdf"] is not None:
        from pypdf import PdfReader

        pages = len(PdfReader(here / "r.pdf").pages)
        notes.append(f"  the PDF of {PDF_ACTIONS:,} actions has {pages:,} pages")
    label = f"report pdf ({PDF_ACTIONS:,} actions)"
    return Pair(label, timed["pdf"], "html", timed["html"], PDF_LIMIT), notes, failures


def measure_fmt(opmkt: Path, messy: Path, repeat: int) -> tuple[float, float, float]:
    """`validate` and `fmt --check` of the example plan, and `fmt` of a copy of it with
    `version:` moved to the end, which fmt writes back as the example: each best of
    `repeat`, the three taken in turn in each round, so that a change in the load of the
    machine weighs on the three alike."""
    validate = [str(opmkt), "validate", str(EXAMPLE)]
    check = [str(opmkt), "fmt", "--check", str(EXAMPLE)]
    write = [str(opmkt), "fmt", str(messy)]
    tidy = EXAMPLE.read_text(encoding="utf-8")
    moved = tidy.replace("version: 1\n\n", "", 1) + "\nversion: 1\n"
    best = [float("inf")] * 3
    for _ in range(repeat):
        messy.write_text(moved, encoding="utf-8")
        for at, (cmd, ok) in enumerate(
            ((validate, VALIDATE_OK), (check, frozenset({0})), (write, frozenset({0})))
        ):
            best[at] = min(best[at], run_once(cmd, ok)[0])
        if messy.read_text(encoding="utf-8") != tidy:
            raise RunFailed(f"`{' '.join(write)}` did not write the example's layout")
    return best[0], best[1], best[2]


def pair_lines(pairs: Sequence[Pair]) -> list[str]:
    """Each pair's two times and their ratio, and its floor's when it has one."""
    rows = []
    for p in pairs:
        rows.append((p.label, p.value_s, p))
        if p.floor_s is not None:
            rows.append((f"  (floor: {p.floor})", p.floor_s, p))
    width = max((len(label) for label, _, _ in rows), default=0)
    return [
        f"  {label:<{width}} {seconds(value):>9}   {p.yardstick:<9} "
        f"{seconds(p.yardstick_s):>9}   {ratio(value, p.yardstick_s)}"
        for label, value, p in rows
    ]


def floor_notes(found: StartUp, python_s: float, pairs: Sequence[Pair]) -> list[str]:
    """The targets set below, or within NEAR_FLOOR of, the least their job takes with typer and
    pydantic, which the product keeps: no change to opmkt's own work can meet those."""
    notes = []
    if found.help_floor_s is not None and found.help_floor_s > HELP_LIMIT * python_s:
        notes.append(
            f"  every --help: its floor (import typer) alone takes "
            f"{ratio(found.help_floor_s, python_s)} python"
        )
    limit = None if found.yamllint_s is None else COMMAND_LIMIT * found.yamllint_s
    if found.floor_s is not None and limit is not None and found.floor_s > limit:
        notes.append(
            f"  every command: its floor (typer imported, the plan loaded) alone takes "
            f"{ratio(found.floor_s, found.yamllint_s)} yamllint"
        )
    for p in pairs:
        if p.floor_s is None or not p.yardstick_s:
            continue
        room = p.factor * p.yardstick_s - p.floor_s
        if room < (1 - NEAR_FLOOR) * p.factor * p.yardstick_s:
            left = "nothing" if room <= 0 else ms(room)
            notes.append(
                f"  {p.label}: its floor ({p.floor}) alone takes "
                f"{ratio(p.floor_s, p.yardstick_s)} {p.yardstick}, leaving {left} for the rest"
            )
    if notes:
        notes.insert(0, "\nAt or below the floor of the stack (typer, pydantic, ruamel.yaml):")
    return notes


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or what platform knows elsewhere."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine(opmkt_version: str, yamllint_version: str) -> str:
    """Where and with what the figures were taken."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return (
        f"Machine: {cpu_model()}, {os.cpu_count()} cores ({usable} usable), {platform.system()}\n"
        f"Python:  {python} ({sys.executable})\n"
        f"Tools:   {opmkt_version}, {yamllint_version}, PyYAML {yaml.__version__} with libyaml"
    )


def named_version(name: str, stdout: bytes) -> str:
    """A tool's --version output, prefixed with its name when it prints only the number."""
    text = stdout.decode(errors="replace").strip() or "version unknown"
    return text if text.lower().startswith(name) else f"{name} {text}"


def tool_version(path: Path) -> str:
    """What `path --version` says; running it also warms the tool up."""
    proc = subprocess.run([str(path), "--version"], capture_output=True, check=False)
    return named_version(path.name, proc.stdout)


def parse_sizes(text: str) -> list[int]:
    """--sizes 100,2000,20000 as positive integers."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of integers: {text}"
        ) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be integers of at least 1")
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes", type=parse_sizes, default=[100, 2_000, 20_000], help="numbers of actions"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument(
        "--large-repeat",
        type=int,
        default=2,
        help=f"runs per measurement from {LARGE:,} actions on (yamllint: one)",
    )
    parser.add_argument(
        "--opmkt", type=Path, default=BIN / "opmkt", help="the opmkt executable to time"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.large_repeat < 1:
        parser.error("--repeat and --large-repeat must be at least 1")
    return args


def missing_tool(opmkt: Path, yamllint: Path) -> str | None:
    """Why the benchmark cannot run, if it cannot."""
    for name, path in (("opmkt", opmkt), ("yamllint", yamllint)):
        if not (path.is_file() and os.access(path, os.X_OK)):
            return f"{name} not found or not executable at {path}"
    if not hasattr(yaml, "CSafeLoader"):
        return "PyYAML was built without libyaml: the parse floor needs yaml.CSafeLoader"
    return None


def duration(seconds: float) -> str:
    """A run's length in minutes and seconds."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print; exit 0 whatever the figures, 1 if a run failed, 2 if a tool is missing."""
    started = time.perf_counter()
    args = parse_args(argv)
    opmkt: Path = args.opmkt
    yamllint = BIN / "yamllint"
    if problem := missing_tool(opmkt, yamllint):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    compile_package(opmkt)

    python_cmd = [sys.executable, "-c", "pass"]
    # Untimed first runs: the first start after an install compiles .pyc files and reads a cold
    # disk cache, which is not what a user sees on the hundredth run.
    for warm_up in (python_cmd, [str(opmkt), "--version"], [str(opmkt), "--help"]):
        subprocess.run(warm_up, capture_output=True, check=False, env=ENV)
    yamllint_version = tool_version(yamllint)
    python_s = best_run(python_cmd, frozenset({0}), STARTUP_RUNS)[0]
    failures: list[str] = []
    version_out = b""

    def version() -> float:
        nonlocal version_out
        elapsed, version_out = best_run([str(opmkt), "--version"], frozenset({0}), STARTUP_RUNS)
        return elapsed

    def help_text() -> float:
        return best_run([str(opmkt), "--help"], frozenset({0}), STARTUP_RUNS)[0]

    version_s = attempt(version, failures)
    help_s = attempt(help_text, failures)

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="opmkt-bench-") as tmp:
        print("measuring every command on the example...", file=sys.stderr, flush=True)
        start_up = measure_start_up(opmkt, yamllint, Path(tmp), STARTUP_RUNS)
        failures.extend(start_up.failures)
        print("measuring track import and fmt...", file=sys.stderr, flush=True)
        pairs, pair_failures = measure_pairs(opmkt, Path(tmp), args.repeat)
        failures.extend(pair_failures)
        print("measuring the PDF report...", file=sys.stderr, flush=True)
        pdf_pair, pdf_notes, pdf_failures = measure_pdf(opmkt, Path(tmp))
        pairs.append(pdf_pair)
        failures.extend(pdf_failures)
        print("measuring opmkt lsp...", file=sys.stderr, flush=True)
        lsp_lines, lsp_targets = measure_lsp(opmkt, EXAMPLE, Path(tmp))
        for n in args.sizes:
            print(f"measuring {n:,} actions...", file=sys.stderr, flush=True)
            large = n >= LARGE
            repeat = args.large_repeat if large else args.repeat
            tools = (opmkt, yamllint)
            row = measure_size(n, Path(tmp), tools, python_s, repeat, 1 if large else repeat)
            rows.append(row)
            failures.extend(row.failures)

    print(machine(named_version("opmkt", version_out), yamllint_version))
    print(BYTECODE_NOTE)
    print(
        f"Best of {args.repeat} runs; from {LARGE:,} actions best of {args.large_repeat}, "
        "and yamllint run once (it takes minutes there).\n"
        "Floor = libyaml compose of the plan in-process + `python -c pass`. status and report "
        f"also read the actuals file\n(--as-of {AS_OF}); report writes into the temp folder.\n"
    )
    print(size_table(rows))
    print()
    print(command_table(rows))
    if notes := findings_notes(rows):
        print("\nThe generated plans should validate clean, with results; here they did not:")
        print("\n".join(notes))
    print(f"\nStart-up (best of {STARTUP_RUNS})")
    print(f"  python -c pass   {ms(python_s)}")
    print(f"  opmkt --version  {seconds(version_s)}  {ratio(version_s, python_s)}")
    print(f"  opmkt --help     {seconds(help_s)}  {ratio(help_s, python_s)}")
    print("\n".join(start_up_lines(start_up, python_s)))
    print(
        f"\nSide by side (best of {args.repeat}): `track import` of a generated {IMPORT_ROWS:,}-row"
        " CSV export into a new\nactuals file, against `python -c` reading the same file with "
        f"the csv module; `fmt --check` and\n`validate` of examples/{EXAMPLE.parent.name}/"
        "plan.yaml, and `fmt` of a copy of it with\n`version:` at the end (written back as the "
        "example), the three in turn in each round; the HTML and the PDF report of a "
        f"generated plan of\n{PDF_ACTIONS:,} actions with its actuals, one run each"
    )
    print("\n".join([*pair_lines(pairs), *pdf_notes]))
    print("\n".join(lsp_lines))
    print("\nTargets")
    found = [
        *targets(rows, version_s, python_s),
        *start_up_targets(start_up, python_s),
        *(p.target() for p in pairs),
    ]
    print("\n".join([*(t.verdict() for t in found), *lsp_targets]))
    if notes := floor_notes(start_up, python_s, pairs):
        print("\n".join(notes))
    print(f"\nThe benchmark took {duration(time.perf_counter() - started)}.")
    if failures:
        print("\nFailed runs", file=sys.stderr)
        print("\n".join(f"  {f}" for f in failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
