"""`opmkt track import --preset`: each tool's export, as it writes it, lands in `opmkt status`
to the cent with no option but `--preset` and the plan's `match` patterns; every failure is a
located message with nothing written."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, ROOT, Result, counting

if TYPE_CHECKING:
    from opmkt.track.record import Outcome

EXPORTS = ROOT / "tests" / "data" / "exports"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The messages checked here are the English ones, whatever the example's language
    (tests/test_no_english.py checks that each is told in the plan's)."""
    monkeypatch.setenv("OPMKT_LANG", "en")


# The patterns of tests/data/exports/README.md, which tie each export to the examples' lines.
FOURNIL = {
    "B16": ["Google - *", "*Google Ads*"],
    "B2": ["Boulangerie - Instagram*", "Boulangerie - Facebook*", "*Publicité Instagram Facebook*"],
    "B6": ["Affichage Atlantique*"],
    "B4": ["Kévin Morel*"],
    "B12": ["Imprimerie du Centre*"],
    "B13": ["Cargonautes*"],
    "B18": ["FidéliCarte*"],
    "B19": ["Brevo*"],
    "B3": ["Later*"],
}
NORTHWIND = {
    "B2": ["NY NOW - *"],
    "B8": ["NW | *", "Meta ads*", "Credit - Meta ads*"],
    "B6": ["Founders - *", "LinkedIn sponsored*"],
    "B11": ["PR studio*"],
    "B9": ["Harbor & Co. monthly retainer*"],
    "B12": ["Conversion audit*"],
    "B10": ["Klaviyo email*"],
    "B13": ["SMS credits*"],
    "B14": ["*loyalty app*"],
    "B15": ["Loyalty welcome gifts*"],
}
LEDGER = {
    "B8": "1140.69",
    "B6": "629.54",
    "B11": "2400.00",
    "B9": "1500.00",
    "B12": "5500.00",
    "B10": "400.00",
    "B13": "150.00",
    "B14": "0.00",  # a loyalty app charged, then refunded
    "B15": "2800.00",
}
# (export, preset, example, the spend by line that `opmkt status` must show)
SPEND = [
    ("google-ads/campaign-report.csv", "google-ads", "fournil-dupont", {"B16": "118.07"}),
    (
        "google-ads/campaign-report-excel-utf16.csv",
        "google-ads",
        "northwind-studio",
        {"B2": "4112.75"},
    ),
    ("meta-ads/ads-manager-en.csv", "meta-ads", "northwind-studio", {"B8": "1203.09"}),
    ("meta-ads/ads-manager-fr.csv", "meta-ads", "fournil-dupont", {"B2": "181.45"}),
    (
        "linkedin-ads/campaign-performance-utf16.csv",
        "linkedin-ads",
        "northwind-studio",
        {"B6": "629.54"},
    ),
    (
        "fec/123456789FEC20271231.txt",
        "fec",
        "fournil-dupont",
        {
            "B13": "190.00",
            "B18": "49.00",
            "B19": "25.00",
            "B3": "23.15",
            "B6": "950.00",  # 1,140.00 less a credit note of 190.00
            "B4": "1400.00",
            "B12": "550.00",
            "B16": "118.07",
            "B2": "180.00",
        },
    ),
    (
        "fec/123456789FEC20271231-pipe.txt",
        "fec",
        "fournil-dupont",
        {"B16": "117.28", "B2": "180.00"},
    ),
    ("xero/account-transactions.csv", "xero", "northwind-studio", LEDGER),
    ("quickbooks/general-ledger.csv", "quickbooks", "northwind-studio", LEDGER),
    ("quickbooks/general-ledger-desktop.csv", "quickbooks", "northwind-studio", LEDGER),
]
KPIS = {
    "northwind-studio": {
        "sessions": "{preset: ga4, metric: sessions}",
        "orders_month": "{preset: shopify, metric: orders}",
        "store_revenue": "{preset: shopify, metric: revenue}",
    },
    "fournil-dupont": {"commandes_web": "{preset: stripe, metric: payments}"},
}


def plan_folder(tmp_path: Path, example: str) -> Path:
    """The example's plan, its lines given the `match` patterns and its KPIs `import_from`,
    with no actuals yet."""
    folder = tmp_path / example
    folder.mkdir()
    text = (EXAMPLES / example / "plan.yaml").read_text(encoding="utf-8")
    patterns = FOURNIL if example == "fournil-dupont" else NORTHWIND
    for line, texts in patterns.items():
        head = f"    - id: {line}\n"
        assert head in text
        text = text.replace(head, head + f"      match: {json.dumps(texts, ensure_ascii=False)}\n")
    for kpi, source in KPIS[example].items():
        head = f"  - {{id: {kpi}, "
        at = text.index(head)
        end = text.index("}\n", at)
        text = text[:end] + f", import_from: {source}" + text[end:]
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    for logo in (EXAMPLES / example).glob("logo.*"):
        shutil.copy(logo, folder)
    return folder


