"""The output formats of `opmkt validate` and `opmkt smart`: one entry each, its renderer
imported when chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from opmkt.io.outputs import Formats, OutputFormat

if TYPE_CHECKING:
    from opmkt.lint.formats import Formatter
    from opmkt.lint.smart import SmartRow

VALIDATE: Formats[Formatter] = Formats(
    OutputFormat("text", "opmkt.lint.formats:to_text"),
    OutputFormat("json", "opmkt.lint.formats:to_json"),
    OutputFormat("sarif", "opmkt.lint.sarif:to_sarif"),
    OutputFormat("github", "opmkt.lint.formats:to_github"),
    OutputFormat("junit", "opmkt.lint.formats:to_junit"),
    OutputFormat("gitlab", "opmkt.lint.gitlab:to_gitlab"),
    OutputFormat("markdown", "opmkt.lint.formats:to_markdown"),
    OutputFormat("auto", "opmkt.lint.formats:to_auto"),
)


class SmartRenderer(Protocol):
    """(every objective's SMART row, colour) -> text."""

    def __call__(self, rows: list[SmartRow], *, color: bool) -> str: ...


SMART: Formats[SmartRenderer] = Formats(
    OutputFormat("text", "opmkt.lint.smart_view:render_text"),
    OutputFormat("json", "opmkt.lint.smart_view:render_json"),
    OutputFormat("markdown", "opmkt.lint.smart_view:render_markdown"),
)
