"""What a user waits for at each command: every usage of opmkt's registry of commands run cold
on an example plan, against yamllint on the same file, and each command's `--help` against
`python -c pass`. A new command of the registry is measured without a change here."""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from opmkt.cli.commands import COMMANDS, argv
from timing import RunFailed, best_run, run_once

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "fournil-dupont"
"""The registry's usages name this example's figures (line B1, KPI ca)."""
SPEND_CSV = "line,date,amount\nB1,2027-06-01,12.50\n"
COMMAND_LIMIT = 0.7
"""Every command on the example within this times yamllint on the same plan."""
HELP_LIMIT = 6
"""`opmkt COMMAND --help` within this times `python -c pass`."""
YAMLLINT_OK = frozenset({0, 1})
STACK = """
import gc, os, sys
from opmkt.__main__ import _without_pydantic_plugins
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
_without_pydantic_plugins()
gc.disable()
import typer
from opmkt.plan.loader import load_plan
"""
"""The stack the product keeps, ready as the entry point makes it (pydantic's plugins off, the
collector paused): the command-line library imported, and what loads a plan through its
models."""
PLAN_FLOOR = STACK + "assert load_plan(sys.argv[1]).plan is not None\n"
"""The least a command that reads a plan does with that stack: the plan loaded. No command line
is parsed, no rule runs, nothing is shown."""


@dataclass(frozen=True)
class Timed:
    label: str
    seconds: float | None
    """None when a run failed."""


@dataclass(frozen=True)
class StartUp:
    yamllint_s: float | None
    floor_s: float | None
    """PLAN_FLOOR on the example's plan."""
    help_floor_s: float | None
    """`python -c "import typer"`: what any page of help costs before opmkt's own."""
    commands: list[Timed]
    helps: list[Timed]
    failures: list[str]


def _fresh(folder: Path) -> dict[str, str]:
    """An empty copy of the example's folder, and the places of a usage in it."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(EXAMPLE / name, folder / name)
    (folder / "spend.csv").write_text(SPEND_CSV, encoding="utf-8")
    return {
        "plan": "plan.yaml",
        "old": "plan.yaml",
        "actuals": "actuals.yaml",
        "csv": "spend.csv",
        "output": "out.html",
        "folder": "next",
    }


def _usage_time(opmkt: Path, usage: tuple[str, ...], folder: Path, repeat: int) -> float:
    """The best of `repeat` runs, each in a fresh copy of the example (a command that writes
    finds no file in its way)."""
    best = float("inf")
    for _ in range(repeat):
        places = _fresh(folder)
        cmd = [str(opmkt), *argv(usage, **places)]
        best = min(best, run_once(cmd, frozenset({0}), cwd=folder)[0])
    return best


def measure(opmkt: Path, yamllint: Path, folder: Path, repeat: int) -> StartUp:
    """Each usage of each command, yamllint on the example's plan, and each `--help`."""
    failures: list[str] = []

    def attempt(label: str, measure_one: Callable[[], float]) -> Timed:
        try:
            return Timed(label, measure_one())
        except RunFailed as exc:
            failures.append(str(exc))
            return Timed(label, None)

    def usage_time(usage: tuple[str, ...]) -> Callable[[], float]:
        return lambda: _usage_time(opmkt, usage, folder / "run", repeat)

    def help_time(words: list[str]) -> Callable[[], float]:
        return lambda: best_run([str(opmkt), *words, "--help"], frozenset({0}), repeat)[0]

    lint = [str(yamllint), "-d", "relaxed", str(EXAMPLE / "plan.yaml")]
    yamllint_s = attempt("yamllint", lambda: best_run(lint, YAMLLINT_OK, repeat)[0]).seconds
    floor = [str(opmkt.parent / "python"), "-c", PLAN_FLOOR, str(EXAMPLE / "plan.yaml")]
    floor_s = attempt("floor", lambda: best_run(floor, frozenset({0}), repeat)[0]).seconds
    typer_alone = [str(opmkt.parent / "python"), "-c", "import typer"]
    help_floor_s = attempt(
        "typer", lambda: best_run(typer_alone, frozenset({0}), repeat)[0]
    ).seconds
    commands = [
        attempt(" ".join(usage).replace("{", "").replace("}", ""), usage_time(usage))
        for command in COMMANDS
        for usage in command.usages
    ]
    helps = [attempt(f"{c.name} --help", help_time(c.words)) for c in COMMANDS]
    return StartUp(yamllint_s, floor_s, help_floor_s, commands, helps, failures)
