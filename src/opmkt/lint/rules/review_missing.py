"""No review (bilan) of the previous period, or a review that names no practice.

An operational plan is short-term and renewed every year from the review of the last one: the
practices that bore fruit and can be recycled (`keep`), those that did not work and must be
abandoned (`drop`), and the adjustments to make (`adjust`). Keeping only the winning techniques
is how the next plan gets better than the last; a plan written without that review repeats last
year's mistakes. A first plan has no previous period to review, so this is only information.

Decisions where the plan format is silent:

- With no `review` section (or `review:` left with no value), one finding on line 1 (or on that
  `review:`), as for every plan-wide finding.
- A `review` written that names no practice in `keep`, `drop` or `adjust` (only a period, empty
  lists, or items whose `practice` is blank) is no review either: one finding on the `review`
  section. A review that fills only some of the three lists passes: a year may well end with
  nothing to drop.

Passes::

    review:
      period: {start: 2026-01-01, end: 2026-12-31}
      keep:
        - practice: Loyalty card
          evidence: 38 % of weekday sales

Fails (2:3, nothing kept, dropped or adjusted)::

    review:
      period: {start: 2026-01-01, end: 2026-12-31}
      keep: []
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Message, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "review-missing"
SUMMARY = N_("no review of the previous period, or one that names no practice")
DEFAULT_SEVERITY = Severity.INFO


def _lists() -> Message:
    return say(
        "keep (practices that worked), drop (practices to abandon) and adjust (changes to make)"
    )


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    review = plan.review
    if review is None:
        yield ctx.section_finding(
            ID,
            DEFAULT_SEVERITY,
            say(
                "the plan has no review of the previous period: add review with {lists}",
                lists=_lists(),
            ),
            "review",
        )
        return
    practices = [item.practice for item in (*review.keep, *review.drop)]
    practices += [item.practice for item in review.adjust]
    if not any(practice.strip() for practice in practices):
        yield ctx.finding(
            ID,
            DEFAULT_SEVERITY,
            say("the review names no practice: list at least one under {lists}", lists=_lists()),
            ("review",),
        )
