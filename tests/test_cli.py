"""The command itself: version, help, `python -m opmkt`, errors without tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
import typer.main
from typer.core import TyperGroup

from opmkt import __version__
from opmkt.cli import app
from opmkt.cli.commands import COMMANDS, GROUPS, Command, argv
from opmkt.i18n import LANGUAGES, catalog
from tests.commands import PLACES, SPEND_CSV
from tests.conftest import EXAMPLES, ROOT, Result, run_installed

SRC = ROOT / "src" / "opmkt"


def test_version_from_the_installed_command() -> None:
    result = run_installed("--version")
    assert (result.code, result.out, result.err) == (0, f"opmkt {__version__}\n", "")


def test_python_dash_m_runs_the_same_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "opmkt", "--version"], capture_output=True, text=True, check=False
    )
    assert (proc.returncode, proc.stdout) == (0, f"opmkt {__version__}\n")


HEAVY = (
    "pydantic",
    "rich",
    "ruamel.yaml",
    "jinja2",
    "babel",
    "xlsxwriter",
    "icalendar",
    "pygls",
    "lsprotocol",
)


def imported_by(*argv: str) -> tuple[str, list[str], list[str]]:
    """What `opmkt ARGV` prints, which heavy libraries it imported, and which opmkt modules."""
    code = (
        "import json, sys\n"
        f"sys.argv = ['opmkt', *{list(argv)!r}]\n"
        "from opmkt.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'opmkt')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    *printed, heavy, ours = proc.stdout.splitlines()
    return "\n".join(printed), json.loads(heavy), json.loads(ours)


def start_up_modules() -> set[str]:
    """The opmkt modules the command line needs before a command runs: the package, errors,
    the language it speaks (no catalog read), the cli, the format registries its --format
    choices come from, and their packages. Anything else (the model, the loader, the rules,
    the views) is core, loaded by a run."""
    named = {"opmkt.__main__", "opmkt.errors", "opmkt.findings", "opmkt.i18n", "opmkt.io.outputs"}
    named |= {f"opmkt.cli.{path.stem}" for path in (SRC / "cli").glob("*.py")}
    named |= {c.formats.partition(":")[0] for c in COMMANDS if c.formats is not None}
    packages = {".".join(name.split(".")[:depth]) for name in named for depth in (1, 2)}
    return named | packages


def core_modules() -> set[str]:
    """Every module of the package, from its files, but those of start-up."""
    found = {
        ".".join(path.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in SRC.rglob("*.py")
    }
    return found - start_up_modules()


@pytest.mark.parametrize("argv", [["--version"], ["--help"]], ids=["version", "help"])
def test_start_up_imports_nothing_heavy(argv: list[str]) -> None:
    # Shell prompts, scripts and completion call these often: they must stay near `python -c
    # pass` (`make bench` measures both).
    printed, heavy, ours = imported_by(*argv)
    assert heavy == []
    assert sorted(core_modules() & set(ours)) == []
    assert printed.startswith(f"opmkt {__version__}" if argv == ["--version"] else "Usage: opmkt")


def test_core_modules_are_found_from_the_package() -> None:
    # Derived from the files, the list follows modules that move: it must hold the core.
    core = core_modules()
    assert {"opmkt.plan.model", "opmkt.plan.loader", "opmkt.lint.engine"} <= core
    assert {"opmkt.budget.table", "opmkt.report.build", "opmkt.lint.formats"} <= core
    assert "opmkt.cli.budget" not in core


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_command_help_loads_no_core(command: Command) -> None:
    # opmkt's core and the libraries that only work needs (models, YAML, reports, locales,
    # spreadsheets) wait until a command runs; typer converts no value to print help.
    printed, heavy, ours = imported_by(*command.words, "--help")
    assert printed.startswith(f"Usage: opmkt {command.name}")
    assert heavy == []
    assert sorted(core_modules() & set(ours)) == []


def test_help_lists_the_commands(cli: Callable[..., Result]) -> None:
    result = cli("--help")
    assert result.code == 0
    for command in COMMANDS:
        assert f"  {command.words[0]} " in result.out


def first_paragraph(text: str) -> str:
    """What a list of commands shows of a help, before cutting it to fit."""
    end = text.find("\n\n")
    return " ".join((text if end == -1 else text[:end]).split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_command_is_listed_as_its_help_begins(lang: str) -> None:
    # `opmkt --help` and `opmkt track --help` list each command with its summary from the
    # registry, without making the command: it must say what the command's own help says
    # first, in every language, as click would list the command made.
    summaries = {c.words[-1]: c.summary for c in COMMANDS} | GROUPS
    words = catalog(lang)
    listed = []
    groups = [cast(TyperGroup, typer.main.get_command(app))]
    for group in groups:
        for name in group.commands:
            command = group.commands[name]
            assert command.help is not None
            told = first_paragraph(words.gettext(command.help))
            assert " ".join(words.gettext(summaries[name]).split()) == told, name
            listed.append(name)
            groups += [command] if isinstance(command, TyperGroup) else []
    assert sorted(listed) == sorted(summaries)


def test_no_arguments_shows_help_and_exits_2() -> None:
    result = run_installed()
    assert result.code == 2
    assert "Usage: opmkt" in result.out + result.err


def test_unknown_command_is_a_usage_error() -> None:
    result = run_installed("budgett")
    assert result.code == 2
    assert "No such command 'budgett'" in result.err
    assert "Traceback" not in result.err


USAGES = [(command, usage) for command in COMMANDS for usage in command.usages]


@pytest.mark.parametrize(("command", "usage"), USAGES, ids=[" ".join(usage) for _, usage in USAGES])
def test_every_usage_in_the_registry_runs_on_the_example(
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: Command,
    usage: tuple[str, ...],
) -> None:
    # The tests that run every command start from these usages: each must work as given, or
    # they would test only how a command fails.
    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(EXAMPLES / "fournil-dupont" / name, tmp_path / name)
    (tmp_path / "spend.csv").write_text(SPEND_CSV, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli(*argv(usage, **PLACES))
    assert result.code == 0, result.err
    if command.writes is not None and command.writes.split("/")[0] in usage:
        written = command.writes.format(**PLACES)
        assert (tmp_path / written).stat().st_size > 0, written
