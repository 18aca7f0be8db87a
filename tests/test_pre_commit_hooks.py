"""The pre-commit hooks pick plans and actuals files by name and leave every other YAML alone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import MINIMAL_PLAN, ROOT, run_installed

WORKFLOW = """\
name: plan
on: [push]
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - run:   echo "not a plan"
"""


def _hooks() -> dict[str, dict[str, Any]]:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    return {hook["id"]: hook for hook in YAML(typ="safe").load(text)}


def _picks(hook: dict[str, Any], path: str) -> bool:
    """Whether pre-commit hands this repository path to the hook (`files`, then `exclude`)."""
    return bool(re.search(hook["files"], path)) and not (
        "exclude" in hook and re.search(hook["exclude"], path)
    )


@pytest.mark.parametrize("hook_id", ["opmkt-validate", "opmkt-fmt"])
def test_hooks_pick_plans_and_actuals_files_by_name(hook_id: str) -> None:
    hook = _hooks()[hook_id]
    for path in (
        "plan.yaml",
        "actuals.yml",
        "plans/2027/plan.yaml",
        "plan-2027.yaml",
        "clients/dupont/plan_q1.yml",
        "actuals.2027.yaml",
    ):
        assert _picks(hook, path), path
    for path in (
        ".github/workflows/plan.yml",
        "sub/.github/workflows/actuals.yaml",
        "planning.yaml",
        "plan.yaml.bak",
        "docs/plans.md",
        "airplane.yaml",
    ):
        assert not _picks(hook, path), path


def _run_entry(hook: dict[str, Any], *files: Path, cwd: Path) -> Any:
    command, *options = hook["entry"].split()
    assert command == "opmkt"
    return run_installed(*options, *files, cwd=cwd)


def test_hooks_skip_a_yaml_file_that_is_not_a_plan_with_a_note(tmp_path: Path) -> None:
    # A file the name pattern still lets through (a user's own `files:`, a deploy/plan.yml):
    # run through a hook, it is skipped, neither reported nor rewritten.
    workflow = tmp_path / "deploy" / "plan.yml"
    workflow.parent.mkdir()
    workflow.write_text(WORKFLOW, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    hooks = _hooks()
    validate = _run_entry(hooks["opmkt-validate"], workflow, plan, cwd=tmp_path)
    note = f"note: {workflow} is not an opmkt plan or actuals file"
    assert note in validate.err
    assert str(workflow) not in validate.out
    assert "1 file checked" in validate.out
    fmt = _run_entry(hooks["opmkt-fmt"], workflow, cwd=tmp_path)
    assert fmt.code == 0
    assert note in fmt.err
    assert workflow.read_text(encoding="utf-8") == WORKFLOW


def test_without_the_hook_option_a_non_plan_is_still_reported(tmp_path: Path) -> None:
    workflow = tmp_path / "plan.yml"
    workflow.write_text(WORKFLOW, encoding="utf-8")
    result = run_installed("validate", workflow, cwd=tmp_path)
    assert result.code == 1
    assert "schema" in result.out


@pytest.mark.parametrize(
    "text",
    [
        "version: 1\nplan: {name: x}\n",  # a broken plan is the hook's to report
        "plan:\n  name: x\n",  # a plan missing its version, too
        "version: 1\nplan: [\n",  # and a file that is not YAML
    ],
)
def test_the_hook_option_skips_only_what_is_clearly_not_a_plan(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_installed("validate", "--skip-non-plans", path, cwd=tmp_path)
    assert result.code == 1
    assert "note:" not in result.err
