"""Outputs in XML (JUnit, .xlsx) always parse: text XML cannot carry is refused at load when it
comes from the plan (U+FFFE, U+FFFF, controls) and escaped when it comes from a file name."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import EXAMPLES, Result

Cli = Callable[..., Result]
PLAN = (EXAMPLES / "fournil-dupont" / "plan.yaml").read_text("utf-8")


@pytest.mark.parametrize("escape", ["\\uFFFE", "\\uFFFF", "\\x1b", "\\a"])
def test_text_xml_cannot_carry_is_refused_where_it_is(
    cli: Cli, tmp_path: Path, escape: str
) -> None:
    text = re.sub(r"(?m)^(      label: ).*$", lambda m: f'{m[1]}"d{escape}x"', PLAN, count=1)
    line = PLAN[: PLAN.index("      label: ")].count("\n") + 1
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    result = cli("validate", plan, "-f", "json")
    assert result.code == 1
    assert f'"line": {line}' in result.out and "non-character" in result.out
    junit = cli("validate", plan, "-f", "junit")
    assert junit.code == 1
    assert ET.fromstring(junit.out).find("testsuite/testcase/failure") is not None
    refused = cli("budget", plan, "-f", "xlsx", "-o", tmp_path / "b.xlsx")
    assert refused.code != 0 and not (tmp_path / "b.xlsx").exists()


@pytest.fixture
def odd_name(tmp_path: Path) -> Path:
    """A plan with one finding, under a name with an escape and a byte that is not UTF-8 (read
    back by Python as a lone surrogate): neither can go into XML as it is."""
    name = os.fsdecode(b"plan\x1b[2J\x01\xff.yaml")
    path = tmp_path / name
    path.write_text(re.sub(r"\n    deadline: [0-9-]+", "", PLAN, count=1), encoding="utf-8")
    return path


def test_junit_parses_whatever_the_file_name(cli: Cli, odd_name: Path) -> None:
    result = cli("validate", odd_name, "-f", "junit")
    assert result.code == 0
    root = ET.fromstring(result.out)
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("name", "").endswith("plan\\x1b[2J\\x01\\udcff.yaml")
    # The finding (a warning, which does not fail the run) is there, its file named escaped.
    shown = root.find("testsuite/testcase/system-out")
    assert shown is not None and "\\x01\\udcff.yaml:" in (shown.text or "")


def test_xlsx_loads_whatever_the_file_name(cli: Cli, odd_name: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.xlsx"
    result = cli("budget", odd_name, "-f", "xlsx", "-o", out)
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out)
    cells = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert any(isinstance(v, str) and v.endswith("\\x01\\udcff.yaml") for v in cells), cells
    # The Lines sheet names each line's plan, escaped the same way; its column fits it, up to 60.
    lines = book.worksheets[-1]
    assert str(lines["A2"].value).endswith("\\x01\\udcff.yaml")
    wide = min(len(str(lines["A2"].value)) + 2, 60)
    assert lines.column_dimensions["A"].width - 0.7109375 == wide


@pytest.mark.parametrize("note", ["d\ufffex", "d\uffffx", "d\x1bx"])
def test_track_refuses_text_the_actuals_file_could_not_hold(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, note: str
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("--lang", "en", "track", "spend", "B1", "10", "--note", note)
    assert result.code == 2 and "--note holds a control character" in result.err
    assert "\ufffe" not in result.err and "\uffff" not in result.err
    assert not (tmp_path / "actuals.yaml").exists()
