"""Budget exports as a user opens them: CSV in a spreadsheet, Markdown on GitHub, xlsx in Excel."""

# openpyxl ships no type hints; types-openpyxl checks these calls where it is installed.
# mypy: disable-error-code="import-untyped"

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from opmkt.budget.export import LINE_COLUMNS, to_csv, to_markdown
from opmkt.budget.rollup import DIMENSIONS, Rollup, rollup
from opmkt.budget.rows import dimension_title, other_label, other_rows
from opmkt.budget.xlsx import to_xlsx
from opmkt.plan.loader import load_plan
from opmkt.plan.money import round_money
from tests.conftest import ROOT

FOURNIL = "examples/fournil-dupont/plan.yaml"
NORTHWIND = "examples/northwind-studio/plan.yaml"

Write = Callable[..., Path]

HEAD = """\
version: 1
plan:
  name: {name}
  period: {{start: 2027-01-01, end: 2027-12-31}}
  currency: {currency}
  locale: en_US
  budget_cap: 100
  exchange_rates: {{USD: 0.3333}}
objectives:
  - {{id: O1, category: business, title: Sell more bread here}}
actions:
  - {{id: A1, objective: O1, what: Print flyers}}
budget:
  quote_threshold: 50
  lines:
"""


def example(path: str) -> Rollup:
    """An example's rollup, named by its path as `opmkt budget` names it."""
    loaded = load_plan(ROOT / path)
    assert loaded.plan is not None
    return rollup(loaded.plan, path)


def small(write: Write, *lines: str, name: str = "Small plan", currency: str = "EUR") -> Rollup:
    """A plan whose budget lines are `lines` (flow mappings), rolled up."""
    text = HEAD.format(name=name, currency=currency) + "".join(f"    - {x}\n" for x in lines)
    loaded = load_plan(write(text))
    assert loaded.plan is not None, loaded.findings
    return rollup(loaded.plan, "small.yaml")


def csv_rows(rollups: list[Rollup]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(to_csv(rollups), newline="")))


# CSV ------------------------------------------------------------------------------------------


def test_csv_has_a_row_per_line_and_a_column_per_dimension() -> None:
    fournil, northwind = example(FOURNIL), example(NORTHWIND)
    rows = csv_rows([fournil, northwind])
    assert len(rows) == len(fournil.items) + len(northwind.items) == 20 + 17
    assert tuple(rows[0]) == LINE_COLUMNS
    dimensions = {"objective", "top_objective", "action", "category", "channel", "mix"}
    assert dimensions | {"segment", "months"} <= set(rows[0])
    b11 = next(row for row in rows if row["plan"] == FOURNIL and row["line"] == "B11")
    assert b11 == {
        "plan": FOURNIL,
        "line": "B11",
        "label": "Formation vente conseil (trois vendeurs, deux jours)",
        "objective": "O1.1",
        "top_objective": "O1",
        "action": "A4",
        "category": "formation",
        "channel": "in_store",
        "mix": "price",
        "segment": "familles",
        "vendor": "CMA Formation",
        "quote": "accepted",
        "currency": "EUR",
        "amount": "1170.00",
        "occurrences": "1",
        "months": "2027-03",
        "total": "1170.00",
        "previous": "",
        "plan_currency": "EUR",
        "left_out": "false",
    }


@pytest.mark.parametrize("path", [FOURNIL, NORTHWIND])
def test_csv_totals_add_up_to_the_budget_total(path: str) -> None:
    one = example(path)
    rows = csv_rows([one])
    # Each line's total is rounded once; here every line's exact total already has whole
    # cents (USD 25 × 0.92, GBP 850 × 1.27 …), so the rounded lines add up to the rounded total
    # exactly, and a pivot table reproduces `opmkt budget` to the cent.
    assert sum(Decimal(row["total"]) for row in rows) == round_money(one.total, one.currency)


