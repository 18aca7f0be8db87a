"""Comment-preserving edits of YAML text: new list items spliced in after the last one.

Every byte already in the file (comments, blank lines, quoting, line endings) stays as it was;
only the new items are written, as ruamel.yaml writes them. The result is read back and
checked before anyone writes it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import chain, compress, repeat
from operator import is_
from typing import Any, NamedTuple

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from opmkt.errors import UsageError
from opmkt.io.scalars import plain_start, reads_as_text
from opmkt.io.yamlio import Document, parse

Record = dict[str, Any]
"""One list item to add: field → str, Decimal or date, in the order it is written."""


@dataclass(frozen=True)
class Columns:
    """Records as columns, as an import reads them: each record has the fields of `names`
    whose value is not None, in that order."""

    names: tuple[str, ...]
    columns: tuple[Sequence[Any], ...]
    written: Mapping[str, Callable[[str], Any]] = field(default_factory=dict)
    """Fields every record has, held as the text each value is written with (`12.50` as
    `format(value, "f")` writes it, `2027-03-31`, a text written plain), with what reads that
    text into the value (`str` for a text, which is its own value): most of an import's
    amounts, days and texts are only written, never looked at."""
    gaps: frozenset[str] = frozenset()
    """The fields some records leave out (None): only those columns are looked at for it."""
    seen: Mapping[str, dict[Any, Any]] = field(default_factory=dict)
    """What `distinct` gives for some fields, found while the records were read."""

    @staticmethod
    def of(records: Sequence[Record]) -> Columns:
        """`records` as columns, their fields in the order the records give them."""
        layouts = dict.fromkeys(map(tuple, records))
        names = tuple(dict.fromkeys(chain.from_iterable(layouts)))
        gaps = frozenset(name for name in names for layout in layouts if name not in layout)
        columns = tuple([record.get(name) for record in records] for name in names)
        return Columns(names, columns, gaps=gaps)

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def column(self, name: str) -> Sequence[Any]:
        """The values of one field, None where a record leaves it out."""
        if name not in self.names:
            return [None] * len(self)
        column = self.columns[self.names.index(name)]
        if self.written.get(name, str) is str:
            return column
        return list(map(self.distinct(name).__getitem__, column))

    def distinct(self, name: str) -> dict[Any, Any]:
        """Each distinct value of a field, as it is held, and the value it is."""
        if name in self.seen:
            return self.seen[name]
        column = self.columns[self.names.index(name)] if name in self.names else [None]
        read = self.written.get(name)
        held = dict.fromkeys(column)
        for value in held:
            held[value] = value if read is None or value is None else read(value)
        return held

    def record(self, at: int) -> Record:
        record: Record = {}
        for name, column in zip(self.names, self.columns, strict=True):
            value = column[at]
            if value is not None:
                read = self.written.get(name)
                record[name] = value if read is None else read(value)
        return record

    def take(self, rows: Sequence[int]) -> Columns:
        """The records at `rows`, in that order."""
        pick = [list(map(column.__getitem__, rows)) for column in self.columns]
        return Columns(self.names, tuple(pick), self.written, self.gaps)


def _later(pattern: str) -> Callable[[], re.Pattern[str]]:
    """`pattern`, compiled when first used: most imports write only plain values, which need
    none of the patterns of quoting, and compiling them all took every `track` command ~1 ms
    to start."""
    return functools.cache(partial(re.compile, pattern))


# Text YAML could read as something else in a flow mapping (`{ref: FAC:1182}`, `{ref: a?b}`
# where ruamel writes the `?` plain, and the loader, as libyaml before 0.2.2, ends a plain text
# at a `?` in a flow), or that starts or ends with a space: double-quoted, as plain text would
# not survive.
_MISREAD_IN_FLOW = r"[:,?\[\]{}#&*!|>'\"%@`]|^\s|\s$"
# Text with these must be double-quoted with escapes: any other style could span lines.
_NEEDS_ESCAPES = "[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]"
_misread_in_flow = _later(_MISREAD_IN_FLOW)
_needs_escapes = _later(_NEEDS_ESCAPES)
_double_quoted = _later(f"{_NEEDS_ESCAPES}|{_MISREAD_IN_FLOW}")
# Text ruamel writes plain in flow and block context alike, unless it reads as another type
# (`1182`, `true`); anything else is left to ruamel.
_plain = _later(r"\w[\w .\-/()+]*(?<! )\Z")
# Texts joined by line feeds, with the characters _plain allows; and letters or digits.
_PLAIN_CHARS = re.compile(r"[\w .\-/()+\n]*")
_KEY = re.compile(r"[a-z_]+\Z")
_STR = "tag:yaml.org,2002:str"


@functools.cache
def renderer() -> YAML:
    """The one YAML instance that renders records (built once: an import renders thousands)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    yaml.width = 1 << 30  # never re-wrap a long note or reference
    yaml.representer.add_representer(Decimal, _represent_decimal)
    return yaml


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    # Written as the user wrote it (780.50 stays 780.50), with the tag YAML would resolve the
    # text to, so that no `!!float` is shown and 82000 reads back as an integer.
    text = format(value, "f")
    tag = "float" if "." in text else "int"
    return representer.represent_scalar(f"tag:yaml.org,2002:{tag}", text)


