"""`opmkt fmt` does a fixed amount of slow work per file: ruamel.yaml's reader, written in
Python, reads the text once; the laid-out text is read back with libyaml."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from opmkt.fmt import emit as fmt_yaml
from opmkt.fmt import format as fmt
from opmkt.fmt.order import LAYOUT
from tests.conftest import EXAMPLES, ROOT
from tests.fmt_layout import layout


@pytest.mark.parametrize(
    "path",
    [
        EXAMPLES / "northwind-studio" / "plan.yaml",
        EXAMPLES / "fournil-dupont" / "actuals.yaml",
        ROOT / "tests" / "golden" / "fmt" / "anchors.in.yaml",
    ],
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_fmt_reads_a_file_through_ruamel_once(path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"ruamel": 0, "dump": 0}

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr("opmkt.fmt.format.load", counting("ruamel", fmt_yaml.load))
    monkeypatch.setattr("opmkt.fmt.format.dump", counting("dump", fmt_yaml.dump))
    text = path.read_text(encoding="utf-8")
    formatted = fmt.format_text(text)
    assert fmt.format_text(formatted) == formatted
    assert calls == {"ruamel": 2, "dump": 2}  # once for each of the two texts


def test_a_very_long_line_is_read_through_ruamel_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def counting(text: str) -> Any:
        calls.append(len(text))
        return fmt_yaml.load(text)

    monkeypatch.setattr("opmkt.fmt.format.load", counting)
    name = "word " * 200_000
    text = f"version: 1\nplan:\n  currency: EUR\n  name: {name}end\n"
    formatted = fmt.format_text(text)
    assert formatted == f"version: 1\n\nplan:\n  name: {name}end\n  currency: EUR\n"
    assert calls == [len(text)]


def test_the_key_order_fmt_writes_is_the_models_field_order() -> None:
    expected = layout()
    assert expected == LAYOUT, f"write this LAYOUT in src/opmkt/fmt/order.py:\n{expected!r}"


def test_fmt_does_not_build_the_models() -> None:
    code = "import sys, opmkt.cli.fmt, opmkt.fmt.format; print('opmkt.plan.model' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == "False\n"
