"""Where the files shipped with opmkt are: report and scaffold templates, JSON Schemas."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def data_dir(name: str) -> Path:
    """A folder of data shipped inside the package: `templates` or `schemas`."""
    return DATA / name


def templates_dir() -> Path:
    return data_dir("templates")


def schema_text(kind: str) -> str:
    """The JSON Schema of plan (`plan`) or actuals (`actuals`) files as shipped: written from
    the models by `make schemas`, and checked against them by the tests, so a run reads it
    rather than builds it."""
    return (data_dir("schemas") / f"{kind}.schema.json").read_text(encoding="utf-8")
