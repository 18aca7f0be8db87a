"""YAML 1.2 loading through libyaml, keeping source positions for every value."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from _ruamel_yaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tag import Tag

from opmkt.errors import FileError
from opmkt.io.files import STDIN, open_regular

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest file opmkt reads: the 20,000-action benchmark plan is 21 MiB."""

MAX_DEPTH = 64
"""Deepest nesting of collections; a plan needs about a dozen levels."""

MAX_VALUES = 2_500_000
"""Most values (texts, numbers, lists, mappings) a file may hold: the 20,000-action benchmark
plan holds 1.93 million in 21 MiB. Composing a value costs about 300 bytes before any check
runs, so a 10 MB flow list such as `[1,1,1,…]` (5 million values) is refused before that."""

MAX_ALIAS_NODES = 100_000
"""How many values aliases may add to a document beyond its own size (billion-laughs guard)."""

MAX_ALIAS_CHARS = 4_000_000
"""How many characters of text aliases may repeat (long texts are counted from 1,000 chars)."""
_LONG_TEXT = 1000

MAX_INT_DIGITS = 3000
"""Longest integer read as an int: under Python's limit on converting ints to and from text
(4,300 digits), so that no int read from a file can make a later str() fail."""

STR_TAG = "tag:yaml.org,2002:str"
# The tags our resolver gives: shared Tag objects, so that ruamel's nodes do not build one per
# node, and the builder tells them apart by identity. Plain scalars are resolved later, by
# the YAML 1.2 rules.
_PLAIN = Tag(suffix="")
_STR = Tag(suffix=STR_TAG)

# YAML 1.2 core schema. `1_200.50` is text there, as editors and schema checkers read it (ruamel
# reads it as a number): a number with `_` would pass opmkt and fail every other tool.
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_SPECIAL: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": Decimal("Infinity"),
    ".Inf": Decimal("Infinity"),
    ".INF": Decimal("Infinity"),
    "+.inf": Decimal("Infinity"),
    "+.Inf": Decimal("Infinity"),
    "+.INF": Decimal("Infinity"),
    "-.inf": Decimal("-Infinity"),
    "-.Inf": Decimal("-Infinity"),
    "-.INF": Decimal("-Infinity"),
    ".nan": Decimal("NaN"),
    ".NaN": Decimal("NaN"),
    ".NAN": Decimal("NaN"),
}
_MAYBE_TYPED = frozenset("0123456789+-.~ntfNTF")
# The only tags a plan may carry: the core schema's, each on the kind of node it names. Any
# other (`!!binary`, `!!timestamp`, `!!python/…`, local `!tags`, `!!int` on a mapping) is
# refused, on keys too, so that validate and fmt (which writes through ruamel.yaml, where such
# tags construct other types) read a file the same way.
_SCALAR_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null")
)
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the YAML itself, at a 1-based line and column."""

    rule: str
    message: str
    line: int
    column: int
    path: str = ""


_ODD_BREAKS = re.compile("[\u2028\u2029\x85]|\r(?!\n)")
"""Characters libyaml counts as line breaks (YAML 1.1) where YAML 1.2 and editors do not."""


class Locator:
    """Turns libyaml's marks into the 1-based line and column an editor shows.

    libyaml also breaks lines at U+2028, U+2029, U+0085 and a lone CR; when the text has any,
    the position is recomputed from the mark's character index.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.odd = _ODD_BREAKS.search(text) is not None

    def __call__(self, mark: Any) -> tuple[int, int]:
        if not self.odd:
            return (mark.line + 1, mark.column + 1)
        index = min(int(mark.index), len(self.text))
        start = self.text.rfind("\n", 0, index) + 1
        return (self.text.count("\n", 0, index) + 1, index - start + 1)

    @staticmethod
    def at_byte(data: bytes, offset: int) -> tuple[int, int]:
        """Line and column of a byte offset (libyaml's reader reports those)."""
        start = data.rfind(b"\n", 0, offset) + 1
        column = len(data[start:offset].decode("utf-8", errors="replace")) + 1
        return (data.count(b"\n", 0, offset) + 1, column)


