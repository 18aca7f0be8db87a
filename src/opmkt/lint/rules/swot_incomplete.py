"""A SWOT quadrant (strengths, weaknesses, opportunities, threats) is missing or empty.

The method takes stock of the business's performance through a SWOT analysis as part of the
audit: strengths and weaknesses (inside the business), opportunities and threats (around it).
Objectives are then set against it: a plan that lists no weaknesses has nothing to correct, one
with no threats does not prepare for the competitor opening down the street. Each quadrant is
expected; a quadrant that was honestly found empty is rare enough to be said out loud, by
silencing the finding on its line (`# opmkt: ignore[swot-incomplete]`).

Decisions where the plan format is silent:

- A quadrant is empty when it is not written, written as `[]`, or holds only blank texts.
  The finding points at the quadrant's list when it is written, else at the `swot` mapping.
- With no `swot` at all, one finding names the four quadrants, on the `audit` section (or on
  line 1 when there is no audit either).

Passes::

    audit:
      swot:
        strengths: [Local organic flour]
        weaknesses: [No online ordering]
        opportunities: [600 new homes nearby]
        threats: [A franchise opening 300 m away]

Fails (3:5, no opportunities; 5:14, threats is empty)::

    audit:
      swot:
        strengths: [Local organic flour]
        weaknesses: [No online ordering]
        threats: []
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from opmkt.findings import Finding, Listed, Message, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import AuditEntry, Pestel, Plan, Swot

ID = "swot-incomplete"
SUMMARY = N_("a SWOT quadrant (strengths, weaknesses, opportunities, threats) is missing or empty")
DEFAULT_SEVERITY = Severity.WARNING

_QUADRANTS = ("strengths", "weaknesses", "opportunities", "threats")


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    swot = plan.audit.swot if plan.audit is not None else None
    yield from empty_lists(
        ctx,
        ID,
        DEFAULT_SEVERITY,
        "swot",
        swot,
        _QUADRANTS,
        {
            "holds only blank items": say(
                "SWOT quadrant '{name}' holds only blank items: add what the analysis found, "
                "each a text or {{id, text}} for objectives to address"
            ),
            "is empty": say(
                "SWOT quadrant '{name}' is empty: add what the analysis found, each a text or "
                "{{id, text}} for objectives to address"
            ),
            "is missing": say(
                "SWOT quadrant '{name}' is missing: add what the analysis found, each a text or "
                "{{id, text}} for objectives to address"
            ),
        },
    )


def empty_lists(
    ctx: Context,
    rule: str,
    severity: Severity,
    analysis: str,
    section: Swot | Pestel | None,
    names: Sequence[str],
    said: dict[str, Message],
) -> Iterator[Finding]:
    """Findings for the empty lists of an audit analysis (SWOT or PESTEL), or for its absence;
    `said` is the message for a list in each state, its `{name}` to fill."""
    if section is None:
        message = say(
            "the audit has no {analysis}: add audit.{key} with {names}",
            analysis=analysis.upper(),
            key=analysis,
            names=Listed(tuple(names)),
        )
        if ctx.has("audit"):
            # On the analysis if written (as nothing), else on the audit that should hold it.
            yield ctx.finding(rule, severity, message, ("audit", analysis))
        else:
            yield ctx.section_finding(rule, severity, message, "audit")
        return
    for name in names:
        items: list[str | AuditEntry] = getattr(section, name)
        if any(_text(item).strip() for item in items):
            continue
        loc = ("audit", analysis, name)
        if items:
            state = "holds only blank items"
        elif ctx.has(*loc):
            state = "is empty"
        else:
            state = "is missing"
        found = said[state]
        yield ctx.finding(rule, severity, Message(found.text, (("name", name),)), loc)


def _text(item: str | AuditEntry) -> str:
    return item.text if isinstance(item, AuditEntry) else item
