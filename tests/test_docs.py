"""The docs are the code's own words: every command has a page holding its current `--help`, the
plan format's tables are generated from the models and the rule registry, and the README starts
with the two commands a newcomer runs. `pytest --update-golden` rewrites the generated blocks."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from opmkt.cli import app
from opmkt.lint.engine import validate
from tests import docgen
from tests.conftest import ROOT, Result

DOCS = ROOT / "docs"
COMMANDS = DOCS / "commands"
README = ROOT / "README.md"


def _commands() -> dict[str, list[str]]:
    """Each command of the CLI, with the commands whose help its page shows: itself, or the
    subcommands of a group (`track spend`, `track kpi`, …)."""
    found: dict[str, list[str]] = {}
    for name, command in _subcommands(typer.main.get_command(app)).items():
        subcommands = _subcommands(command)
        found[name] = [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    return found


def _subcommands(command: object) -> dict[str, object]:
    """The visible commands of a group, in the order its help lists them; none for a command."""
    commands: dict[str, object] = getattr(command, "commands", {})
    return {name: sub for name, sub in commands.items() if not getattr(sub, "hidden", False)}


def _render(cli: Callable[..., Result], kind: str, name: str) -> str:
    if kind == "generated":
        return _generated(name)
    result = cli(*name.split(), *(["--help"] if kind == "help" else []))
    assert result.code == 0
    return docgen.text_block(result.out)


def _generated(name: str) -> str:
    if name == "rules":
        return docgen.rule_table()
    if name == "choices":
        return docgen.choice_tables()
    kind = name.removesuffix("-fields")
    return docgen.field_tables(kind)


def _check_page(
    path: Path, cli: Callable[..., Result], request: pytest.FixtureRequest
) -> dict[tuple[str, str], str]:
    """Compare each generated block of a page with what it is generated from, or rewrite it."""
    text = path.read_text(encoding="utf-8")
    if request.config.getoption("--update-golden"):
        text = docgen.refresh(text, lambda kind, name: _render(cli, kind, name))
        path.write_text(text, encoding="utf-8")
    shown = docgen.blocks(text)
    for (kind, name), body in shown.items():
        assert body == _render(cli, kind, name), f"{path.name}: {kind} of {name} (--update-golden)"
    return shown


@pytest.fixture
def wide_help(monkeypatch: pytest.MonkeyPatch) -> None:
    """Help wrapped at one width, whatever the terminal running the tests."""
    monkeypatch.setenv("COLUMNS", "88")


@pytest.mark.usefixtures("wide_help")
@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_has_a_page_showing_its_current_help(
    command: str, cli: Callable[..., Result], request: pytest.FixtureRequest
) -> None:
    page = COMMANDS / f"{command}.md"
    assert page.is_file(), f"opmkt {command} has no page: write docs/commands/{command}.md"
    shown = _check_page(page, cli, request)
    helps = sorted(name for kind, name in shown if kind == "help")
    assert helps == sorted(_commands()[command]), f"{page.name} shows the help of each command"


def test_every_command_page_is_a_command_and_in_the_index() -> None:
    index = (COMMANDS / "index.md").read_text(encoding="utf-8")
    pages = {path.stem for path in COMMANDS.glob("*.md")} - {"index"}
    assert pages == set(_commands())
    for command in pages:
        assert f"]({command}.md)" in index, f"docs/commands/index.md links to {command}.md"


@pytest.mark.usefixtures("wide_help")
def test_the_validate_page_lists_the_rules_as_opmkt_rules_prints_them(
    cli: Callable[..., Result], request: pytest.FixtureRequest
) -> None:
    shown = _check_page(COMMANDS / "validate.md", cli, request)
    assert ("output", "rules") in shown


def test_the_plan_format_tables_are_generated_from_the_models_and_rules(
    cli: Callable[..., Result], request: pytest.FixtureRequest
) -> None:
    shown = _check_page(DOCS / "plan-format.md", cli, request)
    assert sorted(shown) == [
        ("generated", "actuals-fields"),
        ("generated", "choices"),
        ("generated", "plan-fields"),
        ("generated", "rules"),
    ]
    fields = shown["generated", "plan-fields"]
    for section in ("`plan`", "`objectives[]`", "`budget.lines[]`", "`budget.lines[].quote`"):
        assert f"### {section}\n" in fields


def test_the_annotated_plan_of_the_format_page_is_a_valid_plan(tmp_path: Path) -> None:
    text = (DOCS / "plan-format.md").read_text(encoding="utf-8")
    example = re.search(r"## A plan, annotated\n\n```yaml\n(.*?)```\n", text, re.DOTALL)
    assert example is not None
    plan = tmp_path / "plan.yaml"
    plan.write_text(example[1], encoding="utf-8")
    errors = [f for f in validate([plan]).findings if f.severity.value == "error"]
    assert errors == []


def test_the_readme_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)```", text, re.DOTALL)
    assert first is not None
    assert text.index("```sh") < text.index("\n## "), "the commands come before any section"
    commands = [line.split("#")[0].strip() for line in first[1].splitlines()]
    assert [c for c in commands if c] == ["make demo", "make test"]


def test_the_readme_links_only_to_files_that_exist() -> None:
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if "://" not in t]
    assert "docs/commands/index.md" in local
    for target in local:
        assert (ROOT / target).exists(), f"README.md links to {target}"
