"""`opmkt fmt` does a fixed amount of slow work per file: the text is read once into
ruamel.yaml's round-trip tree, by libyaml (ruamel's reader, written in Python, reads only its
folded scalars, or the whole text when it has a tag), and written once; the laid-out text is
read back with libyaml, and not at all when it is the text itself."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from opmkt.fmt import emit as fmt_yaml
from opmkt.fmt import format as fmt
from opmkt.fmt.order import LAYOUT
from opmkt.io import yamlio
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


def _python_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each text ruamel.yaml's reader, in Python, is given from now on."""
    from ruamel.yaml.main import YAML

    given: list[int] = []

    def counting(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(self: Any, stream: str) -> Any:
            given.append(len(stream))
            return real(self, stream)

        return wrapper

    monkeypatch.setattr(YAML, "load", counting(YAML.load))
    monkeypatch.setattr(YAML, "scan", counting(YAML.scan))
    return given


def test_python_reads_a_plan_only_for_its_folded_scalar(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (EXAMPLES / "northwind-studio" / "plan.yaml").read_text(encoding="utf-8")
    assert text.count(": >") == 1
    given = _python_reads(monkeypatch)
    assert fmt.format_text(text) == text
    assert len(given) == 1
    assert given[0] < len(text) // 50


def test_python_reads_a_tagged_file_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "plan:\n  name: !!str 12\nversion: 1\n"
    given = _python_reads(monkeypatch)
    fmt.format_text(text)
    assert given == [len(text)]


def test_a_text_laid_out_as_it_was_is_not_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    real = yamlio.parse

    def counting(data: bytes) -> Any:
        read.append(len(data))
        return real(data)

    monkeypatch.setattr("opmkt.fmt.format.parse", counting)
    tidy = (EXAMPLES / "northwind-studio" / "plan.yaml").read_bytes()
    fmt.format_bytes(tidy)
    assert len(read) == 2  # the file, and ruamel's text without comments
    assert read[0] == len(tidy)
    read.clear()
    messy = tidy.replace(b"version: 1\n\n", b"").replace(b"\nplan:\n", b"\nversion: 1\nplan:\n")
    assert fmt.format_bytes(messy).formatted.encode("utf-8") == tidy
    assert len(read) == 3  # and the laid-out text, which must load to the same data


def test_the_key_order_fmt_writes_is_the_models_field_order() -> None:
    expected = layout()
    assert expected == LAYOUT, f"write this LAYOUT in src/opmkt/fmt/order.py:\n{expected!r}"


def test_fmt_does_not_build_the_models() -> None:
    code = "import sys, opmkt.cli.fmt, opmkt.fmt.format; print('opmkt.plan.model' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == "False\n"
