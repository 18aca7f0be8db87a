"""`opmkt track remove`: take a wrong record back out of an actuals file.

Records are chosen by their reference, or by their line or KPI and their date, and shown in the
plan's language and number format before anything is written. Their lines are cut from the
file's text and every other byte stays as it was (comments on lines of their own, blank lines,
quoting, line endings), as `track` keeps them when it appends. The choice is made again under
the lock every rewriting command takes (`fsio.locked`), so that a record added or removed
meanwhile (while the user was asked) is never taken out by mistake.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from opmkt.errors import EXIT_FAILED, FileError, OpmktError, UsageError
from opmkt.findings import Listed, Message, Value, say, say_n
from opmkt.i18n import ngettext
from opmkt.io.files import locked, resolved, write_atomic
from opmkt.io.yamledit import node_end
from opmkt.io.yamlio import Document, parse
from opmkt.plan.money import currency_digits
from opmkt.text.localefmt import number
from opmkt.text.words import Words, words
from opmkt.track.dates import parse_date
from opmkt.track.numbers import Invalid, quoted
from opmkt.track.record import SECTIONS, Kind, of_field, open_target, record_key


class NothingToRemove(OpmktError):
    """No record is the one asked for: the file is left as it was. Exit 1, as a search that
    finds nothing."""

    exit_code = EXIT_FAILED


class SeveralMatch(UsageError):
    """More than one record is the one asked for, and `--all` was not given: each is listed."""

    def __init__(self, message: Message, listed: list[str]) -> None:
        super().__init__(message)
        self.listed = listed

    @property
    def messages(self) -> list[str]:
        return [self.told(), *self.listed]


@dataclass(frozen=True)
class Choice:
    """Which records to remove: those with `ref`, or those of `kind` and `name` dated `day`
    (each given narrows the choice)."""

    kind: Kind | None
    name: str | None
    day: dt.date | None
    ref: str | None


def choose(kind: Kind | None, name: str | None, day: str | None, ref: str | None) -> Choice:
    """The records the command line asks for; a UsageError when it does not say which."""
    if ref is not None and kind == "kpi":
        raise UsageError(
            say(
                "--ref: measurements have no reference: give spend LINE --date YYYY-MM-DD, or "
                "kpi KPI --date YYYY-MM-DD"
            )
        )
    if ref is None and (kind is None or name is None or day is None):
        raise UsageError(
            say(
                "say which record to remove: give --ref REF, or spend LINE --date YYYY-MM-DD, "
                "or kpi KPI --date YYYY-MM-DD"
            )
        )
    try:
        parsed = None if day is None else parse_date(day)
    except Invalid as exc:
        raise UsageError(of_field("--date", exc.said)) from None
    return Choice(kind or ("spend" if ref is not None else None), name, parsed, ref)


@dataclass(frozen=True)
class Found:
    """One record to remove: where it is, what makes it itself, and how it is shown."""

    kind: Kind
    index: int
    """Its place in its section."""
    line: int
    key: tuple[Any, ...]
    shown: str


@dataclass(frozen=True)
class Removal:
    """The records a choice finds in an actuals file, and the words to show them with."""

    display: str
    choice: Choice
    found: list[Found]
    words: Words

    def records(self) -> str:
        """`1 record`, `2 records`: by the plural rule of the language the words are in."""
        count = len(self.found)
        return ngettext("{count} record", "{count} records", count, self.words.lang).format(
            count=count
        )

    def listing(self, *, dry_run: bool = False) -> list[str]:
        """A heading, then each record as `FILE:LINE: what it is`."""
        heading = self.words["dry_run" if dry_run else "to_remove"]
        return [
            heading.format(records=self.records(), file=self.display),
            *(f"  {self.display}:{found.line}: {found.shown}" for found in self.found),
        ]

    def question(self) -> str:
        return self.words["confirm"].format(records=self.records())


def find(actuals: Path, choice: Choice, *, every: bool = False) -> Removal:
    """The records of `actuals` that `choice` names. NothingToRemove when there is none;
    SeveralMatch when there are several and not `every`."""
    display = str(actuals)
    removal = _found(actuals, display, choice)[0]
    if not removal.found:
        raise NothingToRemove(
            say("{file}: {nothing}: nothing removed", file=display, nothing=_nothing(choice))
        )
    if len(removal.found) > 1 and not every:
        raise SeveralMatch(
            say_n(
                "{file}: {n} record matches: add --all to remove them all, or choose one by "
                "--ref or --date",
                "{file}: {n} records match: add --all to remove them all, or choose one by --ref "
                "or --date",
                len(removal.found),
                file=display,
            ),
            removal.listing()[1:],
        )
    return removal


def take_out(actuals: Path, removal: Removal) -> str:
    """Cut the records `removal` found out of `actuals`, if the file still holds exactly
    those; what was done, for the user."""
    display = removal.display
    with locked(actuals, display):
        again, text, doc, bom = _found(actuals, display, removal.choice)
        if [found.key for found in again.found] != [found.key for found in removal.found]:
            raise FileError(
                say("{file} changed while removing: run the command again", file=display)
            )
        cut = _cut_all(text, doc, again.found)  # their places now, which a removal may move
        content = (codecs.BOM_UTF8 if bom else b"") + cut.encode("utf-8")
        write_atomic(actuals, content, force=True, display=display)
    return removal.words["removed"].format(records=removal.records(), file=display)


def _found(actuals: Path, display: str, choice: Choice) -> tuple[Removal, str, Document, bool]:
    """The records `choice` names in the file as it is now, its text, parse and BOM."""
    if not resolved(actuals, display).exists():
        raise FileError(say("{file}: no such file", file=display))
    target = open_target(actuals, display, None)
    assert target.records is not None and target.records.actuals is not None
    plan = target.plan.plan
    said = words(plan.locale, "track")
    doc = target.records.doc
    found = []
    sections: list[tuple[Kind, list[Any]]] = [
        ("spend", target.records.actuals.spend),
        ("kpi", target.records.actuals.kpis),
    ]
    for kind, items in sections:
        for index, item in enumerate(items):
            fields = vars(item)
            if _chosen(choice, kind, fields):
                line = doc.position((SECTIONS[kind], index))[0]
                shown = _shown(kind, fields, plan.currency, plan.locale, said)
                key = record_key(kind, fields, plan.currency)
                found.append(Found(kind, index, line, key, shown))
    removal = Removal(display, choice, found, said)
    return removal, target.text, doc, target.bom


def _chosen(choice: Choice, kind: Kind, fields: Mapping[str, Any]) -> bool:
    if choice.kind is not None and kind != choice.kind:
        return False
    name = fields["line"] if kind == "spend" else fields["kpi"]
    return (
        (choice.ref is None or fields.get("ref") == choice.ref)
        and (choice.name is None or name == choice.name)
        and (choice.day is None or fields["date"] == choice.day)
    )


def _nothing(choice: Choice) -> Listed:
    """What was looked for and is not there."""
    parts: list[Value] = []
    if choice.kind == "kpi":
        parts.append(say("no measurement of {kpi}", kpi=quoted(choice.name or "")))
    else:
        parts.append(say("no spend record"))
        if choice.name is not None:
            parts.append(say("on line {line}", line=quoted(choice.name)))
    if choice.ref is not None:
        parts.append(say("with ref {ref}", ref=quoted(choice.ref)))
    if choice.day is not None:
        parts.append(say("dated {date}", date=str(choice.day)))
    return Listed(tuple(parts), " ")


def _shown(
    kind: Kind,
    fields: Mapping[str, Any],
    currency: str,
    locale: str | None,
    said: Mapping[str, str],
) -> str:
    """A record as the user reads it: numbers in the plan's locale, every digit kept."""
    if kind == "kpi":
        value = number(fields["value"], locale, quantization=False)
        return said["measurement"].format(kpi=fields["kpi"], value=value, date=fields["date"])
    code = fields.get("currency") or currency
    ref = said["ref"].format(ref=fields["ref"]) if fields.get("ref") else ""
    return said["spend"].format(
        amount=_amount(fields["amount"], code, locale),
        currency=code,
        line=fields["line"],
        date=fields["date"],
        ref=ref,
    )


