"""A reference names no defined id.

Every reference must resolve: an action's `objective` (at any depth), `owner` (team) and
`segment`; an objective's `kpi`, `segment` and `addresses` (SWOT or PESTEL items written as
`{id, text}`); the plan's `owner`; a formula KPI's `inputs` (KPI ids, or `budget` for the
actual spend, and the `lines`, `objective` and `category` of a spend scope, a category being
one that some budget line has); a budget line's `action`, and its `category` once
`budget.categories` names them; the budget lines, objectives and exchange rates a scenario
changes. In an actuals file: each
measurement's `kpi`, each spend record's `line`, and the `plan` file itself. The message
suggests the closest id.

Passes::

    team:
      - id: marie
        name: Marie Dupont
    actions:
      - id: A1
        objective: O1
        what: Launch the Instagram account
        owner: marie

Fails (8:12, no team member `mary`)::

    team:
      - id: marie
        name: Marie Dupont
    actions:
      - id: A1
        objective: O1
        what: Launch the Instagram account
        owner: mary
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Collection, Iterator
from typing import Any

from opmkt.findings import Finding, Message, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import BUDGET_INPUT, Plan, Scope, ScopedSpend
from opmkt.plan.walk import Loc, PlanIndex

ID = "unknown-reference"
SUMMARY = N_("a reference names no defined id")
DEFAULT_SEVERITY = Severity.ERROR

Ref = tuple[Loc, str, str, Collection[str]]
"""Where an id is named, the id, the kind of thing it names, and the ids of that kind."""


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    # A scenario names ids as its keys: the finding points at the key, not at its value.
    keys = _scenario_refs(plan, ctx.index) if ctx.actuals is None else iter(())
    refs = [*((*ref, False) for ref in references(ctx)), *((*ref, True) for ref in keys)]
    # An item left out for a schema error of its own is reported there, not as unknown here.
    dropped = ctx.loaded.dropped if ctx.actuals is None else {}
    reported = 0
    samples: dict[int, str] = {}
    for loc, value, kind, known, at_key in refs:
        if value not in known and value not in dropped.get(kind, ()):
            # Suggestions cost a scan of the known ids: spend it on the first few only, and
            # list a sample of the known ids once per kind.
            reported += 1
            sample = samples.get(id(known))
            if sample is None:
                sample = samples[id(known)] = _sample(known)
            message = _message(kind, value, known, sample, suggest=reported <= _SUGGESTIONS)
            yield ctx.finding(ID, DEFAULT_SEVERITY, message, loc, at_key=at_key)


def references(ctx: Context) -> Iterator[Ref]:
    """Every reference of the file: where it is, the id it names, the kind of item it names,
    and the ids of that kind (the language server navigates and renames by these)."""
    index = ctx.index
    if ctx.actuals is None:
        yield from _plan_refs(ctx.plan, ctx)
        return
    for i, measurement in enumerate(ctx.actuals.kpis):
        yield ("kpis", i, "kpi"), measurement.kpi, "KPI", index.kpis
    for i, record in enumerate(ctx.actuals.spend):
        yield ("spend", i, "line"), record.line, "budget line", index.lines


def _plan_refs(plan: Plan, ctx: Context) -> Iterator[Ref]:
    index = ctx.index
    if plan.plan.owner is not None:
        yield ("plan", "owner"), plan.plan.owner, "team member", index.team
    yield from _kpi_refs(plan, ctx)
    yield from _objective_refs(index)
    yield from _action_refs(plan, index)
    if plan.budget is not None:
        for i, line in enumerate(plan.budget.lines):
            if line.action is not None:
                yield ("budget", "lines", i, "action"), line.action, "action", index.actions
        yield from _category_refs(plan)


def _kpi_refs(plan: Plan, ctx: Context) -> Iterator[Ref]:
    kpi_inputs = {*ctx.index.kpis, BUDGET_INPUT}
    for i, kpi in enumerate(plan.kpis):
        for name, value in (kpi.inputs or {}).items():
            if isinstance(value, ScopedSpend):
                yield from _scope_refs(("kpis", i, "inputs", name, "budget"), value.budget, ctx)
            else:
                yield ("kpis", i, "inputs", name), value, "KPI", kpi_inputs


def _objective_refs(index: PlanIndex) -> Iterator[Ref]:
    for at in index.objective_list:
        objective = at.objective
        if objective.kpi is not None:
            yield (*at.loc, "kpi"), objective.kpi, "KPI", index.kpis
        if objective.segment is not None:
            yield (*at.loc, "segment"), objective.segment, "segment", index.segments
        for j, item in enumerate(objective.addresses):
            yield (*at.loc, "addresses", j), item, "audit item", index.audit_items


def _action_refs(plan: Plan, index: PlanIndex) -> Iterator[Ref]:
    for i, action in enumerate(plan.actions):
        yield ("actions", i, "objective"), action.objective, "objective", index.objectives
        if action.owner is not None:
            yield ("actions", i, "owner"), action.owner, "team member", index.team
        if action.segment is not None:
            yield ("actions", i, "segment"), action.segment, "segment", index.segments


def _category_refs(plan: Plan) -> Iterator[Ref]:
    """A line's category, once the plan names its categories: a typo would otherwise make a
    category of its own in every breakdown."""
    assert plan.budget is not None
    named = {category.id for category in plan.budget.categories}
    if not named:
        return
    for i, line in enumerate(plan.budget.lines):
        if line.category is not None:
            yield ("budget", "lines", i, "category"), line.category, "budget category", named


def _scenario_refs(plan: Plan, index: PlanIndex) -> Iterator[Ref]:
    """The ids a scenario changes: budget lines, objectives, and currencies the plan has a
    rate for (a rate for another changes no figure)."""
    rates = set(plan.plan.exchange_rates)
    for i, scenario in enumerate(plan.scenarios):
        for key, kind, known in (
            ("lines", "budget line", index.lines),
            ("targets", "objective", index.objectives),
            ("exchange_rates", "exchange rate", rates),
        ):
            for value in getattr(scenario, key):
                yield ("scenarios", i, key, value), value, kind, known


def _scope_refs(loc: Loc, scope: Scope, ctx: Context) -> Iterator[Ref]:
    """The ids a spend scope names: lines, objectives, and categories (those the plan's lines
    have: a category no line has would make the scope count nothing)."""
    index = ctx.index
    lines = ctx.plan.budget.lines if ctx.plan.budget else []
    categories = {line.category for line in lines if line.category is not None}
    for key, values, kind, known in (
        ("lines", scope.lines, "budget line", index.lines),
        ("objective", scope.objective, "objective", index.objectives),
        ("category", scope.category, "budget category", categories),
    ):
        # One value may be written without a list: the finding then points at it.
        listed = isinstance(_node(ctx, (*loc, key)), list)
        for j, value in enumerate(values or []):
            yield ((*loc, key, j) if listed else (*loc, key)), value, kind, known


def _node(ctx: Context, loc: Loc) -> object:
    node: Any = ctx.loaded.doc.data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


_SUGGESTIONS = 50


def _sample(known: Collection[str]) -> str:
    shown = heapq.nsmallest(6, known)
    return ", ".join(shown) + (", …" if len(known) > len(shown) else "")


_KINDS = {
    "KPI": (N_("no KPI has the id '{id}': {hint}"), N_("the plan defines no KPI yet")),
    "budget line": (
        N_("no budget line has the id '{id}': {hint}"),
        N_("the plan defines no budget line yet"),
    ),
    "team member": (
        N_("no team member has the id '{id}': {hint}"),
        N_("the plan defines no team member yet"),
    ),
    "action": (N_("no action has the id '{id}': {hint}"), N_("the plan defines no action yet")),
    "objective": (
        N_("no objective has the id '{id}': {hint}"),
        N_("the plan defines no objective yet"),
    ),
    "segment": (
        N_("no segment has the id '{id}': {hint}"),
        N_("the plan defines no segment yet"),
    ),
    "audit item": (
        N_("no audit item has the id '{id}': {hint}"),
        N_("the plan defines no audit item yet"),
    ),
    "exchange rate": (
        N_("no exchange rate has the id '{id}': {hint}"),
        N_("the plan defines no exchange rate yet"),
    ),
    "budget category": (
        N_("no budget category has the id '{id}': {hint}"),
        N_("the plan defines no budget category yet"),
    ),
}
"""What is said of an unknown id, by the kind of item it names; and when there is none."""


def _message(
    kind: str, value: str, known: Collection[str], sample: str, *, suggest: bool
) -> Message:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6) if suggest else []
    unknown, none_yet = _KINDS[kind]
    if close:
        hint = say("did you mean '{id}'?", id=close[0])
    elif not known:
        hint = Message(none_yet)
    else:
        hint = say("defined ones are {ids}", ids=sample)
    if kind == "audit item":
        hint = say(
            "{hint} (an audit item has an id when written as {{id, text}} in swot or pestel)",
            hint=hint,
        )
    return Message(unknown, (("id", value), ("hint", hint)))
