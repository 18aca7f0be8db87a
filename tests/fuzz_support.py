"""Helpers of the fuzz tests: run a command in this process and measure it, write data back as
YAML text, and the strategies that make plans, actuals files and CSV exports to feed it."""

from __future__ import annotations

import contextlib
import csv
import ctypes
import ctypes.util
import datetime as dt
import io
import json
import re
import signal
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from hypothesis import strategies as st

from opmkt.cli import run
from opmkt.io.yamlio import parse
from opmkt.lint.schema import json_schema
from tests.conftest import EXAMPLES

# Running a command


@dataclass(frozen=True)
class Run:
    """What one `opmkt …` printed, how it ended, and what it cost."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str
    peak_bytes: int

    def __str__(self) -> str:
        command = f"opmkt {' '.join(self.args)} -> {self.code}"
        return f"{command}\nstdout: {self.out[:2000]}\nstderr: {self.err[:2000]}"


_CLEAR_REFS = Path("/proc/self/clear_refs")
_STATUS = Path("/proc/self/status")


def _status_kib(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB", _STATUS.read_text(), re.MULTILINE)
    assert match is not None
    return int(match.group(1))


def _peak_rss_resettable() -> bool:
    try:
        _CLEAR_REFS.write_text("5")  # 5: reset the peak resident set size to the current one
        _status_kib("VmHWM")
    except (OSError, AssertionError):
        return False
    return True


PEAK_BY_RSS = _peak_rss_resettable()
"""Linux can reset a process's peak resident memory: reading it costs nothing, and it is what
the system sees. Elsewhere tracemalloc measures Python's allocations, which makes every run
4 to 5 times slower (the suite would take over a minute more)."""


def _trimmer() -> Callable[[int], object]:
    """glibc's malloc_trim, which hands freed memory back to the system; elsewhere nothing."""
    try:
        trim: Callable[[int], object] = ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):  # not glibc
        return lambda pad: None
    return trim


_give_back = _trimmer()


