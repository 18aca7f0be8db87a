"""A measurement or spend record is dated outside the plan's period.

An actuals file tracks one plan, and that plan covers `plan.period`. Tracking trusts the dates:
a spend record dated before the period or after it still counts in this plan's actual spend (and
shows under a month the plan does not cover), and a measurement dated after the period becomes
the indicator's latest value, on which every objective is judged. Such a record is almost always
a typo in the year or a record that belongs to the previous or next plan's actuals. One finding
per record, on its `date`. Both ends of the period are inside it. `opmkt track` refuses to
record such a date (by hand or imported) unless told with `--outside-period`; this rule finds
those recorded so, or written by hand.

A measurement dated before the period is reported too, even when it is meant as the starting
value: the value at the start belongs in the objective's `baseline`, which is what progress is
measured from; as a measurement it would stand as the indicator's current value until a later one
arrives.

The examples are actuals files of a plan whose period is 2027-01-01..2027-12-31.

Passes::

    version: 1
    plan: plan.yaml
    kpis:
      - {kpi: ca, date: 2027-12-31, value: 338000}
    spend:
      - {line: B1, date: 2027-01-01, amount: 780}

Fails (6:22, the invoice is dated in 2028)::

    version: 1
    plan: plan.yaml
    kpis:
      - {kpi: ca, date: 2027-12-31, value: 338000}
    spend:
      - {line: B1, date: 2028-01-15, amount: 780}
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Message, Severity
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "actuals-outside-period"
SUMMARY = N_("a measurement or spend record is dated outside the plan's period")
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if ctx.actuals is None:
        return
    period = plan.plan.period
    start, end = period.start, period.end
    span = f"{start}..{end}"
    for i, spend in enumerate(ctx.actuals.spend):
        if spend.date < start:
            text = N_(
                "spend record for '{id}' on {date} is before the plan period {period}, yet status "
                "would count it in this plan's actual spend: correct its date, or move it to the "
                "actuals of the previous plan"
            )
        elif spend.date > end:
            text = N_(
                "spend record for '{id}' on {date} is after the plan period {period}, yet status "
                "would count it in this plan's actual spend: correct its date, or move it to the "
                "actuals of the next plan"
            )
        else:
            continue
        said = Message(text, (("id", spend.line), ("date", str(spend.date)), ("period", span)))
        yield ctx.finding(ID, DEFAULT_SEVERITY, said, ("spend", i, "date"))
    for i, measurement in enumerate(ctx.actuals.kpis):
        if measurement.date < start:
            text = N_(
                "measurement of '{id}' on {date} is before the plan period {period}, yet status "
                "would take it as the indicator's value until a later measurement: put a "
                "starting value in the objective's baseline instead, or correct its date"
            )
        elif measurement.date > end:
            text = N_(
                "measurement of '{id}' on {date} is after the plan period {period}, yet status "
                "would judge the objectives on it: correct its date, or move it to the actuals "
                "of the next plan"
            )
        else:
            continue
        values = (("id", measurement.kpi), ("date", str(measurement.date)), ("period", span))
        yield ctx.finding(ID, DEFAULT_SEVERITY, Message(text, values), ("kpis", i, "date"))
