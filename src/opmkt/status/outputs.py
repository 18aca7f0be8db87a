"""`opmkt status`'s output formats: one entry each, its renderer imported when chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from opmkt.io.outputs import Formats, OutputFormat

if TYPE_CHECKING:
    from opmkt.status.compute import Status


class StatusRenderer(Protocol):
    """(the results as of a day, the locale to show them in, colour) -> text."""

    def __call__(self, state: Status, locale: str | None, *, color: bool) -> str: ...


FORMATS: Formats[StatusRenderer] = Formats(
    OutputFormat("text", "opmkt.status.view:render_text"),
    OutputFormat("json", "opmkt.status.view:render_json"),
    OutputFormat("markdown", "opmkt.status.view:render_markdown"),
)
