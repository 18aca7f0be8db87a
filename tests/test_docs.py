"""The README's command reference is the commands' own help: a test fails when they drift."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.conftest import ROOT, Result

README = ROOT / "README.md"
_BLOCK = re.compile(
    r"(<!-- opmkt-(?P<kind>help|output): (?P<command>[a-z ]+) -->\n```text\n)"
    r"(?P<body>.*?)"
    r"(```\n<!-- /opmkt-(?P=kind) -->)",
    re.DOTALL,
)
BLOCKS = [
    ("help", "init"),
    ("help", "validate"),
    ("help", "smart"),
    ("help", "budget"),
    ("help", "status"),
    ("help", "report"),
    ("help", "diff"),
    ("help", "calendar"),
    ("help", "fmt"),
    ("help", "track spend"),
    ("help", "track kpi"),
    ("help", "track import"),
    ("help", "rules"),
    ("help", "schema"),
    ("output", "rules"),
]


def _render(cli: Callable[..., Result], kind: str, command: str) -> str:
    result = cli(*command.split(), *(["--help"] if kind == "help" else []))
    assert result.code == 0
    return result.out


def test_readme_shows_the_current_help_of_every_command(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.setenv("COLUMNS", "88")
    text = README.read_text(encoding="utf-8")
    shown = {(m.group("kind"), m.group("command")): m.group("body") for m in _BLOCK.finditer(text)}
    assert sorted(shown) == sorted(BLOCKS), "README.md has one block of each"
    if request.config.getoption("--update-golden"):
        updated = _BLOCK.sub(
            lambda m: m.group(1) + _render(cli, m.group("kind"), m.group("command")) + m.group(5),
            text,
        )
        README.write_text(updated, encoding="utf-8")
        return
    for kind, command in BLOCKS:
        assert shown[kind, command] == _render(cli, kind, command), f"README {kind} of {command}"
