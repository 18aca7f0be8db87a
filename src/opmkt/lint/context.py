"""What rules see: the loaded file, its plan, and an index of the plan's ids built once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from opmkt.findings import Finding, Message, Severity
from opmkt.plan import lines as budget
from opmkt.plan.lines import LineCost
from opmkt.plan.loader import Loaded
from opmkt.plan.model import Actuals, Plan
from opmkt.plan.walk import PlanIndex


@dataclass
class Context:
    """One file under validation. For an actuals file, `plan` is the plan it tracks."""

    loaded: Loaded
    plan: Plan
    actuals: Actuals | None = None

    @cached_property
    def index(self) -> PlanIndex:
        return PlanIndex.build(self.plan)

    @cached_property
    def line_costs(self) -> list[LineCost | None]:
        """Each budget line's exact cost in the plan's currency, in the order of the lines,
        computed once; None for a line whose currency has no exchange rate."""
        lines = self.plan.budget.lines if self.plan.budget else []
        return [budget.line_cost(self.plan, line) for line in lines]

    def finding(
        self,
        rule: str,
        severity: Severity,
        message: str | Message,
        loc: Sequence[str | int],
        *,
        at_key: bool = False,
    ) -> Finding:
        return self.loaded.finding(rule, message, loc, severity=severity, at_key=at_key)

    def has(self, *loc: str | int) -> bool:
        """Whether the file itself writes this place (a default filled by the model does not)."""
        node = self.loaded.doc.data
        for part in self.loaded.original(loc):
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return False
        return True

    def section_finding(
        self, rule: str, severity: Severity, message: str | Message, *loc: str | int
    ) -> Finding:
        """A finding on a section, or on line 1 when the file does not have that section."""
        if loc and self.has(*loc):
            return self.finding(rule, severity, message, loc)
        if isinstance(message, Message):
            return Finding(rule, severity, message.told("en"), self.loaded.file, 1, 1, "", message)
        return Finding(rule, severity, message, self.loaded.file, 1, 1, "")
