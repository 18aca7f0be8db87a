"""Where things are in a loaded file: the place in the model under the cursor, the span of a
value, and the conversion between a finding's columns and an editor's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lsprotocol import types as lsp
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from opmkt.io.yamlio import Document, walk_nodes
from opmkt.plan.walk import Loc

Point = tuple[int, int]
"""A 1-based line and column in characters, as findings give them."""


@dataclass(frozen=True, slots=True)
class Span:
    """From `start` to `end` (excluded), both 1-based (line, column) in characters."""

    start: Point
    end: Point


@dataclass(frozen=True, slots=True)
class Spot:
    """The value (or key) under the cursor: its place in the file and its text."""

    loc: Loc
    on_key: bool
    text: str
    span: Span


UTF16 = "utf-16"


def units(line_text: str, column: int, encoding: str = UTF16) -> int:
    """An editor's 0-based column of a 1-based column in characters, counted in the position
    encoding agreed with the editor: UTF-16 code units by default (a character beyond U+FFFF
    takes two), UTF-8 bytes (an accented letter takes two) or characters."""
    before = line_text[: column - 1]
    if encoding == "utf-8":
        return len(before.encode("utf-8", errors="surrogatepass"))
    if encoding == "utf-32":
        return len(before)
    return len(before) + sum(1 for char in before if ord(char) > 0xFFFF)


def char_column(line_text: str, count: int, encoding: str = UTF16) -> int:
    """The 1-based column in characters of an editor's 0-based column (see `units`)."""
    counted = 0
    for index, char in enumerate(line_text):
        if counted >= count:
            return index + 1
        counted += units(char, 2, encoding)
    return len(line_text) + 1


@dataclass(frozen=True, slots=True)
class Lines:
    """A file's lines, as findings count them (at line feeds), and the editor's encoding."""

    lines: list[str]
    encoding: str = UTF16

    @classmethod
    def of(cls, text: str, encoding: str = UTF16) -> Lines:
        return cls([line.removesuffix("\r") for line in text.split("\n")], encoding)

    def text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def position(self, point: Point) -> lsp.Position:
        line, column = point
        return lsp.Position(
            line=max(line - 1, 0), character=units(self.text(line), column, self.encoding)
        )

    def range(self, span: Span) -> lsp.Range:
        return lsp.Range(start=self.position(span.start), end=self.position(span.end))

    def point(self, position: lsp.Position) -> Point:
        line = position.line + 1
        return line, char_column(self.text(line), position.character, self.encoding)


def span_of(doc: Document, node: Node) -> Span:
    return Span(doc.locate(node.start_mark), doc.locate(node.end_mark))


def value_span(doc: Document, loc: Sequence[str | int], *, at_key: bool = False) -> Span | None:
    """The span of the value at `loc` (of its key with `at_key`), None when the file does not
    write that place."""
    if doc.root is None or not _exists(doc.root, loc):
        return None
    node, key = walk_nodes(doc.root, loc)
    target = key if at_key else node
    return None if target is None else span_of(doc, target)


def _exists(root: Node, loc: Sequence[str | int]) -> bool:
    node = root
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str):
            found = [v for k, v in node.value if isinstance(k, ScalarNode) and k.value == part]
            if not found:
                return False
            node = found[0]
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return False
            node = node.value[part]
        else:
            return False
    return True


def _inside(point: Point, span: Span) -> bool:
    # The end is included: a cursor just after a word is on it.
    return span.start <= point <= span.end


def spot_at(doc: Document, point: Point) -> Spot | None:
    """The scalar key or value at `point`, with its place in the file."""
    node = doc.root
    loc: list[str | int] = []
    while isinstance(node, (MappingNode, SequenceNode)):
        if isinstance(node, MappingNode):
            found = _entry_at(doc, node, point)
            if found is None:
                return None
            key, value, on_key = found
            if on_key:
                return Spot((*loc, key.value), True, str(key.value), span_of(doc, key))
            loc.append(key.value)
            node = value
        else:
            index = next(
                (i for i, item in enumerate(node.value) if _inside(point, span_of(doc, item))),
                None,
            )
            if index is None:
                return None
            loc.append(index)
            node = node.value[index]
    if isinstance(node, ScalarNode):
        return Spot(tuple(loc), False, str(node.value), span_of(doc, node))
    return None


def _entry_at(
    doc: Document, node: MappingNode, point: Point
) -> tuple[ScalarNode, Node, bool] | None:
    """The first entry of a mapping whose key (True) or value (False) holds `point`."""
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        if _inside(point, span_of(doc, key)):
            return key, value, True
        if _inside(point, span_of(doc, value)):
            return key, value, False
    return None
