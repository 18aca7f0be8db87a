"""Comments and blank lines of a YAML text, tied to the key or item they were written for and put
back beside it once `opmkt fmt` has laid the text out again.

ruamel.yaml keeps a full-line comment in the token of the value *before* it: the comment written
above `audit:` is stored with the last value of `plan:`, so moving keys with ruamel's tokens
would move comments away from what they describe. Here a comment is tied by its position in the
source: an end-of-line comment to the key or item on its line, a full-line comment to the key or
item that follows it, or, when it is indented under a block that ends there, to the end of that
block (a commented-out last item stays in its list).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment in the text: 0-based line, column of its `#`, its text without trailing space."""

    line: int
    column: int
    text: str
    own_line: bool
    gap: int
    """Spaces between the content and the `#` of an end-of-line comment."""


class Scalars:
    """The character ranges that scalars occupy: a `#` or a blank line there is content."""

    def __init__(self, text: str, root: Node | None) -> None:
        ranges: list[tuple[int, int]] = []
        seen: set[int] = set()
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, ScalarNode):
                ranges.append(_scalar_range(text, node))
            elif isinstance(node, SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, MappingNode):
                for key, value in node.value:
                    stack.extend((key, value))
        ranges.sort()
        self._starts = [start for start, _ in ranges]
        self._ends = [end for _, end in ranges]

    def covers(self, index: int) -> bool:
        at = bisect.bisect_right(self._starts, index) - 1
        return at >= 0 and index < self._ends[at]


_BLANK = " \t\n\x85\u2028\u2029"
"""Spaces and line breaks, as libyaml reads them: what a block scalar's text ends before."""
_LINE_BREAK = re.compile("[\n\x85\u2028\u2029]")
"""Where libyaml ends a line: at LF, and at the line breaks of YAML 1.1 only."""


def _scalar_range(text: str, node: ScalarNode) -> tuple[int, int]:
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    if node.style not in ("|", ">"):
        return (start, end)
    # A block scalar's header line may end with a comment; its content starts on the next line.
    # Without the keep indicator (`|+`), the blank lines after its text are layout, not content.
    header_end = text.find("\n", start)
    if header_end < 0 or header_end >= end:
        return (end, end)
    if "+" not in text[start:header_end].split("#", 1)[0]:
        while end > header_end and text[end - 1] in _BLANK:
            end -= 1
        line_end = _LINE_BREAK.search(text, end)
        end = len(text) if line_end is None else line_end.start()
    return (header_end + 1, end)


def scan(text: str, root: Node | None) -> tuple[list[Comment], set[int]]:
    """Every comment of `text` (lines split at LF), and the numbers of its blank lines."""
    scalars = Scalars(text, root)
    comments: list[Comment] = []
    blanks: set[int] = set()
    start = 0
    for number, line in enumerate(text.split("\n")):
        if not line.strip():
            if not scalars.covers(start):
                blanks.add(number)
        elif "#" in line:
            found = _comment_in(line, number, start, scalars)
            if found is not None:
                comments.append(found)
        start += len(line) + 1
    return comments, blanks


_BEFORE_COMMENT = " \t\x85\u2028\u2029"
"""What a `#` that starts a comment follows: a space, a tab, or, as libyaml reads lines, a line
break of YAML 1.1 only (U+0085, U+2028, U+2029)."""


def _comment_in(line: str, number: int, start: int, scalars: Scalars) -> Comment | None:
    at = line.find("#")
    while at >= 0:
        if (at == 0 or line[at - 1] in _BEFORE_COMMENT) and not scalars.covers(start + at):
            content = line[:at].rstrip()
            text = line[at:].rstrip()
            return Comment(number, at, text, not content, at - len(content))
        at = line.find("#", at + 1)
    return None


@dataclass(eq=False, slots=True)
class Eol:
    """An end-of-line comment, and the full-line comments that continue it in its column."""

    comment: Comment
    more: list[str] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Box:
    """A mapping or a sequence of the loaded tree, with the comments kept after its end."""

    obj: Any
    parent: Box | None
    flow: bool
    depth: int
    start: int = 0
    """Index of its first key or item among all slots."""
    end: int = 0
    """Index after its last slot, its descendants' included."""
    trailing: list[Comment | None] = field(default_factory=list)
    holder: Slot | None = None
    """The key or item whose value it is (None for the top level)."""


@dataclass(eq=False, slots=True)
class Slot:
    """A key of a mapping or an item of a sequence: where comments are tied."""

    box: Box
    key: Any
    line: int
    column: int
    before: list[Comment | None] = field(default_factory=list)
    eol: list[Eol] = field(default_factory=list)


