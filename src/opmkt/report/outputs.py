"""`opmkt report`'s output formats: one entry each, a template `report.<name>.j2` rendered by
the renderer, imported when chosen."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from opmkt.io.outputs import Formats, OutputFormat


class ReportRenderer(Protocol):
    """(the prepared view, the format's name, the user's template folder) -> the document."""

    def __call__(
        self, view: Any, output_format: str, template_dir: Path | None = None
    ) -> str | bytes: ...


FORMATS: Formats[ReportRenderer] = Formats(
    OutputFormat("md", "opmkt.report.build:render", suffixes=("md", "markdown")),
    OutputFormat("html", "opmkt.report.build:render", suffixes=("html", "htm")),
    OutputFormat("pdf", "opmkt.report.build:render_pdf_view", suffixes=("pdf",)),
)


def format_for(name: str | None, output: Path | None) -> str:
    """The format asked for, or the output file's extension, or HTML."""
    if name is not None:
        return name
    found = FORMATS.for_suffix(output.suffix) if output is not None else None
    return found or "html"
