"""Two items of one kind share an id.

Ids are how objectives, actions, budget lines and indicators refer to each other, so each must
name one item. Objectives and sub-objectives share one namespace; SWOT and PESTEL items share
another. Every occurrence after the first is reported, with the line of the first.

Passes::

    actions:
      - id: A1
        objective: O1
        what: Launch the Instagram account
      - id: A2
        objective: O1
        what: Print the spring flyers

Fails (5:7, `A1` again)::

    actions:
      - id: A1
        objective: O1
        what: Launch the Instagram account
      - id: A1
        objective: O1
        what: Print the spring flyers
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from opmkt.findings import Finding, Message, Severity
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan
from opmkt.plan.walk import Loc, audit_entries, walk_objectives

ID = "duplicate-id"
SUMMARY = N_("two items of one kind share an id")
DEFAULT_SEVERITY = Severity.ERROR


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    segments = plan.audit.segments if plan.audit and plan.audit.segments else []
    lines = plan.budget.lines if plan.budget else []
    kinds: list[tuple[str, Iterable[tuple[Loc, str]]]] = [
        (
            N_("team member id '{id}' is already used on line {line}: give this one another id"),
            ((("team", i), m.id) for i, m in enumerate(plan.team)),
        ),
        (
            N_("segment id '{id}' is already used on line {line}: give this one another id"),
            ((("audit", "segments", i), s.id) for i, s in enumerate(segments)),
        ),
        (
            N_("audit item id '{id}' is already used on line {line}: give this one another id"),
            ((loc, e.id) for loc, e in audit_entries(plan)),
        ),
        (
            N_("KPI id '{id}' is already used on line {line}: give this one another id"),
            ((("kpis", i), k.id) for i, k in enumerate(plan.kpis)),
        ),
        (
            N_("objective id '{id}' is already used on line {line}: give this one another id"),
            ((at.loc, at.objective.id) for at in walk_objectives(plan)),
        ),
        (
            N_("action id '{id}' is already used on line {line}: give this one another id"),
            ((("actions", i), a.id) for i, a in enumerate(plan.actions)),
        ),
        (
            N_("budget line id '{id}' is already used on line {line}: give this one another id"),
            ((("budget", "lines", i), b.id) for i, b in enumerate(lines)),
        ),
    ]
    for text, items in kinds:
        first: dict[str, Loc] = {}
        for loc, item_id in items:
            if item_id not in first:
                first[item_id] = loc
                continue
            line, _ = ctx.loaded.position(first[item_id])
            yield ctx.finding(
                ID,
                DEFAULT_SEVERITY,
                Message(text, (("id", item_id), ("line", line))),
                loc,
            )
