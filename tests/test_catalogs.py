"""The catalogs are complete: every message the code marks is in the committed template and
translated in every language, nothing fuzzy or unused, the same placeholders in a message and
its translation, every plural form given; and each language is what its code reads."""

from __future__ import annotations

import importlib.util
import string
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message

from opmkt.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog, language, ngettext
from tests.conftest import ROOT

TRANSLATED = [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]


def _catalogs_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CATALOGS = _catalogs_module()


def keys(found: Catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in found if m.id}


def messages(lang: str) -> list[Message]:
    return [m for m in CATALOGS.read(CATALOGS.po_path(lang), lang) if m.id]


def test_the_template_holds_exactly_what_the_code_marks() -> None:
    """A message added, changed or removed in the code without `make catalogs` fails here."""
    extracted = keys(CATALOGS.extract())
    committed = keys(CATALOGS.read(CATALOGS.TEMPLATE))
    assert sorted(extracted - committed, key=str) == [], "run `make catalogs`: new messages"
    assert sorted(committed - extracted, key=str) == [], "run `make catalogs`: unused messages"
    assert len(extracted) > 300


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_catalog_has_exactly_the_template_messages(lang: str) -> None:
    template = keys(CATALOGS.read(CATALOGS.TEMPLATE))
    found = CATALOGS.read(CATALOGS.po_path(lang), lang)
    assert sorted(template - keys(found), key=str) == []
    assert sorted(keys(found) - template, key=str) == []
    assert list(found.obsolete) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(lang: str) -> None:
    untranslated = [
        m.id
        for m in messages(lang)
        if not m.string or (isinstance(m.string, tuple) and not all(m.string))
    ]
    assert untranslated == []
    assert [m.id for m in messages(lang) if m.fuzzy] == []


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_fills_the_same_placeholders(lang: str) -> None:
    """`{id}` in English and `{identifiant}` in French would fail when the view fills it."""
    differ = []
    for m in messages(lang):
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string or ())
        wanted = fields(ids[-1])
        differ += [f"{m.id!r} -> {text!r}" for text in strings if fields(text) != wanted]
    assert differ == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_plural_form_of_the_language_is_given(lang: str) -> None:
    found = CATALOGS.read(CATALOGS.po_path(lang), lang)
    plurals = [m for m in found if m.id and isinstance(m.id, tuple)]
    assert plurals
    assert [m.id for m in plurals if len(m.string) != found.num_plurals] == []


@pytest.mark.parametrize(
    ("lang", "n", "text"),
    [
        ("en", 1, "1 error"),
        ("en", 0, "0 errors"),
        ("fr", 0, "0 erreur"),
        ("fr", 1, "1 erreur"),
        ("fr", 2, "2 erreurs"),
        ("es", 1, "1 error"),
        ("es", 3, "3 errores"),
        ("de", 1, "1 Fehler"),
        ("de", 1, "1 Fehler"),
        ("de", 2, "2 Fehler"),
    ],
)
def test_counts_follow_the_language_plural_rule(lang: str, n: int, text: str) -> None:
    assert ngettext("{n} error", "{n} errors", n, lang).format(n=n) == text


def test_warnings_take_the_plural_of_their_language() -> None:
    assert ngettext("{n} warning", "{n} warnings", 2, "de").format(n=2) == "2 Warnungen"
    assert ngettext("{n} warning", "{n} warnings", 1, "de").format(n=1) == "1 Warnung"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalog_is_the_one_read(lang: str) -> None:
    """The `.mo` the package reads translates: built from the `.po`, found where it looks."""
    assert catalog(lang).gettext("Operational marketing plan") != "Operational marketing plan"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fr_FR", "fr"),
        ("fr_CA", "fr"),
        ("fr-BE", "fr"),
        ("fr_FR.UTF-8", "fr"),
        ("FR_fr", "fr"),
        ("es_MX", "es"),
        ("de_AT", "de"),
        ("en_GB", "en"),
        ("it_IT", "en"),
        ("C.UTF-8", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_the_language_of_a_locale(locale: str | None, expected: str) -> None:
    assert language(locale) == expected


def test_a_language_opmkt_does_not_speak_can_be_told_from_english() -> None:
    """`opmkt init` refuses a locale it has no skeleton for rather than writing English."""
    assert language("it_IT", default="") == ""
    assert language("en_US", default="") == "en"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalog_says_what_its_po_says(lang: str) -> None:
    """A `.po` edited since the `.mo` was compiled fails here: `make` (or reinstalling)
    compiles it again."""
    compiled = catalog(lang)
    stale = [
        m.id
        for m in messages(lang)
        if isinstance(m.id, str)
        and (compiled.pgettext(m.context, m.id) if m.context else compiled.gettext(m.id))
        != m.string
    ]
    assert stale == [], "the .mo is older than the .po: `make catalogs` compiles it"
