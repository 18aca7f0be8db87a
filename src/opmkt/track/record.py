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
from opmkt.findings import Listed, Message, Value, printable, say, say_n
from opmkt.io.decode import CONTROL
from opmkt.io.files import locked, open_regular, write_atomic
from opmkt.io.limits import read_source
from opmkt.io.modeline import modeline, schema_of
from opmkt.io.yamledit import Columns, Record, all_plain, append, renderer
from opmkt.plan.loader import Loaded, load_bytes, load_plan, not_loaded, refuse_other_plan
from opmkt.plan.model import Kpi, Plan, describe_input, number_refusal
from opmkt.text.localefmt import count as locale_count
from opmkt.text.localefmt import number as locale_number
from opmkt.track.dates import parse_date
from opmkt.track.numbers import Invalid, Marks, number_text, quoted, read_number

Kind = Literal["spend", "kpi"]
_T = TypeVar("_T")

SECTIONS: dict[Kind, str] = {"spend": "spend", "kpi": "kpis"}
FIELDS: dict[Kind, tuple[str, ...]] = {
    "spend": ("line", "date", "amount", "ref", "currency", "note"),
    "kpi": ("kpi", "date", "value", "note"),
}
NUMBER_FIELD: dict[Kind, str] = {"spend": "amount", "kpi": "value"}
REQUIRED: dict[Kind, tuple[str, ...]] = {
    "spend": ("line", "date", "amount"),
    "kpi": ("kpi", "date", "value"),
}

_CURRENCY = re.compile(r"[A-Z]{3}\Z")


@dataclass(frozen=True)
class Outcome:
    """What a recording did, or, for an import with bad rows, why it did nothing."""

    summary: Value
    added: int = 0
    already: int = 0
    problems: list[Value] = field(default_factory=list)
    left: list[Value] = field(default_factory=list)
    """Rows left out by `--skip-unmatched`, each `FILE:LINE: why`."""


# What is said is told when it is shown: a row is read before the plan that says which language
# its problems speak is loaded.


def located(name: str, number: int, problems: Sequence[Value]) -> Listed:
    """`FILE:LINE: problem; problem`, each problem told in the reader's language."""
    return Listed((f"{name}:{number}: ", Listed(tuple(problems), "; ")), "")


def of_field(name: Value, problem: Value) -> Listed:
    """`amount 'abc' is not a number`: a field's name (never translated) and its problem."""
    return Listed((name, problem), " ")


# Checking what the user typed or exported


def currency_code(text: str) -> str:
    code = text.strip().upper()
    if not _CURRENCY.match(code):
        raise Invalid(
            say(
                "{value} is not a currency code: use ISO 4217, such as EUR or USD",
                value=quoted(text),
            )
        )
    return code


