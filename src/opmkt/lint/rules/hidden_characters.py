"""A text holds a character its reader cannot see: a bidirectional override or isolate, or a
zero-width character.

A right-to-left override (U+202E) makes `cap 1000 €` display as something else than what the
file holds, and a zero-width space makes two names that look the same differ: a plan under
review would read differently from what it says. They have no use in a marketing
plan. One finding per text (value or key) that holds any, naming each; terminals show them
escaped (`\\u202e`). A zero-width joiner or non-joiner between two letters or symbols of a
script that needs it (Persian, Indic, emoji sequences) is left alone. The failing example
below holds a right-to-left override, written as the escape `"\\u202E"`.

Passes::

    version: 1
    plan:
      name: Plan 2027
      period: {start: 2027-01-01, end: 2027-12-31}

Fails (3:9, a right-to-left override in the name)::

    version: 1
    plan:
      name: "Plan \\u202E7202"
      period: {start: 2027-01-01, end: 2027-12-31}
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from opmkt.findings import HIDDEN, Finding, Listed, Message, Severity, printable
from opmkt.i18n import N_
from opmkt.io.yamlio import format_path
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "hidden-characters"
SUMMARY = N_("a text holds a bidirectional override or a zero-width character")
DEFAULT_SEVERITY = Severity.WARNING

_HIDDEN = re.compile(f"[{HIDDEN}]")


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """Over the file as written (plans and actuals files), keys and values alike."""
    source = ctx.loaded.doc.text
    # A value holds such a character only if the text does, or writes it as an escape: most
    # files have neither, and the walk over every value is spared (a third of a check).
    if _HIDDEN.search(source) is None and "\\" not in source:
        return
    for loc, text, at_key in _texts(ctx.loaded.doc.data, ()):
        found = sorted({m.group() for m in _HIDDEN.finditer(text) if not _joins(text, m.start())})
        if not found:
            continue
        names = Listed(
            tuple(f"U+{ord(c):04X} {unicodedata.name(c, 'FORMAT CHARACTER')}" for c in found)
        )
        said = _SAID[(at_key, bool(loc))]
        values = (("text", printable(text)), ("path", format_path(loc)), ("names", names))
        yield ctx.finding(ID, DEFAULT_SEVERITY, Message(said, values), loc, at_key=at_key)


_SAID = {
    (True, True): N_(
        "the key '{text}' at {path} holds {names}, which a reader does not see and which can "
        "make it read differently from what it holds: remove it"
    ),
    (True, False): N_(
        "the key '{text}' holds {names}, which a reader does not see and which can make it read "
        "differently from what it holds: remove it"
    ),
    (False, True): N_(
        "'{text}' at {path} holds {names}, which a reader does not see and which can make it "
        "read differently from what it holds: remove it"
    ),
    (False, False): N_(
        "'{text}' holds {names}, which a reader does not see and which can make it read "
        "differently from what it holds: remove it"
    ),
}
"""What is said, by whether the text is a key and whether it has a place in the file."""


def _joins(text: str, at: int) -> bool:
    """Whether a zero-width joiner or non-joiner does its job between two letters or symbols
    of a script that needs it (Persian, Indic, emoji sequences such as 👩‍💻)."""
    if text[at] not in "\u200c\u200d" or at == 0 or at + 1 == len(text):
        return False
    return all(c > "\u02ff" and not _HIDDEN.match(c) for c in (text[at - 1], text[at + 1]))


def _texts(
    node: Any, loc: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    if isinstance(node, str):
        yield loc, node, False
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                yield (*loc, key), key, True
            yield from _texts(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*loc, i))
