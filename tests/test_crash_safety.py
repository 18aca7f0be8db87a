"""Crash safety: a write that cannot happen, or a writer killed mid-way, loses nothing.

Every command that writes a file is run against a read-only target file and a read-only folder:
each gives exit 2 and one `error:` line naming the path, and leaves the file or folder exactly as
it was. Tests run as root in containers, and root ignores permission bits, so for root the file
or folder is made immutable (`chattr +i`) instead; where that is not possible the cases are
skipped, never passed without protection.

Then `opmkt track spend` on a large actuals file is killed (SIGKILL) at random moments: the file
is always the old text or the old text plus the new record, never half of it, and the only thing
a kill may leave beside it is its own hidden temporary file (`.actuals.yaml.*.tmp`), which no
`*.yaml` pattern picks up, and which a later write removes once it is old. `opmkt fmt`, which
rewrites the user's own plan in place, is killed the same way: the plan is as it was or
formatted.

Last, a file reached through a symbolic link is written through it: the link stays.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from opmkt.cli.commands import Command, argv
from opmkt.plan.loader import load
from tests.commands import PLACES, SPEND_CSV, writers
from tests.conftest import EXAMPLES, OPMKT, run_installed

pytestmark = pytest.mark.slow

PLAN = """\
version: 1
plan:
  name: Crash plan
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: EUR
budget:
  lines:
    - {id: B1, label: Flyers, amount: 300}
kpis:
  - {id: ca, name: Revenue, kind: financial, unit: EUR}
"""

UNFORMATTED = """\
plan:
  period: {end: 2027-12-31, start: 2027-01-01}
  name: Crash plan
version: 1
"""

ACTUALS = """\
version: 1
plan: ../plan.yaml
spend:
  - {line: B1, date: 2027-01-20, amount: 650, ref: "SL-031"}
  - {line: B1, date: 2027-03-18, amount: 650, ref: SL-2027-031}