def _amount(amount: Decimal, currency: str, locale: str | None) -> str:
    """An amount with at least its currency's decimals (`650,00`), and any more it has."""
    digits = currency_digits(currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return number(amount, locale, pattern, quantization=False)


# Cutting records out of the text


def _cut_all(text: str, doc: Document, found: list[Found]) -> str:
    """`text` without the records `found`; refused when the result would not read as the
    file's data without them (a layout nobody foresaw, an alias to a record)."""
    cut = text
    for kind in SECTIONS:
        indexes = [one.index for one in found if one.kind == kind]
        if indexes:
            cut = _cut(cut, parse(cut.encode("utf-8")), SECTIONS[kind], indexes)
    _same_minus(doc.data, cut, found)
    return cut


def _cut(text: str, doc: Document, section: str, indexes: list[int]) -> str:
    """`text` without the items at `indexes` of the sequence `section`."""
    root = doc.root
    assert isinstance(root, MappingNode)
    key, seq = next(
        (k, v) for k, v in root.value if isinstance(k, ScalarNode) and k.value == section
    )
    assert isinstance(seq, SequenceNode)
    if seq.flow_style:
        return _cut_flow(text, seq, indexes)
    for index in sorted(indexes, reverse=True):
        start, end = _item_lines(text, seq.value[index])
        text = text[:start] + text[end:]
    if len(indexes) == len(seq.value):
        # An empty section reads as null, which the format refuses: it becomes `[]`.
        colon = text.index(":", key.end_mark.index)
        text = text[: colon + 1] + " []" + text[colon + 1 :]
    return text


def _item_lines(text: str, item: Node) -> tuple[int, int]:
    """The whole lines of a block sequence's item: from the start of its dash's line to the end
    of its last line (a comment there goes with it)."""
    start = int(item.start_mark.index)
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    if not re.fullmatch(r"[ \t]*-[ \t]*", text[line_start:start]):
        raise UsageError(
            say(
                "this record cannot be cut out alone (an anchor or other text on its line): "
                "remove it by hand"
            )
        )
    end = node_end(text, item)
    breaks = [i for i in (text.find("\n", end), text.find("\r", end)) if i >= 0]
    if not breaks:
        return line_start, len(text)
    after = min(breaks)
    return line_start, after + (2 if text.startswith("\r\n", after) else 1)


def _cut_flow(text: str, seq: SequenceNode, indexes: list[int]) -> str:
    """A one-line `[…]` sequence written again with the items that stay, as they were written."""
    start, end = int(seq.start_mark.index), int(seq.end_mark.index)
    if any(char in text[start:end] for char in "\r\n"):
        raise UsageError(
            say("records written in [ … ] over several lines: remove this one by hand")
        )
    kept = [
        text[int(item.start_mark.index) : int(item.end_mark.index)]
        for index, item in enumerate(seq.value)
        if index not in indexes
    ]
    return text[:start] + "[" + ", ".join(kept) + "]" + text[end:]


def _same_minus(before: Any, after_text: str, found: list[Found]) -> None:
    """Read the new text as `opmkt validate` does: it must hold the data of the file before,
    less the records found, and nothing else changed."""
    after = parse(after_text.encode("utf-8"))
    expected = dict(before)
    for kind, section in SECTIONS.items():
        gone = {one.index for one in found if one.kind == kind}
        if gone:
            expected[section] = [
                item for index, item in enumerate(before[section]) if index not in gone
            ]
    if after.problems or after.data != expected or list(after.data) != list(expected):
        raise UsageError(
            say(
                "these records cannot be cut out alone (an alias to one of them, or a layout "
                "opmkt does not know): remove it by hand; nothing written"
            )
        )
