"""Every fixed word opmkt shows a person, by audience and language, and the one rule that
picks the language from a locale.

The words live in tables under `text/`, one per audience: the report's (also the
calendar's and a new plan's name), next period's plan written by `init --from`, the
command line's terminal and Markdown views, and what `track remove` shows of the records it
takes out. Each table gives the same keys in every language
it has (a test holds them to English's); a language a table lacks falls back to English,
while numbers and dates are still formatted for the locale by Babel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from opmkt.text.report_words import REPORT
from opmkt.text.rollover_words import ROLLOVER
from opmkt.text.terminal_words import TERMINAL
from opmkt.text.track_words import TRACK

DEFAULT_LANGUAGE = "en"

Audience = Literal["report", "rollover", "terminal", "track"]

TABLES: dict[Audience, dict[str, dict[str, str]]] = {
    "report": REPORT,
    "rollover": ROLLOVER,
    "terminal": TERMINAL,
    "track": TRACK,
}
"""Every table of words, by audience, then by language."""

WORDS = REPORT
"""The report's words, by language: what report templates receive as `t`."""

LANGUAGES = frozenset(code for table in TABLES.values() for code in table)
"""The languages opmkt has words in."""


def language(locale: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The language opmkt speaks for a locale: `fr_CA`, `fr-FR` or `fr_FR.UTF-8` -> `fr`;
    `default` (English) for a locale in a language opmkt has no words in, or none."""
    code = re.split(r"[-_.@]", locale or "", maxsplit=1)[0].lower()
    return code if code in LANGUAGES else default


def words(locale: str | None, audience: Audience = "report") -> Mapping[str, str]:
    """The words of an audience in the locale's language (English where it has none)."""
    table = TABLES[audience]
    return table.get(language(locale), table[DEFAULT_LANGUAGE])
