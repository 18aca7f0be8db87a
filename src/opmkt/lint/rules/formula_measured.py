"""A measurement names a KPI that has a formula, which is computed and never measured.

A KPI with a `formula` (roi, cac, average_basket, conversion_rate) takes its value from its
`inputs`: other KPIs' measurements, or `budget` for the actual spend. `opmkt status` never reads a
measurement of it, so such a record is silently ignored, and the figure the author typed (often a
rate copied from an ad platform's dashboard) is not the one the report shows. One finding per
measurement, on its `kpi`, naming the inputs to measure instead; when the only inputs are the
spend, recording spend is the fix.

The examples are actuals files of a plan whose KPI `roi` has `formula: roi` and
`inputs: {revenue: ca, spend: budget}`.

Passes::

    version: 1
    plan: plan.yaml
    kpis:
      - {kpi: ca, date: 2027-03-31, value: 82000}
    spend:
      - {line: B1, date: 2027-02-14, amount: 780}

Fails (4:11, roi is computed from ca and the spend)::

    version: 1
    plan: plan.yaml
    kpis:
      - {kpi: roi, date: 2027-03-31, value: 240}
    spend:
      - {line: B1, date: 2027-02-14, amount: 780}
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Listed, Message, Severity, Value, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import BUDGET_INPUT, FORMULA_INPUTS, Kpi, Plan, ScopedSpend

ID = "formula-measured"
SUMMARY = N_("a measurement names a KPI that has a formula, which is computed and never measured")
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if ctx.actuals is None:
        return
    # What to say about each formula KPI, built once; the first definition of an id wins, as in
    # the plan's index (duplicate-id reports the others).
    explained: dict[str, Message] = {}
    seen: set[str] = set()
    for kpi in plan.kpis:
        if kpi.id not in seen:
            seen.add(kpi.id)
            if kpi.formula is not None:
                explained[kpi.id] = _explanation(kpi)
    for i, measurement in enumerate(ctx.actuals.kpis):
        explanation = explained.get(measurement.kpi)
        if explanation is not None:
            said = say(
                "measurement of '{kpi}' on {date} is ignored: {why}",
                kpi=measurement.kpi,
                date=str(measurement.date),
                why=explanation,
            )
            yield ctx.finding(ID, DEFAULT_SEVERITY, said, ("kpis", i, "kpi"))


def _explanation(kpi: Kpi) -> Message:
    assert kpi.formula is not None
    inputs = kpi.inputs or {}
    named: list[Value] = []
    to_measure: list[str] = []
    for name in FORMULA_INPUTS[kpi.formula]:
        source = inputs.get(name)
        if source is None:
            named.append(name)
        elif isinstance(source, ScopedSpend):
            named.append(
                say(
                    "{name} = {scope} (the spend records of those lines)",
                    name=name,
                    scope=source.describe(),
                )
            )
        elif source == BUDGET_INPUT:
            named.append(say("{name} = budget (the spend records)", name=name))
        else:
            named.append(f"{name} = '{source}'")
            if source not in to_measure:
                to_measure.append(source)
    quoted = Listed(tuple(f"'{source}'" for source in to_measure))
    fix = (
        say("measure {ids} instead", ids=quoted) if to_measure else say("record the spend instead")
    )
    return say(
        "KPI '{id}' has formula {formula}, so opmkt status computes it from {inputs} and never "
        "reads a measurement of it: {fix}, and remove this record",
        id=kpi.id,
        formula=kpi.formula,
        inputs=Listed(tuple(named)),
        fix=fix,
    )
