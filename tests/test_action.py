"""The GitHub Action (action.yml) is valid for GitHub, and its steps, run with the environment
GitHub sets, annotate the findings and write the job summary a reviewer reads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import EXAMPLES, MINIMAL_PLAN, OPMKT, ROOT

ACTION = ROOT / "action.yml"
SCRIPT = ROOT / "ci" / "github-action.sh"
EXAMPLE = EXAMPLES / "northwind-studio"


def test_the_action_is_valid_against_the_github_actions_schema() -> None:
    # check-jsonschema ships the schema: the check needs no network.
    checker = Path(sys.executable).with_name("check-jsonschema")
    done = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-actions", str(ACTION)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _action() -> dict[str, Any]:
    document: dict[str, Any] = YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))
    return document


def test_every_input_reaches_the_script_as_a_variable_never_as_script_text() -> None:
    # `${{ inputs.x }}` inside `run:` would let a workflow's input run as shell code.
    action = _action()
    steps = action["runs"]["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), step["name"]
    check = next(step for step in steps if step.get("id") == "check")
    assert set(action["inputs"]) == {
        "plans",
        "strict",
        "select",
        "ignore",
        "diff",
        "report",
        "sarif",
    }
    for name in action["inputs"]:
        assert check["env"][f"INPUT_{name.upper()}"] == f"${{{{ inputs.{name} }}}}"


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Dana", "-c", "user.email=dana@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _pull_request(tmp_path: Path) -> Path:
    """A repository cloned as actions/checkout leaves it, on a branch that changes the plan:
    a budget line costs more, and an action names an owner the team does not have."""
    origin = tmp_path / "origin"
    origin.mkdir()
    _git(origin, "init", "--quiet", "--initial-branch=main")
    for name in ("plan.yaml", "actuals.yaml", "logo.svg"):
        shutil.copy(EXAMPLE / name, origin / name)
    _git(origin, "add", ".")
    _git(origin, "commit", "--quiet", "-m", "The 2027 plan")
    workspace = tmp_path / "workspace"
    _git(tmp_path, "clone", "--quiet", str(origin), str(workspace))
    _git(workspace, "switch", "--quiet", "-c", "booth")
    plan = workspace / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("      amount: 9200\n", "      amount: 9900\n", 1)
    plan.write_text(text.replace("owner: marcus", "owner: marcos", 1), encoding="utf-8")
    (workspace / "new").mkdir()
    (workspace / "new" / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    _git(workspace, "commit", "--quiet", "-am", "A bigger booth")
    return workspace


def _run_check(
    workspace: Path, tmp_path: Path, event: dict[str, str], **inputs: str
) -> tuple[int, str, Path]:
    """The check step as GitHub runs it: its variables (`event`: the event's, such as
    GITHUB_EVENT_NAME), the inputs as INPUT_*, the workspace as working folder."""
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    summary, output = runner / "summary.md", runner / "output"
    summary.touch()
    output.touch()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(runner),
        "OPMKT": str(OPMKT),
        **event,
        **{f"INPUT_{name.upper()}": value for name, value in inputs.items()},
    }
    done = subprocess.run(
        ["bash", str(SCRIPT), "check"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # The script's own failures (bash names its file and line) never mix with the findings'.
    assert f"{SCRIPT}: line" not in done.stderr, done.stderr
    return done.returncode, done.stdout, runner


def _outputs(runner: Path) -> dict[str, str]:
    lines = (runner / "output").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_on_a_pull_request_the_summary_has_findings_budget_and_the_plans_diff(
    tmp_path: Path,
) -> None:
    workspace = _pull_request(tmp_path)
    code, log, runner = _run_check(
        workspace,
        tmp_path,
        {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_BASE_REF": "main"},
        plans="plan.yaml actuals.yaml\nnew/plan.yaml",
        strict="false",
        diff="true",
        report="true",
        sarif="results/opmkt.sarif",
    )
    assert code == 1  # the unknown owner is an error
    line = next(
        n
        for n, text in enumerate((workspace / "plan.yaml").read_text().splitlines(), 1)
        if "owner: marcos" in text
    )
    assert f"::error file=plan.yaml,line={line},col=12,title=opmkt unknown-reference::" in log
    summary = (runner / "summary.md").read_text(encoding="utf-8")
    # The findings, each row linked to its rule's documentation.
    assert "## opmkt validate" in summary
    assert "**3 files checked: 1 error," in summary
    assert f"| error | plan.yaml:{line}:12 | [`unknown-reference`](" in summary
    # The budget of each plan, none of the actuals file.
    assert "# Budget by objective: plan.yaml" in summary
    assert "**$94,977.50**" in summary  # 700 more than the example's total
    assert "# Budget by objective: new/plan.yaml" in summary
    assert "actuals.yaml" not in summary.split("## opmkt validate")[1].split("|---|")[0]
    # What the pull request changes: the line that costs more, against the base branch.
    assert "### Plan changes: origin/main:./plan.yaml → plan.yaml" in summary
    assert "B2" in summary and "+$700.00" in summary
    assert "**Changes to `new/plan.yaml`**: a new plan, not on main." in summary
    outputs = _outputs(runner)
    assert outputs["exit-code"] == "1"
    sarif = json.loads((workspace / outputs["sarif"]).read_text(encoding="utf-8"))
    assert any(r["ruleId"] == "unknown-reference" for r in sarif["runs"][0]["results"])
    reports = Path(outputs["reports"])
    assert sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*.html")) == [
        "new/plan.html",
        "plan.html",
    ]
    assert "Northwind" in (reports / "plan.html").read_text(encoding="utf-8")


def _many_errors() -> str:
    """Twelve actions that do not say what to do (errors: each is left out, the rules run on
    the rest) and, with no audit or mix, warnings."""
    actions = "".join(f"  - {{id: A{i}, objective: O1}}\n" for i in range(12))
    objective = "  - {id: O1, category: business, title: Grow the shop}\n"
    return f"{MINIMAL_PLAN}objectives:\n{objective}actions:\n{actions}"


def test_past_ten_errors_the_summary_says_how_many_github_does_not_annotate(
    tmp_path: Path,
) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    _git(workspace, "init", "--quiet")
    (workspace / "plan.yaml").write_text(_many_errors(), encoding="utf-8")
    code, log, runner = _run_check(
        workspace,
        tmp_path,
        {"GITHUB_EVENT_NAME": "push"},
        plans="plan.yaml",
        ignore="audit-incomplete, swot-incomplete",
    )
    assert code == 1
    annotations = [line for line in log.splitlines() if line.startswith("::")]
    assert "audit-incomplete" not in log and "swot-incomplete" not in log
    assert "mix-incomplete" in log
    kinds = [line.split(" ", 1)[0] for line in annotations]
    assert kinds == sorted(kinds, key=["::error", "::warning", "::notice"].index)
    assert kinds.count("::error") == 12
    summary = (runner / "summary.md").read_text(encoding="utf-8")
    assert "> [!WARNING]" in summary
    assert "2 errors have no annotation on the files: every finding is in this table." in summary
    assert summary.count("| error | plan.yaml:") == 12
    assert "Plan changes" not in summary  # not a pull request
    assert "note: GitHub annotates at most 10 errors" in log


def test_a_clean_plan_passes_with_its_budget_in_the_summary(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    _git(workspace, "init", "--quiet")
    for name in ("plan.yaml", "actuals.yaml", "logo.svg"):
        shutil.copy(EXAMPLE / name, workspace / name)
    code, log, runner = _run_check(
        workspace, tmp_path, {"GITHUB_EVENT_NAME": "push"}, plans="*.yaml", strict="true"
    )
    assert code == 0
    assert not [line for line in log.splitlines() if line.startswith("::")]
    summary = (runner / "summary.md").read_text(encoding="utf-8")
    assert "**2 files checked: 0 errors, 0 warnings, 0 info**\n\nNo findings." in summary
    assert "**$94,277.50**" in summary
    assert _outputs(runner) == {"exit-code": "0"}


@pytest.mark.slow
def test_the_install_step_installs_the_actions_own_version(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.touch()
    env = {**os.environ, "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output)}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        ["bash", str(SCRIPT), "install"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    installed = dict(line.split("=", 1) for line in output.read_text().splitlines())["opmkt"]
    version = subprocess.run(
        [installed, "--version"], capture_output=True, text=True, check=True
    ).stdout
    from opmkt import __version__

    assert __version__ in version