def test_csv_lines_are_each_rounded_once_so_their_sum_may_miss_the_total_by_cents(
    write: Write,
) -> None:
    # Three lines of USD 10 at 0.3333: each 3.333 EUR exactly, shown 3.33; the budget is
    # 9.999 EUR exactly, shown 10.00. Rounding the sum once and each line once cannot agree
    # here: the lines' sum misses by at most half a cent per line.
    one = small(write, *(f"{{id: B{i}, label: Ad, amount: 10, currency: USD}}" for i in (1, 2, 3)))
    rows = csv_rows([one])
    assert [row["total"] for row in rows] == ["3.33", "3.33", "3.33"]
    assert round_money(one.total, "EUR") == Decimal("10.00")
    gap = round_money(one.total, "EUR") - sum(Decimal(row["total"]) for row in rows)
    assert gap == Decimal("0.01")
    assert abs(gap) <= Decimal("0.005") * len(rows)


def test_csv_line_in_a_foreign_currency_keeps_its_own_and_is_converted() -> None:
    rows = {row["line"]: row for row in csv_rows([example(NORTHWIND)])}
    assert (rows["B4"]["currency"], rows["B4"]["amount"]) == ("GBP", "850.00")
    assert (rows["B4"]["total"], rows["B4"]["plan_currency"]) == ("1079.50", "USD")
    b3 = {row["line"]: row for row in csv_rows([example(FOURNIL)])}["B3"]
    # USD 25 a month for eleven months at 0.92: 253.00 EUR.
    assert (b3["currency"], b3["amount"], b3["occurrences"], b3["total"]) == (
        "USD",
        "25.00",
        "11",
        "253.00",
    )


def test_csv_recurring_lines_list_their_months() -> None:
    rows = {row["line"]: row for row in csv_rows([example(FOURNIL)])}
    assert rows["B17"]["months"] == "2027-03;2027-06;2027-09;2027-12"
    assert (rows["B17"]["amount"], rows["B17"]["total"]) == ("350.00", "1400.00")
    assert rows["B19"]["months"].split(";") == [f"2027-{m:02d}" for m in range(1, 13)]


def test_csv_flags_lines_without_a_rate_and_quotes_still_missing(write: Write) -> None:
    one = small(
        write,
        "{id: B1, label: Signs, amount: 60}",
        "{id: B2, label: Stickers, amount: 5}",
        "{id: B3, label: Stand, amount: 70, currency: CHF}",
        "{id: B4, action: A1, label: Flyers, amount: 80, quote: {status: requested}}",
    )
    rows = {row["line"]: row for row in csv_rows([one])}
    assert (rows["B1"]["quote"], rows["B2"]["quote"], rows["B4"]["quote"]) == (
        "missing",
        "",
        "requested",
    )
    assert (rows["B3"]["left_out"], rows["B3"]["total"], rows["B3"]["amount"]) == (
        "true",
        "",
        "70.00",
    )
    # A line paying for no action sits under no objective, action, channel, mix or segment.
    assert [rows["B1"][c] for c in ("objective", "action", "channel", "segment")] == [""] * 4
    # No category, no channel: an empty cell, not a word a real category could be called.
    assert (rows["B1"]["category"], rows["B4"]["channel"]) == ("", "")