def status(cli: Callable[..., Result], folder: Path) -> dict[str, object]:
    result = cli("status", folder / "plan.yaml", "--as-of", "2027-12-31", "--format", "json")
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def meta_export(tmp_path: Path, *changes: tuple[int, str, str]) -> Path:
    """The English Meta Ads export with, for each (index, old, new) of `changes`, the first
    `old` of line `index` (from 0) made `new`."""
    export = tmp_path / "meta.csv"
    original = (EXPORTS / "meta-ads" / "ads-manager-en.csv").read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    for index, old, new in changes:
        assert old in lines[index]
        lines[index] = lines[index].replace(old, new, 1)
    export.write_text("".join(lines), encoding="utf-8")
    return export


def spent(cli: Callable[..., Result], folder: Path) -> dict[str, str]:
    by_line = status(cli, folder)["spend"]["by_line"]  # type: ignore[index]
    return {
        line: figures["actual"] for line, figures in by_line.items() if figures["actual"] != "0.00"
    }


@pytest.mark.parametrize(("export", "preset", "example", "expected"), SPEND)
@pytest.mark.parametrize("how", ["named", "auto"])
def test_each_export_lands_in_status_with_only_its_preset(
    cli: Callable[..., Result],
    tmp_path: Path,
    export: str,
    preset: str,
    example: str,
    expected: dict[str, str],
    how: str,
) -> None:
    folder = plan_folder(tmp_path, example)
    actuals = folder / "actuals.yaml"
    name = preset if how == "named" else "auto"
    imported = ("track", "import", EXPORTS / export, "--preset", name)
    result = cli(*imported, "--actuals", actuals)
    assert result.code == 0, result.err
    assert f"({preset} export)" in result.out
    assert spent(cli, folder) == {line: a for line, a in expected.items() if a != "0.00"}
    # The same export again adds nothing, and leaves every byte.
    before = actuals.read_bytes()
    again = cli(*imported, "--actuals", actuals)
    assert again.code == 0, again.err
    assert "added 0 records" in again.out
    assert actuals.read_bytes() == before


def test_spend_records_keep_the_campaign_and_credit_notes_are_negative(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    actuals = folder / "actuals.yaml"
    export = EXPORTS / "fec" / "123456789FEC20271231-pipe.txt"
    assert cli("track", "import", export, "--preset", "fec", "--actuals", actuals).code == 0
    text = actuals.read_text(encoding="utf-8")
    assert (
        "  - {line: B16, date: 2027-05-14, amount: -4.12, ref: PIX-AV-2705, note: Agence Pixel - "
        "avoir Google Ads avril 2027 (clics invalides)}"
    ) in text
    assert cli("validate", actuals).code == 0


def test_next_months_export_adds_only_the_days_it_did_not_have(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "northwind-studio")
    actuals = folder / "actuals.yaml"
    full = EXPORTS / "google-ads" / "campaign-report-excel-utf16.csv"
    lines = full.read_bytes().decode("utf-16").splitlines(keepends=True)
    days = [line for line in lines if line.startswith("2027-08-")]
    early = tmp_path / "early.csv"
    cut = [line for line in lines if not line.startswith("2027-08-1")]
    early.write_bytes(("".join(cut)).encode("utf-16"))
    first = cli("track", "import", early, "--preset", "google-ads", "--actuals", actuals)
    assert first.code == 0, first.err
    kept = sum(1 for line in cut if line.startswith("2027-08-"))
    second = cli("track", "import", full, "--preset", "google-ads", "--actuals", actuals)
    assert second.code == 0, second.err
    assert second.out.startswith(f"added {len(days) - kept} records")
    assert f"{kept} already there" in second.out
    assert spent(cli, folder) == {"B2": "4112.75"}


def test_a_row_no_line_matches_is_named_with_the_patterns_it_nearly_matched(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "northwind-studio")
    actuals = folder / "actuals.yaml"
    export = tmp_path / "ledger.csv"
    original = (EXPORTS / "xero" / "account-transactions.csv").read_text(encoding="utf-8")
    export.write_text(original.replace("PR studio retainer", "Press studio retainer"), "utf-8")
    result = cli("track", "import", export, "--preset", "xero", "--actuals", actuals)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{export}:10: 'Press studio retainer - Q1 gift guide pitching' / 'Pressed Studio' / "
        "'Payable Invoice' matches no budget line (nearest patterns: B11 'PR studio*', "
        "B12 'Conversion audit*'): add a pattern to a line's `match`, or give --line ID",
        "nothing imported: 1 row to fix",
    ]
    assert not actuals.exists()
    # With --skip-unmatched, the rest is imported and the row left out is listed.
    result = cli(
        "track", "import", export, "--preset", "xero", "--skip-unmatched", "--actuals", actuals
    )
    assert result.code == 0, result.err
    assert result.out.splitlines()[1].startswith(f"left out: {export}:10: 'Press studio")
    assert "B11" not in spent(cli, folder)


