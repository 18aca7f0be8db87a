"""Check the items of long lists one at a time, when a file holds more schema errors than are
reported: memory then follows the errors reported, not the errors there are.

Validating a whole file builds every error at once (pydantic holds each, and its error list
copies them): 200,000 wrong items took 530 MB. Item by item, each item's errors are dropped
as soon as they are counted, past the first ones kept for the report.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from opmkt.plan.leftout import Loc, innermost_item
from opmkt.plan.model import UNION_TAGS, unwrap

if TYPE_CHECKING:
    from pydantic import TypeAdapter

LONG = 100
"""Lists longer than this are checked item by item."""


@dataclass
class Screened:
    """What checking the long lists of a file item by item found."""

    errors: list[ErrorDetails] = field(default_factory=list)
    """The first errors, in the order of the file, each `loc` from its top."""
    more: int = 0
    """How many errors came after those."""
    first_more: ErrorDetails | None = None
    """The first of those."""
    items: set[Loc] = field(default_factory=set)
    """The innermost list item holding each error, all of them."""


def screen(data: Any, model: type[BaseModel], keep: int) -> Screened:
    """The errors in the items of the long lists of `data` (keeping the first `keep`) and the
    items that hold them."""
    # Only a file with more schema errors than are reported gets here: pydantic's adapters
    # module is imported for it alone.
    from pydantic import TypeAdapter

    found = Screened()
    adapters: dict[int, TypeAdapter[Any]] = {}
    for loc, items, annotation in _long_lists(data, model, ()):
        adapter = adapters.get(id(annotation))
        if adapter is None:
            adapter = adapters[id(annotation)] = TypeAdapter(annotation)
        for index, item in enumerate(items):
            try:
                adapter.validate_python(item)
            except ValidationError as exc:
                _count(found, data, (*loc, index), exc, keep)
    return found


def misshapen(data: Any, model: type[BaseModel]) -> int:
    """How many items of the long lists of `data`'s sections (not of list items) are not the
    mappings they must be, or have keys their model does not: counted before validating a
    file, so that 200,000 such items never reach the model, which would build an error for
    each (and abort, out of memory, under a memory cap)."""
    count = 0
    for _, items, annotation in _long_lists(data, model, (), into_lists=False):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            allowed, required = _keys(annotation)
            for item in items:
                if not isinstance(item, dict) or not required <= item.keys() <= allowed:
                    count += 1
    return count


@functools.cache
def _keys(model: type[BaseModel]) -> tuple[frozenset[Any], frozenset[Any]]:
    """The keys a mapping validated by `model` may have, and those it must have."""
    names = {name: info.alias or name for name, info in model.model_fields.items()}
    required = {names[name] for name, info in model.model_fields.items() if info.is_required()}
    return frozenset(names.values()), frozenset(required)


def _count(found: Screened, data: Any, at: Loc, exc: ValidationError, keep: int) -> None:
    room = keep - len(found.errors)
    details = exc.errors(include_url=False, include_input=room > 0, include_context=room > 0)
    for error in details:
        loc = clean_loc((*at, *error["loc"]))
        found.items.add(innermost_item(data, loc) or at)
        if len(found.errors) < keep:
            found.errors.append({**error, "loc": loc})
        else:
            found.more += 1
            if found.first_more is None:
                found.first_more = {**error, "loc": loc}


def _long_lists(
    data: Any, model: type[BaseModel], loc: Loc, *, into_lists: bool = True
) -> Iterator[tuple[Loc, list[Any], Any]]:
    """Each list of more than LONG items under a model field, its place and its items' type;
    not the lists inside those, whose errors their items' check finds, and with `into_lists`
    false, not those inside the items of shorter lists."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*loc, key)
            if isinstance(value, list) and len(value) > LONG:
                annotation = _item_annotation(model, here)
                if annotation is not None:
                    yield here, value, annotation
                    continue
            yield from _long_lists(value, model, here, into_lists=into_lists)
    elif isinstance(data, list) and into_lists:
        for index, value in enumerate(data):
            yield from _long_lists(value, model, (*loc, index))


def _item_annotation(model: type[BaseModel], loc: Loc) -> Any:
    """The type of the items of the list at `loc`, as its field declares it, or None."""
    parent = model_at(model, loc[:-1])
    if parent is None:
        return None
    info = next((f for n, f in parent.model_fields.items() if (f.alias or n) == loc[-1]), None)
    annotation = info.annotation if info is not None else None
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else None
    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is not list:
        return None
    return typing.get_args(annotation)[0]


def model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that validates the value at `loc`, following field annotations (the
    language server completes keys and values by it)."""
    current: Any = model
    for part in loc:
        current = unwrap(current)
        if isinstance(part, int):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if typing.get_origin(current) is list and args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = next(
                (f for n, f in current.model_fields.items() if (f.alias or n) == part), None
            )
            current = info.annotation if info is not None else None
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def clean_loc(raw: Sequence[str | int]) -> Loc:
    """A pydantic error's place as a place in the file."""
    # Inside a text-or-mapping list item (or a KPI's input), pydantic names the branch after
    # the index (or the input's name).
    return tuple(
        part
        for i, part in enumerate(raw)
        if not (
            part in UNION_TAGS
            and i > 0
            and (isinstance(raw[i - 1], int) or (i > 1 and raw[i - 2] == "inputs"))
        )
    )
