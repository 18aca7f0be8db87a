"""A French, Spanish or German plan's views speak its language: no message of the catalogs is
left in English in what validate, budget, status, smart, diff, report and init show."""

from __future__ import annotations

import json
import os
import re
import shutil
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from opmkt.cli.commands import COMMANDS
from opmkt.i18n import catalog
from tests.conftest import EXAMPLES, Result
from tests.test_catalogs import CATALOGS

LOCALES = {"fr": "fr_FR", "es": "es_ES", "de": "de_DE"}
AS_OF = "2027-09-30"


def literal_parts(message: str) -> Iterator[str]:
    """The words of a message between its placeholders."""
    for literal, _name, _spec, _conversion in string.Formatter().parse(message):
        yield from (part.strip() for part in re.split(r"[\n:;()]", literal))


def english_phrases(lang: str) -> set[str]:
    """Phrases of two words or more of the English messages that the language says
    otherwise: finding one in a view means a word was not translated."""
    found = set()
    for message in CATALOGS.read(CATALOGS.TEMPLATE):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        for text in ids:
            translated = (
                catalog(lang).pgettext(message.context, text)
                if message.context
                else catalog(lang).gettext(text)
            )
            for part in literal_parts(text):
                if len(part.split()) > 1 and part not in translated:
                    found.add(part)
    return found


def untranslated(text: str, lang: str) -> list[str]:
    """The English phrases in a text, as whole words (`levain progressent` holds no `in
    progress`)."""
    return sorted(
        phrase
        for phrase in english_phrases(lang)
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
    )


def test_the_scan_sees_english() -> None:
    assert "Month by month" in untranslated("Month by month\n2027-01", "fr")
    assert untranslated("Mois par mois\n2027-01", "fr") == []


@pytest.fixture(params=sorted(LOCALES))
def plan(request: pytest.FixtureRequest, tmp_path: Path, cli: Callable[..., Result]) -> Path:
    """A plan in the language, with what it recorded: the French example; a new Spanish or
    German plan from `opmkt init`, with one spend recorded."""
    lang: str = request.param
    if lang == "fr":
        folder = tmp_path / "fournil"
        shutil.copytree(EXAMPLES / "fournil-dupont", folder)
        return folder / "plan.yaml"
    folder = tmp_path / lang
    made = cli(
        "init", folder, "--locale", LOCALES[lang], "--name", "Plan", "--organization", "Org",
        "--start", "2027-01-01", "--no-input",
    )  # fmt: skip
    assert made.code == 0, made.err
    assert untranslated(made.err, lang) == []
    (folder / "actuals.yaml").write_text(
        "version: 1\nplan: plan.yaml\nspend:\n  - {line: B1, date: 2027-02-10, amount: 150}\n",
        encoding="utf-8",
    )
    return folder / "plan.yaml"


def language_of(plan: Path) -> str:
    return "fr" if plan.parent.name == "fournil" else plan.parent.name