def test_a_row_two_lines_match_is_named_with_both(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    plan = folder / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace('["Cargonautes*"]', '["Cargonautes*", "*avril*"]'),
        encoding="utf-8",
    )
    export = EXPORTS / "fec" / "123456789FEC20271231.txt"
    result = cli("track", "import", export, "--preset", "fec", "--actuals", folder / "a.yaml")
    assert result.code == 1
    assert (
        f"{export}:5: 'FidéliCarte - abonnement avril 2027' / 'Abonnements logiciels' / "
        "'65120000' matches several budget lines: B13 ('*avril*'), B18 ('FidéliCarte*')"
    ) in result.err.splitlines()
    assert not (folder / "a.yaml").exists()


def test_line_sends_every_row_to_one_line(cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    actuals = folder / "actuals.yaml"
    export = EXPORTS / "fec" / "123456789FEC20271231.txt"
    result = cli("track", "import", export, "--preset", "fec", "--line", "B1", "--actuals", actuals)
    assert result.code == 0, result.err
    assert spent(cli, folder) == {"B1": "3485.22"}
    wrong = cli("track", "import", export, "--preset", "fec", "--line", "B99", "--actuals", actuals)
    assert wrong.code == 2
    assert "--line: the plan" in wrong.err
    assert "has no budget line 'B99'" in wrong.err


USER_PRESET = """\
title = "Bank statement"
export = "Online banking › Statements › CSV"
delimiters = ";"
decimal = "either"
source = ["Libellé"]
amount = ["Montant"]

[date]
columns = ["Date"]
format = "%d/%m/%Y"
"""


def test_a_users_preset_file_reads_another_export_and_never_guesses_a_number(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    actuals = folder / "actuals.yaml"
    preset = tmp_path / "banque.toml"
    preset.write_text(USER_PRESET, encoding="utf-8")
    export = tmp_path / "releve.csv"
    export.write_text(
        "Relevé de compte\n\nDate;Libellé;Montant\n"
        "03/04/2027;Brevo - avril;25,00\n"
        "04/04/2027;Later - avril;1,234\n",
        encoding="utf-8",
    )
    args = ("track", "import", export, "--preset-file", preset, "--actuals", actuals)
    result = cli(*args)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{export}:5: amount '1,234' is ambiguous (is ',' a thousands separator or a decimal "
        "mark?): say which with --decimal-comma or --decimal-point"
    )
    assert not actuals.exists()
    result = cli(*args, "--decimal-comma")
    assert result.code == 0, result.err
    assert spent(cli, folder) == {"B19": "25.00", "B3": "1.23"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('title = "x"\nexport = "y"\n', "a preset reads an amount, debit and credit, or metrics"),
        ('title = "x"\nexport = "y"\namount = ["A"]\ncolour = 1\n', ":4: colour: Extra inputs"),
        ('title = "x"\nexport = "y"\namount = ["A"]\n[date]\nformat = "day"\n', "cannot read"),
        ("title = \n", ":1:9: not a preset file (TOML): Invalid value"),
    ],
)
def test_a_bad_preset_file_is_named_and_nothing_is_written(
    cli: Callable[..., Result], tmp_path: Path, content: str, message: str
) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    preset = tmp_path / "mine.toml"
    preset.write_text(content, encoding="utf-8")
    export = EXPORTS / "fec" / "123456789FEC20271231.txt"
    result = cli("track", "import", export, "--preset-file", preset, "--actuals", folder / "a.yaml")
    assert result.code == 2
    assert result.err.startswith(f"error: {preset}")
    assert message in result.err
    assert not (folder / "a.yaml").exists()


def test_an_export_no_preset_knows_is_refused(cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    export = tmp_path / "other.csv"
    export.write_text("When,What,How much\n2027-04-01,Flyers,12.00\n", encoding="utf-8")
    auto = cli("track", "import", export, "--preset", "auto", "--actuals", folder / "a.yaml")
    assert auto.code == 2
    assert "no preset knows this export (tried fec, ga4, google-ads" in auto.err
    named = cli("track", "import", export, "--preset", "xero", "--actuals", folder / "a.yaml")
    assert named.code == 2
    assert "no header with 'Debit', 'Description' and 'Date'" in named.err
    unknown = cli("track", "import", export, "--preset", "goggle-ads", "--actuals", "a.yaml")
    assert unknown.code == 2
    assert "did you mean 'google-ads'?" in unknown.err
    assert not (folder / "a.yaml").exists()


def test_a_bad_cell_is_located_and_nothing_is_written(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "northwind-studio")

    export = meta_export(tmp_path, (2, "2027-03-31", "2027-02-30"), (3, "118.62", "118.6.2"))
    result = cli("track", "import", export, "--preset", "meta-ads", "--actuals", folder / "a.yaml")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{export}:3: date '2027-02-30' is not a day written as %Y-%m-%d (such as 2027-03-31)",
        f"{export}:4: amount '118.6.2' is not a number with a decimal point, such as 1,234.56 "
        "(--decimal-comma if ',' is the decimal mark)",
        "nothing imported: 2 rows to fix",
    ]
    assert not (folder / "a.yaml").exists()


def test_a_row_dated_outside_the_plans_period_is_refused_unless_said(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "northwind-studio")
    actuals = folder / "a.yaml"

    export = meta_export(tmp_path, (3, "2027-03-01,2027-03-31", "2027-03-01,2028-03-31"))
    args = ("track", "import", export, "--preset", "meta-ads", "--actuals", actuals)
    result = cli(*args)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{export}:4: date 2028-03-31 is after the period of the plan {folder / 'plan.yaml'} "
        "(2027-01-01..2027-12-31): correct the date, or record it anyway with --outside-period",
        "nothing imported: 1 row to fix",
    ]
    assert not actuals.exists()
    result = cli(*args, "--outside-period")
    assert result.code == 0, result.err
    assert "date: 2028-03-31" in actuals.read_text(encoding="utf-8")


