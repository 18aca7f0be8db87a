"""Findings as an editor's diagnostics: the same findings, at the same places, with a link to
the rule's documentation and the second place a finding speaks of."""

from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types as lsp

from opmkt.findings import Finding, Severity
from opmkt.i18n import speaking
from opmkt.lint.context import Context
from opmkt.lsp.ids import CATEGORY, definitions
from opmkt.lsp.session import Checked
from opmkt.lsp.tree import Lines, Span, value_span
from opmkt.plan.walk import Loc, effective_deadlines

SOURCE = "opmkt"
SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
_PART = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def rules_page() -> str | None:
    """The rules' documentation (docs/rules.md) beside the package in a source checkout."""
    page = Path(__file__).resolve().parents[3] / "docs" / "rules.md"
    return page.as_uri() if page.is_file() else None


def finding_range(lines: Lines, finding: Finding) -> lsp.Range:
    """From the finding's column to the end of what the line writes there (its comment
    left out): the value or the item the finding is about."""
    content = re.sub(r"\s+#.*$", "", lines.text(finding.line)).rstrip()
    end = max(len(content) + 1, finding.column + 1)
    return lines.range(Span((finding.line, finding.column), (finding.line, end)))


def parse_path(path: str) -> Loc:
    """A finding's dotted path back into its place: 'actions[3].end' → ('actions', 3, 'end')."""
    return tuple(
        int(index) if index else name for index, name in _PART.findall(path) if index or name
    )


def language_of(checked: Checked) -> str:
    """The language the editor is told a file's findings and fixes in: its plan's (each open
    plan its own), unless `OPMKT_LANG` says otherwise."""
    plan = checked.loaded.plan if checked.loaded is not None else None
    return speaking(plan.plan.locale if plan is not None else None, loaded=False)


def diagnostics(
    checked: Checked, uri: str, rules_url: str | None, encoding: str
) -> list[lsp.Diagnostic]:
    if checked.loaded is None:
        start = lsp.Position(line=0, character=0)
        return [
            lsp.Diagnostic(
                range=lsp.Range(start=start, end=start),
                message=checked.unreadable or "",
                severity=lsp.DiagnosticSeverity.Error,
                source=SOURCE,
            )
        ]
    lines = Lines.of(checked.loaded.doc.text, encoding)
    ctx = checked.context()
    lang = language_of(checked)
    out = []
    for finding in checked.findings:
        if finding.file != checked.loaded.file:
            continue
        out.append(
            lsp.Diagnostic(
                range=finding_range(lines, finding),
                message=finding.told(lang),
                severity=SEVERITY[finding.severity],
                code=finding.rule,
                code_description=(
                    lsp.CodeDescription(href=f"{rules_url}#{finding.rule}") if rules_url else None
                ),
                source=SOURCE,
                related_information=_related(finding, ctx, lines, uri),
                # The quick fixes read the English message, whatever the editor shows.
                data={"message": finding.message},
            )
        )
    return out


def _related(
    finding: Finding, ctx: Context | None, lines: Lines, uri: str
) -> list[lsp.DiagnosticRelatedInformation] | None:
    if ctx is None or ctx.actuals is not None:
        return None
    found: tuple[Loc, str] | None = None
    if finding.rule == "duplicate-id":
        found = _first_definition(ctx, parse_path(finding.path))
    elif finding.rule == "action-after-deadline":
        found = _deadline(ctx, parse_path(finding.path))
    if found is None:
        return None
    loc, message = found
    span = value_span(ctx.loaded.doc, loc)
    if span is None:
        return None
    where = lsp.Location(uri=uri, range=lines.range(span))
    return [lsp.DiagnosticRelatedInformation(location=where, message=message)]


def _first_definition(ctx: Context, item: Loc) -> tuple[Loc, str] | None:
    """The first item with the id of the duplicate at `item` (places in the file)."""
    # By place in the file, in the order of the file within each kind.
    written = {ctx.loaded.original(o.loc): o for o in definitions(ctx.plan) if o.kind != CATEGORY}
    duplicate = written.get((*item, "id"))
    if duplicate is None:
        return None
    first = next(
        loc for loc, o in written.items() if (o.kind, o.value) == (duplicate.kind, duplicate.value)
    )
    return first, f"{duplicate.kind} '{duplicate.value}' is first defined here"


def _deadline(ctx: Context, loc: Loc) -> tuple[Loc, str] | None:
    """Where the deadline an action passes is written: its objective's (or an ancestor's),
    else the plan's end."""
    if len(loc) < 2 or loc[0] != "actions" or not isinstance(loc[1], int):
        return None
    index = loc[1]
    kept = ctx.loaded.kept.get(("actions",))
    if kept is not None:  # the model's index of an action the file places at `index`
        if index not in kept:
            return None
        index = kept.index(index)
    action = ctx.plan.actions[index]
    for at, deadline in effective_deadlines(ctx.plan):
        if at.objective.id != action.objective:
            continue
        if deadline.owner is None:
            return ("plan", "period", "end"), "the plan's end, the deadline that applies"
        owner = ctx.index.objectives[deadline.owner]
        where = ctx.loaded.original((*owner.loc, "deadline"))
        return where, f"the deadline of objective '{deadline.owner}'"
    return None
