"""`opmkt diff`'s output formats: one entry each, its renderer imported when chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from opmkt.io.outputs import Formats, OutputFormat

if TYPE_CHECKING:
    from opmkt.diff.compare import PlanDiff


class DiffRenderer(Protocol):
    """(the changes between two plans, the locale to show them in) -> text."""

    def __call__(self, d: PlanDiff, locale: str | None = None) -> str: ...


FORMATS: Formats[DiffRenderer] = Formats(
    OutputFormat("text", "opmkt.diff.view:render_printable"),
    OutputFormat("json", "opmkt.diff.view:render_json"),
    OutputFormat("markdown", "opmkt.diff.view:render_markdown"),
)
