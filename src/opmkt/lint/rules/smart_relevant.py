"""A top-level objective addresses no audit item.

The R of SMART: an objective is relevant when it answers what the audit found, an opportunity
to seize, a threat to meet, a strength to use or a weakness to fix. A sub-objective is relevant
through its parent; a top-level objective must say which SWOT or PESTEL items it answers with
`addresses`. An empty `addresses: []` is no answer. Whether the ids exist is
unknown-reference's concern: here, naming one is enough.

The message suggests some of the plan's audit item ids, or, when the audit has none, how to
give items an id (`{id, text}` in swot or pestel).

Passes::

    audit:
      swot:
        opportunities:
          - {id: opp-bio, text: Growing demand for organic bread}
    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
        addresses: [opp-bio]

Fails (2:5, no `addresses`)::

    objectives:
      - id: O1
        category: business
        title: Raise shop revenue by 10 %
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Message, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan
from opmkt.plan.walk import Loc

ID = "smart-relevant"
SUMMARY = N_("a top-level objective addresses no audit item")
DEFAULT_SEVERITY = Severity.WARNING

_SHOWN = 3


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    hint: Message | None = None
    for i, objective in enumerate(plan.objectives):
        if objective.addresses:
            continue
        if hint is None:
            hint = _hint(ctx)
        loc: Loc = ("objectives", i)
        if ctx.has(*loc, "addresses"):
            loc = (*loc, "addresses")
        message = say(
            "objective '{id}' addresses no audit item: {hint}", id=objective.id, hint=hint
        )
        yield ctx.finding(ID, DEFAULT_SEVERITY, message, loc)


def _hint(ctx: Context) -> Message:
    known = ctx.index.audit_items
    if not known:
        return say(
            "give the SWOT or PESTEL items it answers an id ({{id: opp-x, text: …}}) and list "
            "them in addresses: [opp-x]"
        )
    shown = sorted(known)[:_SHOWN]
    more = ", …" if len(known) > len(shown) else ""
    return say(
        "add addresses: [<ids of the SWOT or PESTEL items it answers>] (the audit has {ids})",
        ids=", ".join(shown) + more,
    )