def test_a_measurement_dated_outside_the_plans_period_is_refused(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "northwind-studio")
    export = tmp_path / "ga4.csv"
    original = (EXPORTS / "ga4" / "exploration-daily.csv").read_text(encoding="utf-8")
    export.write_text(original.replace("\n20270212,", "\n20260212,", 1), encoding="utf-8")
    args = ("track", "import", export, "--preset", "ga4", "--kind", "kpi")
    result = cli(*args, "--actuals", folder / "a.yaml")
    assert result.code == 1
    line = [row[:9] for row in original.splitlines()].index("20270212,") + 1
    assert result.err.splitlines() == [
        f"{export}:{line}: date 2026-02-12 is before the period of the plan "
        f"{folder / 'plan.yaml'} (2027-01-01..2027-12-31): correct the date, or record it "
        "anyway with --outside-period",
        "nothing imported: 1 row to fix",
    ]
    assert not (folder / "a.yaml").exists()


def test_a_quote_left_open_is_located_instead_of_swallowing_the_rows_after_it(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "northwind-studio")

    export = meta_export(tmp_path, (3, ",", ',"'))
    result = cli("track", "import", export, "--preset", "meta-ads", "--actuals", folder / "a.yaml")
    assert result.code == 1
    assert result.err.splitlines()[0].startswith(f"{export}:4: ")
    assert 'where the header has 17: is a quote (") left open' in result.err
    assert not (folder / "a.yaml").exists()


# Measurements