def test_csv_text_from_the_plan_survives_and_never_runs_as_a_formula(write: Write) -> None:
    one = small(
        write,
        '{id: B1, label: "=HYPERLINK(\\"http://x\\")", amount: 1}',
        '{id: B2, label: "Posters, \\"A3\\"\\nand A2", amount: 2}',
    )
    rows = csv_rows([one])
    assert rows[0]["label"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["label"] == 'Posters, "A3"\nand A2'


# Markdown -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [FOURNIL, NORTHWIND])
@pytest.mark.parametrize("by", ["objective", "month"])
def test_markdown_report_is_pinned(golden: Callable[[str, str], None], path: str, by: str) -> None:
    golden(f"budget-{Path(path).parent.name}-{by}.md", to_markdown(example(path), by))


@pytest.mark.usefixtures("english")
def test_markdown_shows_the_plans_locale_and_the_objective_tree() -> None:
    text = to_markdown(example(FOURNIL), "objective")
    assert "| **Total** | **24\u202f322,00\xa0€** | **100,0\xa0%** |" in text
    assert "| &emsp;&emsp;O1.1.1 Vendre 70 gâteaux personnalisés par mois | 550,00\xa0€ |" in text
    assert "Last period: 21\u202f500,00\xa0€; change: +2\u202f822,00\xa0€ (+13,1\xa0%)" in text
    assert "| Previous |" not in to_markdown(example(FOURNIL), "quarter")


def cells(row: str) -> list[str]:
    """The cells of a GFM table row, split where a renderer splits them: at unescaped pipes."""
    parts, current, chars = [], "", iter(row.strip()[1:-1])
    for char in chars:
        if char == "\\":
            current += char + next(chars, "")
        elif char == "|":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def test_markdown_text_from_the_plan_cannot_break_the_table(write: Write) -> None:
    one = small(
        write,
        '{id: B1, action: A1, label: x, category: "print | web\\nsigns", amount: 10}',
        '{id: B2, action: A1, label: y, category: "back\\\\", amount: 20}',
        '{id: B3, action: A1, label: z, category: "<b>bold</b> *new*", amount: 30}',
        name='"Plan | one\\nof two"',
    )
    text = to_markdown(one, "category")
    lines = text.splitlines()
    assert lines[0] == "# Budget by category: small.yaml"
    table = lines[2 : lines.index("", 2)]
    widths = {len(cells(row)) for row in table}
    assert widths == {3}, table
    keys = [cells(row)[0] for row in table[2:-1]]
    assert keys == ["&lt;b&gt;bold&lt;/b&gt; \\*new\\*", "back\\\\", "print \\| web<br>signs"]


def test_markdown_names_lines_left_out_and_a_budget_over_its_cap(write: Write) -> None:
    one = small(
        write,
        "{id: B1, label: Stand, amount: 150}",
        "{id: B2, label: Booth, amount: 70, currency: CHF}",
    )
    text = to_markdown(one, "action")
    assert "- Cap: €100.00; remaining: -€50.00 (over the cap)" in text
    assert "- Paying for no action: €150.00" in text
    assert "- Left out, no exchange rate for their currency: B2" in text
    assert "| missing | 1 | €150.00 |" in text


def test_markdown_refuses_an_unknown_dimension() -> None:
    with pytest.raises(ValueError, match="unknown dimension 'vendor'"):
        to_markdown(example(FOURNIL), "vendor")


# xlsx -----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_xlsx_has_a_summary_a_sheet_per_dimension_and_the_lines() -> None:
    book = load_workbook(io.BytesIO(to_xlsx([example(FOURNIL)], "channel")))
    assert book.sheetnames == ["Summary", *(dimension_title(d) for d in DIMENSIONS), "Lines"]
    assert book.active is not None and book.active.title == "Channel"
    assert [sheet.title for sheet in book.worksheets if sheet.sheet_view.tabSelected] == ["Channel"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes is not None
        assert all(cell.font.bold for cell in sheet[1] if cell.value)
    lines = book["Lines"]
    assert tuple(cell.value for cell in lines[1]) == LINE_COLUMNS
    assert lines.max_row == 1 + 20


def test_xlsx_amounts_are_numbers_rounded_once_in_the_plans_currency() -> None:
    one = example(NORTHWIND)
    book = load_workbook(io.BytesIO(to_xlsx([one])))
    for dimension in DIMENSIONS:
        sheet = book[dimension_title(dimension)]
        rows = list(sheet.iter_rows(min_row=2, values_only=False))
        if dimension == "objective":
            assert "includes its sub-objectives'" in str(rows.pop()[0].value)
        others = [other_label(o.kind, dimension) for o in other_rows(one, dimension)]
        assert [row[0].value for row in rows] == [*one.by[dimension], *others, "Total"]
        for row, (key, amount) in zip(rows, [*one.by[dimension].items()], strict=False):
            value = row[1].value
            assert isinstance(value, int | float), (dimension, key, value)
            assert Decimal(str(value)) == round_money(amount, "USD")
            assert row[1].number_format == '#,##0.00 "USD"'
            share = row[2].value
            assert isinstance(share, int | float) and 0 <= share <= 1
            assert row[2].number_format == "0.0%"
    objective = book["Objective"]
    assert objective["A3"].value == "O1.1" and objective["A3"].alignment.indent == 1
    summary = {row[0].value: row[1] for row in book["Summary"].iter_rows(min_row=2)}
    assert summary["Total"].value == 94277.5
    assert summary["Change %"].number_format == "0.0%"
    b4 = next(row for row in book["Lines"].iter_rows(min_row=2) if row[1].value == "B4")
    named = dict(zip(LINE_COLUMNS, b4, strict=True))
    assert (named["amount"].value, named["amount"].number_format) == (850, '#,##0.00 "GBP"')
    assert (named["total"].value, named["total"].number_format) == (1079.5, '#,##0.00 "USD"')
    assert named["left_out"].value is False


def test_xlsx_totals_are_sum_formulas_over_rows_that_include_money_without_a_key(
    write: Write,
) -> None:
    one = small(
        write,
        "{id: B1, action: A1, label: Flyers, category: print, amount: 10.10}",
        "{id: B2, label: Bank, amount: 2.02}",
        "{id: B3, action: A1, label: Ink, amount: 0.30}",
    )
    book = load_workbook(io.BytesIO(to_xlsx([one])))

    def table(title: str) -> list[tuple[object, ...]]:
        return [tuple(c.value for c in row[:2]) for row in book[title].iter_rows(min_row=2)]

    # Total 12.42: B1 10.10 and B3 0.30 pay for A1 (no channel); B2 2.02 pays for no action;
    # B2 and B3 (2.32) give no category.
    assert table("Category") == [
        ("print", 10.1),
        ("(no category)", 2.32),
        ("Total", "=SUM(B2:B3)"),
    ]
    assert table("Channel") == [
        ("(no channel)", 10.4),
        ("(no action)", 2.02),
        ("Total", "=SUM(B2:B3)"),
    ]
    assert table("Month") == [("unscheduled", 12.42), ("Total", "=SUM(B2:B2)")]
    objective = table("Objective")
    assert objective[:3] == [("O1", 10.4), ("(no action)", 2.02), ("Total", "=SUM(B2:B3)")]
    assert book["Category"]["B4"].data_type == "f"
    assert book["Category"]["B4"].number_format == '#,##0.00 "EUR"'
    # A reader that does not compute formulas (a preview, a script) shows the value stored
    # with each: the total, not 0.
    computed = load_workbook(io.BytesIO(to_xlsx([one])), data_only=True)
    assert computed["Category"]["B4"].value == 12.42
    assert computed["Objective"]["B4"].value == 12.42
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert (summary["No category"], summary["No channel"], summary["Paying for no action"]) == (
        2.32,
        10.4,
        2.02,
    )


def test_xlsx_number_cells_hold_the_exact_text_of_the_amounts(write: Write) -> None:
    one = small(
        write,
        "{id: B1, action: A1, label: Flyers, amount: 1234.10}",
        "{id: B2, action: A1, label: Ink, amount: 9.20}",
        "{id: B3, label: Bank, amount: 0.1}",
    )
    with zipfile.ZipFile(io.BytesIO(to_xlsx([one]))) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    values = {value for sheet in sheets for value in re.findall(r"<v>([^<]*)</v>", sheet)}
    # Each amount as its currency shows it, where formatting through float wrote 9.20 as
    # 9.199999999999999; the total of 1243.40 is the Summary's and each total formula's.
    assert {"1234.10", "9.20", "0.10", "1243.40"} <= values
    assert not any(value.startswith("9.1999") for value in values)


def test_xlsx_objective_total_adds_the_top_level_only(write: Write) -> None:
    text = (
        HEAD.format(name="Tree", currency="EUR")
        .replace(
            "  - {id: O1, category: business, title: Sell more bread here}\n",
            "  - id: O1\n    category: business\n    title: Sell more bread here\n"
            "    objectives:\n      - {id: O1.1, category: business, title: Sell more rolls now}\n"
            "  - {id: O2, category: business, title: Sell more cakes here}\n",
        )
        .replace("objective: O1, what", "objective: O1.1, what")
    )
    text += "    - {id: B1, action: A1, label: Flyers, amount: 7}\n"
    text += "    - {id: B2, label: Bank, amount: 1}\n"
    loaded = load_plan(write(text))
    assert loaded.plan is not None, loaded.findings
    book = load_workbook(io.BytesIO(to_xlsx([rollup(loaded.plan)])))
    rows = [tuple(c.value for c in row[:2]) for row in book["Objective"].iter_rows(min_row=2)]
    # O1 (7) holds O1.1 (7): the total is O1 + O2 + (no action) = 7 + 0 + 1 = 8, not 15.
    assert rows[:5] == [
        ("O1", 7),
        ("O1.1", 7),
        ("O2", 0),
        ("(no action)", 1),
        ("Total", "=SUM(B2,B4,B5)"),
    ]


@pytest.mark.usefixtures("english")
def test_xlsx_of_several_plans_names_the_plan_on_every_row() -> None:
    fournil, northwind = example(FOURNIL), example(NORTHWIND)
    book = load_workbook(io.BytesIO(to_xlsx([fournil, northwind])))
    assert [cell.value for cell in book["Summary"][1]] == [None, FOURNIL, NORTHWIND]
    total = next(row for row in book["Summary"].iter_rows() if row[0].value == "Total")
    assert [cell.number_format for cell in total[1:]] == ['#,##0.00 "EUR"', '#,##0.00 "USD"']
    month = book["Month"]
    assert [cell.value for cell in month[1]] == ["Plan", "Month", "Amount", "Share"]
    plans = [row[0] for row in month.iter_rows(min_row=2, values_only=True)]
    assert plans == [FOURNIL] * 13 + [NORTHWIND] * 13
    assert book["Lines"].max_row == 1 + 20 + 17


def test_xlsx_in_a_currency_without_cents_shows_none(write: Write) -> None:
    one = small(write, "{id: B1, action: A1, label: Ad, amount: 1234.5}", currency="JPY")
    book = load_workbook(io.BytesIO(to_xlsx([one])))
    cell = book["Action"]["B2"]
    # 1234.5 rounds half-even to 1234 yen.
    assert (cell.value, cell.number_format) == (1234, '#,##0 "JPY"')


def test_xlsx_lines_columns_fit_what_they_show_and_empty_money_keeps_its_format(
    write: Write,
) -> None:
    label = "A label long enough to widen its column"
    one = small(
        write,
        f"{{id: B1, action: A1, label: {label}, amount: 1234567.5}}",
        "{id: B2, action: A1, label: Ad, amount: 5, currency: USD}",
    )
    sheet = load_workbook(io.BytesIO(to_xlsx([one])))["Lines"]
    named = {cell.value: get_column_letter(at) for at, cell in enumerate(sheet[1], start=1)}

    def width(column: str) -> float:
        # XlsxWriter stores a width with Excel's padding of 5 pixels: 0.7109375 of a character.
        return sheet.column_dimensions[named[column]].width - 0.7109375

    # Two more characters than the widest cell: the label, the amount with its thousands
    # separators and currency, the header of a column of short values ("currency", bold).
    assert width("label") == len(label) + 2
    assert width("amount") == len("1,234,567.50 EUR") + 2
    assert width("currency") == len("currency") + 2 + 2
    b1, b2 = sheet[2], sheet[3]
    assert b2[LINE_COLUMNS.index("amount")].number_format == '#,##0.00 "USD"'
    assert b1[LINE_COLUMNS.index("amount")].number_format == '#,##0.00 "EUR"'
    # No last period: the cell is empty, but a figure typed in shows as the plan's money.
    previous = b2[LINE_COLUMNS.index("previous")]
    assert (previous.value, previous.number_format) == (None, '#,##0.00 "EUR"')


def test_xlsx_text_stays_text_and_the_file_is_the_same_every_time(write: Write) -> None:
    one = small(write, '{id: B1, label: "=1+1", category: "=SUM(A1:A9)", amount: 5}')
    data = to_xlsx([one])
    # The same plan gives the same bytes: a workbook kept in git changes only with the plan.
    assert data == to_xlsx([one])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert load_workbook(io.BytesIO(data)).properties.modified == dt.datetime(2000, 1, 1)
    label = load_workbook(io.BytesIO(data))["Lines"]["C2"]
    assert (label.value, label.data_type) == ("=1+1", "s")


def test_only_a_tree_of_objectives_says_that_parents_include_their_children(
    write: Write,
) -> None:
    flat = small(write, "{id: B1, action: A1, label: Flyers, amount: 10}")
    assert "includes its sub-objectives'" not in to_markdown(flat, "objective")
    tree = example(FOURNIL)  # O1 holds O1.1, which holds O1.1.1
    assert "includes its sub-objectives'" in to_markdown(tree, "objective")
    assert "includes its sub-objectives'" not in to_markdown(tree, "category")
