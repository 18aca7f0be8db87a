"""The help of opmkt's commands in the language the user speaks.

Each command's help (its docstring), and each option's and argument's, is written in English
where it is defined; `make catalogs` extracts them from the commands as typer builds them
(`texts`), so a new command or option is in the catalogs as soon as it exists. They are looked
up when help is shown (`HelpContext`): English help reads no catalog and changes nothing.

typer words the sections and notes of help (`Options`, `[default: …]`) with the standard
library's `gettext.gettext`, which looks them up in the process's text domain, in the language
of `LANGUAGE` (GNU gettext's variable, first of the environment's): help in another language
sets both while it is made. The framing typer's click prints as plain text (`Usage:`, a usage
error's `Invalid value for`) cannot be translated and stays English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from weakref import WeakKeyDictionary

from typer._click import Command, Context, Parameter

from opmkt.i18n import DEFAULT_LANGUAGE, DOMAIN, LOCALE_DIR, N_, catalog, speaking, start

TYPER_WORDS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
)
"""The words typer's help says through `gettext.gettext`, for the catalogs."""


class HelpContext(Context):
    """The context of an opmkt command: its help speaks the language of the user, as told by
    `--lang` (read before a command's help, not before `opmkt --help`), `OPMKT_LANG` or the
    environment's messages locale."""

    def get_help(self) -> str:
        if self.parent is None:
            start()  # `opmkt --help`: what an earlier command of this process was told is past
        lang = speaking()
        speak(self.command, self, lang)
        if lang == DEFAULT_LANGUAGE:
            return super().get_help()
        with _typer_speaking(lang):
            return super().get_help()


@contextmanager
def _typer_speaking(lang: str) -> Iterator[None]:
    """Inside: typer's own words of help in `lang`, from opmkt's catalog."""
    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if language is None:
            del os.environ["LANGUAGE"]
        else:
            os.environ["LANGUAGE"] = language


_english: WeakKeyDictionary[Any, dict[str, str | None]] = WeakKeyDictionary()
"""The English texts of each command and parameter whose help was translated, to speak
English again (a process may run commands in several languages, as the tests do)."""

_TEXTS = ("help", "short_help")


def texts(command: Command, ctx: Context) -> Iterator[tuple[str, Command]]:
    """Every help text of a command and of its subcommands (each built), with the command it
    is of."""
    for described in _described(command, ctx):
        for name in _TEXTS:
            if text := getattr(described, name, None):
                yield text, command
    commands = getattr(command, "commands", {})
    for name in commands:
        yield from texts(commands[name], ctx)


def speak(command: Command, ctx: Context, lang: str) -> None:
    """The help of a command and of its parameters in `lang`. A group lists its subcommands
    with the registry's summaries, told in the language spoken (`LazyGroup`): none is built
    to be listed."""
    english = lang == DEFAULT_LANGUAGE
    if english and not _english:
        return  # nothing was ever translated: nothing to look up or to put back
    for described in _described(command, ctx):
        original = _english.setdefault(described, {n: getattr(described, n, None) for n in _TEXTS})
        for name, text in original.items():
            if text is not None:
                setattr(described, name, text if english else catalog(lang).gettext(text))


def _described(command: Command, ctx: Context) -> Iterator[Command | Parameter]:
    """A command and its parameters (the help option among them)."""
    yield command
    yield from command.get_params(ctx)
