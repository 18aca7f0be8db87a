"""A mapping has the same key twice.

YAML forbids it, and most tools silently keep one of the two values, so an edit can vanish
without a trace. opmkt reports the second occurrence and keeps the first value.

Passes::

    plan:
      name: Plan 2027
      currency: EUR

Fails (3:3, `name` again)::

    plan:
      name: Plan 2027
      name: Plan 2028
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "duplicate-key"
SUMMARY = N_("a mapping has the same key twice")
DEFAULT_SEVERITY = Severity.ERROR


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """Found by the loader, which sees keys before they are merged into a mapping."""
    return iter(())