def render(record: Record, *, flow: bool) -> list[str]:
    """The lines of one record as YAML, unindented: one line in flow style.

    Records of plain fields are written directly, as ruamel would write them: its emitter
    takes about a millisecond a record, and an import writes hundreds of thousands.
    """
    return _items(Columns.of([record]), flow, "", "\n")[0][0].split("\n")


def _value_scalar(value: Any, texts: dict[str, str | None]) -> str | None:
    """How `render` writes one value; None for what only ruamel can write."""
    kind = type(value)
    if kind is str:
        try:
            return texts[value]
        except KeyError:
            scalar = texts[value] = _scalar(value)
            return scalar
    if kind is Decimal:
        return format(value, "f")  # as _represent_decimal writes it
    if kind is dt.date:
        return str(value.isoformat())
    return None


def render_with_ruamel(record: Record, *, flow: bool) -> list[str]:
    """What `render` writes, through ruamel's emitter: for any value, at any cost."""
    item = CommentedMap()
    for name, value in record.items():
        quote = isinstance(value, str) and (
            _needs_escapes().search(value) or _misread_in_flow().search(value)
        )
        item[name] = DoubleQuotedScalarString(value) if quote else value
    if flow:
        item.fa.set_flow_style()
    stream = io.StringIO()
    renderer().dump(item, stream)
    return stream.getvalue().rstrip("\n").split("\n")


def _scalar(value: str) -> str | None:
    """Text as ruamel renders it in a record, or None for what only ruamel can write."""
    if _double_quoted().search(value):
        return '"' + _escaped().sub(_escape, value) + '"'
    if not _plain().match(value):
        return None
    typed = _implicit().get(value[0])
    # Text that would read as a number, a date or a boolean: ruamel single-quotes it, and
    # _plain leaves no quote to double. The loader's own reading is asked too: what is
    # written plain is then known to read back as written, without reading it back.
    if (typed and any(regexp.match(value) for regexp in typed)) or not reads_as_text(value):
        return f"'{value}'"
    return value


@functools.cache
def _implicit() -> dict[str, list[re.Pattern[str]]]:
    """By first character, the patterns of text ruamel reads as something other than text
    (its resolver's table, without the per-call version look-up that doubles a record's cost)."""
    table = renderer().resolver.versioned_resolver
    return {
        start: [regexp for tag, regexp in resolvers if str(tag) != _STR]
        for start, resolvers in table.items()
        if start
    }


