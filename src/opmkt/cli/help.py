"""The help of opmkt's commands in the language the user speaks.

Each command's help (its docstring), and each option's and argument's, is written in English
where it is defined; `make catalogs` extracts them from the commands as typer builds them
(`texts`), so a new command or option is in the catalogs as soon as it exists. They are looked
up when help may be shown: an English run reads no catalog and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from weakref import WeakKeyDictionary

from typer._click import Command, Context, Parameter

_english: WeakKeyDictionary[Any, dict[str, str | None]] = WeakKeyDictionary()
"""The English texts of each command and parameter whose help was translated, to speak
English again (a process may run commands in several languages, as the tests do)."""

_TEXTS = ("help", "short_help")


def texts(command: Command, ctx: Context) -> Iterator[tuple[str, Command]]:
    """Every help text of a command and of its subcommands, with the command it is of."""
    for described, owner in _described(command, ctx):
        for name in _TEXTS:
            if text := getattr(described, name, None):
                yield text, owner


def speak(command: Command, ctx: Context, lang: str) -> None:
    """The help of a command, its parameters and its subcommands, in `lang`."""
    english = lang == "en"
    if english and not _english:
        return  # nothing was ever translated: nothing to look up or to put back
    for described, _owner in _described(command, ctx):
        original = _english.setdefault(described, {n: getattr(described, n, None) for n in _TEXTS})
        for name, text in original.items():
            if text is not None:
                setattr(described, name, text if english else _translated(text, lang))


def _translated(text: str, lang: str) -> str:
    from opmkt.i18n import catalog

    return catalog(lang).gettext(text)


def _described(command: Command, ctx: Context) -> Iterator[tuple[Command | Parameter, Command]]:
    """A command, its parameters (the help option among them) and its subcommands', deep,
    each with the command it is of."""
    yield command, command
    for parameter in command.get_params(ctx):
        yield parameter, command
    commands = getattr(command, "commands", {})
    for name in commands:
        yield from _described(commands[name], ctx)