VIEWS = [
    ["validate", "{plan}"],
    ["validate", "{plan}", "-f", "markdown"],
    ["budget", "{plan}"],
    ["budget", "{plan}", "--by", "category"],
    ["budget", "{plan}", "-f", "markdown"],
    ["status", "{plan}", "--as-of", AS_OF],
    ["status", "{plan}", "--as-of", AS_OF, "-f", "markdown"],
    ["smart", "{plan}"],
    ["diff", "{old}", "{plan}"],
    ["diff", "{old}", "{plan}", "-f", "markdown"],
    ["report", "{plan}", "-f", "md", "--as-of", AS_OF, "-o", "{out}.md"],
    ["report", "{plan}", "-f", "html", "--as-of", AS_OF, "-o", "{out}.html"],
]


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: " ".join(view[:1] + view[2:4]))
def test_a_view_of_the_plan_speaks_its_language(
    view: list[str], plan: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    old = tmp_path / "old.yaml"
    text = plan.read_text(encoding="utf-8")
    old.write_text(text.replace("amount: 150", "amount: 120", 1), encoding="utf-8")
    out = tmp_path / "report"
    args = [arg.format(plan=plan, old=old, out=out) for arg in view]
    result = cli(*args)
    assert result.code in (0, 1), result.err
    shown = result.out
    for written in tmp_path.glob("report.*"):
        shown += written.read_text(encoding="utf-8")
    assert shown.strip()
    assert untranslated(shown, language_of(plan)) == []


BARE = """\
version: 1
plan:
  name: Plan
  locale: {locale}
  period: {{start: 2027-01-01, end: 2027-12-31}}
objectives:
  - id: O1
    category: business
    title: Vendre
"""


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_findings_speak_the_plan_language_and_machines_read_english(
    lang: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BARE.format(locale=LOCALES[lang]), encoding="utf-8")
    text = cli("validate", plan).out
    assert "smart-time-bound" in text  # rule ids never change
    assert "objective 'O1' has no deadline" not in text
    assert untranslated(text, lang) == []
    assert untranslated(cli("smart", plan).out, lang) == []
    assert untranslated(cli("validate", plan, "-f", "markdown").out, lang) == []
    found = json.loads(cli("validate", plan, "-f", "json").out)["findings"]
    messages = {f["rule"]: f["message"] for f in found}
    assert messages["smart-time-bound"].startswith("objective 'O1' has no deadline: add deadline")


def test_lang_tells_findings_in_another_language(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BARE.format(locale="fr_FR"), encoding="utf-8")
    assert "Ziel 'O1' hat keine Frist" in cli("--lang", "de", "validate", plan).out
    assert "objective 'O1' has no deadline" in cli("--lang", "en", "validate", plan).out
    assert cli("--lang", "xx", "validate", plan).code == 2


BROKEN = """\
version: 1
plan:
  name: Plan
  locale: {locale}
  colour: blue
  period: {{start: 2027-01-01, end: 2027-12-31}}
  period: {{start: 2027-01-01, end: 2027-12-31}}
objectives:
  - id: O1
    category: busines
    title: Vendre
    deadline: 2027-06-30
    target: beaucoup
"""


def validated(
    cli: Callable[..., Result], tmp_path: Path, text: str
) -> tuple[Result, list[dict[str, Any]]]:
    """A plan of `text` validated: what the command shows, and its findings as JSON (in
    English, as machines read them)."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return cli("validate", plan), json.loads(cli("validate", plan, "-f", "json").out)["findings"]


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_schema_and_duplicate_key_findings_speak_the_plan_language(
    lang: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    result, found = validated(cli, tmp_path, BROKEN.format(locale=LOCALES[lang]))
    assert result.code == 1
    text = result.out
    for located in (":5:3: error schema", ":7:3: error duplicate-key", ":10:15: error schema"):
        assert located in text
    assert "1200.50" in text  # the number to write, in every language
    assert "unknown key" not in text
    assert "must be a number" not in text
    assert untranslated(text, lang) == []
    messages = sorted(f["message"] for f in found)
    assert messages[0].startswith("key 'period' appears twice in this mapping")
    assert messages[-1].startswith("unknown key `colour` in `plan`: expected one of name,")
    assert any("a value must be a number, not text: write it like 1200.50" in m for m in messages)


def test_lang_tells_schema_findings_in_another_language(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BROKEN.format(locale="fr_FR"), encoding="utf-8")
    assert "clé inconnue `colour` dans `plan`" in cli("validate", plan).out
    assert "unbekannter Schlüssel `colour`" in cli("--lang", "de", "validate", plan).out
    assert "unknown key `colour` in `plan`" in cli("--lang", "en", "validate", plan).out


MISSING = """\
version: 1
plan:
  name: Plan
  locale: {locale}
  period: {{start: 2027-01-01}}
"""

THE_LAST_DAY = {
    "fr": "il manque `end` (dernier jour (AAAA-MM-JJ), inclus)",
    "es": "falta `end` (último día (AAAA-MM-DD), incluido)",
    "de": "`end` fehlt (Letzter Tag (JJJJ-MM-TT), einschließlich)",
}


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_a_missing_field_is_described_in_the_plan_language(
    lang: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    result, found = validated(cli, tmp_path, MISSING.format(locale=LOCALES[lang]))
    assert result.code == 1
    assert THE_LAST_DAY[lang] in result.out
    assert "Last day" not in result.out
    assert found[0]["message"].endswith("is missing `end` (last day (YYYY-MM-DD), included)")


UNCLOSED = """\
version: 1
plan:
  name: Plan
  locale: {locale}
objectives:
  - id: O1
    title: "Vendre
"""


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_syntax_errors_speak_the_language_the_plan_writes(
    lang: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    result, found = validated(cli, tmp_path, UNCLOSED.format(locale=LOCALES[lang]))
    assert result.code == 1
    assert ":8:1: error syntax" in result.out
    assert "end of stream" not in result.out
    assert untranslated(result.out, lang) == []
    assert found[0]["message"] == (
        "found unexpected end of stream (while scanning a quoted scalar that starts at line 7, "
        "column 12)"
    )


RARER_SYNTAX = {
    "title: *nope": "found undefined alias",
    'title: "a\\qb"': "found unknown escape character (while parsing a quoted scalar)",
    "title: !<x y": "did not find the expected '>' (while scanning a tag)",
    "title: |0\n      x": (
        "found an indentation indicator equal to 0 (while scanning a block scalar)"
    ),
}


@pytest.mark.parametrize("lang", sorted(LOCALES))
@pytest.mark.parametrize("line", sorted(RARER_SYNTAX))
def test_the_parsers_rarer_errors_speak_the_language_the_plan_writes(
    lang: str, line: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    text = UNCLOSED.format(locale=LOCALES[lang]).replace('title: "Vendre\n', line + "\n")
    result, found = validated(cli, tmp_path, text)
    assert result.code == 1
    assert "error syntax" in result.out
    assert untranslated(result.out, lang) == []
    assert found[0]["message"] == RARER_SYNTAX[line]


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_a_plan_that_cannot_be_used_is_refused_in_its_language(
    lang: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BROKEN.format(locale=LOCALES[lang]), encoding="utf-8")
    result = cli("budget", plan)
    assert result.code == 1
    assert result.err.startswith("error: ")
    assert "cannot be read as a plan" not in result.err
    assert "opmkt validate" in result.err
    assert untranslated(result.err, lang) == []


def test_actuals_of_another_plan_are_refused_in_the_plan_language(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = tmp_path / "fournil"
    shutil.copytree(EXAMPLES / "fournil-dupont", folder)
    other = folder / "p2.yaml"
    shutil.copy(folder / "plan.yaml", other)
    args = ("status", other, "--actuals", folder / "actuals.yaml", "--as-of", AS_OF)
    refused = cli(*args)
    assert refused.code == 2
    assert "suit" in refused.err and "donnez le fichier --actuals de ce plan" in refused.err
    assert untranslated(refused.err, "fr") == []
    assert "give the --actuals file of that plan" in cli("--lang", "en", *args).err


def first_kpi(plan: Path) -> str:
    text = plan.read_text(encoding="utf-8").split("\nkpis:", 1)[1]
    found = re.search(r"^  - \{?id: (\w+)", text, re.MULTILINE)
    assert found is not None
    return found.group(1)


BAD_ROWS = """\
line,date,amount
B99,2027-02-01,10
B1,2027-13-01,10
B1,31/02/2027,10
B1,2027-02-01,douze
B1,2027-02-01,
B1,2031-02-01,5
"""

EXPORT = """\
Reporting starts,Reporting ends,Campaign name,Amount spent (EUR)
2027-03-01,2027-03-31,Printemps,12.50
2027-03-01,2027-03-31,Printemps,1.2.3
2027-03-01,2027-03-31,Printemps,4,5,6
2027-03-01,2031-03-31,Printemps,8.00
2027-03-01,pas une date,Printemps,8.00
"""


def test_track_speaks_the_plan_language(
    plan: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    lang = language_of(plan)
    actuals = plan.parent / "actuals.yaml"
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_ROWS, encoding="utf-8")
    refused = cli("track", "import", bad, "--actuals", actuals)
    assert refused.code == 1
    assert refused.err.count(f"{bad}:") == 6  # each bad row named, at its line
    assert "B99" in refused.err and "douze" in refused.err and "2031-02-01" in refused.err
    assert untranslated(refused.err, lang) == []
    good = tmp_path / "good.csv"
    good.write_text("line,date,amount\nB1,2027-02-01,1234.5\n", encoding="utf-8")
    added = cli("track", "import", good, "--actuals", actuals)
    assert added.code == 0, added.err
    assert untranslated(added.out, lang) == []
    again = cli("track", "import", good, "--actuals", actuals)
    assert untranslated(again.out, lang) == []
    export = tmp_path / "meta.csv"
    export.write_text(EXPORT, encoding="utf-8")
    for args in (
        ["--preset", "meta-ads"],
        ["--preset", "meta-ads", "--line", "B1"],
        ["--preset", "meta-ads", "--skip-unmatched"],
        ["--preset", "meta-ads", "--kind", "kpi"],
    ):
        shown = cli("track", "import", export, *args, "--actuals", actuals)
        assert shown.code == 1
        assert untranslated(shown.out + shown.err, lang) == []
    spend = cli("track", "spend", "B1", "1234,5", "--date", "2027-03-02", "--ref", "F-1",
                "--actuals", actuals)  # fmt: skip
    kpi = cli("track", "kpi", first_kpi(plan), "82000", "--date", "2027-03-31",
              "--actuals", actuals)  # fmt: skip
    for done in (spend, kpi):
        assert done.code == 0, done.err
        assert untranslated(done.out, lang) == []
    for wrong in (
        ["track", "spend", "B9", "12", "--date", "2031-03-02"],
        ["track", "spend", "B1", "1.234,5.6", "--date", "2027-03-02"],
    ):
        told = cli(*wrong, "--actuals", actuals)
        assert told.code == 2
        assert untranslated(told.err, lang) == []


def test_an_import_counts_in_the_plan_language(cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "fournil"
    shutil.copytree(EXAMPLES / "fournil-dupont", folder)
    export = tmp_path / "export.csv"
    rows = "".join(f"B1,2027-02-{day:02d},{day}\n" for day in range(1, 3))
    export.write_text("line,date,amount\nB1,2027-02-01,1\n", encoding="utf-8")
    one = cli("track", "import", export, "--actuals", folder / "actuals.yaml")
    assert one.out == f"1 écriture ajoutée à {folder / 'actuals.yaml'}, 0 déjà présente\n"
    export.write_text("line,date,amount\n" + rows, encoding="utf-8")
    two = cli("track", "import", export, "--actuals", folder / "actuals.yaml")
    assert two.out == f"1 écriture ajoutée à {folder / 'actuals.yaml'}, 1 déjà présente\n"
    spend = cli("track", "spend", "B1", "1234,5", "--date", "2027-03-02",
                "--actuals", folder / "actuals.yaml")  # fmt: skip
    assert "dépense de 1\u202f234,5 EUR sur la ligne B1" in spend.out


def test_an_unknown_language_is_named_not_taken_for_english(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BARE.format(locale="fr_FR"), encoding="utf-8")
    refused = cli("--lang", "xx", "validate", plan)
    assert refused.code == 2
    assert "'xx' is not a language opmkt speaks: choose one of en, fr, es, de" in refused.err
    monkeypatch.setenv("OPMKT_LANG", "klingon")
    warned = cli("validate", plan)
    assert warned.err.startswith(
        "warning: OPMKT_LANG='klingon' is not a language opmkt speaks (en, fr, es, de)"
    )
    assert "l'objectif 'O1' n'a pas d'échéance" in warned.out  # the plan's language, still
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # the warning speaks the environment's language
    assert cli("validate", plan).err.startswith("Warnung: OPMKT_LANG='klingon' ist keine Sprache")
    assert cli("--lang", "es", "validate", plan).err == ""


ENVIRONMENTS = {"fr": "fr_FR.UTF-8", "es": "es_ES.UTF-8", "de": "de_DE.UTF-8"}


@pytest.fixture
def speaking_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A command line in the environment's language: LANG alone says it."""
    lang: str = request.param
    for name in ("LC_ALL", "LC_MESSAGES", "OPMKT_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", ENVIRONMENTS[lang])
    return lang


@pytest.mark.parametrize("speaking_env", sorted(ENVIRONMENTS), indirect=True)
def test_errors_before_any_plan_speak_the_environment_language(
    speaking_env: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    lang = speaking_env
    folder = tmp_path / "plan"
    made = cli("init", folder, "--name", "Plan", "--organization", "Org", "--no-input")
    assert made.code == 0, made.err
    plan = folder / "plan.yaml"
    (folder / "old.md").write_text("# mine\n", encoding="utf-8")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    export = tmp_path / "export.csv"
    export.write_text("line,date,amount\nB1,2027-02-01,1\n", encoding="utf-8")
    for args in (
        ["validate", tmp_path / "missing.yaml"],
        ["budget", tmp_path],
        ["budget", fifo],
        ["budget", plan, "-o", plan],
        ["status", plan, "--as-of", "hier"],
        ["report", plan, "--paper", "a4", "-f", "html"],
        ["report", plan, "-o", folder / "old.md"],
        ["smart", plan, "--select", "smart-tiem-bound"],
        ["rules", "smart-tiem-bound"],
        ["init", folder, "--name", "Plan", "--organization", "Org", "--no-input"],
        ["track", "import", export, "--map", "Montant=prix"],
        ["track", "import", export, "--preset", "meta"],
        ["track", "remove", "spend", "B1"],
        ["track", "remove", "spend", "B1", "--date", "2027-02-01"],
        ["budget", plan, "--scenario", "nope"],
        ["budget", plan, "--rate", "USD"],
        ["report", plan, "--template-dir", tmp_path / "nowhere"],
        ["init", tmp_path / "new", "--start", "2027-02-30", "--no-input"],
        ["init", tmp_path / "new", "--currency", "EURO", "--no-input"],
    ):
        told = cli(*args)
        assert told.code in (1, 2), args
        assert told.err.strip(), args
        assert untranslated(told.err, lang) == [], args


@pytest.mark.parametrize("speaking_env", ["fr"], indirect=True)
def test_track_remove_refusals_speak_the_language(
    speaking_env: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = tmp_path / "fournil"
    shutil.copytree(EXAMPLES / "fournil-dupont", folder)
    actuals = folder / "actuals.yaml"
    for day in ("2027-02-01", "2027-02-01"):
        recorded = cli("track", "spend", "B1", "10", "--date", day, "--actuals", actuals)
        assert recorded.code == 0, recorded.err
    several = cli("track", "remove", "spend", "B1", "--date", "2027-02-01", "--yes",
                  "--actuals", actuals)  # fmt: skip
    assert several.code == 2
    assert "2 écritures correspondent : ajoutez --all" in several.err
    none = cli("track", "remove", "spend", "B1", "--date", "2027-02-02", "--yes",
               "--actuals", actuals)  # fmt: skip
    assert "aucune dépense sur la ligne 'B1' au 2027-02-02 : rien n'est retiré" in none.err
    for told in (several, none):
        assert untranslated(told.err, "fr") == []


RARE = {
    "version": 'version: "1"\nplan:\n  name: P\n  locale: {locale}\n',
    "newer": "version: 7\nplan:\n  name: P\n  locale: {locale}\n",
    "tag": "version: 1\nplan:\n  name: !!python/name:os.system P\n  locale: {locale}\n",
    "not a number": "version: 1\nplan:\n  name: P\n  locale: {locale}\n  budget: !!int abc\n",
    "alias loop": "version: 1\nplan:\n  name: P\n  locale: {locale}\nobjectives: &o [*o]\n",
}


@pytest.mark.parametrize("lang", sorted(LOCALES))
@pytest.mark.parametrize("case", sorted(RARE))
def test_the_loaders_rarer_findings_speak_the_plan_language(
    lang: str, case: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(RARE[case].format(locale=LOCALES[lang]), encoding="utf-8")
    result = cli("validate", plan)
    assert result.code == 1
    assert " error schema " in result.out
    assert untranslated(result.out, lang) == []


@pytest.mark.parametrize("speaking_env", sorted(ENVIRONMENTS), indirect=True)
def test_an_empty_file_is_told_in_the_environment_language(
    speaking_env: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    empty = tmp_path / "plan.yaml"
    empty.write_text("", encoding="utf-8")
    result = cli("validate", empty)
    assert ":1:1: error schema " in result.out
    assert untranslated(result.out, speaking_env) == []


def help_pages() -> list[list[str]]:
    """`opmkt --help`, and `--help` of every command of the registry and of each group."""
    pages = [["--help"]]
    for command in COMMANDS:
        if len(command.words) > 1 and [command.words[0], "--help"] not in pages:
            pages.append([command.words[0], "--help"])
        pages.append([*command.words, "--help"])
    return pages


HOW_TOLD = ("OPMKT_LANG", "LANG", "--lang")
"""The ways a user says the language of help: `--lang` is read before a command's help, not
before `opmkt --help` (click shows it as soon as it reads it)."""


def told(how: str, lang: str) -> tuple[dict[str, str], list[str]]:
    """The environment and the options that say `lang` that way."""
    if how == "--lang":
        return {}, ["--lang", lang]
    return {how: lang if how == "OPMKT_LANG" else f"{LOCALES[lang]}.UTF-8"}, []


@pytest.mark.parametrize("lang", sorted(LOCALES))
@pytest.mark.parametrize("page", help_pages(), ids=" ".join)
def test_help_speaks_the_users_language(
    page: list[str], lang: str, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    english = cli(*page)
    assert english.code == 0, english.err
    for how in HOW_TOLD:
        if how == "--lang" and page == ["--help"]:
            continue
        environment, options = told(how, lang)
        with monkeypatch.context() as patched:
            for name, value in environment.items():
                patched.setenv(name, value)
            shown = cli(*options, *page)
        assert shown.code == 0, shown.err
        assert shown.out != english.out, how
        assert untranslated(shown.out, lang) == [], how
        # typer's own headings are looked up in opmkt's catalog too.
        assert f"\n{catalog(lang).gettext('Options')}:\n" in shown.out, how
    # Help in English again afterwards, word for word as before (a process may run commands
    # in several languages).
    assert cli(*page).out == english.out


def test_english_help_is_the_english_of_the_code(cli: Callable[..., Result]) -> None:
    shown = cli("budget", "--help").out
    assert "Roll the budget up by objective" in shown
    assert "The dimension to break the budget down by." in shown
    assert "Show this message and exit." in shown
    assert cli("--help").out.count("Keep an operational marketing plan as code") == 1


FRENCH_PLAN = """\
version: 1
plan:
  name: Fournil
  locale: fr_FR
  period: {start: 2027-01-01, end: 2027-12-31}
budget:
  lines:
    - {id: B1, label: Photos, amount: 800}
"""


@pytest.mark.parametrize("speaking_env", ["de"], indirect=True)
def test_a_missing_column_is_told_in_the_plan_language_not_the_environment(
    speaking_env: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "plan.yaml").write_text(FRENCH_PLAN, encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_text("line,date\nB1,2027-02-01\n", encoding="utf-8")
    refused = cli("track", "import", export, "--actuals", tmp_path / "actuals.yaml")
    assert refused.code == 1
    told = f"{export}:1: pas de colonne pour amount : les colonnes sont 'line', 'date'"
    assert told in refused.err
    assert "Spalte" not in refused.err
    assert not (tmp_path / "actuals.yaml").exists()