"""

OLD = b"old content, kept as it was\n"


# Protecting a file or a folder, also from root


def _can_chattr() -> bool:
    """Whether `chattr +i` works here (it needs root, the tool, and a file system with it)."""
    if os.geteuid() != 0 or shutil.which("chattr") is None:
        return False
    with tempfile.TemporaryDirectory(dir=Path(tempfile.gettempdir())) as folder:
        probe = Path(folder) / "probe"
        probe.touch()
        done = subprocess.run(["chattr", "+i", probe], capture_output=True, check=False)
        if done.returncode != 0:
            return False
        subprocess.run(["chattr", "-i", probe], capture_output=True, check=True)
        return True


ROOT_USER = os.geteuid() == 0
CHATTR = _can_chattr()


@dataclass
class Guard:
    """Makes paths read-only for the user running the tests, and undoes it afterwards."""

    protected: list[Path]

    def protect(self, path: Path) -> None:
        path.chmod(0o555 if path.is_dir() else 0o444)
        if ROOT_USER:
            if not CHATTR:
                pytest.skip(
                    "tests run as root, which ignores permission bits, and `chattr +i` is not "
                    "available here: a read-only path cannot be made"
                )
            subprocess.run(["chattr", "+i", path], capture_output=True, check=True)
        self.protected.append(path)

    def release(self) -> None:
        for path in reversed(self.protected):
            if ROOT_USER:
                subprocess.run(["chattr", "-i", path], capture_output=True, check=True)
            path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture
def guard() -> Iterator[Guard]:
    made = Guard([])
    yield made
    made.release()


def snapshot(path: Path) -> dict[str, bytes | None]:
    """Every entry under `path` (itself included) with its bytes; folders map to None."""
    entries = [path, *sorted(path.rglob("*"))] if path.is_dir() else [path]
    return {
        str(entry.relative_to(path.parent)): None if entry.is_dir() else entry.read_bytes()
        for entry in entries
    }


# Read-only targets


def written(command: Command) -> str:
    """The name of the file a command writes inside the folder it is given."""
    return {"{plan}": "plan.yaml", "{actuals}": "actuals.yaml"}.get(
        command.writes or "", "plan.yaml" if command.writes == "{folder}/plan.yaml" else "written"
    )


def arguments(command: Command, usage: tuple[str, ...], folder: Path) -> list[str]:
    """The command writing into `folder`, replacing what is there (--force where it asks for
    it: fmt rewrites a plan and track records into an actuals file without it)."""
    places = {**PLACES, "output": str(folder / written(command)), "folder": str(folder)}
    places["csv"] = str(folder.parent / "spend.csv")
    if command.writes in ("{plan}", "{actuals}"):
        places[command.writes.strip("{}")] = str(folder / written(command))
    force = ["--force"] if command.writes in ("{output}", "{folder}/plan.yaml") else []
    return [*argv(usage, **places), *force]


WRITERS = {command.name: (command, usage) for command, usage in writers()}
"""Every command that writes a file, from the registry of commands."""

# What must already be in the target for the command to write it: fmt rewrites an unformatted
# plan, track appends to a valid actuals file; the others replace any file (--force).
EXISTING: dict[str, str] = {"{plan}": UNFORMATTED, "{actuals}": ACTUALS}


def prepare(tmp_path: Path, command: Command) -> Path:
    """A plan at tmp_path/plan.yaml (with its actuals and a CSV export beside it) and the
    folder `out` the command writes into."""
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "actuals.yaml").write_text("version: 1\nplan: plan.yaml\n", encoding="utf-8")
    (tmp_path / "spend.csv").write_text(SPEND_CSV, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    existing = EXISTING.get(command.writes or "", OLD.decode())
    (out / written(command)).write_text(existing, encoding="utf-8")
    return out


def assert_refused(args: Sequence[str | Path], cwd: Path, path: Path) -> None:
    result = run_installed(*args, cwd=cwd)
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert result.code == 2, result.out + result.err
    assert "Traceback" not in result.out + result.err
    assert len(errors) == 1, result.err
    assert str(path) in errors[0], errors


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_read_only_file_is_refused_and_kept(tmp_path: Path, guard: Guard, name: str) -> None:
    command, usage = WRITERS[name]
    out = prepare(tmp_path, command)
    target = out / written(command)
    guard.protect(target)
    before = snapshot(out)
    assert_refused(arguments(command, usage, out), tmp_path, target)
    assert snapshot(out) == before
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_read_only_folder_is_refused_and_kept(tmp_path: Path, guard: Guard, name: str) -> None:
    command, usage = WRITERS[name]
    out = prepare(tmp_path, command)
    target = out / written(command)
    if command.writes == "{folder}/plan.yaml":  # init writes into an empty folder
        target.unlink()
    guard.protect(out)
    before = snapshot(out)
    assert_refused(arguments(command, usage, out), tmp_path, target)
    assert snapshot(out) == before
    assert stat.S_IMODE(out.stat().st_mode) == 0o555


# A writer killed mid-way

RECORDS = 20_000
NEW_RECORD = "  - {line: B1, date: 2027-06-01, amount: 7.25, ref: NEW}\n"
TEMP = re.compile(r"\.actuals\.yaml\..+\.tmp\Z")
KILLS = 5


def big_actuals() -> str:
    rows = "".join(
        f"  - {{line: B1, date: 2027-01-01, amount: {i}.5, ref: R{i}}}\n" for i in range(RECORDS)
    )
    return f"version: 1\nplan: plan.yaml\nspend:\n{rows}"


def kill_at_random(
    args: list[str | Path],
    duration: float,
    reset: Callable[[], None],
    check: Callable[[str], None],
) -> None:
    """Run `args` KILLS times, each killed with SIGKILL after a random share (10 % to 105 %)
    of `duration`, a full run's time; `reset` comes before each run, `check(where)` after."""
    rng = random.Random(8)
    killed = []
    for attempt in range(KILLS):
        reset()
        delay = rng.uniform(0.1, 1.05) * duration
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        code = proc.wait(timeout=60)
        check(f"attempt {attempt}, killed after {delay:.2f} s (exit {code})")
        killed.append(code == -signal.SIGKILL)
    assert any(killed), "no run was killed before it ended: the delays are too long"


