"""The report as one document: its inputs loaded, its view built, rendered in one format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from opmkt.plan.model import Plan
from opmkt.report.build import build_view, load_inputs, render_pdf_view
from opmkt.report.identity import today
from opmkt.report.outputs import FORMATS


def document(
    plan: Path,
    actuals: Path | None,
    *,
    as_of: dt.date | None,
    locale: str | None,
    output_format: str,
    template_dir: Path | None,
    audience: str | None = None,
    paper: str | None = None,
    baseline: str | None = None,
    scenario: str | None = None,
) -> str | bytes:
    """The report on `plan` (and its actuals, see `load_inputs`) as of a day (default:
    today, see `identity.today`), for an audience (`client` or `team`; default: the
    plan's): text, or a PDF's bytes on `paper` (a4 or letter; default: the locale's). With
    `baseline` (a file or `REV:path` in git), the summary shows the plan as first approved
    beside it; with `scenario`, the plan as one of its scenarios supposes it."""
    inputs = load_inputs(plan, actuals)
    if scenario is not None:
        inputs.plan = _scenario(inputs.plan, scenario)
    if baseline is not None:
        from opmkt.diff.compare import require_side
        from opmkt.status.original import original

        inputs.original = original(inputs.plan, require_side(baseline), baseline)
    page = "html" if output_format == "pdf" else output_format
    view = build_view(
        inputs,
        as_of=as_of or today(),
        locale=locale,
        output_format=page,
        audience=audience,
        written_today=as_of is None,
    )
    if output_format == "pdf" and paper is not None:
        return render_pdf_view(view, output_format, template_dir, paper=paper)
    return FORMATS.renderer(output_format)(view, output_format, template_dir)


def _scenario(plan: Plan, name: str) -> Plan:
    """The plan in one of its scenarios: a report tells one story, never all of them."""
    from opmkt.errors import BadValue
    from opmkt.plan.scenarios import ALL, with_scenario

    if name == ALL:
        from opmkt.findings import say

        raise BadValue(say("a report shows one scenario: give its name, or base"), "--scenario")
    return with_scenario(plan, name)
