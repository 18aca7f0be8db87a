"""Going from an id to where it is defined and used, renaming it everywhere, and the outline
of a plan."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lsprotocol import types as lsp

from opmkt.lsp.ids import CATEGORY, Occurrence, occurrences
from opmkt.lsp.session import Checked, Session
from opmkt.lsp.tree import Lines, Point, Span, spot_at, value_span
from opmkt.plan.model import ID_PATTERN
from opmkt.plan.walk import Loc, walk_objectives


class RenameRefused(Exception):
    """A rename that would break the plan: the message says why."""


def target(checked: Checked, point: Point) -> Occurrence | None:
    """The id written at `point`, as a definition or a reference."""
    ctx = checked.context()
    if ctx is None or checked.loaded is None:
        return None
    spot = spot_at(checked.loaded.doc, point)
    if spot is None or spot.on_key:
        return None
    return next((o for o in occurrences(ctx) if o.loc == spot.loc), None)


def _everywhere(
    family: list[Checked], kind: str, value: str, *, definitions_only: bool = False
) -> Iterator[tuple[Checked, Span]]:
    """Each place the plan and its actuals files write `value` as an id of `kind`."""
    for checked in family:
        ctx = checked.context()
        if ctx is None:
            continue
        for o in occurrences(ctx):
            if (o.kind, o.value) != (kind, value) or (definitions_only and not o.definition):
                continue
            span = value_span(ctx.loaded.doc, o.loc)
            if span is not None:
                yield checked, span


def locations(
    session: Session, path: Path, point: Point, definitions_only: bool, encoding: str
) -> list[tuple[Path, lsp.Range]]:
    """Where the id at `point` is defined (or also used), in the plan and its actuals files."""
    found = target(session.current(path), point)
    if found is None:
        return []
    out = []
    family = session.family(path)
    spans = _everywhere(family, found.kind, found.value, definitions_only=definitions_only)
    for checked, span in spans:
        assert checked.loaded is not None
        out.append((checked.path, Lines.of(checked.loaded.doc.text, encoding).range(span)))
    return out


def rename(
    session: Session, path: Path, point: Point, new: str, encoding: str
) -> dict[Path, list[lsp.TextEdit]]:
    """The edits that rename the id at `point` wherever the plan and its actuals files write
    it; refused for a new id that is invalid or already names an item of that kind."""
    found = target(session.current(path), point)
    if found is None:
        raise RenameRefused("there is no id here to rename")
    if found.kind != CATEGORY and not re.fullmatch(ID_PATTERN, new):
        raise RenameRefused(f"'{new}' is not a valid id: use letters, digits, '-', '_' and '.'")
    family = session.family(path)
    if (
        new != found.value
        and next(_everywhere(family, found.kind, new, definitions_only=True), None) is not None
    ):
        raise RenameRefused(f"a {found.kind} already has the id '{new}': choose another")
    edits: dict[Path, list[lsp.TextEdit]] = {}
    for checked, span in _everywhere(family, found.kind, found.value):
        assert checked.loaded is not None
        lines = Lines.of(checked.loaded.doc.text, encoding)
        edits.setdefault(checked.path, []).append(
            lsp.TextEdit(range=lines.range(_unquoted(lines, span)), new_text=new)
        )
    return edits


def _unquoted(lines: Lines, span: Span) -> Span:
    """The text of a quoted value inside its quotes, which a rename keeps."""
    (line, start), (end_line, end) = span.start, span.end
    text = lines.text(line)
    if line == end_line and start <= len(text) and text[start - 1] in "'\"":
        return Span((line, start + 1), (end_line, end - 1))
    return span


_KINDS = {
    "objective": lsp.SymbolKind.Class,
    "action": lsp.SymbolKind.Function,
    "budget line": lsp.SymbolKind.Field,
    "KPI": lsp.SymbolKind.Number,
    "team member": lsp.SymbolKind.Constant,
}


def symbols(session: Session, path: Path, lines: Lines) -> list[lsp.DocumentSymbol]:
    """The outline of a plan: its objectives (nested), actions, budget lines, KPIs and team."""
    checked = session.current(path)
    ctx = checked.context()
    if ctx is None or ctx.actuals is not None:
        return []
    plan = ctx.plan
    doc = ctx.loaded.doc
    original = ctx.loaded.original

    def symbol(
        kind: str, name: str, detail: str, loc: Loc, children: list[lsp.DocumentSymbol]
    ) -> lsp.DocumentSymbol | None:
        span = value_span(doc, original(loc))
        chosen = value_span(doc, original((*loc, "id"))) or span
        if span is None or chosen is None:
            return None
        return lsp.DocumentSymbol(
            name=name,
            detail=detail,
            kind=_KINDS[kind],
            range=lines.range(span),
            selection_range=lines.range(chosen),
            children=children,
        )

    out: list[lsp.DocumentSymbol] = []
    # Each objective's list of children, filled as the walk (parents first) meets them.
    children: dict[int, list[lsp.DocumentSymbol]] = {}
    for at in walk_objectives(plan):
        mine = children[id(at.objective)] = []
        made = symbol("objective", at.objective.id, at.objective.title, at.loc, mine)
        if made is not None:
            children.get(id(at.parent), out).append(made)
    groups: list[tuple[str, Iterator[tuple[Loc, str, str]]]] = [
        ("action", ((("actions", i), a.id, a.what) for i, a in enumerate(plan.actions))),
        (
            "budget line",
            (
                (("budget", "lines", i), line.id, line.label)
                for i, line in enumerate(plan.budget.lines if plan.budget else [])
            ),
        ),
        ("KPI", ((("kpis", i), k.id, k.name) for i, k in enumerate(plan.kpis))),
        ("team member", ((("team", i), m.id, m.name) for i, m in enumerate(plan.team))),
    ]
    for kind, items in groups:
        for loc, name, detail in items:
            one = symbol(kind, name, detail, loc, [])
            if one is not None:
                out.append(one)
    return out