def plan_problems(kind: Kind, record: Record, plan: Plan, plan_name: str) -> list[Value]:
    """What in `record` the plan does not allow: unknown ids, computed KPIs, missing rates."""
    problems: list[Value] = []
    lines, kpis = _ids(plan)
    if kind == "spend":
        if record["line"] not in lines:
            problems.append(
                say(
                    "the plan {plan} has no budget line {line}",
                    plan=plan_name,
                    line=_unknown(record["line"], list(lines)),
                )
            )
        code = record.get("currency")
        known = [plan.plan.currency, *plan.plan.exchange_rates]
        if code is not None and code not in known:
            problems.append(
                say(
                    "the plan {plan} has no exchange rate for {code}{hint}: add "
                    "{code}: <value of 1 {code} in {currency}> to plan.exchange_rates",
                    plan=plan_name,
                    code=code,
                    hint=did_you_mean(code, known),
                    currency=plan.plan.currency,
                )
            )
        return problems
    kpi = kpis.get(record["kpi"])
    if kpi is None:
        problems.append(
            say(
                "the plan {plan} has no KPI {kpi}",
                plan=plan_name,
                kpi=_unknown(record["kpi"], list(kpis)),
            )
        )
    elif kpi.formula is not None:
        inputs = ", ".join(describe_input(source) for source in (kpi.inputs or {}).values())
        problems.append(
            say(
                "KPI '{kpi}' is computed by its formula ({formula}), never measured: "
                "record its inputs ({inputs}) instead",
                kpi=kpi.id,
                formula=kpi.formula,
                inputs=inputs,
            )
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


def _unknown(name: str, known: list[str]) -> Value:
    hint = did_you_mean(name, known)
    if hint:
        return Listed((quoted(name), hint), "")
    if not known:
        return say("{id} (it has none)", id=quoted(name))
    shown = ", ".join(known[:10]) + (", …" if len(known) > 10 else "")
    return say("{id} (it has {ids})", id=quoted(name), ids=shown)


def did_you_mean(name: str, known: Sequence[str]) -> Value:
    """`: did you mean 'B1'?` after a name that is nearly one of `known`; empty otherwise."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return say(": did you mean '{close}'?", close=close[0]) if close else ""


def period_problem(day: dt.date, plan: Plan, plan_name: str) -> Message | None:
    """Why a record dated `day` does not belong with `plan`: a day outside its period is
    almost always a typo in the year, or a record for last or next year's actuals (the
    `actuals-outside-period` rule's reasons). None when it is inside; both ends are."""
    period = plan.plan.period
    if period.start <= day <= period.end:
        return None
    values = {"day": str(day), "plan": plan_name, "start": str(period.start)}
    if day < period.start:
        return say(
            "{day} is before the period of the plan {plan} ({start}..{end}): correct the date, "
            "or record it anyway with --outside-period",
            end=str(period.end),
            **values,
        )
    return say(
        "{day} is after the period of the plan {plan} ({start}..{end}): correct the date, "
        "or record it anyway with --outside-period",
        end=str(period.end),
        **values,
    )


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
    decimal: str | None = None,
    outside_period: bool = False,
) -> Outcome:
    """Append one spend record (negative for a refund), its amount read with `decimal` as the
    decimal mark, by default the plan's locale's; a refusal is a UsageError and leaves the file
    untouched. A day outside the plan's period is refused unless `outside_period`."""
    record = make_record(
        "spend",
        line=line,
        date=_given("--date", lambda: _day(date)),
        ref=ref,
        currency=_given("--currency", lambda: currency_code(currency)) if currency else None,
        note=note,
    )
    dated = (_dated(date), outside_period)
    return _record_one(actuals, plan, "spend", record, amount, decimal, dated)


def record_kpi(
    actuals: Path,
    kpi: str,
    value: str,
    *,
    date: str | None = None,
    note: str | None = None,
    plan: Path | None = None,
    decimal: str | None = None,
    outside_period: bool = False,
) -> Outcome:
    """Append one KPI measurement, read as `record_spend` reads an amount; a refusal is a
    UsageError and leaves the file untouched. A day outside the plan's period is refused
    unless `outside_period`."""
    record = make_record("kpi", kpi=kpi, date=_given("--date", lambda: _day(date)), note=note)
    dated = (_dated(date), outside_period)
    return _record_one(actuals, plan, "kpi", record, value, decimal, dated)


def _dated(date: str | None) -> Value:
    """How a refusal names the record's day: the option, or today's date when none was given."""
    return "--date" if date is not None else say("today's date (no --date)")


def _given(label: str, read: Callable[[], _T]) -> _T:
    """The value `read` gives, or a UsageError naming the argument that is wrong."""
    try:
        return read()
    except Invalid as exc:
        raise UsageError(of_field(label, exc.said)) from None


def _day(text: str | None) -> dt.date:
    return dt.date.today() if text is None else parse_date(text)


def make_record(kind: Kind, **values: Any) -> Record:
    return {name: values[name] for name in FIELDS[kind] if values.get(name) not in (None, "")}


_EMPTY = {
    "line": say("is empty: give the id of a budget line"),
    "kpi": say("is empty: give the id of a KPI"),
}


def record_problems(kind: Kind, record: Record) -> list[tuple[str, Value]]:
    """What in `record` the actuals file would refuse once written, as (field, problem): no
    id, text holding a control character, a number beyond the format's bounds. Checked before
    writing, or the file would be left unreadable by every other command."""
    problems: list[tuple[str, Value]] = [
        (name, why) for name, why in _EMPTY.items() if name in FIELDS[kind] and name not in record
    ]
    problems += text_problems(record)
    number = NUMBER_FIELD[kind]
    why = number_problem(kind, record[number]) if number in record else None
    if why is not None:
        problems.append((number, why))
    return problems


def text_problems(record: Record) -> list[tuple[str, Value]]:
    """The fields of `record` holding text the actuals file would refuse: a control character."""
    problems: list[tuple[str, Value]] = []
    for name, value in record.items():
        found = CONTROL.search(value) if type(value) is str else None
        if found is not None:
            why = say("holds a control character ({char}): remove it", char=quoted(found.group()))
            problems.append((name, why))
    return problems


