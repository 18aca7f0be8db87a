"""`opmkt report -f pdf`: the HTML report laid out as pages by WeasyPrint, on the paper of the
plan's locale, with page numbers, the summary on the page after the cover, and the same
overwrite rules as the other formats."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import Result
from tests.report_support import AS_OF, PLANS

Cli = Callable[..., Result]
A4 = (595, 842)
LETTER = (612, 792)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both examples as PDF, rendered once for the module (each takes seconds)."""
    from opmkt.cli import run

    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for name, plan in PLANS.items():
        out[name] = folder / f"{name}.pdf"
        assert run(["report", str(plan), "-f", "pdf", "-o", str(out[name]), "--as-of", AS_OF]) == 0
    return out


def size(reader: PdfReader) -> tuple[int, int]:
    box = reader.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.mark.parametrize(("name", "paper"), [("fournil-dupont", A4), ("northwind-studio", LETTER)])
def test_the_paper_follows_the_locale(
    pdfs: dict[str, Path], name: str, paper: tuple[int, int]
) -> None:
    reader = PdfReader(pdfs[name])
    assert {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    } == {paper}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("fournil-dupont", ["Synthèse", "Dépensé à date", "20 869,60 €", "Les principaux risques"]),
        ("northwind-studio", ["Summary", "Spent to date", "$79,624.29", "The largest risks"]),
    ],
)
def test_the_summary_is_the_page_after_the_cover(
    pdfs: dict[str, Path], name: str, words: list[str]
) -> None:
    reader = PdfReader(pdfs[name])
    cover, summary = (reader.pages[i].extract_text() for i in (0, 1))
    assert PLANS[name].parent.name.split("-")[0] in cover.lower()
    for word in words:
        assert word in summary.replace("\u202f", " ").replace("\xa0", " "), word


@pytest.mark.parametrize("name", PLANS)
def test_every_page_is_numbered_and_none_is_blank(pdfs: dict[str, Path], name: str) -> None:
    reader = PdfReader(pdfs[name])
    count = len(reader.pages)
    assert count > 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"{number} / {count}" in text
        # A page holds more than its number and running header.
        assert len(text.replace(f"{number} / {count}", "").split()) > 12, number


@pytest.mark.parametrize("name", PLANS)
def test_the_document_is_compact_with_no_page_left_nearly_empty(
    pdfs: dict[str, Path], name: str
) -> None:
    # A plan of a dozen or more actions and some twenty budget lines, every section shown:
    # it printed on 36 pages when each objective and action was a card of its own, then on
    # 12 and 13 with the budget lines shown three times (plan, quotes, results), and prints on
    # 10 and 11 since one table holds each line's plan, quote and results.
    reader = PdfReader(pdfs[name])
    assert len(reader.pages) <= 11
    words = [len(page.extract_text().split()) for page in reader.pages]
    # The cover stands alone; every page after it, but the last, is filled with text (a page
    # holding a heading, or two rows of a table, has some forty words).
    assert min(words[1:-1]) >= 150, words


@pytest.mark.parametrize(
    ("name", "plan", "date"),
    [
        ("fournil-dupont", "Fournil", "30 sept. 2027"),
        ("northwind-studio", "Northwind", "Sep 30, 2027"),
    ],
)
def test_every_page_after_the_cover_names_the_plan_and_the_date(
    pdfs: dict[str, Path], name: str, plan: str, date: str
) -> None:
    for page in PdfReader(pdfs[name]).pages[1:]:
        text = page.extract_text().replace("\u202f", " ").replace("\xa0", " ")
        assert plan in text and date in text


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("fournil-dupont", ["Que faire ?", "Comment ?", "Quelle démarche ?"]),
        ("northwind-studio", ["What", "How", "Steps"]),
    ],
)
def test_the_action_plan_is_a_table_with_how_and_steps_below(
    pdfs: dict[str, Path], name: str, words: list[str]
) -> None:
    # Nothing of an action is lost in the compact form: every action's what, when, who and
    # status in a row, its how and steps in the entry under the table.
    from opmkt.plan.loader import load_plan

    plan = load_plan(PLANS[name]).plan
    assert plan is not None
    text = " ".join(page.extract_text() for page in PdfReader(pdfs[name]).pages)
    flat = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    for word in words:
        assert word in flat
    for action in plan.actions:
        assert f"{action.id} · " in flat, action.id
        for step in action.steps or []:
            assert " ".join(step.split()) in flat, (action.id, step)


def test_paper_may_be_chosen_and_only_for_a_pdf(cli: Cli, tmp_path: Path) -> None:
    shutil.copy(PLANS["fournil-dupont"], tmp_path / "plan.yaml")
    out = tmp_path / "letter.pdf"
    assert cli("report", tmp_path / "plan.yaml", "-o", out, "--paper", "letter").code == 0
    assert size(PdfReader(out)) == LETTER
    wrong = cli("report", tmp_path / "plan.yaml", "-f", "md", "--paper", "a4")
    assert wrong.code == 2 and "--paper is for a PDF report" in wrong.err
    assert not (tmp_path / "plan.md").exists()


def test_a_pdf_replaces_its_own_kind_and_keeps_any_other_file(cli: Cli, tmp_path: Path) -> None:
    shutil.copy(PLANS["fournil-dupont"], tmp_path / "plan.yaml")
    plan, out = tmp_path / "plan.yaml", tmp_path / "plan.pdf"
    assert cli("report", plan, "-f", "pdf").code == 0 and out.read_bytes().startswith(b"%PDF-")
    # A PDF opmkt wrote is replaced, without --force.
    assert cli("report", plan, "-f", "pdf", "--paper", "letter").code == 0
    assert size(PdfReader(out)) == LETTER
    # Someone else's PDF is kept unless forced.
    out.write_bytes(b"%PDF-1.4\n% the signed offer\n%%EOF\n")
    kept = cli("report", plan, "-f", "pdf")
    assert kept.code == 2 and "utilisez --force" in kept.err  # the French plan's language
    assert out.read_bytes() == b"%PDF-1.4\n% the signed offer\n%%EOF\n"
    assert cli("report", plan, "-f", "pdf", "--force").code == 0
    assert size(PdfReader(out)) == A4
