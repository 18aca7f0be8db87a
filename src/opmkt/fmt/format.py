"""`opmkt fmt` core: one canonical layout for plan files, keeping what their authors wrote.

The layout: top-level sections in the contract's order (the order of the fields of the
`Plan` model, or `Actuals` for an actuals file), then unknown sections in their order; keys
inside each item in the order of its model's fields, unknown keys after; two-space
indentation with sequences indented under their key (`- ` two columns in); exactly one blank
line between top-level sections; no trailing spaces; a final newline.

What stays as written: every comment (tied to its key, see `fmt.comments`), the quoting of each
string, the spelling of every number, date, true/false and null (`1_000.50` stays
`1_000.50`), flow or block style of each collection, anchors and aliases, Unicode text, the
line endings (CRLF stays CRLF) and a UTF-8 byte order mark. Long lines are never wrapped.

The result is read back before anyone writes it: it must load to exactly the same data with
the same comments, else `FormatRefused`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import MappingNode
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from opmkt.errors import EXIT_FAILED, EXIT_INTERNAL, OpmktError
from opmkt.fmt.comments import Box, Scalars, Slot, attach, render, scan, walk, walk_nodes
from opmkt.fmt.emit import RoundTripError, dump, load, strip_comments
from opmkt.fmt.order import LAYOUT, Shape
from opmkt.io.scalars import WrittenDecimal, WrittenInt
from opmkt.io.yamlio import Document, Problem, is_actuals, parse


class NotFormattable(OpmktError):
    """The file is not YAML data opmkt can lay out: a syntax error, a duplicate key…"""

    exit_code = EXIT_FAILED

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class FormatRefused(OpmktError):
    """The laid-out text would not read back as the original: a bug, so nothing is written."""

    exit_code = EXIT_INTERNAL


@dataclass(frozen=True)
class Formatted:
    """A text and its canonical layout."""

    original: str
    formatted: str

    @property
    def changed(self) -> bool:
        return self.original != self.formatted

    def diff(self, name: str) -> str:
        """A unified diff from the original to the formatted text, empty when they agree."""
        import difflib  # only --diff needs it

        label = name if name.startswith("/") else f"a/{name}"
        new_label = name if name.startswith("/") else f"b/{name}"
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            self.formatted.splitlines(keepends=True),
            label,
            new_label,
        )
        # difflib leaves a last line without its line break as is: say so, as diff(1) does.
        return "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in lines
        )


def format_bytes(data: bytes) -> Formatted:
    """The canonical layout of a file's content (UTF-8, with or without a byte order mark)."""
    doc = parse(data)
    if doc.problems:
        raise NotFormattable(doc.problems[0])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotFormattable(
            Problem("syntax", "the file is UTF-16: opmkt fmt writes UTF-8, convert it first", 1, 1)
        )
    text = data.decode("utf-8")
    # Without a byte order mark or a CR, the text laid out is the one just parsed.
    plain = not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    return Formatted(text, format_text(text, doc if plain else None))