def test_a_killed_writer_leaves_the_old_file_or_the_new_one(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    actuals = tmp_path / "actuals.yaml"
    old = big_actuals()
    args: list[str | Path] = [OPMKT, "track", "spend", "B1", "7.25", "--date", "2027-06-01",
                              "--ref", "NEW", "--actuals", actuals]  # fmt: skip
    # One run to the end first: how long a write takes here, so that the kills fall anywhere
    # from the start to just past the end (the rename comes last, after reading and checking).
    actuals.write_text(old, encoding="utf-8")
    start = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    duration = time.monotonic() - start
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert actuals.read_text(encoding="utf-8") == old + NEW_RECORD

    def reset() -> None:
        actuals.write_text(old, encoding="utf-8")
        for leftover in tmp_path.glob(".actuals.yaml.*.tmp"):
            leftover.unlink()

    def check(where: str) -> None:
        text = actuals.read_text(encoding="utf-8")
        assert text in (old, old + NEW_RECORD), where
        loaded = load(actuals, expect="actuals")
        assert loaded.actuals is not None and not loaded.findings, where
        assert len(loaded.actuals.spend) == RECORDS + (text != old), where

        others = {p.name for p in tmp_path.iterdir()} - {
            "plan.yaml",
            "actuals.yaml",
        }
        # Only a process killed between making its temporary file and the rename leaves it:
        # hidden, named after the file, and outside every `*.yaml` pattern.
        assert all(TEMP.match(name) for name in others), (where, others)
        assert len(others) <= 1, (where, others)
        assert sorted(p.name for p in tmp_path.glob("*.yaml")) == ["actuals.yaml", "plan.yaml"]
        checked = run_installed("validate", *sorted(tmp_path.glob("*.yaml")), cwd=tmp_path)
        assert checked.code == 0, (where, checked.out + checked.err)

    kill_at_random(args, duration, reset, check)

    # The lock died with the killed process: the next writer is not kept waiting.
    actuals.write_text(old, encoding="utf-8")
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert actuals.read_text(encoding="utf-8") == old + NEW_RECORD


def unformatted_example() -> str:
    """The French example plan with `version: 1` moved to its end: fmt puts it back first."""
    text = (EXAMPLES / "fournil-dupont" / "plan.yaml").read_text(encoding="utf-8")
    return text.replace("version: 1\n", "", 1) + "version: 1\n"


def first_key(text: str) -> str:
    return next(line for line in text.splitlines() if line and not line.startswith("#"))


def test_a_killed_fmt_leaves_the_plan_as_it_was_or_formatted(tmp_path: Path) -> None:
    # fmt rewrites the user's own plan in place: the file the user wrote must survive any kill.
    plan = tmp_path / "plan.yaml"
    old = unformatted_example()
    args: list[str | Path] = [OPMKT, "fmt", plan]
    plan.write_text(old, encoding="utf-8")
    start = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    duration = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    new = plan.read_text(encoding="utf-8")
    assert new != old and first_key(new) == "version: 1"

    def reset() -> None:
        plan.write_text(old, encoding="utf-8")
        for leftover in tmp_path.glob(".plan.yaml.*.tmp"):
            leftover.unlink()

    def check(where: str) -> None:
        assert plan.read_text(encoding="utf-8") in (old, new), where
        others = {p.name for p in tmp_path.iterdir()} - {"plan.yaml"}
        assert all(re.fullmatch(r"\.plan\.yaml\..+\.tmp", name) for name in others), where

    kill_at_random(args, duration, reset, check)


# Symbolic links


def test_a_linked_file_is_written_through_its_link(tmp_path: Path) -> None:
    # A plan kept elsewhere and linked into a project: fmt and report --force write the file
    # the link names, and the link stays a link.
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "plan.yaml").write_text(unformatted_example(), encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "plan.yaml").symlink_to(shared / "plan.yaml")
    (shared / "report.md").write_text("<!-- generated by opmkt -->\nold\n", encoding="utf-8")
    (project / "report.md").symlink_to(shared / "report.md")

    assert run_installed("fmt", "plan.yaml", cwd=project).code == 0
    assert (project / "plan.yaml").is_symlink()
    assert first_key((shared / "plan.yaml").read_text(encoding="utf-8")) == "version: 1"

    result = run_installed("report", "plan.yaml", "-o", "report.md", "--force", cwd=project)
    assert result.code == 0, result.err
    assert (project / "report.md").is_symlink()
    assert "Fournil Dupont" in (shared / "report.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in project.iterdir()) == ["plan.yaml", "report.md"]
