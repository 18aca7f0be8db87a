"""The command itself: version, help, `python -m opmkt`, errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

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


def test_version_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys; sys.argv = ['opmkt', '--version']\n"
        "from opmkt.__main__ import main; main()\n"
        "heavy = [m for m in ('typer', 'pydantic', 'rich', 'ruamel.yaml', 'jinja2') "
        "if m in sys.modules]\n"
        "print(heavy)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.splitlines() == [f"opmkt {__version__}", "[]"]


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
