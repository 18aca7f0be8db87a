"""Option and argument values converted without pydantic (`opmkt.cli.conversion`) come out as
typer's own validators make them: the same value, or the same refusal, word for word, with the
same exit status, for every parameter of every command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click import Command, Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from opmkt.cli import app
from opmkt.errors import EXIT_USAGE
from tests.conftest import EXAMPLES, run_installed


def parameters() -> Iterator[tuple[str, Command, _TyperParameter]]:
    """Every parameter of every command, sub-commands included, with its command."""

    def walk(command: Command, prefix: str) -> Iterator[tuple[str, Command, _TyperParameter]]:
        for param in command.params:
            if isinstance(param, _TyperParameter):
                yield f"{prefix} {param.name}".strip(), command, param
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{prefix} {name}")

    yield from walk(typer.main.get_command(app), "")


PARAMETERS = list(parameters())


def samples(param: _TyperParameter, folder: Path) -> list[Any]:
    """Values a user may give: each choice as listed and in capitals, a word that is none, a
    control character, an existing file, an existing folder, a missing path."""
    described = param.type_descriptor
    typed = ["text", "B1", "-3", "", "\x1b[2Jx", str(folder / "plan.yaml"), str(folder)]
    typed.append(str(folder / "missing.yaml"))
    choices = [str(getattr(c, "value", c)) for c in described.choices or ()]
    typed += choices + [choice.upper() for choice in choices]
    return [[value] for value in typed] if described.is_list else typed


def outcome(convert: Any, value: Any, param: _TyperParameter, ctx: Context) -> tuple[str, Any]:
    try:
        return "value", convert.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return "refused", exc.format_message()


@pytest.mark.parametrize(
    ("name", "command", "param"), PARAMETERS, ids=[name for name, _, _ in PARAMETERS]
)
def test_a_value_converts_as_typer_converts_it(
    tmp_path: Path, name: str, command: Command, param: _TyperParameter
) -> None:
    (tmp_path / "plan.yaml").write_text("version: 1\n", encoding="utf-8")
    ctx = Context(command)
    typers = build_runtime_param(param.type_descriptor)
    for value in samples(param, tmp_path):
        ours = outcome(param.get_runtime_param(), value, param, ctx)
        assert ours == outcome(typers, value, param, ctx), (name, value)


def test_the_samples_are_both_taken_and_refused(tmp_path: Path) -> None:
    # The comparison above says something only if both happen, to choices and to the others.
    (tmp_path / "plan.yaml").write_text("version: 1\n", encoding="utf-8")
    seen = set()
    for _, command, param in PARAMETERS:
        for value in samples(param, tmp_path):
            kind, _ = outcome(param.get_runtime_param(), value, param, Context(command))
            seen.add((param.type_descriptor.is_choice, kind))
    assert seen == {(True, "value"), (True, "refused"), (False, "value"), (False, "refused")}


def test_a_choice_that_is_none_is_a_usage_error() -> None:
    result = run_installed("validate", "-f", "bogus", EXAMPLES / "fournil-dupont" / "plan.yaml")
    assert (result.code, result.out) == (EXIT_USAGE, "")
    assert result.err.endswith(
        "Error: Invalid value for '--format' / '-f': Value error, 'bogus' is not one of "
        "'text', 'json', 'sarif', 'github', 'junit', 'gitlab', 'markdown', 'auto'.\n"
    )
