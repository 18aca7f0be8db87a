"""The file is not valid YAML.

Reported while loading, at the line and column where the YAML parser gave up, with what it
expected. A file that is not UTF-8 text, or a binary file, is reported here too. Nothing else
can be checked until it is fixed.

Passes::

    objectives:
      - id: O1
        title: Grow revenue by ten percent

Fails (1:9, the flow sequence is never closed)::

    steps: [Brief the agency, Shoot photos
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan

ID = "syntax"
SUMMARY = N_("the file is not valid YAML")
DEFAULT_SEVERITY = Severity.ERROR


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    """Found by the loader, before there is a plan to check."""
    return iter(())