@functools.cache
def _escaped() -> re.Pattern[str]:
    """What ruamel's emitter (allow_unicode) writes as an escape inside double quotes: the
    quote, the backslash, and what YAML cannot hold raw."""
    from opmkt.io.yamlwrite import UNSAFE  # with json: only for text that needs escapes

    return re.compile(f'["\\\\]|{UNSAFE.pattern}')


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    if char in Emitter.ESCAPE_REPLACEMENTS:
        return "\\" + Emitter.ESCAPE_REPLACEMENTS[char]
    code = ord(char)
    return (
        f"\\x{code:02X}"
        if code <= 0xFF
        else f"\\u{code:04X}"
        if code <= 0xFFFF
        else f"\\U{code:08X}"
    )


def append(
    text: str,
    section: str,
    records: Columns | list[Record],
    siblings: Collection[str] = (),
    doc: Document | None = None,
) -> str:
    """`text` with `records` added after the last item of `section`; nothing else changes.

    The records take the style of the items before them (flow mappings as in the examples,
    or block mappings), their dash column and indentation; an empty or missing section takes
    the style of its `siblings`, and a missing one is added at the end. `doc` is `text` as
    parsed already (by the loader), if it was.

    Before anything is written, the text with a sample of the records is parsed back and
    compared with the original plus those records: a splice gone wrong on a layout nobody
    foresaw stops here. The sample holds the last record, the first with and the first without
    each field some records leave out, the first of each way of quoting, and every record
    ruamel wrote; the others are written the same way as one of those, with scalars `render`
    writes only when they read back as given. Reading back all of them would double the cost
    of an import of hundreds of thousands.
    """
    if doc is None:
        # libyaml's composer, as the loader uses: its marks are character indexes into `text`,
        # and it reads a large file in a fraction of the time ruamel's Python composer takes.
        doc = parse(text.encode("utf-8"))
    place = _place(text, doc, section, siblings)
    columns = records if isinstance(records, Columns) else Columns.of(records)
    lead = " " * place.dash + "-" + " " * max(place.column - place.dash - 1, 1)
    prefix = "" if place.inline else lead
    items, sample = _items(columns, place.flow, prefix, place.newline + " " * len(lead))
    probe = list(map(columns.record, sample))
    _same_plus(doc.data, _put(place, [items[i] for i in sample]), section, probe)
    return _put(place, items)


class _Place(NamedTuple):
    """Where new items go in a file's text, and how they are written there."""

    text: str
    """The text they go into (an empty section's `[]` taken out)."""
    at: int
    inline: bool
    """Into a flow sequence, each after `, `; else as lines after the line at `at`."""
    flow: bool
    dash: int
    column: int
    head: tuple[str, ...]
    """Lines before the items: the key of a section that is not there yet."""
    newline: str


def _place(text: str, doc: Document, section: str, siblings: Collection[str]) -> _Place:
    if doc.problems:
        raise UsageError(f"cannot record into this file: {doc.problems[0].message}")
    root = doc.root
    if not isinstance(root, MappingNode) or root.flow_style or not root.value:
        raise UsageError("cannot record into a file whose top level is not a block mapping")
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1] else "\n"
    keys = {v: k for k, v in root.value}
    sections = {k.value: v for k, v in root.value if isinstance(k, ScalarNode)}
    seq = sections.get(section)
    if isinstance(seq, SequenceNode) and seq.value:
        last = seq.value[-1]
        if len(seq.value) > 1 and last.start_mark.index <= seq.value[-2].start_mark.index:
            # An alias (`- *x`) is composed as the node it names, whose marks are elsewhere.
            raise UsageError(
                f"the last item of `{section}` is an alias (*name): write it out to record after it"
            )
        at = node_end(text, last)
        if seq.flow_style:
            return _Place(text, at, True, True, 0, 0, (), newline)
        dash, column = _item_columns(text, last)
        flow = isinstance(last, MappingNode) and bool(last.flow_style)
        return _Place(text, at, False, flow, dash, column, (), newline)
    flow = _flow_like([v for name, v in sections.items() if name in siblings])
    if isinstance(seq, SequenceNode):  # `spend: []`: the brackets give way to the items
        indent = keys[seq].start_mark.column + 2
        head = text[: seq.start_mark.index].rstrip(" \t")
        rest = head + text[seq.end_mark.index :]
        return _Place(rest, len(head), False, flow, indent, indent + 2, (), newline)
    indent = root.value[0][0].start_mark.column
    lines = ("", " " * indent + f"{section}:")
    return _Place(text, node_end(text, root), False, flow, indent + 2, indent + 4, lines, newline)


