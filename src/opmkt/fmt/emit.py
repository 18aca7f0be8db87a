"""ruamel.yaml's round trip, set up for `opmkt fmt` to write every scalar as it was written.

ruamel.yaml keeps quoting, flow style and anchors, but respells some scalars: `1_000.50`
becomes `01000.50`, `~` becomes nothing, `True` becomes `true`, `"Caf\\u00e9"` becomes
`"Café"`. Here plain non-text scalars and one-line double-quoted strings with escapes are
written back from their source text, which is exact and always reads as the same data.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.anchor import Anchor
from ruamel.yaml.comments import Comment, CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString


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
    buffer = getattr(node.start_mark, "buffer", None)
    end = int(node.end_mark.index)
    # The node starts at its anchor or tag, if any: the text is between the quotes.
    quote = buffer.find('"', node.start_mark.index, end) if isinstance(buffer, str) else -1
    source = buffer[quote + 1 : end - 1] if quote >= 0 and buffer else ""
    if "\\" not in source or "\n" in source:
        return value  # a string over several lines is folded anew by ruamel: same text
    escaped = _Escaped(value, anchor=node.anchor)
    escaped.source = source
    return escaped


_Constructor.add_constructor("tag:yaml.org,2002:str", _construct_str)


class _Emitter(RoundTripEmitter):
    """ruamel's emitter, writing `_Escaped` strings as their source."""

    def write_double_quoted(self, text: Any, split: Any = True) -> None:
        if isinstance(text, _Escaped) and not self.root_context:
            self.write_indicator(f'"{text.source}"', True)
            return
        super().write_double_quoted(text, split)


class _Representer(RoundTripRepresenter):
    """Round-trip representer that writes `_Written` scalars back as they were."""


def _represent_written(representer: Any, data: _Written) -> Any:
    return representer.represent_scalar(data.tag, data.text, style=data.style, anchor=data.anchor)


_Representer.add_representer(_Written, _represent_written)
_Representer.add_representer(_Escaped, RoundTripRepresenter.represent_double_quoted_scalarstring)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    yaml.width = 1 << 30  # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str) -> CommentedMap:
    """The round-trip tree of a text whose top level is a mapping."""
    try:
        tree = _yaml().load(text)
    except YAMLError as exc:  # libyaml read it, ruamel.yaml's reader did not
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
        raise RoundTripError(problem, mark) from None
    if not isinstance(tree, CommentedMap):
        raise RoundTripError("it does not read the top level as a mapping")
    return tree


def dump(tree: CommentedMap) -> str:
    """The tree as text: two-space indentation, lists indented under their key, no wrapping."""
    stream = io.StringIO()
    _yaml().dump(tree, stream)
    return stream.getvalue()


def strip_comments(node: Any, seen: set[int]) -> None:
    """Drop ruamel's comment tokens (comments are put back by `fmt_comments`, by position) and
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
    elif getattr(node, "comment", None) is not None:  # after `|` or `>` on a block scalar
        node.comment = None
