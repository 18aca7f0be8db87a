"""Findings: what validation reports, each located in a file."""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from opmkt.i18n import catalog, speaking

if TYPE_CHECKING:
    from gettext import NullTranslations


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


Value: TypeAlias = "str | int | Message | Listed | Aside"


@dataclass(frozen=True, slots=True)
class Message:
    """A message to tell later, in the reader's language: its English text (the catalogs'
    message id, with `{name}` placeholders), the English plural and the count that chooses
    the form, and the value of each placeholder, itself told in the same language."""

    text: str
    values: tuple[tuple[str, Value], ...] = ()
    plural: str | None = None
    count: int = 1

    def told(self, lang: str | None = None) -> str:
        """In `lang`, or in the language the command speaks."""
        return self.told_from(catalog(lang or speaking()))

    def told_from(self, words: NullTranslations) -> str:
        """From a language's catalog, looked up by the caller."""
        template = (
            words.gettext(self.text)
            if self.plural is None
            else words.ngettext(self.text, self.plural, self.count)
        )
        return template.format(**{name: told_from(value, words) for name, value in self.values})


@dataclass(frozen=True, slots=True)
class Listed:
    """Items told as a list: `a`, `a and b`, `a, b and c` in each language; with a `joiner`,
    joined by it (`a, b, c`)."""

    items: tuple[Value, ...]
    joiner: str | None = None

    def told(self, lang: str | None = None) -> str:
        return self.told_from(catalog(lang or speaking()))

    def told_from(self, words: NullTranslations) -> str:
        shown = [told_from(item, words) for item in self.items]
        if self.joiner is not None:
            return self.joiner.join(shown)
        if len(shown) == 1:
            return shown[0]
        last = words.gettext("{items} and {last}")
        return last.format(items=", ".join(shown[:-1]), last=shown[-1])


@dataclass(frozen=True, slots=True)
class Aside:
    """A field's description (a message of the catalogs) told in brackets after the words it
    explains: ` (first day (YYYY-MM-DD))`, its stop dropped and its first letter lowered where
    the language lowers it (not German, whose nouns keep their capital), but before a capital
    (`ISO`)."""

    text: str

    def told(self, lang: str | None = None) -> str:
        return self.told_from(catalog(lang or speaking()))

    def told_from(self, words: NullTranslations) -> str:
        text = words.gettext(self.text).rstrip(".")
        # Each catalog says whether its descriptions lower their first letter in brackets:
        # "lower", or anything else (German's "keep") to leave it as written.
        lowers = words.pgettext("first letter of a description in brackets", "lower") == "lower"
        if lowers and not text[1:2].isupper():
            text = text[:1].lower() + text[1:]
        return f" ({text})"


def told(value: Value, lang: str | None = None) -> str:
    """A placeholder's value as the reader reads it."""
    return told_from(value, catalog(lang or speaking()))


def told_from(value: Value, words: NullTranslations) -> str:
    """A value told from a language's catalog, looked up by the caller."""
    return value.told_from(words) if isinstance(value, Message | Listed | Aside) else str(value)


def teller(lang: str) -> Callable[[Value], str]:
    """What tells many values in `lang`, its catalog looked up once: an export may have a
    problem on each of its hundreds of thousands of rows."""
    return functools.partial(told_from, words=catalog(lang))


def say(text: str, **values: Value) -> Message:
    """A message of the catalogs, its placeholders filled when it is told."""
    return Message(text, tuple(values.items()))


def say_n(singular: str, plural: str, count: int, **values: Value) -> Message:
    """A message whose words follow a count (`{n}` is the count unless given)."""
    return Message(singular, tuple({"n": count, **values}.items()), plural, count)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a file, at a 1-based line and column, with the dotted path of the item.

    `message` is in English, as machine formats carry it; `said`, when the finding has it, is
    the same message to tell in the reader's language (`Finding.told`)."""

    rule: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    path: str
    said: Message | None = field(default=None, compare=False)

    def told(self, lang: str | None = None) -> str:
        """The message in `lang`, or in the language the command speaks, shown as printable."""
        return self.message if self.said is None else printable(self.said.told(lang))

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message)

    def as_json(self) -> dict[str, str | int]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
        }


def counted(n: int, word: str) -> str:
    """`1 error`, `2 errors`, `0 errors`: a count and its noun, in messages."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def join_and(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`: lists in English messages."""
    return Listed(tuple(items)).told("en")


# Characters that would act on a terminal or hide from its reader: C0 and C1 controls (an ESC
# starts an escape sequence), line and paragraph separators, bidirectional overrides and
# isolates (they reorder what is shown), zero-width characters, and the non-characters U+FFFE
# and U+FFFF.
HIDDEN = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"


@functools.cache
def _unprintable(lines: bool) -> re.Pattern[str]:
    # Compiled when first needed, each form once: a class of Unicode ranges takes ~1 ms, and a
    # command shows text through one form or the other, not always both.
    controls = "\x00-\x09\x0b-\x1f" if lines else "\x00-\x1f"
    return re.compile(f"[{controls}\x7f-\x9f\u2028\u2029\ufffe\uffff{HIDDEN}]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return repr(char)[1:-1] if char.isascii() or ord(char) < 0xA0 else f"\\u{ord(char):04x}"


def printable(text: str, *, lines: bool = False) -> str:
    """Text as a terminal must show it: every control, bidirectional or zero-width character
    escaped (`\\x1b`, `\\n`, `\\u202e`), so that a file name or plan text sends the terminal
    nothing but text and reads as what it is. The one way opmkt makes text visible: every
    message, path and text format goes through it. With `lines`, line feeds stay."""
    return _unprintable(lines).sub(_escaped, text)


@functools.cache
def _not_xml() -> re.Pattern[str]:
    # XML 1.0 holds tab, line feed, carriage return and the characters from U+0020 but
    # surrogates, U+FFFE and U+FFFF; a file name (any bytes, decoded with surrogate escapes) may
    # hold the rest. Compiled when first needed: its ranges take ~3 ms, on every start otherwise.
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Text an XML file can carry: what XML cannot is escaped as `printable` shows it
    (`\\x1b`, `\\udcff`), so that a JUnit report or a workbook always parses."""
    return _not_xml().sub(_escaped, text)


def xml_unsafe(text: str) -> bool:
    """Whether the text holds a character XML cannot carry (one search over all of a sheet's
    texts costs less than `xml_safe` on each of its cells)."""
    return _not_xml().search(text) is not None
