"""The report names things as a reader does: budget categories by the names the plan gives
them (or the word, written as a word), budget lines by their label."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.report_support import PLANS, cells, render, tables

Cli = Callable[..., Result]


def rows(text: str) -> dict[str, list[str]]:
    return {row[0]: row[1:] for table in tables(text) for row in map(cells, table)}


def test_categories_take_the_names_the_plan_gives_them(tmp_path: Path) -> None:
    text = render(PLANS["fournil-dupont"], tmp_path / "r.md")
    shown = rows(text)
    # budget.categories: {id: médias, name: Achats d'espace}.
    assert "Achats d'espace" in shown and "Contenus et photos" in shown
    assert "médias" not in shown and "contenu" not in shown


def test_without_names_a_category_is_written_as_a_word(tmp_path: Path) -> None:
    shutil.copytree(PLANS["northwind-studio"].parent, tmp_path, dirs_exist_ok=True)
    plan = tmp_path / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("category: training", "category: staff_training"), "utf-8")
    shown = rows(render(plan, tmp_path / "r.md"))
    assert "Staff training" in shown and "Fees" in shown
    assert "staff_training" not in shown and "fees" not in shown


@pytest.mark.usefixtures("english")
def test_once_named_a_line_must_use_a_named_category(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = PLANS["fournil-dupont"].read_text(encoding="utf-8")
    plan.write_text(text.replace("category: outils", "category: outil", 1), "utf-8")
    line = text[: text.index("category: outils")].count("\n") + 1
    result = cli("validate", plan)
    assert result.code == 1
    assert f"{plan}:{line}:" in result.out
    assert "no budget category has the id 'outil': did you mean 'outils'?" in result.out


def test_results_name_each_line_by_its_label(tmp_path: Path) -> None:
    shutil.copytree(PLANS["northwind-studio"].parent, tmp_path, dirs_exist_ok=True)
    shown = rows(render(tmp_path / "plan.yaml", tmp_path / "r.md"))
    # B3, the shared booth, lands at twice its plan.
    assert shown["Maison&Objet shared booth"][-1] == "**+$4,968.00**"
