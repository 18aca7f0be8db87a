"""Every place a file writes an id: where items are defined and where references name them,
by the kinds `unknown-reference` names them with."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from opmkt.lint.context import Context
from opmkt.lint.rules.unknown_reference import references
from opmkt.plan.model import Plan
from opmkt.plan.walk import Loc, audit_entries, walk_objectives

CATEGORY = "budget category"
"""A budget line's category: defined by the lines that have it, so each is a definition."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One id written in a file: its kind, the id, and the place of the value."""

    kind: str
    value: str
    loc: Loc
    definition: bool


def definitions(plan: Plan) -> Iterator[Occurrence]:
    """The `id` of every item (duplicates too), and every budget line's category."""
    segments = plan.audit.segments if plan.audit and plan.audit.segments else []
    lines = plan.budget.lines if plan.budget else []
    for i, member in enumerate(plan.team):
        yield Occurrence("team member", member.id, ("team", i, "id"), True)
    for i, segment in enumerate(segments):
        yield Occurrence("segment", segment.id, ("audit", "segments", i, "id"), True)
    for loc, entry in audit_entries(plan):
        yield Occurrence("audit item", entry.id, (*loc, "id"), True)
    for i, kpi in enumerate(plan.kpis):
        yield Occurrence("KPI", kpi.id, ("kpis", i, "id"), True)
    for at in walk_objectives(plan):
        yield Occurrence("objective", at.objective.id, (*at.loc, "id"), True)
    for i, action in enumerate(plan.actions):
        yield Occurrence("action", action.id, ("actions", i, "id"), True)
    for i, line in enumerate(lines):
        yield Occurrence("budget line", line.id, ("budget", "lines", i, "id"), True)
        if line.category is not None:
            yield Occurrence(CATEGORY, line.category, ("budget", "lines", i, "category"), True)


def occurrences(ctx: Context) -> list[Occurrence]:
    """Every id the file writes, at its place in the file (not in the model: a file whose
    items fail the schema is checked without them, and indices shift)."""
    found = [] if ctx.actuals is not None else list(definitions(ctx.plan))
    found += [Occurrence(kind, value, loc, False) for loc, value, kind, _known in references(ctx)]
    original = ctx.loaded.original
    return [Occurrence(o.kind, o.value, original(o.loc), o.definition) for o in found]
