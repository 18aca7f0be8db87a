"""Output formats by name, each naming the function that renders it, imported only when chosen.

A command's `--format` choices are its registry's names, so adding a format is one entry; the
renderer's module (rich, XlsxWriter, Jinja, …) is imported only when that format is asked for,
which keeps `--help` and the other formats light.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Generic, Literal, NamedTuple, TypeVar, cast

R = TypeVar("R", bound=Callable[..., str | bytes])


class OutputFormat(NamedTuple):
    """One format: its name on the command line and its renderer as `module:function`. (A
    named tuple: made when a command with --format starts, even for its help.)"""

    name: str
    renderer: str
    binary: bool = False
    """A file format a terminal cannot show (xlsx): written with -o only."""
    suffixes: tuple[str, ...] = ()
    """Output file extensions that choose this format when --format is not given."""


class Formats(Generic[R]):
    """A feature's output formats, in the order its help lists them. `R` is the call every
    renderer of the feature answers (the feature's own inputs, then its options)."""

    def __init__(self, *formats: OutputFormat) -> None:
        self._formats = {one.name: one for one in formats}

    def __iter__(self) -> Iterator[OutputFormat]:
        return iter(self._formats.values())

    def __getitem__(self, name: str) -> OutputFormat:
        return self._formats[name]

    @property
    def names(self) -> list[str]:
        return list(self._formats)

    def add(self, output_format: OutputFormat) -> None:
        """One more format: it becomes a `--format` choice of every command built after."""
        self._formats[output_format.name] = output_format

    def choices(self) -> object:
        """The `--format` choices, as the Literal typer turns into a checked option (an enum
        would be a class made at every start of the command, for its help too)."""
        return Literal[tuple(self._formats)]

    def renderer(self, name: str) -> R:
        """The renderer of one format, its module imported now."""
        module, _, function = self._formats[name].renderer.partition(":")
        return cast(R, getattr(importlib.import_module(module), function))

    def for_suffix(self, suffix: str) -> str | None:
        """The format an output file's extension (`.md`, `.HTML`) asks for, if one does."""
        wanted = suffix.lower().lstrip(".")
        return next((one.name for one in self if wanted in one.suffixes), None)
