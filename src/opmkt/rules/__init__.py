"""The registry of validation rules: one module per rule id of the plan format."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from opmkt.context import Context
from opmkt.findings import Finding, Severity
from opmkt.model import Plan
from opmkt.rules import duplicate_id, duplicate_key, schema, syntax, unknown_reference


class Rule(Protocol):
    """What every rule module declares. Its docstring is its documentation."""

    ID: str
    SUMMARY: str
    DEFAULT_SEVERITY: Severity

    def check(self, plan: Plan, ctx: Context) -> Iterator[Finding]: ...


RULES: dict[str, Rule] = {
    m.ID: m for m in (syntax, duplicate_key, schema, duplicate_id, unknown_reference)
}

INTERNAL_ERROR = "internal-error"
"""The rule id of a finding that reports a crash of opmkt itself."""