def _items(records: Columns, flow: bool, prefix: str, pad: str) -> tuple[list[str], list[int]]:
    """Each record's text as an item, after `prefix` and with `pad` between its lines, and the
    indexes of the sample read back.

    Written a column at a time, each item joined from its pieces in one call: the text every
    item has before a field (`, date: `), the field's value; a field some records leave out is
    a piece of its own (`, note: …`, or nothing). An import writes hundreds of thousands of
    records whose days and texts repeat."""
    count = len(records)
    by_ruamel = partial(_by_ruamel, records, flow, prefix, pad)
    if not all(map(_KEY.match, records.names)):
        return list(map(by_ruamel, range(count))), list(range(count))
    texts: dict[str, str | None] = {}
    between = ", " if flow else pad
    shared = prefix + ("{" if flow else "")  # the text before the next column of values
    pieces: list[Iterable[str | None]] = []
    unwritten: set[int] = set()
    # The sample: the last record, where each field some records leave out is first there and
    # first not, and then every record ruamel writes and the first of each way of quoting.
    sample = {count - 1} if count else set()
    for position, (name, column) in enumerate(zip(records.names, records.columns, strict=True)):
        lead_in = f"{between if position else ''}{name}: "
        complete = True
        if name in records.written:
            scalars: Sequence[str | None] = column  # as _represent_decimal writes them
        elif name in records.gaps:
            distinct = records.distinct(name)
            scalars, complete = _pieces(column, distinct, lead_in, texts, first=position == 0)
            sample.update(_with_and_without(scalars))
            lead_in = ""
        else:
            scalars, complete = _scalars(column, texts)
        if not complete:
            unwritten.update(_nones(scalars))
            scalars = ["" if scalar is None else scalar for scalar in scalars]  # replaced below
        pieces += [repeat(shared + lead_in), scalars]
        shared = ""
    pieces.append(repeat("}" if flow else ""))
    items = list(map("".join, zip(*pieces, strict=False)))  # the shared texts repeat forever
    for at in unwritten:
        items[at] = by_ruamel(at)
    # A quote comes only from a text _scalar quoted (each kept in `texts`) or from ruamel:
    # without one, no item is quoted and the first stands for all, unscanned.
    quoted = unwritten or any(scalar and scalar[0] in "'\"" for scalar in texts.values())
    firsts = _quotings(items) if quoted else range(min(count, 1))
    return items, sorted(sample | unwritten | set(firsts))


def _pieces(
    column: Sequence[Any],
    distinct: Iterable[Any],
    lead: str,
    texts: dict[str, str | None],
    *,
    first: bool,
) -> tuple[list[str | None], bool]:
    """A field some records leave out (None) as the text each record has of it: `lead` and
    the value, nothing, or None when only ruamel can write it (or the first field is left
    out); and whether there is no None. Each of the `distinct` values of the column is looked
    at once: notes repeat, or are left out."""
    present = [value for value in distinct if value is not None]
    scalars = _scalars(present, texts)[0]
    said: dict[Any, str | None] = {
        value: None if scalar is None else lead + scalar
        for value, scalar in zip(present, scalars, strict=True)
    }
    said[None] = None if first else ""
    return list(map(said.__getitem__, column)), None not in said.values()


