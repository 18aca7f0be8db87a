"""opmkt's commands, each made into its click command only when it is asked for.

typer builds the parameters of every command from its function's signature when the command
line is made: 44 signatures read, and every command module imported, to run one command.
Here each group of commands (`opmkt`, `opmkt track`) is click's "lazily loading subcommands"
pattern under typer (a `TyperGroup` given as the app's `cls`): its `commands` know every name
from the registry of commands (`commands.py`) and build a command, with typer's
`get_command_from_info`, from the module that registers it the first time it is asked for.
Running one command, or its `--help`, builds that one; a group's help lists its commands with
the registry's summaries, and a mistyped command's suggestions come from their names: neither
builds any.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from gettext import gettext
from importlib import import_module
from typing import Any

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup
from typer.models import CommandInfo

from opmkt.cli.commands import GROUPS, listed
from opmkt.cli.commands import Command as Listed
from opmkt.cli.help import HelpContext
from opmkt.i18n import catalog, speaking


class Commands(MutableMapping[str, Command]):
    """The commands of a group by name, in the registry's order, each built when first asked
    for."""

    def __init__(self, group: str | None) -> None:
        self._listed = listed(group)
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            self._built[name] = _built(name, self._listed[name])
        return self._built[name]

    def summaries(self) -> dict[str, str]:
        """The summary of each command of the registry, as its help begins, in English."""
        return {
            name: GROUPS[name] if entry is None else entry.summary
            for name, entry in self._listed.items()
        }

    # click's group adds and removes commands through its mapping, which must allow it.
    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._listed and name not in self._built:
            raise KeyError(name)
        self._listed.pop(name, None)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def _names(self) -> list[str]:
        return list(dict.fromkeys([*self._listed, *self._built]))


class LazyGroup(TyperGroup):
    """A group of opmkt's commands: those of the registry, built as they are used. typer makes
    `opmkt` itself (`group` None); a group of subcommands is made here (`track`)."""

    context_class = HelpContext

    def __init__(self, *, group: str | None = None, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands: Commands = Commands(group)

    def list_commands(self, ctx: Context) -> list[str]:
        # typer's reads each command from the mapping: that would build them all.
        return list(self.commands)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Each command with its summary cut to fit, as click lists a command with its help,
        in the language spoken."""
        summaries = self.commands.summaries()
        words = catalog(speaking())
        limit = formatter.width - 6 - max(len(name) for name in summaries)
        rows = [
            (name, make_default_short_help(words.gettext(summary), limit))
            for name, summary in summaries.items()
        ]
        # typer's own heading, in the language `HelpContext` gave typer's words.
        with formatter.section(gettext("Commands")):
            formatter.write_dl(rows)


def _built(name: str, entry: Listed | None) -> Command:
    """The command `name`: a group of the registry (None), or the command its module
    registers, as typer makes it with the settings of opmkt's app (plain help, no rich
    traceback)."""
    if entry is None:
        return LazyGroup(
            group=name, name=name, help=GROUPS[name], no_args_is_help=True, rich_markup_mode=None
        )
    app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    import_module(entry.module).register(app)
    # Only the one asked for: a module may register several (the subcommands of a group).
    (info,) = (info for info in app.registered_commands if _name(info) == name)
    command = typer.main.get_command_from_info(
        info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=None
    )
    command.context_class = HelpContext
    return command


def _name(info: CommandInfo) -> str:
    """The name typer gives a registered command: its own, or its function's."""
    assert info.callback is not None
    return info.name or typer.main.get_command_name(info.callback.__name__)
