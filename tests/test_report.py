"""`opmkt report`: the examples' reports pinned by golden files, the same on any machine and
any day; every fixed word in the report's language and every figure written by Babel; where the
report is written and what it never overwrites; the view templates receive."""

from __future__ import annotations

import datetime as dt
import errno
import itertools
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from babel.dates import format_date, format_interval
from babel.numbers import format_currency, format_percent
from markupsafe import Markup

from opmkt.report import build as core
from opmkt.report.view import ReportView
from opmkt.text.words import TABLES, Words
from tests.conftest import EXAMPLES, OPMKT, ROOT, Result
from tests.report_support import AS_OF, DELIMITER_ROW, PLANS, cells, parse_html, render, tables

Cli = Callable[..., Result]
FOURNIL = PLANS["fournil-dupont"]
FORMATS = ("html", "md")


def today_forms() -> set[str]:
    """Today's date as a report could write it, in the examples' languages."""
    days = {dt.date.today(), dt.datetime.now(dt.UTC).date()}
    forms = set()
    for day in days - {dt.date.fromisoformat(AS_OF)}:
        forms |= {day.isoformat(), day.strftime("%d/%m/%Y"), day.strftime("%m/%d/%Y")}
        for locale in ("fr_FR", "en_US"):
            forms |= {format_date(day, width, locale=locale) for width in ("medium", "long")}
    return forms


def copy_example(tmp_path: Path, name: str = "fournil-dupont", *, actuals: bool = True) -> Path:
    """The example's plan (and its actuals) in tmp_path, where reports may be written."""
    shutil.copy(PLANS[name], tmp_path / "plan.yaml")
    if actuals:
        shutil.copy(PLANS[name].with_name("actuals.yaml"), tmp_path / "actuals.yaml")
    return tmp_path / "plan.yaml"


# --- Golden files -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", PLANS)
def test_example_report_is_the_committed_one(
    cli: Cli, request: pytest.FixtureRequest, tmp_path: Path, name: str, fmt: str
) -> None:
    # The committed reports under examples/ are the golden files: the README shows them, and
    # `make demo` or `pytest --update-golden` rewrites them (review the diff).
    out = tmp_path / f"report.{fmt}"
    result = cli("report", PLANS[name], "-f", fmt, "-o", out, "--as-of", AS_OF)
    assert (result.code, result.out, result.err) == (0, "", f"wrote {out}\n")
    text = out.read_text(encoding="utf-8")
    shown = sorted(form for form in today_forms() if form in text)
    assert not shown, f"the report shows today's date {shown}: it must depend only on its inputs"
    assert str(ROOT) not in text and str(tmp_path) not in text, "a path of this machine"
    committed = EXAMPLES / name / f"plan.{fmt}"
    if request.config.getoption("--update-golden"):
        committed.write_text(text, encoding="utf-8")
    assert committed.read_text(encoding="utf-8") == text, f"{committed} is stale: run make demo"


