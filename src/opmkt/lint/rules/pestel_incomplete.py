"""A PESTEL factor (political, economic, social, technological, environmental, legal) is empty.

The method completes the audit with a PESTEL analysis of the environment outside the business:
political, economic, social, technological, environmental (écologique) and legal factors. It is
where the plan's opportunities and threats come from (a rising energy price, a new labelling
law, the spread of online ordering) and where objectives find their external reasons. A factor
left empty is more often a factor not looked at than one with nothing to say; since some
businesses honestly face no political factor, this is only information, and a factor found
empty on purpose can be silenced on its line (`# opmkt: ignore[pestel-incomplete]`).

Decisions where the plan format is silent (the same as `swot-incomplete`):

- A factor is empty when it is not written, written as `[]`, or holds only blank texts.
  The finding points at the factor's list when it is written, else at the `pestel` mapping.
- With no `pestel` at all, one finding names the six factors, on the `audit` section (or on
  line 1 when there is no audit either).

Passes::

    audit:
      pestel:
        political: [Town vouchers for local shops]
        economic: [Rising energy prices]
        social: [Return of home baking]
        technological: [Online ordering everywhere]
        environmental: [Short supply chains]
        legal: [Allergen labelling]

Fails (3:5, no social, technological, environmental or legal; 3:16, political is empty)::

    audit:
      pestel:
        political: []
        economic: [Rising energy prices]
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.lint.rules.swot_incomplete import empty_lists
from opmkt.plan.model import Plan

ID = "pestel-incomplete"
SUMMARY = N_("a PESTEL factor is missing or empty")
DEFAULT_SEVERITY = Severity.INFO

_FACTORS = ("political", "economic", "social", "technological", "environmental", "legal")


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    pestel = plan.audit.pestel if plan.audit is not None else None
    yield from empty_lists(
        ctx,
        ID,
        DEFAULT_SEVERITY,
        "pestel",
        pestel,
        _FACTORS,
        {
            "holds only blank items": say(
                "PESTEL factor '{name}' holds only blank items: add the factors of the "
                "environment that weigh on the business, each a text or {{id, text}} for "
                "objectives to address"
            ),
            "is empty": say(
                "PESTEL factor '{name}' is empty: add the factors of the environment that weigh "
                "on the business, each a text or {{id, text}} for objectives to address"
            ),
            "is missing": say(
                "PESTEL factor '{name}' is missing: add the factors of the environment that "
                "weigh on the business, each a text or {{id, text}} for objectives to address"
            ),
        },
    )
