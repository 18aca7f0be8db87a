"""The committed JSON Schemas match the models, and other tools accept the examples with them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from opmkt.schema import render
from tests.conftest import EXAMPLES, ROOT, Result

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


@pytest.mark.parametrize("kind", ["plan", "actuals"])
def test_committed_schema_matches_the_models(kind: str) -> None:
    committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == render(kind), "run `make schemas` and commit the result"


def test_schema_command_prints_draft_2020_12(cli: Callable[..., Result]) -> None:
    result = cli("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["version", "plan"]
    assert json.loads(cli("schema", "--actuals").out)["title"] == "opmkt actuals"


def test_schema_output_file_is_not_overwritten_without_force(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    target = tmp_path / "plan.schema.json"
    target.write_text("mine", encoding="utf-8")
    assert cli("schema", "-o", target).code == 2
    assert target.read_text(encoding="utf-8") == "mine"
    assert cli("schema", "-o", target, "--force").code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "opmkt plan"


@pytest.mark.parametrize("kind", ["plan", "actuals"])
def test_examples_validate_against_the_schema_with_check_jsonschema(kind: str) -> None:
    files = sorted(str(p) for p in EXAMPLES.glob(f"*/{kind}.yaml"))
    assert len(files) >= 2
    proc = subprocess.run(
        [
            str(CHECK_JSONSCHEMA),
            "--schemafile",
            str(ROOT / "schemas" / f"{kind}.schema.json"),
            *files,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_jsonschema_rejects_what_opmkt_rejects(tmp_path: Path) -> None:
    bad = tmp_path / "plan.yaml"
    bad.write_text(
        "version: 1\nplan:\n  name: x\n  period: {start: 2027-01-01, end: 2027-12-31}\n"
        "  budget_cap: '1 200'\n  colour: blue\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [
            str(CHECK_JSONSCHEMA),
            "--schemafile",
            str(ROOT / "schemas" / "plan.schema.json"),
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "budget_cap" in proc.stdout and "colour" in proc.stdout
