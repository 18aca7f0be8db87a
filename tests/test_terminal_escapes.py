"""Nothing from a file name, an argument or plan text acts on the terminal: every command of
the CLI (taken from the CLI itself, so that a new one is covered), given file names that hold a
clipboard write (OSC 52), a screen clear and an OSC 8 hyperlink, prints no escape byte on
stdout or stderr, in findings, "wrote …" lines, "no such file" and usage errors alike."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from opmkt.cli import app
from opmkt.findings import printable
from tests.conftest import EXAMPLES, Result

Cli = Callable[..., Result]

HOSTILE = "\x1b]52;c;aGk=\x07\x1b[2J\x1b]8;;file:x\x1b\\link\x1b]8;;\x1b\\\u202e\x9b"
# What must never reach a terminal: C0 controls but line feeds, C1 controls, bidi overrides.
ACTS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PATHS = {"files", "plan", "old", "new", "file", "folder", "source", "actuals", "output"}


def commands() -> Iterator[tuple[str, Any]]:
    """Every command of the CLI, sub-commands included, as `name`, command (typer's click)."""

    def walk(command: Any, prefix: str) -> Iterator[tuple[str, Any]]:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            yield prefix.strip(), command
            return
        for name, sub in subcommands.items():
            yield from walk(sub, f"{prefix} {name}")

    yield from walk(typer.main.get_command(app), "")


COMMANDS = dict(commands())


def values(folder: Path, exists: bool) -> dict[str, str]:
    """A value for each parameter by name: hostile file names, sane values otherwise."""
    name = "plan" if exists else "missing"
    return {
        "files": str(folder / f"{name}{HOSTILE}.yaml"),
        "plan": str(folder / f"{name}{HOSTILE}.yaml"),
        "old": str(folder / f"{name}{HOSTILE}.yaml"),
        "new": str(folder / f"other{HOSTILE}.yaml"),
        "source": str(folder / f"{name}{HOSTILE}.yaml"),
        "actuals": str(folder / f"{'actuals' if exists else 'missing'}{HOSTILE}.yaml"),
        "file": str(folder / f"{'spend' if exists else 'missing'}{HOSTILE}.csv"),
        "folder": str(folder / f"new{HOSTILE}"),
        "output": str(folder / f"out{HOSTILE}.md"),
        "rule_id": f"rule{HOSTILE}",
        "line": "B01",
        "kpi": "K01",
        "amount": "10",
        "value": "1",
        "kind": "spend",
        "as_of": "2027-09-30",
    }


def argv(command: Any, given: dict[str, str], hostile: str | None = None) -> list[str]:
    """Arguments for `command`: each required one from `given`, each path option too; the
    option named `hostile` (any that takes a value) set to a hostile string."""
    out: list[str] = []
    for param in command.params:
        if param.name is None or param.name == "help":
            continue
        if param.name == hostile:
            value = HOSTILE
        elif param.name in given and (param.required or param.name in PATHS):
            value = given[param.name]
        elif param.required:
            raise AssertionError(f"no value for the required {param.name}: add one to values()")
        else:
            continue
        if param.param_type_name == "option":
            out.append(param.opts[0])
        out.append(value)
    return out


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    source = EXAMPLES / "fournil-dupont"
    text = (source / "plan.yaml").read_text("utf-8")
    # One objective without a deadline: a finding, which names the file.
    text = re.sub(r"\n    deadline: [0-9-]+", "", text, count=1)
    for name in ("plan", "other"):
        (tmp_path / f"{name}{HOSTILE}.yaml").write_text(text, encoding="utf-8")
    # Its `plan:` cannot name the plan (a YAML file holds no control character): the mismatch
    # is one more message that names files.
    shutil.copy(source / "actuals.yaml", tmp_path / f"actuals{HOSTILE}.yaml")
    (tmp_path / f"spend{HOSTILE}.csv").write_text(
        "line,date,amount\nB01,2027-03-01,10\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_nothing_acts(result: Result, what: str) -> None:
    for stream, text in (("stdout", result.out), ("stderr", result.err)):
        found = sorted(set(ACTS.findall(text)))
        assert not found, f"{what}: {stream} has {found!r}:\n{text[:2000]}"
    assert result.code != 3, f"{what}: {result.err}"


@pytest.mark.parametrize("exists", [True, False], ids=["files", "missing-files"])
@pytest.mark.parametrize("name", COMMANDS)
def test_no_file_name_sends_the_terminal_an_escape(
    cli: Cli, folder: Path, name: str, exists: bool
) -> None:
    args = [*name.split(), *argv(COMMANDS[name], values(folder, exists))]
    result = cli(*args)
    assert_nothing_acts(result, " ".join(map(printable, args)))
    if exists and name in ("validate", "budget", "report"):
        # The run did reach the file: its name is shown, escaped.
        assert printable(HOSTILE) in result.out + result.err


VALUED = [
    (name, param.name)
    for name, command in COMMANDS.items()
    for param in command.params
    if param.name not in (None, "help") and not getattr(param, "is_flag", False)
]


@pytest.mark.parametrize(("name", "param"), VALUED, ids=[f"{c}-{p}" for c, p in VALUED])
def test_no_argument_sends_the_terminal_an_escape(
    cli: Cli, folder: Path, name: str, param: str
) -> None:
    args = [*name.split(), *argv(COMMANDS[name], values(folder, True), hostile=param)]
    result = cli(*args)
    assert_nothing_acts(result, " ".join(map(printable, args)))


def test_the_template_folder_name_is_shown_escaped(cli: Cli, folder: Path) -> None:
    missing = folder / f"templates{HOSTILE}"
    result = cli("report", folder / f"plan{HOSTILE}.yaml", "--template-dir", missing)
    assert result.code == 2
    assert_nothing_acts(result, "report --template-dir")
    shutil.rmtree(folder)


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "plan.yaml"),
        ("smart", "plan.yaml"),
        ("budget", "plan.yaml", "-b", "objective"),
        ("diff", "old.yaml", "plan.yaml"),
    ],
    ids=lambda args: "-".join(args[:3:2]),
)
def test_hidden_characters_in_plan_text_are_shown_and_flagged(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    # A right-to-left override and a zero-width space make a plan read differently from what
    # it holds: the terminal shows them escaped, and validate warns.
    source = EXAMPLES / "fournil-dupont"
    text = (source / "plan.yaml").read_text("utf-8")
    (tmp_path / "old.yaml").write_text(text, encoding="utf-8")
    text = text.replace("    title: Augmenter", '    title: "\\u202EAugmenter', 1)
    text = text.replace("de la boutique\n", 'de la boutique"\n', 1)
    text = text.replace("Shootings photo produits", '"Shootings\\u200B photo produits', 1)
    text = text.replace("(printemps et automne)\n", '(printemps et automne)"\n', 1)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    shutil.copy(source / "actuals.yaml", tmp_path / "actuals.yaml")
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.code in (0, 1), result.err
    assert_nothing_acts(result, " ".join(args))
    assert "\u200b" not in result.out + result.err
    assert "\\u202e" in result.out or "\\u200b" in result.out
    if args[0] == "validate":
        assert result.out.count(" hidden-characters ") >= 2


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_no_format_of_validate_for_a_log_sends_the_terminal_an_escape(
    cli: Cli, folder: Path, fmt: str
) -> None:
    result = cli("validate", folder / f"plan{HOSTILE}.yaml", "-f", fmt)
    assert result.code == 0
    assert "\x1b" not in result.out and "\x07" not in result.out and "\x9b" not in result.out


def test_what_python_calls_printable_is_shown_as_it_is() -> None:
    # Standard error shows text Python calls printable without escaping it (cli/__init__.py):
    # that holds only while every character escaped is one Python does not call printable.
    shown = "".join(c for c in map(chr, range(0x110000)) if c.isprintable())
    assert printable(shown) == shown
    assert printable(HOSTILE) != HOSTILE