@contextlib.contextmanager
def peak_memory() -> Iterator[list[int]]:
    """The peak memory used above what was in use before, in bytes, in the one-item list
    yielded (filled in on exit)."""
    box = [0]
    if PEAK_BY_RSS:
        # Memory freed by earlier runs goes back to the system first (glibc keeps it for
        # reuse, where a run could grow unseen): what the peak adds is the run's own.
        _give_back(0)
        _CLEAR_REFS.write_text("5")
        before = _status_kib("VmRSS")
        try:
            yield box
        finally:
            box[0] = max(_status_kib("VmHWM") - before, 0) * 1024
        return
    tracemalloc.start()
    try:
        yield box
    finally:
        box[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def opmkt(*args: str | Path) -> Run:
    """Run `opmkt ARGS…` in this process as the installed command runs it; capture both streams
    (stdout with a binary buffer under it, for the commands that write bytes)."""
    argv = [str(a) for a in args]
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
    err = io.StringIO()
    with (
        peak_memory() as peak,
        hang_guard(argv),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = run(argv)
    out.flush()
    text = raw.getvalue().decode("utf-8", errors="replace")
    return Run(tuple(argv), code, text, err.getvalue(), peak[0])


HANG_SECONDS = 60
"""A run that has not ended after this long is hung (a runaway loop): a guard against a hang,
far above what any run needs on a slow, busy machine, not a speed target (`make bench` has
those)."""


class Hung(BaseException):
    """Raised into a hung run; a BaseException, so that the CLI's own handler (which turns any
    Exception into exit 3) lets it through to the test."""


@contextlib.contextmanager
def hang_guard(argv: list[str]) -> Iterator[None]:
    """Interrupt the run in this thread when it passes HANG_SECONDS (POSIX timers; elsewhere no
    guard: the test runner's own timeout is then the only one)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise Hung(f"opmkt {' '.join(argv)} still running after {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Data as YAML text


class Raw(str):
    """A scalar written as it is: a number, a date, a word YAML reads its own way, or
    something that is not valid YAML at all."""


class Flow(dict[Any, Any]):
    """A mapping written in flow style, `{a: 1, b: 2}`."""


class FlowList(list[Any]):
    """A list written in flow style, `[a, b]`."""


_PLAIN_TEXT = re.compile(r"[A-Za-z\u00c0-\u024f][\w .'’()/+-]*\Z")
_YAML_WORDS = {"null", "true", "false"}


def scalar_text(value: Any) -> str:
    """One scalar as YAML reads it back: text stays text, a number keeps its spelling."""
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)  # WrittenInt and WrittenDecimal give their source spelling
    text = str(value)
    plain = (
        _PLAIN_TEXT.match(text)
        and text.lower() not in _YAML_WORDS
        and not text.endswith(" ")
        and " #" not in text
        and ": " not in text
    )
    # Anything else is double-quoted: a JSON string is a YAML double-quoted string.
    return text if plain else json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        items = ", ".join(f"{scalar_text(k)}: {_flow(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    text = scalar_text(value)
    # In flow style, plain text may not hold the flow indicators.
    if not isinstance(value, Raw) and re.search(r"[,\[\]{}]", text) and text[:1] != '"':
        return json.dumps(str(value), ensure_ascii=False)
    return text


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, (Flow, FlowList)) or not isinstance(value, (dict, list)) or not value:
        return [pad + _flow(value)]
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            inner = _block(item, indent + 2)
            if len(inner) == 1 and not _nested_block(item):
                lines.append(f"{pad}{scalar_text(key)}: {inner[0].lstrip()}")
            else:
                lines.append(f"{pad}{scalar_text(key)}:")
                lines += inner
        return lines
    for item in value:
        inner = _block(item, indent + 2)
        lines.append(f"{pad}- {inner[0].lstrip()}")
        lines += inner[1:]
    return lines


def _nested_block(value: Any) -> bool:
    return (
        isinstance(value, (dict, list)) and not isinstance(value, (Flow, FlowList)) and bool(value)
    )


def to_yaml(data: Any) -> str:
    """`data` as block-style YAML text (Flow and FlowList parts in flow style)."""
    return "\n".join(_block(data, 0)) + "\n"


# The examples

EXAMPLE_NAMES = ("fournil-dupont", "northwind-studio")
EXAMPLE_BYTES: dict[tuple[str, str], bytes] = {
    (name, kind): (EXAMPLES / name / f"{kind}.yaml").read_bytes()
    for name in EXAMPLE_NAMES
    for kind in ("plan", "actuals")
}
EXAMPLE_DATA: dict[tuple[str, str], Any] = {
    key: parse(data).data for key, data in EXAMPLE_BYTES.items()
}
# Mutations start from the examples as to_yaml writes them: that must be the same data, or a
# "mutation" would be an unseen change of its own.
assert all(parse(to_yaml(data).encode()).data == data for data in EXAMPLE_DATA.values())


def _ids(data: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id" and isinstance(value, str):
                found.add(value)
            found |= _ids(value)
    elif isinstance(data, list):
        for item in data:
            found |= _ids(item)
    return found


def _ids_of(section: str) -> list[str]:
    found: set[str] = set()
    for (_, kind), data in EXAMPLE_DATA.items():
        if kind == "plan":
            items = data["budget"]["lines"] if section == "lines" else data[section]
            found.update(item["id"] for item in items)
    return sorted(found)


LINE_IDS = _ids_of("lines")
KPI_IDS = _ids_of("kpis")
IDS = sorted(set().union(*(_ids(data) for data in EXAMPLE_DATA.values())) | {"budget", "x"})
"""Every id the examples define: references drawn from these often resolve."""


# Scalars


def _words(text: str) -> list[str]:
    return text.split()


RAW_SCALARS = [
    *_words("0 1 -1 +1 007 1_000 1_000.50 0.5 .5 5. 1e3 1E-3 -0 0x1F 0o17 0b101"),
    *_words(".inf -.inf .nan 1e15 1e16 999999999999999 0.000000000000001 1e-16 1e400"),
    *_words("99999999999999999999999999999 123456789.123456789012345"),
    *_words("2027-01-01 2027-12-31 2027-02-29 2027-02-30 2027-13-01 0001-01-01 9999-12-31"),
    *_words("2027-02 2027-13 0001-01 9999-12 2027-1-5 2027-01-01T10:00:00 12:30"),
    *_words("true false yes no on off y n null ~ Null TRUE"),
    *_words("EUR USD GBP JPY BHD XXX eur € fr_FR en_US ja_JP ar_EG xx_XX fr"),
    *_words("month quarter week business communication conversion financial performance"),
    *_words("accepted received requested planned in_progress done cancelled social_media"),
    *_words("promotion product roi cac average_basket conversion_rate budget service"),
    "plan.yaml",
    "actuals.yaml",
    "../plan.yaml",
    "/dev/null",
    "''",
    '""',
    "'it''s'",
    '"tab\\there"',
    '"bell\\a"',
    '"\\u2028"',
    "|\n  block text\n",
    ">-\n  folded\n",
    "&anchor value",
    "*anchor",
    "*undefined",
    "!!str 12",
    "!!int twelve",
    "!!float 1.5",
    "!!bool maybe",
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!!int {a: 1}",
    "!!seq {a: 1}",
    "!!map [1]",
    "!!timestamp 2027-01-01",
    "!!set {a: null}",
    "!!omap [{a: 1}]",
    "1" * 4301,
    "-" + "9" * 5000,
    "0x" + "f" * 4000,
    "1" * 4301 + ".5",
    "!local thing",
    "[unclosed",
    "{a: 1",
    "- item",
    "? complex",
    "key: value: more",
    "@reserved",
    "`reserved",
    "%YAML",
]
"""Plain YAML tokens: numbers in every spelling (and integers past Python's 4,300-digit limit),
dates real and impossible, YAML 1.1 words, the format's enumerations, tags (on scalars, on
collections, and on keys, where `keys` draws these too), anchors, aliases and broken syntax."""

TEXTS = [
    "",
    " ",
    "Fournil Dupont",
    "Crème brûlée — été",
    "[/bold] [red]markup[/red]",
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% raw %}",
    "a | b",
    "line\nbreak",
    "tab\there",
    "CR\rhere",
    "javascript:alert(1)",
    '=HYPERLINK("http://x")',
    "x" * 3000,
    "日本語のテキスト",
    "مرحبا",
    "\u202eright-to-left override",
    "emoji 🎉",
    "NUL\x00",
    "bell\x07",
    "internal",  # not the words the property looks for
]

texts = st.one_of(
    st.sampled_from(TEXTS),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
)
raw_scalars = st.sampled_from(RAW_SCALARS).map(Raw)
numbers = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(lambda n: Raw(str(n))),
    st.integers(0, 20)
    .flatmap(lambda places: st.decimals(allow_nan=False, allow_infinity=False, places=places))
    .map(lambda d: Raw(format(d, "f"))),
    st.sampled_from([r for r in RAW_SCALARS if r[:1].isdigit() or r[:1] in "+-."]).map(Raw),
)
dates = st.one_of(
    st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2028, 12, 31)),
    st.dates(),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(9999, 12, 1), dt.date(2028, 2, 29)]),
).map(lambda d: Raw(d.isoformat()))
fair_numbers = st.one_of(
    st.integers(min_value=0, max_value=10**15 - 1).map(lambda n: Raw(str(n))),
    st.decimals(min_value=0, max_value=10**9, places=2).map(lambda d: Raw(format(d, "f"))),
    st.sampled_from(["0", "1", "100", "1200.50", "0.01", "0.000000000000001", "1e3", "1_000"]).map(
        Raw
    ),
)
"""Numbers the format accepts for money: 0 or more, within 10^15, at most 15 decimals."""
fair_texts = st.one_of(
    st.sampled_from([t for t in TEXTS if not re.search("[\x00-\x08\x0b-\x1f\x7f]", t)]),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30),
)
any_scalar = st.one_of(
    raw_scalars, texts, numbers, dates, st.none(), st.booleans(), st.sampled_from(IDS)
)


def _vocabulary() -> list[str]:
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json_schema("plan"))
    walk(json_schema("actuals"))
    return sorted(names | {"<<"})


VOCABULARY = _vocabulary()
"""Every key of the plan and actuals formats, so that random documents get past the top."""

keys = st.one_of(st.sampled_from(VOCABULARY), texts, raw_scalars)


def _collection(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(FlowList),
        st.dictionaries(keys, children, max_size=5),
        st.dictionaries(keys, children, max_size=5).map(Flow),
    )


trees = st.recursive(any_scalar, _collection, max_leaves=25)
"""Random YAML data of any shape, keyed mostly by the format's own words."""


# Documents shaped by the format's JSON Schema


_ID_LIKE = {"^[A-Za-z0-9._-]+$"}


class Shaper:
    """Strategies for values that follow a JSON Schema, now and then something else, so that
    most documents load and the commands beyond loading get to run on odd but valid data."""

    def __init__(
        self, schema: dict[str, Any], hints: dict[str, st.SearchStrategy[Any]] | None = None
    ) -> None:
        self.defs: dict[str, Any] = schema.get("$defs", {})
        self.schema = schema
        self.hints = hints or {}
        self.built: dict[tuple[int, int], st.SearchStrategy[Any]] = {}

    def document(self) -> st.SearchStrategy[Any]:
        return self.shaped(self.schema, 0)

    def shaped(self, node: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        return st.composite(lambda draw: draw(self._value(node, depth, draw)))()

    def _value(self, node: dict[str, Any], depth: int, draw: st.DrawFn) -> st.SearchStrategy[Any]:
        if draw(st.integers(0, 60)) == 60:  # now and then, anything at all
            return trees
        key = (id(node), depth)
        if key not in self.built:
            self.built[key] = self._follow(node, depth)
        return self.built[key]

    def _follow(self, node: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        if "$ref" in node:
            return self._follow(self.defs[node["$ref"].rsplit("/", 1)[1]], depth)
        if "anyOf" in node:
            return st.one_of([self._follow(n, depth) for n in node["anyOf"]])
        if "const" in node:
            return st.just(node["const"]).map(lambda v: Raw(str(v)) if isinstance(v, int) else v)
        if "enum" in node:
            return st.sampled_from(node["enum"])
        kind = node.get("type")
        if kind == "object":
            return self._object(node, depth)
        if kind == "array":
            size = 3 if depth < 4 else 0
            return st.lists(self.shaped(node.get("items", {}), depth + 1), max_size=size)
        if kind == "string":
            return self._string(node)
        if kind in ("number", "integer"):
            return st.one_of(fair_numbers, fair_numbers, numbers)
        if kind == "null":
            return st.none()
        return trees

    def _object(self, node: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        properties: dict[str, Any] = node.get("properties", {})
        if not properties:
            extra = node.get("additionalProperties")
            value = self.shaped(extra, depth + 1) if isinstance(extra, dict) else any_scalar
            names = node.get("propertyNames", {})
            key = self._string(names) if names else st.sampled_from(IDS + VOCABULARY[:10])
            return st.dictionaries(key, value, max_size=3)
        required = set(node.get("required", []))
        values = {
            n: self.hints[n] if n in self.hints else self.shaped(p, depth + 1)
            for n, p in properties.items()
        }
        fixed = {n: value for n, value in values.items() if n in required}
        optional = {n: value for n, value in values.items() if n not in required}
        maps = st.fixed_dictionaries(fixed, optional=optional).map(_in_order)
        return st.one_of(maps, maps.map(Flow)) if depth > 1 else maps

    def _string(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        pattern = node.get("pattern", "")
        if node.get("format") == "date":
            return dates
        if pattern in _ID_LIKE:
            return st.sampled_from(IDS)
        if pattern.startswith("^[0-9]{4}-(0[1-9]"):
            months = st.dates().map(lambda d: Raw(d.isoformat()[:7]))
            return st.one_of(months, dates) if "-[0-9]{2})?" in pattern else months
        if pattern == "^[A-Z]{3}$":
            return st.sampled_from(["EUR", "USD", "GBP", "JPY", "BHD", "CHF", "XXX"])
        if pattern.startswith("^[a-z]{2,3}"):
            return st.sampled_from(["fr_FR", "en_US", "fr_CA", "de_DE", "ja_JP", "ar_EG", "en"])
        return fair_texts


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _in_order(item: dict[str, Any]) -> dict[str, Any]:
    """A period that ends before it starts, or lasts more than 10 years, does not load: put the
    two dates in order, and a long period's end in its start's year, so that the commands past
    loading run (mutations and wild values still disorder). A recurrence in either order loads
    (the budget-dates rule names a reversed one); ordered, most of them have occurrences."""
    for first, last in (("start", "end"), ("from", "to")):
        a, b = item.get(first), item.get(last)
        if isinstance(a, Raw) and isinstance(b, Raw) and len(a) == len(b) and b < a:
            item[first], item[last] = b, a
    start, end = item.get("start"), item.get("end")
    if (
        set(item) == {"start", "end"}
        and isinstance(start, Raw)
        and isinstance(end, Raw)
        and all(_DAY.fullmatch(day) for day in (start, end))
    ):
        months = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7]) - int(start[5:7]) + 1
        if months > 120:
            item["end"] = Raw(f"{start[:4]}-12-31")
    return item


plan_documents = Shaper(json_schema("plan")).document()
# An actuals file names its plan: mostly the one beside it, so that its records get checked.
actuals_documents = Shaper(
    json_schema("actuals"), {"plan": st.one_of(st.just("plan.yaml"), st.just("plan.yaml"), texts)}
).document()


# Structural mutations of the examples


def _places(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value in `data` with the path to it, the whole document first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _places(value, (*path, i))


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return type(data)({k: _copy(v) for k, v in data.items()})
    if isinstance(data, list):
        return type(data)(_copy(v) for v in data)
    return data


EXTREMES: dict[str, list[Any]] = {
    "number": [Raw(t) for t in _words("0 0.000000000000001 999999999999999 1e14 -1 12.345 0.5")],
    "date": [Raw(t) for t in _words("0001-01-01 9999-12-31 2027-02-28 2024-02-29 2027-12-31")],
    "month": [Raw(t) for t in _words("0001-01 9999-12 2027-12 2027-01")],
    "text": TEXTS,
}


def _kind_of(value: Any) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return "number"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "date"
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    return "text"


GENTLE = ("duplicate", "swap-id", "extreme", "extreme", "delete", "empty", "recur-forever")
"""Changes after which a plan often still loads: the commands past loading get odd data."""
ROUGH = ("retype", "add-key")
"""Changes after which it rarely does: the loader's findings get exercised."""


def _other_type(value: Any) -> Callable[[Any], bool]:
    return lambda new: type(new) is not type(value)


@st.composite
def mutated(draw: st.DrawFn, data: Any, kinds: tuple[str, ...] = GENTLE + ROUGH) -> str:
    """The example's data, changed one to four ways, as YAML text."""
    data = _copy(data)
    for _ in range(draw(st.integers(1, 4))):
        places = list(_places(data))
        path, value = draw(st.sampled_from(places))
        kind = draw(st.sampled_from(kinds))
        if not path:
            continue
        parent, last = _at(data, path[:-1]), path[-1]
        if kind == "delete":
            del parent[last]
        elif kind == "retype":
            parent[last] = draw(trees.filter(_other_type(value)))
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(last, _copy(value))
        elif kind == "swap-id" and isinstance(value, str):
            parent[last] = draw(st.sampled_from(IDS))
        elif kind == "extreme" and not isinstance(value, (dict, list, bool)) and value is not None:
            parent[last] = draw(st.sampled_from(EXTREMES[_kind_of(value)]))
        elif kind == "recur-forever" and isinstance(value, dict) and "label" in value:
            # A recurrence bomb: 119,988 months typed in 40 bytes (budget-dates refuses it;
            # no command may enumerate it).
            value.pop("date", None)
            value["recurring"] = {"every": "month", "from": Raw("0001-01"), "to": Raw("9999-12")}
        elif kind == "add-key" and isinstance(value, dict):
            value[draw(keys)] = draw(any_scalar)
        elif kind == "empty" and isinstance(value, (dict, list)):
            value.clear()
    return to_yaml(data)


# Byte damage

CONTROL = [bytes([c]) for c in [*range(0x20), 0x7F]]
INSERTS = [
    *CONTROL,
    *(c.encode() for c in "[]{}'\"\t:-#&*!|>%@` \n"),
    b"\xef\xbb\xbf",  # a byte order mark
    b"\xff",
    b"\xc3",  # half of a two-byte UTF-8 character
    b"\xe2\x80\xa8",  # U+2028
    b"\r",
    b"---\n",
    b"...\n",
]


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` truncated at any byte, with characters inserted, lines deleted or repeated."""
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "delete-line", "repeat-line", "insert"]))
        lines = data.splitlines(keepends=True)
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind in ("delete-line", "repeat-line") and lines:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i : i + 1] = [] if kind == "delete-line" else [lines[i], lines[i]]
            data = b"".join(lines)
        else:
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from(INSERTS)) + data[at:]
    return data


def file_contents(kind: str, *, loading: bool = False) -> st.SearchStrategy[bytes]:
    """Contents for a plan or an actuals file, from every strategy: a random document shaped
    like the format, random YAML, a mutated example, a damaged example, or a mutated one then
    damaged. With `loading`, mostly files that load (half of them, against a quarter), for the
    commands that refuse the others."""
    examples = [EXAMPLE_DATA[(name, kind)] for name in EXAMPLE_NAMES]
    originals = [EXAMPLE_BYTES[(name, kind)] for name in EXAMPLE_NAMES]
    documents = (plan_documents if kind == "plan" else actuals_documents).map(to_yaml)
    mutations = st.sampled_from(examples).flatmap(mutated)
    anything = st.one_of(
        documents.map(str.encode),
        trees.map(to_yaml).map(str.encode),
        mutations.map(str.encode),
        st.sampled_from(originals).flatmap(damaged),
        mutations.map(str.encode).flatmap(damaged),
    )
    if not loading:
        return anything
    gentle = st.sampled_from(examples).flatmap(lambda data: mutated(data, GENTLE))
    return st.one_of(documents.map(str.encode), gentle.map(str.encode), anything)


# CSV exports

CSV_HEADERS = [
    *_words("line date amount currency ref note kpi value"),
    " Date ",
    "AMOUNT",
    "Montant",
    "Invoice date",
    "",
    '"',
    "amount,amount",
]
CSV_CELLS = [
    "",
    " ",
    "B1",
    "B5",
    "ca",
    "visits",
    "roi",
    "EUR",
    "USD",
    "usd",
    "€",
    "2027-03-31",
    "2027-02-30",
    "31/03/2027",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "1234.50",
    "1 234,56",
    "1.234,56",
    "1,234.56",
    "1\u202f234,56",
    "-5",
    "+5",
    "0",
    "1e3",
    "NaN",
    "Infinity",
    "99999999999999999999999999999999",
    "0.0000000000000000000001",
    "١٢٣",
    "１２",
    "=SUM(A1:A2)",
    "line\nbreak",
    '"quoted"',
    "x" * 500,
]


@dataclass(frozen=True)
class CsvExport:
    """A CSV file to import and the options of `opmkt track import` to read it with."""

    content: bytes
    kind: str
    options: tuple[str, ...]


_ENCODINGS: list[Callable[[str], bytes]] = [
    lambda text: text.encode("utf-8"),
    lambda text: text.encode("utf-8"),
    lambda text: text.encode("utf-8"),
    lambda text: text.encode("utf-8-sig"),
    lambda text: text.encode("utf-16"),
    lambda text: text.encode("latin-1", errors="replace"),
    lambda text: text.encode("cp1252", errors="replace"),
]


@st.composite
def csv_exports(draw: st.DrawFn) -> CsvExport:
    """Random headers and cells, separators, quoting, encodings, line ends; or junk."""
    kind = draw(st.sampled_from(["spend", "kpi"]))
    cell = st.one_of(st.sampled_from(CSV_CELLS), st.sampled_from(IDS), texts)
    header = draw(st.lists(st.one_of(st.sampled_from(CSV_HEADERS), texts), min_size=0, max_size=7))
    if draw(st.integers(0, 3)):  # most exports name the fields: rows then get read and checked
        fields = ["line", "date", "amount", "currency", "ref", "note", "kpi", "value"]
        header = [*draw(st.permutations(fields)), *header]
    good_cell = st.sampled_from(
        ["B1", "B2", "ca", "2027-03-31", "2027-04-01", "120", "99.90", "EUR", "REF-1", "note"]
    )
    cell = st.one_of(good_cell, good_cell, cell)
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width + 1), min_size=0, max_size=6))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    quoting: Literal[0, 1, 2, 3] = draw(
        st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE])
    )
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        quoting=quoting,
        escapechar="\\",
        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])),
    )
    for row in [header, *rows]:
        try:
            writer.writerow(row)
        except csv.Error:  # QUOTE_NONE cannot write a row of one empty field: quote that one
            buffer.write('""\n')
    content = draw(st.sampled_from(_ENCODINGS))(buffer.getvalue())
    damage = draw(st.sampled_from(["none", "none", "none", "damaged", "binary", "empty"]))
    if damage == "damaged":
        content = draw(damaged(content))
    elif damage == "binary":
        content = draw(st.binary(max_size=200))
    elif damage == "empty":
        content = b""
    options: list[str] = []
    if draw(st.integers(0, 3)) == 0:
        options.append("--decimal-comma")
    if draw(st.integers(0, 3)) == 0:
        options += ["--date-format", draw(st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%m/%d/%y"]))]
    for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 2)) == 0 else 0):
        column = draw(st.sampled_from([*CSV_HEADERS, "Montant", "Invoice date"]))
        field = draw(st.sampled_from(["line", "date", "amount", "value", "kpi", "ref", "note"]))
        options += ["--map", f"{column}={field}"]
    return CsvExport(content, kind, tuple(options))