def format_text(text: str, parsed: Document | None = None) -> str:
    """`text` in the canonical layout (see the module's documentation); `parsed` is what
    `parse` made of it, when the caller has it."""
    mark = "\ufeff" if text.startswith("\ufeff") else ""
    original = text.removeprefix("\ufeff")
    first_break = original.find("\n")
    newline = "\r\n" if first_break > 0 and original[first_break - 1] == "\r" else "\n"
    # YAML reads CR LF and a lone CR as line breaks, in scalars too: LF alone is the same data.
    body = original.replace("\r\n", "\n").replace("\r", "\n")
    doc = parse(body.encode("utf-8")) if parsed is None else parsed
    if doc.problems:
        raise NotFormattable(doc.problems[0])
    if doc.root is None:
        return text
    if not isinstance(doc.root, MappingNode) or doc.root.flow_style:
        raise NotFormattable(
            Problem(
                "schema",
                "the top level is not a block mapping of sections (version, plan, …): "
                "opmkt fmt lays out plans and actuals files",
                *_in_original(original, doc.root.start_mark.index),
            )
        )
    lines = body.split("\n")
    comments, blanks = scan(body, doc.root)
    tree = _round_trip_tree(body, original)
    if _old_breaks(body):
        _as_validate_reads(tree, doc.data)
    boxes, slots = walk(tree)
    if not slots:
        return text
    header = attach(lines, comments, blanks, boxes, slots)
    by_slot = {(id(slot.box.obj), slot.key): slot for slot in slots}
    by_box = {id(box.obj): box for box in boxes}
    strip_comments(tree, set())
    if reorder(tree, "Actuals" if is_actuals(tree) else "Plan", set()):
        order_boxes, order_slots = walk(tree)
    else:  # the same walk again
        order_boxes, order_slots = boxes, slots
    dumped = dump(tree)
    dumped_doc, out_boxes, out_slots = read_back(dumped, len(order_boxes), len(order_slots))
    placed = [
        (out, by_slot[id(slot.box.obj), slot.key])
        for out, slot in zip(out_slots, order_slots, strict=True)
    ]
    paired = [(out, by_box[id(box.obj)]) for out, box in zip(out_boxes, order_boxes, strict=True)]
    rows = render(dumped.split("\n")[:-1], Scalars(dumped, dumped_doc.root), header, placed, paired)
    result = "\n".join(rows) + "\n"
    if result != body:  # else it reads as the text did, to the letter
        _check_same(doc, body, result)
    return mark + result.replace("\n", newline)


def _round_trip_tree(body: str, original: str) -> CommentedMap:
    """ruamel.yaml's round-trip tree of the body, which fmt lays out and writes."""
    try:
        return load(body)
    except RoundTripError as exc:
        # libyaml, which loads plans, reads it; ruamel.yaml, which fmt writes with, does not
        # (a tab between words, for one): the user can rewrite that spot, nothing is a bug.
        at = exc.mark.index if exc.mark is not None else 0
        tab = ": write spaces instead of the tab" if "'\\t'" in exc.problem else ""
        message = f"opmkt fmt cannot lay this file out, its YAML writer stops here ({exc.problem})"
        if _old_breaks(body):
            # The reader stops after the line break it read otherwise: the user fixes that one.
            message = _OLD_BREAK
            found = max(body.rfind(char, 0, at) for char in "\x85\u2028\u2029")
            at = found if found >= 0 else at
        else:
            message += tab
        raise NotFormattable(Problem("syntax", message, *_in_original(original, at))) from None


def _as_validate_reads(tree: Any, data: Any) -> None:
    """Give each text of `tree` that ruamel.yaml read otherwise than libyaml (validate) the
    value libyaml read: a block scalar whose blank first lines end at a YAML 1.1 line break is
    read differently by the two. Such a text is then written in double quotes, with escapes
    (`emit._writable`); what is left different (a tagged or anchored text) is refused."""
    if isinstance(tree, CommentedMap) and isinstance(data, dict):
        places: list[tuple[Any, Any]] = [
            (key, data[key]) for key, _ in tree.non_merged_items() if key in data
        ]
    elif isinstance(tree, CommentedSeq) and isinstance(data, list):
        places = list(enumerate(data[: len(tree)]))
    else:
        return
    for place, read in places:
        value = tree[place]
        # `>` blocks carry a BEL at each fold (emit._mark_folds), which the text has not.
        if type(read) is str and isinstance(value, str) and value.replace("\a", "") != read:
            if type(value) in (str, LiteralScalarString, FoldedScalarString):
                tree[place] = read
        else:
            _as_validate_reads(value, read)


_OLD_BREAK = (
    "a text here holds a line break of YAML 1.1 only (U+2028, U+2029 or U+0085), which "
    "opmkt fmt cannot read as validate does: write that text in double quotes, with \\L, \\P "
    "or \\N for the character, then run fmt again"
)


def _old_breaks(body: str) -> bool:
    """Whether `body` holds a line break of YAML 1.1 only, which ruamel.yaml's reader (fmt's,
    for such a text) and libyaml's (validate's) may read differently in a block scalar."""
    return "\x85" in body or "\u2028" in body or "\u2029" in body