def _nones(column: Sequence[str | None]) -> Iterator[int]:
    return compress(range(len(column)), map(is_, column, repeat(None)))


def _with_and_without(pieces: list[str | None]) -> list[int]:
    """The first record that has the field of `pieces`, and the first that leaves it out."""
    found = [pieces.index("")] if "" in pieces else []
    return [*found, next((at for at, piece in enumerate(pieces) if piece != ""), 0)]


def _by_ruamel(records: Columns, flow: bool, prefix: str, pad: str, at: int) -> str:
    return prefix + pad.join(render_with_ruamel(records.record(at), flow=flow))


def _quotings(items: list[str]) -> list[int]:
    """The first item with each way of quoting (none, single, double, both): the sample of a
    layout's items that is read back."""
    joined = "".join(items)  # most imports quote nothing: one scan of all says so
    single, double = (
        set(compress(range(len(items)), map(str.__contains__, items, repeat(quote))))
        if quote in joined
        else set()
        for quote in "'\""
    )
    firsts = {min(single - double, default=None), min(double - single, default=None)}
    firsts.add(min(single & double, default=None))
    quoted = single | double
    firsts.add(next((at for at in range(len(items)) if at not in quoted), None))
    return [at for at in firsts if at is not None]


def _scalars(
    column: Sequence[Any], texts: dict[str, str | None]
) -> tuple[Sequence[str | None], bool]:
    """How `render` writes each value of a column, None for what only ruamel can write, and
    whether there is no None; each distinct text is looked at once, and kept in `texts` for the
    next columns."""
    kinds = set(map(type, column))
    if kinds == {str}:
        if all_plain(column):  # most columns of an export: seen at once, without a look-up
            return column, True
        distinct = dict.fromkeys(column).keys()
        new = list(distinct - texts.keys())
        texts.update(zip(new, _text_scalars(new), strict=True))
        return list(map(texts.__getitem__, column)), None not in map(texts.__getitem__, distinct)
    if kinds == {Decimal}:
        # As _represent_decimal writes them: str() is the same text, unless it has an exponent.
        shown = list(map(str, column))
        return list(map(format, column, repeat("f"))) if "E" in "".join(shown) else shown, True
    if kinds == {dt.date}:
        days = {day: day.isoformat() for day in dict.fromkeys(column)}  # a day has many records
        return list(map(days.__getitem__, column)), True
    scalars = [_value_scalar(value, texts) for value in column]
    return scalars, None not in scalars


def _text_scalars(values: list[str]) -> list[str | None]:
    """What _scalar gives for each text."""
    return list(values) if all_plain(values) else list(map(_scalar, values))


def all_plain(values: Sequence[str]) -> bool:
    """Whether _scalar writes every one of `values` plain, seen at once: each starts with a
    letter or digit that cannot start a number, a date or a boolean, holds only characters
    that need no quotes and does not end with a space. An export's references are all
    distinct, and all plain."""
    if not values:
        return True
    joined = "\n".join(values)
    # A line feed inside a text would split it into two that read plain; an empty text is
    # not plain.
    if (
        not joined
        or joined.count("\n") != len(values) - 1
        or "\n\n" in joined
        or "\n" in joined[:1] + joined[-1:]
    ):
        return False
    if " \n" in joined or joined.endswith(" ") or not _plain_chars(joined):
        return False
    return _unplain_start().search("\n" + joined) is None


# The ASCII characters _PLAIN_CHARS allows.
_PLAIN_ASCII = bytes(code for code in range(0x80) if _PLAIN_CHARS.fullmatch(chr(code)))


def _plain_chars(joined: str) -> bool:
    """Whether `joined` holds only characters _PLAIN_CHARS allows. ASCII text, which most
    exports are, is looked at as bytes: a deletion of the allowed ones leaves nothing, several
    times faster than the pattern."""
    if joined.isascii():
        return not joined.encode("ascii").translate(None, _PLAIN_ASCII)
    return _PLAIN_CHARS.fullmatch(joined) is not None