@pytest.mark.parametrize(
    ("export", "preset", "example", "expected"),
    [
        ("ga4/exploration-daily.csv", "ga4", "northwind-studio", {"sessions": "50912.00"}),
        (
            "shopify/orders_export_1.csv",
            "shopify",
            "northwind-studio",
            {"orders_month": "10.00", "store_revenue": "1639.28"},
        ),
        ("stripe/unified_payments.csv", "stripe", "fournil-dupont", {"commandes_web": "16.00"}),
    ],
)
def test_kpis_take_one_value_a_month_from_the_exports_they_name(
    cli: Callable[..., Result],
    tmp_path: Path,
    export: str,
    preset: str,
    example: str,
    expected: dict[str, str],
) -> None:
    folder = plan_folder(tmp_path, example)
    actuals = folder / "actuals.yaml"
    args = (
        "--lang",
        "en",
        "track",
        "import",
        EXPORTS / export,
        "--preset",
        "auto",
        "--kind",
        "kpi",
    )
    result = cli(*args, "--actuals", actuals)
    assert result.code == 0, result.err
    assert result.out.startswith(f"added {len(expected)} measurement")
    kpis = status(cli, folder)["kpis"]
    assert {kpi: kpis[kpi]["value"] for kpi in expected} == expected  # type: ignore[index]
    again = cli(*args, "--actuals", actuals)
    assert again.out.startswith("added 0 measurements"), again.err


def test_the_last_row_of_a_month_counts_when_the_kpi_says_last(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "northwind-studio")
    plan = folder / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "{preset: ga4, metric: sessions}", "{preset: ga4, metric: sessions, combine: last}"
        ),
        encoding="utf-8",
    )
    export = EXPORTS / "ga4" / "exploration-daily.csv"
    result = cli(
        "track",
        "import",
        export,
        "--preset",
        "ga4",
        "--kind",
        "kpi",
        "--actuals",
        folder / "a.yaml",
    )
    assert result.code == 0, result.err
    # 2027-02-28 had 1,956 sessions: the export lists its days by sessions, not by date.
    assert "  - {kpi: sessions, date: 2027-02-28, value: 1956}" in (folder / "a.yaml").read_text(
        encoding="utf-8"
    )


