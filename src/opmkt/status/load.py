"""A plan's results as `opmkt status` shows them: the plan, and its actuals file when there is
one (the one given, else actuals.yaml beside the plan)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from opmkt.plan.lines import outside_note
from opmkt.plan.loader import refuse_other_plan, require, require_plan
from opmkt.plan.model import Plan
from opmkt.status.compute import Status, status
from opmkt.status.original import original


def plan_results(
    plan_path: Path,
    actuals_path: Path | None,
    as_of: dt.date,
    note: Callable[[str], None],
    baseline: str | None = None,
) -> tuple[Plan, Status]:
    """The plan and its results as of `as_of`, beside the `baseline` version of the plan (a
    file or `REV:path` in git) when given. A file that does not load raises (see
    `plan.loader.require`); what the figures leave out, or no actuals yet, is told to `note`
    as soon as it is known."""
    plan = require_plan(plan_path, str(plan_path))
    first = None
    if baseline is not None:
        from opmkt.diff.compare import require_side

        first = original(plan, require_side(baseline), baseline)
    outside = outside_note(plan, str(plan_path))
    if outside is not None:
        note(outside)
    source = actuals_path if actuals_path is not None else plan_path.parent / "actuals.yaml"
    results = None
    if actuals_path is not None or source.exists():
        results = require(source, str(source), kind="actuals").actuals
        assert results is not None  # require raises otherwise
        refuse_other_plan(source, str(source), results.plan, plan_path)
    else:
        note(f"note: no {source}: nothing is recorded yet (opmkt track adds it)")
    state = status(plan, results, as_of)
    state.original = first
    return plan, state
