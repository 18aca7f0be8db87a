"""The alias budget: what aliases add to a document is counted, and a billion laughs refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from ruamel.yaml.nodes import Node

from opmkt.findings import Message, say
from opmkt.io.compose import Parser
from opmkt.io.limits import MAX_ALIAS_CHARS, MAX_ALIAS_NODES

LONG_TEXT = 1000
"""Texts from this many characters up count against MAX_ALIAS_CHARS when an alias repeats
them."""

Issues = list[tuple[Node, str, str | Message]]
"""What is wrong, as (node, rule, message), for the parser to locate."""


class Refused(Exception):
    """Alias expansion or nesting went past its limit; the whole document is refused."""


class AliasBudget:
    """Shares what aliases repeat instead of copying it, and counts what they add."""

    def __init__(self, issues: Issues) -> None:
        self.issues = issues
        self.memo: dict[int, tuple[Any, int]] = {}
        self.active: set[int] = set()
        self.count = 0
        self.alias_nodes = 0
        self.alias_chars = 0
        self.long_texts: set[int] = set()
        self.cycle: Node | None = None
        """The alias found inside the collection it names, if any."""

    def collection(self, node: Node, depth: int, build: Callable[[Node, int], Any]) -> Any:
        """`build(node, depth)` the first time, the same value for each alias to it after."""
        key = id(node)
        seen = self.memo.get(key)
        if seen is not None:
            self.alias_nodes += seen[1]
            self.count += seen[1]
            if self.alias_nodes > MAX_ALIAS_NODES:
                self._refuse(
                    node,
                    say(
                        "aliases expand to more than {values} values; write the data out "
                        "instead of nesting aliases",
                        values=f"{MAX_ALIAS_NODES:,}",
                    ),
                )
            return seen[0]
        if key in self.active:
            self.cycle = node
            self._refuse(
                node,
                say("this alias refers to the collection it is in: the data would never end"),
            )
        self.active.add(key)
        before = self.count
        self.count += 1 + len(node.value)
        result = build(node, depth)
        self.active.discard(key)
        self.memo[key] = (result, self.count - before)
        return result

    def text(self, node: Node) -> None:
        """Count the characters that aliases to a long text add."""
        key = id(node)
        if key not in self.long_texts:
            self.long_texts.add(key)
            return
        self.alias_chars += len(node.value)
        if self.alias_chars > MAX_ALIAS_CHARS:
            self._refuse(
                node,
                say(
                    "aliases repeat more than {characters} characters of text; write the data "
                    "out instead",
                    characters=f"{MAX_ALIAS_CHARS:,}",
                ),
            )

    def _refuse(self, node: Node, message: Message) -> NoReturn:
        self.issues.append((node, "schema", message))
        raise Refused


def alias_in_cycle(data: bytes) -> Any:
    """The mark of an alias written inside the collection it names, or None.

    The composed tree shares the anchored node, so only the event stream knows where the
    alias itself is written; this walk runs only when such a cycle was found.
    """
    parser = Parser(data)
    open_anchors: list[str | None] = []
    while parser.check_event():
        event = parser.get_event()
        name = type(event).__name__
        if name in ("SequenceStartEvent", "MappingStartEvent"):
            open_anchors.append(event.anchor)
        elif name in ("SequenceEndEvent", "MappingEndEvent"):
            open_anchors.pop()
        elif name == "AliasEvent" and event.anchor in open_anchors:
            return event.start_mark
    return None
