"""`opmkt track`: records land in actuals.yaml as one new line each, and nothing else moves."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, OPMKT, SCHEMAS, Result, run_installed

PLAN = """\
version: 1
plan:
  name: Boutique — plan 2027
  period: {start: 2027-01-01, end: 2027-12-31}
  currency: EUR
  exchange_rates: {USD: 0.92}
kpis:
  - {id: ca, name: Chiffre d'affaires, kind: financial, unit: EUR}
  - {id: visites, name: Visites du site, kind: performance, unit: visits}
  - id: roi
    name: Retour sur investissement
    kind: financial
    unit: "%"
    formula: roi
    inputs: {revenue: ca, spend: budget}
budget:
  lines:
    - {id: B1, label: Shooting photo, amount: 800}
    - {id: B2, label: Publicité Instagram, amount: 1200}
    - {id: B3, label: Flyers, amount: 300}
"""

ACTUALS = """\
# Résultats 2027 — saisis à la main et importés de la comptabilité.
version: 1
plan: plan.yaml

kpis:
  # Chiffre d'affaires (caisse)
  - {kpi: ca, date: 2027-01-31, value: 25100}   # janvier

  # Visites (Analytics)
  - {kpi: visites, date: 2027-01-31, value: 1200}

# Dépenses réelles
spend:
  - {line: B1, date: 2027-01-20, amount: 650, ref: "SL-031"}
  # Meta, facture mensuelle
  - {line: B2, date: 2027-02-01, amount: 99.90, currency: USD}   # en dollars

# fin du fichier
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "actuals.yaml").write_text(ACTUALS, encoding="utf-8")
    return tmp_path


