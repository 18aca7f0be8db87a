"""The CI page's recipes work as copied: the GitHub workflow and the GitLab job are valid for
their CI systems and use what opmkt offers, and the pre-commit hooks install and run from a
tagged release as the page says."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from opmkt import __version__
from tests.conftest import EXAMPLES, ROOT

PAGE = ROOT / "docs" / "ci.md"
CHECKER = Path(sys.executable).with_name("check-jsonschema")


def _blocks() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```$", PAGE.read_text(encoding="utf-8"), re.M | re.S)


def _block(marker: str) -> str:
    """The page's YAML block that holds `marker`."""
    return next(block for block in _blocks() if marker in block)


def _load(text: str) -> Any:
    return YAML(typ="safe").load(text)


def _valid(text: str, schema: str, tmp_path: Path) -> None:
    # check-jsonschema ships the CI systems' schemas: the check needs no network.
    path = tmp_path / "recipe.yml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [str(CHECKER), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_github_workflow_is_valid_and_uses_this_release_of_the_action(
    tmp_path: Path,
) -> None:
    workflow = _block("runs-on:")
    _valid(workflow, "vendor.github-workflows", tmp_path)
    steps = _load(workflow)["jobs"]["plan"]["steps"]
    step = next(s for s in steps if s.get("uses", "").startswith("opmkt/"))
    assert step["uses"] == f"opmkt/opmkt@v{__version__}"
    inputs = _load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
    assert set(step["with"]) <= set(inputs)
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == step["with"]["sarif"]


def test_the_gitlab_job_is_valid_and_reports_what_validate_writes(tmp_path: Path) -> None:
    recipe = _block("codequality:")
    _valid(recipe, "vendor.gitlab-ci", tmp_path)
    job = _load(recipe)["opmkt"]
    command = next(line for line in job["script"] if line.startswith("opmkt validate"))
    assert "--format gitlab" in command
    assert command.endswith(f"> {job['artifacts']['reports']['codequality']}")
    assert f"opmkt=={__version__}" in " ".join(job["script"])


def _published() -> dict[str, dict[str, Any]]:
    hooks = _load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in hooks}


def test_the_pre_commit_recipes_name_this_release_and_the_published_hooks() -> None:
    released = _load(_block("rev:"))["repos"][0]
    assert released["rev"] == f"v{__version__}"
    published = _published()
    assert {hook["id"] for hook in released["hooks"]} == set(published)
    # The local hooks do what the published ones do, with opmkt already installed.
    for hook in _load(_block("repo: local"))["repos"][0]["hooks"]:
        same = published[hook["id"]]
        assert (hook["entry"], hook["files"], hook["exclude"]) == (
            same["entry"],
            same["files"],
            same["exclude"],
        )


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Dana", "-c", "user.email=dana@example.com", *args],
        cwd=cwd,
        capture_output=True,
        check=True,
    )


def _release(tmp_path: Path) -> Path:
    """This repository's files as they are, committed and tagged as a release is."""
    release = tmp_path / "opmkt"
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (release / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, release / name)
    _git(release, "init", "--quiet")
    _git(release, "add", ".")
    _git(release, "commit", "--quiet", "-m", "Release")
    _git(release, "tag", f"v{__version__}")
    return release


@pytest.mark.slow
def test_the_hooks_install_from_a_tagged_release_and_check_only_plans(tmp_path: Path) -> None:
    release = _release(tmp_path)
    project = tmp_path / "marketing"
    (project / "deploy").mkdir(parents=True)
    (project / ".github" / "workflows").mkdir(parents=True)
    config = _block("rev:").replace("https://github.com/opmkt/opmkt", str(release))
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    for name in ("plan.yaml", "actuals.yaml"):  # clean and in the canonical layout
        shutil.copy(EXAMPLES / "northwind-studio" / name, project / name)
    plan = project / "plan.yaml"
    clean = plan.read_text(encoding="utf-8")
    plan.write_text(clean.replace("owner: marcus", "owner: marcos", 1), encoding="utf-8")
    # YAML files named like plans that are not: a deployment file, a workflow.
    for other in (project / "deploy" / "plan.yml", project / ".github" / "workflows" / "plan.yml"):
        other.write_text("name: deploy\non: [push]\n", encoding="utf-8")
    _git(project, "init", "--quiet")
    _git(project, "add", ".")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        **{k: v for k, v in os.environ.items() if k.startswith("PIP_")},
    }

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(Path(sys.executable).with_name("pre-commit")), "run", "--all-files"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )

    failed = pre_commit()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"^plan\.yaml:\d+:12: error unknown-reference .*'marcos'", failed.stdout, re.M)
    assert "note: deploy/plan.yml is not an opmkt plan or actuals file" in failed.stdout
    assert ".github" not in failed.stdout
    plan.write_text(clean, encoding="utf-8")
    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
