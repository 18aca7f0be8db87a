"""The language opmkt speaks, and its words looked up in gettext catalogs.

The catalogs are `locale/<lang>/LC_MESSAGES/opmkt.mo`, compiled from the `.po` files when the
package is built; their message ids are the English text. A process loads the catalog of the
language it speaks once, with the standard library's `gettext` (Babel is not imported just to
translate). The language is, first to last: `--lang`, the `OPMKT_LANG` environment variable, a
command's `--locale`, the plan's `locale`, the environment's messages locale (`LC_ALL`,
`LC_MESSAGES`, `LANG`), English.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gettext import NullTranslations

DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "fr", "es", "de")
"""The languages opmkt speaks: each has a catalog and an `init` skeleton."""

ENVIRONMENT_VARIABLE = "OPMKT_LANG"
DOMAIN = "opmkt"
LOCALE_DIR = Path(__file__).parent / "locale"


class _Choice:
    """What this run of a command was told about its language, weakest last."""

    lang: str | None = None
    locale: str | None = None
    plan: str | None = None


_choice = _Choice()


def language(locale: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The language opmkt speaks for a locale: `fr_CA`, `fr-FR` or `fr_FR.UTF-8` -> `fr`;
    `default` (English) for a locale in a language opmkt has no catalog for, or none."""
    code = re.split(r"[-_.@]", locale or "", maxsplit=1)[0].lower()
    return code if code in LANGUAGES else default


def start(lang: str | None = None) -> None:
    """A command starts: forget what an earlier one in this process was told; `--lang`."""
    _choice.lang = language(lang) if lang else None
    _choice.locale = None
    _choice.plan = None


def use_locale(locale: str) -> None:
    """A command's `--locale`: its language, unless `--lang` or `OPMKT_LANG` says otherwise."""
    _choice.locale = language(locale)


def follow_plan(locale: str | None) -> None:
    """The plan a command works on speaks the language of its `locale` (the first one loaded
    when a command reads several)."""
    if _choice.plan is None and locale:
        _choice.plan = language(locale)


def _told() -> str | None:
    if _choice.lang:
        return _choice.lang
    # An OPMKT_LANG opmkt does not speak is left unused (the command line warns of it).
    return language(os.environ.get(ENVIRONMENT_VARIABLE), default="") or None


def unknown_environment() -> str | None:
    """The value of OPMKT_LANG when it names no language opmkt speaks, for a warning."""
    told = os.environ.get(ENVIRONMENT_VARIABLE)
    return told if told and not language(told, default="") else None


def _environment() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return language(os.environ[name])
    return DEFAULT_LANGUAGE


def speaking(locale: str | None = None, *, loaded: bool = True) -> str:
    """The language of a text about a plan in `locale` (None: the plan the command loaded, or
    none): `--lang` or `OPMKT_LANG` first, then the command's `--locale`, then the locale.
    Without `loaded`, the plan the process loaded first counts for nothing (the language
    server checks many plans, each in its own language)."""
    if told := _told():
        return told
    if _choice.locale:
        return _choice.locale
    if locale:
        return language(locale)
    return (_choice.plan if loaded else None) or _environment()


@cache
def catalog(lang: str) -> NullTranslations:
    """The compiled catalog of a language, read once; English is the message ids themselves."""
    # gettext is imported when a word is first told, not when the command line starts.
    from gettext import GNUTranslations, NullTranslations

    if lang == DEFAULT_LANGUAGE:
        return NullTranslations()
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as file:
        return GNUTranslations(file)


def _(message: str, lang: str | None = None) -> str:
    """A message in the language spoken (or `lang`)."""
    return catalog(lang or speaking()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The form of a message for `n` things, by the language's plural rule (CLDR's)."""
    return catalog(lang or speaking()).ngettext(singular, plural, n)


def pgettext(context: str, message: str, lang: str | None = None) -> str:
    """A message whose English is spelled the same as another's with another meaning."""
    return catalog(lang or speaking()).pgettext(context, message)


CONTEXT = "\x04"
"""Between a context and its message, as gettext itself stores them."""


def C_(context: str, message: str) -> str:
    """Marks a message with a context, for a word table: looked up with `pgettext`."""
    return f"{context}{CONTEXT}{message}"


def N_(message: str) -> str:
    """Marks a message for the catalogs where it is written, translated where it is shown."""
    return message