def number_problem(kind: Kind, value: Decimal) -> Listed | None:
    """Why the actuals file would refuse `value` as a record's amount or value, if it would."""
    refused = number_refusal(value, money=kind == "spend")
    return None if refused is None else Listed((number_text(value), refused), ": ")


_LABELS = {
    "line": "LINE",
    "kpi": "KPI",
    "date": "--date",
    "ref": "--ref",
    "note": "--note",
    "currency": "--currency",
}
"""How the command line names each field, in `track spend` and `track kpi` refusals."""


def _record_one(
    actuals: Path,
    plan: Path | None,
    kind: Kind,
    record: Record,
    number: str,
    decimal: str | None,
    dated: tuple[Value, bool],
) -> Outcome:
    """Record one; `dated` is how the command names the record's day, and whether a day
    outside the plan's period is meant."""
    field = NUMBER_FIELD[kind]
    display = str(actuals)
    with locked(actuals, display):
        target = open_target(actuals, display, plan)
        # The plan says how its people write numbers: `31250,50` in a French plan.
        marks = Marks.of(decimal) if decimal else Marks.of_locale(target.plan.plan.locale)
        record = make_record(
            kind, **record, **{field: _given(field, lambda: read_number(number, marks))}
        )
        refused = record_problems(kind, record)
        if refused:
            said = (of_field(_LABELS.get(name, name), why) for name, why in refused)
            raise UsageError(Listed(tuple(said), "; "))
        problems = plan_problems(kind, record, target.plan, target.plan_name)
        named, outside_period = dated
        outside = period_problem(record["date"], target.plan, target.plan_name)
        if outside is not None and not outside_period:
            problems.append(of_field(named, outside))
        if problems:
            raise UsageError(Listed(tuple(problems), "; "))
        target.write(kind, [record])
    return Outcome(Listed((_recorded(kind, record, target), target.created_note), ""), added=1)


def _recorded(kind: Kind, record: Record, target: _Target) -> Message:
    """What `track spend` or `track kpi` says it recorded, its number in the plan's locale."""
    locale = target.plan.plan.locale
    field = NUMBER_FIELD[kind]
    shown = _as_written(record[field], locale)
    if kind == "kpi":
        return say(
            "recorded {kpi} = {value} dated {date} in {file}",
            kpi=record["kpi"],
            value=shown,
            date=str(record["date"]),
            file=target.display,
        )
    values: dict[str, Value] = {
        "amount": shown,
        "currency": record.get("currency", target.plan.plan.currency),
        "line": record["line"],
        "date": str(record["date"]),
        "file": target.display,
    }
    if "ref" in record:
        return say(
            "recorded spend of {amount} {currency} on line {line} dated {date}, ref {ref} in "
            "{file}",
            ref=record["ref"],
            **values,
        )
    return say(
        "recorded spend of {amount} {currency} on line {line} dated {date} in {file}", **values
    )


def _as_written(value: Decimal, locale: str | None) -> str:
    """A number in the locale's marks with every decimal it was written with: `780,50`."""
    digits = max(0, -int(value.as_tuple().exponent))
    return locale_number(value, locale, "#,##0" + ("." + "0" * digits if digits else ""))


def added(count: int, file: str, locale: str | None, *, what: Kind = "spend") -> Message:
    """`added 3 records to FILE`: how many records an import added, in the plan's locale."""
    shown = locale_count(count, locale)
    if what == "kpi":
        return say_n(
            "added {n} measurement to {file}", "added {n} measurements to {file}", count,
            n=shown, file=file,
        )  # fmt: skip
    return say_n(
        "added {n} record to {file}", "added {n} records to {file}", count, n=shown, file=file
    )


def refused(problems: list[Value], locale: str | None) -> Outcome:
    """An import that did nothing: each bad row, and how many there are in the plan's locale
    (`nothing imported: 100 000 rows to fix`)."""
    count = len(problems)
    summary = say_n(
        "nothing imported: {n} row to fix", "nothing imported: {n} rows to fix", count,
        n=locale_count(count, locale),
    )  # fmt: skip
    return Outcome(summary, problems=problems)


def already_there(count: int, locale: str | None) -> Message:
    """`2 already there`: the records an import found in the file already."""
    shown = locale_count(count, locale)
    return say_n("{n} already there", "{n} already there", count, n=shown)


# Importing CSV exports


def repeats(cells: Sequence[str]) -> bool:
    """Whether a column's texts seem to repeat (an export's lines, days, campaigns; not its
    amounts): half or fewer of its first thousand are distinct."""
    return len(set(cells[:1000])) * 2 <= min(len(cells), 1000)


