"""The plan as first approved, beside the plan as revised: `opmkt status --baseline` and
`opmkt budget --baseline` read it from git (`REV:plan.yaml`) or a file, and show each line's
original planned total and each objective's original target beside the revised ones.

A line or objective the baseline does not have has no original figure (`null`, `—`): it was
added since. Amounts are compared in the plan's currency; a baseline in another currency is
refused, since no rate says what its amounts are worth now.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from opmkt.budget.together import same_currency
from opmkt.plan.lines import line_cost
from opmkt.plan.model import Plan
from opmkt.plan.money import exact_sum
from opmkt.plan.walk import walk_objectives


@dataclass(frozen=True)
class Original:
    """What the baseline planned: each line's total in the plan's currency, each objective's
    target (None: it had none), and where it was read from."""

    source: str
    lines: dict[str, Decimal]
    targets: dict[str, Decimal | None]

    @property
    def planned(self) -> Decimal:
        return exact_sum(self.lines.values())


def original(plan: Plan, baseline: Plan, source: str) -> Original:
    """The baseline's figures, to show beside `plan`'s."""
    same_currency(plan.plan.currency, baseline, source)
    lines: dict[str, Decimal] = {}
    for line in baseline.budget.lines if baseline.budget else []:
        cost = line_cost(baseline, line)
        # A duplicated id: validate reports it; the first line is the one compared.
        if cost is not None and line.id not in lines:
            lines[line.id] = cost.total
    targets: dict[str, Decimal | None] = {}
    for at in walk_objectives(baseline):
        targets.setdefault(at.objective.id, at.objective.target)
    return Original(source, lines, targets)
