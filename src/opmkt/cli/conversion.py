"""typer's conversion of option and argument values, without pydantic where a value is a text
or a path.

typer converts every value through a pydantic validator, which it builds before it looks at
the value, even when there is none: an option left out, or the `--help` flag of `opmkt` when
`opmkt COMMAND --help` is typed. Importing pydantic and building those validators took ~60 ms
of every start, for `--help` and for the commands that use no model (`fmt`). Here a text is
kept as typed and a path is checked by typer's own function; other values (numbers, choices,
dates) still go through typer's validators, built when a value comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter


@dataclass(frozen=True)
class _Converted(RuntimeParam):
    """A parameter's conversion; the value None is answered by `RuntimeParam.coerce` before
    this is asked, as typer answers it."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        described = param.type_descriptor
        item = _plain_item(described)
        many = described.is_list and isinstance(value, (list, tuple))
        texts = list(value) if many else [value]
        if item is None or not all(isinstance(text, str) for text in texts):
            # A number, a choice, a date, or bytes from an odd argv: typer's own conversion.
            built = build_runtime_param(described)
            return built._coerce_value(value, param=param, ctx=ctx)
        if item is Path:
            texts = [_path(text, described, param, ctx) for text in texts]
        return texts if described.is_list else texts[0]


def _plain_item(described: TypeDescriptor) -> type | None:
    """str or Path when the parameter is one, or a list of one, with no parser of its own."""
    if described.parameter_info.parser is not None:
        return None
    annotation: Any = described.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    return annotation if annotation in (str, Path) else None


def _path(text: str, described: TypeDescriptor, param: _TyperParameter, ctx: Context) -> Any:
    # typer's checks of a path (it exists, is a file or a folder), given a Path: typer makes
    # one from a text with pydantic, which makes Path(text).
    info = described.parameter_info
    return coerce_cli_path(Path(text), info, path_type=Path, param=param, ctx=ctx)


def _runtime_param(parameter: _TyperParameter) -> RuntimeParam:
    described = parameter.type_descriptor
    return _Converted(described.parameter_info, described.annotation)


def install() -> None:
    """Convert every parameter of typer's commands as above."""
    _TyperParameter.get_runtime_param = _runtime_param  # type: ignore[method-assign,assignment]