@pytest.mark.parametrize(
    ("fmt", "env"),
    [
        ("html", {"PYTHONHASHSEED": "1", "TZ": "Pacific/Kiritimati", "LC_ALL": "de_DE.UTF-8"}),
        ("md", {"PYTHONHASHSEED": "2", "TZ": "Etc/GMT+12", "LANG": "ja_JP.UTF-8"}),
    ],
)
def test_the_installed_command_writes_the_same_report_anywhere(
    tmp_path: Path, fmt: str, env: dict[str, str]
) -> None:
    expected = render(FOURNIL, tmp_path / f"here.{fmt}")
    out = tmp_path / f"there.{fmt}"
    proc = subprocess.run(
        [str(OPMKT), "report", str(FOURNIL), "-o", str(out), "--as-of", AS_OF],
        env={**os.environ, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8") == expected


# --- Language and formats -----------------------------------------------------------------------


def html_labels(text: str) -> list[str]:
    """The fixed words of an HTML report: section titles, column headers, captions, terms."""
    page = parse_html(text)
    found = []
    for node in page.iter("h2", "caption", "dt", "th"):
        if node.tag == "th" and node.attrs.get("scope") != "col":
            continue
        # `Budget · Par mois`, `Analyse des résultats · 30 sept. 2027`: a word, then the rest.
        parts = node.text().strip().split(" · ")
        found += parts if node.tag == "caption" else parts[:1]
    nav = next(page.iter("nav"))
    found += [a.text() for a in nav.iter("a")]
    return [label for label in found if label != "%"]


def md_labels(text: str, colon: str) -> list[str]:
    """The fixed words of a Markdown report: section titles, terms, table headers, contents."""
    lines = text.splitlines()
    found = [line[3:] for line in lines if line.startswith("## ")]
    found += re.findall(rf"^- \*\*([^*]+)\*\*{re.escape(colon)}", text, flags=re.MULTILINE)
    found += re.findall(r"^\d+\. \[([^\]]+)\]\(#", text, flags=re.MULTILINE)
    for above, line in itertools.pairwise(lines):
        if DELIMITER_ROW.fullmatch(line):
            found += cells(above)
    return [label for label in found if label not in ("", "%")]


# Words a reader of either language would look for first.
CHARACTERISTIC = (
    "contents",
    "review",
    "objectives",
    "actions",
    "indicators",
    "results",
    "appendix",
    "period",
    "total_budget",
    "deadline",
    "what",
    "who",
)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("name", "locale", "language"),
    [
        ("fournil-dupont", None, "fr"),
        ("northwind-studio", None, "en"),
        ("fournil-dupont", "en_US", "en"),
        ("northwind-studio", "fr_CA", "fr"),
        ("fournil-dupont", "de_DE", "de"),
        ("northwind-studio", "es_MX", "es"),
        ("fournil-dupont", "it_IT", "en"),  # no Italian words: English, Italian figures
    ],
)
def test_every_fixed_word_is_in_the_report_language(
    tmp_path: Path, name: str, locale: str | None, language: str, fmt: str
) -> None:
    extra = ["--locale", locale] if locale else []
    text = render(PLANS[name], tmp_path / f"r.{fmt}", *extra)
    words = dict(Words(TABLES["report"], language))
    labels = html_labels(text) if fmt == "html" else md_labels(text, words["colon"])
    assert len(labels) > 50
    strangers = sorted({label for label in labels if label not in words.values()})
    assert not strangers, f"not {language} words: {strangers}"
    missing = [key for key in CHARACTERISTIC if words[key] not in labels]
    assert not missing, f"{language} words missing: {[words[k] for k in missing]}"
    other = Words(TABLES["report"], "fr" if language == "en" else "en")
    assert not {other[k] for k in CHARACTERISTIC} & set(labels)
    if fmt == "html":
        tag = (locale or {"fr": "fr_FR", "en": "en_US"}[language]).replace("_", "-")
        assert next(parse_html(text).iter("html")).attrs["lang"] == tag


def test_locale_option_gives_an_english_report_of_a_french_plan(tmp_path: Path) -> None:
    text = render(FOURNIL, tmp_path / "r.html", "--locale", "en_US")
    assert '<html lang="en-US">' in text
    assert "€24,322.00" in parse_html(text).text()
    assert format_currency(Decimal("24322.00"), "EUR", locale="fr_FR") not in text


@pytest.mark.parametrize("locale", [None, "en_US", "de_DE", "fr_CH"])
def test_money_dates_and_percentages_are_written_by_babel(
    tmp_path: Path, locale: str | None
) -> None:
    babel = locale or "fr_FR"
    extra = ["--locale", locale] if locale else []
    text = render(FOURNIL, tmp_path / "r.md", *extra)
    total = format_currency(Decimal("24322.00"), "EUR", locale=babel)
    o1 = format_currency(Decimal("6640.00"), "EUR", locale=babel)
    share = format_percent(Decimal("0.273"), locale=babel, decimal_quantization=False)
    period = format_interval(dt.date(2027, 1, 1), dt.date(2027, 12, 31), "yMMMd", locale=babel)
    as_of = format_date(dt.date.fromisoformat(AS_OF), "medium", locale=babel)
    assert f"{total} / " in text  # the cover: total / cap
    assert period in text and as_of in text
    # The budget by objective: O1 takes 6,640.00 of 24,322.00, that is 27.3 %.
    assert re.search(rf"^\| O1 [^|]+ \| {re.escape(o1)} \| {re.escape(share)} \|$", text, re.M)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading (github-slugger): lower case; letters, marks, digits,
    `_`, `-` and spaces kept, any other character dropped; each space becomes a hyphen."""
    kept = (c for c in heading.lower() if c in "-_ " or unicodedata.category(c)[0] in "LMN")
    return "".join(kept).replace(" ", "-")


@pytest.mark.parametrize("name", PLANS)
def test_markdown_contents_lead_to_their_sections_on_github(tmp_path: Path, name: str) -> None:
    text = render(PLANS[name], tmp_path / "r.md")
    anchors = re.findall(r"^\d+\. \[[^\]]+\]\(#([^)]+)\)$", text, flags=re.MULTILINE)
    sections = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert len(anchors) == 10
    assert set(anchors) <= {github_slug(title) for title in sections}


# --- Files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_default_output_is_beside_the_plan(cli: Cli, tmp_path: Path, fmt: str) -> None:
    plan = copy_example(tmp_path)
    result = cli("report", plan, "-f", fmt, "--as-of", AS_OF)
    assert result.code == 0, result.err
    target = tmp_path / f"plan.{fmt}"
    assert result.err == f"wrote {target}\n"
    head = target.read_text(encoding="utf-8").splitlines()[:2]
    assert "<!-- generated by opmkt report from plan.yaml -->" in head
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["actuals.yaml", "plan.yaml", target.name]
    )


def test_output_option_writes_elsewhere_in_the_format_of_its_extension(
    cli: Cli, tmp_path: Path
) -> None:
    plan = copy_example(tmp_path)
    out = tmp_path / "shared" / "reports" / "marketing.md"
    result = cli("report", plan, "-o", out, "--as-of", AS_OF)
    assert result.code == 0, result.err
    assert "```mermaid\ngantt\n" in out.read_text(encoding="utf-8")
    assert not (tmp_path / "plan.html").exists() and not (tmp_path / "plan.md").exists()


def test_a_report_opmkt_wrote_is_replaced(cli: Cli, tmp_path: Path) -> None:
    plan = copy_example(tmp_path)
    assert cli("report", plan, "--as-of", AS_OF, "--locale", "en_US").code == 0
    assert cli("report", plan, "--as-of", AS_OF).code == 0
    assert '<html lang="fr-FR">' in (tmp_path / "plan.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "mine",
    [
        "<p>My own page</p>\n",
        "",
        "# Notes\n\nopmkt's reports begin with a line like this one:\n\n"
        "<!-- generated by opmkt report from plan.yaml -->\n",
    ],
    ids=["own-page", "empty", "quotes-the-marker"],
)
def test_a_file_opmkt_did_not_write_is_kept_unless_forced(
    cli: Cli, tmp_path: Path, mine: str
) -> None:
    plan = copy_example(tmp_path)
    target = tmp_path / "plan.md"
    target.write_text(mine, encoding="utf-8")
    kept = cli("report", plan, "-f", "md", "--as-of", AS_OF)
    assert kept.code == 2 and kept.err.startswith("error: ") and str(target) in kept.err
    assert "--force" in kept.err
    assert target.read_text(encoding="utf-8") == mine
    forced = cli("report", plan, "-f", "md", "--as-of", AS_OF, "--force")
    assert forced.code == 0
    assert target.read_text(encoding="utf-8").startswith("<!-- generated by opmkt report from")


def test_the_write_is_atomic(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = copy_example(tmp_path)
    assert cli("report", plan, "--as-of", AS_OF).code == 0
    before = (tmp_path / "plan.html").read_text(encoding="utf-8")
    listing = sorted(p.name for p in tmp_path.iterdir())
    assert listing == ["actuals.yaml", "plan.html", "plan.yaml"]

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("opmkt.io.files.os.fsync", disk_full)
    failed = cli("report", plan, "--as-of", AS_OF, "--locale", "en_US")
    assert failed.code == 2 and failed.err.startswith("error: ")
    assert os.strerror(errno.ENOSPC) in failed.err
    assert (tmp_path / "plan.html").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing, "a temporary file was left"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("version: 1\nplan: {}\n", "plan.yaml"),
        ("version: 1\nplan: [unclosed\n", "plan.yaml"),
        ("version: 1\nplan:\n  name: x\n  period: {start: 2027-01-01, end: 2027-12-31}\n", ""),
    ],
    ids=["missing-keys", "yaml-error", "broken-actuals"],
)
def test_a_plan_that_does_not_load_exits_1_naming_validate(
    cli: Cli, tmp_path: Path, text: str, name: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    (tmp_path / "actuals.yaml").write_text("version: 1\nspend: 3\n", encoding="utf-8")
    broken = tmp_path / (name or "actuals.yaml")
    what = "a plan" if name else "an actuals file"
    result = cli("report", plan, "--as-of", AS_OF)
    assert result.code == 1
    # One line: the first problem, and the command that lists them all.
    assert result.err.startswith(f"error: {broken} cannot be read as {what} (line ")
    assert result.err.endswith(f"): run `opmkt validate {broken}`\n")
    assert result.err.count("\n") == 1
    assert not (tmp_path / "plan.html").exists()


def test_a_missing_plan_or_locale_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    missing = cli("report", tmp_path / "nowhere.yaml")
    assert missing.code == 2 and "nowhere.yaml" in missing.err
    bad = cli("report", FOURNIL, "-o", tmp_path / "r.html", "--locale", "xx_YY")
    assert bad.code == 2 and "xx_YY" in bad.err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_actuals_there_is_no_results_section(
    cli: Cli, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = copy_example(tmp_path, actuals=False)
    # No --as-of either: the report is dated the day it is written (pinned here), and
    # nothing else in it depends on the day.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1924992000")  # 2031-01-01
    assert cli("report", plan, "-f", fmt).code == 0
    text = (tmp_path / f"plan.{fmt}").read_text(encoding="utf-8")
    words = Words(TABLES["report"], "fr")
    assert words["results"] not in text and words["results_as_of"] not in text
    assert not [form for form in today_forms() if form in text]
    assert "1 janv. 2031" in text and words["date_written"] in text
    # The example's actuals, kept elsewhere and tracking this plan (the copy).
    actuals = tmp_path / "results" / "actuals.yaml"
    actuals.parent.mkdir()
    text_of = (FOURNIL.parent / "actuals.yaml").read_text(encoding="utf-8")
    actuals.write_text(text_of.replace("\nplan: plan.yaml", "\nplan: ../plan.yaml", 1), "utf-8")
    with_actuals = render(plan, tmp_path / f"with.{fmt}", "--actuals", actuals)
    assert words["results"] in with_actuals and words["results_as_of"] in with_actuals
    if fmt == "html":
        assert 'id="results"' not in text and 'id="results"' in with_actuals


# --- The view templates receive -----------------------------------------------------------------


def view_of(plan: Path) -> ReportView:
    inputs = core.load_inputs(plan, None)
    return core.build_view(inputs, as_of=dt.date.fromisoformat(AS_OF))


def leaves(value: object, path: str = "view") -> Iterator[tuple[str, object]]:
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a record of the view
        for name in value._fields:
            yield from leaves(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for item in value:
            yield from leaves(item, f"{path}[]")
    else:
        yield path, value


@pytest.mark.parametrize("name", PLANS)
def test_the_view_is_prepared_text_not_numbers_to_compute(name: str) -> None:
    """Figures reach templates formatted; what is left as a number is a count or a depth."""
    raw = (Decimal, float, Fraction, dt.date)
    found = [(path, v) for path, v in leaves(view_of(PLANS[name])) if isinstance(v, raw)]
    assert not found
    kinds = {type(v) for _, v in leaves(view_of(PLANS[name]))}
    assert kinds <= {str, Markup, bool, int, type(None)}


QUOTES_PLAN = """\
version: 1
plan:
  name: Quotes in the report
  period: {start: 2027-01-01, end: 2027-12-31}
  locale: en_US
  currency: USD
budget:
  lines:
    - id: B1
      label: Search ads
      amount: 3000
      quote: {status: waived, reason: bought on the ad platform}
    - id: B2  # opmkt: ignore[quote-missing]
      label: Social ads
      amount: 2000
    - id: B3
      label: Trade fair
      amount: 1500
"""


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("disabled", [False, True])
def test_waived_and_silenced_quotes_are_shown_as_waived_not_missing(
    tmp_path: Path, fmt: str, disabled: bool
) -> None:
    text = QUOTES_PLAN + ("lint:\n  disable: [quote-missing]\n" if disabled else "")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    out = render(plan, tmp_path / f"plan.{fmt}")
    if fmt == "html":
        rows = [
            [cell.text().strip() for cell in row.iter("th", "td")]
            for row in parse_html(out).iter("tr")
        ]
        red = [
            node.text()
            for node in parse_html(out).iter("span")
            if "error" in str(node.attrs.get("class", "")).split()
        ]
    else:
        rows = [cells(row) for table in tables(out) for row in table]
    if fmt == "html":
        # The budget lines table: each line's quote under its label.
        quote = {
            row[0].split(" · ")[0]: row[0].split("\nQuote: ")[1]
            for row in rows
            if "\nQuote: " in row[0]
        }
    else:
        # The quotes table: line, vendor, quote, total.
        quote = {
            row[0].split(" · ")[0]: row[2] for row in rows if len(row) == 4 and " · " in row[0]
        }
    # B1's own waiver with its reason; B2's quote-missing is silenced on its line; B3's too
    # when the plan disables the rule.
    assert quote["B1"] == "Waived · bought on the ad platform"
    assert quote["B2"] == "Waived · the plan silences quote-missing for this line"
    assert quote["B3"] == (
        "Waived · the plan silences quote-missing for this line" if disabled else "Missing"
    )
    summary = {row[0]: row[1:] for row in rows if row and row[0] in ("Waived", "Missing")}
    # Lines of 1000 or more: 3000 + 2000 waived (and 1500 when the rule is off).
    assert summary["Waived"] == (["3", "$6,500.00"] if disabled else ["2", "$5,000.00"])
    assert summary["Missing"] == (["0", "$0.00"] if disabled else ["1", "$1,500.00"])
    if fmt == "html":
        # Red: the count of missing quotes, and B3's quote in the lines table; never a waiver.
        assert red == ([] if disabled else ["Missing", "Missing"])


def test_report_budget_rows_add_up_and_a_category_called_unspecified_stays_apart(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "version: 1\nplan:\n  name: Rows\n  period: {start: 2027-01-01, end: 2027-12-31}\n"
        "  locale: en_US\n  currency: USD\n"
        "objectives:\n  - {id: O1, category: business, title: Sell more bread}\n"
        "actions:\n  - {id: A1, objective: O1, what: Ads, channel: search}\n"
        "budget:\n  lines:\n"
        "    - {id: B1, action: A1, label: Ads, category: unspecified, amount: 100}\n"
        "    - {id: B2, action: A1, label: Paper, amount: 20}\n"
        "    - {id: B3, label: Bank, category: fees, amount: 3}\n",
        encoding="utf-8",
    )
    out = render(plan, tmp_path / "plan.md")
    rows = {row[0]: row[1] for table in tables(out) for row in map(cells, table) if len(row) == 3}
    # By category, named as a reader writes them: 100 (really called unspecified) + 20 (no
    # category) + 3 (fees) = 123.
    assert rows["Unspecified"] == "$100.00"
    assert rows["(not specified)"] == "$20.00"
    assert rows["Fees"] == "$3.00"
    # By objective and by channel, B3 pays for no action: 120 + 3 = 123.
    assert rows["Paying for no action"] == "$3.00"
