"""Every fixed word opmkt shows a person, by audience, in the language it speaks.

The words live in tables under `text/`, one per audience: the report's (also the calendar's
and a new plan's name), next period's plan written by `init --from`, the command line's
terminal and Markdown views, and what `track remove` shows of the records it takes out. Each
gives a word's name and its English text, the message id the catalogs translate
(`opmkt.i18n`); numbers and dates are formatted for the locale by Babel (`text/localefmt.py`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

from opmkt.i18n import CONTEXT, DEFAULT_LANGUAGE, LANGUAGES, catalog, language, speaking
from opmkt.text.report_words import REPORT
from opmkt.text.rollover_words import ROLLOVER
from opmkt.text.terminal_words import TERMINAL
from opmkt.text.track_words import TRACK

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TABLES", "Words", "language", "translate", "words"]

Audience = Literal["report", "rollover", "terminal", "track"]

TABLES: dict[Audience, dict[str, str]] = {
    "report": REPORT,
    "rollover": ROLLOVER,
    "terminal": TERMINAL,
    "track": TRACK,
}
"""Every table of words, by audience: each word's name and its English text."""


def translate(message: str, lang: str) -> str:
    """A table's message in a language: with its context when it has one (`C_`)."""
    context, separator, text = message.rpartition(CONTEXT)
    if separator:
        return catalog(lang).pgettext(context, text)
    return catalog(lang).gettext(text)


class Words(Mapping[str, str]):
    """An audience's words in one language, or in the language the command speaks when the
    word is looked up (`lang` None: a view made before the plan is loaded speaks its
    language)."""

    def __init__(self, table: Mapping[str, str], lang: str | None) -> None:
        self._table = table
        self._lang = lang

    @property
    def lang(self) -> str:
        """The language the words are in."""
        return self._lang or speaking()

    def __getitem__(self, key: str) -> str:
        return translate(self._table[key], self.lang)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def words(locale: str | None, audience: Audience = "report") -> Words:
    """The words of an audience about a plan in `locale` (`--lang` or `OPMKT_LANG` first);
    with no locale, in the language the command speaks when a word is looked up."""
    return Words(TABLES[audience], speaking(locale) if locale else None)