def inserted(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails unless removing them gives `before` back."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), f"changed: {old[i1:i2]} -> {new[j1:j2]}"
        added.extend(new[j1:j2] if tag == "insert" else [])
    return [line.rstrip("\r\n") for line in added]


def validates(*files: Path) -> None:
    result = run_installed("validate", *files)
    assert result.code == 0, result.out + result.err
    assert " 0 errors" in result.out


# Recording by hand


def test_spend_is_one_new_line_after_the_last_record(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    result = cli(
        "track", "spend", "B1", "780.50", "--date", "2027-02-14", "--ref", "FAC-1182",
        "--actuals", actuals,
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        f"recorded spend of 780.50 EUR on line B1 dated 2027-02-14, ref FAC-1182 in {actuals}\n"
    )
    after = actuals.read_text(encoding="utf-8")
    line = "  - {line: B1, date: 2027-02-14, amount: 780.50, ref: FAC-1182}"
    marker = "  - {line: B2, date: 2027-02-01, amount: 99.90, currency: USD}   # en dollars\n"
    assert after == ACTUALS.replace(marker, marker + line + "\n")
    validates(actuals)


def test_kpi_lands_at_the_end_of_kpis_before_the_next_section_comment(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    result = cli("track", "kpi", "ca", "82000", "--date", "2027-03-31", "--actuals", actuals)
    assert result.code == 0
    assert result.out == f"recorded ca = 82,000 dated 2027-03-31 in {actuals}\n"
    after = actuals.read_text(encoding="utf-8")
    marker = "  - {kpi: visites, date: 2027-01-31, value: 1200}\n"
    assert after == ACTUALS.replace(
        marker, marker + "  - {kpi: ca, date: 2027-03-31, value: 82000}\n"
    )
    validates(actuals)


def test_the_default_actuals_file_is_the_one_in_the_current_folder(
    cli: Callable[..., Result], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    result = cli("track", "kpi", "visites", "1350", "--date", "2027-02-28")
    assert result.out == "recorded visites = 1,350 dated 2027-02-28 in actuals.yaml\n"
    assert inserted(ACTUALS, (folder / "actuals.yaml").read_text(encoding="utf-8")) == [
        "  - {kpi: visites, date: 2027-02-28, value: 1350}"
    ]


@pytest.mark.parametrize(
    ("args", "written"),
    [
        (["kpi", "ca", "1234.50"], "value: 1234.50}"),
        (["kpi", "ca", "-3"], "value: -3}"),
        (["kpi", "ca", "0.125"], "value: 0.125}"),
        (["kpi", "ca", "0.0000001"], "value: 0.0000001}"),
        (["spend", "B3", "0"], "amount: 0}"),
        (["spend", "B3", "12", "--currency", "usd"], "amount: 12, currency: USD}"),
        (["spend", "B3", "12", "--ref", "1182"], "amount: 12, ref: '1182'}"),
        (["spend", "B3", "12", "--ref", "2027-04-01"], "amount: 12, ref: '2027-04-01'}"),
        (["spend", "B3", "12", "--note", "Réglé à Noël"], "amount: 12, note: Réglé à Noël}"),
        (["spend", "B3", "12", "--note", "payé: oui, non"], 'note: "payé: oui, non"}'),
        (["spend", "B3", "12", "--ref", "FAC:1182"], 'ref: "FAC:1182"}'),
        (["spend", "B3", "12", "--ref", "A?7"], 'ref: "A?7"}'),
        (["spend", "B3", "12", "--ref", "\\?-"], 'ref: "\\\\?-"}'),
        (
            ["spend", "B3", "12", "--note", "https://ads.example.com/i/1"],
            'note: "https://ads.example.com/i/1"}',
        ),
        (["spend", "B3", "12", "--note", "deux\nlignes"], 'note: "deux\\nlignes"}'),
    ],
)
def test_numbers_are_written_as_typed_and_text_quoted_only_when_yaml_needs_it(
    cli: Callable[..., Result], folder: Path, args: list[str], written: str
) -> None:
    actuals = folder / "actuals.yaml"
    result = cli("track", *args, "--date", "2027-04-01", "--actuals", actuals)
    assert result.code == 0, result.err
    (line,) = inserted(ACTUALS, actuals.read_text(encoding="utf-8"))
    assert line.endswith(written)
    validates(actuals)


REFUSALS = [
    (["spend", "B11", "10"], "the plan plan.yaml has no budget line 'B11': did you mean 'B1'?"),
    (["spend", "Flyer", "10"], "no budget line 'Flyer' (it has B1, B2, B3)"),
    (["kpi", "visite", "10"], "the plan plan.yaml has no KPI 'visite': did you mean 'visites'?"),
    (["kpi", "roi", "12"], "KPI 'roi' is computed by its formula (roi), never measured"),
    (["spend", "B1", "10", "--currency", "GBP"], "no exchange rate for GBP"),
    (["spend", "B1", "10", "--currency", "USE"], "did you mean 'USD'?"),
    (["spend", "B1", "10", "--currency", "dollars"], "is not a currency code"),
    (["spend", "B1", "12,5", "--decimal-point"], "amount '12,5' is not a number with a decimal"),
    (["spend", "B1", "1.5", "--decimal-comma"], "(--decimal-point if '.' is the decimal mark)"),
    (["spend", "B1", "1", "--decimal-comma", "--decimal-point"], "not both"),
    (["spend", "B1", "1e3"], "amount '1e3' is not a number"),
    (["kpi", "ca", "douze"], "value 'douze' is not a number"),
    (["spend", "B1", "10", "--date", "2027-02-30"], "'2027-02-30' is not a day of the calendar"),
    (["kpi", "ca", "10", "--date", "31/03/2027"], "write it YYYY-MM-DD"),
    (["spend", "B1", "10", "--plan", "other.yaml"], "tracks plan.yaml, not other.yaml"),
    # Found by fuzzing: each of these was written, and left a file that no longer loads (or,
    # for a control character, crashed with an internal error).
    (
        ["spend", "B1", "1000000000000000000"],
        "amount 1000000000000000000: an amount must lie between 10^-15 and 10^15",
    ),
    (["kpi", "ca", "0.0000000000000000001"], "value 0.0000000000000000001: a value must lie"),
    (["spend", "B1", "10", "--ref", "FAC\r1182"], "--ref holds a control character ('\\r')"),
    (["kpi", "ca", "10", "--note", "ding\x07"], "--note holds a control character ('\\x07')"),
    (["spend", "B\n1", "10"], "no budget line 'B\\n1'"),
    (["spend", "", "10"], "LINE is empty: give the id of a budget line"),  # was a KeyError
    (["kpi", "", "10"], "KPI is empty: give the id of a KPI"),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_each_refusal_is_one_line_exit_2_and_the_file_is_untouched(
    cli: Callable[..., Result],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(folder)
    before = (folder / "actuals.yaml").read_bytes()
    result = cli("track", *args)
    assert result.code == 2
    assert result.err.startswith("error: ")
    assert message in result.err
    assert result.err.count("\n") == 1
    assert result.out == ""
    assert (folder / "actuals.yaml").read_bytes() == before


def test_a_plan_named_with_a_line_break_is_one_line_that_says_where_it_comes_from(
    cli: Callable[..., Result], folder: Path
) -> None:
    # Found by fuzzing: the name, from the file, went into the error as it was: two lines.
    actuals = folder / "actuals.yaml"
    actuals.write_text('version: 1\nplan: "plan\\n.yaml"\n', encoding="utf-8")
    before = actuals.read_bytes()
    result = cli("track", "spend", "B1", "10", "--actuals", actuals)
    assert result.code == 2
    assert result.err == (
        f"error: {folder}/plan\\n.yaml: no such file (the plan {actuals} tracks: correct its "
        "`plan:`)\n"
    )
    assert actuals.read_bytes() == before


def test_an_unusable_actuals_file_is_refused_with_the_first_problem(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    actuals.write_text(ACTUALS.replace("value: 1200}", "value: 1200"), encoding="utf-8")
    before = actuals.read_bytes()
    result = cli("track", "spend", "B1", "10", "--actuals", actuals)
    assert result.code == 1
    assert re.match(
        rf"error: {re.escape(str(actuals))} cannot be read as an actuals file \(", result.err
    )
    assert f"run `opmkt validate {actuals}`" in result.err
    assert actuals.read_bytes() == before


# Layouts


def test_crlf_line_endings_are_kept(cli: Callable[..., Result], folder: Path) -> None:
    actuals = folder / "actuals.yaml"
    original = ACTUALS.replace("\n", "\r\n").encode("utf-8")
    actuals.write_bytes(original)
    assert (
        cli("track", "spend", "B3", "120", "--date", "2027-05-02", "--actuals", actuals).code == 0
    )
    after = actuals.read_bytes()
    line = b"  - {line: B3, date: 2027-05-02, amount: 120}\r\n"
    assert after.count(line) == 1
    assert after.replace(line, b"", 1) == original
    assert b"\n" not in after.replace(b"\r\n", b"")
    validates(actuals)


def test_utf8_with_accents_and_a_bom_is_kept_byte_for_byte(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    original = b"\xef\xbb\xbf" + ACTUALS.encode("utf-8")
    actuals.write_bytes(original)
    result = cli(
        "track", "spend", "B2", "45", "--date", "2027-03-01", "--note", "Campagne fête des mères",
        "--actuals", actuals,
    )  # fmt: skip
    assert result.code == 0
    after = actuals.read_bytes()
    line = "  - {line: B2, date: 2027-03-01, amount: 45, note: Campagne fête des mères}\n"
    assert after.count(line.encode("utf-8")) == 1
    assert after.replace(line.encode("utf-8"), b"", 1) == original
    validates(actuals)


BLOCK = """\
version: 1
plan: plan.yaml
spend:
-   line: B1      # indented as its author likes
    date: 2027-01-20
    amount: 650
    note: |
      Shooting
      du printemps

# later
"""


def test_block_items_get_a_block_item_with_the_same_indentation(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    actuals.write_text(BLOCK, encoding="utf-8")
    result = cli(
        "track", "spend", "B2", "99.90", "--date", "2027-02-01", "--ref", "META-02",
        "--actuals", actuals,
    )  # fmt: skip
    assert result.code == 0
    assert actuals.read_text(encoding="utf-8") == BLOCK.replace(
        "      du printemps\n",
        "      du printemps\n"
        "-   line: B2\n"
        "    date: 2027-02-01\n"
        "    amount: 99.90\n"
        "    ref: META-02\n",
    )
    validates(actuals)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "version: 1\nplan: plan.yaml\nkpis:\n  - {kpi: ca, date: 2027-01-31, value: 5}\n",
            "version: 1\nplan: plan.yaml\nkpis:\n  - {kpi: ca, date: 2027-01-31, value: 5}\n"
            "\nspend:\n  - {line: B1, date: 2027-02-14, amount: 780.50}\n",
        ),
        (
            "version: 1\nplan: plan.yaml\nspend: []   # rien encore\n",
            "version: 1\nplan: plan.yaml\nspend:   # rien encore\n"
            "  - {line: B1, date: 2027-02-14, amount: 780.50}\n",
        ),
        (
            "version: 1\nplan: plan.yaml\nspend: [{line: B2, date: 2027-01-02, amount: 1}]\n",
            "version: 1\nplan: plan.yaml\nspend: [{line: B2, date: 2027-01-02, amount: 1}, "
            "{line: B1, date: 2027-02-14, amount: 780.50}]\n",
        ),
        (
            "version: 1\nplan: plan.yaml\nkpis:\n  - kpi: ca\n    date: 2027-01-31\n    value: 5\n",
            "version: 1\nplan: plan.yaml\nkpis:\n  - kpi: ca\n    date: 2027-01-31\n"
            "    value: 5\n\nspend:\n  - line: B1\n    date: 2027-02-14\n    amount: 780.50\n",
        ),
        (
            "version: 1\nplan: plan.yaml",
            "version: 1\nplan: plan.yaml\n\nspend:\n"
            "  - {line: B1, date: 2027-02-14, amount: 780.50}",
        ),
    ],
    ids=["missing-section", "empty-flow-list", "flow-list", "block-style-elsewhere", "no-eol"],
)
def test_a_section_that_is_missing_or_empty_is_filled_in_the_file_style(
    cli: Callable[..., Result], folder: Path, before: str, after: str
) -> None:
    actuals = folder / "actuals.yaml"
    actuals.write_text(before, encoding="utf-8")
    result = cli("track", "spend", "B1", "780.50", "--date", "2027-02-14", "--actuals", actuals)
    assert result.code == 0, result.err
    assert actuals.read_text(encoding="utf-8") == after
    validates(actuals)


def test_a_block_scalar_keeps_its_trailing_lines_and_an_alias_is_refused(
    cli: Callable[..., Result], folder: Path
) -> None:
    actuals = folder / "actuals.yaml"
    kept = "version: 1\nplan: plan.yaml\nspend:\n  - line: B1\n    date: 2027-01-20\n"
    kept += "    amount: 650\n    note: |+\n      deux lignes vides gardées\n\n\n"
    actuals.write_text(kept, encoding="utf-8")
    assert cli("track", "spend", "B2", "9", "--date", "2027-02-01", "--actuals", actuals).code == 0
    assert actuals.read_text(encoding="utf-8") == (
        kept + "  - line: B2\n    date: 2027-02-01\n    amount: 9\n"
    )
    validates(actuals)
    aliased = (
        "version: 1\nplan: plan.yaml\nspend:\n  - &x {line: B1, date: 2027-01-20, amount: 1}\n"
    )
    actuals.write_text(aliased + "  - *x\n", encoding="utf-8")
    result = cli("track", "spend", "B2", "9", "--date", "2027-02-01", "--actuals", actuals)
    assert result.code == 2
    assert result.err == (
        f"error: {actuals}: the last item of `spend` is an alias (*name): write it out to "
        "record after it\n"
    )
    assert actuals.read_text(encoding="utf-8") == aliased + "  - *x\n"


@pytest.mark.parametrize("example", ["fournil-dupont", "northwind-studio"])
@pytest.mark.usefixtures("english")
def test_the_examples_keep_every_byte(
    cli: Callable[..., Result], tmp_path: Path, example: str
) -> None:
    folder = tmp_path / example
    shutil.copytree(EXAMPLES / example, folder)
    actuals = folder / "actuals.yaml"
    original = actuals.read_text(encoding="utf-8")
    assert (
        cli("track", "spend", "B1", "12.30", "--date", "2027-06-01", "--actuals", actuals).code == 0
    )
    assert inserted(original, actuals.read_text(encoding="utf-8")) == [
        "  - {line: B1, date: 2027-06-01, amount: 12.30}"
    ]
    validates(actuals)


# A new actuals file


def test_a_missing_actuals_file_is_created_for_the_plan_beside_it(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, schemas)
    project = tmp_path / "boutique"
    project.mkdir()
    (project / "plan.yaml").write_text(
        "# yaml-language-server: $schema=../schemas/plan.schema.json\n" + PLAN, encoding="utf-8"
    )
    actuals = project / "actuals.yaml"
    result = cli("track", "kpi", "ca", "82000", "--date", "2027-03-31", "--actuals", actuals)
    assert result.code == 0
    assert result.out == (
        f"recorded ca = 82,000 dated 2027-03-31 in {actuals} (new file, tracking "
        f"{project / 'plan.yaml'})\n"
    )
    assert actuals.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../schemas/actuals.schema.json\n"
        "version: 1\n"
        "plan: plan.yaml\n"
        "\n"
        "kpis:\n"
        "  - {kpi: ca, date: 2027-03-31, value: 82000}\n"
    )
    validates(actuals)
    result = cli("track", "spend", "B1", "10", "--date", "2027-04-01", "--actuals", actuals)
    assert result.out.endswith(f"in {actuals}\n"), "created once, then appended to"


@pytest.mark.parametrize(
    "modeline",
    ["", "# yaml-language-server: $schema=.opmkt/plan.schema.json\n", "# a comment\n"],
    ids=["none", "init-schema-without-actuals-schema", "comment"],
)
def test_a_new_file_has_no_modeline_unless_the_schema_folder_has_the_actuals_schema(
    cli: Callable[..., Result], tmp_path: Path, modeline: str
) -> None:
    (tmp_path / ".opmkt").mkdir()
    (tmp_path / ".opmkt" / "plan.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(modeline + PLAN, encoding="utf-8")
    actuals = tmp_path / "actuals.yaml"
    assert cli("track", "spend", "B1", "5", "--date", "2027-01-05", "--actuals", actuals).code == 0
    assert actuals.read_text(encoding="utf-8").startswith("version: 1\nplan: plan.yaml\n")


def test_with_plan_elsewhere_the_new_file_points_at_it_relatively(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "plans").mkdir()
    plan = tmp_path / "plans" / "plan-2027.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    actuals = tmp_path / "results" / "actuals.yaml"
    actuals.parent.mkdir()
    result = cli(
        "track", "spend", "B2", "5", "--date", "2027-01-05", "--actuals", actuals, "--plan", plan
    )
    assert result.code == 0
    assert "plan: ../plans/plan-2027.yaml\n" in actuals.read_text(encoding="utf-8")
    validates(actuals)


def test_without_a_plan_nothing_is_created(cli: Callable[..., Result], tmp_path: Path) -> None:
    actuals = tmp_path / "actuals.yaml"
    result = cli("track", "spend", "B1", "5", "--actuals", actuals)
    assert result.code == 2
    assert result.err == (
        f"error: {actuals} does not exist, and there is no {tmp_path / 'plan.yaml'} beside it "
        "to track: give the plan with --plan FILE\n"
    )
    assert not actuals.exists()
    result = cli("track", "spend", "B1", "5", "--actuals", actuals, "--plan", tmp_path / "p.yaml")
    assert (result.code, result.err) == (2, f"error: {tmp_path / 'p.yaml'}: no such file\n")
    assert not actuals.exists()


# Importing CSV exports

ACCOUNTING = (
    "\ufeffDate pièce;Compte analytique;Libellé;Montant TTC;Devise;N° pièce\r\n"
    "14/02/2027;B1;Studio Lumière — shooting;780,50;EUR;FAC-1182\r\n"
    "01/03/2027;B2;Meta Platforms;1\u00a0234,56;EUR;META-0301\r\n"
    '05/03/2027;B3;"Imprimerie; flyers";96,00;;IMP-77\r\n'
)
ACCOUNTING_MAPS = [
    "--map", "Date pièce=date", "--map", "Compte analytique=line",
    "--map", "Montant TTC=amount", "--map", "Devise=currency", "--map", "N° pièce=ref",
]  # fmt: skip
ACCOUNTING_LINES = [
    "  - {line: B1, date: 2027-02-14, amount: 780.50, ref: FAC-1182, currency: EUR}",
    "  - {line: B2, date: 2027-03-01, amount: 1234.56, ref: META-0301, currency: EUR}",
    "  - {line: B3, date: 2027-03-05, amount: 96.00, ref: IMP-77}",
]


def test_an_accounting_export_with_semicolons_decimal_commas_and_a_bom(
    cli: Callable[..., Result], folder: Path, tmp_path: Path
) -> None:
    export = tmp_path / "export-compta.csv"
    export.write_bytes(ACCOUNTING.encode("utf-8"))
    actuals = folder / "actuals.yaml"
    result = cli(
        "track", "import", export, "--kind", "spend", *ACCOUNTING_MAPS,
        "--decimal-comma", "--date-format", "%d/%m/%Y", "--actuals", actuals,
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    assert result.out == f"added 3 records to {actuals}, 0 already there\n"
    assert inserted(ACTUALS, actuals.read_text(encoding="utf-8")) == ACCOUNTING_LINES
    validates(actuals)


def test_an_ad_platform_export_with_its_own_column_names(
    cli: Callable[..., Result], folder: Path, tmp_path: Path
) -> None:
    export = tmp_path / "meta-ads.csv"
    export.write_text(
        "Reporting starts,Campaign name,Amount spent (USD),Currency,Results\n"
        "2027-03-01,B2,412.37,USD,88\n"
        '2027-03-02,B2,"1 020.00",USD,140\n',
        encoding="utf-8",
    )
    actuals = folder / "actuals.yaml"
    result = cli(
        "track", "import", export, "--kind", "spend", "--map", "Reporting starts=date",
        "--map", "Campaign name=line", "--map", "Amount spent (USD)=amount",
        "--actuals", actuals,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert inserted(ACTUALS, actuals.read_text(encoding="utf-8")) == [
        "  - {line: B2, date: 2027-03-01, amount: 412.37, currency: USD}",
        "  - {line: B2, date: 2027-03-02, amount: 1020.00, currency: USD}",
    ]
    validates(actuals)


def test_analytics_measurements_with_columns_named_like_the_fields(
    cli: Callable[..., Result], folder: Path, tmp_path: Path
) -> None:
    export = tmp_path / "analytics.csv"
    export.write_text(
        "KPI\tDate\tValue\tNote\nvisites\t2027-02-28\t1 480\t\nca\t2027-02-28\t26050.5\tcaisse\n",
        encoding="utf-8",
    )
    actuals = folder / "actuals.yaml"
    result = cli("track", "import", export, "--kind", "kpi", "--actuals", actuals)
    assert result.code == 0, result.err
    assert inserted(ACTUALS, actuals.read_text(encoding="utf-8")) == [
        "  - {kpi: visites, date: 2027-02-28, value: 1480}",
        "  - {kpi: ca, date: 2027-02-28, value: 26050.5, note: caisse}",
    ]


def test_one_bad_row_imports_nothing_and_every_bad_row_is_named_by_its_line(
    cli: Callable[..., Result], folder: Path, tmp_path: Path
) -> None:
    export = tmp_path / "spend.csv"
    export.write_text(
        "line,date,amount,currency,note\n"
        "B1,2027-02-14,780.50,,\n"
        'B2,2027-02-15,10,,"a note\non two lines"\n'
        "B11,2027-02-16,10,,\n"
        "B1,2027-02-30,10,,\n"
        'B1,2027-02-17,"1,234",,\n'
        "B1,2027-02-18,10,GBP,\n"
        "B1,2027-02-19,,,\n"
        "B1,2027-02-20,-4,,\n",
        encoding="utf-8",
    )
    actuals, plan = folder / "actuals.yaml", folder / "plan.yaml"
    before = actuals.read_bytes()
    result = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
    assert result.code == 1
    assert result.out == ""
    assert result.err.splitlines() == [
        f"{export}:5: the plan {plan} has no budget line 'B11': did you mean 'B1'?",
        f"{export}:6: date '2027-02-30' is not a day of the calendar",
        f"{export}:7: amount '1,234' is ambiguous (is ',' a thousands separator or a decimal "
        "mark?): say which with --decimal-comma or --decimal-point",
        f"{export}:8: the plan {plan} has no exchange rate for GBP: add GBP: <value of 1 GBP "
        "in EUR> to plan.exchange_rates",
        f"{export}:9: no amount",
        "nothing imported: 5 rows to fix",
    ]
    assert actuals.read_bytes() == before


def test_cells_the_actuals_file_would_refuse_are_row_errors_on_one_line(
    cli: Callable[..., Result], folder: Path, tmp_path: Path
) -> None:
    # Found by fuzzing: a huge amount was imported into a file that then no longer loaded, a
    # control character crashed the import, and a cell with a line break split its message.
    export = tmp_path / "spend.csv"
    export.write_text(
        "line,date,amount,note\n"
        "B1,2027-02-14,1000000000000000000,\n"
        "B1,2027-02-15,10,ding\x07\n"
        '"B\n1",2027-02-16,10,\n',
        encoding="utf-8",
    )
    actuals, plan = folder / "actuals.yaml", folder / "plan.yaml"
    result = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{export}:2: amount 1000000000000000000: an amount must lie between 10^-15 and 10^15",
        f"{export}:3: note holds a control character ('\\x07'): remove it",
        f"{export}:4: the plan {plan} has no budget line 'B\\n1': did you mean 'B1'?",
        "nothing imported: 3 rows to fix",
    ]
    assert actuals.read_text(encoding="utf-8") == ACTUALS


def test_formula_kpis_and_missing_columns_are_row_errors(
    cli: Callable[..., Result], folder: Path, tmp_path: Path
) -> None:
    export = tmp_path / "kpis.csv"
    export.write_text("kpi,date,value\nroi,2027-02-28,12\n", encoding="utf-8")
    actuals = folder / "actuals.yaml"
    result = cli("track", "import", export, "--kind", "kpi", "--actuals", actuals)
    assert result.code == 1
    assert result.err.startswith(f"{export}:2: KPI 'roi' is computed by its formula (roi)")
    result = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{export}:1: no column for line: the columns are 'kpi', 'date', 'value'; name one "
        "with --map 'COLUMN=line'"
    )
    result = cli(
        "track", "import", export, "--kind", "kpi", "--map", "Metric=kpi", "--actuals", actuals
    )
    assert result.code == 1
    assert f"{export}:1: no column 'Metric' (mapped to kpi)" in result.err
    assert actuals.read_text(encoding="utf-8") == ACTUALS


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--map", "Total"], "--map 'Total' is not COLUMN=FIELD"),
        (["--map", "Total=amont"], "spend records have no field 'amont': did you mean 'amount'?"),
        (["--date-format", "DD/MM/YYYY"], "--date-format 'DD/MM/YYYY' cannot read dates"),
    ],
)
def test_bad_import_options_are_usage_errors(
    cli: Callable[..., Result], folder: Path, options: list[str], message: str
) -> None:
    export = folder / "x.csv"
    export.write_text("line,date,amount\nB1,2027-01-01,1\n", encoding="utf-8")
    result = cli(
        "track", "import", export, "--kind", "spend", *options, "--actuals", folder / "actuals.yaml"
    )
    assert result.code == 2
    assert message in result.err


def test_reimporting_adds_nothing_and_identical_rows_count_each(
    cli: Callable[..., Result], folder: Path, tmp_path: Path
) -> None:
    export = tmp_path / "spend.csv"
    export.write_text(
        "line,date,amount,ref\n"
        "B3,2027-04-01,10.5,TICKET\n"
        "B3,2027-04-01,10.50,TICKET\n"  # the same record: 10.5 and 10.50 are one amount
        "B1,2027-01-20,650,SL-031\n",  # already in the file, typed by hand
        encoding="utf-8",
    )
    actuals = folder / "actuals.yaml"
    first = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
    assert first.out == f"added 2 records to {actuals}, 1 already there\n"
    after_first = actuals.read_text(encoding="utf-8")
    assert inserted(ACTUALS, after_first) == [
        "  - {line: B3, date: 2027-04-01, amount: 10.5, ref: TICKET}",
        "  - {line: B3, date: 2027-04-01, amount: 10.50, ref: TICKET}",
    ]
    second = cli("track", "import", export, "--kind", "spend", "--actuals", actuals)
    assert second.out == f"added 0 records to {actuals}, 3 already there\n"
    assert actuals.read_text(encoding="utf-8") == after_first


# Several writers, and the lock


def record_at_once(
    names: list[Path], extra: list[list[str | Path]] | None = None
) -> list[subprocess.Popen[str]]:
    """Start one `track spend` per name in `names` (record R<i>), and the `extra` commands,
    all at once."""
    procs = [
        subprocess.Popen(
            [OPMKT, "track", "spend", "B3", f"{i}.25", "--date", "2027-06-01", "--ref", f"R{i}",
             "--actuals", name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, name in enumerate(names)
    ]  # fmt: skip
    procs += [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in extra or []
    ]
    return procs


def spend_lines(count: int) -> list[str]:
    return sorted(
        f"  - {{line: B3, date: 2027-06-01, amount: {i}.25, ref: R{i}}}" for i in range(count)
    )


def test_processes_recording_at_once_all_land(folder: Path) -> None:
    actuals = folder / "actuals.yaml"
    for proc in record_at_once([actuals] * 8):
        _, err = proc.communicate(timeout=60)
        assert (proc.returncode, err) == (0, ""), err
    added = inserted(ACTUALS, actuals.read_text(encoding="utf-8"))
    assert sorted(added) == spend_lines(8)
    validates(actuals)


@pytest.mark.slow  # dozens of real processes
def test_writers_through_a_link_and_through_the_name_all_land(folder: Path) -> None:
    # Ten record through actuals.yaml, ten through other/actuals.yaml, a link to it, and ten
    # through a linked folder: one file, so one lock, whatever name leads to it.
    actuals = folder / "actuals.yaml"
    (folder / "other").mkdir()
    (folder / "other" / "actuals.yaml").symlink_to(actuals)
    (folder / "other" / "plan.yaml").symlink_to(folder / "plan.yaml")  # its `plan:` is beside
    (folder / "same").symlink_to(folder, target_is_directory=True)
    names = [actuals, folder / "other" / "actuals.yaml", folder / "same" / "actuals.yaml"] * 10
    for proc in record_at_once(names):
        _, err = proc.communicate(timeout=120)
        assert (proc.returncode, err) == (0, ""), err
    assert (folder / "other" / "actuals.yaml").is_symlink()
    added = inserted(ACTUALS, actuals.read_text(encoding="utf-8"))
    assert sorted(added) == spend_lines(30)
    validates(actuals)


@pytest.mark.slow  # dozens of real processes
def test_fmt_racing_track_loses_no_record(folder: Path) -> None:
    # fmt rewrites the file it reads: under the lock track takes, it reads every record
    # recorded before it, and none comes between its read and its rename. An actuals file
    # long enough that laying it out takes a while, recorded into while fmt works on it.
    actuals = folder / "actuals.yaml"
    rows = "".join(
        f"  - {{line: B1, date: 2027-01-01, amount: {i}.5, ref: OLD{i}}}\n" for i in range(1500)
    )
    unformatted = f"plan: plan.yaml\nspend:\n{rows}version: 1\n"  # fmt puts `version` first
    for attempt in range(2):
        actuals.write_text(unformatted, encoding="utf-8")
        fmt = subprocess.Popen(
            [OPMKT, "fmt", actuals], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        tracks = []
        for _ in range(4):
            time.sleep(0.4)  # spread over fmt's run, not an assertion on time
            tracks += record_at_once([actuals])
        for proc in [fmt, *tracks]:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, (attempt, err)
        text = actuals.read_text(encoding="utf-8")
        assert text.startswith("version: 1\n"), attempt  # fmt did rewrite it
        assert text.count("ref: R0}") == 4, (attempt, text[-400:])
        validates(actuals)


def test_a_run_leaves_nothing_beside_the_file(cli: Callable[..., Result], folder: Path) -> None:
    # No lock file to commit by mistake: the lock is on the folder, not a file beside.
    before = sorted(p.name for p in folder.iterdir())
    result = cli(
        "track", "kpi", "ca", "1", "--date", "2027-02-01", "--actuals", folder / "actuals.yaml"
    )
    assert result.code == 0, result.err
    assert sorted(p.name for p in folder.iterdir()) == before
    result = cli("fmt", folder / "actuals.yaml")
    assert result.code == 0, result.err
    assert sorted(p.name for p in folder.iterdir()) == before
