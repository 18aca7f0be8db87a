"""typer's conversion of option and argument values, without pydantic for the kinds of value
opmkt's commands take.

typer converts every value through a pydantic validator (`typer._adapters`), which imports
pydantic and builds the validator: ~60 ms of a start, for `--help`, for an option left out, and
for the commands that use no model (`fmt`, `rules`, `track presets`). Here a text is kept as
typed, a path is checked by typer's own function, and a choice (an Enum or a Literal, `--format`
among them) is matched by typer's own function, its refusal worded as typer's validator words
it. A bool flag is already a bool (typer converts only what is not). Other kinds of value
(numbers, dates, a parser of its own), which no command takes today, still go through typer's
validators, built when a value comes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._click.utils import _escape_control_characters
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import choice_coercion_annotation, coerce_cli_choice, coerce_cli_path
from typer.core import _TyperParameter

Convert = Callable[[Any, _TyperParameter, Context], Any]
"""The conversion of one value of a parameter."""
Takes = Callable[[Any], bool]
"""Whether that conversion takes a value (typer's validator converts the others)."""


class _Converted(RuntimeParam):
    """A parameter's conversion; the value None is answered by `RuntimeParam.coerce` before
    this is asked, as typer answers it. (A frozen dataclass as typer's, with no field of its
    own: the decorator would only build its methods again.)"""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        described = param.type_descriptor
        convert, takes = _conversion(described)
        many = described.is_list and isinstance(value, (list, tuple))
        items = list(value) if many else [value]
        if convert is None or not all(takes(item) for item in items):
            # A number, a date, or bytes from an odd argv: typer's own conversion.
            built = build_runtime_param(described)
            return built._coerce_value(value, param=param, ctx=ctx)
        converted = [convert(item, param, ctx) for item in items]
        return converted if described.is_list else converted[0]


def _conversion(described: TypeDescriptor) -> tuple[Convert | None, Takes]:
    """How one value of the parameter (or of each item of a list) is converted here, and
    which values that conversion takes; None when typer's validator converts them all."""
    if described.parameter_info.parser is not None:
        return None, _anything
    annotation = _item(described)
    if annotation is str:
        return _text, _is_text
    if annotation is Path:
        return _path, _is_path
    if _choices(described) is not None:
        return _choice, _anything
    return None, _anything


def _item(described: TypeDescriptor) -> Any:
    """The type of one value: the parameter's, or that of each item of its list."""
    annotation: Any = described.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    return annotation


def _choices(described: TypeDescriptor) -> tuple[tuple[Any, ...], bool] | None:
    """The choices of an Enum or a Literal, and whether their case matters."""
    return choice_coercion_annotation(_item(described), described.parameter_info)


def _anything(value: Any) -> bool:
    return True


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_path(value: Any) -> bool:
    # An empty text is left to typer: its refusal names the path as typed (''), where
    # Path('') would name it '.'.
    return isinstance(value, Path) or (isinstance(value, str) and value != "")


def _text(value: str, param: _TyperParameter, ctx: Context) -> str:
    return value


def _path(value: str | Path, param: _TyperParameter, ctx: Context) -> Any:
    # typer's checks of a path (it exists, is a file or a folder), given a Path: typer makes
    # one from a text (or from a default) with pydantic, which makes Path(value).
    info = param.type_descriptor.parameter_info
    return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)


def _choice(value: Any, param: _TyperParameter, ctx: Context) -> Any:
    # typer's own matching (case, the context's normalisation, an Enum member as itself); its
    # validator reports the refusal as pydantic words a ValueError, kept here word for word.
    choices = _choices(param.type_descriptor)
    assert choices is not None
    try:
        return coerce_cli_choice(value, choices=choices[0], case_sensitive=choices[1], ctx=ctx)
    except ValueError as exc:
        message = _escape_control_characters(f"Value error, {exc}")
        raise BadParameter(message, ctx=ctx, param=param) from None


def _runtime_param(parameter: _TyperParameter) -> RuntimeParam:
    described = parameter.type_descriptor
    return _Converted(described.parameter_info, described.annotation)


def install() -> None:
    """Convert every parameter of typer's commands as above."""
    _TyperParameter.get_runtime_param = _runtime_param  # type: ignore[method-assign,assignment]
