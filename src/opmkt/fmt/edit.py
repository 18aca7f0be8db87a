"""A plan changed in place and written in `opmkt fmt`'s layout, every comment of what stays kept
beside it: what `opmkt init --from` writes next period's plan with.

The caller changes ruamel's round-trip tree of the old text (values set, items removed, keys
and sections added) and says which comments to add. A comment stays with the key or item it
was tied to in the old text (`fmt.comments`): keys by their mapping, items by their own mapping
or list, so that removing an item leaves the others' comments with them. A key whose mapping
or list was replaced by a new one loses the old one's comments with it; a removed key or item
takes its comments away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import MappingNode

from opmkt.fmt.comments import Box, Comment, Eol, Scalars, Slot, attach, render, scan, walk
from opmkt.fmt.emit import RoundTripError, dump, load, strip_comments
from opmkt.fmt.format import NotFormattable, read_back, reorder
from opmkt.io.yamlio import Problem, parse


@dataclass
class Notes:
    """Comments to add beside keys of the edited tree, by their mapping and name."""

    header: list[str] = field(default_factory=list)
    """Lines on top of the file, before what the old header kept."""
    above: dict[tuple[int, Any], list[str]] = field(default_factory=dict)
    beside: dict[tuple[int, Any], str] = field(default_factory=dict)

    def put_above(self, holder: Any, key: Any, text: str) -> None:
        self.above.setdefault(_where(holder, key), []).extend(text.splitlines())

    def put_beside(self, holder: Any, key: Any, text: str) -> None:
        self.beside[_where(holder, key)] = text


def _where(holder: Any, key: Any) -> tuple[int, Any]:
    """A key of a mapping by its name; an item of a list by itself when it is a mapping or a
    list (its index moves when an item before it is removed), else by its index."""
    if isinstance(holder, CommentedSeq):
        item = holder[key]
        return id(holder), id(item) if isinstance(item, (CommentedMap, CommentedSeq)) else key
    return id(holder), key


def edited(
    text: str, edit: Callable[[CommentedMap], Notes], drop_header: Callable[[str], bool]
) -> str:
    """`text` (LF line breaks, no byte order mark) changed by `edit`, in fmt's layout, with the
    comments of what stays and the ones `edit` adds; header lines for which `drop_header`
    is true are left out (a modeline written anew)."""
    doc = parse(text.encode("utf-8"))
    if doc.problems or not isinstance(doc.root, MappingNode) or doc.root.flow_style:
        raise NotFormattable(
            doc.problems[0] if doc.problems else Problem("schema", "not a block mapping", 1, 1)
        )
    try:
        tree = load(text)
    except RoundTripError as exc:
        line, column = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark is not None else (1, 1)
        raise NotFormattable(Problem("syntax", exc.message, line, column)) from None
    comments, blanks = scan(text, doc.root)
    boxes, slots = walk(tree)
    header = attach(text.split("\n"), comments, blanks, boxes, slots) if slots else []
    ties = _ties(slots)
    trailing = {id(box.obj): box for box in boxes}
    notes = edit(tree)
    strip_comments(tree, set())
    reorder(tree, "Plan", set())
    new_boxes, new_slots = walk(tree)
    dumped = dump(tree)
    dumped_doc, out_boxes, out_slots = read_back(dumped, len(new_boxes), len(new_slots))
    placed = [
        (out, _tied(slot, ties, notes)) for out, slot in zip(out_slots, new_slots, strict=True)
    ]
    paired = [
        (out, trailing.get(id(box.obj)) or _empty(box))
        for out, box in zip(out_boxes, new_boxes, strict=True)
    ]
    kept = [row for row in header if not drop_header(row)]
    rows = render(
        dumped.split("\n")[:-1],
        Scalars(dumped, dumped_doc.root),
        [*notes.header, *kept],
        placed,
        paired,
    )
    return "\n".join(rows) + "\n"


def _ties(slots: list[Slot]) -> dict[tuple[int, Any], tuple[Slot, int | None]]:
    """Each old slot by where it is, with the identity of its collection value, if any."""
    ties = {}
    for slot in slots:
        value = slot.box.obj[slot.key]
        held = id(value) if isinstance(value, (CommentedMap, CommentedSeq)) else None
        ties[_where(slot.box.obj, slot.key)] = (slot, held)
    return ties


def _tied(slot: Slot, ties: dict[tuple[int, Any], tuple[Slot, int | None]], notes: Notes) -> Slot:
    """The old slot of a new one, or an empty one, with the comments `notes` adds."""
    holder = slot.box.obj
    value = holder[slot.key]
    where = _where(holder, slot.key)
    old, held = ties.get(where, (None, None))
    now = id(value) if isinstance(value, (CommentedMap, CommentedSeq)) else None
    source = Slot(slot.box, slot.key, 0, 0)
    if old is not None and (held is None or held == now):
        source.before, source.eol = list(old.before), list(old.eol)
    added = [
        Comment(0, 0, f"# {line}" if line else "#", True, 0) for line in notes.above.get(where, [])
    ]
    source.before[:0] = added
    if where in notes.beside:
        source.eol.append(Eol(Comment(0, 0, f"# {notes.beside[where]}", False, 2)))
    return source


def _empty(box: Box) -> Box:
    return Box(box.obj, None, box.flow, box.depth)
