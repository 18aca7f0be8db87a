"""The report as one document: its inputs loaded, its view built, rendered in one format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from opmkt.report.build import build_view, load_inputs
from opmkt.report.outputs import FORMATS


def document(
    plan: Path,
    actuals: Path | None,
    *,
    as_of: dt.date,
    locale: str | None,
    output_format: str,
    template_dir: Path | None,
) -> str:
    """The text of the report on `plan` (and its actuals, see `load_inputs`) as of a day."""
    inputs = load_inputs(plan, actuals)
    view = build_view(inputs, as_of=as_of, locale=locale, output_format=output_format)
    return FORMATS.renderer(output_format)(view, output_format, template_dir)