def walk(root: CommentedMap) -> tuple[list[Box], list[Slot]]:
    """The boxes and slots of a ruamel tree in document order; an aliased collection is walked
    once, where its anchor is (the rest of the text only names it)."""
    boxes: list[Box] = []
    slots: list[Slot] = []
    seen = {id(root)}

    def visit(obj: Any, parent: Box | None, holder: Slot | None) -> None:
        box = Box(obj, parent, bool(obj.fa.flow_style()), 0 if parent is None else parent.depth + 1)
        box.start = len(slots)
        box.holder = holder
        boxes.append(box)
        mapping = isinstance(obj, CommentedMap)
        items = obj.non_merged_items() if mapping else enumerate(obj)
        for key, value in items:
            slot = Slot(box, key, *_position(obj, key))
            slots.append(slot)
            if isinstance(value, (CommentedMap, CommentedSeq)) and id(value) not in seen:
                seen.add(id(value))
                visit(value, box, slot)
        box.end = len(slots)
        # An empty collection is written `[]` or `{}` whatever it was: it holds no comments.
        box.flow = box.flow or box.start == box.end

    visit(root, None, None)
    return boxes, slots


def _position(obj: CommentedMap | CommentedSeq, key: Any) -> tuple[int, int]:
    """Where a key or item was read; (0, 0) for one added to the tree since (`fmt.edit`)."""
    found = (obj.lc.data or {}).get(key)
    return (found[0], found[1]) if found else (0, 0)


def walk_nodes(root: MappingNode) -> tuple[list[Box], list[Slot]]:
    """What `walk` gives for the ruamel tree of a text, from libyaml's node tree of it: the
    text `fmt` lays out is read back this way, ten times faster than through ruamel. Merge
    keys (`<<`) are left out, as ruamel keeps them apart from a mapping's own keys."""
    boxes: list[Box] = []
    slots: list[Slot] = []
    seen = {id(root)}

    def visit(node: MappingNode | SequenceNode, parent: Box | None, holder: Slot | None) -> None:
        box = Box(node, parent, bool(node.flow_style), 0 if parent is None else parent.depth + 1)
        box.start = len(slots)
        box.holder = holder
        boxes.append(box)
        if isinstance(node, MappingNode):
            pairs = [(key, value) for key, value in node.value if not _is_merge(key)]
            items = [(key.value, key.start_mark, value) for key, value in pairs]
        else:
            items = [(index, value.start_mark, value) for index, value in enumerate(node.value)]
        for key, mark, value in items:
            slot = Slot(box, key, mark.line, mark.column)
            slots.append(slot)
            if isinstance(value, (MappingNode, SequenceNode)) and id(value) not in seen:
                seen.add(id(value))
                visit(value, box, slot)
        box.end = len(slots)
        box.flow = box.flow or box.start == box.end

    visit(root, None, None)
    return boxes, slots


def _is_merge(key: Node) -> bool:
    # opmkt's composer leaves plain scalars untagged ("") until it builds values.
    return (
        isinstance(key, ScalarNode)
        and key.value == "<<"
        and not key.style
        and key.tag in ("", "tag:yaml.org,2002:merge")
    )


def item_column(box: Box, slots: list[Slot], lines: list[str]) -> int:
    """The column of a block's keys, or of its items' dashes."""
    first = slots[box.start]
    if not isinstance(box.obj, (CommentedSeq, SequenceNode)):
        return first.column
    head = lines[first.line][: first.column].rstrip()
    return len(head) - 1 if head.endswith("-") else max(first.column - 2, 0)


