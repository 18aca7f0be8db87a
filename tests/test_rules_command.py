"""`opmkt rules` and `docs/rules.md`, generated from the rule modules."""

from __future__ import annotations

from collections.abc import Callable

from opmkt.lint.ruledocs import markdown
from opmkt.lint.rules import RULES
from tests.conftest import ROOT, Result


def test_rules_lists_every_rule_with_severity_and_summary(cli: Callable[..., Result]) -> None:
    result = cli("rules")
    assert result.code == 0
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    for line, rule in zip(lines, RULES.values(), strict=True):
        assert line.split()[1] == rule.DEFAULT_SEVERITY.value
        assert line.endswith(rule.SUMMARY)


def test_every_rule_documents_why_with_a_passing_and_a_failing_example() -> None:
    for rule in RULES.values():
        doc = rule.__doc__ or ""
        assert "Passes::" in doc and "Fails" in doc, rule.ID
        assert "PLACEHOLDER" not in doc, rule.ID


def test_rules_id_prints_the_documentation(cli: Callable[..., Result]) -> None:
    result = cli("rules", "duplicate-id")
    assert result.code == 0
    assert result.out.startswith("duplicate-id (default severity: error)\n\nTwo items")
    assert "Fails (5:7" in result.out
    typo = cli("rules", "duplicate-ids")
    assert typo.code == 2
    assert "did you mean duplicate-id?" in typo.err


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == markdown(), "run `opmkt rules --markdown > docs/rules.md` and commit"


def test_pre_commit_hook_runs_validate() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: opmkt-validate" in text
    assert "entry: opmkt validate" in text