def read_back(dumped: str, boxes: int, slots: int) -> tuple[Document, list[Box], list[Slot]]:
    """The laid-out text read back, with its blocks and keys: as many as the tree had, and
    no comment left by ruamel.yaml (fmt puts every comment back itself)."""
    # Read back with libyaml, not ruamel: the same keys and items, ten times faster.
    dumped_doc = parse(dumped.encode("utf-8"))
    if dumped_doc.problems or not isinstance(dumped_doc.root, MappingNode):
        raise FormatRefused("ruamel.yaml wrote a text that does not read back")
    out_boxes, out_slots = walk_nodes(dumped_doc.root)
    if len(out_slots) != slots or len(out_boxes) != boxes:
        raise FormatRefused("the laid-out text does not have the keys of the original")
    if scan(dumped, dumped_doc.root)[0]:
        raise FormatRefused("ruamel.yaml kept a comment that opmkt fmt cannot place")
    return dumped_doc, out_boxes, out_slots


def _in_original(text: str, index: int) -> tuple[int, int]:
    """The line and column in `text` (lines end at LF, as opmkt counts them everywhere) of
    the character at `index` in the body read from it, where CR LF and a lone CR became LF."""
    i = 0
    for _ in range(index):
        if i >= len(text):
            break
        i += 2 if text.startswith("\r\n", i) else 1
    start = text.rfind("\n", 0, i) + 1
    return text.count("\n", 0, i) + 1, i - start + 1


def _check_same(doc: Any, body: str, result: str) -> None:
    """The laid-out text must read as the same data, numbers spelled the same, same comments."""
    new = parse(result.encode("utf-8"))
    if new.problems or not _same(doc.data, new.data):
        if not new.problems and _old_breaks(body):
            # The text was read otherwise than validate reads it: the user can rewrite it.
            where = _first_difference(doc.data, new.data, ())
            raise NotFormattable(Problem("syntax", _OLD_BREAK, *doc.position(where)))
        raise FormatRefused("the laid-out text would not load to the same data")
    before = sorted(comment.text for comment in scan(body, doc.root)[0])
    after = sorted(comment.text for comment in scan(result, new.root)[0])
    if before != after:
        raise FormatRefused("the laid-out text would not keep every comment")


def _first_difference(old: Any, new: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The path of the first value of `old` that `new` does not have the same."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if isinstance(key, str) and key in new and not _same(old[key], new[key]):
                return _first_difference(old[key], new[key], (*path, key))
    if isinstance(old, list) and isinstance(new, list):
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            if not _same(a, b):
                return _first_difference(a, b, (*path, index))
    return path


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, dict):
        return (
            isinstance(new, dict)
            and old.keys() == new.keys()
            and all(_same(old[key], new[key]) for key in old)
        )
    if isinstance(old, list):
        return (
            isinstance(new, list)
            and len(old) == len(new)
            and all(_same(a, b) for a, b in zip(old, new, strict=True))
        )
    if type(old) is not type(new):
        return False
    if isinstance(old, (WrittenInt, WrittenDecimal)):
        return bool(old.source == new.source)
    if isinstance(old, Decimal) and old.is_nan():
        return bool(new.is_nan())
    return bool(old == new)


def reorder(node: Any, shape: Shape, seen: set[int]) -> bool:
    """Put the keys of every mapping in the order of the fields of the model it is read as;
    say whether any key moved."""
    if not isinstance(node, (CommentedMap, CommentedSeq)) or id(node) in seen:
        return False
    seen.add(id(node))
    kind, inner = shape if isinstance(shape, tuple) else (None, None)
    if isinstance(node, CommentedSeq):
        moved = [reorder(value, inner if kind == "list" else None, seen) for value in node]
        return any(moved)
    fields = dict(LAYOUT[shape]) if isinstance(shape, str) else None
    own = [key for key, _ in node.non_merged_items()]
    wanted = own
    if fields is not None:
        present = set(own)
        known = [name for name in fields if name in present]
        wanted = known + [key for key in own if not (isinstance(key, str) and key in fields)]
        if wanted != own:
            for key in wanted:
                node.move_to_end(key)
    moved = [wanted != own]
    for key, value in node.non_merged_items():
        if fields is not None:
            child = fields.get(key) if isinstance(key, str) else None
        else:
            child = inner if kind == "dict" else None
        moved.append(reorder(value, child, seen))
    return any(moved)