@functools.cache
def _unplain_start() -> re.Pattern[str]:
    """A line feed, then what no text _scalar writes plain starts with: not a letter or digit,
    or a character that may start a number, a date or a boolean (the resolver's table and the
    loader's alike). A literal first: the search skips from line feed to line feed."""
    typed = _implicit()
    letters = [chr(code) for code in range(0x80)]
    refused = [char for char in letters if typed.get(char) or not plain_start(char)]
    return re.compile(f"\n[\\W{re.escape(''.join(refused))}]")


def _put(place: _Place, items: list[str]) -> str:
    """The text of `place` with `items` in."""
    text, at = place.text, place.at
    if place.inline:
        return text[:at] + "".join(", " + item for item in items) + text[at:]
    return _insert_lines(text, at, [*place.head, *items], place.newline)


def _flow_like(others: list[Node]) -> bool:
    """New items in an empty section follow the other section's style; flow by default, as in
    the plan format's example."""
    for other in others:
        if isinstance(other, SequenceNode) and other.value and not other.flow_style:
            return bool(getattr(other.value[-1], "flow_style", True))
    return True


def _item_columns(text: str, item: Node) -> tuple[int, int]:
    """The column of an item's dash and of its content, to indent new items the same way."""
    start = item.start_mark.index
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    column = start - line_start
    dash = text.rfind("-", line_start, start)
    return (dash - line_start, column) if dash >= 0 else (max(column - 2, 0), column)


def node_end(text: str, node: Node) -> int:
    """Where a node's own text ends.

    A block collection's end mark lies past the comments and blank lines that follow it, so
    its last value is followed instead. A block scalar's end mark lies past its trailing
    blank lines: they are its own only with the keep indicator (`|+`).
    """
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return node_end(text, node.value[-1])
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        key, value = node.value[-1]
        return max(node_end(text, key), node_end(text, value))
    end = int(node.end_mark.index)
    if isinstance(node, ScalarNode) and node.style in ("|", ">"):
        start = int(node.start_mark.index)
        header = re.split(r"[\r\n#]", text[start:end], maxsplit=1)[0]
        if "+" in header:
            return end
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _insert_lines(text: str, index: int, lines: list[str], newline: str) -> str:
    """`lines` inserted as whole lines after the line on which `index` falls (after any
    comment on it), or at `index` when it starts a line."""
    if index > 0 and text[index - 1] not in "\r\n":
        ends = [i for i in (text.find("\n", index), text.find("\r", index)) if i >= 0]
        if not ends:  # the last line has no line break: the new lines come after one
            return text + "".join(newline + line for line in lines)
        index = min(ends) + (2 if text.startswith("\r\n", min(ends)) else 1)
    if not lines:
        return text
    # One join makes the whole text: an import inserts hundreds of thousands of lines, which
    # each further concatenation would copy again.
    return newline.join([text[:index] + lines[0], *lines[1:], text[index:]])


def _same_plus(before: Any, new: str, section: str, records: list[Record]) -> None:
    """Read the new text as `opmkt validate` does: it must hold the data of the file before
    (`before`), plus `records` as given at the end of `section`. A splice gone wrong on a
    layout nobody foresaw, or a value that would read back as something else, stops here,
    unwritten."""
    after = parse(new.encode())
    expected = dict(before or {})
    expected[section] = list(expected.get(section) or []) + [_as_read(r) for r in records]
    if after.problems or after.data != expected or list(after.data) != list(expected):
        raise RuntimeError(f"appending to {section} would change other content; nothing written")


def _as_read(record: Record) -> Record:
    """`record` as the loader reads it back: dates stay text until the model reads them."""
    return {
        name: value.isoformat() if type(value) is dt.date else value
        for name, value in record.items()
    }
