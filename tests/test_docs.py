"""The README's command reference is the commands' own help: a test fails when they drift."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.conftest import ROOT, Result

README = ROOT / "README.md"
_BLOCK = re.compile(
    r"(<!-- opmkt-help: (?P<command>[a-z ]+) -->\n```text\n)"
    r"(?P<body>.*?)"
    r"(```\n<!-- /opmkt-help -->)",
    re.DOTALL,
)
COMMANDS = ["init", "validate", "schema"]


def _help(cli: Callable[..., Result], command: str) -> str:
    result = cli(*command.split(), "--help")
    assert result.code == 0
    return result.out


def test_readme_shows_the_current_help_of_every_command(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.setenv("COLUMNS", "88")
    text = README.read_text(encoding="utf-8")
    shown = {m.group("command"): m.group("body") for m in _BLOCK.finditer(text)}
    assert sorted(shown) == sorted(COMMANDS), "every command has one help block in README.md"
    if request.config.getoption("--update-golden"):
        updated = _BLOCK.sub(
            lambda m: m.group(1) + _help(cli, m.group("command")) + m.group(4), text
        )
        README.write_text(updated, encoding="utf-8")
        return
    for command in COMMANDS:
        assert shown[command] == _help(cli, command), f"README help of {command} is stale"
