"""Completion while typing: ids where an id is expected, a field's allowed values, the keys of
the mapping being written, and snippets for a new objective, action or budget line.

The place is read from the text's indentation, not from the parsed file: the line being typed
rarely parses (`owner: ` has no value yet), and the keys above it say where it is."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types as lsp
from pydantic import BaseModel

from opmkt.i18n import N_, _, speaking
from opmkt.lint.rules import RULES
from opmkt.lsp.diagnostics import language_of
from opmkt.lsp.session import Checked, Session
from opmkt.lsp.tree import Lines, Point, Span
from opmkt.plan.model import BUDGET_INPUT, Actuals, Plan, unwrap
from opmkt.plan.screen import model_at
from opmkt.plan.walk import PlanIndex

_LINE = re.compile(r"^(?P<indent>\s*)(?P<dashes>(?:-\s+)*)(?P<rest>.*)$")
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:(?:\s+|$)")


@dataclass(frozen=True, slots=True)
class Where:
    """The place of the cursor: the keys (and list items, as 0) above it, the key being
    given a value (None when a key is being typed), and the word typed so far."""

    parent: tuple[str | int, ...]
    key: str | None
    typed: str
    column: int
    """The 1-based column where the typed word starts."""
    item_start: bool
    """The line starts a list item (`- `) and nothing else is written yet."""


def where(lines: Lines, point: Point) -> Where:
    line, column = point
    text = lines.text(line)[: column - 1]
    match = _LINE.match(text)
    assert match is not None  # the pattern matches any line
    indent, dashes, rest = match["indent"], match["dashes"], match["rest"]
    target = len(indent) + len(dashes)
    path: list[str | int] = []
    if dashes:
        path.append(0)
        target = len(indent)
    key = None
    key_match = _KEY.match(rest)
    if key_match is not None:
        # `key: value`, or `key: [a, b` (a list written on one line): the value is typed.
        key = key_match["key"]
        typed = re.split(r"[\[,\s]+", rest[key_match.end() :])[-1]
    else:
        typed = rest
    for above in range(line - 1, 0, -1):
        if target == 0:
            break
        found = _LINE.match(lines.text(above))
        assert found is not None
        content = found["rest"]
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        start, key_col = len(found["indent"]), len(found["indent"]) + len(found["dashes"])
        parent_key = _KEY.match(content)
        if parent_key is not None and key_col < target:
            path.append(parent_key["key"])
            target = key_col
        if found["dashes"] and start < target:
            path.append(0)
            target = start
    path.reverse()
    return Where(
        tuple(path),
        key,
        typed,
        column - len(typed),
        item_start=bool(dashes) and not rest,
    )


def _field(model: type[BaseModel], parent: tuple[str | int, ...], key: str) -> object:
    """The annotation of `key` in the model at `parent`, None when there is none."""
    found = model_at(model, parent)
    if found is None:
        return None
    for name, info in found.model_fields.items():
        if (info.alias or name) == key:
            return info.annotation
    return None


def _choices(annotation: object) -> list[str]:
    """The values a Literal field allows (inside Optional or Annotated too)."""
    current = unwrap(annotation)
    if typing.get_origin(current) is typing.Literal:
        return [str(value) for value in typing.get_args(current)]
    if current is bool:
        return ["true", "false"]
    return []


_ID_KEYS = {
    "owner": ("team", N_("team member")),
    "objective": ("objectives", N_("objective")),
    "kpi": ("kpis", N_("KPI")),
    "segment": ("segments", N_("segment")),
    "action": ("actions", N_("action")),
    "line": ("lines", N_("budget line")),
    "lines": ("lines", N_("budget line")),
    "addresses": ("audit_items", N_("audit item")),
}
"""The keys that take an id: the index of those ids (PlanIndex) and their kind, in English
(told in the plan's language where shown)."""


def _ids(index: PlanIndex, at: Where, plan: Plan) -> tuple[str, Iterable[str]] | None:
    """The kind of id expected at the cursor and the ids of that kind."""
    key, parent = at.key, at.parent
    if key is None:
        return None
    if parent[-1:] == ("lint",) and key == "disable":
        return N_("rule"), RULES
    if parent[-1:] == ("inputs",) and parent[:1] == ("kpis",):
        return N_("KPI"), [*index.kpis, BUDGET_INPUT]
    if key == "category" and "budget" in parent:
        lines = plan.budget.lines if plan.budget else []
        return N_("budget category"), sorted({li.category for li in lines if li.category})
    expected = _ID_KEYS.get(key)
    if expected is None:
        return None
    name, kind = expected
    found: Iterable[str] = getattr(index, name)
    return kind, found


def items(session: Session, path: Path, lines: Lines, point: Point) -> list[lsp.CompletionItem]:
    at = where(lines, point)
    latest = session.checked.get(path)
    if latest is not None and latest.skipped:
        return []
    checked = session.good.get(path) or latest
    kind_model: type[BaseModel] = Actuals if _is_actuals(checked, lines) else Plan
    scalar_item = at.parent[-1:] == (0,) and len(at.parent) > 1 and at.key is None
    if scalar_item and model_at(kind_model, at.parent) is None:
        # An item of a list of ids (`addresses:`, `disable:`): the list's key is being given
        # a value.
        at = Where(at.parent[:-2], str(at.parent[-2]), at.typed, at.column, item_start=False)
    replace = lines.range(Span((point[0], at.column), point))
    if at.key is None:
        lang = speaking(loaded=False) if checked is None else language_of(checked)
        return _keys(at, kind_model, replace, lang)
    return [
        _item(label, detail, kind, replace)
        for label, detail, kind in _values(at, at.key, kind_model, checked)
    ]


def _item(
    label: str, detail: str, kind: lsp.CompletionItemKind, replace: lsp.Range, text: str = ""
) -> lsp.CompletionItem:
    return lsp.CompletionItem(
        label=label,
        kind=kind,
        detail=detail,
        text_edit=lsp.TextEdit(range=replace, new_text=text or label),
    )


def _values(
    at: Where, key: str, kind_model: type[BaseModel], checked: Checked | None
) -> Iterator[tuple[str, str, lsp.CompletionItemKind]]:
    """What may follow `key: `: the choices of its field, or the ids it may name, each with
    what it is in the plan's language."""
    lang = speaking(loaded=False) if checked is None else language_of(checked)
    if at.parent[-2:] == ("lint", "severity"):
        for choice in ("error", "warning", "info"):
            yield choice, _(N_("severity"), lang), lsp.CompletionItemKind.EnumMember
        return
    for choice in _choices(_field(kind_model, at.parent, key)):
        yield choice, key, lsp.CompletionItemKind.EnumMember
    model = checked.model if checked is not None else None
    index = checked.index if checked is not None else None
    expected = _ids(index, at, model) if model is not None and index is not None else None
    if expected is not None:
        kind, ids = expected
        told = _(kind, lang)
        for one in ids:
            yield one, told, lsp.CompletionItemKind.Reference


def _keys(
    at: Where, kind_model: type[BaseModel], replace: lsp.Range, lang: str
) -> list[lsp.CompletionItem]:
    """What may start a line: a rule id under `lint.severity`; else a whole new item where
    one starts, and the keys of the mapping the cursor is in, each with its description in
    the plan's language."""
    if at.parent[-2:] == ("lint", "severity"):
        return [
            _item(rule.ID, _(rule.SUMMARY, lang), lsp.CompletionItemKind.Reference, replace)
            for rule in RULES.values()
        ]
    out = _snippets(at, replace)
    holder = model_at(kind_model, at.parent)
    if holder is not None:
        for name, info in holder.model_fields.items():
            key = info.alias or name
            kind = lsp.CompletionItemKind.Property
            detail = _(info.description, lang) if info.description else ""
            out.append(_item(key, detail, kind, replace, f"{key}: "))
    return out


def _is_actuals(checked: Checked | None, lines: Lines) -> bool:
    if checked is not None and checked.loaded is not None:
        return checked.loaded.kind == "actuals"
    return any(re.match(r"^plan:\s*\S", line) for line in lines.lines)


SNIPPETS = {
    "objectives": (
        "new objective",
        [
            "id: ${1:O1}",
            "category: ${2|business,communication,conversion|}",
            "title: ${3}",
            "kpi: ${4}",
            "baseline: ${5:0}",
            "target: ${6}",
            "deadline: ${7:YYYY-MM-DD}",
        ],
    ),
    "actions": (
        "new action",
        [
            "id: ${1:A1}",
            "objective: ${2}",
            "what: ${3}",
            "owner: ${4}",
            "start: ${5:YYYY-MM-DD}",
            "end: ${6:YYYY-MM-DD}",
            "how: ${7}",
        ],
    ),
    "lines": (
        "new budget line",
        [
            "id: ${1:B1}",
            "action: ${2}",
            "label: ${3}",
            "category: ${4}",
            "amount: ${5:0}",
            "when: ${6:YYYY-MM}",
        ],
    ),
}


def _snippets(at: Where, replace: lsp.Range) -> list[lsp.CompletionItem]:
    """A whole new item, as a snippet, where an item of a list of objectives, actions or
    budget lines starts."""
    if not at.item_start or len(at.parent) < 2 or at.parent[-1] != 0:
        return []
    list_key = at.parent[-2]
    if list_key not in SNIPPETS or (list_key == "lines" and "budget" not in at.parent):
        return []
    label, body = SNIPPETS[str(list_key)]
    pad = "\n" + " " * (at.column - 1)
    return [
        lsp.CompletionItem(
            label=label,
            kind=lsp.CompletionItemKind.Snippet,
            insert_text_format=lsp.InsertTextFormat.Snippet,
            insert_text_mode=lsp.InsertTextMode.AsIs,
            text_edit=lsp.TextEdit(range=replace, new_text=pad.join(body)),
        )
    ]