def attach(
    lines: list[str], comments: list[Comment], blanks: set[int], boxes: list[Box], slots: list[Slot]
) -> list[str]:
    """Tie comments and blank lines to `slots` and `boxes`; return the file's header: what comes
    before the first key (the modeline stays on line 1)."""
    starts = [slot.line for slot in slots]
    columns = _inside_columns(boxes, slots, lines)
    by_line = {comment.line: comment for comment in comments}
    first = starts[0]
    # Per following slot: (line, comment or None for a blank line, tied to that slot for sure).
    groups: dict[int, list[tuple[int, Comment | None, bool]]] = {}
    eols: dict[int, Eol] = {}
    for comment in comments:
        if comment.line < first or comment.own_line:
            continue
        low = bisect.bisect_left(starts, comment.line)
        high = bisect.bisect_right(starts, comment.line)
        on_line = slots[low:high]
        if on_line:
            # The line's own key: `- name: x  # n` is about name, `- {id: a}  # c` the item.
            block = [slot for slot in on_line if not slot.box.flow]
            eols[comment.line] = Eol(comment)
            (block[-1] if block else on_line[0]).eol.append(eols[comment.line])
        elif lines[comment.line][: comment.column].strip() in ("-", "?", ":") and high < len(slots):
            groups.setdefault(high, []).append((comment.line, comment, True))  # `-  # c`
        else:
            eols[comment.line] = Eol(comment)
            slots[low - 1].eol.append(eols[comment.line])
    for number in range(first + 1, len(lines)):
        found = by_line.get(number)
        above = eols.get(number - 1)
        if found is not None and found.own_line and above and above.comment.column == found.column:
            # `#   | conversion` under `category: business  # business | communication`
            above.more.append(found.text)
            eols[number] = above
        elif number in blanks or (found is not None and found.own_line):
            row = found if number not in blanks else None
            groups.setdefault(bisect.bisect_right(starts, number), []).append((number, row, False))
    for index in sorted(groups):
        _tie(
            [row[1:] for row in sorted(groups[index], key=lambda row: row[0])],
            slots,
            index,
            columns,
        )
    return _header(lines, by_line, blanks, first, slots[0])


def _inside_columns(boxes: list[Box], slots: list[Slot], lines: list[str]) -> dict[int, int]:
    """For each block, the least column of a comment that is inside it: its items' column, and
    further in than the key that holds it (`team:` then `- id: a` in the same column: a comment
    in that column after the list is about the next key)."""
    columns: dict[int, int] = {}
    for box in boxes:
        if box.flow:
            continue
        column = item_column(box, slots, lines)
        holder, parent = box.holder, box.parent
        if holder is not None and parent is not None:
            owner = holder.column if isinstance(parent.obj, CommentedMap) else columns[id(parent)]
            column = max(column, owner + 1)
        columns[id(box)] = column
    return columns


def _tie(
    rows: list[tuple[Comment | None, bool]],
    slots: list[Slot],
    index: int,
    columns: dict[int, int],
) -> None:
    """Tie the rows between two slots: to the end of a block that ends there when indented
    under it (innermost first, never back inwards), else (and from a row marked so on) to the
    next slot."""
    following = slots[index] if index < len(slots) else None
    inside = set()
    box = following.box if following is not None else None
    while box is not None:
        inside.add(id(box))
        box = box.parent
    ending = []
    box = slots[index - 1].box
    while box is not None and id(box) not in inside:
        if not box.flow:
            ending.append(box)
        box = box.parent
    level = 0
    pending: list[Comment | None] = []
    for row, below in rows:
        if row is None:
            pending.append(row)
            continue
        while level < len(ending) and (below or columns[id(ending[level])] > row.column):
            level += 1
        if level < len(ending):
            ending[level].trailing.extend([*pending, row])
        elif following is not None:
            following.before.extend([*pending, row])
        pending = []
    if pending and following is not None:
        following.before.extend(pending)


def _header(
    lines: list[str], by_line: dict[int, Comment], blanks: set[int], first: int, slot: Slot
) -> list[str]:
    """Lines before the first key are the file's header and stay on top (the modeline first),
    except the comments after the last blank line among them: those belong to the first key,
    wherever it moves."""
    rows: list[str] = []
    split = -1
    for number in range(first):
        comment = by_line.get(number)
        if number in blanks:
            rows.append("")
            split = number
        elif comment is not None and comment.own_line:
            rows.append(comment.text)
        else:  # `---`, a `%YAML` directive
            rows.append(lines[number].rstrip())
            split = number
    if split < 0:
        return rows
    slot.before[:0] = [Comment(first, 0, text, True, 0) for text in rows[split + 1 :]]
    return rows[: split + 1]


def _collapse(rows: list[str], *, lead: bool, trail: bool) -> list[str]:
    """One blank line at most in a row; none at the start (`lead`) or end (`trail`)."""
    out: list[str] = []
    for row in rows:
        if row or (out and out[-1]) or (not out and not lead):
            out.append(row)
    while trail and out and not out[-1]:
        out.pop()
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _with_eol(line: str, eol: Eol) -> list[str]:
    """The line with its comment at the comment's column when the content leaves room, else at
    its gap from the content; the lines that continue it follow in the same column."""
    content = line.rstrip()
    comment = eol.comment
    column = comment.column if comment.column > len(content) else len(content) + comment.gap
    pad = " " * column
    return [content + pad[len(content) :] + comment.text, *(pad + text for text in eol.more)]


