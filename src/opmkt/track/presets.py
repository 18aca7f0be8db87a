"""Presets: how each tool writes its export, one TOML file per tool in `data/presets/` (or a
user's own, `--preset-file`), read here into a `Preset`. A preset says which encodings and
separators the file may have, which rows come before the header and after the data (comments,
titles, totals), which column holds each field, and how numbers and dates are written."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from opmkt.errors import FileError, UsageError
from opmkt.findings import Listed, Message, Value, say
from opmkt.io.limits import read_source
from opmkt.io.resources import data_dir
from opmkt.track.dates import check_date_format
from opmkt.track.match import pattern

Names = Annotated[list[str], Field(min_length=1)]
"""A column's names as tools spell them (in each language), `*` and `?` allowed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dates(_Strict):
    columns: list[str] = Field(default_factory=list, description="The row's day, by name.")
    format: str = Field("%Y-%m-%d", description="How the day is written (strptime).")
    range: str | None = Field(
        None,
        description="A regular expression finding the report's dates in the rows before the "
        "header, with (?P<end>…): the day of every row when there is no date column.",
    )
    range_format: str | None = Field(None, description="How the range's days are written.")

    @field_validator("range")
    @classmethod
    def _range(cls, value: str | None) -> str | None:
        if value is not None and "(?P<end>" not in value:
            raise ValueError("a range names the report's last day (?P<end>…)")
        if value is not None:
            re.compile(value)
        return value


class Keep(_Strict):
    column: Names
    match: Names


class Metric(_Strict):
    column: list[str] = Field(default_factory=list, description="Its values, added up.")
    minus: list[str] = Field(default_factory=list, description="Values taken off it.")
    distinct: list[str] = Field(
        default_factory=list, description="Or: how many different values this column has."
    )
    keep: Keep | None = Field(None, description="Only the rows whose column matches.")


