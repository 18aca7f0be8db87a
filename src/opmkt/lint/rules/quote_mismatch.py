"""A received or accepted quote's amount differs from its line's total.

A quote is for the whole line: all its occurrences, in the line's currency. When the vendor's
figure and the line disagree, one of them is wrong: the budget plans money the vendor will not
bill, or commits less than it will cost (`opmkt status` commits an accepted quote's amount).
A `received` or `accepted` quote with an `amount` is compared with the line's total (its
`amount`, or `quantity` × `unit_cost`, times its occurrences within the plan period, as every
figure counts them), exactly, in the line's currency;
the finding points at the quote's `amount`. A `requested` quote is not in yet, and a `waived`
one has no vendor figure. Figures in the message are rounded to the currency's digits for
display only.

Passes::

    budget:
      lines:
        - id: B1
          action: A1
          label: Newsletter tool
          amount: 120
          recurring: {every: quarter, from: 2027-01, to: 2027-12}
          quote: {ref: NL-7, status: accepted, amount: 480}

Fails (7:55, the quote is 6200 and the line 6500)::

    budget:
      lines:
        - id: B1
          action: A1
          label: Trade fair stand
          amount: 6500
          quote: {ref: TF-2027, status: accepted, amount: 6200}
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from opmkt.findings import Finding, Message, Severity
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.lines import occurrence_count
from opmkt.plan.model import Plan
from opmkt.plan.money import multiply, round_money

ID = "quote-mismatch"
SUMMARY = N_("a received or accepted quote's amount differs from its line's total")
DEFAULT_SEVERITY = Severity.WARNING


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    if plan.budget is None:
        return
    for i, line in enumerate(plan.budget.lines):
        quote = line.quote
        if quote is None or quote.amount is None or quote.status not in ("received", "accepted"):
            continue
        count = occurrence_count(line, plan.plan.period)
        total = line.unit_amount if count == 1 else multiply(line.unit_amount, Decimal(count))
        if quote.amount == total:
            continue
        code = line.currency or plan.plan.currency
        ref = f" {quote.ref}" if quote.ref else ""
        times = f" ({count} × {round_money(line.unit_amount, code):f})" if count > 1 else ""
        text = (
            N_(
                "budget line '{id}' ({label}) totals {total}{times}, but its received quote{ref} "
                "is {quoted}: change the line to what the vendor quotes, or correct the quote's "
                "amount (it is for the whole line, all occurrences, in the line's currency)"
            )
            if quote.status == "received"
            else N_(
                "budget line '{id}' ({label}) totals {total}{times}, but its accepted quote{ref} "
                "is {quoted}: change the line to what the vendor quotes, or correct the quote's "
                "amount (it is for the whole line, all occurrences, in the line's currency)"
            )
        )
        values = {
            "id": line.id,
            "label": line.label,
            "total": f"{round_money(total, code):f} {code}",
            "times": times,
            "ref": ref,
            "quoted": f"{round_money(quote.amount, code):f} {code}",
        }
        loc = ("budget", "lines", i, "quote", "amount")
        yield ctx.finding(ID, DEFAULT_SEVERITY, Message(text, tuple(values.items())), loc)
