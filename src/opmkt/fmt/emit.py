"""ruamel.yaml's round trip, set up for `opmkt fmt` to write every scalar as it was written.

ruamel.yaml keeps quoting, flow style and anchors, but respells some scalars: `1_000.50`
becomes `01000.50`, `~` becomes nothing, `True` becomes `true`, `"Caf\\u00e9"` becomes
`"Café"`. Here plain non-text scalars and one-line double-quoted strings with escapes are
written back from their source text, which is exact and always reads as the same data.

The text is read by libyaml (ruamel.yaml's C extension, which every other command reads
plans with) and ruamel.yaml's constructor builds its round-trip tree from libyaml's nodes:
ruamel's own reader, written in Python, took most of the time of `opmkt fmt`. fmt drops
ruamel's comment tokens anyway (`fmt.comments` places comments by position); the rest of
what ruamel's reader records and libyaml's nodes do not carry, anchor names and the line
breaks of folded scalars (`>`), is read from each node's source. A text with a tag, or with a
line break of YAML 1.1 only, is still read by ruamel's reader (`_RuamelOnly`).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Callable
from typing import Any

from _ruamel_yaml import CParser
from ruamel.yaml import YAML
from ruamel.yaml.anchor import Anchor
from ruamel.yaml.comments import Comment, CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.scanner import RoundTripScanner
from ruamel.yaml.serializer import Serializer
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import ScalarToken

from opmkt.io.yamlwrite import scalar

_YAML_1_1_BREAKS = "\x85\u2028\u2029"
"""Characters that YAML 1.1 (libyaml, ruamel.yaml) reads as line breaks, YAML 1.2 as text."""


class RoundTripError(Exception):
    """ruamel.yaml cannot read a text that libyaml read: what it says, on one line, and where
    it stopped (a mark with a character index into the text), when it says."""

    def __init__(self, problem: str, mark: Any = None) -> None:
        self.message = f"ruamel.yaml cannot read this file: {problem}"
        super().__init__(self.message)
        self.problem = problem
        self.mark = mark


class _Written:
    """A scalar that is not text (number, date, true/false, null), with its source text."""

    __slots__ = ("anchor", "style", "tag", "text")

    def __init__(self, text: str, tag: str, style: str | None, anchor: str | None) -> None:
        self.text = text
        self.tag = tag
        self.style = style
        self.anchor: Anchor | None = None
        if anchor is not None:
            mark: Any = Anchor()  # ruamel declares its value None
            mark.value = anchor
            mark.always_dump = True  # written even when no alias names it
            self.anchor = mark

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Written) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.tag, self.text, self.style)


_VERBATIM_TAGS = tuple(
    f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp")
)


class _Constructor(RoundTripConstructor):
    """Round-trip constructor (a subclass, so ruamel's own stays untouched) with plain
    non-text scalars kept as written."""

    source = ""
    """The text being read: libyaml's marks give an index into it, not the text itself."""


def _verbatim(parent: Callable[[Any, ScalarNode], Any]) -> Callable[[Any, ScalarNode], Any]:
    def construct(constructor: Any, node: ScalarNode) -> Any:
        # An empty null (`key:`) is left to ruamel, which writes it as it was.
        if node.value:
            return _Written(node.value, str(node.tag), node.style, node.anchor)
        return parent(constructor, node)

    return construct


for _tag in _VERBATIM_TAGS:
    _Constructor.add_constructor(_tag, _verbatim(RoundTripConstructor.yaml_constructors[_tag]))


class _Escaped(DoubleQuotedScalarString):
    """A one-line double-quoted string with escapes (`"Caf\\xe9"`, `"a\\tb"`), written back
    with the same escapes rather than the characters ruamel would choose."""

    __slots__ = ("source",)
    source: str


def _construct_str(constructor: Any, node: ScalarNode) -> Any:
    value = RoundTripConstructor.construct_yaml_str(constructor, node)
    if (
        node.style != '"'
        or getattr(node.ctag, "handle", None)  # `!!str "…"`: left to ruamel, with its tag
        or not isinstance(value, DoubleQuotedScalarString)
    ):
        return value
    buffer = constructor.source
    end = int(node.end_mark.index)
    # The node starts at its anchor or tag, if any: the text is between the quotes.
    quote = buffer.find('"', node.start_mark.index, end)
    source = buffer[quote + 1 : end - 1] if quote >= 0 else ""
    if "\\" not in source or "\n" in source:
        return value  # a string over several lines is folded anew by ruamel: same text
    if any(mark in source for mark in _YAML_1_1_BREAKS):
        return value  # written with the escapes ruamel gives them (`_writable`)
    escaped = _Escaped(value, anchor=node.anchor)
    escaped.source = source
    return escaped


_Constructor.add_constructor("tag:yaml.org,2002:str", _construct_str)


class _Emitter(RoundTripEmitter):
    """ruamel's emitter, writing `_Escaped` strings as their source."""

    def write_double_quoted(self, text: Any, split: Any = True) -> None:
        # ruamel gives a text set in place of an escaped one the same type, without a source.
        source = getattr(text, "source", None)
        if isinstance(text, _Escaped) and source is not None and not self.root_context:
            self.write_indicator(f'"{source}"', True)
            return
        super().write_double_quoted(text, split)

    def emit(self, event: Any) -> None:
        # ruamel's own, less the look-up of YAMLDEBUG in the environment at every event.
        self.events.append(event)
        while not self.need_more_events():
            self.event = self.events.pop(0)
            self.state()
            self.event = None


class _Serializer(Serializer):
    """ruamel's serializer, finding the emitter and the resolver once, where ruamel's asks
    the YAML object for them anew for every value."""

    @functools.cached_property
    def emitter(self) -> Any:
        return self.dumper.emitter

    @functools.cached_property
    def resolver(self) -> Any:
        return self.dumper.resolver


class _Representer(RoundTripRepresenter):
    """Round-trip representer that writes `_Written` scalars back as they were, naming the
    tag of every value by one shared object per tag (ruamel makes one per value, and spells
    out each one's name character by character)."""

    def represent_scalar(
        self, tag: Any, value: Any, style: Any = None, anchor: Any = None
    ) -> ScalarNode:
        if isinstance(value, str):
            value, style = _writable(value, style)
        return super().represent_scalar(_shared(tag), value, style, anchor)

    def represent_sequence(self, tag: Any, sequence: Any, flow_style: Any = None) -> Any:
        return super().represent_sequence(_shared(tag), sequence, flow_style)

    def represent_mapping(self, tag: Any, mapping: Any, flow_style: Any = None) -> Any:
        return super().represent_mapping(_shared(tag), mapping, flow_style)


def _writable(text: str, style: str | None) -> tuple[str, str | None]:
    """`text` and the style to ask ruamel's emitter for: `style`, unless the emitter writes
    the text wrong in it; then a style that keeps the text exactly, without the BEL marks of
    the folds of `>` (`_mark_folds`).

    - U+0085, U+2028 or U+2029: ruamel writes them as they are, where they break lines for
      libyaml (and for `fmt.comments`, which counts lines at LF) but not for a YAML 1.2 reader;
      double quotes write them as escapes (`\\L`), read alike by all.
    - A block scalar (`|`, `>`) starting with a tab: ruamel gives no indentation indicator,
      and libyaml refuses the tab where it looks for the indentation.
    - A folded scalar (`>`) with a line starting with a tab: ruamel folds the line break
      before it, which YAML keeps (a line starting with white space is not folded).
    """
    if style == '"':
        return text, style
    if any(mark in text for mark in _YAML_1_1_BREAKS) or (
        style in ("|", ">") and text.startswith("\t")
    ):
        return text.replace("\a", ""), '"'
    if style == ">" and "\n\t" in text:
        return text.replace("\a", ""), "|"
    return text, style


_TAGS: dict[str, Tag] = {}


def _shared(tag: Any) -> Any:
    if not isinstance(tag, str):
        return tag
    if tag not in _TAGS:
        _TAGS[tag] = Tag(suffix=tag)
    return _TAGS[tag]


def _represent_written(representer: Any, data: _Written) -> Any:
    return representer.represent_scalar(data.tag, data.text, style=data.style, anchor=data.anchor)


_Representer.add_representer(_Written, _represent_written)
_Representer.add_representer(_Escaped, RoundTripRepresenter.represent_double_quoted_scalarstring)


class _Scanner(RoundTripScanner):
    """ruamel.yaml's scanner, reading a block scalar's leading blank lines as libyaml does.

    ruamel.yaml refuses a block scalar whose first blank line ends at a column before the
    indentation of the lines after it ("more indented follow up line"), which libyaml (and so
    `opmkt validate`) reads; a line ending at U+2028 (a line break in YAML 1.1) makes one.
    fmt reads such a text with ruamel.yaml when it has a tag or a YAML 1.1 line break, and
    must read what validate reads: the indentation is the largest, as libyaml takes it.
    """

    def scan_block_scalar_indentation(self) -> Any:
        peek, forward = self.reader.peek, self.reader.forward
        chunks = []
        max_indent = 0
        end_mark = self.reader.get_mark()
        while peek() in " \r\n\x85\u2028\u2029":
            if peek() != " ":
                chunks.append(self.scan_line_break())
                end_mark = self.reader.get_mark()
            else:
                forward()
                max_indent = max(max_indent, self.reader.column)
        return chunks, max_indent, end_mark


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Scanner = _Scanner
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.Serializer = _Serializer
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    yaml.width = 1 << 30  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class _RuamelOnly(Exception):
    """A text libyaml's nodes do not tell all ruamel's reader does: one with a tag
    (`!!str 12`), of which libyaml gives only the meaning, not the spelling ruamel writes
    back; one with a line break of YAML 1.1 only (U+0085, U+2028, U+2029), which the two
    readers break lines at differently."""


class _Reader(CParser, _Constructor, VersionedResolver):  # type: ignore[misc]
    """libyaml's parser and composer (ruamel.yaml's C extension) under ruamel's round-trip
    constructor. Plain scalars are resolved by YAML 1.2 rules whatever a `%YAML` directive
    says, as opmkt reads plans."""

    comment_handling = None  # ruamel's constructor asks its loader: comments the old way
    yaml_version = None  # the resolver asks for each scalar: YAML 1.2, as said above

    # ruamel's constructor finds its resolver through its loader, first asking it for an
    # attribute this one has not: an exception for every value.
    @property
    def resolver(self) -> Any:
        return self

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        self._composer = self._scanner = self
        _Constructor.__init__(self, preserve_quotes=True, loader=self)
        VersionedResolver.__init__(self, loadumper=self)
        self.source = text
        self.resolved = 0
        """Values whose tag was resolved: all of them, unless some have a tag written."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        self.resolved += 1
        return VersionedResolver.resolve(self, kind, value, implicit)


def load(text: str) -> CommentedMap:
    """The round-trip tree of a text whose top level is a mapping: read by libyaml, or by
    ruamel's reader when libyaml cannot tell all it does (`_RuamelOnly`)."""
    try:
        return _tree(read_libyaml, text)
    except _RuamelOnly:
        return _tree(read_ruamel, text)


def _tree(read: Callable[[str], Any], text: str) -> CommentedMap:
    try:
        tree = read(text)
    except YAMLError as exc:  # libyaml read it for validate, ruamel.yaml cannot build it
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
        raise RoundTripError(problem, mark) from None
    if not isinstance(tree, CommentedMap):
        raise RoundTripError("it does not read the top level as a mapping")
    return tree


def read_libyaml(text: str) -> Any:
    """The round-trip tree of `text` from libyaml's nodes, through ruamel's constructor."""
    if any(mark in text for mark in _YAML_1_1_BREAKS):
        raise _RuamelOnly
    reader = _Reader(text)
    try:
        root = reader.get_single_node()
        if isinstance(root, MappingNode) and _from_source(text, root) != reader.resolved:
            raise _RuamelOnly
        return reader.construct_document(root)
    finally:
        reader.dispose()


def read_ruamel(text: str) -> Any:
    """The round-trip tree of `text` read by ruamel.yaml alone, in Python."""
    yaml = _yaml()
    yaml.constructor.source = text
    return yaml.load(text)


_ANCHOR = re.compile(r"&([0-9A-Za-z_-]+)")
"""An anchor as libyaml reads one: letters, digits, `_` and `-`."""


def _from_source(text: str, root: MappingNode) -> int:
    """Give libyaml's nodes what ruamel's reader also records, read from their source: the
    name of each anchor, and the line breaks of each folded scalar (`_mark_folds`). Returns
    how many nodes there are."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, indent = stack.pop()
        if id(node) in seen:
            continue  # an alias: the node its anchor names
        seen.add(id(node))
        # A node starts at its anchor, if it has one; a block mapping starts where its first
        # key does, when that anchor is the key's.
        start = node.start_mark.index
        anchor = _ANCHOR.match(text, start)
        if anchor is not None and not (
            isinstance(node, MappingNode)
            and node.value
            and node.value[0][0].start_mark.index == start
        ):
            node.anchor = anchor.group(1)
        if isinstance(node, MappingNode):
            column = node.value[0][0].start_mark.column if node.value else 0
            stack.extend((child, column) for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend((item, _dash_column(text, item)) for item in node.value)
        elif isinstance(node, ScalarNode) and node.style == ">":
            _mark_folds(text, node, indent)
    return len(seen)


def _mark_folds(text: str, node: ScalarNode, indent: int) -> None:
    """Give a folded scalar (`>`) the value ruamel's own reader gives it: its text with a
    BEL before each line break it was written with, so that ruamel writes its lines as
    they were rather than as one long line.

    ruamel's reader is run on the scalar alone, at the indentation of the block that holds it
    (what an indentation indicator such as `>2` counts from); a scalar it reads otherwise
    than libyaml keeps libyaml's value, and is written on one line: the same text."""
    marked = _folded_source(text, node, indent)
    if marked is not None and marked.replace("\a", "") == node.value:
        node.value = marked


def _dash_column(text: str, item: Node) -> int:
    """The column of the `-` before a sequence's item, where ruamel's reader indents it."""
    start = int(item.start_mark.index)
    line = start - int(item.start_mark.column)
    dash = text.rfind("-", line, start)
    return dash - line if dash >= 0 else 0


def _folded_source(text: str, node: ScalarNode, indent: int) -> str | None:
    """What ruamel's reader makes of a folded scalar's source at the block indentation
    `indent`, or None when it reads something else there."""
    source = text[node.start_mark.index : node.end_mark.index]
    lines = "k: " + source if indent == 0 else "x:\n" + " " * indent + "k: " + source
    try:
        for token in _yaml().scan(lines):
            if isinstance(token, ScalarToken) and token.style == ">":
                return str(token.value)
    except YAMLError:
        return None
    return None


def written(value: Any) -> Any:
    """A new value for a round-trip tree: a number, day or true/false written as opmkt writes
    it (`io.yamlwrite`), text as ruamel.yaml quotes it."""
    if isinstance(value, str):
        return value
    text = scalar(value, flow=False)
    if isinstance(value, bool):
        tag = "bool"
    elif isinstance(value, dt.date):
        tag = "timestamp"
    else:  # the tag its spelling resolves to: ruamel writes any other one out (`!!float 100`)
        tag = "int" if text.lstrip("-").isdigit() else "float"
    return _Written(text, f"tag:yaml.org,2002:{tag}", None, None)


def dump(tree: CommentedMap) -> str:
    """The tree as text: two-space indentation, lists indented under their key, no wrapping."""
    stream = io.StringIO()
    _yaml().dump(tree, stream)
    return stream.getvalue()


def strip_comments(node: Any, seen: set[int]) -> None:
    """Drop ruamel's comment tokens (comments are put back by `fmt.comments`, by position) and
    keep every anchor."""
    if isinstance(node, (CommentedMap, CommentedSeq)):
        if id(node) in seen:
            return
        seen.add(id(node))
        setattr(node, Comment.attrib, Comment())
        anchor = node.yaml_anchor()
        if anchor is not None:  # ruamel drops an anchor no alias names: it stays as written
            anchor.always_dump = True
        values = [v for _, v in node.non_merged_items()] if isinstance(node, CommentedMap) else node
        for value in values:
            strip_comments(value, seen)
    else:  # after `|` or `>` on a block scalar, on its text when it has a tag (`!!str >`)
        scalar = node.value if isinstance(node, TaggedScalar) else node
        if getattr(scalar, "comment", None) is not None:
            scalar.comment = None
