"""Walking a plan: its objectives at any depth with their deadlines, its audit items, and an
index of its ids built once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from opmkt.plan.model import Action, AuditEntry, Objective, Plan

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class ObjectiveAt:
    """An objective at any depth, with where it is and its parent."""

    loc: Loc
    objective: Objective
    parent: Objective | None

    @property
    def depth(self) -> int:
        """0 for a top-level objective, 1 for its sub-objectives, and so on: each level adds
        two steps ("objectives", index) to `loc`."""
        return len(self.loc) // 2 - 1


@dataclass
class PlanIndex:
    """Every id of the plan, by kind, mapped to where it is first defined."""

    objectives: dict[str, ObjectiveAt] = field(default_factory=dict)
    objective_list: list[ObjectiveAt] = field(default_factory=list)
    actions: dict[str, tuple[Loc, Action]] = field(default_factory=dict)
    team: dict[str, Loc] = field(default_factory=dict)
    kpis: dict[str, Loc] = field(default_factory=dict)
    segments: dict[str, Loc] = field(default_factory=dict)
    lines: dict[str, Loc] = field(default_factory=dict)
    audit_items: dict[str, Loc] = field(default_factory=dict)

    @classmethod
    def build(cls, plan: Plan) -> PlanIndex:
        index = cls()
        for at in walk_objectives(plan):
            index.objective_list.append(at)
            index.objectives.setdefault(at.objective.id, at)
        for i, action in enumerate(plan.actions):
            index.actions.setdefault(action.id, (("actions", i), action))
        for i, member in enumerate(plan.team):
            index.team.setdefault(member.id, ("team", i))
        for i, kpi in enumerate(plan.kpis):
            index.kpis.setdefault(kpi.id, ("kpis", i))
        if plan.audit is not None and plan.audit.segments is not None:
            for i, segment in enumerate(plan.audit.segments):
                index.segments.setdefault(segment.id, ("audit", "segments", i))
        if plan.budget is not None:
            for i, line in enumerate(plan.budget.lines):
                index.lines.setdefault(line.id, ("budget", "lines", i))
        for loc, entry in audit_entries(plan):
            index.audit_items.setdefault(entry.id, loc)
        return index


def walk_objectives(plan: Plan) -> Iterator[ObjectiveAt]:
    """Every objective, depth first, in the order of the file."""
    stack: list[tuple[Loc, Objective, Objective | None]] = [
        (("objectives", i), o, None) for i, o in reversed(list(enumerate(plan.objectives)))
    ]
    while stack:
        loc, objective, parent = stack.pop()
        yield ObjectiveAt(loc, objective, parent)
        stack.extend(
            ((*loc, "objectives", i), child, objective)
            for i, child in reversed(list(enumerate(objective.objectives)))
        )


@dataclass(frozen=True, slots=True)
class Deadline:
    """The deadline an objective answers to, and whose it is."""

    day: dt.date
    owner: str | None
    """The id of the objective that writes it (itself or an ancestor); None: the plan's end."""


def effective_deadlines(plan: Plan) -> Iterator[tuple[ObjectiveAt, Deadline]]:
    """Every objective, as `walk_objectives` gives them, with its deadline: its own, else its
    nearest ancestor's, else the plan's end. Rules, `expected` and projections all read this
    one, so that a deadline is never read two ways."""
    end = Deadline(plan.plan.period.end, None)
    # Keyed by identity: ids may be duplicated, and a parent is always walked before its children.
    seen: dict[int, Deadline] = {}
    for at in walk_objectives(plan):
        objective = at.objective
        if objective.deadline is not None:
            applies = Deadline(objective.deadline, objective.id)
        elif at.parent is not None:
            applies = seen.get(id(at.parent), end)
        else:
            applies = end
        seen[id(objective)] = applies
        yield at, applies


def audit_entries(plan: Plan) -> Iterator[tuple[Loc, AuditEntry]]:
    """The SWOT and PESTEL items written as {id, text}, which objectives may address."""
    if plan.audit is None:
        return
    for section in (plan.audit.swot, plan.audit.pestel):
        if section is None:
            continue
        name = "swot" if section is plan.audit.swot else "pestel"
        for quadrant, items in section:
            for i, item in enumerate(items):
                if isinstance(item, AuditEntry):
                    yield ("audit", name, quadrant, i), item
