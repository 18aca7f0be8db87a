"""A plan's results as `opmkt status` shows them: the plan, and its actuals file when there is
one (the one given, else actuals.yaml beside the plan)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from opmkt.i18n import _
from opmkt.plan.lines import outside_note
from opmkt.plan.loader import refuse_other_plan, require, require_plan
from opmkt.plan.model import Actuals, Plan
from opmkt.plan.scenarios import scenario_names, with_scenario
from opmkt.status.compute import Status, status
from opmkt.status.original import original


def plan_results(
    plan_path: Path,
    actuals_path: Path | None,
    as_of: dt.date,
    note: Callable[[str], None],
    baseline: str | None = None,
    scenario: str | None = None,
) -> tuple[Plan, Status]:
    """The plan and its results as of `as_of`, beside the `baseline` version of the plan (a
    file or `REV:path` in git) when given. A file that does not load raises (see
    `plan.loader.require`); what the figures leave out, or no actuals yet, is told to `note`
    as soon as it is known. With `scenario`, the plan as that scenario supposes it."""
    plan = require_plan(plan_path, str(plan_path))
    if scenario is not None:
        plan = with_scenario(plan, scenario)
    first = None
    if baseline is not None:
        from opmkt.diff.compare import require_side

        first = original(plan, require_side(baseline), baseline)
    state = status(plan, _actuals(plan, plan_path, actuals_path, note), as_of)
    state.original = first
    return plan, state


def scenario_results(
    plan_path: Path, actuals_path: Path | None, as_of: dt.date, note: Callable[[str], None]
) -> tuple[Plan, list[tuple[str, Status]]]:
    """The plan and its results in each of its scenarios, `base` first (see `plan_results`)."""
    plan = require_plan(plan_path, str(plan_path))
    results = _actuals(plan, plan_path, actuals_path, note)
    states = [
        (name, status(with_scenario(plan, name), results, as_of)) for name in scenario_names(plan)
    ]
    return plan, states


def _actuals(
    plan: Plan, plan_path: Path, actuals_path: Path | None, note: Callable[[str], None]
) -> Actuals | None:
    """The plan's actuals file, the one given or the one beside it; None when there is none."""
    outside = outside_note(plan, str(plan_path))
    if outside is not None:
        note(outside)
    source = actuals_path if actuals_path is not None else plan_path.parent / "actuals.yaml"
    if actuals_path is None and not source.exists():
        said = _("no {file}: nothing is recorded yet (opmkt track adds it)")
        note(f"note: {said.format(file=source)}")
        return None
    results = require(source, str(source), kind="actuals").actuals
    assert results is not None  # require raises otherwise
    refuse_other_plan(source, str(source), results.plan, plan_path)
    return results
