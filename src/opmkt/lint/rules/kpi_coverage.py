"""The plan has no financial indicator, or no performance indicator.

The method judges a plan's results on two kinds of indicators, and needs both. Financial ones
measure profitability and the return on the money spent (revenue, ROI, customer acquisition cost,
average basket): without one, nobody can tell whether the budget paid for itself. Performance
ones measure how well the tools and actions work (conversion rate, website traffic, footfall,
followers): without one, a bad year cannot be traced to the action that failed, and nothing can
be corrected quickly. Tracking both regularly is what lets the next plan keep the techniques
that work and drop the others.

Decisions where the plan format is silent:

- One finding per missing kind, so that a plan with no KPI at all gets two; both point at the
  `kpis` section, or at line 1 when it is absent.
- A KPI computed by a `formula` counts for its `kind` like a measured one.

Passes::

    kpis:
      - {id: revenue, name: Revenue, kind: financial, unit: EUR}
      - {id: visits, name: Monthly website visits, kind: performance, unit: visits}

Fails (2:3, no performance indicator)::

    kpis:
      - {id: revenue, name: Revenue, kind: financial, unit: EUR}
      - {id: roi, name: Marketing ROI, kind: financial, unit: "%"}
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Message, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "kpi-coverage"
SUMMARY = N_("the plan has no financial or no performance indicator")
DEFAULT_SEVERITY = Severity.WARNING

_KINDS: tuple[tuple[str, Message], ...] = (
    (
        "financial",
        say(
            "the plan has no financial indicator: add a KPI with kind: financial to measure "
            "profitability and return on investment, such as revenue, or formula: roi"
        ),
    ),
    (
        "performance",
        say(
            "the plan has no performance indicator: add a KPI with kind: performance to measure "
            "how well the actions work, such as website visits, footfall, or formula: "
            "conversion_rate"
        ),
    ),
)


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    kinds = {kpi.kind for kpi in plan.kpis}
    for kind, message in _KINDS:
        if kind not in kinds:
            yield ctx.section_finding(ID, DEFAULT_SEVERITY, message, "kpis")
