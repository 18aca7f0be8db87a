"""libyaml's composer, with tags resolved by opmkt, on a stack its recursion cannot overflow."""

from __future__ import annotations

import threading
from typing import Any

from _ruamel_yaml import CParser
from ruamel.yaml.nodes import Node
from ruamel.yaml.tag import Tag

STR_TAG = "tag:yaml.org,2002:str"
# The tags our resolver gives: shared Tag objects, so that ruamel's nodes do not build one per
# node, and the builder tells them apart by identity. Plain scalars are resolved later, by
# the YAML 1.2 rules.
PLAIN = Tag(suffix="")
STR = Tag(suffix=STR_TAG)

_STACK_PER_LEVEL = 1024
"""Bytes of C stack libyaml's recursive composer may use per level (measured: under 400)."""

_MAX_STACK = 256 * 1024 * 1024


class Parser(CParser):  # type: ignore[misc]
    """libyaml's composer with resolution left to us, so YAML 1.2 rules apply."""

    def resolve(self, kind: type, value: str, implicit: Any) -> Tag:
        if type(implicit) is tuple and not implicit[0]:
            return STR
        return PLAIN

    def descend_resolver(self, *args: Any) -> None:
        return None

    def ascend_resolver(self, *args: Any) -> None:
        return None


class TooDeep(Exception):
    """The text nests collections deeper than allowed; `mark` is where it first does."""

    def __init__(self, mark: Any) -> None:
        super().__init__("nesting too deep")
        self.mark = mark


def compose(data: bytes, max_depth: int) -> Node | None:
    """The node tree of a YAML text, or TooDeep when a text deep enough to need a huge stack
    nests more than `max_depth` (a shallower one is left to the builder's own check)."""
    bound = _depth_bound(data)
    if bound * _STACK_PER_LEVEL > _MAX_STACK:
        mark = _too_deep(data, max_depth)
        if mark is not None:
            raise TooDeep(mark)
        bound = max_depth + 1
    return _compose_in_thread(data, bound)


def _depth_bound(data: bytes) -> int:
    """A cheap upper bound on the nesting depth of a YAML text.

    Block nesting needs a column of indentation or an indicator per level (a sequence under a
    key may share its column, hence the factor 2), so it is bounded by the longest line; flow
    nesting is bounded by the number of opening brackets.
    """
    longest = max(map(len, data.split(b"\n")))
    return data.count(b"[") + data.count(b"{") + 2 * (longest + 1) + 16


def _compose_in_thread(data: bytes, depth_bound: int) -> Node | None:
    """Compose in a thread whose stack fits the deepest nesting the text can hold.

    libyaml's composer recurses in C, where a deep enough document overflows the stack and
    kills the process: no Python exception would be raised to report it.
    """
    result: list[Node | None] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            result.append(Parser(data).get_single_node())
        except BaseException as exc:  # handed to the calling thread as is
            failure.append(exc)

    previous = threading.stack_size(max(16 * 1024 * 1024, depth_bound * _STACK_PER_LEVEL))
    try:
        worker = threading.Thread(target=work, name="opmkt-compose")
        worker.start()
    except RuntimeError:  # "can't start new thread": no memory left to map its stack
        raise MemoryError("no memory for the stack of the YAML composer") from None
    finally:
        threading.stack_size(previous)
    worker.join()
    if failure:
        raise failure[0]
    return result[0]


def _too_deep(data: bytes, max_depth: int) -> Any:
    """Walk the event stream (no recursion) to the mark where nesting first gets deeper than
    `max_depth`, or None."""
    parser = Parser(data)
    depth = 0
    while parser.check_event():
        event = parser.get_event()
        name = type(event).__name__
        if name in ("SequenceStartEvent", "MappingStartEvent"):
            depth += 1
            if depth > max_depth:
                return event.start_mark
        elif name in ("SequenceEndEvent", "MappingEndEvent"):
            depth -= 1
    return None