class Preset(_Strict):
    """What a preset file holds; `name` is its file's name."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(description="The tool and the report, as `opmkt track presets` lists it.")
    export: str = Field(description="Where in the tool the export is downloaded.")
    encodings: list[str] = Field(["utf-8"], min_length=1)
    delimiters: str = Field(",", min_length=1)
    comment: str | None = Field(None, description="Lines starting with it are skipped.")
    decimal: Literal[".", ",", "either"] = "."
    empty: list[str] = Field(default_factory=list, description="Cells that mean nothing: --.")
    totals: list[str] = Field(
        default_factory=list, description="A row whose first cell matches is a total: dropped."
    )
    keep: Keep | None = Field(None, description="Only the rows whose column matches.")
    date: Dates = Field(default_factory=Dates)
    source: list[str] = Field(
        default_factory=list, description="The columns a line's `match` patterns are tried on."
    )
    amount: list[str] = Field(default_factory=list, description="Spend, by name.")
    debit: list[str] = Field(default_factory=list, description="Or debit …")
    credit: list[str] = Field(default_factory=list, description="… less credit.")
    currency: list[str] = Field(default_factory=list, description="The row's currency, by name.")
    currency_in_header: bool = Field(
        False, description="The currency is the amount's header suffix: `Amount spent (USD)`."
    )
    ref: list[str] = Field(default_factory=list, description="An invoice or order reference.")
    metrics: dict[str, Metric] = Field(default_factory=dict)

    @field_validator("encodings")
    @classmethod
    def _encodings(cls, value: list[str]) -> list[str]:
        import codecs

        for name in value:
            codecs.lookup(name)
        return value

    @property
    def decimal_mark(self) -> str | None:
        return None if self.decimal == "either" else self.decimal

    @property
    def recognised_by(self) -> list[list[str]]:
        """The columns a header row must have to be this export's: where spend is and what
        places it, or the first metrics, and the day of a row (unless the report's range
        gives it)."""
        wanted = [self.amount + self.debit, self.source]
        if not self.date.range:
            wanted.append(self.date.columns)
        if not (self.amount or self.debit):
            wanted += [metric.column or metric.distinct for metric in self.metrics.values()][:2]
        return [names for names in wanted if names]

    def reads(self) -> Listed:
        """What it reads, in a line of `opmkt track presets`."""
        kinds: list[Value] = []
        money = [*self.amount[:1], *(f"{self.debit[0]} − {self.credit[0]}" for _ in self.debit[:1])]
        if money:
            spend = say("spend from {columns}", columns=" / ".join(money))
            if self.source:
                spend = say(
                    "spend from {columns}, placed by {sources}",
                    columns=" / ".join(money),
                    sources=" / ".join(self.source[:2]),
                )
            kinds.append(spend)
        if self.metrics:
            kinds.append(say("KPI metrics {metrics}", metrics=", ".join(self.metrics)))
        return Listed(tuple(kinds), "; ")


def builtin_folder() -> Path:
    return data_dir("presets")


@cache
def builtin() -> dict[str, Preset]:
    """The presets shipped with opmkt, by name."""
    found = {}
    for path in sorted(builtin_folder().glob("*.toml")):
        found[path.stem] = _parsed(path.read_bytes(), path.stem, str(path))
    return found


def named(name: str) -> Preset:
    known = builtin()
    if name not in known:
        from opmkt.track.record import did_you_mean

        hint = did_you_mean(name, list(known)) or say(
            ": the presets are {presets}", presets=", ".join(known)
        )
        raise UsageError(
            say(
                "--preset {name} is not a preset{hint} (or --preset auto)",
                name=repr(name),
                hint=hint,
            )
        )
    return known[name]


def from_file(path: Path) -> Preset:
    """A user's own preset file, in the shipped presets' format."""
    display = str(path)
    data = read_source(path, display, yaml=False)
    name = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or "preset"
    return _parsed(data, name, display)


def _parsed(data: bytes, name: str, display: str) -> Preset:
    try:
        text = data.decode("utf-8")
        table = tomllib.loads(text)
    except UnicodeDecodeError:
        raise FileError(say("{file}: not UTF-8 text", file=display)) from None
    except tomllib.TOMLDecodeError as exc:
        raise FileError(_toml_problem(display, str(exc))) from None
    try:
        preset = Preset.model_validate({"name": name, **table})
    except (ValidationError, LookupError, re.error) as exc:
        raise FileError(f"{_key_place(display, text, exc)}: {_first_problem(exc)}") from None
    for date_format in (preset.date.format, preset.date.range_format):
        if date_format is not None:
            check_date_format(date_format, option=say("{file}: date format", file=display))
    if not (preset.amount or preset.debit or preset.metrics):
        raise FileError(
            say("{file}: a preset reads an amount, debit and credit, or metrics", file=display)
        )
    return preset


def _toml_problem(display: str, message: str) -> Message:
    """tomllib's message (its English), located the way every other finding is:
    `FILE:LINE:COLUMN: …`."""
    found = re.fullmatch(r"(?s)(.*) \(at line (\d+), column (\d+)\)", message)
    if found is None:
        return say("{place}: not a preset file (TOML): {why}", place=display, why=message)
    what, line, column = found.groups()
    place = f"{display}:{line}:{column}"
    return say("{place}: not a preset file (TOML): {why}", place=place, why=what)


def _key_place(display: str, text: str, exc: Exception) -> str:
    """`FILE:LINE` of the key a validation error is about (its first assignment in the file),
    or the file alone when the key is not written (a missing one) or the error is not a
    key's."""
    if not isinstance(exc, ValidationError):
        return display
    keys = [part for part in exc.errors()[0]["loc"] if isinstance(part, str)]
    if not keys:
        return display
    assigned = re.compile(rf"^\s*{re.escape(keys[-1])}\s*=", re.MULTILINE)
    found = assigned.search(text)
    return f"{display}:{text.count(chr(10), 0, found.start()) + 1}" if found else display


def _first_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        return f"{where}: {error['msg']}"
    return str(exc)


def find_column(header: Sequence[str], names: Sequence[str]) -> int | None:
    """The first column of `header` named by one of `names` (patterns, any case)."""
    for name in names:
        compiled = pattern(name)
        for index, cell in enumerate(header):
            if compiled.match(cell.strip()):
                return index
    return None
