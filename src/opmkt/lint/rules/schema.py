"""A field has the wrong type, is missing, or is unknown.

Checked against the plan format (the JSON Schema `opmkt schema` prints): required fields,
types, allowed values, dates that exist in the calendar, money written as numbers (a quoted
`"1 200,50"` is refused with the number to write instead), and no unknown keys (with a "did
you mean" when one is close). Tags such as `!!python/object`, aliases that expand without
bound and nesting deeper than any plan needs are refused here too.

A schema error inside a list item (an action, an objective with its sub-objectives, a budget
line, a spend record) leaves that item out, and every other rule still checks the rest of the
file, so one run lists everything to fix; a reference to the item left out is not reported as
unknown. A schema error outside any list item (`plan.period`, `version`) stops the other
rules. A file with a schema error is checked, never used: the other commands refuse it.

At most 100 schema errors are listed for a file, the first in the order of the file; one more
`schema` finding, where the first of the others is, says how many follow: a list of 200,000
bad items gives 101 findings, not 200,000.

Passes::

    budget:
      lines:
        - id: B1
          label: Photo shoot
          amount: 800

Fails (5:19, the amount is text)::

    budget:
      lines:
        - id: B1
          label: Photo shoot
          amount: "800,00"
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "schema"
SUMMARY = N_("a field has the wrong type, is missing or is unknown")
DEFAULT_SEVERITY = Severity.ERROR


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """Found by the loader while it builds the plan's model."""
    return iter(())
