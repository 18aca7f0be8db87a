"""opmkt's commands, each made into its click command only when it is asked for.

typer builds the parameters of every command from its function's signature when the command
line is made: 44 signatures read, and every command module imported, to run one command.
Here the group of commands is click's "lazily loading subcommands" pattern under typer (a
`TyperGroup` given as the app's `cls`): its `commands` know every name from the registry of
commands (`commands.py`) and build a command, with typer's `get_group`, from the module that
registers it the first time it is asked for. Running one command, or its `--help`, builds that
one; `opmkt --help`, a mistyped command's suggestions and the list of commands still see them
all.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import Any

import typer
from typer._click import Command
from typer.core import TyperGroup

from opmkt.cli.commands import top_level
from opmkt.cli.help import HelpContext


class Commands(MutableMapping[str, Command]):
    """Commands by name, in the registry's order, each built when first asked for."""

    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = modules
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            self._built[name] = _built(name, self._modules[name])
        return self._built[name]

    # click's group adds and removes commands through its mapping, which must allow it.
    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._modules and name not in self._built:
            raise KeyError(name)
        self._modules.pop(name, None)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def _names(self) -> list[str]:
        return list(dict.fromkeys([*self._modules, *self._built]))


class LazyGroup(TyperGroup):
    """The `opmkt` group: its commands are those of the registry, built as they are used."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = Commands(top_level())

    context_class = HelpContext


def _built(name: str, module: str) -> Command:
    """The command `name` as typer makes it from the function its module registers, with the
    settings of opmkt's app (plain help, no rich traceback)."""
    app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    import_module(module).register(app)
    command = typer.main.get_group(app).commands[name]
    _speaking_help(command)
    return command


def _speaking_help(command: Command) -> None:
    """A command, and each subcommand of a group, shows its help in the user's language."""
    command.context_class = HelpContext
    for sub in getattr(command, "commands", {}).values():
        _speaking_help(sub)
