"""Quick fixes for the diagnostics whose finding knows the fix: its did-you-mean, a missing
field, or silencing the rule on the line with `# opmkt: ignore[rule]`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lsprotocol import types as lsp

from opmkt.i18n import _
from opmkt.lint.rules import INTERNAL_ERROR
from opmkt.lsp.diagnostics import SOURCE
from opmkt.lsp.tree import Lines

_DID_YOU_MEAN = re.compile(r"did you mean (?:'([^']+)'|`([^`]+)`|([^\s?']+))\?")
_MISSING = re.compile(r"is missing `([^`]+)`")
_TOKEN = re.compile(r"""'[^']*'|"[^"]*"|[^\s,:\]}#]+""")
_IGNORE = re.compile(r"#\s*opmkt:\s*ignore\[([^\]]*)\]")


def quick_fixes(
    uri: str, lines: Lines, diagnostics: Sequence[lsp.Diagnostic], lang: str
) -> list[lsp.CodeAction]:
    """The fixes of the diagnostics the editor sends back: each says all its fix needs. Their
    titles are in `lang`, the plan's language."""
    out: list[lsp.CodeAction] = []
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str):
            continue
        for fix in _fixes(lines, diagnostic, lang):
            out.append(
                lsp.CodeAction(
                    title=fix.title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=lsp.WorkspaceEdit(changes={uri: [fix.edit]}),
                    is_preferred=fix.preferred,
                )
            )
    return out


@dataclass(frozen=True)
class _Fix:
    title: str
    edit: lsp.TextEdit
    preferred: bool = False
    """The fix an editor applies at once: the did-you-mean."""


def _fixes(lines: Lines, diagnostic: lsp.Diagnostic, lang: str) -> list[_Fix]:
    out = []
    start = diagnostic.range.start
    line, column = lines.point(start)
    text = lines.text(line)
    english = _english(diagnostic)
    suggestion = _DID_YOU_MEAN.search(english)
    token = _TOKEN.match(text, column - 1)
    if suggestion is not None and token is not None:
        better = next(group for group in suggestion.groups() if group)
        where = lsp.Range(
            start=start,
            end=lines.position((line, token.end() + 1)),
        )
        title = _("Change '{old}' to '{new}'", lang).format(old=token.group(), new=better)
        out.append(_Fix(title, lsp.TextEdit(where, better), preferred=True))
    missing = _MISSING.search(english)
    if missing is not None and text[column - 1 : column].strip():
        # Written before the mapping's first key, so that a block value below that key stays
        # whole; the new key lines up with the others.
        name = missing.group(1)
        pad = " " * (column - 1)
        insert = lsp.TextEdit(lsp.Range(start=start, end=start), f"{name}: \n{pad}")
        out.append(_Fix(_("Add the missing `{key}`", lang).format(key=name), insert))
    if diagnostic.code != INTERNAL_ERROR:
        rule = str(diagnostic.code)
        title = _("Silence {rule} on this line", lang).format(rule=rule)
        out.append(_Fix(title, _ignore(lines, line, rule)))
    return out


def _english(diagnostic: lsp.Diagnostic) -> str:
    """The finding's English message, which the diagnostic carries beside the one it shows."""
    data = diagnostic.data
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])
    return diagnostic.message


def _ignore(lines: Lines, line: int, rule: str) -> lsp.TextEdit:
    """`# opmkt: ignore[rule]` at the end of the line, or the rule added to the one there."""
    text = lines.text(line)
    existing = _IGNORE.search(text)
    if existing is not None:
        at = lines.position((line, existing.end(1) + 1))
        edit = lsp.TextEdit(lsp.Range(start=at, end=at), f", {rule}")
    else:
        at = lines.position((line, len(text) + 1))
        edit = lsp.TextEdit(lsp.Range(start=at, end=at), f"  # opmkt: ignore[{rule}]")
    return edit
