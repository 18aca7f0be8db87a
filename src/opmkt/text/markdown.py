"""Plan text as inert Markdown: the one escaping of every Markdown output opmkt writes.

A plan may come from anyone, and its Markdown (a report, a diff pasted as a pull-request
comment, a budget) is rendered by GitHub's cmark-gfm. Text from the plan must show as itself
there: no markup, no raw HTML, no link, and no autolink from a bare URL, a `www.` name or an
e-mail address."""

from __future__ import annotations

import re
from typing import Any

# Markdown that plan text must not start: emphasis, code, links, tables, strikethrough, math
# (`$` on GitHub); `_` only where it can open or close emphasis (not inside social_media).
_INLINE = re.compile(r"[\\`*\[\]|~$]|(?<![^\W_])_|_(?![^\W_])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# cmark-gfm links `http://`, `https://` and `ftp://` found at their `:`, and `www.` names at
# their `w`: a backslash before the `:` or the `.` keeps them text (and shows nothing). An
# e-mail address is found in the text once escapes are undone, so a backslash cannot stop it:
# an invisible word joiner before its `@` leaves no address to find.
_SCHEME = re.compile(r":(?=//)")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
_AT = re.compile(r"(?<=\S)@")
# What makes a line a heading, a list item, a rule or a setext underline (`>` is an entity).
_LINE_START = re.compile(r"^(?:([#+\-=])|([0-9]+)([.)]))")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def _inline(text: str) -> str:
    """Plain text as literal Markdown: no markup, no raw HTML (`<` and `>` as entities), no
    autolink."""
    text = _ENTITY.sub("&amp;", text)
    text = _INLINE.sub(lambda m: "\\" + m.group(), text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _WWW.sub(r"\1\\.", _SCHEME.sub(r"\\:", text))
    return _AT.sub("&#8288;@", text)


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def md_cell(value: Any, *, newline: str = "<br>") -> str:
    """Text from the plan in a Markdown table cell, list item or heading: escaped, on one line
    (`newline` for its line breaks), nothing at its start that would make a heading or a
    list."""
    text = _LINE_START.sub(_escape_line_start, _inline(str(value)).strip(), count=1)
    return _NEWLINES.sub(newline, text)


def md_text(value: Any) -> str:
    """Text from the plan as Markdown paragraphs: escaped, wrapped lines joined, a blank line
    between paragraphs, nothing that could start a heading or a list."""
    out = []
    for paragraph in paragraphs(value):
        line = _inline(paragraph)
        if line:
            out.append(_LINE_START.sub(_escape_line_start, line, count=1))
    return "\n\n".join(out)


def paragraphs(value: Any) -> list[str]:
    """Text as its paragraphs (split at blank lines), each on one line: wrapped lines in a
    YAML block are one paragraph, as a reader expects."""
    text = _NEWLINES.sub("\n", str(value)).strip()
    return [" ".join(p.split()) for p in _BLANK_LINES.split(text) if p.strip()]


def md_indent(depth: Any) -> str:
    """Indentation at the start of a Markdown table cell: leading spaces would be trimmed, an
    entity survives every renderer."""
    return "&emsp;" * max(int(depth), 0)