def test_a_kpi_import_without_a_kpi_for_the_preset_says_what_to_add(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    export = EXPORTS / "ga4" / "exploration-daily.csv"
    args = ("track", "import", export, "--preset", "ga4", "--kind", "kpi")
    result = cli(*args, "--actuals", folder / "a.yaml")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{export}:10: no KPI of the plan imports from ga4: give one `import_from: {{preset: "
        "ga4, metric: …}` (its metrics: sessions, users, new_users, key_events, purchases, "
        "revenue)"
    )
    spend = cli("track", "import", export, "--preset", "ga4", "--actuals", folder / "a.yaml")
    assert spend.code == 2
    assert "a ga4 export holds no spend: import it with --kind kpi" in spend.err
    assert not (folder / "a.yaml").exists()


def test_presets_lists_each_export_with_what_it_reads(cli: Callable[..., Result]) -> None:
    result = cli("track", "presets")
    assert result.code == 0
    names = [line for line in result.out.splitlines() if not line.startswith(" ")]
    assert names == [
        "fec", "ga4", "google-ads", "linkedin-ads", "meta-ads", "quickbooks", "shopify",
        "stripe", "xero",
    ]  # fmt: skip
    assert "  Google Ads campaign report: spend from Cost" in result.out
    assert "KPI metrics sessions, users" in result.out
    for name in names:
        assert (ROOT / "docs" / "presets" / f"{name}.md").is_file(), name


# Recording by hand in the plan's locale


def test_a_french_plan_reads_numbers_with_a_decimal_comma(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    actuals = folder / "actuals.yaml"
    at = ("--date", "2027-03-31", "--actuals", actuals)
    assert cli("track", "kpi", "ca", "31250,50", *at).code == 0
    assert cli("track", "spend", "B1", "1 234,56", *at).code == 0
    assert cli("track", "spend", "B1", "-34,56", *at).code == 0  # a refund
    ambiguous = cli("track", "spend", "B1", "1.234", *at)
    assert ambiguous.code == 2
    assert ambiguous.err == (
        "error: amount '1.234' is ambiguous (is '.' a thousands separator or a decimal mark?): "
        "say which with --decimal-comma or --decimal-point\n"
    )
    assert cli("track", "spend", "B1", "1.234", "--decimal-comma", *at).code == 0
    text = actuals.read_text(encoding="utf-8")
    assert "  - {kpi: ca, date: 2027-03-31, value: 31250.50}" in text
    assert "  - {line: B1, date: 2027-03-31, amount: 1234.56}" in text
    assert "  - {line: B1, date: 2027-03-31, amount: -34.56}" in text
    assert "  - {line: B1, date: 2027-03-31, amount: 1234}" in text
    assert spent(cli, folder) == {"B1": "2434.00"}  # 1,234.56 - 34.56 + 1,234


# Work counted, not timed


def import_counting(
    export: Path, folder: Path, calls: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> Outcome:
    """A Google Ads import of `export` into the folder's actuals, counting in `calls` the
    numbers (`number`) and days (`date`) the preset import reads one at a time."""
    from opmkt.track import presetimport
    from opmkt.track.dates import parse_date
    from opmkt.track.numbers import read_number

    monkeypatch.setattr(
        "opmkt.track.presetimport.read_number", counting(calls, "number", read_number)
    )
    monkeypatch.setattr("opmkt.track.presetimport.parse_date", counting(calls, "date", parse_date))
    return presetimport.import_export(export, "spend", folder / "actuals.yaml", preset="google-ads")


def test_each_distinct_cell_is_read_once_when_a_column_is_not_plain_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    export = tmp_path / "big.csv"
    rows = [
        f"2027-04-{day % 28 + 1:02d},Google - Search - {day % 7},${day % 50}.25"
        for day in range(20_000)
    ]
    export.write_text(
        "Campaign report\nApril 1, 2027 - April 30, 2027\nDay,Campaign,Cost\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    calls = {"number": 0, "date": 0}
    outcome = import_counting(export, folder, calls, monkeypatch)
    assert outcome.problems == []
    assert outcome.added == 20_000
    assert calls == {"number": 50, "date": 28}


def campaign_cost(row: int) -> str:
    """The cost of a generated campaign report's row: nothing every tenth row, else an amount
    with a thousands separator (`2,001.01`)."""
    return "0.00" if row % 10 == 0 else f"{row % 3 + 1},{row % 1000:03d}.{row % 100:02d}"


def test_a_campaign_report_places_each_campaign_once_and_reads_no_amount_alone(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decimal import Decimal

    from opmkt.track.match import Matcher

    folder = plan_folder(tmp_path, "fournil-dupont")
    export = tmp_path / "big.csv"
    costs = [campaign_cost(row) for row in range(20_000)]
    rows = [
        f'2027-04-{row % 28 + 1:02d},Google - Search - {row % 7},"{cost}"'
        for row, cost in enumerate(costs)
    ]
    export.write_text(
        'Campaign report\n"April 1, 2027 - April 30, 2027"\nDay,Campaign,Cost\n'
        + "\n".join(rows)
        + "\nTotal: Account, --, --\n",
        encoding="utf-8",
    )
    calls = {"place": 0, "number": 0, "decimal": 0, "date": 0}
    monkeypatch.setattr(Matcher, "_place", counting(calls, "place", Matcher._place))
    monkeypatch.setattr("opmkt.track.numbers.Decimal", counting(calls, "decimal", Decimal))
    outcome = import_counting(export, folder, calls, monkeypatch)
    assert outcome.problems == []
    assert outcome.added == 18_000  # the rows costing nothing are not spend
    # Each campaign placed once, each day read once, the amounts written as the export has
    # them once their thousands separators are taken out: no number read alone.
    assert calls == {"place": 7, "number": 0, "decimal": 0, "date": 28}
    total = sum(Decimal(cost.replace(",", "")) for cost in costs)
    assert spent(cli, folder)["B16"] == f"{total:.2f}"
    text = (folder / "actuals.yaml").read_text(encoding="utf-8")
    assert "{line: B16, date: 2027-04-02, amount: 2001.01, note: Google - Search - 1}" in text


def test_a_campaign_reports_days_lines_and_notes_are_written_as_it_has_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opmkt.io import yamledit

    folder = plan_folder(tmp_path, "fournil-dupont")
    export = tmp_path / "big.csv"
    rows = [
        f'2027-04-{row % 28 + 1:02d},Google - Search - {row % 7},EUR,"{campaign_cost(row)}"'
        for row in range(20_000)
    ]
    export.write_text(
        "Campaign report\nDay,Campaign,Currency code,Cost\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    looked_at = []

    def scalars(column: list[Any], texts: dict[str, str | None]) -> Any:
        looked_at.append(len(column))
        return real_scalars(column, texts)

    real_scalars = yamledit._scalars
    monkeypatch.setattr(yamledit, "_scalars", scalars)
    calls = {"number": 0, "date": 0}
    outcome = import_counting(export, folder, calls, monkeypatch)
    assert (outcome.problems, outcome.added) == ([], 18_000)
    # Each row's day, line, amount and note written as the export has it: the writer looks at
    # no column of values to see how to write them.
    assert looked_at == []
    assert calls == {"number": 0, "date": 28}
    items = (folder / "actuals.yaml").read_text(encoding="utf-8").splitlines()[-2:]
    assert items == [
        "  - {line: B16, date: 2027-04-07, amount: 1998.98, note: Google - Search - 6}",
        "  - {line: B16, date: 2027-04-08, amount: 2999.99, note: Google - Search - 0}",
    ]


GROUPED = [
    ["1,234.56", "996.99", "2,996.00", "12"],
    ["1.234,56", "996,99", "12"],
    ["1 234.56", "1,234.56"],
    ["1,234,567.8", "0.5", "0.00", "0"],
    ["1234,567.8"],
    ["01,234.5"],
    ["007.10"],
    ["1,23.5"],
    ["1,234.", "1"],
    ["", "1,234.00"],
    ["1,234.00", "--"],
    ["1,234\r"],
    ["1,234\n5"],
    ["-1,234.00"],
]


@pytest.mark.parametrize("texts", GROUPED)
@pytest.mark.parametrize("decimal", [".", ","])
def test_numbers_taken_apart_at_once_are_written_as_each_reads_alone(
    texts: list[str], decimal: str
) -> None:
    from opmkt.track.numbers import Marks, number_text, number_texts, read_number

    marks = Marks.of(decimal)
    at_once = number_texts(texts, marks)
    if at_once is not None:
        assert at_once == [number_text(read_number(text, marks)) for text in texts]


@given(
    texts=st.lists(
        st.one_of(
            st.text("0123456789,.", min_size=1, max_size=12),
            st.text("0123456789 ,.'\n-$", max_size=8),
            st.integers(0, 10**9).map(lambda n: f"{n:,}.{n % 100:02d}"),
        ),
        min_size=1,
        max_size=5,
    ),
    decimal=st.sampled_from([".", ","]),
)
@example(texts=["1,234.50", "0,567.5"], decimal=".")
@example(texts=["1.234,50", "0.567"], decimal=",")
@settings(max_examples=2_000)
def test_a_column_of_numbers_taken_apart_at_once_is_written_as_each_reads_alone(
    texts: list[str], decimal: str
) -> None:
    from opmkt.track.numbers import (
        Invalid,
        Marks,
        number_text,
        number_texts,
        read_number,
        read_plain_numbers,
    )

    marks = Marks.of(decimal)
    written, read = number_texts(texts, marks), read_plain_numbers(texts, marks)
    if written is None and read is None:
        return  # read one by one
    try:
        alone = [read_number(text, marks) for text in texts]
    except Invalid as exc:
        raise AssertionError(f"taken apart at once, but refused alone: {exc}") from None
    assert read is None or read == alone
    assert written is None or written == list(map(number_text, alone))


def test_grouped_numbers_are_taken_apart_at_once_when_grouped_as_the_export_says() -> None:
    from opmkt.track.numbers import Marks, number_texts

    assert number_texts(GROUPED[0], Marks.of(".")) == ["1234.56", "996.99", "2996.00", "12"]
    assert number_texts(GROUPED[1], Marks.of(",")) == ["1234.56", "996.99", "12"]
    assert [number_texts(texts, Marks.of(".")) for texts in GROUPED[4:]] == [None] * 10


def test_an_export_whose_title_is_longer_than_the_first_read_finds_its_header(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "fournil-dupont")
    export = tmp_path / "long-title.csv"
    export.write_text(
        "Campaign report " + "x" * 100_000 + '\r\n"April 1, 2027 - April 30, 2027"\r\n'
        "Day,Campaign,Cost\r\n2027-04-02,Google - Search,12.50\r\n",
        encoding="utf-8",
    )
    args = ("track", "import", export, "--preset", "google-ads")
    result = cli(*args, "--actuals", folder / "actuals.yaml")
    assert result.code == 0, result.err
    assert spent(cli, folder) == {"B16": "12.50"}


def test_a_kpi_takes_only_the_rows_its_patterns_match(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = plan_folder(tmp_path, "northwind-studio")
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    head = "  - {id: email_subscribers, "
    at = text.index(head)
    plan.write_text(
        text[:at]
        + "  - id: retargeting_clicks\n    name: Retargeting link clicks\n"
        + "    kind: performance\n    import_from: {preset: meta-ads, metric: link_clicks, "
        + 'match: ["NW | Retargeting*"]}\n'
        + text[at:],
        encoding="utf-8",
    )
    export = EXPORTS / "meta-ads" / "ads-manager-en.csv"
    args = ("track", "import", export, "--preset", "meta-ads", "--kind", "kpi")
    result = cli(*args, "--actuals", folder / "actuals.yaml")
    assert result.code == 0, result.err
    # 402 + 288 + 131: the three retargeting ad sets, not the creators' or the lead magnet's.
    assert status(cli, folder)["kpis"]["retargeting_clicks"] == {  # type: ignore[index]
        "value": "821.00",
        "date": "2027-03-31",
    }


PATTERNS = ["Campaign B1 - *", "nw | *", "*", "Brand*", "Ca?p*", "[x] *", "Été *", "Kelvin*", "a"]
SOURCES = [
    "Campaign B1 - Search",
    "campaign b1 - display",
    "CAMPAIGN B1 -",
    "Campaign B12 - PMax",
    "NW | Brand",
    "brand",
    "[x] y",
    "été hiver",
    "Campaign B1 - \nsecond line",
    "\u212aelvin",  # the Kelvin sign, which any case of k matches
    "",
    "a",
]


@pytest.mark.parametrize("text", PATTERNS)
def test_a_pattern_places_a_source_as_its_regular_expression_does(text: str) -> None:
    from opmkt.track.match import matcher, pattern

    matches = matcher(text)
    assert [matches(source) for source in SOURCES] == [
        pattern(text).match(source) is not None for source in SOURCES
    ]


# Rows of a campaign report, with or without the first cell quoted; and what may end a line.
REPORT_ROWS = [
    "2027-04-02,Google - Search,1.00",
    '"2027-04-03",Google - Search,2.00',
    "Total: Account, --, --",
    "total : Campaigns, --, --",
    '"Total: Account", --, --',
    '" Total: x",,',
    "\xa0Total: x,,",
    "Tuesday,Google - Search,3.00",
    ",Total: x,",
    ",,",
    " ",
    "",
]


@given(
    rows=st.lists(
        st.tuples(st.sampled_from(REPORT_ROWS), st.sampled_from(["\n", "\r\n", "\r"])),
        max_size=10,
    ),
    last=st.sampled_from(["", "\n", "\r\n", "\r"]),
)
@example(rows=[(REPORT_ROWS[0], "\n"), ("", "\r\n"), (",,", "\n"), (REPORT_ROWS[2], "\n")], last="")
@settings(max_examples=500)
def test_an_export_keeps_its_data_rows_and_their_lines_however_its_lines_end(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str]], last: str
) -> None:
    from opmkt.track.exports import read_export
    from opmkt.track.presets import named

    text = "Campaign report\nDay,Campaign,Cost\n" + "".join(row + end for row, end in rows)
    text = text.removesuffix(rows[-1][1]) + last if rows else text
    export = tmp_path_factory.mktemp("export") / "report.csv"
    export.write_text(text, encoding="utf-8", newline="")
    # What a reader of the file sees: the rows on lines 3 and after that are neither blank nor
    # totals (by their first cell with text).
    expected = []
    for number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        first = next((cell.strip() for cell in cells if cell.strip()), "")
        if number > 2 and first and not first.lower().startswith(("total:", "total :")):
            expected.append((number, cells))
    found = read_export(export, [named("google-ads")])
    assert list(zip(found.lines, found.rows, strict=True)) == expected
    # The day, campaign and cost of each row, taken as the rows were read.
    assert {index: found.columns[index] for index in range(3)} == {
        index: [cells[index] if index < len(cells) else "" for _, cells in expected]
        for index in range(3)
    }
    for index, distinct in found.distinct.items():
        assert list(distinct) == list(dict.fromkeys(found.columns[index]))
    assert found.widths == frozenset(len(cells) for _, cells in expected)


def test_the_distinct_days_and_campaigns_of_a_long_export_are_those_of_its_rows_kept(
    tmp_path: Path,
) -> None:
    from opmkt.track.exports import read_export
    from opmkt.track.presets import named

    rows = [
        f"2027-04-{row % 28 + 1:02d},Google - Search - {row % 7},{row}.00" for row in range(9_000)
    ]
    # Totals and blank rows here and there, with days and campaigns no row kept has.
    for at in (8_000, 4_100, 2_047, 2_048, 10):
        rows.insert(at, "Total: Account,Total campaign,1.00")
        rows.insert(at, "")
    export = tmp_path / "report.csv"
    export.write_text("Campaign report\nDay,Campaign,Cost\n" + "\n".join(rows) + "\n", "utf-8")
    found = read_export(export, [named("google-ads")])
    assert len(found.rows) == 9_000
    assert {index: list(cells) for index, cells in found.distinct.items()} == {
        0: [f"2027-04-{day:02d}" for day in range(1, 29)],
        1: [f"Google - Search - {campaign}" for campaign in range(7)],
    }