def record_key(kind: Kind, record: Mapping[str, Any], currency: str) -> tuple[Any, ...]:
    """What makes two records the same: every field, a missing currency being the plan's.
    Missing fields may be left out of `record` or be None."""
    return tuple(
        (record.get(name) or currency) if name == "currency" else record.get(name)
        for name in FIELDS[kind]
    )


def record_keys(kind: Kind, records: Columns, currency: str) -> Iterator[tuple[Any, ...]]:
    """record_key of each of `records`, a column at a time."""
    columns = [records.column(name) for name in FIELDS[kind]]
    if kind == "spend":
        at = FIELDS[kind].index("currency")
        columns[at] = [code or currency for code in columns[at]]
    return zip(*columns, strict=True)


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
    def created_note(self) -> Value:
        return say(" (new file, tracking {plan})", plan=self.plan_name) if self.created else ""

    def existing(self, kind: Kind) -> Iterator[tuple[Any, ...]]:
        actuals = self.records.actuals if self.records is not None else None
        if actuals is None:
            return
        items = actuals.spend if kind == "spend" else actuals.kpis
        for item in items:
            # A model's fields are its __dict__: no dump of each of thousands of records.
            yield record_key(kind, vars(item), self.plan.plan.currency)

    def write(self, kind: Kind, records: Columns | list[Record]) -> None:
        try:
            # The loader's parse of the text, when there is one: a large file is parsed once.
            doc = self.records.doc if self.records is not None else None
            text = append(self.text, SECTIONS[kind], records, SECTIONS.values(), doc)
        except UsageError as exc:
            raise UsageError(Listed((self.display, exc.said or exc.message), ": ")) from None
        content = (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")
        try:
            # A new file must not replace one that appeared meanwhile without taking the lock.
            write_atomic(self.path, content, force=not self.created, display=self.display)
        except FileError:
            if self.created and self.path.exists():
                raise FileError(
                    say("{file} appeared while recording: run again", file=self.display)
                ) from None
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
            raise UsageError(
                say("{file} is UTF-16: save it as UTF-8 to record into it", file=display)
            )
        bom = data.startswith(codecs.BOM_UTF8)
        text = loaded.doc.text  # the UTF-8 text after the BOM
        plan_path = folder / loaded.actuals.plan
        # The name comes from the file: shown printable, or a line break in it would split the
        # one-line error that names it.
        plan_name = printable(str(Path(display).parent / loaded.actuals.plan))
        if plan is not None:
            refuse_other_plan(
                path, display, loaded.actuals.plan, plan, fix=say("leave out --plan, or")
            )
        created, records = False, loaded
    else:
        plan_path = plan if plan is not None else folder / "plan.yaml"
        plan_name = str(plan_path)
        if plan is None and not plan_path.is_file():
            raise UsageError(
                say(
                    "{file} does not exist, and there is no {plan} beside it to track: "
                    "give the plan with --plan FILE",
                    file=display,
                    plan=plan_name,
                )
            )
        bom, created, records = False, True, None
        text = ""
    try:
        loaded_plan = load_plan(plan_path, plan_name)
    except FileError as exc:
        if created:
            raise
        raise FileError(
            say(
                "{problem} (the plan {file} tracks: correct its `plan:`)",
                problem=exc.said or exc.message,
                file=display,
            )
        ) from None
    if loaded_plan.plan is None:
        raise not_loaded(loaded_plan, "plan")
    if created:
        text = _new_file(plan_path, folder)
    return _Target(path, display, loaded_plan.plan, plan_name, text, bom, created, records)


def _new_file(plan_path: Path, folder: Path) -> str:
    """The start of a new actuals file: a schema modeline when the plan's has a sibling, then
    `version` and `plan`."""
    reference = Path(os.path.relpath(plan_path.resolve(), folder.resolve())).as_posix()
    modeline = _modeline(plan_path, folder)
    return (f"{modeline}\n" if modeline else "") + _head(reference)


def _head(reference: str) -> str:
    """`version` and `plan` as ruamel writes them. A name written plain (`plan.yaml`, the plan
    beside its actuals) is written without ruamel's emitter, which takes ~1 ms to set up."""
    if all_plain([reference]):
        return f"version: 1\nplan: {reference}\n"
    stream = io.StringIO()
    renderer().dump(CommentedMap([("version", 1), ("plan", reference)]), stream)
    return stream.getvalue()


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
