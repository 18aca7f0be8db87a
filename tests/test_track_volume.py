"""`opmkt track import` of large exports: records written as ruamel would write them, with a
fixed amount of YAML work whatever the number of rows."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from opmkt.findings import told
from opmkt.i18n import catalog
from opmkt.io import yamledit, yamlio
from opmkt.io.decode import CONTROL
from opmkt.io.yamledit import Record, render, render_with_ruamel
from opmkt.plan import loader
from opmkt.plan.model import Measurement, Spend
from opmkt.track.csvimport import import_csv
from opmkt.track.numbers import (
    Marks,
    number_text,
    read_number,
    read_plain_numbers,
    written_numbers,
)
from opmkt.track.record import Kind
from tests.conftest import Result, counting

PLAN = """\
version: 1
plan:
  name: Shop 2027
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: EUR
  exchange_rates: {USD: 0.92}
kpis:
  - {id: visits, name: Website visits, kind: performance, unit: visits}
budget:
  lines:
    - {id: B1, label: Photos, amount: 800}
    - {id: B2, label: Ads, amount: 1200}
"""

ACTUALS = """\
version: 1
plan: plan.yaml
spend:
  - {line: B1, date: 2027-01-20, amount: 650, ref: "SL-031"}   # by hand
"""

HOSTILE = [
    "FAC-1182",
    "1182",
    "0x1F",
    "1e5",
    "1_000",
    ".inf",
    "true",
    "False",
    "null",
    "NULL",
    "~",
    "yes",
    "2027-03-31",
    "FAC:1182",
    "a # b",
    "a, b",
    "[x]",
    "{x}",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "'single'",
    'say "hi"',
    "back\\slash",
    "50%",
    "@home",
    "`code`",
    " lead",
    "trail ",
    "- dash",
    "? question",
    "why?",
    "\\?-",
    "=",
    "<<",
    "tab\there",
    "line\nbreak",
    "cr\rhere",
    "nel\x85x",
    "ls\u2028ps\u2029",
    "bom\ufeff",
    "bell\x07",
    "esc\x1b[2J",
    "del\x7f",
    "c1\x9b",
    "nbsp\xa0x",
    "Café crème",
    "日本語のメモ",
    "emoji 🎉",
    "private\ue000",
    "nonchar\ufffe",
    "a/b (c) + d.e",
]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("flow", [True, False])
def test_a_record_is_written_as_ruamel_writes_it(text: str, flow: bool) -> None:
    record: Record = {
        "line": text,
        "date": dt.date(2027, 3, 31),
        "amount": Decimal("1234.50"),
        "ref": text,
        "note": text,
    }
    assert render(record, flow=flow) == render_with_ruamel(record, flow=flow)


def assert_appended_as_ruamel_writes_them(records: list[Record], *, flow: bool) -> None:
    """Records appended to a spend list in flow or block style are each written as ruamel
    writes that record alone."""
    before = "version: 1\nplan: plan.yaml\nspend:\n  - {line: B1, date: 2027-01-20, amount: 650}\n"
    if not flow:
        before = "version: 1\nplan: plan.yaml\nspend:\n  - line: B1\n    amount: 650\n"
    written = yamledit.append(before, "spend", records)
    items = ["\n    ".join(render_with_ruamel(record, flow=flow)) for record in records]
    assert written == before + "".join(f"  - {item}\n" for item in items)


@pytest.mark.parametrize("text", [text for text in HOSTILE if not CONTROL.search(text)])
@pytest.mark.parametrize("flow", [True, False])
def test_records_appended_together_are_each_written_as_ruamel_writes_it(
    text: str, flow: bool
) -> None:
    # Among plain references, which an import writes a column at a time: one text that needs
    # quotes, or that is two plain lines, must still be written as ruamel writes it alone.
    texts = [f"INV-{i:06d}" for i in range(20)] + [text] + ["monthly invoice"]
    records: list[Record] = [
        {"line": "B1", "date": dt.date(2027, 3, i % 28 + 1), "amount": Decimal(f"{i}.50"), "ref": t}
        for i, t in enumerate(texts)
    ] + [{"line": "B2", "date": dt.date(2027, 4, 1), "amount": Decimal("3.10"), "note": text}]
    assert_appended_as_ruamel_writes_them(records, flow=flow)


SCALE = int(os.environ.get("OPMKT_FUZZ_SCALE", "1"))


@settings(max_examples=300 * SCALE, deadline=None)
@given(
    # Control characters are refused before anything is written (test_hostile_input.py).
    texts=st.lists(
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(
            lambda text: not CONTROL.search(text)
        ),
        min_size=1,
    ),
    flow=st.booleans(),
)
def test_any_text_is_appended_so_that_it_reads_back_as_given(texts: list[str], flow: bool) -> None:
    # The quoting rules above were each found by a text that read back otherwise (`FAC:1182`,
    # a `?` inside a flow mapping, which the loader ends plain text at): any text must read back
    # as given, through the loader validate uses, in a flow or a block list.
    before = "version: 1\nplan: plan.yaml\nspend:\n  - {line: B1, date: 2027-01-20, amount: 650}\n"
    if not flow:
        before = "version: 1\nplan: plan.yaml\nspend:\n  - line: B1\n    amount: 650\n"
    records: list[Record] = [
        {"line": "B1", "date": dt.date(2027, 3, 1), "amount": Decimal("1.50"), "ref": t, "note": t}
        for t in texts
    ]
    written = yamledit.append(before, "spend", records)
    read = yamlio.parse(written.encode())
    assert read.problems == []
    assert [(item["ref"], item["note"]) for item in read.data["spend"][1:]] == [
        (t, t) for t in texts
    ]


@pytest.mark.parametrize("amount", ["0", "12", "12.50", "-0.1", "1E+3", "0.0000001"])
def test_an_amount_is_written_as_ruamel_writes_it(amount: str) -> None:
    record: Record = {"kpi": "visits", "date": dt.date(2027, 1, 1), "value": Decimal(amount)}
    assert render(record, flow=True) == render_with_ruamel(record, flow=True)


def test_an_import_reads_back_a_fixed_amount_of_yaml_and_never_runs_the_emitter(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    actuals = tmp_path / "actuals.yaml"
    parsed: list[int] = []
    emitted: list[Record] = []

    def parsing(data: bytes) -> yamlio.Document:
        parsed.append(len(data))
        return yamlio.parse(data)

    def emitting(record: Record, *, flow: bool) -> list[str]:
        emitted.append(record)
        return render_with_ruamel(record, flow=flow)

    # Every parse of YAML text an import makes: the actuals file by the loader, and what the
    # splice reads back.
    monkeypatch.setattr(loader, "parse", parsing)
    monkeypatch.setattr(yamledit, "parse", parsing)
    monkeypatch.setattr(yamledit, "render_with_ruamel", emitting)
    work = []
    for rows in (10, 2_000):
        actuals.write_text(ACTUALS, encoding="utf-8")
        export = tmp_path / f"spend{rows}.csv"
        lines = [f"B{i % 2 + 1},2027-{i % 12 + 1:02d}-15,{i}.25,INV {i},n{i}" for i in range(rows)]
        export.write_text("line,date,amount,ref,note\n" + "\n".join(lines) + "\n", "utf-8")
        parsed.clear()
        result = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
        assert result.out == f"added {rows:,} records to {actuals}, 0 already there\n"
        written = actuals.read_text(encoding="utf-8")
        assert written.startswith(ACTUALS)
        last = rows - 1
        assert written.endswith(
            f"  - {{line: B{last % 2 + 1}, date: 2027-{last % 12 + 1:02d}-15, "
            f"amount: {last}.25, ref: INV {last}, note: n{last}}}\n"
        )
        work.append(parsed[:])
    # The actuals file and the plan as they are, then the actuals file with a sample of the
    # new records: as much YAML for 2,000 rows as for 10.
    assert work[0][:2] == work[1][:2] == [len(ACTUALS), len(PLAN)]
    assert [len(sizes) for sizes in work] == [3, 3]
    assert work[1][2] - len(ACTUALS) < 200
    assert emitted == []


def test_an_import_tells_its_rows_problems_with_the_catalog_looked_up_a_fixed_number_of_times(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    french = PLAN.replace("  currency: EUR\n", "  currency: EUR\n  locale: fr_FR\n")
    (tmp_path / "plan.yaml").write_text(french, encoding="utf-8")
    actuals = tmp_path / "actuals.yaml"
    actuals.write_text(ACTUALS, encoding="utf-8")
    lookups = []
    for rows, shown in ((10, "10"), (2_000, "2\u202f000")):
        export = tmp_path / f"bad{rows}.csv"
        lines = [f"B1,2027-13-{i},douze{i}" for i in range(rows)]
        export.write_text("line,date,amount\n" + "\n".join(lines) + "\n", "utf-8")
        before = catalog.cache_info()
        result = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
        after = catalog.cache_info()
        assert result.code == 1
        told = result.err.splitlines()
        assert len(told) == rows + 1
        assert f"{export}:{rows + 1}: " in told[-2]
        assert "douze" in told[-2] and "n'est pas un nombre" in told[-2]
        assert told[-1] == f"rien n'est importé : {shown} lignes à corriger"  # grouped in French
        lookups.append(after.hits + after.misses - before.hits - before.misses)
        assert actuals.read_text(encoding="utf-8") == ACTUALS
    # Each row's problems are told from the catalog the command looked up once.
    assert lookups[0] == lookups[1]


def test_a_splice_that_would_change_the_file_is_refused_unwritten(tmp_path: Path) -> None:
    # What the sample read back is for: any layout nobody foresaw. Here, new items written
    # one column too far right would land inside the last item as a broken mapping.
    text = ACTUALS
    doc = yamlio.parse(text.encode())
    records: list[Record] = [
        {"line": "B1", "date": dt.date(2027, 2, i), "amount": Decimal(i)} for i in range(1, 20)
    ]
    real = yamledit._item_columns

    def shifted(text: str, item: Any) -> tuple[int, int]:
        dash, column = real(text, item)
        return dash + 1, column + 1

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamledit, "_item_columns", shifted)
        with pytest.raises(RuntimeError, match="would change other content"):
            yamledit.append(text, "spend", records, ("spend", "kpis"), doc)
    assert yamledit.append(text, "spend", records, ("spend", "kpis"), doc).startswith(text)


TRICKY_TEXT = [
    *HOSTILE,
    *("0o17", "0x1F", "1e3", "12E3", "1.", "0b101", "NaN", "1_0.5", "0_1", "-1_0", "+1", ".5"),
    *("on", "off", "Yes", "NO", "y", "n", "=", "<<", "-", "?", "2027-03", "12:30", "B-1"),
]
"""Text of every kind; those with a control character are refused before any is written."""


@pytest.mark.parametrize("text", [t for t in TRICKY_TEXT if not CONTROL.search(t)])
@pytest.mark.parametrize("flow", [True, False])
def test_a_rendered_record_reads_back_as_given(text: str, flow: bool) -> None:
    # An import reads back only a sample of what it writes: every record must read back as
    # given by the loader's own parser, whatever text its cells hold.
    record: Record = {"line": text, "date": dt.date(2027, 3, 31), "amount": Decimal("0.50")}
    lines = render(record, flow=flow)
    dash = ["- " + lines[0], *("  " + line for line in lines[1:])]
    doc = yamlio.parse(("\n".join(dash) + "\n").encode())
    assert doc.problems == []
    assert doc.data == [{"line": text, "date": "2027-03-31", "amount": Decimal("0.50")}]
    assert type(doc.data[0]["line"]) is str


NUMBERS = [
    "0", "12.50", "999999999999999", "1000000000000000", "99999999999999.9",
    "0.00000000000001", "0.000000000000001", "0.0000000000000001", "1.0000000000000001",
    "100000000000000.5", "000000000000001", "0000000000000001", "1 000 000 000 000 000",
    "999 999 999 999", "-0", "-1",
]  # fmt: skip


@pytest.mark.parametrize("kind", ["spend", "kpi"])
def test_an_import_refuses_the_numbers_the_model_refuses(kind: Kind, tmp_path: Path) -> None:
    # The import checks amounts without building a model per row: it must refuse exactly
    # what the actuals file's model refuses, with the model's words.
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    actuals = tmp_path / "actuals.yaml"
    actuals.write_text(ACTUALS, encoding="utf-8")
    export = tmp_path / "export.csv"
    head = "line,date,amount" if kind == "spend" else "kpi,date,value"
    first = "B1" if kind == "spend" else "visits"
    rows = [f'{first},2027-03-31,"{number}"' for number in NUMBERS]
    export.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    outcome = import_csv(export, kind, actuals)
    shown = [told(problem, "en") for problem in outcome.problems]
    said = {int(p.split(":")[1]) - 2: p.split(": ", 1)[1] for p in shown}
    field = "amount" if kind == "spend" else "value"
    model: Any = Spend if kind == "spend" else Measurement
    for row, number in enumerate(NUMBERS):
        value = read_number(number, Marks.of(None))
        ids = {"line": first} if kind == "spend" else {"kpi": first}
        try:
            model.model_validate({**ids, "date": "2027-03-31", field: value})
            expected = None
        except ValidationError as exc:
            expected = f"{field} {format(value, 'f')}: {exc.errors()[0]['msg']}"
        assert said.get(row) == expected, number


# Work counted, not timed


def test_a_plain_export_reads_each_day_once_and_its_amounts_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    actuals = tmp_path / "actuals.yaml"
    export = tmp_path / "spend.csv"
    rows = [
        f"B{i % 2 + 1},2027-{i % 12 + 1:02d}-{i % 28 + 1:02d},{i % 997}.{i % 100:02d},INV-{i},"
        + ("monthly invoice" if i % 3 == 0 else "")
        for i in range(20_000)
    ]
    export.write_text("line,date,amount,ref,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    calls = {"number": 0, "date": 0, "column": 0}
    from opmkt.track.dates import parse_date

    monkeypatch.setattr("opmkt.track.csvimport.read_number", counting(calls, "number", read_number))
    monkeypatch.setattr("opmkt.track.csvimport.parse_date", counting(calls, "date", parse_date))
    monkeypatch.setattr(
        "opmkt.track.csvimport.read_plain_numbers", counting(calls, "column", read_plain_numbers)
    )
    outcome = import_csv(export, "spend", actuals, plan=tmp_path / "plan.yaml")
    assert (outcome.problems, outcome.added) == ([], 20_000)
    # 84 distinct days among 20,000 rows (the month and the day of the month repeat every 84
    # rows), no amount read one by one, and none read at all: each is written as the export
    # writes it, which is how the file writes it.
    assert calls == {"number": 0, "date": 84, "column": 0}
    items = actuals.read_text(encoding="utf-8").split("spend:\n", 1)[1].splitlines()
    # Rows with and without a note are written in the export's order, each as it reads.
    assert items[:4] == [
        "  - {line: B1, date: 2027-01-01, amount: 0.00, ref: INV-0, note: monthly invoice}",
        "  - {line: B2, date: 2027-02-02, amount: 1.01, ref: INV-1}",
        "  - {line: B1, date: 2027-03-03, amount: 2.02, ref: INV-2}",
        "  - {line: B2, date: 2027-04-04, amount: 3.03, ref: INV-3, note: monthly invoice}",
    ]
    assert len(items) == 20_000


class _CountedSearch:
    """CONTROL, counting the texts searched for a control character."""

    def __init__(self) -> None:
        self.searches = 0

    def search(self, text: str) -> re.Match[str] | None:
        self.searches += 1
        return CONTROL.search(text)


def test_a_printable_ascii_export_is_not_searched_column_by_column_for_control_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    export = tmp_path / "spend.csv"
    export.write_text(
        "line,date,amount,ref,note\r\nB1,2027-02-14,10,FAC-1\tA,\r\nB2,2027-02-15,12.50,FAC-2,ok\r\n",
        encoding="utf-8",
    )
    counted = _CountedSearch()
    monkeypatch.setattr("opmkt.track.csvimport.CONTROL", counted)
    outcome = import_csv(export, "spend", tmp_path / "actuals.yaml", plan=tmp_path / "plan.yaml")
    assert (outcome.problems, outcome.added) == ([], 2)
    assert counted.searches == 0


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("ding\x07", "'\\x07'"),
        ("esc\x1b[2J", "'\\x1b'"),
        ("caf\u00e9\x07", "'\\x07'"),
        ("csi\x9b2J", "'\\x9b'"),
        ("del\x7f", "'\\x7f'"),
    ],
)
def test_a_control_character_in_a_row_on_one_line_is_refused(
    cli: Callable[..., Result], tmp_path: Path, cell: str, shown: str
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    export = tmp_path / "spend.csv"
    export.write_text(
        f"line,date,amount,note\nB1,2027-02-14,10,fine\nB1,2027-02-15,10,{cell}\n",
        encoding="utf-8",
    )
    actuals = tmp_path / "actuals.yaml"
    result = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{export}:3: note holds a control character ({shown}): remove it"
    )
    assert not actuals.exists()


COLUMNS = [
    ["12.50", "0", "007.10", "12", "0.125", "1234.5"],
    ["1.234", "12.50"],  # a dot that may separate thousands: not read at once
    ["12.", "1"],
    [".5", "1"],
    ["1..2"],
    ["1.2.3"],
    ["12", ""],
    ["", "12"],
    ["1\n2"],
    ["1,5"],
    ["1e5"],
    ["١٢"],  # Arabic-Indic digits, which Decimal would read
    ["+1", "-1"],
]


@pytest.mark.parametrize("texts", COLUMNS)
def test_a_column_read_at_once_reads_as_each_number_alone(texts: list[str]) -> None:
    marks = Marks.of(None)
    at_once = read_plain_numbers(texts, marks)
    if at_once is None:
        return  # read one by one, as read_number reads them
    assert [str(value) for value in at_once] == [str(read_number(t, marks)) for t in texts]


def test_a_column_of_plain_numbers_is_read_at_once_when_either_mark_may_be_decimal() -> None:
    assert read_plain_numbers(COLUMNS[0], Marks.of(None)) == list(map(Decimal, COLUMNS[0]))
    assert [read_plain_numbers(texts, Marks.of(None)) for texts in COLUMNS[1:]] == [None] * 12


@pytest.mark.parametrize(
    "texts", [*COLUMNS, ["0.10", "10", "0", "100.000"], ["01"], ["0.5", "00.5"]]
)
@pytest.mark.parametrize("decimal", [None, ".", ","])
def test_amounts_written_as_read_are_the_numbers_each_reads_as(
    texts: list[str], decimal: str | None
) -> None:
    # Amounts kept as their text are written as they are: that text must be the number
    # read_number reads, as the file writes a number.
    marks = Marks.of(decimal)
    kept = written_numbers(texts, marks)
    if kept is not None:
        assert kept == [number_text(read_number(text, marks)) for text in texts]


def test_plain_amounts_are_kept_as_written_and_others_are_read() -> None:
    plain = ["12.50", "0", "0.125", "1234.5", "0.10"]
    assert written_numbers(plain, Marks.of(None)) == plain
    assert written_numbers(plain, Marks.of(".")) == plain
    assert written_numbers(["007.10"], Marks.of(None)) is None  # written back as 7.10
    assert written_numbers(["1.234"], Marks.of(None)) is None  # ambiguous: refused
    assert written_numbers(["12.50"], Marks.of(",")) is None  # 1250 with a decimal comma


@pytest.mark.parametrize("flow", [True, False])
def test_records_that_leave_out_the_first_field_are_written_as_ruamel_writes_them(
    flow: bool,
) -> None:
    # Records are written a column at a time, each field after the first as a piece of its
    # own: a record without the first field cannot take the template, and is written alone.
    records: list[Record] = [
        {"line": "B1", "date": dt.date(2027, 3, 1), "amount": Decimal("1.50")},
        {"date": dt.date(2027, 3, 2), "amount": Decimal("2.50"), "note": "no line"},
        {"line": "B2", "date": dt.date(2027, 3, 3), "amount": Decimal("3.50")},
    ]
    assert_appended_as_ruamel_writes_them(records, flow=flow)


GROUPED = [
    ["1,234.56", "996.99", "2,996.00", "12"],
    ["1.234,56", "996,99", "12"],
    ["1 234.56", "1,234.56"],
    ["1,234,567.8", "0.5"],
    ["1234,567.8"],
    ["01,234.5"],
    ["1,23.5"],
    ["1,234.", "1"],
    ["", "1,234.00"],
    ["1,234.00", ""],
    ["1,234\r"],
]


@pytest.mark.parametrize("texts", GROUPED)
@pytest.mark.parametrize("decimal", [".", ","])
def test_a_column_of_grouped_numbers_read_at_once_reads_as_each_number_alone(
    texts: list[str], decimal: str
) -> None:
    marks = Marks.of(decimal)
    at_once = read_plain_numbers(texts, marks)
    if at_once is not None:
        assert at_once == [read_number(text, marks) for text in texts]


def test_a_column_of_numbers_grouped_as_the_marks_say_is_read_at_once() -> None:
    assert read_plain_numbers(GROUPED[0], Marks.of(".")) == list(
        map(Decimal, ["1234.56", "996.99", "2996.00", "12"])
    )
    assert read_plain_numbers(GROUPED[1], Marks.of(",")) == list(
        map(Decimal, ["1234.56", "996.99", "12"])
    )
    assert [read_plain_numbers(texts, Marks.of(".")) for texts in GROUPED[4:]] == [None] * 7


def test_only_the_columns_with_spaces_around_a_cell_are_stripped_cell_by_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    export = tmp_path / "spend.csv"
    rows = [f"B{i % 2 + 1},2027-03-{i % 28 + 1:02d}, {i}.50 ,INV-{i}" for i in range(1_000)]
    export.write_text("line,date,amount,ref\r\n" + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    from opmkt.track import csvimport

    calls = {"stripped": 0}
    monkeypatch.setattr(
        csvimport, "_stripped_field", counting(calls, "stripped", csvimport._stripped_field)
    )
    actuals = tmp_path / "actuals.yaml"
    outcome = import_csv(export, "spend", actuals, plan=tmp_path / "plan.yaml")
    assert (outcome.problems, outcome.added) == ([], 1_000)
    # The amounts have spaces around them: that column alone is stripped and read; the lines,
    # days and references are written as the export writes them.
    assert calls == {"stripped": 1}
    items = actuals.read_text(encoding="utf-8").split("spend:\n", 1)[1].splitlines()
    assert items[:2] == [
        "  - {line: B1, date: 2027-03-01, amount: 0.50, ref: INV-0}",
        "  - {line: B2, date: 2027-03-02, amount: 1.50, ref: INV-1}",
    ]
    assert len(items) == 1_000


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_blank_rows_are_left_out_and_a_bad_row_after_them_keeps_its_line(
    tmp_path: Path, newline: str
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    export = tmp_path / "spend.csv"
    lines = ["line,date,amount", "B1,2027-01-02,3", "", ",,", "  ,  ,", "B2,2027-01-03,4"]
    # The last line blank too, as some tools end an export.
    export.write_text(newline.join(lines) + newline * 2, encoding="utf-8", newline="")
    actuals = tmp_path / "actuals.yaml"
    outcome = import_csv(export, "spend", actuals, plan=tmp_path / "plan.yaml")
    assert (outcome.problems, outcome.added) == ([], 2)
    export.write_text(
        newline.join([*lines, "B9,2027-01-04,5"]) + newline, encoding="utf-8", newline=""
    )
    outcome = import_csv(export, "spend", actuals, plan=tmp_path / "plan.yaml")
    assert [told(problem, "en").split(": ")[0] for problem in outcome.problems] == [f"{export}:7"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_an_export_ending_with_a_blank_line_imports_its_rows(tmp_path: Path, newline: str) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    export = tmp_path / "spend.csv"
    lines = ["line,date,amount", "B1,2027-01-02,3", "B2,2027-01-03,4", ""]
    export.write_text(newline.join(lines) + newline, encoding="utf-8", newline="")
    outcome = import_csv(export, "spend", tmp_path / "actuals.yaml", plan=tmp_path / "plan.yaml")
    assert (outcome.problems, outcome.added) == ([], 2)


def test_rows_shorter_than_the_header_are_located(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    export = tmp_path / "spend.csv"
    export.write_text("line,date,amount\nB1\nB2\n", encoding="utf-8")
    outcome = import_csv(export, "spend", tmp_path / "actuals.yaml", plan=tmp_path / "plan.yaml")
    assert [told(problem, "en") for problem in outcome.problems] == [
        f"{export}:2: no date; no amount",
        f"{export}:3: no date; no amount",
    ]


@pytest.mark.parametrize("empty", ["note", "ref"])
def test_a_single_row_with_an_optional_cell_empty_is_recorded_without_it(
    tmp_path: Path, empty: str
) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    export = tmp_path / "spend.csv"
    cells = {"line": "B1", "date": "2027-03-01", "amount": "10.00", "ref": "INV-1", "note": "x"}
    cells[empty] = ""
    export.write_text(",".join(cells) + "\n" + ",".join(cells.values()) + "\n", encoding="utf-8")
    actuals = tmp_path / "actuals.yaml"
    outcome = import_csv(export, "spend", actuals, plan=tmp_path / "plan.yaml")
    assert (outcome.problems, outcome.added) == ([], 1)
    record = actuals.read_text(encoding="utf-8").split("spend:\n", 1)[1]
    assert f"{empty}:" not in record
    assert "line: B1, date: 2027-03-01, amount: 10.00" in record


def test_a_single_row_with_its_line_empty_says_it_has_no_line(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    export = tmp_path / "spend.csv"
    export.write_text("line,date,amount\n,2027-03-01,10.00\n", encoding="utf-8")
    outcome = import_csv(export, "spend", tmp_path / "actuals.yaml", plan=tmp_path / "plan.yaml")
    assert [told(problem, "en") for problem in outcome.problems] == [f"{export}:2: no line"]


@pytest.mark.parametrize(
    "name", ["plan.yaml", "../plans/plan 2027.yaml", "true", "1e3", "x#y", "plan:x.yaml", "été"]
)
def test_a_new_actuals_file_names_its_plan_as_ruamel_writes_it(name: str) -> None:
    # The head of a new file is written by hand when the plan's name is plain: it must be
    # what ruamel's emitter writes, quoting a name that would read as something else.
    from ruamel.yaml.comments import CommentedMap

    from opmkt.track.record import _head

    stream = io.StringIO()
    yamledit.renderer().dump(CommentedMap([("version", 1), ("plan", name)]), stream)
    assert _head(name) == stream.getvalue()
