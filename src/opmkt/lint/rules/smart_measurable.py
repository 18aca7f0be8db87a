"""An objective has no `kpi` or no numeric `target`; with both but no `baseline`: info.

The M of SMART: an objective is measurable when an indicator says where it stands (`kpi`) and
a number says where it should end (`target`). Without them, nobody can tell at the review
whether it was reached. A missing `baseline` is reported too, as info: the objective can be
judged at the end, but its progress along the way (`opmkt status`) and the size of its
ambition (smart-achievable) cannot. Every objective is checked, at every depth, parents too:
a parent's figure is what its sub-objectives add up to.

One finding per objective: when the kpi or the target is missing, the warning also asks for
the baseline if that is missing too, rather than adding an info finding beside it.

Passes::

    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
        kpi: ca
        baseline: 310000
        target: 340000

Fails (2:5, no target)::

    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
        kpi: ca
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Listed, Severity, Value, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "smart-measurable"
SUMMARY = N_("objective has no kpi or no numeric target (no baseline: info)")
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    for at in ctx.index.objective_list:
        objective = at.objective
        kpi: Value = f"'{objective.kpi}'" if objective.kpi is not None else say("its KPI")
        baseline = say("baseline: <the value of {kpi} at the start>", kpi=kpi)
        if objective.kpi is not None and objective.target is not None:
            if objective.baseline is None:
                message = say(
                    "objective '{id}' has no baseline: add {baseline}, so that its progress "
                    "and the size of its target can be judged",
                    id=objective.id,
                    baseline=baseline,
                )
                yield ctx.finding(ID, Severity.INFO, message, at.loc)
            continue
        wanted: list[Value] = []
        if objective.kpi is None:
            wanted.append(say("kpi: <the id of the KPI that measures it>"))
        if objective.target is None:
            wanted.append(say("target: <the value of {kpi} to reach>", kpi=kpi))
        if objective.baseline is None:
            wanted.append(baseline)
        add = Listed(tuple(wanted), ", ")
        if objective.kpi is None and objective.target is None:
            said = say(
                "objective '{id}' has no kpi and no target: add {add}", id=objective.id, add=add
            )
        elif objective.kpi is None:
            said = say("objective '{id}' has no kpi: add {add}", id=objective.id, add=add)
        else:
            said = say("objective '{id}' has no target: add {add}", id=objective.id, add=add)
        yield ctx.finding(ID, DEFAULT_SEVERITY, said, at.loc)
