"""Every rule's cases, as data: pass files give no finding of the rule, fail files exactly the
expected ones (`# expect: LINE:COLUMN` headers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opmkt.lint.engine import validate
from opmkt.lint.rules import RULES

CASES = Path(__file__).parent / "cases"
_EXPECT = re.compile(r"^# expect: (\d+):(\d+)$", re.MULTILINE)


def _cases() -> list[Path]:
    return sorted(p for p in CASES.glob("*/*.yaml") if p.name.startswith(("pass", "fail")))


def _located(path: Path, rule: str) -> list[tuple[int, int]]:
    report = validate([path])
    assert not report.unreadable
    return [(f.line, f.column) for f in report.findings if f.rule == rule]


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case(case: Path) -> None:
    rule = case.parent.name
    expected = [(int(a), int(b)) for a, b in _EXPECT.findall(case.read_text(encoding="utf-8"))]
    if case.name.startswith("fail"):
        assert expected, f"{case} declares no `# expect: LINE:COLUMN`"
    else:
        assert not expected
    assert _located(case, rule) == expected


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_has_passing_and_failing_cases(rule: str) -> None:
    names = [p.name for p in (CASES / rule).glob("*.yaml")]
    assert any(n.startswith("pass") for n in names), f"no passing case for {rule}"
    assert any(n.startswith("fail") for n in names), f"no failing case for {rule}"


def test_no_case_folder_without_a_rule() -> None:
    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders <= set(RULES)
