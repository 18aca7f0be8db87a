"""Files that are not plain files, and files that must not be confused with one another.

A FIFO given as any file a command reads or writes is refused with one `error:` line and exit
2 instead of blocking for ever; a loop of symbolic links is a usage error, not a bug; a command
never writes over one of its own inputs, even with --force; `status` and `report` refuse an
actuals file that tracks another plan; temporary files left by killed writers are cleaned up
by the next write once they are old. Every run is through the installed command, with a
subprocess timeout as a hang guard only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from opmkt.cli.commands import argv
from tests.commands import PLACES, SPEND_CSV, readers, writers
from tests.conftest import EXAMPLES, OPMKT, Result, run_installed

HANG_GUARD = 30.0
"""Seconds after which a run counts as blocked and is killed: a guard, not a benchmark."""

EXAMPLE = EXAMPLES / "fournil-dupont"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages checked here are the English ones, whatever the example's language
    (tests/test_no_english.py checks that they are told in the plan's)."""
    monkeypatch.setenv("OPMKT_LANG", "en")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the French example (plan and actuals) and a FIFO named `pipe.yaml`."""
    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    (tmp_path / "spend.csv").write_text(SPEND_CSV, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    return tmp_path


def run(*args: str | Path, cwd: Path) -> Result:
    try:
        result = run_installed(*args, cwd=cwd, timeout=HANG_GUARD)
    except subprocess.TimeoutExpired:
        pytest.fail(f"opmkt {' '.join(map(str, args))} blocked: still running after the guard")
    assert "Traceback" not in result.out + result.err
    return result


def assert_error(result: Result, *fragments: str) -> None:
    """Exit 2 and one `error:` line on stderr that says `fragments`."""
    errors = [line for line in result.err.splitlines() if line.startswith("error: ")]
    assert result.code == 2, (result.code, result.err)
    assert len(errors) == 1, result.err
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


PIPE_MESSAGE = "pipe.yaml: is a named pipe (FIFO), not a regular file"

# Every file a command of the registry reads, and more ways to give one.
READERS = {name: [part.format("pipe.yaml") for part in args] for name, args in readers()}
READERS |= {
    "validate json": ["validate", "-f", "json", "pipe.yaml"],
    "fmt --check": ["fmt", "--check", "pipe.yaml"],
    "track import": ["track", "import", "pipe.yaml", "--kind", "spend"],
    "track --plan": ["track", "spend", "B1", "10", "--actuals", "new.yaml", "--plan", "pipe.yaml"],
}

# Every file a command of the registry writes with -o, with --force and without.
OUTPUTS = {command.name: usage for command, usage in writers() if command.writes == "{output}"}
WRITERS = {
    f"{name} -o{force}": [*argv(usage, **{**PLACES, "output": "pipe.yaml"}), *force.split()]
    for name, usage in OUTPUTS.items()
    for force in ("", " --force")
}


@pytest.mark.parametrize("args", list(READERS.values()), ids=list(READERS))
def test_a_fifo_to_read_is_refused_at_once(folder: Path, args: list[str]) -> None:
    before = (folder / "actuals.yaml").read_bytes()
    assert_error(run(*args, cwd=folder), PIPE_MESSAGE)
    assert (folder / "pipe.yaml").exists()
    assert (folder / "actuals.yaml").read_bytes() == before
    assert not (folder / "out.html").exists()
    assert not (folder / "next").exists()


@pytest.mark.parametrize("args", list(WRITERS.values()), ids=list(WRITERS))
def test_a_fifo_to_write_is_refused_and_kept(folder: Path, args: list[str]) -> None:
    assert_error(run(*args, cwd=folder), PIPE_MESSAGE)
    assert (folder / "pipe.yaml").is_fifo()


def test_init_beside_a_fifo_in_place_of_its_schema_does_not_block(tmp_path: Path) -> None:
    schema = tmp_path / "new" / ".opmkt" / "plan.schema.json"
    schema.parent.mkdir(parents=True)
    os.mkfifo(schema)
    result = run("init", "new", "--no-input", cwd=tmp_path)
    assert result.code == 0, result.err
    assert f"kept {Path('new', '.opmkt', 'plan.schema.json')}, which differs" in result.out
    assert schema.is_fifo()


@pytest.mark.usefixtures("english")
def test_standard_input_is_read_when_asked_for(folder: Path) -> None:
    plan = (folder / "plan.yaml").read_bytes()
    for name in ("-", "/dev/stdin"):
        done = subprocess.run(
            [str(OPMKT), "validate", name],
            input=plan,
            capture_output=True,
            timeout=HANG_GUARD,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert b"1 file checked: 0 errors" in done.stdout
    result = run("fmt", "-", cwd=folder)
    assert_error(result, "-: standard input cannot be rewritten: use --check or --diff")


# Loops of symbolic links


# Every file a command of the registry reads or writes, and the folder init writes into.
LOOPS = {name: [part.format("loop") for part in args] for name, args in readers()}
LOOPS |= {
    f"{name} -o": argv(usage, **{**PLACES, "output": "loop"}) for name, usage in OUTPUTS.items()
}
LOOPS |= {
    "report -o --force": ["report", "plan.yaml", "-o", "loop", "--force"],
    "init": ["init", "loop", "--no-input"],
    "init --from": ["init", "--from", "plan.yaml", "loop"],
}


@pytest.mark.parametrize("args", list(LOOPS.values()), ids=list(LOOPS))
def test_a_loop_of_links_is_an_error_not_a_bug(folder: Path, args: list[str]) -> None:
    (folder / "loop").symlink_to("loop")
    assert_error(run(*args, cwd=folder), "loop: ", "symbolic links")


def test_actuals_whose_plan_is_a_loop_of_links_get_a_finding(folder: Path) -> None:
    (folder / "loop").symlink_to("loop")
    (folder / "actuals.yaml").write_text("version: 1\nplan: loop\n", encoding="utf-8")
    result = run("validate", "actuals.yaml", cwd=folder)
    assert result.code == 1, result.err
    assert "actuals.yaml:2:7: error unknown-reference the plan this file tracks cannot be" in (
        result.out
    )
    assert "symbolic links" in result.out


def test_init_from_a_missing_plan_over_an_existing_one_says_it_is_missing(folder: Path) -> None:
    (folder / "next").mkdir()
    shutil.copy(folder / "plan.yaml", folder / "next" / "plan.yaml")
    before = (folder / "next" / "plan.yaml").read_bytes()
    result = run("init", "--from", "typo.yaml", "next", "--force", cwd=folder)
    assert_error(result, "typo.yaml: no such file")
    assert (folder / "next" / "plan.yaml").read_bytes() == before


# A command's output is never one of its inputs


SELF_WRITES = {
    "budget": (["budget", "plan.yaml", "-o", "plan.yaml", "--force"], "plan.yaml"),
    "budget, a second plan": (
        ["budget", "plan.yaml", "other.yaml", "-o", "./other.yaml", "--force"],
        "other.yaml",
    ),
    "calendar": (["calendar", "plan.yaml", "-o", "link.yaml", "--force"], "plan.yaml"),
    "diff": (["diff", "plan.yaml", "other.yaml", "-o", "other.yaml", "--force"], "other.yaml"),
    "report": (["report", "plan.yaml", "-o", "plan.yaml", "--force"], "plan.yaml"),
    "report, its actuals": (
        ["report", "plan.yaml", "-o", "actuals.yaml", "-f", "md", "--force"],
        "actuals.yaml",
    ),
}


@pytest.mark.parametrize("case", list(SELF_WRITES.values()), ids=list(SELF_WRITES))
def test_an_input_is_never_written_over(folder: Path, case: tuple[list[str], str]) -> None:
    args, victim = case
    shutil.copy(folder / "plan.yaml", folder / "other.yaml")
    (folder / "link.yaml").symlink_to("plan.yaml")
    before = (folder / victim).read_bytes()
    assert_error(run(*args, cwd=folder), "an input of this command: write elsewhere")
    assert (folder / victim).read_bytes() == before


# An actuals file is used only with the plan it tracks


@pytest.mark.parametrize(
    "args",
    [
        ["status", "plan.yaml", "--as-of", "2027-09-30"],
        ["status", "plan.yaml", "--actuals", "actuals.yaml", "-f", "json"],
        ["report", "plan.yaml", "-o", "out.md"],
        ["report", "plan.yaml", "--actuals", "actuals.yaml", "-o", "out.html"],
    ],
    ids=["status", "status --actuals", "report", "report --actuals"],
)
@pytest.mark.usefixtures("english")  # the plan is French: its error speaks French otherwise
def test_actuals_that_track_another_plan_are_refused(folder: Path, args: list[str]) -> None:
    actuals = folder / "actuals.yaml"
    actuals.write_text(
        actuals.read_text(encoding="utf-8").replace("plan: plan.yaml", "plan: /etc/passwd", 1),
        encoding="utf-8",
    )
    result = run(*args, cwd=folder)
    assert_error(result, "actuals.yaml tracks /etc/passwd, not plan.yaml")
    assert result.out == ""
    assert not (folder / "out.md").exists() and not (folder / "out.html").exists()


def test_actuals_that_track_the_plan_through_a_link_are_used(folder: Path) -> None:
    (folder / "linked.yaml").symlink_to("plan.yaml")
    result = run("status", "linked.yaml", "--actuals", "actuals.yaml", "-f", "json", cwd=folder)
    assert result.code == 0, result.err


# Temporary files left by killed writers


def test_a_write_removes_old_temporaries_of_its_file_only(tmp_path: Path) -> None:
    from opmkt.io.files import STALE_TEMP_SECONDS, write_atomic

    target = tmp_path / "actuals.yaml"
    target.write_text("old\n", encoding="utf-8")
    old = time.time() - STALE_TEMP_SECONDS - 60
    stale = tmp_path / ".actuals.yaml.ab12cd34.tmp"
    busy = tmp_path / ".actuals.yaml.zz98yy76.tmp"  # a writer still at work: recent
    other = tmp_path / ".plan.yaml.ab12cd34.tmp"  # another file's
    mine = tmp_path / ".actuals.yaml.notours.tmp"  # not a name mkstemp gives
    for leftover in (stale, busy, other, mine):
        leftover.write_text("half", encoding="utf-8")
    for leftover in (stale, other, mine):
        os.utime(leftover, (old, old))
    write_atomic(target, "new\n", force=True)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["actuals.yaml", busy.name, other.name, mine.name]
    )


def test_track_cleans_up_after_a_killed_writer(tmp_path: Path) -> None:
    from opmkt.io.files import STALE_TEMP_SECONDS

    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    stale = tmp_path / ".actuals.yaml.k1ll3d00.tmp"
    stale.write_text("version: 1\nplan: plan", encoding="utf-8")
    old = time.time() - STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    result = run("track", "kpi", "ca", "10", "--date", "2027-03-01", cwd=tmp_path)
    assert result.code == 0, result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["actuals.yaml", "plan.yaml"]
