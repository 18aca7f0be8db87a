"""YAML 1.2 parsing with source positions: plain data, the nodes it came from, and what is
wrong with it, located for an editor."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from opmkt.findings import Message, say
from opmkt.io.aliases import LONG_TEXT, AliasBudget, Issues, Refused, alias_in_cycle
from opmkt.io.compose import PLAIN, STR, STR_TAG, TooDeep, compose
from opmkt.io.decode import CONTROL, NotText, decode
from opmkt.io.limits import MAX_DEPTH
from opmkt.io.scalars import resolve_plain

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
    said: Message | None = None
    """The message to tell in the reader's language, when it has one (`message` is English)."""


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
        if isinstance(k, ScalarNode) and k.value == "<<" and k.ctag is PLAIN:
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


def parse(data: bytes) -> Document:
    """Parse YAML bytes into a Document; problems are collected, never raised."""
    try:
        text = decode(data)
    except NotText as exc:
        line, column = Locator.at_byte(data, exc.offset)
        return Document(problems=[Problem("syntax", exc.message, line, column)])
    locate = Locator(text)
    doc = Document(text=text, locate=locate)
    try:
        root = compose(data, MAX_DEPTH)
    except TooDeep as exc:
        doc.problems.append(Problem("schema", _DEEP.told("en"), *locate(exc.mark), said=_DEEP))
        return doc
    except MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(exc, locate))
        return doc
    except ReaderError as exc:
        said = say(
            "character #x{code} is not allowed: {reason}",
            code=format(exc.character, "04x"),
            reason=_parser_says(str(exc.reason)),
        )
        line, column = locate.at_byte(data, int(exc.position))
        doc.problems.append(Problem("syntax", said.told("en"), line, column, said=said))
        return doc
    except YAMLError as exc:
        said = say("not valid YAML: {error}", error=str(exc))
        doc.problems.append(Problem("syntax", said.told("en"), 1, 1, said=said))
        return doc
    doc.root = root
    if root is None:
        return doc
    builder = _Builder(track_aliases=b"*" in data)
    doc.data = builder.build(root)
    paths = _paths_of(root, {id(node) for node, _, _ in builder.issues})
    cycle = builder.aliases.cycle if builder.aliases is not None else None
    for node, rule, message in builder.issues:
        mark = alias_in_cycle(data) if node is cycle else None
        line, column = locate(mark if mark is not None else node.start_mark)
        path = paths.get(id(node), "")
        if isinstance(message, Message):
            doc.problems.append(Problem(rule, message.told("en"), line, column, path, message))
        else:
            doc.problems.append(Problem(rule, message, line, column, path))
    return doc


def _syntax_problem(exc: MarkedYAMLError, locate: Locator) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = _parser_says(exc.problem or "not valid YAML")
    line, column = locate(mark) if mark is not None else (1, 1)
    source = locate.text.split("\n")[line - 1 : line]
    if exc.context == "expected a single document in the stream":
        problem = say("found a second document ('---'): a plan file holds one document")
    elif (
        exc.problem == "found character that cannot start any token"
        and source
        and ("\t" in source[0][:column])
    ):
        problem = say("a tab cannot indent YAML: indent with spaces")
    elif exc.context:
        where = locate(exc.context_mark) if exc.context_mark is not None else None
        started: Message | str = (
            say(" that starts at line {line}, column {column}", line=where[0], column=where[1])
            if where is not None and where[0] != line
            else ""
        )
        problem = say(
            "{problem} ({context}{started})",
            problem=problem,
            context=_parser_says(exc.context),
            started=started,
        )
    return Problem("syntax", problem.told("en"), line, column, said=problem)


def _parser_says(text: str) -> Message:
    """What the YAML parser says, told in the reader's language when a catalog has it (the
    parser's messages about a plan are listed below); as the parser says it otherwise."""
    return _PARSER_SAYS.get(text) or Message(text.replace("{", "{{").replace("}", "}}"))


