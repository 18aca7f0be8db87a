"""Record results in an actuals file: spend and KPI measurements, by hand or from CSV exports.

New records are spliced into the file's text after the last item of their section, so that
every byte already there (comments, blank lines, quoting, line endings) stays as it was. The
read, the check and the atomic rename happen under the exclusive lock every rewriting command
takes (`fsio.locked`), so that processes recording at the same time all land.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import io
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TypeVar

from ruamel.yaml.comments import CommentedMap

from opmkt.errors import FileError, UsageError
from opmkt.findings import printable
from opmkt.io.decode import CONTROL
from opmkt.io.files import locked, open_regular, write_atomic
from opmkt.io.limits import read_source
from opmkt.io.modeline import modeline, schema_of
from opmkt.io.yamledit import Record, append, renderer
from opmkt.plan.loader import Loaded, load_bytes, load_plan, not_loaded, refuse_other_plan
from opmkt.plan.model import Kpi, Plan, describe_input, number_refusal

Kind = Literal["spend", "kpi"]
_T = TypeVar("_T")

SECTIONS: dict[Kind, str] = {"spend": "spend", "kpi": "kpis"}
FIELDS: dict[Kind, tuple[str, ...]] = {
    "spend": ("line", "date", "amount", "ref", "currency", "note"),
    "kpi": ("kpi", "date", "value", "note"),
}
REQUIRED: dict[Kind, tuple[str, ...]] = {
    "spend": ("line", "date", "amount"),
    "kpi": ("kpi", "date", "value"),
}

PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?\Z")
_SPACES = " \xa0\u202f\u2009"
# A whole part in groups of three, each separator the same, up to the decimal mark or the end.
_GROUPED = {
    False: re.compile(
        rf"[-+]?[0-9]{{1,3}}(?P<sep>[{_SPACES}])[0-9]{{3}}(?:(?P=sep)[0-9]{{3}})*(?=\.|\Z)"
    ),
    True: re.compile(
        rf"[-+]?[0-9]{{1,3}}(?P<sep>[{_SPACES}.])[0-9]{{3}}(?:(?P=sep)[0-9]{{3}})*(?=,|\Z)"
    ),
}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_CURRENCY = re.compile(r"[A-Z]{3}\Z")


class Invalid(ValueError):
    """A value cannot be recorded; the message says why, for the user."""


@dataclass(frozen=True)
class Outcome:
    """What a recording did, or, for an import with bad rows, why it did nothing."""

    summary: str
    added: int = 0
    already: int = 0
    problems: list[str] = field(default_factory=list)


# Parsing what the user typed or exported


def parse_number(text: str, *, decimal_comma: bool = False, grouping: bool = False) -> Decimal:
    """The exact decimal written in `text`; never through float, never guessing separators.

    With `grouping` (CSV exports), spaces and no-break spaces may separate thousands; with
    `decimal_comma`, `,` is the decimal mark and `.` may separate thousands too.
    """
    raw = text.strip()
    body = raw
    if grouping and _GROUPED[decimal_comma].match(raw):
        whole, sep, rest = _split_grouped(raw, decimal_comma)
        body = whole.replace(sep, "") + rest
    if decimal_comma:
        if "." in body:
            raise Invalid(f"{quoted(raw)} is not a number with a decimal comma, such as 1 234,56")
        body = body.replace(",", ".", 1) if body.count(",") == 1 else body
    if PLAIN_NUMBER.match(body):
        return Decimal(body)
    if "," in raw:
        fix = (
            "import with --decimal-comma if ',' is the decimal mark, else remove the separators"
            if grouping
            else "write it with a dot for decimals and no thousands separator, such as 1234.50"
        )
        raise Invalid(
            f"{quoted(raw)} is ambiguous (is ',' a thousands separator or a decimal mark?): {fix}"
        )
    if not raw:
        raise Invalid("is empty")
    raise Invalid(f"{quoted(raw)} is not a number: write it like 1234.50")


def _split_grouped(raw: str, decimal_comma: bool) -> tuple[str, str, str]:
    """Split `1 234,56` into the grouped whole part, its separator and the rest."""
    match = _GROUPED[decimal_comma].match(raw)
    assert match is not None
    return match.group(0), match.group("sep"), raw[match.end() :]


def parse_date(text: str, date_format: str | None = None) -> dt.date:
    """A real calendar day, written YYYY-MM-DD or in `date_format` (strptime)."""
    raw = text.strip()
    if not raw:
        raise Invalid("is empty")
    if date_format is not None:
        try:
            return dt.datetime.strptime(raw, date_format).date()
        except ValueError:
            example = dt.date(2027, 3, 31).strftime(date_format)
            raise Invalid(
                f"{quoted(raw)} is not a day written as {date_format} (such as {example})"
            ) from None
    if not _ISO_DATE.match(raw):
        raise Invalid(f"{quoted(raw)} is not a date: write it YYYY-MM-DD, such as 2027-03-31")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise Invalid(f"{quoted(raw)} is not a day of the calendar") from None


def check_date_format(date_format: str) -> None:
    """Refuse a --date-format that cannot read the dates it writes (no directive, a typo)."""
    try:
        sample = dt.date(2027, 3, 31).strftime(date_format)
        ok = "%" in date_format and dt.datetime.strptime(sample, date_format).date().day == 31
    except ValueError:
        ok = False
    if not ok:
        raise UsageError(
            f"--date-format {date_format!r} cannot read dates: use strptime codes, "
            "such as %d/%m/%Y for 31/03/2027"
        )


_SHOWN = 60


def quoted(text: str) -> str:
    """What the user typed or exported, quoted in a message: printable, and cut when long. A
    cell with a line break must not break the `FILE:LINE: message` it is reported in."""
    shown = text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "…"
    return f"'{printable(shown)}'"


def currency_code(text: str) -> str:
    code = text.strip().upper()
    if not _CURRENCY.match(code):
        raise Invalid(f"{quoted(text)} is not a currency code: use ISO 4217, such as EUR or USD")
    return code


def plan_problems(kind: Kind, record: Record, plan: Plan, plan_name: str) -> list[str]:
    """What in `record` the plan does not allow: unknown ids, computed KPIs, missing rates."""
    problems = []
    lines, kpis = _ids(plan)
    if kind == "spend":
        if record["line"] not in lines:
            problems.append(
                f"the plan {plan_name} has no budget line {_unknown(record['line'], list(lines))}"
            )
        code = record.get("currency")
        known = [plan.plan.currency, *plan.plan.exchange_rates]
        if code is not None and code not in known:
            hint = did_you_mean(code, known)
            problems.append(
                f"the plan {plan_name} has no exchange rate for {code}{hint}: add "
                f"{code}: <value of 1 {code} in {plan.plan.currency}> to plan.exchange_rates"
            )
        return problems
    kpi = kpis.get(record["kpi"])
    if kpi is None:
        problems.append(f"the plan {plan_name} has no KPI {_unknown(record['kpi'], list(kpis))}")
    elif kpi.formula is not None:
        inputs = ", ".join(describe_input(source) for source in (kpi.inputs or {}).values())
        problems.append(
            f"KPI '{kpi.id}' is computed by its formula ({kpi.formula}), never measured: "
            f"record its inputs ({inputs}) instead"
        )
    return problems


_INDEXED: dict[int, tuple[Plan, dict[str, None], dict[str, Kpi]]] = {}


def _ids(plan: Plan) -> tuple[dict[str, None], dict[str, Kpi]]:
    """The plan's line ids and KPIs, indexed once per plan: an import checks every row."""
    known = _INDEXED.get(id(plan))
    if known is None or known[0] is not plan:
        lines = dict.fromkeys(line.id for line in plan.budget.lines) if plan.budget else {}
        kpis: dict[str, Kpi] = {}
        for kpi in plan.kpis:
            kpis.setdefault(kpi.id, kpi)
        known = _INDEXED[id(plan)] = (plan, lines, kpis)
    return known[1], known[2]