def _gathered(
    lines: list[str], placed: list[tuple[Slot, Slot]], tops: list[int]
) -> tuple[dict[int, list[str]], dict[int, list[Eol]], dict[int, tuple[bool, bool, bool]]]:
    """By line of the laid-out text: the rows that go before it (comments and blank lines
    of its source slots), the comments at the end of those slots, and what the line heads
    (separated from the section before, first in its block, together with the one before)."""
    # Two top-level keys on one line each (`version: 1`, `plan: plan.yaml`) may stay together.
    single = {line: end - line == 1 for line, end in itertools.pairwise(tops)}
    before: dict[int, list[str]] = {}
    eols: dict[int, list[Eol]] = {}
    heads: dict[int, tuple[bool, bool, bool]] = {}
    for index, (out, source) in enumerate(placed):
        row_indent = " " * _indent(lines[out.line])
        if out.line not in heads:
            top = out.box.parent is None
            at = tops.index(out.line) if top else 0
            together = top and at > 0 and single[tops[at - 1]] and single[out.line]
            heads[out.line] = (top and at > 0 and not together, out.box.start == index, together)
        before.setdefault(out.line, []).extend(
            "" if row is None else row_indent + row.text for row in source.before
        )
        eols.setdefault(out.line, []).extend(source.eol)
    return before, eols, heads


def _trailing(
    lines: list[str], boxes: list[tuple[Box, Box]], out_slots: list[Slot]
) -> dict[int, list[tuple[int, list[str]]]]:
    """By the last line of each laid-out block, the depth of the block and the rows that
    trailed it in the source (comments and blank lines after its last item)."""
    after: dict[int, list[tuple[int, list[str]]]] = {}
    for out_box, source_box in boxes:
        if out_box.flow or not source_box.trailing:
            continue
        last = out_slots[out_box.end].line - 1 if out_box.end < len(out_slots) else len(lines) - 1
        box_indent = " " * item_column(out_box, out_slots, lines)
        rows = ["" if row is None else box_indent + row.text for row in source_box.trailing]
        after.setdefault(last, []).append((out_box.depth, rows))
    return after


def render(
    lines: list[str],
    scalars: Scalars,
    header: list[str],
    placed: list[tuple[Slot, Slot]],
    boxes: list[tuple[Box, Box]],
) -> list[str]:
    """The laid-out `lines` with every comment and kept blank line put back.

    `placed` pairs each slot of the laid-out text with the slot of the source it came from, in
    document order; `boxes` does the same for blocks. Full-line comments take the indentation
    of what they are tied to; blank lines are kept one at a time, never at the start of a
    block; top-level sections are separated by exactly one blank line.
    """
    out_slots = [out for out, _ in placed]
    tops = [out.line for out in out_slots if out.box.parent is None] + [len(lines)]
    before, eols, heads = _gathered(lines, placed, tops)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    placed_eols: dict[int, Eol] = {}
    for number, found in eols.items():
        # A line that ends inside a multi-line scalar cannot take a comment at its end, and
        # lines continuing one cannot go between a block scalar's header and its text.
        if (
            found
            and not scalars.covers(offsets[number + 1] - 1)
            and not (found[0].more and scalars.covers(offsets[number + 1]))
        ):
            placed_eols[number] = found[0]
            found = found[1:]
        row_indent = " " * _indent(lines[number])
        before[number].extend(
            row_indent + text for eol in found for text in (eol.comment.text, *eol.more)
        )
    after = _trailing(lines, boxes, out_slots)
    result = _collapse(header, lead=True, trail=False)
    # Whether the last line written ends inside a block scalar that keeps its final line
    # breaks (`|+`): a blank line written next would be read as one more of them.
    kept = False
    for number, line in enumerate(lines):
        if number in heads:
            separated, first_in_box, together = heads[number]
            top = separated or together or number == tops[0]
            rows = _collapse(before[number], lead=first_in_box and not together, trail=top)
            if separated:
                rows = ["", *_collapse(rows, lead=True, trail=True)]
            result.extend(_collapse(rows, lead=True, trail=False) if kept else rows)
        if number in placed_eols:
            result.extend(_with_eol(line, placed_eols[number]))
        else:
            result.append(line)
        kept = scalars.covers(offsets[number + 1] - 1)
        if number in after:
            ends = sorted(after[number], key=lambda pair: -pair[0])
            rows = _collapse([row for _, group in ends for row in group], lead=kept, trail=True)
            result.extend(rows)
            kept = kept and not rows
    return result
