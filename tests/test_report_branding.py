"""The plan's `report:` section brands the document: the logo embedded in the one file, an
accent colour that text stays readable in, who prepared it."""

from __future__ import annotations

import base64
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from opmkt.plan.colour import MINIMUM_CONTRAST, contrast_on_white, readable
from tests.conftest import Result
from tests.report_support import AS_OF, PLANS, render

Cli = Callable[..., Result]
NORTHWIND = PLANS["northwind-studio"]
# The smallest PNG: one transparent pixel.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def plan_with(tmp_path: Path, settings: str) -> Path:
    """The French example with a `report:` section."""
    plan = tmp_path / "plan.yaml"
    text = PLANS["fournil-dupont"].read_text(encoding="utf-8")
    plan.write_text(f"{text.rstrip()}\nreport:\n{settings}", encoding="utf-8")
    return plan


def test_the_logo_is_embedded_and_the_accent_and_author_shown(tmp_path: Path) -> None:
    shutil.copytree(NORTHWIND.parent, tmp_path / "nw")
    text = render(tmp_path / "nw" / "plan.yaml", tmp_path / "r.html")
    logo = (NORTHWIND.parent / "logo.svg").read_bytes()
    src = f"data:image/svg+xml;base64,{base64.b64encode(logo).decode()}"
    assert f'<img class="logo" src="{src}" alt="Northwind Studio LLC">' in text
    assert "--accent: #0b5d4b;" in text
    assert "<dt>Prepared by</dt><dd>Harbor &amp; Pine Consulting</dd>" in text
    # Still one file: nothing else is fetched.
    assert not re.search(r'(src|href)="(?!data:|#)', text)


def test_a_png_logo_is_embedded_too(tmp_path: Path) -> None:
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.png").write_bytes(PIXEL)
    plan = plan_with(tmp_path, "  logo: brand/logo.png\n  prepared_by: Cabinet Martin\n")
    text = render(plan, tmp_path / "r.html")
    assert f"data:image/png;base64,{base64.b64encode(PIXEL).decode()}" in text
    assert "<dt>Préparé par</dt><dd>Cabinet Martin</dd>" in text


@pytest.mark.parametrize(
    ("write", "problem"),
    [
        (None, "report.logo: no such file"),
        (b"GIF89a not ours", "is not a PNG, JPEG or SVG image"),
    ],
)
def test_a_logo_that_cannot_be_used_is_an_error_at_its_line(
    cli: Cli, tmp_path: Path, write: bytes | None, problem: str
) -> None:
    if write is not None:
        (tmp_path / "logo.gif").write_bytes(write)
    plan = plan_with(tmp_path, "  logo: logo.gif\n")
    line = plan.read_text(encoding="utf-8").count("\n")
    result = cli("--lang", "en", "report", plan, "--as-of", AS_OF)  # its English words
    assert result.code == 2
    assert result.err.startswith(f"error: {plan}:{line}:9: ") and problem in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "plan.html").exists()


def test_an_accent_too_light_to_read_is_refused_with_one_that_reads(
    cli: Cli, tmp_path: Path
) -> None:
    plan = plan_with(tmp_path, '  accent: "#ffcc00"\n')
    line = plan.read_text(encoding="utf-8").count("\n")
    result = cli("validate", plan)
    assert result.code == 1
    assert f"{plan}:{line}:" in result.out
    suggested = readable("#ffcc00")
    assert "accent #ffcc00 is too light to read on white (contrast 1.5:1" in result.out
    assert f"such as {suggested}" in result.out
    # The suggestion is accepted as it is.
    assert cli("validate", plan_with(tmp_path, f'  accent: "{suggested}"\n')).code == 0


@pytest.mark.parametrize("colour", ["#ffcc00", "#ff6600", "#7fdbff", "#ffffff", "#1d4e89"])
def test_the_readable_colour_keeps_the_hue_and_reads_on_white(colour: str) -> None:
    shade = readable(colour)
    assert contrast_on_white(shade) >= MINIMUM_CONTRAST
    before = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    after = [int(shade[i : i + 2], 16) for i in (1, 3, 5)]
    # Each channel scaled alike (within rounding): the same hue, darker.
    scale = max(after) / max(before)
    assert all(abs(a - b * scale) <= 1 for a, b in zip(after, before, strict=True))
    if contrast_on_white(colour) >= MINIMUM_CONTRAST:
        assert shade == colour