def _unknown(name: str, known: list[str]) -> str:
    hint = did_you_mean(name, known)
    if hint:
        return f"{quoted(name)}{hint}"
    if not known:
        return f"{quoted(name)} (it has none)"
    shown = ", ".join(known[:10]) + (", …" if len(known) > 10 else "")
    return f"{quoted(name)} (it has {shown})"


def did_you_mean(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f": did you mean '{close[0]}'?" if close else ""


# Recording


def record_spend(
    actuals: Path,
    line: str,
    amount: str,
    *,
    date: str | None = None,
    ref: str | None = None,
    currency: str | None = None,
    note: str | None = None,
    plan: Path | None = None,
) -> Outcome:
    """Append one spend record; a refusal is a UsageError and leaves the file untouched."""
    value = _given("amount", lambda: parse_number(amount))
    if value < 0:
        raise UsageError(f"amount {number_text(value)} is negative: money spent is 0 or more")
    record = make_record(
        "spend",
        line=line,
        date=_given("--date", lambda: _day(date)),
        amount=value,
        ref=ref,
        currency=_given("--currency", lambda: currency_code(currency)) if currency else None,
        note=note,
    )
    return _record_one(actuals, plan, "spend", record)


def record_kpi(
    actuals: Path,
    kpi: str,
    value: str,
    *,
    date: str | None = None,
    note: str | None = None,
    plan: Path | None = None,
) -> Outcome:
    """Append one KPI measurement; a refusal is a UsageError and leaves the file untouched."""
    record = make_record(
        "kpi",
        kpi=kpi,
        date=_given("--date", lambda: _day(date)),
        value=_given("value", lambda: parse_number(value)),
        note=note,
    )
    return _record_one(actuals, plan, "kpi", record)


def _given(label: str, read: Callable[[], _T]) -> _T:
    """The value `read` gives, or a UsageError naming the argument that is wrong."""
    try:
        return read()
    except Invalid as exc:
        raise UsageError(f"{label} {exc}") from None


def _day(text: str | None) -> dt.date:
    return dt.date.today() if text is None else parse_date(text)


def make_record(kind: Kind, **values: Any) -> Record:
    return {name: values[name] for name in FIELDS[kind] if values.get(name) not in (None, "")}


_EMPTY = {"line": "is empty: give the id of a budget line", "kpi": "is empty: give the id of a KPI"}


def record_problems(kind: Kind, record: Record) -> list[tuple[str, str]]:
    """What in `record` the actuals file would refuse once written, as (field, problem): no
    id, text holding a control character, a number beyond the format's bounds. Checked before
    writing, or the file would be left unreadable by every other command."""
    problems = [
        (name, why) for name, why in _EMPTY.items() if name in FIELDS[kind] and name not in record
    ]
    problems += text_problems(record)
    number = "amount" if kind == "spend" else "value"
    why = number_problem(kind, record[number]) if number in record else None
    if why is not None:
        problems.append((number, why))
    return problems


def text_problems(record: Record) -> list[tuple[str, str]]:
    """The fields of `record` holding text the actuals file would refuse: a control character."""
    problems = []
    for name, value in record.items():
        found = CONTROL.search(value) if type(value) is str else None
        if found is not None:
            why = f"holds a control character ({quoted(found.group())}): remove it"
            problems.append((name, why))
    return problems


def number_problem(kind: Kind, value: Decimal) -> str | None:
    """Why the actuals file would refuse `value` as a record's amount or value, if it would."""
    refused = number_refusal(value, money=kind == "spend")
    return None if refused is None else f"{number_text(value)}: {refused}"


_LABELS = {
    "line": "LINE",
    "kpi": "KPI",
    "date": "--date",
    "ref": "--ref",
    "note": "--note",
    "currency": "--currency",
}
"""How the command line names each field, in `track spend` and `track kpi` refusals."""


def _record_one(actuals: Path, plan: Path | None, kind: Kind, record: Record) -> Outcome:
    refused = record_problems(kind, record)
    if refused:
        raise UsageError("; ".join(f"{_LABELS.get(name, name)} {why}" for name, why in refused))
    display = str(actuals)
    with locked(actuals, display):
        target = open_target(actuals, display, plan)
        problems = plan_problems(kind, record, target.plan, target.plan_name)
        if problems:
            raise UsageError("; ".join(problems))
        target.write(kind, [record])
    if kind == "spend":
        currency = record.get("currency", target.plan.plan.currency)
        ref = f", ref {record['ref']}" if "ref" in record else ""
        what = (
            f"spend of {number_text(record['amount'])} {currency} on line {record['line']} "
            f"dated {record['date']}{ref}"
        )
    else:
        what = f"{record['kpi']} = {number_text(record['value'])} dated {record['date']}"
    return Outcome(f"recorded {what} in {display}{target.created_note}", added=1)


def number_text(value: Decimal) -> str:
    return format(value, "f")


# Importing CSV exports


def record_key(kind: Kind, record: Mapping[str, Any], currency: str) -> tuple[Any, ...]:
    """What makes two records the same: every field, a missing currency being the plan's.
    Missing fields may be left out of `record` or be None."""
    return tuple(
        (record.get(name) or currency) if name == "currency" else record.get(name)
        for name in FIELDS[kind]
    )


# The actuals file


@dataclass
class _Target:
    """The actuals file as read under the lock (or as it will be created), and its plan."""

    path: Path
    display: str
    plan: Plan
    plan_name: str
    text: str
    bom: bool
    created: bool
    records: Loaded | None

    @property
    def created_note(self) -> str:
        return f" (new file, tracking {self.plan_name})" if self.created else ""

    def existing(self, kind: Kind) -> Iterator[tuple[Any, ...]]:
        actuals = self.records.actuals if self.records is not None else None
        if actuals is None:
            return
        items = actuals.spend if kind == "spend" else actuals.kpis
        for item in items:
            # A model's fields are its __dict__: no dump of each of thousands of records.
            yield record_key(kind, vars(item), self.plan.plan.currency)

    def write(self, kind: Kind, records: list[Record]) -> None:
        try:
            # The loader's parse of the text, when there is one: a large file is parsed once.
            doc = self.records.doc if self.records is not None else None
            text = append(self.text, SECTIONS[kind], records, SECTIONS.values(), doc)
        except UsageError as exc:
            raise UsageError(f"{self.display}: {exc.message}") from None
        content = (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")
        try:
            # A new file must not replace one that appeared meanwhile without taking the lock.
            write_atomic(self.path, content, force=not self.created, display=self.display)
        except FileError:
            if self.created and self.path.exists():
                raise FileError(f"{self.display} appeared while recording: run again") from None
            raise


def open_target(path: Path, display: str, plan: Path | None) -> _Target:
    """Read the actuals file and its plan, or prepare a new actuals file for `plan`."""
    folder = path.parent
    if path.exists():
        data = read_source(path, display, yaml=False)
        loaded = load_bytes(data, display, expect="actuals")
        # Even a duplicate key, which validate lets pass, is refused: records go into this file.
        if loaded.actuals is None or loaded.findings:
            raise not_loaded(loaded, "actuals")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise UsageError(f"{display} is UTF-16: save it as UTF-8 to record into it")
        bom = data.startswith(codecs.BOM_UTF8)
        text = loaded.doc.text  # the UTF-8 text after the BOM
        plan_path = folder / loaded.actuals.plan
        # The name comes from the file: shown printable, or a line break in it would split the
        # one-line error that names it.
        plan_name = printable(str(Path(display).parent / loaded.actuals.plan))
        if plan is not None:
            refuse_other_plan(path, display, loaded.actuals.plan, plan, fix="leave out --plan, or")
        created, records = False, loaded
    else:
        plan_path = plan if plan is not None else folder / "plan.yaml"
        plan_name = str(plan_path)
        if plan is None and not plan_path.is_file():
            raise UsageError(
                f"{display} does not exist, and there is no {plan_name} beside it to track: "
                "give the plan with --plan FILE"
            )
        bom, created, records = False, True, None
        text = ""
    try:
        loaded_plan = load_plan(plan_path, plan_name)
    except FileError as exc:
        if created:
            raise
        raise FileError(f"{exc.message} (the plan {display} tracks: correct its `plan:`)") from None
    if loaded_plan.plan is None:
        raise not_loaded(loaded_plan, "plan")
    if created:
        text = _new_file(plan_path, folder)
    return _Target(path, display, loaded_plan.plan, plan_name, text, bom, created, records)


def _new_file(plan_path: Path, folder: Path) -> str:
    """The start of a new actuals file: a schema modeline when the plan's has a sibling, then
    `version` and `plan`."""
    reference = Path(os.path.relpath(plan_path.resolve(), folder.resolve())).as_posix()
    stream = io.StringIO()
    renderer().dump(CommentedMap([("version", 1), ("plan", reference)]), stream)
    modeline = _modeline(plan_path, folder)
    return (f"{modeline}\n" if modeline else "") + stream.getvalue()


def _modeline(plan_path: Path, folder: Path) -> str | None:
    """The actuals schema beside the plan schema its modeline points at, if there is one.

    A modeline pointing at a missing file makes editors report an error on every line, so a
    local schema folder must hold `actuals.schema.json` (`opmkt init` writes it there).
    """
    with open_regular(plan_path, str(plan_path)) as handle:
        first = handle.readline().decode("utf-8-sig", errors="replace").strip()
    plan_schema = schema_of(first)
    if plan_schema is None:
        return None
    base, _, name = plan_schema.rpartition("/")
    if name != "plan.schema.json":
        return None
    if "://" in base:
        return modeline(f"{base}/actuals.schema.json")
    schema = plan_path.parent / (base or ".") / "actuals.schema.json"
    if not schema.is_file():
        return None
    return modeline(Path(os.path.relpath(schema.resolve(), folder.resolve())).as_posix())
