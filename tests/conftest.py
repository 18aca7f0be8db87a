"""Shared fixtures: run the CLI in-process or as the installed command, write small plans."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from opmkt.cli import run

# Every property test runs the same examples on every machine (a failure found once is found
# again), and none has a deadline: a test asserts outcomes, never how long an example took.
settings.register_profile("opmkt", derandomize=True, deadline=None, database=None)
settings.load_profile("opmkt")

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "src" / "opmkt" / "data" / "schemas"
"""The JSON Schemas opmkt ships, as committed."""
EXAMPLES = ROOT / "examples"
# A report names the plan's version, its git commit: the tests pin it, as `make demo` does for
# the committed example reports, so that a report depends on its inputs only
# (tests/test_report_identity.py unpins it to read it from git).
os.environ["OPMKT_PLAN_VERSION"] = "1.0"
OPMKT = Path(sys.executable).with_name("opmkt")

MINIMAL_PLAN = """\
version: 1
plan:
  name: Minimal plan
  period: {start: 2027-01-01, end: 2027-12-31}
"""


def counting(calls: dict[str, int], name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    """`real`, counting each call in `calls[name]`: tests count work, they never time it."""

    def counted(*args: Any) -> Any:
        calls[name] += 1
        return real(*args)

    return counted


def billion_laughs() -> str:
    """Ten levels of nine aliases each: 9**10 values if expanded, from 578 bytes."""
    lines = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


@pytest.fixture(autouse=True)
def _speaking_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a command does: told nothing about its language, in an English
    environment, whatever the machine's locale."""
    from opmkt.i18n import ENVIRONMENT_VARIABLE, start

    for name in (ENVIRONMENT_VARIABLE, "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    start()


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands speak English whatever the plan's language (`OPMKT_LANG=en`): for tests that
    read the views of the French example by their English headings."""
    monkeypatch.setenv("OPMKT_LANG", "en")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output (review the diff).",
    )


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `opmkt ARGS...` in this process and capture what it prints."""

    def invoke(*args: str | Path) -> Result:
        code = run([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def run_installed(*args: str | Path, cwd: Path | None = None, timeout: float = 60) -> Result:
    """Run the installed `opmkt` command in a child process, as a user would."""
    proc = subprocess.run(
        [str(OPMKT), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file under tmp_path and return its path."""

    def make(text: str | bytes, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return make


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME; `pytest --update-golden` rewrites it."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, text: str) -> None:
        path = ROOT / "tests" / "golden" / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {name} was missing and has been written: review it")
        assert text == path.read_text(encoding="utf-8")

    return check


@pytest.fixture
def crashing_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that always crashes, registered for one test: a bug in a rule must not hide the
    other rules' findings, and every output format must say the run did not succeed."""
    from opmkt.findings import Severity
    from opmkt.lint.rules import RULES

    class Crashing:
        ID = "crashing"
        SUMMARY = "always crashes"
        DEFAULT_SEVERITY = Severity.WARNING

        @staticmethod
        def check(plan: object, ctx: object) -> list[object]:
            raise ZeroDivisionError("boom")

    monkeypatch.setitem(RULES, "crashing", Crashing)
