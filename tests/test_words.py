"""Every fixed word lives under `text/` or is a message of the catalogs, and one function picks
the language for every command."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from opmkt.i18n import follow_plan, start
from opmkt.text.words import LANGUAGES, TABLES, words

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "opmkt"
TEXT = PACKAGE / "text"
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if PACKAGE / "data" not in p.parents)
"""opmkt's modules, not the templates the build compiles to Python into data/."""
OUTSIDE_TEXT = [path for path in SOURCES if TEXT not in path.parents]


def test_a_table_speaks_the_language_of_the_locale() -> None:
    assert words("fr_FR")["results"] == "Analyse des résultats"
    assert words("de_DE", "terminal")["kpi"] == "Kennzahl"
    assert words("it_IT")["results"] == "Results"


def test_a_table_made_before_the_plan_speaks_the_plan_language_when_read() -> None:
    """The views make their tables when imported, before the command loads its plan."""
    table = words(None, "terminal")
    assert table["total"] == "Total"
    follow_plan("es_ES")
    assert table["total"] == "Total"
    assert table["month_by_month"] == "Mes a mes"


def test_lang_and_the_environment_variable_come_before_the_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    follow_plan("fr_FR")
    assert words(None, "terminal")["month_by_month"] == "Mois par mois"
    monkeypatch.setenv("OPMKT_LANG", "de")
    assert words(None, "terminal")["month_by_month"] == "Monat für Monat"
    assert words("fr_FR")["results"] == "Ergebnisanalyse"
    start("es")
    assert words("fr_FR")["results"] == "Análisis de resultados"


def test_without_a_plan_the_environment_locale_speaks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert words(None, "terminal")["month_by_month"] == "Monat für Monat"
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert words(None, "terminal")["month_by_month"] == "Mois par mois"


# --- No words outside text/ ---------------------------------------------------------------------

_LOCALE_ID = re.compile(r"[a-z]{2}_[A-Z]{2}\Z")


def _language_key(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value in LANGUAGES


def word_tables(tree: ast.AST) -> Iterator[int]:
    """Lines of dict literals keyed by two of opmkt's languages, unless they map languages to
    locale ids (`{"fr": "fr_FR"}`: which skeleton to use, not words)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and sum(map(_language_key, node.keys)) >= 2:
            ids = [
                v for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
            ]
            if not (
                len(ids) == len(node.values) and all(_LOCALE_ID.match(str(v.value)) for v in ids)
            ):
                yield node.lineno


def language_tests(tree: ast.AST) -> Iterator[int]:
    """Lines that pick a language by hand: `locale.startswith("fr")`, `lang == "fr"`."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "startswith"
            and any(_language_key(arg) for arg in node.args)
        ):
            yield node.lineno
        if isinstance(node, ast.Compare) and any(
            _language_key(side) for side in (node.left, *node.comparators)
        ):
            yield node.lineno


def hand_made(check: Callable[[ast.AST], Iterator[int]]) -> list[str]:
    found = []
    for path in OUTSIDE_TEXT:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(PACKAGE)}:{line}" for line in check(tree)]
    return found


def test_no_module_outside_text_keeps_a_table_of_words() -> None:
    assert hand_made(word_tables) == []


def test_no_module_outside_text_picks_a_language_by_hand() -> None:
    assert hand_made(language_tests) == []


def test_the_checks_see_what_they_look_for() -> None:
    table = (
        'WORDS = {"en": {"a": "b"}, "fr": {"a": "c"}}\nSKELETON = {"fr": "fr_FR", "en": "en_US"}'
    )
    assert list(word_tables(ast.parse(table))) == [1]
    by_hand = 'x = "fr" if loc.startswith("fr") else "en"\ny = lang == "en"\nz = s.startswith("#")'
    assert sorted(language_tests(ast.parse(by_hand))) == [1, 2]


# --- The words a view asks for exist --------------------------------------------------------


def terminal_keys(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every `_W["key"]` of a view: the command line's words, looked up by a constant key."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "_W"
            and isinstance(node.slice, ast.Constant)
        ):
            yield node.lineno, str(node.slice.value)


def test_every_word_a_view_asks_for_is_in_the_table() -> None:
    english = TABLES["terminal"]
    asked = {
        f"{path.relative_to(PACKAGE)}:{line}: {key}": key
        for path in OUTSIDE_TEXT
        for line, key in terminal_keys(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert len(asked) > 50
    assert [where for where, key in asked.items() if key not in english] == []
