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
    audience: str | None = None,
) -> str:
    """The text of the report on `plan` (and its actuals, see `load_inputs`) as of a day,
    for an audience (`client` or `team`; default: the plan's)."""
    inputs = load_inputs(plan, actuals)
    view = build_view(
        inputs, as_of=as_of, locale=locale, output_format=output_format, audience=audience
    )
    return FORMATS.renderer(output_format)(view, output_format, template_dir)