_PARSER_SAYS = {
    said.text.replace("}}", "}"): said
    for said in (
        say("not valid YAML"),
        say("mapping values are not allowed here"),
        say("mapping values are not allowed in this context"),
        say("found unexpected end of stream"),
        say("found character that cannot start any token"),
        say("found a tab character that violates indentation"),
        say("did not find expected key"),
        say("did not find expected '-' indicator"),
        say("did not find expected ',' or '}}'"),
        say("did not find expected ',' or ']'"),
        say("could not find expected ':'"),
        say("while scanning a quoted scalar"),
        say("while scanning a simple key"),
        say("while scanning a plain scalar"),
        say("while parsing a block mapping"),
        say("while parsing a block collection"),
        say("while parsing a flow mapping"),
        say("while parsing a flow sequence"),
        say("block sequence entries are not allowed in this context"),
        say("mapping keys are not allowed in this context"),
        say("could not find expected directive name"),
        say("did not find URI escaped octet"),
        say("did not find expected '!'"),
        say("did not find expected <document start>"),
        say("did not find expected alphabetic or numeric character"),
        say("did not find expected comment or line break"),
        say("did not find expected digit or '.' character"),
        say("did not find expected hexdecimal number"),
        say("did not find expected node content"),
        say("did not find expected tag URI"),
        say("did not find expected version number"),
        say("did not find expected whitespace"),
        say("did not find expected whitespace or line break"),
        say("did not find the expected '>'"),
        say("found a tab character where an indentation space is expected"),
        say("found an incorrect leading UTF-8 octet"),
        say("found an incorrect trailing UTF-8 octet"),
        say("found an indentation indicator equal to 0"),
        say("found duplicate %TAG directive"),
        say("found duplicate %YAML directive"),
        say("found duplicate anchor; first occurrence"),
        say("second occurrence"),
        say("found extremely long version number"),
        say("found incompatible YAML document"),
        say("found invalid Unicode character escape code"),
        say("found undefined alias"),
        say("found undefined tag handle"),
        say("found unexpected ':'"),
        say("found unexpected document indicator"),
        say("found unexpected non-alphabetical character"),
        say("found unknown directive name"),
        say("found unknown escape character"),
        say("control characters are not allowed"),
        say("incomplete UTF-16 character"),
        say("incomplete UTF-16 surrogate pair"),
        say("incomplete UTF-8 octet sequence"),
        say("input is too long"),
        say("invalid Unicode character"),
        say("invalid leading UTF-8 octet"),
        say("invalid length of a UTF-8 sequence"),
        say("invalid trailing UTF-8 octet"),
        say("unexpected low surrogate area"),
        say("expected low surrogate area"),
        say("while parsing a %TAG directive"),
        say("while parsing a block node"),
        say("while parsing a flow node"),
        say("while parsing a node"),
        say("while parsing a quoted scalar"),
        say("while parsing a tag"),
        say("while parsing a tag directive"),
        say("while scanning a %TAG directive"),
        say("while scanning a %YAML directive"),
        say("while scanning a block scalar"),
        say("while scanning a directive"),
        say("while scanning a tag"),
        say("while scanning a tag directive"),
        say("while scanning an alias"),
        say("while scanning an anchor"),
        say("while scanning for the next token"),
    )
}
"""What the YAML parser (libyaml, through ruamel.yaml's C parser) can tell about a plan, by its
English (a brace doubled in a message); its messages about its own state are left as it says
them."""


