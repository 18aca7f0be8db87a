"""The command itself: version, help, `python -m opmkt`, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pytest

from opmkt import __version__
from tests.conftest import Result, run_installed


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
    "openpyxl",
    "icalendar",
    "pygls",
    "lsprotocol",
)
OURS = ("opmkt.plan.model", "opmkt.plan.loader", "opmkt.lint.engine", "opmkt.report.build")


def imported_by(*argv: str) -> tuple[str, list[str]]:
    """What `opmkt ARGV` prints, and which heavy libraries and core modules it imported."""
    code = (
        "import json, sys\n"
        f"sys.argv = ['opmkt', *{list(argv)!r}]\n"
        "from opmkt.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {HEAVY + OURS!r} if m in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    *printed, modules = proc.stdout.splitlines()
    return "\n".join(printed), json.loads(modules)


@pytest.mark.parametrize("argv", [["--version"], ["--help"]], ids=["version", "help"])
def test_start_up_imports_nothing_heavy(argv: list[str]) -> None:
    # Shell prompts, scripts and completion call these often: they must stay near `python -c
    # pass` (`make bench` measures both).
    printed, heavy = imported_by(*argv)
    assert heavy == []
    assert printed.startswith(f"opmkt {__version__}" if argv == ["--version"] else "Usage: opmkt")


@pytest.mark.parametrize("command", ["validate", "budget", "report", "track", "lsp"])
def test_command_help_loads_no_core(command: str) -> None:
    # typer itself builds parameter converters with pydantic; opmkt's core and the libraries
    # that only work needs (YAML, reports, locales, spreadsheets) wait until a command runs.
    printed, heavy = imported_by(command, "--help")
    assert printed.startswith(f"Usage: opmkt {command}")
    assert [m for m in heavy if m != "pydantic"] == []


def test_help_lists_the_commands(cli: Callable[..., Result]) -> None:
    result = cli("--help")
    assert result.code == 0
    for command in ("init", "schema", "validate"):
        assert f"  {command} " in result.out


def test_no_arguments_shows_help_and_exits_2() -> None:
    result = run_installed()
    assert result.code == 2
    assert "Usage: opmkt" in result.out + result.err


def test_unknown_command_is_a_usage_error() -> None:
    result = run_installed("budgett")
    assert result.code == 2
    assert "No such command 'budgett'" in result.err
    assert "Traceback" not in result.err
