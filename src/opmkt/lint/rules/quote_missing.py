"""A line at or above the quote threshold has no received, accepted or waived quote.

The method budgets from vendor quotes: a large expense planned on a guess is how budgets
overrun. A line whose total (every occurrence, converted to the plan's currency) is at or above
`budget.quote_threshold` (default 1000, in the plan's currency) needs a quote that is
`received` or `accepted`, or one marked `waived` with its `reason` (media bought on an ad
platform has no vendor quote). A line with no `quote` is reported on the line; one whose quote is
only `requested` is reported on that quote's `status`. A line whose currency has no exchange
rate cannot be measured against the threshold, so it is skipped (`currency-rate-missing` names
it). Figures in the message are rounded to the currency's digits for display only.

Passes::

    budget:
      quote_threshold: 1000
      lines:
        - id: B1
          action: A1
          label: Spring flyers
          amount: 1200
          quote: {ref: D-2027-014, status: received, amount: 1200}

Fails (4:7, 4 × 300 = 1200 and no quote)::

    budget:
      quote_threshold: 1000
      lines:
        - id: B1
          action: A1
          label: Market stand
          amount: 300
          recurring: {every: quarter, from: 2027-01, to: 2027-12}
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Message, Severity
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan
from opmkt.plan.money import round_money

ID = "quote-missing"
SUMMARY = N_("a line at or above quote_threshold has no received, accepted or waived quote")
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if plan.budget is None:
        return
    threshold = plan.budget.quote_threshold
    code = plan.plan.currency
    for i, line in enumerate(plan.budget.lines):
        if line.quote is not None and line.quote.status != "requested":
            continue
        cost = ctx.line_costs[i]
        if cost is None or cost.total < threshold:
            continue
        loc: tuple[str | int, ...]
        values = {
            "id": line.id,
            "label": line.label,
            "total": f"{round_money(cost.total, code):f} {code}",
            "threshold": f"{round_money(threshold, code):f} {code}",
        }
        if line.quote is None:
            text = N_(
                "budget line '{id}' ({label}) totals {total}, at or above the quote threshold "
                "of {threshold}, and has no quote: ask a vendor for one and add quote: {{ref: "
                "<its reference>, status: received}}, or, when none is needed (media bought on "
                "an ad platform), quote: {{status: waived, reason: <why>}}"
            )
            loc = ("budget", "lines", i)
        else:
            values["ref"] = f" {line.quote.ref}" if line.quote.ref else ""
            text = N_(
                "budget line '{id}' ({label}) totals {total}, at or above the quote threshold "
                "of {threshold}, and its quote{ref} is only requested: set status: received "
                "once the vendor's quote is in"
            )
            loc = ("budget", "lines", i, "quote", "status")
        yield ctx.finding(ID, DEFAULT_SEVERITY, Message(text, tuple(values.items())), loc)