class _Builder:
    """Builds plain data from composed nodes: dicts, lists, str, int, Decimal, bool, None.

    Numbers that are not integers become Decimal straight from the source text, so money is
    exact. Aliases are shared, not copied, and what they add is counted against a budget.
    This is the hot loop of every command: plain scalars in a collection are resolved inline,
    once per distinct text, tags are read from `ctag` by identity (ruamel's `tag` property
    builds a string each time), and alias bookkeeping is only done when the file has an alias
    at all.
    """

    def __init__(self, *, track_aliases: bool) -> None:
        self.issues: Issues = []
        self.aliases = AliasBudget(self.issues) if track_aliases else None
        self.resolved: dict[str, Any] = {}
        # With aliases in the file, every scalar goes through `scalar` so that long texts
        # repeated by aliases are counted; without, plain scalars are built inline.
        self.inline = not track_aliases

    def build(self, root: Node) -> Any:
        try:
            return self.value(root, 0)
        except Refused:
            return None

    def value(self, node: Node, depth: int) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            return self.scalar(node)
        if depth >= MAX_DEPTH:
            self.issues.append((node, "schema", _DEEP))
            raise Refused
        build = self.sequence if kind is SequenceNode else self.mapping
        if self.aliases is not None:
            return self.aliases.collection(node, depth, build)
        return build(node, depth)

    def wrong_tag(self, node: Node) -> None:
        self.issues.append((node, "schema", _tag_message(node.ctag.suffix)))

    def sequence(self, node: Node, depth: int) -> list[Any]:
        tag = node.ctag
        if tag is not PLAIN and tag.suffix != _SEQ_TAG:
            self.wrong_tag(node)
        depth += 1
        items: list[Any] = []
        append = items.append
        resolved, inline, value, miss = self.resolved, self.inline, self.value, _MISS
        for item in node.value:
            if inline and type(item) is ScalarNode and item.ctag is PLAIN:
                text = item.value
                found = resolved.get(text, miss)
                append(found if found is not miss else self.plain(text))
            else:
                append(value(item, depth))
        return items

    def mapping(self, node: Node, depth: int) -> dict[str, Any]:
        tag = node.ctag
        if tag is not PLAIN and tag.suffix != _MAP_TAG:
            self.wrong_tag(node)
        depth += 1
        result: dict[str, Any] = {}
        merges: list[Node] = []
        resolved, inline, value, miss = self.resolved, self.inline, self.value, _MISS
        for key_node, item in node.value:
            if type(key_node) is ScalarNode and key_node.ctag is PLAIN:
                key = key_node.value
            else:
                key = self.unusual_key(key_node)
                if key is None:
                    continue
            if key in result:
                self.duplicate(key_node, key)
                continue
            if key == "<<" and key_node.ctag is PLAIN:
                merges.append(item)
                continue
            if inline and type(item) is ScalarNode and item.ctag is PLAIN:
                text = item.value
                found = resolved.get(text, miss)
                result[key] = found if found is not miss else self.plain(text)
            else:
                result[key] = value(item, depth)
        if merges:
            self.merge(result, merges, depth)
        return result

    def unusual_key(self, node: Node) -> str | None:
        """The text of a key that is not plain, reported if it is no text; None if no key."""
        if type(node) is not ScalarNode:
            self.issues.append(
                (node, "schema", "a key must be plain text, not a list or a mapping")
            )
            return None
        tag = node.ctag
        if tag is not STR and tag.suffix != STR_TAG:
            self.issues.append((node, "schema", _tag_message(tag.suffix)))
        key: str = node.value
        return key

    def duplicate(self, node: Node, key: str) -> None:
        message = say(
            "key '{key}' appears twice in this mapping; the first one is used: remove or "
            "rename the other",
            key=key,
        )
        self.issues.append((node, "duplicate-key", message))

    def merge(self, result: dict[str, Any], merges: list[Node], depth: int) -> None:
        """Add the keys of the mappings `<<` names that `result` does not have yet."""
        for source in merges:
            for part in source.value if type(source) is SequenceNode else [source]:
                merged = self.value(part, depth)
                if not isinstance(merged, dict):
                    message = (
                        "'<<' merges a mapping (an alias such as *defaults), not a list or a value"
                    )
                    self.issues.append((part, "schema", message))
                    continue
                for k, v in merged.items():
                    result.setdefault(k, v)

    def plain(self, text: str) -> Any:
        found = self.resolved[text] = resolve_plain(text)
        return found

    def scalar(self, node: Node) -> Any:
        if self.aliases is not None and len(node.value) >= LONG_TEXT:
            self.aliases.text(node)
        tag = node.ctag
        if tag is PLAIN:
            text = node.value
            found = self.resolved.get(text, _MISS)
            return found if found is not _MISS else self.plain(text)
        if tag is STR:
            return self.text(node)
        return self.explicit(node)

    def text(self, node: Node) -> str:
        value: str = node.value
        # Only double-quoted escapes (`"\a"`, `"\e"`) can bring control characters in.
        if getattr(node, "style", None) == '"' and CONTROL.search(value):
            self.issues.append((node, "schema", _CONTROL_MESSAGE))
            return CONTROL.sub("", value)
        return value

    def explicit(self, node: Node) -> Any:
        tag = node.ctag.suffix
        text = node.value
        if tag in {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}:
            resolved = resolve_plain(text)
            if isinstance(resolved, (int, Decimal)) and not isinstance(resolved, bool):
                return resolved
            self.issues.append((node, "schema", say("'{value}' is not a number", value=text)))
            return text
        if tag == "tag:yaml.org,2002:bool":
            resolved = resolve_plain(text)
            if isinstance(resolved, bool):
                return resolved
            self.issues.append((node, "schema", say("'{value}' is not true or false", value=text)))
            return text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag not in _SCALAR_TAGS:
            self.issues.append((node, "schema", _tag_message(tag)))
        return text


_MISS = object()
"""Not resolved yet (None is a resolved value)."""

_CONTROL_MESSAGE = say(
    "this text holds a control character or a non-character (from an escape such as \\a, \\e "
    "or \\uFFFE): remove it"
)

_DEEP = say("nesting is deeper than {depth} levels; a plan never needs that", depth=MAX_DEPTH)


def _tag_message(tag: str) -> Message:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return say("tag '{tag}' is not allowed: a plan holds plain data (remove the tag)", tag=shown)


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


def format_path(loc: Sequence[str | int]) -> str:
    """('objectives', 0, 'objectives', 1) -> 'objectives[0].objectives[1]'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
