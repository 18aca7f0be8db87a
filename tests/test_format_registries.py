"""Output formats come from one registry per feature: a command's --format choices are its
registry's names, every entry renders the examples through the one writer, and adding a format
is one entry."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from opmkt.cli.commands import COMMANDS, Command, argv
from tests.commands import PLACES
from tests.conftest import EXAMPLES, ROOT, Result

WITH_FORMATS = [command for command in COMMANDS if command.formats is not None]
CHOICES = re.compile(r"--format <([a-z|]+)>")


def registry_names(command: Command) -> list[str]:
    formats = command.output_formats()
    assert formats is not None
    return formats.names


@pytest.fixture
def plan_folder(tmp_path: Path) -> Path:
    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(EXAMPLES / "fournil-dupont" / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("command", WITH_FORMATS, ids=[c.name for c in WITH_FORMATS])
def test_the_format_choices_in_help_are_the_registry(
    cli: Callable[..., Result], command: Command
) -> None:
    shown = CHOICES.search(cli(*command.words, "--help").out)
    assert shown is not None
    assert shown.group(1).split("|") == registry_names(command)


@pytest.mark.parametrize(
    ("command", "name"),
    [(c, name) for c in WITH_FORMATS for name in registry_names(c)],
    ids=[f"{c.name}-{name}" for c in WITH_FORMATS for name in registry_names(c)],
)
def test_every_format_renders_the_example_through_the_writer(
    cli: Callable[..., Result],
    plan_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: Command,
    name: str,
) -> None:
    monkeypatch.chdir(plan_folder)
    output = plan_folder / f"out.{name}"
    result = cli(*argv(command.usages[0], **{**PLACES, "output": str(output)}), "-f", name)
    assert result.code == 0, result.err
    if "{output}" in command.usages[0]:
        assert f"wrote {output}" in result.err
        assert output.stat().st_size > 0
    else:
        assert result.out.strip() != ""


PLUGIN = """
import sys
from opmkt.budget.outputs import FORMATS
from opmkt.io.outputs import OutputFormat


def shout(plans, combined, by, *, color):
    return "".join(f"{one.name.upper()} {one.total}\\n" for one in plans)


FORMATS.add(OutputFormat("shout", "__main__:shout"))
from opmkt.cli import run

sys.exit(run(sys.argv[1:]))
"""


def plugged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`opmkt ARGS` with one more budget format, added as a single registry entry."""
    return subprocess.run(
        [sys.executable, "-c", PLUGIN, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
        check=False,
    )


def test_a_format_added_to_a_registry_is_a_choice_and_is_written(plan_folder: Path) -> None:
    helped = plugged("budget", "--help", cwd=plan_folder)
    assert "--format <table|json|csv|markdown|xlsx|shout>" in helped.stdout
    printed = plugged("budget", "plan.yaml", "-f", "shout", cwd=plan_folder)
    assert (printed.returncode, printed.stderr) == (0, "")
    [line] = printed.stdout.splitlines()
    assert line.startswith("PLAN.YAML ")
    written = plugged("budget", "plan.yaml", "-f", "shout", "-o", "out.txt", cwd=plan_folder)
    assert (written.returncode, written.stderr) == (0, "wrote out.txt\n")
    assert (plan_folder / "out.txt").read_text(encoding="utf-8") == printed.stdout
    again = plugged("budget", "plan.yaml", "-f", "shout", "-o", "out.txt", cwd=plan_folder)
    assert (again.returncode, again.stderr) == (
        2,
        "error: out.txt existe déjà : utilisez --force pour le remplacer\n",  # the plan's French
    )
