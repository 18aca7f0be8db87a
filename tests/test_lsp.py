"""`opmkt lsp` driven over stdio by a real LSP client: what an editor shows as a plan is typed
is what `opmkt validate` reports, at the same places, and the editor can complete, hover,
navigate, rename and fix."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.conftest import EXAMPLES, ROOT, Result
from tests.lsp_support import drive, editor

CORPUS = sorted(
    [
        *(ROOT / "tests" / "cases").glob("*/*.yaml"),
        *(ROOT / "tests" / "data").rglob("*.yaml"),
        *EXAMPLES.glob("*/*.yaml"),
    ]
)
SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
Shown = tuple[int, int, str | None, str, lsp.DiagnosticSeverity | None]


def utf16(line: str, column: int) -> int:
    """A 1-based column in characters as UTF-16 code units from 0, as LSP counts them."""
    return len(line[: column - 1].encode("utf-16-le")) // 2


def validate_json(cli: Callable[..., Result], path: Path) -> list[Shown]:
    """What `opmkt validate --format json` reports for one file, as an editor would show it."""
    # Editors start the server for any YAML file: it skips those that are clearly no plan.
    result = cli("validate", "--skip-non-plans", "--format", "json", str(path))
    lines = [line.removesuffix("\r") for line in path.read_bytes().decode().split("\n")]
    shown: list[Shown] = [
        (
            f["line"] - 1,
            utf16(lines[f["line"] - 1] if f["line"] <= len(lines) else "", f["column"]),
            f["rule"],
            f["message"],
            SEVERITY[f["severity"]],
        )
        for f in json.loads(result.out)["findings"]
        if f["file"] == str(path)
    ]
    # A file validate cannot read at all is an `error:` line; the editor shows it on line 1.
    shown += [
        (0, 0, None, line.removeprefix("error: "), lsp.DiagnosticSeverity.Error)
        for line in result.err.splitlines()
        if line.startswith("error: ")
    ]
    return shown


def as_shown(diagnostics: list[lsp.Diagnostic]) -> list[Shown]:
    """Each diagnostic with the English of its message, as machine formats carry it (the
    editor shows it in the plan's language)."""
    return [
        (
            d.range.start.line,
            d.range.start.character,
            None if d.code is None else str(d.code),
            d.data["message"] if isinstance(d.data, dict) else d.message,
            d.severity,
        )
        for d in diagnostics
    ]


def test_the_server_reports_exactly_what_validate_reports(cli: Callable[..., Result]) -> None:
    expected = {path: validate_json(cli, path) for path in CORPUS}
    assert sum(len(found) for found in expected.values()) > 300  # a corpus of broken plans

    async def scenario() -> dict[Path, list[Shown]]:
        async with editor() as ed:
            out = {}
            for path in CORPUS:
                uri = ed.open(path, path.read_bytes().decode())
                out[path] = as_shown(await ed.diagnostics(uri))
            return out

    got = drive(scenario)
    for path in CORPUS:
        assert got[path] == expected[path], path.relative_to(ROOT)


def test_the_editor_shows_a_french_plan_findings_in_french(cli: Callable[..., Result]) -> None:
    text = ACCENTED.replace("plan:\n", "plan:\n  locale: fr_FR\n", 1)

    async def scenario() -> list[lsp.Diagnostic]:
        async with editor() as ed:
            return await ed.diagnostics(ed.open(Path("plan.yaml"), text))

    shown = {str(d.code): d.message for d in drive(scenario)}
    assert shown["smart-measurable"].startswith("l'objectif 'O1' n'a ni indicateur ni cible")


ACCENTED = """\
version: 1
plan:
  name: Fournil — été 2027 🥐
  period: {start: 2027-01-01, end: 2027-12-31}
team:
  - {id: elodie, name: Élodie}
objectives:
  - {id: O1, category: business, title: Vendre plus de brioches, deadline: 2027-06-30}
actions:
  - {id: A1, objective: O1, what: Brioche 🥐 été, owner: elodi, end: 2027-05-01}
"""


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_columns_count_as_the_editor_counts_on_accented_lines(
    tmp_path: Path, encoding: str
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(ACCENTED, encoding="utf-8")
    line = ACCENTED.splitlines()[9]
    before = line[: line.index("elodi")]
    expected = {
        "utf-16": len(before.encode("utf-16-le")) // 2,
        "utf-8": len(before.encode("utf-8")),
        "utf-32": len(before),
    }[encoding]

    async def scenario() -> list[lsp.Diagnostic]:
        async with editor(encodings=[encoding]) as ed:
            return await ed.diagnostics(ed.open(plan))

    found = [d for d in drive(scenario) if d.code == "unknown-reference"]
    assert [(d.range.start.line, d.range.start.character) for d in found] == [(9, expected)]
    # Before it, the emoji is one character, two UTF-16 units and four UTF-8 bytes; each é is
    # one unit and two bytes.
    assert expected - len(before) == {"utf-16": 1, "utf-8": 5, "utf-32": 0}[encoding]
    assert "did you mean 'elodie'?" in found[0].message


@pytest.mark.parametrize(
    ("client", "encodings"),
    [
        ("visual-studio-code", None),
        ("neovim", None),
        ("emacs", None),
        # Helix and Zed prefer UTF-8 positions, then UTF-32, then UTF-16.
        ("neovim", ["utf-8", "utf-32", "utf-16"]),
    ],
    ids=["vscode", "neovim", "emacs", "utf-8 first"],
)
def test_each_editor_gets_diagnostics_and_no_yaml_file_that_is_no_plan_gets_any(
    tmp_path: Path, client: str, encodings: list[str] | None
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(ACCENTED, encoding="utf-8")
    workflow = tmp_path / "ci.yml"
    workflow.write_text("on: push\njobs:\n  test: {runs-on: ubuntu-latest}\n", encoding="utf-8")

    async def scenario() -> tuple[list[lsp.Diagnostic], list[lsp.Diagnostic]]:
        async with editor(client, encodings=encodings) as ed:
            found = await ed.diagnostics(ed.open(plan))
            return found, await ed.diagnostics(ed.open(workflow))

    found, none = drive(scenario)
    assert [d.code for d in found if d.severity == lsp.DiagnosticSeverity.Error] == [
        "unknown-reference"
    ]
    assert none == []


def test_diagnostics_link_the_rule_and_point_at_the_second_place(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = ACCENTED.replace("owner: elodi,", "owner: elodie,") + (
        "  - {id: A1, objective: O1, what: Brioche bis, end: 2027-07-15}\n"
    )
    plan.write_text(text, encoding="utf-8")

    async def scenario() -> list[lsp.Diagnostic]:
        async with editor(options={"rulesUrl": "https://example.org/rules.html"}) as ed:
            return await ed.diagnostics(ed.open(plan))

    by_rule = {d.code: d for d in drive(scenario)}
    duplicate = by_rule["duplicate-id"]
    assert duplicate.code_description is not None
    assert duplicate.code_description.href == "https://example.org/rules.html#duplicate-id"
    assert duplicate.range.start.line == 10
    assert duplicate.related_information is not None
    first = duplicate.related_information[0]
    assert (first.location.range.start.line, first.message) == (
        9,
        "action 'A1' is first defined here",
    )
    late = by_rule["action-after-deadline"]
    assert late.related_information is not None
    deadline = late.related_information[0].location.range.start
    assert (deadline.line, ACCENTED.splitlines()[7][deadline.character :][:10]) == (
        7,
        "2027-06-30",
    )


def test_edits_are_checked_once_typing_pauses(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(EXAMPLES / "northwind-studio" / "plan.yaml", plan)
    text = plan.read_text(encoding="utf-8")

    async def scenario() -> list[lsp.PublishDiagnosticsParams]:
        # A long pause, so that the burst of edits below surely falls within it.
        async with editor(options={"debounce": 1.0}) as ed:
            uri = ed.open(plan)
            await ed.diagnostics(uri)
            for n in range(5):
                ed.change(uri, text.replace("version: 1", f"version: {n + 2}", 1))
            last = ed.change(uri, text.replace("owner: ", "owner: x", 1))
            published = await ed.publications(uri, 2)
            assert published[1].version == last
            ed.change(uri, text)
            return await ed.publications(uri, 3)

    opened, typed, fixed = drive(scenario)
    assert list(opened.diagnostics) == []
    # One check for the whole burst, of its last text only.
    assert [d.code for d in typed.diagnostics] == ["unknown-reference"]
    assert list(fixed.diagnostics) == []


STATUS = ROOT / "tests" / "data" / "status"


def _plan_and_actuals(tmp_path: Path) -> tuple[Path, Path]:
    for name in ("plan.yaml", "actuals.yaml"):
        shutil.copy(STATUS / name, tmp_path / name)
    return tmp_path / "plan.yaml", tmp_path / "actuals.yaml"


def test_an_actuals_file_is_checked_again_when_its_plan_changes(tmp_path: Path) -> None:
    plan, actuals = _plan_and_actuals(tmp_path)
    text = plan.read_text(encoding="utf-8")
    kpi = "ca"
    renamed = text.replace("{id: ca,", "{id: ca-renamed,", 1)
    assert renamed != text and kpi in _kpi_ids(actuals)

    async def scenario() -> tuple[list[lsp.Diagnostic], ...]:
        async with editor(options={"debounce": 0.05}) as ed:
            plan_uri = ed.open(plan)
            actuals_uri = ed.open(actuals)
            before = await ed.diagnostics(actuals_uri)
            ed.change(plan_uri, renamed)  # unsaved: the editor's text counts
            edited = await ed.diagnostics(actuals_uri, after=1)
            ed.close(plan_uri)
            plan.write_text(renamed, encoding="utf-8")
            ed.client.workspace_did_change_watched_files(
                lsp.DidChangeWatchedFilesParams(
                    changes=[lsp.FileEvent(uri=plan_uri, type=lsp.FileChangeType.Changed)]
                )
            )
            on_disk = await ed.diagnostics(actuals_uri, after=3)
            return before, edited, on_disk

    before, edited, on_disk = drive(scenario)
    assert [d for d in before if d.code == "unknown-reference"] == []
    for found in (edited, on_disk):
        unknown = [d.message for d in found if d.code == "unknown-reference"]
        assert unknown and all(f"'{kpi}'" in message for message in unknown)


def _kpi_ids(actuals: Path) -> list[str]:
    return re.findall(r"kpi: ([\w.-]+)", actuals.read_text(encoding="utf-8"))


def _position(text: str, needle: str, offset: int = 0) -> lsp.Position:
    before = text[: text.index(needle)]
    line = before.count("\n")
    return lsp.Position(line=line, character=len(before) - (before.rfind("\n") + 1) + offset)


COMPLETE_PLAN = """\
version: 1
plan:
  name: Fournil
  period: {start: 2027-01-01, end: 2027-12-31}
  owner: marie
team:
  - {id: marie, name: Marie}
  - {id: camille, name: Camille}
lint:
  disable:
    - pestel-incomplete
objectives:
  - id: O1
    category: business
    title: Vendre plus de brioches
actions:
  - id: A1
    objective: O1
    what: Launch the Instagram account
"""


def _complete(
    tmp_path: Path, text: str, needle: str, offset: int, saved: str = COMPLETE_PLAN
) -> list[lsp.CompletionItem]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(saved, encoding="utf-8")

    async def scenario() -> list[lsp.CompletionItem]:
        async with editor(options={"debounce": 0.01}) as ed:
            uri = ed.open(plan)
            await ed.diagnostics(uri)
            ed.change(uri, text)
            result = await ed.client.text_document_completion_async(
                lsp.CompletionParams(
                    text_document=ed.doc(uri), position=_position(text, needle, offset)
                )
            )
            assert isinstance(result, lsp.CompletionList)
            return list(result.items)

    return drive(scenario)


def test_completion_offers_the_ids_of_the_kind_expected(tmp_path: Path) -> None:
    text = COMPLETE_PLAN + "    owner: \n"
    items = _complete(tmp_path, text, "    owner: \n", len("    owner: "))
    assert sorted(i.label for i in items) == ["camille", "marie"]
    text = COMPLETE_PLAN.replace("  disable:\n", "  disable:\n    - smart-\n")
    items = _complete(tmp_path, text, "    - smart-", len("    - smart-"))
    labels = [i.label for i in items]
    assert "smart-measurable" in labels and "pestel-incomplete" in labels


def test_completion_offers_a_fields_values_and_a_mappings_keys(tmp_path: Path) -> None:
    text = COMPLETE_PLAN.replace("category: business", "category: ")
    items = _complete(tmp_path, text, "category: ", len("category: "))
    assert [i.label for i in items] == ["business", "communication", "conversion"]
    text = COMPLETE_PLAN + "    sta\n"
    items = _complete(tmp_path, text, "    sta\n", len("    sta"))
    assert {"start", "status", "steps", "owner"} <= {i.label for i in items}


def test_completion_describes_a_key_in_the_plan_language(tmp_path: Path) -> None:
    text = COMPLETE_PLAN + "    sta\n"
    items = _complete(tmp_path, text, "    sta\n", len("    sta"))
    assert {i.label: i.detail for i in items}["start"] == (
        'When it starts (YYYY-MM-DD): the seed\'s "when?".'
    )
    french = COMPLETE_PLAN.replace("  owner: marie\n", "  owner: marie\n  locale: fr_FR\n")
    text = french + "    sta\n"
    items = _complete(tmp_path, text, "    sta\n", len("    sta"), saved=french)
    assert {i.label: i.detail for i in items}["start"] == (
        "Quand elle commence (AAAA-MM-JJ) : le « quand ? » de la graine."
    )
    text = french.replace("objectives:\n", "  severity:\n    smart-\nobjectives:\n")
    items = _complete(tmp_path, text, "    smart-\n", len("    smart-"), saved=french)
    described = {i.label: i.detail for i in items}
    assert described["smart-measurable"] == (
        "l'objectif n'a pas de KPI ou pas de cible chiffrée (sans valeur de départ : remarque)"
    )


def test_completion_names_what_an_id_is_in_the_plan_language(tmp_path: Path) -> None:
    items = _complete(
        tmp_path, COMPLETE_PLAN + "    owner: \n", "    owner: \n", len("    owner: ")
    )
    assert {i.detail for i in items} == {"team member"}
    french = COMPLETE_PLAN.replace("  owner: marie\n", "  owner: marie\n  locale: fr_FR\n")
    text = french + "    owner: \n"
    items = _complete(tmp_path, text, "    owner: \n", len("    owner: "), saved=french)
    assert {i.detail for i in items} == {"membre de l'équipe"}


def test_completion_snippet_writes_a_new_action(tmp_path: Path) -> None:
    text = COMPLETE_PLAN + "  - \n"
    items = _complete(tmp_path, text, "  - \n", len("  - "))
    snippet = next(i for i in items if i.label == "new action")
    assert snippet.insert_text_format == lsp.InsertTextFormat.Snippet
    assert isinstance(snippet.text_edit, lsp.TextEdit)
    lines = snippet.text_edit.new_text.split("\n")
    assert lines[0].startswith("id: ") and all(line.startswith("    ") for line in lines[1:])
    assert {line.split(":")[0].strip() for line in lines} >= {"id", "objective", "what"}


def _hover(path: Path, text: str, needle: str) -> str:
    async def scenario() -> str:
        # Results as of a day inside the plan's year (2027), as `opmkt status --as-of`.
        async with editor(options={"asOf": "2027-07-02"}) as ed:
            uri = ed.open(path)
            await ed.diagnostics(uri)
            result = await ed.client.text_document_hover_async(
                lsp.HoverParams(text_document=ed.doc(uri), position=_position(text, needle, 1))
            )
            assert result is not None and isinstance(result.contents, lsp.MarkupContent)
            return result.contents.value

    return drive(scenario)


def test_hover_shows_an_objectives_figures_and_results(tmp_path: Path) -> None:
    plan, _actuals = _plan_and_actuals(tmp_path)
    text = plan.read_text(encoding="utf-8")
    shown = _hover(plan, text, "id: O1 ")
    # In the plan's language (fr_FR), its money and numbers as the locale writes them.
    assert shown.startswith("**O1** — Augmenter le chiffre d'affaires de la boutique")
    assert "- Budget: 2\u202f320,00\xa0€" in shown
    assert "- Départ → cible: 100\u202f000,00 → 120\u202f000,00" in shown
    # The actuals file beside the plan is read: 110,000 on 2027-07-02, half-way, on its line.
    assert "- État: Dans les temps" in shown
    assert "- Avancement: 50,0\xa0%" in shown


def test_hover_shows_a_budget_lines_total_and_spend(tmp_path: Path) -> None:
    plan, _actuals = _plan_and_actuals(tmp_path)
    text = plan.read_text(encoding="utf-8")
    shown = _hover(plan, text, "id: B1,")
    assert shown.startswith("**B1** — Shooting photo produits")
    assert "- Total: 1\u202f200,00\xa0€" in shown
    assert "- Devis: Accepté, 1\u202f200,00\xa0€" in shown
    assert "- Réel: " in shown


def test_hover_on_a_rule_id_shows_its_summary(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(COMPLETE_PLAN, encoding="utf-8")
    shown = _hover(plan, COMPLETE_PLAN, "pestel-incomplete")
    assert shown.startswith("**pestel-incomplete** (info): a PESTEL factor is missing or empty")
    # In a French plan, in French.
    french = COMPLETE_PLAN.replace("  owner: marie\n", "  owner: marie\n  locale: fr_FR\n")
    plan.write_text(french, encoding="utf-8")
    shown = _hover(plan, french, "pestel-incomplete")
    assert shown.startswith("**pestel-incomplete** (info): un facteur PESTEL manque ou est vide")


def test_a_refused_rename_is_logged_as_one_line(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    plan, _ = _plan_and_actuals(tmp_path)
    start = lsp.Position(line=0, character=0)

    async def scenario() -> None:
        async with editor() as ed:
            uri = ed.open(plan)
            await ed.diagnostics(uri)
            with pytest.raises(Exception, match="no id here to rename"):
                await ed.client.text_document_rename_async(
                    lsp.RenameParams(text_document=ed.doc(uri), position=start, new_name="x")
                )

    drive(scenario)
    # The editor shows the refusal; its log gets the reason on one line, not a traceback.
    log = capfd.readouterr().err
    assert "no id here to rename" in log and "Traceback" not in log


def test_definition_references_and_rename_span_the_plan_and_its_actuals(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    plan, actuals = _plan_and_actuals(tmp_path)
    before = cli("validate", "--format", "json", plan, actuals).out
    text = plan.read_text(encoding="utf-8")
    kpi = next(k for k in _kpi_ids(actuals) if f"kpi: {k}" in text)
    measured = _kpi_ids(actuals).count(kpi)

    async def scenario() -> tuple[object, ...]:
        async with editor() as ed:
            uri = ed.open(plan)
            await ed.diagnostics(uri)
            at = _position(text, f"kpi: {kpi}", len("kpi: "))
            definition = await ed.client.text_document_definition_async(
                lsp.DefinitionParams(text_document=ed.doc(uri), position=at)
            )
            refs = await ed.client.text_document_references_async(
                lsp.ReferenceParams(
                    text_document=ed.doc(uri),
                    position=at,
                    context=lsp.ReferenceContext(include_declaration=True),
                )
            )
            rename = await ed.client.text_document_rename_async(
                lsp.RenameParams(text_document=ed.doc(uri), position=at, new_name="renamed-kpi")
            )
            other = next(k for k in re.findall(r"- id: ([\w.-]+)\n\s+name", text) if k != kpi)
            with pytest.raises(Exception, match="already has the id"):
                await ed.client.text_document_rename_async(
                    lsp.RenameParams(text_document=ed.doc(uri), position=at, new_name=other)
                )
            return definition, refs, rename

    definition, refs, rename = drive(scenario)
    assert isinstance(definition, Sequence) and len(definition) == 1
    target = definition[0]
    assert isinstance(target, lsp.Location)
    line = text.splitlines()[target.range.start.line]
    assert line[target.range.start.character : target.range.end.character] == kpi
    assert line.lstrip().startswith("- {id: ")
    assert isinstance(refs, Sequence)
    in_actuals = [r for r in refs if r.uri == actuals.resolve().as_uri()]
    assert len(in_actuals) == measured
    assert isinstance(rename, lsp.WorkspaceEdit) and rename.changes is not None
    renamed = {
        uri: _apply(Path(uri.removeprefix("file://")), e) for uri, e in rename.changes.items()
    }
    plan.write_text(renamed[plan.resolve().as_uri()], encoding="utf-8")
    actuals.write_text(renamed[actuals.resolve().as_uri()], encoding="utf-8")
    assert _kpi_ids(actuals).count("renamed-kpi") == measured
    # Renamed everywhere: the plan and its actuals say what they said before.
    assert cli("validate", "--format", "json", plan, actuals).out == before


def _apply(path: Path, edits: object) -> str:
    assert isinstance(edits, Sequence)
    lines = path.read_text(encoding="utf-8").split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        start, end = edit.range.start, edit.range.end
        assert start.line == end.line
        line = lines[start.line]
        lines[start.line] = line[: start.character] + edit.new_text + line[end.character :]
    return "\n".join(lines)


def test_document_symbols_outline_objectives_actions_and_lines() -> None:
    plan = EXAMPLES / "fournil-dupont" / "plan.yaml"

    async def scenario() -> object:
        async with editor() as ed:
            uri = ed.open(plan)
            await ed.diagnostics(uri)
            return await ed.client.text_document_document_symbol_async(
                lsp.DocumentSymbolParams(text_document=ed.doc(uri))
            )

    found = drive(scenario)
    assert isinstance(found, Sequence)
    kinds = {s.kind for s in found if isinstance(s, lsp.DocumentSymbol)}
    assert {lsp.SymbolKind.Class, lsp.SymbolKind.Function, lsp.SymbolKind.Field} <= kinds
    nested = [s for s in found if isinstance(s, lsp.DocumentSymbol) and s.children]
    assert nested  # sub-objectives under their objective


def _fixes(tmp_path: Path, text: str) -> tuple[list[lsp.Diagnostic], list[lsp.CodeAction]]:
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")

    async def scenario() -> tuple[list[lsp.Diagnostic], list[lsp.CodeAction]]:
        async with editor() as ed:
            uri = ed.open(plan)
            found = await ed.diagnostics(uri)
            actions = await ed.client.text_document_code_action_async(
                lsp.CodeActionParams(
                    text_document=ed.doc(uri),
                    range=lsp.Range(start=lsp.Position(0, 0), end=lsp.Position(99, 0)),
                    context=lsp.CodeActionContext(diagnostics=found),
                )
            )
            return found, [a for a in actions or [] if isinstance(a, lsp.CodeAction)]

    return drive(scenario)


def _fixed(tmp_path: Path, action: lsp.CodeAction) -> str:
    assert action.edit is not None and action.edit.changes is not None
    (edits,) = action.edit.changes.values()
    return _apply(tmp_path / "plan.yaml", list(edits))


@pytest.mark.parametrize(
    ("typo", "wrong", "right", "rule"),
    [
        ("owner: marei", "marei", "marie", "unknown-reference"),
        ("sttaus: done", "sttaus", "status", "schema"),
    ],
)
def test_quick_fixes_apply_the_did_you_mean_or_silence_the_rule(
    tmp_path: Path, typo: str, wrong: str, right: str, rule: str
) -> None:
    text = COMPLETE_PLAN + f"    {typo}\n"
    _found, actions = _fixes(tmp_path, text)
    change = next(a for a in actions if a.title == f"Change '{wrong}' to '{right}'")
    assert _fixed(tmp_path, change) == COMPLETE_PLAN + f"    {typo.replace(wrong, right)}\n"
    silence = next(a for a in actions if a.title == f"Silence {rule} on this line")
    assert _fixed(tmp_path, silence) == text.replace(typo, f"{typo}  # opmkt: ignore[{rule}]")


@pytest.mark.parametrize(
    ("locale", "change", "silence"),
    [
        ("fr_FR", "Remplacer 'marei' par 'marie'", "Faire taire unknown-reference sur cette ligne"),
        ("es_ES", "Cambiar 'marei' por 'marie'", "Silenciar unknown-reference en esta línea"),
        (
            "de_DE",
            "'marei' durch 'marie' ersetzen",
            "unknown-reference in dieser Zeile stummschalten",
        ),
    ],
)
def test_quick_fixes_are_titled_in_the_plan_language(
    tmp_path: Path, locale: str, change: str, silence: str
) -> None:
    plan = COMPLETE_PLAN.replace("  name: Fournil\n", f"  name: Fournil\n  locale: {locale}\n")
    _found, actions = _fixes(tmp_path, plan + "    owner: marei\n")
    titles = {action.title for action in actions}
    assert {change, silence} <= titles
    assert next(a for a in actions if a.title == change).is_preferred


def test_quick_fix_adds_a_missing_field(tmp_path: Path) -> None:
    text = COMPLETE_PLAN.replace("    what: Launch the Instagram account\n", "")
    _found, actions = _fixes(tmp_path, text)
    add = next(a for a in actions if a.title == "Add the missing `what`")
    fixed = _fixed(tmp_path, add)
    assert "  - what: \n    id: A1\n    objective: O1\n" in fixed


def test_the_session_does_not_grow_across_many_edits() -> None:
    import gc
    import tracemalloc

    from opmkt.lsp.session import Session

    plan = EXAMPLES / "northwind-studio" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    session = Session()

    def edit(n: int) -> None:
        session.edit(plan, text.replace("version: 1", f"version: 1  # {n}", 1), n)
        session.check(plan)

    for n in range(5):
        edit(n)
    gc.collect()
    tracemalloc.start()
    try:
        for n in range(10):
            edit(n)
        gc.collect()
        after_few = tracemalloc.get_traced_memory()[0]
        for n in range(100):
            edit(n)
        gc.collect()
        after_many = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # 100 more edits hold no more than one more check would: nothing is kept per edit.
    assert after_many - after_few < 256 * 1024
    assert list(session.checked) == [plan]


def test_help_lists_the_lsp_command(cli: Callable[..., Result]) -> None:
    result = cli("lsp", "--help")
    assert result.code == 0
    assert "language server" in result.out


@pytest.mark.parametrize("path", CORPUS, ids=[str(p.relative_to(ROOT)) for p in CORPUS])
def test_every_feature_answers_anywhere_in_a_broken_plan(path: Path) -> None:
    """Completion, hover, navigation, outline and fixes on each line of the corpus of broken
    plans: an answer or none, never a crash (a request would fail in the editor)."""
    from opmkt.lsp import completion, fixes, hover, navigation
    from opmkt.lsp.diagnostics import diagnostics
    from opmkt.lsp.session import Session
    from opmkt.lsp.tree import Lines

    session = Session()
    text = path.read_bytes().decode()
    session.edit(path, text, 1)
    checked = session.check(path)
    lines = Lines.of(text)
    found = diagnostics(checked, path.as_uri(), None, "utf-16")
    fixes.quick_fixes(path.as_uri(), lines, found, "en")
    navigation.symbols(session, path, lines)
    # About a hundred lines of each file, every line of the small ones.
    step = max(1, len(lines.lines) // 100)
    for number, line in list(enumerate(lines.lines, start=1))[::step]:
        point = (number, len(line) - len(line.lstrip()) + 3)
        completion.items(session, path, lines, point)
        hover.hover(session, path, lines, point)
        navigation.locations(session, path, point, False, "utf-16")


def test_hover_shows_a_kpis_latest_value(tmp_path: Path) -> None:
    plan, _actuals = _plan_and_actuals(tmp_path)
    text = plan.read_text(encoding="utf-8")
    shown = _hover(plan, text, "id: ca,")
    assert shown.startswith("**ca** — Chiffre d'affaires (12 mois glissants)")
    # The latest measurement up to the day of the results (2027-07-02).
    assert "- Valeur: 110\u202f000,00 (2027-07-02)" in shown


def test_completion_in_an_actuals_file_offers_its_plans_lines(tmp_path: Path) -> None:
    plan, actuals = _plan_and_actuals(tmp_path)
    lines = re.findall(r"\{id: (B\d+),", plan.read_text(encoding="utf-8"))
    text = actuals.read_text(encoding="utf-8") + "  - line: \n"

    async def scenario() -> list[lsp.CompletionItem]:
        async with editor(options={"debounce": 0.01}) as ed:
            uri = ed.open(actuals)
            await ed.diagnostics(uri)
            ed.change(uri, text)
            result = await ed.client.text_document_completion_async(
                lsp.CompletionParams(
                    text_document=ed.doc(uri), position=_position(text, "  - line: \n", 10)
                )
            )
            assert isinstance(result, lsp.CompletionList)
            return list(result.items)

    offered = {i.label for i in drive(scenario) if i.detail == "budget line"}
    assert lines and offered == set(lines)


def test_without_a_readable_input_lsp_says_so_and_exits_2(cli: Callable[..., Result]) -> None:
    # pytest's captured standard input refuses to be read, as a closed one would.
    result = cli("lsp")
    assert result.code == 2
    assert result.err.startswith("error: opmkt lsp talks to an editor over standard input")
