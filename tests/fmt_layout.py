"""The key order `opmkt fmt` writes, derived from the models: `src/opmkt/fmt/order.py` must
hold exactly this (tests/test_fmt_volume.py), so that fmt needs not build the models."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from opmkt.fmt.order import Shape
from opmkt.plan.model import Actuals, Plan, unwrap


def layout() -> dict[str, tuple[tuple[str, Shape], ...]]:
    """Per model, in the order of its fields: each field's name and the shape of its value."""
    found: dict[str, tuple[tuple[str, Shape], ...]] = {}

    def shape(annotation: Any) -> Shape:
        model = unwrap(annotation)
        if isinstance(model, type) and issubclass(model, BaseModel):
            visit(model)
            return model.__name__
        origin = typing.get_origin(model)
        if origin is list:
            return ("list", shape(typing.get_args(model)[0]))
        if origin is dict:
            return ("dict", shape(typing.get_args(model)[1]))
        return None

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in found:
            return
        found[model.__name__] = ()  # a model that holds itself (objectives) stops here
        found[model.__name__] = tuple(
            (info.alias or name, shape(info.annotation))
            for name, info in model.model_fields.items()
        )

    visit(Plan)
    visit(Actuals)
    return found