@dataclass(slots=True)
class Document:
    """A parsed file: plain Python data, the node tree it came from, and what went wrong."""

    data: Any = None
    root: Node | None = None
    text: str = ""
    problems: list[Problem] = field(default_factory=list)
    locate: Locator = field(default_factory=lambda: Locator(""))
    _lines: list[str] | None = None

    def position(self, loc: Sequence[str | int], *, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at `loc` (of its key with `at_key`).

        When `loc` goes further than the file does (a missing field), the deepest existing
        node is the answer: the mapping that should hold the field.
        """
        if self.root is None:
            return (1, 1)
        node, key = walk_nodes(self.root, loc)
        target = key if at_key and key is not None else node
        return self.locate(target.start_mark)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, for carets and inline suppressions."""
        if self._lines is None:
            # Lines as the locator counts them: at LF only (str.splitlines would also break
            # at U+2028, form feeds and more, and show the wrong line).
            self._lines = [line.removesuffix("\r") for line in self.text.split("\n")]
        return self._lines[line - 1] if 0 < line <= len(self._lines) else ""


def walk_nodes(root: Node, loc: Sequence[str | int]) -> tuple[Node, Node | None]:
    """The node at `loc` (the deepest that exists) and the node of its key, when it has one."""
    node: Node = root
    key_node: Node | None = None
    for part in loc:
        if isinstance(node, MappingNode) and isinstance(part, str):
            found = _find_key(node, part)
            if found is None:
                break
            key_node, node = found
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            node, key_node = node.value[part], None
        else:
            break
    return node, key_node


def _find_key(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    merged: list[Node] = []
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
        if isinstance(k, ScalarNode) and k.value == "<<" and k.ctag is _PLAIN:
            merged.extend(v.value if isinstance(v, SequenceNode) else [v])
    for source in merged:
        if isinstance(source, MappingNode):
            found = _find_key(source, key)
            if found is not None:
                return found
    return None


def is_actuals(data: Any) -> bool:
    """An actuals file is recognised by its top-level `plan:` naming a file (a plan's `plan:`
    is a mapping); an empty name names none."""
    if not isinstance(data, dict):
        return False
    plan = data.get("plan")
    return isinstance(plan, str) and plan.strip() != ""


def read_source(path: Path, display: str, *, yaml: bool = True) -> bytes:
    """The file's bytes, or a FileError a user can act on (for YAML, also when it holds more
    values than opmkt reads)."""
    too_big = FileError(
        f"{display}: the file is larger than the {MAX_FILE_BYTES // 1024 // 1024} MiB opmkt reads"
    )
    try:
        size = (STDIN if str(path) == "-" else path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise too_big
        with open_regular(path, display) as handle:
            parts = _read_up_to(handle, MAX_FILE_BYTES + 1, size)
        if sum(map(len, parts)) > MAX_FILE_BYTES:
            raise too_big
        data = parts[0] if len(parts) == 1 else b"".join(parts)
    except FileNotFoundError:
        raise FileError(f"{display}: no such file") from None
    except IsADirectoryError:
        raise FileError(f"{display}: is a folder, not a file") from None
    except PermissionError:
        raise FileError(f"{display}: permission denied") from None
    except OSError as exc:
        raise FileError(f"{display}: cannot read: {exc.strerror or exc}") from None
    if yaml:
        check_values(data, display)
    return data


def check_values(data: bytes, display: str) -> None:
    """Refuse YAML text that holds more than MAX_VALUES values, at the value past the limit,
    without composing it: memory stays flat whatever the text holds."""
    # Each value but a mapping follows its own separator (a line break, `,` `:` `-` `?` `[`
    # `{`), and each mapping holds at least one `:` or `?`: a few scans bound the count, to
    # within the mappings (the 20,000-action plan: 1.95 million for its 1.93). Only over the
    # limit is it counted exactly.
    dashes = sum(data.count(b"-" + space) for space in (b" ", b"\t", b"\n", b"\r"))
    separators = (
        sum(data.count(mark) for mark in (b"\n", b"\r", b",", b":", b"?", b"[", b"{")) + dashes
    )
    if separators + 1 <= MAX_VALUES:
        return
    try:
        # libyaml counts the events in C, keeping nothing: values are at most the events.
        if CParser(data).raw_parse() <= MAX_VALUES:
            return
    except YAMLError:
        return  # not valid YAML: composing it says where, before it builds much
    parser = _Parser(data)
    values = 0
    while parser.check_event():
        event = parser.get_event()
        if type(event).__name__ in _VALUE_EVENTS:
            values += 1
            if values > MAX_VALUES:
                line, column = event.start_mark.line + 1, event.start_mark.column + 1
                raise FileError(
                    f"{display}:{line}:{column}: the file holds more than {MAX_VALUES:,} "
                    "values, more than opmkt reads (a plan of 20,000 actions holds 2 million)"
                )


_VALUE_EVENTS = frozenset({"ScalarEvent", "SequenceStartEvent", "MappingStartEvent", "AliasEvent"})


def _read_up_to(handle: BinaryIO, limit: int, size: int) -> list[bytes]:
    """At most `limit` bytes, in as few reads as the file allows: a regular file in one read
    of its size (plus one byte, to see it has not grown); a pipe or a device, which says its
    size is 0, in growing chunks, so that memory follows what arrives, not the limit."""
    parts: list[bytes] = []
    total = 0
    want = size + 1 if size else 64 * 1024
    while total < limit:
        part = handle.read(min(want, limit - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
        want = max(want, total)
    return parts or [b""]


class _Parser(CParser):  # type: ignore[misc]
    """libyaml's composer with resolution left to us, so YAML 1.2 rules apply."""

    def resolve(self, kind: type, value: str, implicit: Any) -> Tag:
        if type(implicit) is tuple and not implicit[0]:
            return _STR
        return _PLAIN

    def descend_resolver(self, *args: Any) -> None:
        return None

    def ascend_resolver(self, *args: Any) -> None:
        return None


def _decode_problem(data: bytes) -> tuple[str, Problem | None]:
    """The text of the file, or where it stops being text."""
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Problem("syntax", "this is a binary file, not YAML text", 1, 1)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return "", Problem(
                "syntax", "the file starts like UTF-16 but is not valid UTF-16", 1, 1
            )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line, column = Locator.at_byte(data, exc.start)
        byte = data[exc.start]
        return "", Problem(
            "syntax",
            f"the file is not UTF-8 text (byte 0x{byte:02x}): save it as UTF-8",
            line,
            column,
        )


_STACK_PER_LEVEL = 1024
"""Bytes of C stack libyaml's recursive composer may use per level (measured: under 400)."""

_MAX_STACK = 256 * 1024 * 1024


def _depth_bound(data: bytes) -> int:
    """A cheap upper bound on the nesting depth of a YAML text.

    Block nesting needs a column of indentation or an indicator per level (a sequence under a
    key may share its column, hence the factor 2), so it is bounded by the longest line; flow
    nesting is bounded by the number of opening brackets.
    """
    longest = max(map(len, data.split(b"\n")))
    return data.count(b"[") + data.count(b"{") + 2 * (longest + 1) + 16


def _compose(data: bytes, depth_bound: int) -> Node | None:
    """Compose in a thread whose stack fits the deepest nesting the text can hold.

    libyaml's composer recurses in C, where a deep enough document overflows the stack and
    kills the process: no Python exception would be raised to report it.
    """
    result: list[Node | None] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            result.append(_Parser(data).get_single_node())
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


def _nesting_problem(data: bytes, locate: Locator) -> Problem | None:
    """Walk the event stream (no recursion) to find where nesting first gets too deep."""
    parser = _Parser(data)
    depth = 0
    while parser.check_event():
        event = parser.get_event()
        name = type(event).__name__
        if name in ("SequenceStartEvent", "MappingStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem("schema", _DEEP, *locate(event.start_mark))
        elif name in ("SequenceEndEvent", "MappingEndEvent"):
            depth -= 1
    return None


def parse(data: bytes) -> Document:
    """Parse YAML bytes into a Document; problems are collected, never raised."""
    text, problem = _decode_problem(data)
    locate = Locator(text)
    doc = Document(text=text, locate=locate)
    if problem is not None:
        doc.problems.append(problem)
        return doc
    try:
        bound = _depth_bound(data)
        if bound * _STACK_PER_LEVEL > _MAX_STACK:
            problem = _nesting_problem(data, locate)
            if problem is not None:
                doc.problems.append(problem)
                return doc
            bound = MAX_DEPTH + 1
        root = _compose(data, bound)
    except MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(exc, locate))
        return doc
    except ReaderError as exc:
        doc.problems.append(
            Problem(
                "syntax",
                f"character #x{exc.character:04x} is not allowed: {exc.reason}",
                *locate.at_byte(data, int(exc.position)),
            )
        )
        return doc
    except YAMLError as exc:
        doc.problems.append(Problem("syntax", f"not valid YAML: {exc}", 1, 1))
        return doc
    doc.root = root
    if root is None:
        return doc
    builder = _Builder(track_aliases=b"*" in data)
    doc.data = builder.build(root)
    paths = _paths_of(root, {id(node) for node, _, _ in builder.issues})
    for node, rule, message in builder.issues:
        if builder.cycle and node is builder.cycle:
            line, column = _self_alias(data, locate) or locate(node.start_mark)
        else:
            line, column = locate(node.start_mark)
        doc.problems.append(Problem(rule, message, line, column, paths.get(id(node), "")))
    return doc


def _syntax_problem(exc: MarkedYAMLError, locate: Locator) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "not valid YAML"
    line, column = locate(mark) if mark is not None else (1, 1)
    source = locate.text.split("\n")[line - 1 : line]
    if exc.context == "expected a single document in the stream":
        problem = "found a second document ('---'): a plan file holds one document"
    elif (
        problem == "found character that cannot start any token"
        and source
        and ("\t" in source[0][:column])
    ):
        problem = "a tab cannot indent YAML: indent with spaces"
    elif exc.context:
        where = locate(exc.context_mark) if exc.context_mark is not None else None
        started = (
            f" that starts at line {where[0]}, column {where[1]}"
            if where is not None and where[0] != line
            else ""
        )
        problem = f"{problem} ({exc.context}{started})"
    return Problem("syntax", problem, line, column)


class _Budget(Exception):
    """Alias expansion or nesting went past its limit; the whole document is refused."""


class _Builder:
    """Builds plain data from composed nodes: dicts, lists, str, int, Decimal, bool, None.

    Numbers that are not integers become Decimal straight from the source text, so money is
    exact. Aliases are shared, not copied, and what they add is counted against a budget.
    This is the hot loop of every command: scalars are handled inline, tags are read from
    `ctag` by identity (ruamel's `tag` property builds a string each time), and alias bookkeeping
    is only done when the file has an alias at all.
    """

    def __init__(self, *, track_aliases: bool) -> None:
        self.track = track_aliases
        self.issues: list[tuple[Node, str, str]] = []
        self.memo: dict[int, tuple[Any, int]] = {}
        self.active: set[int] = set()
        self.count = 0
        self.alias_nodes = 0
        self.alias_chars = 0
        self.long_texts: set[int] = set()
        self.cycle: Node | None = None

    def build(self, root: Node) -> Any:
        try:
            return self.node(root, 0)
        except _Budget:
            return None

    def node(self, node: Node, depth: int) -> Any:
        cache: dict[str, Any] = {}
        miss = object()
        issues = self.issues
        # With aliases in the file, every scalar goes through `scalar` so that long texts
        # repeated by aliases are counted; without, plain scalars are built inline.
        inline = not self.track

        def scalar(n: Node) -> Any:
            if not inline and len(n.value) >= _LONG_TEXT:
                self.repeated_text(n)
            tag = n.ctag
            if tag is _PLAIN:
                v = n.value
                r = cache.get(v, miss)
                if r is miss:
                    r = cache[v] = _resolve_plain(v)
                return r
            if tag is _STR:
                value = n.value
                # Only double-quoted escapes (`"\a"`, `"\e"`) can bring control characters in.
                if getattr(n, "style", None) == '"' and _CONTROL.search(value):
                    issues.append((n, "schema", _CONTROL_MESSAGE))
                    return _CONTROL.sub("", value)
                return value
            return self.explicit(n)

        def value(n: Node, depth: int) -> Any:
            if type(n) is ScalarNode:
                return scalar(n)
            if depth >= MAX_DEPTH:
                issues.append((n, "schema", _DEEP))
                raise _Budget
            if self.track:
                return self.tracked(n, depth, collection)
            return collection(n, depth)

        def collection(n: Node, depth: int) -> Any:
            tag = n.ctag
            if tag is not _PLAIN and tag.suffix != (
                _SEQ_TAG if type(n) is SequenceNode else _MAP_TAG
            ):
                issues.append((n, "schema", _tag_message(tag.suffix)))
            depth += 1
            if type(n) is SequenceNode:
                items: list[Any] = []
                append = items.append
                for item in n.value:
                    if inline and type(item) is ScalarNode and item.ctag is _PLAIN:
                        v = item.value
                        r = cache.get(v, miss)
                        if r is miss:
                            r = cache[v] = _resolve_plain(v)
                        append(r)
                    else:
                        append(value(item, depth))
                return items
            result: dict[str, Any] = {}
            merges: list[Node] = []
            for key_node, item in n.value:
                if type(key_node) is not ScalarNode:
                    issues.append(
                        (key_node, "schema", "a key must be plain text, not a list or a mapping")
                    )
                    continue
                key = key_node.value
                key_tag = key_node.ctag
                if key_tag is not _PLAIN and key_tag is not _STR and key_tag.suffix != STR_TAG:
                    issues.append((key_node, "schema", _tag_message(key_tag.suffix)))
                if key in result:
                    issues.append(
                        (
                            key_node,
                            "duplicate-key",
                            f"key '{key}' appears twice in "
                            "this mapping; the first one is used: remove or rename the "
                            "other",
                        )
                    )
                    continue
                if key == "<<" and key_node.ctag is _PLAIN:
                    merges.append(item)
                    continue
                if inline and type(item) is ScalarNode and item.ctag is _PLAIN:
                    v = item.value
                    r = cache.get(v, miss)
                    if r is miss:
                        r = cache[v] = _resolve_plain(v)
                    result[key] = r
                else:
                    result[key] = value(item, depth)
            for source in merges:
                for part in source.value if type(source) is SequenceNode else [source]:
                    merged = value(part, depth)
                    if not isinstance(merged, dict):
                        issues.append(
                            (
                                part,
                                "schema",
                                "'<<' merges a mapping (an alias such "
                                "as *defaults), not a list or a value",
                            )
                        )
                        continue
                    for k, v in merged.items():
                        result.setdefault(k, v)
            return result

        return value(node, depth)

    def tracked(self, node: Node, depth: int, build: Any) -> Any:
        """Build a collection in a file with aliases: share repeats, count what they add."""
        key = id(node)
        seen = self.memo.get(key)
        if seen is not None:
            self.alias_nodes += seen[1]
            self.count += seen[1]
            if self.alias_nodes > MAX_ALIAS_NODES:
                self.issues.append(
                    (
                        node,
                        "schema",
                        f"aliases expand to more than {MAX_ALIAS_NODES:,} values; "
                        "write the data out instead of nesting aliases",
                    )
                )
                raise _Budget
            return seen[0]
        if key in self.active:
            self.cycle = node
            self.issues.append(
                (
                    node,
                    "schema",
                    "this alias refers to the collection it is in: the data would never end",
                )
            )
            raise _Budget
        self.active.add(key)
        before = self.count
        self.count += 1 + len(node.value)
        result = build(node, depth)
        self.active.discard(key)
        self.memo[key] = (result, self.count - before)
        return result

    def repeated_text(self, node: Node) -> None:
        """Count the characters that aliases to long texts add, against a budget."""
        key = id(node)
        if key not in self.long_texts:
            self.long_texts.add(key)
            return
        self.alias_chars += len(node.value)
        if self.alias_chars > MAX_ALIAS_CHARS:
            self.issues.append(
                (
                    node,
                    "schema",
                    f"aliases repeat more than {MAX_ALIAS_CHARS:,} characters of "
                    "text; write the data out instead",
                )
            )
            raise _Budget

    def explicit(self, node: Node) -> Any:
        tag = node.ctag.suffix
        text = node.value
        if tag in {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}:
            resolved = _resolve_plain(text)
            if isinstance(resolved, (int, Decimal)) and not isinstance(resolved, bool):
                return resolved
            self.issues.append((node, "schema", f"'{text}' is not a number"))
            return text
        if tag == "tag:yaml.org,2002:bool":
            resolved = _resolve_plain(text)
            if isinstance(resolved, bool):
                return resolved
            self.issues.append((node, "schema", f"'{text}' is not true or false"))
            return text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag not in _SCALAR_TAGS:
            self.issues.append((node, "schema", _tag_message(tag)))
        return text


# And U+FFFE, U+FFFF: not characters, which no XML output (JUnit, an .xlsx workbook) can hold.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_MESSAGE = (
    "this text holds a control character or a non-character (from an escape such as \\a, \\e "
    "or \\uFFFE): remove it"
)

_DEEP = f"nesting is deeper than {MAX_DEPTH} levels; a plan never needs that"


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"tag '{shown}' is not allowed: a plan holds plain data (remove the tag)"


class WrittenInt(int):
    """An integer that remembers how it was written: where text is expected (an invoice ref
    `000123`, a name `2027`), the text is the author's, not `123`."""

    source: str

    def __new__(cls, source: str, value: int) -> WrittenInt:
        number = super().__new__(cls, value)
        number.source = source
        return number

    def __str__(self) -> str:
        return self.source


class WrittenDecimal(Decimal):
    """A decimal that remembers how it was written (`1e3` stays `1e3` as text)."""

    source: str

    def __new__(cls, source: str) -> WrittenDecimal:
        number = super().__new__(cls, source.replace("_", ""))
        number.source = source
        return number

    def __str__(self) -> str:
        return self.source


def reads_as_text(value: str) -> bool:
    """Whether `value`, written as a plain scalar, is read back as this text."""
    return type(_resolve_plain(value)) is str


def _resolve_plain(value: str) -> Any:
    if value in _SPECIAL:
        return _SPECIAL[value]
    if value[0] not in _MAYBE_TYPED:
        return value
    if _INT.match(value):
        if len(value) > MAX_INT_DIGITS:
            # Python refuses to read such an int (ValueError, a DoS guard); a Decimal holds it
            # exactly: a number field then gets its range finding, a text field the finding
            # of any number where text goes.
            return WrittenDecimal(value)
        return WrittenInt(value, int(value.replace("_", "")))
    if _FLOAT.match(value):
        return WrittenDecimal(value)
    if len(value) > MAX_INT_DIGITS:  # hex or octal: its decimal text would be longer still
        return value
    if _OCT.match(value):
        return WrittenInt(value, int(value[2:].replace("_", ""), 8))
    if _HEX.match(value):
        return WrittenInt(value, int(value[2:].replace("_", ""), 16))
    return value


def _paths_of(root: Node, targets: set[int]) -> dict[int, str]:
    """The dotted paths of the nodes whose ids are in `targets`, in one walk of the tree (only
    done when something is reported)."""
    found: dict[int, str] = {}
    if not targets:
        return found
    stack: list[tuple[Node, str]] = [(root, "")]
    seen: set[int] = set()
    while stack and len(found) < len(targets):
        node, path = stack.pop()
        if id(node) in targets:
            found.setdefault(id(node), path)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, ScalarNode) else "?"
                child = f"{path}.{name}" if path else str(name)
                if id(key) in targets:
                    found.setdefault(id(key), child)
                stack.append((value, child))
    return found


def _self_alias(data: bytes, locate: Locator) -> tuple[int, int] | None:
    """Where an alias refers to a collection it is inside of.

    The composed tree shares the anchored node, so only the event stream knows where the
    alias itself is written; this walk runs only when such a cycle was found.
    """
    parser = _Parser(data)
    open_anchors: list[str | None] = []
    while parser.check_event():
        event = parser.get_event()
        name = type(event).__name__
        if name in ("SequenceStartEvent", "MappingStartEvent"):
            open_anchors.append(event.anchor)
        elif name in ("SequenceEndEvent", "MappingEndEvent"):
            open_anchors.pop()
        elif name == "AliasEvent" and event.anchor in open_anchors:
            return locate(event.start_mark)
    return None


def format_path(loc: Sequence[str | int]) -> str:
    """('objectives', 0, 'objectives', 1) -> 'objectives[0].objectives[1]'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
