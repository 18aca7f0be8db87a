"""`opmkt budget`'s output formats: one entry each, its renderer imported when chosen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from opmkt.io.outputs import Formats, OutputFormat

if TYPE_CHECKING:
    from opmkt.budget.rollup import Rollup


class BudgetRenderer(Protocol):
    """(each plan's roll-up, all of them together or None, the dimension, colour) -> output."""

    def __call__(
        self, plans: Sequence[Rollup], combined: Rollup | None, by: str, *, color: bool
    ) -> str | bytes: ...


FORMATS: Formats[BudgetRenderer] = Formats(
    OutputFormat("table", "opmkt.budget.table:render"),
    OutputFormat("json", "opmkt.budget.export:render_json"),
    OutputFormat("csv", "opmkt.budget.export:render_csv"),
    OutputFormat("markdown", "opmkt.budget.export:render_markdown"),
    OutputFormat("xlsx", "opmkt.budget.xlsx:render", binary=True),
)


def shown(plans: Sequence[Rollup], combined: Rollup | None) -> list[Rollup]:
    """The roll-ups a view shows one after the other: each plan's, then all together."""
    return [*plans, *([combined] if combined is not None else [])]
